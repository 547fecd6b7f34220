"""Making claims graphs from annotations: the TOML authoring format (``kgtool compile``) and
attribution corpora in brat standoff (``kgtool import brat``).
"""

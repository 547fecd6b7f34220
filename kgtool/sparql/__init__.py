"""SPARQL as kgtool runs it on any engine: the query library (``queries/*.rq``), the guard
that refuses updates and remote requests, parameters, results and their writers, time limits.
"""

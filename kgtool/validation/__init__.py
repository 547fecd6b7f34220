"""Checking the graph: SHACL validation (pyshacl, or the shapes as SPARQL at corpus scale) and
the coverage of an article's text by its claims.
"""

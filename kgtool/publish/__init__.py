"""The graph handed on: exports and their profiles, signed nanopublications, the VoID/DCAT
description, dereferenced resources, and pushing to a SPARQL store.
"""

"""``kgtool serve``: the Starlette application that dereferences every IRI of the graph, serves
the pages and answers SPARQL.
"""

"""``kgtool serve``: the Starlette application that dereferences every IRI of the graph, serves
the pages and answers SPARQL.

:func:`build_site` computes what is served, :func:`create_app` the application, :func:`listen`
the socket to serve it on.
"""

from kgtool.web.app import create_app, listen
from kgtool.web.site import Site, build_site

__all__ = ["Site", "build_site", "create_app", "listen"]

"""Swappable RDF engines behind one small interface.

Everything kgtool does with a graph goes through :class:`Engine` (:mod:`kgtool.engines.base`):
load a document, run a SPARQL query, dump the content. The default is Oxigraph (fast load and
query at corpus scale); rdflib is the reference; a remote SPARQL endpoint plays the same part
past one machine.
"""

from __future__ import annotations

from kgtool.engines.base import Engine
from kgtool.errors import UsageError

DEFAULT_ENGINE = "oxigraph"


def create(name: str = DEFAULT_ENGINE) -> Engine:
    if name == "oxigraph":
        from kgtool.engines.oxigraph import OxigraphEngine

        return OxigraphEngine()
    if name == "rdflib":
        from kgtool.engines.rdflib import RdflibEngine

        return RdflibEngine()
    raise UsageError(f"unknown engine {name!r}", f"use one of: {', '.join(ENGINES)}")


ENGINES = ("oxigraph", "rdflib")

__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "create"]

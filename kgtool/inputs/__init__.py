"""Reading RDF inputs (files, standard input, streams) into an engine or as quads, under the
same checks for every command: size, depth, entities, no network unless allowed.

:class:`Inputs` is the RDF to read (by default the shipped claims, with the shipped ontology
added, as every command adds it); :func:`load` reads files into an engine in one call.
"""

from kgtool.inputs.loading import DEFAULT_MAX_BYTES, SHIPPED_ONTOLOGY, Input, Inputs, load

__all__ = ["DEFAULT_MAX_BYTES", "SHIPPED_ONTOLOGY", "Input", "Inputs", "load"]

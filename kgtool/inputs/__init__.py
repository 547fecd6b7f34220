"""Reading RDF inputs (files, standard input, streams) into an engine or as quads, under the
same checks for every command: size, depth, entities, no network unless allowed.
"""

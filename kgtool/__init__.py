"""kgtool: a claim-provenance knowledge graph.

The library is usable without the command line: :mod:`kgtool.inputs.loading` reads RDF into an
engine, :mod:`kgtool.engines` holds the swappable stores, :mod:`kgtool.formats` the format
registry. :mod:`kgtool.cli.program` is a thin click layer over them.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kgtool")
except PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"

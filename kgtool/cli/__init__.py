"""The ``kgtool`` command line: a thin click layer over the library."""

from kgtool.cli.program import cli, main

__all__ = ["cli", "main"]

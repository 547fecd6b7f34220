"""kgtool's version, as installed (what User-Agent headers and provenance records name)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kgtool")
except PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"

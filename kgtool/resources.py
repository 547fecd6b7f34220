"""Where the shipped ontology, data, shapes and queries are.

In a checkout (or an editable install) they are the top-level folders of the repository; in
an installed wheel they are packed under ``kgtool/_shipped``.
"""

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_FOLDERS = ("ontology", "data", "shapes", "queries")


@cache
def shipped_root() -> Path:
    for root in (_PACKAGE / "_shipped", _PACKAGE.parent):
        if all((root / name).is_dir() for name in _FOLDERS):
            return root
    raise FileNotFoundError(f"kgtool's shipped folders are missing under {_PACKAGE}")


def ontology_file() -> Path:
    return shipped_root() / "ontology" / "proxy.ttl"


def data_file() -> Path:
    return shipped_root() / "data" / "claims.ttl"


def shapes_dir() -> Path:
    return shipped_root() / "shapes"


def queries_dir() -> Path:
    return shipped_root() / "queries"


def default_graph_files() -> list[Path]:
    """What commands load when given no data: the shipped claims with their ontology."""
    return [ontology_file(), data_file()]

"""The SHACL shapes kgtool validates with: found, parsed, checked against SHACL-for-SHACL, and
their SPARQL refused when it would reach the network or cannot parse, before any data is read."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery

from kgtool import resources
from kgtool.errors import InputError, QueryRefused
from kgtool.inputs import loading
from kgtool.inputs.offline import offline
from kgtool.sparql.guard import check_query
from kgtool.validation.report import Result, results_of

SHACL_SPEC = "see https://www.w3.org/TR/shacl/#shacl-shacl"
_SHAPES: dict[tuple, Graph] = {}  # shapes that passed the checks, by file, mtime and size


def shape_files(path: str | Path | None = None) -> list[Path]:
    """The shapes files: every ``*.ttl`` of a folder (default: the shipped shapes) or one file."""
    path = Path(path) if path else resources.shapes_dir()
    if path.is_dir():
        files = sorted(path.glob("*.ttl"))
        if not files:
            raise InputError(f"{path}: no shapes (*.ttl) in this folder", "give a shapes file or folder")
        return files
    if not path.exists():
        raise InputError(f"{path}: no such file", "check the path", options=("shapes",))
    return [path]


def load_shapes(path: str | Path | None = None) -> Graph:
    """Parse the shapes and check them against the W3C SHACL-for-SHACL shapes."""
    from pyshacl.entrypoints import meta_validate

    files = shape_files(path)
    key = tuple((str(f.resolve()), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    if key in _SHAPES:  # meta-validation takes a second: once per process and version of the files
        return _SHAPES[key]
    shapes = loading.Inputs(tuple(map(str, files)), ontology=None).graph()  # format by file name
    with offline():
        conforms, report, _ = meta_validate(shapes, inference="none", do_owl_imports=False)
    if not conforms:
        first = next(iter(sorted(results_of(report, Graph(), Graph()), key=Result.sort_key)))
        raise InputError(
            f"{', '.join(map(str, files))}: the shapes are not valid SHACL: "
            f"{first.focus_name} {first.message}",
            SHACL_SPEC,
        )
    _check_sparql(shapes, files)
    _SHAPES[key] = shapes
    return shapes


def refuse_remote(shapes: Graph, where: str) -> None:
    """Refuse SHACL-SPARQL that would reach the network (SERVICE, FROM) before pyshacl or
    Oxigraph sees it: rdflib would send the request, Oxigraph too, from Rust."""
    queries = [pair for key in (SH.select, SH.ask) for pair in shapes.subject_objects(key)]
    for constraint, query in sorted(queries):
        try:
            check_query(str(query), local=True)
        except QueryRefused as e:
            raise InputError(
                f"{where}: the SPARQL query of {constraint} is refused: {e.message}",
                "validation never queries other servers or documents",
            ) from None


def _check_sparql(shapes: Graph, files: list[Path]) -> None:
    """Parse every SHACL-SPARQL query now: pyshacl only does so when a focus node reaches it."""
    refuse_remote(shapes, ", ".join(map(str, files)))
    declared = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(declared.items()))
    for constraint, query in sorted(shapes.subject_objects(SH.select)):
        try:
            prepareQuery(header + str(query))
        except Exception as e:
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise InputError(
                f"{', '.join(map(str, files))}: the SPARQL query of {constraint} does not parse: {first}",
                "see SHACL section 5 (SPARQL-based constraints)",
            ) from None

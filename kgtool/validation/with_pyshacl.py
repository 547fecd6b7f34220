"""SHACL validation by pyshacl, the reference: the union of all inputs as one rdflib graph
(pyshacl would validate named graphs one by one and miss a violation that spans two of them).
The inputs add the ontology to the data, so that shapes can check that a claim's predicate is
declared."""

from __future__ import annotations

from rdflib import RDF, Dataset, Graph, URIRef

from kgtool.engines.rdflib import with_prepared_queries
from kgtool.errors import InputError
from kgtool.inputs.offline import offline
from kgtool.namespaces import PROXY
from kgtool.snapshot import Snapshot
from kgtool.validation.focus import OnGraph, add_snapshot
from kgtool.validation.report import Report, Result, prefixes, results_of
from kgtool.validation.shapes import SHACL_SPEC, load_shapes, refuse_remote


def validate(data: Graph, shapes: Graph | None = None, snapshot: Snapshot | None = None) -> Report:
    """Validate ``data`` against the shapes; a dataset is validated as the union of its graphs.

    With ``snapshot``, the article's text is supplied as an extra graph so that the quote check
    compares every quote with the text at its offsets.
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    shapes = load_shapes() if shapes is None else shapes
    refuse_remote(shapes, "the shapes")  # also when given as a graph, not through load_shapes
    if isinstance(data, Dataset):  # validate the union, never graph by graph
        union = Graph()
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
        data = union
    # The snapshot's text joins the data for this run only (pyshacl's ont_graph would copy
    # only ontology axioms); pyshacl runs in place, without inference, so nothing else changes.
    added = add_snapshot(OnGraph(data), snapshot) if snapshot is not None else []
    try:
        with offline():  # pyshacl must never fetch anything: no imports, no remote graphs
            _, report, _ = pyshacl.validate(
                with_prepared_queries(data),
                shacl_graph=shapes,
                inference="none",
                abort_on_first=False,
                do_owl_imports=False,
                meta_shacl=False,
                advanced=False,
                js=False,
                inplace=True,
            )
    except ReportableRuntimeError as e:
        first = str(e.message if hasattr(e, "message") else e).strip().splitlines()[0]
        raise InputError(f"the shapes cannot be run: {first}", SHACL_SPEC) from None
    finally:
        for subject, predicate, text in added:
            data.remove((subject, URIRef(predicate), text))
    for prefix, namespace in prefixes().items():
        report.bind(prefix, namespace)
    claims = sum(1 for _ in data.subjects(RDF.type, PROXY.Claim))
    return Report(report, sorted(results_of(report, data, shapes), key=Result.sort_key), claims)

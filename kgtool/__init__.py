"""kgtool: a claim-provenance knowledge graph.

Every statement of a news article as a reified RDF claim that records who said it, where in
the text, how and when; checked with SHACL; audited with SPARQL. The library is what the
``kgtool`` command runs; ``import kgtool`` gives what a Python user needs (``docs/python.md``
shows each with an example):

- :class:`Inputs`, :func:`load`: read RDF into an engine (the shipped ontology added, unless
  ``ontology=None``); :class:`Engine` is what queries it.
- :func:`run_audit`, :class:`Audit`, :func:`render_audit`: the provenance audit and its reports.
- :func:`validate`, :class:`ValidationReport`: SHACL validation.
- :func:`export`: the graph for other Linked Data tools, in a format and profile.
- :func:`read_snapshot`, :func:`compile_annotations`, :func:`draft`: make claims from an
  article's text, by hand or drafted for review.
- :func:`compile_assessments`, :func:`check_grades`: analysts' grades of sources and claims,
  recorded apart from the claims and checked against the evidence.
- The errors: :class:`KgtoolError` and its kinds (exit code 2), :class:`DataProblem` (1).

Each is imported when first used, so that ``import kgtool`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from kgtool.version import __version__

if TYPE_CHECKING:
    from kgtool.assessment.evidence import check_engine as check_grades
    from kgtool.assessment.recording import compile_assessments
    from kgtool.audit.run import Audit, run_audit
    from kgtool.authoring.annotations import compile_annotations
    from kgtool.drafting import draft
    from kgtool.engines.base import Engine
    from kgtool.errors import (
        DataProblem,
        EndpointError,
        InputError,
        KgtoolError,
        NetworkRefused,
        QueryError,
        UsageError,
        VocabularyMissing,
    )
    from kgtool.html.audit_page import render_audit
    from kgtool.inputs.loading import Inputs, load
    from kgtool.publish.export import export
    from kgtool.snapshot import read_snapshot
    from kgtool.validation import validate_files as validate
    from kgtool.validation.report import Report as ValidationReport

#: Each public name: the module that defines it, and its name there.
_EXPORTS: dict[str, tuple[str, str]] = {
    "Inputs": ("kgtool.inputs.loading", "Inputs"),
    "load": ("kgtool.inputs.loading", "load"),
    "Engine": ("kgtool.engines.base", "Engine"),
    "Audit": ("kgtool.audit.run", "Audit"),
    "run_audit": ("kgtool.audit.run", "run_audit"),
    "render_audit": ("kgtool.html.audit_page", "render_audit"),
    "validate": ("kgtool.validation", "validate_files"),
    "ValidationReport": ("kgtool.validation.report", "Report"),
    "export": ("kgtool.publish.export", "export"),
    "read_snapshot": ("kgtool.snapshot", "read_snapshot"),
    "compile_annotations": ("kgtool.authoring.annotations", "compile_annotations"),
    "draft": ("kgtool.drafting", "draft"),
    "compile_assessments": ("kgtool.assessment.recording", "compile_assessments"),
    "check_grades": ("kgtool.assessment.evidence", "check_engine"),
    **{
        name: ("kgtool.errors", name)
        for name in (
            "KgtoolError",
            "UsageError",
            "InputError",
            "NetworkRefused",
            "QueryError",
            "EndpointError",
            "VocabularyMissing",
            "DataProblem",
        )
    },
}

__all__ = [
    "Audit",
    "DataProblem",
    "EndpointError",
    "Engine",
    "InputError",
    "Inputs",
    "KgtoolError",
    "NetworkRefused",
    "QueryError",
    "UsageError",
    "ValidationReport",
    "VocabularyMissing",
    "__version__",
    "check_grades",
    "compile_annotations",
    "compile_assessments",
    "draft",
    "export",
    "load",
    "read_snapshot",
    "render_audit",
    "run_audit",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kgtool' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # once imported, an attribute like any other
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

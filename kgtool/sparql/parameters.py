"""Query parameters: typed on the command line, bound as RDF terms, never pasted into query text."""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import Literal, URIRef

from kgtool.errors import UsageError
from kgtool.namespaces import PREFIXES, compact
from kgtool.sparql.results import Term

# SPARQL/Turtle IRIREF: no spaces, angle brackets, quotes, braces, pipes, carets, backticks,
# backslashes or control characters; and an absolute IRI has a scheme.
_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\]*$')
_LITERAL = re.compile(
    r'^"(?P<text>.*)"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<(?P<dt>[^>]*)>)?$', re.S
)
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def is_absolute_iri(value: str) -> bool:
    return bool(_IRI.match(value))


def iri(value: str) -> URIRef:
    if not is_absolute_iri(value):
        raise UsageError(
            f"{value!r} is not a valid absolute IRI",
            "give an IRI such as https://w3id.org/kgtool/id/entity/khamenei",
        )
    return URIRef(value)


def parse_term(value: str) -> Term:
    """``<iri>``, a bare absolute IRI or a prefixed name kgtool prints (``entity:khamenei``,
    see :data:`kgtool.namespaces.PREFIXES`) is an IRI; ``"text"``, ``"text"@en``,
    ``"1"^^<dt>`` or anything else is a literal."""
    if value.startswith("<") and value.endswith(">"):
        return iri(value[1:-1])
    if re.match(r"^(https?|urn|file|mailto|tag):", value):
        return iri(value)
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES:
        return iri(PREFIXES[prefix] + local)
    match = _LITERAL.match(value)
    if match:
        if match["dt"] is not None:
            return Literal(match["text"], datatype=iri(match["dt"]))
        return Literal(match["text"], lang=match["lang"])
    return Literal(value)


def parse_params(pairs: tuple[str, ...] | list[str]) -> dict[str, Term]:
    """``NAME=VALUE`` pairs as bindings."""
    bindings: dict[str, Term] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not _NAME.match(name):
            raise UsageError(
                f"parameter {pair!r} is not NAME=VALUE", "e.g. entity=<IRI>", options=("params",)
            )
        bindings[name] = parse_term(value)
    return bindings


def check_declared(bindings: dict[str, Term], query: str, declared: dict[str, str]) -> None:
    """Refuse a query run without a parameter it declares (``#+ param:``): its variable would
    stay unbound and the query answer for every value at once (every source's claims, not
    the one asked about), with exit 0."""
    missing = [name for name in declared if name not in bindings]
    if missing:
        raise UsageError(
            f"query {query} needs the parameter{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            "give " + " and ".join(f"{name}=VALUE" for name in missing),
            options=("params",),
        )


def check_mentioned(bindings: dict[str, Term], mentions: Callable[[URIRef], bool]) -> None:
    """Refuse an IRI parameter that no triple of the graph mentions (``mentions``, e.g. an
    engine's): a misspelt IRI would otherwise give 0 rows and exit 0, as if the graph had
    nothing to say about it."""
    for name, term in bindings.items():
        if isinstance(term, URIRef) and not mentions(term):
            raise UsageError(
                f"parameter {name}={compact(str(term))}: no triple of the graph mentions <{term}>",
                "check the IRI given",
                options=("params",),
                commands=("query claims-by-status", "query sources"),
            )


def values_block(bindings: dict[str, Term]) -> str:
    """A SPARQL VALUES clause holding the bindings (for remote endpoints, which take no
    initBindings). Terms are written in their escaped N-Triples form, so they stay inert."""
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    return f"\nVALUES ({names}) {{ ({' '.join(map(_sparql_term, bindings.values()))}) }}\n"


def with_values(sparql: str, bindings: dict[str, Term]) -> str:
    """The query with the bindings' VALUES block at the end of its outermost group, not after
    the query: Virtuoso 7.2 ignores a trailing VALUES for a variable bound inside a UNION branch
    that also BINDs (queries/claims-about-entity.rq), and the two mean the same when, as in
    the library, every parameter is projected."""
    block = values_block(bindings)
    if not block:
        return sparql
    end = _blanked(sparql).rfind("}")
    if end < 0:
        raise UsageError("the query has no group pattern { ... } to bind parameters in")
    return sparql[:end] + block + sparql[end:]


# Strings, IRIs (with their \u escapes) and comments, which may hold a "}" that ends nothing.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"
    r"|#[^\n]*",
)


def _blanked(sparql: str) -> str:
    """The text with strings, IRIs and comments blanked out, every offset kept."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), sparql)


def _sparql_term(term: Term) -> str:
    if isinstance(term, URIRef):
        return f"<{iri(str(term))}>"
    if not isinstance(term, Literal):
        raise UsageError(f"cannot bind {term!r}", "bind an IRI or a literal")
    text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype:
        return f'"{text}"^^<{iri(str(term.datatype))}>'
    return f'"{text}"'

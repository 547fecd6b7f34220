"""SHACL shapes turned into SPARQL queries, run on Oxigraph: validation at corpus scale.

pyshacl stays the reference validator; it walks focus nodes one by one in Python and does not
reach 100,000 claims. This module reads the shapes graph and generates, for every constraint of
every targeted shape, one SELECT query that returns all its results at once (focus node, value,
path), so that the engine joins and groups instead of looping. Nothing is written by hand: the
queries come from the ``shapes/`` files. Every shape of the shapes graph is checked against the
list of constructs the generator knows before anything runs, and one it does not know raises
:class:`Unsupported` naming the construct and the shape (never a silent skip). The tests compare
its results with pyshacl's on the shipped data, every fixture, generated corpora and the W3C
SHACL Core test suite.

Linear shape: counts are grouped once per constraint, and "is (not) an instance of / does (not)
conform to" is a join against a subquery computed once, never a ``FILTER (NOT) EXISTS`` per
focus node (Oxigraph evaluates some of those quadratically).

``sh:datatype`` of a literal the engine cannot parse ("aldi"^^xsd:integer) is a result, as in
pyshacl: the engine's casts tell a well-formed value, and a candidate the engine doubts is judged
by rdflib in Python (pyshacl's judge). Where no Python can run (a check nested in another shape)
and where the store has lost how a literal was written (``sh:pattern`` of "1.50"^^xsd:decimal,
read back as "1.5"), a guard query finds the literals at stake and the run stops with a refusal
naming them instead of a guess.

Oxigraph stores every integer type (``xsd:nonNegativeInteger`` ...) as ``xsd:integer``: a check
of an integer datatype on one property leaves a place (:data:`WRITTEN`) for the integers written
otherwise, filled once the data is loaded (:func:`written_test`, from
:mod:`kgtool.validation.written`), and its rows are judged as written. Where the written forms
cannot be looked up, or a literal is a number to the store and not to rdflib (or the reverse)
and a shape compares values, the run stops (a check with ``blind`` set says which).
"""

from __future__ import annotations

import itertools
import logging
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS, SH, XSD
from rdflib.term import Node

XSDNS = str(XSD)
RDFS_SUBCLASS = f"<{RDFS.subClassOf}>"
# Oxigraph canonicalises these to xsd:integer: checked as an integer in the type's range.
_INTEGER_RANGES: dict[str, str] = {
    "integer": "true",
    "nonNegativeInteger": "?v >= 0",
    "positiveInteger": "?v > 0",
    "nonPositiveInteger": "?v <= 0",
    "negativeInteger": "?v < 0",
    "long": "?v >= -9223372036854775808 && ?v <= 9223372036854775807",
    "int": "?v >= -2147483648 && ?v <= 2147483647",
    "short": "?v >= -32768 && ?v <= 32767",
    "byte": "?v >= -128 && ?v <= 127",
    "unsignedLong": "?v >= 0 && ?v <= 18446744073709551615",
    "unsignedInt": "?v >= 0 && ?v <= 4294967295",
    "unsignedShort": "?v >= 0 && ?v <= 65535",
    "unsignedByte": "?v >= 0 && ?v <= 255",
}
# A typed literal Oxigraph could not parse is kept as an opaque term, which the cast to its own
# type turns into an error: sameTerm(xsd:T(?v), ?v) holds for well-formed values only. These are
# the types Oxigraph parses and casts; a literal of another type is judged in Python.
_CAST = {
    "boolean",
    "decimal",
    "float",
    "double",
    "date",
    "dateTime",
    "time",
    "duration",
    "dayTimeDuration",
    "yearMonthDuration",
    "gYear",
    "gYearMonth",
    "gMonth",
    "gDay",
    "gMonthDay",
}
# A literal whose written form the store may have replaced by another than rdflib's (pyshacl's):
# its sh:pattern, sh:minLength and sh:maxLength cannot be judged ("1.50"^^xsd:decimal is read
# back as "1.5"). A date or time has one written form unless it has a time zone ("+00:00" is read
# back as "Z"), fractional seconds, or is midnight (which may have been written as hour 24).
_REWRITTEN = (
    "isLiteral(?v) && (datatype(?v) IN ({}) || datatype(?v) IN ({}) && "
    "REGEX(STR(?v), '[.Z]|(^|T)00:00:00|[+-][0-9][0-9]:[0-9][0-9]$'))"
).format(
    *(
        ", ".join(f"<{XSDNS}{t}>" for t in types)
        for types in (
            (
                "decimal",
                "float",
                "double",
                "duration",
                "dayTimeDuration",
                "yearMonthDuration",
                "dateTimeStamp",
            ),
            ("date", "dateTime", "time", "gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay"),
        )
    )
)
# Literals of these types are stored as values: the store does not keep how they were written,
# and its canonical form is not rdflib's (xsd:boolean, whose forms agree, is left out).
_CANONICAL = {XSD[t] for t in (*_CAST, *_INTEGER_RANGES, "dateTimeStamp") if t != "boolean"}
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_HANDLED = {
    SH.path,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.property,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH["in"],
    SH.hasValue,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.flags,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.nodeKind,
    SH["or"],
    SH.xone,
    SH["and"],
    SH.node,
    SH.sparql,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.deactivated,
    SH.defaultValue,
    SH.minInclusive,
    SH.minExclusive,
    SH.maxInclusive,
    SH.maxExclusive,
    SH.languageIn,
    SH["not"],
    SH.closed,
    SH.ignoredProperties,
}


class Unsupported(Exception):
    """The shapes use a construct the translator does not handle (say which, never skip it)."""


def _n3(node: Node) -> str:
    if isinstance(node, BNode):
        raise Unsupported(f"a blank node {node} used as a constant")
    return node.n3()


@dataclass(frozen=True)
class ShapeCheck:
    """One constraint as one query: each row is one validation result."""

    shape: Node
    component: URIRef
    severity: URIRef
    path: Node | None  # the sh:path node of a property shape (None for a node shape)
    message: str
    query: str
    constraint: Node | None = None  # the sh:sparql constraint node
    # sh:datatype: a row whose ?typed is true has this datatype and is a result only if rdflib
    # finds the literal ill-typed
    datatype: URIRef | None = None
    # a guard: any row means the check cannot be judged on this data (see _REWRITTEN)
    guard: bool = False
    # sh:datatype of an integer type on this property: the query's WRITTEN token is replaced,
    # once the data is loaded, by the test of the integers written otherwise (see written_test)
    written_path: URIRef | None = None
    # no query: a check that cannot see the literals as written. With a datatype, sh:datatype of
    # an integer type where no written form can be looked up (a path that is not one property, a
    # shape inside another): the run stops if an integer is written otherwise. Without, a
    # comparison of values: the run stops if a literal is one to the store and not to rdflib
    blind: bool = False


@dataclass(frozen=True)
class Clause:
    """One constraint of a shape as a graph pattern: each solution binding ``?this`` is a result.
    What the query around it must project is said here, not searched for in the pattern."""

    component: URIRef
    shape: Node  # the shape the constraint belongs to (the result's source shape)
    pattern: str
    value: str = ""  # the variable of the value node, if the result has one
    names_component: bool = False  # binds ?component: a min and a max count checked at once
    judged_as: URIRef | None = None  # sh:datatype: binds ?typed, judged by rdflib as this type
    constraint: Node | None = None  # the sh:sparql constraint node
    written_path: URIRef | None = None  # see ShapeCheck


class _Names:
    def __init__(self) -> None:
        self.counter = itertools.count()

    def __call__(self, stem: str) -> str:
        return f"?{stem}{next(self.counter)}"


class Translator:
    """Turns a shapes graph into :class:`ShapeCheck` queries."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.new = _Names()
        self.nested = 0  # > 0 while translating a shape inside sh:node, sh:or ...: no Python
        # checks the engine cannot judge on every input: (shape, parameter, pattern of the
        # values it cannot judge, for sh:datatype the datatype rdflib judges them by)
        self.guards: list[tuple[Node, URIRef, str, URIRef | None]] = []
        # checks that cannot see the literals as written: (shape, parameter, for sh:datatype of
        # an integer type its datatype; None for a comparison of values)
        self.blind: list[tuple[Node, URIRef, URIRef | None]] = []

    # --- paths, messages, severities -----------------------------------------------------

    def path(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return node.n3()
        if (node, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in Collection(self.g, node)) + ")"
        for key, wrap in (
            (SH.inversePath, "^({})"),
            (SH.zeroOrMorePath, "({})*"),
            (SH.oneOrMorePath, "({})+"),
            (SH.zeroOrOnePath, "({})?"),
        ):
            inner = self.g.value(node, key)
            if inner is not None:
                return wrap.format(self.path(inner))
        alternatives = self.g.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(p) for p in Collection(self.g, alternatives)) + ")"
        raise Unsupported(f"the SHACL path {node} is not one the translator knows")

    def message(self, *nodes: Node | None) -> str:
        for node in nodes:
            if node is not None:
                messages = sorted(str(m) for m in self.g.objects(node, SH.message))
                if messages:
                    return messages[0]
        return ""

    def severity(self, shape: Node) -> URIRef:
        severity = self.g.value(shape, SH.severity)
        return severity if isinstance(severity, URIRef) else SH.Violation

    def check_known(self, shape: Node) -> None:
        for p in sorted(set(self.g.predicates(shape, None)), key=str):  # others: annotations
            if str(p).startswith(str(SH)) and p not in _HANDLED:
                raise Unsupported(
                    f"{self.shape_name(shape)} uses {_name(p)}, which the SPARQL method does not handle"
                )
        # sh:in and sh:hasValue compare terms as written; the store keeps a number or a date
        # only as a value ("1.0"^^xsd:decimal is "1"), so such a constant cannot be compared
        constants = [*self.g.objects(shape, SH.hasValue)]
        constants += [m for members in self.g.objects(shape, SH["in"]) for m in Collection(self.g, members)]
        for constant in constants:
            if isinstance(constant, Literal) and constant.datatype in _CANONICAL:
                raise Unsupported(
                    f"{self.shape_name(shape)} compares values with the literal "
                    f"{constant.n3()} (sh:in / sh:hasValue), which the SPARQL "
                    "method cannot tell from another way of writing it"
                )

    def shape_name(self, shape: Node | None) -> str:
        """A shape as an error message names it; a blank node by its path and its parent."""
        if not isinstance(shape, BNode):
            return _name(shape) if shape is not None else "a shape"
        path = self.g.value(shape, SH.path)
        what = "the blank node shape"
        if path is not None:
            what = f"the property shape on {_name(path) if isinstance(path, URIRef) else 'a path'}"
        parent = self.g.value(None, SH.property, shape)
        return f"{what} of {_name(parent)}" if isinstance(parent, URIRef) else what

    def shapes(self) -> set[Node]:
        """Every node the shapes graph makes a shape, as pyshacl finds them: declared, targeted,
        with a property or node shape of its own, or used as one."""
        g = self.g
        found = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in g.subjects(RDF.type, kind)}
        found |= {s for p in (*_TARGETS, SH.property, SH.node) for s in g.subjects(p, None)}
        found |= {
            o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for o in g.objects(None, p)
        }
        found |= {
            m
            for p in (SH["and"], SH["or"], SH.xone)
            for members in g.objects(None, p)
            for m in Collection(g, members)
        }
        return found

    def is_class(self, shape: Node) -> bool:
        """A shape that is also a class targets its instances (implicit class target): typed
        rdfs:Class, owl:Class or a class the shapes graph declares a subclass of rdfs:Class (as
        pyshacl reads it: it adds owl:Class rdfs:subClassOf rdfs:Class, and looks one step)."""
        classes = {RDFS.Class, OWL.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}
        return any(t in classes for t in self.g.objects(shape, RDF.type))

    def check_all(self) -> None:
        """Refuse before running when any active shape uses a construct this module does not
        translate, targeted or not (a shape reached only through another one counts too)."""
        # parameters of SPARQL-based constraint components declared in the shapes graph
        custom = {
            path: component
            for component in self.g.subjects(RDF.type, SH.ConstraintComponent)
            for parameter in self.g.objects(component, SH.parameter)
            for path in self.g.objects(parameter, SH.path)
        }
        # and what only looks like a shape (a path, a SHACL-AF target): refused, never ignored
        scanned = self.shapes() | {s for p in (SH.path, SH.target) for s in self.g.subjects(p, None)}
        for shape in sorted(scanned, key=str):
            if self.g.value(shape, SH.deactivated) == Literal(True):
                continue
            self.check_known(shape)
            for p in sorted(set(self.g.predicates(shape, None)) & set(custom), key=str):
                raise Unsupported(
                    f"{self.shape_name(shape)} uses {_name(p)}, a parameter of the "
                    f"constraint component {_name(custom[p])}, which the SPARQL "
                    "method does not handle"
                )

    # --- focus nodes ---------------------------------------------------------------------

    def targets(self, shape: Node, this: str) -> str | None:
        parts = []
        for c in self.g.objects(shape, SH.targetClass):
            parts.append(f"{this} a/{RDFS_SUBCLASS}* {_n3(c)} .")
        for p in self.g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{this} {_n3(p)} [] .")
        for p in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"[] {_n3(p)} {this} .")
        for n in self.g.objects(shape, SH.targetNode):
            parts.append(f"VALUES {this} {{ {_n3(n)} }}")
        if self.is_class(shape):
            parts.append(f"{this} a/{RDFS_SUBCLASS}* {_n3(shape)} .")
        if not parts:
            return None
        union = " UNION ".join("{ " + p + " }" for p in parts)
        return f"{{ SELECT DISTINCT {this} WHERE {{ {union} }} }}"

    # --- results of one shape on given focus nodes -----------------------------------------

    def results(self, shape: Node, focus: str, this: str) -> Iterator[Clause]:
        """(component, source shape, pattern, value variable or '') for every constraint of
        ``shape`` on the focus nodes bound to ``this`` by the pattern ``focus``."""
        if self.g.value(shape, SH.deactivated) == Literal(True):
            return
        self.check_known(shape)
        path_node = self.g.value(shape, SH.path)
        if path_node is None:
            yield from self.value_results(shape, focus, this, this, "")
            for prop in self.g.objects(shape, SH.property):
                yield from self.results(prop, focus, this)
            return
        path = self.path(path_node)
        value = self.new("v")
        values = f"{focus} {this} {path} {value} ."
        yield from self.value_results(shape, values, this, value, path, focus)
        yield from self.count_results(shape, focus, this, path)
        for prop in self.g.objects(shape, SH.property):
            # the value nodes are the focus nodes of the inner property shape, and its results
            # name them; inside another shape they would have to count for their own focus
            if self.nested:
                raise Unsupported(
                    f"{self.shape_name(shape)}: sh:property under a property shape "
                    "inside sh:node, sh:or ... is not handled"
                )
            parent = self.new("f")
            inner = (
                f"{{ SELECT DISTINCT {this} WHERE {{ {_rebind(focus, this, parent)} "
                f"{parent} {path} {this} . }} }}"
            )
            yield from self.results(prop, inner, this)

    def count_results(self, shape: Node, focus: str, this: str, path: str) -> Iterator[Clause]:
        v, n = self.new("v"), self.new("n")
        counted = (
            f"{{ SELECT {this} (COUNT(DISTINCT {v}) AS {n}) WHERE {{ {focus} "
            f"OPTIONAL {{ {this} {path} {v} }} }} GROUP BY {this} }}"
        )
        yield from self.bounds(
            shape,
            counted,
            n,
            SH.minCount,
            SH.maxCount,
            SH.MinCountConstraintComponent,
            SH.MaxCountConstraintComponent,
        )
        for key, component in ((SH.hasValue, SH.HasValueConstraintComponent),):
            for expected in self.g.objects(shape, key):
                ok = self.new("ok")
                yield Clause(
                    component,
                    shape,
                    (
                        f"{focus} OPTIONAL {{ SELECT {this} (true AS {ok}) WHERE {{ "
                        f"{this} {path} {_n3(expected)} }} }} FILTER (!BOUND({ok}))"
                    ),
                    "",
                )
        qualified = self.g.value(shape, SH.qualifiedValueShape)
        if qualified is not None:
            v, ok, n, bad = self.new("v"), self.new("ok"), self.new("n"), self.new("x")
            conforming = (
                f"{{ SELECT DISTINCT {this} {v} WHERE {{ {focus} {this} {path} {v} . "
                f"OPTIONAL {{ {self.violators(qualified, f'{focus} {this} {path} {bad} .', bad)} "
                f"BIND ({bad} AS {v}) BIND (true AS {ok}) }} FILTER (!BOUND({ok})) }} }}"
            )
            counted = (
                f"{{ SELECT {this} (COUNT(DISTINCT {v}) AS {n}) WHERE {{ {focus} "
                f"OPTIONAL {{ {conforming} }} }} GROUP BY {this} }}"
            )
            yield from self.bounds(
                shape,
                counted,
                n,
                SH.qualifiedMinCount,
                SH.qualifiedMaxCount,
                SH.QualifiedMinCountConstraintComponent,
                SH.QualifiedMaxCountConstraintComponent,
            )

    def bounds(
        self, shape: Node, counted: str, n: str, low_key: URIRef, high_key: URIRef, low: URIRef, high: URIRef
    ) -> Iterator[Clause]:
        """Min and max of one count in one query (grouping once): each row says which failed."""
        low_limit, high_limit = self.g.value(shape, low_key), self.g.value(shape, high_key)
        tests = []
        if low_limit is not None:
            tests.append((f"{n} < {_integer(low_limit)}", low))
        if high_limit is not None:
            tests.append((f"{n} > {_integer(high_limit)}", high))
        if not tests:
            return
        condition = " || ".join(t for t, _ in tests)
        which = (
            tests[0][1].n3()
            if len(tests) == 1
            else f"IF({tests[0][0]}, {tests[0][1].n3()}, {tests[1][1].n3()})"
        )
        yield Clause(
            tests[0][1],
            shape,
            f"{counted} FILTER ({condition}) BIND ({which} AS ?component)",
            names_component=True,
        )

    def value_results(
        self, shape: Node, values: str, this: str, v: str, path: str, focus: str = ""
    ) -> Iterator[Clause]:
        """Constraints checked on each value node (the focus itself for a node shape)."""
        g = self.g

        def per_value(condition: str) -> str:
            return f"{values} FILTER ({condition.replace('?v', v)})"

        for datatype in g.objects(shape, SH.datatype):
            if not isinstance(datatype, URIRef):
                raise Unsupported(f"{self.shape_name(shape)}: sh:datatype {datatype} is not an IRI")
            typed, well_formed = self.datatype_test(datatype)
            integers = _integer_type(datatype)
            path_node = g.value(shape, SH.path)
            # the one property whose triples give the value nodes: their written forms are known
            prop = path_node if integers and isinstance(path_node, URIRef) and not self.nested else None
            if integers and prop is None:
                self.blind.append((shape, SH.datatype, datatype))
            if not self.nested:  # a typed candidate the engine doubts goes to the Python judge
                written = f" || {WRITTEN}(?v)" if prop is not None else ""
                yield Clause(
                    SH.DatatypeConstraintComponent,
                    shape,
                    (
                        per_value(f"!({typed} && {well_formed}){written}")
                        + f" BIND (({typed.replace('?v', v)}) AS ?typed)"
                    ),
                    v,
                    judged_as=datatype,
                    written_path=prop,
                )
                continue
            # in a subquery the engine's word stands (a type it cannot parse: well-formed), and
            # a guard stops the run where rdflib would say otherwise
            if well_formed != "true":
                self.guards.append((shape, SH.datatype, per_value(f"{typed} && !({well_formed})"), datatype))
            engine = well_formed if _engine_judges(datatype) else "true"
            yield Clause(SH.DatatypeConstraintComponent, shape, per_value(f"!({typed} && {engine})"), v)
        for kind in g.objects(shape, SH.nodeKind):
            yield Clause(SH.NodeKindConstraintComponent, shape, per_value(f"!({_node_kind(kind)})"), v)
        for key, test, component in (
            (SH.minLength, "STRLEN(STR(?v)) >= {}", SH.MinLengthConstraintComponent),
            (SH.maxLength, "STRLEN(STR(?v)) <= {}", SH.MaxLengthConstraintComponent),
        ):
            for limit in g.objects(shape, key):
                self.guards.append((shape, key, per_value(_REWRITTEN), None))
                yield Clause(
                    component,
                    shape,
                    per_value(f"isBlank(?v) || !COALESCE({test.format(_integer(limit))}, false)"),
                    v,
                )
        for pattern in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            args = f"{Literal(str(pattern)).n3()}" + (f", {Literal(str(flags)).n3()}" if flags else "")
            if not _regex_runs(args):  # Oxigraph's regular expressions are not Python's
                raise Unsupported(
                    f"{self.shape_name(shape)} uses sh:pattern {args}, which "
                    "Oxigraph cannot run (a look-around, a back-reference ...?)"
                )
            self.guards.append((shape, SH.pattern, per_value(_REWRITTEN), None))
            yield Clause(
                SH.PatternConstraintComponent,
                shape,
                per_value(f"isBlank(?v) || !COALESCE(REGEX(STR(?v), {args}), false)"),
                v,
            )
        for members in g.objects(shape, SH["in"]):
            # SHACL compares terms, not values: sameTerm, not IN (which is =)
            allowed = " || ".join(f"sameTerm(?v, {_n3(m)})" for m in Collection(g, members))
            yield Clause(SH.InConstraintComponent, shape, per_value(f"!({allowed or 'false'})"), v)
        for key, op, component in (
            (SH.minInclusive, ">=", SH.MinInclusiveConstraintComponent),
            (SH.minExclusive, ">", SH.MinExclusiveConstraintComponent),
            (SH.maxInclusive, "<=", SH.MaxInclusiveConstraintComponent),
            (SH.maxExclusive, "<", SH.MaxExclusiveConstraintComponent),
        ):
            for limit in g.objects(shape, key):  # incomparable values are results too
                self.blind.append((shape, key, None))
                yield Clause(component, shape, per_value(f"!COALESCE(?v {op} {_n3(limit)}, false)"), v)
        for tags in g.objects(shape, SH.languageIn):
            matches = " || ".join(
                f"langMatches(lang(?v), {Literal(str(t)).n3()})" for t in Collection(g, tags)
            )
            yield Clause(
                SH.LanguageInConstraintComponent,
                shape,
                per_value(f"!(isLiteral(?v) && ({matches or 'false'}))"),
                v,
            )
        for cls in g.objects(shape, SH["class"]):
            ok = self.new("ok")
            yield Clause(
                SH.ClassConstraintComponent,
                shape,
                (
                    f"{values} OPTIONAL {{ SELECT DISTINCT {v} (true AS {ok}) WHERE {{ "
                    f"{v} a/{RDFS_SUBCLASS}* {_n3(cls)} }} }} FILTER (!BOUND({ok}))"
                ),
                v,
            )
        if not path:  # sh:hasValue on a node shape: the focus node is the value
            for expected in g.objects(shape, SH.hasValue):
                yield Clause(
                    SH.HasValueConstraintComponent, shape, per_value(f"!sameTerm(?v, {_n3(expected)})"), ""
                )
        for key, op, component in (
            (SH.lessThan, "<", SH.LessThanConstraintComponent),
            (SH.lessThanOrEquals, "<=", SH.LessThanOrEqualsConstraintComponent),
        ):
            for other in g.objects(shape, key):
                self.blind.append((shape, key, None))
                o = self.new("o")
                yield Clause(
                    component,
                    shape,
                    (f"{values} {this} {_n3(other)} {o} . FILTER (!COALESCE({v} {op} {o}, false))"),
                    v,
                )
        for key, component, condition in (
            (SH.node, SH.NodeConstraintComponent, "BOUND({})"),
            (SH["not"], SH.NotConstraintComponent, "!BOUND({})"),
        ):
            for inner in g.objects(shape, key):
                clause, violated = self.verdict(inner, values, v)
                yield Clause(component, shape, f"{values} {clause} FILTER ({condition.format(violated)})", v)
        for key, component in (
            (SH["or"], SH.OrConstraintComponent),
            (SH.xone, SH.XoneConstraintComponent),
            (SH["and"], SH.AndConstraintComponent),
        ):
            for members in g.objects(shape, key):
                verdicts = []
                joined = values
                for member in Collection(g, members):
                    clause, violated = self.verdict(member, values, v)
                    joined += f" {clause}"
                    verdicts.append(violated)
                if key == SH["or"]:  # every member violated
                    condition = " && ".join(f"BOUND({f})" for f in verdicts)
                elif key == SH["and"]:  # some member violated
                    condition = " || ".join(f"BOUND({f})" for f in verdicts)
                else:  # not exactly one member conforms
                    condition = " + ".join(f"IF(BOUND({f}), 0, 1)" for f in verdicts) + " != 1"
                yield Clause(component, shape, f"{joined} FILTER ({condition})", v)
        if g.value(shape, SH.closed) == Literal(True):
            yield Clause(SH.ClosedConstraintComponent, shape, self.closed(shape, values, v, path), "?o")
        for constraint in g.objects(shape, SH.sparql):
            self.blind.append((shape, SH.sparql, None))
            if path:
                raise Unsupported(f"{self.shape_name(shape)}: sh:sparql on a property shape is not handled")
            yield Clause(
                SH.SPARQLConstraintComponent,
                shape,
                self.sparql(constraint, values, this),
                "?value",
                constraint=constraint,
            )

    def closed(self, shape: Node, values: str, v: str, path: str) -> str:
        """sh:closed: every triple of the focus node whose predicate is neither the path of one
        of the shape's property shapes nor ignored; the row names it (?path, ?o)."""
        if path:
            raise Unsupported(f"{self.shape_name(shape)}: sh:closed on a property shape is not handled")
        allowed = {self.g.value(p, SH.path) for p in self.g.objects(shape, SH.property)}
        for ignored in self.g.objects(shape, SH.ignoredProperties):
            allowed |= set(Collection(self.g, ignored))
        listed = ", ".join(sorted(a.n3() for a in allowed if isinstance(a, URIRef)))
        return f"{values} {v} ?path ?o . FILTER (?path NOT IN ({listed}))"

    def verdict(self, inner: Node, values: str, v: str) -> tuple[str, str]:
        """An OPTIONAL clause for ``values`` and the variable it binds when the value node
        ``v`` violates the shape ``inner`` (joined against its violators, computed once)."""
        bad, violated = self.new("x"), self.new("ok")
        return (
            f"OPTIONAL {{ {self.violators(inner, _rebind(values, v, bad), bad)} "
            f"BIND ({bad} AS {v}) BIND (true AS {violated}) }}"
        ), violated

    def datatype_test(self, datatype: Node) -> tuple[str, str]:
        """(a literal of the datatype as the store holds it, a well-formed one as far as the
        engine can tell), two SPARQL conditions on ?v."""
        local = str(datatype)[len(XSDNS) :] if str(datatype).startswith(XSDNS) else None
        if local in _INTEGER_RANGES:
            return (  # D itself: a form the store could not read, for rdflib to judge
                f"isLiteral(?v) && datatype(?v) IN (<{XSDNS}integer>, {_n3(datatype)})",
                f"COALESCE(sameTerm(<{XSDNS}integer>(?v), ?v) && {_INTEGER_RANGES[local]}, false)",
            )
        if datatype == RDF.langString:
            return "isLiteral(?v) && lang(?v) != ''", "true"
        if datatype == RDFS.Literal:  # every literal, as pyshacl says
            return "isLiteral(?v)", "true"
        if datatype == RDFS.Datatype:  # rdflib tells a plain literal from an xsd:string one
            raise Unsupported("sh:datatype rdfs:Datatype is not handled")
        typed = f"isLiteral(?v) && datatype(?v) = {_n3(datatype)} && lang(?v) = ''"
        if local == "string":
            return typed, "true"
        if local in _CAST:
            return typed, f"COALESCE(sameTerm({_n3(datatype)}(?v), ?v), false)"
        return typed, "false"  # the engine cannot tell: every literal of the type is doubted

    def sparql(self, constraint: Node, focus: str, this: str) -> str:
        if self.g.value(constraint, SH.deactivated) == Literal(True):
            return f"{focus} FILTER (false)"
        select = self.g.value(constraint, SH.select)
        owner = self.shape_name(self.g.value(None, SH.sparql, constraint))
        if select is None:
            raise Unsupported(f"a SPARQL constraint of {owner} has no sh:select")
        text = str(select)
        if re.search(r"\$(?!this\b)\w+", text) or "$shapesGraph" in text or "$currentShape" in text:
            raise Unsupported(
                f"the SPARQL constraint of {owner}: pre-bound variables other than $this are not handled"
            )
        text = re.sub(r"\$this\b", this, text)
        return f"{focus} {{ {text} }}"

    def prefixes(self) -> str:
        declared = {
            str(self.g.value(d, SH.prefix)): str(self.g.value(d, SH.namespace))
            for d in self.g.objects(None, SH.declare)
        }
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(declared.items()))

    # --- nodes violating a shape (for sh:node, sh:or, sh:xone, qualified shapes) -----------

    def violators(self, shape: Node, candidates: str, var: str) -> str:
        """A subquery binding ``var`` to every candidate that does not conform to ``shape``."""
        self.nested += 1
        try:
            branches = [clause.pattern for clause in self.results(shape, candidates, var)]
        finally:
            self.nested -= 1
        if not branches:
            return f"{{ SELECT {var} WHERE {{ {candidates} FILTER (false) }} }}"
        union = " UNION ".join(f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT {var} WHERE {{ {union} }} }}"

    # --- the checks ----------------------------------------------------------------------

    def checks(self) -> list[ShapeCheck]:
        self.check_all()
        prefixes = self.prefixes()
        found = []
        targeted = {s for p in _TARGETS for s in self.g.subjects(p, None)}
        targeted |= {s for s in self.shapes() if self.is_class(s)}
        for shape in sorted(targeted, key=str):
            focus = self.targets(shape, "?this")
            for clause in self.results(shape, focus or "", "?this"):
                source = clause.shape
                project = "?this"
                if clause.component == SH.SPARQLConstraintComponent:
                    project = "*"
                elif clause.value:
                    project += f" ({clause.value} AS ?value)"
                elif clause.names_component:
                    project += " ?component"
                if clause.component == SH.ClosedConstraintComponent:
                    project += " ?path"
                if clause.judged_as is not None:
                    project += " ?typed"
                query = f"{prefixes}SELECT {project} WHERE {{ {clause.pattern} }}"
                found.append(
                    ShapeCheck(
                        source,
                        clause.component,
                        self.severity(source),
                        self.g.value(source, SH.path),
                        self.message(clause.constraint, source),
                        query,
                        clause.constraint,
                        clause.judged_as,
                        written_path=clause.written_path,
                    )
                )

        def limit(datatype: URIRef | None) -> str:
            return "" if datatype else " LIMIT 1"  # a datatype's rows are judged one by one

        def guard(
            source: Node, parameter: URIRef, query: str, datatype: URIRef | None, blind: bool = False
        ) -> ShapeCheck:
            name = f"{_name(parameter)} of {self.shape_name(source)}"
            severity = self.severity(source)
            return ShapeCheck(
                source, parameter, severity, None, name, query, datatype=datatype, guard=True, blind=blind
            )

        guards = [
            guard(
                source,
                parameter,
                f"{prefixes}SELECT * WHERE {{ {pattern} }}{'' if datatype else ' LIMIT 1'}",
                datatype,
            )
            for source, parameter, pattern, datatype in self.guards
        ]
        guards += [
            guard(source, parameter, "", datatype, blind=True)
            for source, parameter, datatype in dict.fromkeys(self.blind)
        ]
        return guards + found  # first: a refusal should come before the long checks


#: Stands, in a query, for the test of the integers written otherwise (see written_test): a
#: function call, so that the query parses before the data is loaded.
WRITTEN = "<urn:kgtool:written>"


def written_test(check: ShapeCheck, otherwise_stored: list[str], all_integers: bool) -> str:
    """The query of an sh:datatype check of an integer type, for the data loaded: its value
    nodes the store holds as integers written otherwise than the store can tell (every
    integer of the property, when its first was written as another type) go to the Python
    judge, with their written form."""

    def test(match: re.Match) -> str:
        v = match.group(1)
        if all_integers:
            return f"(isLiteral({v}) && datatype({v}) = <{XSDNS}integer>)"
        if otherwise_stored:
            return f"({v} IN ({', '.join(otherwise_stored)}))"
        return "false"

    return re.sub(re.escape(WRITTEN) + r"\((\?\w+)\)", test, check.query)


def _integer_type(datatype: URIRef) -> bool:
    return str(datatype).startswith(XSDNS) and str(datatype)[len(XSDNS) :] in _INTEGER_RANGES


def _rebind(values: str, old: str, new: str) -> str:
    """The value pattern again, with the value variable renamed (for a nested candidate set)."""
    return re.sub(re.escape(old) + r"\b", new, values)


def _node_kind(kind: Node) -> str:
    tests: dict[Node, str] = {
        SH.IRI: "isIRI(?v)",
        SH.BlankNode: "isBlank(?v)",
        SH.Literal: "isLiteral(?v)",
        SH.BlankNodeOrIRI: "(isBlank(?v) || isIRI(?v))",
        SH.BlankNodeOrLiteral: "(isBlank(?v) || isLiteral(?v))",
        SH.IRIOrLiteral: "(isIRI(?v) || isLiteral(?v))",
    }
    if kind not in tests:
        raise Unsupported(f"unknown sh:nodeKind {kind}")
    return tests[kind]


@dataclass(frozen=True)
class Finding:
    """One result: the check it comes from, and the terms of its row (N-Triples strings)."""

    check: ShapeCheck
    focus: str
    value: str | None
    path: str | None
    message: str
    component: URIRef


def run(
    checks: list[ShapeCheck],
    query: Callable[[str], list[dict[str, str]]],
    as_written: Callable[[str, str, str], str] | None = None,
) -> list[Finding]:
    """Run every check with ``query`` (SPARQL text -> rows of variable -> term) and collect rows.
    ``as_written(subject, property, stored)``: the literal as written, for the checks of an
    integer type (see ShapeCheck.written_path), which judge that and report it."""
    rows = []
    for check in checks:
        for solution in query(check.query):
            if check.written_path is not None and as_written is not None:
                solution["value"] = as_written(solution["this"], str(check.written_path), solution["value"])
            if check.guard:
                value = next(t for t in solution.values() if t.startswith('"'))
                if check.datatype is None:
                    raise Unsupported(
                        f"{check.message} meets the literal {value}, whose written "
                        "form the store does not keep"
                    )
                if _ill_typed(value, check.datatype) != _engine_judges(check.datatype):
                    raise Unsupported(
                        f"{check.message} ({_name(check.datatype)}, inside another "
                        f"shape) meets the literal {value}, which Oxigraph and "
                        "rdflib judge differently"
                    )
                continue
            if (
                solution.get("typed") == _TRUE
                and _datatype_of(solution["value"]) == check.datatype
                and not _ill_typed(solution["value"], check.datatype)
            ):
                continue
            message = check.message
            if check.constraint is not None:  # {?var} and {$this} take the row's values
                message = _filled(message, solution)
            component = solution.get("component")  # a min/max count check says which
            rows.append(
                Finding(
                    check,
                    solution["this"],
                    solution.get("value"),
                    solution.get("path"),
                    message,
                    URIRef(component[1:-1]) if component else check.component,
                )
            )
    return rows


_TRUE = Literal(True).n3()


def _datatype_of(term: str) -> URIRef | None:
    """The datatype of a typed literal in N-Triples (None for any other term)."""
    match = re.search(r"\^\^<([^>]*)>$", term) if term.startswith('"') else None
    return URIRef(match.group(1)) if match else None


def _regex_runs(args: str) -> bool:
    """Whether Oxigraph compiles the REGEX pattern (and flags), given as SPARQL arguments: one it
    cannot would fail on every value, a result each."""
    from kgtool.engines.oxigraph import OxigraphEngine
    from kgtool.errors import QueryError

    try:
        (answer,) = OxigraphEngine().select_ntriples(
            f'SELECT (COALESCE(REGEX("", {args}), "error") AS ?r) WHERE {{}}'
        )
    except QueryError:
        return False
    return answer["r"] != '"error"'


def _engine_judges(datatype: URIRef | None) -> bool:
    """Whether the engine tells well-formed literals of the datatype (it casts them)."""
    local = str(datatype)[len(XSDNS) :] if str(datatype).startswith(XSDNS) else None
    return local in _CAST or local in _INTEGER_RANGES


def _ill_typed(term: str, datatype: URIRef | None) -> bool:
    """Whether rdflib, pyshacl's judge, finds the literal (N-Triples) ill-typed for the datatype
    (the store may have canonicalised its lexical form, never for an ill-typed one)."""
    from rdflib.util import from_n3

    quoted = term[: term.rindex("^^")]  # the string alone: from_n3 would normalise a typed one
    rdflib_log = logging.getLogger("rdflib.term")  # it logs every failed conversion at length
    level = rdflib_log.level
    rdflib_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():  # and warns of odd booleans
            warnings.simplefilter("ignore")
            return Literal(str(from_n3(quoted)), datatype=datatype).ill_typed is True
    finally:
        rdflib_log.setLevel(level)


def _name(node: Node) -> str:
    """A node as a message names it: a prefixed name in SHACL or XSD, else the IRI or label."""
    for prefix, namespace in (("sh", SH), ("xsd", XSD), ("rdf", RDF), ("rdfs", RDFS)):
        if isinstance(node, URIRef) and node.startswith(str(namespace)):
            return f"{prefix}:{node[len(str(namespace)) :]}"
    return f"<{node}>" if isinstance(node, URIRef) else f"_:{node}"


def _plain(term: str) -> str:
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    match = re.match(r'^"(.*)"(\^\^<[^>]*>|@[\w-]+)?$', term, re.S)
    return match.group(1) if match else term


def _filled(message: str, solution: dict[str, str]) -> str:
    """A SHACL-SPARQL message with its ``{?var}`` and ``{$this}`` replaced by the row's values."""
    return re.sub(r"\{[?$](\w+)\}", lambda m: _plain(solution.get(m.group(1), "")), message)


def _integer(node: Node) -> int:
    """A count or length limit of a shape, as an integer."""
    try:
        return int(node.toPython() if isinstance(node, Literal) else str(node))
    except (TypeError, ValueError):
        raise Unsupported(f"the limit {node} is not a number") from None

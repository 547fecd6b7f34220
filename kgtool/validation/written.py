"""The integer literals as written, for the SPARQL method of validation: the store keeps values.

Oxigraph stores every literal of the integer types (``xsd:integer`` and the types derived from
it) that it can parse as an ``xsd:integer`` value: "07"^^xsd:int and "7"^^xsd:nonNegativeInteger
both become "7"^^xsd:integer. ``sh:datatype`` and the values of the report need the type and the
form as written, so :class:`WrittenForms` sees every literal while the data loads and keeps what
the store loses, in little memory: for each property, the type of its first integer literal, and
each integer literal written otherwise (another type, or another form: "07", "+7"). A literal
the store and rdflib (pyshacl's judge) read differently, "-1"^^xsd:nonNegativeInteger (a value to
the store, ill-typed to rdflib) or " 7"^^xsd:int (the reverse), cannot be judged as pyshacl
would by any query: the run stops, naming it.
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import TYPE_CHECKING, cast

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kgtool.errors import InputError

if TYPE_CHECKING:
    import pyoxigraph as ox

XSDNS = str(XSD)
INTEGER = f"<{XSDNS}integer>"
#: The integer types and their ranges (None: unbounded), as rdflib judges a literal.
RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
# What Oxigraph parses as an integer value (ASCII digits, within 64 bits); other forms it keeps
# as written, with their type.
_DIGITS = re.compile(r"[+-]?[0-9]+\Z")
_STORED = (-(2**63), 2**63 - 1)
#: Integer literals written otherwise than the first of their property, kept one by one; beyond
#: this many the run stops rather than grow without bound.
MAX_OTHERWISE = 100_000


class CannotJudge(InputError):
    """The store cannot stand in for this data as written: pyshacl can, the SPARQL method not."""


class WrittenForms:
    """What the store does not keep of the integer literals loaded (see the module)."""

    def __init__(self, max_otherwise: int = MAX_OTHERWISE) -> None:
        #: property IRI -> the local name of the XSD type of its first integer literal
        self.first: dict[str, str] = {}
        #: (subject, property IRI, stored literal) -> the literal as written (N-Triples terms)
        self.otherwise: dict[tuple[str, str, str], str] = {}
        self._stored_otherwise: dict[str, set[str]] = {}  # property IRI -> those stored literals
        #: why the store cannot stand in for the data as written (None: it can)
        self.refusal: str | None = None
        #: the first literal that is a number to the store and not to rdflib, or the reverse:
        #: sh:datatype judges it as written, a comparison of values cannot
        self.disputed: str | None = None
        #: whether a literal of :attr:`otherwise` is on a blank node: its subject is as the
        #: parse named it, which is the store's name only when the store's quads were parsed here
        self.on_blank_node = False
        self.max_otherwise = max_otherwise

    def see(self, quad: ox.Quad) -> None:
        """Note one quad whose object is a literal, as the parser gives it (as written)."""
        literal = cast("ox.Literal", quad.object)
        datatype = literal.datatype.value
        if not datatype.startswith(XSDNS) or datatype[len(XSDNS) :] not in RANGES:
            return
        written, kind = literal.value, datatype[len(XSDNS) :]
        value = _stored(written)
        if self.disputed is None and (value is not None) != _valid(written, kind, value):
            self.disputed = f"the literal {literal} of {quad.subject} is " + (
                "a number to the store but ill-typed as written"
                if value is not None
                else "well-typed as written but not a number to the store"
            )
        if value is None or self.refusal is not None:  # kept as written, or no use any more
            return
        predicate = quad.predicate.value
        first = self.first.setdefault(predicate, kind)
        if kind != first or written != str(value):
            key = (str(quad.subject), predicate, f'"{value}"^^{INTEGER}')
            self.on_blank_node = self.on_blank_node or key[0].startswith("_:")
            self._stored_otherwise.setdefault(predicate, set()).add(key[2])
            if self.otherwise.setdefault(key, str(literal)) != str(literal):
                self._refuse(f"{quad.subject} has {quad.predicate} {value} written in two ways")
            if len(self.otherwise) > self.max_otherwise:
                self._refuse(
                    f"more than {self.max_otherwise:,} integer literals are written otherwise than "
                    "the first of their property"
                )

    def _refuse(self, reason: str) -> None:
        if self.refusal is None:
            self.refusal = reason

    def as_written(self, subject: str, predicate: str, stored: str) -> str:
        """The literal (N-Triples) that ``subject predicate stored`` was written with."""
        found = self.otherwise.get((subject, predicate, stored))
        if found is not None:
            return found
        kind = self.first.get(predicate)
        if kind is None or not stored.endswith(f"^^{INTEGER}"):
            return stored
        return f"{stored[: stored.rindex('^^')]}^^<{XSDNS}{kind}>"

    def retyped(self, predicate: str, datatype: URIRef) -> bool:
        """Whether the store's integers on ``predicate`` may not all be written as ``datatype``."""
        first = self.first.get(predicate)
        return (first is not None and XSD[first] != datatype) or predicate in self._stored_otherwise

    def any_retyped(self, datatype: URIRef) -> bool:
        """Whether some property's integers may not all be written as ``datatype``."""
        return any(self.retyped(p, datatype) for p in self.first)

    def otherwise_on(self, predicate: str) -> list[str]:
        """The stored literals (N-Triples) of the integers on ``predicate`` written otherwise."""
        return sorted(self._stored_otherwise.get(predicate, ()))


def _stored(written: str) -> int | None:
    """The integer value the store keeps for this form, or None when it keeps the form."""
    if not _DIGITS.match(written):
        return None
    value = int(written)
    return value if _STORED[0] <= value <= _STORED[1] else None


def _valid(written: str, kind: str, value: int | None) -> bool:
    """Whether rdflib finds the literal well-typed (its range checked here for plain digits)."""
    if value is not None:
        low, high = RANGES[kind]
        return (low is None or value >= low) and (high is None or value <= high)
    rdflib_log = logging.getLogger("rdflib.term")  # it logs every failed conversion at length
    level = rdflib_log.level
    rdflib_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Literal(written, datatype=XSD[kind]).ill_typed is not True
    finally:
        rdflib_log.setLevel(level)

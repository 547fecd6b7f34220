"""Subject -> predicate -> objects over quads as the parser read them: what the export profiles
and the server's pages look things up in, without a store (which would canonicalise literals)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from kgtool.namespaces import RDF

_RDF_TYPE = ox.NamedNode(str(RDF.type))


class Index:
    """Subject -> predicate -> objects over a list of quads (their graph names ignored)."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.by_subject: dict = defaultdict(lambda: defaultdict(list))
        for q in quads:
            self.by_subject[q.subject][q.predicate].append(q.object)

    def objects(self, subject, predicate: ox.NamedNode) -> list:
        return self.by_subject.get(subject, {}).get(predicate, [])

    def value(self, subject, predicate: ox.NamedNode):
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def triples(self, subject) -> list[ox.Triple]:
        return [
            ox.Triple(subject, p, o)
            for p, objects in self.by_subject.get(subject, {}).items()
            for o in objects
        ]

    def subjects_of_type(self, cls: ox.NamedNode) -> list:
        return sorted((s for s, props in self.by_subject.items() if cls in props.get(_RDF_TYPE, ())), key=str)

    def closure(self, start, follow: Callable[[ox.Triple], bool]) -> list[ox.Triple]:
        """The triples of ``start`` and, recursively, of the objects of the triples ``follow``
        accepts."""
        out, todo, seen = [], [start], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for triple in self.triples(current):
                out.append(triple)
                if follow(triple):
                    todo.append(triple.object)
        return out


def through(*predicates: ox.NamedNode) -> Callable[[ox.Triple], bool]:
    """For :meth:`Index.closure`: follow the objects of these predicates."""
    return lambda triple: triple.predicate in predicates

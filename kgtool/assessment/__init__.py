"""Analysts' assessments (issue 27): a source's reliability and a claim's credibility on the
Admiralty scale, recorded as acts of their own in a graph apart from the claims, checked
against the evidence, and exchanged with analysts' tools (STIX 2.1, MISP)."""

from kgtool.assessment.recording import compile_assessments
from kgtool.assessment.records import Analyst, Assessment, to_graph, to_turtle

__all__ = ["Analyst", "Assessment", "compile_assessments", "to_graph", "to_turtle"]

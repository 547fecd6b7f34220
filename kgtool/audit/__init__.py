"""The provenance audit: each claim's status and source kind, the disputes and corroborations,
the unnamed sources and the check queries, gathered from the query library's rows.

:func:`run_audit` gives an :class:`Audit` of what an engine holds; :mod:`kgtool.audit.report`
writes it as text, Markdown or JSON. :func:`run_corpus_audit` gives the :class:`CorpusAudit` of
many articles and the links between their claims (:mod:`kgtool.audit.corpus_report` writes it).
"""

from kgtool.audit.corpus import CorpusAudit, run_corpus_audit
from kgtool.audit.run import CORE_STATUSES, STATUSES, Audit, run_audit

__all__ = ["CORE_STATUSES", "STATUSES", "Audit", "CorpusAudit", "run_audit", "run_corpus_audit"]

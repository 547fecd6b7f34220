"""The provenance audit: each claim's status and source kind, the disputes and corroborations,
the unnamed sources and the check queries, gathered from the query library's rows.

:func:`run_audit` gives an :class:`Audit` of what an engine holds; :mod:`kgtool.audit.report`
writes it as text, Markdown or JSON.
"""

from kgtool.audit.run import CORE_STATUSES, STATUSES, Audit, run_audit

__all__ = ["CORE_STATUSES", "STATUSES", "Audit", "run_audit"]

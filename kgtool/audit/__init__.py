"""The provenance audit: each claim's status and source kind, the disputes and corroborations,
the unnamed sources and the check queries, gathered from the query library's rows.
"""

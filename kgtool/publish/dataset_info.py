"""What a description or export says about the dataset itself: its licence and publisher only
where they are known.

The shipped claims are the kgtool developers' work under CC BY 4.0. Any other data (an article
of one's own, a corpus imported from brat) is someone else's: its licence and publisher are
said only when the user gives them, never borrowed from the shipped graph.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kgtool.namespaces import DATA_LICENSE, DATASET_PUBLISHER, DATASET_PUBLISHER_NAME


@dataclass(frozen=True)
class DatasetInfo:
    description: str = (
        "Claims attributed to their sources, each anchored in the words of the text it comes from."
    )
    license: str | None = None
    publisher: str | None = None  # an IRI
    publisher_name: str | None = None

    def given(
        self, license: str | None = None, publisher: str | None = None, publisher_name: str | None = None
    ) -> DatasetInfo:
        """This with what the user gave in place of what it says (a new publisher drops the
        old one's name)."""
        changed = self if publisher is None else replace(self, publisher=publisher, publisher_name=None)
        return replace(
            changed,
            license=license or changed.license,
            publisher_name=publisher_name or changed.publisher_name,
        )


SHIPPED = DatasetInfo(
    description="Every statement of a news article as a reified, sourced and anchored RDF claim.",
    license=DATA_LICENSE,
    publisher=DATASET_PUBLISHER,
    publisher_name=DATASET_PUBLISHER_NAME,
)
UNKNOWN = DatasetInfo()  # data of someone else's that says nothing of its licence or publisher

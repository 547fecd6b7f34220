"""The corpus audit as one self-contained HTML page: each cluster with the timeline of its
appearances and who took it from whom."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from kgtool.audit.corpus import CorpusAudit
from kgtool.html.derivation_picture import derivation_svgs
from kgtool.html.environment import templates
from kgtool.html.links import web_link
from kgtool.namespaces import local_name


def render_corpus_html(audit: CorpusAudit, link: Callable[[str], str | None] = web_link, **page: Any) -> str:
    """One self-contained page; ``link`` maps an IRI to the href of its page (see
    :func:`kgtool.html.audit_page.render_html`), ``page`` adds what the served page shows besides
    (the navigation; ``layout_missing`` instead of the pictures where Graphviz's dot is missing)."""
    corpus = audit.corpus
    labels = dict(audit.labels)  # outlets outside the corpus, as the links graph names them
    labels |= {
        a.publisher: a.publisher_label for a in corpus.articles.values() if a.publisher and a.publisher_label
    }
    labels |= {o.source: o.source_label for o in corpus.claims.values() if o.source and o.source_label}
    derived: dict[str, list[str]] = defaultdict(list)
    for derivation in audit.derivations:
        taken = derivation.object
        if taken in corpus.claims:  # a claim of another article: say whose
            outlet = corpus.articles[corpus.claims[taken].article].publisher
            where = labels.get(outlet or "") or local_name(outlet or corpus.claims[taken].article)
            derived[derivation.subject].append(f"{local_name(taken)} ({where})")
        else:  # an outlet outside the corpus
            derived[derivation.subject].append(labels.get(taken) or local_name(taken))
    timelines = {}
    for cluster in audit.clusters:
        rows = []
        for claim in sorted(cluster.claims, key=corpus.order):
            occurrence = corpus.claims[claim]
            article = corpus.articles[occurrence.article]
            rows.append(
                {
                    "date": article.date,
                    "outlet": article.publisher,
                    "article": article.iri,
                    "url": article.url,
                    "claim": claim,
                    "words": occurrence.words,
                    "derived": ", ".join(derived.get(claim, ())),
                }
            )
        timelines[cluster.id] = rows

    def label(iri: str) -> str:
        return labels.get(iri) or local_name(iri)

    if "pictures" not in page and "layout_missing" not in page:
        page["pictures"] = derivation_svgs(audit, label, link)  # without dot: LayoutMissing, exit 2
    context: dict[str, Any] = {
        "pictures": {},
        "layout_missing": None,
        "summary": audit.summary(),
        "clusters": audit.clusters,
        "timelines": timelines,
        "link": link,
        "label": label,
    }
    return templates().get_template("corpus.html").render(context | page)

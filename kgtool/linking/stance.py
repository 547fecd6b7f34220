"""The stance of an article towards a claim: agree, disagree, discuss or unrelated (FNC-1's labels).

A claim is given by a headline that states it, an article by its body text. The shipped model
(``kgtool/linking/model/``) was trained on FNC-1 by ``scripts/train_stance.py``; ``stance.json``
beside it says how, on what data, and what it scored on claims it never saw.

The model decides in two stages, each the mean of two one-hidden-layer perceptrons over
hand-made features of the pair (how much of the headline the body and its closest sentences
repeat, and how many words of refutation, hedging and confirmation stand near the headline's
words, turned by whether the headline itself denies); one perceptron of each stage also reads
bags of words of the body, the headline and the body's sentences closest to it, over a
vocabulary of words used across many claims (so that it learns how articles take positions, not
what each story was about). The first stage, trained on all pairs, says whether the body is
related; the second, trained on related pairs only with their classes weighted equally, says
which of agree, disagree and discuss. Everything it needs is numpy arrays and a word list, read
without pickle; nothing is fetched at run time.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]

LABELS: tuple[str, ...] = ("agree", "disagree", "discuss", "unrelated")
PERCEPTRON_ARRAYS = ("mean", "scale", "w1", "b1", "w2", "b2")
MODEL_DIR = Path(__file__).resolve().parent / "model"
WEIGHTS_PATH = MODEL_DIR / "stance.npz"
META_PATH = MODEL_DIR / "stance.json"


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words carry no topic: they are left out of overlap and similarity (but not of the
# bags of words, where "not" and "may" say much about a stance).
STOP_WORDS = _word_set(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours yourself yourselves said says
    say new one two like get got may might must"""
)

# Word lists of the ways an article takes a position; their counts near the claim's words are
# what carries a stance from one story to another.
LEXICONS: dict[str, frozenset[str]] = {
    "refute": _word_set(
        """fake fakes faked fraud fraudulent hoax hoaxes false falsely deny denies denied denying
        denial debunk debunks debunked debunking bogus untrue misleading satire satirical parody
        myth fabricated fabrication fiction fictional baseless unfounded incorrect wrong lie lies
        lied lying dismiss dismissed dismisses reject rejects rejected refute refutes refuted
        refuting contrary photoshopped doctored scam spoof prank pranks retract retracts retracted
        retraction nonsense rubbish ridiculous absurd dispute disputes disputed contradict
        contradicts misinformation made-up invented nope"""
    ),
    "negation": _word_set("not no never nor none nobody nothing neither without cannot"),
    "hedge": _word_set(
        """reportedly allegedly alleged apparently purportedly purported supposedly claim claims
        claimed claiming rumor rumors rumour rumours rumored rumoured unconfirmed unverified
        according may might could possibly perhaps appear appears appeared seem seems seemed
        suggest suggests suggested speculation speculate speculated report reports reported
        believed believe thought if whether unclear unknown likely unlikely possible potential
        suspected uncertain"""
    ),
    "confirm": _word_set(
        """confirm confirms confirmed confirming confirmation official officially announce
        announced announces verified verify proven proof indeed revealed reveals shows showed
        evidence true truly admitted admits acknowledged acknowledges actually definitely
        certainly"""
    ),
}
CATEGORIES = tuple(LEXICONS)
WINDOW = 6  # tokens either side of a headline word in which a lexicon word counts as near it
LEAD_SENTENCES = 3  # the opening of an article, where a report usually states its position
TOP_SENTENCES = 3  # the body sentences closest to the headline
BAGS = 3  # bags of words: the body, the headline, the body's sentences closest to the headline

_TOKEN = re.compile(r"[a-z0-9]+")
_NOT = re.compile("n[\u2019']t\\b")
_SENTENCE = re.compile("(?<=[.!?])[\"'\u201d\u2019)\\]]*\\s+|\n+")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; "isn't" gives "is", "not" so that a negation is a word of its own."""
    return _TOKEN.findall(_NOT.sub(" not", text.lower()))


def sentences(text: str) -> list[list[str]]:
    """The tokens of each sentence of ``text`` (sentences without a token are dropped)."""
    out = [tokenize(part) for part in _SENTENCE.split(text)]
    return [tokens for tokens in out if tokens]


def content(tokens: Iterable[str]) -> list[str]:
    """The tokens that can say what a text is about: no function words, nothing of one letter."""
    return [t for t in tokens if len(t) > 1 and t not in STOP_WORDS]


def terms(tokens: Sequence[str]) -> list[str]:
    """The similarity terms of a text: its content words and adjacent pairs of them."""
    words = content(tokens)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def hand_feature_names() -> list[str]:
    """The names of the hand-made features, in the order :func:`Featurizer.hand` gives them."""
    names = [
        "cos_body",
        "cos_lead",
        "cos_best_sentence",
        "cos_top_sentences",
        "overlap_body",
        "overlap_lead",
        "overlap_idf",
        "overlap_bigrams",
        "headline_length",
        "body_length",
        "best_sentence_position",
        "headline_question",
        "body_questions",
        "body_quotes",
    ]
    for category in CATEGORIES:
        names += [
            f"{category}_headline",
            f"{category}_body",
            f"{category}_lead",
            f"{category}_top_sentences",
            f"{category}_near_headline",
            f"{category}_near_headline_share",
        ]
    # A headline can state the claim or its denial ("No, X did not happen"): a refuting body
    # then agrees. These products let the perceptron see that turn directly.
    names += [
        "headline_denies",
        "refute_near_if_denied",
        "refute_near_if_stated",
        "refute_top_if_denied",
        "refute_top_if_stated",
    ]
    return names


@dataclass
class _Body:
    tokens: list[str]
    codes: np.ndarray  # each token's number among the body's distinct tokens
    code_of: dict[str, int]
    sentence_of: np.ndarray  # each token's sentence number
    flags: np.ndarray  # (tokens, categories): which lexicon each token belongs to
    content_set: frozenset[str]
    lead_set: frozenset[str]
    bigrams: frozenset[str]
    vector: sparse.csr_matrix  # TF-IDF of the whole body (1, terms)
    lead: sparse.csr_matrix
    sentence_vectors: sparse.csr_matrix  # (sentences, terms)
    questions: int
    quotes: int
    bag: sparse.csr_matrix  # (1, bag words)
    sentence_bags: sparse.csr_matrix  # (sentences, bag words): counts


@dataclass
class _Headline:
    tokens: list[str]
    words: list[str]  # distinct content words
    bigrams: list[str]
    vector: sparse.csr_matrix
    counts: np.ndarray  # lexicon words in the headline, per category
    question: bool
    bag: sparse.csr_matrix


class Featurizer:
    """Turns (headline, body) pairs into the model's inputs, from a fixed vocabulary and IDF.

    The vocabularies are built on the training part only (``scripts/train_stance.py``); here
    they are data, so that inference and training compute the very same features.
    """

    def __init__(self, term_vocabulary: Sequence[str], idf: np.ndarray, bag_vocabulary: Sequence[str]):
        self.term_index = {term: i for i, term in enumerate(term_vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.max_idf = float(self.idf.max()) if len(self.idf) else 1.0
        self.word_idf = {t: float(self.idf[i]) for t, i in self.term_index.items() if " " not in t}
        self.bag_index = {word: i for i, word in enumerate(bag_vocabulary)}
        self.n_hand = len(hand_feature_names())
        self._category_of: dict[str, list[int]] = {}
        for c, category in enumerate(CATEGORIES):
            for word in LEXICONS[category]:
                self._category_of.setdefault(word, []).append(c)

    @property
    def n_inputs(self) -> int:
        return self.n_hand + BAGS * len(self.bag_index)

    # -- vectors -----------------------------------------------------------------------------
    def _tfidf(self, groups: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """One L2-normalised row of sublinear TF-IDF per group of terms."""
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        index = self.term_index
        for r, group in enumerate(groups):
            found = Counter(i for i in map(index.get, group) if i is not None)
            rows += [r] * len(found)
            cols += found.keys()
            counts += found.values()
        tf = 1.0 + np.log(np.asarray(counts, dtype=np.float64))
        vals = tf * self.idf[np.asarray(cols, dtype=np.int64)]
        row_index = np.asarray(rows, dtype=np.int64)
        norms = np.sqrt(np.bincount(row_index, weights=vals**2, minlength=len(groups)))
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(
            (vals / norms[row_index], (row_index, np.asarray(cols, dtype=np.int64))),
            shape=(len(groups), len(self.idf)),
        )

    def _bag(self, tokens: Sequence[str]) -> sparse.csr_matrix:
        """Log term frequencies over the bag vocabulary, L2-normalised."""
        counts = Counter(self.bag_index[t] for t in tokens if t in self.bag_index)
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        vals = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        norm = float(np.sqrt((vals**2).sum())) or 1.0
        return sparse.csr_matrix(
            (vals / norm, (np.zeros(len(cols), dtype=np.int64), cols)), shape=(1, len(self.bag_index))
        )

    def _counts(self, groups: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """Raw counts over the bag vocabulary, one row per group of tokens."""
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        for r, group in enumerate(groups):
            found = Counter(i for i in map(self.bag_index.get, group) if i is not None)
            rows += [r] * len(found)
            cols += found.keys()
            counts += found.values()
        return sparse.csr_matrix(
            (np.asarray(counts, dtype=np.float64), (rows, cols)), shape=(len(groups), len(self.bag_index))
        )

    def body(self, text: str) -> _Body:
        """What the pair features need of a body, computed once however many headlines it meets."""
        parts = sentences(text) or [[]]
        tokens = [t for part in parts for t in part]
        sentence_of = np.repeat(np.arange(len(parts)), [len(p) for p in parts])
        flags = np.zeros((len(tokens), len(CATEGORIES)), dtype=bool)
        for i, token in enumerate(tokens):
            for c in self._category_of.get(token, ()):
                flags[i, c] = True
        sentence_terms = [terms(part) for part in parts]
        words = content(tokens)
        lead_words = content(t for part in parts[:LEAD_SENTENCES] for t in part)
        code_of: dict[str, int] = {}
        codes = np.fromiter(
            (code_of.setdefault(t, len(code_of)) for t in tokens), dtype=np.int64, count=len(tokens)
        )
        return _Body(
            tokens=tokens,
            codes=codes,
            code_of=code_of,
            sentence_of=sentence_of,
            flags=flags,
            content_set=frozenset(words),
            lead_set=frozenset(lead_words),
            bigrams=frozenset(f"{a} {b}" for a, b in itertools.pairwise(words)),
            vector=self._tfidf([[t for group in sentence_terms for t in group]]),
            lead=self._tfidf([[t for group in sentence_terms[:LEAD_SENTENCES] for t in group]]),
            sentence_vectors=self._tfidf(sentence_terms),
            questions=text.count("?"),
            quotes=text.count('"') + text.count("“"),
            bag=self._bag(tokens),
            sentence_bags=self._counts(parts),
        )

    def headline(self, text: str) -> _Headline:
        """What the pair features need of a headline, computed once however many bodies it meets."""
        tokens = tokenize(text)
        words = list(dict.fromkeys(content(tokens)))
        ordered = content(tokens)
        counts = np.zeros(len(CATEGORIES))
        for token in tokens:
            for c in self._category_of.get(token, ()):
                counts[c] += 1
        return _Headline(
            tokens=tokens,
            words=words,
            bigrams=list(dict.fromkeys(f"{a} {b}" for a, b in itertools.pairwise(ordered))),
            vector=self._tfidf([terms(tokens)]),
            counts=counts,
            question="?" in text,
            bag=self._bag(tokens),
        )

    # -- features ----------------------------------------------------------------------------
    def hand(
        self, headline: _Headline, body: _Body, sims: np.ndarray, cos_body: float, cos_lead: float
    ) -> np.ndarray:
        """The hand-made features of one pair (names: :func:`hand_feature_names`).

        ``sims`` are the cosines of the body's sentences with the headline, ``cos_body`` and
        ``cos_lead`` those of the whole body and of its lead (computed for all of a body's
        headlines at once by :meth:`transform`).
        """
        out = np.zeros(self.n_hand)
        n_tokens = max(len(body.tokens), 1)
        order = np.argsort(-sims, kind="stable")[:TOP_SENTENCES]
        words = headline.words
        n_words = max(len(words), 1)
        idfs = np.array([self.word_idf.get(w, self.max_idf) for w in words])
        in_body = np.array([w in body.content_set for w in words], dtype=bool)
        out[0] = cos_body
        out[1] = cos_lead
        out[2] = float(sims.max()) if len(sims) else 0.0
        out[3] = float(sims[order].mean()) if len(order) else 0.0
        out[4] = in_body.sum() / n_words
        out[5] = sum(w in body.lead_set for w in words) / n_words
        out[6] = float(idfs[in_body].sum() / idfs.sum()) if len(words) else 0.0
        out[7] = (
            sum(b in body.bigrams for b in headline.bigrams) / len(headline.bigrams)
            if headline.bigrams
            else 0.0
        )
        out[8] = np.log1p(len(words))
        out[9] = np.log1p(len(body.tokens))
        n_sentences = int(body.sentence_of[-1]) + 1 if len(body.sentence_of) else 1
        out[10] = float(order[0]) / n_sentences if len(order) else 1.0
        out[11] = float(headline.question)
        out[12] = np.log1p(body.questions)
        out[13] = np.log1p(body.quotes)
        # lexicon words: in the headline, the body, its lead, its closest sentences, and near
        # the headline's words wherever the body uses them
        flags = body.flags
        lead = body.sentence_of < LEAD_SENTENCES
        top = np.isin(body.sentence_of, order)
        hits = np.flatnonzero(np.isin(body.codes, [body.code_of[w] for w in words if w in body.code_of]))
        near = np.zeros(len(body.tokens), dtype=bool)
        if len(hits):
            edges = np.zeros(len(body.tokens) + 1, dtype=np.int64)
            np.add.at(edges, np.maximum(hits - WINDOW, 0), 1)
            np.add.at(edges, np.minimum(hits + WINDOW + 1, len(body.tokens)), -1)
            near = np.cumsum(edges[:-1]) > 0
        n_near = max(int(near.sum()), 1)
        base = 14
        for c in range(len(CATEGORIES)):
            column = flags[:, c] if len(flags) else np.zeros(0, dtype=bool)
            near_count = int((column & near).sum())
            out[base : base + 6] = (
                headline.counts[c],
                100.0 * column.sum() / n_tokens,
                np.log1p((column & lead).sum()),
                np.log1p((column & top).sum()),
                np.log1p(near_count),
                10.0 * near_count / n_near,
            )
            base += 6
        denying = headline.counts[CATEGORIES.index("refute")] + headline.counts[CATEGORIES.index("negation")]
        denied = float(denying > 0)
        refute = 14 + 6 * CATEGORIES.index("refute")
        near, top_count = out[refute + 4], out[refute + 3]
        out[base : base + 5] = (
            denied,
            near * denied,
            near * (1 - denied),
            top_count * denied,
            top_count * (1 - denied),
        )
        return out

    def transform(
        self, headlines: Sequence[_Headline], bodies: Sequence[_Body]
    ) -> tuple[np.ndarray, sparse.csr_matrix]:
        """Hand features (pairs, n_hand) and the bags of words (pairs, BAGS x bag words)."""
        hand = np.zeros((len(bodies), self.n_hand))
        top_rows: list[np.ndarray] = []
        top_cols: list[np.ndarray] = []
        top_vals: list[np.ndarray] = []
        by_body: dict[int, list[int]] = {}
        for i, body in enumerate(bodies):
            by_body.setdefault(id(body), []).append(i)
        for rows in by_body.values():
            body = bodies[rows[0]]
            vectors = sparse.vstack([headlines[i].vector for i in rows], format="csr").T
            sims = np.asarray((body.sentence_vectors @ vectors).todense())
            whole = np.asarray((body.vector @ vectors).todense()).ravel()
            lead = np.asarray((body.lead @ vectors).todense()).ravel()
            dense_bags = body.sentence_bags.toarray()
            for k, i in enumerate(rows):
                hand[i] = self.hand(headlines[i], body, sims[:, k], float(whole[k]), float(lead[k]))
                order = np.argsort(-sims[:, k], kind="stable")[:TOP_SENTENCES]
                counts = dense_bags[order].sum(axis=0)
                cols = np.flatnonzero(counts)
                vals = 1.0 + np.log(counts[cols])
                norm = float(np.sqrt((vals**2).sum())) or 1.0
                top_rows.append(np.full(len(cols), i))
                top_cols.append(cols)
                top_vals.append(vals / norm)
        width = len(self.bag_index)
        if not bodies:
            return hand, sparse.csr_matrix((0, BAGS * width))
        top = sparse.csr_matrix(
            (np.concatenate(top_vals), (np.concatenate(top_rows), np.concatenate(top_cols))),
            shape=(len(bodies), width),
        )
        bags = sparse.hstack(
            [sparse.vstack([b.bag for b in bodies]), sparse.vstack([h.bag for h in headlines]), top],
            format="csr",
        )
        return hand, bags


def _relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0, out=x)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class Perceptron:
    """A one-hidden-layer perceptron (ReLU) over standardised hand features and, if its first
    layer has rows for them, the sparse bags of words.

    Kept as plain arrays so that the shipped weights are read by numpy alone, whatever trained them.
    """

    mean: np.ndarray  # (n_hand,) standardisation of the hand features
    scale: np.ndarray
    w1: np.ndarray  # (n_inputs, hidden)
    b1: np.ndarray
    w2: np.ndarray  # (hidden, classes)
    b2: np.ndarray

    def logits(self, hand: np.ndarray, bags: sparse.csr_matrix) -> np.ndarray:
        n_hand = len(self.mean)
        z = ((hand - self.mean) / self.scale) @ self.w1[:n_hand]
        if len(self.w1) > n_hand:
            z = z + np.asarray(bags @ self.w1[n_hand:])
        z = z + self.b1
        return _relu(z) @ self.w2 + self.b2


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def _words(array: np.ndarray) -> list[str]:
    """A word list stored as UTF-8 bytes joined by newlines (no pickle, no fixed-width strings)."""
    return bytes(array.astype(np.uint8)).decode("utf-8").split("\n") if len(array) else []


def encode_words(words: Sequence[str]) -> np.ndarray:
    """The inverse of :func:`_words`: a word list as one uint8 array."""
    if any("\n" in w for w in words):
        raise ValueError("a word contains a newline")
    return np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8).copy()


def _perceptrons(arrays: Mapping[str, np.ndarray], prefix: str) -> list[Perceptron]:
    """The perceptrons stored as PREFIX0_w1, PREFIX1_w1 and on."""
    out: list[Perceptron] = []
    while f"{prefix}{len(out)}_w1" in arrays:
        name = f"{prefix}{len(out)}_"
        out.append(Perceptron(*(np.asarray(arrays[name + k], dtype=np.float64) for k in PERCEPTRON_ARRAYS)))
    return out


def _mean_probabilities(
    perceptrons: Sequence[Perceptron], hand: np.ndarray, bags: sparse.csr_matrix
) -> np.ndarray:
    return np.mean([softmax(p.logits(hand, bags)) for p in perceptrons], axis=0)


class StanceModel:
    """A trained stance model: features, perceptrons and per-class offsets of the decision.

    ``perceptrons`` give the four labels' probabilities (their mean: one reads the bags of words,
    one the hand features only; the second is weaker on the whole but steadier on ``disagree``).
    When ``related`` perceptrons are given, only the first stage's probability of ``unrelated``
    is kept, and the mean of theirs over agree, disagree and discuss shares out the rest: trained
    on related pairs alone, with rare ``disagree`` weighted as much as ``discuss``, they separate
    the three better than the first stage, whose training is mostly unrelated pairs.
    """

    def __init__(
        self,
        featurizer: Featurizer,
        perceptrons: Sequence[Perceptron],
        offsets: np.ndarray,
        meta: Mapping[str, Any] | None = None,
        related: Sequence[Perceptron] = (),
    ):
        self.featurizer = featurizer
        self.perceptrons = list(perceptrons)
        self.related = list(related)
        self.offsets = np.asarray(offsets, dtype=np.float64)  # added to the log-probabilities
        self.meta = dict(meta or {})

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any] | None = None
    ) -> StanceModel:
        """The model from the arrays that :meth:`arrays` gives (as stored in ``stance.npz``)."""
        featurizer = Featurizer(
            _words(arrays["term_vocabulary"]), arrays["idf"], _words(arrays["bag_vocabulary"])
        )
        perceptrons, related = _perceptrons(arrays, "p"), _perceptrons(arrays, "r")
        if not perceptrons:
            raise ValueError("the model has no perceptron (no array p0_w1)")
        return cls(featurizer, perceptrons, arrays["offsets"], meta, related)

    @classmethod
    def load(cls, directory: Path | None = None) -> StanceModel:
        """The shipped model (or the one in ``directory``), read offline from numpy arrays and JSON."""
        directory = directory or MODEL_DIR
        weights, meta_path = directory / WEIGHTS_PATH.name, directory / META_PATH.name
        if not weights.is_file() or not meta_path.is_file():
            raise FileNotFoundError(
                f"{weights}: the stance model is missing (scripts/train_stance.py makes it)"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if list(meta.get("labels", [])) != list(LABELS):
            raise ValueError(f"{meta_path}: labels {meta.get('labels')} are not {list(LABELS)}")
        if meta.get("hand_features") != hand_feature_names():
            raise ValueError(
                f"{meta_path}: the model was trained on other hand features than this code makes"
            )
        return cls.from_arrays(_read_npz(weights), meta)

    def scores(self, headlines: Sequence[_Headline], bodies: Sequence[_Body]) -> np.ndarray:
        """Probabilities (pairs, 4) in the order of :data:`LABELS`."""
        hand, bags = self.featurizer.transform(headlines, bodies)
        return self.probabilities(hand, bags)

    def probabilities(self, hand: np.ndarray, bags: sparse.csr_matrix) -> np.ndarray:
        """The four labels' probabilities for features already computed (see the class)."""
        first = _mean_probabilities(self.perceptrons, hand, bags)
        if not self.related:
            return first
        unrelated = first[:, LABELS.index("unrelated") :]  # the last label: the related ones come first
        return np.hstack([(1.0 - unrelated) * _mean_probabilities(self.related, hand, bags), unrelated])

    def decide(self, probabilities: np.ndarray) -> list[str]:
        """The label of each row: the most probable after the per-class offsets chosen in training."""
        adjusted = np.log(np.maximum(probabilities, 1e-12)) + self.offsets
        return [LABELS[i] for i in adjusted.argmax(axis=1)]

    def predict_pairs(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, dict[str, float]]]:
        """(label, {label: probability}) for each (headline, body); each distinct text is read once."""
        pairs = list(pairs)
        body_cache: dict[str, _Body] = {}
        headline_cache: dict[str, _Headline] = {}
        bodies = [body_cache.get(b) or body_cache.setdefault(b, self.featurizer.body(b)) for _, b in pairs]
        headlines = [
            headline_cache.get(h) or headline_cache.setdefault(h, self.featurizer.headline(h))
            for h, _ in pairs
        ]
        out: list[tuple[str, dict[str, float]]] = []
        chunk = 4096  # bounds the memory of the hidden layer on large files
        for start in range(0, len(pairs), chunk):
            probabilities = self.scores(headlines[start : start + chunk], bodies[start : start + chunk])
            for label, row in zip(self.decide(probabilities), probabilities, strict=True):
                out.append((label, {name: float(p) for name, p in zip(LABELS, row, strict=True)}))
        return out

    def predict(self, headline: str, body: str) -> tuple[str, dict[str, float]]:
        """The stance of ``body`` towards the claim of ``headline``, and each label's probability."""
        return self.predict_pairs([(headline, body)])[0]


@functools.cache
def shipped_model() -> StanceModel:
    """The shipped model, loaded once per process."""
    return StanceModel.load()


def predict(headline: str, body: str) -> tuple[str, dict[str, float]]:
    """The stance of ``body`` towards ``headline`` by the shipped model."""
    return shipped_model().predict(headline, body)

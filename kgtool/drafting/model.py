"""The shipped tagger: a linear-chain CRF (crfsuite) and the cue lexicon it was trained with."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from kgtool.drafting.features import WEAK, sequence_features, stem
from kgtool.drafting.tokens import Token
from kgtool.errors import InputError

MODEL_DIR = Path(__file__).resolve().parent / "model"
CRF_PATH = MODEL_DIR / "drafter.crfsuite"
META_PATH = MODEL_DIR / "drafter.json"


@dataclass(frozen=True)
class Tagged:
    labels: list[str]
    confidence: list[float]  # the CRF's marginal probability of each token's label
    content: list[float] | None = None  # the marginal probability that a token is content


@functools.cache
def _tagger():
    import pycrfsuite  # only drafting needs it

    if not CRF_PATH.is_file() or not META_PATH.is_file():
        raise InputError(
            f"{CRF_PATH}: the drafter model is missing", "reinstall kgtool or run scripts/train_drafter.py"
        )
    tagger = pycrfsuite.Tagger()
    tagger.open(str(CRF_PATH))
    lexicon = json.loads(META_PATH.read_text(encoding="utf-8"))["lexicon"]
    return tagger, lexicon


def cue_word(word: str, share: float = WEAK) -> bool:
    """Whether ``word`` is a cue word of the lexicon learned from train: its stem a cue at least
    ``share`` of the times it occurs."""
    return _tagger()[1].get(stem(word), 0.0) >= share


def tag(tokens: list[Token]) -> Tagged:
    tagger, lexicon = _tagger()
    labels = tagger.tag(sequence_features(tokens, lexicon))
    confidence = [tagger.marginal(label, i) for i, label in enumerate(labels)]
    content = [tagger.marginal("B-C", i) + tagger.marginal("I-C", i) for i in range(len(labels))]
    return Tagged(labels, confidence, content)

"""The wording metric: whether an email's words read as written for the reader.

Each sentence gets the weights of the words it holds (a pack's ``[wording]``
table, learned from sentences that readers criticised or praised; see
``tests/analysis/wording_training.py``). Their sum, through the logistic function,
is the chance that the sentence reads as written for the writer; the metric is
the mean of those chances over the email, and it names the words that pulled
hardest toward the writer, so the figure explains itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import exp
from typing import Any

#: The words named behind the metric: those weighing at least this much toward
#: the writer, in sentences that lean that way; a few per paragraph, fewer shown.
PULL_MIN_WEIGHT = 0.2
PULLS_KEPT = 4
PULLS_SHOWN = 3


def weigh_sentence(
    tokens: Iterable[str],
    weighed_words: frozenset[str],
    weights: Mapping[str, float],
    bias: float,
    pulls: dict[str, float],
) -> float:
    """The chance that a sentence of ``tokens`` reads as written for the writer: the
    logistic of ``bias`` plus its words' weights. If it leans toward the writer, the
    words that pulled it there are noted in ``pulls`` (word -> weight).

    ``weighed_words`` is the set of ``weights``' words: each counts once, as in
    training, and intersecting the sentence with it looks at each token once.
    """
    weighed = weighed_words.intersection(tokens)
    if not weighed:
        return 1.0 / (1.0 + exp(-bias))
    z = bias + sum(map(weights.__getitem__, weighed))
    if z > 0.0:  # it leans toward the writer
        for word in weighed:
            if weights[word] >= PULL_MIN_WEIGHT:
                pulls[word] = weights[word]
    return 1.0 / (1.0 + exp(-min(30.0, max(-30.0, z))))


def strongest_pulls(pulls: Mapping[str, float]) -> tuple[str, ...]:
    return tuple(sorted(pulls, key=lambda word: (-pulls[word], word))[:PULLS_KEPT])


def parse_wording(raw: Any) -> tuple[float, dict[str, float], str | None]:
    """``[wording]``: a number ``bias`` and a table ``weights`` of word -> number.

    Returns the bias, the weights and what is wrong with the table (None: nothing).
    """
    if raw is None:
        return 0.0, {}, None
    if not isinstance(raw, dict):
        return 0.0, {}, "'wording' must be a table"
    unknown = sorted(set(raw) - {"bias", "weights"})
    if unknown:
        return 0.0, {}, f"[wording] has unknown keys: {unknown}; known keys: bias, weights"
    bias, weights = raw.get("bias", 0.0), raw.get("weights", {})
    if not _is_number(bias):
        return 0.0, {}, "[wording] bias must be a number"
    if not isinstance(weights, dict) or not all(map(_is_number, weights.values())):
        return 0.0, {}, "[wording.weights] must give each word a number"
    return float(bias), {str(word).lower(): float(value) for word, value in weights.items()}, None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class WordingFigures:
    """The email's mean lean toward the writer, and the words behind it."""

    lean: float
    sentences: int
    #: The words that pulled most toward the writer, strongest first.
    words: tuple[str, ...]

    @classmethod
    def of(
        cls,
        pulls_by_paragraph: Iterable[Sequence[str]],
        total: float,
        sentences: int,
        weights: Mapping[str, float],
    ) -> WordingFigures:
        found = {word for words in pulls_by_paragraph for word in words}
        strongest = sorted(found, key=lambda word: (-weights.get(word, 0.0), word))
        return cls(total / sentences if sentences else 0.0, sentences, tuple(strongest))

    def share_of_points(self, full: float, zero: float) -> float:
        """All the points at a lean of ``full`` or less, none from ``zero``."""
        if zero <= full:
            return 1.0
        return max(0.0, min(1.0, (zero - self.lean) / (zero - full)))

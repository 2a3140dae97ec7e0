"""What the customer's email asks and tells: their questions, requests and concerns.

Qt-free and database-free: text in, plain data out. The phrase lists live in the
rule pack (``their_indirect_questions``, ``their_requests``, ``their_concerns``,
``their_small_talk``), so the words are data, not code. A sentence is

- a **question** when it ends in "?" (unless it is small talk: "How are you?") or
  asks without one ("I was wondering whether you support SSO");
- a **request** when it asks the writer to do or send something ("please send",
  "could you", "we need");
- a **concern** when it names a worry or a feeling ("we're worried about the
  rollout", "the last vendor burned us"). A sentence can be a question and a
  concern at once; then it is listed as both.

Offsets index the text given (code points), so the window can show where each is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapport.analysis.segment import SegmentationRules, segment_paragraph

if TYPE_CHECKING:
    from rapport.analysis.rules import RuleSet

QUESTION = "question"
REQUEST = "request"
CONCERN = "concern"
#: How the pane and the CLI name each kind.
KIND_LABELS = {QUESTION: "Question", REQUEST: "Request", CONCERN: "Concern"}


@dataclass(frozen=True, slots=True)
class TheirPoint:
    """One thing in their email the reply should take up, in their own words."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def needs_answer(self) -> bool:
        return self.kind in (QUESTION, REQUEST)


@dataclass(frozen=True, slots=True)
class TheirEmailReading:
    """Everything Rapport heard in their email."""

    points: tuple[TheirPoint, ...] = ()
    words: int = 0
    sentences: int = 0
    #: Lines of their text with words on them (what "a two-line question" counts).
    lines: int = 0

    @property
    def asks(self) -> tuple[TheirPoint, ...]:
        """Questions and requests: what the reply must answer, each sentence once."""
        seen: set[int] = set()
        asks: list[TheirPoint] = []
        for point in self.points:
            if point.needs_answer and point.start not in seen:
                seen.add(point.start)
                asks.append(point)
        return tuple(asks)

    @property
    def concerns(self) -> tuple[TheirPoint, ...]:
        return tuple(point for point in self.points if point.kind == CONCERN)


@dataclass(frozen=True)
class _Listening:
    """The rule pack's phrase lists, compiled once per rule set."""

    segmentation: SegmentationRules
    indirect: re.Pattern[str] | None
    requests: re.Pattern[str] | None
    concerns: re.Pattern[str] | None
    small_talk: re.Pattern[str] | None


def read_their_email(text: str, rule_set: RuleSet) -> TheirEmailReading:
    """The questions, requests and concerns in ``text`` (what they wrote, no quotes)."""
    listening = _listening(rule_set)
    points: list[TheirPoint] = []
    words = sentences = lines = 0
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines += 1
        for sentence in segment_paragraph(line, listening.segmentation):
            if sentence.kind in ("greeting", "signoff"):
                continue
            body = line[sentence.start : sentence.end]
            sentences += 1
            words += len(body.split())
            start, end = offset + sentence.start, offset + sentence.end
            points.extend(TheirPoint(kind, body, start, end) for kind in _kinds(body, listening))
        offset += len(line) + 1
    return TheirEmailReading(tuple(points), words, sentences, lines)


def _kinds(sentence: str, listening: _Listening) -> list[str]:
    lowered = sentence.lower().replace("’", "'")
    kinds: list[str] = []
    small_talk = _search(listening.small_talk, lowered) and len(lowered.split()) <= 8
    if lowered.rstrip(" )\"'").endswith("?"):
        if not small_talk:
            kinds.append(QUESTION)
    elif _search(listening.indirect, lowered):
        kinds.append(QUESTION)
    elif _search(listening.requests, lowered) and not small_talk:
        kinds.append(REQUEST)
    if _search(listening.concerns, lowered):
        kinds.append(CONCERN)
    return kinds


def _search(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


def _listening(rule_set: RuleSet) -> _Listening:
    words = rule_set.words
    return _compiled(
        tuple(words("greeting_words")),
        tuple(words("signoffs")),
        tuple(words("abbreviations")),
        tuple(words("terminal_abbreviations")),
        tuple(words("their_indirect_questions")),
        tuple(words("their_requests")),
        tuple(words("their_concerns")),
        tuple(words("their_small_talk")),
    )


@lru_cache(maxsize=8)
def _compiled(
    greetings: tuple[str, ...],
    signoffs: tuple[str, ...],
    abbreviations: tuple[str, ...],
    terminal: tuple[str, ...],
    indirect: tuple[str, ...],
    requests: tuple[str, ...],
    concerns: tuple[str, ...],
    small_talk: tuple[str, ...],
) -> _Listening:
    return _Listening(
        SegmentationRules.build(
            list(greetings), list(signoffs), list(abbreviations), list(terminal)
        ),
        phrase_pattern(indirect),
        phrase_pattern(requests),
        phrase_pattern(concerns),
        phrase_pattern(small_talk),
    )


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for whole-word, lower-case ``phrases`` (longest first)."""
    cleaned = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in cleaned)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

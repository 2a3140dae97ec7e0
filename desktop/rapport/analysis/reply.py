"""Does the reply listen? The checks of a draft written in reply to their email.

Qt-free and database-free. Given the draft, the engine's report on it and what
Rapport read in their email (``rapport.analysis.their_email``):

- each question or request the draft does not take up is flagged, quoted in their
  words; "taken up" is judged by content (``rapport.analysis.content_match``), not by
  one shared word;
- a concern they stated that the draft ignores while it pitches (it has sentences
  the engine flags as self-centred, product dump or pushy) is flagged;
- a reply far longer than their email (a two-line question answered with 300
  words) is flagged;
- the breakdown gains "Their questions answered: 2 of 3" and "Their words picked
  up", and the score is taken out of the larger total, so it stays 0-100.

Every finding is a whole-email one (category ``unanswered``, span 0 to the end of
the draft, like ``no-question``), so spans still index the draft.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rapport.analysis.content_match import content_terms, match_content
from rapport.analysis.model import SENTENCE_CATEGORIES, Finding, MetricScore, Report
from rapport.analysis.pack_keys import DEFAULT_THRESHOLDS
from rapport.analysis.rules import RuleSet
from rapport.analysis.their_email import TheirEmailReading, TheirPoint


@dataclass(frozen=True, slots=True)
class PointAnswer:
    """How the draft stands with one point of their email."""

    point: TheirPoint
    taken_up: bool
    #: The draft's words that matched, for the pane ("pricing", "seats").
    matched_words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReplyCheck:
    """The reply checks' findings, each point's answer, and the report with them."""

    findings: tuple[Finding, ...]
    answers: tuple[PointAnswer, ...]
    report: Report

    @property
    def asked(self) -> int:
        return sum(1 for answer in self.answers if answer.point.needs_answer)

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.point.needs_answer and a.taken_up)

    def summary(self) -> str:
        """ "Their questions answered: 2 of 3", as the CLI and the window say it."""
        if not self.asked:
            return "Their questions answered: they asked nothing that needs an answer"
        return f"Their questions answered: {self.answered} of {self.asked}"


def check_reply(
    draft: str,
    report: Report,
    reading: TheirEmailReading,
    rule_set: RuleSet,
    their_name: str = "",
    ignore: Iterable[str] = (),
    disabled_rules: Iterable[str] = (),
) -> ReplyCheck:
    """The reply checks for ``draft`` (whose engine report is ``report``)."""
    ignored = tuple(ignore)
    answers = tuple(_answer(point, draft, ignored) for point in _points(reading))
    end = len(draft.rstrip())
    name = their_name.split()[0] if their_name.split() else "They"
    findings: list[Finding] = []
    disabled = frozenset(disabled_rules)

    def add(check_id: str, **values: object) -> None:
        check = rule_set.email_checks.get(check_id)
        if check is None or check_id in disabled or report.metrics.words == 0:
            return
        message = check.message.format_map({"name": name, **values})
        findings.append(Finding(check_id, check.category, 0, end, message, check.suggestions))

    pitching = any(f.category in SENTENCE_CATEGORIES for f in report.findings)
    for answer in answers:
        if answer.taken_up:
            continue
        if answer.point.needs_answer:
            add("reply-unanswered", their_words=_short(answer.point.text))
        elif pitching:
            add("reply-concern-ignored", their_words=_short(answer.point.text))
    thresholds = {**DEFAULT_THRESHOLDS, **rule_set.thresholds}
    words = report.metrics.words
    if reading.words and words > max(
        thresholds["reply_words_min"], thresholds["reply_words_factor"] * reading.words
    ):
        add("reply-out-of-proportion", their_words_count=reading.words, words=words)
    scored = _with_reply_score(report, answers, rule_set, findings)
    return ReplyCheck(tuple(findings), answers, scored)


def _points(reading: TheirEmailReading) -> list[TheirPoint]:
    """Questions and requests once each, then the concerns that are not also asks."""
    asks = list(reading.asks)
    asked_at = {point.start for point in asks}
    return asks + [point for point in reading.concerns if point.start not in asked_at]


def _answer(point: TheirPoint, draft: str, ignore: tuple[str, ...]) -> PointAnswer:
    # A short question has few content words ("Do you support SSO?"): one of them
    # picked up answers it; a longer one needs two, so a shared word in a pitch is no answer.
    # A worry is taken up when its topic is ("On the rollout: ...").
    singles = [term for term in content_terms(point.text, ignore=ignore) if " " not in term]
    match = match_content(
        point.text,
        draft,
        ignore=ignore,
        min_words=1 if len(singles) <= 2 or not point.needs_answer else 2,
        reader_sentence_counts=True,
    )
    return PointAnswer(point, match.counts, match.matched_words)


def _with_reply_score(
    report: Report, answers: tuple[PointAnswer, ...], rule_set: RuleSet, findings: list[Finding]
) -> Report:
    if report.metrics.words == 0:
        return report
    thresholds = {**DEFAULT_THRESHOLDS, **rule_set.thresholds}
    points = {
        "answered": thresholds["reply_answered_points"],
        "their_words": thresholds["reply_their_words_points"],
    }
    asks = [a for a in answers if a.point.needs_answer]
    items = list(report.breakdown)
    if asks:
        share = sum(1 for a in asks if a.taken_up) / len(asks)
        items.append(
            MetricScore(
                "answered",
                "Their questions answered",
                f"{sum(1 for a in asks if a.taken_up)} of {len(asks)}",
                "every one",
                points["answered"] * share,
                points["answered"],
            )
        )
    if answers:
        picked = sum(1 for a in answers if a.taken_up)
        items.append(
            MetricScore(
                "their_words",
                "Their words picked up",
                f"{picked} of {len(answers)} points they raised",
                "what they asked and worried about",
                points["their_words"] * picked / len(answers),
                points["their_words"],
            )
        )
    earned = sum(item.points for item in items)
    possible = sum(item.max_points for item in items) or 1.0
    score = max(0, min(100, round(100 * earned / possible)))
    merged = sorted((*report.findings, *findings), key=lambda f: (f.start, f.end, f.rule))
    return replace(report, findings=tuple(merged), breakdown=tuple(items), score=score)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

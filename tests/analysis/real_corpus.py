"""The real-email corpus (``tests/analysis/real/``) and the figures measured on it.

Run it as a script to see the figures and, with ``--details``, every email's score
and what was caught or missed:

    .venv/bin/python tests/analysis/real_corpus.py --details
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapport.analysis import (
    EMAIL_CATEGORIES,
    LANGUAGE_CATEGORIES,
    AnalysisSettings,
    DocumentAnalyzer,
    Finding,
    Report,
    split_paragraphs,
)
from rapport.analysis.wrapping import join_wrapped_lines

REAL_DIR = Path(__file__).parent / "real"
ORIGINS = ("real", "template")
VERDICTS = ("bad", "good")


@dataclass(frozen=True)
class Quote:
    text: str
    why: str


@dataclass(frozen=True)
class CorpusEmail:
    id: str
    origin: str
    verdict: str
    source_url: str
    source_title: str
    text: str
    rewrite_of: str = ""
    criticised: tuple[Quote, ...] = ()
    praised: tuple[Quote, ...] = ()


def load_corpus(folder: Path = REAL_DIR) -> list[CorpusEmail]:
    return load_corpus_files(sorted(folder.glob("*.toml")))


def load_corpus_files(paths: Iterable[Path]) -> list[CorpusEmail]:
    emails: list[CorpusEmail] = []
    for path in paths:
        with path.open("rb") as handle:
            for entry in tomllib.load(handle)["email"]:
                emails.append(
                    CorpusEmail(
                        id=entry["id"],
                        origin=entry["origin"],
                        verdict=entry["verdict"],
                        source_url=entry["source_url"],
                        source_title=entry["source_title"],
                        text=entry["text"].strip("\n"),
                        rewrite_of=entry.get("rewrite_of", ""),
                        criticised=tuple(
                            Quote(q["quote"], q.get("why", "")) for q in entry.get("criticised", [])
                        ),
                        praised=tuple(
                            Quote(q["quote"], q.get("why", "")) for q in entry.get("praised", [])
                        ),
                    )
                )
    return emails


def roc_auc(bad_scores: Sequence[float], good_scores: Sequence[float]) -> float:
    """P(a good email scores above a bad one), ties counting half (Mann-Whitney)."""
    if not bad_scores or not good_scores:
        return float("nan")
    wins = 0.0
    for good in good_scores:
        for bad in bad_scores:
            wins += 1.0 if good > bad else 0.5 if good == bad else 0.0
    return wins / (len(bad_scores) * len(good_scores))


def sentence_findings(report: Report, text: str) -> list[Finding]:
    """Findings that mark a place in the email, not the email as a whole."""
    return [
        finding
        for finding in report.findings
        if finding.category not in LANGUAGE_CATEGORIES
        and finding.end > finding.start
        and not (finding.category in EMAIL_CATEGORIES and finding.end - finding.start >= len(text))
    ]


def _overlaps(findings: Iterable[Finding], start: int, end: int) -> bool:
    return any(f.start < end and start < f.end for f in findings)


def _body_sentences(analyzer: DocumentAnalyzer, text: str) -> list[tuple[int, int]]:
    """Sentence spans of the email as the engine reads it (hard-wrapped lines joined),
    without greetings and sign-off lines."""
    spans: list[tuple[int, int]] = []
    for offset, line in split_paragraphs(join_wrapped_lines(text)):
        for sentence in analyzer.analyze_paragraph(line).sentences:
            if sentence.kind in ("sentence", "bullet"):
                spans.append((offset + sentence.start, offset + sentence.end))
    return spans


@dataclass
class EmailResult:
    email: CorpusEmail
    report: Report
    caught: list[Quote] = field(default_factory=list)
    missed: list[Quote] = field(default_factory=list)
    sentences: int = 0
    false_flags: list[str] = field(default_factory=list)


@dataclass
class CorpusFigures:
    auc: dict[str, float]
    rewrites: int
    rewrites_above: int
    mean_rewrite_gap: float
    criticised: int
    criticised_flagged: int
    good_sentences: int
    good_sentences_flagged: int
    results: list[EmailResult]

    @property
    def recall(self) -> float:
        return self.criticised_flagged / self.criticised if self.criticised else float("nan")

    @property
    def false_flag_share(self) -> float:
        if not self.good_sentences:
            return float("nan")
        return self.good_sentences_flagged / self.good_sentences

    def lines(self) -> list[str]:
        counts = {
            (origin, verdict): sum(
                1 for r in self.results if (r.email.origin, r.email.verdict) == (origin, verdict)
            )
            for origin in ORIGINS
            for verdict in VERDICTS
        }
        return [
            "emails: " + ", ".join(f"{o} {v} {counts[(o, v)]}" for o in ORIGINS for v in VERDICTS),
            f"ROC AUC, real emails: {self.auc['real']:.3f}",
            f"ROC AUC, templates: {self.auc['template']:.3f}",
            f"ROC AUC, all: {self.auc['all']:.3f}",
            f"rewrites scoring above their original: {self.rewrites_above} of {self.rewrites}, "
            f"mean gap {self.mean_rewrite_gap:+.1f} points",
            f"criticised sentences flagged: {self.criticised_flagged} of {self.criticised} "
            f"({self.recall:.1%})",
            f"false flags in good emails: {self.good_sentences_flagged} of "
            f"{self.good_sentences} sentences ({self.false_flag_share:.1%})",
            *(self._origin_line(origin) for origin in ORIGINS),
        ]

    def _origin_line(self, origin: str) -> str:
        """Real emails and templates apart, as the issue asks them to be reported."""
        mine = [r for r in self.results if r.email.origin == origin]
        criticised = sum(len(r.email.criticised) for r in mine)
        caught = sum(len(r.caught) for r in mine)
        sentences = sum(r.sentences for r in mine)
        flagged = sum(len(r.false_flags) for r in mine)
        return (
            f"  {origin}: criticised flagged {caught} of {criticised}, "
            f"false flags {flagged} of {sentences} sentences"
            + (f" ({flagged / sentences:.1%})" if sentences else "")
        )


#: A template's placeholders are there to be filled in: the author praises or
#: criticises the email as it would be sent, so they are not held against it.
TEMPLATE_SETTINGS = AnalysisSettings(disabled_rules=frozenset({"placeholder"}))
#: "Hi [Name]," in a template: the name the writer would type in.
_TEMPLATE_GREETING = re.compile(
    r"(?im)^(\s*(?:hi|hello|hey|dear)\s+)(?:\[[^\]\n]{1,30}\]|\{\{[^}\n]{1,30}\}\}|\{[a-z_]{2,30}\}|<[^>\n]{1,30}>|%[A-Z_]{2,30}%|\$[a-z_]{2,30}\b|_{3,})"
)
#: "Dear redacted," or "Hi (my name),": the name the author of the page took out. The
#: email as sent had it, so it is put back; an unfilled "[Name]" in a real email stays.
_REDACTED_GREETING = re.compile(
    r"(?im)^(\s*(?:hi|hello|hey|dear)\s+)(?:redacted|\(my name\)|x{2,})(?=\s*[,:!])"
)


def as_sent(email: CorpusEmail) -> str:
    """The email as its author means it to be read: a template's greeting filled in."""
    if email.origin != "template":
        return _REDACTED_GREETING.sub(r"\1Sam", email.text, count=1)
    return _TEMPLATE_GREETING.sub(r"\1Sam", email.text, count=1)


def measure(emails: Sequence[CorpusEmail]) -> CorpusFigures:
    analyzers = {"real": DocumentAnalyzer(), "template": DocumentAnalyzer(TEMPLATE_SETTINGS)}
    results: list[EmailResult] = []
    for email in emails:
        analyzer = analyzers[email.origin]
        text = as_sent(email)
        report = analyzer.analyze(text)
        marked = sentence_findings(report, text)
        result = EmailResult(email, report)
        for quote in email.criticised:
            start = text.find(quote.text)
            hit = start >= 0 and _overlaps(marked, start, start + len(quote.text))
            (result.caught if hit else result.missed).append(quote)
        if email.verdict == "good":
            for start, end in _body_sentences(analyzer, text):
                result.sentences += 1
                if _overlaps(marked, start, end):
                    result.false_flags.append(text[start:end])
        results.append(result)

    def scores(origin: str | None, verdict: str) -> list[float]:
        return [
            r.report.score
            for r in results
            if r.email.verdict == verdict and (origin is None or r.email.origin == origin)
        ]

    auc = {
        "real": roc_auc(scores("real", "bad"), scores("real", "good")),
        "template": roc_auc(scores("template", "bad"), scores("template", "good")),
        "all": roc_auc(scores(None, "bad"), scores(None, "good")),
    }
    by_id = {r.email.id: r for r in results}
    gaps = [
        r.report.score - by_id[r.email.rewrite_of].report.score
        for r in results
        if r.email.rewrite_of and r.email.rewrite_of in by_id
    ]
    return CorpusFigures(
        auc=auc,
        rewrites=len(gaps),
        rewrites_above=sum(1 for gap in gaps if gap > 0),
        mean_rewrite_gap=sum(gaps) / len(gaps) if gaps else float("nan"),
        criticised=sum(len(r.email.criticised) for r in results),
        criticised_flagged=sum(len(r.caught) for r in results),
        good_sentences=sum(r.sentences for r in results),
        good_sentences_flagged=sum(len(r.false_flags) for r in results),
        results=results,
    )


def _print_details(figures: CorpusFigures) -> None:
    for result in sorted(figures.results, key=lambda r: (r.email.verdict, r.report.score)):
        email = result.email
        print(f"\n== {email.verdict} {email.origin} {result.report.score:3d}  {email.id}")
        for finding in result.report.findings:
            snippet = email.text[finding.start : finding.end][:90].replace("\n", " ")
            print(f"   [{finding.rule}] {snippet}")
        for quote in result.missed:
            print(f"   MISSED: {quote.text[:100]!r}  ({quote.why[:60]})")
        for sentence in result.false_flags:
            print(f"   FALSE FLAG: {sentence[:100]!r}")


if __name__ == "__main__":
    corpus_figures = measure(load_corpus())
    if "--details" in sys.argv:
        _print_details(corpus_figures)
    print("\n".join(corpus_figures.lines()))

"""Whole-email checks and the transparent score.

The score is a sum of points per metric. Each metric reports its value, its
target and the points it earned, so a writer can see exactly why an email
scored what it did. Targets come from the rule packs' ``[thresholds]`` and the
points from ``[score]``; settings may override the length and grade targets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import attrgetter

from rapport.analysis.lists import merge_feature_lists
from rapport.analysis.model import (
    FLAGGED_ANYWHERE,
    IN_PLACE_CATEGORIES,
    SUMMED_STATS,
    AnalysisSettings,
    Finding,
    Metrics,
    MetricScore,
    ParagraphResult,
    Report,
    SetAside,
)
from rapport.analysis.pack_keys import DEFAULT_THRESHOLDS
from rapport.analysis.rules import RuleSet
from rapport.analysis.wording import PULLS_SHOWN, WordingFigures

# A sign-off starts the signature only if little follows it; "Thanks!" as an
# opening line must not swallow the email.
_MAX_SIGNATURE_LINES = 6
_FOCUS_PRIOR_SENTENCES = 2
# A subject line is a few words; a "Subject:" line running on for longer is an
# email pasted onto one line, and is read as the email rather than dropped.
_MAX_SUBJECT_WORDS = 20
_SUBJECT = re.compile(r"\s*subject\s*:", re.IGNORECASE)
_POSTSCRIPT = re.compile(r"p\.?\s?p?\.?\s?s\b\.?", re.IGNORECASE)


class _Placeholders(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


#: A finding's place in the report: where it starts, where it ends, its rule.
_in_order = attrgetter("start", "end", "rule")
_summed_stats = attrgetter(*SUMMED_STATS)


def reading_grade(words: int, sentences: int, syllables: int) -> float:
    """Flesch-Kincaid grade level; 0 for an empty text."""
    if words == 0 or sentences == 0:
        return 0.0
    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
    return max(0.0, grade)


def _subject_line(paragraphs: Sequence[ParagraphResult]) -> int | None:
    """The index of a "Subject: …" first line (as in a saved draft), if there is one."""
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text.strip():
            is_subject = (
                _SUBJECT.match(paragraph.text) is not None
                and paragraph.stats.words <= _MAX_SUBJECT_WORDS
            )
            return index if is_subject else None
    return None


def _counts_after_signoff(paragraph: ParagraphResult) -> bool:
    """A P.S., or a line of prose, under the sign-off is read like the body.

    A P.S. is often the most-read line of an email; names, titles, phone numbers
    and addresses in a signature are not writing to judge.
    """
    text = paragraph.text.strip()
    if _POSTSCRIPT.match(text):
        return True
    words = paragraph.stats.words
    lower_words = sum(1 for word in text.split() if word[:1].islower())
    return words >= 6 and text.endswith((".", "!", "?")) and lower_words >= 3


def _signature_start(paragraphs: Sequence[ParagraphResult]) -> int:
    """Index of the first paragraph after the last sign-off, or len() if none.

    With no sign-off at all, the signature is the run of name, title and contact
    lines after the last full sentence, if there is one.
    """
    for index in range(len(paragraphs) - 1, -1, -1):
        if paragraphs[index].stats.signoff:
            following = [p for p in paragraphs[index + 1 :] if p.text.strip()]
            if len(following) <= _MAX_SIGNATURE_LINES:
                return index + 1
            return len(paragraphs)
    return _unsigned_signature_start(paragraphs)


# A signature line with no sign-off above it: a name, a title, a handle or an
# address ("Jordan Lee", "Customer Success", "twitter: @jordan", "acme.com").
_MAX_SIGNATURE_LINE_WORDS = 5
_CONTACT_MARKS = re.compile(r"[:@/]|\d|\.\w{2,}\b|_{3,}")


def _reads_as_signature_line(text: str) -> bool:
    words = text.split()
    if not words or len(words) > _MAX_SIGNATURE_LINE_WORDS or text.endswith((".", "!", "?", ",")):
        return False
    # "Let me know" is prose left without a full stop; a name or a title is capitalised.
    return _CONTACT_MARKS.search(text) is not None or all(
        word[:1].isupper() or not word[:1].isalpha() for word in words
    )


def _unsigned_signature_start(paragraphs: Sequence[ParagraphResult]) -> int:
    """Where a signature without a sign-off starts: the run of name, title and contact
    lines after the email's last full sentence, or len() if there is none."""
    start = len(paragraphs)
    lines = 0
    for index in range(len(paragraphs) - 1, -1, -1):
        text = paragraphs[index].text.strip()
        if not text:
            continue
        if not _reads_as_signature_line(text):
            ends_prose = text.endswith((".", "!", "?")) and paragraphs[index].stats.sentences > 0
            return start if ends_prose and lines else len(paragraphs)
        lines += 1
        if lines > _MAX_SIGNATURE_LINES:
            return len(paragraphs)
        start = index
    return len(paragraphs)


def combine(
    paragraphs: Sequence[ParagraphResult], rule_set: RuleSet, settings: AnalysisSettings
) -> Report:
    thresholds = {**DEFAULT_THRESHOLDS, **rule_set.thresholds}
    if settings.words_min is not None:
        thresholds["words_min"] = float(settings.words_min)
    if settings.words_max is not None:
        thresholds["words_max"] = float(settings.words_max)
    if settings.grade_max is not None:
        thresholds["grade_max"] = float(settings.grade_max)
    points = rule_set.points()

    signature_start = _signature_start(paragraphs)
    subject_line = _subject_line(paragraphs)
    findings: list[Finding] = []
    counted: list[tuple[int, ...]] = []  # the SUMMED_STATS of each judged paragraph
    first_content: tuple[int, ParagraphResult] | None = None
    lines: list[tuple[int, str]] = []
    offset = 0
    not_judged: set[int] = set()
    for index, paragraph in enumerate(paragraphs):
        lines.append((offset, paragraph.text))
        if index == subject_line or not (
            index < signature_start or _counts_after_signoff(paragraph)
        ):
            # "Subject: …" on the first line is the subject, not the email, and a
            # signature is not writing to judge; a placeholder in either still is.
            not_judged.add(index)
            findings.extend(
                finding.shifted(offset)
                for finding in paragraph.findings
                if finding.category in FLAGGED_ANYWHERE
            )
        else:
            if first_content is None and paragraph.sentences:
                first_content = (offset, paragraph)
            if paragraph.findings:
                findings += [finding.shifted(offset) for finding in paragraph.findings]
            counted.append(_summed_stats(paragraph.stats))
        offset += len(paragraph.text) + 1
    text_length = max(0, offset - 1)
    columns = zip(*counted, strict=True) if counted else ((0,) for _ in SUMMED_STATS)
    totals = dict(zip(SUMMED_STATS, map(sum, columns), strict=True))

    # A bulleted feature list is one finding, not one a bullet. The score still counts
    # each flagged bullet: a list of five features is as much about the product as five
    # sentences would be.
    findings = merge_feature_lists(lines, findings, rule_set)
    greeting_text: str | None = None
    greeting_name: str | None = None
    if first_content is not None:
        greeting_text = first_content[1].stats.greeting
        greeting_name = first_content[1].stats.greeting_name
    # Answering what they sent ("Thank you for your submission"), the email already
    # listens: it needs no question of its own to earn the question points.
    replying = totals["replies"] > 0
    given_way: frozenset[str] = frozenset()
    if totals["favour_asks"] or replying:
        # Asking a favour, or answering theirs ("I have a full list and must
        # decline"), the writer's own context is honest, not a pitch.
        given_way = frozenset(rule_set.words("context_rules"))
        findings = [f for f in findings if f.rule not in given_way]
        totals["flagged_sentences"] -= totals["context_flagged"]
    lone = _lone_context(findings, rule_set, totals["sentences"], thresholds)
    if lone is not None:
        findings.remove(lone)
        totals["flagged_sentences"] -= 1
        given_way |= {lone.rule}
    set_aside = SetAside(frozenset(not_judged), given_way)
    merged = first_content is not None and first_content[1].stats.greeting_template
    if merged:
        # "Hi [First Name]," is the line that tells the reader they are one of a list:
        # it counts against customer focus like any flagged sentence, not only as a
        # greeting without a name.
        totals["sentences"] += 1
        totals["flagged_sentences"] += 1
        # ...and in the wording, as a line written for no one in particular.
        totals["wording_sum"] += 1.0
        totals["wording_sentences"] += 1
    wording = (
        WordingFigures.of(
            [p.stats.wording_words for i, p in enumerate(paragraphs) if i not in not_judged],
            totals["wording_sum"],
            int(totals["wording_sentences"]),
            rule_set.wording_weights,
        )
        if rule_set.wording_weights
        else None
    )
    me, you = totals["me_words"], totals["you_words"]
    metrics = Metrics(
        words=totals["words"],
        sentences=totals["sentences"],
        paragraphs=sum(1 for p in paragraphs[:signature_start] if p.text.strip()),
        questions=totals["questions"],
        reader_questions=totals["reader_questions"],
        you_words=you,
        me_words=me,
        you_me_ratio=(you / me) if me else None,
        reading_grade=reading_grade(totals["words"], totals["sentences"], totals["syllables"]),
        flagged_sentences=totals["flagged_sentences"],
        greeting=greeting_text,
        greeting_name=greeting_name,
    )
    if metrics.words == 0:
        return Report((), 0, metrics, (), set_aside=set_aside)

    findings.extend(
        _email_findings(
            metrics, thresholds, rule_set, settings, first_content, text_length, replying
        )
    )
    findings.sort(key=_in_order)
    breakdown = _breakdown(
        metrics, thresholds, points, _MetricTexts(rule_set), merged, replying, wording
    )
    earned = sum(item.points for item in breakdown)
    total = sum(item.max_points for item in breakdown)
    # Points that do not add up to 100 are a pack error (rules.merge_packs says so);
    # scaled, the score still means "out of 100" meanwhile.
    score = round(earned * 100 / total) if total > 0 and abs(total - 100) > 1e-6 else round(earned)
    return Report(
        tuple(findings), max(0, min(100, score)), metrics, tuple(breakdown), set_aside=set_aside
    )


def _lone_context(
    findings: list[Finding], rule_set: RuleSet, sentences: int, thresholds: dict[str, float]
) -> Finding | None:
    """The one finding in an otherwise clean email that is only the writer's context."""
    if sentences < thresholds["lone_context_min_sentences"]:
        return None
    placed = [f for f in findings if f.category in IN_PLACE_CATEGORIES and f.end > f.start]
    if len(placed) == 1 and placed[0].rule in rule_set.words("lone_context_rules"):
        return placed[0]
    return None


def _email_findings(
    metrics: Metrics,
    thresholds: dict[str, float],
    rule_set: RuleSet,
    settings: AnalysisSettings,
    first_content: tuple[int, ParagraphResult] | None,
    text_length: int,
    replying: bool = False,
) -> list[Finding]:
    values = _Placeholders(
        words=metrics.words,
        min=int(thresholds["words_min"]),
        max=int(thresholds["words_max"]),
        grade=f"{metrics.reading_grade:.0f}",
        target=f"{thresholds['grade_min']:.0f}-{thresholds['grade_max']:.0f}",
        greeting=(metrics.greeting or "").strip(),
    )
    findings: list[Finding] = []

    def add(check_id: str, start: int, end: int) -> None:
        check = rule_set.email_checks.get(check_id)
        if check is None or check_id in settings.disabled_rules:
            return
        findings.append(
            Finding(
                check_id,
                check.category,
                start,
                end,
                check.message.format_map(values),
                check.suggestions,
            )
        )

    if first_content is not None:
        paragraph_offset, paragraph = first_content
        first = paragraph.sentences[0]
        if first.kind != "greeting":
            position = paragraph_offset + first.start
            add("greeting-missing", position, position)
        elif paragraph.stats.greeting_template:
            add("greeting-template", paragraph_offset + first.start, paragraph_offset + first.end)
        elif metrics.greeting_name is None:
            add("greeting-generic", paragraph_offset + first.start, paragraph_offset + first.end)
    if metrics.reader_questions == 0 and not replying:
        add("no-question", 0, text_length)
    if metrics.words < thresholds["cold_words_min"]:
        add("too-short", 0, text_length)
    elif metrics.words > thresholds["words_max"]:
        add("too-long", 0, text_length)
    if (
        metrics.words >= thresholds["grade_min_words"]
        and metrics.reading_grade > thresholds["grade_max"] + thresholds["grade_flag_margin"]
    ):
        add("reading-grade", 0, text_length)
    return findings


class _MetricTexts:
    """The packs' words for each metric (``[metric.<id>]``), filled in with the figures.

    Without them a metric shows its id and bare figures: no language is assumed here.
    """

    def __init__(self, rule_set: RuleSet) -> None:
        self._rule_set = rule_set

    def __call__(self, metric: str, key: str, fallback: str, **values: object) -> str:
        template = self._rule_set.metric_text(metric, key) or fallback
        return template.format_map(_Placeholders(values))

    def label(self, metric: str) -> str:
        return self._rule_set.metric_text(metric, "label") or metric


def _wording_item(
    wording: WordingFigures,
    thresholds: dict[str, float],
    points: dict[str, float],
    text: _MetricTexts,
) -> MetricScore:
    full, zero = thresholds["wording_full"], thresholds["wording_zero"]
    target = text("wording", "target", ">= {target}%", target=f"{(1 - full) * 100:.0f}")
    if not wording.sentences:
        # Nothing to weigh: no points either way, as for a reading grade on a few words.
        note = text("wording", "note_empty", "-")
        return MetricScore(
            "wording", text.label("wording"), "-", target, 0.0, points["wording"], note
        )
    share = wording.share_of_points(full, zero)
    reader = f"{(1 - wording.lean) * 100:.0f}"
    if wording.words and wording.lean > full:
        shown = ", ".join(wording.words[:PULLS_SHOWN])
        value = text("wording", "value_words", "{reader}% ({words})", reader=reader, words=shown)
    else:
        value = text("wording", "value", "{reader}%", reader=reader)
    return MetricScore(
        "wording",
        text.label("wording"),
        value,
        target,
        points["wording"] * share,
        points["wording"],
    )


def _breakdown(
    metrics: Metrics,
    thresholds: dict[str, float],
    points: dict[str, float],
    text: _MetricTexts,
    greeting_merged: bool = False,
    replying: bool = False,
    wording: WordingFigures | None = None,
) -> list[MetricScore]:
    items: list[MetricScore] = []

    # Customer focus: the share of sentences that are about the reader.
    sentences, flagged = metrics.sentences, metrics.flagged_sentences
    # Two sentences' worth of benefit of the doubt: in a three-line note one
    # flagged sentence says less about the whole email than in a long one.
    share = flagged / (sentences + _FOCUS_PRIOR_SENTENCES) if sentences else 0.0
    focus = points["focus"] * max(0.0, 1.0 - share / thresholds["focus_zero_share"])
    items.append(
        MetricScore(
            "focus",
            text.label("focus"),
            text(
                "focus",
                "value",
                "{free}/{sentences}",
                free=sentences - flagged,
                sentences=sentences,
            ),
            text("focus", "target", "{sentences}/{sentences}", sentences=sentences),
            focus,
            points["focus"],
        )
    )
    if wording is not None:
        items.append(_wording_item(wording, thresholds, points, text))

    # You and me: how often the reader is in the email compared with the writer.
    you, me = metrics.you_words, metrics.me_words
    target_ratio = thresholds["you_me_ratio_min"]
    if me:
        you_me = points["you_me"] * min(1.0, (you / me) / target_ratio)
    else:
        you_me = points["you_me"] if you else points["you_me"] / 2
    items.append(
        MetricScore(
            "you_me",
            text.label("you_me"),
            text("you_me", "value", "{you} : {me}", you=you, me=me),
            text("you_me", "target", ">= {ratio} : 1", ratio=f"{target_ratio:g}"),
            you_me,
            points["you_me"],
        )
    )

    # Questions to the reader (a pushy question does not count).
    asked = metrics.reader_questions
    low, high = thresholds["questions_min"], thresholds["questions_max"]
    question_note = ""
    if asked == 0 and replying:
        question_points = points["questions"]
        question_note = text("questions", "note_reply", "-")
    elif asked < low:
        question_points = points["questions"] * (asked / low if low else 1.0)
    elif asked > high:
        question_points = points["questions"] * high / asked
    else:
        question_points = points["questions"]
    items.append(
        MetricScore(
            "questions",
            text.label("questions"),
            text("questions", "value", "{asked}", asked=asked),
            text("questions", "target", "{low}-{high}", low=f"{low:g}", high=f"{high:g}"),
            question_points,
            points["questions"],
            question_note,
        )
    )

    # Greeting by name.
    greeting = (metrics.greeting or "").strip()
    if greeting_merged and metrics.greeting:
        greeting_value = text("greeting", "value_merge", "({greeting})", greeting=greeting)
        greeting_points = 0.0
    elif metrics.greeting_name:
        greeting_value, greeting_points = metrics.greeting or "", points["greeting"]
    elif metrics.greeting:
        greeting_value = text("greeting", "value_generic", "({greeting})", greeting=greeting)
        greeting_points = 0.0
    else:
        greeting_value, greeting_points = text("greeting", "value_missing", "-"), 0.0
    items.append(
        MetricScore(
            "greeting",
            text.label("greeting"),
            greeting_value,
            text("greeting", "target", ""),
            greeting_points,
            points["greeting"],
        )
    )

    # Length: full points from a short cold email up to the upper target.
    words = metrics.words
    shortest, longest = thresholds["cold_words_min"], thresholds["words_max"]
    if words < shortest:
        length_points = points["length"] * words / shortest
    elif words > longest:
        length_points = points["length"] * longest / words
    else:
        length_points = points["length"]
    items.append(
        MetricScore(
            "length",
            text.label("length"),
            text("length", "value", "{words}", words=words),
            text(
                "length",
                "target",
                "{min}-{max} ({cold}+)",
                min=f"{thresholds['words_min']:g}",
                max=f"{longest:g}",
                cold=f"{shortest:g}",
            ),
            length_points,
            points["length"],
        )
    )

    # Reading grade: judged only once there is enough text for the formula.
    grade = metrics.reading_grade
    grade_max = thresholds["grade_max"]
    note = ""
    if words < thresholds["grade_min_words"]:
        # The formula means little on a few lines: no points either way.
        readability, note = 0.0, text("readability", "note_short", "-")
    elif grade <= grade_max:
        readability = points["readability"]
    else:
        readability = points["readability"] * max(0.0, 1.0 - (grade - grade_max) / 6.0)
    items.append(
        MetricScore(
            "readability",
            text.label("readability"),
            text("readability", "value", "{grade}", grade=f"{grade:.1f}"),
            text(
                "readability",
                "target",
                "{min}-{max}",
                min=f"{thresholds['grade_min']:g}",
                max=f"{grade_max:g}",
            ),
            readability,
            points["readability"],
            note,
        )
    )
    return items

"""A bulleted feature list is one finding, and its fix replaces the whole list.

Qt-free. The engine reads an email line by line, so each bullet of "Our platform
includes: - dashboards - reporting - SSO" is flagged on its own. ``merge_feature_lists``
joins a run of flagged bullets (and the lead-in line before it, "Our platform
includes:") into one finding whose quick fix is a question built from the list's own
items: "Which of these would help you most right now: real-time dashboards, automated
reporting or SSO?"
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from rapport.analysis.matcher import CompiledRules
from rapport.analysis.model import Category, Finding
from rapport.analysis.rules import RuleSet

#: The rule a merged list is reported as (its message is the rule pack's).
LIST_RULE = "feature-list"
#: Items named in the rewrite; more make the question too long to answer.
MAX_ITEMS = 4
#: What a bulleted or numbered line can start with (a cheap look before the pattern).
_MARKERS = frozenset("-*•▪◦‣–0123456789")
_BRACKETED = re.compile(r"\([^()]*\)")
#: A web address: its slashes are not list separators, its "my" is not the writer.
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_BULLET = re.compile(r"^[ \t]*(?:[-*•▪◦‣–]|\d{1,2}[.)])[ \t]+(?P<item>\S.*?)[ \t]*$")


def reads_as_feature_list(
    body: str, is_bullet: bool, feature_words: int, product_words: int, compiled: CompiledRules
) -> bool:
    """Whether a sentence (or a bullet) reads as a catalogue of the product.

    ``feature_words`` counts the pack's feature words in it, ``product_words`` those
    and its specs ("16 GB", "99.9 %") together.
    """
    if is_bullet:
        # A bullet of results ("31% faster") is not a feature: it needs a feature word.
        return feature_words >= 1
    # Long lists read as a catalogue even without product words; shorter
    # ones need the product vocabulary to count.
    if product_words == 0 and body.count(",") < 4:
        return False
    separators = compiled.list_separators
    # A list in brackets is an aside with the specifics ("12 interviews, an
    # internal memo, two companies named"), not the sentence's catalogue.
    listed = _BRACKETED.sub("", body) if "(" in body else body
    if "/" in listed:
        # The slashes of a web address do not separate items.
        listed = WEB_ADDRESS.sub(" ", listed)
    items = 1 + (len(separators.findall(listed)) if separators is not None else 0)
    return (
        items >= 6
        or (items >= 4 and product_words >= 1)
        or (items >= 3 and product_words >= 2)
        or product_words >= 4
    )


def bullet_item(line: str) -> str | None:
    """The item of a bulleted or numbered line ("- Real-time dashboards"), or None."""
    match = _BULLET.match(line)
    return match.group("item") if match else None


def list_question(items: Sequence[str]) -> str | None:
    """ "Which of these would help you most right now: a, b or c?" from the items."""
    named = [_as_named(item) for item in items if item.strip()]
    named = [item for item in named if item]
    if len(named) < 2:
        return None
    if len(named) > MAX_ITEMS:
        named = [*named[: MAX_ITEMS - 1], "something else"]
    choices = ", ".join(named[:-1]) + " or " + named[-1]
    return f"Which of these would help you most right now: {choices}?"


def merge_feature_lists(
    lines: Sequence[tuple[int, str]], findings: list[Finding], rule_set: RuleSet
) -> list[Finding]:
    """``findings`` with each flagged bullet list as one finding.

    Runs on every report, so an email without a bulleted list costs one look at the
    first character of each line and nothing more.
    """
    runs = _bullet_runs(lines)
    if not runs:
        return findings
    message = next((r.message for r in rule_set.rules if r.id == LIST_RULE), None)
    if message is None:
        return findings
    by_line = _findings_by_line(lines, findings, {i for run in runs for i in (run[0] - 1, *run)})
    merged: list[Finding] = []
    absorbed: set[int] = set()
    for run in runs:
        flagged = [i for i in run if by_line.get(i)]
        if len(flagged) < 2:
            continue
        first, last = run[0], run[-1]
        start = lines[first][0] + (len(lines[first][1]) - len(lines[first][1].lstrip()))
        lead = first - 1
        if lead >= 0 and lines[lead][1].rstrip().endswith(":") and by_line.get(lead):
            lead_findings = by_line[lead]
            start = min(f.start for f in lead_findings)
            absorbed.update(id(f) for f in lead_findings)
        for i in run:
            absorbed.update(id(f) for f in by_line.get(i, ()))
        end = lines[last][0] + len(lines[last][1].rstrip())
        question = list_question([bullet_item(lines[i][1]) or "" for i in run])
        merged.append(
            Finding(
                LIST_RULE,
                Category.PRODUCT_DUMP,
                start,
                end,
                message,
                (question,) if question else (),
            )
        )
    if not merged:
        return findings
    return [*(f for f in findings if id(f) not in absorbed), *merged]


def _bullet_runs(lines: Sequence[tuple[int, str]]) -> list[list[int]]:
    """Runs of two or more bulleted lines, as line indices."""
    runs: list[list[int]] = []
    current: list[int] = []
    for index, (_, line) in enumerate(lines):
        if line.lstrip()[:1] in _MARKERS and bullet_item(line) is not None:
            current.append(index)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = []
    if len(current) >= 2:
        runs.append(current)
    return runs


def _findings_by_line(
    lines: Sequence[tuple[int, str]], findings: list[Finding], wanted: set[int]
) -> dict[int, list[Finding]]:
    """The product-dump findings on the ``wanted`` lines, by line index."""
    starts = [offset for offset, _ in lines]
    found: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.category != Category.PRODUCT_DUMP:
            continue
        line = bisect_right(starts, finding.start) - 1
        if line in wanted:
            found.setdefault(line, []).append(finding)
    return found


def _as_named(item: str) -> str:
    item = item.strip().rstrip(".;,:!")
    if not item:
        return ""
    first = item.split(" ", 1)[0]
    # "Real-time dashboards" → "real-time dashboards"; "SSO", "iPhone", "Salesforce sync"
    # keep their capitals (an acronym or a name).
    if first[1:2].isupper() or any(c.isupper() for c in first[1:]) or first.isupper():
        return item
    return item[:1].lower() + item[1:]

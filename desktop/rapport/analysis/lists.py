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
from collections.abc import Sequence

from rapport.analysis.model import Category, Finding
from rapport.analysis.rules import RuleSet

#: The rule a merged list is reported as (its message is the rule pack's).
LIST_RULE = "feature-list"
#: Items named in the rewrite; more make the question too long to answer.
MAX_ITEMS = 4
_BULLET = re.compile(r"^[ \t]*(?:[-*•▪◦‣–]|\d{1,2}[.)])[ \t]+(?P<item>\S.*?)[ \t]*$")


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
    """``findings`` with each flagged bullet list as one finding."""
    message = next((r.message for r in rule_set.rules if r.id == LIST_RULE), None)
    if message is None:
        return findings
    by_line = _findings_by_line(lines, findings)
    merged: list[Finding] = []
    absorbed: set[int] = set()
    index = 0
    while index < len(lines):
        run = _bullet_run(lines, index)
        if len(run) < 2:
            index += 1
            continue
        index = run[-1] + 1
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
        items = [bullet_item(lines[i][1]) or "" for i in run]
        question = list_question(items)
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


def _findings_by_line(
    lines: Sequence[tuple[int, str]], findings: list[Finding]
) -> dict[int, list[Finding]]:
    starts = [offset for offset, _ in lines]
    found: dict[int, list[Finding]] = {}
    line = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.category != Category.PRODUCT_DUMP:
            continue
        while line + 1 < len(starts) and starts[line + 1] <= finding.start:
            line += 1
        found.setdefault(line, []).append(finding)
    return found


def _bullet_run(lines: Sequence[tuple[int, str]], index: int) -> list[int]:
    run = []
    while index < len(lines) and bullet_item(lines[index][1]) is not None:
        run.append(index)
        index += 1
    return run


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

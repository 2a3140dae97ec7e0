"""Quick fixes in the editor: a whole bulleted list is fixed as one, and a fix that needs
the writer's input is inserted with its first placeholder selected, ready to type over.
And before the email leaves the app: which placeholders are still in it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapport.analysis import DocumentAnalyzer, Finding, Report
from rapport.analysis.lists import LIST_RULE
from rapport.offsets import OffsetMap

#: What the writer is to fill in: "[your pipeline]", "{{company}}".
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,160}\]|\{\{[^{}\n]{1,40}\}\}")

Found = tuple[int, int, Finding]
#: Findings that mean a template was left unfilled.
_TEMPLATE_RULES = frozenset({"placeholder", "greeting-template"})
#: The placeholder itself inside such a finding, to name it ("[Company Name]").
_MARK = re.compile(
    r"\[[^\]\n]*\]|\{\{[^}\n]*\}\}|\{[^{}\n]*\}|<[^>\n]*>|%[A-Z_]+%|\*\|[^|\n]*\|\*|«[^»\n]*»"
)


@dataclass(frozen=True, slots=True)
class TemplateLeft:
    """What still shows the email came from a template, as the writer would name it."""

    #: "[Company Name]", or the whole greeting ("Hello james,") when nothing is to fill in.
    label: str
    #: True for a placeholder to fill in; False for a greeting a mail merge got wrong
    #: (a name in small letters, a gap before the comma).
    is_placeholder: bool


def placeholders_in(analyzer: DocumentAnalyzer, texts: Iterable[str]) -> list[TemplateLeft]:
    """Unfilled placeholders and mail-merge greetings in ``texts`` (the subject, the
    body), in order, each once."""
    found: list[TemplateLeft] = []
    for text in texts:
        for finding in analyzer.analyze(text).findings:
            if finding.rule in _TEMPLATE_RULES:
                mark = _MARK.search(text, finding.start, finding.end)
                label = mark.group(0) if mark else text[finding.start : finding.end].strip()
                if label and all(item.label != label for item in found):
                    found.append(TemplateLeft(label, mark is not None))
    return found


def first_placeholder(text: str) -> tuple[int, int] | None:
    """The code-point span of the first placeholder in ``text``, if any."""
    match = _PLACEHOLDER.search(text)
    return (match.start(), match.end()) if match else None


def with_whole_lists(
    found: list[Found], report: Report | None, text: str, position: int
) -> list[Found]:
    """``found`` (UTF-16 spans under the cursor), with a bullet's own product-dump finding
    replaced by the finding for its whole list, whose fix replaces the list."""
    if report is None:
        return found
    offsets = OffsetMap(text)
    here = offsets.from_utf16(position)
    lists = [f for f in report.findings if f.rule == LIST_RULE and f.start <= here <= f.end]
    if not lists:
        return found
    kept = [item for item in found if item[2].category != lists[0].category]
    return [*kept, *((offsets.to_utf16(f.start), offsets.to_utf16(f.end), f) for f in lists)]

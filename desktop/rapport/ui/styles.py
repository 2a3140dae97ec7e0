"""How each finding category looks in the editor and the side panel.

Every category has its own underline style as well as its own colour, so the
highlights stay distinguishable for colour-blind users. Customer-focus findings
also get a faint background tint; grammar and spelling get only an underline,
so where the two overlap both remain visible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QApplication

from rapport.analysis.model import Finding

_Underline = QTextCharFormat.UnderlineStyle


@dataclass(frozen=True)
class CategoryStyle:
    label: str
    underline: _Underline
    light: str
    dark: str
    tint: bool
    #: A word for the style, shown in the legend for readers who can't tell colours apart.
    pattern: str


CATEGORY_STYLES: dict[str, CategoryStyle] = {
    "self-centered": CategoryStyle(
        "About you, not them", _Underline.WaveUnderline, "#c25400", "#ffa552", True, "wavy"
    ),
    "product-dump": CategoryStyle(
        "About the product", _Underline.DashUnderline, "#6f3cc3", "#c3a4ff", True, "dashed"
    ),
    "pushy": CategoryStyle(
        "Pushy", _Underline.SingleUnderline, "#c4003b", "#ff7b9c", True, "solid"
    ),
    # Sentence rules in the "impersonal" category: a placeholder, a bought-list or a
    # mass-mail line, underlined where it is (the greeting checks stay in the panel).
    "impersonal": CategoryStyle(
        "Written for anyone", _Underline.DotLine, "#00796b", "#64d8cb", True, "dotted, shaded"
    ),
    "grammar": CategoryStyle(
        "Grammar", _Underline.DashDotLine, "#1565c0", "#82b6ff", False, "dash-dot"
    ),
    "spelling": CategoryStyle(
        "Spelling", _Underline.DotLine, "#d32f2f", "#ff8a80", False, "dotted"
    ),
    "style": CategoryStyle(
        "Style", _Underline.DashDotDotLine, "#2e7d32", "#8fd694", False, "dash-dot-dot"
    ),
}
EMAIL_LEVEL_LABELS: dict[str, str] = {
    "impersonal": "Greeting",
    "no-question": "No question to the reader",
    "length": "Length",
    "readability": "Reading level",
    "no-reference": "Past conversations",
    "unanswered": "Their email",
}


def finding_title(finding: Finding, rule_names: Mapping[str, str] | None = None) -> str:
    """The heading of a finding's row and hover card.

    An underlined finding gets its category and, when the pack names its rule
    ("About you, not them · Asking for a link"), the rule too: five rows that
    all read "About you, not them" would not say what each one is about.
    """
    style = CATEGORY_STYLES.get(finding.category)
    if style is None:
        return email_level_label(finding)
    name = (rule_names or {}).get(finding.rule)
    if not name or name == style.label:
        return style.label
    return f"{style.label} · {name}"


def email_level_label(finding: Finding) -> str:
    """The side panel's title for a whole-email finding.

    A greeting check is a "Greeting" whatever its category: the contact check for
    a greeting to another name is ``no-reference`` by contract, yet it is about
    the greeting, not about past conversations.
    """
    if "greeting" in finding.rule:
        return EMAIL_LEVEL_LABELS["impersonal"]
    return EMAIL_LEVEL_LABELS.get(finding.category, finding.category)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def category_color(category: str, dark: bool) -> QColor:
    style = CATEGORY_STYLES.get(category)
    if style is None:
        return QColor("#888888")
    return QColor(style.dark if dark else style.light)


def category_format(category: str, dark: bool) -> QTextCharFormat:
    """The character format drawn under a finding of ``category``."""
    text_format = QTextCharFormat()
    style = CATEGORY_STYLES.get(category)
    if style is None:
        return text_format
    color = QColor(style.dark if dark else style.light)
    text_format.setUnderlineStyle(style.underline)
    text_format.setUnderlineColor(color)
    if style.tint:
        tint = QColor(color)
        tint.setAlpha(40 if dark else 28)
        text_format.setBackground(tint)
    return text_format

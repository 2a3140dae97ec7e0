"""The side panel: the score, how it was reached, and the list of findings."""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from rapport.analysis import IN_PLACE_CATEGORIES, SENTENCE_CATEGORIES, Finding, Report
from rapport.analysis.correctness import Correctness
from rapport.analysis.rules import EMAIL_CHECK_IDS
from rapport.notes.checks import REPLACED_ENGINE_RULES
from rapport.ui.editor import finding_card
from rapport.ui.styles import (
    CATEGORY_STYLES,
    category_color,
    email_level_label,
    finding_title,
    is_dark,
)

#: Qt.ItemDataRole.UserRole slot holding a finding's (start, end) code points.
SPAN_ROLE = Qt.ItemDataRole.UserRole
#: The slot holding the finding's rule id (two findings can share a span).
RULE_ROLE = Qt.ItemDataRole.UserRole + 1


#: Points colours that keep their contrast: (light palette, dark palette).
_LOW_POINTS = ("#c4003b", "#ff7a93")
_GOOD_POINTS = ("#2e7d32", "#7bd88f")


def breakdown_html(report: Report, dark: bool = False) -> str:
    """Each metric with its value, its target and the points it earned."""
    rows = []
    for item in report.breakdown:
        low = item.points < item.max_points * 0.5
        points_color = (_LOW_POINTS if low else _GOOD_POINTS)[dark]
        note = f" · {html.escape(item.note)}" if item.note else ""
        # The same figures as `rapport check` ("3.6/10"), not rounded again ("4/10").
        points, maximum = item.points_text().split("/")
        rows.append(
            "<tr>"
            f"<td style='padding:2px 8px 2px 0'><b>{html.escape(item.label)}</b><br>"
            f"<small>{html.escape(item.value)} · target {html.escape(item.target)}{note}</small>"
            "</td>"
            f"<td align='right' style='color:{points_color}; white-space:nowrap'>"
            f"<b>{points}</b>/{maximum}</td>"
            "</tr>"
        )
    return "<table width='100%' cellspacing='0'>" + "".join(rows) + "</table>"


def _in_place(finding: Finding) -> bool:
    """Marked on its sentence, not about the email as a whole (the greeting checks)."""
    if finding.category in SENTENCE_CATEGORIES:
        return True
    # A contact check that stands in for an engine greeting check is whole-email too.
    email_check = finding.rule in EMAIL_CHECK_IDS or finding.rule in REPLACED_ENGINE_RULES
    return finding.category in IN_PLACE_CATEGORIES and not email_check


def score_verdict(score: int, to_fix: int = 0) -> str:
    if score >= 85:
        # Never "written for the reader" alone beside misspellings or a missed promise.
        return (
            "Written for the reader, but not ready to send"
            if to_fix
            else ("Written for the reader")
        )
    if score >= 65:
        return "Mostly about the reader"
    if score >= 40:
        return "Leans toward you"
    return "About you, not the reader"


class SidePanel(QWidget):
    """Shows a Report; clicking a finding asks the window to jump to it."""

    #: (start, end) code-point offsets of the finding the user clicked.
    findingActivated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(300)
        #: Rule id -> its pack's name, for the rows' headings (set by the window).
        self.rule_names: Mapping[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)

        self.score_label = QLabel("–")
        self.score_label.setObjectName("scoreLabel")
        font = QFont(self.font())
        font.setPointSize(font.pointSize() * 3)
        font.setBold(True)
        self.score_label.setFont(font)
        self.score_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict_label = QLabel("Start writing to see your score")
        self.verdict_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The second figure: what to fix before sending, apart from the score.
        self.correctness_label = QLabel()
        self.correctness_label.setObjectName("correctness")
        self.correctness_label.setTextFormat(Qt.TextFormat.PlainText)
        self.correctness_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.correctness_label.setWordWrap(True)
        self.correctness_label.hide()
        self.score_bar = QProgressBar()
        self.score_bar.setRange(0, 100)
        self.score_bar.setTextVisible(False)
        self.score_bar.setFixedHeight(6)

        # Rich text wraps in a narrow panel, where a table would cut values off.
        self.breakdown = QLabel()
        self.breakdown.setObjectName("breakdown")
        self.breakdown.setTextFormat(Qt.TextFormat.RichText)
        self.breakdown.setWordWrap(True)
        self.breakdown.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.findings_title = QLabel("Findings")
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        self.findings.setAlternatingRowColors(True)
        self.findings.itemActivated.connect(self._activate)
        self.findings.itemClicked.connect(self._activate)
        self.legend = QLabel(self._legend_text())
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)

        layout.addWidget(self.score_label)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.correctness_label)
        layout.addWidget(self.score_bar)
        layout.addWidget(QLabel("How the score is made"))
        layout.addWidget(self.breakdown)
        layout.addWidget(self.findings_title)
        layout.addWidget(self.findings, 3)
        layout.addWidget(self.legend)

    def _legend_text(self) -> str:
        dark = is_dark()
        rows = []
        for category in sorted(IN_PLACE_CATEGORIES):
            style = CATEGORY_STYLES[category]
            color = category_color(category, dark).name()
            rows.append(
                f"<span style='color:{color}'>■</span> {style.label} "
                f"<span style='color:gray'>({style.pattern} underline)</span>"
            )
        return "<br>".join(rows)

    def show_report(
        self, report: Report, text: str, correctness: Correctness | None = None
    ) -> None:
        correctness = correctness or Correctness()
        if report.metrics.words == 0:
            self.score_label.setText("–")
            self.verdict_label.setText("Start writing to see your score")
            self.score_bar.setValue(0)
            self.correctness_label.hide()
        else:
            self.score_label.setText(str(report.score))
            self.score_bar.setValue(report.score)
            self.show_correctness(report.score, correctness)
        self.breakdown.setText(breakdown_html(report, is_dark()))
        self.legend.setText(self._legend_text())  # its colours follow a light/dark switch
        self._show_findings(report.findings, text)

    def show_correctness(self, score: int, correctness: Correctness) -> None:
        """The verdict, and the separate "before you send" line when anything needs fixing."""
        self.verdict_label.setText(score_verdict(score, correctness.total))
        if correctness.total:
            self.correctness_label.setText(f"Before you send: {correctness.summary()}")
            color = _LOW_POINTS[is_dark()]
            self.correctness_label.setStyleSheet(f"color: {color}")
            self.correctness_label.show()
        else:
            self.correctness_label.hide()

    def _show_findings(self, findings: tuple[Finding, ...], text: str) -> None:
        self.findings.clear()
        dark = is_dark()
        email_level = [f for f in findings if not _in_place(f)]
        in_place = [f for f in findings if _in_place(f)]
        for finding in email_level + in_place:
            style = CATEGORY_STYLES.get(finding.category) if _in_place(finding) else None
            title = finding_title(finding, self.rule_names) if style else email_level_label(finding)
            excerpt = " ".join(text[finding.start : finding.end].split())
            if not _in_place(finding) or not excerpt:
                excerpt = ""
            elif len(excerpt) > 80:
                excerpt = excerpt[:77] + "…"
            if excerpt:
                label = f"{title}\n“{excerpt}”"
            else:
                label = f"{title}\n{finding.message.split('. ')[0].rstrip('.')}."
            item = QListWidgetItem(label)
            # The hover card's text and width; it escapes the message, which quotes
            # contact notes and LanguageTool's words: text, never HTML.
            item.setToolTip(finding_card(finding, title, "Click to jump to it"))
            item.setData(SPAN_ROLE, (finding.start, finding.end))
            item.setData(RULE_ROLE, finding.rule)
            if style is not None or finding.category in CATEGORY_STYLES:
                item.setForeground(QBrush(category_color(finding.category, dark)))
            # Whole-email findings without a colour of their own keep the list's text
            # colour: the grey they had read as "disabled".
            self.findings.addItem(item)
        count = len(findings)
        if count:
            title = f"Findings ({count}) — click one to jump to it"
        else:
            # An empty list under a written draft says nothing was found, not that
            # nothing has been checked yet.
            title = "Findings: none in this draft" if text.strip() else "Findings"
        self.findings_title.setText(title)

    def select_finding(self, start: int, end: int, rule: str) -> bool:
        """Select (and scroll to) the row of the finding at code points start..end."""
        for row in range(self.findings.count()):
            item = self.findings.item(row)
            if item.data(SPAN_ROLE) == (start, end) and item.data(RULE_ROLE) == rule:
                self.findings.setCurrentItem(item)
                self.findings.scrollToItem(item)
                return True
        self.findings.clearSelection()
        return False

    def _activate(self, item: QListWidgetItem) -> None:
        start, end = item.data(SPAN_ROLE)
        self.findingActivated.emit(start, end)

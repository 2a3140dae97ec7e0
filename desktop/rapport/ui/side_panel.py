"""The side panel: the score, how it was reached, and the list of findings."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rapport.analysis import SENTENCE_CATEGORIES, Finding, Report
from rapport.ui.styles import CATEGORY_STYLES, EMAIL_LEVEL_LABELS, category_color, is_dark

#: Qt.ItemDataRole.UserRole slot holding a finding's (start, end) code points.
SPAN_ROLE = Qt.ItemDataRole.UserRole


def score_verdict(score: int) -> str:
    if score >= 85:
        return "Written for the reader"
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
        self.score_bar = QProgressBar()
        self.score_bar.setRange(0, 100)
        self.score_bar.setTextVisible(False)
        self.score_bar.setFixedHeight(6)

        self.breakdown = QTreeWidget()
        self.breakdown.setColumnCount(3)
        self.breakdown.setHeaderLabels(["Metric", "Now → target", "Points"])
        self.breakdown.setRootIsDecorated(False)
        self.breakdown.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.breakdown.setWordWrap(True)
        header = self.breakdown.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

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
        layout.addWidget(self.score_bar)
        layout.addWidget(QLabel("How the score is made"))
        layout.addWidget(self.breakdown, 2)
        layout.addWidget(self.findings_title)
        layout.addWidget(self.findings, 3)
        layout.addWidget(self.legend)

    def _legend_text(self) -> str:
        dark = is_dark()
        rows = []
        for category in sorted(SENTENCE_CATEGORIES):
            style = CATEGORY_STYLES[category]
            color = category_color(category, dark).name()
            rows.append(
                f"<span style='color:{color}'>■</span> {style.label} "
                f"<span style='color:gray'>({style.pattern} underline)</span>"
            )
        return "<br>".join(rows)

    def show_report(self, report: Report, text: str) -> None:
        if report.metrics.words == 0:
            self.score_label.setText("–")
            self.verdict_label.setText("Start writing to see your score")
            self.score_bar.setValue(0)
        else:
            self.score_label.setText(str(report.score))
            self.verdict_label.setText(score_verdict(report.score))
            self.score_bar.setValue(report.score)
        self.breakdown.clear()
        for item in report.breakdown:
            row = QTreeWidgetItem(
                [
                    item.label,
                    f"{item.value} → {item.target}",
                    f"{item.points:.0f}/{item.max_points:g}",
                ]
            )
            tip = f"{item.label}: {item.value}\nTarget: {item.target}"
            if item.note:
                tip += f"\n{item.note}"
            for column in range(3):
                row.setToolTip(column, tip)
            if item.points < item.max_points * 0.5:
                row.setForeground(2, QBrush(QColor("#c4003b")))
            self.breakdown.addTopLevelItem(row)
        self._show_findings(report.findings, text)

    def _show_findings(self, findings: tuple[Finding, ...], text: str) -> None:
        self.findings.clear()
        dark = is_dark()
        email_level = [f for f in findings if f.category not in SENTENCE_CATEGORIES]
        in_place = [f for f in findings if f.category in SENTENCE_CATEGORIES]
        for finding in email_level + in_place:
            style = CATEGORY_STYLES.get(finding.category)
            title = (
                style.label if style else EMAIL_LEVEL_LABELS.get(finding.category, finding.category)
            )
            excerpt = " ".join(text[finding.start : finding.end].split())
            if finding.category not in SENTENCE_CATEGORIES or not excerpt:
                excerpt = ""
            elif len(excerpt) > 80:
                excerpt = excerpt[:77] + "…"
            if excerpt:
                label = f"{title}\n“{excerpt}”"
            else:
                label = f"{title}\n{finding.message.split('. ')[0].rstrip('.')}."
            item = QListWidgetItem(label)
            item.setToolTip(finding.message)
            item.setData(SPAN_ROLE, (finding.start, finding.end))
            item.setForeground(QBrush(category_color(finding.category, dark)))
            self.findings.addItem(item)
        count = len(findings)
        self.findings_title.setText(
            "Findings" if count == 0 else f"Findings ({count}) — click one to jump to it"
        )

    def _activate(self, item: QListWidgetItem) -> None:
        start, end = item.data(SPAN_ROLE)
        self.findingActivated.emit(start, end)

"""A findings-list row's tooltip wraps like the editor's hover card.

Before: the row's tooltip was the bare message, one long line across the
editor, without the finding's title or what to try instead.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QToolTip
from window_helpers import settle

from rapport.ui.editor import finding_card

LONG = (
    "Hi Laura,\n\nWe are the leading provider of finance automation in the U.S. and the "
    "fastest growing platform in our market, trusted by hundreds of companies like yours."
)


def _shown_size(text: str, widget) -> tuple[int, int]:
    """The size of the tooltip Qt draws for ``text`` (a real tip window, offscreen)."""
    QToolTip.hideText()
    QToolTip.showText(widget.mapToGlobal(QPoint(5, 5)), text, widget)
    QApplication.processEvents()
    tips = [
        tip
        for tip in QApplication.topLevelWidgets()
        if tip.objectName() == "qtooltip_label" and tip.isVisible()
    ]
    assert tips, "no tooltip was shown"
    size = tips[0].width(), tips[0].height()
    QToolTip.hideText()
    return size


def test_a_rows_tooltip_is_the_hover_card_wrapped_to_its_width(window) -> None:
    window.editor.setPlainText(LONG)
    settle(window)
    findings = window.panel.findings
    row = next(
        i for i in range(findings.count()) if findings.item(i).text().startswith("About you")
    )
    tip = findings.item(row).toolTip()
    finding = next(
        f for f in window.editor.analysis.report.findings if f.category == "self-centered"
    )
    assert tip.startswith("<div style='max-width:360px'>")  # rich text with the card's width
    assert "<b>About you, not them" in tip and finding.message in tip
    assert "Click to jump to it" in tip

    _shown_size("warm up", findings)  # the first tip of a run can come up late
    width, height = _shown_size(tip, findings)
    card_width, _ = _shown_size(finding_card(finding), window.editor)
    line = findings.fontMetrics().height()
    assert width <= card_width + 20  # as narrow as the hover card, not one long line
    assert height >= 3 * line  # the message wraps onto several lines

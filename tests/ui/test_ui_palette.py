"""The window follows the system's light or dark palette, underlines and panel alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from window_helpers import settle

from rapport.ui.styles import CATEGORY_STYLES

EMAIL = "Hi Ana,\n\nWe are the #1 agency in town. How did the launch go?\n\nBest,\nDan"


@pytest.fixture
def dark_palette(qapp) -> Iterator[QPalette]:
    before = QPalette(qapp.palette())
    dark = QPalette(before)
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
    ):
        dark.setColor(role, QColor(color))
    yield dark
    qapp.setPalette(before)


def underline_color(window, sentence: str) -> str:
    text = window.editor.toPlainText()
    block = window.editor.document().findBlock(text.index(sentence))
    for format_range in block.layout().formats():
        if format_range.format.underlineStyle():
            return format_range.format.underlineColor().name()
    raise AssertionError(f"no underline on {sentence!r}")


def test_switching_to_a_dark_palette_recolours_underlines_and_panel(window, dark_palette) -> None:
    window.editor.setPlainText(EMAIL)
    settle(window)
    style = CATEGORY_STYLES["self-centered"]
    assert underline_color(window, "We are the #1") == QColor(style.light).name()
    assert "#2e7d32" in window.panel.breakdown.text()  # good points, green for light

    QApplication.setPalette(dark_palette)
    QApplication.processEvents()
    assert underline_color(window, "We are the #1") == QColor(style.dark).name()
    assert "#7bd88f" in window.panel.breakdown.text()  # lighter green that reads on dark
    assert "#2e7d32" not in window.panel.breakdown.text()

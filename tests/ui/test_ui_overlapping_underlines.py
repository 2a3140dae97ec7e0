"""Where two findings cover the same words, both underline styles are drawn."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage
from window_helpers import settle

from rapport.ui.highlighter import BlockState
from rapport.ui.styles import category_color, is_dark

BOTH = "Hi Ana,\n\nWe are the best and our product has features A, B, C, D and E."


def _pixels_near(image: QImage, color: QColor, top: int, bottom: int) -> int:
    """How many pixels in rows top..bottom are close to ``color``."""
    count = 0
    for y in range(max(0, top), min(image.height(), bottom)):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            distance = (
                abs(pixel.red() - color.red())
                + abs(pixel.green() - color.green())
                + abs(pixel.blue() - color.blue())
            )
            if distance < 60:
                count += 1
    return count


def test_a_sentence_about_you_and_a_feature_list_shows_both_underlines(window, qtbot) -> None:
    window.editor.setPlainText(BOTH)
    settle(window)
    categories = {f.category for _, _, f in window.editor.drawn_findings()}
    assert {"self-centered", "product-dump"} <= categories
    block = window.editor.document().findBlockByNumber(2)
    state = block.userData()
    assert isinstance(state, BlockState)
    assert [category for _, _, category in state.hidden_underlines] == ["self-centered"]

    qtbot.wait(50)
    image = window.editor.viewport().grab().toImage()
    geometry = window.editor.blockBoundingGeometry(block).translated(window.editor.contentOffset())
    top, bottom = int(geometry.top()), int(geometry.bottom()) + 4
    dark = is_dark(window.editor.palette())
    wavy = _pixels_near(image, category_color("self-centered", dark), top, bottom)
    dashed = _pixels_near(image, category_color("product-dump", dark), top, bottom)
    # Each underline runs under the sentence: dozens of pixels of its colour, not a stray one.
    assert dashed > 40, dashed
    assert wavy > 40, wavy

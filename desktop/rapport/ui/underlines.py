"""A second underline where two findings overlap.

A character has one underline style in Qt, so where a sentence is both "about
you" (wavy) and a feature list (dashed), the highlighter's last format wins and
the other style vanishes. The highlighter records what was covered
(``BlockState.hidden_underlines``); the editor paints those lines here, a few
pixels below the first, in their own colour and pattern.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen, QPixmap, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit

from rapport.ui.highlighter import BlockState
from rapport.ui.styles import CATEGORY_STYLES, category_color, is_dark

_Underline = QTextCharFormat.UnderlineStyle
#: How far below the first underline each further one is drawn, in pixels.
LINE_GAP = 3
_PEN_STYLES = {
    _Underline.SingleUnderline: Qt.PenStyle.SolidLine,
    _Underline.DashUnderline: Qt.PenStyle.DashLine,
    _Underline.DotLine: Qt.PenStyle.DotLine,
    _Underline.DashDotLine: Qt.PenStyle.DashDotLine,
    _Underline.DashDotDotLine: Qt.PenStyle.DashDotDotLine,
}


def paint_covered_underlines(editor: QPlainTextEdit, area: QRect) -> None:
    """Paint the covered underlines of the blocks in ``area`` of the viewport."""
    block = editor.firstVisibleBlock()
    offset = editor.contentOffset()
    bottom = min(editor.viewport().height(), area.bottom() + LINE_GAP * 3)
    dark = is_dark(editor.palette())
    painter: QPainter | None = None
    underline_pos = editor.fontMetrics().underlinePos()
    while block.isValid():
        state = block.userData()
        covered = state.hidden_underlines if isinstance(state, BlockState) else []
        if not covered:
            block = block.next()
            if (
                block.isValid()
                and editor.blockBoundingGeometry(block).translated(offset).top() > bottom
            ):
                break
            continue
        geometry = editor.blockBoundingGeometry(block).translated(offset)
        top = geometry.top()
        if top > bottom:
            break
        if geometry.bottom() + LINE_GAP * 3 >= area.top() and block.isVisible():
            if painter is None:
                painter = QPainter(editor.viewport())
            layout = block.layout()
            for number, (start, end, category) in enumerate(covered):
                # A line under every covered one already drawn on the same characters.
                depth = 1 + sum(
                    1 for other in covered[:number] if other[0] < end and start < other[1]
                )
                pen = QPen(category_color(category, dark), 1.2)
                style = CATEGORY_STYLES[category].underline
                pen.setStyle(_PEN_STYLES.get(style, Qt.PenStyle.SolidLine))
                painter.setPen(pen)
                for index in range(layout.lineCount()):
                    line = layout.lineAt(index)
                    first = max(start, line.textStart())
                    last = min(end, line.textStart() + line.textLength())
                    if first >= last:
                        continue
                    x1 = line.cursorToX(first)[0]
                    x2 = line.cursorToX(last)[0]
                    y = top + line.y() + line.ascent() + underline_pos + LINE_GAP * depth
                    x1, x2 = x1 + offset.x(), x2 + offset.x()
                    if style == _Underline.WaveUnderline:
                        _wave(painter, x1, x2, y)
                    else:
                        painter.drawLine(QPointF(x1, y), QPointF(x2, y))
        block = block.next()
    if painter is not None:
        painter.end()


def _wave(painter: QPainter, x1: float, x2: float, y: float) -> None:
    """A wavy line, as a tiled 4-pixel wave (one fill, however long the line)."""
    color = painter.pen().color()
    tile = _WAVE_TILES.get(color.rgba())
    if tile is None:
        tile = QPixmap(4, 3)
        tile.fill(Qt.GlobalColor.transparent)
        with_pen = QPainter(tile)
        with_pen.setRenderHint(QPainter.RenderHint.Antialiasing)
        with_pen.setPen(QPen(color, 1.0))
        with_pen.drawPolyline([QPointF(0, 2.5), QPointF(2, 0.5), QPointF(4, 2.5)])
        with_pen.end()
        _WAVE_TILES[color.rgba()] = tile
    painter.save()
    painter.setBrushOrigin(QPointF(x1, y - 1.5))
    painter.fillRect(QRectF(x1, y - 1.5, x2 - x1, 3), QBrush(tile))
    painter.restore()


#: Wave tiles by colour, made on first use (never at import time).
_WAVE_TILES: dict[int, QPixmap] = {}

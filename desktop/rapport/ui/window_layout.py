"""How the window holds up when it is small: scrolling tabs, a splitter that keeps
both sides, a minimum size, and status-bar labels that give way.

At 640×420 the score breakdown used to be cut off with no scrollbar, and at
400×300 the side panel ran off the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QTabWidget, QWidget

#: The smallest window Rapport allows: the their-email strip, a few lines of the draft
#: and the score side by side.
MINIMUM_WINDOW = (560, 360)
#: Neither side of the splitter gets narrower than this.
MINIMUM_SIDE_WIDTH = 200


class SideTabs(QTabWidget):
    """The side panel's tabs, each page in a scroll area (see ``scrolling``).

    ``setCurrentWidget`` and ``indexOf`` also take the page itself (``window.contacts``)
    rather than only the scroll area that holds it.
    """

    def indexOf(self, widget: QWidget) -> int:
        for index in range(self.count()):
            page = self.widget(index)
            if page is widget or (isinstance(page, QScrollArea) and page.widget() is widget):
                return index
        return -1

    def setCurrentWidget(self, widget: QWidget) -> None:
        index = self.indexOf(widget)
        if index >= 0:
            self.setCurrentIndex(index)


def scrolling(page: QWidget) -> QScrollArea:
    """``page`` in a scroll area that scrolls vertically when the window is short."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    # Narrower than the tab by a scrollbar, so a short window scrolls only up and down.
    page.setMinimumWidth(min(page.minimumWidth(), MINIMUM_SIDE_WIDTH - 24))
    return area


def keep_both_sides(splitter: QSplitter, *sides: QWidget) -> None:
    """The draft and the side panel can't be dragged (or squeezed) away."""
    for side in sides:
        splitter.setCollapsible(splitter.indexOf(side), False)
        side.setMinimumWidth(MINIMUM_SIDE_WIDTH)


class YieldingLabel(QLabel):
    """A status-bar label that is cut short with "…" in a narrow window, rather than
    widening the window or running under its neighbour. The full text is its tooltip.
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 60), hint.height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width()
        )
        painter.drawText(self.contentsRect(), int(self.alignment()), shown)
        painter.end()

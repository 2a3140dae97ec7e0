"""Status messages that are read whole.

A status-bar message longer than the room left beside the word count and the
grammar state was cut off ("Copied subject and body: paste ther…"). The
window's status bar is a :class:`NoticeStatusBar`: a message that fits is shown
as before; one that does not is shown in a wrapping notice just above the
status bar, for as long as the message would have stayed, and a click on it
dismisses it. ``currentMessage()`` holds the whole text either way.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

#: Widest the notice grows, in pixels; it wraps beyond that.
NOTICE_MAX_WIDTH = 560
#: Room the status bar keeps beside its message (its grip and margins).
_MARGIN = 24


class Notice(QLabel):
    """The wrapping notice: a tooltip-coloured box at the bottom-left of the window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file and contact names
        self.setAutoFillBackground(True)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setMargin(8)
        self.setFrameShape(QLabel.Shape.Box)
        self.setToolTip("Click to dismiss")
        self.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()


class NoticeStatusBar(QStatusBar):
    """A status bar whose long messages go to a :class:`Notice` instead of being cut."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._permanent: list[QWidget] = []
        self.notice = Notice(window)
        self._noticed = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._end_notice)
        window.installEventFilter(self)

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch)

    def room_for_message(self) -> int:
        """Pixels the message has to the left of the permanent widgets."""
        shown = [widget for widget in self._permanent if widget.isVisible()]
        left = min((widget.geometry().left() for widget in shown), default=self.width())
        return max(0, left - _MARGIN)

    def fits(self, text: str) -> bool:
        return "\n" not in text and self.fontMetrics().horizontalAdvance(text) <= (
            self.room_for_message()
        )

    def showMessage(self, text: str, timeout: int = 0) -> None:
        if self.fits(text):
            self._end_notice()
            super().showMessage(text, timeout)
            return
        super().clearMessage()
        self._noticed = text
        self._show_notice()
        if timeout > 0:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def clearMessage(self) -> None:
        self._end_notice()
        super().clearMessage()

    def currentMessage(self) -> str:
        """The message shown, in the bar or in the notice above it."""
        return self._noticed or super().currentMessage()

    def _end_notice(self) -> None:
        self._noticed = ""
        self._timer.stop()
        self.notice.hide()

    def _show_notice(self) -> None:
        notice = self.notice
        notice.setText(self._noticed)
        width = min(NOTICE_MAX_WIDTH, self._window.width() - 16)
        notice.setFixedWidth(width)
        notice.setFixedHeight(notice.heightForWidth(width))
        self._place()
        notice.show()
        notice.raise_()

    def _place(self) -> None:
        self.notice.move(8, self.geometry().top() - self.notice.height() - 6)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self._noticed:
            self._show_notice()
        return False

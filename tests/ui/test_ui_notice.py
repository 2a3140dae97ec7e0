"""Status messages are read whole: in the bar when they fit, in a wrapping notice if not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rapport.ui.app import wait_until


def test_a_message_that_does_not_fit_is_shown_whole_in_a_notice(window, qtbot) -> None:
    window.resize(640, 420)
    wait_until(lambda: False, timeout=0.2)
    window.editor.setPlainText("Hi Ana,\n\nHow is the rollout going?")
    window.sending.ask_before_sending = False
    window.sending.copy_email()
    bar, notice = window.statusBar(), window.statusBar().notice
    copied = bar.currentMessage()
    assert copied.startswith("Copied") and not bar.fits(copied)
    assert notice.isVisible() and notice.text() == copied
    # Inside the window, above the status bar, and tall enough for every wrapped line.
    assert notice.geometry().left() >= 0 and notice.geometry().right() <= window.width()
    assert notice.geometry().bottom() <= bar.geometry().top()
    assert notice.height() >= notice.heightForWidth(notice.width())
    # The bar does not show a cut-off copy of it beside the word count.
    assert super(type(bar), bar).currentMessage() == ""
    qtbot.mouseClick(notice, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    QApplication.clipboard().clear()


def test_a_short_message_stays_in_the_bar_and_a_notice_goes_after_its_time(window) -> None:
    bar = window.statusBar()
    bar.showMessage("Saved draft.txt", 4000)
    assert bar.fits("Saved draft.txt")
    assert not bar.notice.isVisible() and bar.currentMessage() == "Saved draft.txt"
    window.resize(560, 360)
    wait_until(lambda: False, timeout=0.2)
    long = "No mail app answered, so the email was copied instead: paste it into your mail app"
    bar.showMessage(long, 300)
    assert bar.notice.isVisible() and bar.notice.width() <= window.width()
    assert wait_until(lambda: not bar.notice.isVisible(), timeout=3)
    assert bar.currentMessage() == ""

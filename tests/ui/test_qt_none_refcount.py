"""Regression test for PySide6 6.12.0 on Python 3.11 (pinned below 6.12 there).

That release lowers the reference count of None on every call that returns
nothing; after a few thousand calls the interpreter aborts with "Fatal Python
error: none_dealloc". Any PySide6 that does this fails here long before that.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QWidget

CALLS = 5_000


class _Highlighter(QSyntaxHighlighter):
    def highlightBlock(self, text: str) -> None:
        for position in range(len(text)):
            self.setFormat(position, 1, QTextCharFormat())


def test_void_calls_leave_the_refcount_of_none_alone(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    document = QTextDocument()
    highlighter = _Highlighter(document)
    before = sys.getrefcount(None)
    for index in range(CALLS):
        widget.resize(100 + index % 7, 80)  # returns nothing
    document.setPlainText("x" * CALLS)  # CALLS setFormat() calls, each returning nothing
    highlighter.rehighlight()
    after = sys.getrefcount(None)
    # Other code may hold a few more or fewer references to None meanwhile; a
    # leak of one per call would show as a drop of thousands.
    assert after > before - 100, f"None lost {before - after} references in {2 * CALLS} calls"

"""The right-click menu over a finding: its quick fix applies as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu
from window_helpers import settle


def test_quick_fix_applies_as_one_step_and_undoes(window) -> None:
    original = "Hi Ana,\n\nWant to buy some?"
    window.editor.setPlainText(original)
    settle(window)
    start, end, finding = window.editor.drawn_findings()[0]
    menu = QMenu()
    window.editor.finding_menu.add_finding_actions(menu, None, start, end, finding)
    replace = next(a for a in menu.actions() if a.text().startswith("Replace with"))
    replace.trigger()
    fixed = window.editor.toPlainText()
    assert fixed == "Hi Ana,\n\n" + finding.suggestions[0]
    settle(window)
    assert not any(f.category == "pushy" for _, _, f in window.editor.drawn_findings())
    window.editor.undo()
    assert window.editor.toPlainText() == original

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


def test_a_greeting_mark_can_be_ignored_for_the_draft_and_then_goes(window) -> None:
    window.editor.setPlainText("Dear Sir or Madam,\n\nHow did the launch go for your team?")
    settle(window)
    start, end, finding = next(
        item for item in window.editor.drawn_findings() if item[2].rule == "greeting-generic"
    )
    menu = QMenu()
    window.editor.finding_menu.add_finding_actions(menu, None, start, end, finding)
    texts = [action.text() for action in menu.actions()]
    # "Ignore here" would have no sentence to act on: a greeting check is about the email.
    assert "Ignore here" not in texts
    next(a for a in menu.actions() if a.text() == "Ignore this rule in this draft").trigger()
    settle(window)
    assert not any(f.rule == "greeting-generic" for _, _, f in window.editor.drawn_findings())
    assert "greeting-generic" not in {f.rule for f in window.editor.analysis.report.findings}

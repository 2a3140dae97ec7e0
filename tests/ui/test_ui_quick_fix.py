"""Quick fixes in the real window: the placeholder comes out selected, one Ctrl+Z undoes
it, and a bulleted list is fixed as a whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from window_helpers import settle

from rapport.ui.quick_fix import with_whole_lists


def _apply_first_fix(window, start, end, finding) -> None:
    menu = QMenu()
    window.editor.finding_menu.add_finding_actions(menu, None, start, end, finding)
    next(a for a in menu.actions() if a.text().startswith("Replace with")).trigger()


def test_a_rewrite_comes_in_with_its_placeholder_selected_and_undoes_in_one_step(
    window, qtbot
) -> None:
    original = "Hi Ana,\n\nOur platform offers real-time dashboards.\n\nHow is Q3 going?"
    window.editor.setPlainText(original)
    settle(window)
    start, end, finding = next(
        item for item in window.editor.drawn_findings() if item[2].category == "product-dump"
    )
    _apply_first_fix(window, start, end, finding)
    assert window.editor.toPlainText() == original.replace(
        "Our platform offers real-time dashboards.", "You could see [your pipeline] in real time."
    )
    # Ready to type over.
    assert window.editor.textCursor().selectedText() == "[your pipeline]"
    qtbot.keyClicks(window.editor, "your Q3 pipeline")
    assert "You could see your Q3 pipeline in real time." in window.editor.toPlainText()
    window.editor.undo()  # the typing
    assert "[your pipeline]" in window.editor.toPlainText()
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == original  # the fix, with one Ctrl+Z


def test_a_feature_list_is_fixed_as_one_from_any_of_its_bullets(window) -> None:
    original = (
        "Hi Ana,\n\nOur platform includes:\n- Real-time dashboards\n- Automated reporting\n"
        "- SSO\n\nHow is the quarter going?"
    )
    window.editor.setPlainText(original)
    settle(window)
    listed = [f for f in window.editor.analysis.report.findings if f.category == "product-dump"]
    assert len(listed) == 1  # the findings list shows the list once
    on_a_bullet = original.index("Automated")
    found = with_whole_lists(
        window.editor.findings_at(on_a_bullet), window.editor.analysis.report, original, on_a_bullet
    )
    (start, end, finding) = next(item for item in found if item[2].category == "product-dump")
    _apply_first_fix(window, start, end, finding)
    fixed = window.editor.toPlainText()
    assert fixed == (
        "Hi Ana,\n\nWhich of these would help you most right now: real-time dashboards, "
        "automated reporting or SSO?\n\nHow is the quarter going?"
    )
    window.editor.undo()
    assert window.editor.toPlainText() == original
    QApplication.processEvents()

"""The same text gives the same report in the window as in `rapport check` (issue 16, item 12).

Before: a UTF-8 BOM hid the greeting from `rapport check` (the window strips it);
a no-break space or a line separator (Shift+Enter) changed the window's score
from that of the file it saved; a hard-wrapped .txt opened in the window kept
its lines, though `rapport check` reads them joined.
"""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_helpers import settle

from rapport.cli import build_parser, run_check

NO_BREAK_SPACE = "\u00a0"
LINE_SEPARATOR = "\u2028"  # what Qt puts in a paragraph for Shift+Enter

BODY = (
    "I remember you said the month-end close takes your team two full days, and that "
    "the reconciliation is where most of the time goes; how did this month go? We are the "
    "leading provider of finance automation in the U.S. and the fastest growing platform "
    "in our market, trusted by hundreds of companies like yours."
)
EMAIL = f"Hi Laura,\n\n{BODY}\n\nBest,\nDan\n"


def cli_report(path: Path) -> dict:
    out = io.StringIO()
    run_check(build_parser().parse_args(["check", "--json", str(path)]), out, io.StringIO())
    return json.loads(out.getvalue())


def window_rules(window) -> tuple[int, list[str]]:
    settle(window)
    report = window.editor.analysis.report
    return report.score, sorted(f.rule for f in report.findings)


def cli_rules(path: Path) -> tuple[int, list[str]]:
    report = cli_report(path)
    return report["score"], sorted(f["rule"] for f in report["findings"])


def type_text(window, text: str) -> None:
    """Put ``text`` in the editor as typing does: no paste or file normalisation."""
    cursor = window.editor.textCursor()
    cursor.insertText(text)
    window.editor.setTextCursor(cursor)


def test_a_typed_no_break_space_scores_as_the_file_the_window_saves(window, tmp_path) -> None:
    window.editor.setPlainText("")
    type_text(window, EMAIL.replace("Hi Laura,", f"Hi{NO_BREAK_SPACE}Laura,"))
    typed = window_rules(window)
    saved = tmp_path / "saved.txt"
    assert window.draft_files.write(saved)
    assert typed == cli_rules(saved)
    assert "greeting-missing" not in typed[1]


def test_shift_enter_starts_a_paragraph_as_the_saved_file_has_it(window, qtbot, tmp_path) -> None:
    window.editor.setPlainText("")
    type_text(window, "Hi Laura,\n\nHow did the launch go?\n\nBest,")
    qtbot.keyClick(window.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    type_text(window, "Dan")
    assert LINE_SEPARATOR not in window.editor.document().lastBlock().text()
    assert window.editor.document().lastBlock().text() == "Dan"
    typed = window_rules(window)
    saved = tmp_path / "saved.txt"
    assert window.draft_files.write(saved)
    assert typed == cli_rules(saved)


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbf" + EMAIL.encode(),
        EMAIL.replace("Hi Laura,", f"Hi{NO_BREAK_SPACE}Laura,").encode(),
        EMAIL.replace("\n\nBest,\nDan", f"{LINE_SEPARATOR * 2}Best,{LINE_SEPARATOR}Dan").encode(),
    ],
    ids=["bom", "no-break-space", "line-separator"],
)
def test_an_opened_file_scores_as_rapport_check_scores_it(window, tmp_path, raw: bytes) -> None:
    path = tmp_path / "email.txt"
    path.write_bytes(raw)
    assert window.draft_files.open_file(path)
    assert window_rules(window) == cli_rules(path)
    assert not window.draft_files.has_unsaved_changes()


def test_an_opened_hard_wrapped_file_is_read_joined_as_rapport_check_reads_it(
    window, tmp_path
) -> None:
    wrapped = f"Hi Laura,\n\n{textwrap.fill(BODY, 72)}\n\nBest,\nDan\n"
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    assert window.draft_files.open_file(path)
    assert window.editor.toPlainText() == EMAIL
    assert "Joined the file's wrapped lines" in window.statusBar().currentMessage()
    assert window_rules(window) == cli_rules(path)
    assert not window.draft_files.has_unsaved_changes()  # nothing was typed; the file is untouched
    window.editor.undo()  # one Ctrl+Z gives the file's lines back
    assert window.editor.toPlainText() == wrapped


def test_with_joining_off_an_opened_file_keeps_its_lines(window, tmp_path) -> None:
    from dataclasses import replace

    window.apply_settings(replace(window.settings, unwrap_pastes=False))
    wrapped = f"Hi Laura,\n\n{textwrap.fill(BODY, 72)}\n\nBest,\nDan\n"
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    assert window.draft_files.open_file(path)
    assert window.editor.toPlainText() == wrapped

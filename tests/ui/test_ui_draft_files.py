"""The draft's file in the window: open and save, the autosave, and the drafts a crash
left behind offered back (in the window, or each in a window of its own)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from window_helpers import choose_laura

from rapport.settings import load_settings
from rapport.ui import drafts
from rapport.ui.app import wait_until
from rapport.ui.main_window import MainWindow

BODY = "Hi Laura,\n\nHow did the Boston move go for your daughter?"


def test_open_and_save_text_markdown_and_eml(window, tmp_path: Path) -> None:
    source = tmp_path / "draft.md"
    source.write_text("Subject: Quick question\n\nHi Ana,\n\nHow is it going? 🚀\n")
    assert window.draft_files.open_file(source)
    assert window.subject.text() == "Quick question"
    assert window.editor.toPlainText() == "Hi Ana,\n\nHow is it going? 🚀\n"
    window.editor.appendPlainText("More.")
    assert window.draft_files.save()
    assert source.read_text().startswith("Subject: Quick question\n\nHi Ana,")
    assert "More." in source.read_text()

    eml = tmp_path / "mail.eml"
    eml.write_bytes(
        b"From: a@b.c\r\nSubject: =?utf-8?q?Caf=C3=A9_plans?=\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nHi Dan,\r\n\r\nSee you there.\r\n"
    )
    assert window.draft_files.open_file(eml)
    assert window.subject.text() == "Café plans"
    assert window.editor.toPlainText() == "Hi Dan,\n\nSee you there."
    assert window.draft_files.path is None, "an .eml opens as a new draft, never overwritten"


_CRASHING_WINDOW = textwrap.dedent(
    """
    import os, signal, sys, time
    from PySide6.QtWidgets import QApplication
    from rapport.settings import load_settings
    from rapport.ui.app import type_text, wait_until
    from rapport.ui.main_window import MainWindow

    subject, body, then = sys.argv[1], sys.argv[2], sys.argv[3]
    app = QApplication([])
    window = MainWindow(*load_settings())
    window.show()
    window.subject.setText(subject)
    type_text(window.editor, body)
    wait_until(lambda: False, timeout=2.5)  # autosave runs every 1.5 s
    type_text(window.editor, " Lost")
    print("saved", flush=True)
    if then == "wait":
        sys.stdin.readline()  # a window still open, until the test is done with it
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def start_window_that_types(subject: str, body: str, then: str = "crash") -> subprocess.Popen:
    """A real Rapport window in its own process: types, autosaves, then dies by kill -9."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-c", _CRASHING_WINDOW, subject, body, then],
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "saved\n"
    return process


def crash_window_that_typed(subject: str, body: str) -> None:
    process = start_window_that_types(subject, body)
    assert process.wait(timeout=60) == -signal.SIGKILL


def answer_questions(monkeypatch, answer=QMessageBox.StandardButton.Yes) -> list[str]:
    asked: list[str] = []

    def question(*args, **kwargs):
        asked.append(args[2])
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def new_window(qtbot) -> MainWindow:
    window = MainWindow(*load_settings())
    window.ask_before_closing = False
    qtbot.addWidget(window)
    return window


def test_draft_survives_kill_minus_9_and_is_offered_back(qtbot, monkeypatch) -> None:
    crash_window_that_typed("Renewal", "Hi Ana,\n\nHow did the audit go? 🎉")
    asked = answer_questions(monkeypatch)
    window = new_window(qtbot)
    assert window.draft_files.offer_restore()
    assert "Restore it?" in asked[0]
    assert window.subject.text() == "Renewal"
    assert window.editor.toPlainText() == "Hi Ana,\n\nHow did the audit go? 🎉"
    assert drafts.claim_orphaned_autosaves() == []  # now this window's own draft
    window.editor.shutdown()


def test_opening_a_file_after_a_crash_still_offers_the_draft_and_keeps_both(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    crash_window_that_typed("Renewal", "Hi Ana,\n\nWhat did the board decide?")
    other = tmp_path / "other.txt"
    other.write_text("Hi Sam,\n\nHow was the trip?\n", encoding="utf-8")
    window = new_window(qtbot)
    assert window.draft_files.open_file(other)  # rapport --open other.txt
    window.draft_files.autosave()
    answer_questions(monkeypatch)
    assert window.draft_files.offer_restore()
    assert window.editor.toPlainText() == "Hi Sam,\n\nHow was the trip?\n"
    (restored,) = window.restored_windows
    qtbot.addWidget(restored)
    restored.ask_before_closing = False
    assert restored.editor.toPlainText() == "Hi Ana,\n\nWhat did the board decide?"
    for shown in (window, restored):
        shown.editor.shutdown()


def test_two_crashed_windows_both_come_back(qtbot, monkeypatch) -> None:
    first = start_window_that_types("First", "Text typed in the first window.")
    second = start_window_that_types("Second", "Text typed in the second window.")
    assert first.wait(timeout=60) == second.wait(timeout=60) == -signal.SIGKILL
    asked = answer_questions(monkeypatch)
    window = new_window(qtbot)
    assert window.draft_files.offer_restore()
    assert "2 drafts" in asked[0]
    for restored in window.restored_windows:
        restored.ask_before_closing = False
        qtbot.addWidget(restored)
    windows = [window, *window.restored_windows]
    assert sorted(w.subject.text() for w in windows) == ["First", "Second"]
    for shown in windows:
        shown.editor.shutdown()


def test_a_second_window_leaves_a_running_windows_draft_alone(qtbot, monkeypatch) -> None:
    running = start_window_that_types("Still open", "Being written elsewhere.", then="wait")
    try:
        asked = answer_questions(monkeypatch)
        window = new_window(qtbot)
        window.editor.setPlainText("A second window's own text.")
        window.draft_files.autosave()
        assert not window.draft_files.offer_restore() and asked == []
        assert window.draft_files.autosave_path.exists()
    finally:
        running.communicate("go\n", timeout=60)  # then it crashes
    window.editor.shutdown()
    assert [o.autosave.subject for o in drafts.claim_orphaned_autosaves()] == ["Still open"]


def test_saving_or_closing_cleanly_leaves_no_restore_offer(qtbot, tmp_path, monkeypatch) -> None:
    window = MainWindow(*load_settings())
    qtbot.addWidget(window)
    window.editor.setPlainText("Hi Ana,\n\nHow are you?")
    window.draft_files.autosave()
    assert window.draft_files.autosave_path.exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.draft_files.autosave_path.exists()
    assert drafts.claim_orphaned_autosaves() == []


def test_autosave_is_atomic_json(window) -> None:
    window.subject.setText("S")
    window.editor.setPlainText("Body 🚀")
    window.draft_files.autosave()
    saved = json.loads(window.draft_files.autosave_path.read_text(encoding="utf-8"))
    assert (saved["subject"], saved["body"]) == ("S", "Body 🚀")
    names = {p.name for p in window.draft_files.autosave_path.parent.iterdir()}
    assert names == {
        window.draft_files.autosave_path.name,
        window.draft_files.autosave_path.with_suffix(".lock").name,
    }


def test_the_to_contact_survives_a_crash_restore(
    window, known_contact, make_window, monkeypatch
) -> None:
    choose_laura(window)
    window.subject.setText("Boston")
    window.editor.setPlainText(BODY)
    window.draft_files.autosave()
    # The window dies: the kernel drops its lock, and its draft is left behind.
    window.draft_files._autosave._lock.release()
    (orphan,) = drafts.claim_orphaned_autosaves()
    assert orphan.autosave.to == "Laura Chen <laura@example.com>"
    orphan._lock.release()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    restored = make_window()
    assert restored.draft_files.offer_restore()
    assert restored.editor.toPlainText() == BODY
    assert restored.contacts.to_row.to_field.text() == "Laura Chen <laura@example.com>"
    # Without a keychain the contact is chosen once the notes unlock (the Contact tab).
    restored.side_tabs.setCurrentWidget(restored.contact_tab)
    assert wait_until(lambda: restored.contacts.history is not None, timeout=10)
    assert restored.contacts.history.contact.name == "Laura Chen"
    assert restored.contacts.recipient_address() == "laura@example.com"


_CRASHING_WINDOW_WITH_TO = textwrap.dedent(
    """
    import os, signal
    from PySide6.QtWidgets import QApplication
    from rapport.settings import load_settings
    from rapport.ui.app import wait_until
    from rapport.ui.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(*load_settings())
    window.show()
    window.contacts.to_row.to_field.setText("Sam Ortiz <sam@northwind.example>")
    window.subject.setText("Offsite")
    window.editor.setPlainText("Hi Sam,\\n\\nHow was the offsite?")
    wait_until(lambda: False, timeout=2.5)  # autosave runs every 1.5 s
    print("saved", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_the_to_field_survives_kill_minus_9(make_window, monkeypatch) -> None:
    process = subprocess.run(
        [sys.executable, "-c", _CRASHING_WINDOW_WITH_TO],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == -signal.SIGKILL and process.stdout == "saved\n"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    restored = make_window()
    assert restored.draft_files.offer_restore()
    assert restored.subject.text() == "Offsite"
    assert restored.contacts.to_row.to_field.text() == "Sam Ortiz <sam@northwind.example>"
    assert restored.contacts.recipient_address() == "sam@northwind.example"

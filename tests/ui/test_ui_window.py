"""The window around the editor: copy, mail link, files, autosave, settings."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import settle

from rapport.settings import Settings, load_settings, settings_path
from rapport.ui import drafts
from rapport.ui.drafts import Draft, DraftFileError
from rapport.ui.main_window import MainWindow


def test_copy_puts_plain_text_and_simple_html_on_the_clipboard(window) -> None:
    window.subject.setText("Your month-end")
    window.editor.setPlainText("Hi Ana,\n\nHow did the close go?\nAny surprises?\n\nBest,\nDan")
    settle(window)
    window.copy_email()
    data = QApplication.clipboard().mimeData()
    # The body only: it is pasted into the mail app's message field.
    assert data.text() == "Hi Ana,\n\nHow did the close go?\nAny surprises?\n\nBest,\nDan"
    markup = data.html()
    assert "Subject" not in markup and "month-end" not in markup
    assert "<p>Hi Ana,</p>" in markup
    assert "<p>How did the close go?<br>Any surprises?</p>" in markup
    assert "underline" not in markup and "background" not in markup


def test_mail_link_for_short_email_and_copy_for_long(window, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(window.mail_launcher, "open", lambda url, on_failure: opened.append(url))
    window.subject.setText("Lunch?")
    window.editor.setPlainText("Hi Ana,\n\nLunch on Friday?")
    window.open_in_mail_app()
    assert opened and opened[0].startswith("mailto:?subject=Lunch")
    assert "Friday" in opened[0]

    window.editor.setPlainText("Hi Ana,\n\n" + "How is the new team settling in? " * 100)
    window.open_in_mail_app()
    assert len(opened) == 1, "a too-long email must not be sent as a mailto: link"
    assert "copied instead" in window.statusBar().currentMessage()
    assert QApplication.clipboard().text().endswith("settling in? ")


def test_open_and_save_text_markdown_and_eml(window, tmp_path: Path) -> None:
    source = tmp_path / "draft.md"
    source.write_text("Subject: Quick question\n\nHi Ana,\n\nHow is it going? 🚀\n")
    assert window.open_file(source)
    assert window.subject.text() == "Quick question"
    assert window.editor.toPlainText() == "Hi Ana,\n\nHow is it going? 🚀\n"
    window.editor.appendPlainText("More.")
    assert window.save()
    assert source.read_text().startswith("Subject: Quick question\n\nHi Ana,")
    assert "More." in source.read_text()

    eml = tmp_path / "mail.eml"
    eml.write_bytes(
        b"From: a@b.c\r\nSubject: =?utf-8?q?Caf=C3=A9_plans?=\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\nHi Dan,\r\n\r\nSee you there.\r\n"
    )
    assert window.open_file(eml)
    assert window.subject.text() == "Café plans"
    assert window.editor.toPlainText() == "Hi Dan,\n\nSee you there."
    assert window.file_path is None, "an .eml opens as a new draft, never overwritten"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("binary.txt", b"\xff\xfe\x00\x00junk", "not UTF-8"),
        ("picture.png", b"\x89PNG", "opens .txt, .md and .eml"),
        ("missing.txt", None, "could not be read"),
    ],
)
def test_bad_files_get_a_clear_message(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DraftFileError, match=message):
        drafts.read_draft(path)


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
    assert window.offer_restore()
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
    assert window.open_file(other)  # rapport --open other.txt
    window.autosave()
    answer_questions(monkeypatch)
    assert window.offer_restore()
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
    assert window.offer_restore()
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
        window.autosave()
        assert not window.offer_restore() and asked == []
        assert window.autosave_path.exists()
    finally:
        running.communicate("go\n", timeout=60)  # then it crashes
    window.editor.shutdown()
    assert [o.autosave.subject for o in drafts.claim_orphaned_autosaves()] == ["Still open"]


def test_saving_or_closing_cleanly_leaves_no_restore_offer(qtbot, tmp_path, monkeypatch) -> None:
    window = MainWindow(*load_settings())
    qtbot.addWidget(window)
    window.editor.setPlainText("Hi Ana,\n\nHow are you?")
    window.autosave()
    assert window.autosave_path.exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    window.close()
    assert not window.autosave_path.exists()
    assert drafts.claim_orphaned_autosaves() == []


def test_settings_persist_and_apply(window) -> None:
    changed = Settings(words_max=80, font_size=15, disabled_rules=["brag"])
    window.apply_settings(changed)
    assert load_settings()[0].words_max == 80
    assert window.editor.font().pointSize() == 15
    window.editor.setPlainText("Hi Ana,\n\nOur award-winning team can help.")
    settle(window)
    assert not any(f.rule == "brag" for _, _, f in window.editor.drawn_findings())


def test_corrupt_settings_file_shows_a_warning_and_uses_defaults(qtbot) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json")
    window = MainWindow(*load_settings())
    window.ask_before_closing = False
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible()
    assert "damaged" in window.banner.text()
    assert window.settings == Settings()
    assert path.with_name("settings.json.damaged").read_text() == "{ not json"
    window.editor.shutdown()


def test_autosave_is_atomic_json(window) -> None:
    window.subject.setText("S")
    window.editor.setPlainText("Body 🚀")
    window.autosave()
    saved = json.loads(window.autosave_path.read_text(encoding="utf-8"))
    assert (saved["subject"], saved["body"]) == ("S", "Body 🚀")
    names = {p.name for p in window.autosave_path.parent.iterdir()}
    assert names == {window.autosave_path.name, window.autosave_path.with_suffix(".lock").name}


def test_mailto_and_html_helpers() -> None:
    draft = Draft("A & B", "Line <1>\n\nLine 2")
    assert drafts.simple_html(draft).count("<p>") == 2  # the body's paragraphs, no subject
    assert "&lt;1&gt;" in drafts.simple_html(draft)
    assert (
        drafts.mailto_url(draft)
        == "mailto:?subject=A%20%26%20B&body=Line%20%3C1%3E%0D%0A%0D%0ALine%202"
    )
    assert drafts.mailto_url(draft, "laura@acme.example").startswith(
        "mailto:laura@acme.example?subject=A%20%26%20B&body="
    )


def test_an_eml_full_of_script_tags_opens_in_time_linear_in_its_size(tmp_path: Path) -> None:
    """'<script>' * 20000 in an HTML body took 10 s to open, on the UI thread."""
    from ratio_timing import MAX_RATIO, measure

    def eml_of(size: int) -> str:
        path = tmp_path / f"spam-{size}.eml"
        body = "<script>" * (size // len("<script>"))
        path.write_text(
            f"Subject: Offer\nContent-Type: text/html; charset=utf-8\n\n<p>Hi</p>{body}",
            encoding="utf-8",
        )
        return str(path)

    ratio = measure(lambda name: drafts.read_draft(Path(name)), eml_of)
    assert ratio.value <= MAX_RATIO, str(ratio)
    assert drafts.read_draft(Path(eml_of(1000))).body.startswith("Hi")


def test_copy_warns_before_an_email_with_a_placeholder_leaves_the_app(window, monkeypatch) -> None:
    window.subject.setText("About {{company}}")
    window.editor.setPlainText("Hi Sam,\n\nI saw that [Company Name] is hiring. How is it going?")
    settle(window)
    QApplication.clipboard().setText("what was there before")
    asked: list[str] = []

    def answer(reply):
        def question(*args, **kwargs):
            asked.append(args[2])
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    window.copy_email()
    assert "“{{company}}”" in asked[0] and "“[Company Name]”" in asked[0]
    assert QApplication.clipboard().text() == "what was there before"
    assert "fill in {{company}} first" in window.statusBar().currentMessage()

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    window.copy_email()
    assert "[Company Name]" in QApplication.clipboard().text()


def test_an_email_without_placeholders_is_copied_without_a_question(window, monkeypatch) -> None:
    window.editor.setPlainText("Hi Sam,\n\nHow did the launch go for your team?")
    settle(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    window.copy_email()
    assert "How did the launch go" in QApplication.clipboard().text()

"""The email leaving the app: the clipboard, the mail link with the To: address (copied
instead when too long or no mail app answers, with nothing on stderr), and a question
before a placeholder leaves."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import choose_laura, settle

from rapport.ui.mail_launch import launcher_command

BODY = "Hi Laura,\n\nHow did the Boston move go for your daughter? PRIVATE-PRICING-42"


def test_the_mail_link_carries_the_contacts_address(window, known_contact, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        window.sending.mail_launcher, "open", lambda url, on_failure: opened.append(url)
    )
    choose_laura(window)
    window.subject.setText("Boston")
    window.editor.setPlainText(BODY)
    window.sending.open_in_mail_app()
    assert opened[0].startswith("mailto:laura@example.com?subject=Boston&body=Hi%20Laura")


def test_an_address_typed_in_to_is_used_without_a_contact(window, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        window.sending.mail_launcher, "open", lambda url, on_failure: opened.append(url)
    )
    window.contacts.to_row.to_field.setText("Sam <sam@northwind.example>")
    window.editor.setPlainText("Hi Sam,\n\nHow was the offsite?")
    window.sending.open_in_mail_app()
    assert opened[0].startswith("mailto:sam@northwind.example?subject=")


@pytest.mark.skipif(
    launcher_command("mailto:x") is None, reason="needs xdg-open or gio on this machine"
)
def test_a_launcher_that_fails_prints_no_body_and_the_email_is_copied(window, capfd, qtbot) -> None:
    """gio here has no mail app to hand the link to: it fails, and says so on stderr,
    with the whole link. None of that may reach the terminal."""
    window.subject.setText("Boston")
    window.editor.setPlainText(BODY)
    settle(window)
    capfd.readouterr()
    window.sending.open_in_mail_app()
    qtbot.waitUntil(lambda: not window.sending.mail_launcher.busy(), timeout=10_000)
    captured = capfd.readouterr()
    assert "PRIVATE-PRICING-42" not in captured.err + captured.out
    assert QApplication.clipboard().text() == BODY
    assert "copied instead" in window.statusBar().currentMessage()


def test_with_no_launcher_at_all_nothing_is_printed(window, capfd, monkeypatch, tmp_path) -> None:
    """Qt's own openUrl printed "Unable to detect a launcher for 'mailto:…body…'"."""
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("gio") is None
    window.editor.setPlainText(BODY)
    settle(window)
    capfd.readouterr()
    window.sending.open_in_mail_app()
    captured = capfd.readouterr()
    assert "PRIVATE-PRICING-42" not in captured.err + captured.out
    assert QApplication.clipboard().text() == BODY


def test_copy_subject_is_its_own_action(window) -> None:
    window.subject.setText("Boston")
    window.editor.setPlainText(BODY)
    settle(window)
    window.sending.copy_email()
    assert not QApplication.clipboard().text().startswith("Subject")
    window.copy_subject_action.trigger()
    assert QApplication.clipboard().text() == "Boston"
    assert window.copy_subject_action.shortcut().toString() == "Ctrl+Alt+C"


def test_copy_puts_plain_text_and_simple_html_on_the_clipboard(window) -> None:
    window.subject.setText("Your month-end")
    window.editor.setPlainText("Hi Ana,\n\nHow did the close go?\nAny surprises?\n\nBest,\nDan")
    settle(window)
    window.sending.copy_email()
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
    monkeypatch.setattr(
        window.sending.mail_launcher, "open", lambda url, on_failure: opened.append(url)
    )
    window.subject.setText("Lunch?")
    window.editor.setPlainText("Hi Ana,\n\nLunch on Friday?")
    window.sending.open_in_mail_app()
    assert opened and opened[0].startswith("mailto:?subject=Lunch")
    assert "Friday" in opened[0]

    window.editor.setPlainText("Hi Ana,\n\n" + "How is the new team settling in? " * 100)
    window.sending.open_in_mail_app()
    assert len(opened) == 1, "a too-long email must not be sent as a mailto: link"
    assert "copied instead" in window.statusBar().currentMessage()
    assert QApplication.clipboard().text().endswith("settling in? ")


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
    window.sending.copy_email()
    assert "“{{company}}”" in asked[0] and "“[Company Name]”" in asked[0]
    assert QApplication.clipboard().text() == "what was there before"
    assert "fill in {{company}} first" in window.statusBar().currentMessage()

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    window.sending.copy_email()
    assert "[Company Name]" in QApplication.clipboard().text()


def test_the_warning_names_the_merge_fields_of_other_mail_tools(window, monkeypatch) -> None:
    """A Mailchimp tag or a Word merge field pasted in with a template is named as it
    is written, so the writer can find it."""
    window.editor.setPlainText(
        "Hi *|FNAME|*,\n\nI saw that «Company_Name» is hiring. How is it going?\n\nDan"
    )
    settle(window)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.No,
    )
    window.sending.copy_email()
    assert "“*|FNAME|*”" in asked[0] and "“«Company_Name»”" in asked[0]


def test_an_email_without_placeholders_is_copied_without_a_question(window, monkeypatch) -> None:
    window.editor.setPlainText("Hi Sam,\n\nHow did the launch go for your team?")
    settle(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    window.sending.copy_email()
    assert "How did the launch go" in QApplication.clipboard().text()


def test_a_mail_merge_greeting_is_named_as_such_not_as_a_placeholder(window, monkeypatch) -> None:
    window.editor.setPlainText("Hello james,\n\nHow did the launch go for your team?")
    settle(window)
    asked: list[tuple[str, str]] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    window.sending.copy_email()
    title, text = asked[0]
    assert title == "The greeting looks like a mail merge"
    assert "“Hello james,”" in text and "placeholder" not in text
    assert window.statusBar().currentMessage() == "Nothing left the app: fix the greeting first"

"""What goes to the mail client: the To: address, the body without a subject line, nothing
on stderr, and a restored draft keeps who it was for."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import choose_laura, settle

from rapport.ui import drafts
from rapport.ui.app import wait_until
from rapport.ui.mail_launch import launcher_command

BODY = "Hi Laura,\n\nHow did the Boston move go for your daughter? PRIVATE-PRICING-42"


def test_the_mail_link_carries_the_contacts_address(window, known_contact, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(window.mail_launcher, "open", lambda url, on_failure: opened.append(url))
    choose_laura(window)
    window.subject.setText("Boston")
    window.editor.setPlainText(BODY)
    window.open_in_mail_app()
    assert opened[0].startswith("mailto:laura@example.com?subject=Boston&body=Hi%20Laura")


def test_an_address_typed_in_to_is_used_without_a_contact(window, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(window.mail_launcher, "open", lambda url, on_failure: opened.append(url))
    window.contacts.to_field.setText("Sam <sam@northwind.example>")
    window.editor.setPlainText("Hi Sam,\n\nHow was the offsite?")
    window.open_in_mail_app()
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
    window.open_in_mail_app()
    qtbot.waitUntil(lambda: not window.mail_launcher.busy(), timeout=10_000)
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
    window.open_in_mail_app()
    captured = capfd.readouterr()
    assert "PRIVATE-PRICING-42" not in captured.err + captured.out
    assert QApplication.clipboard().text() == BODY


def test_copy_subject_is_its_own_action(window) -> None:
    window.subject.setText("Boston")
    window.editor.setPlainText(BODY)
    settle(window)
    window.copy_email()
    assert not QApplication.clipboard().text().startswith("Subject")
    window.copy_subject_action.trigger()
    assert QApplication.clipboard().text() == "Boston"
    assert window.copy_subject_action.shortcut().toString() == "Ctrl+Alt+C"


def test_the_to_contact_survives_a_crash_restore(
    window, known_contact, make_window, monkeypatch
) -> None:
    choose_laura(window)
    window.subject.setText("Boston")
    window.editor.setPlainText(BODY)
    window.autosave()
    # The window dies: the kernel drops its lock, and its draft is left behind.
    window._autosave._lock.release()
    (orphan,) = drafts.claim_orphaned_autosaves()
    assert orphan.autosave.to == "Laura Chen <laura@example.com>"
    orphan._lock.release()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    restored = make_window()
    assert restored.offer_restore()
    assert restored.editor.toPlainText() == BODY
    assert restored.contacts.to_field.text() == "Laura Chen <laura@example.com>"
    # Without a keychain the contact is chosen once the notes unlock (the Contact tab).
    restored.side_tabs.setCurrentWidget(restored.contact_tab)
    assert wait_until(lambda: restored.contacts.history is not None, timeout=10)
    assert restored.contacts.history.contact.name == "Laura Chen"
    assert restored.contacts.recipient_address() == "laura@example.com"


_CRASHING_WINDOW = textwrap.dedent(
    """
    import os, signal
    from PySide6.QtWidgets import QApplication
    from rapport.settings import load_settings
    from rapport.ui.app import wait_until
    from rapport.ui.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(*load_settings())
    window.show()
    window.contacts.to_field.setText("Sam Ortiz <sam@northwind.example>")
    window.subject.setText("Offsite")
    window.editor.setPlainText("Hi Sam,\\n\\nHow was the offsite?")
    wait_until(lambda: False, timeout=2.5)  # autosave runs every 1.5 s
    print("saved", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_the_to_field_survives_kill_minus_9(make_window, monkeypatch) -> None:
    process = subprocess.run(
        [sys.executable, "-c", _CRASHING_WINDOW],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert process.returncode == -signal.SIGKILL and process.stdout == "saved\n"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    restored = make_window()
    assert restored.offer_restore()
    assert restored.subject.text() == "Offsite"
    assert restored.contacts.to_field.text() == "Sam Ortiz <sam@northwind.example>"
    assert restored.contacts.recipient_address() == "sam@northwind.example"

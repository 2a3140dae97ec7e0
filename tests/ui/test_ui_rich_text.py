"""User, file and server text is shown as it is, never run as HTML (tags, images, tables).

What a user reads is what Qt renders: :func:`as_shown` decides rich or plain the
way the widget does (its text format, or Qt's guess for tooltips and message
boxes) and returns the rendered text. The hostile values use images that do not
exist, so a failing run shows the tag vanish instead of reading /dev/zero.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QInputDialog
from window_helpers import PASSPHRASE, finish_operations, settle

from rapport.notes.store import open_store

IMG = '<img src="missing.png">'
TABLE = "<table width=5000><tr><td>wide</td></tr></table>"


def as_shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    document = QTextDocument()
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if rich:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


@pytest.fixture
def hostile_contact(monkeypatch) -> None:
    monkeypatch.setattr("rapport.notes.keys.keychain_available", lambda backend=None: False)
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    eve = store.add_contact(
        "<b>Eve</b> & Co",
        email="eve@example.com",
        company=f"Acme {IMG}",
        role=TABLE,
        personal="<i>likes</i> <a href='x'>links</a>",
    )
    store.add_note(eve.id, f"Loves {IMG} hiking", kind="personal")
    store.close()
    answers = iter([(PASSPHRASE, True)] * 5)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))


def choose_eve(window) -> None:
    window.contacts.to_row.to_field.setText("Eve")
    window.contacts.to_row.choose_shown("eve@example.com")
    finish_operations(window)


def test_the_contact_tab_shows_every_field_as_typed_and_keeps_the_window_narrow(
    window, hostile_contact
) -> None:
    choose_eve(window)
    details = window.contacts.history_view.details
    shown = as_shown(details.text(), details.textFormat())
    for value in ("<b>Eve</b> & Co", f"Acme {IMG}", TABLE, "<i>likes</i> <a href='x'>links</a>"):
        assert value in shown
    QApplication.processEvents()
    assert window.minimumSizeHint().width() < 1600  # a 5,000 px table made it 5,192
    assert window.width() < 1600


def test_the_contact_message_quotes_what_was_typed(window, hostile_contact) -> None:
    window.contacts.to_row.choose_shown(f"{IMG} Bob")
    finish_operations(window)
    message = window.contacts.message
    assert f"“{IMG} Bob”" in as_shown(message.text(), message.textFormat())


def test_a_finding_tooltip_quotes_a_note_as_written(window, hostile_contact) -> None:
    choose_eve(window)
    window.editor.setPlainText("Hello,\n\nHow is the new quarter going for your team?")
    settle(window)
    tips = [
        as_shown(window.panel.findings.item(i).toolTip())
        for i in range(window.panel.findings.count())
    ]
    assert any(f"Loves {IMG} hiking" in tip for tip in tips), tips


def test_the_import_preview_and_its_warnings_show_the_files_text(
    window, hostile_contact, monkeypatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

    from rapport.ui.contact_files import ImportPreviewDialog

    card = f"BEGIN:VCARD\nVERSION:3.0\nFN:Mallory\nORG:Acme {IMG}\nEND:VCARD\n"
    cards = tmp_path / f"{IMG}.vcf"  # a downloaded file's name is anyone's to choose
    cards.write_text(card, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(cards), ""))
    seen: list[ImportPreviewDialog] = []
    monkeypatch.setattr(
        ImportPreviewDialog, "exec", lambda dialog: seen.append(dialog) or QDialog.Rejected
    )
    window.contact_files.import_contacts()
    finish_operations(window)
    cell = seen[0].table.model().index(0, 2)  # what the preview table shows
    assert cell.data() == f"Acme {IMG}"
    assert f"{IMG}.vcf line 1" in as_shown(cell.data(Qt.ItemDataRole.ToolTipRole))

    broken = tmp_path / f"{IMG} broken.vcf"
    broken.write_text("BEGIN:VCARD\nFN:Half a card\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(broken), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.contact_files.import_contacts()
    finish_operations(window)
    assert len(shown) == 1 and f"{IMG} broken.vcf" in as_shown(shown[0])

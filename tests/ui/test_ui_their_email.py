"""The window replying to their email: the pane, File → Reply to an email…, Import mail…."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QToolBar
from window_helpers import PASSPHRASE, finish_operations, settle, unlocked_store

from rapport.notes.store import open_store
from rapport.ui.app import wait_until

FIXTURES = Path(__file__).parent.parent / "mail" / "fixtures"
THEIRS = (
    "Hi Sam,\n\nCan you send the pricing for 50 seats?\n"
    "I was wondering whether you support SSO with Okta.\n"
    "We're worried about the rollout: the last vendor burned us.\n\nBest,\nLaura\n\n"
    "On Mon, 3 Mar 2025 at 10:02, Sam Lee <sam@acme.example> wrote:\n> Here is the deck."
)


def paste_theirs(window, text: str = THEIRS) -> None:
    pane = window.their_email
    pane.set_expanded(True)
    pane.text.setPlainText(text)
    assert wait_until(lambda: pane.their is not None, timeout=5)


def rows(window) -> list[str]:
    points = window.their_email.points
    return [points.item(row).text() for row in range(points.count())]


def test_the_pane_is_out_of_the_way_when_empty(window) -> None:
    pane = window.their_email
    assert not pane.isVisible()  # folded, it takes no room beside the draft
    assert not pane.show_action.isChecked()
    window.editor.setPlainText("Hi Laura,\n\nHow is the move going?\n\nSam")
    settle(window)
    labels = [item.label for item in window.editor.analysis.report.breakdown]
    assert "Their questions answered" not in labels  # not replying: nothing about it


def test_pasted_email_lists_their_points_and_the_reply_is_checked(window) -> None:
    paste_theirs(window)
    assert rows(window) == [
        "Question: Can you send the pricing for 50 seats?",
        "Question: I was wondering whether you support SSO with Okta.",
        "Concern: We're worried about the rollout: the last vendor burned us.",
    ]
    window.editor.setPlainText(
        "Hi Laura,\n\nPricing for 50 seats is $18 a seat a month. Would one team first suit "
        "the rollout?\n\nSam"
    )
    settle(window)
    assert wait_until(lambda: window.their_email.points_label.text().endswith("1 of 2"))
    assert rows(window)[0].startswith("✓ Question")
    assert rows(window)[1].startswith("○ Question")
    assert "Their questions answered" in window.panel.breakdown.text()
    report = window.report_presenter.reply_check.report
    breakdown = {item.label: item.value for item in report.breakdown}
    assert breakdown["Their questions answered"] == "1 of 2"
    messages = [f.message for f in report.findings if f.category == "unanswered"]
    assert any("I was wondering whether you support SSO with Okta." in m for m in messages)
    # A click on a point selects it in their email.
    window.their_email._show_point(window.their_email.points.item(1))
    assert window.their_email.text.textCursor().selectedText() == (
        "I was wondering whether you support SSO with Okta."
    )
    # The quoted history and signature are set aside, shown on demand.
    pane = window.their_email
    assert pane.history_button.isEnabled() and not pane.history.isVisible()
    pane.history_button.setChecked(True)
    assert "> Here is the deck." in pane.history.toPlainText()
    assert "Best,\nLaura" in pane.history.toPlainText()
    pane.clear()
    settle(window)
    assert wait_until(lambda: "Their questions answered" not in window.panel.breakdown.text())
    assert window.report_presenter.reply_check is None


def test_reply_to_an_eml_sets_subject_and_offers_to_create_the_contact(
    window, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rapport.ui.their_email import reply_to_file

    monkeypatch.setattr("rapport.notes.keys.keychain_available", lambda backend=None: False)
    monkeypatch.setattr(window.contacts, "_provider", lambda confirm: PASSPHRASE)
    asked: list[str] = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert reply_to_file(window, FIXTURES / "outlook.eml")
    assert window.subject.text() == "AW: Acme proposal"
    finish_operations(window)  # the sender is looked up and added off the UI thread
    assert (
        "Jörg Müller &lt;joerg.mueller@mueller.example&gt; is not one of your contacts"
        in (asked[0])
    )
    assert window.contacts.history.contact.email == "joerg.mueller@mueller.example"
    assert window.their_email.body.isVisible()
    assert "Could you send us the security questionnaire before Friday?" in (
        window.their_email.text.toPlainText()
    )
    assert "Hi Jörg, please find the proposal" not in window.their_email.text.toPlainText()
    # The next reply to them finds the contact by address, no question asked.
    window.subject.clear()
    assert reply_to_file(window, FIXTURES / "outlook.eml")
    finish_operations(window)
    assert len(asked) == 1 and window.subject.text() == "AW: Acme proposal"


def test_import_mail_previews_then_writes_off_the_ui_thread(
    window, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    monkeypatch.setattr("rapport.notes.keys.keychain_available", lambda backend=None: False)
    store = open_store(passphrase_provider=lambda confirm: PASSPHRASE)
    store.add_contact("Laura Chen", email="laura.chen@northwind.example")
    store.close()
    monkeypatch.setattr(window.contacts, "_provider", lambda confirm: PASSPHRASE)
    flow = window.mail_import
    flow.start([FIXTURES / "gmail_takeout.mbox"])
    assert wait_until(lambda: flow.preview is not None and flow.preview.isVisible(), timeout=10)
    preview = flow.preview
    assert preview.table.model().rowCount() == 1  # one row per contact
    assert preview.table.model().index(0, 1).data() == "1 received, 1 sent"
    senders, follow_ups = preview.senders.model(), preview.follow_ups.model()
    assert senders.rowCount() == 1 and "Priya Raman" in senders.index(0, 0).data()
    assert follow_ups.rowCount() >= 1
    # Nothing is written before Import; the sender is added only when ticked.
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for view in (preview.senders, preview.follow_ups):  # Space ticks the chosen line
        view.setCurrentIndex(view.model().index(0, 0))
        QTest.keyClick(view, Qt.Key.Key_Space)
    assert senders.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    preview.accept()
    assert wait_until(
        lambda: not flow.running() and "Imported" in window.statusBar().currentMessage(),
        timeout=10,
    )
    assert window.statusBar().currentMessage() == "Imported 3 emails, added 1 contact, 1 follow-up."
    opened = unlocked_store(window)
    priya = opened.find_contact("priya@contoso.example")
    assert [e.subject for e in opened.received_emails(priya.id)] == ["Intro from Laura"]
    laura = opened.find_contact("Laura Chen")
    assert len(opened.open_follow_ups(laura.id)) == 1


def test_a_cut_off_mailbox_is_refused_in_the_window(
    window, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("rapport.notes.keys.keychain_available", lambda backend=None: False)
    monkeypatch.setattr(window.contacts, "_provider", lambda confirm: PASSPHRASE)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    cut = tmp_path / "cut.mbox"
    cut.write_bytes((FIXTURES / "gmail_takeout.mbox").read_bytes()[:-40])
    window.mail_import.start([cut])
    assert wait_until(lambda: bool(shown), timeout=10)
    assert "cut.mbox ends in the middle of message 3 of 3" in shown[0]
    assert window.mail_import.preview is None


def test_the_toolbar_button_opens_the_pane_and_counts_what_they_asked(window) -> None:
    pane = window.their_email
    toolbar_actions = [a for bar in window.findChildren(QToolBar) for a in bar.actions()]
    assert pane.show_action in toolbar_actions
    pane.show_action.trigger()
    assert pane.isVisible()
    pane.text.setPlainText(THEIRS)
    assert wait_until(lambda: pane.show_action.text() == "Their email (3)", timeout=5)
    pane.toggle.click()  # the pane's own header folds it away again
    assert not pane.isVisible() and not pane.show_action.isChecked()
    pane.show_action.trigger()
    assert pane.isVisible() and rows(window)  # what they asked is still there

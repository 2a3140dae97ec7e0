"""Past conversations from the mailbox: mbox (Gmail Takeout, Thunderbird), .eml, Maildir."""

from __future__ import annotations

import dataclasses
import mailbox
import shutil
from pathlib import Path
from typing import Any

import pytest

from rapport import cli
from rapport.analysis.rules import load_rule_set
from rapport.mail.mailboxes import MailboxError, MailReadCancelled
from rapport.notes.mail_import import plan_mail_import
from rapport.notes.store import NotesStore
from rapport.notes.store_mail import MailImportCancelled, import_mail, known_message_ids

FIXTURES = Path(__file__).parent.parent / "mail" / "fixtures"
PASSPHRASE = "mail import pass"


def plan(store: NotesStore, *paths: Path, **kwargs: Any):
    return plan_mail_import(
        list(paths),
        store.list_contacts(),
        known_message_ids(store),
        load_rule_set("en").words("signoffs"),
        **kwargs,
    )


@pytest.fixture
def contacts(store: NotesStore) -> NotesStore:
    store.add_contact("Laura Chen", "Laura.Chen@northwind.example", "Northwind")
    store.add_contact("Jörg Müller", "joerg.mueller@mueller.example", "Müller GmbH")
    return store


def test_gmail_takeout_mbox_goes_into_each_contacts_history(contacts: NotesStore) -> None:
    found = plan(contacts, FIXTURES / "gmail_takeout.mbox")
    assert found.messages == 3
    assert found.owner == "sam@acme.example"
    assert import_mail(contacts, found.entries) == 2
    laura = contacts.find_contact("Laura Chen")
    history = contacts.contact_history(laura.id)
    (received,) = history.received_emails
    (sent,) = history.sent_emails
    assert received.subject == "Re: Northwind demo follow-up"
    assert received.sent_at.isoformat() == "2025-03-04T17:14:52+00:00"
    assert "moving to the new warehouse in April" in received.body
    assert "Sam Lee <sam@acme.example> wrote" not in received.body  # quotes set aside
    assert "I'll send the onboarding plan by Friday." in sent.body  # base64 decoded
    # Someone who is not a contact is listed, never added.
    (priya,) = found.unknown_senders
    assert (priya.name, priya.address, priya.messages) == (
        "Priya Raman",
        "priya@contoso.example",
        1,
    )
    assert contacts.contact_count() == 2
    # Promises in the user's sent mail are suggestions, not follow-ups.
    suggested = [f.text for f in found.follow_ups]
    assert "I'll send the onboarding plan by Friday." in suggested
    assert contacts.open_follow_ups() == []


def test_a_second_import_adds_nothing(contacts: NotesStore) -> None:
    first = plan(contacts, FIXTURES / "gmail_takeout.mbox")
    import_mail(contacts, first.entries)
    again = plan(contacts, FIXTURES / "gmail_takeout.mbox", FIXTURES / "thunderbird.mbox")
    # Laura's first email is in both mailboxes (same Message-ID): skipped both times.
    assert [(e.subject, e.direction) for e in again.entries] == [("Vertrag / contract", "received")]
    assert again.duplicates == 3
    assert import_mail(contacts, again.entries) == 1
    assert import_mail(contacts, plan(contacts, FIXTURES / "thunderbird.mbox").entries) == 0


def test_thunderbird_mbox_iso_8859_15_and_flowed_text(contacts: NotesStore) -> None:
    found = plan(contacts, FIXTURES / "thunderbird.mbox")
    by_subject = {entry.subject: entry for entry in found.entries}
    assert "Grüße from München, we need the invoice in €." in by_subject["Vertrag / contract"].body
    # format=flowed: the soft line break joins the sentence again.
    assert "timing matters. Could you send" in by_subject["Re: Northwind demo follow-up"].body


def test_eml_files_and_a_maildir_folder(contacts: NotesStore, tmp_path: Path) -> None:
    emls = [FIXTURES / "apple_mail.eml", FIXTURES / "outlook.eml"]
    found = plan(contacts, *emls)
    assert sorted(e.subject for e in found.entries) == [
        "AW: Acme proposal",
        "Re: Northwind – demo follow-up",
    ]
    maildir = mailbox.Maildir(str(tmp_path / "Mail"), create=True)
    for path in emls:
        maildir.add(path.read_bytes())
    from_maildir = plan(contacts, tmp_path / "Mail")
    assert sorted(e.message_id for e in from_maildir.entries) == sorted(
        e.message_id for e in found.entries
    )


def test_a_truncated_mbox_imports_nothing_and_names_the_message(
    contacts: NotesStore, tmp_path: Path
) -> None:
    data = (FIXTURES / "gmail_takeout.mbox").read_bytes()
    cut = tmp_path / "cut.mbox"
    # Inside message 2's base64 body, mid-line.
    cut.write_bytes(data[: data.index(b"Content-Transfer-Encoding: base64") + 60])
    with pytest.raises(MailboxError, match=r"cut\.mbox ends in the middle of message 2 of 2"):
        plan(contacts, cut)
    # Cut at a line end inside a multipart message: its closing boundary never comes.
    at_line = tmp_path / "at-line.mbox"
    at_line.write_bytes(data[: data.index(b'Content-Type: text/html; charset="UTF-8"')])
    with pytest.raises(MailboxError, match=r"at-line\.mbox, message 1 is cut off"):
        plan(contacts, at_line)
    assert contacts.received_emails(contacts.find_contact("Laura Chen").id) == []


def test_a_file_that_is_not_mail_is_refused(contacts: NotesStore, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some notes\n")
    with pytest.raises(MailboxError, match="not an mbox file"):
        plan(contacts, notes)
    junk = tmp_path / "junk.mbox"
    junk.write_bytes(b"From x\nhello there\nthis is not mail\n\n")
    with pytest.raises(MailboxError, match=r"junk\.mbox, message 1 is not an email"):
        plan(contacts, junk)


def test_cancelling_leaves_nothing_half_written(contacts: NotesStore, tmp_path: Path) -> None:
    with pytest.raises(MailReadCancelled):
        plan(contacts, FIXTURES / "gmail_takeout.mbox", cancelled=lambda: True)
    found = plan(contacts, FIXTURES / "gmail_takeout.mbox")
    entries = found.entries * 1  # two rows; cancel after the first batch is written
    answers = iter([False, True])
    big = [
        type(entries[0])(e.contact_id, e.direction, e.subject, e.body, e.when, f"<{i}@x>")
        for i, e in enumerate(entries * 300)
    ]
    with pytest.raises(MailImportCancelled):
        import_mail(contacts, big, cancelled=lambda: next(answers))
    laura = contacts.find_contact("Laura Chen")
    assert contacts.sent_emails(laura.id) == [] and contacts.received_emails(laura.id) == []


def test_imported_mail_is_encrypted_and_searchable(contacts: NotesStore, db_path: Path) -> None:
    import_mail(contacts, plan(contacts, FIXTURES / "gmail_takeout.mbox").entries)
    (hit,) = contacts.search("warehouse April")
    assert hit.contact_name == "Laura Chen"
    contacts.close()
    raw = b"".join(p.read_bytes() for p in db_path.parent.iterdir() if p.is_file())
    for secret in (b"warehouse", b"onboarding", b"Northwind demo", b"laura.chen"):
        assert secret not in raw


@pytest.fixture
def passphrase_env(no_keychain: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("RAPPORT_PASSPHRASE", PASSPHRASE)
    return PASSPHRASE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_import_mail_cli_dry_run_then_import(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    run(capsys, "contacts", "add", "Laura Chen", "--email", "laura.chen@northwind.example")
    mbox = str(FIXTURES / "gmail_takeout.mbox")
    code, out, err = run(capsys, "contacts", "import-mail", mbox, "--dry-run")
    assert code == 0, err
    assert "Laura Chen <laura.chen@northwind.example>: 2 new (1 received, 1 sent)" in out
    assert "received  2025-03-04  Re: Northwind demo follow-up" in out
    assert "Priya Raman <priya@contoso.example>  1 message" in out
    assert "Laura Chen: I'll send the onboarding plan by Friday." in out
    assert "Dry run: 2 emails would be added, 0 already there; nothing was written." in out
    code, out, err = run(capsys, "contacts", "import-mail", mbox)
    assert code == 0 and "Imported 2 emails for 1 contact; 0 already there." in out
    code, out, err = run(capsys, "contacts", "import-mail", mbox)
    assert code == 0 and "Imported 0 emails for 0 contacts; 2 already there." in out
    code, out, _ = run(capsys, "notes", "search", "warehouse")
    assert out.startswith("Laura Chen\t")


def test_import_mail_cli_bad_file_exits_2_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], passphrase_env: str, tmp_path: Path
) -> None:
    run(capsys, "contacts", "add", "Laura Chen", "--email", "laura.chen@northwind.example")
    good = tmp_path / "good.mbox"
    shutil.copy(FIXTURES / "gmail_takeout.mbox", good)
    cut = tmp_path / "cut.mbox"
    cut.write_bytes(good.read_bytes()[:-40])
    code, out, err = run(capsys, "contacts", "import-mail", str(good), str(cut))
    assert code == 2
    assert "cut.mbox ends in the middle of message 3 of 3" in err and "Nothing was imported" in err
    code, out, _ = run(capsys, "notes", "search", "warehouse")
    assert out == ""
    code, _, err = run(capsys, "contacts", "import-mail", str(tmp_path / "missing.mbox"))
    assert code == 2 and "does not exist" in err


def test_the_scan_of_a_big_mbox_reports_progress_and_can_be_cancelled(
    contacts: NotesStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rapport.mail.mailboxes as mailboxes

    monkeypatch.setattr(mailboxes, "_SCAN_STEP", 200)  # a report every 200 bytes
    big = tmp_path / "big.mbox"
    big.write_bytes((FIXTURES / "gmail_takeout.mbox").read_bytes())
    reports: list[tuple[int, int]] = []
    found = plan(contacts, big, scanned=lambda done, total: reports.append((done, total)))
    assert len(found.entries) == 2  # the scan finds the same messages
    assert len(reports) > 3 and all(total == big.stat().st_size for _, total in reports)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    seen: list[tuple[int, int]] = []
    with pytest.raises(MailReadCancelled):
        plan(contacts, big, scanned=lambda *r: seen.append(r), cancelled=lambda: len(seen) >= 2)
    assert len(seen) == 2  # stopped in the middle of the scan, not after it


def test_their_imported_words_count_as_what_they_told_you(contacts: NotesStore) -> None:
    from rapport.notes.checks import check_draft

    import_mail(contacts, plan(contacts, FIXTURES / "gmail_takeout.mbox").entries)
    laura = contacts.find_contact("Laura Chen")
    history = contacts.contact_history(laura.id)
    ignoring = "Hi Laura,\n\nOur platform has dashboards and reports. Want a demo?\n\nSam"
    (finding,) = [f for f in check_draft(ignoring, history) if f.rule == "contact-no-reference"]
    assert "on 4 March 2025 Laura wrote" in finding.message
    assert "new warehouse in April" in finding.message
    listening = (
        "Hi Laura,\n\nHow is the warehouse move going? Here is the onboarding plan, timed "
        "so the rollout starts after the move.\n\nSam"
    )
    assert not [f for f in check_draft(listening, history) if f.rule == "contact-no-reference"]
    # An email from them is a conversation: "as we discussed" is no invented history.
    claimed = "Hi Laura,\n\nAs we discussed, the plan is attached. Does May suit you?\n\nSam"
    only_theirs = dataclasses.replace(history, sent_emails=())
    nothing = dataclasses.replace(history, sent_emails=(), received_emails=())
    assert [f for f in check_draft(claimed, nothing) if f.rule == "contact-claimed-familiarity"]
    assert not [
        f for f in check_draft(claimed, only_theirs) if f.rule == "contact-claimed-familiarity"
    ]

"""The store as the window and the CLI use it: contacts, notes, history, search."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rapport.notes.errors import AmbiguousContact, ContactNotFound, NotesError
from rapport.notes.store import NotesStore


def test_contact_round_trip_keeps_every_field(store: NotesStore) -> None:
    added = store.add_contact(
        "  Laura   Chen ",
        email="laura@acme.example",
        company="Acme",
        role="Head of Operations",
        personal="Two kids; prefers calls before 10am",
        tags=["customer", " key account "],
    )
    loaded = store.get_contact(added.id)
    assert loaded.name == "Laura Chen"
    assert loaded.first_name == "Laura"
    assert (loaded.email, loaded.company, loaded.role) == (
        "laura@acme.example",
        "Acme",
        "Head of Operations",
    )
    assert loaded.personal == "Two kids; prefers calls before 10am"
    assert loaded.tags == ("customer", "key account")
    updated = store.update_contact(added.id, role="COO", tags=["vip"])
    assert (updated.role, updated.tags, updated.name) == ("COO", ("vip",), "Laura Chen")


def test_find_contact_by_name_or_email_and_ambiguity(store: NotesStore) -> None:
    store.add_contact("Laura Chen", email="laura@acme.example")
    assert store.find_contact("laura chen").email == "laura@acme.example"
    assert store.find_contact("LAURA@acme.example").name == "Laura Chen"
    with pytest.raises(ContactNotFound, match="Nobody"):
        store.find_contact("Nobody")
    store.add_contact("Laura Chen", email="laura.chen@other.example")
    with pytest.raises(AmbiguousContact, match="use the email"):
        store.find_contact("Laura Chen")


def test_autocomplete_matches_first_names_surnames_emails_and_companies(store: NotesStore) -> None:
    store.add_contact("Laura Chen", email="laura@acme.example", company="Acme")
    store.add_contact("Ngozi Okafor", email="ngozi@brightline.example", company="Brightline")
    store.add_contact("Lars Ek", email="lars@nordic.example", company="Nordic 100% Ltd")
    assert [c.name for c in store.match_contacts("la")] == ["Lars Ek", "Laura Chen"]
    assert [c.name for c in store.match_contacts("che")] == ["Laura Chen"]
    assert [c.name for c in store.match_contacts("bright")] == ["Ngozi Okafor"]
    assert [c.name for c in store.match_contacts("ngozi@")] == ["Ngozi Okafor"]
    assert store.match_contacts("100%") == []  # % is a literal, not a wildcard
    assert store.match_contacts("  ") == []


def test_history_is_newest_first_with_open_follow_ups(store: NotesStore) -> None:
    laura = store.add_contact("Laura Chen")
    other = store.add_contact("Sam Patel")
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    store.add_note(laura.id, "First call about the pilot", kind="call", when=start)
    store.add_note(laura.id, "Daughter started skiing", kind="personal", when=start + timedelta(1))
    promise = store.add_note(
        laura.id,
        "Send the pricing sheet",
        kind="follow-up",
        due=date(2026, 3, 5),
        when=start + timedelta(2),
    )
    done = store.add_note(laura.id, "Book the demo", kind="follow-up", when=start + timedelta(3))
    store.set_done(done.id)
    store.add_note(other.id, "Not Laura's note", kind="call")
    store.log_sent_email(laura.id, "Hi Laura, here is the sheet.", subject="Pricing")

    history = store.contact_history(laura.id)
    assert [n.text for n in history.notes] == [
        "Book the demo",
        "Send the pricing sheet",
        "Daughter started skiing",
        "First call about the pilot",
    ]
    assert [n.id for n in history.open_follow_ups] == [promise.id]
    assert history.open_follow_ups[0].due == date(2026, 3, 5)
    assert [e.subject for e in history.sent_emails] == ["Pricing"]
    assert [n.id for n in store.open_follow_ups(due_by=date(2026, 3, 4))] == []
    assert [n.id for n in store.open_follow_ups(due_by=date(2026, 3, 5))] == [promise.id]


def test_bad_notes_are_refused_with_a_reason(store: NotesStore) -> None:
    laura = store.add_contact("Laura Chen")
    with pytest.raises(NotesError, match="kind"):
        store.add_note(laura.id, "text", kind="gossip")
    with pytest.raises(NotesError, match="follow-up"):
        store.add_note(laura.id, "text", kind="call", due=date(2026, 1, 1))
    with pytest.raises(NotesError, match="text"):
        store.add_note(laura.id, "   ")
    with pytest.raises(ContactNotFound):
        store.add_note(9999, "to nobody")
    with pytest.raises(NotesError, match="name"):
        store.add_contact("   ")
    assert store.recent_notes(laura.id) == []


def test_search_finds_notes_and_sent_emails_by_word_stem_and_prefix(store: NotesStore) -> None:
    laura = store.add_contact("Laura Chen")
    sam = store.add_contact("Sam Patel")
    store.add_note(laura.id, "Her daughter started skiing this winter", kind="personal")
    store.add_note(sam.id, "Training for the Berlin marathon", kind="personal")
    store.log_sent_email(sam.id, "Good luck in Berlin! How is the training going?", "Berlin")

    hits = store.search("ski")
    assert [(h.contact_name, h.source) for h in hits] == [("Laura Chen", "note")]
    assert "skiing" in hits[0].snippet
    assert {h.source for h in store.search("berlin")} == {"note", "email"}
    assert [h.contact_name for h in store.search("berlin", contact_id=laura.id)] == []
    assert {h.source for h in store.search("berlin", contact_id=sam.id)} == {"note", "email"}
    assert store.search("marathon daughter") == []  # every word must match
    assert [h.contact_name for h in store.search("Skiing!")] == ["Laura Chen"]


@pytest.mark.parametrize("query", ['"', "AND", "NEAR(a b)", "ski*", "-x", "a OR", "(", "é'"])
def test_search_never_fails_on_fts_syntax_in_user_input(store: NotesStore, query: str) -> None:
    laura = store.add_contact("Laura Chen")
    store.add_note(laura.id, "ski trip and more")
    assert isinstance(store.search(query), list)


def test_edits_and_deletes_keep_the_search_index_in_step(store: NotesStore) -> None:
    laura = store.add_contact("Laura Chen")
    note = store.add_note(laura.id, "Loves sailing")
    store.log_sent_email(laura.id, "About sailing season")
    store.delete_note(note.id)
    assert [h.source for h in store.search("sailing")] == ["email"]
    store.delete_contact(laura.id)
    assert store.search("sailing") == []
    assert store.contact_count() == 0


def test_drafts_belong_to_a_contact(store: NotesStore) -> None:
    laura = store.add_contact("Laura Chen")
    draft = store.save_draft(laura.id, "Hi Laura,", subject="Catching up")
    changed = store.save_draft(laura.id, "Hi Laura, how was the ski trip?", draft_id=draft.id)
    assert changed.id == draft.id
    assert [d.body for d in store.drafts(laura.id)] == ["Hi Laura, how was the ski trip?"]
    store.delete_draft(draft.id)
    assert store.drafts(laura.id) == []

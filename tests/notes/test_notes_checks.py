"""Contact-aware checks: does the draft show the writer remembers this person?"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rapport.analysis.model import Finding
from rapport.notes.checks import check_draft, find_greeting
from rapport.notes.model import ContactHistory
from rapport.notes.store import NotesStore

TODAY = date(2026, 3, 20)
WHEN = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def laura(store: NotesStore) -> ContactHistory:
    contact = store.add_contact("Laura Chen", email="laura@acme.example")
    store.add_note(contact.id, "Asked about the pilot for the Leeds warehouse", when=WHEN)
    store.add_note(
        contact.id,
        "Her daughter started skiing this winter",
        kind="personal",
        when=WHEN + timedelta(hours=1),
    )
    return store.contact_history(contact.id)


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def _draft(greeting: str, body: str) -> str:
    return f"{greeting}\n\n{body}\n\nBest,\nMax\n"


@pytest.mark.parametrize(
    "greeting",
    ["Hi Laura,", "Dear Ms. Chen,", "Hello Laura Chen!", "Good morning Laura,", "hey laura -"],
)
def test_greeting_with_the_contacts_name_passes(laura: ContactHistory, greeting: str) -> None:
    text = _draft(greeting, "How did the ski season start for your daughter?")
    assert _rules(check_draft(text, laura, TODAY)) == []


@pytest.mark.parametrize(
    ("greeting", "flagged", "suggestion"),
    [
        ("Hi there,", "Hi there", "Hi Laura"),
        ("Dear Sir or Madam,", "Dear Sir or Madam", "Dear Laura"),
        ("Hello,", "Hello", "Hello Laura"),
        ("Hi,", "Hi", "Hi Laura"),
        ("To whom it may concern,", "To whom it may concern", "Dear Laura"),
        ("Hi team,", "Hi team", "Hi Laura"),
        ("Hi there how are you?", "Hi there", "Hi Laura"),
    ],
)
def test_a_generic_greeting_is_flagged_with_the_name(
    laura: ContactHistory, greeting: str, flagged: str, suggestion: str
) -> None:
    text = _draft(greeting, "How did the ski season start for your daughter?")
    (finding,) = check_draft(text, laura, TODAY)
    assert finding.rule == "contact-greeting-generic"
    assert finding.category == "impersonal"
    assert text[finding.start : finding.end] == flagged
    assert finding.suggestions == (suggestion,)
    assert "Laura" in finding.message


def test_a_different_name_in_the_greeting_is_flagged(laura: ContactHistory) -> None:
    text = _draft("  Hi Linda,", "How did the ski season start for your daughter?")
    (finding,) = check_draft(text, laura, TODAY)
    assert finding.rule == "contact-greeting-wrong-name"
    assert finding.category == "no-reference"
    assert text[finding.start : finding.end] == "Linda"
    assert finding.suggestions == ("Laura",)
    assert "Laura Chen" in finding.message
    (finding,) = check_draft("Hi Linda how are you? Was the ski trip fun?", laura, TODAY)
    assert (finding.start, finding.end) == (3, 8)


def test_nicknames_and_transliterations_count_as_the_right_name(store: NotesStore) -> None:
    samantha = store.contact_history(store.add_contact("Samantha Jones").id)
    joerg = store.contact_history(store.add_contact("Jörg Müller").id)
    assert check_draft("Hi Sam,\n\nHow are you?", samantha, TODAY) == []
    assert check_draft("Hallo Joerg,\n\nHow are you?", joerg, TODAY) == []
    assert check_draft("Dear Mr Müller,\n\nHow are you?", joerg, TODAY) == []


def test_a_draft_that_uses_nothing_from_the_notes_gets_a_talking_point(
    laura: ContactHistory,
) -> None:
    text = _draft("Hi Laura,", "Our new release is out and I think you will love it.")
    (finding,) = check_draft(text, laura, TODAY)
    assert finding.rule == "contact-no-reference"
    assert finding.category == "no-reference"
    # The most recent personal note is the talking point, and the fix goes after the greeting.
    assert "Her daughter started skiing this winter" in finding.message
    assert "10 March 2026" in finding.message
    assert finding.start == finding.end == text.index("Our new release")


def test_any_recent_note_counts_as_a_reference(laura: ContactHistory) -> None:
    warehouse = _draft("Hi Laura,", "Here is the plan for the Leeds warehouses pilot.")
    assert check_draft(warehouse, laura, TODAY) == []
    skiing = _draft("Hi Laura,", "Did your daughter enjoy the skis?")
    assert check_draft(skiing, laura, TODAY) == []


def test_without_a_personal_note_the_latest_note_is_the_talking_point(store: NotesStore) -> None:
    contact = store.add_contact("Sam Patel")
    store.add_note(contact.id, "Wants a quote for forty licences", kind="meeting", when=WHEN)
    history = store.contact_history(contact.id)
    (finding,) = check_draft("Hi Sam,\n\nJust checking in.", history, TODAY)
    assert "forty licences" in finding.message
    assert "talked about" in finding.message


def test_a_contact_without_notes_gets_no_reference_finding(store: NotesStore) -> None:
    history = store.contact_history(store.add_contact("Ana Lima").id)
    assert check_draft("Hi Ana,\n\nJust checking in.", history, TODAY) == []


def test_an_overdue_follow_up_not_mentioned_is_flagged(store: NotesStore) -> None:
    contact = store.add_contact("Laura Chen")
    store.add_note(contact.id, "Loves sailing", kind="personal", when=WHEN)
    store.add_note(
        contact.id, "Send the pricing sheet", kind="follow-up", due=TODAY - timedelta(3), when=WHEN
    )
    store.add_note(contact.id, "Book the demo", kind="follow-up", due=TODAY, when=WHEN)
    store.add_note(contact.id, "Ask about Q3 budget", kind="follow-up", due=TODAY + timedelta(5))
    done = store.add_note(contact.id, "Call the CFO", kind="follow-up", due=TODAY - timedelta(9))
    store.set_done(done.id)
    history = store.contact_history(contact.id)

    text = "Hi Laura,\n\nHow was the sailing weekend?\n"
    messages = {f.message for f in check_draft(text, history, TODAY)}
    assert len(messages) == 2
    assert any("3 days overdue" in m and "Send the pricing sheet" in m for m in messages)
    assert any("due today" in m and "Book the demo" in m for m in messages)

    kept = "Hi Laura,\n\nHow was the sailing weekend? Attached is the pricing sheet, and the demo "
    kept += "is booked.\n"
    assert check_draft(kept, history, TODAY) == []


PITCH = (
    "Our platform cuts warehouse picking time by a third and pays for itself within six "
    "months, which is why logistics teams like yours are switching this year."
)


def test_a_pitch_already_sent_to_the_contact_is_flagged(store: NotesStore) -> None:
    contact = store.add_contact("Laura Chen")
    store.log_sent_email(
        contact.id,
        f"Hi Laura,\n\n{PITCH}\n\nBest,\nMax",
        subject="Faster picking",
        sent_at=WHEN,
    )
    history = store.contact_history(contact.id)
    reworded = PITCH.replace("this year", "right now").replace("Our platform", "The platform")
    text = f"Hi Laura,\n\n{reworded}\n\nBest,\nMax\n"
    (finding,) = check_draft(text, history, TODAY)
    assert finding.rule == "contact-repeated-pitch"
    assert text[finding.start : finding.end] == reworded
    assert "10 March 2026" in finding.message and "Faster picking" in finding.message


def test_new_text_to_a_contact_with_history_is_not_a_repeat(store: NotesStore) -> None:
    contact = store.add_contact("Laura Chen")
    store.log_sent_email(contact.id, PITCH, sent_at=WHEN)
    history = store.contact_history(contact.id)
    text = (
        "Hi Laura,\n\nYou said the Leeds team struggles with the evening shift handover; "
        "would a short call with our operations lead help you plan the winter peak?\n"
    )
    assert check_draft(text, history, TODAY) == []


def test_greeting_detection() -> None:
    greeting = find_greeting("\n\n  Dear Ms. Chen,\nbody")
    assert greeting is not None and greeting.name == "Ms. Chen"
    assert find_greeting("Thanks for the call.") is None


CLAIM = "As promised on our call, here are the rollout numbers for your team."


def test_a_claimed_conversation_with_no_history_is_flagged(store: NotesStore) -> None:
    """The writer claims a call that nothing in the contact's notes records."""
    contact = store.add_contact("Priya Shah", email="priya@example.com")
    store.add_note(contact.id, "Loves trail running", kind="personal")
    text = _draft("Hi Priya,", CLAIM)
    (finding,) = [
        f
        for f in check_draft(text, store.contact_history(contact.id), TODAY)
        if f.rule == "contact-claimed-familiarity"
    ]
    assert text[finding.start : finding.end] == CLAIM
    assert "Priya" in finding.message and "notes" in finding.message


def test_a_claimed_conversation_that_the_notes_record_passes(laura: ContactHistory) -> None:
    text = _draft("Hi Laura,", CLAIM + " How is your daughter finding the skiing?")
    assert "contact-claimed-familiarity" not in _rules(check_draft(text, laura, TODAY))


# ----- by meaning (issue 11) ------------------------------------------------------------

FORECAST_NOTE = (
    "Said her team is drowning in manual forecast spreadsheets before the Q3 board meeting"
)
CASE_STUDY = "Send her the forecasting case study she asked for"


@pytest.fixture
def dana(store: NotesStore) -> ContactHistory:
    contact = store.add_contact("Dana Reyes", email="dana@northwind.example")
    store.add_note(contact.id, FORECAST_NOTE, kind="meeting", when=WHEN)
    store.add_note(contact.id, CASE_STUDY, kind="follow-up", due=TODAY - timedelta(1), when=WHEN)
    return store.contact_history(contact.id)


def test_a_draft_that_picks_up_the_note_counts_one_sharing_common_words_does_not(
    dana: ContactHistory,
) -> None:
    picks_up = _draft("Hi Dana,", "Are the spreadsheets still eating your week before Q3?")
    assert "contact-no-reference" not in _rules(check_draft(picks_up, dana, TODAY))
    common = _draft("Hi Dana,", "Hope the team had a good week and the call went well.")
    (finding,) = [f for f in check_draft(common, dana, TODAY) if f.rule == "contact-no-reference"]
    assert "forecast spreadsheets" in finding.message  # it names the note it means


def test_one_word_of_a_note_in_a_feature_pitch_is_not_a_reference(dana: ContactHistory) -> None:
    text = _draft("Hi Dana,", "We also ship automated forecasting for every plan.")
    (finding,) = [f for f in check_draft(text, dana, TODAY) if f.rule == "contact-no-reference"]
    # The writer can see which word was shared and why it did not count.
    assert "\u201cforecasting\u201d" in finding.message
    assert "not in a sentence about the reader" in finding.message


def test_a_follow_up_counts_when_its_object_is_mentioned_not_one_word_of_it(
    dana: ContactHistory,
) -> None:
    named = _draft("Hi Dana,", "Here is the case study you asked for. How is Q3 board prep going?")
    assert check_draft(named, dana, TODAY) == []
    pitch = _draft("Hi Dana,", "We also ship automated forecasting. How is Q3 board prep going?")
    (finding,) = check_draft(pitch, dana, TODAY)
    assert finding.rule == "contact-follow-up-due"
    assert "forecasting case study" in finding.message
    assert "\u201cforecasting\u201d" in finding.message


def test_claimed_history_must_be_the_kind_the_notes_hold(store: NotesStore) -> None:
    contact = store.add_contact("Omar Haddad")
    # Only an email note: "as we discussed" is fine, "since we last spoke" is not.
    store.add_note(contact.id, "Wrote about the Lisbon office move", kind="email", when=WHEN)
    history = store.contact_history(contact.id)

    def claims(body: str) -> list[Finding]:
        found = check_draft(_draft("Hi Omar,", body), history, TODAY)
        return [f for f in found if f.rule == "contact-claimed-familiarity"]

    assert claims("As we discussed, the Lisbon move is on track.") == []
    (spoke,) = claims("Since we last spoke, the Lisbon move went ahead.")
    assert "have spoken before" in spoke.message
    (talked,) = claims("Since we talked last year, the Lisbon move went ahead.")
    assert "have spoken before" in talked.message
    assert claims("Our last call was a while ago, so here is where things stand.") != []
    # A call ten days ago is "the other day"; forty days later it is not.
    store.add_note(contact.id, "Called about the Lisbon move", kind="call", when=WHEN)
    history = store.contact_history(contact.id)
    recent = "It was great chatting with you the other day about Lisbon."
    assert [f for f in check_draft(recent, history, TODAY) if f.rule.endswith("familiarity")] == []
    later = check_draft(recent, history, TODAY + timedelta(days=40))
    (stale,) = [f for f in later if f.rule == "contact-claimed-familiarity"]
    assert "spoke recently" in stale.message


def test_the_email_just_logged_is_not_a_repeat_of_itself(store: NotesStore) -> None:
    contact = store.add_contact("Laura Chen")
    body = f"Hi Laura,\n\n{PITCH}\n\nBest,\nMax\n"
    store.log_sent_email(contact.id, body, subject="Faster picking", sent_at=WHEN)
    history = store.contact_history(contact.id)
    assert "contact-repeated-pitch" not in _rules(check_draft(body, history, TODAY))
    # The same pitch in a new email is one finding, and it says when it was sent.
    text = f"Hi Laura,\n\n{PITCH}\n\nTalk soon,\nMax\n"
    (finding,) = [f for f in check_draft(text, history, TODAY) if f.rule.endswith("pitch")]
    assert "sent Laura on 10 March 2026" in finding.message
    assert "already read" not in finding.message


def test_two_identical_findings_never_show(store: NotesStore) -> None:
    contact = store.add_contact("Laura Chen")
    for _ in range(2):
        store.add_note(contact.id, "Send the pricing sheet", kind="follow-up", due=TODAY)
    history = store.contact_history(contact.id)
    found = check_draft("Hi Laura,\n\nHow are you?", history, TODAY)
    assert len(found) == len(set(found)) == 1

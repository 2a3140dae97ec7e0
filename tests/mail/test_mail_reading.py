"""Reading their email: headers and encodings as real clients write them, the quoted
history and signature set aside, and their questions, requests and concerns."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.analysis.rules import load_rule_set
from rapport.analysis.their_email import CONCERN, QUESTION, REQUEST, read_their_email
from rapport.mail.message import parse_message_bytes, read_plain_text

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def rule_set():
    return load_rule_set("en")


def read(name: str, rule_set):
    return parse_message_bytes((FIXTURES / name).read_bytes(), rule_set.words("signoffs"))


def test_apple_mail_quoted_printable_with_its_history_and_signature(rule_set) -> None:
    email = read("apple_mail.eml", rule_set)
    assert email.subject == "Re: Northwind – demo follow-up"  # RFC 2047 in the subject
    assert email.sender is not None and email.sender.address == "laura.chen@northwind.example"
    assert email.sender.name == "Laura Chen"
    assert email.date is not None and email.date.isoformat() == "2025-03-04T09:14:52-08:00"
    assert email.message_id == "<8F2A1C3E-5D4B-4A2E-9C1F-7B6D5E4A3C2B@northwind.example>"
    # Quoted-printable decoded: the en dash and the curly apostrophe are characters.
    assert "Thanks for the demo on Tuesday – the team" in email.new_text
    assert "We’re worried about the rollout" in email.new_text
    # What they wrote now stops before the sign-off; nothing else is lost.
    assert "Here is the deck" not in email.new_text
    assert email.parts.quoted.startswith("On 3 Mar 2025, at 10:02, Sam Lee")
    assert "> Great to meet you today." in email.parts.quoted
    assert email.parts.signature.startswith("Best,\nLaura")
    assert "+1 555 0100" in email.parts.signature
    assert email.reply_subject() == email.subject  # already "Re:"


def test_outlook_base64_windows_1252_with_a_from_sent_block(rule_set) -> None:
    email = read("outlook.eml", rule_set)
    assert email.sender is not None and email.sender.name == "Jörg Müller"
    assert email.subject == "AW: Acme proposal"
    # Outlook declares ISO-8859-1 and writes Windows-1252: the dash is a dash.
    assert "price increase next year – is there a way" in email.new_text
    assert email.parts.quoted.splitlines()[0].startswith("_____")
    assert "Sent: Monday, March 3, 2025 6:40 PM" in email.parts.quoted
    assert "please find the proposal attached" not in email.new_text
    assert email.parts.signature.startswith("Kind regards,\nJörg Müller")


def test_an_html_only_message_becomes_plain_text(rule_set) -> None:
    email = read("html_only.eml", rule_set)
    assert email.sender is not None and email.sender.name == "Amélie Dubois"
    assert "<p>" not in email.text and "margin" not in email.text  # tags and styles gone
    assert "Do you offer a pilot for one team?" in email.new_text  # wrapped markup joined
    assert "we’re a bit nervous" in email.new_text  # &rsquo; decoded
    assert email.parts.quoted.startswith("On Fri, Feb 28, 2025")
    assert email.reply_subject() == "Re: Pilot?"


def test_a_pasted_body_without_headers_is_read_as_their_words(rule_set) -> None:
    pasted = (
        "Hi Sam,\r\n\r\nCan you send the pricing?\r\n\r\nThanks,\r\nLaura\r\n\r\n"
        "> an older line\r\n"
    )
    email = read_plain_text(pasted, rule_set.words("signoffs"))
    assert email.sender is None
    assert email.new_text == "Hi Sam,\n\nCan you send the pricing?"
    assert email.parts.quoted == "> an older line"
    assert email.parts.signature == "Thanks,\nLaura"


def test_a_pasted_whole_message_is_read_with_its_headers(rule_set) -> None:
    pasted = "From: Laura Chen <laura@x.example>\nSubject: Pricing\n\nCould you send it?\n"
    email = read_plain_text(pasted, rule_set.words("signoffs"))
    assert email.sender is not None and email.sender.address == "laura@x.example"
    assert email.new_text == "Could you send it?"


def test_an_interleaved_reply_keeps_their_answers_and_sets_the_quotes_aside(rule_set) -> None:
    text = "Hi Sam,\n> Which plan?\nThe team plan.\n> How many seats?\nFifty, please.\n"
    email = read_plain_text(text, rule_set.words("signoffs"))
    assert email.new_text == "Hi Sam,\nThe team plan.\nFifty, please."
    assert email.parts.quoted == "> Which plan?\n> How many seats?"


def test_their_questions_requests_and_concerns(rule_set) -> None:
    email = read("apple_mail.eml", rule_set)
    reading = read_their_email(email.new_text, rule_set)
    by_kind = {(point.kind, point.text) for point in reading.points}
    assert (QUESTION, "Can you send the pricing for 50 seats?") in by_kind
    # Indirect: no question mark, still a question.
    assert (
        QUESTION,
        "I was wondering whether you support SSO with Okta, since IT will ask first.",
    ) in by_kind
    assert (
        CONCERN,
        "We’re worried about the rollout: the last vendor burned us and it took four months.",
    ) in by_kind
    # The thanks for the demo asks nothing and worries about nothing.
    assert not any("loved the dashboard" in point.text for point in reading.points)
    assert len(reading.asks) == 2
    # Offsets index the text read, so the window can point at each.
    for point in reading.points:
        assert email.new_text[point.start : point.end] == point.text


def test_requests_and_small_talk(rule_set) -> None:
    text = (
        "Hi Sam,\nHow are you? Please send the signed contract.\n"
        "We need the invoice by Friday. The weather was lovely."
    )
    reading = read_their_email(text, rule_set)
    assert [(p.kind, p.text) for p in reading.points] == [
        (REQUEST, "Please send the signed contract."),
        (REQUEST, "We need the invoice by Friday."),
    ]

"""Contact-aware checks: does the draft show that the writer remembers this person?

Pure functions over text and a ``ContactHistory``; no database, no Qt. Every
finding has a code-point span in the draft (zero-width where the fix is to add
something, placed after the greeting) and category ``no-reference``, except the
generic greeting: that is ``impersonal``, as the engine's own greeting checks are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from rapport.analysis.content_match import ContentMatch, match_content, match_follow_up
from rapport.analysis.model import Category, Finding
from rapport.notes.model import Contact, ContactHistory, Note, NoteKind, SentEmail

if TYPE_CHECKING:
    from rapport.analysis.rules import RuleSet

#: How many of the newest notes count as "recent" for the reference check.
RECENT_NOTES = 5
#: Share of a paragraph's word triples already sent to this contact that counts as a repeat.
REPEAT_SHARE = 0.5
#: Paragraphs shorter than this are greetings, sign-offs or small talk, never a pitch.
REPEAT_MIN_WORDS = 10

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: Notes that record a conversation; a personal note or a follow-up is not one.
CONVERSATION_KINDS = frozenset({NoteKind.CALL, NoteKind.MEETING, NoteKind.EMAIL})
#: Notes of a conversation held by voice or face to face.
SPOKEN_KINDS = frozenset({NoteKind.CALL, NoteKind.MEETING})
#: "The other day" and "recently" mean within this many days.
RECENT_DAYS = 14


@dataclass(frozen=True)
class _Greeting:
    start: int
    end: int
    word: str
    name: str
    name_start: int


#: Engine findings that a contact check says again, more precisely: "Hello," is
#: generic for anyone, and for this contact the fix is their name.
REPLACED_ENGINE_RULES = {"contact-greeting-generic": "greeting-generic"}


def replaced_engine_rules(findings: Iterable[Finding]) -> set[str]:
    """The engine's rule ids to drop when these contact findings are shown."""
    return {REPLACED_ENGINE_RULES[f.rule] for f in findings if f.rule in REPLACED_ENGINE_RULES}


def check_draft(text: str, history: ContactHistory, today: date | None = None) -> list[Finding]:
    """All contact-aware findings for ``text`` written to ``history.contact``."""
    today = today or date.today()
    greeting = find_greeting(text)
    anchor = _after_greeting(text, greeting)
    findings: list[Finding] = []
    findings.extend(_check_greeting(text, greeting, history.contact))
    findings.extend(_check_reference(text, history, anchor))
    findings.extend(_check_follow_ups(text, history, anchor, today))
    findings.extend(_check_repeats(text, history))
    findings.extend(_check_claimed_familiarity(text, history, today))
    # Two checks (or two notes) that say the same thing about the same words show once.
    return list(dict.fromkeys(findings))


def _check_claimed_familiarity(text: str, history: ContactHistory, today: date) -> list[Finding]:
    """ "As promised on our call" to someone whose history holds no such conversation.

    What the line claims decides what the notes must hold: "since we last spoke" a call
    or meeting, "the other day" one in the last two weeks, "as we discussed" any
    conversation (a call, a meeting, an email note or an email logged as sent).
    """
    findings: list[Finding] = []
    first = history.contact.first_name
    for match in _familiarity_pattern().finditer(text):
        start = max(text.rfind(mark, 0, match.start()) for mark in ".?!\n") + 1
        while start < match.start() and text[start].isspace():
            start += 1
        ends = [i for i in (text.find(mark, match.end()) for mark in ".?!\n") if i >= 0]
        end = min(ends) + 1 if ends else len(text)
        missing = _missing_conversation(text[start:end], history, today)
        if missing is None:
            continue
        findings.append(
            Finding(
                "contact-claimed-familiarity",
                Category.NO_REFERENCE,
                start,
                end,
                f"This writes as if you and {first} {missing}, but nothing in {first}'s "
                "notes or sent emails records it. If you did, add a note of it; if not, say "
                "how you came across them instead: a history you invent is the fastest way "
                "to lose their trust.",
            )
        )
        break  # one claim is enough to make the point; the first is the one they read
    return findings


def _missing_conversation(sentence: str, history: ContactHistory, today: date) -> str | None:
    """What the claim says happened that the history does not hold, or None."""
    low = sentence.casefold()
    spoken_claim = any(re.search(rf"\b{re.escape(w)}\b", low) for w in _spoken_words())
    recent_claim = any(re.search(rf"\b{re.escape(w)}\b", low) for w in _recent_words())
    kinds = SPOKEN_KINDS if spoken_claim else CONVERSATION_KINDS
    held = [note for note in history.notes if note.kind in kinds]
    dates = [note.created_at.date() for note in held]
    if not spoken_claim:
        emails = (*history.sent_emails, *history.received_emails)
        dates += [email.sent_at.date() for email in emails]
    if recent_claim:
        dates = [day for day in dates if 0 <= (today - day).days <= RECENT_DAYS]
        if not dates:
            return "spoke recently" if spoken_claim else "were in touch recently"
    if dates:
        return None
    return "have spoken before" if spoken_claim else "have talked before"


@lru_cache(maxsize=1)
def _spoken_words() -> tuple[str, ...]:
    """Words that make a claim about talking, not writing ("since we last spoke")."""
    return _pack().rule_set.words("claimed_spoken_words")


@lru_cache(maxsize=1)
def _recent_words() -> tuple[str, ...]:
    """Words that date the claimed conversation to the last days ("the other day")."""
    return _pack().rule_set.words("claimed_recent_words")


@lru_cache(maxsize=1)
def _familiarity_pattern() -> re.Pattern[str]:
    """The rule pack's phrases that claim a past conversation, as one pattern."""
    phrases = _pack().rule_set.words("claimed_familiarity") or ("as we discussed",)
    alternatives = "|".join(
        re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]") for p in phrases
    )
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


# ----- greeting ------------------------------------------------------------------------


@dataclass(frozen=True)
class _PackWords:
    """What the checks read from the rule packs: the greeting, its titles, generic names."""

    rule_set: RuleSet
    #: A greeting word of the pack at the start of a line, and the rest up to its punctuation.
    greeting: re.Pattern[str]
    honorifics: frozenset[str]
    generic_names: frozenset[str]


@lru_cache(maxsize=4)
def _pack(language: str = "en") -> _PackWords:
    """The packs for ``language``, loaded once: the same lists the engine reads."""
    from rapport.analysis.rules import load_rule_set

    rule_set = load_rule_set(language)
    generic = frozenset(name.lower() for name in rule_set.words("generic_addressees")) | {""}
    honorifics = frozenset(w.lower() for w in rule_set.words("honorifics"))
    words = sorted({w.strip().lower() for w in rule_set.words("greeting_words") if w.strip()})
    alternatives = "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )
    titles = "|".join(re.escape(t) for t in sorted(honorifics, key=len, reverse=True))
    # Unlike the engine's greeting, the rest runs to the first punctuation: "Hi there
    # how are you?" greets nobody by name, and the contact check says so.
    greeting = re.compile(
        rf"[ \t]*(?P<word>{alternatives or '(?!)'})\b[ \t]*"
        rf"(?P<rest>(?:(?:{titles or '(?!)'})\.[ \t]*)?[^,!:;.\n]*)",
        re.IGNORECASE,
    )
    return _PackWords(rule_set, greeting, honorifics, generic)


def prepare() -> None:
    """Load the packs' lists the checks read, so the first check after choosing a
    contact costs no parsing (the window calls this on its worker thread)."""
    from rapport.analysis.content_match import default_lexicon
    from rapport.notes.reference import _words

    _words()
    _pack()
    _spoken_words()
    _recent_words()
    _familiarity_pattern()
    default_lexicon()


def find_greeting(text: str, language: str = "en") -> _Greeting | None:
    """The greeting on the first non-empty line ("Hi Laura," → word "Hi", name "Laura").

    The greeting words and titles are the rule pack's, as the engine's are.
    """
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            break
        offset += len(line)
    else:
        return None
    pack = _pack(language)
    match = pack.greeting.match(text, offset)
    if match is None:
        return None
    rest = match.group("rest")
    name_start = match.start("rest") + (len(rest) - len(rest.lstrip()))
    # A name is at most the first two words (after a title), so a longer addressee
    # ("there how are you") is never taken whole for a name.
    words = list(re.finditer(r"\S+", rest))
    if words and words[0].group().rstrip(".").lower() in pack.honorifics:
        words = words[:3]
    else:
        words = words[:2] if len(words) <= 2 else words[:1]
    name = rest[words[0].start() : words[-1].end()] if words else ""
    end = match.start("rest") + words[-1].end() if words else match.end("word")
    return _Greeting(match.start("word"), end, match.group("word"), name, name_start)


def _check_greeting(text: str, greeting: _Greeting | None, contact: Contact) -> list[Finding]:
    if greeting is None:
        return []  # the engine already asks for a greeting; nothing contact-specific to add
    first = contact.first_name
    word = greeting.word
    if word.lower() == "to whom it may concern":
        word = "Dear"
    pack = _pack()
    name_words = [w for w in _fold_words(greeting.name) if w not in pack.honorifics]
    if greeting.name.lower().strip() in pack.generic_names or not name_words:
        return [
            Finding(
                "contact-greeting-generic",
                # The category contract: a generic greeting is impersonal, contact or not.
                Category.IMPERSONAL,
                greeting.start,
                greeting.end,
                f"This email is for {first}, but the greeting could be for anyone. "
                f"People buy from those who remember them: greet {first} by name.",
                (f"{word[:1].upper()}{word[1:]} {first}",),
            )
        ]
    contact_words = [w for w in _fold_words(contact.name) if w not in pack.honorifics]
    if any(_same_name(a, b) for a in name_words for b in contact_words):
        return []
    return [
        Finding(
            "contact-greeting-wrong-name",
            Category.NO_REFERENCE,
            greeting.name_start,
            greeting.name_start + len(greeting.name),
            f"The greeting says {greeting.name!r}, but this email is for {contact.name}. "
            "A wrong name tells the reader they are one of many; check who you are writing to.",
            (first,),
        )
    ]


def _same_name(written: str, known: str) -> bool:
    # "Sam" for "Samantha" or "Jörg" written "Joerg" both count as the right person.
    if written == known:
        return True
    shorter, longer = sorted((written, known), key=len)
    return len(shorter) >= 3 and longer.startswith(shorter)


def _fold_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    plain = plain.replace("oe", "o").replace("ae", "a").replace("ue", "u")
    return _WORD.findall(plain)


def _after_greeting(text: str, greeting: _Greeting | None) -> int:
    """Where something new belongs: the start of the first line after the greeting."""
    if greeting is None:
        return len(text) - len(text.lstrip())
    newline = text.find("\n", greeting.end)
    if newline < 0:
        return len(text)
    position = newline + 1
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return min(position, len(text))


# ----- what the notes say -------------------------------------------------------------


def _names(history: ContactHistory) -> tuple[str, ...]:
    """Words every draft to them and every note about them share: never a reference."""
    contact = history.contact
    return (contact.name, contact.email.partition("@")[0])


def note_matches(text: str, history: ContactHistory) -> list[tuple[Note, ContentMatch]]:
    """How the draft stands with each recent note (not follow-ups), newest first.

    A note counts as picked up when the draft shares a phrase or two of its content
    words, or one in a sentence about the reader ("Are the spreadsheets still eating
    your week?"), never one word of it in a pitch about the product.
    """
    recent = [n for n in history.notes if n.kind != NoteKind.FOLLOW_UP][:RECENT_NOTES]
    recent += their_words(history)
    names = _names(history)
    return [
        (note, match_content(note.text, text, ignore=names, reader_sentence_counts=True))
        for note in recent
    ]


#: How many of their newest imported emails count as what they told you.
RECENT_THEIR_EMAILS = 2


def their_words(history: ContactHistory) -> list[Note]:
    """Their newest emails (imported from the mailbox) as email notes: what they told you.

    The note's id is the email's, negated, so it is never taken for a stored note.
    """
    return [
        Note(-email.id, email.contact_id, NoteKind.EMAIL, email.body, email.sent_at)
        for email in history.received_emails[:RECENT_THEIR_EMAILS]
        if email.body.strip()
    ]


def follow_up_matches(text: str, history: ContactHistory) -> list[tuple[Note, ContentMatch]]:
    """How the draft stands with each open follow-up: does it name what was promised?"""
    names = _names(history)
    return [
        (note, match_follow_up(note.text, text, ignore=names)) for note in history.open_follow_ups
    ]


def _check_reference(text: str, history: ContactHistory, anchor: int) -> list[Finding]:
    matches = note_matches(text, history)
    if not matches or any(match.counts for _, match in matches):
        return []
    first = history.contact.first_name
    personal = next((n for n, _ in matches if n.kind == NoteKind.PERSONAL), None)
    talking_point = personal or matches[0][0]
    what = "told you" if personal or talking_point.id < 0 else "talked about"
    noted = f"{first} wrote" if talking_point.id < 0 else "you noted"
    # Say why a shared word did not count, so a writer who thinks it should can see it.
    near = next((m for _, m in matches if m.matched_words), None)
    why = f" {near.reason}" if near is not None else ""
    return [
        Finding(
            "contact-no-reference",
            Category.NO_REFERENCE,
            anchor,
            anchor,
            f"Nothing here picks up on what {first} {what} before.{why} Remember what they "
            f"told you: on {_day(talking_point.created_at.date())} {noted} "
            f"\u201c{_short(talking_point.text)}\u201d. "
            f"A line about it shows {first} you listened.",
        )
    ]


def _check_follow_ups(
    text: str, history: ContactHistory, anchor: int, today: date
) -> list[Finding]:
    findings: list[Finding] = []
    first = history.contact.first_name
    for note, match in follow_up_matches(text, history):
        if note.due is None or note.due > today or match.counts:
            continue
        late = (today - note.due).days
        when = "due today" if late == 0 else f"{late} day{'s' if late != 1 else ''} overdue"
        findings.append(
            Finding(
                "contact-follow-up-due",
                Category.NO_REFERENCE,
                anchor,
                anchor,
                f"You promised {first} a follow-up that is {when}: "
                f"\u201c{_short(note.text)}\u201d. {match.reason} "
                "Keeping a promise is the best reason to write; mention it, or mark it done.",
            )
        )
    return findings


# ----- repeated pitch -------------------------------------------------------------------


def _shingles(words: list[str], size: int = 3) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _paragraphs(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            yield offset + lead, line.strip()
        offset += len(line)


def _check_repeats(text: str, history: ContactHistory) -> list[Finding]:
    # The email just logged as sent is still in the editor: it is not a repeat of itself.
    this_one = " ".join(text.split())
    sent: list[tuple[SentEmail, set[tuple[str, ...]]]] = [
        (email, _shingles(_fold_words(email.body)))
        for email in history.sent_emails
        if " ".join(email.body.split()) != this_one
    ]
    if not sent:
        return []
    first = history.contact.first_name
    findings: list[Finding] = []
    for start, paragraph in _paragraphs(text):
        words = _fold_words(paragraph)
        if len(words) < REPEAT_MIN_WORDS:
            continue
        mine = _shingles(words)
        best: tuple[float, SentEmail] | None = None
        for email, theirs in sent:
            share = len(mine & theirs) / len(mine)
            if share >= REPEAT_SHARE and (best is None or share > best[0]):
                best = (share, email)
        if best is None:
            continue
        email = best[1]
        subject = f" (\u201c{email.subject}\u201d)" if email.subject else ""
        findings.append(
            Finding(
                "contact-repeated-pitch",
                Category.NO_REFERENCE,
                start,
                start + len(paragraph),
                f"This repeats what you sent {first} on {_day(email.sent_at.date())}{subject}. "
                "The same "
                f"pitch again says you don't remember the last exchange; build on what {first} "
                "said since, or bring something new.",
            )
        )
    return findings


# ----- text for the window ------------------------------------------------------------------


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

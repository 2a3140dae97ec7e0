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

from rapport.analysis.model import Category, Finding
from rapport.notes.model import Contact, ContactHistory, Note, NoteKind, SentEmail

#: How many of the newest notes count as "recent" for the reference check.
RECENT_NOTES = 5
#: Share of a paragraph's word triples already sent to this contact that counts as a repeat.
REPEAT_SHARE = 0.5
#: Paragraphs shorter than this are greetings, sign-offs or small talk, never a pitch.
REPEAT_MIN_WORDS = 10

_GREETING = re.compile(
    r"[ \t]*(?P<word>to whom it may concern|good (?:morning|afternoon|evening)|dear|hi|hello|"
    r"hey|greetings|hiya|hallo)\b[ \t]*"
    r"(?P<rest>(?:(?:mr|mrs|ms|mx|dr|prof)\.[ \t]*)?[^,!:;.\n]*)",
    re.IGNORECASE,
)
_GENERIC_NAMES = {
    "",
    "there",
    "all",
    "everyone",
    "everybody",
    "team",
    "folks",
    "guys",
    "friend",
    "friends",
    "sir",
    "madam",
    "sir or madam",
    "sir/madam",
    "customer",
    "valued customer",
    "colleague",
    "colleagues",
    "partner",
}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words that say nothing about a conversation: their overlap proves no memory of it.
_FILLER_WORDS = """about above after again also always another around because been before
    being between both call called calls could does doing done during each email emails every
    from further
    have having here into just know last like made make many meet meeting meetings more most
    much must next only other over really said same should since some still such talk talked
    than thank thanks that their them then there these they thing things this those through
    time today told very want week weeks were what when where which while will with would
    year your yours following follow asked asks send sent spoke speak discuss discussed
    mentioned soon back the and for are was has had not but can did get got may her his him
    she you our ours its who how why any all new one two out now way well good great"""
_FILLER = frozenset(_FILLER_WORDS.split())


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
    findings.extend(_check_claimed_familiarity(text, history))
    return findings


def _check_claimed_familiarity(text: str, history: ContactHistory) -> list[Finding]:
    """ "As promised on our call" to someone whose history holds no conversation."""
    spoke = any(note.kind != NoteKind.PERSONAL for note in history.notes) or history.sent_emails
    if spoke:
        return []
    match = _familiarity_pattern().search(text)
    if match is None:
        return []
    start = max(text.rfind(mark, 0, match.start()) for mark in ".?!\n") + 1
    while start < match.start() and text[start].isspace():
        start += 1
    ends = [i for i in (text.find(mark, match.end()) for mark in ".?!\n") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    first = history.contact.first_name
    return [
        Finding(
            "contact-claimed-familiarity",
            Category.NO_REFERENCE,
            start,
            end,
            f"This writes as if you and {first} have talked before, but nothing in "
            f"{first}'s notes or sent emails records a conversation. If you did talk, add a "
            "note of it; if not, say how you came across them instead: a history you "
            "invent is the fastest way to lose their trust.",
        )
    ]


@lru_cache(maxsize=1)
def _familiarity_pattern() -> re.Pattern[str]:
    """The rule pack's phrases that claim a past conversation, as one pattern."""
    from rapport.analysis.rules import load_rule_set

    phrases = load_rule_set("en").words("claimed_familiarity") or ("as we discussed",)
    alternatives = "|".join(
        re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]") for p in phrases
    )
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


# ----- greeting ------------------------------------------------------------------------


def find_greeting(text: str) -> _Greeting | None:
    """The greeting on the first non-empty line ("Hi Laura," → word "Hi", name "Laura")."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            break
        offset += len(line)
    else:
        return None
    match = _GREETING.match(text, offset)
    if match is None:
        return None
    rest = match.group("rest")
    name_start = match.start("rest") + (len(rest) - len(rest.lstrip()))
    # "Hi there how are you" has no comma: a name is at most the first two words (after
    # a title), so the rest of the sentence is never taken for a name.
    words = list(re.finditer(r"\S+", rest))
    if words and words[0].group().rstrip(".").lower() in _HONORIFICS:
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
    name_words = [w for w in _fold_words(greeting.name) if w not in _HONORIFICS]
    if greeting.name.lower().strip() in _GENERIC_NAMES or not name_words:
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
    contact_words = [w for w in _fold_words(contact.name) if w not in _HONORIFICS]
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


def keywords(text: str) -> set[str]:
    """The words of a note that could show up in a draft that refers to it (crudely stemmed)."""
    return {_stem(w) for w in _fold_words(text) if len(w) >= 3 and w not in _FILLER}


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    # "skiing" → "ski", "running" → "run", "price" → "pric": drop a doubled letter or a
    # final e, so the forms of one word meet.
    if len(word) >= 4 and (word[-1] == word[-2] or word[-1] == "e"):
        word = word[:-1]
    return word


def mentions(draft_words: set[str], note: Note) -> bool:
    return bool(keywords(note.text) & draft_words)


def _draft_words(text: str) -> set[str]:
    return {_stem(w) for w in _fold_words(text) if len(w) >= 3}


def _check_reference(text: str, history: ContactHistory, anchor: int) -> list[Finding]:
    recent = [n for n in history.notes if n.kind != NoteKind.FOLLOW_UP][:RECENT_NOTES]
    if not recent:
        return []
    words = _draft_words(text)
    if any(mentions(words, note) for note in recent):
        return []
    first = history.contact.first_name
    personal = next((n for n in history.notes if n.kind == NoteKind.PERSONAL), None)
    talking_point = personal or recent[0]
    what = "told you" if personal else "talked about"
    return [
        Finding(
            "contact-no-reference",
            Category.NO_REFERENCE,
            anchor,
            anchor,
            f"Nothing here picks up on what {first} {what} before. Remember what they told "
            f"you: on {_day(talking_point.created_at.date())} you noted "
            f"\u201c{_short(talking_point.text)}\u201d. "
            f"A line about it shows {first} you listened.",
        )
    ]


def _check_follow_ups(
    text: str, history: ContactHistory, anchor: int, today: date
) -> list[Finding]:
    words = _draft_words(text)
    findings: list[Finding] = []
    first = history.contact.first_name
    for note in history.open_follow_ups:
        if note.due is None or note.due > today or mentions(words, note):
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
                f"\u201c{_short(note.text)}\u201d. "
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
    sent: list[tuple[SentEmail, set[tuple[str, ...]]]] = [
        (email, _shingles(_fold_words(email.body))) for email in history.sent_emails
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
                f"{first} already read this on {_day(email.sent_at.date())}{subject}. The same "
                f"pitch again says you don't remember the last exchange; build on what {first} "
                "said since, or bring something new.",
            )
        )
    return findings


# ----- text for the window ------------------------------------------------------------------


def reference_text(note: Note) -> str:
    """A starting point the window inserts for "insert reference"; the writer rewords it."""
    return f"When we spoke on {_day(note.created_at.date())}, you mentioned: {note.text.strip()}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

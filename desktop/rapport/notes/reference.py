""" "Insert reference": a line for the draft, made from a note, addressed to the reader.

Qt-free. A note is written about the contact ("Said her team is drowning in manual
forecast spreadsheets"); the line speaks to them, with a date a person would write
("When we met last week, you said your team was drowning in manual forecast
spreadsheets."). Only what the contact said or did is quoted back as what they told
you; the writer's own follow-up tasks never are. A follow-up that hands something over
becomes "Here is the case study you asked for."; any other is not offered. A note that
cannot be turned into a clean sentence becomes a short, marked quote
("[Rephrase: …]"), which the placeholder check flags until the writer rewrites it.

The word lists (pronouns, verbs) live in the English rule pack's ``[lexicon]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapport.analysis.content_match import follow_up_object
from rapport.notes.model import Contact, Note, NoteKind

#: Longest note quoted whole in a "[Rephrase: …]" line.
QUOTE_LIMIT = 90
_TOKEN = re.compile(r"[\w'’]+|[^\w'’]+")
_SENTENCE_END = ".!?"


@dataclass(frozen=True)
class Reference:
    """The text to insert and whether it is a marked quote still to be rephrased."""

    text: str
    quote: bool = False


@dataclass(frozen=True)
class _Words:
    second_person: dict[str, str]
    verbs: dict[str, str]
    reported: dict[str, str]
    reporting: frozenset[str]
    leading: frozenset[str]
    handover: frozenset[str]
    irregular_past: frozenset[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    from rapport.analysis.rules import load_rule_set

    rules = load_rule_set("en")

    def pairs(name: str) -> dict[str, str]:
        return dict(rule.split("=", 1) for rule in rules.words(name) if "=" in rule)

    return _Words(
        pairs("second_person"),
        pairs("second_person_verbs"),
        pairs("reported_speech"),
        frozenset(rules.words("reporting_verbs")),
        frozenset(rules.words("note_leading_verbs")),
        frozenset(rules.words("handover_verbs")),
        frozenset(rules.words("irregular_past")),
    )


def human_date(day: date, today: date) -> str:
    """When, as a person would write it: "today", "on Tuesday", "last week", "in October"."""
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"on {day:%A}"
    if days < 14:
        return "last week"
    if (day.year, day.month) == (today.year, today.month):
        return "earlier this month"
    if days < 330:
        return f"in {day:%B}"
    return f"in {day:%B %Y}"


def reference_for(note: Note, contact: Contact, today: date | None = None) -> Reference | None:
    """The line to insert for ``note``, or None for a follow-up that can't be offered."""
    today = today or date.today()
    if note.kind == NoteKind.FOLLOW_UP:
        return _follow_up_line(note, contact)
    when = human_date(note.created_at.date(), today)
    clause = _addressed_to_reader(note.text, contact.first_name)
    if clause is None:
        return _quote(note, when)
    frame = {
        NoteKind.MEETING: f"When we met {when}",
        NoteKind.EMAIL: f"In your email {when}",
        NoteKind.PERSONAL: _capital(when),
    }.get(note.kind, f"When we spoke {when}")
    if clause.startswith("you ") and _tells_the_past(clause):
        # "you said …", "you asked about …": told as it is.
        return Reference(_sentence(f"{frame}, {clause}"))
    # "your daughter started skiing", "you are worried …": what they told you, reported.
    if note.kind == NoteKind.PERSONAL:
        return Reference(_sentence(f"You mentioned {when} that {_reported(clause)}"))
    return Reference(_sentence(f"{frame}, you mentioned that {_reported(clause)}"))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tells_the_past(clause: str) -> bool:
    """Is the verb after "you" in the past ("you asked", "you just moved")?"""
    parts = clause.split(" ")
    index = 1
    while index < len(parts) and parts[index].casefold() in ("just", "recently", "also"):
        index += 1
    return index < len(parts) and _past(parts[index].casefold(), _words())


def _past(word: str, words: _Words) -> bool:
    return word.endswith("ed") or word in words.reporting or word in words.irregular_past


def _reported(clause: str) -> str:
    """ "you are worried" → "you were worried": what was true when they said it."""
    words = _words()
    tokens = _TOKEN.findall(clause)
    for i, token in enumerate(tokens):
        if token.casefold() in words.reported:
            tokens[i] = words.reported[token.casefold()]
            break
    return "".join(tokens)


def insertion(text: str, position: int) -> tuple[int, str, str]:
    """Where a sentence goes when inserted at ``position`` (code points), and what
    stands around it: ``(position, before, after)``.

    It goes on its own line, or after a sentence end with a space; never glued onto a
    word ("doing?When") or into the middle of a sentence, which moves it to the end of
    that line.
    """
    position = max(0, min(position, len(text)))
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:position]
    if before.strip() and before.rstrip()[-1] not in _SENTENCE_END:
        position = line_end  # mid-sentence: after this line's last sentence instead
        before = text[line_start:position]
    if not before.strip():
        prefix = ""
    elif before.rstrip()[-1] in _SENTENCE_END:
        prefix = "" if before[-1:].isspace() else " "
    else:
        prefix = "\n"
    following = text[position : position + 1]
    suffix = " " if following and not following.isspace() else ""
    return position, prefix, suffix


# ----- internals ------------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = text.rstrip(" ,;:-")
    return text if text[-1:] in _SENTENCE_END else text + "."


def _quote(note: Note, when: str) -> Reference:
    text = " ".join(note.text.split()).rstrip(".")
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    source = {NoteKind.PERSONAL: "what you noted"}.get(note.kind, f"your {note.kind} notes")
    return Reference(f"[Rephrase for them: \u201c{text}\u201d ({source}, {when})]", quote=True)


def _follow_up_line(note: Note, contact: Contact) -> Reference | None:
    words = _words()
    first = note.text.split(maxsplit=1)[:1]
    if not first or first[0].casefold() not in words.handover:
        return None  # "Call her about the renewal" is a task, not a line for the email
    thing = follow_up_object(note.text, ignore=[contact.name])
    if not thing:
        return None
    low = note.text.casefold()
    asked = any(word in low for word in ("asked", "requested", "wanted", "needs", "wants"))
    return Reference(f"Here is the {thing} you asked for." if asked else f"Here is the {thing}.")


def _addressed_to_reader(text: str, first_name: str) -> str | None:
    """The note as a clause addressed to the reader, or None where it won't go cleanly."""
    words = _words()
    tokens = _TOKEN.findall(" ".join(text.split()).rstrip(" .;,"))
    words_at = [i for i, token in enumerate(tokens) if token[0].isalnum() or token[0] == "_"]
    if len(words_at) < 2:
        return None
    name = first_name.casefold()
    out = list(tokens)
    first_index = words_at[0]
    first = tokens[first_index].casefold().replace("’", "'")
    subject_found = False
    agree_next = False
    reported = False
    if first in words.leading:
        out.insert(first_index, "you ")
        out[first_index + 1] = _agree(first, words)
        reported = first in words.reporting
        agree_next = first in {"just", "recently", "still", "already"}
        subject_found = True
        start = first_index + 2
    elif first in ("she", "he") or (name and first == name):
        out[first_index] = "you"
        subject_found = True
        agree_next = True
        start = first_index + 1
    elif first in ("her", "his") or (name and first == f"{name}'s"):
        out[first_index] = "your"
        start = first_index + 1
    else:
        return None  # "Kids in college, very proud": a fragment, quoted instead
    for i in range(start, len(out)):
        token = out[i]
        if not (token[0].isalnum() or token[0] == "_"):
            continue
        low = token.casefold().replace("’", "'")
        if agree_next:
            out[i] = _agree(low, words) if low not in words.second_person else token
            reported = reported or low in words.reporting
            agree_next = low in {"just", "recently", "still", "already", "also"}
            continue
        if reported and low in words.reported:
            out[i] = words.reported[low]
            reported = False
            continue
        if low in ("she", "he") or (name and low == name):
            out[i] = "you"
            agree_next = True
            subject_found = True
        elif name and low in (f"{name}'s",):
            out[i] = "your"
        elif low == "her" and _object_position(out, i):
            out[i] = "you"
        elif low in words.second_person:
            out[i] = words.second_person[low]
    clause = "".join(out).strip()
    if not subject_found and len(words_at) < 3:
        return None
    return clause


def _object_position(tokens: list[str], index: int) -> bool:
    """ "told her" or "her." is the person; "her team" is what is theirs."""
    for token in tokens[index + 1 :]:
        if token.strip() == "":
            continue
        if not (token[0].isalnum() or token[0] == "_"):
            return True
        return token.casefold() in {"the", "a", "an", "to", "about", "that", "and", "on", "in"}
    return True


def _agree(verb: str, words: _Words) -> str:
    """The verb after a new "you": "is" → "are", "loves" → "love", "worries" → "worry"."""
    if verb in words.verbs:
        return words.verbs[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith(("ss", "us", "is")) and len(verb) > 3:
        return verb[:-1]
    return verb

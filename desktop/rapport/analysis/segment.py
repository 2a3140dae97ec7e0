"""Split one paragraph (one line of an email) into sentences with exact offsets.

A paragraph here is what the editor calls a block: the text between two line
breaks. Besides ordinary sentences it recognises a greeting at the start of a
line ("Hi Laura,"), a sign-off line ("Best,"), and a bullet marker ("- ", "1. ").

Every regular expression here is linear, also on a long run of one character
("." * 20000, tabs after "Best"): runs are matched possessively (``*+``, ``++``),
so a failed match never re-tries every shorter split of the same run, and no
pattern that ``finditer`` scans fails partway through a run, which would make it
start again at each character of that run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapport.analysis.model import Sentence

# A run of sentence-ending punctuation and any closing quotes or brackets. It
# ends a sentence only when whitespace or the end of the paragraph follows; that
# is checked after the match (in ``_split_sentences``), not by a look-ahead, which
# would fail on "...x" and be re-tried from every dot of the run. The first mark
# is matched on its own ("[.!?…][.!?…]*+", not "[.!?…]++"): a pattern that starts
# with a possessive repeat loses the regex engine's fast scan for its first
# character, which made finding the marks take twice as long.
_TERMINATOR = re.compile(r"[.!?…][.!?…]*+[\"'”’)\]»]*+")
_BULLET = re.compile(r"[ \t]*(?:[-*•‣◦▪–—>]|\d{1,3}[.)]|[a-zA-Z]\))[ \t]+")
_WORD_BEFORE = re.compile(r"[^\s\"'“‘(\[]+$")
# The next letter or digit, skipping space, quotes and emoji ("U.S. 🚀 Our").
_NEXT_CHAR = re.compile(r"[^\w]{0,24}?(\w)")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}$")
_LEADING_SPACE = re.compile(r"\s*")
_WORD_CHAR = re.compile(r"[^\W_]")
_TRAILING_SYMBOLS = re.compile(r"[ \t]+[^\w\s]+(?=\s|$)")
_CLOSERS = "\"'”’)]»"


@dataclass(frozen=True)
class SegmentationRules:
    """The language-specific lists segmentation needs, taken from the rule packs."""

    greeting: re.Pattern[str]
    signoff: re.Pattern[str]
    #: Lower-case abbreviations without their final dot ("mr", "e.g", "u.s").
    abbreviations: frozenset[str]
    #: Abbreviations that often end a sentence ("etc", "inc"): a boundary when a
    #: capital letter follows.
    terminal_abbreviations: frozenset[str]

    @classmethod
    def build(
        cls,
        greeting_words: list[str],
        signoffs: list[str],
        abbreviations: list[str],
        terminal_abbreviations: list[str],
    ) -> SegmentationRules:
        words = sorted({w.strip().lower() for w in greeting_words if w.strip()}, key=len)
        alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in reversed(words))
        # Greeting word, then up to five name-like words, then the greeting's own
        # punctuation (or the end of the line). A word may hold dots ("Dear
        # google.com,"), so a web address does not end the greeting at its first dot.
        greeting = re.compile(
            rf"[ \t]*(?:{alternatives or '(?!)'})\b"
            r"(?P<rest>(?:[ \t]+[^\s,.!:;?—–]{1,40}(?:\.[^\s,.!:;?—–]{1,40})*\.?){0,5}?)"
            r"[ \t]*(?P<punct>[,.!:;—–]+|$)",
            re.IGNORECASE,
        )
        closings = sorted({s.strip().lower() for s in signoffs if s.strip()}, key=len)
        closing_alternatives = "|".join(
            re.escape(s).replace(r"\ ", r"\s+") for s in reversed(closings)
        )
        signoff = re.compile(
            # Possessive: "Best" and 20,000 tabs must not try every way to share
            # the tabs between the two space runs before failing.
            rf"[ \t]*+(?:{closing_alternatives or '(?!)'})[ \t]*+[,.!—–-]*+[ \t]*+$",
            re.IGNORECASE,
        )
        return cls(
            greeting=greeting,
            signoff=signoff,
            abbreviations=frozenset(a.lower().rstrip(".") for a in abbreviations),
            terminal_abbreviations=frozenset(a.lower().rstrip(".") for a in terminal_abbreviations),
        )


@dataclass(frozen=True)
class GreetingMatch:
    """A greeting at the start of a paragraph."""

    start: int
    end: int
    #: The words after the greeting word ("Laura" in "Hi Laura,"); may be empty.
    addressee: str


def find_greeting(text: str, rules: SegmentationRules) -> GreetingMatch | None:
    match = rules.greeting.match(text)
    if match is None:
        return None
    leading = len(text) - len(text.lstrip())
    return GreetingMatch(leading, match.end(), match.group("rest").strip())


def is_signoff(text: str, rules: SegmentationRules) -> bool:
    return bool(text.strip()) and rules.signoff.match(text) is not None


def segment_paragraph(text: str, rules: SegmentationRules) -> list[Sentence]:
    """Sentences of one paragraph, in order, with leading/trailing space trimmed."""
    if not text or text.isspace():
        return []
    if rules.signoff.match(text) is not None:  # is_signoff: the text is not blank
        start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
        return [Sentence(start, len(text.rstrip()), "signoff")]

    sentences: list[Sentence] = []
    position = 0
    kind = "sentence"
    bullet = _BULLET.match(text)
    if bullet is not None and bullet.end() < len(text):
        position = bullet.end()
        kind = "bullet"
    else:
        greeting = find_greeting(text, rules)
        if greeting is not None:
            sentences.append(Sentence(greeting.start, greeting.end, "greeting"))
            position = greeting.end
    # Only the first sentence after a bullet marker is the bullet itself.
    _add_sentences(sentences, text, position, kind, _sentence_ends(text, position, rules))
    return sentences


def _sentence_ends(text: str, position: int, rules: SegmentationRules) -> list[int]:
    """Where the sentences after ``position`` end, before their spaces are trimmed."""
    # This runs for every sentence of every paragraph, so the usual cases (". Next",
    # "? Next", one space between sentences) are decided here without a call.
    ends: list[int] = []
    length = len(text)
    for terminator in _TERMINATOR.finditer(text, position):
        dot, end = terminator.span()
        if end < length:
            following = text[end]
            if not following.isspace():
                continue  # "3.5", "...x": no space after the punctuation
            # The usual ". Next": the next character is the one after the space.
            next_char = text[end + 1] if following == " " and end + 1 < length else ""
            if not next_char.isalnum():
                found = _NEXT_CHAR.match(text, end)
                next_char = found.group(1) if found else ""
        else:
            next_char = ""
        mark = text[dot]
        if end - dot > 1:
            punctuation = terminator.group().rstrip(_CLOSERS)
            if "?" in punctuation or "!" in punctuation:
                pass  # a question or an exclamation always ends the sentence
            elif not next_char:
                pass
            elif punctuation.endswith("..") or punctuation.endswith("…"):
                # An ellipsis ends a sentence only when a new one visibly starts.
                if not (next_char.isupper() or next_char.isdigit()):
                    continue
            elif next_char.islower() or not _ends_at_dot(text, dot, next_char, rules):
                continue
        elif mark == "." and next_char:
            if next_char.islower() or not _ends_at_dot(text, dot, next_char, rules):
                continue
        elif mark == "…" and next_char and not (next_char.isupper() or next_char.isdigit()):
            continue
        # Emoji right after the punctuation ("How are you? 🙂") stay with it; they
        # need a space or tab first and something that is not a letter after it.
        if end + 1 < length and following in " \t" and not text[end + 1].isalnum():
            trailing = _TRAILING_SYMBOLS.match(text, end)
            if trailing is not None:
                end = trailing.end()
        ends.append(end)
    ends.append(length)
    return ends


def _add_sentences(
    sentences: list[Sentence], text: str, start: int, kind: str, ends: list[int]
) -> None:
    """The text from ``start`` cut at ``ends``, each piece trimmed, as sentences."""
    first = len(sentences)
    for end in ends:
        segment = text[start:end]
        stripped = segment.strip()
        if stripped:
            # The first character that is not a space is where the sentence starts.
            begin = start + segment.find(stripped[0])
            finish = begin + len(stripped)
            # Most sentences start with a letter; only the rest need the search.
            if len(sentences) > first and not (
                stripped[0].isalnum() or _WORD_CHAR.search(text, begin, finish) is not None
            ):
                # A trailing emoji or symbol ("How are you? 🙂") belongs to the sentence before.
                previous = sentences[-1]
                sentences[-1] = Sentence(previous.start, finish, previous.kind)
            else:
                sentences.append(Sentence(begin, finish, kind))
                kind = "sentence"
        start = end


def _ends_at_dot(text: str, dot: int, next_char: str, rules: SegmentationRules) -> bool:
    """A single dot before a capital or digit: is the word before it an abbreviation?"""
    # Only the word just before the dot matters; look at a short window so a
    # long paragraph is not rescanned from its start for every dot.
    window = dot - 40 if dot > 40 else 0
    space = text.rfind(" ", window, dot)
    word = text[space + 1 : dot]
    if space >= 0 and word.isalnum():
        # The usual "word. Next": a plain word, so not a dotted acronym either.
        lowered = word.lower()
        if lowered in rules.abbreviations:
            return False
        if lowered in rules.terminal_abbreviations:
            return next_char.isupper()
        return not (len(word) == 1 and word.isupper())  # "J. Smith": an initial
    # Quotes, brackets, other spaces, or no space in reach: the exact pattern.
    before = _WORD_BEFORE.search(text, window, dot)
    word = before.group() if before else ""
    lowered = word.lower()
    if lowered in rules.abbreviations:
        return False
    if lowered in rules.terminal_abbreviations:
        return next_char.isupper()
    if len(word) == 1 and word.isupper():
        # An initial, as in "J. Smith".
        return False
    if "." not in word:
        return True
    return not (_DOTTED_ACRONYM.search(word + ".") and not next_char.isupper())

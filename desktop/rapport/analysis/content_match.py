"""Does a draft pick up what a note, a promise or a question was about?

Qt-free and database-free: plain text in, plain data out. The word lists (stop words,
the everyday vocabulary of sales email, the stemmer's suffixes) live in the English rule
pack's ``[lexicon]`` (``content_*`` and ``follow_up_object_*``), not here.

API::

    from rapport.analysis.content_match import content_terms, match_content, match_follow_up

    content_terms("Drowning in manual forecast spreadsheets")
    # frozenset({'drown', 'manual', 'forecast', 'spreadsheet',
    #            'manual forecast', 'forecast spreadsheet'})   (stems; phrases never span
    #            a stop word or punctuation)

    match = match_content(note_text, draft_text, ignore=("Laura",))
    match.counts         # True when the draft picks up the note's content
    match.matched_words  # the draft's own words that matched, for the panel ("spreadsheets")
    match.reason         # one plain sentence saying why it counts or not

    match_follow_up("Send her the forecasting case study she asked for", draft_text)
    # counts only when the draft names the promise's object ("the case study"), not
    # when it shares one word of it ("We also ship automated forecasting").

Terms are stems of content words (``stem("spreadsheets") == stem("spreadsheet")``) plus
two-word phrases of content words that stand next to each other in the text ("case study").
A match counts when a phrase matches, or at least ``min_words`` single terms do (one, for a
source with a single content word). With ``reader_sentence_counts=True`` one shared word
also counts when the draft's sentence with it is about the reader (it has "you"/"your" or
is a question, and has no "we"/"our"): "Are the spreadsheets still eating your week?"
picks up a note; "We also ship automated forecasting" does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Letters and digits, with inner apostrophes ("you're"); hyphens split words.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")


@dataclass(frozen=True)
class ContentLexicon:
    """The word lists content matching uses, read from a rule set's ``[lexicon]``."""

    stop_words: frozenset[str]
    #: Suffix rules: ("ies", "y") replaces, ("ing", "") removes.
    suffixes: tuple[tuple[str, str], ...]
    self_words: frozenset[str] = frozenset()
    reader_words: frozenset[str] = frozenset()
    object_ends: frozenset[str] = frozenset()
    object_skips: frozenset[str] = frozenset()

    @classmethod
    def from_words(cls, words: dict[str, tuple[str, ...]]) -> ContentLexicon:
        suffixes = tuple(
            (rule.partition("=")[0], rule.partition("=")[2])
            for rule in words.get("content_stem_suffixes", ())
        )
        plain = cls(frozenset(), suffixes)
        stop = set(words.get("content_stop_words", ())) | set(
            words.get("content_everyday_words", ())
        )
        # Stems too, so "meetings" and "emailing" are as empty as "meeting" and "email".
        stop |= {_stem(word, plain) for word in stop}
        return cls(
            stop_words=frozenset(stop),
            suffixes=suffixes,
            self_words=frozenset(words.get("self_words", ())),
            reader_words=frozenset(words.get("reader_words", ())),
            object_ends=frozenset(words.get("follow_up_object_ends", ())),
            object_skips=frozenset(words.get("follow_up_object_skips", ())),
        )


@lru_cache(maxsize=1)
def default_lexicon() -> ContentLexicon:
    """The English rule pack's lists (read once, on first use, never at import)."""
    from rapport.analysis.rules import load_rule_set

    return ContentLexicon.from_words(load_rule_set("en").lexicon)


@dataclass(frozen=True)
class ContentMatch:
    """What a draft shares with a source text (a note, a follow-up, a question)."""

    #: True when the draft picks up the source's content.
    counts: bool
    #: Terms (stems and two-word phrases) the two share.
    matched_terms: frozenset[str]
    #: The draft's own words that matched, in draft order, for showing the writer.
    matched_words: tuple[str, ...]
    #: The source's content terms (what could have matched).
    source_terms: frozenset[str]
    #: One plain sentence: why it counts, or why not.
    reason: str


def words(text: str) -> list[tuple[str, int, int]]:
    """The text's words, case-folded and without accents, with their code-point spans."""
    found = []
    for match in _WORD.finditer(text.replace("\u2019", "'")):
        found.append((_fold(match.group()), match.start(), match.end()))
    return found


def stem(word: str, lexicon: ContentLexicon | None = None) -> str:
    """A crude stem: "spreadsheets" → "spreadsheet", "skiing" → "ski", "studies" → "study"."""
    return _stem(_fold(word), lexicon or default_lexicon())


def content_terms(
    text: str, lexicon: ContentLexicon | None = None, ignore: Iterable[str] = ()
) -> frozenset[str]:
    """Stems of the text's content words plus two-word phrases of neighbouring ones."""
    return frozenset(_terms_with_spans(text, lexicon or default_lexicon(), _ignored(ignore)))


def match_content(
    source_text: str,
    draft_text: str,
    *,
    ignore: Iterable[str] = (),
    min_words: int = 2,
    reader_sentence_counts: bool = False,
    lexicon: ContentLexicon | None = None,
) -> ContentMatch:
    """Does ``draft_text`` pick up the content of ``source_text``?

    ``ignore`` holds words neither side may match on (the contact's name, which every
    draft to them and every note about them contains).
    """
    lexicon = lexicon or default_lexicon()
    skip = _ignored(ignore)
    source = _terms_with_spans(source_text, lexicon, skip)
    draft = _terms_with_spans(draft_text, lexicon, skip)
    return _judge(set(source), draft, draft_text, lexicon, min_words, reader_sentence_counts)


def follow_up_object(
    text: str, lexicon: ContentLexicon | None = None, ignore: Iterable[str] = ()
) -> str:
    """The thing a follow-up promises: "Send her the forecasting case study she asked
    for" → "forecasting case study"; "Follow up on the renewal" → "renewal"."""
    lexicon = lexicon or default_lexicon()
    skip = _ignored(ignore)
    found = words(text)
    if len(found) < 2:
        return text.strip()
    start = None
    end = len(text)
    # The first word is the promised action ("send", "call", "share"): skip it and the
    # small words after it, then read the object up to the clause about it.
    for word, word_start, _ in found[1:]:
        if start is None:
            if word in lexicon.object_skips or word in lexicon.stop_words or word in skip:
                continue
            start = word_start
            continue
        if word in lexicon.object_ends:
            end = word_start
            break
    if start is None:
        return ""
    return text[start:end].strip(" \t\n,;:.")


def match_follow_up(
    follow_up_text: str,
    draft_text: str,
    *,
    ignore: Iterable[str] = (),
    lexicon: ContentLexicon | None = None,
) -> ContentMatch:
    """Does the draft mention what the follow-up promised?

    It does when it names the promise's object: its last content word (the head, "study"
    in "forecasting case study") or two of its words. One other word of it ("forecasting"
    in a feature pitch) is not the promise.
    """
    lexicon = lexicon or default_lexicon()
    skip = _ignored(ignore)
    thing = follow_up_object(follow_up_text, lexicon, ignore)
    source = _terms_with_spans(thing, lexicon, skip)
    spans = _terms_with_spans(draft_text, lexicon, skip)
    singles = [term for term in source if " " not in term]
    if not singles:
        return match_content(follow_up_text, draft_text, ignore=ignore, lexicon=lexicon)
    head = max(singles, key=lambda term: source[term][0][0])
    shared = set(source) & set(spans)
    shared_singles = {term for term in shared if " " not in term}
    shown = _shown(shared, spans, draft_text)
    quoted = _quote(shown)
    if head in shared or len(shared_singles) >= 2:
        reason = f"It names what you promised (\u201c{thing}\u201d): {quoted}."
        return ContentMatch(True, frozenset(shared), shown, frozenset(source), reason)
    if shared:
        reason = (
            f"Only {quoted} is shared with what you promised (\u201c{thing}\u201d); the "
            "promise itself is not mentioned."
        )
    else:
        reason = f"Nothing here names what you promised (\u201c{thing}\u201d)."
    return ContentMatch(False, frozenset(shared), shown, frozenset(source), reason)


# ----- internals ------------------------------------------------------------------------


def _fold(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def _stem(word: str, lexicon: ContentLexicon) -> str:
    for suffix, replacement in lexicon.suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= 3:
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) >= 4 and word[-1].isalpha() and (word[-1] == word[-2] or word[-1] == "e"):
        word = word[:-1]
    return word


def _ignored(ignore: Iterable[str]) -> frozenset[str]:
    return frozenset(word for text in ignore for word, _, _ in words(text))


def _is_content(word: str, stemmed: str, lexicon: ContentLexicon, skip: frozenset[str]) -> bool:
    if word in skip or word in lexicon.stop_words or stemmed in lexicon.stop_words:
        return False
    if word.isdigit():
        return False  # "15", "2026": dates and counts, not a topic
    return len(word) >= 3 or any(c.isdigit() for c in word)  # "Q3" is a topic


@lru_cache(maxsize=64)
def _terms_with_spans(
    text: str, lexicon: ContentLexicon, skip: frozenset[str]
) -> dict[str, list[tuple[int, int]]]:
    """Each term with the code-point spans of the words it came from (read, never
    changed, by the callers: one draft is matched against every note, so it is cached)."""
    terms: dict[str, list[tuple[int, int]]] = {}
    previous: tuple[str, int] | None = None
    last_end = 0
    for word, start, end in words(text):
        stemmed = _stem(word, lexicon)
        if not _is_content(word, stemmed, lexicon, skip):
            previous = None
            last_end = end
            continue
        terms.setdefault(stemmed, []).append((start, end))
        # A phrase only across a space or hyphen, never across a comma or a full stop.
        if previous is not None and text[last_end:start] in (" ", "-"):
            terms.setdefault(f"{previous[0]} {stemmed}", []).append((previous[1], end))
        previous = (stemmed, start)
        last_end = end
    return terms


def _shown(shared: set[str], spans: dict[str, list[tuple[int, int]]], text: str) -> tuple[str, ...]:
    """The draft's words behind the shared terms, in draft order; overlapping or
    touching matches read as one ("manual forecast spreadsheets")."""
    merged: list[list[int]] = []
    for start, end in sorted({span for term in shared for span in spans.get(term, [])}):
        if merged and start <= merged[-1][1] + 1 and text[merged[-1][1] : start].strip() == "":
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    shown: list[str] = []
    for start, end in merged:
        piece = text[start:end]
        if piece.casefold() not in (seen.casefold() for seen in shown):
            shown.append(piece)
    return tuple(shown)


def _quote(shown: tuple[str, ...]) -> str:
    quoted = [f"\u201c{piece}\u201d" for piece in shown]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _about_reader(text: str, spans: list[tuple[int, int]], lexicon: ContentLexicon) -> bool:
    """Is any of these words in a sentence put to the reader, not about the writer?"""
    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for start, _ in spans:
        low = max(b for b in bounds if b <= start)
        high = min((b for b in bounds if b > start), default=len(text))
        sentence = {word for word, _, _ in words(text[low:high])}
        # A question is put to the reader even without "you" ("Was the ski trip fun?").
        to_reader = bool(sentence & lexicon.reader_words) or "?" in text[low : high + 1]
        if to_reader and not sentence & lexicon.self_words:
            return True
    return False


def _judge(
    source: set[str],
    spans: dict[str, list[tuple[int, int]]],
    draft_text: str,
    lexicon: ContentLexicon,
    min_words: int,
    reader_sentence_counts: bool,
) -> ContentMatch:
    shared = source & set(spans)
    phrases = {term for term in shared if " " in term}
    singles = {term for term in shared if " " not in term}
    source_singles = [term for term in source if " " not in term]
    needed = max(1, min(min_words, len(source_singles)))
    shown = _shown(shared, spans, draft_text)
    quoted = _quote(shown)
    counts = bool(phrases) or len(singles) >= needed
    if counts:
        reason = f"It picks up {quoted}."
    elif (
        singles
        and reader_sentence_counts
        and _about_reader(draft_text, [s for t in singles for s in spans[t]], lexicon)
    ):
        counts = True
        reason = f"It picks up {quoted}, in a sentence about the reader."
    elif singles:
        reason = (
            f"Only {quoted} is shared, and not in a sentence about the reader: one word "
            "in common is not a reference."
            if reader_sentence_counts
            else f"Only {quoted} is shared: one word in common is not a reference."
        )
    elif not source:
        reason = "There is nothing distinctive to pick up."
    else:
        reason = "Nothing here picks up its content."
    return ContentMatch(counts, frozenset(shared), shown, frozenset(source), reason)

"""Offline spelling, for when neither Harper nor LanguageTool can answer. Qt-free.

Harper (:mod:`rapport.grammar.harper_backend`) is the offline checker for
English; this word list stays for what Harper cannot do: languages other than
English (the list has Spanish, French, German and more) and a Harper that
cannot load (a platform without a wheel, a broken install). With Harper
working it is not loaded at all (it costs ~44 MB and 0.3 s holding the
interpreter).

The word list ships inside pyspellchecker (about 160,000 English words with
frequencies) and loads on the first check, not at import. Checking is a set
lookup per word, so a 5,000-word draft takes a few milliseconds; suggestions
(edit-distance search) are computed only when asked for one word, e.g. when the
user right-clicks it.

Not flagged: names (capitalised words that are not at the start of a sentence,
or that appear capitalised mid-sentence elsewhere in the text), ALL-CAPS words,
words with inner capitals or digits (iPhone, Q3), email addresses, URLs and
domain names, words from the shipped business word list and from the user's
personal dictionary.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapport import paths
from rapport.analysis.model import Category, Finding
from rapport.grammar.base import BACKEND_OFFLINE, Action, BackendState, BackendStatus
from rapport.grammar.base import BackendUnavailable as BackendUnavailable

PERSONAL_DICTIONARY_FILE = "personal-dictionary.txt"
OFFLINE_RULE = "unknown-word"
#: Languages whose word lists ship inside pyspellchecker.
PYSPELLCHECKER_LANGUAGES = frozenset(
    {"en", "es", "fr", "pt", "de", "it", "ru", "ar", "lv", "eu", "nl", "fa"}
)

# One pass over the text: URLs, email addresses and domain names are matched
# first so the words inside them are skipped; everything else that is letters
# (with inner apostrophes) is a word to look up.
_TOKEN_PATTERN = re.compile(
    r"(?P<skip>(?:https?://|www\.)\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|co|de|uk|eu|fr|nl|ch|at|us|app|dev|ai|biz|info)\b"
    r"(?:/\S*)?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
)
# Characters after which a new sentence begins (closing quotes and brackets may follow).
_SENTENCE_END = frozenset(".!?:")
_SENTENCE_TRAILERS = frozenset("\"'”’)]*_")


class PersonalDictionary:
    """The user's own words ("Add to dictionary"), one per line in the data dir.

    Lookups are case-insensitive. Writes are atomic, so a crash mid-save keeps
    the old list.
    """

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._words: set[str] | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = paths.data_dir() / PERSONAL_DICTIONARY_FILE
        return self._path

    def _loaded(self) -> set[str]:
        if self._words is None:
            try:
                lines = self.path.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                lines = []
            except (OSError, UnicodeDecodeError):
                # An unreadable list must not break spelling; it is rewritten on the next add.
                lines = []
            self._words = {line.strip() for line in lines if line.strip()}
        return self._words

    def words(self) -> list[str]:
        with self._lock:
            return sorted(self._loaded(), key=str.casefold)

    def folded(self) -> frozenset[str]:
        with self._lock:
            return frozenset(word.casefold() for word in self._loaded())

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.casefold() in self.folded()

    def add(self, word: str) -> None:
        """Remember ``word``; an empty or multi-word entry is refused with ValueError."""
        word = word.strip()
        if not word or any(char.isspace() for char in word):
            raise ValueError(f"Only single words can be added to the dictionary, not {word!r}.")
        from rapport.fileio import atomic_write_text

        with self._lock:
            words = self._loaded()
            if word.casefold() in {known.casefold() for known in words}:
                return
            words.add(word)
            text = "".join(f"{item}\n" for item in sorted(words, key=str.casefold))
            atomic_write_text(self.path, text)

    def remove(self, word: str) -> None:
        from rapport.fileio import atomic_write_text

        with self._lock:
            words = self._loaded()
            keep = {item for item in words if item.casefold() != word.strip().casefold()}
            if keep != words:
                self._words = keep
                text = "".join(f"{item}\n" for item in sorted(keep, key=str.casefold))
                atomic_write_text(self.path, text)


def _shipped_word_list(language: str) -> set[str]:
    """Business words pyspellchecker lacks (webinar, onboarding…), from resources/dictionaries."""
    try:
        path = paths.resource_path("dictionaries", f"{language}-extra.txt")
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, paths.ResourcesNotFound):
        return set()
    return {line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")}


def _at_sentence_start(text: str, index: int) -> bool:
    position = index - 1
    while position >= 0 and text[position] in _SENTENCE_TRAILERS:
        position -= 1
    while position >= 0 and text[position] in " \t":
        position -= 1
    if position < 0 or text[position] in "\n\r":
        return True
    while position >= 0 and text[position] in _SENTENCE_TRAILERS:
        position -= 1
    return position >= 0 and text[position] in _SENTENCE_END


def _is_capitalised(word: str) -> bool:
    return word[0].isupper()


def _looks_special(word: str) -> bool:
    """ALL CAPS, or inner capitals (iPhone, HubSpot, McKay): a name or an acronym."""
    if len(word) < 2:
        return True
    if word.isupper():
        return True
    return any(char.isupper() for char in word[1:])


class OfflineSpeller:
    """pyspellchecker with Rapport's rules about what not to flag."""

    def __init__(
        self,
        language: str = "en",
        personal: PersonalDictionary | None = None,
        extra_words: Iterable[str] = (),
    ) -> None:
        self.language = language.split("-")[0].lower()
        self.personal = personal if personal is not None else PersonalDictionary()
        self._extra = {word.casefold() for word in extra_words}
        self._checker: Any = None
        self._known: Any = None
        self._load_lock = threading.Lock()

    @property
    def name(self) -> str:
        return BACKEND_OFFLINE

    def status(self) -> BackendStatus:
        if self.language not in PYSPELLCHECKER_LANGUAGES:
            return BackendStatus(
                BACKEND_OFFLINE,
                BackendState.ERROR,
                f"Offline spelling has no word list for language {self.language!r}. "
                "Set a LanguageTool server URL in Settings to check this language.",
                Action.SET_SERVER,
            )
        return BackendStatus(
            BACKEND_OFFLINE,
            BackendState.READY,
            "Offline spelling (no grammar). For grammar, install LanguageTool "
            "or set a server URL in Settings.",
        )

    def load(self) -> None:
        """Load the word list now (about 0.2 s); checks do it on first use anyway."""
        with self._load_lock:
            if self._checker is not None:
                return
            if self.language not in PYSPELLCHECKER_LANGUAGES:
                raise BackendUnavailable(self.status().message, Action.SET_SERVER)
            from spellchecker import SpellChecker

            checker = SpellChecker(language=self.language, distance=2)
            self._known = checker.word_frequency.dictionary
            self._extra |= _shipped_word_list(self.language)
            self._checker = checker

    def is_known(self, word: str, personal: frozenset[str] | None = None) -> bool:
        """True when ``word`` is in the word list, the shipped extras or the personal list."""
        if self._checker is None:
            self.load()
        folded = word.replace("’", "'").casefold()
        if personal is None:
            personal = self.personal.folded()
        if folded in self._known or folded in self._extra or folded in personal:
            return True
        # Possessives and plurals of known words: "customer's", "customers'".
        for suffix in ("'s", "'"):
            if folded.endswith(suffix) and folded[: -len(suffix)] in self._known:
                return True
        return False

    def check(self, text: str) -> list[Finding]:
        if self._checker is None:
            self.load()
        personal = self.personal.folded()
        known = self._known
        extra = self._extra
        findings: list[Finding] = []
        mid_sentence_capitals: set[str] | None = None
        for match in _TOKEN_PATTERN.finditer(text):
            word = match.group("word")
            if word is None:
                continue
            folded = word.casefold()
            # The common case first: a known lower-case word costs one lookup.
            if folded in known or folded in extra:
                continue
            if _looks_special(word):
                continue
            start = match.start()
            if _is_capitalised(word):
                if not _at_sentence_start(text, start):
                    continue  # a name
                if mid_sentence_capitals is None:
                    mid_sentence_capitals = _mid_sentence_capitals(text)
                if word in mid_sentence_capitals:
                    continue  # the same name used mid-sentence elsewhere
            if self.is_known(word, personal):
                continue
            findings.append(
                Finding(
                    rule=OFFLINE_RULE,
                    category=Category.SPELLING,
                    start=start,
                    end=match.end(),
                    message=f"“{word}” is not in the dictionary.",
                )
            )
        return findings

    def suggest(self, word: str, limit: int = 5) -> tuple[str, ...]:
        """Replacements for one word, best first, in the word's own capitalisation."""
        if self._checker is None:
            self.load()
        folded = word.replace("’", "'").casefold()
        candidates = self._checker.candidates(folded) or set()
        candidates.discard(folded)
        ranked = sorted(candidates, key=lambda item: (-self._known.get(item, 0), item))
        return tuple(_match_case(word, item) for item in ranked[:limit])

    def close(self) -> None:
        """Nothing to release; present for the backend protocol."""


def _mid_sentence_capitals(text: str) -> set[str]:
    names: set[str] = set()
    for match in _TOKEN_PATTERN.finditer(text):
        word = match.group("word")
        if word and _is_capitalised(word) and not _at_sentence_start(text, match.start()):
            names.add(word)
    return names


def _match_case(original: str, suggestion: str) -> str:
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion

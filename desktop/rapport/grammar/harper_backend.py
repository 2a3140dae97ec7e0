"""Harper: offline grammar, spelling and style, in process. Qt-free.

harper-py binds Harper, Automattic's English grammar checker (Rust). No Java, no
server; building a ``Linter`` takes about a second (it builds the dictionary) and
holds ~140 MB, so there is one per dialect per process, built on first use on
the caller's thread (the editor's warm-up or checker thread, never the UI thread
and never at import). harper-py releases the GIL while it builds and lints, so
the window keeps painting meanwhile. A ``Linter`` is not thread-safe: every call
goes through its lock.

Harper's spans are Python code-point indices (checked with emoji and combining
marks in tests/grammar/test_grammar_harper.py), which is Rapport's contract, so
they are used as they are. Text is linted as plain text, not Markdown (Harper's
default), a paragraph at a time: its time grows faster than the text's length.

On top of Harper, Rapport's rules about what is not flagged still hold: names
(capitalised words mid-sentence), ALL-CAPS words and words with inner capitals,
email addresses, URLs and domain names, the shipped business words, and the
personal dictionary (the service filters that). "Hi Sam," is not turned into
"SAM": Harper flags a capitalised word whose dictionary form is all capitals.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rapport.analysis.model import Category, Finding
from rapport.grammar.base import (
    BACKEND_HARPER,
    BackendState,
    BackendStatus,
    BackendUnavailable,
)
from rapport.grammar.spelling import (
    _TOKEN_PATTERN,
    _at_sentence_start,
    _mid_sentence_capitals,
    _shipped_word_list,
)

#: Prefix of Harper rule names in findings ("harper:SpellCheck").
RULE_PREFIX = "harper:"
#: Text is linted in pieces of at most about this many characters (paragraphs).
MAX_CHUNK_CHARS = 4000
MESSAGE_READY = "Harper (offline grammar and spelling)"
MESSAGE_LOADING = "Harper (offline grammar and spelling) is loading."

# Harper's lint kinds → Rapport's categories; any other kind is grammar.
_SPELLING_KINDS = frozenset({"Spelling", "Typo"})
#: Harper rules that take a shipped business word ("Rollout", "Onboarding") for a
#: phrasal verb written as one word; in a sales email it is the noun.
_SHIPPED_WORD_RULES = frozenset({"PhrasalVerbAsCompoundNoun"})
_STYLE_KINDS = frozenset(
    {"Style", "Readability", "Redundancy", "Enhancement", "Formatting", "Regionalism"}
)
_DIALECTS = {"us": 0, "gb": 1, "uk": 1, "au": 2, "ca": 3, "in": 4}
_BACKTICKED = re.compile(r"`([^`]*)`")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+")


def supports(language: str) -> bool:
    """Harper checks English only."""
    return language.split("-")[0].split("_")[0].lower() == "en"


def dialect_for(language: str) -> int:
    """harper.Dialect's value for a settings language: "en-GB" → British, else American."""
    parts = re.split(r"[-_]", language.lower())
    return _DIALECTS.get(parts[1], 0) if len(parts) > 1 else 0


@dataclass(frozen=True, slots=True)
class _Lint:
    """What Rapport keeps of a harper ``Lint`` (copied out while the lock is held)."""

    rule: str
    kind: str
    start: int
    end: int
    message: str
    suggestions: tuple[str, ...]


class SharedLinter:
    """One harper ``Linter`` for a dialect, built once, used under a lock."""

    def __init__(self, dialect: int) -> None:
        self.dialect = dialect
        self._lock = threading.Lock()
        self._linter: Any = None
        #: Why Harper could not be loaded (kept: a retry would fail the same way).
        self.error: str | None = None
        #: Seconds the Linter took to build (for the benchmarks).
        self.build_seconds: float | None = None

    @property
    def loaded(self) -> bool:
        return self._linter is not None

    def load(self) -> None:
        """Build the Linter now (about a second, GIL released); raises BackendUnavailable."""
        with self._lock:
            self._load_locked()

    def _load_locked(self) -> Any:
        if self._linter is None and self.error is None:
            import time

            started = time.perf_counter()
            try:
                import harper

                self._linter = harper.Linter(harper.Dialect(self.dialect))
            except Exception as error:  # ImportError, a broken wheel, an old CPU
                self.error = f"{type(error).__name__}: {error}"
            else:
                self.build_seconds = time.perf_counter() - started
        if self._linter is None:
            raise BackendUnavailable(
                f"Harper could not be loaded ({self.error}). Offline spelling is checking "
                "meanwhile, without grammar."
            )
        return self._linter

    def lint(self, text: str) -> list[_Lint]:
        with self._lock:
            linter = self._load_locked()
            organised = linter.organized_lints(text, language="plaintext")
            return [
                _Lint(
                    rule,
                    str(lint.lint_kind),
                    int(lint.span.start),
                    int(lint.span.end),
                    str(lint.message),
                    tuple(_replacement(lint.problem_text, item) for item in lint.suggestions),
                )
                for rule, lints in organised.items()
                for lint in lints
            ]


_shared: dict[int, SharedLinter] = {}
_shared_lock = threading.Lock()


def shared_linter(dialect: int = 0) -> SharedLinter:
    """The process's Linter holder for ``dialect`` (nothing is built until first use)."""
    with _shared_lock:
        holder = _shared.get(dialect)
        if holder is None:
            holder = _shared[dialect] = SharedLinter(dialect)
        return holder


def _replacement(problem: str, suggestion: Any) -> str:
    """The text that replaces the flagged span (harper's kinds: replace, remove, insert after)."""
    kind = int(suggestion.kind)
    if kind == 1:  # REMOVE
        return ""
    if kind == 2:  # INSERT_AFTER
        return problem + suggestion.replacement_text
    return str(suggestion.replacement_text)


def chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs: paragraphs (at blank lines), long ones cut at line/sentence ends."""
    start = 0
    for match in re.finditer(r"\n[ \t]*\n", text):
        yield from _bounded(text, start, match.start(), limit)
        start = match.end()
    yield from _bounded(text, start, len(text), limit)


def _bounded(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, str]]:
    while end - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n")
        if cut <= 0:
            breaks = [found.end() for found in _SENTENCE_BREAK.finditer(window)]
            cut = breaks[-1] if breaks else window.rfind(" ")
        if cut <= 0:
            cut = limit
        yield start, text[start : start + cut]
        start += cut
    if text[start:end].strip():
        yield start, text[start:end]


def _is_special(word: str) -> bool:
    """ALL CAPS (ASAP, QBR) or inner capitals (HubSpot, iPhone): a name or an acronym."""
    return len(word) >= 2 and (word.isupper() or any(char.isupper() for char in word[1:]))


class HarperBackend:
    """Grammar, spelling and style from Harper, with Rapport's rules about what not to flag."""

    def __init__(self, language: str = "en", *, linter: SharedLinter | None = None) -> None:
        self.language = language
        self.linter = linter if linter is not None else shared_linter(dialect_for(language))
        self._extra: set[str] | None = None
        self._closed = False

    @property
    def name(self) -> str:
        return BACKEND_HARPER

    def status(self) -> BackendStatus:
        if self.linter.error is not None:
            return BackendStatus(
                BACKEND_HARPER,
                BackendState.ERROR,
                f"Harper could not be loaded ({self.linter.error}). Offline spelling is "
                "checking instead, without grammar. Reinstalling Rapport should fix this.",
            )
        if not self.linter.loaded:
            return BackendStatus(BACKEND_HARPER, BackendState.STARTING, MESSAGE_LOADING)
        return BackendStatus(BACKEND_HARPER, BackendState.READY, MESSAGE_READY)

    def load(self) -> None:
        """Build the Linter now (the editor does it while the window opens)."""
        self.linter.load()

    def check(self, text: str) -> list[Finding]:
        if self._closed:
            raise BackendUnavailable("Harper was closed.")
        findings: list[Finding] = []
        names: set[str] | None = None
        skipped = [
            (match.start(), match.end())
            for match in _TOKEN_PATTERN.finditer(text)
            if match.group("skip") is not None
        ]
        for offset, piece in chunks(text):
            for lint in self.linter.lint(piece):
                start, end = lint.start + offset, lint.end + offset
                if any(start < skip_end and skip_start < end for skip_start, skip_end in skipped):
                    continue  # inside an email address, a URL or a domain name
                flagged = text[start:end]
                single_word = bool(flagged) and not any(char.isspace() for char in flagged)
                if single_word and _is_special(flagged):
                    continue
                category = _category(lint.kind, single_word)
                if _capitalised_into_acronym(flagged, lint.suggestions):
                    continue  # "Hi Sam," → "SAM"
                shipped = single_word and flagged.replace("’", "'").casefold() in self._shipped()
                if shipped and lint.rule in _SHIPPED_WORD_RULES:
                    continue  # "a rollout" is a noun, not "roll out" written wrongly
                if category == Category.SPELLING:
                    if shipped:
                        continue  # "signups" is no typo for "sign ups" in a sales email
                    if lint.rule == "SpellCheck" and flagged[:1].isupper():
                        if not _at_sentence_start(text, start):
                            continue  # a name
                        if names is None:
                            names = _mid_sentence_capitals(text)
                        if flagged in names:
                            continue  # the same name used mid-sentence elsewhere
                findings.append(
                    Finding(
                        rule=RULE_PREFIX + lint.rule,
                        category=category,
                        start=start,
                        end=end,
                        message=_BACKTICKED.sub(r"“\1”", lint.message),
                        suggestions=self._suggestions(flagged, lint),
                    )
                )
        findings.sort(key=lambda finding: (finding.start, finding.end))
        return findings

    def _shipped(self) -> set[str]:
        if self._extra is None:
            self._extra = _shipped_word_list("en")
        return self._extra

    @staticmethod
    def _suggestions(flagged: str, lint: _Lint, limit: int = 5) -> tuple[str, ...]:
        # Harper sometimes offers the same word twice, once with a trailing space.
        unique: dict[str, str] = {}
        for item in lint.suggestions:
            if item != flagged:
                unique.setdefault(item.strip() or item, item)
        return tuple(unique.values())[:limit]

    def close(self) -> None:
        """The Linter is shared by the process; only this backend stops answering."""
        self._closed = True


def _category(kind: str, single_word: bool) -> str:
    if kind in _SPELLING_KINDS:
        # "to to" is a Typo too, but "Add to dictionary" makes sense for one word only.
        return Category.SPELLING if single_word else Category.GRAMMAR
    if kind in _STYLE_KINDS:
        return Category.STYLE
    return Category.GRAMMAR


def _capitalised_into_acronym(word: str, suggestions: tuple[str, ...]) -> bool:
    """A name like "Sam" that Harper would write as the acronym "SAM"."""
    return (
        len(word) >= 2
        and word[0].isupper()
        and not word.isupper()
        and bool(suggestions)
        and all(item.isupper() and item.casefold() == word.casefold() for item in suggestions)
    )

"""The text a regular expression cannot match without, to skip searches that must fail.

A rule's patterns are tried on every sentence where one of its trigger words
occurs, and a search with a dozen alternatives costs tens of microseconds on an
ordinary sentence. Most of those searches find nothing. Every match of
``\\bwhen\\s(?:would|will)\\syou\\sbe\\s(?:available|free)\\b`` contains "you be" and
one of "available" or "free" (the parts it cannot match without), so a sentence
that lacks them need not be searched: ``could_match`` says so with a few substring
tests.

The requirement is read from the pattern's parse (``re._parser``, the parser the
regex engine itself uses) and only ever says "cannot match" when no match is
possible, so the engine's results stay exactly what the full search gives:

* only what a match must consume counts: literal text, small choices of literal
  text ("(?:would|will)"), repeats of them at least once; lookarounds and anything
  optional contribute nothing;
* the test is on the text lower-cased (``str.lower``). Under ``re.IGNORECASE`` the
  characters that match an ASCII letter are its two cases, the Kelvin sign (which
  lowers to "k") and "İ", "ı", "ſ", which do not lower to their letter: a text holding
  one of those three is not prefiltered (``checkable``). A character with no case
  matches only itself. A literal with another cased character ("é") is not
  used, so no other case folding needs to be known.

* whitespace is read as one space: a literal space, ``\\s`` or ``\\s+`` becomes " ",
  and a run of them one " ", so "(?:would|can)\\s+you" needs "would you" or "can
  you", not "would" and "you" anywhere. The text tested is therefore the span with
  each run of whitespace made one space (``spaced``): ``\\s`` and ``str.split`` know
  the same whitespace characters (``str.isspace``).

Anything the parse does not cover makes the pattern "may match anywhere": the
search then runs as before.
"""

from __future__ import annotations

import _sre
from collections.abc import Iterable, Sequence

try:  # the regex engine's own parser; private, so its absence only costs speed
    from re import _constants as _ops
    from re import _parser
except ImportError:  # pragma: no cover - every supported Python has them
    _ops = _parser = None  # type: ignore[assignment]

#: One pattern's requirement: every one of these groups must have one of its texts
#: in the (lower-cased) sentence. A group pattern's: one of these requirements.
Requirement = tuple[tuple[str, ...], ...]

#: Characters that match an ASCII letter under IGNORECASE without lowering to it.
FOLD_EXCEPTIONS = ("İ", "ı", "ſ")
# Finite sets of literal text bigger than this are not expanded.
_MAX_STRINGS = 64
# Repeats up to this many times are expanded ("(?:\\s\\w+){0,2}" is not literal anyway).
_MAX_REPEAT = 3
# Parts of one pattern tested, rarest first; more would cost more than they save.
_MAX_PARTS = 3
# Parts read with words joined across whitespace, tested after those.
_MAX_JOINED = 2
_REPEATS = () if _ops is None else (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT)


def group_requirement(patterns: Sequence[str], flags: int) -> tuple[Requirement, ...] | None:
    """For each pattern of a group, the text any match needs; None if one needs none."""
    if _parser is None:
        return None
    requirements = []
    for pattern in patterns:
        try:
            parsed = _parser.parse(pattern, flags)
            # Read twice: word by word (a few short texts each, cheap to test, so
            # tested first), then with words joined across whitespace ("can you"),
            # which rules out more sentences but takes more texts to test.
            words = _usable(_Reader(join_spaces=False).required(parsed))
            joined = _usable(_Reader(join_spaces=True).required(parsed))
        except Exception:  # an unreadable parse only costs the prefilter
            return None
        if not words:
            return None  # this pattern may match anywhere: so may the group
        words.sort(key=lambda part: (-min(map(len, part)), len(part)))  # rarest first
        spanning = [part for part in joined if any(" " in text for text in part)]
        spanning.sort(key=len)
        requirement = (*words[:_MAX_PARTS], *spanning[:_MAX_JOINED])
        requirements.append(tuple(dict.fromkeys(requirement)))
    return tuple(requirements) if requirements else None


def starts_with_digit(patterns: Sequence[str], flags: int) -> bool:
    """True when every match of every pattern starts with a digit (``\\d``), as
    "\\b\\d+\\s?%" does: such a search may start at the sentence's first digit."""
    if _parser is None or not patterns:
        return False
    try:
        return all(_digit_first(_parser.parse(pattern, flags)) for pattern in patterns)
    except Exception:  # an unreadable parse: search from the start, as always
        return False


_DIGITS = frozenset("0123456789")


def _digit_first(items: Iterable[tuple[object, object]]) -> bool:
    """Whether the first character any match of ``items`` consumes is a digit."""
    for op, argument in items:
        if op in (_ops.AT, _ops.ASSERT, _ops.ASSERT_NOT):
            continue  # "\\b", lookarounds: they consume nothing
        if op is _ops.LITERAL:
            return chr(argument) in _DIGITS  # type: ignore[arg-type]
        if op is _ops.IN:
            return all(
                (kind is _ops.CATEGORY and value is _ops.CATEGORY_DIGIT)
                or (kind is _ops.LITERAL and chr(value) in _DIGITS)  # type: ignore[arg-type]
                or (kind is _ops.RANGE and value[0] >= ord("0") and value[1] <= ord("9"))  # type: ignore[index]
                for kind, value in argument  # type: ignore[attr-defined]
            )
        if op is _ops.SUBPATTERN:
            return _digit_first(argument[3])  # type: ignore[index]
        if op is _ops.ATOMIC_GROUP:
            return _digit_first(argument)  # type: ignore[arg-type]
        if op is _ops.BRANCH:
            return all(_digit_first(alternative) for alternative in argument[1])  # type: ignore[index]
        if op in _REPEATS:
            low, _high, body = argument  # type: ignore[misc]
            return low >= 1 and _digit_first(body)
        return False
    return False  # nothing consumed: an empty match starts anywhere


def _usable(parts: list[set[str]]) -> list[tuple[str, ...]]:
    lowered = [_lowered(part) for part in parts]
    return [part for part in lowered if part]


def spaced(lowered: str) -> str:
    """``lowered`` with each run of whitespace made one space, as ``could_match`` reads it."""
    return " ".join(lowered.split())


def checkable(text: str) -> bool:
    """True when ``text.lower()`` keeps every character where it is and ``could_match``
    may be given slices of it (see the module docstring)."""
    return not any(character in text for character in FOLD_EXCEPTIONS)


def could_match(requirements: tuple[Requirement, ...], lowered: str) -> bool:
    """False only when no pattern of the group can match in ``lowered``.

    ``lowered`` is the searched span of a ``checkable`` text, lower-cased, with its
    whitespace runs made single spaces (``spaced``).
    """
    for requirement in requirements:
        for choices in requirement:
            for choice in choices:
                if choice in lowered:
                    break
            else:
                break  # a part this pattern cannot do without is missing
        else:
            return True
    return False


def _lowered(choices: set[str]) -> tuple[str, ...] | None:
    """The choices as lower-cased text to look for, shortest first; None if unusable."""
    lowered: set[str] = set()
    for choice in choices:
        # Whitespace runs as ``spaced`` leaves them; at either end a run may be cut
        # off by the span's edge, so only what lies between counts.
        choice = " ".join(choice.split())
        if not choice:
            return None  # the part may match nothing at all
        if not choice.isascii() and any(
            not c.isascii() and _sre.unicode_iscased(ord(c)) for c in choice
        ):
            return None  # a non-ASCII letter: its other cases are not known here
        lowered.add(choice.lower())
    # "min" present is enough for "minutes": keep only the shortest forms.
    kept = {c for c in lowered if not any(o != c and o in c for o in lowered)}
    return tuple(sorted(kept, key=lambda c: (len(c), c)))


class _Reader:
    """Reads one pattern's parse, remembering the literal text of each part it has
    read (a part nested three deep would otherwise be read at every level)."""

    def __init__(self, join_spaces: bool) -> None:
        self._exact: dict[tuple[object, int], set[str] | None] = {}
        #: Whether "\\s" and "\\s+" read as one space (see the module docstring)
        #: rather than as text of no known kind.
        self._join_spaces = join_spaces

    def required(self, items: Iterable[tuple[object, object]]) -> list[set[str]]:
        """Sets of text; every match of the sequence ``items`` contains one text of each."""
        parts: list[set[str]] = []
        run = {""}  # the literal text of the consecutive items just read
        for op, argument in items:
            exact = self.exact_item(op, argument)
            if exact is not None:
                if len(run) * len(exact) <= _MAX_STRINGS:
                    run = {a + b for a in run for b in exact}
                    continue
                if "" not in run:
                    parts.append(run)
                run = exact
                continue
            if "" not in run:
                parts.append(run)
            run = {""}
            parts.extend(self._required_item(op, argument))
        if "" not in run:
            parts.append(run)
        return parts

    def _required_item(self, op: object, argument: object) -> list[set[str]]:
        if op is _ops.SUBPATTERN:
            return self.required(argument[3])  # type: ignore[index]
        if op is _ops.ATOMIC_GROUP:
            return self.required(argument)  # type: ignore[arg-type]
        if op in _REPEATS:
            low, _high, body = argument  # type: ignore[misc]
            return self.required(body) if low >= 1 else []
        if op is _ops.BRANCH:
            alternatives: list[list[set[str]]] = []
            for alternative in argument[1]:  # type: ignore[index]
                options = [part for part in self.required(alternative) if "" not in part]
                if not options:
                    return []  # this alternative needs nothing: neither does the choice
                alternatives.append(options)
            # Each alternative's longest texts; if together they are too many (texts
            # joined across spaces multiply), each alternative's fewest.
            for better in (lambda part: min(map(len, part)), lambda part: -len(part)):
                union: set[str] = set()
                for options in alternatives:
                    union |= max(options, key=better)
                if len(union) <= _MAX_STRINGS:
                    return [union]
            return []
        return []

    def exact(self, items: Iterable[tuple[object, object]]) -> set[str] | None:
        """Every text the sequence ``items`` can match, when that is a few literal texts."""
        result = {""}
        for op, argument in items:
            exact = self.exact_item(op, argument)
            if exact is None or len(result) * len(exact) > _MAX_STRINGS:
                return None
            result = {a + b for a in result for b in exact}
        return result

    def exact_item(self, op: object, argument: object) -> set[str] | None:
        if op is _ops.LITERAL:
            return {chr(argument)}  # type: ignore[arg-type]  (whitespace: see ``_lowered``)
        if op in (_ops.AT, _ops.ASSERT, _ops.ASSERT_NOT):
            return {""}  # matches no text of its own
        key = (op, id(argument))
        if key not in self._exact:
            self._exact[key] = self._exact_composite(op, argument)
        return self._exact[key]

    def _exact_composite(self, op: object, argument: object) -> set[str] | None:
        if op is _ops.SUBPATTERN:
            return self.exact(argument[3])  # type: ignore[index]
        if op is _ops.ATOMIC_GROUP:
            return self.exact(argument)  # type: ignore[arg-type]
        if op is _ops.BRANCH:
            found: set[str] = set()
            for alternative in argument[1]:  # type: ignore[index]
                exact = self.exact(alternative)
                if exact is None:
                    return None
                found |= exact
            return found if len(found) <= _MAX_STRINGS else None
        if op in _REPEATS:
            low, high, body = argument  # type: ignore[misc]
            if low >= 1 and self._join_spaces and self.exact(body) == {" "}:
                return {" "}  # "\s+", "[ \t]{1,3}": a run of whitespace, read as one space
            if high > _MAX_REPEAT:
                return None
            once = self.exact(body)
            if once is None:
                return None
            found, repeated = set(), {""}
            for times in range(high + 1):
                if times >= low:
                    found |= repeated
                if len(repeated) * len(once) > _MAX_STRINGS:
                    return None if times < high else found
                repeated = {a + b for a in repeated for b in once}
            return found if len(found) <= _MAX_STRINGS else None
        if op is _ops.IN:
            characters = set()
            for kind, value in argument:  # type: ignore[attr-defined]
                if kind is _ops.CATEGORY and value is _ops.CATEGORY_SPACE and self._join_spaces:
                    characters.add(" ")  # "\s": any whitespace, read as one space
                    continue
                if kind is not _ops.LITERAL:
                    return None  # a range, a class or a negation: not a few characters
                character = chr(value)
                characters.add(" " if character.isspace() else character)
            return characters if len(characters) <= 8 else None
        return None

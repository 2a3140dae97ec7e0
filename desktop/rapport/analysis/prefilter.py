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


def group_requirement(patterns: Sequence[str], flags: int) -> tuple[Requirement, ...] | None:
    """For each pattern of a group, the text any match needs; None if one needs none."""
    if _parser is None:
        return None
    requirements = []
    for pattern in patterns:
        try:
            parts = _required(_parser.parse(pattern, flags))
        except Exception:  # an unreadable parse only costs the prefilter
            return None
        usable = [_lowered(part) for part in parts]
        usable = [part for part in usable if part]
        if not usable:
            return None  # this pattern may match anywhere: so may the group
        usable.sort(key=lambda part: (-min(map(len, part)), len(part)))
        requirements.append(tuple(usable[:_MAX_PARTS]))
    return tuple(requirements) if requirements else None


def checkable(text: str) -> bool:
    """True when ``text.lower()`` keeps every character where it is and ``could_match``
    may be given slices of it (see the module docstring)."""
    return not any(character in text for character in FOLD_EXCEPTIONS)


def could_match(requirements: tuple[Requirement, ...], lowered: str) -> bool:
    """False only when no pattern of the group can match in ``lowered``.

    ``lowered`` is the searched span of a ``checkable`` text, lower-cased.
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
        if not choice:
            return None  # the part may match nothing at all
        for character in choice:
            if not character.isascii() and _sre.unicode_iscased(ord(character)):
                return None  # its other cases are not known here
        lowered.add(choice.lower())
    # "min" present is enough for "minutes": keep only the shortest forms.
    kept = {c for c in lowered if not any(o != c and o in c for o in lowered)}
    return tuple(sorted(kept, key=lambda c: (len(c), c)))


def _required(items: Iterable[tuple[object, object]]) -> list[set[str]]:
    """Sets of text; every match of the sequence ``items`` contains one text of each."""
    parts: list[set[str]] = []
    run = {""}  # the literal text of the consecutive items just read
    for op, argument in items:
        exact = _exact_item(op, argument)
        if exact is not None:
            joined = {a + b for a in run for b in exact}
            if len(joined) <= _MAX_STRINGS:
                run = joined
                continue
            if "" not in run:
                parts.append(run)
            run = exact
            continue
        if "" not in run:
            parts.append(run)
        run = {""}
        parts.extend(_required_item(op, argument))
    if "" not in run:
        parts.append(run)
    return parts


def _required_item(op: object, argument: object) -> list[set[str]]:
    if op is _ops.SUBPATTERN:
        return _required(argument[3])  # type: ignore[index]
    if op is _ops.ATOMIC_GROUP:
        return _required(argument)  # type: ignore[arg-type]
    if op in (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT):
        low, _high, body = argument  # type: ignore[misc]
        return _required(body) if low >= 1 else []
    if op is _ops.BRANCH:
        union: set[str] = set()
        for alternative in argument[1]:  # type: ignore[index]
            options = [part for part in _required(alternative) if "" not in part]
            if not options:
                return []  # this alternative needs nothing: neither does the choice
            union |= max(options, key=lambda part: min(map(len, part)))
        return [union] if len(union) <= _MAX_STRINGS else []
    return []


def _exact(items: Iterable[tuple[object, object]]) -> set[str] | None:
    """Every text the sequence ``items`` can match, when that is a few literal texts."""
    result = {""}
    for op, argument in items:
        exact = _exact_item(op, argument)
        if exact is None:
            return None
        result = {a + b for a in result for b in exact}
        if len(result) > _MAX_STRINGS:
            return None
    return result


def _exact_item(op: object, argument: object) -> set[str] | None:
    if op is _ops.LITERAL:
        return {chr(argument)}  # type: ignore[arg-type]
    if op in (_ops.AT, _ops.ASSERT, _ops.ASSERT_NOT):
        return {""}  # matches no text of its own
    if op is _ops.SUBPATTERN:
        return _exact(argument[3])  # type: ignore[index]
    if op is _ops.ATOMIC_GROUP:
        return _exact(argument)  # type: ignore[arg-type]
    if op is _ops.BRANCH:
        found: set[str] = set()
        for alternative in argument[1]:  # type: ignore[index]
            exact = _exact(alternative)
            if exact is None:
                return None
            found |= exact
        return found if len(found) <= _MAX_STRINGS else None
    if op in (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT):
        low, high, body = argument  # type: ignore[misc]
        if high > _MAX_REPEAT:
            return None
        once = _exact(body)
        if once is None:
            return None
        found, repeated = set(), {""}
        for times in range(high + 1):
            if times >= low:
                found |= repeated
            repeated = {a + b for a in repeated for b in once}
            if len(repeated) > _MAX_STRINGS:
                return None
        return found if len(found) <= _MAX_STRINGS else None
    if op is _ops.IN:
        characters = set()
        for kind, value in argument:  # type: ignore[attr-defined]
            if kind is not _ops.LITERAL:
                return None  # a range, a class or a negation: not a few characters
            characters.add(chr(value))
        return characters if len(characters) <= 8 else None
    return None

"""A rule pack's regular expressions: compiled as the matcher uses them, and checked.

Qt-free. The matcher joins a rule's patterns into one alternation, so a pack is
checked by compiling that same alternation: a pattern that is fine alone but not
inside it (a global flag such as "(?i)" in the middle) is a pack error, not a crash.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def compile_patterns(patterns: Sequence[str]) -> re.Pattern[str]:
    """One regular expression that matches where any of ``patterns`` does.

    The matcher compiles a rule's patterns with this, and loading a pack checks them
    with it too: ``re`` keeps what it compiled, so the check costs start-up nothing.
    """
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def patterns_problem(patterns: Sequence[str]) -> str | None:
    for pattern in patterns:
        if _BACKREFERENCE.search(pattern):
            return f"pattern {pattern!r} uses a back-reference, which rule packs do not allow"
    if not patterns:
        return None
    try:
        compile_patterns(patterns)
        return None
    except re.error as combined_error:
        # Compiled one by one only when something is wrong, to name the culprit.
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                return f"pattern {pattern!r} is not a valid regular expression: {error}"
        return f"patterns {list(patterns)!r} cannot be used together: {combined_error}"

"""Who a sentence is about: the writer, the reader, or what happened.

The engine's sentence rules ask these questions of a sentence's word tokens
(lower-case, apostrophes plain). The word lists come from the rule pack
(``CompiledRules``), so a second language brings its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

from rapport.analysis.matcher import CompiledRules

#: How many words before a phrase a negation still denies it ("not really the best").
_NEGATION_REACH = 3
OPENING_QUOTES = frozenset('“"«„')


def claimed(
    phrases: Mapping[str, tuple[tuple[str, ...], ...]],
    tokens: list[str],
    negations: frozenset[str],
    owners: tuple[frozenset[str], frozenset[str]] | None = None,
) -> bool:
    """True when one of ``phrases`` (by first token) occurs in ``tokens`` with no negation
    just before it.

    With ``owners`` (the writer's words, and words for anyone else), the phrase
    must also be the writer's: one of theirs in it, or within a few words before
    it with no one else in between.

    Only runs for a sentence the rule would flag, so a plain scan is cheap enough.
    """
    for position, token in enumerate(tokens):
        for phrase in phrases.get(token, ()):
            if tuple(tokens[position : position + len(phrase)]) == phrase:
                # "my first rodeo" names its owner itself; "the best" needs one before it.
                if owners is not None and not (
                    owners[0].intersection(phrase) or _owned_by_writer(tokens, position, *owners)
                ):
                    continue
                before = tokens[max(0, position - _NEGATION_REACH) : position]
                denied = any(
                    (word in negations or word.endswith("n't"))
                    # "not only the fastest but…" adds to the claim
                    and tokens[position - len(before) + index + 1] != "only"
                    for index, word in enumerate(before)
                )
                if not denied:
                    return True
    return False


#: How far before a claim the writer's "we"/"our" may come ("our platform is by
#: far the best"); further off, the claim is usually about something else.
_OWNER_REACH = 6


def _owned_by_writer(
    tokens: list[str], position: int, self_words: frozenset[str], others: frozenset[str]
) -> bool:
    for word in reversed(tokens[max(0, position - _OWNER_REACH) : position]):
        if word in others:
            return False
        if word in self_words:
            return True
    return False


def weighs_in(tokens: list[str], subject: int, compiled: CompiledRules) -> bool:
    """True for the writer's view of something else: "I know it's a small order",
    "I'm afraid it isn't right for us", "I think the second draft works".

    "I think we're the best fit" or "I believe my experience…" is still about
    the writer: the clause after the stance has the writer as its subject.
    """
    if tokens[subject] not in ("i", "i'm"):
        return False
    position = subject + 1
    while position < len(tokens) and tokens[position] in compiled.verb_adverbs:
        position += 1
    if position >= len(tokens) - 1 or tokens[position] not in compiled.stance_words:
        return False
    following = tokens[position + 1]
    if following in ("that", "to"):
        if following == "to":
            return False  # "I hate to say…": the writer again
        following = tokens[position + 2] if position + 2 < len(tokens) else ""
    return bool(following) and following not in compiled.self_words


def writer_subject_at(tokens: list[str], compiled: CompiledRules) -> int | None:
    """Where I/we/my/our comes first, after any openers ("So", "At Acme,"); None if not."""
    seen = 0
    for index, token in enumerate(tokens):
        if token in compiled.self_words:
            return index
        if token in compiled.openers:
            continue
        seen += 1
        if seen > 2:
            return None
    return None


#: How far after the writer's "I"/"my" the verb may come ("my wife and I bought").
_VERB_REACH = 4


def narrates(tokens: list[str], subject: int, compiled: CompiledRules) -> bool:
    """True when the writer's sentence tells what happened, in the simple past.

    "I placed an order on Dec. 19", "we decided to pass", "I didn't feel any sparks":
    context. "I'm a specialist", "we've built", "I built X" (what they made): not.
    A contraction on the subject ("I'm", "we've") is a present or perfect tense.
    """
    start = subject + 1
    if tokens[subject] in ("my", "our"):
        # "My wife and I bought…" tells what the writer did; "Our revenue doubled"
        # and "My photos have been published" are about what the writer has.
        rest = tokens[start : start + _VERB_REACH]
        joined = next(
            (i for i, pair in enumerate(pairwise(rest)) if pair in (("and", "i"), ("and", "we"))),
            None,
        )
        if joined is None:
            return False
        start += joined + 2
    elif tokens[subject] not in ("i", "we"):
        return False
    for token in tokens[start : start + _VERB_REACH]:
        if token in compiled.verb_adverbs:
            continue
        if token in compiled.self_promotion_verbs:
            return False
        # The verb comes right after the subject: a past one tells what happened.
        return token in compiled.narrative_past_verbs or (
            len(token) > 4 and token.endswith(compiled.past_tense_suffixes)
        )
    return False


def about_reader(tokens: list[str], compiled: CompiledRules) -> bool:
    """True when the sentence speaks of the reader's own situation.

    "your team", "your renewal", "you mentioned": yes. "your time", "your
    calendar", "to speak to you": no, those serve the writer.
    """
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if token in compiled.reader_possessives and following not in compiled.reader_non_topics:
            return True
        if token == "you" and following in compiled.reader_topic_verbs:
            return True
    return False

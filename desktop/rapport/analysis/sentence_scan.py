"""One sentence judged: its words counted, its patterns tried, its rules applied.

Qt-free. ``ParagraphScan`` holds a paragraph as the checks read it (lower-cased
once, searched once for the next digit, bracket or question mark) and turns each
of its sentences into a ``SentenceOutcome``. An outcome depends on the sentence's
own text (and the few characters before it, which a pattern's look-behind can
see), never on the sentences around it: the engine keeps outcomes by that text,
so after an edit only the sentence that changed is judged again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapport.analysis.matcher import (
    FAVOUR,
    READER,
    REPLY,
    SELF,
    UNREAD,
    UNWARM,
    CompiledRules,
    PatternGroup,
    settle_warmth,
    tokens_of,
    words_between,
)
from rapport.analysis.model import Finding, Sentence
from rapport.analysis.prefilter import checkable, could_match, spaced
from rapport.analysis.sentence_rules import NO_FINDINGS, SentenceRules
from rapport.analysis.wording import weigh_sentence

_DIGIT = re.compile(r"\d")
#: What a placeholder starts with ("[First Name]", "{{name}}", "<Company>", "%NAME%",
#: Mailchimp's "*|FNAME|*", Word's "«First_Name»").
_BRACKET = re.compile(r"[\[{<%|«]")
_CLOSERS = " \t\"'”’)]»"


@dataclass(slots=True)
class SentenceOutcome:
    """What one sentence came to; the same for the same text wherever it stands."""

    #: Where the sentence stood when it was judged: ``findings`` are placed from there.
    start: int
    tokens: list[str]
    findings: list[Finding]
    is_question: bool
    #: Flagged for the writer's context alone ("I know you're busy, but…"), or not at all.
    only_context: bool
    #: Its lean toward the writer (0-1); 0 when the pack has no wording weights.
    wording: float
    #: The words that pulled it toward the writer (word -> weight), if any.
    pulls: dict[str, float] | None
    self_words: int
    reader_words: int
    reply: bool
    favour: bool


class ParagraphScan:
    """A paragraph's text as the sentence checks read it, searched as they need it."""

    __slots__ = (
        "checked",
        "compiled",
        "lowered",
        "next_bracket",
        "next_digit",
        "next_question",
        "plain",
        "rules",
        "same_length",
        "single_spaced",
        "text",
    )

    def __init__(
        self,
        text: str,
        lowered: str,
        same_length: bool,
        plain: str | None,
        compiled: CompiledRules,
        rules: SentenceRules,
    ) -> None:
        self.text = text
        #: Lower-cased for the tokens (web addresses masked), same length as ``text``
        #: when ``same_length``; otherwise each sentence is tokenised on its own.
        self.lowered = lowered
        self.same_length = same_length
        #: The text lower-cased as it is (None: its apostrophes were changed).
        self.plain = plain
        self.compiled = compiled
        self.rules = rules
        self.next_digit = self.next_bracket = self.next_question = -1
        self.checked: str | None = None
        self.single_spaced = True

    def tokens(self, start: int, end: int) -> list[str]:
        if self.same_length:
            return words_between(self.lowered, start, end)
        return tokens_of(self.text[start:end])

    def judge(self, sentence: Sentence) -> SentenceOutcome:
        text, compiled = self.text, self.compiled
        start, end = sentence.start, sentence.end
        tokens = self.tokens(start, end)
        counts = compiled.scan_tokens(tokens)
        if UNWARM in counts:
            settle_warmth(counts)
        self._count_patterns(start, end, counts)
        if self.next_question < start:
            found_at = text.find("?", start)
            self.next_question = found_at if found_at >= 0 else len(text)
        body = text[start:end]
        is_question = self.next_question < end and (
            body.rstrip(_CLOSERS).endswith("?") or _ends_in_question(body)
        )
        if compiled.trigger_tags.isdisjoint(counts):
            findings: list[Finding] = NO_FINDINGS  # nothing a rule could act on
        else:
            findings = self.rules.findings(sentence, body, tokens, counts, is_question)
        context_rules = compiled.context_rules
        only_context = all(f.rule in context_rules for f in findings)
        wording = 0.0
        pulls: dict[str, float] | None = None
        if tokens and compiled.wording_weights:
            if not only_context:
                # Flagged, the sentence is written for the writer, whatever its
                # words: "54 % reads as written for them" beside six flagged
                # sentences out of six would contradict the findings.
                wording = 1.0
            else:
                pulls = {}
                wording = weigh_sentence(
                    tokens,
                    compiled.wording_words,
                    compiled.wording_weights,
                    compiled.wording_bias,
                    pulls,
                )
        return SentenceOutcome(
            start,
            tokens,
            findings,
            is_question,
            only_context,
            wording,
            pulls or None,
            counts.get(SELF, 0),
            counts.get(READER, 0),
            bool(counts.get(REPLY, 0)),
            bool(counts.get(FAVOUR, 0)),
        )

    def _count_patterns(self, start: int, end: int, counts: dict[str, int]) -> None:
        """Count in ``counts`` the pattern groups that match the sentence."""
        text, compiled = self.text, self.compiled
        # Only the groups whose trigger occurs are tried.
        tried: list[PatternGroup] = []
        groups_by_trigger = compiled.groups_by_trigger
        for trigger in compiled.pattern_triggers.intersection(counts):
            tried += groups_by_trigger[trigger]
        has_digit = False
        if compiled.digit_groups:
            if self.next_digit < start:
                found = _DIGIT.search(text, start)
                self.next_digit = found.start() if found else len(text)
            if self.next_digit < end:
                has_digit = True
                for group in compiled.digit_groups:
                    if group.trigger_tag not in counts:
                        tried.append(group)
        if compiled.bracket_groups:
            if self.next_bracket < start:
                found = _BRACKET.search(text, start)
                self.next_bracket = found.start() if found else len(text)
            if self.next_bracket < end:
                tried += (
                    g
                    for g in compiled.bracket_groups
                    if g.trigger_tag not in counts and not (has_digit and g.needs_digit)
                )
        if compiled.untriggered_groups:
            tried += compiled.untriggered_groups
        if not tried:
            return
        if self.checked is None:
            # Lower-cased as it is, for the prefilter; "" when that is not exact.
            self.checked = (self.plain or text.lower()) if checkable(text) else ""
            # Whitespace all single spaces (no other whitespace is printable):
            # a sentence's span is then already as ``could_match`` reads it.
            self.single_spaced = "  " not in self.checked and self.checked.isprintable()
        span = self.checked[start:end] if self.checked else ""
        if span and not self.single_spaced:
            span = spaced(span)
        for group in tried:
            requirement = group.requirement
            if requirement is UNREAD:
                requirement = group.read_requirement()
            if span and requirement is not None and not could_match(requirement, span):
                continue  # it cannot match without words the sentence lacks
            # No match starts before the first digit of a group whose matches
            # start with one ("20% off"): the search may begin there.
            begin = self.next_digit if has_digit and group.digit_first else start
            if group.find(text, begin, end) is not None:
                # ``tried`` is already chosen: counting the hit now changes nothing
                counts[group.tag] = counts.get(group.tag, 0) + 1


def _ends_in_question(body: str) -> bool:
    # "How are you? 🙂": the question mark is followed only by symbols.
    index = body.rfind("?")
    return index >= 0 and not any(char.isalnum() for char in body[index + 1 :])

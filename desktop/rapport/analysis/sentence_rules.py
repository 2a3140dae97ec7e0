"""Which rules fire on one sentence, and the findings they make.

Qt-free. The engine segments a paragraph and counts each sentence's words and
matched phrases (``counts``); this decides, from those alone, which rules apply:
a finding depends on the sentence, never on the sentences around it, which is
what lets the engine remember a sentence's outcome across edits.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapport.analysis.lists import reads_as_feature_list
from rapport.analysis.matcher import (
    EXEMPT,
    FEATURE,
    READER,
    READER_PURPOSE,
    SELF,
    SELF_TOPIC,
    SPEC,
    WARM,
    CompiledRules,
)
from rapport.analysis.model import AnalysisSettings, Finding, Sentence
from rapport.analysis.rewrite import Rewriter
from rapport.analysis.rules import RuleSpec
from rapport.analysis.sentence_subject import (
    OPENING_QUOTES,
    about_reader,
    claimed,
    narrates,
    weighs_in,
    writer_subject_at,
)

#: Shared by every sentence no rule fires on (never appended to).
NO_FINDINGS: list[Finding] = []
# A sentence this short ("I'm Joe.", "We sure did.") says too little about the
# writer to count as talking about themselves.
_MIN_SELF_SUBJECT_WORDS = 4


class SentenceRules:
    """The rules of one analyzer (its settings applied), tried on one sentence."""

    def __init__(
        self, compiled: CompiledRules, settings: AnalysisSettings, rewriter: Rewriter
    ) -> None:
        self.compiled = compiled
        self.settings = settings
        self.rewriter = rewriter
        # Tags that keep every structural rule off a sentence ("you" when each skips
        # sentences to the reader): with no phrase or pattern rule matched, such a
        # sentence has no findings, and the rules need not be tried one by one.
        structural = compiled.structural_rules
        self.structural_vetoes = frozenset(
            tag
            for tag, flag in (
                (READER, "skip_if_reader"),
                (EXEMPT, "skip_if_exempt"),
                (WARM, "skip_if_warm"),
            )
            if structural and all(getattr(rule, flag) for rule in structural)
        )

    def findings(
        self,
        sentence: Sentence,
        body: str,
        tokens: list[str],
        counts: dict[str, int],
        is_question: bool,
    ) -> list[Finding]:
        findings: list[Finding] = []
        seen_categories: set[str] = set()
        rewritten: str | None = None  # built once per sentence, only when a rule fires
        ignored = self.settings.ignored_findings
        compiled = self.compiled
        # Only the rules that can fire: structural ones, and phrase or pattern
        # rules that matched. General rules run after the specific ones so they
        # can yield to them (``rule_order``).
        lookup = compiled.lookup_rules
        matched = counts.keys() & lookup.keys()
        if not matched:
            if not self.structural_vetoes.isdisjoint(counts):
                return NO_FINDINGS
            candidates: Sequence[RuleSpec] = compiled.structural_rules
        elif not compiled.structural_before_lookup:
            in_order = sorted(matched, key=compiled.rule_order.__getitem__)
            candidates = (*map(lookup.__getitem__, in_order), *compiled.structural_rules)
        else:
            order = compiled.rule_order
            candidates = sorted(
                (*map(lookup.__getitem__, matched), *compiled.structural_rules),
                key=lambda rule: order[rule.id],
            )
        for rule in candidates:
            if rule.category in seen_categories:
                continue
            if ignored and (rule.id, body) in ignored:
                seen_categories.add(rule.category)  # the writer judged this sentence
                continue
            if rule.only_if_unflagged and findings:
                continue
            if not _rule_applies(rule, sentence, body, tokens, counts, is_question, compiled):
                continue
            seen_categories.add(rule.category)
            suggestions = rule.suggestions
            if rule.category in _REWRITTEN_CATEGORIES:
                if rewritten is None:
                    rewritten = self.rewriter.rewrite(body) or ""
                if rewritten:
                    suggestions = (rewritten, *rule.suggestions)
            findings.append(
                Finding(
                    rule.id,
                    rule.category,
                    sentence.start,
                    sentence.end,
                    rule.message,
                    suggestions,
                )
            )
        return findings


#: Findings whose quick fix is the writer's sentence, rewritten from its own words.
_REWRITTEN_CATEGORIES = frozenset({"self-centered", "product-dump", "pushy"})


def _rule_applies(
    rule: RuleSpec,
    sentence: Sentence,
    body: str,
    tokens: list[str],
    counts: dict[str, int],
    is_question: bool,
    compiled: CompiledRules,
) -> bool:
    if rule.questions_only and not is_question:
        return False
    if rule.skip_questions and is_question:
        return False
    if rule.skip_if_reader and counts.get(READER, 0):
        return False
    if rule.skip_if_exempt and counts.get(EXEMPT, 0):
        return False
    if rule.skip_if_warm and counts.get(WARM, 0):
        return False
    if rule.skip_if_reader_topic and (
        counts.get(READER_PURPOSE, 0) or (counts.get(READER, 0) and about_reader(tokens, compiled))
    ):
        return False
    if rule.needs_self and not counts.get(SELF, 0):
        return False
    if rule.match in ("phrases", "patterns"):
        if not counts.get(rule.id, 0):
            return False
        if rule.skip_if_negated:
            owners = (
                (compiled.self_words, compiled.other_person_words) if rule.claimed_by_self else None
            )
            return claimed(
                compiled.negatable_phrases[rule.id], tokens, compiled.negation_words, owners
            )
        return True
    if rule.match == "self-subject":
        if body[:1] in OPENING_QUOTES:
            return False  # someone else's words, quoted: their "we" is not the writer
        if counts.get(SELF_TOPIC, 0):
            return True  # "Here's my product."
        if len(tokens) < _MIN_SELF_SUBJECT_WORDS:
            return False  # "We sure did.": too little to be a pitch
        subject = writer_subject_at(tokens, compiled)
        if subject is None:
            return False
        return not (
            rule.skip_if_narrative
            and (narrates(tokens, subject, compiled) or weighs_in(tokens, subject, compiled))
        )
    if rule.match == "feature-list":
        features = counts.get(FEATURE, 0)
        return reads_as_feature_list(
            body, sentence.kind == "bullet", features, features + counts.get(SPEC, 0), compiled
        )
    return False

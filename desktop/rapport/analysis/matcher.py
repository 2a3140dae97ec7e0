"""Rule packs compiled into fast lookups, built once per rule set.

Phrases are matched on word tokens through a dictionary keyed by each phrase's
first word, so the cost per word is one dictionary lookup however many phrases
the packs hold. The few real regular expressions are merged into one pattern
that scans a paragraph once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rapport.analysis.rules import RuleSet, RuleSpec
from rapport.analysis.segment import SegmentationRules

#: A word: letters/digits, joined by apostrophes or hyphens; "#1" counts as a word.
WORD = re.compile(r"#?\w+(?:['\-]\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})

# Lexicon classes the engine counts per sentence.
SELF = "@self"
READER = "@reader"
EXEMPT = "@exempt"
SELF_TOPIC = "@self_topic"
FEATURE = "@feature"
SPEC = "@spec"


def tokens_of(text: str) -> list[str]:
    """Lower-case word tokens, with typographic apostrophes made plain."""
    return WORD.findall(text.lower().translate(_APOSTROPHES))


@dataclass(frozen=True)
class CompiledRules:
    """Everything the paragraph analyser needs, precomputed from a RuleSet."""

    rule_set: RuleSet
    segmentation: SegmentationRules
    #: first token -> [(phrase tokens, tags)]
    phrase_index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]
    #: One regex over a paragraph; each named group is a tag.
    patterns: re.Pattern[str] | None
    pattern_tags: dict[str, str]
    self_words: frozenset[str]
    reader_words: frozenset[str]
    openers: frozenset[str]
    generic_addressees: frozenset[str]
    rules: tuple[RuleSpec, ...]

    @classmethod
    def build(cls, rule_set: RuleSet, disabled_rules: frozenset[str] = frozenset()) -> CompiledRules:
        words = rule_set.words
        rules = tuple(rule for rule in rule_set.rules if rule.id not in disabled_rules)
        index: dict[str, dict[tuple[str, ...], set[str]]] = defaultdict(lambda: defaultdict(set))

        def add(phrases: tuple[str, ...], tag: str) -> None:
            for phrase in phrases:
                phrase_tokens = tuple(tokens_of(phrase))
                if phrase_tokens:
                    index[phrase_tokens[0]][phrase_tokens].add(tag)

        add(words("self_words"), SELF)
        add(words("reader_words"), READER)
        add(words("exempt_phrases"), EXEMPT)
        add(words("self_topics"), SELF_TOPIC)
        add(words("feature_words"), FEATURE)
        for rule in rules:
            if rule.match == "phrases":
                add(rule.phrases, rule.id)

        groups: list[str] = []
        pattern_tags: dict[str, str] = {}

        def add_patterns(patterns: tuple[str, ...], tag: str) -> None:
            if not patterns:
                return
            name = f"g{len(pattern_tags)}"
            pattern_tags[name] = tag
            groups.append(f"(?P<{name}>{'|'.join(f'(?:{p})' for p in patterns)})")

        add_patterns(words("exempt_patterns"), EXEMPT)
        add_patterns(words("spec_patterns"), SPEC)
        for rule in rules:
            if rule.match == "patterns":
                add_patterns(rule.patterns, rule.id)

        phrase_index = {
            first: sorted(
                ((phrase, tuple(sorted(tags))) for phrase, tags in entries.items()),
                key=lambda entry: len(entry[0]),
            )
            for first, entries in index.items()
        }
        return cls(
            rule_set=rule_set,
            segmentation=SegmentationRules.build(
                list(words("greeting_words")),
                list(words("signoffs")),
                list(words("abbreviations")),
                list(words("terminal_abbreviations")),
            ),
            phrase_index=phrase_index,
            patterns=re.compile("|".join(groups), re.IGNORECASE) if groups else None,
            pattern_tags=pattern_tags,
            self_words=frozenset(tokens_of(" ".join(words("self_words")))),
            reader_words=frozenset(tokens_of(" ".join(words("reader_words")))),
            openers=frozenset(tokens_of(" ".join(words("openers")))),
            generic_addressees=frozenset(a.lower() for a in words("generic_addressees")),
            rules=rules,
        )

    def scan_tokens(self, tokens: list[str]) -> dict[str, int]:
        """How often each tag's phrases occur in a token list."""
        counts: dict[str, int] = {}
        lookup = self.phrase_index.get
        size = len(tokens)
        for position, token in enumerate(tokens):
            entries = lookup(token)
            if entries is None:
                continue
            for phrase, tags in entries:
                length = len(phrase)
                if length > 1 and (
                    position + length > size
                    or tuple(tokens[position : position + length]) != phrase
                ):
                    continue
                for tag in tags:
                    counts[tag] = counts.get(tag, 0) + 1
        return counts

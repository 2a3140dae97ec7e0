"""The phrase scan counts every phrase of the packs wherever it occurs.

``CompiledRules.scan_tokens`` looks phrases up by their first words for speed;
these tests compare it with the plain search (every phrase tried at every
place) on sentences built from the packs' own phrases.
"""

from __future__ import annotations

import random

from rapport.analysis.matcher import CompiledRules
from rapport.analysis.rules import load_rule_set


def _plain_counts(
    tokens: list[str],
    single: dict[str, tuple[str, ...]],
    phrases: list[tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for token in tokens:
        for tag in single.get(token, ()):
            counts[tag] = counts.get(tag, 0) + 1
    for position in range(len(tokens)):
        for phrase, tags in phrases:
            if tuple(tokens[position : position + len(phrase)]) == phrase:
                for tag in tags:
                    counts[tag] = counts.get(tag, 0) + 1
    return counts


def test_the_scan_finds_what_a_plain_search_finds() -> None:
    compiled = CompiledRules.build(load_rule_set("en"))
    phrases: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for pair, (pair_tags, longer) in compiled.phrase_index.items():
        if pair_tags is not None:
            phrases.append((pair, pair_tags))
        for found in longer.values():
            phrases.extend(found)
    assert len(phrases) > 100  # the pack's phrases were found
    assert any(len(phrase) >= 4 for phrase, _ in phrases)
    words = sorted({w for phrase, _ in phrases for w in phrase} | set(compiled.single_words))
    rng = random.Random(7)
    for _ in range(500):
        tokens = [rng.choice(words) for _ in range(rng.randint(0, 12))]
        for _ in range(rng.randint(0, 3)):  # phrases, overlapping and at the edges
            phrase, _ = rng.choice(phrases)
            spot = rng.randint(0, len(tokens))
            tokens[spot:spot] = phrase
        expected = _plain_counts(tokens, compiled.single_words, phrases)
        assert compiled.scan_tokens(tokens) == expected, tokens

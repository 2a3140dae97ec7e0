"""Rule packs compiled into fast lookups, built once per rule set.

Phrases are matched on word tokens through a dictionary keyed by each phrase's
first word, so the cost per word is one dictionary lookup however many phrases
the packs hold. The few real regular expressions are merged into one pattern
that scans a paragraph once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapport.analysis.pack_patterns import compile_patterns
from rapport.analysis.prefilter import Requirement, group_requirement, starts_with_digit
from rapport.analysis.rules import RuleSet, RuleSpec
from rapport.analysis.segment import SegmentationRules

#: A word: letters/digits, joined by apostrophes or hyphens; "#1" counts as a word.
#: (What ``#?\w+(?:['\-]\w+)*`` matches, written to start with a set of characters,
#: which lets the regex engine skip quickly to the next word: "#" alone is no word,
#: as the look-behind requires a letter or digit before the joined parts.)
WORD = re.compile(r"[\w#]\w*(?<=\w)(?:['\-]\w+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})

# Lexicon classes the engine counts per sentence.
SELF = "@self"
READER = "@reader"
EXEMPT = "@exempt"
SELF_TOPIC = "@self_topic"
FEATURE = "@feature"
SPEC = "@spec"
WARM = "@warm"
#: A phrase of a rule that skips warm sentences, holding a warm word ("sorry to bug
#: you" for the chaser): the rule names it, so it is not warmth, and it takes back
#: the warm word it holds.
UNWARM = "@unwarm"
FAVOUR = "@favour"
REPLY = "@reply"
READER_PURPOSE = "@reader_purpose"


def _one_pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """A lexicon's patterns as one alternation (the packs' patterns are checked on load)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def prepare_tokens_text(text: str) -> str:
    """Lower-case, with typographic apostrophes made plain, ready for ``WORD``."""
    lowered = text.lower()
    if "’" in lowered or "‘" in lowered or "ʼ" in lowered:
        lowered = lowered.translate(_APOSTROPHES)
    return lowered


#: Punctuation that ends a word but is never part of one (``WORD`` has none of it).
_WORD_ENDS = ".,!?;:"


def words_between(lowered: str, start: int, end: int) -> list[str]:
    """``WORD.findall(lowered, start, end)``, mostly without the regular expression.

    No word holds whitespace, and ``WORD`` looks at nothing outside what it matches,
    so the words of the span are those of its space-separated pieces. Most pieces
    are a plain word, maybe with a comma or full stop after it: a piece that is
    letters and digits (``str.isalnum``, which are ``\\w`` characters) once those
    are stripped is exactly one word. Only the rest ("u.s.", "month-end", "20%",
    "🙂") go through the regular expression.
    """
    words: list[str] = []
    append = words.append
    find_words = WORD.findall
    for piece in lowered[start:end].split():
        word = piece.rstrip(_WORD_ENDS)
        if word.isalnum():
            append(word)
        else:
            words += find_words(piece)
    return words


def tokens_of(text: str) -> list[str]:
    """Lower-case word tokens, with typographic apostrophes made plain."""
    return WORD.findall(prepare_tokens_text(text))


#: Rule kinds that fire only where their own phrases or patterns matched.
LOOKUP_MATCHES = frozenset({"phrases", "patterns"})
#: Phrases of three words or more by their third word: (phrase tokens, tags).
_LongerPhrases = dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]
#: ``PatternGroup.requirement`` before the group's patterns are read.
UNREAD = object()
#: In a ``triggers`` list: "the sentence contains a digit".
DIGIT_TRIGGER = "<digit>"
#: In a ``triggers`` list: "the sentence contains [ { < % | or «" (placeholders).
BRACKET_TRIGGER = "<bracket>"
_SPECIAL_TRIGGERS = frozenset({DIGIT_TRIGGER, BRACKET_TRIGGER})


@dataclass(frozen=True)
class PatternGroup:
    """Regular expressions for one tag, tried only where a trigger word occurs.

    Triggers keep the regex engine off most sentences: a phrase lookup is far
    cheaper than trying every alternative at every position. The engine's
    sentence loop applies them (see ``DocumentAnalyzer._analyze_uncached``).
    """

    tag: str
    regex: re.Pattern[str]
    #: Tag counted by the token scan when a trigger word occurs; "" = always run.
    trigger_tag: str
    needs_digit: bool
    #: Also tried where the sentence holds a bracket (see ``BRACKET_TRIGGER``).
    needs_bracket: bool
    #: Match only where the sentence starts (``regex.match``), not anywhere in it.
    anchored: bool = False
    #: The patterns the regex was joined from, for ``requirement``.
    patterns: tuple[str, ...] = ()
    #: ``regex.match`` or ``regex.search`` as the group needs, called as
    #: ``find(text, start, end)``: chosen once, not on every sentence.
    find: Callable[[str, int, int], re.Match[str] | None] = field(
        init=False, repr=False, compare=False
    )
    #: The text each pattern cannot match without (``prefilter``): a sentence
    #: lacking it for every pattern is not searched. None: always searched;
    #: ``UNREAD`` until the group is first tried (``read_requirement``), so that
    #: starting the program does not read every pattern of the packs.
    requirement: tuple[Requirement, ...] | object | None = field(
        init=False, repr=False, compare=False
    )
    #: Every match starts with a digit ("\\b\\d+\\s?%"): where the sentence has one,
    #: the search starts at its first digit. Read only for the groups tried on digits.
    digit_first: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "find", self.regex.match if self.anchored else self.regex.search)
        # An anchored match is tried at one place: cheaper than the check.
        object.__setattr__(self, "requirement", None if self.anchored else UNREAD)
        digit_first = (
            self.needs_digit
            and not self.anchored
            and starts_with_digit(self.patterns, re.IGNORECASE)
        )
        object.__setattr__(self, "digit_first", digit_first)

    def read_requirement(self) -> tuple[Requirement, ...] | None:
        """``requirement``, read from the patterns the first time it is needed."""
        requirement = self.requirement
        if requirement is UNREAD:
            requirement = group_requirement(self.patterns, re.IGNORECASE)
            object.__setattr__(self, "requirement", requirement)
        return requirement  # type: ignore[return-value]


@dataclass(frozen=True)
class CompiledRules:
    """Everything the paragraph analyser needs, precomputed from a RuleSet."""

    rule_set: RuleSet
    segmentation: SegmentationRules
    #: one-word phrase -> tags
    single_words: dict[str, tuple[str, ...]]
    #: (first word, second word) -> the tags of that two-word phrase (None: it is
    #: none) and, by their third word, the longer phrases that start with the pair.
    phrase_index: dict[tuple[str, str], tuple[tuple[str, ...] | None, _LongerPhrases]]
    pattern_groups: tuple[PatternGroup, ...]
    #: The pattern groups by the trigger tag that makes them worth trying.
    groups_by_trigger: dict[str, tuple[PatternGroup, ...]]
    pattern_triggers: frozenset[str]
    #: Groups tried where the sentence holds a digit, or a bracket; and groups
    #: tried everywhere (no trigger at all).
    digit_groups: tuple[PatternGroup, ...]
    bracket_groups: tuple[PatternGroup, ...]
    untriggered_groups: tuple[PatternGroup, ...]
    #: Every word the token scan looks up: its one-word tags (None: none), and the
    #: words that follow it in a longer phrase (None: no phrase starts with it).
    #: One dictionary lookup per token.
    token_info: dict[str, tuple[tuple[str, ...] | None, frozenset[str] | None]]
    #: Tags without which no rule can fire on a sentence (a cheap pre-check).
    trigger_tags: frozenset[str]
    self_words: frozenset[str]
    reader_words: frozenset[str]
    openers: frozenset[str]
    #: "your", "yours": with a following word that is not a non-topic, the
    #: sentence is about the reader's own situation.
    reader_possessives: frozenset[str]
    #: Words after "your" that are the writer's business, not the reader's
    #: situation: "your time", "your calendar", "your inbox".
    reader_non_topics: frozenset[str]
    #: Verbs after "you" that report what the reader said or did ("you mentioned").
    reader_topic_verbs: frozenset[str]
    generic_addressees: frozenset[str]
    #: Last words of an addressee that make it a role, not a person ("… Representative").
    generic_addressee_tails: frozenset[str]
    #: First words that make the greeting about someone else ("Hello from Barbara!").
    generic_addressee_leads: frozenset[str]
    #: Rules whose findings give way when the email asks the reader a favour.
    context_rules: frozenset[str]
    #: "not", "never", "n't"...: a phrase right after one is denied, not claimed.
    negation_words: frozenset[str]
    #: "he", "her", "your", "they"...: someone the writer's claim is not about.
    other_person_words: frozenset[str]
    #: For each ``skip_if_negated`` rule, its phrases as token tuples.
    #: rule id -> its phrases as tokens, by their first token (``sentence_subject.claimed``)
    negatable_phrases: dict[str, dict[str, tuple[tuple[str, ...], ...]]]
    #: Telling what happened: irregular past forms ("went", "had"), the endings of
    #: regular ones ("-ed"), past verbs that still sell the writer ("built",
    #: "founded") and adverbs that may sit before the verb ("just", "simply").
    narrative_past_verbs: frozenset[str]
    past_tense_suffixes: tuple[str, ...]
    self_promotion_verbs: frozenset[str]
    verb_adverbs: frozenset[str]
    #: "know", "think", "afraid": the writer's view of what follows, not the writer.
    stance_words: frozenset[str]
    #: The wording metric's weight per word and its bias (empty: no such metric), and
    #: the weighed words as a set, to intersect each sentence with.
    wording_weights: dict[str, float]
    wording_words: frozenset[str]
    wording_bias: float
    rules: tuple[RuleSpec, ...]
    #: ``rules`` with the ``only_if_unflagged`` ones last.
    ordered_rules: tuple[RuleSpec, ...]
    #: Each rule's place in ``ordered_rules``, by rule id (a rule's own hash
    #: would hash all its phrases, on every sentence it is sorted for).
    rule_order: dict[str, int]
    #: Phrase and pattern rules by id: they can fire only where their id was counted.
    lookup_rules: dict[str, RuleSpec]
    #: Rules that look at the sentence's structure, tried on every candidate sentence.
    structural_rules: tuple[RuleSpec, ...]
    #: True when some structural rule comes before some lookup rule in
    #: ``ordered_rules`` (then candidates must be sorted, not just appended).
    structural_before_lookup: bool
    #: The language's syllables in a lower-case word: each match of ``syllables``
    #: counts one, each match of ``silent_syllables`` one less; None: one per word.
    syllables: re.Pattern[str] | None
    silent_syllables: re.Pattern[str] | None
    #: What separates the items of a list inside a sentence; None: nothing does.
    list_separators: re.Pattern[str] | None

    @classmethod
    def for_rule_set(
        cls, rule_set: RuleSet, disabled_rules: frozenset[str] = frozenset()
    ) -> CompiledRules:
        """``build``, once per rule set and set of disabled rules (kept on the rule set)."""
        key = (cls, frozenset(disabled_rules))
        compiled = rule_set.derived.get(key)
        if not isinstance(compiled, cls):
            compiled = cls.build(rule_set, disabled_rules)
            rule_set.derived[key] = compiled
        return compiled

    @classmethod
    def build(
        cls, rule_set: RuleSet, disabled_rules: frozenset[str] = frozenset()
    ) -> CompiledRules:
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
        add(words("warm_phrases"), WARM)
        add(words("favour_phrases"), FAVOUR)
        add(words("reply_phrases"), REPLY)
        add(words("reader_purposes"), READER_PURPOSE)
        holds_warmth = _phrase_finder(words("warm_phrases"))
        for rule in rules:
            if rule.match == "phrases":
                add(rule.phrases, rule.id)
                if rule.skip_if_warm and holds_warmth is not None:
                    add(tuple(p for p in rule.phrases if holds_warmth(_joined(p))), UNWARM)

        groups: list[PatternGroup] = []

        def add_patterns(
            patterns: tuple[str, ...], tag: str, triggers: tuple[str, ...], anchored: bool = False
        ) -> None:
            if not patterns:
                return
            trigger_words = tuple(t for t in triggers if t not in _SPECIAL_TRIGGERS)
            trigger_tag = f"?{tag}" if trigger_words else ""
            add(trigger_words, trigger_tag)
            regex = compile_patterns(patterns)
            groups.append(
                PatternGroup(
                    tag,
                    regex,
                    trigger_tag,
                    DIGIT_TRIGGER in triggers,
                    BRACKET_TRIGGER in triggers,
                    anchored,
                    tuple(patterns),
                )
            )

        add_patterns(words("exempt_patterns"), EXEMPT, words("exempt_pattern_triggers"))
        add_patterns(
            words("exempt_result_patterns"), EXEMPT, words("exempt_result_pattern_triggers")
        )
        add_patterns(words("spec_patterns"), SPEC, words("spec_pattern_triggers"))
        for rule in rules:
            if rule.match == "patterns":
                add_patterns(rule.patterns, rule.id, rule.triggers, rule.anchored)

        ordered = tuple(sorted(rules, key=lambda rule: rule.only_if_unflagged))
        by_trigger: dict[str, tuple[PatternGroup, ...]] = {}
        for group in groups:
            if group.trigger_tag:
                by_trigger[group.trigger_tag] = (*by_trigger.get(group.trigger_tag, ()), group)
        single_words: dict[str, tuple[str, ...]] = {}
        by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for first, entries in index.items():
            for phrase, tags in entries.items():
                if len(phrase) == 1:
                    single_words[first] = tuple(sorted(tags))
                else:
                    entry = (phrase, tuple(sorted(tags)))
                    by_pair.setdefault((first, phrase[1]), []).append(entry)
        phrase_index = {pair: _split_by_length(entries) for pair, entries in by_pair.items()}
        return cls(
            rule_set=rule_set,
            segmentation=SegmentationRules.build(
                list(words("greeting_words")),
                list(words("signoffs")),
                list(words("abbreviations")),
                list(words("terminal_abbreviations")),
            ),
            single_words=single_words,
            phrase_index=phrase_index,
            pattern_groups=tuple(groups),
            groups_by_trigger=by_trigger,
            pattern_triggers=frozenset(by_trigger),
            digit_groups=tuple(g for g in groups if g.needs_digit),
            bracket_groups=tuple(g for g in groups if g.needs_bracket),
            untriggered_groups=tuple(
                g for g in groups if not (g.trigger_tag or g.needs_digit or g.needs_bracket)
            ),
            token_info=_token_info(single_words, phrase_index),
            trigger_tags=frozenset(
                {SELF, SELF_TOPIC, FEATURE, SPEC}
                | {rule.id for rule in rules if rule.match in ("phrases", "patterns")}
            ),
            self_words=frozenset(tokens_of(" ".join(words("self_words")))),
            reader_words=frozenset(tokens_of(" ".join(words("reader_words")))),
            openers=frozenset(tokens_of(" ".join(words("openers")))),
            reader_possessives=frozenset(tokens_of(" ".join(words("reader_possessives")))),
            reader_non_topics=frozenset(tokens_of(" ".join(words("reader_non_topics")))),
            reader_topic_verbs=frozenset(tokens_of(" ".join(words("reader_topic_verbs")))),
            generic_addressees=frozenset(a.lower() for a in words("generic_addressees")),
            generic_addressee_tails=frozenset(a.lower() for a in words("generic_addressee_tails")),
            generic_addressee_leads=frozenset(a.lower() for a in words("generic_addressee_leads")),
            context_rules=frozenset(words("context_rules")),
            negation_words=frozenset(tokens_of(" ".join(words("negation_words")))),
            other_person_words=frozenset(tokens_of(" ".join(words("other_person_words")))),
            narrative_past_verbs=frozenset(tokens_of(" ".join(words("narrative_past_verbs")))),
            past_tense_suffixes=tuple(words("past_tense_suffixes")),
            self_promotion_verbs=frozenset(tokens_of(" ".join(words("self_promotion_verbs")))),
            verb_adverbs=frozenset(tokens_of(" ".join(words("verb_adverbs")))),
            stance_words=frozenset(tokens_of(" ".join(words("stance_words")))),
            wording_weights=dict(rule_set.wording_weights),
            wording_words=frozenset(rule_set.wording_weights),
            wording_bias=rule_set.wording_bias,
            negatable_phrases={
                rule.id: _by_first_token(tuple(tokens_of(phrase)) for phrase in rule.phrases)
                for rule in rules
                if rule.skip_if_negated and rule.match == "phrases"
            },
            rules=rules,
            ordered_rules=ordered,
            rule_order={rule.id: index for index, rule in enumerate(ordered)},
            lookup_rules={rule.id: rule for rule in ordered if rule.match in LOOKUP_MATCHES},
            structural_rules=tuple(rule for rule in ordered if rule.match not in LOOKUP_MATCHES),
            structural_before_lookup=_structural_before_lookup(ordered),
            syllables=_one_pattern(words("syllable_patterns")),
            silent_syllables=_one_pattern(words("silent_syllable_patterns")),
            list_separators=_one_pattern(words("list_separator_patterns")),
        )

    def scan_tokens(self, tokens: list[str]) -> dict[str, int]:
        """How often each tag's phrases occur in a token list."""
        # One pass, one dictionary lookup per token: this runs for every sentence.
        counts: dict[str, int] = {}
        count_of = counts.get
        info_of = self.token_info.get
        phrases = self.phrase_index
        last = len(tokens) - 1
        for position, token in enumerate(tokens):
            info = info_of(token)
            if info is None:
                continue
            tags, seconds = info
            if tags is not None:
                for tag in tags:
                    counts[tag] = count_of(tag, 0) + 1
            if seconds is not None and position < last:
                second = tokens[position + 1]
                if second not in seconds:
                    continue
                pair_tags, longer = phrases[token, second]
                if pair_tags is not None:
                    for tag in pair_tags:
                        counts[tag] = count_of(tag, 0) + 1
                if longer and position + 1 < last:
                    candidates = longer.get(tokens[position + 2])
                    if candidates is None:
                        continue
                    for phrase, phrase_tags in candidates:
                        size = len(phrase)
                        if size == 3 or tuple(tokens[position : position + size]) == phrase:
                            for tag in phrase_tags:
                                counts[tag] = count_of(tag, 0) + 1
        return counts


def _joined(phrase: str) -> str:
    return " ".join(tokens_of(phrase))


def _phrase_finder(phrases: tuple[str, ...]) -> Callable[[str], object] | None:
    """A search for any of ``phrases``, as whole tokens, in a text of joined tokens."""
    runs = [re.escape(joined) for joined in map(_joined, phrases) if joined]
    if not runs:
        return None
    return re.compile(r"(?<!\S)(?:" + "|".join(runs) + r")(?!\S)").search


def settle_warmth(counts: dict[str, int]) -> None:
    """Take back the warm word each rule's own warm-holding phrase holds ("sorry to bug")."""
    warm = counts.pop(WARM, 0) - counts.get(UNWARM, 0)
    if warm > 0:
        counts[WARM] = warm


def _split_by_length(
    entries: list[tuple[tuple[str, ...], tuple[str, ...]]],
) -> tuple[tuple[str, ...] | None, _LongerPhrases]:
    """The phrases that start with one pair of words: the pair's own tags, and the
    longer phrases by their third word (so most are never compared)."""
    pair_tags = next((tags for phrase, tags in entries if len(phrase) == 2), None)
    longer: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for phrase, tags in entries:
        if len(phrase) > 2:
            longer.setdefault(phrase[2], []).append((phrase, tags))
    return pair_tags, {third: tuple(found) for third, found in longer.items()}


def _token_info(
    single_words: dict[str, tuple[str, ...]],
    phrase_index: dict[tuple[str, str], tuple[tuple[str, ...] | None, _LongerPhrases]],
) -> dict[str, tuple[tuple[str, ...] | None, frozenset[str] | None]]:
    seconds: dict[str, set[str]] = {}
    for first, second in phrase_index:
        seconds.setdefault(first, set()).add(second)
    return {
        word: (single_words.get(word), frozenset(seconds[word]) if word in seconds else None)
        for word in sorted({*single_words, *seconds})
    }


def _structural_before_lookup(ordered: tuple[RuleSpec, ...]) -> bool:
    seen_structural = False
    for rule in ordered:
        if rule.match not in LOOKUP_MATCHES:
            seen_structural = True
        elif seen_structural:
            return True
    return False


def _by_first_token(
    phrases: Iterable[tuple[str, ...]],
) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if phrase:
            grouped.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(group) for first, group in grouped.items()}

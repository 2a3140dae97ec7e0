"""Paragraph-at-a-time analysis with a cache, and the whole-email combination.

A paragraph is one line of the email, as a QTextDocument block is. The editor
re-analyses only the paragraph a keystroke changed (``analyze_paragraph``,
cached by text) and then combines the cached results (``combine``), which is a
sum over small per-paragraph records.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence

from rapport.analysis import scoring
from rapport.analysis.lists import WEB_ADDRESS, reads_as_feature_list
from rapport.analysis.matcher import (
    EXEMPT,
    FAVOUR,
    FEATURE,
    READER,
    READER_PURPOSE,
    REPLY,
    SELF,
    SELF_TOPIC,
    SPEC,
    UNREAD,
    UNWARM,
    WARM,
    CompiledRules,
    PatternGroup,
    prepare_tokens_text,
    settle_warmth,
    tokens_of,
    words_between,
)
from rapport.analysis.model import (
    SUMMED_STATS,
    AnalysisSettings,
    Finding,
    ParagraphResult,
    ParagraphStats,
    Report,
    Sentence,
)
from rapport.analysis.prefilter import checkable, could_match, spaced
from rapport.analysis.rewrite import Rewriter
from rapport.analysis.rules import RuleSet, RuleSpec, load_rule_set
from rapport.analysis.segment import find_greeting, segment_paragraph
from rapport.analysis.sentence_subject import (
    OPENING_QUOTES,
    about_reader,
    claimed,
    narrates,
    weighs_in,
    writer_subject_at,
)
from rapport.analysis.wording import PULLS_KEPT, strongest_pulls, weigh_sentence
from rapport.analysis.wrapping import join_wrapped_lines

_DIGIT = re.compile(r"\d")
#: What a placeholder starts with ("[First Name]", "{{name}}", "<Company>", "%NAME%").
_BRACKET = re.compile(r"[\[{<%]")
#: Shared by the sentences no rule can act on (never appended to).
_NO_FINDINGS: list[Finding] = []
_MAX_REMEMBERED_WORDS = 200_000
_CLOSERS = " \t\"'”’)]»"
# Beyond this many characters a single paragraph is analysed in slices, so a
# huge paste without line breaks still returns promptly.
_MAX_PARAGRAPH = 20_000
# A sentence this short ("I'm Joe.", "We sure did.") says too little about the
# writer to count as talking about themselves.
_MIN_SELF_SUBJECT_WORDS = 4
# In a greeting, these mean a field nobody filled in ("Dear ____," is a blank form line).
_PLACEHOLDER_MARKS = ("[", "]", "{", "}", "<", ">", "%", "$", "___")
# A space before the greeting's comma: a name field that was merged in empty-ended.
_MERGE_GAP = re.compile(r"\w[ \t]+[,;:]")


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """Paragraphs as (offset, text) pairs; one per line, like a QTextDocument block."""
    result: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        result.append((offset, line))
        offset += len(line) + 1
    return result


class DocumentAnalyzer:
    """Analyses paragraphs independently, caches them by text, and combines them."""

    def __init__(
        self,
        settings: AnalysisSettings | None = None,
        rules: RuleSet | None = None,
        cache_size: int = 20_000,
    ) -> None:
        self.settings = settings or AnalysisSettings()
        if rules is None:
            rules = load_rule_set(self.settings.language, self.settings.disabled_packs)
        self.rule_set = rules
        self.compiled = CompiledRules.for_rule_set(rules, self.settings.disabled_rules)
        #: Quick fixes built from the flagged sentence's own words (rapport.analysis.rewrite).
        self.rewriter = Rewriter.for_rule_set(rules)
        self._cache: OrderedDict[str, ParagraphResult] = OrderedDict()
        self._cache_size = cache_size
        # A word's syllables depend on the language's patterns only: every analyzer
        # of these rules (one per settings change in the window) shares them.
        syllables = rules.derived.get(_SyllableCounts)
        if not isinstance(syllables, _SyllableCounts):
            syllables = rules.derived[_SyllableCounts] = _SyllableCounts(self.compiled)
        self._syllables = syllables
        # Tags that keep every structural rule off a sentence ("you" when each skips
        # sentences to the reader): with no phrase or pattern rule matched, such a
        # sentence has no findings, and the rules need not be tried one by one.
        structural = self.compiled.structural_rules
        self._structural_vetoes = frozenset(
            tag
            for tag, flag in (
                (READER, "skip_if_reader"),
                (EXEMPT, "skip_if_exempt"),
                (WARM, "skip_if_warm"),
            )
            if structural and all(getattr(rule, flag) for rule in structural)
        )

    # ------------------------------------------------------------ paragraphs

    def analyze_paragraph(self, text: str, use_cache: bool = True) -> ParagraphResult:
        """Findings (offsets relative to ``text``) and counts for one paragraph.

        ``use_cache=False`` neither reads nor writes the cache, which makes the
        call safe from a worker thread while the main thread uses the cache.
        """
        if not use_cache:
            return self._analyze_uncached(text)
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        result = self._analyze_uncached(text)
        self._cache[text] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return result

    def _analyze_uncached(self, text: str) -> ParagraphResult:
        if len(text) > _MAX_PARAGRAPH and "\n" not in text:
            return _analyze_in_slices(self, text)
        compiled = self.compiled
        sentences = segment_paragraph(text, compiled.segmentation)
        if not sentences:
            return ParagraphResult(text, (), (), ParagraphStats())
        # Lower-case once per paragraph; if case-folding changed the length
        # (a rare "İ"), fall back to lower-casing each sentence on its own.
        lowered = prepare_tokens_text(text)
        same_length = len(lowered) == len(text)
        # The prefilter reads the text lower-cased as it is (see ``checked`` below).
        plain = None if "’" in text or "‘" in text or "ʼ" in text else lowered
        if same_length and ("://" in text or "www." in text or "US" in text):
            lowered = _masked(lowered, text)
        findings: list[Finding] = []
        content_start: int | None = None
        questions = reader_questions = greeting_words = 0
        you_words = me_words = flagged = counted_sentences = 0
        favour_asks = context_flagged = replies = wording_sentences = 0
        wording_sum = 0.0
        wording_weights, wording_bias = compiled.wording_weights, compiled.wording_bias
        weighed_words = compiled.wording_words
        # word -> its weight, for the words that pulled a sentence toward the writer
        wording_pulls: dict[str, float] = {}
        greeting_text: str | None = None
        greeting_name: str | None = None
        greeting_template = False
        signoff = False
        # The words of the counted sentences; their syllables are summed once.
        counted_words: list[str] = []
        # This loop runs for every sentence of every paragraph: what it uses is
        # looked up once here, and a paragraph is searched once for the next digit,
        # bracket or question mark rather than each sentence for its own.
        scan = compiled.scan_tokens
        pattern_triggers = compiled.pattern_triggers
        groups_by_trigger = compiled.groups_by_trigger
        digit_groups = compiled.digit_groups
        bracket_groups = compiled.bracket_groups
        untriggered_groups = compiled.untriggered_groups
        trigger_tags = compiled.trigger_tags
        context_rules = compiled.context_rules
        length = len(text)
        next_digit = next_bracket = next_question = -1
        checked: str | None = None
        single_spaced = True
        for sentence in sentences:
            start, end, kind = sentence.start, sentence.end, sentence.kind
            tokens = (
                words_between(lowered, start, end) if same_length else tokens_of(text[start:end])
            )
            if kind == "greeting":
                greeting_text = text[start:end]
                greeting_name, greeting_template = _greeting_of(text, greeting_text, compiled)
                greeting_words += len(tokens)
                continue
            if kind == "signoff":
                signoff = True
                continue
            counts = scan(tokens)
            if UNWARM in counts:
                settle_warmth(counts)
            # Only the groups whose trigger occurs are tried.
            tried: list[PatternGroup] = []
            for trigger in pattern_triggers.intersection(counts):
                tried += groups_by_trigger[trigger]
            has_digit = False
            if digit_groups:
                if next_digit < start:
                    found = _DIGIT.search(text, start)
                    next_digit = found.start() if found else length
                if next_digit < end:
                    has_digit = True
                    for group in digit_groups:
                        if group.trigger_tag not in counts:
                            tried.append(group)
            if bracket_groups:
                if next_bracket < start:
                    found = _BRACKET.search(text, start)
                    next_bracket = found.start() if found else length
                if next_bracket < end:
                    tried += (
                        g
                        for g in bracket_groups
                        if g.trigger_tag not in counts and not (has_digit and g.needs_digit)
                    )
            if untriggered_groups:
                tried += untriggered_groups
            if tried:
                if checked is None:
                    # Lower-cased as it is, for the prefilter; "" when that is not exact.
                    checked = (plain or text.lower()) if checkable(text) else ""
                    # Whitespace all single spaces (no other whitespace is printable):
                    # a sentence's span is then already as ``could_match`` reads it.
                    single_spaced = "  " not in checked and checked.isprintable()
                span = checked[start:end] if checked else ""
                if span and not single_spaced:
                    span = spaced(span)
                for group in tried:
                    requirement = group.requirement
                    if requirement is UNREAD:
                        requirement = group.read_requirement()
                    if span and requirement is not None and not could_match(requirement, span):
                        continue  # it cannot match without words the sentence lacks
                    # No match starts before the first digit of a group whose matches
                    # start with one ("20% off"): the search may begin there.
                    begin = next_digit if has_digit and group.digit_first else start
                    if group.find(text, begin, end) is not None:
                        # ``tried`` is already chosen: counting the hit now changes nothing
                        counts[group.tag] = counts.get(group.tag, 0) + 1
            if next_question < start:
                next_question = text.find("?", start)
                if next_question < 0:
                    next_question = length
            body = None
            is_question = False
            if next_question < end:
                body = text[start:end]
                is_question = body.rstrip(_CLOSERS).endswith("?") or _ends_in_question(body)
            if trigger_tags.isdisjoint(counts):
                sentence_findings: list[Finding] = _NO_FINDINGS  # nothing a rule could act on
            else:
                sentence_findings = self._sentence_findings(
                    sentence, text[start:end] if body is None else body, tokens, counts, is_question
                )
            # Flagged for context alone ("I know you're busy, but…"), it is still theirs.
            only_context = all(f.rule in context_rules for f in sentence_findings)
            if tokens:
                counted_sentences += 1
                counted_words += tokens
                if content_start is None:
                    content_start = start
                if wording_weights:
                    if not only_context:
                        # Flagged, the sentence is written for the writer, whatever its
                        # words: "54 % reads as written for them" beside six flagged
                        # sentences out of six would contradict the findings.
                        wording_sum += 1.0
                    else:
                        wording_sum += weigh_sentence(
                            tokens, weighed_words, wording_weights, wording_bias, wording_pulls
                        )
                    wording_sentences += 1
            me_words += counts.get(SELF, 0)
            if counts.get(REPLY, 0):
                replies += 1
            if counts.get(FAVOUR, 0) and only_context:
                # A favour flagged for more than context ("would you consider
                # linking to our article?") serves the writer: it excuses nothing.
                favour_asks += 1
            if sentence_findings:
                findings += sentence_findings
                flagged += 1  # and its "you" serves the writer: it does not count
                context_flagged += only_context
            else:
                you_words += counts.get(READER, 0)
            if is_question:
                questions += 1
                if not sentence_findings:
                    reader_questions += 1

        words = greeting_words + len(counted_words)
        syllable_sum = sum(map(self._syllables.__getitem__, counted_words))
        syllables = 0
        if content_start is not None:
            content_words = words - (len(tokens_of(greeting_text)) if greeting_text else 0)
            # Every word has at least one syllable, whatever the vowels say.
            syllables = max(syllable_sum, content_words)
        stats = ParagraphStats(
            words=words,
            sentences=counted_sentences,
            syllables=syllables,
            questions=questions,
            reader_questions=reader_questions,
            you_words=you_words,
            me_words=me_words,
            flagged_sentences=flagged,
            favour_asks=favour_asks,
            replies=replies,
            context_flagged=context_flagged,
            greeting=greeting_text,
            greeting_name=greeting_name,
            greeting_template=greeting_template,
            signoff=signoff,
            wording_sum=wording_sum,
            wording_sentences=wording_sentences,
            wording_words=strongest_pulls(wording_pulls),
        )
        return ParagraphResult(text, tuple(sentences), tuple(findings), stats)

    def _sentence_findings(
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
            if not self._structural_vetoes.isdisjoint(counts):
                return _NO_FINDINGS
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

    # ------------------------------------------------------------ documents

    def combine(self, paragraphs: Sequence[ParagraphResult]) -> Report:
        """The whole-email report from per-paragraph results joined by newlines."""
        return scoring.combine(paragraphs, self.compiled.rule_set, self.settings)

    def analyze(self, text: str) -> Report:
        """The whole email; hard-wrapped lines are read as the paragraphs they were."""
        joined = join_wrapped_lines(text)
        return self.combine([self.analyze_paragraph(line) for _, line in split_paragraphs(joined)])


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


#: "Dear google.com,": a bare domain in the greeting, where a name should be.
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}")
# "US" in capitals is the country, not the writer's "us".
_COUNTRY_US = re.compile(r"\bUS\b")


def _masked(lowered: str, text: str) -> str:
    """``lowered`` with web addresses and the country "US" blanked, length kept.

    "https://my.example.com" must not read as the writer's "my".
    """
    spans = [m.span() for m in WEB_ADDRESS.finditer(text)]
    spans += [m.span() for m in _COUNTRY_US.finditer(text)]
    if not spans:
        return lowered
    chars = list(lowered)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _greeting_of(text: str, greeting: str, compiled: CompiledRules) -> tuple[str | None, bool]:
    """The personal name a greeting uses, and whether it shows a mail-merge accident."""
    match = find_greeting(text, compiled.segmentation)
    addressee = match.addressee if match else ""
    name = _personal_name(addressee, compiled)
    return name, _merge_accident(greeting, addressee, name)


def _merge_accident(greeting: str, addressee: str, name: str | None) -> bool:
    """ "Hi [First Name],", "Hi Maria ," or "Hello james,": a mail merge that went wrong,
    or a name copied from a list or a user name as it was."""
    return (
        _MERGE_GAP.search(greeting) is not None
        or any(mark in addressee for mark in _PLACEHOLDER_MARKS)
        or (name is not None and name.islower())
    )


def _personal_name(addressee: str, compiled: CompiledRules) -> str | None:
    cleaned = " ".join(addressee.split()).strip(" ,.!:;-–—")
    if not cleaned or cleaned.lower() in compiled.generic_addressees:
        return None
    if any(mark in cleaned for mark in _PLACEHOLDER_MARKS):
        return None  # "[First Name]" is nobody's name
    if WEB_ADDRESS.search(cleaned) or _DOMAIN.fullmatch(cleaned):
        return None  # "Dear google.com,": a site, found by a crawler
    words = cleaned.lower().split()
    if words[-1] in compiled.generic_addressee_tails:
        return None  # "Northwind Traders Representative"
    if words[0] in compiled.generic_addressee_leads:
        return None  # "Hello from Barbara!": the writer's name, not the reader's
    return cleaned


def _ends_in_question(body: str) -> bool:
    # "How are you? 🙂": the question mark is followed only by symbols.
    index = body.rfind("?")
    return index >= 0 and not any(char.isalnum() for char in body[index + 1 :])


class _SyllableCounts(dict[str, int]):
    """Estimated syllables per lower-case word, worked out once per word.

    The pack says how (in English: vowel groups minus a silent final "e", as in
    "make" but not "table"); emails repeat their words, so most look-ups never
    reach the regular expressions.
    """

    def __init__(self, compiled: CompiledRules) -> None:
        super().__init__()
        self._syllables = compiled.syllables
        self._silent = compiled.silent_syllables

    def __missing__(self, word: str) -> int:
        if self._syllables is None:
            return 1
        count = len(self._syllables.findall(word))
        if self._silent is not None:
            count -= len(self._silent.findall(word))
        # A word has a syllable even when its only vowel is a final "e" ("the", "we").
        count = max(1, count)
        if len(self) < _MAX_REMEMBERED_WORDS:
            self[word] = count
        return count


def _analyze_in_slices(analyzer: DocumentAnalyzer, text: str) -> ParagraphResult:
    """Analyse a very long line in slices cut at spaces, then stitch the results."""
    findings: list[Finding] = []
    sentences: list[Sentence] = []
    totals: dict[str, int | float] = {}
    first_stats: ParagraphStats | None = None
    pulls: dict[str, None] = {}  # in order, each word once
    start = 0
    while start < len(text):
        end = min(len(text), start + _MAX_PARAGRAPH)
        if end < len(text):
            space = text.rfind(" ", start + _MAX_PARAGRAPH // 2, end)
            end = space + 1 if space > start else end
        part = analyzer._analyze_uncached(text[start:end])
        findings.extend(finding.shifted(start) for finding in part.findings)
        sentences.extend(Sentence(s.start + start, s.end + start, s.kind) for s in part.sentences)
        first_stats = first_stats or part.stats
        for name in SUMMED_STATS:
            totals[name] = totals.get(name, 0) + getattr(part.stats, name)
        pulls.update(dict.fromkeys(part.stats.wording_words))
        start = end
    assert first_stats is not None
    stats = ParagraphStats(
        **totals,
        greeting=first_stats.greeting,
        greeting_name=first_stats.greeting_name,
        signoff=first_stats.signoff,
        wording_words=tuple(pulls)[:PULLS_KEPT],
    )
    return ParagraphResult(text, tuple(sentences), tuple(findings), stats)


def analyze(text: str, settings: AnalysisSettings | None = None) -> Report:
    """Analyse a whole email with the packs for ``settings.language``."""
    return DocumentAnalyzer(settings).analyze(text)

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
from rapport.analysis.lists import WEB_ADDRESS
from rapport.analysis.matcher import (
    CompiledRules,
    prepare_tokens_text,
    tokens_of,
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
from rapport.analysis.rewrite import Rewriter
from rapport.analysis.rules import RuleSet, load_rule_set
from rapport.analysis.segment import find_greeting, segment_paragraph
from rapport.analysis.sentence_rules import SentenceRules
from rapport.analysis.sentence_scan import ParagraphScan, SentenceOutcome
from rapport.analysis.wording import PULLS_KEPT, strongest_pulls
from rapport.analysis.wrapping import join_wrapped_lines

_MAX_REMEMBERED_WORDS = 200_000
#: Sentences whose outcome is kept: a long
#: document's worth, and older ones are forgotten first.
_MAX_REMEMBERED_SENTENCES = 20_000
#: The characters before a sentence that are part of its key: a pack pattern's
#: look-behind can see that far back ("(?<!right\s)") and no further.
_LOOK_BEHIND = 16
# Beyond this many characters a single paragraph is analysed in slices, so a
# huge paste without line breaks still returns promptly.
_MAX_PARAGRAPH = 20_000
# In a greeting, these mean a field nobody filled in ("Dear ____," is a blank form line).
_PLACEHOLDER_MARKS = ("[", "]", "{", "}", "<", ">", "%", "$", "___", "*|", "«")
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
        self._sentence_rules = SentenceRules(self.compiled, self.settings, self.rewriter)
        # What each sentence came to, by its text: an edit changes one sentence of
        # a paragraph, and the others need not be judged again (``SentenceOutcome``).
        self._sentences: dict[tuple[str, int, str], SentenceOutcome] = {}

    # ------------------------------------------------------------ paragraphs

    def analyze_paragraph(self, text: str, use_cache: bool = True) -> ParagraphResult:
        """Findings (offsets relative to ``text``) and counts for one paragraph.

        ``use_cache=False`` neither reads nor writes the cache, which makes the
        call safe from a worker thread while the main thread uses the cache.
        """
        if not use_cache:
            return self._analyze_uncached(text, None)
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        result = self._analyze_uncached(text, self._sentences)
        self._cache[text] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return result

    def _analyze_uncached(
        self, text: str, remembered: dict[tuple[str, int, str], SentenceOutcome] | None
    ) -> ParagraphResult:
        if len(text) > _MAX_PARAGRAPH and "\n" not in text:
            return _analyze_in_slices(self, text, remembered)
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
        wording_on = bool(compiled.wording_weights)
        # word -> its weight, for the words that pulled a sentence toward the writer
        wording_pulls: dict[str, float] = {}
        greeting_text: str | None = None
        greeting_name: str | None = None
        greeting_template = False
        signoff = False
        # The words of the counted sentences; their syllables are summed once.
        counted_words: list[str] = []
        scan = ParagraphScan(text, lowered, same_length, plain, compiled, self._sentence_rules)
        for sentence in sentences:
            start, end, kind = sentence.start, sentence.end, sentence.kind
            if kind == "greeting":
                greeting_text = text[start:end]
                greeting_name, greeting_template = _greeting_of(text, greeting_text, compiled)
                greeting_words += len(scan.tokens(start, end))
                continue
            if kind == "signoff":
                signoff = True
                continue
            outcome = None
            if remembered is not None:
                # Keyed with the characters before it, which a look-behind can see.
                before = start - _LOOK_BEHIND if start > _LOOK_BEHIND else 0
                key = (text[before:end], start - before, kind)
                outcome = remembered.get(key)
                if outcome is None:
                    outcome = remembered[key] = scan.judge(sentence)
                    if len(remembered) > _MAX_REMEMBERED_SENTENCES:
                        del remembered[next(iter(remembered))]
            else:
                outcome = scan.judge(sentence)
            sentence_findings = outcome.findings
            if sentence_findings and outcome.start != start:
                moved = start - outcome.start
                sentence_findings = [finding.shifted(moved) for finding in sentence_findings]
            only_context = outcome.only_context
            tokens = outcome.tokens
            if tokens:
                counted_sentences += 1
                counted_words += tokens
                if content_start is None:
                    content_start = start
                if wording_on:
                    wording_sum += outcome.wording
                    wording_sentences += 1
                    if outcome.pulls:
                        wording_pulls.update(outcome.pulls)
            me_words += outcome.self_words
            if outcome.reply:
                replies += 1
            if outcome.favour and only_context:
                # A favour flagged for more than context ("would you consider
                # linking to our article?") serves the writer: it excuses nothing.
                favour_asks += 1
            if sentence_findings:
                findings += sentence_findings
                flagged += 1  # and its "you" serves the writer: it does not count
                context_flagged += only_context
            else:
                you_words += outcome.reader_words
            if outcome.is_question:
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

    # ------------------------------------------------------------ documents

    def combine(self, paragraphs: Sequence[ParagraphResult]) -> Report:
        """The whole-email report from per-paragraph results joined by newlines."""
        return scoring.combine(paragraphs, self.compiled.rule_set, self.settings)

    def analyze(self, text: str) -> Report:
        """The whole email; hard-wrapped lines are read as the paragraphs they were."""
        joined = join_wrapped_lines(text)
        return self.combine([self.analyze_paragraph(line) for _, line in split_paragraphs(joined)])


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


def _analyze_in_slices(
    analyzer: DocumentAnalyzer,
    text: str,
    remembered: dict[tuple[str, int, str], SentenceOutcome] | None,
) -> ParagraphResult:
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
        part = analyzer._analyze_uncached(text[start:end], remembered)
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

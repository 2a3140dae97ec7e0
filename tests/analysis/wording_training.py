"""Train the wording weights (``resources/rules/en-wording.toml``) from labelled sentences.

The wording metric asks of each sentence: do its words read like the sentences
that readers criticised, or like those in emails they praised? It is a small
logistic regression over single words, trained here on

* the development corpus (``real/``): sentences the authors criticised (1) against
  every sentence of the emails they praised (0), the validation batches left out;
* the hand-labelled tuning sentences (``labelled/sentences.toml``): the three
  sentence-level categories (1) against "none" (0). The held-out labelled set is
  never trained on.

Only words used in at least ``MIN_SOURCES`` different sources are kept (and no
editorial marks such as "redacted"), so the
weights say how people write to each other ("our", "offer", "link", "thanks",
"wish") rather than what one page was about. The output holds words and
weights, never a sentence: the corpus itself stays in ``tests/``.

Regenerate after the corpus or the rules change (the thresholds count the sentences
the rules flag), and commit the result:

    .venv/bin/python tests/analysis/wording_training.py
"""

from __future__ import annotations

import math
import random
import re
import statistics
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapport.analysis import DocumentAnalyzer, split_paragraphs
from rapport.analysis.matcher import tokens_of
from rapport.analysis.wording import weigh_sentence
from rapport.analysis.wrapping import join_wrapped_lines

HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from real_corpus import REAL_DIR, _body_sentences, as_sent, load_corpus_files  # noqa: E402

OUTPUT = HERE.parents[1] / "resources" / "rules" / "en-wording.toml"
LABELLED = HERE / "labelled" / "sentences.toml"
#: Batches kept out of training: the weights are measured on them (their sources
#: are new to everything else in the corpus).
VALIDATION_BATCHES = tuple(f"fresh{n}.toml" for n in (*range(6, 16), *range(19, 46)))
# Chosen by five-fold cross-validation over the training sources, grouped by
# source (tried 3-20 sources, L2 0.01-10): the mean lean of a held-out source's
# emails told good from bad best at 5 sources and L2 1.0 (ROC AUC 0.82; 0.72 at
# the first choice of 12 and 0.01).
MIN_SOURCES = 5
L2 = 1.0
#: What editors put in a published email ("[name redacted]", "xxx"): never the writer's.
EDITORIAL_WORDS = frozenset({"redacted", "xxx", "xxxx", "xx", "withheld", "removed", "sic"})
EPOCHS = 40
LEARNING_RATE = 0.1
SEED = 0


@dataclass(frozen=True)
class LabelledSentence:
    text: str
    label: int  # 1: written for the writer (criticised); 0: written for the reader
    source: str


@dataclass(frozen=True)
class WordingWeights:
    bias: float
    weights: dict[str, float]

    def probability(self, text: str) -> float:
        """The sentence's lean, weighed exactly as the engine weighs it."""
        return weigh_sentence(tokens_of(text), frozenset(self.weights), self.weights, self.bias, {})


def _source_of(url: str) -> str:
    """The site an email comes from (a GitHub repository counts as its own site)."""
    found = re.match(r"https?://(?:www\.)?([^/]+)(?:/([^/]+)/([^/]+))?", url)
    if not found:
        return url
    host = found.group(1)
    if host == "github.com" and found.group(3):
        return f"{host}/{found.group(2)}/{found.group(3)}"
    return host


def corpus_sentences(files: Iterable[Path]) -> list[LabelledSentence]:
    analyzer = DocumentAnalyzer()
    found: list[LabelledSentence] = []
    for email in load_corpus_files(files):
        text = as_sent(email)
        criticised = [
            (start, start + len(quote.text))
            for quote in email.criticised
            if (start := text.find(quote.text)) >= 0
        ]
        for start, end in _body_sentences(analyzer, text):
            if any(a < end and start < b for a, b in criticised):
                label = 1
            elif email.verdict == "good":
                label = 0
            else:
                continue  # an unmarked sentence of a bad email says nothing either way
            found.append(LabelledSentence(text[start:end], label, _source_of(email.source_url)))
    return found


def labelled_sentences(path: Path = LABELLED) -> list[LabelledSentence]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        LabelledSentence(sentence, 0 if label == "none" else 1, path.name)
        for label, groups in data.items()
        for sentences in groups.values()
        for sentence in sentences
    ]


def training_files(folder: Path = REAL_DIR) -> list[Path]:
    return [p for p in sorted(folder.glob("*.toml")) if p.name not in VALIDATION_BATCHES]


def validation_files(folder: Path = REAL_DIR) -> list[Path]:
    return [p for p in sorted(folder.glob("*.toml")) if p.name in VALIDATION_BATCHES]


def train(sentences: Sequence[LabelledSentence]) -> WordingWeights:
    """L2-regularised logistic regression on word presence, classes weighted equally."""
    sources: dict[str, set[str]] = defaultdict(set)
    rows: list[tuple[list[str], int]] = []
    for sentence in sentences:
        words = sorted(set(tokens_of(sentence.text)))
        for word in words:
            sources[word].add(sentence.source)
        rows.append((words, sentence.label))
    vocabulary = {
        word
        for word, seen in sources.items()
        if len(seen) >= MIN_SOURCES and word not in EDITORIAL_WORDS
    }
    rows = [([w for w in words if w in vocabulary], label) for words, label in rows]
    positives = sum(label for _, label in rows)
    class_weight = {1: len(rows) / (2 * positives), 0: len(rows) / (2 * (len(rows) - positives))}
    weights: dict[str, float] = dict.fromkeys(sorted(vocabulary), 0.0)
    squared: dict[str, float] = dict.fromkeys(weights, 1e-8)
    bias, bias_squared = 0.0, 1e-8
    shuffler = random.Random(SEED)
    for _ in range(EPOCHS):
        shuffler.shuffle(rows)
        for words, label in rows:
            z = bias + sum(weights[w] for w in words)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            gradient = (p - label) * class_weight[label]
            for word in words:
                step = gradient + L2 * weights[word]
                squared[word] += step * step
                weights[word] -= LEARNING_RATE * step / math.sqrt(squared[word])
            bias_squared += gradient * gradient
            bias -= LEARNING_RATE * gradient / math.sqrt(bias_squared)
    return WordingWeights(
        round(bias, 3), {w: round(v, 3) for w, v in weights.items() if round(v, 3)}
    )


def train_default() -> WordingWeights:
    return train(corpus_sentences(training_files()) + labelled_sentences())


def _weighed_sentences(
    analyzer: DocumentAnalyzer, text: str, context: frozenset[str]
) -> list[tuple[str, bool]]:
    """The email's body sentences, each with whether a rule flags it for more than
    the writer's context (the engine then counts it as written for the writer)."""
    found: list[tuple[str, bool]] = []
    for _, line in split_paragraphs(join_wrapped_lines(text)):
        paragraph = analyzer.analyze_paragraph(line)
        for sentence in paragraph.sentences:
            if sentence.kind not in ("sentence", "bullet"):
                continue
            flagged = any(
                f.start < sentence.end and sentence.start < f.end and f.rule not in context
                for f in paragraph.findings
            )
            found.append((line[sentence.start : sentence.end], flagged))
    return found


def email_lean_targets(model: WordingWeights) -> tuple[float, float]:
    """Full points up to the lean of three in four praised real emails trained on,
    none from the median lean of the criticised ones.

    A lean is weighed as the engine weighs it: a sentence a rule flags (other than
    for the writer's context) counts as written for the writer.
    """
    analyzer = DocumentAnalyzer()
    context = frozenset(analyzer.rule_set.words("context_rules"))
    leans: dict[str, list[float]] = {"good": [], "bad": []}
    for email in load_corpus_files(training_files()):
        chances = [
            1.0 if flagged else model.probability(sentence)
            for sentence, flagged in _weighed_sentences(analyzer, as_sent(email), context)
        ]
        if chances and email.origin == "real":
            leans[email.verdict].append(sum(chances) / len(chances))
    upper_quartile = statistics.quantiles(leans["good"], n=4)[2]
    return round(upper_quartile, 3), round(statistics.median(leans["bad"]), 3)


def pack_text(model: WordingWeights, targets: tuple[float, float]) -> str:
    lines = [
        "# Wording weights: how much each word makes a sentence read as written for the",
        "# writer rather than the reader. Made by tests/analysis/wording_training.py from",
        "# labelled sentences (the corpus itself stays in tests/); do not edit by hand,",
        "# regenerate. Each sentence gets bias + the weights of the words it holds; the",
        "# wording metric is the mean, as a probability, over the email's sentences. A",
        "# sentence a rule flags (not only for context) counts as 1: written for the writer.",
        "[pack]",
        'id = "en-wording"',
        'name = "English: wording, learned from real emails"',
        'language = "en"',
        "",
        "[thresholds]",
        "# full points up to the lean of 3 in 4 praised real emails trained on; none from",
        "# the median lean of the criticised ones",
        f"wording_full = {targets[0]}",
        f"wording_zero = {targets[1]}",
        "",
        "[wording]",
        f"bias = {model.bias}",
        "",
        "[wording.weights]",
    ]
    for word, weight in sorted(model.weights.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f'"{word}" = {weight}')
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    trained = train_default()
    OUTPUT.write_text(pack_text(trained, email_lean_targets(trained)), encoding="utf-8")
    print(f"{OUTPUT}: {len(trained.weights)} words, bias {trained.bias}")

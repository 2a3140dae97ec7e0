"""Speed of the customer-focus engine. Prints one figure per line: name value unit.

Run on demand: .venv/bin/python tests/benchmarks/bench_engine.py
Targets (issue 2): whole text >= 500,000 words/s; one edited 150-word paragraph
p99 <= 1 ms; `rapport check` on 50,000 words as a process under 0.28 s. The
made-up 50,000 words repeat sentences, which the engine judges once: the real
emails of tests/analysis/real/ give the throughput of text never seen before.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))

from corpus import make_paragraph, make_text
from real_corpus import as_sent, load_corpus
from timing import best_of

from rapport.analysis import DocumentAnalyzer
from rapport.analysis.rules import load_rule_set


def main() -> None:
    text = make_text(50_000)
    words = len(re.findall(r"\w+", text))
    rules = load_rule_set("en")

    tokenise = best_of(5, lambda: re.findall(r"\w+", text))
    print(f"tokenise_findall_words_per_s {words / tokenise:.0f} words/s")

    # A fresh analyzer each run, so nothing comes from the paragraph cache.
    whole = best_of(5, lambda: DocumentAnalyzer(rules=rules).analyze(text))
    print(f"analyze_50k_words_per_s {words / whole:.0f} words/s")
    print(f"analyze_50k_seconds {whole:.3f} s")

    # The made-up text repeats its sentences, and the engine judges a sentence it
    # has seen once; real emails, each sentence new, are the honest throughput.
    emails = [as_sent(email) for email in load_corpus()]
    real_words = sum(len(re.findall(r"\w+", email)) for email in emails)

    def analyze_real_emails() -> None:
        analyzer = DocumentAnalyzer(rules=rules)
        for email in emails:
            analyzer.analyze(email)

    real = best_of(3, analyze_real_emails)
    print(f"analyze_real_emails_words_per_s {real_words / real:.0f} words/s")

    analyzer = DocumentAnalyzer(rules=rules)
    paragraph = make_paragraph(150)
    timings: list[float] = []
    for index in range(2000):
        # A different character each time: a real edit, never a cache hit.
        edited = paragraph[: index % len(paragraph)] + "x" + paragraph[index % len(paragraph) :]
        edited += f" {index}"
        start = time.perf_counter()
        analyzer.analyze_paragraph(edited)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"edit_150_word_paragraph_p50 {statistics.median(timings):.3f} ms")
    print(f"edit_150_word_paragraph_p99 {timings[int(len(timings) * 0.99)]:.3f} ms")

    paragraphs = [analyzer.analyze_paragraph(line) for line in text.split("\n")]
    combine = best_of(20, lambda: analyzer.combine(paragraphs))
    print(f"combine_50k_words {combine * 1000:.2f} ms")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "email.txt"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "rapport", "check", "--json", str(path)]
        process = best_of(3, lambda: subprocess.run(command, capture_output=True, check=True))
        print(f"rapport_check_50k_words_process {process:.3f} s")
        startup = [sys.executable, "-m", "rapport", "check", "--json", "-"]
        empty = best_of(3, lambda: subprocess.run(startup, input=b"", capture_output=True))
        print(f"rapport_check_empty_process {empty:.3f} s")


if __name__ == "__main__":
    main()

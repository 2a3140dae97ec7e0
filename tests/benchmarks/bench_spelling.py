"""Speed of offline spelling and of the grammar scheduler. One figure per line: name value unit.

Run on demand: .venv/bin/python tests/benchmarks/bench_spelling.py
Targets (issue 4): offline spelling of a 5,000-word draft <= 20 ms. The editor's
event-loop stall during a slow check (<= 50 ms) is measured in the UI; here the
Qt-free part of it: how long one edit (set_paragraphs) takes while a check is in
flight against a slow server.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "grammar"))

from corpus import make_text  # noqa: E402
from timing import best_of  # noqa: E402

from rapport.grammar import (  # noqa: E402
    GrammarScheduler,
    OfflineSpeller,
    PersonalDictionary,
)

TYPOS = ["teh", "recieve", "definately", "seperate", "occured", "wich", "untill", "tommorow"]
EXTRAS = [
    "Write to laura.smith@acme-corp.com or see https://acme.io/pricing.",
    "Zorblat and the NASA team use HubSpot in Q3.",
]


def draft(words: int, seed: int = 3) -> str:
    """Email text with names, URLs and a typo in about one sentence in ten."""
    rng = random.Random(seed)
    lines = []
    for line in make_text(words, seed).split("\n"):
        tokens = line.split(" ")
        for _ in range(max(1, len(tokens) // 60)):
            tokens[rng.randrange(len(tokens))] = rng.choice(TYPOS)
        lines.append(" ".join(tokens) + " " + rng.choice(EXTRAS))
    text = "\n".join(lines)
    return " ".join(text.split(" ")[:words])


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="rapport-bench-"))
    speller = OfflineSpeller(personal=PersonalDictionary(folder / "words.txt"))
    start = time.perf_counter()
    speller.load()
    print(f"offline_dictionary_load {(time.perf_counter() - start) * 1000:.0f} ms")

    text = draft(5000)
    words = len(text.split())
    findings = speller.check(text)
    timings = []
    for _ in range(30):
        begin = time.perf_counter()
        speller.check(text)
        timings.append((time.perf_counter() - begin) * 1000)
    print(f"offline_spelling_words {words} words")
    print(f"offline_spelling_findings {len(findings)} findings")
    print(f"offline_spelling_5000_words_median {statistics.median(timings):.2f} ms")
    print(f"offline_spelling_5000_words_best {min(timings):.2f} ms")

    paragraph = text.split("\n")[0]
    single = best_of(50, lambda: speller.check(paragraph)) * 1000
    print(f"offline_spelling_one_paragraph {single:.3f} ms")
    suggest = best_of(5, lambda: speller.suggest("definately")) * 1000
    print(f"offline_suggestions_one_word {suggest:.2f} ms")

    scheduler_stall()


def scheduler_stall() -> None:
    """Edits every 10 ms while checks run against a server that takes 0.5 s to answer."""
    from fake_languagetool import FakeLanguageTool

    from rapport.grammar import service_from_settings
    from rapport.settings import Settings

    with FakeLanguageTool() as fake:
        fake.set_mode("slow", delay=0.5)
        service = service_from_settings(
            Settings(grammar_backend="server", languagetool_url=fake.url), env={}
        )
        scheduler = GrammarScheduler(service.check, pause=0.05)
        paragraphs = draft(1500).split("\n")
        longest = 0.0
        edits_in_flight = 0
        try:
            scheduler.set_paragraphs(paragraphs)
            deadline = time.monotonic() + 10
            while not scheduler.busy and time.monotonic() < deadline:
                time.sleep(0.005)
            for step in range(200):  # two seconds of typing, one key every 10 ms
                paragraphs[step % len(paragraphs)] += " x"
                begin = time.perf_counter()
                scheduler.set_paragraphs(paragraphs)
                scheduler.take_results()
                longest = max(longest, time.perf_counter() - begin)
                edits_in_flight += scheduler.busy
                time.sleep(0.01)
        finally:
            scheduler.close(timeout=2)
            service.close()
    print(f"scheduler_longest_edit_during_slow_check {longest * 1000:.2f} ms")
    print(f"scheduler_edits_while_a_check_was_in_flight {edits_in_flight} edits")


if __name__ == "__main__":
    main()

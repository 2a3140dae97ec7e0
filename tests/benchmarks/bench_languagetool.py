"""A real LanguageTool started by Rapport's local-server code: `name value unit` lines.

Run on demand, with a LanguageTool folder (installer/languagetool/assemble.py prints one):
    LTP_JAR_DIR_PATH=$(python3 installer/languagetool/assemble.py) \\
        .venv/bin/python tests/benchmarks/bench_languagetool.py
Figures (issue 12): start to first answer (the JVM, LanguageTool's warm-up check, and
the first check of a paragraph); a 150-word paragraph check once warm; the JVM's RSS
after a 5,000-word draft checked paragraph by paragraph, at the default -Xmx512m.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_harper import PARAGRAPH_150  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def draft_paragraphs(words: int) -> list[str]:
    """PARAGRAPH_150 with a different name each time, until ``words`` words."""
    names = ("Laura", "Sam", "Priya", "Jonas", "Mei", "Carlos", "Aisha", "Tom")
    paragraphs: list[str] = []
    while sum(len(paragraph.split()) for paragraph in paragraphs) < words:
        paragraphs.append(PARAGRAPH_150.replace("Laura", names[len(paragraphs) % len(names)]))
    return paragraphs


def main() -> int:
    folder = os.environ.get("LTP_JAR_DIR_PATH", "")
    if not folder:
        print("bench_languagetool: set LTP_JAR_DIR_PATH to a LanguageTool folder", file=sys.stderr)
        return 2
    os.environ.setdefault("RAPPORT_DATA_DIR", tempfile.mkdtemp(prefix="rapport-bench-"))
    from rapport.grammar import BACKEND_LT_LOCAL, service_from_settings
    from rapport.grammar.local_server import DEFAULT_MEMORY_MB, stop_all_local_servers
    from rapport.settings import Settings

    settings = Settings(grammar_backend="local", languagetool_dir=folder)
    service = service_from_settings(settings, env={})
    try:
        started = time.perf_counter()
        service.check(PARAGRAPH_150)  # starts the server; Harper answers this one
        if not service.wait_ready(300):
            print(f"bench_languagetool: {service.status().message}", file=sys.stderr)
            return 1
        ready = time.perf_counter()
        first = service.check(PARAGRAPH_150)
        answered = time.perf_counter()
        assert first.backend == BACKEND_LT_LOCAL, first.error
        print(f"languagetool_start_to_ready {ready - started:.1f} s")
        print(f"languagetool_start_to_first_answer {answered - started:.1f} s")
        print(f"languagetool_first_check_150_words {(answered - ready) * 1000:.0f} ms")

        seconds = []
        for number in range(15):
            text = PARAGRAPH_150.replace("Tuesday", f"Tuesday the {number + 2}th")
            begin = time.perf_counter()
            result = service.check(text)
            seconds.append(time.perf_counter() - begin)
            assert result.backend == BACKEND_LT_LOCAL, result.error
        print(f"languagetool_check_150_words_median {statistics.median(seconds) * 1000:.0f} ms")
        print(f"languagetool_check_150_words_max {max(seconds) * 1000:.0f} ms")

        paragraphs = draft_paragraphs(5000)
        begin = time.perf_counter()
        for paragraph in paragraphs:
            result = service.check(paragraph)
            assert result.backend == BACKEND_LT_LOCAL, result.error
        words = sum(len(paragraph.split()) for paragraph in paragraphs)
        print(f"languagetool_draft_{words}_words_by_paragraph {time.perf_counter() - begin:.1f} s")
        pid = service.server.pid  # type: ignore[union-attr]
        print(f"languagetool_rss_after_5000_words {rss_mb(pid):.0f} MB")
        print(f"languagetool_heap_cap {DEFAULT_MEMORY_MB} MB")
    finally:
        service.close()
        stop_all_local_servers()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Harper, the offline grammar checker: build time, checks, memory. `name value unit` lines.

Run on demand: .venv/bin/python tests/benchmarks/bench_harper.py
Targets (issue 12): a 150-word paragraph in a few ms; a 5,000-word draft checked
paragraph by paragraph, on a fresh start and after a one-paragraph edit; RSS with
that draft in the window and Harper loaded. The event-loop stall while typing
with Harper is in bench_grammar_typing.py harper, keystroke to highlight in
bench_editor.py (offline, the default, is Harper).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_spelling import draft  # noqa: E402
from timing import best_of  # noqa: E402

PARAGRAPH_150 = (
    "Thanks for the call on Tuesday, Laura. You mentioned that your team spends most of "
    "Monday reconciling the weekend orders by hand, and that the warehouse staff often "
    "wait for the numbers before they can start picking. We has looked at how two other "
    "distributors your size handled the same problem. Both moved the reconciliation to a "
    "nightly job, and their pickers started an hour earlier the next week. Its a small "
    "change, but it freed up a whole morning for the people who know your customers best. "
    "Would it help if I put together a short summary of what they changed, with the "
    "numbers from their first month? I can also send a idea of what the setup would look "
    "like for your three sites, so you can decide whether it is worth a closer look. If "
    "next week is busy, the week after works as well for me."
)


def rss_mb() -> float:
    """Resident memory now, from /proc (Linux), else the peak from getrusage."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def build_time() -> None:
    """In a fresh process: import harper, then Linter() (what the warm-up thread does)."""
    script = (
        "import time\n"
        "started = time.perf_counter()\n"
        "import harper\n"
        "imported = time.perf_counter()\n"
        "harper.Linter()\n"
        "built = time.perf_counter()\n"
        "print(imported - started, built - imported)\n"
    )
    runs = []
    for _ in range(3):
        output = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout
        runs.append(tuple(float(value) for value in output.split()))
    print(f"harper_import {min(run[0] for run in runs) * 1000:.1f} ms")
    print(f"harper_linter_build {min(run[1] for run in runs) * 1000:.0f} ms")


def checks() -> None:
    from rapport.grammar import GrammarScheduler, PersonalDictionary, service_from_settings
    from rapport.settings import Settings

    with tempfile.TemporaryDirectory() as home:
        personal = PersonalDictionary(Path(home) / "words.txt")
        service = service_from_settings(Settings(), env={}, personal=personal)
        service.warm_up()
        assert len(PARAGRAPH_150.split()) == 150
        service.check(PARAGRAPH_150)  # the first lint in a process is slower
        seconds = best_of(20, lambda: service.check(PARAGRAPH_150))
        print(f"harper_paragraph_150_words {seconds * 1000:.2f} ms")
        found = len(service.check(PARAGRAPH_150).findings)
        print(f"harper_paragraph_150_words_findings {found} findings")

        text = draft(5_000)
        paragraphs = text.split("\n")
        # A fresh start: every paragraph checked once, one after the other, as the
        # editor's scheduler does (no pause, so this is the checking time alone).
        scheduler = GrammarScheduler(service.check, pause=0.0)
        try:
            started = time.perf_counter()
            scheduler.set_paragraphs(paragraphs)
            assert scheduler.wait_idle(120)
            fresh = time.perf_counter() - started
            sent = scheduler.checks_sent
            edited = list(paragraphs)
            middle = len(edited) // 2
            edited[middle] = edited[middle].replace(" the ", " teh ", 1) + " We has a idea."
            started = time.perf_counter()
            scheduler.set_paragraphs(edited)
            assert scheduler.wait_idle(120)
            one_edit = time.perf_counter() - started
            rechecked = scheduler.checks_sent - sent
        finally:
            scheduler.close()
        print(f"draft_words {len(text.split())} words")
        print(f"draft_paragraphs {len(paragraphs)} paragraphs")
        print(f"harper_draft_5k_words_fresh {fresh * 1000:.0f} ms")
        print(f"harper_draft_5k_words_one_paragraph_edit {one_edit * 1000:.1f} ms")
        print(f"harper_draft_5k_words_one_paragraph_edit_checks {rechecked} checks")
        started = time.perf_counter()
        service.check(text)
        print(f"harper_draft_5k_words_as_one_text {(time.perf_counter() - started) * 1000:.0f} ms")


def window_memory() -> None:
    """RSS of the app with a 5,000-word draft open and checked by Harper."""
    from PySide6.QtWidgets import QApplication

    from rapport.settings import load_settings
    from rapport.ui.app import wait_until
    from rapport.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as home:
        os.environ["RAPPORT_CONFIG_DIR"] = str(Path(home) / "config")
        os.environ["RAPPORT_DATA_DIR"] = str(Path(home) / "data")
        os.environ.pop("RAPPORT_LANGUAGETOOL_URL", None)
        app = QApplication([])  # noqa: F841 (Qt needs an application object)
        window = MainWindow(*load_settings())
        window.ask_before_closing = False
        window.show()
        window.editor.setPlainText(draft(5_000))
        wait_until(window.editor.analysis.is_idle, timeout=60)
        wait_until(lambda: window.editor.grammar is not None, timeout=10)
        bridge = window.editor.grammar
        wait_until(lambda: False, timeout=1.5)  # past the scheduler's typing pause
        wait_until(lambda: bridge.is_idle() and bridge.scheduler.checks_sent > 0, timeout=120)
        print(f"grammar_backend_is_harper {int(bridge.status().backend == 'harper')} bool")
        print(f"rss_5k_word_draft_with_harper {rss_mb():.0f} MB")
        window.editor.shutdown()


if __name__ == "__main__":
    if sys.argv[1:] == ["window"]:
        window_memory()
    else:
        build_time()
        checks()
        # The window in a process of its own, so the checks above add nothing to its RSS.
        subprocess.run([sys.executable, __file__, "window"], check=True)

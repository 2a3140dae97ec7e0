"""The contact checks after a typing pause: a draft matched by content against a contact's
recent notes and follow-ups. Prints `name value unit` lines.

Run on demand: .venv/bin/python tests/benchmarks/bench_contact_checks.py
They run on the UI thread after each pause (ui.contacts.contact_findings), twice: once for
the findings, once for the panel's "picks up" line; both must stay well under a frame.
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, date, datetime, timedelta


def main() -> None:
    from rapport.notes.checks import check_draft, note_matches
    from rapport.notes.model import Contact, ContactHistory, Note

    when = datetime(2026, 11, 20, 10, tzinfo=UTC)
    texts = [
        "Said her team is drowning in manual forecast spreadsheets before the Q3 board meeting",
        "Her daughter started skiing this winter",
        "Asked about the pilot for the Leeds warehouse and the evening shift handover",
        "Worried the budget gets cut in January unless the rollout shows results",
        "Moved from Lisbon to the London office in September",
    ]
    notes = tuple(
        Note(i, 1, kind, text, when - timedelta(days=i))
        for i, (kind, text) in enumerate(
            zip(["meeting", "personal", "call", "email", "call"], texts, strict=True)
        )
    )
    follow_ups = tuple(
        Note(10 + i, 1, "follow-up", text, when, due=date(2026, 11, 25))
        for i, text in enumerate(
            ["Send her the forecasting case study she asked for", "Book the Leeds demo",
             "Share the updated pricing sheet for 40 seats"]
        )
    )  # fmt: skip
    history = ContactHistory(Contact(1, "Dana Reyes", "dana@x.example"), notes, follow_ups)
    paragraph = (
        "Thanks for the time on Tuesday. You mentioned the forecast spreadsheets are eating "
        "your evenings before the board meeting, so here is a thought on the Leeds pilot. "
    )
    check_draft("Hi Dana,\n\nwarm-up", history, date(2026, 11, 26))  # loads the rule pack once
    for words, draft in (
        ("150", "Hi Dana,\n\n" + paragraph * 4),
        ("600", "Hi Dana,\n\n" + paragraph * 16),
    ):
        samples = []
        for round_ in range(60):
            text = draft + f" Round {round_}."  # a new text each pause, as after typing
            start = time.perf_counter()
            check_draft(text, history, date(2026, 11, 26))
            note_matches(text, history)
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        print(f"contact_checks_{words}_words_median {statistics.median(samples):.2f} ms")
        print(f"contact_checks_{words}_words_p95 {samples[int(len(samples) * 0.95)]:.2f} ms")


if __name__ == "__main__":
    main()

"""Speed of the encrypted notes store. Prints one figure per line: name value unit.

Run on demand: .venv/bin/python tests/benchmarks/bench_notes.py [contacts] [notes]
Targets (issue 5), with 10,000 contacts and 100,000 notes: search <= 20 ms; opening
a contact with its notes <= 10 ms; app start (opening the store) not measurably
slower than with an empty database. Uses a raw key (the keychain path); the
passphrase path adds SQLCipher's key derivation once per start, printed separately.
"""

from __future__ import annotations

import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rapport.notes import store_files
from rapport.notes.keys import KeySpec
from rapport.notes.store import NotesStore

KINDS = ("call", "meeting", "email", "personal", "follow-up")
TOPICS = [
    "pricing",
    "pilot",
    "warehouse",
    "renewal",
    "budget",
    "quarter",
    "onboarding",
    "integration",
    "security",
    "audit",
    "contract",
    "discount",
    "shipping",
    "forecast",
    "headcount",
    "roadmap",
    "dashboard",
    "invoice",
    "training",
    "migration",
    "support",
    "outage",
    "launch",
    "expansion",
    "tender",
    "approval",
    "procurement",
    "legal",
]
LIFE = [
    "skiing",
    "sailing",
    "marathon",
    "daughter",
    "son",
    "wedding",
    "garden",
    "cycling",
    "jazz",
    "football",
    "holiday",
    "Lisbon",
    "Kyoto",
    "Denver",
    "puppy",
    "piano",
    "climbing",
    "baking",
    "chess",
    "tennis",
    "golf",
    "triathlon",
    "opera",
]
FILLER = [
    "she",
    "he",
    "they",
    "said",
    "wants",
    "asked",
    "needs",
    "mentioned",
    "prefers",
    "will",
    "next",
    "week",
    "after",
    "before",
    "about",
    "the",
    "a",
    "for",
    "with",
    "and",
    "to",
    "of",
    "in",
    "on",
    "at",
    "team",
    "boss",
    "call",
    "follow",
    "up",
]
FIRST = [
    "Laura",
    "Sam",
    "Ana",
    "Jörg",
    "Ngozi",
    "Tomás",
    "Priya",
    "Wei",
    "Olga",
    "Kofi",
    "Marta",
    "Lars",
    "Aiko",
    "Omar",
    "Chloe",
]
LAST = [
    "Chen",
    "Patel",
    "Lima",
    "Müller",
    "Okafor",
    "García",
    "Singh",
    "Wang",
    "Ivanova",
    "Mensah",
    "Rossi",
    "Ek",
    "Sato",
]


def note_text(rng: random.Random) -> str:
    words = rng.choices(FILLER, k=rng.randint(6, 18))
    words += rng.choices(TOPICS, k=rng.randint(1, 3)) + rng.choices(LIFE, k=rng.randint(0, 2))
    rng.shuffle(words)
    return " ".join(words).capitalize()


def build(path: Path, key: KeySpec, contacts: int, notes: int) -> float:
    rng = random.Random(5)
    start = time.perf_counter()
    with NotesStore(path, key) as store:
        db = store.connection  # bulk load in one transaction; the app adds rows one by one
        db.execute("BEGIN IMMEDIATE")
        db.executemany(
            "INSERT INTO contacts (name, email, company, created_at) VALUES (?, ?, ?, ?)",
            (
                (
                    f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                    f"person{n}@example.com",
                    f"Company {n % 700}",
                    "2025-01-01T00:00:00+00:00",
                )
                for n in range(contacts)
            ),
        )
        base = datetime(2024, 1, 1, tzinfo=UTC)
        db.executemany(
            "INSERT INTO notes (contact_id, kind, text, created_at, due, done)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                (
                    rng.randint(1, contacts),
                    kind := rng.choice(KINDS),
                    note_text(rng),
                    (base + timedelta(minutes=n * 7)).isoformat(timespec="seconds"),
                    "2026-03-01" if kind == "follow-up" else None,
                    rng.random() < 0.5 if kind == "follow-up" else 0,
                )
                for n in range(notes)
            ),
        )
        db.execute("COMMIT")
        store_files.checkpoint(store)
    return time.perf_counter() - start


def timings_ms(runs: int, action: Callable[[], object]) -> list[float]:
    values = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        values.append((time.perf_counter() - start) * 1000)
    return values


def report(name: str, values: list[float]) -> None:
    values = sorted(values)
    print(f"{name}_median {statistics.median(values):.2f} ms")
    print(f"{name}_p95 {values[int(len(values) * 0.95) - 1]:.2f} ms")


def open_store(path: Path, key: KeySpec) -> None:
    # What the window does at start: open the store (unlock, check schema, WAL) and close.
    NotesStore(path, key, create=False).close()


def main() -> None:
    contacts = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    notes = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    key = KeySpec.raw(secrets.token_bytes(32))
    with tempfile.TemporaryDirectory() as folder:
        big, empty = Path(folder) / "big" / "notes.db", Path(folder) / "empty" / "notes.db"
        print(f"build_{contacts}_contacts_{notes}_notes {build(big, key, contacts, notes):.1f} s")
        print(f"db_size {big.stat().st_size / 1e6:.1f} MB")
        NotesStore(empty, key).close()

        report("start_empty_db", timings_ms(30, lambda: open_store(empty, key)))
        report("start_big_db", timings_ms(30, lambda: open_store(big, key)))
        passphrase_db = Path(folder) / "pass" / "notes.db"
        NotesStore(passphrase_db, KeySpec.passphrase("benchmark passphrase")).close()
        report(
            "start_passphrase_kdf",
            timings_ms(
                5, lambda: open_store(passphrase_db, KeySpec.passphrase("benchmark passphrase"))
            ),
        )

        rng = random.Random(7)
        with NotesStore(big, key) as store:
            queries = [
                "pricing",
                "team",
                "a",
                "skiing",
                "Kyoto piano",
                "warehouse renewal",
                "marat",
                "daughter",
            ]
            for query in queries:
                hits = len(store.search(query))
                report(
                    f"search_{query.replace(' ', '_')}",
                    timings_ms(30, lambda q=query: store.search(q)),
                )
                print(f"search_{query.replace(' ', '_')}_hits {hits} results")
            report(
                "search_all_queries",
                timings_ms(60, lambda: store.search(rng.choice(queries))),
            )
            report(
                "search_one_contact",
                timings_ms(
                    60,
                    lambda: store.search(rng.choice(queries), contact_id=rng.randint(1, contacts)),
                ),
            )
            report(
                "open_contact_with_notes",
                timings_ms(200, lambda: store.contact_history(rng.randint(1, contacts))),
            )
            report(
                "autocomplete", timings_ms(100, lambda: store.match_contacts(rng.choice(FIRST)[:2]))
            )
            laura = store.add_contact("Bench Person")
            report(
                "add_note_commit",
                timings_ms(30, lambda: store.add_note(laura.id, "Talked about the pricing pilot")),
            )


if __name__ == "__main__":
    main()

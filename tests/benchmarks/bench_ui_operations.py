"""The window stays responsive while it works on big notes. One figure per line: name value unit.

Run on demand (offscreen, a private data folder):
    PYTHONPATH=desktop .venv/bin/python tests/benchmarks/bench_ui_operations.py [contacts] [notes]

With 10,000 contacts and 100,000 notes (issue 13), for each user action: the longest
stall of the event loop (the gap between ticks of a 5 ms timer: what a user feels as
a frozen window; target <= 50 ms) and how long the work itself took (over ~200 ms
the window shows a busy sign or a progress dialog). The actions: choosing a contact
in the To: field, searching all notes, adding a note, importing a 5,000-contact CSV
with its preview, and making a backup.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PASSPHRASE = "bench horse battery"


class StallMeter:
    """The longest gap between ticks of a 5 ms timer while an action runs."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self._last = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def measure(self, name: str, start: Callable[[], None], done: Callable[[], bool]) -> None:
        from rapport.ui.app import wait_until

        self.longest = 0.0
        self._last = began = time.perf_counter()
        self.timer.start()
        start()  # the click: its own time on the UI thread counts as a stall too
        self._tick()
        finished = wait_until(done, timeout=600)
        took = time.perf_counter() - began
        self.timer.stop()
        assert finished, f"{name} did not finish"
        print(f"stall_{name} {self.longest * 1000:.0f} ms")
        print(f"work_{name} {took * 1000:.0f} ms")


def build_notes(contacts: int, notes: int) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from bench_notes import build

    from rapport.notes.keys import KeySpec
    from rapport.notes.store import default_db_path, open_store

    # Set up as the app does (the key record says "passphrase"), then bulk-load.
    open_store(passphrase_provider=lambda confirm: PASSPHRASE).close()
    seconds = build(default_db_path(), KeySpec.passphrase(PASSPHRASE), contacts, notes)
    print(f"build_store {seconds:.1f} s")


def write_csv(path: Path, rows: int) -> None:
    lines = ["Name,E-mail 1 - Value,Organization 1 - Name"]
    lines += [f"Imported Person {n},imported{n}@example.org,Firm {n % 90}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    contacts = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    notes = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="rapport-bench-ops-"))
    os.environ["RAPPORT_CONFIG_DIR"] = str(scratch / "config")
    os.environ["RAPPORT_DATA_DIR"] = str(scratch / "data")

    import rapport.notes.keys as keys

    keys.keychain_available = lambda backend=None: False  # the passphrase path
    build_notes(contacts, notes)

    from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

    from rapport.settings import load_settings
    from rapport.ui.app import wait_until
    from rapport.ui.contact_files import ImportPreviewDialog
    from rapport.ui.main_window import MainWindow

    app = QApplication([])
    window = MainWindow(*load_settings())
    window.ask_before_closing = False
    panel = window.contacts
    panel._provider = lambda confirm: PASSPHRASE
    window.show()
    wait_until(window.editor.analysis.is_idle, timeout=30)
    meter = StallMeter()
    idle = window.operations.idle

    meter.measure("unlock_notes", panel.unlock, lambda: panel.opened_store() is not None and idle())

    def choose() -> None:
        panel.to_row.to_field.setText("4321")  # the contacts are "<first> <last> <number>"
        panel.to_row.to_field.textEdited.emit("4321")

    def chosen_from_list() -> bool:
        shown = panel.to_row.names.stringList()
        if shown and panel.history is None and idle():
            panel.to_row.completer.activated.emit(shown[0])
        return panel.history is not None and idle()

    meter.measure("choose_contact", choose, chosen_from_list)

    def search() -> None:
        panel.notes_search.field.setText("pricing pilot")
        panel.notes_search.search()

    meter.measure(
        "search_all_notes", search, lambda: idle() and panel.notes_search.results.count() > 0
    )

    def add_note() -> None:
        panel.history_view.new_note.setText("Asked for the pricing of the pilot, again")
        panel.history_view.add_note()

    before = len(panel.history.notes) if panel.history else 0
    meter.measure(
        "add_note",
        add_note,
        lambda: idle() and panel.history is not None and len(panel.history.notes) >= before,
    )

    csv = scratch / "five-thousand.csv"
    write_csv(csv, 5_000)
    QFileDialog.getOpenFileName = lambda *a, **k: (str(csv), "")  # type: ignore[method-assign]
    previewed: list[int] = []

    def accept(dialog: ImportPreviewDialog) -> int:
        previewed.append(dialog.table.model().rowCount())
        return QDialog.DialogCode.Accepted

    ImportPreviewDialog.exec = accept  # type: ignore[method-assign]
    meter.measure(
        "import_5000_csv_with_preview",
        window.contact_files.import_contacts,
        lambda: idle() and "Imported" in window.statusBar().currentMessage(),
    )
    assert previewed == [5_000], previewed

    backup = scratch / "backup.db"
    QFileDialog.getSaveFileName = lambda *a, **k: (str(backup), "")  # type: ignore[method-assign]
    meter.measure(
        "backup",
        window.contact_files.back_up_notes,
        lambda: idle() and "Backed up" in window.statusBar().currentMessage(),
    )
    print(f"backup_size {backup.stat().st_size / 1_000_000:.1f} MB")
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()

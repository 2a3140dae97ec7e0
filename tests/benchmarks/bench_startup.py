"""Start to window shown, against a bare PySide6 window, and memory with a draft open.

Run on demand: .venv/bin/python tests/benchmarks/bench_startup.py
Targets (issue 3): start to window shown <= 2x a bare PySide6 window on the same
machine; memory with a 5,000-word draft open <= 150 MB RSS.

Each figure comes from fresh processes on the offscreen platform, launched the way
a user's would be: with compiled modules cached, as after an install. "Shown" is
the window's first paint, timed from just before the process is started (the app
reports it through RAPPORT_STARTUP_PROBE).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 7
BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

launched = float(sys.argv[1])
app = QApplication([])
window = QMainWindow()
window.resize(1180, 760)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"window_shown_after {time.time() - launched:.3f} s")
            QTimer.singleShot(0, app.quit)
            window.removeEventFilter(self)
        return False

watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""

MEMORY_PROBE = """
import sys
sys.path.insert(0, sys.argv[1])
from corpus import make_text
from PySide6.QtWidgets import QApplication
from rapport.settings import load_settings
from rapport.ui.app import wait_until
from rapport.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(*load_settings())
window.ask_before_closing = False
window.show()
window.editor.setPlainText(make_text(5_000))
wait_until(window.editor.analysis.is_idle, timeout=60)
bridge = window.editor.grammar
wait_until(lambda: False, timeout=1.5)  # the grammar pass starts after its typing pause
wait_until(lambda: bridge is None or bridge.is_idle(), timeout=60)
status = open("/proc/self/status").read()
for line in status.splitlines():
    if line.startswith(("VmRSS:", "VmHWM:")):
        name, value, _ = line.split()
        print(name.rstrip(":"), int(value) / 1024)
window.editor.shutdown()
"""


def _environment(home: Path) -> dict[str, str]:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "RAPPORT_CONFIG_DIR": str(home / "config"),
        "RAPPORT_DATA_DIR": str(home / "data"),
    }
    # As installed for a user: with compiled modules cached (the first run below
    # writes them), not compiled from source on every start.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def _shown_after(command: list[str], environment: dict[str, str]) -> float:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=environment, check=True
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("window_shown"))
    return float(line.split()[1])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        environment = _environment(Path(folder))
        bare, rapport = [], []
        warm_up = {**environment, "RAPPORT_STARTUP_PROBE": repr(time.time())}
        _shown_after([sys.executable, "-m", "rapport"], warm_up)
        for _ in range(RUNS):
            launched = repr(time.time())
            bare.append(_shown_after([sys.executable, "-c", BARE_WINDOW, launched], environment))
            probe = {**environment, "RAPPORT_STARTUP_PROBE": repr(time.time())}
            rapport.append(_shown_after([sys.executable, "-m", "rapport"], probe))
        bare_median, rapport_median = statistics.median(bare), statistics.median(rapport)
        print(f"bare_pyside6_window_shown_median {bare_median:.3f} s")
        print(f"rapport_window_shown_median {rapport_median:.3f} s")
        print(f"rapport_window_shown_max {max(rapport):.3f} s")
        print(f"start_ratio_to_bare_window {rapport_median / bare_median:.2f} x")

        here = str(Path(__file__).resolve().parent)
        result = subprocess.run(
            [sys.executable, "-c", MEMORY_PROBE, here],
            capture_output=True,
            text=True,
            timeout=300,
            env=environment,
            check=True,
        )
        memory = dict(line.split() for line in result.stdout.splitlines() if line[:2] == "Vm")
        print(f"rss_with_5k_word_draft {float(memory['VmRSS']):.0f} MB")
        print(f"peak_rss_with_5k_word_draft {float(memory['VmHWM']):.0f} MB")


if __name__ == "__main__":
    main()

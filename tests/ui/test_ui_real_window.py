"""The packaged entry points: --self-test, and a real window on a real X server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

SAMPLE = "Subject: Checking in\n\nHi.\n\nWe are the #1 agency 🚀. Want to buy some?\n\nBest,\nDan\n"


def test_self_test_prints_one_line_and_passes() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rapport self-test: ok")


def _free_display() -> int:
    for number in range(90, 140):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb_display():
    if shutil.which("Xvfb") is None:
        pytest.skip(
            "Xvfb is not installed (apt-get install xvfb libxcb-icccm4 libxcb-keysyms1); "
            ".ci/run installs it"
        )
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail(f"Xvfb :{number} did not start")
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def test_real_window_on_xvfb_saves_a_screenshot(xvfb_display: str, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(SAMPLE, encoding="utf-8")
    output = tmp_path / "window.png"
    environment = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": xvfb_display}
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "--open", str(draft), "--screenshot", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(output))
    assert image.width() >= 800 and image.height() >= 500
    # A real window has many colours (text, highlights, panel); a blank grab has one or two.
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20


def test_without_a_display_the_app_says_so_instead_of_crashing() -> None:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "rapport"],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )
    assert result.returncode == 2
    assert "no display found" in result.stderr and "rapport check" in result.stderr

"""The window's breakdown shows the same points as `rapport check`, one decimal.

Before: the window rounded to whole points ("4/10") where the CLI said "3.6/10".
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from window_helpers import settle

from rapport.cli import build_parser, run_check

# One self-centered sentence in two: partial points with a fraction.
EMAIL = "Hi Laura,\n\nWe are the leading agency in town. How did the launch go?\n\nBest,\nDan"


def _cli_points(path: Path) -> dict[str, str]:
    out = io.StringIO()
    run_check(build_parser().parse_args(["check", str(path)]), out, io.StringIO())
    points = {}
    for line in out.getvalue().splitlines():
        match = re.match(r"\s{4}(\S.*?)\s{2,}\s*(\d+(?:\.\d)?/\d+(?:\.\d+)?)\s", line)
        if match:
            points[match.group(1).strip()] = match.group(2)
    return points


def test_breakdown_points_read_as_in_rapport_check(window, tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(EMAIL, encoding="utf-8")
    cli = _cli_points(path)
    assert any("." in points for points in cli.values()), cli  # a fraction to compare

    window.editor.setPlainText(EMAIL)
    settle(window)
    # Each row's points cell, in order: "<b>32.5</b>/65</td>".
    shown = re.findall(r"<b>([^<]*)</b>/([^<]*)</td>", window.panel.breakdown.text())
    assert [f"{points}/{maximum}" for points, maximum in shown] == list(cli.values())

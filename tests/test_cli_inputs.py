"""`rapport check` on inputs that are not plain files, and on big ones (issue 16).

Item 4: the human output was quadratic in the number of findings. Item 9: a
closed standard input, a named pipe with no writer and a device gave a
traceback or blocked forever. Item 12: a BOM, a no-break space or a line
separator gave another report than the window's.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rapport.cli import build_parser, main, run_check
from ratio_timing import MAX_RATIO, measure

GOOD = (
    "Hi Laura,\n\nI'd love to hear how the launch went. You mentioned the reports take "
    "your team two days; would it help to look at them together on Thursday?\n\nBest,\nDan\n"
)
PUSHY_LINE = "Our product is the best on the market. Buy now, only 5 seats left!\n"


def _check(*argv: str, stdin: int | None = None, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rapport", "check", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=stdin,
        **options,
    )


def _json_report(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["check", "--json", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def ok_file(tmp_path: Path) -> Path:
    path = tmp_path / "ok.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


# ----- item 4: human output linear in the number of findings ------------------------


def test_human_output_time_grows_linearly_with_the_number_of_findings(tmp_path: Path) -> None:
    def email_of(size: int) -> str:
        path = tmp_path / f"many-findings-{size}.txt"
        path.write_text(PUSHY_LINE * (size // len(PUSHY_LINE)), encoding="utf-8")
        return str(path)

    def check_human(path: str) -> None:
        out = io.StringIO()
        run_check(build_parser().parse_args(["check", path]), out, io.StringIO())
        assert out.getvalue().count(": pushy: ") > 1000

    # 100 KB and 1 MB: before, the 1 MB file took 8 s and 4 MB 147 s.
    ratio = measure(check_human, email_of, small_size=100_000, large_size=1_000_000)
    assert ratio.value <= MAX_RATIO, f"human output is not linear: {ratio}"


def test_line_and_column_still_point_into_the_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("Hi Laura,\n\nHow are you?\nBuy now!\n", encoding="utf-8")
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert f"{path}:4:1: pushy:" in out


# ----- item 9: closed stdin, named pipes, devices -----------------------------------


def test_closed_stdin_is_named_and_the_other_files_are_still_checked(ok_file: Path) -> None:
    # `rapport check - ok.txt <&-`: before, an AttributeError and exit 1.
    result = _check("-", str(ok_file), preexec_fn=lambda: os.close(0))
    assert result.returncode == 2, result.stderr
    assert "rapport: -: standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr
    assert f"{ok_file}: score" in result.stdout


def test_closed_stdin_gives_an_error_record_in_json(ok_file: Path) -> None:
    result = _check("--json", "-", str(ok_file), preexec_fn=lambda: os.close(0))
    assert result.returncode == 2
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first == {"path": "-", "error": "standard input is closed"}
    assert second["path"] == str(ok_file) and "score" in second


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_without_a_writer_is_refused_at_once(tmp_path: Path, ok_file: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = _check(str(fifo), str(ok_file), stdin=subprocess.DEVNULL)  # used to block forever
    assert result.returncode == 2
    assert f"rapport: {fifo}: is a named pipe, not a text file" in result.stderr
    assert f"{ok_file}: score" in result.stdout


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_instead_of_read_forever(ok_file: Path) -> None:
    result = _check("/dev/zero", str(ok_file), stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "rapport: /dev/zero: is a device, not a text file" in result.stderr
    assert f"{ok_file}: score" in result.stdout


def test_a_pipe_on_stdin_is_still_read(ok_file: Path) -> None:
    result = subprocess.run(
        f"cat {ok_file} | {sys.executable} -m rapport check -",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "-: score" in result.stdout


# ----- item 12: the same text, the same report --------------------------------------


def test_a_utf8_bom_does_not_hide_the_greeting(tmp_path: Path, capsys, ok_file: Path) -> None:
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    plain, bom = _json_report(ok_file, capsys), _json_report(with_bom, capsys)
    assert bom["score"] == plain["score"]
    assert bom["findings"] == plain["findings"]  # offsets into the text after the BOM


@pytest.mark.parametrize(
    "odd",
    [
        GOOD.replace("Hi Laura,", "Hi\u00a0Laura,").replace("Best,", "Best,\u00a0"),
        GOOD.replace("\n\nBest,\nDan", "\u2028\u2028Best,\u2028Dan"),
        GOOD.replace("\n\n", "\u2029"),
    ],
    ids=["no-break-space", "line-separator", "paragraph-separator"],
)
def test_no_break_spaces_and_separators_read_as_the_window_saves_them(
    tmp_path: Path, capsys, ok_file: Path, odd: str
) -> None:
    odd_file = tmp_path / "odd.txt"
    odd_file.write_text(odd, encoding="utf-8")
    plain = _json_report(ok_file, capsys)
    report = _json_report(odd_file, capsys)
    assert report["score"] == plain["score"]
    assert {f["rule"] for f in report["findings"]} == {f["rule"] for f in plain["findings"]}

"""Settings survive restarts, and a damaged file costs the user nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rapport.settings import (
    MAX_SETTINGS_BYTES,
    Settings,
    load_settings,
    save_settings,
    settings_path,
)


def test_defaults_when_no_file() -> None:
    settings, warnings = load_settings()
    assert settings == Settings()
    assert warnings == []


def test_settings_round_trip_and_keep_unknown_keys() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"font_size": 15, "from_a_newer_version": [1, 2]}))
    settings, _ = load_settings()
    settings.words_max = 90
    save_settings(settings)
    again, warnings = load_settings()
    assert (again.font_size, again.words_max) == (15, 90)
    assert json.loads(path.read_text())["from_a_newer_version"] == [1, 2]
    assert warnings == []


def test_corrupt_file_falls_back_to_defaults_with_warning_and_a_kept_copy() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"font_size": 14,,, oops')
    settings, warnings = load_settings()
    assert settings == Settings()
    assert len(warnings) == 1 and "damaged" in warnings[0]
    assert path.with_name("settings.json.damaged").read_text() == '{"font_size": 14,,, oops'


def test_one_bad_value_keeps_the_others() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"font_size": "huge", "words_max": 80, "grammar_backend": "x"}))
    settings, warnings = load_settings()
    assert settings.words_max == 80
    assert settings.font_size == Settings().font_size
    assert settings.grammar_backend == "offline"
    assert len(warnings) == 2


def test_save_is_atomic_and_leaves_no_temp_files() -> None:
    save_settings(Settings(font_size=13))
    folder = settings_path().parent
    assert [p.name for p in folder.iterdir()] == ["settings.json"]


# ----- settings that do not fit (issue 16, item 8) ----------------------------------


def _write_settings(raw: bytes) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("font_size", 2147483648),  # OverflowError in QFont.setPointSize
        ("font_size", 0),
        ("font_size", 12.5),
        ("words_min", 10**30),
        ("grade_max", float("inf")),
        ("languagetool_memory_mb", -5),
        ("languagetool_memory_mb", 10**9),
        ("language", "e" * 5000),
        ("languagetool_dir", "/opt/lt\x00/x"),  # NUL: every os call raises ValueError
        ("disabled_rules", ["ok", "x" * 100_000]),
    ],
)
def test_values_of_the_wrong_type_or_out_of_range_fall_back_with_a_warning(
    name: str, value: object
) -> None:
    path = _write_settings(json.dumps({name: value, "words_max": 90}).encode())
    settings, warnings = load_settings()
    assert getattr(settings, name) == getattr(Settings(), name)
    assert settings.words_max == 90  # the good value next to it still counts
    assert len(warnings) == 1 and name in warnings[0] and str(path) in warnings[0]
    assert len(warnings[0]) < 400  # a huge value is not pasted into the banner


def test_settings_the_dialog_can_write_are_all_accepted() -> None:
    top = Settings(font_size=32, words_min=5, words_max=5000, grade_max=20.0)
    save_settings(top)
    assert load_settings() == (top, [])


def test_words_min_above_words_max_is_swapped_as_the_dialog_does() -> None:
    _write_settings(json.dumps({"words_min": 300, "words_max": 100}).encode())
    settings, warnings = load_settings()
    assert (settings.words_min, settings.words_max) == (100, 300)
    assert len(warnings) == 1


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,  # RecursionError in json
        b'{"font_size": 14, "language": "caf\xe9"}',  # Latin-1, not UTF-8
        b"\xff\xfe{\x00}\x00",  # UTF-16
        b'"just a string"',
    ],
    ids=["deeply-nested", "latin-1", "utf-16", "not-an-object"],
)
def test_damaged_files_are_kept_aside_byte_for_byte(raw: bytes) -> None:
    path = _write_settings(raw)
    settings, warnings = load_settings()
    assert settings == Settings()
    assert (
        len(warnings) == 1 and "damaged" in warnings[0] and "settings.json.damaged" in warnings[0]
    )
    assert path.with_name("settings.json.damaged").read_bytes() == raw
    # Saving the defaults now cannot cost the user the damaged file.
    save_settings(settings)
    assert path.with_name("settings.json.damaged").read_bytes() == raw


def test_a_file_too_big_for_settings_is_not_read_and_is_moved_aside() -> None:
    raw = b'{"font_size": 14, "pad": "' + b"x" * (MAX_SETTINGS_BYTES + 10) + b'"}'
    path = _write_settings(raw)
    settings, warnings = load_settings()
    assert settings == Settings()
    assert len(warnings) == 1 and "too big" in warnings[0]
    assert path.with_name("settings.json.damaged").read_bytes() == raw


def test_a_named_pipe_as_settings_file_does_not_hang_the_start() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    os.mkfifo(path)  # nobody writes to it: opening it for reading would block
    loaded: list[tuple[Settings, list[str]]] = []
    # A thread, so that a load that blocks fails this test instead of hanging the run.
    reader = threading.Thread(target=lambda: loaded.append(load_settings()), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert loaded, "loading the settings blocked on a named pipe"
    settings, warnings = loaded[0]
    assert settings == Settings()
    assert len(warnings) == 1 and "not a regular file" in warnings[0]


@pytest.mark.parametrize(
    "raw",
    [json.dumps({"font_size": 2147483648}).encode(), b"[" * 100_000 + b"]" * 100_000],
    ids=["huge-font", "deeply-nested"],
)
def test_rapport_check_runs_with_settings_that_do_not_fit(tmp_path: Path, raw: bytes) -> None:
    _write_settings(raw)
    email = tmp_path / "email.txt"
    email.write_text("Hi Laura,\n\nHow did the launch go?\n\nBest,\nDan\n")
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "check", str(email)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "score" in result.stdout
    assert "rapport: warning:" in result.stderr and "Traceback" not in result.stderr

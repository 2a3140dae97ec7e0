"""Settings survive restarts, and a damaged file costs the user nothing."""

from __future__ import annotations

import json

from rapport.settings import Settings, load_settings, save_settings, settings_path


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

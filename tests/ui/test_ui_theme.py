"""The look setting: the system's, light or dark, and the window follows at once."""

from __future__ import annotations

import json

from rapport.settings import load_settings, save_settings, settings_path
from rapport.ui.styles import is_dark
from rapport.ui.theme import apply_theme


def test_dark_then_light_then_system(window, qapp) -> None:
    system_dark = is_dark()
    window.editor.setPlainText("Hi Ana,\n\nWant to buy some?")
    settings = load_settings()[0]
    try:
        from dataclasses import replace

        window.apply_settings(replace(settings, theme="dark"))
        qapp.processEvents()
        assert is_dark() and is_dark(window.editor.palette())
        assert qapp.style().name().lower() == "fusion"
        # The editor's underline colours follow the palette (the dark set).
        pushy = window.editor.highlighter.format_for("pushy").underlineColor().name()
        assert pushy == "#ff7b9c"
        assert json.loads(settings_path().read_text())["theme"] == "dark"

        window.apply_settings(replace(settings, theme="light"))
        qapp.processEvents()
        assert not is_dark()
        assert window.editor.highlighter.format_for("pushy").underlineColor().name() == "#c4003b"

        window.apply_settings(replace(settings, theme="system"))
        qapp.processEvents()
        assert is_dark() == system_dark
    finally:
        apply_theme("system")


def test_an_unknown_look_in_the_file_falls_back_to_system() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"theme": "purple"}))
    settings, warnings = load_settings()
    assert settings.theme == "system"
    assert any("theme" in warning for warning in warnings)
    save_settings(settings)
    assert json.loads(path.read_text())["theme"] == "system"

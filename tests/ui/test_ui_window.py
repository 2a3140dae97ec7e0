"""The window around the editor: its settings, and what it says when they are damaged."""

from __future__ import annotations

from window_helpers import settle

from rapport.settings import Settings, load_settings, settings_path
from rapport.ui.main_window import MainWindow


def test_settings_persist_and_apply(window) -> None:
    changed = Settings(words_max=80, font_size=15, disabled_rules=["brag"])
    window.apply_settings(changed)
    assert load_settings()[0].words_max == 80
    assert window.editor.font().pointSize() == 15
    window.editor.setPlainText("Hi Ana,\n\nOur award-winning team can help.")
    settle(window)
    assert not any(f.rule == "brag" for _, _, f in window.editor.drawn_findings())


def test_corrupt_settings_file_shows_a_warning_and_uses_defaults(qtbot) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{ not json")
    window = MainWindow(*load_settings())
    window.ask_before_closing = False
    qtbot.addWidget(window)
    window.show()
    assert window.banner.isVisible()
    assert "damaged" in window.banner.text()
    assert window.settings == Settings()
    assert path.with_name("settings.json.damaged").read_text() == "{ not json"
    window.editor.shutdown()

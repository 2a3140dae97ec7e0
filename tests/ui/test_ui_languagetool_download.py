"""A failed LanguageTool download is explained in words; Settings has the button too."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from rapport.analysis.rules import load_rule_set
from rapport.settings import Settings
from rapport.ui.settings_dialog import SettingsDialog


def _answer_dialogs(seen: list[tuple[str, str]]) -> QTimer:
    """Yes to "Download?", OK to what follows; remembers each box's title and text."""
    timer = QTimer()
    timer.setInterval(20)

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append((box.windowTitle(), box.text()))
            yes = box.button(QMessageBox.StandardButton.Yes)
            (yes or box.button(QMessageBox.StandardButton.Ok)).click()

    timer.timeout.connect(answer)
    timer.start()
    return timer


def test_settings_download_without_a_connection_says_so_in_words(qtbot, monkeypatch) -> None:
    # Where the download comes from is the one stand-in: a host that never resolves.
    monkeypatch.setattr(
        "rapport.grammar.download.default_download",
        lambda: ("9.9", "https://languagetool.invalid/LanguageTool-9.9.zip", None),
    )
    dialog = SettingsDialog(Settings(), {"en": load_rule_set("en", ())})
    qtbot.addWidget(dialog)
    button = dialog.download_button
    assert isinstance(button, QPushButton) and button.text() == "Download LanguageTool…"
    seen: list[tuple[str, str]] = []
    timer = _answer_dialogs(seen)
    button.click()
    timer.stop()
    assert [title for title, _ in seen] == [
        "Download LanguageTool?",
        "LanguageTool was not downloaded",
    ]
    failure = seen[1][1]
    assert "no internet connection" in failure and "Harper" in failure
    assert "HTTPSConnectionPool" not in failure and "NameResolutionError" not in failure
    assert dialog.languagetool_dir.text() == ""  # nothing was installed

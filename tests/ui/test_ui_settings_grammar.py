"""Settings says when this copy of Rapport has LanguageTool inside it.

A bundle built with ``installer/build.py --languagetool DIR`` carries its own
LanguageTool; its users need no folder and no 250 MB download, only Java 17.
The frozen bundle is stood in for here by what PyInstaller sets (``sys.frozen``
and ``sys._MEIPASS``); the real bundle's self-test starts the real one.
"""

from __future__ import annotations

import sys

from rapport.analysis.rules import load_rule_set
from rapport.grammar.lt_install import BUNDLED_FOLDER
from rapport.settings import Settings
from rapport.ui.settings_dialog import SettingsDialog


def dialog_for(qtbot) -> SettingsDialog:
    dialog = SettingsDialog(Settings(), {"en": load_rule_set("en", ())})
    qtbot.addWidget(dialog)
    return dialog


def test_a_bundle_with_languagetool_says_it_is_included(qtbot, tmp_path, monkeypatch) -> None:
    (tmp_path / BUNDLED_FOLDER).mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    dialog = dialog_for(qtbot)
    assert "included with Rapport" in dialog.languagetool_dir.placeholderText()
    assert not dialog.download_button.isEnabled()
    assert "includes LanguageTool" in dialog.backend.toolTip()


def test_without_one_it_offers_the_download(qtbot) -> None:
    dialog = dialog_for(qtbot)
    assert dialog.languagetool_dir.placeholderText() == "folder with languagetool-server.jar"
    assert dialog.download_button.isEnabled()
    assert dialog.download_button.text() == "Download LanguageTool…"

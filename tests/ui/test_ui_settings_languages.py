"""The settings dialog offers every language a pack is written for, with its packs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from rapport.ui.settings_dialog import SettingsDialog

SPANISH_PACK = Path(__file__).resolve().parents[1] / "analysis" / "packs" / "es.toml"


def test_a_pack_in_the_users_rules_folder_adds_its_language(
    make_window, monkeypatch, qtbot
) -> None:
    user_rules = Path(os.environ["RAPPORT_CONFIG_DIR"]) / "rules"
    user_rules.mkdir(parents=True)
    shutil.copy(SPANISH_PACK, user_rules / "es.toml")
    shown: list[SettingsDialog] = []

    def capture(dialog: SettingsDialog) -> int:
        shown.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SettingsDialog, "exec", capture)
    window = make_window()
    window.open_settings()
    (dialog,) = shown
    offered = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert offered == ["English (en)", "Español (es)"]
    assert dialog.language.currentData() == "en"

    def packs() -> list[str]:
        items = [dialog.packs.item(row) for row in range(dialog.packs.count())]
        return [item.data(Qt.ItemDataRole.UserRole) for item in items]

    assert sorted(packs()) == ["en-core", "en-wording"]
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    assert packs() == ["es-prueba"]
    if os.environ.get("RAPPORT_SCREENSHOTS"):
        dialog.grab().save(os.environ["RAPPORT_SCREENSHOTS"] + "/settings-languages.png")
    dialog.packs.item(0).setCheckState(Qt.CheckState.Unchecked)
    chosen = dialog.result_settings()
    assert chosen.language == "es" and chosen.disabled_packs == ["es-prueba"]

    # Applied, the window checks in Spanish: the breakdown's labels are the pack's.
    window.apply_settings(replace_packs(chosen))
    window.editor.setPlainText("Hola Marta,\n\nNosotros somos la empresa líder. ¿Qué tal?")

    def first_label() -> str:
        report = window.editor.analysis.report
        return report.breakdown[0].label if report is not None and report.breakdown else ""

    qtbot.waitUntil(lambda: first_label() == "Enfoque en el cliente")
    assert "Enfoque en el cliente" in window.panel.breakdown.text()  # what the user reads
    if os.environ.get("RAPPORT_SCREENSHOTS"):
        window.grab().save(os.environ["RAPPORT_SCREENSHOTS"] + "/window-spanish.png")


def replace_packs(settings):
    from dataclasses import replace

    return replace(settings, disabled_packs=[])

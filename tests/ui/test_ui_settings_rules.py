"""Settings lists every rule by name and what it looks for; a ticked box means on."""

from __future__ import annotations

from PySide6.QtCore import Qt

from rapport.analysis.rules import load_rule_set
from rapport.settings import Settings, load_settings, save_settings
from rapport.ui.settings_dialog import SettingsDialog


def _rows(dialog: SettingsDialog) -> dict[str, tuple[str, bool]]:
    rules = dialog.rules
    return {
        rules.item(row).data(Qt.ItemDataRole.UserRole): (
            rules.item(row).text(),
            rules.item(row).checkState() == Qt.CheckState.Checked,
        )
        for row in range(rules.count())
    }


def test_rules_are_named_described_and_ticked_when_on(qtbot) -> None:
    # A settings file from before: it lists the ids of the rules that are off.
    save_settings(Settings(disabled_rules=["brag", "harper:SpellCheck"]))
    settings, _ = load_settings()
    dialog = SettingsDialog(settings, {"en": load_rule_set("en", ())})
    qtbot.addWidget(dialog)
    rows = _rows(dialog)
    # The names are the pack's, written for people, not the ids in words.
    assert rows["brag"] == ("Bragging — This sentence praises you or your company.", False)
    text, on = rows["superlative-about-us"]
    assert on and text == "Calling yourself the best — This sentence sells you with big words."
    assert rows["chaser"][0].startswith("Chasing a reply — ")
    assert rows["harper:SpellCheck"][1] is False
    assert rows["harper:SpellCheck"][0].startswith("Harper: SpellCheck — ")
    assert all(on for rule, (_, on) in rows.items() if rule not in settings.disabled_rules)
    # No row shows a bare id or a template's fields.
    assert not any("{" in text for text, _ in rows.values())

    # Tick "brag" back on, untick another: the file lists what is off, as it always did.
    rules = dialog.rules
    for row in range(rules.count()):
        item = rules.item(row)
        rule = item.data(Qt.ItemDataRole.UserRole)
        if rule == "brag":
            item.setCheckState(Qt.CheckState.Checked)
        elif rule == "superlative-about-us":
            item.setCheckState(Qt.CheckState.Unchecked)
    result = dialog.result_settings()
    assert sorted(result.disabled_rules) == ["harper:SpellCheck", "superlative-about-us"]


def test_a_rule_of_another_language_stays_off(qtbot) -> None:
    settings = Settings(disabled_rules=["some-rule-only-german-has"])
    dialog = SettingsDialog(settings, {"en": load_rule_set("en", ())})
    qtbot.addWidget(dialog)
    assert "some-rule-only-german-has" in dialog.result_settings().disabled_rules

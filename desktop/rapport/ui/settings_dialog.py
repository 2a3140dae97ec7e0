"""The settings dialog: rule packs, targets, language, font size and grammar."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rapport.analysis.rule_names import describe_rules
from rapport.analysis.rules import RuleSet
from rapport.settings import GRAMMAR_BACKENDS, Settings
from rapport.ui.richtext import literal

_BACKEND_LABELS = {
    "off": "Off",
    "offline": "Harper (offline grammar and spelling)",
    "local": "Local LanguageTool (needs Java 17)",
    "server": "LanguageTool server",
}


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``result_settings()`` returns the edited copy."""

    def __init__(
        self,
        settings: Settings,
        rule_sets: dict[str, RuleSet],
        parent: QWidget | None = None,
        languages: dict[str, str] | None = None,
    ) -> None:
        """``rule_sets`` by language code; ``languages`` names them ("en" -> "English")."""
        super().__init__(parent)
        self.setWindowTitle("Rapport settings")
        self.setMinimumWidth(560)  # room for each rule's name and what it looks for
        self._settings = settings
        self._rule_sets = rule_sets
        layout = QVBoxLayout(self)

        checks = QGroupBox("Checks")
        form = QFormLayout(checks)
        self.language = QComboBox()
        names = dict(languages or {})
        for code in rule_sets:
            names.setdefault(code, code)
        names.setdefault(settings.language, settings.language)
        for code, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            self.language.addItem(name if name == code else f"{name} ({code})", code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        form.addRow("Language", self.language)

        self.packs = QListWidget()
        self.packs.setMaximumHeight(110)
        form.addRow("Rule packs", self.packs)
        self.problems = QLabel()
        self.problems.setTextFormat(Qt.TextFormat.PlainText)  # errors quote the pack's text
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c4003b")
        form.addRow(self.problems)
        self._show_packs(settings.language)
        self.language.currentIndexChanged.connect(
            lambda _index: self._show_packs(self.language.currentData())
        )

        self.words_min = QSpinBox()
        self.words_min.setRange(5, 2000)
        self.words_min.setValue(settings.words_min)
        self.words_max = QSpinBox()
        self.words_max.setRange(10, 5000)
        self.words_max.setValue(settings.words_max)
        form.addRow("Target length from (words)", self.words_min)
        form.addRow("Target length to (words)", self.words_max)
        self.grade_max = QDoubleSpinBox()
        self.grade_max.setRange(1, 20)
        self.grade_max.setDecimals(0)
        self.grade_max.setValue(settings.grade_max)
        form.addRow("Highest reading grade", self.grade_max)
        # Every rule by its name and what it looks for; ticked means on. The settings
        # file keeps listing the ids that are off, as before.
        self.rules = QListWidget()
        self.rules.setObjectName("rules")
        self.rules.setWordWrap(True)
        self.rules.setMinimumHeight(120)
        self.rules.setMaximumHeight(200)
        self._show_rules(settings.language)
        self.language.currentIndexChanged.connect(
            lambda _index: self._show_rules(self.language.currentData())
        )
        form.addRow("Rules (untick to turn one off)", self.rules)
        layout.addWidget(checks)

        grammar = QGroupBox("Grammar and spelling")
        grammar_form = QFormLayout(grammar)
        self.backend = QComboBox()
        for backend in GRAMMAR_BACKENDS:
            self.backend.addItem(_BACKEND_LABELS[backend], backend)
        self.backend.setCurrentIndex(max(0, self.backend.findData(settings.grammar_backend)))
        self.backend.setToolTip(
            "Harper checks grammar, spelling and style in English, offline, with nothing "
            "to install. LanguageTool checks more, in more languages, but needs Java 17 "
            "or a server; while it is unavailable Harper checks instead. For languages "
            "other than English, the offline choice checks spelling only."
        )
        grammar_form.addRow("Checker", self.backend)
        self.server_url = QLineEdit(settings.languagetool_url)
        self.server_url.setPlaceholderText("http://localhost:8081")
        grammar_form.addRow("Server URL", self.server_url)
        self.languagetool_dir = QLineEdit(settings.languagetool_dir)
        grammar_form.addRow("LanguageTool folder", self.languagetool_dir)
        # The same download the status bar offers when LanguageTool is missing.
        self.download_button = QPushButton("Download LanguageTool…")
        self.download_button.setToolTip(
            "About 250 MB, once; then local LanguageTool works offline (needs Java 17)"
        )
        self.download_button.clicked.connect(self._download_languagetool)
        grammar_form.addRow("", self.download_button)
        self._say_if_languagetool_is_bundled()
        self.memory = QSpinBox()
        self.memory.setRange(128, 8192)
        self.memory.setSingleStep(128)
        self.memory.setSuffix(" MB")
        self.memory.setValue(settings.languagetool_memory_mb)
        grammar_form.addRow("Memory cap", self.memory)
        layout.addWidget(grammar)

        appearance = QGroupBox("Editor")
        appearance_form = QFormLayout(appearance)
        self.font_size = QSpinBox()
        self.font_size.setRange(8, 32)
        self.font_size.setValue(settings.font_size)
        appearance_form.addRow("Font size", self.font_size)
        self.theme = QComboBox()
        for theme, label in (
            ("system", "Same as the system"),
            ("light", "Light"),
            ("dark", "Dark"),
        ):
            self.theme.addItem(label, theme)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        appearance_form.addRow("Look", self.theme)
        self.unwrap_pastes = QCheckBox("Join the lines of hard-wrapped text when pasting")
        self.unwrap_pastes.setToolTip(
            "Text from a plain-text email often has a line break every 72 characters; "
            "joined, each sentence is checked whole. Ctrl+Z after a paste keeps the breaks."
        )
        self.unwrap_pastes.setChecked(settings.unwrap_pastes)
        appearance_form.addRow("Pasting", self.unwrap_pastes)
        layout.addWidget(appearance)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_packs(self, language: str) -> None:
        """The packs of the chosen language, ticked unless the user turned them off."""
        self.packs.clear()
        rule_set = self._rule_sets.get(language)
        for pack in rule_set.packs if rule_set else ():
            item = QListWidgetItem(f"{pack.name}  ({pack.id})")
            item.setData(Qt.ItemDataRole.UserRole, pack.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            enabled = pack.id not in self._settings.disabled_packs
            item.setCheckState(Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
            item.setToolTip(literal(pack.description or str(pack.path)))
            self.packs.addItem(item)
        errors = rule_set.errors if rule_set else ()
        self.problems.setText("\n".join(str(error) for error in errors))
        self.problems.setVisible(bool(errors))

    def _say_if_languagetool_is_bundled(self) -> None:
        """A build with LanguageTool inside needs no folder and no download: say so."""
        from rapport.grammar.lt_install import bundled_languagetool_dir

        if bundled_languagetool_dir() is None:
            self.languagetool_dir.setPlaceholderText("folder with languagetool-server.jar")
            return
        self.languagetool_dir.setPlaceholderText("empty: the LanguageTool included with Rapport")
        self.download_button.setText("LanguageTool is included (needs Java 17)")
        self.download_button.setEnabled(False)
        self.backend.setToolTip(
            self.backend.toolTip()
            + " This copy of Rapport includes LanguageTool: choose Local LanguageTool to use it."
        )

    def _download_languagetool(self) -> None:
        from rapport.ui.grammar_status import start_languagetool_download

        start_languagetool_download(self, self._languagetool_downloaded)

    def _languagetool_downloaded(self, folder: Path) -> None:
        self.languagetool_dir.setText(str(folder))
        self.backend.setCurrentIndex(max(0, self.backend.findData("local")))

    def _show_rules(self, language: str) -> None:
        self.rules.clear()
        rule_set = self._rule_sets.get(language)
        disabled = self._settings.disabled_rules
        for rule in describe_rules(rule_set, disabled) if rule_set else []:
            item = QListWidgetItem(f"{rule.name} — {rule.description}")
            item.setData(Qt.ItemDataRole.UserRole, rule.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            off = rule.id in disabled
            item.setCheckState(Qt.CheckState.Unchecked if off else Qt.CheckState.Checked)
            item.setToolTip(literal(rule.id))
            self.rules.addItem(item)

    def result_settings(self) -> Settings:
        shown = {
            self.packs.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.packs.count())
        }
        # Packs of the other languages keep the choice made for them.
        disabled_packs = [pack for pack in self._settings.disabled_packs if pack not in shown] + [
            self.packs.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.packs.count())
            if self.packs.item(row).checkState() != Qt.CheckState.Checked
        ]
        listed = [self.rules.item(row) for row in range(self.rules.count())]
        shown = {item.data(Qt.ItemDataRole.UserRole) for item in listed}
        # Ids the list does not show (another language's rules) stay as they were.
        still_disabled = [rule for rule in self._settings.disabled_rules if rule not in shown]
        still_disabled += [
            item.data(Qt.ItemDataRole.UserRole)
            for item in listed
            if item.checkState() != Qt.CheckState.Checked
        ]
        words_min = min(self.words_min.value(), self.words_max.value())
        words_max = max(self.words_min.value(), self.words_max.value())
        return replace(
            self._settings,
            language=self.language.currentData(),
            disabled_packs=disabled_packs,
            disabled_rules=still_disabled,
            words_min=words_min,
            words_max=words_max,
            grade_max=float(self.grade_max.value()),
            grammar_backend=self.backend.currentData(),
            languagetool_url=self.server_url.text().strip(),
            languagetool_dir=self.languagetool_dir.text().strip(),
            languagetool_memory_mb=self.memory.value(),
            font_size=self.font_size.value(),
            theme=self.theme.currentData(),
            unwrap_pastes=self.unwrap_pastes.isChecked(),
        )

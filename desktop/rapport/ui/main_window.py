"""Rapport's main window: subject, body editor, side panel, status bar, menus.

The window puts the parts together; each concern is an object it owns:
``draft_files`` (New, Open, Save, the autosave), ``sending`` (Copy, Open in mail
app, Log as sent), ``report_presenter`` (the editor's report, with the contact
and reply checks, to the Score tab) and ``grammar_control`` (the grammar checker
and its status). Settings are applied here, since every part follows them.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QFont, QIcon, QPaintEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QSplitter, QVBoxLayout, QWidget

from rapport import paths
from rapport.analysis import DocumentAnalyzer
from rapport.analysis.rule_names import pack_rule_names
from rapport.analysis.rules import load_rule_set
from rapport.settings import Settings, save_settings
from rapport.ui.contacts import ContactsPanel, insert_into
from rapport.ui.draft_files import DraftFiles
from rapport.ui.drafts import Draft
from rapport.ui.editor import FocusEditor
from rapport.ui.grammar_control import GrammarControl
from rapport.ui.grammar_status import GrammarStatusWidget
from rapport.ui.menus import build_menus
from rapport.ui.notice import NoticeStatusBar
from rapport.ui.operations import BusyIndicator, OperationRunner
from rapport.ui.report_presenter import ReportPresenter
from rapport.ui.sending import SendActions
from rapport.ui.settings_dialog import SettingsDialog
from rapport.ui.side_panel import SidePanel
from rapport.ui.their_email import TheirEmailPane
from rapport.ui.theme import apply_theme
from rapport.ui.window_layout import (
    MINIMUM_WINDOW,
    SideTabs,
    YieldingLabel,
    keep_both_sides,
    scrolling,
)


def _warning_banner() -> QLabel:
    banner = QLabel()
    banner.setObjectName("warningBanner")
    banner.setWordWrap(True)
    banner.setTextFormat(Qt.TextFormat.PlainText)  # warnings quote files
    banner.setStyleSheet(
        "QLabel#warningBanner { background: #fff3cd; color: #5c4400;"
        " border: 1px solid #e0c36a; padding: 6px; }"
    )
    banner.hide()
    return banner


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, warnings: list[str] | None = None) -> None:
        super().__init__()
        self.settings = settings
        #: Windows opened to hold drafts restored after a crash (kept alive here).
        self.restored_windows: list[MainWindow] = []
        self.ask_before_closing = True
        self.setWindowTitle("Rapport")
        icon = paths.resource_path("icons", "rapport.svg")
        if icon.exists():
            self.setWindowIcon(QIcon(str(icon)))

        # Grammar checks run on a Python thread; hand the GIL back to the UI thread
        # within 1 ms instead of Python's default 5 ms, so typing never waits on them.
        sys.setswitchinterval(0.001)
        apply_theme(settings.theme)
        self.rule_set = load_rule_set(settings.language, settings.disabled_packs)
        analyzer = DocumentAnalyzer(settings.analysis_settings(), self.rule_set)

        self.banner = _warning_banner()
        self.subject = QLineEdit()
        self.subject.setPlaceholderText("Subject")
        self.editor = FocusEditor(analyzer)
        self.panel = SidePanel()
        self._share_rule_names()
        #: Every notes operation runs here, off the UI thread (rapport.ui.operations).
        self.operations = OperationRunner(self)
        self.contacts = ContactsPanel(insert_into(self.editor), runner=self.operations)
        self.their_email = TheirEmailPane(self.rule_set)
        self._lay_out()

        self.draft_files = DraftFiles(self)
        self.sending = SendActions(self)
        self.report_presenter = ReportPresenter(self)
        self.grammar_status = GrammarStatusWidget()
        self.grammar_control = GrammarControl(
            self, self.grammar_status, self.report_presenter.grammar_results_arrived
        )
        self._build_status_bar()
        build_menus(self)
        self._apply_font()
        self._update_checks_label()

        self.editor.analysis.reportChanged.connect(self.report_presenter.show_report)
        self.editor.ruleDisableRequested.connect(self.disable_rule)
        self.editor.unwrap_pastes = settings.unwrap_pastes
        self.editor.pasteUnwrapped.connect(self._paste_unwrapped)
        self.panel.findingActivated.connect(self.editor.select_code_points)
        self.editor.findingReached.connect(self.report_presenter.finding_reached)
        self.contacts.contactChanged.connect(self._contact_changed)
        self.contacts.noticeRequested.connect(self.show_notice)
        self.their_email.emailChanged.connect(self.editor.analysis.update_report)
        problems = [*(warnings or []), *(str(error) for error in self.rule_set.errors)]
        if problems:
            self.show_warning("\n".join(problems))
        self.resize(1180, 760)
        self.editor.analysis.update_report()

    def _lay_out(self) -> None:
        """Their email, the draft (To:, subject, body) and the side tabs, side by side."""
        editor_side = QWidget()
        editor_layout = QVBoxLayout(editor_side)
        editor_layout.setContentsMargins(8, 8, 0, 8)
        editor_layout.addWidget(self.banner)
        editor_layout.addWidget(self.contacts.to_row)
        editor_layout.addWidget(self.subject)
        editor_layout.addWidget(self.editor, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.their_email)
        splitter.setCollapsible(0, False)
        splitter.addWidget(editor_side)
        self.side_tabs = SideTabs()
        # Each tab scrolls in a short window (window_layout.py).
        self.score_tab, self.contact_tab = scrolling(self.panel), scrolling(self.contacts)
        self.side_tabs.addTab(self.score_tab, "Score")
        self.side_tabs.addTab(self.contact_tab, "Contact")
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        keep_both_sides(splitter, editor_side, self.side_tabs)
        self.setCentralWidget(splitter)
        self.setMinimumSize(*MINIMUM_WINDOW)

    def _build_status_bar(self) -> None:
        # Long messages go to a wrapping notice instead of being cut off (notice.py).
        self.setStatusBar(NoticeStatusBar(self))
        self.checks_label = YieldingLabel()
        presenter = self.report_presenter
        for label in (presenter.words_label, presenter.reading_label, self.checks_label):
            self.statusBar().addPermanentWidget(label)
        self.statusBar().addPermanentWidget(self.grammar_status)
        self.busy = BusyIndicator(self.operations)
        self.statusBar().addWidget(self.busy)

    def show_notice(self, text: str, timeout_ms: int = 8000) -> None:
        """A passing message for the user (the status bar's left side)."""
        self.statusBar().showMessage(text, timeout_ms)

    def show_warning(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    def current_draft(self) -> Draft:
        """The subject and body as they are in the window now."""
        return Draft(self.subject.text(), self.editor.toPlainText())

    def _contact_changed(self) -> None:
        self.log_action.setEnabled(self.contacts.history is not None)
        self.editor.analysis.update_report()

    def _update_checks_label(self) -> None:
        packs = [p.id for p in self.rule_set.packs if p.id not in self.settings.disabled_packs]
        focus = f"customer focus ({', '.join(packs)})" if packs else "customer focus off"
        self.checks_label.setText(f"Checks: {focus}")

    # ------------------------------------------------------------ settings

    def open_settings(self) -> None:
        from rapport.analysis.languages import available_languages

        languages = available_languages()  # every language some pack is written for
        rule_sets = {code: load_rule_set(code, ()) for code in {*languages, self.settings.language}}
        dialog = SettingsDialog(self.settings, rule_sets, self, languages)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.result_settings())

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        try:
            save_settings(settings)
        except OSError as error:
            self.show_warning(f"Settings could not be saved ({error}); they apply until you quit.")
        self.rule_set = load_rule_set(settings.language, settings.disabled_packs)
        self.editor.analysis.set_analyzer(
            DocumentAnalyzer(settings.analysis_settings(), self.rule_set)
        )
        self._share_rule_names()
        self._apply_font()
        apply_theme(settings.theme)
        self.editor.unwrap_pastes = settings.unwrap_pastes
        self._update_checks_label()
        self.grammar_control.start()

    def _share_rule_names(self) -> None:
        """The packs' rule names, for the headings of rows and hover cards."""
        names = pack_rule_names(self.rule_set)
        self.editor.rule_names = self.panel.rule_names = names

    def disable_rule(self, rule: str) -> None:
        if rule in self.settings.disabled_rules:
            return
        self.apply_settings(
            replace(self.settings, disabled_rules=[*self.settings.disabled_rules, rule])
        )
        from rapport.analysis.rule_names import rule_name

        name = rule_name(self.rule_set, rule)
        self.statusBar().showMessage(f"Turned off “{name}” · back on in Settings", 6000)

    def _paste_unwrapped(self) -> None:
        self.statusBar().showMessage(
            "Joined wrapped lines in the paste so sentences read whole · Ctrl+Z undoes", 8000
        )

    def _apply_font(self) -> None:
        font = QFont(self.editor.font())
        font.setPointSize(self.settings.font_size)
        self.editor.setFont(font)
        self.subject.setFont(font)

    # ------------------------------------------------------------ window events

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.grammar_control.window_painted()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.editor.highlighter.refresh_palette()
            self.editor.highlighter.rehighlight()
            self.report_presenter.show_again()  # the panel's colours follow too
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.draft_files.may_discard():
            event.ignore()
            return
        self.draft_files.stop_autosave()
        self.grammar_control.stop()
        self.contacts.close_store()
        self.operations.shutdown()  # what the user asked for is done before the notes close
        # Saved or knowingly discarded; a window that never asks keeps its draft.
        self.draft_files.close(keep=not self.ask_before_closing)
        self.editor.shutdown()
        event.accept()

"""Rapport's main window: subject, body editor, side panel, status bar, menus."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QIcon,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rapport import paths
from rapport.analysis import LANGUAGE_CATEGORIES, DocumentAnalyzer, Finding, Report
from rapport.analysis.correctness import Correctness, correctness_of
from rapport.analysis.rules import load_rule_set
from rapport.offsets import OffsetMap
from rapport.settings import Settings, save_settings
from rapport.ui import drafts
from rapport.ui.contacts import ContactsPanel, insert_into
from rapport.ui.drafts import Draft, DraftFileError
from rapport.ui.editor import FocusEditor
from rapport.ui.grammar_status import GrammarStatusWidget, start_languagetool_download
from rapport.ui.mail_launch import MailLauncher
from rapport.ui.menus import build_menus
from rapport.ui.notice import NoticeStatusBar
from rapport.ui.operations import BusyIndicator, OperationRunner
from rapport.ui.quick_fix import placeholders_in
from rapport.ui.richtext import literal
from rapport.ui.settings_dialog import SettingsDialog
from rapport.ui.side_panel import SidePanel
from rapport.ui.their_email import TheirEmailPane, reply_to_file
from rapport.ui.theme import apply_theme
from rapport.ui.window_layout import (
    MINIMUM_WINDOW,
    SideTabs,
    YieldingLabel,
    keep_both_sides,
    scrolling,
)

AUTOSAVE_INTERVAL_MS = 1500
WORDS_PER_MINUTE = 230
GRAMMAR_START_FALLBACK_MS = 1000
#: Grammar results that arrive within this of each other update "Before you send" once.
CORRECTNESS_PAUSE_MS = 250
_FILE_FILTER = "Email drafts (*.txt *.md *.eml);;All files (*)"
_SAVE_FILTER = "Text (*.txt);;Markdown (*.md)"


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, warnings: list[str] | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.file_path: Path | None = None
        self._saved_draft = Draft("", "")
        self._autosaved_draft = Draft("", "")
        self._autosaved_to = ""
        self._autosave = drafts.AutosaveSlot()
        self._contact_findings: tuple[Finding, ...] = ()
        #: The reply checks last shown (``analysis.reply.ReplyCheck``), None when not replying.
        self.reply_check: object | None = None
        #: Windows opened to hold drafts restored after a crash (kept alive here).
        self.restored_windows: list[MainWindow] = []
        self.ask_before_closing = True
        #: Ask before Copy or Open in mail app hands over an email with a placeholder.
        self.ask_before_sending = True
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

        self.banner = QLabel()
        self.banner.setObjectName("warningBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # warnings quote files
        self.banner.setStyleSheet(
            "QLabel#warningBanner { background: #fff3cd; color: #5c4400;"
            " border: 1px solid #e0c36a; padding: 6px; }"
        )
        self.banner.hide()
        self.subject = QLineEdit()
        self.subject.setPlaceholderText("Subject")
        self.editor = FocusEditor(analyzer)
        self.panel = SidePanel()
        #: Every notes operation runs here, off the UI thread (rapport.ui.operations).
        self.operations = OperationRunner(self)
        self.contacts = ContactsPanel(insert_into(self.editor), runner=self.operations)
        self.their_email = TheirEmailPane(self.rule_set)
        self.mail_launcher = MailLauncher(self)

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

        # Long messages go to a wrapping notice instead of being cut off (notice.py).
        self.setStatusBar(NoticeStatusBar(self))
        self.words_label = QLabel()
        self.reading_label = QLabel()
        self.checks_label = YieldingLabel()
        self.grammar_status = GrammarStatusWidget()
        self.grammar_status.actionRequested.connect(self._grammar_action)
        for label in (self.words_label, self.reading_label, self.checks_label):
            self.statusBar().addPermanentWidget(label)
        self.statusBar().addPermanentWidget(self.grammar_status)
        self.busy = BusyIndicator(self.operations)
        self.statusBar().addWidget(self.busy)
        build_menus(self)
        self._apply_font()
        self._update_checks_label()

        self.editor.analysis.reportChanged.connect(self._show_report)
        self.editor.ruleDisableRequested.connect(self.disable_rule)
        self.editor.unwrap_pastes = settings.unwrap_pastes
        self.editor.pasteUnwrapped.connect(self._paste_unwrapped)
        self.panel.findingActivated.connect(self.editor.select_code_points)
        self.editor.findingReached.connect(self._finding_reached)
        self.contacts.contactChanged.connect(self._contact_changed)
        self.contacts.noticeRequested.connect(self.show_notice)
        self.their_email.emailChanged.connect(self.editor.analysis.update_report)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._autosave_timer.timeout.connect(self.autosave)
        self._autosave_timer.start()
        self._grammar_timer = QTimer(self)
        self._grammar_timer.setInterval(1000)
        self._grammar_timer.timeout.connect(self._refresh_grammar_status)
        # Grammar results come in many small batches (one per paragraph on a big
        # paste); counting them walks every paragraph, so it runs once they pause.
        self._correctness_timer = QTimer(self)
        self._correctness_timer.setSingleShot(True)
        self._correctness_timer.setInterval(CORRECTNESS_PAUSE_MS)
        self._correctness_timer.timeout.connect(self._refresh_correctness)
        # The grammar checker (its modules, the word list in a thread) starts once the
        # window has painted: nobody should wait for it to see the window. A window
        # that is never shown gets it after a second.
        self._grammar_started = False
        QTimer.singleShot(GRAMMAR_START_FALLBACK_MS, self._start_grammar_once)
        problems = [*(warnings or []), *(str(error) for error in self.rule_set.errors)]
        if problems:
            self.show_warning("\n".join(problems))
        self.resize(1180, 760)
        self.editor.analysis.update_report()

    def show_notice(self, text: str, timeout_ms: int = 8000) -> None:
        """A passing message for the user (the status bar's left side)."""
        self.statusBar().showMessage(text, timeout_ms)

    # ------------------------------------------------------------ report

    def _show_report(self, report: Report) -> None:
        text = self.editor.toPlainText()
        # Checks against the chosen contact's notes run here, after the typing pause.
        extra = self.contacts.contact_findings(text)
        if extra:
            from rapport.notes.checks import replaced_engine_rules

            report = report.with_findings(extra, replacing=replaced_engine_rules(extra))
        self._contact_findings = tuple(extra)
        report = self._with_reply_checks(text, report)
        self.editor.analysis.show_set_aside(report.set_aside)
        self.panel.show_report(report, text, self._correctness())
        words = report.metrics.words
        self.words_label.setText(f"{words} word{'s' if words != 1 else ''}")
        minutes = words / WORDS_PER_MINUTE
        self.reading_label.setText(
            "under 1 min read" if minutes < 1 else f"{round(minutes)} min read"
        )

    def _with_reply_checks(self, text: str, report: Report) -> Report:
        """Replying to their email: what the draft leaves unanswered, and the score with it."""
        their = self.their_email.their
        self.reply_check = None
        if their is None or report.metrics.words == 0:  # nothing written yet: no marks
            self.their_email.show_answers(None)
            return report
        from rapport.mail.reply_cli import reply_check

        checked = reply_check(their, text, report, self.rule_set, self.settings.disabled_rules)
        self.reply_check = checked
        self.their_email.show_answers(checked)
        return checked.report

    def reply_to_email(self) -> None:
        """File → Reply to an email…: their .eml beside the draft, To: and subject set."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Reply to an email", "", "Email (*.eml);;All files (*)"
        )
        if name:
            reply_to_file(self, Path(name))

    def _finding_reached(self, start16: int, end16: int, finding: Finding) -> None:
        """F8 / Shift+F8: its row in the findings list, and where it is in the list."""
        offsets = OffsetMap(self.editor.toPlainText())
        start, end = offsets.from_utf16(start16), offsets.from_utf16(end16)
        self.panel.select_finding(start, end, finding.rule)
        found = self.editor.drawn_findings()
        place = next((i for i, item in enumerate(found) if item[0] == start16), 0)
        self.show_notice(f"Finding {place + 1} of {len(found)} · F8 next, Shift+F8 back", 6000)

    def _update_checks_label(self) -> None:
        packs = [p.id for p in self.rule_set.packs if p.id not in self.settings.disabled_packs]
        focus = f"customer focus ({', '.join(packs)})" if packs else "customer focus off"
        self.checks_label.setText(f"Checks: {focus}")

    # ------------------------------------------------------------ grammar

    def _start_grammar(self) -> None:
        """(Re)start the grammar checker the settings ask for; never waits for it."""
        self._grammar_started = True
        from rapport.grammar import URL_ENV, service_from_settings
        from rapport.ui.grammar_bridge import GrammarBridge

        if self.settings.grammar_backend == "off" and not os.environ.get(URL_ENV):
            self.editor.set_grammar(None)
            self.grammar_status.show_off()  # "Grammar: off", from the start
            self._grammar_timer.stop()
            return
        service = service_from_settings(self.settings)
        bridge = GrammarBridge(service, self.editor.document(), self.editor.highlighter)
        bridge.updated.connect(self._correctness_timer.start)
        self.editor.set_grammar(bridge)
        self.grammar_status.show()
        self._refresh_grammar_status()
        self._grammar_timer.start()

    def _correctness(self) -> Correctness:
        """Spelling and grammar underlined in the editor, and errors of fact from the notes."""
        language = [
            finding
            for finding in self.editor.current_findings()
            if finding.category in LANGUAGE_CATEGORIES
        ]
        return correctness_of([*language, *self._contact_findings])

    def _refresh_correctness(self) -> None:
        """Grammar results arrive after the score: bring the "before you send" line up to date."""
        if self.editor.analysis.report is not None:
            self.panel.show_correctness(self.editor.analysis.report.score, self._correctness())

    def _refresh_grammar_status(self) -> None:
        if self.editor.grammar is not None:
            self.grammar_status.show_status(self.editor.grammar.status())

    def _grammar_action(self, action: str) -> None:
        if action == "download":
            start_languagetool_download(self, lambda _folder: self._grammar_action("retry"))
        elif action == "retry" and self.editor.grammar is not None:
            self.editor.grammar.service.retry()
            self.editor.grammar.recheck()
        elif action == "install-java":
            QMessageBox.information(
                self,
                "LanguageTool needs Java",
                "Install Java 17 or newer (for example the Temurin or your system's OpenJDK "
                "package), then press Retry. Or set a LanguageTool server URL in Settings. "
                "Offline spelling keeps working meanwhile.",
            )
        else:
            self.open_settings()

    def show_warning(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    # ------------------------------------------------------------ drafts

    def current_draft(self) -> Draft:
        return Draft(self.subject.text(), self.editor.toPlainText())

    def load_draft(self, draft: Draft, path: Path | None = None) -> None:
        self.subject.setText(draft.subject)
        self.editor.setPlainText(draft.body)
        self.editor.document().setModified(False)
        self.file_path = path
        self._saved_draft = draft if path is not None else Draft("", "")
        self._update_title()

    def has_unsaved_changes(self) -> bool:
        return self.current_draft() != self._saved_draft

    def _update_title(self) -> None:
        name = self.file_path.name if self.file_path else "Untitled"
        self.setWindowTitle(f"{name} — Rapport")

    def new_draft(self) -> None:
        if not self._may_discard():
            return
        self.load_draft(Draft("", ""))
        self._autosave.clear()
        self.editor.analysis.clear_ignores()

    def open_dialog(self) -> None:
        if not self._may_discard():
            return
        name, _ = QFileDialog.getOpenFileName(self, "Open draft", "", _FILE_FILTER)
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> bool:
        try:
            draft = drafts.read_draft(path)
        except DraftFileError as error:
            QMessageBox.warning(self, "Could not open the draft", literal(str(error)))
            return False
        # An .eml is a received or sent email: it is opened as a new, unsaved draft.
        self.load_draft(draft, path if path.suffix.lower() in drafts.SAVEABLE_SUFFIXES else None)
        # rapport check reads a hard-wrapped file's lines as the sentences they are; the
        # window joins them as it joins a paste (one Ctrl+Z undoes it), so both agree.
        joined = self.settings.unwrap_pastes and self.editor.join_wrapped_lines()
        if self.file_path is not None:
            # What the editor shows of the file (joined, normalised) is not a change.
            self._saved_draft = self.current_draft()
        if joined:
            self.statusBar().showMessage(
                "Joined the file's wrapped lines so sentences read whole · Ctrl+Z undoes", 8000
            )
        return True

    def save(self) -> bool:
        if self.file_path is None:
            return self.save_as()
        return self._write(self.file_path)

    def save_as(self) -> bool:
        name, chosen = QFileDialog.getSaveFileName(self, "Save draft", "", _SAVE_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in drafts.SAVEABLE_SUFFIXES:
            path = path.with_suffix(".md" if "Markdown" in chosen else ".txt")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        draft = self.current_draft()
        try:
            drafts.write_draft(path, draft)
        except DraftFileError as error:
            QMessageBox.warning(self, "Could not save the draft", literal(str(error)))
            return False
        self.file_path = path
        self._saved_draft = draft
        self.editor.document().setModified(False)
        self._autosave.clear()
        self._update_title()
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def autosave(self) -> None:
        """Write the draft to the data dir if it changed since the last autosave."""
        draft = self.current_draft()
        to, contact_id = self.contacts.recipient()
        if (draft, to) == (self._autosaved_draft, self._autosaved_to):
            return
        if not draft.subject and not draft.body:
            self._autosave.clear()
        else:
            self._autosave.write(draft, str(self.file_path or ""), to, contact_id)
        self._autosaved_draft, self._autosaved_to = draft, to

    @property
    def autosave_path(self) -> Path:
        """This window's own autosave file (no other window writes it)."""
        return self._autosave.path

    def restore_autosave(self, autosave: drafts.Autosave) -> None:
        path = Path(autosave.path) if autosave.path else None
        self.load_draft(Draft(autosave.subject, autosave.body), None)
        self.file_path = path
        self._update_title()
        self.contacts.restore_recipient(autosave.to, autosave.contact_id)
        self.autosave()  # this window's own copy, before the crashed one is removed
        self.statusBar().showMessage("Restored the draft from your last session", 6000)

    def offer_restore(self) -> bool:
        """After a crash, offer the drafts that were not saved (see ``ui.crash_restore``)."""
        from rapport.ui.crash_restore import offer_restore

        return offer_restore(self)

    def _may_discard(self) -> bool:
        if not self.has_unsaved_changes() or not self.ask_before_closing:
            return True
        answer = QMessageBox.question(
            self,
            "Save your draft?",
            "This draft has changes that are not saved to a file.",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_discard():
            event.ignore()
            return
        self._autosave_timer.stop()
        self._grammar_timer.stop()
        self.contacts.close_store()
        self.operations.shutdown()  # what the user asked for is done before the notes close
        # Saved or knowingly discarded; a window that never asks keeps its draft.
        self._autosave.close(keep=not self.ask_before_closing)
        self.editor.shutdown()
        event.accept()

    # ------------------------------------------------------------ getting it out

    def placeholders_left(self) -> list[str]:
        """Unfilled placeholders in the subject and body ("[Company Name]"), in order."""
        draft = self.current_draft()
        return placeholders_in(self.editor.analysis.analyzer, (draft.subject, draft.body))

    def _may_send(self, action: str) -> bool:
        """Before anything leaves the app: say which placeholders are still in it."""
        left = self.placeholders_left()
        if not left or not self.ask_before_sending:
            return True
        named = ", ".join(f"“{label}”" for label in left[:3]) + (" …" if len(left) > 3 else "")
        answer = QMessageBox.question(
            self,
            "A placeholder is still in the email",
            literal(
                f"The email still has {named}. A reader who sees a placeholder knows they "
                f"are one name on a list.\n\n{action} it anyway?"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.statusBar().showMessage(f"Nothing left the app: fill in {left[0]} first", 6000)
            return False
        return True

    def copy_email(self, checked: bool = False, *, asked: bool = False) -> None:
        if not asked and not self._may_send("Copy"):
            return
        draft = self.current_draft()
        data = QMimeData()
        data.setText(drafts.plain_text(draft))
        data.setHtml(drafts.simple_html(draft))
        QApplication.clipboard().setMimeData(data)
        self.statusBar().showMessage(
            "Copied the body: paste it into your mail app's message (Copy subject: Ctrl+Alt+C)",
            5000,
        )

    def copy_subject(self) -> None:
        """The subject line alone, for the mail app's subject field."""
        if not self._may_send("Copy the subject"):
            return
        QApplication.clipboard().setText(self.subject.text())
        self.statusBar().showMessage("Copied the subject line", 5000)

    def log_sent(self) -> None:
        draft = self.current_draft()
        self.contacts.log_sent(
            draft.subject, draft.body, lambda message: self.statusBar().showMessage(message, 6000)
        )

    def _contact_changed(self) -> None:
        self.log_action.setEnabled(self.contacts.history is not None)
        self.editor.analysis.update_report()

    def open_in_mail_app(self) -> None:
        if not self._may_send("Open it in your mail app"):
            return
        url = drafts.mailto_url(self.current_draft(), self.contacts.recipient_address())
        if url is None:
            self.copy_email(asked=True)
            self.statusBar().showMessage(
                "Too long for a mail link, so it was copied instead: paste it into your mail app",
                8000,
            )
            return
        self.mail_launcher.open(url, self._no_mail_app)

    def _no_mail_app(self) -> None:
        self.copy_email(asked=True)
        self.statusBar().showMessage("No mail app answered, so the email was copied instead", 8000)

    # ------------------------------------------------------------ settings

    def open_settings(self) -> None:
        from rapport.analysis.rules import available_languages

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
        self._apply_font()
        apply_theme(settings.theme)
        self.editor.unwrap_pastes = settings.unwrap_pastes
        self._update_checks_label()
        self._start_grammar()

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

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._grammar_started:
            QTimer.singleShot(0, self._start_grammar_once)

    def _start_grammar_once(self) -> None:
        if not self._grammar_started:
            self._start_grammar()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.editor.highlighter.refresh_palette()
            self.editor.highlighter.rehighlight()
            if self.editor.analysis.report is not None:
                self._show_report(self.editor.analysis.report)  # the panel's colours follow too
        super().changeEvent(event)

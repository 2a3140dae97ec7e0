"""From the editor's analysis to what the window shows: the Score tab and the status bar.

The editor's report is for the text alone. Here it is joined with what the chosen
contact's notes say about the draft (``notes.checks``) and, when replying, with
what their email asked (``mail.reply_cli``), before the score panel shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from rapport.analysis import LANGUAGE_CATEGORIES, Finding, Report
from rapport.analysis.correctness import Correctness, correctness_of
from rapport.offsets import OffsetMap

if TYPE_CHECKING:
    from rapport.ui.main_window import MainWindow

WORDS_PER_MINUTE = 230
#: Grammar results that arrive within this of each other update "Before you send" once.
CORRECTNESS_PAUSE_MS = 250


class ReportPresenter(QObject):
    """Shows the editor's report, with the contact and reply checks, in the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        #: The findings the chosen contact's notes added to the last report.
        self.contact_findings: tuple[Finding, ...] = ()
        #: The reply checks last shown (``analysis.reply.ReplyCheck``), None when not replying.
        self.reply_check: object | None = None
        self.words_label = QLabel()
        self.reading_label = QLabel()
        # Grammar results come in many small batches (one per paragraph on a big
        # paste); counting them walks every paragraph, so it runs once they pause.
        self._correctness_timer = QTimer(self)
        self._correctness_timer.setSingleShot(True)
        self._correctness_timer.setInterval(CORRECTNESS_PAUSE_MS)
        self._correctness_timer.timeout.connect(self._refresh_correctness)

    def show_report(self, report: Report) -> None:
        window = self._window
        text = window.editor.toPlainText()
        # Checks against the chosen contact's notes run here, after the typing pause.
        extra = window.contacts.contact_findings(text)
        if extra:
            from rapport.notes.checks import replaced_engine_rules

            report = report.with_findings(extra, replacing=replaced_engine_rules(extra))
        self.contact_findings = tuple(extra)
        report = self.with_reply_checks(text, report)
        window.editor.analysis.show_set_aside(report.set_aside)
        window.editor.analysis.show_greeting_findings(report.findings)
        window.panel.show_report(report, text, self.correctness())
        words = report.metrics.words
        self.words_label.setText(f"{words} word{'s' if words != 1 else ''}")
        minutes = words / WORDS_PER_MINUTE
        self.reading_label.setText(
            "under 1 min read" if minutes < 1 else f"{round(minutes)} min read"
        )

    def show_again(self) -> None:
        """The last report once more (the palette changed: the panel's colours follow)."""
        report = self._window.editor.analysis.report
        if report is not None:
            self.show_report(report)

    def with_reply_checks(self, text: str, report: Report) -> Report:
        """Replying to their email: what the draft leaves unanswered, and the score with it."""
        window = self._window
        their = window.their_email.their
        self.reply_check = None
        if their is None or report.metrics.words == 0:  # nothing written yet: no marks
            window.their_email.show_answers(None)
            return report
        from rapport.mail.reply_cli import reply_check

        checked = reply_check(their, text, report, window.rule_set, window.settings.disabled_rules)
        self.reply_check = checked
        window.their_email.show_answers(checked)
        return checked.report

    def correctness(self) -> Correctness:
        """Spelling and grammar underlined in the editor, and errors of fact from the notes."""
        language = [
            finding
            for finding in self._window.editor.current_findings()
            if finding.category in LANGUAGE_CATEGORIES
        ]
        return correctness_of([*language, *self.contact_findings])

    def grammar_results_arrived(self) -> None:
        """Bring "Before you send" up to date once the grammar results pause."""
        self._correctness_timer.start()

    def _refresh_correctness(self) -> None:
        report = self._window.editor.analysis.report
        if report is not None:
            self._window.panel.show_correctness(report.score, self.correctness())

    def finding_reached(self, start16: int, end16: int, finding: Finding) -> None:
        """F8 / Shift+F8: its row in the findings list, and where it is in the list."""
        window = self._window
        offsets = OffsetMap(window.editor.toPlainText())
        start, end = offsets.from_utf16(start16), offsets.from_utf16(end16)
        window.panel.select_finding(start, end, finding.rule)
        found = window.editor.drawn_findings()
        place = next((i for i, item in enumerate(found) if item[0] == start16), 0)
        window.show_notice(f"Finding {place + 1} of {len(found)} · F8 next, Shift+F8 back", 6000)

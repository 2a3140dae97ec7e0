"""The draft's file: New, Open, Save, Save As, the autosave, and asking before a draft is lost.

Each window has its own autosave file (``drafts.AutosaveSlot``), written every
1.5 s while the draft changes; after a crash, the drafts of windows that are no
longer running are offered back (``rapport.ui.crash_restore``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from rapport.ui import drafts
from rapport.ui.drafts import Draft, DraftFileError
from rapport.ui.richtext import literal

if TYPE_CHECKING:
    from rapport.ui.main_window import MainWindow

AUTOSAVE_INTERVAL_MS = 1500
_FILE_FILTER = "Email drafts (*.txt *.md *.eml);;All files (*)"
_SAVE_FILTER = "Text (*.txt);;Markdown (*.md)"


class DraftFiles(QObject):
    """Where the window's draft is kept: its file (``path``) and its autosave."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        #: The file the draft is saved to; None for a new draft (or an opened .eml).
        self.path: Path | None = None
        self._saved_draft = Draft("", "")
        self._autosaved_draft = Draft("", "")
        self._autosaved_to = ""
        self._autosave = drafts.AutosaveSlot()
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._autosave_timer.timeout.connect(self.autosave)
        self._autosave_timer.start()

    def _say(self, text: str, timeout_ms: int) -> None:
        self._window.statusBar().showMessage(text, timeout_ms)

    # ------------------------------------------------------------ the file

    def load(self, draft: Draft, path: Path | None = None) -> None:
        """Show ``draft`` in the window, as saved in ``path`` (None: not saved anywhere)."""
        window = self._window
        window.subject.setText(draft.subject)
        window.editor.setPlainText(draft.body)
        window.editor.document().setModified(False)
        self.path = path
        self._saved_draft = draft if path is not None else Draft("", "")
        self._update_title()

    def has_unsaved_changes(self) -> bool:
        return self._window.current_draft() != self._saved_draft

    def _update_title(self) -> None:
        name = self.path.name if self.path else "Untitled"
        self._window.setWindowTitle(f"{name} — Rapport")

    def new_draft(self) -> None:
        if not self.may_discard():
            return
        self.load(Draft("", ""))
        self._autosave.clear()
        self._window.editor.analysis.clear_ignores()

    def open_dialog(self) -> None:
        if not self.may_discard():
            return
        name, _ = QFileDialog.getOpenFileName(self._window, "Open draft", "", _FILE_FILTER)
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> bool:
        try:
            draft = drafts.read_draft(path)
        except DraftFileError as error:
            QMessageBox.warning(self._window, "Could not open the draft", literal(str(error)))
            return False
        # An .eml is a received or sent email: it is opened as a new, unsaved draft.
        self.load(draft, path if path.suffix.lower() in drafts.SAVEABLE_SUFFIXES else None)
        # rapport check reads a hard-wrapped file's lines as the sentences they are; the
        # window joins them as it joins a paste (one Ctrl+Z undoes it), so both agree.
        editor = self._window.editor
        joined = self._window.settings.unwrap_pastes and editor.join_wrapped_lines()
        if self.path is not None:
            # What the editor shows of the file (joined, normalised) is not a change.
            self._saved_draft = self._window.current_draft()
        if joined:
            self._say(
                "Joined the file's wrapped lines so sentences read whole · Ctrl+Z undoes", 8000
            )
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.write(self.path)

    def save_as(self) -> bool:
        name, chosen = QFileDialog.getSaveFileName(self._window, "Save draft", "", _SAVE_FILTER)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in drafts.SAVEABLE_SUFFIXES:
            path = path.with_suffix(".md" if "Markdown" in chosen else ".txt")
        return self.write(path)

    def write(self, path: Path) -> bool:
        """Save the draft to ``path``; it is the draft's file from now on."""
        draft = self._window.current_draft()
        try:
            drafts.write_draft(path, draft)
        except DraftFileError as error:
            QMessageBox.warning(self._window, "Could not save the draft", literal(str(error)))
            return False
        self.path = path
        self._saved_draft = draft
        self._window.editor.document().setModified(False)
        self._autosave.clear()
        self._update_title()
        self._say(f"Saved {path.name}", 4000)
        return True

    def may_discard(self) -> bool:
        """Ask before unsaved changes go (Save, Discard or Cancel); True to go on."""
        if not self.has_unsaved_changes() or not self._window.ask_before_closing:
            return True
        answer = QMessageBox.question(
            self._window,
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

    # ------------------------------------------------------------ the autosave

    def autosave(self) -> None:
        """Write the draft to the data dir if it changed since the last autosave."""
        draft = self._window.current_draft()
        to, contact_id = self._window.contacts.recipient()
        if (draft, to) == (self._autosaved_draft, self._autosaved_to):
            return
        if not draft.subject and not draft.body:
            self._autosave.clear()
        else:
            self._autosave.write(draft, str(self.path or ""), to, contact_id)
        self._autosaved_draft, self._autosaved_to = draft, to

    @property
    def autosave_path(self) -> Path:
        """This window's own autosave file (no other window writes it)."""
        return self._autosave.path

    def stop_autosave(self) -> None:
        """No more autosaves (the window is closing, or a check or screenshot runs)."""
        self._autosave_timer.stop()

    def restore_autosave(self, autosave: drafts.Autosave) -> None:
        path = Path(autosave.path) if autosave.path else None
        self.load(Draft(autosave.subject, autosave.body), None)
        self.path = path
        self._update_title()
        self._window.contacts.restore_recipient(autosave.to, autosave.contact_id)
        self.autosave()  # this window's own copy, before the crashed one is removed
        self._say("Restored the draft from your last session", 6000)

    def offer_restore(self) -> bool:
        """After a crash, offer the drafts that were not saved (see ``ui.crash_restore``)."""
        from rapport.ui.crash_restore import offer_restore

        return offer_restore(self._window)

    def close(self, keep: bool) -> None:
        """The window is going: its autosave is removed unless ``keep``."""
        self._autosave.close(keep=keep)

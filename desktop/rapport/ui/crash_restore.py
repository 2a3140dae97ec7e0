"""After a crash: offer back the drafts that were not saved, each in a window of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from rapport.ui import drafts
from rapport.ui.drafts import Draft
from rapport.ui.richtext import literal

if TYPE_CHECKING:
    from rapport.ui.main_window import MainWindow


def offer_restore(window: MainWindow) -> bool:
    """After a crash, ask whether to bring back the drafts that were not saved.

    Asked at start, before anything is typed or opened over them; drafts of
    windows that are still running are not touched. The newest goes into this
    window when it is empty, each other one into a window of its own.
    """
    orphans = drafts.claim_orphaned_autosaves()
    if not orphans:
        return False
    answer = QMessageBox.question(
        window,
        "Restore your draft?",
        literal(_restore_question(orphans)),  # it quotes the drafts' subjects
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        for orphan in orphans:
            orphan.discard()
        return False
    for orphan in orphans:
        target: MainWindow = window
        if window.current_draft() != Draft("", "") or window.draft_files.path is not None:
            target = type(window)(window.settings)
            window.restored_windows.append(target)
            target.show()
        target.draft_files.restore_autosave(orphan.autosave)
        orphan.discard()
    return True


def _restore_question(orphans: list[drafts.OrphanedAutosave]) -> str:
    def described(autosave: drafts.Autosave) -> str:
        words = len(autosave.body.split())
        return f"{words} words" + (f", “{autosave.subject}”" if autosave.subject else "")

    if len(orphans) == 1:
        return (
            f"Rapport closed before your last draft was saved ({described(orphans[0].autosave)})."
            " Restore it?"
        )
    listed = "\n".join(f"• {described(orphan.autosave)}" for orphan in orphans)
    return (
        f"Rapport closed before {len(orphans)} drafts were saved:\n{listed}\n\n"
        "Restore them? Each opens in a window of its own."
    )

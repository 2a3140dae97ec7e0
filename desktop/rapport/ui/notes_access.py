"""The window's way to the encrypted notes: unlocked on request, used only off the UI thread.

The passphrase dialog is Qt, so it is asked on the main thread; opening the database
(SQLCipher's key derivation takes a good part of a second) and every call after it
run on the window's operation runner (``rapport.ui.operations``). No ``NotesStore``
method is ever called on the UI thread: callers hand an operation to ``run``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from rapport.ui.operations import OperationRunner, QueryOp

if TYPE_CHECKING:
    from rapport.notes.store import NotesStore

T = TypeVar("T")
#: (confirm, problem) -> passphrase: ``confirm`` when a new one is chosen; ``problem``
#: says what went wrong with the last one. Raises ``KeyUnavailable`` when cancelled.
PassphraseAsker = Callable[[bool, str], str]

#: Wrong passphrases in a row before the dialog gives up until the user asks again.
UNLOCK_ATTEMPTS = 3
WRONG_PASSPHRASE = "That passphrase did not unlock your notes. Check Caps Lock and try again."


def opens_without_asking() -> bool:
    """True when the notes open from the keychain, with no passphrase prompt."""
    from rapport.notes.keys import keychain_available, protection_method
    from rapport.notes.store import default_db_path

    database = default_db_path()
    method = protection_method(database)
    if method is None and not database.exists():
        return keychain_available()
    return method == "keychain"


class NotesAccess(QObject):
    """Opens the notes when asked, keeps them open, and runs operations on them."""

    #: The notes were unlocked (and are open from now on).
    opened = Signal()
    #: They stay locked, and why ("The passphrase was wrong, ...").
    lockedOut = Signal(str)

    def __init__(self, parent: QWidget, runner: OperationRunner, ask: PassphraseAsker) -> None:
        super().__init__(parent)
        self._widget = parent
        self.runner = runner
        self._ask = ask
        self._store: NotesStore | None = None
        self._waiting: list[Callable[[NotesStore], None]] = []
        self._silent: bool | None = None

    # ----- the store ------------------------------------------------------------------

    @property
    def store(self) -> NotesStore | None:
        """The open store (to hand to an operation), or None; never opens it."""
        return self._store

    @property
    def opening(self) -> bool:
        return bool(self._waiting)

    def may_open_silently(self) -> bool:
        """Open now only if that needs no prompt (keychain, or already open)."""
        if self._store is not None:
            return True
        if self._silent is None:
            self._silent = opens_without_asking()
        return self._silent

    def when_open(self, then: Callable[[NotesStore], None]) -> None:
        """Call ``then(store)`` on the main thread once the notes are open (asking if need be)."""
        if self._store is not None:
            then(self._store)
            return
        self._waiting.append(then)
        if len(self._waiting) == 1:
            self._try_to_open(attempt=0, problem="")

    def _try_to_open(self, attempt: int, problem: str) -> None:
        from rapport.notes.errors import NotesError
        from rapport.notes.keys import keychain_available, protection_method
        from rapport.notes.store import default_db_path

        method = protection_method(default_db_path())  # a small JSON file, no database
        passphrase: str | None = None
        if method == "passphrase" or (method is None and not keychain_available()):
            try:
                passphrase = self._ask(method is None, problem)  # the dialog: main thread
            except NotesError as error:
                self._give_up(str(error))
                return

        def open_notes() -> NotesStore:
            from rapport.notes.store import open_store
            from rapport.operations.errors import user_errors

            given = None if passphrase is None else (lambda confirm: passphrase)
            with user_errors():
                return open_store(passphrase_provider=given)

        opening = QueryOp(
            parent=self._widget, op=open_notes, success=self._now_open, runner=self.runner
        )
        opening.failure(lambda error: self._not_opened(error, attempt)).run_in_background()

    def _now_open(self, store: NotesStore) -> None:
        self._store = store
        self._silent = True
        waiting, self._waiting = self._waiting, []
        self.opened.emit()
        for then in waiting:
            then(store)

    def _not_opened(self, error: BaseException, attempt: int) -> None:
        from rapport.notes.errors import WrongKey

        if isinstance(error.__cause__, WrongKey) and attempt + 1 < UNLOCK_ATTEMPTS:
            self._try_to_open(attempt + 1, WRONG_PASSPHRASE)
            return
        if isinstance(error.__cause__, WrongKey):
            self._give_up("The passphrase was wrong, so your notes stay locked.")
        else:
            self._give_up(str(error))

    def _give_up(self, reason: str) -> None:
        self._waiting = []
        self.lockedOut.emit(reason)

    # ----- operations -----------------------------------------------------------------

    def run(
        self,
        op: Callable[[NotesStore], T],
        success: Callable[[T], Any],
        *,
        failure: Callable[[BaseException], Any] | None = None,
        progress: str | None = None,
        title: str = "",
    ) -> None:
        """Open the notes if need be, then ``op(store)`` on the worker, ``success`` here."""

        def start(store: NotesStore) -> None:
            query = QueryOp(
                parent=self._widget,
                op=lambda: op(store),
                success=success,
                runner=self.runner,
                title=title,
            ).failure(failure)
            if progress:
                query.with_progress(progress)
            query.run_in_background()

        self.when_open(start)

    def keep(self, store: NotesStore) -> None:
        """``store`` is open after all (a restore that stopped before closing it)."""
        if self._store is None:
            self._store = store

    def forget(self) -> None:
        """The store was closed by an operation (a restore): open afresh next time."""
        self._store = None

    def close(self) -> None:
        """Close the notes on the worker, after whatever is still queued for them."""
        store, self._store = self._store, None
        if store is not None:
            self.runner.submit(store.close, lambda _future: None)

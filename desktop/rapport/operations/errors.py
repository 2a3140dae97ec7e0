"""The one error an operation raises: a message a user can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class OperationError(Exception):
    """An operation could not be done; ``str(error)`` says why, in plain words.

    ``nothing_stored`` is set when the notes have never been set up on this
    computer, which the command line reports differently for some commands
    (listing nothing is not an error; exporting nothing is). ``details`` holds the
    technical error, when there is one worth showing behind the message.
    """

    def __init__(self, message: str, *, nothing_stored: bool = False, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.nothing_stored = nothing_stored
        self.details = details

    def __str__(self) -> str:
        return self.message


@contextmanager
def user_errors() -> Iterator[None]:
    """The store's errors (already written for the user) as ``OperationError``.

    The one place ``NotesError`` is caught: callers handle ``OperationError`` only.
    """
    from rapport.notes.errors import NotesError, StoreMissing

    try:
        yield
    except StoreMissing as error:
        raise OperationError(str(error), nothing_stored=True) from error
    except NotesError as error:
        raise OperationError(str(error)) from error

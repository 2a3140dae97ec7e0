"""The one error an operation raises: a message a user can act on."""

from __future__ import annotations


class OperationError(Exception):
    """An operation could not be done; ``str(error)`` says why, in plain words.

    ``nothing_stored`` is set when the notes have never been set up on this
    computer, which the command line reports differently for some commands
    (listing nothing is not an error; exporting nothing is).
    """

    def __init__(self, message: str, *, nothing_stored: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.nothing_stored = nothing_stored

    def __str__(self) -> str:
        return self.message

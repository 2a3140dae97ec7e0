"""The contract every grammar/spelling backend follows. Qt-free, plain data.

A backend turns text into :class:`~rapport.analysis.model.Finding` objects in the
categories ``grammar``, ``spelling`` and ``style``, with Python code-point offsets
into the text it was given. When it cannot answer it raises
:class:`BackendUnavailable` with a message a user can act on; the caller
(:class:`rapport.grammar.service.GrammarService`) then falls back to Harper or
offline spelling and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from rapport.analysis.model import Finding

#: Backend names, as they appear in ``rapport check --json`` (``grammar_backend``).
BACKEND_OFF = "off"
BACKEND_OFFLINE = "offline-spelling"
BACKEND_HARPER = "harper"
BACKEND_LT_SERVER = "languagetool-server"
BACKEND_LT_LOCAL = "languagetool-local"


class BackendState(StrEnum):
    """Where a backend is in its life; the editor's status line shows it."""

    OFF = "off"
    READY = "ready"
    STARTING = "starting"
    ERROR = "error"


class Action(StrEnum):
    """What the user can do about an error; the editor maps each to a button."""

    NONE = ""
    INSTALL_JAVA = "install-java"
    SET_SERVER = "set-server"
    DOWNLOAD = "download"
    RETRY = "retry"


@dataclass(frozen=True, slots=True)
class BackendStatus:
    """A snapshot of a backend's state, with a sentence for the status line."""

    backend: str
    state: BackendState
    message: str
    action: Action = Action.NONE
    #: The backend that answers while this one cannot (set by the service).
    fallback: str = ""


class BackendUnavailable(RuntimeError):
    """The backend cannot answer now; ``message`` says why and what to do."""

    def __init__(self, message: str, action: Action = Action.NONE, *, starting: bool = False):
        super().__init__(message)
        self.message = message
        self.action = action
        #: True while a local server is still starting: not an error, just not yet.
        self.starting = starting


@runtime_checkable
class GrammarBackend(Protocol):
    """What :class:`~rapport.grammar.service.GrammarService` needs from a backend."""

    @property
    def name(self) -> str:
        """A stable identifier, one of the ``BACKEND_*`` names."""
        ...

    def status(self) -> BackendStatus:
        """Cheap to call from the UI thread: never blocks on the network or Java."""
        ...

    def check(self, text: str) -> list[Finding]:
        """Findings with code-point offsets into ``text``; raises BackendUnavailable."""
        ...

    def close(self) -> None:
        """Release servers, sockets and threads; safe to call twice."""
        ...

"""Grammar and spelling. Qt-free: plain text in, plain data out.

Typical use from the editor::

    from rapport.grammar import GrammarScheduler, service_from_settings

    service = service_from_settings(settings)            # LanguageTool, else Harper
    scheduler = GrammarScheduler(service.check, notify=wake_ui_thread)
    scheduler.set_paragraphs(lines)                       # on every edit, cheap
    for item in scheduler.take_results():                 # on the UI thread, after notify
        ...  # item.index, item.findings (offsets relative to that paragraph)

From a script: ``service_from_settings(settings).check(text).findings``.
Nothing is loaded at import: Harper's Linter, the word list,
language-tool-python and Java start on first use.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapport.grammar.base import (
        BACKEND_HARPER,
        BACKEND_LT_LOCAL,
        BACKEND_LT_SERVER,
        BACKEND_OFF,
        BACKEND_OFFLINE,
        Action,
        BackendState,
        BackendStatus,
        BackendUnavailable,
        GrammarBackend,
    )
    from rapport.grammar.harper_backend import HarperBackend
    from rapport.grammar.scheduler import GrammarScheduler, ParagraphFindings
    from rapport.grammar.service import (
        URL_ENV,
        CheckResult,
        GrammarService,
        normalise_server_url,
        service_from_settings,
    )
    from rapport.grammar.spelling import OfflineSpeller, PersonalDictionary

#: Where each public name lives. The submodules load on first use, so the window
#: can show (importing only ``rapport.grammar.base`` for its status bar) before
#: the scheduler and the backends are needed.
_HOMES = {
    **dict.fromkeys(
        (
            "BACKEND_HARPER",
            "BACKEND_LT_LOCAL",
            "BACKEND_LT_SERVER",
            "BACKEND_OFF",
            "BACKEND_OFFLINE",
            "Action",
            "BackendState",
            "BackendStatus",
            "BackendUnavailable",
            "GrammarBackend",
        ),
        "rapport.grammar.base",
    ),
    "GrammarScheduler": "rapport.grammar.scheduler",
    "HarperBackend": "rapport.grammar.harper_backend",
    "ParagraphFindings": "rapport.grammar.scheduler",
    **dict.fromkeys(
        (
            "URL_ENV",
            "CheckResult",
            "GrammarService",
            "normalise_server_url",
            "service_from_settings",
        ),
        "rapport.grammar.service",
    ),
    "OfflineSpeller": "rapport.grammar.spelling",
    "PersonalDictionary": "rapport.grammar.spelling",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'rapport.grammar' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


__all__ = [
    "BACKEND_HARPER",
    "BACKEND_LT_LOCAL",
    "BACKEND_LT_SERVER",
    "BACKEND_OFF",
    "BACKEND_OFFLINE",
    "URL_ENV",
    "Action",
    "BackendState",
    "BackendStatus",
    "BackendUnavailable",
    "CheckResult",
    "GrammarBackend",
    "GrammarScheduler",
    "GrammarService",
    "HarperBackend",
    "OfflineSpeller",
    "ParagraphFindings",
    "PersonalDictionary",
    "normalise_server_url",
    "service_from_settings",
]

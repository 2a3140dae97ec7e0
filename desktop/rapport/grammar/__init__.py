"""Grammar and spelling. Qt-free: plain text in, plain data out.

Typical use from the editor::

    from rapport.grammar import GrammarScheduler, service_from_settings

    service = service_from_settings(settings)            # LanguageTool or offline spelling
    scheduler = GrammarScheduler(service.check, notify=wake_ui_thread)
    scheduler.set_paragraphs(lines)                       # on every edit, cheap
    for item in scheduler.take_results():                 # on the UI thread, after notify
        ...  # item.index, item.findings (offsets relative to that paragraph)

From a script: ``service_from_settings(settings).check(text).findings``.
Nothing is loaded at import: the word list, language-tool-python and Java
start on first use.
"""

from rapport.grammar.base import (
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
from rapport.grammar.scheduler import GrammarScheduler, ParagraphFindings
from rapport.grammar.service import (
    URL_ENV,
    CheckResult,
    GrammarService,
    normalise_server_url,
    service_from_settings,
)
from rapport.grammar.spelling import OfflineSpeller, PersonalDictionary

__all__ = [
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
    "OfflineSpeller",
    "ParagraphFindings",
    "PersonalDictionary",
    "normalise_server_url",
    "service_from_settings",
]

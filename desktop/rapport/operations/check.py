"""Checking an email: the engine's report, plus grammar and the chosen contact's notes.

One ``CheckExtras`` carries what the optional checks add, for ``rapport check`` and
for the window alike (it replaces three copies of the same small record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rapport.analysis.model import Category, Finding, Report
from rapport.operations.errors import OperationError, user_errors

if TYPE_CHECKING:
    from collections.abc import Callable

    from rapport.grammar.service import GrammarService
    from rapport.notes.model import ContactHistory
    from rapport.notes.store import NotesStore

#: How long the command line waits for a local LanguageTool to start.
LOCAL_START_TIMEOUT = 90.0
#: On-demand suggestions are computed for at most this many offline findings per input.
MAX_SUGGESTED = 50
#: How many of a contact's notes the checks read.
CONTACT_NOTES = 20


@dataclass
class CheckExtras:
    """What the optional checks (grammar, contact notes) add to one email's report."""

    findings: list[Finding] = field(default_factory=list)
    #: The engine's findings these say again more precisely (see notes.checks).
    replaced_rules: set[str] = field(default_factory=set)
    #: Fields for ``rapport check --json`` ("grammar_backend", "contact", ...).
    json_fields: dict[str, object] = field(default_factory=dict)
    #: Lines under the human report ("grammar: Harper ...", "contact: ...").
    summary: list[str] = field(default_factory=list)
    #: Worth saying, but the check still answered (a fallback backend was used).
    warnings: list[str] = field(default_factory=list)
    #: A check that could not run at all (``rapport check`` exits 2).
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def add(self, other: CheckExtras) -> None:
        self.findings.extend(other.findings)
        self.replaced_rules |= other.replaced_rules
        self.json_fields.update(other.json_fields)
        self.summary.extend(other.summary)
        self.warnings.extend(other.warnings)
        self.errors.extend(other.errors)


def with_extras(report: Report, extras: CheckExtras) -> Report:
    """The report with the extra findings merged in, and the ones they replace gone."""
    if not extras.findings:
        return report
    return report.with_findings(extras.findings, replacing=extras.replaced_rules)


# ----- the chosen contact ----------------------------------------------------------------


def contact_extras(
    text: str, history: ContactHistory, today: date | None = None, language: str = "en"
) -> CheckExtras:
    """The contact-aware findings for ``text`` written to ``history.contact``."""
    from rapport.notes.checks import check_draft, replaced_engine_rules

    findings = check_draft(text, history, today)
    follow_ups = len(history.open_follow_ups)
    summary = (
        f"contact: {history.contact.name} ({len(history.notes)} recent notes, "
        f"{follow_ups} open follow-up{'s' if follow_ups != 1 else ''})"
    )
    return CheckExtras(
        findings=list(findings),
        replaced_rules=replaced_engine_rules(findings),
        json_fields={"contact": history.contact.name},
        summary=[summary],
    )


def load_contact_history(open_store: Callable[[], NotesStore], name: str) -> ContactHistory:
    """The notes the contact checks read, for the contact called (or emailed) ``name``."""
    try:
        with user_errors(), open_store() as store:
            contact = store.find_contact(name)
            return store.contact_history(contact.id, notes_limit=CONTACT_NOTES)
    except OperationError as error:
        if error.nothing_stored:
            raise OperationError(
                f"there is no contact named {name!r} (no notes have been stored yet; "
                "add one with: rapport contacts add NAME).",
                nothing_stored=True,
            ) from None
        raise


# ----- grammar and spelling --------------------------------------------------------------


def grammar_extras(service: GrammarService, text: str) -> CheckExtras:
    """The grammar backend's findings, its name, and a clear word when it failed.

    The customer-focus report must still come out, so a failing backend becomes a
    warning and a ``grammar_error`` field, never an exception.
    """
    from rapport.grammar.base import BACKEND_OFF

    extras = CheckExtras()
    try:
        result = service.check(text)
    except Exception as error:
        message = f"grammar check failed: {error}"
        extras.warnings.append(message)
        extras.summary.append(f"grammar: {message}")
        extras.json_fields.update({"grammar_backend": BACKEND_OFF, "grammar_error": message})
        return extras

    findings = list(result.findings)
    for index, finding in enumerate(findings[:MAX_SUGGESTED]):
        if not finding.suggestions and finding.category == Category.SPELLING:
            suggestions = service.suggest(text, finding)
            findings[index] = Finding(
                finding.rule,
                finding.category,
                finding.start,
                finding.end,
                finding.message,
                suggestions,
            )
    extras.findings = findings
    extras.json_fields["grammar_backend"] = result.backend
    counts = {
        category: sum(1 for finding in findings if finding.category == category)
        for category in (Category.GRAMMAR, Category.SPELLING, Category.STYLE)
    }
    counted = ", ".join(f"{count} {category}" for category, count in counts.items())
    if result.backend == BACKEND_OFF and result.error is None:
        extras.summary.append("grammar: off in the settings (backend: off); nothing checked")
        return extras
    extras.summary.append(
        f"grammar: {_backend_label(service, result.backend)} (backend: {result.backend}): {counted}"
    )
    error = result.error
    if error is None and result.starting:
        error = f"LanguageTool did not start within {LOCAL_START_TIMEOUT:.0f} s."
    if error is not None:
        extras.json_fields["grammar_error"] = error
        extras.warnings.append(f"{error} Used {result.backend} instead.")
        extras.summary.append(f"grammar: {error}")
    return extras


def start_grammar_service(wait: float = LOCAL_START_TIMEOUT) -> GrammarService:
    """The grammar service the settings ask for, given ``wait`` seconds to start."""
    from rapport.grammar.service import service_from_settings
    from rapport.settings import load_settings

    settings, _warnings = load_settings()  # the caller reports the warnings once
    service = service_from_settings(settings)
    # A local server gets time to start; if it cannot, grammar_extras says why.
    service.wait_ready(wait)
    return service


def _backend_label(service: GrammarService, backend: str) -> str:
    from rapport.grammar.base import BACKEND_HARPER

    if service.primary is not None and backend == service.primary.name:
        return service.primary.status().message
    if backend == BACKEND_HARPER:
        return "Harper (offline grammar and spelling)"
    return "offline spelling only, no grammar"

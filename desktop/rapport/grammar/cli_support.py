"""``rapport check --grammar``: one service per run, findings as plain data.

The command line may wait (a local Java server takes seconds to start); the
editor never does. Without LanguageTool, Harper checks offline. When the
configured backend fails, Harper (or, if Harper cannot load, the word list)
answers, a warning goes to stderr, and the output names the backend that
actually answered.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from rapport.analysis.model import Category, Finding
from rapport.grammar.base import BACKEND_HARPER, BACKEND_OFF
from rapport.grammar.service import GrammarService, service_from_settings

#: How long the command line waits for a local LanguageTool to start.
LOCAL_START_TIMEOUT = 90.0
#: On-demand suggestions are computed for at most this many offline findings per input.
MAX_SUGGESTED = 50
_SERVICE_ATTRIBUTE = "_rapport_grammar_service"


@dataclass
class CliGrammarOutcome:
    findings: list[Finding] = field(default_factory=list)
    json_fields: dict[str, object] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _service(args: argparse.Namespace) -> GrammarService:
    """One service per command run, kept on ``args`` so several inputs share it."""
    service = getattr(args, _SERVICE_ATTRIBUTE, None)
    if isinstance(service, GrammarService):
        return service
    from rapport.settings import load_settings

    settings, _settings_warnings = load_settings()  # already reported by run_check
    service = service_from_settings(settings)
    # A local server gets time to start; if it cannot, the check below says why.
    service.wait_ready(LOCAL_START_TIMEOUT)
    setattr(args, _SERVICE_ATTRIBUTE, service)
    return service


def check_for_cli(args: argparse.Namespace, text: str) -> CliGrammarOutcome:
    outcome = CliGrammarOutcome()
    try:
        service = _service(args)
        result = service.check(text)
    except Exception as error:  # the customer-focus report must still come out
        message = f"grammar check failed: {error}"
        outcome.warnings.append(message)
        outcome.summary.append(f"grammar: {message}")
        outcome.json_fields.update({"grammar_backend": BACKEND_OFF, "grammar_error": message})
        return outcome

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
    outcome.findings = findings
    outcome.json_fields["grammar_backend"] = result.backend
    counts = {
        category: sum(1 for finding in findings if finding.category == category)
        for category in (Category.GRAMMAR, Category.SPELLING, Category.STYLE)
    }
    counted = ", ".join(f"{count} {category}" for category, count in counts.items())
    if result.backend == BACKEND_OFF and result.error is None:
        outcome.summary.append("grammar: off in the settings (backend: off); nothing checked")
        return outcome
    label = _label(service, result.backend)
    outcome.summary.append(f"grammar: {label} (backend: {result.backend}): {counted}")
    error = result.error
    if error is None and result.starting:
        error = f"LanguageTool did not start within {LOCAL_START_TIMEOUT:.0f} s."
    if error is not None:
        outcome.json_fields["grammar_error"] = error
        outcome.warnings.append(f"{error} Used {result.backend} instead.")
        outcome.summary.append(f"grammar: {error}")
    return outcome


def _label(service: GrammarService, backend: str) -> str:
    if service.primary is not None and backend == service.primary.name:
        return service.primary.status().message
    if backend == BACKEND_HARPER:
        return "Harper (offline grammar and spelling)"
    return "offline spelling only, no grammar"

"""``rapport --self-test``'s LanguageTool part: the bundled server starts and really answers.

Qt-free. Only a build made with ``installer/build.py --languagetool DIR`` carries a
LanguageTool; it is started exactly as the app starts it (the local-server code,
the HTTP client with its deadline, language-tool-python's match parsing), one
text is checked, and the server is stopped again.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A mistake every English LanguageTool flags, after an emoji (two UTF-16 units).
SELF_TEST_TEXT = "🙂 He go to the office every Monday."
SELF_TEST_MISTAKE = "go"
START_TIMEOUT_SECONDS = 150.0


@dataclass(frozen=True, slots=True)
class LanguageToolSelfCheck:
    """What the check found: a problem to report, or what answered and how fast."""

    problem: str | None
    summary: str = ""


def check_bundled_languagetool() -> LanguageToolSelfCheck | None:
    """None when the app has no bundled LanguageTool; else whether it answered correctly."""
    import time

    from rapport.grammar.base import BACKEND_LT_LOCAL, BackendUnavailable
    from rapport.grammar.languagetool import LanguageToolBackend
    from rapport.grammar.local_server import LocalLanguageToolServer
    from rapport.grammar.lt_install import bundled_languagetool_dir

    folder = bundled_languagetool_dir()
    if folder is None:
        return None
    started = time.monotonic()
    server = LocalLanguageToolServer(languagetool_dir=str(folder))
    backend = LanguageToolBackend(
        server.url,
        name=BACKEND_LT_LOCAL,
        status_provider=server.status,
        on_failure=server.request_failed,
    )
    try:
        if not server.wait_ready(START_TIMEOUT_SECONDS):
            return LanguageToolSelfCheck(
                f"the bundled LanguageTool did not start: {server.status().message}"
            )
        ready_after = time.monotonic() - started
        try:
            findings = backend.check(SELF_TEST_TEXT)
        except BackendUnavailable as error:
            return LanguageToolSelfCheck(f"the bundled LanguageTool did not answer: {error}")
    finally:
        backend.close()
        server.close()
    flagged = {SELF_TEST_TEXT[finding.start : finding.end] for finding in findings}
    if not any(SELF_TEST_MISTAKE in word.split() for word in flagged):
        return LanguageToolSelfCheck(
            f"the bundled LanguageTool flagged {sorted(flagged)} instead of “{SELF_TEST_MISTAKE}”"
        )
    return LanguageToolSelfCheck(None, f"bundled LanguageTool answered ({ready_after:.0f} s start)")

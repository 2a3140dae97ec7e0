"""The one object the editor and the command line talk to. Qt-free.

:class:`GrammarService` holds the chosen backend (LanguageTool, or Harper when
LanguageTool is not set up), Harper as the offline fallback behind LanguageTool,
and the offline word list behind both: when LanguageTool is starting, not
installed, slow or gone, Harper answers; when Harper cannot load (or the
language is not English), the word list does; the result names who answered.
Nothing here blocks on Java; only the command line waits for a local server.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from rapport.analysis.model import Category, Finding
from rapport.grammar.base import (
    BACKEND_LT_LOCAL,
    BACKEND_LT_SERVER,
    BACKEND_OFF,
    BackendState,
    BackendStatus,
    BackendUnavailable,
    GrammarBackend,
)
from rapport.grammar.spelling import OfflineSpeller, PersonalDictionary

#: Environment variable: a LanguageTool server URL that overrides the settings.
URL_ENV = "RAPPORT_LANGUAGETOOL_URL"

MESSAGE_OFF = "Grammar and spelling checks are off."


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Findings for one text, which backend produced them, and why the preferred one didn't."""

    findings: tuple[Finding, ...]
    backend: str
    #: Set when the configured backend could not answer and the fallback did.
    error: str | None = None
    #: True when the configured backend is a local server that is still starting.
    starting: bool = False

    @property
    def degraded(self) -> bool:
        """True when these findings come from the fallback, not the configured backend."""
        return self.error is not None or self.starting


def normalise_server_url(url: str) -> str:
    """``host:8081``, ``http://host:8081/`` and ``…/v2`` all become ``http://host:8081``."""
    url = url.strip()
    if not url:
        return url
    if "://" not in url:
        url = "http://" + url
    url = url.rstrip("/")
    if url.endswith("/v2"):
        url = url[: -len("/v2")]
    return url


#: What LanguageTool's messages say about the word list, and what is true with Harper.
_SPELLING_MEANWHILE = "Offline spelling is checking meanwhile"
_HARPER_MEANWHILE = "Harper (offline grammar and spelling) is checking meanwhile"


class GrammarService:
    """A configured backend plus the offline fallbacks, filtered by the user's choices.

    ``offline`` (Harper) answers when ``primary`` (LanguageTool) cannot;
    ``fallback`` (the word list) answers when neither can.
    """

    def __init__(
        self,
        primary: GrammarBackend | None,
        fallback: OfflineSpeller | None,
        *,
        offline: GrammarBackend | None = None,
        personal: PersonalDictionary | None = None,
        disabled_rules: frozenset[str] = frozenset(),
        server: object | None = None,
    ) -> None:
        self.primary = primary
        self.offline = offline
        self.fallback = fallback
        if personal is None:
            personal = fallback.personal if fallback is not None else PersonalDictionary()
        self.personal = personal
        self.disabled_rules = disabled_rules
        #: The local server, when the primary backend is local LanguageTool.
        self.server = server
        #: Words the user chose to ignore in this session ("Ignore" in the menu).
        self.ignored_words: set[str] = set()

    @property
    def backend_name(self) -> str:
        """The configured backend's name ("off" when checks are off)."""
        if self.primary is not None:
            return self.primary.name
        if self.fallback is not None:
            return self.fallback.name
        return BACKEND_OFF

    def status(self) -> BackendStatus:
        """For the status line; cheap, never blocks. ``fallback`` names who answers meanwhile."""
        if self.primary is not None:
            status = self.primary.status()
            if status.state in (BackendState.ERROR, BackendState.STARTING):
                standing_in = self._standing_in()
                message = status.message
                if standing_in == self.offline_name:
                    message = message.replace(_SPELLING_MEANWHILE, _HARPER_MEANWHILE)
                status = replace(status, message=message, fallback=standing_in)
            return status
        if self.fallback is not None:
            return self.fallback.status()
        return BackendStatus(BACKEND_OFF, BackendState.OFF, MESSAGE_OFF)

    @property
    def offline_name(self) -> str:
        return self.offline.name if self.offline is not None else ""

    def _standing_in(self) -> str:
        """The backend that answers while the primary cannot."""
        if self.offline is not None and self.offline.status().state is not BackendState.ERROR:
            return self.offline.name
        if self.fallback is not None:
            return self.fallback.name
        return BACKEND_OFF

    def warm_up(self) -> None:
        """Load Harper now, and the word list if it will answer (on the caller's thread).

        The editor calls it on a thread while the window opens, so the first check
        does not wait; a part that cannot load says so on its first check. Harper's
        Linter builds in about a second with the GIL released; the word list holds
        the interpreter for 0.3 s and costs ~44 MB, so it loads only where it is
        the checker (no Harper for the language) or Harper could not load.
        """
        harper_loaded = False
        for part in (self.primary, self.offline):
            load = getattr(part, "load", None)
            if load is not None:
                try:
                    load()
                    harper_loaded = True
                except Exception:  # reported by the first check
                    pass
        if self.fallback is not None and not harper_loaded:
            with contextlib.suppress(Exception):
                self.fallback.load()

    def check(self, text: str) -> CheckResult:
        """Findings for ``text`` (code-point offsets). Runs on a worker thread in the editor."""
        if self.primary is not None:
            try:
                findings = self.primary.check(text)
            except BackendUnavailable as problem:
                error = None if problem.starting else problem.message
                return self._fallback_check(text, error, problem.starting)
            return CheckResult(tuple(self._filtered(text, findings)), self.primary.name)
        return self._fallback_check(text, None, False)

    def _fallback_check(self, text: str, error: str | None, starting: bool) -> CheckResult:
        if self.offline is not None:
            try:
                findings = self.offline.check(text)
            except BackendUnavailable as problem:  # Harper could not load
                error = error or problem.message
            else:
                return CheckResult(
                    tuple(self._filtered(text, findings)), self.offline.name, error, starting
                )
        if self.fallback is None:
            return CheckResult((), BACKEND_OFF, error, starting)
        try:
            findings = self.fallback.check(text)
        except BackendUnavailable as problem:  # e.g. no word list for this language
            return CheckResult((), BACKEND_OFF, error or problem.message, starting)
        return CheckResult(
            tuple(self._filtered(text, findings)), self.fallback.name, error, starting
        )

    def _filtered(self, text: str, findings: list[Finding]) -> list[Finding]:
        personal = self.personal.folded() | self.ignored_words
        kept = []
        for finding in findings:
            if finding.rule in self.disabled_rules:
                continue
            if (
                finding.category == Category.SPELLING
                and text[finding.start : finding.end].strip().casefold() in personal
            ):
                continue
            kept.append(finding)
        return kept

    def suggest(self, text: str, finding: Finding, limit: int = 5) -> tuple[str, ...]:
        """Replacements for a finding, computed now if the backend did not send any."""
        if finding.suggestions:
            return finding.suggestions[:limit]
        # Not for Harper's findings: it offers suggestions for nearly every word, and
        # loading the word list here (on the UI thread, for a right-click) takes 0.3 s.
        if (
            finding.category == Category.SPELLING
            and self.fallback is not None
            and not finding.rule.startswith("harper:")
        ):
            return self.fallback.suggest(text[finding.start : finding.end], limit)
        return ()

    def add_to_dictionary(self, word: str) -> None:
        """Never flag ``word`` again (personal word list in the data dir)."""
        self.personal.add(word)

    def ignore_word(self, word: str) -> None:
        """Stop flagging ``word`` as a spelling mistake until the app closes."""
        self.ignored_words.add(word.strip().casefold())

    def disable_rule(self, rule: str) -> None:
        """Drop findings of ``rule`` from now on; the editor also saves it in the settings."""
        self.disabled_rules = self.disabled_rules | {rule}

    def retry(self) -> None:
        """After the user fixed a problem (installed Java, downloaded LanguageTool): try again."""
        for part in (self.server, self.primary):
            retry = getattr(part, "retry", None)
            if retry is not None:
                retry()

    def wait_ready(self, timeout: float) -> bool:
        """Block until a local server answers; True at once for other backends."""
        wait = getattr(self.server, "wait_ready", None)
        return True if wait is None else bool(wait(timeout))

    def close(self) -> None:
        """Ends a check under way at once, from any thread; never waits for the server."""
        for part in (self.primary, self.offline):
            if part is not None:
                part.close()


def service_from_settings(
    settings: object | None = None,
    env: Mapping[str, str] | None = None,
    *,
    personal: PersonalDictionary | None = None,
    timeout: float | None = None,
) -> GrammarService:
    """The service the settings ask for; ``RAPPORT_LANGUAGETOOL_URL`` overrides with a server.

    ``settings`` is a :class:`rapport.settings.Settings` (loaded when None).
    """
    from rapport.grammar.languagetool import DEFAULT_TIMEOUT, LanguageToolBackend
    from rapport.grammar.orphans import reap_orphaned_servers
    from rapport.settings import Settings, load_settings

    # A local LanguageTool that a killed Rapport left running goes first, whatever
    # the settings choose now (it holds hundreds of MB).
    reap_orphaned_servers()

    if settings is None:
        settings, _warnings = load_settings()
    assert isinstance(settings, Settings)
    env = os.environ if env is None else env
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    personal = personal if personal is not None else PersonalDictionary()
    disabled = frozenset(settings.disabled_rules)
    lt_disabled = [rule.split(":", 1)[1] for rule in disabled if rule.startswith("languagetool:")]
    fallback = OfflineSpeller(settings.language, personal)
    from rapport.grammar import harper_backend

    # Harper checks English; for other languages the word list is the offline checker.
    harper = (
        harper_backend.HarperBackend(settings.language)
        if harper_backend.supports(settings.language)
        else None
    )

    override = normalise_server_url(env.get(URL_ENV, ""))
    choice = "server" if override else settings.grammar_backend
    if choice == "off":
        return GrammarService(None, None, personal=personal, disabled_rules=disabled)
    if choice == "server":
        url = override or normalise_server_url(settings.languagetool_url)
        if not url:
            from rapport.grammar.base import Action, BackendStatus

            missing = BackendStatus(
                BACKEND_LT_SERVER,
                BackendState.ERROR,
                "No LanguageTool server URL is set. Enter one in Settings "
                "(e.g. http://localhost:8081). Offline spelling is checking meanwhile.",
                Action.SET_SERVER,
            )
            backend = LanguageToolBackend(
                _raise(missing), status_provider=lambda: missing, language=settings.language
            )
        else:
            backend = LanguageToolBackend(
                lambda: url,
                name=BACKEND_LT_SERVER,
                language=settings.language,
                timeout=timeout,
                disabled_rules=lt_disabled,
                describe=lambda: f"LanguageTool server at {url}",
            )
        return GrammarService(
            backend, fallback, offline=harper, personal=personal, disabled_rules=disabled
        )
    if choice == "local":
        from rapport.grammar.local_server import shared_local_server

        server = shared_local_server(settings.languagetool_dir, settings.languagetool_memory_mb)
        backend = LanguageToolBackend(
            server.url,
            name=BACKEND_LT_LOCAL,
            language=settings.language,
            timeout=timeout,
            disabled_rules=lt_disabled,
            describe=lambda: "LanguageTool (local)",
            status_provider=server.status,
            on_failure=server.request_failed,
        )
        return GrammarService(
            backend,
            fallback,
            offline=harper,
            personal=personal,
            disabled_rules=disabled,
            server=server,
        )
    # "offline": Harper when the language is English, else the word list alone.
    return GrammarService(harper, fallback, personal=personal, disabled_rules=disabled)


def _raise(status: BackendStatus) -> Callable[[], str]:
    def provider() -> str:
        raise BackendUnavailable(status.message, status.action)

    return provider

"""LanguageTool through the real language-tool-python client. Qt-free.

The client always talks HTTP to a server: either a server URL (remote, self-hosted
or shared by a team) or the local Java server that
:mod:`rapport.grammar.local_server` starts. language-tool-python is imported on
first use (it pulls in requests, psutil and tqdm), never at import.

Offsets: LanguageTool counts UTF-16 code units. language-tool-python 3.x converts
``Match.offset`` to a code-point index but leaves ``Match.error_length`` in UTF-16
units (see ``language_tool_python/match.py``: only ``self.offset`` is adjusted by
``FOUR_BYTES_POSITIONS``), so a span that contains an emoji would come out one
character too long per emoji. :func:`findings_from_matches` measures the length
in UTF-16 units from the start instead.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from rapport.analysis.model import Category, Finding
from rapport.grammar.base import (
    BACKEND_LT_SERVER,
    Action,
    BackendState,
    BackendStatus,
    BackendUnavailable,
)
from rapport.offsets import span_from_utf16_length

#: Prefix of LanguageTool rule ids in findings ("languagetool:EN_A_VS_AN").
RULE_PREFIX = "languagetool:"
#: Seconds a whole check may take, the answer's last byte included, before the
#: server counts as not answering (the check then falls back to offline spelling).
DEFAULT_TIMEOUT = 10.0
#: Seconds after a check ran out of time during which checks fail at once.
#: The editor's scheduler retries degraded paragraphs after as long.
DEFAULT_COOLDOWN = 30.0

# LanguageTool tags every rule with an issue type (from the Localization Quality
# Issue Type vocabulary) and a category; these decide the Rapport category.
_SPELLING_ISSUE_TYPES = frozenset({"misspelling"})
_SPELLING_CATEGORIES = frozenset({"TYPOS"})
_STYLE_ISSUE_TYPES = frozenset({"style", "register", "locale-violation", "typographical"})
_STYLE_CATEGORIES = frozenset(
    {
        "STYLE",
        "REDUNDANCY",
        "PLAIN_ENGLISH",
        "TYPOGRAPHY",
        "CREATIVE_WRITING",
        "REPETITIONS_STYLE",
        "GENDER_NEUTRALITY",
    }
)
# "en" alone makes LanguageTool skip spell checking: it needs a variant.
_DEFAULT_VARIANTS = {"en": "en-US", "de": "de-DE", "pt": "pt-PT", "ca": "ca-ES"}


def languagetool_language(language: str) -> str:
    """The LanguageTool code for a settings language ("en" → "en-US")."""
    return _DEFAULT_VARIANTS.get(language.lower(), language)


def category_for(issue_type: str, category_id: str) -> str:
    """Rapport's category (spelling, style or grammar) for a LanguageTool rule."""
    if issue_type in _SPELLING_ISSUE_TYPES or category_id in _SPELLING_CATEGORIES:
        return Category.SPELLING
    if issue_type in _STYLE_ISSUE_TYPES or category_id in _STYLE_CATEGORIES:
        return Category.STYLE
    return Category.GRAMMAR


def rule_id_of(finding_rule: str) -> str | None:
    """The LanguageTool rule id inside a finding's ``rule``, or None for other rules."""
    if finding_rule.startswith(RULE_PREFIX):
        return finding_rule[len(RULE_PREFIX) :]
    return None


def findings_from_matches(text: str, matches: Iterable[Any], limit: int = 5) -> list[Finding]:
    """language-tool-python ``Match`` objects → findings with exact code-point spans."""
    findings: list[Finding] = []
    for match in matches:
        start, end = span_from_utf16_length(text, int(match.offset), int(match.error_length))
        findings.append(
            Finding(
                rule=RULE_PREFIX + str(match.rule_id),
                category=category_for(str(match.rule_issue_type), str(match.category)),
                start=start,
                end=end,
                message=str(match.message),
                suggestions=tuple(str(item) for item in match.replacements[:limit]),
            )
        )
    return findings


def describe_failure(error: BaseException) -> str:
    """A short reason for the status line, from whatever the client raised."""
    import http.client

    if _ran_out_of_time(error):  # the deadline passed (DeadlineExceeded)
        return "did not answer in time"
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, (OSError, http.client.IncompleteRead)):
            return "is not reachable (connection refused or dropped)"
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(error).split())
    if not text:
        text = type(error).__name__
    if len(text) > 200:
        text = text[:197] + "..."
    return f"answered with an error: {text}"


def _ran_out_of_time(error: BaseException) -> bool:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, TimeoutError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


class LanguageToolBackend:
    """Checks text against a LanguageTool server through language-tool-python.

    ``url_provider`` returns the server's base URL, or raises BackendUnavailable
    (e.g. while a local server is still starting). ``on_failure`` is told about
    every failed request, so a local server can notice that Java crashed.

    ``timeout`` is the whole time a check may take, connecting and the answer's
    last byte included. After a check ran out of time the server counts as not
    answering for ``cooldown`` seconds: checks then fail at once (the caller falls
    back to offline spelling) instead of each waiting out its own deadline.
    """

    def __init__(
        self,
        url_provider: Callable[[], str],
        *,
        name: str = BACKEND_LT_SERVER,
        language: str = "en",
        timeout: float = DEFAULT_TIMEOUT,
        cooldown: float = DEFAULT_COOLDOWN,
        disabled_rules: Iterable[str] = (),
        describe: Callable[[], str] | None = None,
        status_provider: Callable[[], BackendStatus | None] | None = None,
        on_failure: Callable[[], None] | None = None,
    ) -> None:
        self._url_provider = url_provider
        self._name = name
        self.language = languagetool_language(language)
        self.timeout = timeout
        self.cooldown = cooldown
        self._disabled = {rule for rule in disabled_rules if rule}
        self._describe = describe or (lambda: "LanguageTool")
        self._status_provider = status_provider
        self._on_failure = on_failure
        self._client: Any = None
        self._client_url: str | None = None
        #: The transport of the request under way (or of the client); close() aborts it.
        self._transport: Any = None
        self._lock = threading.Lock()
        self._last_error: str | None = None
        self._timed_out_at: float | None = None
        self._closed = False

    @property
    def name(self) -> str:
        return self._name

    def status(self) -> BackendStatus:
        if self._status_provider is not None:
            provided = self._status_provider()
            if provided is not None and provided.state is not BackendState.READY:
                return provided
        if self._last_error is not None:
            return BackendStatus(
                self._name,
                BackendState.ERROR,
                f"{self._last_error} Offline spelling is checking meanwhile; "
                "check the server URL in Settings.",
                Action.SET_SERVER,
            )
        return BackendStatus(self._name, BackendState.READY, self._describe())

    def check(self, text: str) -> list[Finding]:
        if self._closed:
            raise BackendUnavailable(f"{self._describe()} was closed.", Action.RETRY)
        url = self._url_provider()  # may raise BackendUnavailable (starting / not installed)
        started = time.monotonic()
        deadline = started + self.timeout
        timed_out_at = self._timed_out_at
        if timed_out_at is not None and started - timed_out_at < self.cooldown:
            raise BackendUnavailable(self._last_error or "", Action.SET_SERVER)
        # Another check of this backend under way counts against this one's deadline.
        if not self._lock.acquire(timeout=max(0.0, self.timeout)):
            raise BackendUnavailable(
                f"{self._describe()} {describe_failure(TimeoutError())}.", Action.SET_SERVER
            )
        try:
            try:
                client = self._connect(url, deadline)
                client.deadline = deadline
                matches = client.check(text)
                findings = findings_from_matches(text, matches)
            except BackendUnavailable:
                raise
            except Exception as error:
                # Whatever broke (HTTP error, deadline, dropped connection, bad JSON),
                # start from a fresh client next time and let the caller fall back.
                self._drop_client()
                self._last_error = f"{self._describe()} {describe_failure(error)}."
                if _ran_out_of_time(error):
                    self._timed_out_at = time.monotonic()
                if self._on_failure is not None:
                    self._on_failure()
                raise BackendUnavailable(self._last_error, Action.SET_SERVER) from error
            self._last_error = None
            self._timed_out_at = None
        finally:
            self._lock.release()
        return findings

    def _connect(self, url: str, deadline: float) -> Any:
        if self._client is not None and self._client_url == url:
            return self._client
        self._drop_client()
        try:
            from rapport.grammar._client import BoundedLanguageTool
            from rapport.grammar.transport import DeadlineTransport
        except Exception as error:  # a broken install or bundle, not the server's fault
            raise BackendUnavailable(
                f"LanguageTool's client could not load ({type(error).__name__}: {error}).",
                Action.RETRY,
            ) from error

        # Kept before the constructor runs: it already asks the server for its languages.
        self._transport = transport = DeadlineTransport()
        if self._closed:  # close() ran meanwhile, before this transport existed
            transport.abort()
        client = BoundedLanguageTool(self.language, url, transport=transport, deadline=deadline)
        if self._disabled:
            client.disabled_rules = set(self._disabled)
        self._client, self._client_url = client, url
        return client

    def _drop_client(self) -> None:
        client, self._client, self._client_url = self._client, None, None
        transport, self._transport = self._transport, None
        if transport is not None:
            transport.abort()
        if client is not None:
            # Closing a remote client only forgets it; it is never worth an error.
            with contextlib.suppress(Exception):
                client.close()

    def retry(self) -> None:
        """Ask the server again on the next check, even within the cool-down."""
        self._timed_out_at = None

    def close(self) -> None:
        """Ends a check under way at once (its socket is shut down); never waits for it.

        The check's own thread then fails, and its caller falls back; waiting for the
        lock instead would wait for whatever the server does. Later checks fail at once.
        """
        self._closed = True
        transport = self._transport
        if transport is not None:
            transport.abort()
        if self._lock.acquire(blocking=False):
            try:
                self._drop_client()
            finally:
                self._lock.release()

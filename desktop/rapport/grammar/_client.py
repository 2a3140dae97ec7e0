"""The language-tool-python client, with Rapport's transport and one deadline per check.

Imported only when a LanguageTool check is about to run: importing
language_tool_python costs about 0.2 s (requests, psutil, tqdm, toml).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from typing import Any

from language_tool_python import LanguageTool, Match
from language_tool_python.exceptions import LanguageToolError, RateLimitError

from rapport.grammar.transport import DeadlineTransport

# language-tool-python's Match keeps the last checked text in class attributes
# (PREVIOUS_MATCHES_TEXT, FOUR_BYTES_POSITIONS) to convert offsets while it is
# built; two clients building matches at once in different threads could mix them
# up. Only the building is locked, never the request: one client waiting on a slow
# server must not hold up another.
_MATCH_BUILD_LOCK = threading.Lock()


class BoundedLanguageTool(LanguageTool):
    """``LanguageTool(language, remote_server=url)`` whose every request ends by a deadline.

    The library sends its requests with ``requests`` (a 300 s timeout per socket
    read, two tries per check), so a server that trickles its answer held a check
    for ever. Here the requests go through :class:`DeadlineTransport`, once each,
    and end by :attr:`deadline`, which the backend sets before each check; the
    constructor already asks the server (``/v2/languages``), so the deadline is
    set before it runs too. :meth:`abort` ends a request under way from any thread.
    """

    def __init__(
        self, language: str, url: str, *, transport: DeadlineTransport, deadline: float
    ) -> None:
        self._transport = transport
        self.deadline = deadline
        super().__init__(language, remote_server=url)

    def abort(self) -> None:
        self._transport.abort()

    def check(self, text: str) -> list[Match]:
        url = urllib.parse.urljoin(self._url, "check")
        response = self._query_server(url, self._create_params(text), method="post")
        with _MATCH_BUILD_LOCK:
            return [Match(match, text) for match in response["matches"]]

    def _query_server(
        self,
        url: str,
        params: dict[str, str] | None = None,
        num_tries: int = 2,
        method: str = "get",
    ) -> Any:
        # One try: a retry would only spend the same deadline again.
        del num_tries
        if time.monotonic() >= self.deadline:
            raise LanguageToolError(f"{url}: no time left before the deadline")
        try:
            answer = self._transport.request(method, url, params, deadline=self.deadline)
        except OSError as error:  # includes DeadlineExceeded and RequestAborted
            raise LanguageToolError(f"{url}: {error}") from error
        except Exception as error:  # http.client's protocol errors
            raise LanguageToolError(f"{url}: {type(error).__name__}: {error}") from error
        try:
            return json.loads(answer.body)
        except ValueError as error:
            if answer.status == 426:
                raise RateLimitError(
                    "You have exceeded the rate limit for the free LanguageTool API. "
                    "Please try again later."
                ) from error
            raise LanguageToolError(answer.body.decode("utf-8", "replace")) from error

"""The language-tool-python client with a bounded timeout.

Imported only when a LanguageTool check is about to run: importing
language_tool_python costs about 0.2 s (requests, psutil, tqdm, toml).
"""

from __future__ import annotations

from language_tool_python import LanguageTool


class BoundedLanguageTool(LanguageTool):
    """``LanguageTool(language, remote_server=url)`` whose requests time out.

    The library waits up to 300 s per request (``LanguageTool._TIMEOUT``) and
    tries a check twice; a stuck server would hold the one check in flight for
    ten minutes. Rapport sets the timeout per instance, before the constructor
    makes its first request (``/v2/languages``).
    """

    def __init__(self, language: str, url: str, *, timeout: float) -> None:
        self._TIMEOUT = timeout  # type: ignore[misc]  # the library types it Literal[300]
        super().__init__(language, remote_server=url)

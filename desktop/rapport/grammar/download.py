"""The first-run LanguageTool download, only when the user asks for it. Qt-free.

:func:`download_languagetool` fetches the release language-tool-python 3.x pins
(``LTP_DOWNLOAD_VERSION``, from the URL the library would use), checks its
SHA-256 against the library's ``integrity.toml``, and unpacks it with the
library's safe ZIP extractor into the library's download cache, where
:func:`rapport.grammar.local_server.find_languagetool` finds it. It reports
progress through a callback and stops when the cancel event is set; a
cancelled or failed download leaves nothing behind.

The window runs it as a ``ProgressOp`` (``rapport.ui.operations``): on a thread of
its own, behind a progress dialog with Cancel.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

from rapport.grammar.local_server import download_cache_dir, find_languagetool

#: progress(bytes_done, bytes_total or None)
Progress = Callable[[int, int | None], None]
CHUNK_BYTES = 256 * 1024


class DownloadCancelled(Exception):
    """The user pressed Cancel; nothing was installed."""


class DownloadFailed(Exception):
    """The download or the unpacking failed; the message says why, for the user.

    ``details`` holds the technical error (for a "Show details" button), never
    the message itself.
    """

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


#: What still works, and what to do instead of downloading: said with every failure.
INSTEAD = (
    "Grammar and spelling keep working offline with Harper meanwhile. To use "
    "LanguageTool without downloading, choose a folder that holds "
    "languagetool-server.jar (Settings → LanguageTool folder) or enter a LanguageTool "
    "server URL (Settings → Server URL)."
)


def explain_request_error(error: Exception) -> str:
    """A requests error in words: no connection, too slow, or the site refused."""
    import requests

    if isinstance(error, requests.Timeout):
        return "The LanguageTool download stopped: the download site took too long to answer."
    if isinstance(error, requests.ConnectionError):
        return (
            "Rapport could not reach the LanguageTool download site: this computer seems "
            "to have no internet connection, or a firewall or proxy blocks it."
        )
    return "The LanguageTool download broke off before it was complete."


def default_download() -> tuple[str, str, str | None]:
    """(version, URL, expected SHA-256) of the LanguageTool language-tool-python would fetch."""
    from language_tool_python import download_lt

    version = download_lt.LTP_DOWNLOAD_VERSION
    local = download_lt.LocalLanguageTool.from_version_name(version)
    expected = download_lt.EXPECTED_DOWNLOAD_SHA256.get(version)
    return version, local.download_url, expected


def download_languagetool(
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    *,
    url: str | None = None,
    expected_sha256: str | None = None,
    destination: Path | None = None,
    timeout: float = 60.0,
) -> Path:
    """Download and unpack LanguageTool; returns the folder that holds its server jar.

    Raises DownloadCancelled when ``cancel`` is set, DownloadFailed otherwise.
    """
    import requests
    from language_tool_python.safe_zip import SafeZipExtractor

    if url is None:
        _version, url, default_sha = default_download()
        expected_sha256 = expected_sha256 or default_sha
    destination = destination or download_cache_dir()
    cancel = cancel or threading.Event()
    try:
        destination.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DownloadFailed(f"Cannot create {destination}: {error.strerror or error}") from error

    with tempfile.TemporaryDirectory(prefix=".rapport-lt-", dir=destination) as work:
        archive = Path(work) / "LanguageTool.zip"
        digest = hashlib.sha256()
        try:
            with requests.get(url, stream=True, timeout=timeout) as response:
                if response.status_code != 200:
                    raise DownloadFailed(
                        "The LanguageTool download site refused the download "
                        f"(HTTP {response.status_code}); try again later. {INSTEAD}",
                        f"{url} answered HTTP {response.status_code}",
                    )
                total_header = response.headers.get("Content-Length")
                total = int(total_header) if total_header and total_header.isdigit() else None
                done = 0
                if progress is not None:
                    progress(0, total)
                with archive.open("wb") as out:
                    for chunk in response.iter_content(chunk_size=CHUNK_BYTES):
                        if cancel.is_set():
                            raise DownloadCancelled("The LanguageTool download was cancelled.")
                        if not chunk:
                            continue
                        out.write(chunk)
                        digest.update(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress(done, total)
        except requests.RequestException as error:
            raise DownloadFailed(f"{explain_request_error(error)} {INSTEAD}", str(error)) from error
        if cancel.is_set():
            raise DownloadCancelled("The LanguageTool download was cancelled.")
        if expected_sha256 and digest.hexdigest() != expected_sha256.lower():
            raise DownloadFailed(
                "The downloaded LanguageTool archive is damaged (checksum mismatch); "
                "nothing was installed. Try again."
            )
        unpacked = Path(work) / "unpacked"
        try:
            with zipfile.ZipFile(archive) as bundle:
                SafeZipExtractor().extractall(bundle, unpacked, work_dir=Path(work))
        except Exception as error:  # BadZipFile, PathError (unsafe entries), OSError
            raise DownloadFailed(
                f"The LanguageTool archive could not be unpacked: {error}"
            ) from error
        for entry in unpacked.iterdir():
            target = destination / entry.name
            if target.is_dir():
                shutil.rmtree(target)  # a half-unpacked earlier attempt
            elif target.exists():
                target.unlink()
            shutil.move(str(entry), target)
    install = find_languagetool("", {"LTP_PATH": str(destination)})
    if install is None:
        raise DownloadFailed(
            f"The archive from {url} holds no languagetool-server.jar; "
            "nothing usable was installed."
        )
    return install.directory

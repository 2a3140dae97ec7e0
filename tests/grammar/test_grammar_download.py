"""The first-run download: progress, Cancel, a damaged archive, and a failed request."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rapport.grammar.download import (
    DownloadCancelled,
    DownloadFailed,
    download_languagetool,
)
from rapport.grammar.local_server import find_languagetool


def make_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as bundle:
        bundle.writestr("LanguageTool-9.9/languagetool-server.jar", b"PK fake jar")
        bundle.writestr("LanguageTool-9.9/org/languagetool/data.bin", os.urandom(900_000))
    return buffer.getvalue()


ARCHIVE = make_archive()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path != "/LanguageTool-9.9.zip":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(ARCHIVE)))
        self.end_headers()
        self.wfile.write(ARCHIVE)


@pytest.fixture
def archive_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/LanguageTool-9.9.zip"
    server.shutdown()
    server.server_close()
    thread.join(5)


def installed(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_download_reports_progress_and_installs_where_it_is_found(
    archive_url: str, tmp_path: Path
) -> None:
    seen: list[tuple[int, int | None]] = []
    folder = download_languagetool(
        lambda done, total: seen.append((done, total)),
        url=archive_url,
        expected_sha256=hashlib.sha256(ARCHIVE).hexdigest(),
        destination=tmp_path / "cache",
    )
    assert folder == tmp_path / "cache" / "LanguageTool-9.9"
    assert seen[0] == (0, len(ARCHIVE)) and seen[-1] == (len(ARCHIVE), len(ARCHIVE))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    found = find_languagetool("", {"LTP_PATH": str(tmp_path / "cache")})
    assert found is not None and found.jar.name == "languagetool-server.jar"
    assert installed(tmp_path / "cache") == ["LanguageTool-9.9"]  # no temp files left


def test_cancel_stops_the_download_and_installs_nothing(archive_url: str, tmp_path: Path) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int | None) -> None:
        if done > 0:
            cancel.set()  # the user pressed Cancel after the first chunk

    with pytest.raises(DownloadCancelled):
        download_languagetool(progress, cancel, url=archive_url, destination=tmp_path / "cache")
    assert installed(tmp_path / "cache") == []


def test_a_damaged_archive_is_refused(archive_url: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadFailed, match="checksum mismatch"):
        download_languagetool(
            url=archive_url, expected_sha256="0" * 64, destination=tmp_path / "cache"
        )
    assert installed(tmp_path / "cache") == []


def test_a_missing_file_is_a_clear_error(archive_url: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadFailed, match="HTTP 404"):
        download_languagetool(url=archive_url.replace("9.9", "0.0"), destination=tmp_path / "cache")
    assert installed(tmp_path / "cache") == []


def test_no_connection_is_said_in_words_with_what_still_works(tmp_path: Path) -> None:
    # .invalid never resolves (RFC 2606): the same NameResolutionError as no network.
    with pytest.raises(DownloadFailed) as failed:
        download_languagetool(
            url="https://languagetool.invalid/LanguageTool.zip", destination=tmp_path / "cache"
        )
    message = str(failed.value)
    assert "no internet connection" in message
    assert "Harper" in message  # what still works
    assert "Settings → LanguageTool folder" in message and "Server URL" in message
    for raw in ("HTTPSConnectionPool", "NameResolutionError", "urllib3", "Max retries"):
        assert raw not in message
    assert "languagetool.invalid" in failed.value.details  # kept for Show details
    assert installed(tmp_path / "cache") == []

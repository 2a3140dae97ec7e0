"""Settings → Download LanguageTool: progress, Cancel, the folder chosen, a failure in words."""

from __future__ import annotations

import hashlib
import io
import os
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from rapport.analysis.rules import load_rule_set
from rapport.settings import Settings
from rapport.ui.operations import runner_for
from rapport.ui.settings_dialog import SettingsDialog


def _answer_dialogs(seen: list[tuple[str, str]]) -> QTimer:
    """Yes to "Download?", OK to what follows; remembers each box's title and text."""
    timer = QTimer()
    timer.setInterval(20)

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append((box.windowTitle(), box.text()))
            yes = box.button(QMessageBox.StandardButton.Yes)
            (yes or box.button(QMessageBox.StandardButton.Ok)).click()

    timer.timeout.connect(answer)
    timer.start()
    return timer


def test_settings_download_without_a_connection_says_so_in_words(qtbot, monkeypatch) -> None:
    # Where the download comes from is the one stand-in: a host that never resolves.
    monkeypatch.setattr(
        "rapport.grammar.download.default_download",
        lambda: ("9.9", "https://languagetool.invalid/LanguageTool-9.9.zip", None),
    )
    dialog = SettingsDialog(Settings(), {"en": load_rule_set("en", ())})
    qtbot.addWidget(dialog)
    button = dialog.download_button
    assert isinstance(button, QPushButton) and button.text() == "Download LanguageTool…"
    seen: list[tuple[str, str]] = []
    timer = _answer_dialogs(seen)
    button.click()  # the download runs in the background; its failure is shown after
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=15_000)
    timer.stop()
    assert [title for title, _ in seen] == [
        "Download LanguageTool?",
        "LanguageTool was not downloaded",
    ]
    failure = seen[1][1]
    assert "no internet connection" in failure and "Harper" in failure
    assert "HTTPSConnectionPool" not in failure and "NameResolutionError" not in failure
    assert dialog.languagetool_dir.text() == ""  # nothing was installed


def _slow_archive_server(archive: bytes) -> tuple[ThreadingHTTPServer, str]:
    """Serves ``archive`` in 32 KB pieces, 20 ms apart: a download that takes a while."""

    class SlowDownload(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(archive)))
            self.end_headers()
            for start in range(0, len(archive), 32_768):
                try:
                    self.wfile.write(archive[start : start + 32_768])
                except OSError:
                    return  # the app hung up: Cancel
                time.sleep(0.02)

    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowDownload)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/LanguageTool-9.9.zip"


def _archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as bundle:
        bundle.writestr("LanguageTool-9.9/languagetool-server.jar", b"PK fake jar")
        bundle.writestr("LanguageTool-9.9/org/languagetool/data.bin", os.urandom(1_500_000))
    return buffer.getvalue()


def _download_dialog(dialog: SettingsDialog) -> QProgressDialog | None:
    shown = [d for d in dialog.findChildren(QProgressDialog) if d.isVisible()]
    return shown[0] if shown else None


def test_the_download_shows_its_progress_and_cancel_installs_nothing(
    qtbot, monkeypatch, tmp_path: Path
) -> None:
    archive = _archive()
    server, url = _slow_archive_server(archive)
    sha = hashlib.sha256(archive).hexdigest()
    monkeypatch.setattr("rapport.grammar.download.default_download", lambda: ("9.9", url, sha))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "cache"))
    dialog = SettingsDialog(Settings(), {"en": load_rule_set("en", ())})
    qtbot.addWidget(dialog)
    seen: list[tuple[str, str]] = []
    timer = _answer_dialogs(seen)
    try:
        dialog.download_button.click()
        qtbot.waitUntil(
            lambda: (shown := _download_dialog(dialog)) is not None and shown.value() > 0,
            timeout=10_000,
        )
        progress = _download_dialog(dialog)
        assert progress is not None
        assert progress.labelText().startswith("Downloading LanguageTool… ")
        assert progress.labelText().endswith(" of 2 MB")
        progress.findChild(QPushButton).click()  # Cancel
        qtbot.waitUntil(runner_for(dialog).idle, timeout=10_000)
    finally:
        timer.stop()
        server.shutdown()
        server.server_close()
    assert [title for title, _ in seen] == ["Download LanguageTool?"]  # no error after Cancel
    assert _download_dialog(dialog) is None
    assert dialog.languagetool_dir.text() == ""
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []


def test_a_finished_download_is_chosen_in_settings(qtbot, monkeypatch, tmp_path: Path) -> None:
    archive = _archive()
    server, url = _slow_archive_server(archive)
    sha = hashlib.sha256(archive).hexdigest()
    monkeypatch.setattr("rapport.grammar.download.default_download", lambda: ("9.9", url, sha))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "cache"))
    dialog = SettingsDialog(Settings(), {"en": load_rule_set("en", ())})
    qtbot.addWidget(dialog)
    seen: list[tuple[str, str]] = []
    timer = _answer_dialogs(seen)
    try:
        dialog.download_button.click()
        qtbot.waitUntil(lambda: dialog.languagetool_dir.text() != "", timeout=20_000)
    finally:
        timer.stop()
        server.shutdown()
        server.server_close()
    assert dialog.languagetool_dir.text() == str(tmp_path / "cache" / "LanguageTool-9.9")
    assert dialog.backend.currentData() == "local"
    assert _download_dialog(dialog) is None
    assert [title for title, _ in seen] == ["Download LanguageTool?"]

"""Against a real LanguageTool, when one is configured; skipped otherwise.

* ``RAPPORT_LANGUAGETOOL_URL=http://localhost:8081`` — a running server;
* ``LTP_JAR_DIR_PATH=/path/to/LanguageTool-6.x`` — a folder with
  languagetool-server.jar; Java 17+ must be on PATH. The test starts and stops it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rapport.analysis.model import Category
from rapport.grammar import (
    BACKEND_LT_LOCAL,
    BACKEND_LT_SERVER,
    GrammarService,
    OfflineSpeller,
    service_from_settings,
)
from rapport.grammar.languagetool import LanguageToolBackend
from rapport.grammar.local_server import LocalLanguageToolServer
from rapport.settings import Settings

# Read at import, before the autouse fixture clears them for the other tests.
SERVER_URL = os.environ.get("RAPPORT_LANGUAGETOOL_URL", "")
JAR_DIR = os.environ.get("LTP_JAR_DIR_PATH", "")

TEXT = "Thanks 🙂 for teh call 🎉. He go to the office yesterday."


def assert_real_findings(findings: tuple) -> None:
    spelled = [TEXT[f.start : f.end] for f in findings if f.category == Category.SPELLING]
    assert "teh" in spelled  # exact span after two emoji: the UTF-16 correction holds
    assert any(f.category == Category.GRAMMAR for f in findings)


@pytest.mark.skipif(
    not SERVER_URL, reason="no real LanguageTool server: set RAPPORT_LANGUAGETOOL_URL to run"
)
def test_a_real_languagetool_server() -> None:
    service = service_from_settings(Settings(), env={"RAPPORT_LANGUAGETOOL_URL": SERVER_URL})
    result = service.check(TEXT)
    assert result.backend == BACKEND_LT_SERVER, result.error
    assert_real_findings(result.findings)


@pytest.mark.skipif(
    not JAR_DIR,
    reason="no local LanguageTool: set LTP_JAR_DIR_PATH to a LanguageTool folder to run",
)
def test_a_real_local_languagetool_starts_checks_and_stops() -> None:
    assert (Path(JAR_DIR) / "languagetool-server.jar").exists() or (
        Path(JAR_DIR) / "languagetool.jar"
    ).exists(), f"LTP_JAR_DIR_PATH={JAR_DIR} holds no LanguageTool jar"
    server = LocalLanguageToolServer(languagetool_dir=JAR_DIR, memory_mb=512)
    try:
        backend = LanguageToolBackend(
            server.url,
            name=BACKEND_LT_LOCAL,
            status_provider=server.status,
            on_failure=server.request_failed,
        )
        service = GrammarService(backend, OfflineSpeller(), server=server)
        assert service.wait_ready(180), server.status().message
        result = service.check(TEXT)
        assert result.backend == BACKEND_LT_LOCAL, result.error
        assert_real_findings(result.findings)
        pid = server.pid
    finally:
        server.close()
    assert pid is not None and not Path(f"/proc/{pid}").exists()

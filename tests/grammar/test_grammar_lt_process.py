"""The LanguageTool server's Java command line (the process's life is in the local-server tests)."""

from __future__ import annotations

from pathlib import Path

from rapport.grammar.lt_process import build_server_command


def test_the_java_command_caps_the_heap() -> None:
    command = build_server_command("/usr/bin/java", Path("/lt/languagetool-server.jar"), 8123, 512)
    assert command == [
        "/usr/bin/java",
        "-Xmx512m",
        "-cp",
        "/lt/languagetool-server.jar",
        "org.languagetool.server.HTTPServer",
        "--port",
        "8123",
    ]
    assert build_server_command("java", Path("x.jar"), 1, 1024)[1] == "-Xmx1024m"

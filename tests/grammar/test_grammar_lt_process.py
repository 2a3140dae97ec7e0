"""The LanguageTool server's Java command line and its log (the process's life is in the
local-server tests)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rapport.grammar.lt_process import build_server_command, log_tail, port_was_taken


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


# What LanguageTool 6.7 writes to stderr when its port is taken (a real run, trimmed).
JAVA_PORT_TAKEN = b"""Exception in thread "main" java.lang.RuntimeException: Could not start \
LanguageTool HTTP server on localhost, port 42629
\tat org.languagetool.server.HTTPServer.main(HTTPServer.java:184)
Caused by: org.languagetool.server.PortBindingException: LanguageTool HTTP server could not \
be started on host "localhost", port 42629.
Maybe something else is running on that port already?
\tat org.languagetool.server.HTTPServer.<init>(HTTPServer.java:128)
Caused by: java.net.BindException: Address already in use
\tat java.base/sun.nio.ch.Net.bind0(Native Method)
\tat org.languagetool.server.HTTPServer.<init>(HTTPServer.java:118)
\t... 1 more
"""


def test_the_reason_a_start_failed_is_the_line_before_the_stack_frames() -> None:
    with tempfile.TemporaryFile() as log:
        log.write(JAVA_PORT_TAKEN)
        # Not "... 1 more": the user reads why it stopped.
        assert log_tail(log) == "java.net.BindException: Address already in use"
        assert port_was_taken(log)
    with tempfile.TemporaryFile() as log:
        log.write(b"Error: Could not find or load main class org.languagetool.server.HTTPServer\n")
        assert log_tail(log).startswith("Error: Could not find or load main class")
        assert not port_was_taken(log)

"""A stand-in LanguageTool HTTP server for contract tests (stdlib only).

It speaks the two endpoints language-tool-python uses, with the JSON shaped as
LanguageTool 6.x returns it:

* ``GET /v2/languages`` → ``[{"name": "English (US)", "code": "en", "longCode": "en-US"}, …]``
* ``POST /v2/check`` (form fields ``text``, ``language``, …) →
  ``{"software": {...}, "warnings": {...}, "language": {...}, "matches": [...],
  "sentenceRanges": [...]}`` where every match carries ``message``,
  ``shortMessage``, ``replacements[{value}]``, ``offset``/``length`` in **UTF-16
  code units** (LanguageTool is Java), ``context{text, offset, length}``,
  ``sentence``, ``type{typeName}``, ``rule{id, description, issueType,
  category{id, name}}``, ``ignoreForIncompleteSentence``, ``contextForSureMatch``.

Matches come from a small table of regex rules, so tests know exactly which
spans to expect. Modes make it misbehave: ``error`` (HTTP 500 with LanguageTool's
plain-text error body, or ``error_body`` when set), ``slow`` (sleeps before
answering), ``die`` (drops the connection without an answer, like a crashed
server) and ``trickle`` (answers every request, ``/v2/languages`` too, one byte
every ``delay`` seconds: no single read ever waits long, the answer never ends).

Run as a script (``python fake_languagetool.py --port 8123``) it serves until
killed; the local-server lifecycle tests start it in place of Java.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]


@dataclass(frozen=True)
class FakeRule:
    pattern: str
    rule_id: str
    issue_type: str
    category_id: str
    category_name: str
    message: str
    replacements: tuple[str, ...] = ()


DEFAULT_RULES = (
    FakeRule(
        r"\bteh\b",
        "MORFOLOGIK_RULE_EN_US",
        "misspelling",
        "TYPOS",
        "Possible Typo",
        "Possible spelling mistake found.",
        ("the", "ten", "tea"),
    ),
    FakeRule(
        r"\ba (?=[aeiou])",
        "EN_A_VS_AN",
        "misspelling",
        "MISC",
        "Miscellaneous",
        "Use “an” instead of ‘a’ if the following word starts with a vowel sound.",
        ("an ",),
    ),
    FakeRule(
        r"\b(?:you|we|they) was\b",
        "YOU_WAS",
        "grammar",
        "GRAMMAR",
        "Grammar",
        "Did you mean “were”?",
        ("you were",),
    ),
    # A span that contains emoji: the UTF-16 length differs from the code-point length.
    FakeRule(
        r"👍+ +👍+",
        "EMOJI_REPEAT",
        "style",
        "STYLE",
        "Style",
        "Several thumbs-up read as shouting.",
        ("👍",),
    ),
    FakeRule(
        r"\bvery unique\b",
        "VERY_UNIQUE",
        "style",
        "REDUNDANCY",
        "Redundant Phrases",
        "“Unique” needs no intensifier.",
        ("unique",),
    ),
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class ServerState:
    rules: tuple[FakeRule, ...] = DEFAULT_RULES
    mode: str = "ok"  # ok | error | slow | die | trickle
    delay: float = 0.0
    error_body: bytes = b"Error: Internal Server Error: java.lang.OutOfMemoryError: Java heap space"
    #: Requests being answered a byte at a time right now (trickle mode).
    trickling: int = 0
    checked_texts: list[str] = field(default_factory=list)
    check_requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def build_check_response(text: str, language: str, rules: tuple[FakeRule, ...]) -> dict:
    matches = []
    for rule in rules:
        for found in re.finditer(rule.pattern, text):
            offset = utf16_len(text[: found.start()])
            length = utf16_len(found.group(0))
            context_start = max(0, found.start() - 40)
            context = text[context_start : found.end() + 40].replace("\n", " ")
            matches.append(
                {
                    "message": rule.message,
                    "shortMessage": rule.category_name,
                    "replacements": [{"value": value} for value in rule.replacements],
                    "offset": offset,
                    "length": length,
                    "context": {
                        "text": context,
                        "offset": utf16_len(text[context_start : found.start()]),
                        "length": length,
                    },
                    "sentence": text.strip(),
                    "type": {"typeName": "Other"},
                    "rule": {
                        "id": rule.rule_id,
                        "description": rule.message,
                        "issueType": rule.issue_type,
                        "category": {"id": rule.category_id, "name": rule.category_name},
                        "isPremium": False,
                        "confidence": 0.68,
                    },
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                }
            )
    matches.sort(key=lambda item: item["offset"])
    return {
        "software": {
            "name": "LanguageTool",
            "version": "6.6",
            "buildDate": "2025-03-27 11:08:02 +0000",
            "apiVersion": 1,
            "premium": False,
            "premiumHint": "You might be missing errors only the Premium version can find.",
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": "English (US)",
            "code": language,
            "detectedLanguage": {
                "name": "English (US)",
                "code": "en-US",
                "confidence": 0.99,
                "source": "ngram",
            },
        },
        "matches": matches,
        "sentenceRanges": [[0, utf16_len(text)]],
        "extendedSentenceRanges": [
            {
                "from": 0,
                "to": utf16_len(text),
                "detectedLanguages": [{"language": "en", "rate": 1.0}],
            }
        ],
    }


class _Handler(BaseHTTPRequestHandler):
    server: _FakeHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet in tests
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        with self.server.state.lock:
            mode, delay = self.server.state.mode, self.server.state.delay
        if mode == "trickle":
            self._trickle(status, body, content_type, delay or 2.0)
            return
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (a timeout test)

    def _trickle(self, status: int, body: bytes, content_type: str, delay: float) -> None:
        """The whole answer, status line included, one byte every ``delay`` seconds."""
        head = (
            f"HTTP/1.1 {status} OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode("latin-1")
        state = self.server.state
        with state.lock:
            state.trickling += 1
        try:
            for byte in head + body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(delay)
        except OSError:
            pass  # the client gave up: what a client with a deadline does
        finally:
            self.close_connection = True
            with state.lock:
                state.trickling -= 1

    def _send_json(self, payload: object) -> None:
        self._send(200, json.dumps(payload).encode("utf-8"), "application/json")

    def do_GET(self) -> None:
        path = urlparse(self.path).path
        if path == "/v2/languages":
            self._send_json(LANGUAGES)
        elif path == "/v2/healthcheck":
            self._send(200, b"OK", "text/plain")
        else:
            self._send(404, b"Error: unknown endpoint", "text/plain")

    def do_POST(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
        if urlparse(self.path).path != "/v2/check":
            self._send(404, b"Error: unknown endpoint", "text/plain")
            return
        text = form.get("text", [""])[0]
        language = form.get("language", ["en-US"])[0]
        with state.lock:
            state.check_requests += 1
            state.checked_texts.append(text)
            mode, delay = state.mode, state.delay
        if mode == "slow":
            time.sleep(delay)
        if mode == "die":
            # Like a JVM that crashed mid-request: the socket closes, no answer.
            self.close_connection = True
            self.connection.close()
            return
        if mode == "error":
            self._send(500, state.error_body, "text/plain")
            return
        self._send_json(build_check_response(text, language, state.rules))


class _FakeHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], state: ServerState) -> None:
        super().__init__(address, _Handler)
        self.state = state


class FakeLanguageTool:
    """Start with ``with FakeLanguageTool() as fake: fake.url``; stops on exit."""

    def __init__(self, port: int = 0) -> None:
        self.state = ServerState()
        self._server = _FakeHTTPServer(("127.0.0.1", port), self.state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set_mode(self, mode: str, delay: float = 0.0) -> None:
        with self.state.lock:
            self.state.mode = mode
            self.state.delay = delay

    def start(self) -> FakeLanguageTool:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeLanguageTool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def make_install(folder: Path, jar: str = "languagetool-server.jar") -> Path:
    """A LanguageTool folder as ``find_languagetool`` sees one (the jar is not a real jar)."""
    folder.mkdir(parents=True)
    (folder / jar).write_bytes(b"PK")
    return folder


def fake_server_command(port: int, startup_delay: float = 0.3) -> list[str]:
    """Runs this stand-in as a separate process, in place of Java."""
    return [
        sys.executable,
        str(Path(__file__).resolve()),
        "--port",
        str(port),
        "--startup-delay",
        str(startup_delay),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", "-p", type=int, required=True)
    parser.add_argument("--startup-delay", type=float, default=0.0)
    args, _unknown = parser.parse_known_args()
    time.sleep(args.startup_delay)  # a JVM takes a moment before it listens
    server = _FakeHTTPServer(("127.0.0.1", args.port), ServerState())
    server.serve_forever(poll_interval=0.05)


if __name__ == "__main__":
    main()

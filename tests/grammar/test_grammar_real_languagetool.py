"""Rapport's own local-server code against a real LanguageTool (Java, from Maven Central).

The folder comes from ``LTP_JAR_DIR_PATH`` (``.ci/run`` assembles it with
installer/languagetool/assemble.py and exports it). Without it these tests are
skipped, unless ``RAPPORT_REQUIRE_LANGUAGETOOL=1`` (CI sets it): then they fail,
so a broken download can never pass as a skip.

One real server is shared by the whole module (a JVM start costs two cores ~20 s),
so the tests run in file order: start, answers, memory, a remote URL to the same
server, ``kill -9`` and restart, idle stop. Stop-on-exit runs in a child Python.
The stand-in server (fake_languagetool.py) keeps covering what a real server
cannot be made to do on demand: hangs, garbage JSON, HTTP errors.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from processes import alive, exited, wait_for

from rapport.analysis.model import Category
from rapport.cli import main as cli_main
from rapport.grammar import (
    BACKEND_HARPER,
    BACKEND_LT_LOCAL,
    BACKEND_LT_SERVER,
    BackendState,
    BackendUnavailable,
    GrammarService,
    service_from_settings,
)
from rapport.grammar.local_server import (
    DEFAULT_MEMORY_MB,
    LocalLanguageToolServer,
    stop_all_local_servers,
)
from rapport.grammar.service import URL_ENV
from rapport.grammar.spelling import PersonalDictionary
from rapport.settings import Settings, save_settings

# Read at import, before the autouse fixture clears them for each test.
JAR_DIR = os.environ.get("LTP_JAR_DIR_PATH", "")
REQUIRED = os.environ.get("RAPPORT_REQUIRE_LANGUAGETOOL", "") == "1"
#: Generous: two cores shared with other work; a JVM start plus warm-up takes ~20 s here.
START_TIMEOUT = 240.0

pytestmark = pytest.mark.skipif(
    not JAR_DIR and not REQUIRED,
    reason="no real LanguageTool: run installer/languagetool/assemble.py and set "
    "LTP_JAR_DIR_PATH to the folder it prints",
)

# Astral characters before, between and after the mistakes: emoji (two UTF-16 units
# each), a ZWJ family, a flag, and mathematical letters, which Java counts twice.
TEXT = (
    "Thanks 🙂 for teh call 🎉. He go to the office 👨‍👩‍👧 every Monday. "
    "𝐓𝐡𝐞 report 🇩🇪 was recieved yesterday, and we has a idea for you."
)
WANTED = {("teh", Category.SPELLING), ("recieved", Category.SPELLING)}

PARAGRAPH = (
    "Thanks for the call on Tuesday, {name}. You mentioned that your team spends most of "
    "Monday reconciling the weekend orders by hand, and that the warehouse staff often "
    "wait for the numbers before they can start picking. We has looked at how two other "
    "distributors your size handled the same problem 📦. Both moved the reconciliation to a "
    "nightly job, and their pickers started an hour earlier the next week. Its a small "
    "change, but it freed up a whole morning for the people who know your customers best. "
    "Would it help if I put together a short summary of what they changed, with the "
    "numbers from their first month? I can also send a idea of what the setup would look "
    "like for your three sites, so you can decide whether it is worth a closer look. If "
    "next week is busy, the week after works as well for me."
)
NAMES = ("Laura", "Sam", "Priya", "Jonas", "Mei", "Carlos", "Aisha", "Tom")


def draft_paragraphs(words: int) -> list[str]:
    """Paragraphs of a sales email draft, ``words`` words in all."""
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = PARAGRAPH.format(name=NAMES[len(paragraphs) % len(NAMES)])
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return paragraphs


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def raw_matches(url: str, text: str) -> list[dict]:
    """LanguageTool's own answer, asked without any of Rapport's code."""
    form = urllib.parse.urlencode({"text": text, "language": "en-US"}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{url}/v2/check", form, timeout=60) as answer:
        return list(json.loads(answer.read())["matches"])


def code_point_span(text: str, offset16: int, length16: int) -> tuple[int, int]:
    """Java's UTF-16 span as Python indices, by encoding (independent of rapport.grammar)."""
    encoded = text.encode("utf-16-le")
    start = len(encoded[: offset16 * 2].decode("utf-16-le"))
    end = len(encoded[: (offset16 + length16) * 2].decode("utf-16-le"))
    return start, end


class RealLanguageTool:
    """The module's one server, the service Rapport builds around it, and its settings."""

    def __init__(self, folder: str, personal: PersonalDictionary) -> None:
        self.settings = Settings(grammar_backend="local", languagetool_dir=folder)
        self.personal = personal
        self.service: GrammarService = service_from_settings(
            self.settings, env={}, personal=personal
        )
        server = self.service.server
        assert isinstance(server, LocalLanguageToolServer)
        self.server = server

    def ready(self) -> None:
        assert self.service.wait_ready(START_TIMEOUT), self.server.status().message


@pytest.fixture(scope="module")
def real_lt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealLanguageTool]:
    if not JAR_DIR:
        pytest.fail(
            "RAPPORT_REQUIRE_LANGUAGETOOL=1 but LTP_JAR_DIR_PATH is not set: "
            "installer/languagetool/assemble.py did not run"
        )
    jar = Path(JAR_DIR) / "languagetool-server.jar"
    assert jar.is_file(), f"LTP_JAR_DIR_PATH={JAR_DIR} holds no languagetool-server.jar"
    scratch = tmp_path_factory.mktemp("real-lt")
    with pytest.MonkeyPatch.context() as module_env:
        # The module's own data folder (the running server's record) until the tests' own.
        module_env.setenv("RAPPORT_DATA_DIR", str(scratch / "data"))
        module_env.setenv("RAPPORT_CONFIG_DIR", str(scratch / "config"))
        real = RealLanguageTool(JAR_DIR, PersonalDictionary(scratch / "words.txt"))
        try:
            yield real
        finally:
            pid = real.server.pid
            real.service.close()
            stop_all_local_servers()  # as at exit; also forgets the shared server
            assert pid is None or wait_for(lambda: not alive(pid)), f"{pid} outlived close()"


def test_starts_in_the_background_and_harper_answers_meanwhile(real_lt) -> None:
    started = time.perf_counter()
    first = real_lt.service.check(TEXT)
    waited = time.perf_counter() - started
    # Nothing waits for Java: the check returns at once with Harper's findings.
    assert first.starting and first.backend == BACKEND_HARPER and first.error is None
    assert waited < 5.0, f"the first check waited {waited:.1f} s for the server"
    assert real_lt.server.status().state is BackendState.STARTING
    probe = time.perf_counter()
    with pytest.raises(BackendUnavailable) as raised:
        real_lt.server.url()
    assert raised.value.starting and time.perf_counter() - probe < 0.05
    real_lt.ready()
    pid = real_lt.server.pid
    assert pid is not None
    command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    assert f"-Xmx{DEFAULT_MEMORY_MB}m".encode() in command
    assert b"org.languagetool.server.HTTPServer" in command


def test_real_matches_at_exact_spans_around_astral_characters(real_lt) -> None:
    real_lt.ready()
    result = real_lt.service.check(TEXT)
    assert result.backend == BACKEND_LT_LOCAL, result.error
    found = {(TEXT[f.start : f.end], f.category) for f in result.findings}
    assert found >= WANTED, found
    grammar = [TEXT[f.start : f.end] for f in result.findings if f.category == Category.GRAMMAR]
    assert grammar, "LanguageTool found no grammar mistake in “He go”, “we has”, “a idea”"
    # Every span is exactly LanguageTool's own, converted from UTF-16 independently.
    expected = {
        code_point_span(TEXT, match["offset"], match["length"])
        for match in raw_matches(real_lt.server.url(), TEXT)
    }
    assert {(f.start, f.end) for f in result.findings} == expected
    assert all(f.rule.startswith("languagetool:") for f in result.findings)
    teh = next(f for f in result.findings if TEXT[f.start : f.end] == "teh")
    assert "the" in teh.suggestions


def test_the_jvm_stays_under_its_memory_cap_after_a_5000_word_draft(real_lt) -> None:
    real_lt.ready()
    paragraphs = draft_paragraphs(5000)
    answered = [real_lt.service.check(paragraph) for paragraph in paragraphs]
    assert all(result.backend == BACKEND_LT_LOCAL for result in answered), {
        result.error for result in answered
    }
    rss = rss_mb(real_lt.server.pid)
    print(f"\nlanguagetool_rss_after_5000_words {rss:.0f} MB (-Xmx{DEFAULT_MEMORY_MB}m)")
    # The heap is capped at 512 MB; code, metaspace and threads add a few hundred.
    assert rss < DEFAULT_MEMORY_MB + 450, f"java uses {rss:.0f} MB"


def test_a_server_url_pointing_at_the_same_server_answers_alike(real_lt) -> None:
    real_lt.ready()
    url = real_lt.server.url()
    remote = service_from_settings(Settings(), env={URL_ENV: url}, personal=real_lt.personal)
    try:
        through_url = remote.check(TEXT)
    finally:
        remote.close()
    local = real_lt.service.check(TEXT)
    assert through_url.backend == BACKEND_LT_SERVER, through_url.error
    assert local.backend == BACKEND_LT_LOCAL, local.error
    assert through_url.findings == local.findings


def test_rapport_check_grammar_names_languagetool_and_keeps_code_point_offsets(
    real_lt, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_lt.ready()
    email = tmp_path / "email.txt"
    email.write_text(f"Hi Laura,\n\n{TEXT}\n", encoding="utf-8")
    text = email.read_text(encoding="utf-8")

    def check_json() -> dict:
        code = cli_main(["check", "--grammar", "--json", str(email)])
        out, err = capsys.readouterr()
        assert code == 0, err
        return json.loads(out)

    # Settings choose the local LanguageTool: the command line uses the same server
    # (one per configuration in the process), so no second JVM starts.
    save_settings(real_lt.settings)
    local = check_json()
    assert local["grammar_backend"] == BACKEND_LT_LOCAL, local.get("grammar_error")
    assert real_lt.server.starts == 1
    spelled = {
        text[item["start"] : item["end"]]
        for item in local["findings"]
        if item["category"] == "spelling"
    }
    assert {"teh", "recieved"} <= spelled  # code-point offsets after the astral characters
    # RAPPORT_LANGUAGETOOL_URL overrides the settings, and the backend's name says so.
    monkeypatch.setenv(URL_ENV, real_lt.server.url())
    remote = check_json()
    assert remote["grammar_backend"] == BACKEND_LT_SERVER, remote.get("grammar_error")
    language = {"grammar", "spelling", "style"}
    assert [item for item in remote["findings"] if item["category"] in language] == [
        item for item in local["findings"] if item["category"] in language
    ]


def test_java_killed_mid_check_is_reported_and_restarted(real_lt) -> None:
    real_lt.ready()
    killed_pid = real_lt.server.pid
    assert killed_pid is not None
    long_text = "\n".join(draft_paragraphs(3000))  # long enough to be killed mid-check
    outcome: list = []
    checking = threading.Thread(target=lambda: outcome.append(real_lt.service.check(long_text)))
    checking.start()
    time.sleep(0.3)  # the request is under way
    os.kill(killed_pid, signal.SIGKILL)
    checking.join(60)
    assert outcome, "the check never came back after java was killed"
    (during,) = outcome
    # The app says so and keeps working: Harper answered this check.
    assert during.backend == BACKEND_HARPER
    assert during.error is not None and "not reachable" in during.error, during.error
    assert any(f.category == Category.GRAMMAR for f in during.findings)
    assert wait_for(lambda: exited(killed_pid))  # as poll() sees it: the JVM's threads are gone
    after = real_lt.service.check(TEXT)  # the next check starts a new server
    assert after.backend == BACKEND_HARPER and after.starting
    real_lt.ready()
    assert real_lt.server.pid not in (None, killed_pid)
    again = real_lt.service.check(TEXT)
    assert again.backend == BACKEND_LT_LOCAL and again.error is None


def test_idle_server_stops_and_the_next_check_starts_it_again(real_lt) -> None:
    real_lt.ready()
    pid = real_lt.server.pid
    assert pid is not None
    real_lt.server.idle_seconds = 1.0  # as if the user set a short idle time in Settings
    assert wait_for(lambda: not alive(pid), timeout=15), "the idle server kept running"
    assert real_lt.server.pid is None
    status = real_lt.service.status()
    assert status.state is BackendState.READY  # stopped, not broken
    later = real_lt.service.check(TEXT)
    assert later.starting and later.backend == BACKEND_HARPER
    real_lt.server.idle_seconds = 600.0


EXIT_SCRIPT = textwrap.dedent(
    """
    import sys
    from rapport.grammar import service_from_settings
    from rapport.settings import Settings

    settings = Settings(grammar_backend="local", languagetool_dir=sys.argv[1])
    service = service_from_settings(settings, env={})
    assert service.wait_ready(float(sys.argv[2])), service.status().message
    result = service.check("He go to the office.")
    print(service.server.pid, result.backend, flush=True)
    # No stop() here: quitting must stop the server (atexit).
    """
)


def test_quitting_stops_the_server(tmp_path: Path) -> None:
    if not JAR_DIR:
        pytest.fail("RAPPORT_REQUIRE_LANGUAGETOOL=1 but LTP_JAR_DIR_PATH is not set")
    environment = {
        **os.environ,
        "RAPPORT_DATA_DIR": str(tmp_path / "data"),
        "RAPPORT_CONFIG_DIR": str(tmp_path / "config"),
    }
    completed = subprocess.run(
        [sys.executable, "-c", EXIT_SCRIPT, JAR_DIR, str(START_TIMEOUT)],
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT + 60,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    pid_text, backend = completed.stdout.split()
    assert backend == BACKEND_LT_LOCAL
    pid = int(pid_text)
    assert wait_for(lambda: not alive(pid), timeout=10), f"java {pid} outlived Rapport"


def test_a_port_taken_before_java_binds_it_is_replaced(tmp_path: Path, monkeypatch) -> None:
    """The port is chosen free, then another program takes it: Java stops at once
    (PortBindingException) and Rapport starts it again on another port."""
    import socket

    from rapport.grammar import local_server, lt_process

    if not JAR_DIR:
        pytest.fail("RAPPORT_REQUIRE_LANGUAGETOOL=1 but LTP_JAR_DIR_PATH is not set")
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        choices = [taken]
        monkeypatch.setattr(
            local_server, "free_port", lambda: choices.pop(0) if choices else lt_process.free_port()
        )
        server = LocalLanguageToolServer(languagetool_dir=JAR_DIR, data_dir=tmp_path)
        try:
            with pytest.raises(BackendUnavailable):
                server.url()
            assert server.wait_ready(START_TIMEOUT), server.status().message
            url = server.url()
            assert not url.endswith(f":{taken}") and server.starts == 2
            assert raw_matches(url, "Thanks for teh call.")  # it is LanguageTool answering
        finally:
            pid = server.pid
            server.close()
            assert pid is None or wait_for(lambda: not alive(pid)), f"{pid} outlived close()"

"""`rapport check --grammar`: findings, the backend's name, and honest failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_languagetool import FakeLanguageTool

from rapport.cli import main
from rapport.settings import Settings, save_settings

EMAIL = "Hi Laura,\n\nThanks 🙂 for teh call 👍👍 👍 today! you was right about Zorblat.\n"


@pytest.fixture
def email(tmp_path: Path) -> Path:
    path = tmp_path / "email.txt"
    path.write_text(EMAIL, encoding="utf-8")
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def language_findings(record: dict) -> list[tuple[str, str, str]]:
    return [
        (item["category"], item["rule"], EMAIL[item["start"] : item["end"]])
        for item in record["findings"]
        if item["category"] in {"grammar", "spelling", "style"}
    ]


#: What Harper finds in EMAIL, offline (Laura and Zorblat are names, so not flagged).
HARPER_FINDINGS = [
    ("spelling", "harper:The", "teh"),
    ("grammar", "harper:SentenceCapitalization", "you"),
    ("grammar", "harper:PronounInflectionBe", "was"),
]


def test_offline_json_names_harper_and_keeps_the_offset_contract(
    email: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", "--grammar", "--json", str(email)], capsys)
    assert code == 0, err
    record = json.loads(out)
    assert record["grammar_backend"] == "harper"
    assert "grammar_error" not in record
    # The offsets are code points: the emoji before each finding count one each.
    assert language_findings(record) == HARPER_FINDINGS
    (teh,) = [item for item in record["findings"] if item["rule"] == "harper:The"]
    assert teh["suggestions"][0] == "the"


def test_offline_human_output_names_harper(email: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["check", "--grammar", str(email)], capsys)
    assert code == 0
    assert "grammar: Make the verb agree with its subject." in out
    assert "    try: were" in out
    assert "grammar: Harper (offline grammar and spelling) (backend: harper)" in out


def test_without_harper_the_word_list_still_answers(email: Path, tmp_path: Path) -> None:
    """A Harper that cannot load (here: not importable) leaves offline spelling working."""
    script = (
        "import sys; sys.modules['harper'] = None\n"  # 'import harper' raises ImportError
        "from rapport.cli import main\n"
        f"sys.exit(main(['check', '--grammar', '--json', {str(email)!r}]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr.decode()
    record = json.loads(completed.stdout)
    assert record["grammar_backend"] == "offline-spelling"
    assert "Harper could not be loaded" in record["grammar_error"]
    assert language_findings(record) == [("spelling", "unknown-word", "teh")]
    (teh,) = [item for item in record["findings"] if item["rule"] == "unknown-word"]
    assert teh["suggestions"][0] == "the"
    assert "Used offline-spelling instead." in completed.stderr.decode()


def test_human_output_shows_what_to_fix_before_sending_apart_from_the_score(
    email: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["check", "--grammar", str(email)], capsys)
    assert code == 0
    score_line = out.index(f"{email}: score ")
    assert "    before you send: 1 spelling, 2 grammar" in out[score_line:]


def test_without_the_flag_there_are_no_language_findings(
    email: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, _err = run(["check", "--json", str(email)], capsys)
    record = json.loads(out)
    assert "grammar_backend" not in record and language_findings(record) == []


def test_server_url_from_the_environment(
    email: Path,
    fake_lt: FakeLanguageTool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RAPPORT_LANGUAGETOOL_URL", fake_lt.url)
    code, out, err = run(["check", "--grammar", "--json", str(email)], capsys)
    assert code == 0, err
    record = json.loads(out)
    assert record["grammar_backend"] == "languagetool-server"
    assert language_findings(record) == [
        ("spelling", "languagetool:MORFOLOGIK_RULE_EN_US", "teh"),
        ("style", "languagetool:EMOJI_REPEAT", "👍👍 👍"),
        ("grammar", "languagetool:YOU_WAS", "you was"),
    ]
    code, out, _err = run(["check", "--grammar", str(email)], capsys)
    assert f"grammar: LanguageTool server at {fake_lt.url} (backend: languagetool-server)" in out
    assert "style: Several thumbs-up read as shouting." in out


def test_a_failing_server_is_reported_and_harper_answers(
    email: Path,
    fake_lt: FakeLanguageTool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RAPPORT_LANGUAGETOOL_URL", fake_lt.url)
    fake_lt.set_mode("error")
    code, out, err = run(["check", "--grammar", "--json", str(email)], capsys)
    assert code == 0
    record = json.loads(out)
    assert record["grammar_backend"] == "harper"
    assert "answered with an error" in record["grammar_error"]
    assert language_findings(record) == HARPER_FINDINGS
    assert "rapport: warning: LanguageTool server at" in err
    assert "Used harper instead." in err
    assert record["score"] >= 0  # the customer-focus report is still there


def test_an_unreachable_server_is_reported_in_human_output(
    email: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeLanguageTool().start()
    url = fake.url
    fake.stop()  # nothing listens there any more
    monkeypatch.setenv("RAPPORT_LANGUAGETOOL_URL", url)
    code, out, err = run(["check", "--grammar", str(email)], capsys)
    assert code == 0
    assert "grammar: Harper (offline grammar and spelling) (backend: harper)" in out
    assert f"grammar: LanguageTool server at {url} is not reachable" in out
    assert "is not reachable" in err


def test_settings_choose_the_backend(
    email: Path,
    fake_lt: FakeLanguageTool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save_settings(Settings(grammar_backend="server", languagetool_url=fake_lt.url))
    _code, out, _err = run(["check", "--grammar", "--json", str(email)], capsys)
    assert json.loads(out)["grammar_backend"] == "languagetool-server"
    save_settings(Settings(grammar_backend="off"))
    _code, out, _err = run(["check", "--grammar", "--json", str(email)], capsys)
    record = json.loads(out)
    assert record["grammar_backend"] == "off" and language_findings(record) == []


def test_several_inputs_share_one_backend(
    email: Path, fake_lt: FakeLanguageTool, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAPPORT_LANGUAGETOOL_URL", fake_lt.url)
    code, out, _err = run(["check", "--grammar", "--json", str(email), str(email)], capsys)
    assert code == 0
    assert [json.loads(line)["grammar_backend"] for line in out.splitlines()] == [
        "languagetool-server"
    ] * 2


def test_as_a_process_with_stdin(fake_lt: FakeLanguageTool, tmp_path: Path) -> None:
    env = dict(os.environ, RAPPORT_LANGUAGETOOL_URL=fake_lt.url)
    completed = subprocess.run(
        [sys.executable, "-m", "rapport", "check", "--grammar", "--json", "-"],
        input=EMAIL.encode("utf-8"),
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    record = json.loads(completed.stdout)
    assert record["grammar_backend"] == "languagetool-server"
    assert ("grammar", "languagetool:YOU_WAS", "you was") in language_findings(record)


def test_local_languagetool_missing_is_reported_and_harper_answers(
    email: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-java-here"))
    save_settings(Settings(grammar_backend="local"))
    try:
        code, out, err = run(["check", "--grammar", "--json", str(email)], capsys)
    finally:
        from rapport.grammar.local_server import stop_all_local_servers

        stop_all_local_servers()
    assert code == 0
    record = json.loads(out)
    assert record["grammar_backend"] == "harper"
    assert "Install Java 17" in record["grammar_error"]
    assert language_findings(record) == HARPER_FINDINGS
    assert err.count("Install Java 17") == 1


def test_a_trickling_server_cannot_hold_up_the_command(
    email: Path, fake_lt: FakeLanguageTool, tmp_path: Path
) -> None:
    """One byte every 2 s: each read is quick, the answer never ends; the check's deadline does."""
    from rapport.grammar.languagetool import DEFAULT_TIMEOUT

    second = tmp_path / "second.txt"
    second.write_text(EMAIL, encoding="utf-8")
    fake_lt.set_mode("trickle", delay=2.0)
    env = dict(os.environ, RAPPORT_LANGUAGETOOL_URL=fake_lt.url)
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "rapport", "check", "--grammar", "--json", str(email), str(second)],
        capture_output=True,
        env=env,
        timeout=DEFAULT_TIMEOUT * 6,  # on main it waited for ever
        check=False,
    )
    took = time.monotonic() - started
    assert completed.returncode == 0, completed.stderr.decode()
    records = [json.loads(line) for line in completed.stdout.decode().splitlines()]
    assert [record["grammar_backend"] for record in records] == ["harper"] * 2
    assert all("did not answer in time" in record["grammar_error"] for record in records)
    assert language_findings(records[0]) == HARPER_FINDINGS
    # The second input did not wait out a deadline of its own.
    assert took < DEFAULT_TIMEOUT * 1.8

"""`rapport check`: its flags, JSON Lines contract and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rapport.cli import main

SEED = "Hi.\n\nHere's my product. Want to buy some?"
GOOD = (
    "Hi Laura,\n\nI'd love to hear how the launch went. You mentioned the reports take "
    "your team two days; would it help to look at them together on Thursday?\n\nBest,\nDan"
)


@pytest.fixture
def emails(tmp_path: Path) -> dict[str, Path]:
    files = {
        "seed": tmp_path / "seed.txt",
        "good": tmp_path / "good.txt",
        "emoji": tmp_path / "emoji.txt",
    }
    files["seed"].write_text(SEED, encoding="utf-8")
    files["good"].write_text(GOOD, encoding="utf-8")
    files["emoji"].write_text(
        "Hi 👋🏽 Ana,\n\n🎉🎉 We are the #1 agency. Buy now!", encoding="utf-8"
    )
    return files


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_lines_one_object_per_input_in_order(emails, capsys) -> None:
    code, out, err = run(["check", "--json", str(emails["seed"]), str(emails["good"])], capsys)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["path"] == str(emails["seed"]) and second["path"] == str(emails["good"])
    assert set(first) >= {"path", "score", "metrics", "findings"}
    assert first["score"] < second["score"]
    for finding in first["findings"]:
        assert set(finding) == {"rule", "category", "start", "end", "message", "suggestions"}
    assert {f["category"] for f in first["findings"]} >= {
        "self-centered",
        "pushy",
        "impersonal",
        "no-question",
    }
    assert {"words", "sentences", "reader_questions", "you_me_ratio", "reading_grade"} <= set(
        first["metrics"]
    )


def test_json_offsets_are_python_indices_into_the_decoded_text(emails, capsys) -> None:
    _, out, _ = run(["check", "--json", str(emails["emoji"])], capsys)
    record = json.loads(out)
    text = emails["emoji"].read_text(encoding="utf-8")
    spans = {f["category"]: text[f["start"] : f["end"]] for f in record["findings"]}
    assert spans["pushy"] == "Buy now!"
    assert spans["self-centered"] == "🎉🎉 We are the #1 agency."


def test_human_output_has_line_column_category_sentence_and_breakdown(emails, capsys) -> None:
    code, out, _ = run(["check", str(emails["seed"])], capsys)
    assert code == 0
    assert f"{emails['seed']}:3:1: self-centered:" in out
    assert f"{emails['seed']}:3:20: pushy:" in out
    assert "> Want to buy some?" in out
    assert "score" in out and "Customer focus" in out and "target:" in out


def test_fail_under(emails, capsys) -> None:
    assert run(["check", "--fail-under", "40", str(emails["seed"])], capsys)[0] == 1
    assert run(["check", "--fail-under", "40", str(emails["good"])], capsys)[0] == 0


def test_fail_under_names_each_file_below_the_threshold_on_stderr(emails, capsys) -> None:
    seed, good = str(emails["seed"]), str(emails["good"])
    code, out, err = run(["check", "--json", "--fail-under", "40", seed, good], capsys)
    assert code == 1
    scores = {json.loads(line)["path"]: json.loads(line)["score"] for line in out.splitlines()}
    assert f"rapport: {seed}: score {scores[seed]}/100 is below --fail-under 40" in err
    assert good not in err
    code, _, err = run(["check", "--fail-under", "40", good], capsys)
    assert code == 0 and err == ""


@pytest.mark.parametrize(
    "bad",
    [
        ["check"],
        ["check", "--fail-under", "abc", "x"],
        ["check", "--fail-under", "101", "x"],
        ["check", "--nope", "x"],
    ],
)
def test_usage_errors_exit_2(bad: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(bad)
    assert exit_info.value.code == 2


def test_unreadable_and_non_utf8_files_are_named_and_others_still_checked(
    tmp_path: Path, emails, capsys
) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Café crème".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    code, out, err = run(
        ["check", "--json", str(latin1), str(missing), str(tmp_path), str(emails["good"])], capsys
    )
    assert code == 2
    records = [json.loads(line) for line in out.strip().splitlines()]
    assert [r["path"] for r in records] == [
        str(latin1),
        str(missing),
        str(tmp_path),
        str(emails["good"]),
    ]
    assert "error" in records[0] and "score" in records[3]
    assert len(err.strip().splitlines()) == 3
    assert "latin1.txt: is not UTF-8" in err and "missing.txt" in err


def test_stdin_and_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rapport", "check", "--json", "-"],
        input=SEED.encode(),
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["path"] == "-" and record["score"] < 40


def test_binary_junk_is_checked_without_crashing(tmp_path: Path, capsys) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(0, 128)) * 50)
    code, out, _ = run(["check", "--json", str(junk)], capsys)
    assert code == 0 and "score" in json.loads(out)


def test_broken_user_pack_warns_and_check_still_runs(emails, capsys) -> None:
    from rapport import paths

    folder = paths.user_rules_dir()
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("[pack\nid=1")
    code, out, err = run(["check", "--json", str(emails["seed"])], capsys)
    assert code == 0
    assert "broken.toml:1" in err
    assert json.loads(out)["findings"]


def test_human_breakdown_shows_points_as_the_json_does(tmp_path: Path, capsys) -> None:
    # One self-centered sentence in two: partial points, with a long fraction inside.
    email = tmp_path / "mixed.txt"
    email.write_text(
        "Hi Laura,\n\nWe are the leading agency in town. How did the launch go?\n\nBest,\nDan",
        encoding="utf-8",
    )
    _, out, _ = run(["check", str(email)], capsys)
    _, as_json, _ = run(["check", "--json", str(email)], capsys)
    for item in json.loads(as_json)["breakdown"]:
        line = next(line for line in out.splitlines() if line.strip().startswith(item["label"]))
        assert f" {item['points']:g}/{item['max_points']:g} " in line

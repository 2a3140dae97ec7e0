"""Rule packs are data: loading, user packs, broken packs."""

from __future__ import annotations

from pathlib import Path

from rapport import paths
from rapport.analysis import DocumentAnalyzer, analyze
from rapport.analysis.rules import load_rule_set

USER_PACK = """
[pack]
id = "my-words"
language = "en"

[[rule]]
id = "no-synergy"
category = "self-centered"
match = "phrases"
phrases = ["paradigm shift"]
message = "Jargon about your own plans; say what it means for them."
"""


def test_shipped_english_pack_loads_cleanly() -> None:
    rule_set = load_rule_set("en")
    assert rule_set.errors == ()
    assert sorted(pack.id for pack in rule_set.packs) == ["en-core", "en-wording"]
    assert len(rule_set.wording_weights) > 100
    assert {rule.category for rule in rule_set.rules} == {
        "self-centered",
        "product-dump",
        "pushy",
        "impersonal",  # placeholders left in the text
    }


def test_every_rule_has_a_message_and_every_email_check_exists() -> None:
    rule_set = load_rule_set("en")
    for rule in rule_set.rules:
        assert len(rule.message.split()) >= 12, rule.id
    assert set(rule_set.email_checks) == {
        "greeting-missing",
        "greeting-generic",
        "greeting-template",
        "no-question",
        "too-short",
        "too-long",
        "reading-grade",
        "reply-unanswered",
        "reply-concern-ignored",
        "reply-out-of-proportion",
    }


def _write_user_pack(name: str, text: str) -> Path:
    folder = paths.user_rules_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_pack_adds_a_rule() -> None:
    _write_user_pack("mine.toml", USER_PACK)
    report = analyze("Hi Ana,\n\nThis brings a real paradigm shift.\n\nHow are you?")
    # The shipped "jargon" rule matches the sentence too: the writer's own rule names it.
    assert any(f.rule == "no-synergy" for f in report.findings)


def test_broken_toml_names_file_and_line_and_others_still_load() -> None:
    path = _write_user_pack("broken.toml", '[pack]\nid = "x"\nlanguage = "en"\nphrases = [\n')
    rule_set = load_rule_set("en")
    assert sorted(pack.id for pack in rule_set.packs) == ["en-core", "en-wording"]
    (error,) = rule_set.errors
    assert str(path) in str(error) and error.line == 5


def test_bad_rule_is_dropped_with_its_line_and_the_rest_of_the_pack_loads() -> None:
    text = (
        USER_PACK
        + """
[[rule]]
id = "bad-regex"
category = "pushy"
match = "patterns"
patterns = ["(unclosed"]
message = "Whatever."

[[rule]]
id = "bad-category"
category = "rude"
phrases = ["x"]
message = "Whatever."
"""
    )
    path = _write_user_pack("partly.toml", text)
    rule_set = load_rule_set("en")
    ids = {rule.id for rule in rule_set.rules}
    assert "no-synergy" in ids and "bad-regex" not in ids and "bad-category" not in ids
    messages = {error.line: error.message for error in rule_set.errors}
    lines = path.read_text().splitlines()
    for line_number, message in messages.items():
        assert error_matches_line(lines, line_number, message)
    assert any("regular expression" in m for m in messages.values())
    assert any("category 'rude'" in m for m in messages.values())


def error_matches_line(lines: list[str], line_number: int, message: str) -> bool:
    return line_number is not None and lines[line_number - 1].startswith("id = ")


def test_disabled_pack_and_rule() -> None:
    from rapport.analysis import AnalysisSettings

    text = "Hi Ana,\n\nWant to buy some?\n\nHow are you?"
    assert any(f.category == "pushy" for f in analyze(text).findings)
    settings = AnalysisSettings(disabled_rules=frozenset({"pushy-close"}))
    assert not any(f.category == "pushy" for f in analyze(text, settings).findings)
    no_packs = DocumentAnalyzer(AnalysisSettings(disabled_packs=frozenset({"en-core"})))
    assert no_packs.analyze(text).findings == ()


def test_unreadable_pack_is_reported(tmp_path: Path) -> None:
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00junk")
    rule_set = load_rule_set("en", directories=[paths.resource_path("rules"), tmp_path])
    assert len(rule_set.errors) == 1 and "bin.toml" in str(rule_set.errors[0])
    assert rule_set.rules

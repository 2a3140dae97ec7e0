"""Misspelled pack keys are errors with file and line; the score's points add up to 100."""

from __future__ import annotations

from pathlib import Path

from rapport import paths
from rapport.analysis import AnalysisSettings, DocumentAnalyzer
from rapport.analysis.rules import load_rule_set

TYPOS = """\
[pack]
id = "en-typos"
language = "en"

[lexicon]
self_wrds = ["we"]

[thresholds]
word_max = 90

[score]
focsu = 65

[metric.focus]
lable = "Focus"
"""


def _errors(tmp_path: Path, text: str) -> dict[str, str]:
    (tmp_path / "typos.toml").write_text(text, encoding="utf-8")
    rule_set = load_rule_set("en", directories=[paths.resource_path("rules"), tmp_path])
    return {str(error).split(": ", 1)[0]: str(error) for error in rule_set.errors}


def test_misspelled_keys_are_errors_naming_file_line_and_the_key_meant(tmp_path: Path) -> None:
    errors = _errors(tmp_path, TYPOS)
    path = tmp_path / "typos.toml"
    assert set(errors) == {f"rule pack {path}:{line}" for line in (6, 9, 12, 15)}
    assert "'self_wrds'" in errors[f"rule pack {path}:6"]
    assert "did you mean 'self_words'?" in errors[f"rule pack {path}:6"]
    assert "did you mean 'words_max'?" in errors[f"rule pack {path}:9"]
    assert "did you mean 'focus'?" in errors[f"rule pack {path}:12"]
    assert "did you mean 'label'?" in errors[f"rule pack {path}:15"]


def test_a_misspelled_threshold_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "typos.toml").write_text(TYPOS, encoding="utf-8")
    rule_set = load_rule_set("en", directories=[paths.resource_path("rules"), tmp_path])
    assert "word_max" not in rule_set.thresholds and "focsu" not in rule_set.score
    assert "self_wrds" not in rule_set.lexicon
    assert rule_set.metric_text("focus", "label") == "Customer focus"


def test_points_that_do_not_add_up_to_100_are_an_error_and_scaled(tmp_path: Path) -> None:
    pack = '[pack]\nid = "heavy"\nlanguage = "en"\n\n[score]\nfocus = 100\n'
    errors = _errors(tmp_path, pack)
    error = errors[f"rule pack {tmp_path / 'typos.toml'}:5"]
    assert "add up to 138, not 100" in error  # en.toml's 100, less its focus 62, plus 100
    rule_set = load_rule_set("en", directories=[paths.resource_path("rules"), tmp_path])
    text = "Hi Laura,\n\nHow did the launch go? " + "Your team did well. " * 10 + "\n\nBest,\nSam"
    report = DocumentAnalyzer(AnalysisSettings(), rule_set).analyze(text)
    earned = sum(item.points for item in report.breakdown)
    assert sum(item.max_points for item in report.breakdown) == 138
    assert report.score == round(earned * 100 / 138) <= 100


def test_the_shipped_pack_has_no_errors_and_its_points_add_up_to_100() -> None:
    rule_set = load_rule_set("en")
    assert rule_set.errors == ()
    assert sum(rule_set.points().values()) == 100


def test_every_lexicon_list_the_code_reads_is_a_known_key() -> None:
    import re

    from rapport.analysis.pack_keys import LEXICON_KEYS

    source = Path(paths.__file__).parent
    read = set()
    for module in source.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        read |= set(re.findall(r"""(?:words|pairs)(?:\.get)?\(\s*["']([a-z_]+)["']""", text))
    assert read, "the scan found nothing: the pattern no longer matches the code"
    assert read - LEXICON_KEYS == set()


def test_every_shipped_rule_and_check_has_a_name_for_people() -> None:
    rule_set = load_rule_set("en")
    unnamed = [rule.id for rule in rule_set.rules if not rule.name]
    unnamed += [check_id for check_id, check in rule_set.email_checks.items() if not check.name]
    assert not unnamed


ABC_RULE = """\
[pack]
id = "en-abc"
language = "en"

[[rule]]
id = "abc"
name = "ABC"
category = "self-centered"
match = "patterns"
patterns = ['(?i)abc', 'xyz']
message = "Say it about them."
"""


def test_patterns_valid_alone_but_not_together_are_an_error_not_a_crash(tmp_path: Path) -> None:
    # A global flag is fine at the start of one pattern, but the matcher joins a
    # rule's patterns into one expression, where Python refuses it.
    errors = _errors(tmp_path, ABC_RULE)
    assert any("cannot be used together" in error for error in errors.values()), errors
    rule_set = load_rule_set("en", directories=[paths.resource_path("rules"), tmp_path])
    assert "abc" not in {rule.id for rule in rule_set.rules}
    report = DocumentAnalyzer(AnalysisSettings(), rule_set).analyze("Hi Laura,\n\nWe are the best.")
    assert any(finding.category == "self-centered" for finding in report.findings)

"""Rule packs: TOML files of phrases, patterns, thresholds and score weights.

Rules are data. The shipped packs live in ``resources/rules/``; a user may add
packs in ``<config dir>/rules/``. A broken pack is reported with its file and
line, and every other pack still loads.

A pack looks like::

    [pack]
    id = "en-core"
    name = "English: customer focus"
    language = "en"

    [lexicon]            # word and phrase lists the engine's checks use
    reader_words = ["you", "your"]

    [thresholds]         # targets (words_min, grade_max, ...)
    [score]              # points per metric

    [[rule]]
    id = "pushy-urgency"
    category = "pushy"
    match = "phrases"    # phrases | patterns | self-subject | feature-list
    phrases = ["act now"]
    message = "Why it matters to the reader, and what to do instead."
    suggestions = ["A concrete rewrite."]
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapport import paths
from rapport.analysis.model import IN_PLACE_CATEGORIES

MATCH_KINDS = ("phrases", "patterns", "self-subject", "feature-list")
_RULE_KEYS = {
    "id",
    "category",
    "match",
    "message",
    "suggestions",
    "phrases",
    "patterns",
    "needs_self",
    "skip_if_reader",
    "skip_if_exempt",
    "questions_only",
    "triggers",
    "only_if_unflagged",
    "skip_if_reader_topic",
    "skip_if_warm",
    "skip_questions",
    "anchored",
}

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")
_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class PackError:
    """A problem in one rule pack, located by file and line."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"rule pack {where}: {self.message}"


@dataclass(frozen=True)
class RuleSpec:
    """One sentence-level rule as written in a pack."""

    id: str
    category: str
    match: str
    message: str
    suggestions: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    #: Only flag a sentence that mentions the writer (I, we, our...).
    needs_self: bool = False
    #: Do not flag a sentence that also talks to the reader (you, your...).
    skip_if_reader: bool = False
    #: Do not flag thanks, apologies, logistics and other exempt sentences.
    skip_if_exempt: bool = False
    #: Only flag questions.
    questions_only: bool = False
    #: For match = "patterns": words that must occur before the patterns are
    #: tried ("<digit>" = any digit). Empty: always tried.
    triggers: tuple[str, ...] = ()
    #: A general rule that yields when a more specific one already flagged the
    #: sentence, so one sentence is not underlined twice for the same fault.
    only_if_unflagged: bool = False
    #: Do not flag a sentence about the reader's own situation ("your team", "you
    #: mentioned"); unlike ``skip_if_reader``, "you" as an object or "your time"
    #: does not count.
    skip_if_reader_topic: bool = False
    #: Do not flag thanks, apologies and sympathy (the ``warm_phrases`` lexicon).
    skip_if_warm: bool = False
    #: Do not flag questions (a question about "we" usually asks the reader's view).
    skip_questions: bool = False
    #: For match = "patterns": the patterns must match where the sentence starts.
    anchored: bool = False
    pack: str = ""


@dataclass(frozen=True)
class EmailCheck:
    """The wording of one whole-email check (its logic lives in the engine)."""

    id: str
    category: str
    message: str
    suggestions: tuple[str, ...] = ()


#: The whole-email checks the engine knows how to run, by id.
EMAIL_CHECK_IDS = (
    "greeting-missing",
    "greeting-generic",
    "greeting-template",
    "no-question",
    "too-short",
    "too-long",
    "reading-grade",
)


@dataclass(frozen=True)
class RulePack:
    id: str
    name: str
    language: str
    path: Path
    description: str = ""
    rules: tuple[RuleSpec, ...] = ()
    lexicon: dict[str, list[str]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    score: dict[str, float] = field(default_factory=dict)
    email_checks: dict[str, EmailCheck] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSet:
    """All packs for one language, merged in load order (later packs win)."""

    language: str
    packs: tuple[RulePack, ...]
    errors: tuple[PackError, ...] = ()
    rules: tuple[RuleSpec, ...] = ()
    lexicon: dict[str, tuple[str, ...]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    score: dict[str, float] = field(default_factory=dict)
    email_checks: dict[str, EmailCheck] = field(default_factory=dict)

    def words(self, name: str) -> tuple[str, ...]:
        return self.lexicon.get(name, ())


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def parse_pack(path: Path, text: str) -> tuple[RulePack | None, list[PackError]]:
    """Parse and validate one pack. Bad rules are dropped with an error each."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        if found:
            line: int | None = int(found.group(1))
        elif "end of document" in str(error):
            line = text.count("\n") + 1
        else:
            line = None
        return None, [PackError(path, line, f"not valid TOML: {error}")]

    errors: list[PackError] = []
    header = data.get("pack")
    if not isinstance(header, dict) or not isinstance(header.get("id"), str):
        return None, [PackError(path, 1, "missing [pack] table with an 'id'")]
    language = header.get("language", "en")
    if not isinstance(language, str):
        return None, [PackError(path, _line_of(text, "language"), "'language' must be a string")]

    lexicon: dict[str, list[str]] = {}
    for name, value in (data.get("lexicon") or {}).items():
        if _string_list(value):
            lexicon[name] = value
        else:
            errors.append(
                PackError(path, _line_of(text, name), f"lexicon '{name}' must be a list of strings")
            )
    for name in [key for key in lexicon if key.endswith("_patterns")]:
        for pattern in lexicon.get(name, []):
            problem = _pattern_problem(pattern)
            if problem:
                errors.append(PackError(path, _line_of(text, pattern[:30]), problem))
                lexicon[name] = [p for p in lexicon[name] if p != pattern]

    thresholds = _number_table(data, "thresholds", path, text, errors)
    score = _number_table(data, "score", path, text, errors)

    rules: list[RuleSpec] = []
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        errors.append(PackError(path, _line_of(text, "rule"), "'rule' must be an array of tables"))
        raw_rules = []
    for index, raw in enumerate(raw_rules):
        rule, error = _parse_rule(raw, index, header["id"], path, text)
        if error:
            errors.append(error)
        if rule:
            rules.append(rule)

    email_checks = _parse_email_checks(data.get("email"), path, text, errors)

    pack = RulePack(
        id=header["id"],
        name=str(header.get("name", header["id"])),
        language=language,
        path=path,
        description=str(header.get("description", "")),
        rules=tuple(rules),
        lexicon=lexicon,
        thresholds=thresholds,
        score=score,
        email_checks=email_checks,
    )
    return pack, errors


def _parse_email_checks(
    raw: Any, path: Path, text: str, errors: list[PackError]
) -> dict[str, EmailCheck]:
    checks: dict[str, EmailCheck] = {}
    if raw is None:
        return checks
    if not isinstance(raw, dict):
        errors.append(PackError(path, _line_of(text, "[email"), "'email' must be a table"))
        return checks
    for check_id, table in raw.items():
        line = _line_of(text, f"[email.{check_id}]")
        if check_id not in EMAIL_CHECK_IDS:
            known = ", ".join(EMAIL_CHECK_IDS)
            errors.append(PackError(path, line, f"unknown email check {check_id!r} ({known})"))
            continue
        if not isinstance(table, dict) or not isinstance(table.get("message"), str):
            errors.append(PackError(path, line, f"email check {check_id!r} needs a 'message'"))
            continue
        category = table.get("category")
        if not isinstance(category, str):
            errors.append(PackError(path, line, f"email check {check_id!r} needs a 'category'"))
            continue
        suggestions = table.get("suggestions", [])
        if not _string_list(suggestions):
            errors.append(PackError(path, line, "'suggestions' must be a list of strings"))
            continue
        checks[check_id] = EmailCheck(
            check_id, category, " ".join(table["message"].split()), tuple(suggestions)
        )
    return checks


def _number_table(
    data: dict[str, Any], name: str, path: Path, text: str, errors: list[PackError]
) -> dict[str, float]:
    table: dict[str, float] = {}
    for key, value in (data.get(name) or {}).items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            table[key] = float(value)
        else:
            errors.append(PackError(path, _line_of(text, key), f"[{name}] {key} must be a number"))
    return table


def _pattern_problem(pattern: str) -> str | None:
    if _BACKREFERENCE.search(pattern):
        return f"pattern {pattern!r} uses a back-reference, which rule packs do not allow"
    try:
        re.compile(pattern)
    except re.error as error:
        return f"pattern {pattern!r} is not a valid regular expression: {error}"
    return None


def _parse_rule(
    raw: Any, index: int, pack_id: str, path: Path, text: str
) -> tuple[RuleSpec | None, PackError | None]:
    if not isinstance(raw, dict):
        return None, PackError(path, None, f"rule #{index + 1} is not a table")
    rule_id = raw.get("id")
    line = _line_of(text, f'"{rule_id}"') if isinstance(rule_id, str) else None
    if not isinstance(rule_id, str) or not rule_id:
        return None, PackError(path, line, f"rule #{index + 1} has no 'id'")

    def fail(message: str) -> tuple[None, PackError]:
        return None, PackError(path, line, f"rule '{rule_id}': {message}")

    unknown = set(raw) - _RULE_KEYS
    if unknown:
        return fail(f"unknown keys {sorted(unknown)}")
    category = raw.get("category")
    if category not in IN_PLACE_CATEGORIES:
        allowed = ", ".join(sorted(IN_PLACE_CATEGORIES))
        return fail(f"category {category!r} is not one of: {allowed}")
    match = raw.get("match", "phrases")
    if match not in MATCH_KINDS:
        return fail(f"match {match!r} is not one of: {', '.join(MATCH_KINDS)}")
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        return fail("needs a 'message' that tells the writer why it matters")
    for key in ("suggestions", "phrases", "patterns", "triggers"):
        if key in raw and not _string_list(raw[key]):
            return fail(f"'{key}' must be a list of strings")
    for key in (
        "needs_self",
        "skip_if_reader",
        "skip_if_exempt",
        "questions_only",
        "only_if_unflagged",
        "skip_if_reader_topic",
        "skip_if_warm",
        "skip_questions",
        "anchored",
    ):
        if key in raw and not isinstance(raw[key], bool):
            return fail(f"'{key}' must be true or false")
    patterns = tuple(raw.get("patterns", ()))
    for pattern in patterns:
        problem = _pattern_problem(pattern)
        if problem:
            return fail(problem)
    if match == "phrases" and not raw.get("phrases"):
        return fail("match = 'phrases' needs a non-empty 'phrases' list")
    if match == "patterns" and not patterns:
        return fail("match = 'patterns' needs a non-empty 'patterns' list")
    return (
        RuleSpec(
            id=rule_id,
            category=category,
            match=match,
            message=" ".join(message.split()),
            suggestions=tuple(raw.get("suggestions", ())),
            phrases=tuple(raw.get("phrases", ())),
            patterns=patterns,
            needs_self=raw.get("needs_self", False),
            skip_if_reader=raw.get("skip_if_reader", False),
            skip_if_exempt=raw.get("skip_if_exempt", False),
            questions_only=raw.get("questions_only", False),
            triggers=tuple(raw.get("triggers", ())),
            only_if_unflagged=raw.get("only_if_unflagged", False),
            skip_if_reader_topic=raw.get("skip_if_reader_topic", False),
            skip_if_warm=raw.get("skip_if_warm", False),
            skip_questions=raw.get("skip_questions", False),
            anchored=raw.get("anchored", False),
            pack=pack_id,
        ),
        None,
    )


def pack_files(directories: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for directory in directories:
        if directory.is_dir():
            files.extend(sorted(directory.glob("*.toml")))
    return files


def default_pack_dirs() -> list[Path]:
    """Shipped packs first, then the user's, so a user pack can override."""
    return [paths.resource_path("rules"), paths.user_rules_dir()]


def load_rule_set(
    language: str = "en",
    disabled_packs: Iterable[str] = (),
    directories: Iterable[Path] | None = None,
) -> RuleSet:
    """Load every pack for ``language``; broken packs become errors, not crashes."""
    disabled = set(disabled_packs)
    packs: list[RulePack] = []
    errors: list[PackError] = []
    for path in pack_files(default_pack_dirs() if directories is None else directories):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            errors.append(PackError(path, None, f"could not be read ({error})"))
            continue
        pack, pack_errors = parse_pack(path, text)
        errors.extend(pack_errors)
        if pack is None or pack.language != language:
            continue
        packs.append(pack)
    return merge_packs(language, packs, errors, disabled)


def merge_packs(
    language: str,
    packs: list[RulePack],
    errors: list[PackError],
    disabled: set[str] | None = None,
) -> RuleSet:
    disabled = disabled or set()
    rules: dict[str, RuleSpec] = {}
    lexicon: dict[str, list[str]] = {}
    thresholds: dict[str, float] = {}
    score: dict[str, float] = {}
    email_checks: dict[str, EmailCheck] = {}
    for pack in packs:
        if pack.id in disabled:
            continue
        for rule in pack.rules:
            rules[rule.id] = rule  # a later pack may redefine a rule by id
        for name, words in pack.lexicon.items():
            lexicon.setdefault(name, []).extend(words)
        thresholds.update(pack.thresholds)
        score.update(pack.score)
        email_checks.update(pack.email_checks)
    return RuleSet(
        language=language,
        packs=tuple(packs),
        errors=tuple(errors),
        rules=tuple(rules.values()),
        lexicon={name: tuple(dict.fromkeys(words)) for name, words in lexicon.items()},
        thresholds=thresholds,
        score=score,
        email_checks=email_checks,
    )

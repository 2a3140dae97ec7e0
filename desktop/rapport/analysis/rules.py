"""Rule packs: TOML files of phrases, patterns, thresholds and score weights.

Rules are data. The shipped packs live in ``resources/rules/``; a user may add
packs in ``<config dir>/rules/``. A broken pack is reported with its file and
line, and every other pack still loads.

A pack looks like::

    [pack]
    id = "en-core"
    name = "English: customer focus"
    language = "en"
    language_name = "English"   # what the settings dialog lists

    [lexicon]            # word and phrase lists the engine's checks use (LEXICON_KEYS)
    reader_words = ["you", "your"]

    [thresholds]         # targets (THRESHOLD_KEYS: words_min, grade_max, ...)
    [score]              # points per metric (METRIC_IDS); together 100

    [metric.focus]       # how the score's breakdown names and explains a metric
    label = "Customer focus"

    [wording]            # the wording metric's weights (made by a trainer, not by hand)
    bias = -0.26
    [wording.weights]
    "offer" = 0.7

    [[rule]]
    id = "pushy-urgency"
    category = "pushy"
    match = "phrases"    # phrases | patterns | self-subject | feature-list
    phrases = ["act now"]
    message = "Why it matters to the reader, and what to do instead."
    suggestions = ["A concrete rewrite."]
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from rapport import paths
from rapport.analysis.model import IN_PLACE_CATEGORIES
from rapport.analysis.pack_keys import (
    DEFAULT_POINTS,
    DEFAULT_THRESHOLDS,
    EMAIL_CHECK_IDS,
    LEXICON_KEYS,
    MATCH_KINDS,
    METRIC_IDS,
    METRIC_TEXT_KEYS,
    RULE_KEYS,
)
from rapport.analysis.pack_patterns import patterns_problem
from rapport.analysis.wording import parse_wording

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
    #: For match = "phrases": a phrase just after a negation ("not the best",
    #: the ``negation_words`` lexicon) does not count: modesty is not a boast.
    skip_if_negated: bool = False
    #: For match = "phrases" with ``skip_if_negated``: the phrase counts only as the
    #: writer's claim, with I/we/our shortly before it and no one else (the
    #: ``other_person_words`` lexicon) in between: "our platform is the best", not
    #: "we found the applicants outstanding" or "the first we have heard of it".
    claimed_by_self: bool = False
    #: For match = "self-subject": a sentence that tells what happened ("I placed an
    #: order on Monday", "we decided to pass") is context, not the writer selling
    #: themselves; one about what they made ("we built") still counts.
    skip_if_narrative: bool = False
    pack: str = ""
    #: What the settings dialog calls the rule ("Chasing a reply"); empty: its id in words.
    name: str = ""


#: RuleSpec's true-or-false keys ("skip_if_reader", ...), read from the class
#: itself so a new flag needs no second list here.
RULE_FLAGS: tuple[str, ...] = tuple(
    item.name for item in fields(RuleSpec) if item.type in ("bool", bool)
)


@dataclass(frozen=True)
class EmailCheck:
    """The wording of one whole-email check (its logic lives in the engine)."""

    id: str
    category: str
    message: str
    suggestions: tuple[str, ...] = ()
    #: What the settings dialog calls the check; empty: its id in words.
    name: str = ""


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
    #: Metric id -> its texts (label, value and target templates), from [metric.<id>].
    metric_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The language's own name ("English"), for the settings dialog.
    language_name: str = ""
    #: The line of the [score] table, for an error about the points' total.
    score_line: int | None = None
    #: The wording metric's weights per word, and its bias ([wording]); empty: none.
    wording_weights: dict[str, float] = field(default_factory=dict)
    wording_bias: float = 0.0


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
    metric_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Word -> weight for the wording metric, and its bias, from the last pack with them.
    wording_weights: dict[str, float] = field(default_factory=dict)
    wording_bias: float = 0.0
    #: What the engine builds from these rules (``CompiledRules.for_rule_set``), kept
    #: so that a new analyzer for the same rules does not build it again. Not copied
    #: by ``dataclasses.replace``: changed rules are compiled afresh.
    derived: dict[object, object] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def words(self, name: str) -> tuple[str, ...]:
        return self.lexicon.get(name, ())

    def points(self) -> dict[str, float]:
        """Points per metric: the defaults, with what the packs set. Without wording
        weights there is no wording metric, and no points for it."""
        return _points(self.score, bool(self.wording_weights))

    def metric_text(self, metric: str, key: str) -> str | None:
        return self.metric_texts.get(metric, {}).get(key)


def _points(score: dict[str, float], with_wording: bool) -> dict[str, float]:
    points = {**DEFAULT_POINTS, **score}
    if not with_wording:
        points.pop("wording", None)
    return points


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else None


def _line_in_table(text: str, table: str, key: str | None = None) -> int | None:
    """The line of ``[table]`` (or of ``key = …`` inside it), 1-based."""
    header = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\]", text, re.MULTILINE)
    if header is None:
        return _line_of(text, key) if key else None
    if key is None:
        return text.count("\n", 0, header.start()) + 1
    quoted = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    found = re.compile(rf"^[ \t]*{quoted}[ \t]*=", re.MULTILINE).search(text, header.end())
    if found is None:
        return text.count("\n", 0, header.start()) + 1
    return text.count("\n", 0, found.start()) + 1


def _unknown_key(path: Path, text: str, table: str, key: str, known: Iterable[str]) -> PackError:
    """A misspelled key: named with its line, the closest known key, and the known ones."""
    choices = sorted(known)
    close = difflib.get_close_matches(key, choices, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return PackError(
        path,
        _line_in_table(text, table, key),
        f"[{table}] has an unknown key {key!r}{hint}; it would be ignored. "
        f"Known keys: {', '.join(choices)}",
    )


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

    language_name = header.get("language_name", "")
    if not isinstance(language_name, str):
        errors.append(
            PackError(path, _line_of(text, "language_name"), "'language_name' must be a string")
        )
        language_name = ""

    lexicon: dict[str, list[str]] = {}
    for name, value in (data.get("lexicon") or {}).items():
        if name not in LEXICON_KEYS:
            errors.append(_unknown_key(path, text, "lexicon", name, LEXICON_KEYS))
        elif _string_list(value):
            lexicon[name] = value
        else:
            errors.append(
                PackError(
                    path,
                    _line_in_table(text, "lexicon", name),
                    f"lexicon '{name}' must be a list of strings",
                )
            )
    for name in [key for key in lexicon if key.endswith("_patterns")]:
        problem = patterns_problem(lexicon[name])
        if problem is None:
            continue
        broken = {p: patterns_problem([p]) for p in lexicon[name]}
        for pattern, own_problem in broken.items():
            if own_problem:
                errors.append(PackError(path, _line_of(text, pattern[:30]), own_problem))
        if any(broken.values()):
            lexicon[name] = [p for p in lexicon[name] if not broken[p]]
        else:  # each is fine alone, but not together: none of them can be used
            errors.append(PackError(path, _line_of(text, name), f"{name}: {problem}"))
            lexicon[name] = []

    thresholds = _number_table(data, "thresholds", DEFAULT_THRESHOLDS, path, text, errors)
    score = _number_table(data, "score", METRIC_IDS, path, text, errors)
    metric_texts = _parse_metric_texts(data.get("metric"), path, text, errors)

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
    wording_bias, wording_weights, wording_problem = parse_wording(data.get("wording"))
    if wording_problem:
        errors.append(PackError(path, _line_of(text, "[wording"), wording_problem))

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
        metric_texts=metric_texts,
        language_name=language_name,
        score_line=_line_in_table(text, "score") if "score" in data else None,
        wording_weights=wording_weights,
        wording_bias=wording_bias,
    )
    return pack, errors


def _parse_metric_texts(
    raw: Any, path: Path, text: str, errors: list[PackError]
) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    if raw is None:
        return texts
    if not isinstance(raw, dict):
        errors.append(PackError(path, _line_of(text, "[metric"), "'metric' must be a table"))
        return texts
    for metric, table in raw.items():
        where = f"metric.{metric}"
        if metric not in METRIC_IDS:
            errors.append(_unknown_key(path, text, "metric", metric, METRIC_IDS))
            continue
        if not isinstance(table, dict):
            errors.append(PackError(path, _line_of(text, where), f"[{where}] must be a table"))
            continue
        entry: dict[str, str] = {}
        for key, value in table.items():
            if key not in METRIC_TEXT_KEYS:
                errors.append(_unknown_key(path, text, where, key, METRIC_TEXT_KEYS))
            elif not isinstance(value, str):
                errors.append(
                    PackError(
                        path, _line_in_table(text, where, key), f"[{where}] {key} must be text"
                    )
                )
            else:
                entry[key] = " ".join(value.split())
        texts[metric] = entry
    return texts


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
        name = table.get("name", "")
        if not isinstance(name, str):
            errors.append(PackError(path, line, "'name' must be a string"))
            continue
        checks[check_id] = EmailCheck(
            check_id, category, " ".join(table["message"].split()), tuple(suggestions), name
        )
    return checks


def _number_table(
    data: dict[str, Any],
    name: str,
    known: Iterable[str],
    path: Path,
    text: str,
    errors: list[PackError],
) -> dict[str, float]:
    known = frozenset(known)
    table: dict[str, float] = {}
    raw = data.get(name) or {}
    if not isinstance(raw, dict):
        errors.append(PackError(path, _line_of(text, name), f"'{name}' must be a table"))
        return table
    for key, value in raw.items():
        if key not in known:
            errors.append(_unknown_key(path, text, name, key, known))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            table[key] = float(value)
        else:
            errors.append(
                PackError(path, _line_in_table(text, name, key), f"[{name}] {key} must be a number")
            )
    return table


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

    unknown = set(raw) - RULE_KEYS
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
    if not isinstance(raw.get("name", ""), str):
        return fail("'name' must be a string")
    for key in RULE_FLAGS:
        if key in raw and not isinstance(raw[key], bool):
            return fail(f"'{key}' must be true or false")
    patterns = tuple(raw.get("patterns", ()))
    problem = patterns_problem(patterns)
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
            triggers=tuple(raw.get("triggers", ())),
            pack=pack_id,
            **{key: raw.get(key, False) for key in RULE_FLAGS},
            name=raw.get("name", ""),
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
    errors = list(errors)
    rules: dict[str, RuleSpec] = {}
    lexicon: dict[str, list[str]] = {}
    thresholds: dict[str, float] = {}
    score: dict[str, float] = {}
    email_checks: dict[str, EmailCheck] = {}
    metric_texts: dict[str, dict[str, str]] = {}
    wording_weights: dict[str, float] = {}
    wording_bias = 0.0
    last_score: RulePack | None = None
    for pack in packs:
        if pack.id in disabled:
            continue
        if pack.score:
            last_score = pack
        for metric, texts in pack.metric_texts.items():
            metric_texts[metric] = {**metric_texts.get(metric, {}), **texts}
        for name, words in pack.lexicon.items():
            lexicon.setdefault(name, []).extend(words)
        thresholds.update(pack.thresholds)
        score.update(pack.score)
        email_checks.update(pack.email_checks)
        if pack.wording_weights:
            wording_weights, wording_bias = pack.wording_weights, pack.wording_bias
    # Later packs first: a later pack may redefine a rule by id, and a user's rule, not a
    # built-in one of its category, names a sentence both match.
    for pack in reversed(packs):
        if pack.id not in disabled:
            for rule in pack.rules:
                rules.setdefault(rule.id, rule)
    total = sum(_points(score, bool(wording_weights)).values())
    if last_score is not None and abs(total - 100.0) > 1e-6:
        problem = f"[score] points add up to {total:g}, not 100; scores are scaled until they do"
        errors.append(PackError(last_score.path, last_score.score_line, problem))
    return RuleSet(
        language=language,
        packs=tuple(packs),
        errors=tuple(errors),
        rules=tuple(rules.values()),
        lexicon={name: tuple(dict.fromkeys(words)) for name, words in lexicon.items()},
        thresholds=thresholds,
        score=score,
        email_checks=email_checks,
        metric_texts=metric_texts,
        wording_weights=wording_weights,
        wording_bias=wording_bias,
    )

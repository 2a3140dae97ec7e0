"""A rule's name and one-line description, for people (the settings dialog).

Rule packs give each rule an id, a name ("Chasing a reply") and a message; a rule
without a name is called by its id in words ("about-us" -> "About us"), and the
description is the message's first sentence
("This sentence praises you or your company."). Grammar rules that are not in
the packs ("harper:…", "languagetool:…") are named after their checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapport.analysis.rules import RuleSet

_CHECKERS = {"harper": "Harper", "languagetool": "LanguageTool"}
_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)")
_FIELD = re.compile(r"\{[a-z_]+\}")


@dataclass(frozen=True, slots=True)
class RuleDescription:
    id: str
    name: str
    description: str
    category: str = ""


def human_name(rule_id: str) -> str:
    checker, _, own = rule_id.partition(":")
    if own and checker in _CHECKERS:
        return f"{_CHECKERS[checker]}: {own.replace('_', ' ').strip()}"
    words = rule_id.replace("_", "-").split("-")
    return " ".join(words).strip().capitalize() or rule_id


def first_sentence(message: str) -> str:
    # A template's fields read as words: "{name} asked: “{their_words}”" -> "They asked: “…”".
    message = _FIELD.sub(lambda field: "They" if field.group(0) == "{name}" else "…", message)
    found = _FIRST_SENTENCE.match(" ".join(message.split()))
    return found.group(1) if found else message.strip()


def describe_rules(
    rule_set: RuleSet, also: list[str] | tuple[str, ...] = ()
) -> list[RuleDescription]:
    """Every rule of ``rule_set`` (sentence rules, then whole-email checks), then the
    ids in ``also`` that it does not hold (a grammar rule turned off, an old pack's)."""
    described: dict[str, RuleDescription] = {}
    for rule in rule_set.rules:
        described.setdefault(
            rule.id,
            RuleDescription(
                rule.id,
                rule.name or human_name(rule.id),
                first_sentence(rule.message),
                rule.category,
            ),
        )
    for check_id, check in rule_set.email_checks.items():
        described.setdefault(
            check_id,
            RuleDescription(
                check_id,
                check.name or human_name(check_id),
                first_sentence(check.message),
                check.category,
            ),
        )
    for rule_id in also:
        if rule_id not in described:
            checker = rule_id.partition(":")[0]
            description = (
                f"A {_CHECKERS[checker]} grammar or spelling rule."
                if checker in _CHECKERS
                else "Not in the current rule packs."
            )
            described[rule_id] = RuleDescription(rule_id, human_name(rule_id), description)
    return list(described.values())


def rule_name(rule_set: RuleSet, rule_id: str) -> str:
    """The name a person reads for ``rule_id``: the pack's, else the id in words."""
    for rule in rule_set.rules:
        if rule.id == rule_id and rule.name:
            return rule.name
    check = rule_set.email_checks.get(rule_id)
    if check is not None and check.name:
        return check.name
    return human_name(rule_id)


def pack_rule_names(rule_set: RuleSet) -> dict[str, str]:
    """Rule id -> the name its pack gives it, for the rules the packs define."""
    return {rule.id: rule.name for rule in rule_set.rules if rule.name}

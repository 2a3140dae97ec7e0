"""Quick fixes: the writer's own sentence rewritten, one fix for a bulleted list, and no
placeholder that can leave the app unmarked."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from rapport.analysis import IN_PLACE_CATEGORIES, Finding, analyze
from rapport.analysis.lists import list_question
from rapport.analysis.rewrite import Rewriter
from rapport.analysis.rules import load_rule_set

EMAILS = Path(__file__).parent / "labelled" / "emails.toml"
#: Anything a reader would take for a template gap.
BRACKETS = re.compile(r"\[[^\[\]\n]*\]|\{\{[^{}\n]*\}\}")


@pytest.fixture(scope="module")
def rewriter() -> Rewriter:
    return Rewriter.from_rule_set(load_rule_set("en"))


def _email(body: str) -> str:
    return f"Hi Ana,\n\n{body}\n\nBest,\nMax"


def _flagged(text: str, sentence: str) -> Finding:
    start = text.index(sentence)
    return next(
        f
        for f in analyze(text).findings
        if f.category in IN_PLACE_CATEGORIES and f.start <= start < f.end
    )


@pytest.mark.parametrize(
    ("written", "rewritten"),
    [
        (
            "Our platform offers real-time dashboards.",
            "You could see [your pipeline] in real time.",
        ),
        ("We'd love to show you a demo.", "Would a look at [what they asked about] help?"),
        # "I just wanted to" goes; what is left is asked of the reader.
        ("I just wanted to check whether the invoice arrived.", "Has the invoice arrived?"),
    ],
)
def test_the_issues_examples_are_rewritten_from_their_own_words(
    rewriter: Rewriter, written: str, rewritten: str
) -> None:
    assert rewriter.rewrite(written) == rewritten
    # The engine offers it as the first quick fix of the finding on that sentence.
    text = _email(written)
    assert _flagged(text, written).suggestions[0] == rewritten


@pytest.mark.parametrize(
    ("written", "rewritten"),
    [
        ("I wanted to let you know that the invoice is attached.", "The invoice is attached."),
        ("I just wanted to see if the new badges are ready.", "Are the new badges ready?"),
        ("We would love to show you how the scheduler works.",
         "Would a look at how the scheduler works help?"),
    ],
)  # fmt: skip
def test_other_sentences_of_the_same_shapes(
    rewriter: Rewriter, written: str, rewritten: str
) -> None:
    assert rewriter.rewrite(written) == rewritten


def test_where_no_good_rewrite_exists_the_message_gives_the_direction(
    rewriter: Rewriter,
) -> None:
    written = "We are the leading provider of award-winning CRM software."
    assert rewriter.rewrite(written) is None
    finding = _flagged(_email(written), written)
    # No canned line swapped in ("[Customer name] had the same problem…"): words instead.
    assert finding.suggestions == ()
    assert "show what it would change for them" in finding.message
    assert rewriter.rewrite("I just wanted to follow up on my last email.") is None


LIST_EMAIL = _email(
    "Our platform includes:\n- Real-time dashboards\n- Automated reporting\n"
    "- 50+ integrations\n- SSO and encryption\n\nHow is the quarter going?"
)


def test_a_bulleted_feature_list_is_one_finding_and_its_fix_replaces_the_list() -> None:
    findings = [f for f in analyze(LIST_EMAIL).findings if f.category == "product-dump"]
    (finding,) = findings
    assert LIST_EMAIL[finding.start : finding.end] == (
        "Our platform includes:\n- Real-time dashboards\n- Automated reporting\n"
        "- 50+ integrations\n- SSO and encryption"
    )
    (fix,) = finding.suggestions
    assert fix == (
        "Which of these would help you most right now: real-time dashboards, automated "
        "reporting, 50+ integrations or SSO and encryption?"
    )
    fixed = LIST_EMAIL[: finding.start] + fix + LIST_EMAIL[finding.end :]
    assert "- " not in fixed
    assert not [f for f in analyze(fixed).findings if f.category == "product-dump"]


def test_a_long_list_is_asked_about_in_a_few_items() -> None:
    question = list_question(["CRM", "Billing", "Payroll", "Inventory", "Chat"])
    assert (
        question
        == "Which of these would help you most right now: CRM, billing, payroll or something else?"
    )
    assert list_question(["Just one"]) is None


def test_a_placeholder_sentence_earns_no_customer_focus_points() -> None:
    filled = analyze(_email("How are things going with the Leeds pilot?"))
    template = analyze(_email("How are things going with [their project]?"))
    assert filled.metrics.reader_questions == 1
    assert template.metrics.reader_questions == 0
    assert template.metrics.flagged_sentences == 1
    assert any(f.rule == "placeholder" for f in template.findings)
    assert template.score < filled.score


def _bad_emails() -> list[tuple[str, str]]:
    pairs = tomllib.loads(EMAILS.read_text(encoding="utf-8"))["pair"]
    return [(pair["id"], pair["bad"].strip("\n")) for pair in pairs]


def _complete_sentence(text: str) -> bool:
    return (
        bool(re.fullmatch(r"[A-Z\"“].*[.?!]", text.strip(), re.DOTALL)) and len(text.split()) >= 3
    )


@pytest.mark.parametrize(("name", "email"), _bad_emails(), ids=[n for n, _ in _bad_emails()])
def test_every_quick_fix_leaves_a_marked_placeholder_or_a_complete_sentence(
    name: str, email: str
) -> None:
    offered = [
        (finding, fix)
        for finding in analyze(email).findings
        if finding.category in IN_PLACE_CATEGORIES
        for fix in finding.suggestions
    ]
    for finding, fix in offered:
        fixed = email[: finding.start] + fix + email[finding.end :]
        report = analyze(fixed)
        marked = [f for f in report.findings if f.rule in ("placeholder", "greeting-template")]
        # No unmarked placeholder can reach the clipboard: each one is a finding, which
        # is what Copy and Open in mail app ask about before anything leaves the app.
        for gap in BRACKETS.finditer(fixed):
            assert any(f.start <= gap.start() < f.end for f in marked), (name, fix, gap.group())
        if not BRACKETS.search(fix):
            assert _complete_sentence(fix), (name, finding.rule, fix)


def test_the_bad_emails_are_offered_fixes_of_both_kinds() -> None:
    """The check above is not empty: the labelled bad emails get fixes to apply, some
    with a placeholder for the writer and some that are whole sentences."""
    fixes = [
        fix
        for _, email in _bad_emails()
        for finding in analyze(email).findings
        if finding.category in IN_PLACE_CATEGORIES
        for fix in finding.suggestions
    ]
    print(f"quick fixes offered on the labelled bad emails: {len(fixes)}")
    assert any(BRACKETS.search(fix) for fix in fixes)
    assert any(not BRACKETS.search(fix) for fix in fixes)

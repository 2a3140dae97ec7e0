"""Replying to their email: does the reply answer what they asked, in their words?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rapport import cli
from rapport.analysis import DocumentAnalyzer
from rapport.analysis.reply import check_reply
from rapport.analysis.rules import load_rule_set
from rapport.analysis.their_email import read_their_email

FIXTURES = Path(__file__).parent.parent / "mail" / "fixtures"
THEIRS = (
    "Hi Sam,\n\nThanks for the demo. Can you send the pricing for 50 seats?\n"
    "I was wondering whether you support SSO with Okta.\n"
    "We're worried about the rollout: the last vendor burned us and it took four months.\n\n"
    "Best,\nLaura"
)


@pytest.fixture(scope="module")
def rule_set():
    return load_rule_set("en")


def reply(draft: str, rule_set, theirs: str = THEIRS):
    report = DocumentAnalyzer(rules=rule_set).analyze(draft)
    reading = read_their_email(theirs, rule_set)
    return check_reply(draft, report, reading, rule_set, "Laura Chen", ignore=("Laura", "Sam"))


def unanswered(checked) -> list[str]:
    return [f.rule for f in checked.findings if f.category == "unanswered"]


def test_a_reply_that_answers_everything_has_no_unanswered_finding(rule_set) -> None:
    draft = (
        "Hi Laura,\n\nPricing for 50 seats is $18 a seat a month. Okta SSO works out of the "
        "box. On the rollout: we'd start with one team for two weeks, so nothing like the "
        "last time can happen. Would that pace suit you?\n\nBest,\nSam"
    )
    checked = reply(draft, rule_set)
    assert unanswered(checked) == []
    assert checked.summary() == "Their questions answered: 2 of 2"
    line = next(item for item in checked.report.breakdown if item.metric == "answered")
    assert (line.label, line.value, line.points, line.max_points) == (
        "Their questions answered",
        "2 of 2",
        10,
        10,
    )


def test_a_skipped_question_is_quoted_in_their_words(rule_set) -> None:
    draft = (
        "Hi Laura,\n\nPricing for 50 seats is $18 a seat a month. On the rollout: we'd start "
        "with one team for two weeks. Would that pace suit you?\n\nBest,\nSam"
    )
    checked = reply(draft, rule_set)
    (finding,) = checked.findings
    assert finding.rule == "reply-unanswered" and finding.category == "unanswered"
    assert "Laura asked: \u201cI was wondering whether you support SSO with Okta.\u201d" in (
        finding.message
    )
    # A whole-email finding: the span covers the draft, as no-question's does.
    assert (finding.start, finding.end) == (0, len(draft.rstrip()))
    assert checked.summary() == "Their questions answered: 1 of 2"
    all_answered = reply(draft.replace("month.", "month. Okta SSO works too."), rule_set)
    assert all_answered.report.score > checked.report.score  # listening counts in the score


def test_an_indirect_question_answered_counts(rule_set) -> None:
    theirs = "Hi Sam,\nI was wondering whether you support single sign-on.\nLaura"
    answered = reply(
        "Hi Laura,\n\nYes: single sign-on works with Okta and Azure.\n\nSam", rule_set, theirs
    )
    assert answered.asked == 1 and answered.answered == 1
    ignored = reply("Hi Laura,\n\nHere is the contract for signature.\n\nSam", rule_set, theirs)
    assert unanswered(ignored) == ["reply-unanswered"]


def test_one_shared_word_in_a_pitch_is_no_answer(rule_set) -> None:
    theirs = "Hi Sam,\nCould you tell me how long the data migration from Salesforce takes?\nLaura"
    pitch = "Hi Laura,\n\nOur platform offers fast data dashboards and analytics.\n\nSam"
    assert unanswered(reply(pitch, rule_set, theirs)) == ["reply-unanswered"]


def test_pitching_past_a_stated_worry_is_flagged(rule_set) -> None:
    pitch = (
        "Hi Laura,\n\nPricing for 50 seats is $18 a seat, and Okta SSO works out of the box. "
        "We are the leading platform with 40 integrations, AI forecasting and award-winning "
        "support.\n\nBest,\nSam"
    )
    checked = reply(pitch, rule_set)
    (finding,) = [f for f in checked.findings if f.rule == "reply-concern-ignored"]
    assert "the last vendor burned us" in finding.message
    # The same reply without the pitch ignores the worry but does not pitch past it.
    plain = (
        "Hi Laura,\n\nFor your 50 seats it is $18 a seat, and yes, your team can sign in "
        "with Okta.\n\nBest,\nSam"
    )
    assert "reply-concern-ignored" not in unanswered(reply(plain, rule_set))


def test_a_reply_far_out_of_proportion_is_flagged(rule_set) -> None:
    theirs = "Hi Sam,\nDo you support SSO?\nLaura"
    sentence = "Single sign-on is supported for every plan and every identity provider you use. "
    long = "Hi Laura,\n\n" + sentence * 25 + "\n\nSam"
    assert "reply-out-of-proportion" in unanswered(reply(long, rule_set, theirs))
    short = "Hi Laura,\n\nYes, SSO works with every plan. Which provider do you use?\n\nSam"
    assert unanswered(reply(short, rule_set, theirs)) == []


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_reply_to_in_human_and_json_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "reply.txt"
    text = "Hi Laura,\n\nPricing for 50 seats is $18 a seat a month.\n\nBest,\nSam\n"
    draft.write_text(text, encoding="utf-8")
    theirs = str(FIXTURES / "apple_mail.eml")
    code, out, err = run(capsys, "check", "--reply-to", theirs, str(draft))
    assert code == 0, err
    assert "unanswered: Laura asked: \u201cI was wondering whether you support SSO" in out
    assert "Their questions answered: 1 of 2" in out
    assert "Their questions answered    5/10   1 of 2" in out
    code, out, _ = run(capsys, "check", "--json", "--reply-to", theirs, str(draft))
    record = json.loads(out)
    assert record["reply_to"]["questions_asked"] == 2
    assert record["reply_to"]["questions_answered"] == 1
    assert record["reply_to"]["from"] == "Laura Chen <laura.chen@northwind.example>"
    for finding in record["findings"]:
        assert 0 <= finding["start"] <= finding["end"] <= len(text)  # spans index the draft
    assert any(f["category"] == "unanswered" for f in record["findings"])
    # Not replying: no reply line in the breakdown, no reply_to object.
    code, out, _ = run(capsys, "check", "--json", str(draft))
    record = json.loads(out)
    assert "reply_to" not in record
    assert all(item["metric"] != "answered" for item in record["breakdown"])


def test_check_reply_to_an_unreadable_email_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    draft = tmp_path / "reply.txt"
    draft.write_text("Hi Laura,\n\nThanks.\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--reply-to", str(tmp_path / "nope.eml"), str(draft))
    assert code == 2 and "nope.eml" in err
    pasted = tmp_path / "theirs.txt"
    pasted.write_bytes("Hi Sam,\nCould you send the caf\xe9 menu?\nLaura\n".encode("cp1252"))
    code, out, err = run(capsys, "check", "--reply-to", str(pasted), str(draft))
    assert code == 0, err
    assert "Could you send the café menu?" in out


def test_an_email_that_asks_nothing_adds_no_question_line(rule_set) -> None:
    theirs = "Hi Sam,\nThanks, the contract arrived and looks good.\nLaura"
    checked = reply(
        "Hi Laura,\n\nGreat to hear. How is the team settling in?\n\nSam", rule_set, theirs
    )
    assert checked.findings == ()
    assert checked.summary() == "Their questions answered: they asked nothing that needs an answer"
    assert all(item.metric != "answered" for item in checked.report.breakdown)

"""Hard-wrapped emails are read as the paragraphs they were written as."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from rapport.analysis import DocumentAnalyzer
from rapport.analysis.wrapping import find_wrapping, join_wrapped_lines, unwrap

BODY = (
    "I remember you said the month-end close takes your team two full days, and that "
    "the reconciliation is where most of the time goes; how did this month go for you? "
    "We are the leading provider of finance automation in the U.S. and the fastest "
    "growing platform in our market, trusted by hundreds of companies like yours."
)
WRAPPED = f"Hi Laura,\n\n{textwrap.fill(BODY, 72)}\n\nBest,\nDan\n"


def test_a_plain_text_email_wrapped_at_72_is_found_and_joined() -> None:
    wrapping = find_wrapping(WRAPPED)
    assert wrapping is not None and 60 <= wrapping.width <= 72
    assert unwrap(WRAPPED) == f"Hi Laura,\n\n{BODY}\n\nBest,\nDan\n"


def test_joining_keeps_every_offset() -> None:
    joined = join_wrapped_lines(WRAPPED)
    assert len(joined) == len(WRAPPED)
    changed = [i for i, (a, b) in enumerate(zip(WRAPPED, joined, strict=True)) if a != b]
    assert changed and all(WRAPPED[i] == "\n" and joined[i] == " " for i in changed)


def test_a_sentence_across_a_line_break_is_flagged_whole() -> None:
    report = DocumentAnalyzer().analyze(WRAPPED)
    brag = next(f for f in report.findings if f.category == "self-centered")
    flagged = WRAPPED[brag.start : brag.end]
    assert flagged.startswith("We are the leading provider")
    assert flagged.endswith("companies like yours.")
    assert "\n" in flagged  # the sentence spans wrapped lines and is still one finding


def test_lines_the_writer_broke_on_purpose_are_left_alone() -> None:
    not_wrapped = [
        "Hi Laura,\nThanks for the call.\nBest,\nDan",
        # An address block: one long line is not a wrap width.
        "Acme Corporation, 1234 Long Street Name, Suite 500\nSpringfield, IL 62704, USA\n",
        # One paragraph per line, each ending its sentence.
        "Thanks for walking me through the month-end close process yesterday.\n"
        "I wrote down the three steps that take your team the longest time.\n"
        "Would it help if I sent a short summary of them before Thursday?\n",
        # A bullet list under a long line.
        "Here is what we could look at together when we meet next week, if useful\n"
        "- the reconciliation step that takes the longest for your team each month\n"
        "- the approvals that wait on people who are travelling or out of office\n",
        # Quoted mail keeps its line breaks.
        "> We are looking at tools for the month-end close and would like to see\n"
        "> how other teams of our size handle the reconciliation step these days\n"
        "> before we decide anything about it, probably in the next quarter or so\n",
    ]
    for text in not_wrapped:
        assert find_wrapping(text) is None, text
        assert join_wrapped_lines(text) == text
        assert unwrap(text) is None


def test_a_sentence_ending_at_the_wrap_column_is_joined_inside_a_wrapped_paragraph() -> None:
    text = (
        "Thanks for sending over the numbers from the close last week; they helped.\n"
        "The reconciliation is where most of the time goes, as you said on the\n"
        "call, and the approvals wait on people who are often out of the office.\n"
    )
    assert unwrap(text) == " ".join(text.split("\n")[:3]) + "\n"


def test_a_line_before_a_sign_off_is_not_joined_to_it() -> None:
    text = textwrap.fill(BODY, 60) + "\nBest regards,\nDan"
    joined = unwrap(text)
    assert joined is not None
    assert joined.endswith("companies like yours.\nBest regards,\nDan")


@given(st.text(alphabet=st.sampled_from("ab \n.,-é🙂>"), max_size=400))
def test_joining_never_moves_text(text: str) -> None:
    joined = join_wrapped_lines(text)
    assert len(joined) == len(text)
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(text, joined, strict=True))

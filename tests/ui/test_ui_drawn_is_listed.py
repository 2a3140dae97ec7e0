"""Every underline in the editor is a finding the report lists and counts.

A paragraph's findings are computed on their own, but only the whole email shows
that a line belongs to the signature, or that the email asks a favour (then the
writer's own context is honest, not a pitch). Before, those sentences were
underlined while the findings list and the score left them out.
"""

from __future__ import annotations

from window_helpers import settle

from rapport.analysis.model import SENTENCE_CATEGORIES

FAVOUR = "Could you help me with the names of two or three rota tools you trust?"
CONTEXT = "My team and I are building a new open source scheduler for clinics."
SIGNATURE = "Dan Smith, founder of Acme, the leading provider of clinic software"
EMAIL = f"Hi Sam,\n\n{CONTEXT}\n\n{FAVOUR}\n\nBest,\nDan\n{SIGNATURE}"


def drawn_rules(window) -> list[str]:
    return sorted(finding.rule for _, _, finding in window.editor.drawn_findings())


def listed_rules(window) -> list[str]:
    """The sentence findings in the window's report (what the findings list shows)."""
    report = window.editor.analysis.report
    return sorted(
        f.rule
        for f in report.findings
        if f.category in SENTENCE_CATEGORIES or f.rule == "placeholder"
    )


def test_what_the_report_sets_aside_is_not_underlined(window) -> None:
    window.editor.setPlainText(EMAIL)
    settle(window)
    drawn = drawn_rules(window)
    assert drawn == listed_rules(window)
    # Honest context in a favour, and the signature's "the leading provider":
    # neither is counted, so neither is underlined.
    assert not {"about-us", "brag", "superlative-about-us"} & set(drawn)


def test_the_context_is_underlined_again_once_the_favour_is_gone(window) -> None:
    window.editor.setPlainText(EMAIL)
    settle(window)
    assert "about-us" not in drawn_rules(window)
    window.editor.setPlainText(EMAIL.replace(FAVOUR, "How is the new rota working out?"))
    settle(window)
    assert "about-us" in drawn_rules(window)
    assert drawn_rules(window) == listed_rules(window)


def test_a_placeholder_in_the_signature_is_underlined_and_listed(window) -> None:
    window.editor.setPlainText(EMAIL.replace("\nDan\n", "\n[Your Name]\n"))
    settle(window)
    assert "placeholder" in drawn_rules(window)
    assert drawn_rules(window) == listed_rules(window)


def greeting_marks(window) -> list[tuple[int, int, str]]:
    return [
        (start, end, finding.rule)
        for start, end, finding in window.editor.drawn_findings()
        if finding.rule.startswith("greeting-")
    ]


def test_a_mail_merge_greeting_is_underlined_where_it_is(window) -> None:
    """The greeting checks are about the email, but the line they judge is marked too:
    "Hi [First Name]," left in a draft must be seen before it is sent."""
    greeting = "Hi 🙂 [First Name],"  # an emoji is two UTF-16 units: the span must still fit
    window.editor.setPlainText(f"{greeting}\n\n{FAVOUR}\n\nBest,\nDan")
    settle(window)
    assert greeting_marks(window) == [
        (0, len(greeting.encode("utf-16-le")) // 2, "greeting-template")
    ]
    assert "greeting-template" in {f.rule for f in window.editor.analysis.report.findings}


def test_the_greeting_mark_follows_the_report(window) -> None:
    window.editor.setPlainText(f"Dear Sir or Madam,\n\n{FAVOUR}\n\nBest,\nDan")
    settle(window)
    assert [rule for _, _, rule in greeting_marks(window)] == ["greeting-generic"]
    # The writer types the name in: the mark goes with the finding.
    window.editor.setPlainText(f"Dear Ms Okafor,\n\n{FAVOUR}\n\nBest,\nDan")
    settle(window)
    assert greeting_marks(window) == []
    # ...and comes back, on the right line, for a greeting below blank lines.
    window.editor.setPlainText(f"\n\n\nHello james,\n\n{FAVOUR}\n\nBest,\nDan")
    settle(window)
    text = window.editor.toPlainText()
    marks = [(text[start:end], rule) for start, end, rule in greeting_marks(window)]
    assert marks == [("Hello james,", "greeting-template")]

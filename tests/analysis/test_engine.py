"""What the customer-focus engine catches, what it leaves alone, and how it scores."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from rapport.analysis import DocumentAnalyzer, Report, analyze, split_paragraphs
from rapport.analysis.model import AnalysisSettings, Finding, Sentence

SEED = "Hi.\n\nHere's my product. Want to buy some?"

GOOD = (
    "Hi Laura,\n\n"
    "I remember you said your daughter started college; how is she settling in? "
    "I'd love to hear how the launch went, too.\n\n"
    "You mentioned the month-end reports take your team two days. "
    "We could go through your numbers together and see where the time goes. "
    # Not "Thursday or Friday?": offering two slots is the either/or close.
    "Would that be useful, and if so, which day suits you?\n\n"
    "The meeting room is booked for 3 pm either way.\n\n"
    "Best,\nDan"
)


def categories(report: Report) -> set[str]:
    return {finding.category for finding in report.findings}


def flagged_text(text: str, report: Report, category: str) -> list[str]:
    return [text[f.start : f.end] for f in report.findings if f.category == category]


def test_seed_example_scores_low_with_the_four_kinds_of_finding() -> None:
    report = analyze(SEED)
    assert report.score < 40
    assert {"self-centered", "pushy", "impersonal", "no-question"} <= categories(report)
    assert flagged_text(SEED, report, "self-centered") == ["Here's my product."]
    assert flagged_text(SEED, report, "pushy") == ["Want to buy some?"]
    assert report.metrics.reader_questions == 0, "a pushy question is not interest in the reader"


def test_customer_focused_email_scores_high_with_no_sentence_findings() -> None:
    report = analyze(GOOD)
    sentence_level = {"self-centered", "product-dump", "pushy"}
    assert not categories(report) & sentence_level, report.findings
    assert report.score >= 85
    assert report.metrics.greeting_name == "Laura"
    assert report.metrics.reader_questions == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "I remember you said your daughter started college; how is she settling in?",
        "I'd love to hear how the launch went.",
        "We could go through your numbers together.",
        "Thanks so much for your time yesterday.",
        "Congratulations on the new role!",
        "Sorry for the slow reply.",
        "The meeting is at 3 pm.",
        "I've attached the agenda.",
        "I hope the move went smoothly.",
    ],
)
def test_must_not_flag(sentence: str) -> None:
    report = DocumentAnalyzer().analyze_paragraph(sentence)
    assert report.findings == (), [f.rule for f in report.findings]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("We are the leading provider of payroll software.", "self-centered"),
        ("My name is Dan and I head up sales at Acme.", "self-centered"),
        ("Let me tell you about our new platform.", "self-centered"),
        ("Our award-winning team has 20 years of experience.", "self-centered"),
        ("It has 16GB RAM, a 1TB SSD, and a 4K display.", "product-dump"),
        ("Features include SSO, audit logs, custom dashboards and an open API.", "product-dump"),
        ("Sign today and we'll knock 10% off.", "pushy"),
        ("This offer expires Friday, so act now!", "pushy"),
        ("Only 3 spots left at this price.", "pushy"),
        ("Want to buy some?", "pushy"),
    ],
)
def test_must_flag(sentence: str, category: str) -> None:
    result = DocumentAnalyzer().analyze_paragraph(sentence)
    assert category in {f.category for f in result.findings}


def test_every_finding_explains_itself() -> None:
    report = analyze(SEED)
    for finding in report.findings:
        assert finding.message.strip().endswith((".", "!", "?"))
        assert len(finding.message.split()) >= 12


def test_generic_and_missing_greetings() -> None:
    for text in ("Dear customer,\n\nHow is the new office?", "Hello,\n\nHow is the new office?"):
        assert "impersonal" in categories(analyze(text))
    missing = analyze("How is the new office working out for your team?")
    assert [f.rule for f in missing.findings if f.category == "impersonal"] == ["greeting-missing"]
    named = analyze("Hello Priya,\n\nHow is the new office working out for your team?")
    assert "impersonal" not in categories(named)


def test_signature_is_not_judged() -> None:
    text = "Hi Ana,\n\nHow did the audit go?\n\nBest,\nDan\nAcme, the #1 award-winning CRM"
    report = analyze(text)
    assert not any(f.category == "self-centered" for f in report.findings)


def test_opening_thanks_line_does_not_hide_the_email() -> None:
    body = " ".join(["We are the best agency in town."] * 8)
    text = "Hi Ana,\nThanks!\n" + "\n".join([body] * 8)
    assert any(f.category == "self-centered" for f in analyze(text).findings)


def test_score_is_the_sum_of_the_breakdown_and_each_metric_has_a_target() -> None:
    for text in (SEED, GOOD):
        report = analyze(text)
        assert report.score == round(sum(item.points for item in report.breakdown))
        for item in report.breakdown:
            assert item.target and 0 <= item.points <= item.max_points
        assert sum(item.max_points for item in report.breakdown) == 100


def test_length_and_reading_grade_targets() -> None:
    long_email = "Hi Ana,\n\n" + "How is the team doing after the move? " * 40
    assert "length" in categories(analyze(long_email))
    dense = (
        "Hi Ana,\n\n" + "Notwithstanding considerable organizational restructuring, comprehensive "
        "implementation methodologies necessitate substantial interdepartmental "
        "collaboration regarding your infrastructure modernization initiatives? " * 3
    )
    report = analyze(dense)
    assert "readability" in categories(report)
    assert report.metrics.reading_grade > 12


def test_settings_change_targets() -> None:
    from rapport.analysis import AnalysisSettings

    text = "Hi Ana,\n\n" + "How is the team doing after the move? " * 20
    assert "length" in categories(analyze(text))
    relaxed = AnalysisSettings(words_max=400)
    assert "length" not in categories(analyze(text, relaxed))


def test_incremental_api_matches_whole_text_analysis() -> None:
    analyzer = DocumentAnalyzer()
    paragraphs = [analyzer.analyze_paragraph(line) for _, line in split_paragraphs(GOOD)]
    assert analyzer.combine(paragraphs) == analyze(GOOD)


def test_keystroke_reanalyses_only_its_paragraph() -> None:
    analyzer = DocumentAnalyzer()
    lines = [line for _, line in split_paragraphs(GOOD)]
    first = [analyzer.analyze_paragraph(line) for line in lines]
    lines[2] = lines[2] + " We are the best."
    calls: list[str] = []
    original = analyzer._analyze_uncached

    def counting(text: str, remembered: object):
        calls.append(text)
        return original(text, remembered)

    analyzer._analyze_uncached = counting  # type: ignore[method-assign]
    second = [analyzer.analyze_paragraph(line) for line in lines]
    assert calls == [lines[2]]
    assert [p is q for p, q in zip(first, second, strict=True)].count(False) == 1
    report = analyzer.combine(second)
    assert any(
        GOOD.splitlines()[2] in lines[2] and f.category == "self-centered" for f in report.findings
    )


def test_a_sentence_remembered_from_before_an_edit_is_flagged_where_it_now_stands() -> None:
    # Sentences left unchanged by an edit are not judged again; their findings
    # must still move with them when the edit lengthens the paragraph before them.
    analyzer = DocumentAnalyzer()
    brag = "We are the best agency in town."
    before = f"{brag} How did the launch go? {brag}"
    analyzer.analyze_paragraph(before)
    after = "Hi again. " + before.replace("How did", "So, how did")
    remembered = analyzer.analyze_paragraph(after)
    fresh = DocumentAnalyzer().analyze_paragraph(after)
    assert remembered.findings == fresh.findings
    flagged = [after[f.start : f.end] for f in remembered.findings]
    assert flagged == [brag, brag]
    assert remembered.stats == fresh.stats


def test_offsets_index_the_original_text_across_paragraphs_and_emoji() -> None:
    text = "Hi Ana 👋,\n\n🎉🎉🎉 Congrats!\nWe are the #1 agency 🚀. Buy now!"
    report = analyze(text)
    pushy = flagged_text(text, report, "pushy")
    assert pushy == ["Buy now!"]
    assert flagged_text(text, report, "self-centered") == ["We are the #1 agency 🚀."]


def test_an_ignored_finding_neither_shows_nor_counts() -> None:
    text = "Hi Ana,\n\nWe are the #1 agency in town. How is the new office working out?"
    plain = DocumentAnalyzer().analyze(text)
    brag = next(f for f in plain.findings if f.category == "self-centered")
    sentence = text[brag.start : brag.end]
    settings = AnalysisSettings(ignored_findings=frozenset({(brag.rule, sentence)}))
    ignored = DocumentAnalyzer(settings).analyze(text)
    assert not [f for f in ignored.findings if f.start == brag.start]
    assert ignored.score > plain.score
    # Another sentence is still checked.
    assert DocumentAnalyzer(settings).analyze("We are the #1 agency.").findings


@pytest.mark.parametrize("cls", [Finding, Sentence])
def test_the_hand_written_init_sets_every_field_and_keeps_the_dataclass_contract(
    cls: type,
) -> None:
    # Finding and Sentence set their slots in their own __init__ (for speed); a
    # field added to the class but not to that __init__ would be left unset.
    fields = dataclasses.fields(cls)
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    values = {f.name: f"value of {f.name}" for f in fields}
    made = cls(**values)
    assert dataclasses.asdict(made) == values
    assert made == cls(**values) and hash(made) == hash(cls(**values))
    assert dataclasses.replace(made, **{fields[0].name: "changed"}) != made
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, fields[0].name, "changed")


def test_a_word_whose_only_vowel_is_a_final_e_has_a_syllable() -> None:
    """'the' and 'we' are one syllable each, not none: the reading grade would
    otherwise read every email as easier than it is."""
    stats = DocumentAnalyzer().analyze_paragraph("We make the table.").stats
    assert stats.syllables == 1 + 1 + 1 + 2

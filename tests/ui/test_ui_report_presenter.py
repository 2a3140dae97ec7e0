"""What the window shows of the editor's report: the contact's findings joined in,
and the word count and reading time in the status bar."""

from __future__ import annotations

from window_helpers import choose_laura, settle

from rapport.ui.side_panel import SPAN_ROLE


def test_contact_checks_appear_in_the_findings(window, known_contact) -> None:
    choose_laura(window)
    window.editor.setPlainText("Hello,\n\nHow is the new quarter going for your team?")
    settle(window)
    items = [window.panel.findings.item(i) for i in range(window.panel.findings.count())]
    messages = " ".join(item.toolTip() for item in items)
    assert "Laura" in messages  # greet Laura by name
    assert "pricing sheet" in messages  # the overdue follow-up
    assert "daughter" in messages  # something she told you, as a talking point
    # "Hello," is flagged once, with her name, not again as a generic greeting.
    greeting = [i for i in items if i.data(SPAN_ROLE)[0] == 0 and i.data(SPAN_ROLE)[1] <= 6]
    assert len(greeting) == 1
    # Listed as a greeting finding, not under "Past conversations".
    assert greeting[0].text().splitlines()[0] == "Greeting"
    assert "Laura" in greeting[0].toolTip()


def test_the_status_bar_counts_the_words_and_the_reading_time(window) -> None:
    presenter = window.report_presenter
    window.editor.setPlainText("Attached.")
    settle(window)
    assert (presenter.words_label.text(), presenter.reading_label.text()) == (
        "1 word",
        "under 1 min read",
    )
    window.editor.setPlainText("Hi Ana,\n\n" + "How did the pilot go for your team? " * 80)
    settle(window)
    assert presenter.words_label.text() == "642 words"
    assert presenter.reading_label.text() == "3 min read"  # at 230 words a minute

"""The editor's analysis: each paragraph analysed as it changes, big pastes in the
background, and what the writer ignores in this draft taken out of the score."""

from __future__ import annotations

from window_helpers import settle

from rapport.ui.app import type_text


def test_editing_a_sentence_updates_only_its_paragraph(window) -> None:
    window.editor.setPlainText("Hi Ana,\n\nHow was the trip?\n\nWe are the best agency.")
    settle(window)
    first_state = window.editor.document().findBlockByNumber(2).userData()
    revision = first_state.revision
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    type_text(window.editor, " Buy now!")
    settle(window)
    assert window.editor.document().findBlockByNumber(2).userData().revision == revision
    categories = {f.category for _, _, f in window.editor.drawn_findings()}
    assert {"self-centered", "pushy"} <= categories


def test_ignore_here_and_ignore_rule(window) -> None:
    window.editor.setPlainText("Hi Ana,\n\nWant to buy some? Act now!\n\nHow are you?")
    settle(window)
    found = window.editor.drawn_findings()
    assert len(found) == 2
    start, end, finding = found[0]
    score_at_first = window.editor.analysis.report.score
    window.editor.analysis.ignore_here(finding, start, end)
    settle(window)
    assert len(window.editor.drawn_findings()) == 1
    # The writer judged that sentence: it no longer counts against the score.
    assert window.editor.analysis.report.score > score_at_first
    assert finding not in window.editor.analysis.report.findings
    remaining = window.editor.drawn_findings()[0][2]
    score_before = window.editor.analysis.report.score
    window.editor.analysis.ignore_rule(remaining.rule)
    settle(window)
    assert window.editor.drawn_findings() == []
    # Ignoring a rule for this draft takes it out of the score too.
    assert window.editor.analysis.report.score > score_before
    window.editor.analysis.clear_ignores()
    settle(window)
    assert len(window.editor.drawn_findings()) == 2


def test_huge_paste_is_analysed_in_the_background_and_nothing_is_lost(window) -> None:
    paragraph = "We are the best agency in town, and you should buy now! 🚀"
    text = "\n".join(f"{paragraph} {number}" for number in range(3000))
    text += "\n" + "word " * 6000  # one paragraph longer than the background limit
    window.editor.setPlainText(text)
    settle(window)
    assert window.editor.toPlainText() == text
    assert window.editor.analysis.report is not None
    assert window.editor.analysis.report.metrics.words > 40_000
    last = window.editor.document().lastBlock().userData()
    assert last.is_current()


def test_stale_background_result_is_dropped(window) -> None:
    window.editor.setPlainText("We are the best.")
    settle(window)
    block = window.editor.document().firstBlock()
    state = block.userData()
    stale = window.editor.analysis.analyzer.analyze_paragraph("Buy now!", use_cache=False)

    class Done:
        def exception(self):
            return None

        def result(self):
            return stale

    window.editor.analysis._apply_large_result(block, state.revision - 1, Done())
    assert state.result.text == "We are the best."
    window.editor.analysis._apply_large_result(block, state.revision, Done())
    assert state.result.text == "Buy now!"

"""An empty findings list under a written draft says that nothing was found."""

from __future__ import annotations

from window_helpers import settle

CLEAN = (
    "Hi Priya,\n\nThanks for the photos of the new kitchen. How are the crews finding the "
    "extra space? You mentioned the north wall still worried you after the storm.\n\n"
    "Our roofing lead can look at it on Tuesday if that suits you, or any day next week "
    "that is easier for your team.\n\nBest,\nDan"
)


def test_a_clean_draft_says_it_has_no_findings(window) -> None:
    window.editor.setPlainText(CLEAN)
    settle(window)
    assert window.panel.findings.count() == 0
    assert window.panel.findings_title.text() == "Findings: none in this draft"

    window.editor.setPlainText("")
    settle(window)
    assert window.panel.findings_title.text() == "Findings"

    window.editor.setPlainText("Hi.\n\nHere's my product. Want to buy some?")
    settle(window)
    assert window.panel.findings_title.text().startswith("Findings (")

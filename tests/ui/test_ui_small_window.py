"""A small window keeps everything reachable: the side panel scrolls, the splitter
keeps both sides, and the window has a sensible minimum size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from window_helpers import settle

from rapport.ui.app import wait_until
from rapport.ui.window_layout import MINIMUM_SIDE_WIDTH, MINIMUM_WINDOW

EMAIL = (
    "Hi Ana,\n\nWe are the best and our product has features A, B, C, D and E. "
    "Want to buy some?\n\nBest,\nDan"
)


@pytest.mark.parametrize("size", [(640, 420), (400, 300)])
def test_the_breakdown_is_reachable_in_a_small_window(window, size) -> None:
    window.editor.setPlainText(EMAIL)
    settle(window)
    window.resize(*size)
    wait_until(lambda: False, timeout=0.2)
    # Never smaller than the minimum, and not bigger than asked where that fits it.
    assert window.width() == max(size[0], MINIMUM_WINDOW[0])
    assert window.height() == max(size[1], MINIMUM_WINDOW[1])
    central = window.centralWidget()
    # Both sides stay usable and inside the window.
    assert window.side_tabs.geometry().right() <= central.width()
    assert window.side_tabs.width() >= MINIMUM_SIDE_WIDTH
    assert window.editor.width() >= MINIMUM_SIDE_WIDTH - 20
    # The breakdown's last row can be scrolled into view, its points column not cut off.
    area, breakdown = window.score_tab, window.panel.breakdown
    assert area.verticalScrollBar().maximum() > 0, "the panel is taller than the tab"
    area.ensureVisible(0, breakdown.geometry().bottom(), 0, 10)
    wait_until(lambda: False, timeout=0.1)
    viewport = area.viewport()
    bottom = breakdown.mapTo(viewport, QPoint(0, breakdown.height() - 1))
    right = breakdown.mapTo(viewport, QPoint(breakdown.width() - 1, 0))
    assert 0 <= bottom.y() < viewport.height()
    assert right.x() < viewport.width()


def test_the_contact_tab_scrolls_too(window, known_contact) -> None:
    window.resize(400, 300)
    window.side_tabs.setCurrentWidget(window.contact_tab)
    wait_until(lambda: False, timeout=0.2)
    area = window.contact_tab
    assert area.widget() is window.contacts
    assert area.verticalScrollBar().maximum() > 0
    assert window.side_tabs.geometry().right() <= window.centralWidget().width()


def test_the_splitter_cannot_squeeze_a_side_away(window) -> None:
    splitter = window.centralWidget()
    side = splitter.indexOf(window.side_tabs)
    assert not splitter.isCollapsible(side)
    sizes = [0] * splitter.count()
    sizes[side - 1] = window.width()
    splitter.setSizes(sizes)
    wait_until(lambda: False, timeout=0.1)
    assert window.side_tabs.width() >= MINIMUM_SIDE_WIDTH


def test_a_tab_can_be_chosen_by_its_page_as_before_it_scrolled(window) -> None:
    window.side_tabs.setCurrentWidget(window.panel)
    assert window.side_tabs.currentWidget() is window.score_tab
    assert window.side_tabs.indexOf(window.contacts) == window.side_tabs.indexOf(window.contact_tab)

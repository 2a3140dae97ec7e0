"""The editor's right-click menu over a finding: its fixes, and the ways to ignore it.

Customer-focus findings can be ignored here or for the draft (the analysis leaves
them out, so the score follows); spelling and grammar findings go to the grammar
checker (add the word to the dictionary, ignore the word or the rule for now).
Either kind of rule can be turned off for good, in Settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QMenu

from rapport.analysis import LANGUAGE_CATEGORIES, Finding
from rapport.ui.paragraph_analysis import GREETING_CHECKS
from rapport.ui.quick_fix import with_whole_lists
from rapport.ui.styles import CATEGORY_STYLES

if TYPE_CHECKING:
    from rapport.ui.editor import FocusEditor

#: Quick fixes offered for one finding (the rest are rarely better).
MAX_FIXES = 3


class FindingMenu:
    """Builds the context menu of ``editor`` with the findings under the pointer first."""

    def __init__(self, editor: FocusEditor) -> None:
        self._editor = editor

    def show(self, event: QContextMenuEvent) -> None:
        editor = self._editor
        menu = editor.createStandardContextMenu(event.pos())
        position = editor.cursorForPosition(event.pos()).position()
        found = with_whole_lists(
            editor.findings_at(position), editor.analysis.report, editor.toPlainText(), position
        )
        first_standard = menu.actions()[0] if menu.actions() else None
        for start, end, finding in found:
            self.add_finding_actions(menu, first_standard, start, end, finding)
        menu.exec(event.globalPos())

    def add_finding_actions(
        self, menu: QMenu, before: QAction | None, start: int, end: int, finding: Finding
    ) -> None:
        """The finding's heading, fixes and ignore actions, inserted before ``before``."""
        editor = self._editor
        style = CATEGORY_STYLES.get(finding.category)
        heading = QAction(style.label if style else finding.category, menu)
        heading.setEnabled(False)
        actions = [heading]
        for suggestion in self._suggestions_for(start, finding)[:MAX_FIXES]:
            shown = suggestion if len(suggestion) <= 60 else suggestion[:57] + "…"
            action = QAction(f"Replace with “{shown}”", menu)
            action.triggered.connect(
                lambda _=False, s=start, e=end, r=suggestion: editor.apply_suggestion(s, e, r)
            )
            actions.append(action)
        if finding.category in LANGUAGE_CATEGORIES:
            actions += self._language_actions(menu, start, end, finding)
        else:
            analysis = editor.analysis
            if finding.rule not in GREETING_CHECKS:
                # A greeting check is about the email: it has no sentence to ignore it in.
                ignore = QAction("Ignore here", menu)
                ignore.triggered.connect(lambda _=False: analysis.ignore_here(finding, start, end))
                actions.append(ignore)
            ignore_rule = QAction("Ignore this rule in this draft", menu)
            ignore_rule.triggered.connect(lambda _=False: analysis.ignore_rule(finding.rule))
            actions.append(ignore_rule)
        disable = QAction("Turn this rule off (Settings)", menu)
        disable.triggered.connect(lambda _=False: editor.ruleDisableRequested.emit(finding.rule))
        actions.append(disable)
        for action in actions:
            menu.insertAction(before, action)
        menu.insertSeparator(before)

    def _suggestions_for(self, start: int, finding: Finding) -> tuple[str, ...]:
        grammar = self._editor.grammar
        if finding.category in LANGUAGE_CATEGORIES and grammar is not None:
            # Spelling suggestions are computed now, on request, not for every word.
            paragraph = self._editor.document().findBlock(start).text()
            return grammar.suggestions(paragraph, finding)
        return finding.suggestions

    def _language_actions(
        self, menu: QMenu, start: int, end: int, finding: Finding
    ) -> list[QAction]:
        grammar = self._editor.grammar
        if grammar is None:
            return []
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        word = cursor.selectedText()
        service = grammar.service
        actions = []
        if finding.category == "spelling":
            add = QAction(f"Add “{word}” to dictionary", menu)
            add.triggered.connect(
                lambda _=False: (service.add_to_dictionary(word), grammar.recheck())
            )
            ignore = QAction(f"Ignore “{word}”", menu)
            ignore.triggered.connect(lambda _=False: (service.ignore_word(word), grammar.recheck()))
            actions += [add, ignore]
        else:
            ignore = QAction("Ignore this rule for now", menu)
            ignore.triggered.connect(
                lambda _=False: (service.disable_rule(finding.rule), grammar.recheck())
            )
            actions.append(ignore)
        return actions

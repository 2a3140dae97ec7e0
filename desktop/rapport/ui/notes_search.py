"""Search all notes and sent emails, from the Contact tab; the search runs off the UI thread."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from rapport.notes.model import SearchHit
from rapport.ui.contact_history_view import CompactList
from rapport.ui.notes_access import NotesAccess


class NotesSearch(QWidget):
    """A search field and its results, across every contact."""

    def __init__(
        self,
        access: NotesAccess,
        failure: Callable[[BaseException], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._access = access
        self._failure = failure
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search all notes and sent emails")
        self.field.returnPressed.connect(self.search)
        self.results = CompactList()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.results, 1)

    def search(self) -> None:
        self.results.clear()
        query = self.field.text()
        if not query.strip():
            return
        from rapport.operations import notes

        def show(hits: list[SearchHit]) -> None:
            if self.field.text() != query:
                return  # a newer search is on its way
            self.results.clear()
            for hit in hits:
                self.results.addItem(f"{hit.contact_name} · {hit.when:%d %b %Y}\n{hit.snippet}")
            if self.results.count() == 0:
                self.results.addItem("Nothing found.")

        self.results.addItem("Searching…")
        self._access.run(
            lambda store: notes.search_notes(store, query), show, failure=self._failure
        )

"""Dates as the user's locale writes them."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateEdit

#: When no locale is set (the "C" locale, where Qt would show "8 12 2026"): a date no
#: reader can misread, the way the notes list writes it ("8 Dec 2026").
UNAMBIGUOUS_DATE = "d MMM yyyy"


def locale_date_format(locale: QLocale | None = None) -> str:
    """The locale's short date format, with a four-digit year."""
    locale = locale or QLocale()
    if locale.language() == QLocale.Language.C:
        return UNAMBIGUOUS_DATE
    shown = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in shown and "yy" in shown:
        shown = shown.replace("yy", "yyyy")  # "12/8/26" reads as a day to some
    return shown


def date_field(edit: QDateEdit) -> QDateEdit:
    """``edit`` in the locale's format, with a calendar to pick from."""
    edit.setDisplayFormat(locale_date_format(edit.locale()))
    edit.setCalendarPopup(True)
    return edit

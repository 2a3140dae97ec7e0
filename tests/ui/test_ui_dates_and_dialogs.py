"""The due date reads in the locale's format with a calendar; New contact has room."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit

from rapport.ui.contacts import NewContactDialog
from rapport.ui.dates import date_field, locale_date_format


def test_the_due_date_field_is_in_the_locales_format_with_a_calendar(window) -> None:
    due = window.contacts.history_view.new_note_due
    assert due.calendarPopup()
    assert due.displayFormat() == locale_date_format(due.locale())
    due.setDate(QDate(2026, 12, 8))
    assert due.text() != "8 12 2026"
    # Without a locale (C, as under a bare shell) the month is written out.
    assert locale_date_format(QLocale.c()) == "d MMM yyyy"
    shown = date_field(QDateEdit(QDate(2026, 12, 8)))
    shown.setLocale(QLocale.c())
    shown.setDisplayFormat(locale_date_format(QLocale.c()))
    assert shown.text() == "8 Dec 2026"


def test_the_date_follows_a_real_locale_with_a_four_digit_year(qtbot) -> None:
    american = locale_date_format(QLocale("en_US"))
    german = locale_date_format(QLocale("de_DE"))
    assert QDate(2026, 12, 8).toString(american) == "12/8/2026"
    assert QDate(2026, 12, 8).toString(german) == "08.12.2026"


def test_the_new_contact_dialog_is_wide_enough_for_an_email_address(qtbot) -> None:
    dialog = NewContactDialog("Laura Chen")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 420
    address = "laura.chen-martinez@acme-industries.example.com"
    assert dialog.email.width() >= dialog.email.fontMetrics().horizontalAdvance(address)

"""The main window's actions, menus and toolbar (kept out of main_window.py).

``build_menus`` creates the actions the window and its tests reach by name
(``window.copy_action``, ``window.log_action`` …) and puts them in the menus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from rapport.ui.contact_files import ContactFiles
from rapport.ui.help import add_help_menu
from rapport.ui.mail_import import MailImport
from rapport.ui.their_email import choose_email_to_reply_to

if TYPE_CHECKING:
    from rapport.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    def action(
        text: str, slot: Callable[..., object], shortcut: QKeySequence | str | None = None
    ) -> QAction:
        created = QAction(text, window)
        if shortcut is not None:
            created.setShortcut(QKeySequence(shortcut))
        created.triggered.connect(slot)
        return created

    editor = window.editor
    files, sending = window.draft_files, window.sending
    window.new_action = action("&New", files.new_draft, QKeySequence.StandardKey.New)
    window.open_action = action("&Open…", files.open_dialog, QKeySequence.StandardKey.Open)
    window.save_action = action("&Save", files.save, QKeySequence.StandardKey.Save)
    window.save_as_action = action("Save &As…", files.save_as, QKeySequence.StandardKey.SaveAs)
    window.reply_action = action(
        "&Reply to an email…", lambda: choose_email_to_reply_to(window), "Ctrl+Shift+R"
    )
    window.reply_action.setToolTip("Open the email (.eml) you are replying to beside the draft")
    quit_action = action("&Quit", window.close, QKeySequence.StandardKey.Quit)
    window.copy_action = action("&Copy email", sending.copy_email, "Ctrl+Shift+C")
    window.copy_action.setToolTip("Copy the body, ready to paste into your mail app's message")
    window.copy_subject_action = action("Copy s&ubject", sending.copy_subject, "Ctrl+Alt+C")
    window.copy_subject_action.setToolTip("Copy the subject line for the mail app's subject field")
    window.mail_action = action("Open in &mail app", sending.open_in_mail_app, "Ctrl+Shift+M")
    window.log_action = action("&Log as sent", sending.log_sent, "Ctrl+Shift+L")
    window.log_action.setToolTip("Save this email to the contact's history")
    window.log_action.setEnabled(False)
    next_action = action("&Next finding", lambda: editor.next_finding(), "F8")
    previous_action = action(
        "&Previous finding", lambda: editor.next_finding(backwards=True), "Shift+F8"
    )
    # The editor handles F8 itself while it has focus; these serve everywhere else.
    for shortcut_action in (next_action, previous_action):
        shortcut_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    clear_ignores = action("Show &ignored findings again", editor.analysis.clear_ignores)
    window.settings_action = action("&Settings…", window.open_settings, "Ctrl+,")

    file_menu = window.menuBar().addMenu("&File")
    for item in (window.new_action, window.open_action, window.save_action):
        file_menu.addAction(item)
    file_menu.addAction(window.save_as_action)
    file_menu.addSeparator()
    file_menu.addAction(window.reply_action)
    file_menu.addSeparator()
    file_menu.addAction(quit_action)
    edit_menu = window.menuBar().addMenu("&Edit")
    undo = action("&Undo", editor.undo, QKeySequence.StandardKey.Undo)
    redo = action("&Redo", editor.redo, QKeySequence.StandardKey.Redo)
    undo.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    redo.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    for item in (undo, redo):
        edit_menu.addAction(item)
    edit_menu.addSeparator()
    edit_menu.addAction(window.copy_action)
    edit_menu.addAction(window.copy_subject_action)
    edit_menu.addAction(window.mail_action)
    edit_menu.addAction(window.log_action)
    contacts_menu = window.menuBar().addMenu("C&ontacts")
    window.contact_files = ContactFiles(window, window.contacts, window.show_notice)
    contact_files = window.contact_files
    contacts_menu.addAction(action("&Import contacts…", contact_files.import_contacts))
    contacts_menu.addAction(action("&Export contacts…", contact_files.export_contacts))
    window.mail_import = MailImport(window, window.contacts, window.show_notice)
    window.import_mail_action = action("Import &mail…", window.mail_import.choose_files)
    window.import_mail_action.setToolTip("Past emails into contacts' histories (.mbox, .eml)")
    contacts_menu.addAction(window.import_mail_action)
    contacts_menu.addAction(
        action("Import mail from a Mail&dir folder…", window.mail_import.choose_maildir)
    )
    contacts_menu.addSeparator()
    contacts_menu.addAction(action("&Back up notes…", contact_files.back_up_notes))
    contacts_menu.addAction(action("&Restore notes…", contact_files.restore_notes))
    contacts_menu.addAction(action("Change notes &passphrase…", contact_files.change_passphrase))
    check_menu = window.menuBar().addMenu("&Check")
    for item in (next_action, previous_action, clear_ignores):
        check_menu.addAction(item)
    check_menu.addSeparator()
    check_menu.addAction(window.settings_action)

    add_help_menu(window)

    toolbar = window.addToolBar("Email")
    toolbar.setObjectName("emailToolbar")
    toolbar.setMovable(False)
    toolbar.addAction(window.copy_action)
    toolbar.addAction(window.mail_action)
    toolbar.addAction(window.log_action)
    toolbar.addSeparator()
    toolbar.addAction(window.their_email.show_action)
    toolbar.addAction(window.settings_action)

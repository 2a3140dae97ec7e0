"""Contacts and conversation notes, stored encrypted on the user's machine (Qt-free).

Nothing is imported here, so ``import rapport.cli_notes`` (done by every
``rapport`` run) never loads SQLCipher, keyring or vobject. The pieces:

* ``store``: ``open_store()`` → ``NotesStore`` (contacts, notes, sent emails,
  drafts, search, history, import, backup). Dataclasses out (``model``). Its parts:
  the open file (``database``) and one module per table (``store_contacts``,
  ``store_notes``, ``store_emails``; ``store_search`` reads across them).
* ``keys``: where the key comes from: a random 256-bit key in the OS keychain, or
  a passphrase where there is no keychain (``keychain_available()``).
* ``checks``: ``check_draft(text, history)`` → ``list[Finding]`` (category
  ``no-reference``); ``note_matches`` says which notes a draft picks up (by content).
* ``reference``: ``reference_for(note, contact)`` → the line "insert reference" puts in.
* ``interchange``: vCard/CSV import with ``preview_import()``, vCard/JSON export.
* ``backup``: ``restore_backup()``; ``store_files`` makes the copy, re-keys and checkpoints.
* The commands (``rapport contacts|notes …``) are ``rapport.cli_notes``; each user action
  is written once in ``rapport.operations``.

For the window, in the order a user meets them::

    store = open_store(passphrase_provider=ask_in_a_dialog)   # once, at start
    store.match_contacts("lau")            # "To:" autocomplete (or add_contact(...))
    history = store.contact_history(cid)   # panel: recent notes, open follow-ups, emails
    store.search("ski", contact_id=cid)    # panel search (contact_id=None: everyone)
    store.add_note(cid, text, kind="personal" | "follow-up", due=date)
    reference.reference_for(note, contact) # the line to insert, addressed to the reader
    checks.check_draft(draft, history)     # findings to show with the engine's
    store.log_sent_email(cid, body, subject)   # after Copy: "log as sent"
"""

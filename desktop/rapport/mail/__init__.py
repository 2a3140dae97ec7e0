"""Email as it comes in: reading messages and mailboxes. Qt-free, standard library only.

``message`` turns one RFC 5322 message (an ``.eml``, a pasted email) into a
``ReadEmail``: its headers, its decoded plain text, and that text split into what
they wrote this time, the quoted history and the signature (``history``).
``mailboxes`` reads mbox files, Maildir folders and ``.eml`` files for the import.
"""

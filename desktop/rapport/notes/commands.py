"""``rapport contacts …`` and ``rapport notes …`` (filled in by the contact-notes work)."""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the contact and note sub-commands on the ``rapport`` parser."""


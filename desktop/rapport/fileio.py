"""Writing Rapport's own files: atomically and owner-only.

Kept apart from ``settings`` (which imports the analysis engine) so that the
notes, the drafts and the spelling dictionary can write files without loading
the engine. Depends on ``rapport.paths`` only, which depends on nothing.
"""

from __future__ import annotations

from pathlib import Path

from rapport import paths


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically and owner-only (see ``paths.write_private_file``).

    A crash mid-write leaves the old file or the new one, never half of one.
    """
    paths.write_private_file(path, text)

"""Which languages the rule packs are written for (the settings dialog lists them)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from rapport.analysis.rules import default_pack_dirs, pack_files


def available_languages(directories: Iterable[Path] | None = None) -> dict[str, str]:
    """Every language some pack is written for: code -> its name ("en" -> "English").

    Read from the packs' headers, so a pack dropped into the user's rules folder
    adds its language to the settings dialog without any code.
    """
    languages: dict[str, str] = {}
    for path in pack_files(default_pack_dirs() if directories is None else directories):
        try:
            header = tomllib.loads(path.read_text(encoding="utf-8")).get("pack")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # load_rule_set reports it
        if not isinstance(header, dict) or not isinstance(header.get("id"), str):
            continue
        code = header.get("language", "en")
        name = header.get("language_name")
        if isinstance(code, str):
            if isinstance(name, str) and name.strip():
                languages[code] = name.strip()
            else:
                languages.setdefault(code, code)
    return dict(sorted(languages.items()))

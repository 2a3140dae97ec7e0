"""User settings, kept as JSON in the platform config dir. Qt-free.

A damaged settings file must never cost the user anything: it is copied aside
(``settings.json.damaged``), the defaults are used for what could not be read,
and a warning says so. Keys this version does not know are kept on save.

Damaged means anything the window or ``rapport check`` could trip on: not UTF-8,
not JSON, nested too deep for the parser, bigger than any settings file, or a
value of the wrong type or outside the range the settings dialog offers (a font
size of 2147483648 once crashed the window).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import stat
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from rapport import paths
from rapport.analysis.model import AnalysisSettings
from rapport.fileio import atomic_write_text

SETTINGS_FILE = "settings.json"
GRAMMAR_BACKENDS = ("off", "offline", "local", "server")
THEMES = ("system", "light", "dark")
#: A settings file is a few hundred bytes; a bigger one is not read at all.
MAX_SETTINGS_BYTES = 1_000_000
#: The ranges the settings dialog offers; a value outside them is not used.
RANGES: dict[str, tuple[float, float]] = {
    "font_size": (8, 32),
    "words_min": (5, 2000),
    "words_max": (10, 5000),
    "grade_max": (1, 20),
    "languagetool_memory_mb": (128, 8192),
}
#: Longest text setting (a URL, a folder, a rule id) that is believed.
_MAX_STRING = 4096
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8}){0,3}")


@dataclass
class Settings:
    """Everything the user can change in the settings dialog."""

    language: str = "en"
    font_size: int = 12
    #: Join the lines of hard-wrapped text (a plain-text email, say) when pasting.
    unwrap_pastes: bool = True
    words_min: int = 50
    words_max: int = 125
    grade_max: float = 5.0
    disabled_packs: list[str] = field(default_factory=list)
    disabled_rules: list[str] = field(default_factory=list)
    grammar_backend: str = "offline"
    languagetool_url: str = ""
    languagetool_dir: str = ""
    languagetool_memory_mb: int = 512
    #: "system" follows the desktop's light or dark look; "light" or "dark" fixes it.
    theme: str = "system"
    #: The first-run welcome was shown (it never comes back by itself).
    welcome_shown: bool = False
    #: Keys written by another version of Rapport, kept untouched on save.
    unknown: dict[str, Any] = field(default_factory=dict)

    def analysis_settings(self) -> AnalysisSettings:
        return AnalysisSettings(
            language=self.language,
            words_min=self.words_min,
            words_max=self.words_max,
            grade_max=self.grade_max,
            disabled_rules=frozenset(self.disabled_rules),
            disabled_packs=frozenset(self.disabled_packs),
        )


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def _valid(name: str, value: Any, default: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int | float):
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        if isinstance(default, int) and not isinstance(value, int):
            return False
        low, high = RANGES.get(name, (0, math.inf))
        return math.isfinite(value) and low <= value <= high
    if isinstance(default, list):
        return isinstance(value, list) and all(_plain_string(item) for item in value)
    if name == "grammar_backend":
        return value in GRAMMAR_BACKENDS
    if name == "theme":
        return value in THEMES
    if name == "language":
        return isinstance(value, str) and _LANGUAGE.fullmatch(value) is not None
    return _plain_string(value)


def _plain_string(value: Any) -> bool:
    # A NUL makes every file-system call raise ValueError, so a folder setting
    # holding one would crash whatever looked at it.
    return isinstance(value, str) and len(value) <= _MAX_STRING and "\0" not in value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The saved settings and any warnings about what could not be read."""
    path = path or settings_path()
    defaults = Settings()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A folder or a named pipe there: reading could fail or never end.
            return defaults, [f"Settings file {path} is not a regular file; using defaults."]
        if info.st_size > MAX_SETTINGS_BYTES:
            backup = _move_damaged_aside(path)
            return defaults, [
                f"Settings file {path} is {info.st_size:,} bytes, far too big for settings; "
                f"using defaults. The file was kept as {backup.name}."
            ]
        with open(path, "rb") as stream:
            raw = stream.read(MAX_SETTINGS_BYTES + 1)
    except FileNotFoundError:
        return defaults, []
    except OSError as error:
        return defaults, [f"Could not read settings file {path} ({error}); using defaults."]
    try:
        if len(raw) > MAX_SETTINGS_BYTES:
            raise ValueError("far too big for settings")  # it grew since stat
        try:
            raw_text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(f"not UTF-8 text: invalid byte at offset {error.start}") from None
        try:
            data = json.loads(raw_text)
        except RecursionError:
            raise ValueError("nested too deeply to read") from None
        if not isinstance(data, dict):
            raise ValueError("the top level is not an object")
    except ValueError as error:
        backup = _keep_damaged_copy(path, raw)
        return defaults, [
            f"Settings file {path} is damaged ({error}); using defaults. "
            f"The damaged file was kept as {backup.name}."
        ]
    warnings: list[str] = []
    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)} - {"unknown"}
    for name in sorted(known):
        if name not in data:
            continue
        default = getattr(defaults, name)
        if _valid(name, data[name], default):
            value = data[name]
            values[name] = float(value) if isinstance(default, float) else value
        else:
            allowed = RANGES.get(name)
            where = f" (allowed: {allowed[0]:g} to {allowed[1]:g})" if allowed else ""
            warnings.append(
                f"Setting {name!r} in {path} has an invalid value {_shown(data[name])}{where}; "
                f"using the default {default!r}."
            )
    words_min = values.get("words_min", defaults.words_min)
    words_max = values.get("words_max", defaults.words_max)
    if words_min > words_max:
        warnings.append(
            f"Settings in {path}: words_min {words_min} is above words_max {words_max}; "
            "using them the other way round."
        )
        values["words_min"], values["words_max"] = words_max, words_min
    unknown = {key: value for key, value in data.items() if key not in known}
    return Settings(**values, unknown=unknown), warnings


def _damaged_path(path: Path) -> Path:
    return path.with_name(path.name + ".damaged")


def _keep_damaged_copy(path: Path, raw: bytes) -> Path:
    """Copy the bytes as they were (not UTF-8 ones too), so nothing the user wrote is lost."""
    backup = _damaged_path(path)
    with contextlib.suppress(OSError):
        paths.write_private_file(backup, raw)
    return backup


def _move_damaged_aside(path: Path) -> Path:
    """Rename a file too big to copy aside cheaply; the next save writes a fresh one."""
    backup = _damaged_path(path)
    with contextlib.suppress(OSError):
        os.replace(path, backup)
        paths.make_private_file(backup)
    return backup


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically: a crash mid-save leaves the old file intact."""
    path = path or settings_path()
    data = asdict(settings)
    unknown = data.pop("unknown")
    data = {**unknown, **data}
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def load_analysis_settings() -> tuple[AnalysisSettings, list[str]]:
    settings, warnings = load_settings()
    return settings.analysis_settings(), warnings

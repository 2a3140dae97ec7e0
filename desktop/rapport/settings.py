"""User settings, kept as JSON in the platform config dir. Qt-free.

A damaged settings file must never cost the user anything: it is copied aside
(``settings.json.damaged``), the defaults are used for what could not be read,
and a warning says so. Keys this version does not know are kept on save.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from rapport import paths
from rapport.analysis.engine import AnalysisSettings

SETTINGS_FILE = "settings.json"
GRAMMAR_BACKENDS = ("off", "offline", "local", "server")


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
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if name == "grammar_backend":
        return value in GRAMMAR_BACKENDS
    return isinstance(value, str)


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The saved settings and any warnings about what could not be read."""
    path = path or settings_path()
    defaults = Settings()
    try:
        raw_text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return defaults, []
    except (OSError, UnicodeDecodeError) as error:
        return defaults, [f"Could not read settings file {path} ({error}); using defaults."]
    try:
        data = json.loads(raw_text)
        if not isinstance(data, dict):
            raise ValueError("the top level is not an object")
    except ValueError as error:
        backup = _keep_damaged_copy(path, raw_text)
        return defaults, [
            f"Settings file {path} is damaged ({error}); using defaults. "
            f"The damaged file was kept as {backup.name}."
        ]
    warnings: list[str] = []
    values: dict[str, Any] = {}
    known = {f.name for f in fields(Settings)} - {"unknown"}
    for name in known:
        if name not in data:
            continue
        default = getattr(defaults, name)
        if _valid(name, data[name], default):
            value = data[name]
            values[name] = float(value) if isinstance(default, float) else value
        else:
            warnings.append(
                f"Setting {name!r} in {path} has an invalid value {data[name]!r}; "
                f"using the default {default!r}."
            )
    unknown = {key: value for key, value in data.items() if key not in known}
    return Settings(**values, unknown=unknown), warnings


def _keep_damaged_copy(path: Path, raw_text: str) -> Path:
    backup = path.with_name(path.name + ".damaged")
    with contextlib.suppress(OSError):
        paths.write_private_file(backup, raw_text)
    return backup


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically: a crash mid-save leaves the old file intact."""
    path = path or settings_path()
    data = asdict(settings)
    unknown = data.pop("unknown")
    data = {**unknown, **data}
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` atomically and owner-only (see ``paths.write_private_file``)."""
    paths.write_private_file(path, text)


def load_analysis_settings() -> tuple[AnalysisSettings, list[str]]:
    settings, warnings = load_settings()
    return settings.analysis_settings(), warnings

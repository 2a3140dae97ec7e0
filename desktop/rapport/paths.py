"""The one place that decides where Rapport's files live.

Every lookup follows the same order, so a source checkout, ``pip install .`` and
a frozen PyInstaller bundle all behave alike:

1. an environment override (``RAPPORT_RESOURCES_DIR``, ``RAPPORT_CONFIG_DIR``,
   ``RAPPORT_DATA_DIR``) for tests and scripts;
2. a frozen bundle (``sys._MEIPASS``);
3. the installed package (``rapport._resources``);
4. the source checkout (``<repo>/resources``).

Nothing here touches the disk at import time; directories are created only
when a caller asks for them with ``ensure=True``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Rapport"
APP_AUTHOR = "Rapport"

RESOURCES_ENV = "RAPPORT_RESOURCES_DIR"
CONFIG_ENV = "RAPPORT_CONFIG_DIR"
DATA_ENV = "RAPPORT_DATA_DIR"

# A file every complete resources folder carries, so a half-copied folder is skipped.
_RESOURCE_MARKER = Path("rules")


class ResourcesNotFound(RuntimeError):
    """Raised when no candidate folder holds Rapport's resources."""


def _resource_candidates() -> list[tuple[str, Path]]:
    candidates: list[tuple[str, Path]] = []
    override = os.environ.get(RESOURCES_ENV)
    if override:
        candidates.append(("env", Path(override)))
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        candidates.append(("frozen", Path(frozen_root) / "resources"))
    installed = Path(__file__).resolve().parent / "_resources"
    candidates.append(("installed", installed))
    checkout = Path(__file__).resolve().parents[2] / "resources"
    candidates.append(("checkout", checkout))
    return candidates


def resources_dir() -> Path:
    """The folder holding rule packs, icons, styles and dictionaries."""
    for source, candidate in _resource_candidates():
        if (candidate / _RESOURCE_MARKER).is_dir():
            return candidate
        if source == "env":
            raise ResourcesNotFound(
                f"{RESOURCES_ENV}={candidate} has no '{_RESOURCE_MARKER}' folder in it."
            )
    tried = ", ".join(str(path) for _, path in _resource_candidates())
    raise ResourcesNotFound(f"Rapport's resources were not found (looked in: {tried}).")


def resource_path(*parts: str) -> Path:
    """A path inside the resources folder, e.g. ``resource_path("rules", "en.toml")``."""
    return resources_dir().joinpath(*parts)


def _user_dir(env_name: str, kind: str, ensure: bool) -> Path:
    override = os.environ.get(env_name)
    if override:
        path = Path(override)
    else:
        import platformdirs  # imported lazily: only needed without an override

        if kind == "config":
            path = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
        else:
            path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    if ensure:
        path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir(ensure: bool = False) -> Path:
    """Where settings and user rule packs live (``RAPPORT_CONFIG_DIR`` overrides)."""
    return _user_dir(CONFIG_ENV, "config", ensure)


def data_dir(ensure: bool = False) -> Path:
    """Where drafts, notes and the personal dictionary live (``RAPPORT_DATA_DIR`` overrides)."""
    return _user_dir(DATA_ENV, "data", ensure)


def user_rules_dir() -> Path:
    """Rule packs a user adds; loaded after the shipped packs."""
    return config_dir() / "rules"

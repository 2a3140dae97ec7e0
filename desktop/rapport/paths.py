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

What Rapport writes is private (drafts, notes, settings): every file is created
owner-only (0600) and every folder 0700, through :func:`private_dir`,
:func:`write_private_file` and :func:`make_private_file`, without touching the
process umask. Folders that already exist are tightened only when they are the data
or config folder or inside one, never a folder the user chose for an export.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

APP_NAME = "Rapport"
APP_AUTHOR = "Rapport"

RESOURCES_ENV = "RAPPORT_RESOURCES_DIR"
CONFIG_ENV = "RAPPORT_CONFIG_DIR"
DATA_ENV = "RAPPORT_DATA_DIR"

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

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
        private_dir(path)
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


# ----- private files and folders ----------------------------------------------------


def _tighten(path: Path, mode: int) -> None:
    """Set ``mode`` unless it is set; a path we do not own is left as it is."""
    with contextlib.suppress(OSError):
        if stat.S_IMODE(path.stat().st_mode) != mode:
            os.chmod(path, mode)


def _own_folders(path: Path) -> list[Path]:
    """The data or config folder holding ``path``, and every folder from it down to it."""
    target = Path(os.path.abspath(path))
    for root in (data_dir(), config_dir()):
        root = Path(os.path.abspath(root))
        if target == root or root in target.parents:
            inner = [target, *(p for p in target.parents if root in p.parents)]
            return [root, *reversed([p for p in inner if p != root])]
    return []


def private_dir(path: Path) -> Path:
    """Make ``path`` (and any missing parents) a folder only its owner can enter.

    New folders are 0700. An existing folder is set to 0700 when it is Rapport's own
    (the data or config folder, or inside one), as an older Rapport left it 0755.
    """
    path = Path(path)
    missing: list[Path] = []
    current = path
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another Rapport made it meanwhile
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        _tighten(folder, PRIVATE_DIR_MODE)  # mkdir's mode is narrowed by the umask only
    for folder in _own_folders(path):
        _tighten(folder, PRIVATE_DIR_MODE)
    return path


def make_private_file(path: Path) -> None:
    """Make an existing file owner-only (0600): for files another library created."""
    _tighten(Path(path), PRIVATE_FILE_MODE)


def write_private_file(path: Path, data: str | bytes) -> None:
    """Write ``path`` atomically, owner-only (0600) from its first byte.

    A temp file in the same folder is written, flushed to disk and renamed over
    ``path``, so a crash leaves the old file or the new one, never half of one. Text
    is written as UTF-8, with newlines as given.
    """
    path = Path(path)
    private_dir(path.parent)
    # mkstemp creates the file 0600 whatever the umask.
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data.encode("utf-8") if isinstance(data, str) else data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise

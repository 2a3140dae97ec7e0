"""Where a LanguageTool server is on disk, which Java runs it, and the environment it runs in.

Looked up in this order: the folder chosen in Settings, ``LTP_JAR_DIR_PATH``, the
folder bundled with the app (``installer/build.py --languagetool DIR`` puts one in
the frozen bundle as ``languagetool/``), then language-tool-python's download cache.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

JAR_NAMES = ("languagetool-server.jar", "languagetool.jar")
MIN_JAVA = 17
#: The folder of the frozen bundle that holds a bundled LanguageTool.
BUNDLED_FOLDER = "languagetool"


@dataclass(frozen=True, slots=True)
class LanguageToolInstall:
    """A LanguageTool folder on disk with its server jar."""

    directory: Path
    jar: Path
    source: str  # "settings", "LTP_JAR_DIR_PATH", "bundled" or "download cache"


def download_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """language-tool-python's download folder (``LTP_PATH``, else ~/.cache/language_tool_python)."""
    env = os.environ if env is None else env
    override = env.get("LTP_PATH")
    return Path(override) if override else Path.home() / ".cache" / "language_tool_python"


def _jar_in(directory: Path) -> Path | None:
    for name in JAR_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def _version_key(path: Path) -> tuple[int, ...]:
    numbers = re.findall(r"\d+", path.name)
    return tuple(int(number) for number in numbers)


def find_languagetool(
    languagetool_dir: str = "", env: Mapping[str, str] | None = None
) -> LanguageToolInstall | None:
    """The LanguageTool to run: settings, LTP_JAR_DIR_PATH, the bundled one, the cache."""
    env = os.environ if env is None else env
    bundled = bundled_languagetool_dir()
    for source, folder in (
        ("settings", languagetool_dir),
        ("LTP_JAR_DIR_PATH", env.get("LTP_JAR_DIR_PATH", "")),
        ("bundled", str(bundled) if bundled is not None else ""),
    ):
        if folder:
            directory = Path(folder).expanduser()
            jar = _jar_in(directory)
            if jar is not None:
                return LanguageToolInstall(directory, jar, source)
    cache = download_cache_dir(env)
    if cache.is_dir():
        folders = sorted(
            (path for path in cache.glob("LanguageTool*") if path.is_dir()),
            key=_version_key,
            reverse=True,
        )
        for directory in folders:
            jar = _jar_in(directory)
            if jar is not None:
                return LanguageToolInstall(directory, jar, "download cache")
    return None


def java_major_version(java: str) -> int | None:
    """The major version of a ``java`` executable (17 for "17.0.15"), None if unknown."""
    try:
        completed = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', completed.stderr + completed.stdout)
    if not found:
        return None
    major = int(found.group(1))
    if major == 1 and found.group(2):  # "1.8.0_392" is Java 8
        major = int(found.group(2))
    return major


def bundled_languagetool_dir() -> Path | None:
    """The LanguageTool folder inside the frozen bundle, if the app was built with one."""
    root = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or not root:
        return None
    folder = Path(root) / BUNDLED_FOLDER
    return folder if folder.is_dir() else None


def child_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for Java: the user's own, not the frozen bundle's.

    PyInstaller's bootloader points ``LD_LIBRARY_PATH`` at the bundle's libraries and
    keeps the user's value in ``LD_LIBRARY_PATH_ORIG``. Java started with the bundle's
    path loads the bundle's copies of system libraries (libz, libstdc++) in place of
    its own, so the user's value is put back, as PyInstaller's documentation advises.
    """
    environment = dict(os.environ if env is None else env)
    if getattr(sys, "frozen", False):
        original = environment.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is not None:
            environment["LD_LIBRARY_PATH"] = original
        else:
            environment.pop("LD_LIBRARY_PATH", None)
    return environment

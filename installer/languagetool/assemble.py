"""Assemble a LanguageTool server folder from Maven Central, once, into a cache folder.

    python3 installer/languagetool/assemble.py [--version 6.7] [--cache DIR]

Needs Java 17+ to run the result and Maven (``mvn``) to fetch it. Maven copies
``org.languagetool:languagetool-server`` and ``language-en`` with their
dependencies (see pom.xml beside this file) into
``<cache>/LanguageTool-<version>/``, and this script adds ``languagetool-server.jar``:
a jar holding only a manifest whose ``Class-Path`` names every other jar, which is
the entry point Rapport's local server runs (``java -cp languagetool-server.jar
org.languagetool.server.HTTPServer``), exactly as in LanguageTool's own zip.

The cache is ``$RAPPORT_LT_CACHE``, else ``~/.cache/rapport-languagetool``: outside
the repository, so nothing downloaded can be committed. A second run with the
folder complete does no network work. The folder's path is the last line printed
on stdout (``export LTP_JAR_DIR_PATH=$(python3 installer/languagetool/assemble.py)``);
progress and errors go to stderr, and any failure exits non-zero.
Standard library only: it runs before the project's virtual environment exists.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
DEFAULT_VERSION = "6.7"
CACHE_ENV = "RAPPORT_LT_CACHE"
LAUNCHER = "languagetool-server.jar"
SERVER_CLASS = "org.languagetool.server.HTTPServer"
#: Written last: a folder without it is a run that was interrupted, and is redone.
COMPLETE_MARKER = ".assembled"


class AssemblyFailed(RuntimeError):
    """Maven or Java is missing, or Maven could not fetch LanguageTool."""


def default_cache() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    return Path.home() / ".cache" / "rapport-languagetool"


def manifest(class_path: list[str]) -> bytes:
    """A jar manifest: lines of at most 72 bytes, longer ones continued after a space."""

    def wrapped(line: str) -> bytes:
        data = line.encode("utf-8")
        pieces = [data[:72]]
        data = data[72:]
        while data:
            pieces.append(b" " + data[:71])
            data = data[71:]
        return b"\r\n".join(pieces) + b"\r\n"

    lines = [
        "Manifest-Version: 1.0",
        "Created-By: Rapport installer/languagetool/assemble.py",
        f"Main-Class: {SERVER_CLASS}",
        "Class-Path: " + " ".join(class_path),
    ]
    return b"".join(wrapped(line) for line in lines) + b"\r\n"


def write_launcher(folder: Path) -> Path:
    """languagetool-server.jar: the manifest naming every jar beside it."""
    jars = sorted(path.name for path in folder.glob("*.jar") if path.name != LAUNCHER)
    if not any(name.startswith("languagetool-server-") for name in jars):
        raise AssemblyFailed(f"Maven copied no languagetool-server jar into {folder}")
    launcher = folder / LAUNCHER
    with zipfile.ZipFile(launcher, "w", zipfile.ZIP_DEFLATED) as jar:
        jar.writestr("META-INF/MANIFEST.MF", manifest(jars))
    return launcher


def is_complete(folder: Path) -> bool:
    marker = folder / COMPLETE_MARKER
    if not marker.is_file() or not (folder / LAUNCHER).is_file():
        return False
    expected = marker.read_text(encoding="utf-8").split()
    return bool(expected) and all((folder / name).is_file() for name in expected)


def fetch_with_maven(version: str, into: Path) -> None:
    """``mvn dependency:copy-dependencies`` of pom.xml into ``into`` (loud on failure)."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise AssemblyFailed("Maven (mvn) is not installed; on Debian: apt install maven")
    if shutil.which("java") is None:
        raise AssemblyFailed("Java is not installed; LanguageTool needs Java 17 or newer")
    command = [
        mvn,
        "--batch-mode",
        "--no-transfer-progress",
        "--file",
        str(POM),
        f"-Dlanguagetool.version={version}",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={into}",
    ]
    print(f"assemble: fetching LanguageTool {version} from Maven Central…", file=sys.stderr)
    completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if completed.returncode != 0:
        tail = "\n".join(completed.stdout.strip().splitlines()[-25:])
        raise AssemblyFailed(f"Maven failed (exit code {completed.returncode}):\n{tail}")


def assemble(version: str, cache: Path) -> Path:
    """The complete folder for ``version`` in ``cache``, fetched only if not there yet."""
    folder = cache / f"LanguageTool-{version}"
    if is_complete(folder):
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    # Fetched beside the final folder and renamed into place, so an interrupted run
    # never leaves a folder that looks usable.
    staging = Path(tempfile.mkdtemp(prefix=f".LanguageTool-{version}-", dir=cache))
    try:
        fetch_with_maven(version, staging)
        write_launcher(staging)
        jars = sorted(path.name for path in staging.glob("*.jar"))
        (staging / COMPLETE_MARKER).write_text("\n".join(jars) + "\n", encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return folder


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.iterdir() if path.is_file()) / 1_000_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=DEFAULT_VERSION, help="LanguageTool version")
    parser.add_argument(
        "--cache", type=Path, default=None, help=f"cache folder (default: ${CACHE_ENV} or ~/.cache)"
    )
    args = parser.parse_args(argv)
    cache = args.cache.expanduser() if args.cache else default_cache()
    try:
        folder = assemble(args.version, cache)
    except (AssemblyFailed, OSError) as problem:
        print(f"assemble: LanguageTool could not be assembled: {problem}", file=sys.stderr)
        return 1
    jars = len(list(folder.glob("*.jar")))
    print(f"assemble: {folder} ({jars} jars, {folder_mb(folder):.1f} MB)", file=sys.stderr)
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""installer/languagetool/assemble.py: fetched once, reused without Maven, loud when it fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "installer" / "languagetool" / "assemble.py"
JAR_DIR = os.environ.get("LTP_JAR_DIR_PATH", "")
REQUIRED = os.environ.get("RAPPORT_REQUIRE_LANGUAGETOOL", "") == "1"

sys.path.insert(0, str(SCRIPT.parent))
import assemble  # noqa: E402


def run_without_maven(cache: Path) -> subprocess.CompletedProcess[str]:
    """The script with a PATH that has python but neither mvn nor anything else."""
    bin_dir = cache.parent / "bin-no-maven"
    bin_dir.mkdir(exist_ok=True)
    java = shutil.which("java")
    if java and not (bin_dir / "java").exists():
        (bin_dir / "java").symlink_to(java)
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--cache", str(cache)],
        capture_output=True,
        text=True,
        env={"PATH": str(bin_dir), "HOME": str(cache.parent)},
        timeout=60,
        check=False,
    )


def test_the_manifest_class_path_survives_line_wrapping() -> None:
    jars = [f"some-rather-long-library-name-{number}-1.2.3.jar" for number in range(40)]
    text = assemble.manifest(jars).decode("utf-8")
    physical = text.split("\r\n")
    assert all(len(line.encode()) <= 72 for line in physical)
    # Continuation lines start with one space, which the reader drops.
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        elif line:
            logical.append(line)
    assert "Main-Class: org.languagetool.server.HTTPServer" in logical
    class_path = next(line for line in logical if line.startswith("Class-Path: "))
    assert class_path.removeprefix("Class-Path: ").split(" ") == jars


def test_without_maven_it_fails_loudly(tmp_path: Path) -> None:
    completed = run_without_maven(tmp_path / "cache")
    assert completed.returncode == 1
    assert "Maven (mvn) is not installed" in completed.stderr
    assert completed.stdout == ""  # nothing a caller could mistake for a folder
    assert not (tmp_path / "cache" / f"LanguageTool-{assemble.DEFAULT_VERSION}").exists()


def test_a_half_assembled_folder_is_not_taken_for_a_complete_one(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / f"LanguageTool-{assemble.DEFAULT_VERSION}"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "languagetool-server-6.7.jar", "w") as jar:
        jar.writestr("x", "")
    assemble.write_launcher(folder)  # interrupted before the marker was written
    assert not assemble.is_complete(folder)
    completed = run_without_maven(tmp_path / "cache")
    assert completed.returncode == 1  # it tried to fetch again (and had no Maven)


@pytest.mark.skipif(
    not JAR_DIR and not REQUIRED, reason="no assembled LanguageTool (LTP_JAR_DIR_PATH)"
)
def test_a_second_run_reuses_the_cache_without_maven(tmp_path: Path) -> None:
    assert JAR_DIR, "RAPPORT_REQUIRE_LANGUAGETOOL=1 but LTP_JAR_DIR_PATH is not set"
    assembled = Path(JAR_DIR)
    cache = tmp_path / "cache"
    cache.mkdir()
    # A cache like the real one, without copying 96 MB: links to its files.
    copy = cache / assembled.name
    copy.mkdir()
    for item in assembled.iterdir():
        (copy / item.name).symlink_to(item)
    completed = run_without_maven(cache)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == str(copy)
    assert "fetching" not in completed.stderr

"""Finding LanguageTool and Java on disk, and the environment Java is started with."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fake_languagetool import make_install

from rapport.grammar.lt_install import child_environment, find_languagetool, java_major_version


def test_languagetool_is_found_in_settings_then_env_then_the_download_cache(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    make_install(cache / "LanguageTool-6.4")
    newest = make_install(cache / "LanguageTool-6.10", jar="languagetool.jar")
    env_dir = make_install(tmp_path / "from-env")
    settings_dir = make_install(tmp_path / "from-settings")
    env = {"LTP_PATH": str(cache), "LTP_JAR_DIR_PATH": str(env_dir)}

    found = find_languagetool(str(settings_dir), env)
    assert found is not None and (found.directory, found.source) == (settings_dir, "settings")
    found = find_languagetool("", env)
    assert found is not None and (found.directory, found.source) == (env_dir, "LTP_JAR_DIR_PATH")
    found = find_languagetool("", {"LTP_PATH": str(cache)})
    assert found is not None and found.directory == newest
    assert found.jar.name == "languagetool.jar"
    assert find_languagetool(str(tmp_path / "empty"), {"LTP_PATH": str(tmp_path / "none")}) is None


def test_a_frozen_app_finds_the_languagetool_bundled_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "_internal"
    bundled = make_install(bundle / "languagetool")
    cache = tmp_path / "cache"
    make_install(cache / "LanguageTool-6.7")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    # Before the download cache; after what the user chose.
    found = find_languagetool("", {"LTP_PATH": str(cache)})
    assert found is not None and (found.directory, found.source) == (bundled, "bundled")
    chosen = make_install(tmp_path / "chosen")
    found = find_languagetool(str(chosen), {"LTP_PATH": str(cache)})
    assert found is not None and found.source == "settings"


def test_java_from_a_frozen_app_gets_the_users_library_path_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bootloader_env = {"LD_LIBRARY_PATH": "/opt/rapport/_internal", "LD_LIBRARY_PATH_ORIG": "/x"}
    assert child_environment(bootloader_env)["LD_LIBRARY_PATH"] == "/opt/rapport/_internal"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert child_environment(bootloader_env)["LD_LIBRARY_PATH"] == "/x"
    assert "LD_LIBRARY_PATH" not in child_environment({"LD_LIBRARY_PATH": "/opt/x/_internal"})


@pytest.mark.skipif(not Path("/usr/bin/java").exists(), reason="no Java on this machine")
def test_the_installed_java_version_is_read() -> None:
    version = java_major_version("/usr/bin/java")
    assert version is not None and version >= 8

"""The one path resolver: env override, installed/checkout resources, user dirs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rapport import paths


def test_resources_are_found_without_configuration() -> None:
    rules = paths.resource_path("rules")
    assert (rules / "en.toml").is_file()


def test_resources_env_override_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    monkeypatch.setenv(paths.RESOURCES_ENV, str(tmp_path))
    assert paths.resources_dir() == tmp_path


def test_resources_env_override_without_rules_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.RESOURCES_ENV, str(tmp_path))
    with pytest.raises(paths.ResourcesNotFound, match="RAPPORT_RESOURCES_DIR"):
        paths.resources_dir()


def test_frozen_bundle_resources_come_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(paths.resource_path("rules"), tmp_path / "resources" / "rules")
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_user_dirs_follow_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / "c"))
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path / "d"))
    assert paths.config_dir() == tmp_path / "c"
    assert not (tmp_path / "c").exists(), "asking for a path must not create it"
    assert paths.data_dir(ensure=True) == tmp_path / "d"
    assert (tmp_path / "d").is_dir()


def test_user_dirs_default_to_platform_conventions(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(paths.CONFIG_ENV)
    monkeypatch.delenv(paths.DATA_ENV)
    assert paths.config_dir() == Path(platformdirs.user_config_dir("Rapport", "Rapport"))
    assert paths.data_dir() == Path(platformdirs.user_data_dir("Rapport", "Rapport"))

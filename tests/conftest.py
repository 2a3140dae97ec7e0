"""Test-wide setup: every test gets its own config and data dirs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Qt tests run without a screen unless a test starts its own X server.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep tests away from the real user's settings, drafts and notes."""
    root: Path = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("RAPPORT_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(root / "data"))
    monkeypatch.delenv("RAPPORT_RESOURCES_DIR", raising=False)
    return root

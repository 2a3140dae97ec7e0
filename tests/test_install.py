"""`pip install .` carries resources/ into the package, and the resolver finds them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_installed_package_finds_its_own_resources(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (target / "rapport" / "_resources" / "rules" / "en.toml").is_file()
    environment = {**os.environ, "PYTHONPATH": str(target)}
    environment.pop("RAPPORT_RESOURCES_DIR", None)
    result = subprocess.run(
        [sys.executable, "-c", "import rapport.paths as p; print(p.resources_dir())"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert Path(result.stdout.strip()) == target / "rapport" / "_resources"

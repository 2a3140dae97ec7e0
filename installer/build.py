"""Build Rapport's onedir bundle, and on Linux its .tar.gz.

    python installer/build.py [--languagetool DIR] [--budget-mb 130] [--no-archive]
                              [--self-test]

Prints one figure per line (``name value unit``) at the end: build time, the size
of the bundle and archive, and with ``--self-test`` the frozen app's start time.
Exits 1 when the bundle grows past the budget, loads a library from outside
itself, or (``--self-test``) fails ``rapport --self-test`` offscreen or under Xvfb.
Windows (Inno Setup, installer/windows/) and macOS (the spec's BUNDLE) builds
follow the tools' documentation but cannot be made or tested on Linux.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "installer" / "rapport.spec"
DEFAULT_BUDGET_MB = 130.0


def folder_size(path: Path) -> int:
    """Bytes on disk, counting each symlinked library once."""
    return sum(
        item.lstat().st_size for item in path.rglob("*") if item.is_file() and not item.is_symlink()
    )


# Taken from the system on purpose, as PyInstaller does: the C library family,
# and the OpenGL/X client libraries that must match the machine's drivers and X server.
_SYSTEM_LIBRARIES = (
    *("libc.so", "libm.so", "libdl.so", "libpthread.so", "librt.so", "ld-linux"),
    *("libutil.so", "linux-vdso", "libresolv.so"),
    *("libGL.so", "libEGL.so", "libGLX.so", "libGLdispatch.so", "libOpenGL.so"),
    *("libxcb.so", "libdrm.so"),
)


def libraries_from_outside(bundle: Path) -> dict[str, set[str]]:
    """Libraries the bundle's binaries load from the system instead of the bundle.

    A library dropped from the spec but still needed shows up here; on the build
    machine the app would still start, so only this check catches it.
    """
    if shutil.which("ldd") is None:
        return {}
    outside: dict[str, set[str]] = {}
    internal = bundle / "_internal"
    environment = {**os.environ, "LD_LIBRARY_PATH": str(internal)}
    for binary in [bundle / "rapport", *internal.rglob("*.so*")]:
        if binary.is_symlink() or not binary.is_file():
            continue
        result = subprocess.run(
            ["ldd", str(binary)], capture_output=True, text=True, env=environment, check=False
        )
        for line in result.stdout.splitlines():
            name, _, target = line.strip().partition(" => ")
            target = target.split(" (")[0].strip()
            if not target or target.startswith(str(bundle)) or name.startswith(_SYSTEM_LIBRARIES):
                continue
            outside.setdefault(name, set()).add(binary.name)
    return outside


@dataclass(frozen=True)
class SelfTestRun:
    platform: str
    passed: bool
    output: str


def _run_frozen(
    command: list[str], platform: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run as a new user would: fresh config and data dirs, the given Qt platform."""
    with tempfile.TemporaryDirectory(prefix="rapport-frozen-") as scratch:
        environment = {
            **os.environ,
            **(extra or {}),
            "QT_QPA_PLATFORM": platform,
            "RAPPORT_CONFIG_DIR": str(Path(scratch) / "config"),
            "RAPPORT_DATA_DIR": str(Path(scratch) / "data"),
        }
        return subprocess.run(
            command, capture_output=True, text=True, timeout=180, env=environment, check=False
        )


def _under_xvfb(command: list[str]) -> list[str]:
    return ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -nolisten tcp", *command]


def frozen_self_tests(bundle: Path) -> list[SelfTestRun]:
    """``rapport --self-test`` from the bundle, offscreen and on a real X server (Xvfb)."""
    executable = str(bundle / "rapport")
    runs = []
    for platform, command in (
        ("offscreen", [executable, "--self-test"]),
        ("xcb", _under_xvfb([executable, "--self-test"])),
    ):
        if platform == "xcb" and shutil.which("xvfb-run") is None:
            runs.append(
                SelfTestRun(platform, False, "xvfb-run is not installed (apt install xvfb)")
            )
            continue
        result = _run_frozen(command, platform)
        output = (result.stdout + result.stderr).strip()
        runs.append(SelfTestRun(platform, result.returncode == 0, output))
    return runs


def frozen_start_seconds(bundle: Path, platform: str, runs: int = 5) -> list[float]:
    """Launch to first paint of the window, as the app reports it (see ui/app.py)."""
    executable = str(bundle / "rapport")
    seconds = []
    for _ in range(runs):
        if platform == "xcb":
            # The clock starts when the app's process does, not when xvfb-run does.
            probe = ["sh", "-c", 'RAPPORT_STARTUP_PROBE=$(date +%s.%N) exec "$0"', executable]
            command, extra = _under_xvfb(probe), {}
        else:
            command, extra = [executable], {"RAPPORT_STARTUP_PROBE": repr(time.time())}
        result = _run_frozen(command, platform, extra)
        reported = [line for line in result.stdout.splitlines() if line.startswith("window_shown_")]
        if not reported:
            print(
                f"build: no start time from the frozen app ({platform}): {result.stderr.strip()}",
                file=sys.stderr,
            )
            continue
        seconds.append(float(reported[0].split()[1]))
    return seconds


def build_bundle(dist: Path, work: Path, languagetool: Path | None) -> Path:
    environment = dict(os.environ)
    if languagetool is not None:
        environment["RAPPORT_BUNDLE_LANGUAGETOOL"] = str(languagetool)
    else:
        environment.pop("RAPPORT_BUNDLE_LANGUAGETOOL", None)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]
    subprocess.run(command, check=True, env=environment, cwd=REPO)
    return dist / "rapport"


def linux_archive(bundle: Path, dist: Path, version: str) -> Path:
    """rapport-VERSION-linux-ARCH.tar.gz: the bundle plus desktop integration."""
    machine = os.uname().machine
    name = f"rapport-{version}-linux-{machine}"
    staging = dist / name
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(bundle, staging / "rapport", symlinks=True)
    linux = REPO / "installer" / "linux"
    for item in ("rapport.desktop", "install.sh", "uninstall.sh", "README.txt"):
        shutil.copy2(linux / item, staging / item)
    icons = REPO / "resources" / "icons"
    (staging / "icons").mkdir()
    for icon in sorted(icons.glob("rapport*.png")) + sorted(icons.glob("rapport*.svg")):
        shutil.copy2(icon, staging / "icons" / icon.name)
    archive = dist / f"{name}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(staging, arcname=name)
    shutil.rmtree(staging)
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--languagetool",
        type=Path,
        metavar="DIR",
        help="a LanguageTool folder to bundle for fully offline grammar checks",
    )
    parser.add_argument("--budget-mb", type=float, default=DEFAULT_BUDGET_MB)
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    parser.add_argument("--no-archive", action="store_true", help="skip the .tar.gz")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="run the frozen rapport --self-test offscreen and under Xvfb, and time its start",
    )
    args = parser.parse_args(argv)

    languagetool_jar = args.languagetool / "languagetool-server.jar" if args.languagetool else None
    if languagetool_jar is not None and not languagetool_jar.is_file():
        print(
            f"build: {args.languagetool} is not a LanguageTool folder "
            "(no languagetool-server.jar in it)",
            file=sys.stderr,
        )
        return 2

    sys.path.insert(0, str(REPO / "desktop"))
    from rapport import __version__

    started = time.perf_counter()
    bundle = build_bundle(args.dist, REPO / "build" / "pyinstaller", args.languagetool)
    seconds = time.perf_counter() - started
    size_mb = folder_size(bundle) / 1_000_000
    # The budget is for Rapport itself; a bundled LanguageTool is large on purpose and
    # is measured apart (what the bundle holds of it, its own folder inside _internal).
    languagetool_mb = 0.0
    if args.languagetool is not None:
        languagetool_mb = folder_size(bundle / "_internal" / "languagetool") / 1_000_000
    app_mb = size_mb - languagetool_mb

    outside = libraries_from_outside(bundle)
    for library, users in sorted(outside.items()):
        print(
            f"build: {library} is loaded from the system by {', '.join(sorted(users))}",
            file=sys.stderr,
        )
    print(f"build_seconds {seconds:.1f} s")
    print(f"bundle_size {size_mb:.1f} MB")
    if args.languagetool is not None:
        print(f"bundle_app_size {app_mb:.1f} MB (budget {args.budget_mb:g} MB)")
        print(f"bundle_languagetool_size {languagetool_mb:.1f} MB (not in the budget)")
    if sys.platform.startswith("linux") and not args.no_archive:
        archive = linux_archive(bundle, args.dist, __version__)
        print(f"archive_size {archive.stat().st_size / 1_000_000:.1f} MB")
        print(f"archive {archive}")
    print(f"bundle {bundle}")

    failed_self_tests = []
    if args.self_test:
        for run in frozen_self_tests(bundle):
            print(f"build: frozen self-test ({run.platform}): {run.output}", file=sys.stderr)
            if not run.passed:
                failed_self_tests.append(run.platform)
        for platform in ("offscreen", "xcb"):
            if platform == "xcb" and shutil.which("xvfb-run") is None:
                continue
            seconds = frozen_start_seconds(bundle, platform)
            if seconds:
                print(
                    f"frozen_start_to_window_{platform}_median {statistics.median(seconds):.2f} s"
                )
                print(f"frozen_start_to_window_{platform}_max {max(seconds):.2f} s")

    if outside:
        print("build: the bundle is not self-contained (see above)", file=sys.stderr)
        return 1
    if failed_self_tests:
        print(
            f"build: the frozen self-test failed: {', '.join(failed_self_tests)}", file=sys.stderr
        )
        return 1
    if app_mb > args.budget_mb:
        without = " without LanguageTool" if args.languagetool is not None else ""
        print(
            f"build: the bundle is {app_mb:.1f} MB{without}, over the {args.budget_mb:g} MB budget",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

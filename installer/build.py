"""Build Rapport's onedir bundle, and on Linux its .tar.gz.

    python installer/build.py [--languagetool DIR] [--budget-mb 120] [--no-archive]

Prints one figure per line (``name value unit``) at the end: build time and the
size of the bundle and archive. Exits 1 when the bundle grows past the budget.
Windows (Inno Setup, installer/windows/) and macOS (the spec's BUNDLE) builds
follow the tools' documentation but cannot be made or tested on Linux.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "installer" / "rapport.spec"
DEFAULT_BUDGET_MB = 120.0


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

    outside = libraries_from_outside(bundle)
    for library, users in sorted(outside.items()):
        print(
            f"build: {library} is loaded from the system by {', '.join(sorted(users))}",
            file=sys.stderr,
        )
    print(f"build_seconds {seconds:.1f} s")
    print(f"bundle_size {size_mb:.1f} MB")
    if sys.platform.startswith("linux") and not args.no_archive:
        archive = linux_archive(bundle, args.dist, __version__)
        print(f"archive_size {archive.stat().st_size / 1_000_000:.1f} MB")
        print(f"archive {archive}")
    print(f"bundle {bundle}")

    # LanguageTool is large on purpose; the budget is for Rapport itself.
    budget_size = size_mb
    if args.languagetool is not None:
        budget_size -= folder_size(args.languagetool) / 1_000_000
    if outside:
        print("build: the bundle is not self-contained (see above)", file=sys.stderr)
        return 1
    if budget_size > args.budget_mb:
        print(
            f"build: the bundle is {budget_size:.1f} MB, over the {args.budget_mb:g} MB budget",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

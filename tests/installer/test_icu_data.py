"""The bundle's slimmed ICU data: smaller, and Qt still sorts and cases text with it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
QT_LIBRARIES = Path(__import__("PySide6").__file__).parent / "Qt" / "lib"

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not list(QT_LIBRARIES.glob("libicudata.so.*")),
    reason="PySide6 ships its own ICU only on Linux",
)


def _icu_data():
    """installer/ is not a package; load its module by path (once)."""
    if "icu_data" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "icu_data", REPO / "installer" / "icu_data.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules["icu_data"] = module  # dataclasses look their module up while defining
        spec.loader.exec_module(module)
    return sys.modules["icu_data"]


def _shipped_library() -> Path:
    return next(path for path in QT_LIBRARIES.glob("libicudata.so.*") if not path.is_symlink())


def _needs_binutils() -> None:
    missing = [tool for tool in ("nm", "as", "ld") if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"binutils is needed to build the bundle; missing {missing} (apt install binutils)"
        )


def test_reading_and_writing_common_data_keeps_every_item() -> None:
    _needs_binutils()
    icu_data = _icu_data()
    library = _shipped_library()
    symbol = icu_data.find_data_symbol(library)
    blob = library.read_bytes()[symbol.file_offset : symbol.file_offset + symbol.size]
    common = icu_data.read_common_data(blob)
    rewritten = icu_data.read_common_data(icu_data.write_common_data(common))
    assert len(common.items) > 1000
    assert rewritten == common


def test_the_filter_keeps_english_and_the_core_tables_and_drops_the_rest() -> None:
    keep = _icu_data().keep_item
    for kept in (
        "icudt73l/root.res",
        "icudt73l/en.res",
        "icudt73l/en_GB.res",
        "icudt73l/res_index.res",
        "icudt73l/pool.res",
        "icudt73l/coll/ucadata.icu",
        "icudt73l/coll/en.res",
        "icudt73l/uprops.icu",
        "icudt73l/nfkc.nrm",
        "icudt73l/zoneinfo64.res",
        "icudt73l/brkitr/word.brk",
    ):
        assert keep(kept), kept
    for dropped in (
        "icudt73l/de.res",
        "icudt73l/zh_Hant_TW.res",
        "icudt73l/coll/sv.res",
        "icudt73l/ibm-943_P15A-2003.cnv",
        "icudt73l/translit/el_Latn.res",
        "icudt73l/brkitr/cjdict.dict",
    ):
        assert not keep(dropped), dropped


PROBE = """
from PySide6.QtCore import QCollator, QLocale
maps = open("/proc/self/maps").read()
print(any(line.endswith("{folder}/{name}") for line in maps.splitlines()))
print(QCollator(QLocale("en_US")).compare("apple", "Banana") < 0)
print(QLocale("tr_TR").toUpper("istanbul"))
"""


def test_qt_sorts_and_cases_text_with_the_slim_library(tmp_path: Path) -> None:
    _needs_binutils()
    library = _shipped_library()
    slim = _icu_data().shrink_library(library, tmp_path)
    assert slim.stat().st_size < library.stat().st_size / 4
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(folder=tmp_path, name=library.name)],
        capture_output=True,
        text=True,
        timeout=60,
        # Ahead of the libraries' $ORIGIN run path, as the bundle's copy is.
        env={**os.environ, "LD_LIBRARY_PATH": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded_slim, sorts_by_letter, turkish_upper = result.stdout.split()
    assert loaded_slim == "True"
    assert sorts_by_letter == "True"  # code-point order would put "Banana" first
    assert turkish_upper == "İSTANBUL"


def test_a_library_without_icu_data_is_refused(tmp_path: Path) -> None:
    _needs_binutils()
    not_icu = tmp_path / "libnot.so"
    shutil.copy(QT_LIBRARIES / "libQt6Core.so.6", not_icu)
    with pytest.raises(ValueError, match="icudtNN_dat"):
        _icu_data().find_data_symbol(not_icu)

"""Shrink the ICU data library that PySide6 ships on Linux to the data Rapport can use.

PySide6's Linux wheels carry ICU with all of its data: ``libicudata.so.73`` alone is
32 MB, a fifth of the bundle. Qt uses ICU only for collation, locale-aware case
mapping, time zones and legacy text codecs, and Rapport's interface is English. So
the bundle keeps the core tables (character properties, normalisation, collation
rules, time-zone rules), the root and English locale data, and drops the other
locales, the legacy codepage converters, transliteration and the Chinese/Thai word
dictionaries. A locale that is missing falls back to root, which is ICU's
documented behaviour (the same as a build filtered with ICU's data build tool).

The data sits in the library as one ICU "common data" blob (``icudtNN_dat``). It is
read out with the ELF headers, filtered item by item, and linked into a new library
of the same name with ``as`` and ``ld`` from binutils, which PyInstaller already
needs on Linux to strip binaries.

    python installer/icu_data.py LIBICUDATA OUTPUT_DIR   # prints the sizes
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

_ALIGNMENT = 16  # ICU aligns every item, and the blob, to 16 bytes
_LOCALE_NAME = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")
_KEPT_LOCALES = re.compile(r"^(root|en|en_[A-Za-z0-9_]+)\.res$")
# Bundles that look like locale names but index or share data for all of them.
_LOCALE_INDEXES = {"res_index.res", "pool.res"}


@dataclass(frozen=True)
class DataItem:
    """One file inside ICU's common data, such as ``icudt73l/coll/en.res``."""

    name: str
    data: bytes


@dataclass(frozen=True)
class CommonData:
    header: bytes
    items: list[DataItem]


@dataclass(frozen=True)
class DataSymbol:
    name: str
    file_offset: int
    size: int


def _padded(length: int) -> int:
    return (length + _ALIGNMENT - 1) // _ALIGNMENT * _ALIGNMENT


def read_common_data(blob: bytes) -> CommonData:
    """Split a ``CmnD`` blob into its header and items (ICU's ``udatamem`` layout)."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    # MappedData's magic bytes, then UDataInfo whose dataFormat sits at byte 12.
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD":
        raise ValueError("not ICU common data (no CmnD header)")
    toc = header_size
    count = struct.unpack_from("<I", blob, toc)[0]
    entries = [struct.unpack_from("<II", blob, toc + 4 + 8 * index) for index in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name_start = toc + name_offset
        name = blob[name_start : blob.index(b"\0", name_start)].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(blob) - toc
        items.append(DataItem(name, blob[toc + data_offset : toc + end]))
    return CommonData(blob[:header_size], items)


def write_common_data(common: CommonData) -> bytes:
    """The inverse of :func:`read_common_data`; items keep their (sorted) order."""
    count = len(common.items)
    names = b"".join(item.name.encode("ascii") + b"\0" for item in common.items)
    table_size = 4 + 8 * count
    data_start = _padded(len(common.header) + table_size + len(names)) - len(common.header)
    entries = []
    name_offset, data_offset = table_size, data_start
    for item in common.items:
        entries.append((name_offset, data_offset))
        name_offset += len(item.name) + 1
        data_offset += _padded(len(item.data))
    table = struct.pack("<I", count) + b"".join(struct.pack("<II", *entry) for entry in entries)
    body = table + names
    body += b"\0" * (data_start - len(body))
    for item in common.items:
        body += item.data + b"\0" * (_padded(len(item.data)) - len(item.data))
    return common.header + body


def keep_item(name: str) -> bool:
    """Whether an item is worth its bytes to Rapport (see the module's docstring)."""
    path = name.split("/", 1)[1] if "/" in name else name
    folder, _, leaf = path.rpartition("/")
    if leaf.endswith(".cnv") or folder == "translit" or leaf.endswith(".dict"):
        return False
    if leaf in _LOCALE_INDEXES or not _LOCALE_NAME.match(leaf):
        return True
    return bool(_KEPT_LOCALES.match(leaf))


def find_data_symbol(library: Path) -> DataSymbol:
    """Where the ``icudtNN_dat`` blob sits in the library file."""
    listing = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", listing, re.MULTILINE)
    if match is None:
        raise ValueError(f"{library} exports no icudtNN_dat symbol")
    address, size, name = int(match[1], 16), int(match[2], 16), match[3]
    content = library.read_bytes()
    program_headers, entry_size, entry_count = (
        struct.unpack_from("<Q", content, 0x20)[0],
        *struct.unpack_from("<HH", content, 0x36),
    )
    for index in range(entry_count):
        kind, _, offset, virtual, _, file_size, _, _ = struct.unpack_from(
            "<IIQQQQQQ", content, program_headers + index * entry_size
        )
        if kind == 1 and virtual <= address < virtual + file_size:  # PT_LOAD
            return DataSymbol(name, address - virtual + offset, size)
    raise ValueError(f"{library}: {name} is not in a loaded segment")


def link_data_library(blob: bytes, symbol: str, soname: str, output: Path) -> None:
    """A shared library exporting ``symbol`` = ``blob``, as ICU's pkgdata makes it."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "data.bin").write_bytes(blob)
        (folder / "data.s").write_text(
            '\t.section .note.GNU-stack,"",%progbits\n'
            "\t.section .rodata\n"
            f"\t.balign {_ALIGNMENT}\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol},%object\n"
            f"{symbol}:\n"
            '\t.incbin "data.bin"\n'
            f"\t.size {symbol}, .-{symbol}\n"
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=folder, check=True)
        output.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-o", str(output.resolve()), "data.o"],
            cwd=folder,
            check=True,
        )


def shrink_library(library: Path, output_dir: Path) -> Path:
    """Write the slimmed library, under the same file name, into ``output_dir``."""
    symbol = find_data_symbol(library)
    content = library.read_bytes()
    common = read_common_data(content[symbol.file_offset : symbol.file_offset + symbol.size])
    kept = CommonData(common.header, [item for item in common.items if keep_item(item.name)])
    output = output_dir / library.name
    link_data_library(write_common_data(kept), symbol.name, library.name, output)
    return output


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    library, output_dir = Path(argv[0]), Path(argv[1])
    output = shrink_library(library, output_dir)
    print(f"icu_data_before {library.stat().st_size / 1_000_000:.1f} MB")
    print(f"icu_data_after {output.stat().st_size / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

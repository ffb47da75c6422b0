"""Shrink the ICU data library that Qt's wheels ship (``libicudata.so.NN``, 32 of the bundle's MB).

QtCore links ICU, so the library must exist, but the reader needs little of its data: Qt
has its own locale, calendar, text-boundary and Unicode-property tables, ICU's case mapping is
compiled into ``libicuuc``, and Python decodes the page files; only the few places listed at
``KEEP`` still reach ICU data, for Chinese and English. The whole ICU data package
is one exported array, ``icudtNN_dat`` (ICU's "common data" format: a header, a table of
named items, the items). This module rewrites that array keeping only the items listed in
``KEEP`` and links it into a new library with the same name (binutils' ``as`` and ``ld``),
so the dynamic linker and ICU both accept it unchanged. An item ICU looks for and does not
find is an ordinary ICU error that Qt already handles (the same as a Qt built without ICU).

Usage: ``python packaging/icu_data.py LIBICUDATA [--list]`` rewrites the file in place
(``--list`` prints the items and their sizes instead).
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import shutil
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Items worth their bytes (patterns over names without the ``icudtNNl/`` prefix). Qt reaches
# ICU data in three places a reader of Chinese papers can meet: QCollator (Qt's file dialog
# sorts names with it: root, Chinese and English collation), QStringConverter for legacy
# encodings (clipboard or drops labelled GBK/GB18030/Big5: the alias table and those
# converters) and locale lookups behind both (locale index, root, Chinese and English locale
# data, likely subtags). NFKC/UTS #46 data stays for normalisation and IDNA, and the Chinese
# and English time-zone names for QTimeZone.
KEEP = (
    "cnvalias.icu",
    "gb18030.cnv",
    "ibm-1383_P110-1999.cnv",  # EUC-CN / GB2312
    "windows-936-2000.cnv",  # GBK
    "ibm-1386_P100-2001.cnv",
    "ibm-1375_P100-2008.cnv",  # Big5-HKSCS
    "windows-950-2000.cnv",
    "ibm-1373_P100-2002.cnv",  # Big5
    "res_index.res",
    "root.res",
    "zh*.res",
    "en.res",
    "en_001.res",
    "en_US*.res",
    "pool.res",
    "likelySubtags.res",
    "supplementalData.res",
    "metadata.res",
    "nfkc*.nrm",
    "uts46.nrm",
    "coll/res_index.res",
    "coll/root.res",
    "coll/ucadata.icu",
    "coll/zh*.res",
    "coll/en*.res",
    "zone/root.res",
    "zone/pool.res",
    "zone/res_index.res",
    "zone/tzdbNames.res",
    "zone/zh*.res",
    "zone/en*.res",
    "zoneinfo64.res",
    "metaZones.res",
    "timezoneTypes.res",
    "windowsZones.res",
)


@dataclass(frozen=True)
class Item:
    """One named entry of an ICU common-data package."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Package:
    """An ICU common-data package: its header bytes and its items, in name order."""

    header: bytes
    items: list[Item]

    def to_bytes(self) -> bytes:
        """Serialise like ICU's ``icupkg``: TOC of (name, data) offsets, data 16-byte aligned."""
        count = len(self.items)
        toc_size = 4 + 8 * count
        names = b"".join(item.name.encode("ascii") + b"\0" for item in self.items)
        data_start = _align(toc_size + len(names), 16)
        toc = bytearray(struct.pack("<I", count))
        name_offset, data_offset = toc_size, data_start
        blobs: list[bytes] = []
        for item in self.items:
            toc += struct.pack("<II", name_offset, data_offset)
            name_offset += len(item.name) + 1
            padded = item.data + b"\xaa" * (_align(len(item.data), 16) - len(item.data))
            blobs.append(padded)
            data_offset += len(padded)
        gap = b"\xaa" * (data_start - toc_size - len(names))  # icupkg pads with 0xaa
        body = bytes(toc) + names + gap + b"".join(blobs)
        return self.header + body


def _align(value: int, to: int) -> int:
    return (value + to - 1) // to * to


def parse_package(blob: bytes) -> Package:
    """Read a common-data package (little-endian, ``CmnD`` format)."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise ValueError("not an ICU common-data package")
    toc = blob[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name = toc[name_offset : toc.index(b"\0", name_offset)].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(toc)
        items.append(Item(name, bytes(toc[data_offset:end])))
    return Package(bytes(blob[:header_size]), items)


@dataclass(frozen=True)
class ElfSymbol:
    """Where an exported data symbol's bytes sit in its ELF file."""

    name: str
    file_offset: int
    size: int
    soname: str


def find_data_symbol(elf: bytes) -> ElfSymbol:
    """The ``icudtNN_dat`` symbol of a 64-bit little-endian ELF library."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    (shoff,) = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", elf, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize) for i in range(shnum)]
    dynsym = next(s for s in sections if s[1] == 11)  # SHT_DYNSYM
    strtab = sections[dynsym[6]]
    dynamic = next(s for s in sections if s[1] == 6)  # SHT_DYNAMIC
    for offset in range(dynsym[4], dynsym[4] + dynsym[5], 24):
        st_name, _info, _other, shndx, value, size = struct.unpack_from("<IBBHQQ", elf, offset)
        name = _cstring(elf, strtab[4] + st_name)
        if re.fullmatch(r"icudt\d+_dat", name):
            section = sections[shndx]
            file_offset = section[4] + (value - section[3])
            return ElfSymbol(name, file_offset, size, _soname(elf, dynamic, strtab))
    raise ValueError("no icudtNN_dat symbol")


def _soname(elf: bytes, dynamic: tuple, strtab: tuple) -> str:
    for offset in range(dynamic[4], dynamic[4] + dynamic[5], 16):
        tag, value = struct.unpack_from("<qQ", elf, offset)
        if tag == 14:  # DT_SONAME
            return _cstring(elf, strtab[4] + value)
    raise ValueError("library has no SONAME")


def _cstring(blob: bytes, offset: int) -> str:
    return blob[offset : blob.index(b"\0", offset)].decode("ascii")


def kept(package: Package, patterns: tuple[str, ...] = KEEP) -> Package:
    """The package with only the items whose short name matches one of ``patterns``."""
    items = [
        item
        for item in package.items
        if any(fnmatch.fnmatchcase(item.name.split("/", 1)[-1], p) for p in patterns)
    ]
    return Package(package.header, items)


def link_library(symbol: str, soname: str, data: bytes, target: Path) -> None:
    """Write ``data`` as the only exported object of a new shared library (``as`` + ``ld``)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "data.bin").write_bytes(data)
        (work / "data.s").write_text(
            f"""    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "data.bin"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
""",
            encoding="ascii",
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=work, check=True)
        # linked beside the target, then renamed over it: never a half-written library
        temporary = target.with_name(target.name + ".tmp")
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-s", "-o", str(temporary.resolve()), "data.o"],
            cwd=work,
            check=True,
        )
        temporary.replace(target)


def read_package(library: Path) -> tuple[ElfSymbol, Package]:
    """The data symbol of an ICU data library and the package it holds."""
    elf = library.read_bytes()
    symbol = find_data_symbol(elf)
    return symbol, parse_package(elf[symbol.file_offset : symbol.file_offset + symbol.size])


def shrink(library: Path, patterns: tuple[str, ...] = KEEP) -> tuple[int, int, int]:
    """Rewrite ``library`` with only the kept items; returns (items kept, bytes before, after)."""
    before = library.stat().st_size
    symbol, package = read_package(library)
    smaller = kept(package, patterns)
    link_library(symbol.name, symbol.soname, smaller.to_bytes(), library)
    return len(smaller.items), before, library.stat().st_size


TocEntry = tuple[str, str, str]


def shrink_in_toc(binaries: list[TocEntry], workdir: Path) -> list[TocEntry]:
    """PyInstaller spec hook: point the ICU data library's entry at a shrunk copy.

    Done on the spec's table (not on the finished folder) so the one-file build gets the
    small library too. Without binutils the original stays and the build says why.
    """
    missing = [tool for tool in ("as", "ld") if shutil.which(tool) is None]
    out = []
    for dest, source, kind in binaries:
        name = Path(dest).name
        if re.fullmatch(r"libicudata\.so\.\d+", name):
            if missing:
                print(f"ICU data left whole ({' and '.join(missing)} not found: install binutils)")
            else:
                workdir.mkdir(parents=True, exist_ok=True)
                copy = workdir / name
                shutil.copyfile(source, copy)
                count, before, after = shrink(copy)
                sizes = f"{before / 1e6:.1f} MB -> {after / 1e6:.1f} MB"
                print(f"ICU data: kept {count} items, {sizes}")
                source = str(copy)
        out.append((dest, source, kind))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("library", type=Path)
    parser.add_argument("--list", action="store_true", help="list the items instead")
    args = parser.parse_args()
    if args.list:
        _, package = read_package(args.library)
        for item in package.items:
            print(f"{len(item.data):>9} {item.name}")
        return 0
    count, before, after = shrink(args.library)
    print(f"{args.library.name}: kept {count} items, {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

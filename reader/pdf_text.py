"""Make the text of a PDF we wrote copy and search as the characters that were printed.

A PDF maps each glyph back to Unicode through the font's ``/ToUnicode`` CMap. Qt builds that
map by asking the font which code point a glyph belongs to and takes the *lowest* one; CJK
fonts draw a Kangxi radical (⼤ U+2F24) and its ideograph (大 U+5927) with one glyph, so the
radical wins and every 大 in the PDF copies as ⼤. Here the CMaps are corrected: a radical or
compatibility code point becomes the ideograph it stands for, as an incremental update
appended to the file (the bytes Qt wrote stay as they are; every PDF reader applies updates).
"""

from __future__ import annotations

import difflib
import logging
import re
import unicodedata
import zlib
from collections.abc import Mapping

log = logging.getLogger(__name__)

# Blocks whose characters share their glyph with an ordinary ideograph in CJK fonts
_LOOKALIKE_BLOCKS = (
    (0x2E80, 0x2EFF),  # CJK Radicals Supplement
    (0x2F00, 0x2FDF),  # Kangxi Radicals
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
)
_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_SECTION = re.compile(rb"(beginbfrange|beginbfchar)(.*?)(endbfrange|endbfchar)", re.DOTALL)


def is_lookalike(char: str) -> bool:
    """A radical or compatibility code point, never what a text meant to print."""
    return any(low <= ord(char) <= high for low, high in _LOOKALIKE_BLOCKS)


def standard_equivalent(char: str) -> str | None:
    """The ideograph Unicode itself names for a lookalike (Kangxi radicals and compatibility
    ideographs decompose to it); None where Unicode gives none (most radical supplements)."""
    if not is_lookalike(char):
        return None
    normal = unicodedata.normalize("NFKC", char)
    return normal if len(normal) == 1 and normal != char and not is_lookalike(normal) else None


def _decode_utf16_hex(token: bytes) -> str:
    return bytes.fromhex(token.decode("ascii")).decode("utf-16-be", errors="replace")


def _encode_utf16_hex(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _destination_start(line: bytes, ranged: bool) -> int | None:
    """Where the Unicode side of a CMap line begins (None: a line without one)."""
    tokens = list(_HEX.finditer(line))
    first = 2 if ranged else 1
    return tokens[first].start() if len(tokens) > first else None


def _lines(cmap: bytes):
    """(section, line, is a range, destination start) of every bfrange / bfchar line."""
    for section in _SECTION.finditer(cmap):
        ranged = section.group(1) == b"beginbfrange"
        for line in section.group(2).split(b"\n"):
            yield section, line, ranged, _destination_start(line, ranged)


def fix_cmap(cmap: bytes, replace: Mapping[str, str]) -> tuple[bytes, int]:
    """``cmap`` with each destination that is a key of ``replace`` rewritten; returns the
    new CMap and how many entries changed. Only destinations change (the glyph codes on the
    left never do); a range that maps many glyphs to consecutive code points is left alone."""
    changed = 0

    def destination(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        text = _decode_utf16_hex(match.group(1))
        if text in replace:
            changed += 1
            return _encode_utf16_hex(replace[text])
        return match.group(0)

    def fixed_line(line: bytes, ranged: bool) -> bytes:
        start = _destination_start(line, ranged)
        if start is None:
            return line
        tokens = _HEX.findall(line)
        if ranged and b"[" not in line and tokens[0] != tokens[1]:
            return line  # consecutive code points: one fix would shift the others
        return line[:start] + _HEX.sub(destination, line[start:])

    def section(match: re.Match[bytes]) -> bytes:
        ranged = match.group(1) == b"beginbfrange"
        lines = [fixed_line(line, ranged) for line in match.group(2).split(b"\n")]
        return match.group(1) + b"\n".join(lines) + match.group(3)

    return _SECTION.sub(section, cmap), changed


def lookalikes_in(data: bytes) -> set[str]:
    """Every lookalike character the PDF's ToUnicode CMaps map glyphs to."""
    return {char for char in mapped_chars(data) if is_lookalike(char)}


def mapped_chars(data: bytes) -> set[str]:
    """Every character the PDF's ToUnicode CMaps map a glyph to (the first of a range)."""
    found: set[str] = set()
    for _number, cmap, _compressed in _cmaps(data):
        for _section, line, _ranged, start in _lines(cmap):
            if start is None:
                continue
            for token in _HEX.findall(line[start:]):
                found.update(_decode_utf16_hex(token))
    return found


def misread_chars(extracted: str, printed: str) -> dict[str, str]:
    """What each wrongly mapped character of a PDF's text stands for, found by setting the
    text read back from the PDF against the text that was printed.

    Why: Qt's ToUnicode maps are wrong for more than lookalike blocks (a simplified face
    draws 户 and its map says 戶), and which glyphs go wrong depends on the font. Reading
    the PDF back and comparing is the one check that holds for any font. One glyph may
    stand for a few characters (a font's ⸺ ligature draws ——). A character read as two
    different printed texts is left alone (no single fix is right for both).
    """
    wanted = "".join(printed.split())
    read = "".join(extracted.split())
    found: dict[str, str] = {}
    for _round in range(3):  # each round's fixes let the next align what they hid
        more = _misread_once(read, wanted)
        if not more:
            break
        found.update(more)
        read = "".join(more.get(char, char) for char in read)
    return found


def _misread_once(read: str, wanted: str) -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    matcher = difflib.SequenceMatcher(None, read, wanted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        for got, meant in _pairs(read[i1:i2], wanted[j1:j2]):
            seen.setdefault(got, set()).add(meant)
    return {
        got: meant.pop() for got, meant in seen.items() if len(meant) == 1 and got not in wanted
    }


def _pairs(got: str, meant: str) -> list[tuple[str, str]]:
    """Read characters paired with what was printed in their place: one for one, or with
    one glyph standing for a run of one repeated mark (⸺ for ——, a ligature)."""
    extra = len(meant) - len(got)
    if extra == 0:
        return list(zip(got, meant, strict=True))
    if not 0 < extra <= 2:
        return []
    for at in range(len(got)):
        run = meant[at : at + 1 + extra]
        if len(set(run)) == 1 and not run.isalnum():
            rest = meant[:at] + meant[at + 1 + extra :]
            before = zip(got[:at], rest[:at], strict=True)
            after = zip(got[at + 1 :], rest[at:], strict=True)
            return [*before, (got[at], run), *after]
    return []


def _object_span(data: bytes, number: int) -> tuple[int, int] | None:
    found = list(re.finditer(rb"(?:^|[\r\n])%d\s+0\s+obj\b" % number, data))
    if not found:
        return None
    last = found[-1]  # the last definition is the one in force
    end = data.find(b"endobj", last.end())
    return (last.end(), end) if end >= 0 else None


def _cmaps(data: bytes) -> list[tuple[int, bytes, bool]]:
    """(object number, CMap bytes, was compressed) of every ToUnicode stream."""
    out = []
    for number in sorted({int(n) for n in _TO_UNICODE.findall(data)}):
        span = _object_span(data, number)
        if span is None:
            continue
        body = data[span[0] : span[1]]
        head, _, rest = body.partition(b"stream")
        length = re.search(rb"/Length\s+(\d+)(\s+0\s+R)?", head)
        if not rest or length is None:
            continue
        content = rest.lstrip(b"\r").removeprefix(b"\n")
        if length.group(2) is None:  # a direct length: exact; else up to "endstream"
            content = content[: int(length.group(1))]
        else:
            content = content[: content.rfind(b"endstream")].rstrip(b"\r\n")
        compressed = b"/FlateDecode" in head
        try:
            cmap = zlib.decompress(content) if compressed else content
        except zlib.error:
            log.warning("ToUnicode stream %d could not be read; left as it is", number)
            continue
        out.append((number, cmap, compressed))
    return out


def fix_pdf_text(data: bytes, replace: Mapping[str, str]) -> tuple[bytes, int]:
    """The PDF with lookalikes in its text mapped to the characters in ``replace`` (an
    incremental update); returns (new bytes, number of corrected CMap entries)."""
    updates: list[tuple[int, bytes]] = []
    total = 0
    for number, cmap, _compressed in _cmaps(data):
        fixed, changed = fix_cmap(cmap, replace)
        if changed:
            updates.append((number, fixed))
            total += changed
    if not updates:
        return data, 0
    startxref = re.findall(rb"startxref\s+(\d+)", data)
    trailer = data[data.rfind(b"trailer") :]
    size = re.search(rb"/Size\s+(\d+)", trailer)
    root = re.search(rb"/Root\s+\d+\s+\d+\s+R", trailer)
    if not startxref or size is None or root is None:
        log.warning("PDF trailer not understood; its text left as Qt wrote it")
        return data, 0
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = []
    for number, cmap in updates:
        offsets.append((number, len(out)))
        out += b"%d 0 obj\n<< /Length %d >>\nstream\n" % (number, len(cmap))
        out += cmap + b"\nendstream\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for number, offset in offsets:
        out += b"%d 1\n%010d 00000 n \n" % (number, offset)
    extra = b"".join(
        m.group(0) + b" "
        for m in (
            re.search(rb"/Info\s+\d+\s+\d+\s+R", trailer),
            re.search(rb"/ID\s*\[[^]]*]", trailer),
        )
        if m is not None
    )
    out += b"trailer\n<< /Size %s %s %s/Prev %s >>\n" % (
        size.group(1),
        root.group(0),
        extra,
        startxref[-1],
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out), total

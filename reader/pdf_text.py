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
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

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
    for tag, i1, i2, j1, j2 in align(read, wanted):
        if tag != "replace":
            continue
        for got, meant in _pairs(read[i1:i2], wanted[j1:j2]) or _edges(read[i1:i2], wanted[j1:j2]):
            seen.setdefault(got, set()).add(meant)
    return {
        got: meant.pop() for got, meant in seen.items() if len(meant) == 1 and got not in wanted
    }


def _edges(got: Sequence[T], meant: str, reads: Callable[[T], str] = str) -> list[tuple[T, str]]:
    """The first and last glyphs of a stretch read longer than printed, paired with the
    first and last characters printed there: each follows (or precedes) the same agreeing
    text, so each stands where that character was printed. Such stretches come from a line
    Qt draws again at the head of the next page, and a misread glyph in that line kept the
    page's misreads from pairing one for one. Only glyphs read as no character or as one
    outside ASCII (``reads``) are paired: a page number is ASCII digits, printed nowhere in
    the text."""
    if not got or not meant:
        return []
    ends = [(got[0], meant[0]), (got[-1], meant[-1])]
    return [(g, m) for g, m in dict.fromkeys(ends) if not reads(g).isascii() and reads(g) != m]


def _pairs(got: Sequence[T], meant: str) -> list[tuple[T, str]]:
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


_OBJ = re.compile(rb"(?:^|[\r\n])(\d+)\s+0\s+obj\b")
_objects_of: tuple[bytes, dict[int, int]] = (b"", {})  # the last file's object starts


def _object_span(data: bytes, number: int) -> tuple[int, int] | None:
    global _objects_of
    if _objects_of[0] is not data:  # one pass over the file, not one per object asked
        starts: dict[int, int] = {}
        for match in _OBJ.finditer(data):
            starts[int(match.group(1))] = match.end()  # the last definition is in force
        _objects_of = (data, starts)
    start = _objects_of[1].get(number)
    if start is None:
        return None
    end = data.find(b"endobj", start)
    return (start, end) if end >= 0 else None


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
    updated = append_streams(data, updates)
    return (updated, total) if updated is not data else (data, 0)


def append_streams(data: bytes, updates: list[tuple[int, bytes]]) -> bytes:
    """``data`` with each (object number, stream bytes) written anew as an incremental
    update: Qt's bytes stay as they are and every PDF reader applies the later definition.
    Returns ``data`` itself when its trailer is not understood."""
    startxref = re.findall(rb"startxref\s+(\d+)", data)
    trailer = data[data.rfind(b"trailer") :]
    size = re.search(rb"/Size\s+(\d+)", trailer)
    root = re.search(rb"/Root\s+\d+\s+\d+\s+R", trailer)
    if not startxref or size is None or root is None:
        log.warning("PDF trailer not understood; its text left as Qt wrote it")
        return data
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
    return bytes(out)


# -- glyphs the content shows, set against the printed text ---------------------------------
#
# Why: a font's map can also have *holes*. Qt writes a glyph's entry by searching the font's
# character map for a code point that gives that glyph; a glyph the shaper substituted (the
# ``locl`` feature draws 第, 境, 督 in their Chinese forms when a Japanese-first face such as
# Noto Sans CJK JP sets Chinese text under a Chinese locale) is reached by no code point, so
# it has no entry and copying drops it. Which glyph stands for which printed character is
# known from the page itself: the content stream shows the glyphs in the order they were
# printed, so lining that sequence up with the printed text names every glyph.

_SHOW = re.compile(
    rb"/([^\s/\[\]<>(){}%]+)\s+[-+\d.]+\s+Tf"  # select a font
    rb"|<([0-9A-Fa-f\s]*)>\s*Tj"  # show a hex string
    rb"|\[((?:[^\]()]|\([^)]*\))*)\]\s*TJ"  # show an array of strings and offsets
)
_REF = rb"\s+(\d+)\s+0\s+R"
_CODESPACE = re.compile(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>")


def _stream(data: bytes, number: int) -> bytes | None:
    """The decoded content of stream object ``number`` (None: not a stream we can read)."""
    span = _object_span(data, number)
    if span is None:
        return None
    head, _, rest = data[span[0] : span[1]].partition(b"stream")
    length = re.search(rb"/Length\s+(\d+)(\s+0\s+R)?", head)
    if not rest or length is None:
        return None
    content = rest.lstrip(b"\r").removeprefix(b"\n")
    if length.group(2) is None:  # a direct length: exact; else up to "endstream"
        content = content[: int(length.group(1))]
    else:
        content = content[: content.rfind(b"endstream")].rstrip(b"\r\n")
    if b"/FlateDecode" not in head:
        return content
    try:
        return zlib.decompress(content)
    except zlib.error:
        return None


def _dict_of(data: bytes, body: bytes, key: bytes) -> bytes:
    """The dictionary ``body`` holds under ``key``, followed if it is a reference."""
    ref = re.search(rb"/" + key + _REF, body)
    if ref is not None:
        span = _object_span(data, int(ref.group(1)))
        return data[span[0] : span[1]] if span else b""
    inline = re.search(rb"/" + key + rb"\s*<<", body)
    if inline is None:
        return b""
    depth, at = 0, inline.end() - 2
    while at < len(body) - 1:
        pair = body[at : at + 2]
        depth += 1 if pair == b"<<" else -1 if pair == b">>" else 0
        at += 2 if pair in (b"<<", b">>") else 1
        if depth == 0:
            return body[inline.end() - 2 : at]
    return body[inline.end() - 2 :]


def _pages(data: bytes) -> list[bytes]:
    """The page objects' bodies in reading order (the page tree's /Kids, depth first)."""
    root = re.findall(rb"/Root" + _REF, data)
    if not root:
        return []
    catalog = _object_span(data, int(root[-1]))
    if catalog is None:
        return []
    top = re.search(rb"/Pages" + _REF, data[catalog[0] : catalog[1]])
    pages: list[bytes] = []

    def walk(number: int, depth: int) -> None:
        span = _object_span(data, number)
        if span is None or depth > 32:
            return
        body = data[span[0] : span[1]]
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids is None:
            pages.append(body)
            return
        for kid in re.findall(rb"(\d+)\s+0\s+R", kids.group(1)):
            walk(int(kid), depth + 1)

    if top is not None:
        walk(int(top.group(1)), 0)
    return pages


def cmap_entries(cmap: bytes) -> dict[int, str]:
    """Glyph code → text of every bfchar and bfrange line of a ToUnicode CMap."""
    entries: dict[int, str] = {}
    for _section, line, ranged, start in _lines(cmap):
        if start is None:
            continue
        codes = [int(token, 16) for token in _HEX.findall(line[:start])]
        targets = [_decode_utf16_hex(token) for token in _HEX.findall(line[start:])]
        if not ranged:
            entries[codes[0]] = targets[0]
        elif b"[" in line:
            entries.update(zip(range(codes[0], codes[1] + 1), targets, strict=False))
        elif targets[0]:
            first = targets[0]
            for step in range(codes[1] - codes[0] + 1):
                entries[codes[0] + step] = first[:-1] + chr(ord(first[-1]) + step)
    return entries


def write_cmap(entries: Mapping[int, str], code_bytes: int = 2) -> bytes:
    """A ToUnicode CMap mapping each glyph code of ``entries`` to its text (bfchar lines,
    at most 100 to a section as the CMap format asks)."""
    width = 2 * code_bytes
    lines = [
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n"
        b"<%s> <%s>\nendcodespacerange\n" % (b"0" * width, b"F" * width)
    ]
    items = sorted((code, text) for code, text in entries.items() if text)
    for first in range(0, len(items), 100):
        chunk = items[first : first + 100]
        lines.append(b"%d beginbfchar\n" % len(chunk))
        for code, text in chunk:
            lines.append(b"<%0*X> %s\n" % (width, code, _encode_utf16_hex(text)))
        lines.append(b"endbfchar\n")
    lines.append(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
    return b"".join(lines)


Glyph = tuple[int, int]  # (ToUnicode object number, glyph code)


def shown_glyphs(data: bytes) -> tuple[list[Glyph], dict[int, int]]:
    """Every glyph the pages' content streams show, in the order shown, and the code width
    in bytes of each ToUnicode map they use. Fonts without a map are skipped."""
    shown: list[Glyph] = []
    widths: dict[int, int] = {}
    for page in _pages(data):
        fonts = _page_fonts(data, page, widths)
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)", page)
        if contents is None:
            continue
        for number in re.findall(rb"(\d+)\s+0\s+R", contents.group(1)):
            stream = _stream(data, int(number))
            if stream is not None:
                shown.extend(_glyphs_in(stream, fonts, widths))
    return shown, widths


def _page_fonts(data: bytes, page: bytes, widths: dict[int, int]) -> dict[bytes, int]:
    """Resource name → ToUnicode object number of a page's fonts (noting code widths)."""
    fonts: dict[bytes, int] = {}
    font_dict = _dict_of(data, _dict_of(data, page, b"Resources") or page, b"Font")
    for name, number in re.findall(rb"/([^\s/<>\[\]()]+)" + _REF, font_dict):
        span = _object_span(data, int(number))
        font = data[span[0] : span[1]] if span else b""
        to_unicode = re.search(rb"/ToUnicode" + _REF, font)
        if to_unicode is None:
            continue
        cmap_number = int(to_unicode.group(1))
        fonts[name] = cmap_number
        if cmap_number not in widths:
            cmap = _stream(data, cmap_number) or b""
            space = _CODESPACE.search(cmap)
            widths[cmap_number] = len(space.group(1)) // 2 if space else 2
    return fonts


def _glyphs_in(stream: bytes, fonts: Mapping[bytes, int], widths: Mapping[int, int]):
    current: int | None = None
    for match in _SHOW.finditer(stream):
        if match.group(1) is not None:
            current = fonts.get(match.group(1))
            continue
        if current is None:
            continue
        strings = (
            [match.group(2)]
            if match.group(2) is not None
            else re.findall(rb"<([0-9A-Fa-f\s]*)>", match.group(3))
        )
        step = 2 * widths[current]
        for string in strings:
            digits = re.sub(rb"\s", b"", string)
            for at in range(0, len(digits) - step + 1, step):
                yield current, int(digits[at : at + step], 16)


def glyph_fixes(
    shown: list[Glyph], maps: Mapping[int, Mapping[int, str]], printed: str
) -> dict[Glyph, str]:
    """The text each shown glyph stands for where its map has no entry or a wrong one,
    found by lining the glyphs up with the printed text.

    A glyph is given a text only when every place it stands in the alignment agrees and it
    was never found standing for its own mapped text (so a right entry is never touched).
    """
    wanted = [char for char in printed if not char.isspace()]
    fixes: dict[Glyph, str] = {}
    for _round in range(3):  # each round's fixes anchor the next alignment
        more = _glyph_fixes_once(shown, maps, fixes, wanted)
        if not more:
            break
        fixes.update(more)
    return fixes


def _glyph_fixes_once(
    shown: list[Glyph],
    maps: Mapping[int, Mapping[int, str]],
    fixes: Mapping[Glyph, str],
    wanted: list[str],
) -> dict[Glyph, str]:
    def reads(glyph: Glyph) -> str | Glyph:
        text = fixes.get(glyph, maps.get(glyph[0], {}).get(glyph[1], ""))
        return text if len(text) == 1 else glyph  # unmapped or a ligature: its own symbol

    kept = [(glyph, reads(glyph)) for glyph in shown]
    kept = [(glyph, r) for glyph, r in kept if not (isinstance(r, str) and r.isspace())]
    glyphs = [glyph for glyph, _read in kept]
    confirmed: set[Glyph] = set()
    seen: dict[Glyph, set[str]] = {}
    for tag, i1, i2, j1, j2 in align([r for _glyph, r in kept], wanted):
        if tag == "equal":
            confirmed.update(glyphs[i1:i2])
        elif tag == "replace":
            meant_text = "".join(wanted[j1:j2])
            pairs = _pairs(glyphs[i1:i2], meant_text) or _edges(
                glyphs[i1:i2], meant_text, lambda glyph: _text_of(reads(glyph))
            )
            for glyph, meant in pairs:
                seen.setdefault(glyph, set()).add(meant)
    return {
        glyph: meant.pop()
        for glyph, meant in seen.items()
        if len(meant) == 1
        and glyph not in confirmed
        and glyph not in fixes
        and next(iter(meant)) != maps.get(glyph[0], {}).get(glyph[1])
    }


def _text_of(read: str | Glyph) -> str:
    """A glyph's reading as text: an unmapped glyph reads as no ASCII character."""
    return read if isinstance(read, str) else "\ufffd"


_LOOKAHEAD = 8  # items after a mismatch that must agree for it to be one for one,
_LOOKAHEAD_SLACK = 2  # but for this many (other misread glyphs nearby)
_WINDOW = 400  # items set side by side to find the way back after a longer difference


def align(
    read: Sequence[object], wanted: Sequence[str]
) -> Iterator[tuple[str, int, int, int, int]]:
    """``difflib``-style opcodes setting the glyphs read against the printed text.

    Why not one ``SequenceMatcher`` over the whole text: with junk detection off (a
    popular character must still anchor), its cost grows with how often each character
    recurs, seconds for an article of 20,000 characters. The glyphs follow the printed
    text almost everywhere, so they are walked side by side: a glyph that reads as the
    character printed is equal; one that does not, with the next few agreeing, stands for
    that character (a hole or a wrong entry); anything longer (a line drawn again at the
    head of the next page, a page number, a ligature) is matched in a short window.
    A glyph that reads as no single character (``read`` holds a non-string) agrees with
    any printed character.
    """
    i = j = 0

    def agrees(a: int, b: int) -> bool:
        return not isinstance(read[a], str) or read[a] == wanted[b]

    while i < len(read) and j < len(wanted):
        if read[i] == wanted[j]:
            start_i, start_j = i, j
            while i < len(read) and j < len(wanted) and read[i] == wanted[j]:
                i, j = i + 1, j + 1
            yield "equal", start_i, i, start_j, j
            continue
        ahead = min(_LOOKAHEAD, len(read) - i - 1, len(wanted) - j - 1)
        agreeing = sum(agrees(i + k, j + k) for k in range(1, ahead + 1))
        # other misread glyphs may follow, but near the end every one must agree
        if agreeing >= (ahead - _LOOKAHEAD_SLACK if ahead == _LOOKAHEAD else ahead):
            yield "replace", i, i + 1, j, j + 1
            i, j = i + 1, j + 1
            continue
        i, j = yield from _realign(read, wanted, i, j)
    if i < len(read):
        yield "delete", i, len(read), j, j
    elif j < len(wanted):
        yield "insert", i, i, j, len(wanted)


def _realign(read, wanted, i: int, j: int):
    """Opcodes from (i, j) to the start of the last agreeing run found in a window (or
    its end); returns where the side-by-side walk resumes."""
    end_i, end_j = min(len(read), i + _WINDOW), min(len(wanted), j + _WINDOW)
    window = difflib.SequenceMatcher(None, read[i:end_i], wanted[j:end_j], autojunk=False)
    ops = window.get_opcodes()
    at_end = end_i == len(read) and end_j == len(wanted)
    last = max(
        (n for n, op in enumerate(ops) if op[0] == "equal" and op[2] - op[1] >= _LOOKAHEAD),
        default=None,
    )
    if last is None or at_end or last == 0:
        stop = len(ops) if (at_end or last is None) else last + 1
    else:
        stop = last
    for tag, a1, a2, b1, b2 in ops[:stop]:
        yield tag, i + a1, i + a2, j + b1, j + b2
    if stop == 0:
        return end_i, end_j
    _tag, _a1, a2, _b1, b2 = ops[stop - 1]
    return i + a2, j + b2


def fill_from_content(data: bytes, printed: str) -> tuple[bytes, int]:
    """The PDF with its ToUnicode maps completed and corrected from its own content: every
    shown glyph with no entry, or an entry the printed text contradicts, gets the text it
    was printed for (an incremental update). Returns (new bytes, entries added or fixed)."""
    shown, widths = shown_glyphs(data)
    if not shown:
        return data, 0
    maps = {n: cmap_entries(_stream(data, n) or b"") for n in widths}
    fixes = glyph_fixes(shown, maps, printed)
    if not fixes:
        return data, 0
    updates = []
    for number, entries in maps.items():
        mine = {code: text for (owner, code), text in fixes.items() if owner == number}
        if mine:
            updates.append((number, write_cmap({**entries, **mine}, widths[number])))
    updated = append_streams(data, updates)
    return (updated, len(fixes)) if updated is not data else (data, 0)

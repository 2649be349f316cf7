"""Bytes -> text, with the checks that stop binary files and broken encodings early."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newstrace.errors import InputError

# Magic numbers of files people drop into a folder of "articles" by mistake.
_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x1f\x8b", "gzip data without a .gz name"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"SQLite format 3", "an SQLite database"),
]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)


def check_binary(data: bytes) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not text or HTML")
    head = data[:8192]
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return
    if b"\x00" in head:
        raise InputError("binary file (contains NUL bytes), not text or HTML")


def declared_encoding(data: bytes, header_charset: str | None = None) -> str | None:
    if header_charset:
        return header_charset
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def decode(data: bytes, header_charset: str | None = None) -> str:
    """Decode page bytes: BOM, then declared charset, then strict UTF-8, then detection.

    A declared charset that fails to decode is ignored (pages often lie); an undeclared
    cp1251 or latin-1 page is found by charset_normalizer.
    """
    check_binary(data)
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = declared_encoding(data, header_charset)
    if declared:
        try:
            codecs.lookup(declared)
            return data.decode(declared)
        except (LookupError, UnicodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few stray bytes (a cp1252 apostrophe pasted into a UTF-8 page) is
    # UTF-8: replacing those bytes is better than guessing a codec that garbles every accent.
    if _invalid_utf8_share(data) < 0.2:
        return data.decode("utf-8", errors="replace")
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("text in an unknown encoding (not UTF-8, and no encoding could be detected)")
    return data.decode(best.encoding, errors="replace")


def _invalid_utf8_share(data: bytes) -> float:
    """Share of the non-ASCII bytes that are not valid UTF-8: near 0 for UTF-8 with a few
    strays, near 1 for a page in latin-1 or cp1251."""
    non_ascii = sum(1 for b in data if b >= 0x80)
    if not non_ascii:
        return 0.0
    return data.decode("utf-8", errors="replace").count("\ufffd") / non_ascii

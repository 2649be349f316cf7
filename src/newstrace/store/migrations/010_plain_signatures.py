"""Issue 11: nothing read from the database is unpickled. The reuse index's MinHash signatures
were stored as pickled rensa objects; they become their 128 hash values as little-endian uint32
bytes. The pickles are read without being unpickled: the opcodes are walked (``pickletools``,
which executes nothing) and the one byte string they carry, rensa 0.5's serialised state, is
decoded here. A row that is not such a pickle loses its signature and is traced again."""

from __future__ import annotations

import pickletools
import sqlite3
import struct

NUM_PERM = 128  # newstrace.reuse.index.NUM_PERM and SEED when these rows were written
SEED = 42
_STATE_HEADER = b"Rensa:RMinHash:2\x00"


def migrate(conn: sqlite3.Connection) -> None:
    converted, retrace = [], []
    for article_id, blob in conn.execute("SELECT article_id, minhash FROM traces WHERE minhash IS NOT NULL"):
        values = pickled_signature(bytes(blob))
        if values is None:
            retrace.append((article_id,))
        else:
            converted.append((struct.pack(f"<{NUM_PERM}I", *values), article_id))
    conn.executemany("UPDATE traces SET minhash = ? WHERE article_id = ?", converted)
    conn.executemany("UPDATE traces SET minhash = NULL, linker_version = 0 WHERE article_id = ?", retrace)


def pickled_signature(blob: bytes) -> list[int] | None:
    """The hash values in a pickled ``rensa.RMinHash(128, 42)``, or None when ``blob`` is not one."""
    try:
        ops = [(op.name, arg) for op, arg, _ in pickletools.genops(blob)]
    except Exception:  # noqa: BLE001 — anything unreadable is simply not converted
        return None
    strings = [arg for name, arg in ops if name in ("SHORT_BINUNICODE", "BINUNICODE")]
    states = [arg for name, arg in ops if name in ("SHORT_BINBYTES", "BINBYTES", "BINBYTES8")]
    if strings[:2] != ["rensa", "RMinHash"] or len(states) != 1:
        return None
    return _state_values(states[0])


def _state_values(state: bytes) -> list[int] | None:
    """rensa's state: a header, then unsigned LEB128 integers — a check value, num_perm, seed, the
    number of hash values, and the values."""
    if not state.startswith(_STATE_HEADER):
        return None
    numbers, value, shift = [], 0, 0
    for byte in state[len(_STATE_HEADER) :]:
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            numbers.append(value)
            value, shift = 0, 0
    if shift or len(numbers) != 4 + NUM_PERM or numbers[1:4] != [NUM_PERM, SEED, NUM_PERM]:
        return None
    values = numbers[4:]
    return values if all(v < 2**32 for v in values) else None

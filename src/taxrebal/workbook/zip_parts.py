"""Copy parts of one zip file into another without decompressing them.

A workbook is a zip of XML parts. To add result sheets, :mod:`taxrebal.workbook.package_book`
writes a new zip holding every input part *byte for byte* (the compressed bytes themselves, with the
same CRC-32) plus the new parts. ``copy_raw(source, info, dest)`` moves one member's compressed
bytes from the open source file to the :class:`zipfile.ZipFile` being written, so a 100,000-lot
Lots sheet costs a file copy, not an inflate and a deflate.

Worked example: a member stored with ``compress_type=8`` (deflate), ``CRC=0x1c291ca3`` and
``compress_size=1_532_114`` arrives in the output with the same three values and the same 1,532,114
compressed bytes; ``zipfile`` reading the output checks the CRC as for any member.
"""

from __future__ import annotations

import copy
import struct
import zipfile
from typing import BinaryIO

__all__ = ["copy_raw"]

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_LOCAL_SIGNATURE = b"PK\x03\x04"


def copy_raw(source: BinaryIO, info: zipfile.ZipInfo, dest: zipfile.ZipFile) -> None:
    """Append member ``info`` of the zip open as ``source`` to ``dest`` (opened for writing, seekable)
    with its compressed bytes unchanged. Raises :class:`zipfile.BadZipFile` on a damaged member."""
    if info.flag_bits & 0x1:
        raise zipfile.BadZipFile(f"{info.filename} is encrypted")
    source.seek(info.header_offset)
    header = source.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    fields = _LOCAL_HEADER.unpack(header)
    source.seek(fields[10] + fields[11], 1)  # file name and extra field
    out = copy.copy(info)
    out.flag_bits &= ~0x08  # sizes and CRC go in the local header; no data descriptor follows
    out.extra = b""  # zip64 sizes are recomputed by FileHeader when needed
    fp = dest.fp
    assert fp is not None
    out.header_offset = fp.tell()
    fp.write(out.FileHeader())
    remaining = info.compress_size
    while remaining:
        chunk = source.read(min(remaining, 1 << 20))
        if not chunk:
            raise zipfile.BadZipFile(f"{info.filename} is truncated")
        fp.write(chunk)
        remaining -= len(chunk)
    dest.filelist.append(out)
    dest.NameToInfo[out.filename] = out
    dest.start_dir = fp.tell()
    dest._didModify = True  # type: ignore[attr-defined]  # zipfile's private flag: rewrite the central directory on close

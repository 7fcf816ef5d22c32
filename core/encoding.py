r"""Text files read one way everywhere: UTF-8 (with or without a byte-order mark), else
Windows-1252, as spreadsheets on Windows save them.

>>> decode_text("Ynys Môn".encode("cp1252"), "names.csv")
'Ynys Môn'
>>> decode_text("Ynys Môn\n".encode() + "Môn\n".encode("cp1252"), "mixed.csv")
Traceback (most recent call last):
...
partnerkg.core.errors.LoaderError: mixed.csv line 2: mixes UTF-8 and Windows-1252 text: line 2 is not UTF-8 but other lines are; save the whole file as UTF-8
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import LoaderError

__all__ = ["decode_text", "read_text"]

#: A letter written in UTF-8 (two to four bytes), which Windows-1252 text almost never holds.
_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                          rb"[\xf0-\xf4][\x80-\xbf]{3}")


def decode_text(data: bytes, name: str) -> str:
    """``data`` as text: UTF-8 (a byte-order mark dropped), else Windows-1252; LoaderError
    naming ``name`` when it is neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if _UTF8_LETTER.search(data):
        # a file of both encodings (rows pasted from two sources): read as either, part of it
        # would be wrong ("Ynys MÃ´n")
        line = data.count(b"\n", 0, bad) + 1
        raise LoaderError("mixes UTF-8 and Windows-1252 text: line "
                          f"{line} is not UTF-8 but other lines are; save the whole file as "
                          "UTF-8", file=name, line=line)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise LoaderError(f"is neither UTF-8 nor Windows-1252 text (byte {exc.start})",
                          file=name) from None


def read_text(path: str | Path) -> str:
    """The text of the file ``path`` (see ``decode_text``), or LoaderError saying why not."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise LoaderError("no such file", file=str(path)) from None
    except IsADirectoryError:
        raise LoaderError("is a folder, not a file", file=str(path)) from None
    except OSError as exc:
        raise LoaderError(f"cannot be read ({exc.strerror})", file=str(path)) from None
    return decode_text(data, str(path))

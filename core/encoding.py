"""Text files read one way everywhere: UTF-8 (with or without a byte-order mark), else
Windows-1252, as spreadsheets on Windows save them.

>>> decode_text("Ynys Môn".encode("cp1252"), "names.csv")
'Ynys Môn'
"""

from __future__ import annotations

from pathlib import Path

from .errors import LoaderError

__all__ = ["decode_text", "read_text"]


def decode_text(data: bytes, name: str) -> str:
    """``data`` as text: UTF-8 (a byte-order mark dropped), else Windows-1252; LoaderError
    naming ``name`` when it is neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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

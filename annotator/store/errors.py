"""The store's errors, and SQLite's failures put into words that name the file.

SQLite says "database or disk is full" or "attempt to write a readonly
database" without saying which file; ``describe`` turns the failures a user
can meet (a full disk, a read-only file or folder, a damaged file, a busy
project) into one line naming it. Anything else is left to surface as the
bug it is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """A request the store refuses; the message says what to do."""


class StoreConnectionError(StoreError):
    """The connection to the PostgreSQL server went, or the server cannot be reached.

    ``saved``: False when the edit certainly did not commit (the transaction
    died with its connection, or never began), so running it again is safe;
    None when nobody can tell yet (the ``COMMIT`` was sent and the server was
    gone before it answered). ``reachable``: False when a new connection
    failed too (the server is down or restarting), True when only the old
    connection was lost."""

    def __init__(self, message: str, *, saved: bool | None = False, reachable: bool = True) -> None:
        super().__init__(message)
        self.saved = saved
        self.reachable = reachable


class StoreBusyError(StoreError):
    """Another connection held the write lock for longer than the busy timeout; nothing was written."""


def is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return True
    message = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


def busy(path: Path) -> StoreBusyError:
    return StoreBusyError(
        f"{path.name} is busy: another program (an import, a second window) is writing to it; "
        "nothing was saved, try again"
    )


# SQLite result code prefix -> what the user reads after the file name.
_WHAT = {
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the project is read-only: the file or its folder is not writable",
    "SQLITE_PERM": "the project is read-only: the file or its folder is not writable",
    "SQLITE_CORRUPT": "the file is damaged; restore it from a backup",
    "SQLITE_NOTADB": "not an annotator database, not even a SQLite file",
    "SQLITE_CANTOPEN": "cannot open the file: check that it and its folder are readable and writable",
    "SQLITE_IOERR": "could not read or write the file: the disk may be full or failing",
}


def describe(path: Path, exc: sqlite3.Error, *, saving: bool = False) -> StoreError | None:
    """A ``StoreError`` naming ``path`` for a failure of the file itself; None for anything else.

    ``saving``: the failure ended a write transaction, which was rolled back.
    """
    if is_busy(exc):
        return busy(path)
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, what in _WHAT.items():
        if name.startswith(prefix):
            if prefix == "SQLITE_CANTOPEN" and not path.exists():
                what = "cannot create the file: its folder is missing or not writable"
            detail = f"{path}: {what} (SQLite: {exc})"
            return StoreError(f"{detail}; nothing was saved" if saving else detail)
    return None

"""Which SQLite files are projects, and how a project file is made and upgraded.

A project is marked in its header: ``PRAGMA application_id`` is
``APPLICATION_ID`` and ``PRAGMA user_version`` the number of migrations it has
had. Projects made before the mark existed are recognised by their
``_sqlite_migrations`` rows of the set ``annotator``. ``recognise`` only reads:
another program's SQLite file, or a project of a newer schema, is refused
before a byte is written.

Creating a project and upgrading an older one are the same step
(``upgrade``): migrations, the default labels and the mark, all inside the
caller's ``BEGIN IMMEDIATE`` transaction, so a kill at any moment leaves the
file as it was before, and a failed operation never leaves an upgraded file
behind. ``Store.transaction`` runs it before the first write.
"""

from __future__ import annotations

import enum
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.model import LabelSchema
from annotator.store import schema
from annotator.store.errors import StoreError

if TYPE_CHECKING:
    from annotator.store.connection import StoreBase

APPLICATION_ID = 0x414E4E54  # "ANNT"
# sqlite-utils' bookkeeping table and its index: all an older version left in a
# file it was killed creating before the first migration committed.
_BOOKKEEPING = {"_sqlite_migrations", "idx__sqlite_migrations_migration_set_name"}


class Kind(enum.Enum):
    EMPTY = "empty"  # no tables yet: becomes a project on the first write
    OLD = "old"  # made by an earlier version: upgraded on the first write
    CURRENT = "current"  # marked, every migration applied (or some pending: upgraded on write)


def default_labels() -> LabelSchema:
    """The label schema a new project starts with (the packaged labels.toml)."""
    from annotator.resources import default_schema_text

    return LabelSchema.from_toml(default_schema_text())


def schema_version() -> int:
    return len(schema.MIGRATIONS)


def _newer(path: Path, why: str) -> StoreError:
    return StoreError(
        f"{path}: made by a newer version of annotator ({why}); upgrade annotator to open it. "
        "Nothing was changed"
    )


def _applied(conn: sqlite3.Connection, path: Path) -> list[str]:
    try:
        return schema.applied_names(conn)
    except sqlite3.OperationalError:  # a _sqlite_migrations table of another shape
        raise _foreign(path, "its _sqlite_migrations table is not sqlite-utils'") from None


def _foreign(path: Path, why: str) -> StoreError:
    return StoreError(
        f"{path}: not an annotator database ({why}); nothing was changed. "
        "Give a new file name to start a project"
    )


def recognise(conn: sqlite3.Connection, path: Path) -> Kind:
    """What ``path`` is; raises ``StoreError`` for another program's file or a newer project.

    Reads only (the header and ``sqlite_master``)."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    known = {name for name, _ in schema.MIGRATIONS}
    if app_id not in (0, APPLICATION_ID):
        raise _foreign(path, f"another program's SQLite file, application_id {app_id:#x}")
    objects = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    }
    applied = _applied(conn, path) if "_sqlite_migrations" in objects else []
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise _newer(path, f"migration {unknown[0]}")
    if app_id == APPLICATION_ID:
        if version > schema_version():
            raise _newer(path, f"schema version {version}, this one knows {schema_version()}")
        return Kind.CURRENT
    if version != 0:
        raise _foreign(path, f"another program's SQLite file, user_version {version}")
    if applied:
        return Kind.OLD
    if objects <= _BOOKKEEPING:
        if objects and conn.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0]:
            raise _foreign(path, "its migrations are another program's")
        return Kind.EMPTY
    shown = ", ".join(sorted(objects)[:3]) + (", ..." if len(objects) > 3 else "")
    raise _foreign(path, f"another program's SQLite file, with tables {shown}")


def needs_upgrade(conn: sqlite3.Connection) -> bool:
    """Does the next write have to upgrade (or create) the file first? Reads only."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return app_id != APPLICATION_ID or version != schema_version() or bool(schema.pending_names(conn))


class Backup:
    """A copy of the file as it was before an upgrade, kept only if the upgrade commits."""

    def __init__(self, path: Path, first_pending: str) -> None:
        self.target = path.with_name(f"{path.stem}.backup-{first_pending}.db")
        self.partial = self.target.with_name(f"{self.target.name}.partial-{os.getpid()}")
        copy = sqlite3.connect(str(self.partial))
        source = sqlite3.connect(str(path))  # reads the last commit: the caller holds the write lock
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()

    def keep(self) -> None:
        os.replace(self.partial, self.target)

    def discard(self) -> None:
        self.partial.unlink(missing_ok=True)


def upgrade(store: StoreBase) -> Backup | None:
    """Create or upgrade ``store``'s file inside the caller's write transaction.

    Returns the backup to keep once the transaction commits (None when the
    file had no migrations yet, or only lacked the mark)."""
    conn = store.conn
    assert isinstance(conn, sqlite3.Connection)  # a PostgreSQL project: pg.upgrade
    kind = recognise(conn, store.path)  # again, under the write lock: another process may have been first
    if not needs_upgrade(conn):
        return None
    pending = schema.pending_names(conn)
    backup = Backup(store.path, pending[0]) if pending and kind is not Kind.EMPTY else None
    try:
        if pending:
            schema.build_migrations().apply(store.db)
        if kind is not Kind.CURRENT:
            # A new file gets the default labels; one an older version was killed
            # creating gets back those it never wrote.
            store._write_labels(default_labels())
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {schema_version()}")
    except BaseException:
        if backup is not None:
            backup.discard()
        raise
    return backup

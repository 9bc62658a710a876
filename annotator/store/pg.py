"""A project in PostgreSQL: the connection adapter, its errors, and the project's mark.

Imported only when a ``postgresql://`` (or ``postgres://``) URL is opened, so
that SQLite users never load psycopg. ``PgConnection`` gives the store what it
uses of ``sqlite3.Connection`` (``execute``, ``executemany``,
``in_transaction``, ``close``) over a psycopg 3 connection in autocommit mode
(transactions are explicit, as on SQLite): SQL keeps SQLite's ``?``
placeholders, rewritten once per SQL string to psycopg's ``%s``.

Connection faults: a read outside a transaction, or the ``BEGIN`` of a write,
that finds the connection dropped (a server restart, ``pg_terminate_backend``)
reconnects once and runs again, since nothing of it reached the server. A
statement inside a transaction never does: the transaction is gone, and the
store reports the edit as not saved. A failed ``COMMIT`` is an error too (the
store says the edit may not have been saved), never retried.

Credentials come from libpq's own places (the URL, ``PG*`` variables,
``~/.pgpass`` or ``PGPASSFILE``, service files). No message names a password:
the project is named by ``label``, the URL without password or options.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
from psycopg import conninfo, errors, pq

from annotator.store import dialect, schema
from annotator.store.errors import StoreBusyError, StoreError

MIGRATIONS_TABLE = "annotator_migrations"
# pg_advisory_xact_lock key: two clients never migrate (or create) the same database at once.
_MIGRATION_LOCK = 0x414E4E54
_CONNECT_TIMEOUT = 10


def label(url: str) -> str:
    """``postgresql://user@host:port/dbname``: the URL without password or options."""
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("?", 1)[0].split("@")[-1]
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = str(parts.get("host") or "")
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{host}{port}/{parts.get('dbname') or ''}"


def host_of(url: str) -> str:
    try:
        parts = conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(unreadable URL)"
    return str(parts.get("host") or "localhost (the default socket)")


@functools.lru_cache(maxsize=2048)
def to_psycopg(sql: str) -> str:
    """SQLite's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled);
    a ``?`` inside a quoted literal or identifier is left as it is."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out)


_READ = re.compile(r"\s*(SELECT|WITH|SHOW|VALUES)\b", re.I)


def _lost(exc: BaseException, conn: psycopg.Connection[Any]) -> bool:
    """Whether ``exc`` means the connection is gone (not a refused statement)."""
    return isinstance(exc, psycopg.OperationalError) and (conn.closed or conn.broken)


class PgConnection:
    """``sqlite3.Connection``'s interface, as the store uses it, over psycopg 3."""

    dialect = dialect.POSTGRES

    def __init__(self, url: str) -> None:
        self.url = url
        self.label = label(url)
        self._session: dict[str, str] = {}
        self.raw = self._connect()

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            raw = psycopg.connect(self.url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            raise unreachable(self.url, exc) from None
        for sql in self._session.values():
            raw.execute(sql)
        return raw

    def reconnect(self) -> None:
        try:
            self.raw.close()
        finally:
            self.raw = self._connect()

    def set_session(self, key: str, sql: str) -> None:
        """Run ``sql`` now and again on every reconnection (``SET lock_timeout``...)."""
        self._session[key] = sql
        self.execute(sql)

    @property
    def in_transaction(self) -> bool:
        if self.raw.closed:
            return False
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = (), /) -> psycopg.Cursor[Any]:
        query = to_psycopg(sql)
        params = parameters if isinstance(parameters, dict) else tuple(parameters)
        retry = not self.in_transaction and (sql == self.dialect.begin or _READ.match(sql) is not None)
        try:
            return self.raw.execute(query, params)
        except psycopg.OperationalError as exc:
            if not (retry and _lost(exc, self.raw)):
                raise
        self.reconnect()  # nothing of this statement took effect: run it again
        return self.raw.execute(query, params)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> psycopg.Cursor[Any]:
        cur = self.raw.cursor()
        rows = [tuple(row) for row in parameters]
        if rows:
            cur.executemany(to_psycopg(sql), rows)
        return cur

    def executescript(self, sql: str) -> None:
        """Several statements without parameters (the migrations' DDL)."""
        self.raw.execute(sql.encode("utf-8"))

    def close(self) -> None:
        self.raw.close()


def unreachable(url: str, exc: BaseException) -> StoreError:
    """One line for a connection libpq could not make (the password is never in it)."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    missing = re.search(r'database "([^"]*)" does not exist', detail)
    if missing:
        return StoreError(
            f"{label(url)}: the server has no database {missing.group(1)!r}; "
            f"create it first (createdb {missing.group(1)}), or name another"
        )
    return StoreError(f"cannot reach the PostgreSQL server at {host_of(url)}: {detail}")


def describe(conn: PgConnection, exc: BaseException, *, saving: bool = False) -> StoreError | None:
    """A ``StoreError`` naming the project for what a user can meet; None for a bug."""
    if not isinstance(exc, psycopg.Error):
        return None
    where = conn.label
    if isinstance(exc, errors.LockNotAvailable | errors.DeadlockDetected | errors.SerializationFailure):
        return StoreBusyError(
            f"{where} is busy: another annotator or command holds what this edit needs; "
            "nothing was saved, try again"
        )
    tail = "; nothing was saved" if saving else ""
    if _lost(exc, conn.raw) or isinstance(exc, errors.AdminShutdown | errors.CrashShutdown):
        what = str(exc).strip().splitlines()[0] if str(exc).strip() else "connection lost"
        return StoreError(
            f"lost the connection to the PostgreSQL server at {host_of(conn.url)} ({what}){tail}"
        )
    if isinstance(exc, errors.QueryCanceled):
        return StoreError(f"{where}: the server cancelled the statement ({exc.diag.message_primary}){tail}")
    if isinstance(exc, psycopg.DataError) and "NUL" in str(exc):
        return StoreError(
            f"{where}: the text holds a NUL character (\\x00), which PostgreSQL cannot store; "
            "nothing was saved. Remove it from the input (a SQLite project can hold it)"
        )
    if isinstance(exc, errors.InsufficientPrivilege):
        return StoreError(f"{where}: the PostgreSQL server refused: {exc.diag.message_primary or exc}{tail}")
    if isinstance(exc, errors.DiskFull | errors.OutOfMemory):
        return StoreError(f"{where}: the server has no room ({exc.diag.message_primary}); nothing was saved")
    return None


# -- the project's mark ------------------------------------------------------------


def _tables(conn: PgConnection) -> set[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    return {row[0] for row in rows}


def applied_names(conn: PgConnection) -> list[str]:
    if MIGRATIONS_TABLE not in _tables(conn):
        return []
    return [r[0] for r in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY applied_at, name")]


def recognise(conn: PgConnection) -> bool:
    """Whether the database holds a project already (False: empty, made on the first write).

    Raises ``StoreError``, having written nothing, for a database holding other
    tables than a project's, or a project of a newer schema."""
    tables = _tables(conn)
    if not tables:
        return False
    if MIGRATIONS_TABLE not in tables:
        shown = ", ".join(sorted(tables)[:3]) + (", ..." if len(tables) > 3 else "")
        raise StoreError(
            f"{conn.label}: not an annotator project (the database holds other tables: {shown}); "
            "nothing was changed. Give an empty database to start a project"
        )
    known = {name for name, _ in schema.MIGRATIONS}
    unknown = [name for name in applied_names(conn) if name not in known]
    if unknown:
        raise StoreError(
            f"{conn.label}: made by a newer version of annotator (migration {unknown[0]}); "
            "upgrade annotator to open it. Nothing was changed"
        )
    return True


def needs_upgrade(conn: PgConnection) -> bool:
    return bool(schema.pending_names(conn))


def upgrade(conn: PgConnection) -> bool:
    """Create or upgrade the project inside the caller's transaction: every pending
    migration (translated DDL) and its row in ``annotator_migrations``. Returns True
    when the project was new (the caller writes the default labels)."""
    conn.execute("SELECT pg_advisory_xact_lock(?)", [_MIGRATION_LOCK])
    new = not recognise(conn)  # again, under the lock: another client may have been first
    if new:
        conn.executescript(
            f"CREATE TABLE {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
    done = set(applied_names(conn))
    for name, fn in schema.MIGRATIONS:
        if name in done:
            continue
        for statement in schema.sqlite_ddl(fn):
            conn.executescript(dialect.POSTGRES.ddl(statement))
        conn.execute(
            f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, clock_timestamp()::text)", [name]
        )
    return new

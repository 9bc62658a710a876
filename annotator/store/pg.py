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
store reports the edit as not saved (``StoreConnectionError``, ``saved``
False: the caller may run it again). A ``COMMIT`` whose answer never came
is settled by asking a new connection about the transaction's id
(``pg_xact_status``): committed is a success, aborted is "nothing was
saved", and a server still out of reach leaves it unknown (``saved`` None).

Live updates: a write transaction sends ``NOTIFY`` on the project's channel
(``annotator_changes``; a project in another schema than ``public`` has one of
its own, ``channel_of``) with the ids of the articles it changed (``*``: too many, or none named) in the
``COMMIT``'s own round trip, so listeners hear of a change exactly when it
is committed; ``Listener`` is the other end, a thread on its own connection.

Credentials come from libpq's own places (the URL, ``PG*`` variables,
``~/.pgpass`` or ``PGPASSFILE``, service files). No message names a password:
the project is named by ``label``, the URL without password or options.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import psycopg
from psycopg import conninfo, errors, pq

from annotator.store import dialect, schema
from annotator.store.errors import StoreBusyError, StoreConnectionError, StoreError

MIGRATIONS_TABLE = "annotator_migrations"
# The channel of the live updates, and the most article ids one notification names.
CHANNEL = "annotator_changes"
NOTIFY_IDS = 200
# pg_advisory_xact_lock key: two clients never migrate (or create) the same database at once.
_MIGRATION_LOCK = 0x414E4E54
_CONNECT_TIMEOUT = 10
LISTEN_CONNECT_TIMEOUT = 2  # the listener's attempts at a server that is away (libpq's least)


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
        self.connect_timeout = _CONNECT_TIMEOUT  # seconds a new connection may take
        self.raw = self._connect()
        self.xid: str | None = None  # the open write transaction's id (``begin``)
        self.wrote = False  # a statement of the open transaction changed rows
        self.channel: str | None = None  # the project's notification channel (first commit)

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            raw = psycopg.connect(self.url, autocommit=True, connect_timeout=self.connect_timeout)
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

    @property
    def backend_pid(self) -> int:
        """The server process of this connection (a notification names its sender's)."""
        return 0 if self.raw.closed else int(self.raw.info.backend_pid)

    def begin(self) -> None:
        """``BEGIN``, and the transaction's id in the same round trip (a lost
        ``COMMIT`` is settled by it); run again on a new connection when the old
        one is found dropped."""
        self.xid, self.wrote = None, False
        for attempt in (1, 2):
            try:
                cur = self.raw.execute(f"{self.dialect.begin}; SELECT pg_current_xact_id()::text".encode())
                break
            except psycopg.OperationalError as exc:
                if attempt == 2 or not _lost(exc, self.raw):
                    raise
            self.reconnect()
        cur.nextset()
        row = cur.fetchone()
        assert row is not None  # pg_current_xact_id() always answers
        self.xid = str(row[0])

    def commit(self, note: str | None) -> None:
        """``COMMIT``, after ``NOTIFY`` with ``note`` in the same round trip. When
        the connection goes before the server answers, a new connection asks what
        became of the transaction: committed returns as a success."""
        if note is not None and self.channel is None:
            self.channel = channel_of(self.raw)  # in the transaction: a schema it made counts
        sql = "COMMIT" if note is None else f"SELECT pg_notify('{self.channel}', '{note}'); COMMIT"
        try:
            self.raw.execute(sql.encode())
            return
        except psycopg.OperationalError as exc:
            if not _lost(exc, self.raw):
                raise
            what = _first_line(exc)
        host = host_of(self.url)
        try:
            self.reconnect()
            outcome = self.raw.execute("SELECT pg_xact_status(%s::xid8)", [self.xid]).fetchone()
        except (psycopg.Error, StoreError):
            outcome = None
        if outcome is not None and outcome[0] == "committed":
            return
        if outcome is not None and outcome[0] == "aborted":
            raise StoreConnectionError(
                f"lost the connection to the PostgreSQL server at {host} ({what}); nothing was saved"
            )
        raise StoreConnectionError(
            f"lost the connection to the PostgreSQL server at {host} while saving to {self.label}: "
            "the edit may not have been saved; look again before redoing it",
            saved=None,
            reachable=outcome is not None,
        )

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
        read = _READ.match(sql) is not None
        retry = not self.in_transaction and (sql == self.dialect.begin or read)
        try:
            cur = self.raw.execute(query, params)
        except psycopg.OperationalError as exc:
            if not (retry and _lost(exc, self.raw)):
                raise
            self.reconnect()  # nothing of this statement took effect: run it again
            cur = self.raw.execute(query, params)
        if not read and cur.rowcount > 0:
            self.wrote = True
        return cur

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> psycopg.Cursor[Any]:
        cur = self.raw.cursor()
        rows = [tuple(row) for row in parameters]
        if rows:
            cur.executemany(to_psycopg(sql), rows)
            self.wrote = True
        return cur

    def executescript(self, sql: str) -> None:
        """Several statements without parameters (the migrations' DDL)."""
        self.raw.execute(sql.encode("utf-8"))
        self.wrote = True

    def close(self) -> None:
        self.raw.close()


def change_note(article_ids: Iterable[int]) -> str:
    """What a write transaction's notification says: its articles' ids, or ``*``."""
    ids = sorted(set(article_ids))
    return ",".join(map(str, ids)) if 0 < len(ids) <= NOTIFY_IDS else "*"


def read_note(payload: str) -> set[int] | None:
    """The article ids a notification names; None for ``*`` (anything may have changed)."""
    try:
        return {int(part) for part in payload.split(",")}
    except ValueError:
        return None


def channel_of(raw: psycopg.Connection[Any]) -> str:
    """The notification channel of the project ``raw`` reads: ``annotator_changes`` in the
    ``public`` schema, one of its own for a project in another schema (so projects sharing a
    database do not make each other's windows read again)."""
    row = raw.execute("SELECT current_schema()").fetchone()
    schema = row[0] if row else None
    if not schema or schema == "public":
        return CHANNEL
    return f"{CHANNEL}_{hashlib.sha256(schema.encode()).hexdigest()[:16]}"


class Listener:
    """``LISTEN`` to the project's channel (``channel_of``) on a connection of its own, in a thread.

    ``on_change(ids, sender_pid)`` gets each notification (``ids`` None: anything
    may have changed); ``on_state(connected, message)`` says when the connection
    went (after one quick attempt to make a new one failed) and when it is back,
    then tries again every ``retry`` seconds. Both are called in the thread.
    Each time the connection is made ``on_change(None, 0)`` follows: what was
    committed before its ``LISTEN`` was heard by nobody."""

    def __init__(
        self,
        url: str,
        *,
        on_change: Callable[[set[int] | None, int], None],
        on_state: Callable[[bool, str], None],
        retry: float = 1.0,
        wake: float = 0.25,
    ) -> None:
        self.url = url
        self._change = on_change
        self._state = on_state
        self._retry = retry
        self._wake = wake  # how soon ``stop`` is noticed
        self._stop = threading.Event()
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="annotator-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop listening: no callback comes after this returns (the thread may take
        up to ``LISTEN_CONNECT_TIMEOUT`` more to end, when it is connecting)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(self._wake + 0.5)

    def _connect(self) -> psycopg.Connection[Any] | None:
        try:
            raw = psycopg.connect(self.url, autocommit=True, connect_timeout=LISTEN_CONNECT_TIMEOUT)
            raw.execute(f'LISTEN "{channel_of(raw)}"')
        except psycopg.Error:
            return None
        return raw

    def _on_change(self, ids: set[int] | None, pid: int) -> None:
        if not self._stop.is_set():  # never after ``stop``: the window may be gone
            self._change(ids, pid)

    def _on_state(self, connected: bool, message: str) -> None:
        if not self._stop.is_set():
            self._state(connected, message)

    def _run(self) -> None:
        raw = self._connect()
        if raw is None:
            self._on_state(False, f"cannot reach the PostgreSQL server at {host_of(self.url)}")
        else:
            self.connected.set()
            self._on_change(None, 0)  # what was committed before the LISTEN
        lost = raw is None
        while not self._stop.is_set():
            if raw is None:
                raw = self._connect()
                if raw is None:
                    if not lost:
                        lost = True
                        self._on_state(
                            False, f"lost the connection to the PostgreSQL server at {host_of(self.url)}"
                        )
                    self._stop.wait(self._retry)
                    continue
                self.connected.set()
                if lost:
                    lost = False
                    self._on_state(True, "")
                self._on_change(None, 0)
            try:
                for note in raw.notifies(timeout=self._wake):
                    if self._stop.is_set():
                        break
                    self._on_change(read_note(note.payload), note.pid)
            except psycopg.Error:
                self.connected.clear()
                with contextlib.suppress(psycopg.Error):
                    raw.close()
                raw = None  # one attempt at once; ``lost`` is said when it fails
        if raw is not None:
            raw.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def unreachable(url: str, exc: BaseException) -> StoreError:
    """One line for a connection libpq could not make (the password is never in it)."""
    detail = _first_line(exc).removeprefix("connection is bad: ")
    missing = re.search(r'database "([^"]*)" does not exist', detail)
    if missing:
        return StoreError(
            f"{label(url)}: the server has no database {missing.group(1)!r}; "
            f"create it first (createdb {missing.group(1)}), or name another"
        )
    return StoreConnectionError(
        f"cannot reach the PostgreSQL server at {host_of(url)}: {detail}", reachable=False
    )


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
        what = _first_line(exc)
        return StoreConnectionError(
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
        return _refused(conn, exc, saving=saving)
    if isinstance(exc, errors.DiskFull | errors.OutOfMemory):
        return StoreError(f"{where}: the server has no room ({exc.diag.message_primary}); nothing was saved")
    return None


def _refused(conn: PgConnection, exc: psycopg.Error, *, saving: bool) -> StoreError:
    """One line for a write the server's roles refused (docs/postgres.md#roles)."""
    message = exc.diag.message_primary or str(exc)
    table = re.search(r'table "?([A-Za-z_]+)"?', message)
    what = table.group(1) if table else "this"
    who = conn.raw.info.user
    tail = "; nothing was saved" if saving else ""
    if "row-level security" in message:
        why = f"{who} may write only their own annotations and statuses (row-level security on {what})"
    else:
        why = f"{who} may not change {what} ({message}); an admin of the project can"
    return StoreError(f"{conn.label}: the PostgreSQL server refused: {why}{tail}")


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
    pending = [(name, fn) for name, fn in schema.MIGRATIONS if name not in done]
    for name, fn in pending:
        for statement in schema.sqlite_ddl(fn):
            conn.executescript(dialect.POSTGRES.ddl(statement))
        conn.execute(
            f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, clock_timestamp()::text)", [name]
        )
    if pending and not new:
        from annotator.store import pg_roles

        pg_roles.refresh(conn)  # a table a migration added is fenced like the others
    return new

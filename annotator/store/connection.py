"""Opening a project (a SQLite file or a PostgreSQL database), transactions, the edit log, labels.

``StoreBase`` is the bottom of the ``Store``: the connection, ``transaction()``
(every write of the store goes through it), ``_log`` and the label schema.
The layers above it (search, statuses, spans, articles) only write SQL
through ``self.conn``; what differs between the backends is in ``dialect``
(the SQL), ``files`` (a SQLite file's mark and upgrade) and ``pg`` (the
PostgreSQL connection, its errors and its mark).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Self

from annotator.model import Article, Label, LabelSchema
from annotator.store import dialect, files
from annotator.store.errors import StoreError, describe
from annotator.store.rows import _article_from_row, _now

if TYPE_CHECKING:
    from sqlite_utils import Database

    from annotator.store.dialect import Connection, Dialect
    from annotator.store.pg import PgConnection


def is_url(target: object) -> bool:
    """A ``postgresql://`` / ``postgres://`` URL (checked without importing psycopg)."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def project_target(text: str | Path) -> str | Path:
    """What a command line names as a project: a URL as it is, anything else as a path."""
    return str(text) if is_url(str(text)) else Path(text)


class StoreBase:
    """An open project: the connection, transactions, the edit log and the labels."""

    conn: Connection
    dialect: Dialect

    def __init__(self, target: str | Path, *, create: bool = True, busy_timeout: float = 30.0) -> None:
        """``target``: a SQLite file's path, or a ``postgresql://`` URL.

        ``busy_timeout``: seconds a write waits for another connection's
        write to end before it fails with ``StoreBusyError`` (see ``set_busy_timeout``).

        Opening only reads: a new project is made (in one transaction) when
        ``create`` is set, and an older one is upgraded by its first write."""
        self._db: Database | None = None
        self._schema: LabelSchema | None = None
        self._path: Path | None = None
        if is_url(target):
            self._open_postgres(str(target), create=create, busy_timeout=busy_timeout)
        else:
            self._open_sqlite(Path(target), create=create, busy_timeout=busy_timeout)

    def _open_sqlite(self, path: Path, *, create: bool, busy_timeout: float) -> None:
        self._path = path
        self.target = self.label = str(path)
        self.name = path.name
        self.dialect = dialect.SQLITE
        self._errors: type[Exception] = sqlite3.Error
        if path.is_dir():
            raise StoreError(f"{path}: is a folder, not a project file")
        # A pipe or a device: SQLite would hang on it, or write a journal beside it.
        if path.exists() and not path.is_file():
            raise StoreError(f"{path}: not a regular file, not a project file")
        if not create and not path.exists():
            raise StoreError(f"{path}: no such database")
        try:
            # Autocommit at the driver level: transactions are explicit (``transaction()``).
            conn = sqlite3.connect(
                str(path), timeout=busy_timeout, check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise describe(path, exc) or exc from None
        self.conn = conn
        try:
            kind = files.recognise(conn, path)
            if kind is files.Kind.EMPTY and not create:
                raise StoreError(f"{path}: an empty file, not an annotator project yet")
            for pragma in dialect.SQLITE.session:
                conn.execute(pragma)
            self._upgrade_due = files.needs_upgrade(conn)
            if kind is files.Kind.EMPTY:
                with self.transaction():
                    pass  # creates the project: schema, labels and mark in one transaction
        except StoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            known = describe(path, exc)
            if known is None or (exc.sqlite_errorname or "").startswith("SQLITE_NOTADB"):
                raise StoreError(f"{path}: not an annotator database ({exc})") from None
            raise known from None

    def _open_postgres(self, url: str, *, create: bool, busy_timeout: float) -> None:
        import psycopg

        from annotator.store import pg

        self.target = url
        self.label = pg.label(url)
        self.dialect = dialect.POSTGRES
        self._errors = psycopg.Error
        conn = pg.PgConnection(url)  # StoreError when the server cannot be reached
        self.name = f"{conn.raw.info.dbname} on {pg.host_of(url)}"
        self.conn = conn
        try:
            self.set_busy_timeout(busy_timeout)
            exists = pg.recognise(conn)
            if not exists and not create:
                raise StoreError(f"{self.label}: an empty database, not an annotator project yet")
            self._upgrade_due = pg.needs_upgrade(conn)
            if not exists:
                with self.transaction():
                    pass  # creates the project: schema and labels in one transaction
        except StoreError:
            conn.close()
            raise
        except psycopg.Error as exc:
            conn.close()
            raise pg.describe(conn, exc) or StoreError(f"{self.label}: {exc}") from None

    # -- lifecycle -----------------------------------------------------------

    @property
    def is_postgres(self) -> bool:
        return self.dialect is dialect.POSTGRES

    @property
    def path(self) -> Path:
        """The project's file (SQLite only: a PostgreSQL project has none; use ``target``)."""
        if self._path is None:
            raise StoreError(f"{self.label}: a PostgreSQL project has no file")
        return self._path

    @property
    def db(self) -> Database:
        """The file as a sqlite-utils ``Database`` (for tools and scripts; imported on first use)."""
        if self._db is None:
            if self.is_postgres:
                raise StoreError(f"{self.label}: sqlite-utils opens SQLite files, not PostgreSQL")
            from sqlite_utils import Database

            self._db = Database(self.conn)  # type: ignore[arg-type]
        return self._db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another connection's write (an import in
        another process) before ``StoreBusyError``: the window keeps this short,
        so a key press is refused with a message instead of freezing it.
        (PostgreSQL: ``lock_timeout``, kept across reconnections.)"""
        sql = self.dialect.lock_timeout_sql(seconds)
        if self.is_postgres:
            self._pg.set_session("lock_timeout", sql)
        else:
            self.conn.execute(sql)

    @property
    def _pg(self) -> PgConnection:
        from annotator.store.pg import PgConnection

        assert isinstance(self.conn, PgConnection)
        return self.conn

    def explain(self, exc: BaseException) -> StoreError | None:
        """One line for a driver error met outside the store's own handling (a read
        whose connection went); None when ``exc`` is not the backend's, or is a bug."""
        return self._describe(exc) if isinstance(exc, self._errors) else None

    def _describe(self, exc: BaseException, *, saving: bool = False) -> StoreError | None:
        if self.is_postgres:
            from annotator.store import pg

            return pg.describe(self._pg, exc, saving=saving)
        assert isinstance(exc, sqlite3.Error) and self._path is not None
        return describe(self._path, exc, saving=saving)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nests as savepoints).

        The first one upgrades an older project (or makes a new one) as part of
        the same transaction. Raises ``StoreBusyError`` (nothing written)
        when another connection keeps the write lock past the busy timeout,
        and ``StoreError`` naming the project for a full disk, a read-only or
        damaged file, or a lost connection to the server."""
        conn = self.conn
        if conn.in_transaction:
            name = f"sp{id(object())}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        backup: files.Backup | None = None
        try:
            if (
                self._upgrade_due
                and not self.is_postgres
                and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
            ):
                conn.execute("PRAGMA journal_mode=WAL")  # outside a transaction, as SQLite needs
            conn.execute(self.dialect.begin)
        except self._errors as exc:
            raise self._describe(exc, saving=True) or exc from None
        committing = False
        try:
            if self._upgrade_due:
                backup = self._upgrade()
            yield
            committing = True
            conn.execute("COMMIT")
        except BaseException as exc:
            if backup is not None:
                backup.discard()
            if conn.in_transaction:
                with suppress(self._errors):  # SQLite may have rolled back already (a full disk)
                    conn.execute("ROLLBACK")
            self._schema = None
            if isinstance(exc, self._errors):
                if committing and self.is_postgres:
                    raise self._commit_failed(exc) from None
                known = self._describe(exc, saving=True)
                if known is not None:
                    raise known from None
            raise
        self._upgrade_due = False
        if backup is not None:
            with suppress(OSError):  # committed: a failed rename leaves the copy as .partial-<pid>
                backup.keep()

    def _commit_failed(self, exc: Exception) -> StoreError:
        """A PostgreSQL COMMIT that failed: never retried, never shown as saved."""
        raw = self._pg.raw
        if raw.closed or raw.broken:
            # The COMMIT may have reached the server before the connection went.
            return StoreError(
                f"lost the connection to the PostgreSQL server while saving to {self.label}: "
                "the edit may not have been saved; look again before redoing it"
            )
        known = self._describe(exc, saving=True)
        if known is not None:
            return known
        why = getattr(getattr(exc, "diag", None), "message_primary", None) or str(exc).strip()
        return StoreError(f"{self.label}: the server refused to save ({why}); nothing was saved")

    def _upgrade(self) -> files.Backup | None:
        """Create or upgrade the project inside the open write transaction."""
        if not self.is_postgres:
            return files.upgrade(self)
        from annotator.store import pg

        if pg.upgrade(self._pg):
            self._write_labels(files.default_labels())  # a new project's labels
        return None

    def _log(
        self,
        action: str,
        annotator: str,
        *,
        article_id: int | None = None,
        span_id: int | None = None,
        payload: str = "{}",
    ) -> None:
        self.conn.execute(
            "INSERT INTO edits (at, annotator, action, article_id, span_id, payload) VALUES (?, ?, ?, ?, ?, ?)",
            [_now(), annotator, action, article_id, span_id, payload],
        )

    def reset_ids(self, table: str) -> None:
        """After rows were written with their ids given (``annotator copy``): new rows of
        ``table`` get ids after the highest (PostgreSQL moves the identity's sequence)."""
        sql = self.dialect.reset_ids_sql(table)
        if sql is not None:
            self.conn.execute(sql)

    def integrity_check(self) -> str:
        return str(self.conn.execute(self.dialect.integrity_sql()).fetchone()[0])

    # -- labels --------------------------------------------------------------

    def schema(self) -> LabelSchema:
        if self._schema is None:
            rows = self.conn.execute(
                "SELECT name, layer, colour, key, description FROM labels ORDER BY position"
            ).fetchall()
            self._schema = LabelSchema(Label(*row) for row in rows)
        return self._schema

    def _write_labels(self, schema: Iterable[Label]) -> None:
        start = self.conn.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM labels").fetchone()[0]
        self.conn.executemany(  # one round trip to a server for a whole schema (psycopg pipelines it)
            "INSERT INTO labels (layer, name, colour, key, description, position) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                (label.layer, label.name, label.colour, label.key, label.description, start + i)
                for i, label in enumerate(schema)
            ],
        )
        self._schema = None

    def add_labels(self, labels: Iterable[Label]) -> None:
        """Add labels not in the schema yet (those already there are kept as they are)."""
        with self.transaction():
            self._write_labels(labels)

    def ensure_label(self, name: str, layer: str) -> tuple[Label, bool]:
        """The label, added with a fallback colour when new; returns (label, was_added)."""
        schema = self.schema()
        found = schema.get(name, layer)
        if found is not None:
            return found, False
        label = LabelSchema(list(schema)).add_unknown(name, layer)
        self._write_labels([label])
        return label, True

    # -- the two article reads every layer needs ------------------------------

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def article(self, article_id: int) -> Article:
        row = self.conn.execute(
            "SELECT id, title, text, source, url, lang, meta FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no article with id {article_id}")
        return _article_from_row(row)

"""Every difference between the two backends' SQL, in one place.

The store writes one SQL for both SQLite and PostgreSQL: ``?`` placeholders
(rewritten for psycopg by ``annotator.store.pg``), ``INSERT ... ON CONFLICT DO
NOTHING`` (never ``INSERT OR IGNORE``), ``INSERT ... RETURNING id`` (never
``lastrowid``), ``COUNT(*) FILTER (WHERE ...)`` (never ``SUM`` of a comparison).
What cannot be shared is a method of the ``Dialect`` here: how a write
transaction begins, session settings, full-text search, a list of ids as one
parameter, the integrity check, the catalogue, the row lock of the on-demand
hand-out's claim (``claim_lock``), and the DDL of the migrations
(PostgreSQL's is translated from SQLite's by ``PostgresDialect.ddl``).

This module imports no driver: psycopg is loaded by ``annotator.store.pg``,
only when a ``postgresql://`` URL is opened.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the store needs of a connection: ``sqlite3.Connection`` or ``pg.PgConnection``."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...

    def close(self) -> None: ...


def search_words(text: str) -> list[str]:
    """The words of a search box's text (a NUL separates words: no backend stores one in a query)."""
    return text.replace("\0", " ").split()


class Dialect:
    name = ""
    begin = "BEGIN"

    def lock_timeout_sql(self, seconds: float) -> str:
        raise NotImplementedError

    def search_clause(self, column: str) -> str:
        """SQL true for the articles (id in ``column``) matching the ``search_param``."""
        raise NotImplementedError

    def search_param(self, text: str) -> str:
        raise NotImplementedError

    def search_sql(self) -> str:
        """Article ids matching ``?`` (the ``search_param``), best first, at most ``?``."""
        raise NotImplementedError

    def ids_clause(self, column: str) -> str:
        """SQL true when ``column`` is one of the ids given as one parameter (``ids_param``)."""
        raise NotImplementedError

    def ids_param(self, ids: Sequence[int]) -> Any:
        raise NotImplementedError

    def has_table_sql(self) -> str:
        raise NotImplementedError

    def reset_ids_sql(self, table: str) -> str | None:
        """SQL that makes ``table``'s next new id follow its highest (None: it does by itself,
        as SQLite's ``INTEGER PRIMARY KEY``). For rows written with their ids given."""
        return None

    def exclusive_sql(self, tables: str) -> str | None:
        """SQL that keeps other writers of ``tables`` waiting until this transaction ends
        (None: the transaction's begin did already, as SQLite's ``BEGIN IMMEDIATE``)."""
        return None

    def integrity_sql(self) -> str:
        raise NotImplementedError

    def claim_lock(self, table: str) -> str:
        """What ends the on-demand hand-out's search for a candidate article
        (``handout.claim``): a row lock where the backend has them."""
        raise NotImplementedError


class SQLiteDialect(Dialect):
    name = "sqlite"
    # Take the write lock up front: a deferred transaction that reads first could
    # fail to upgrade to a writer (SQLITE_BUSY) after it has done its reads.
    begin = "BEGIN IMMEDIATE"
    session = ("PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON")

    def lock_timeout_sql(self, seconds: float) -> str:
        return f"PRAGMA busy_timeout = {max(0, round(seconds * 1000))}"

    def search_clause(self, column: str) -> str:
        return f"{column} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

    def search_param(self, text: str) -> str:
        """Quote each word (as a prefix) so user input never trips FTS5's query syntax."""
        return " ".join('"{}"*'.format(w.replace('"', '""')) for w in search_words(text)) or '""'

    def search_sql(self) -> str:
        return "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?"

    def ids_clause(self, column: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(?))"

    def ids_param(self, ids: Sequence[int]) -> Any:
        return json.dumps([int(i) for i in ids])

    def has_table_sql(self) -> str:
        return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"

    def integrity_sql(self) -> str:
        return "PRAGMA integrity_check"

    def claim_lock(self, table: str) -> str:
        # No row locks: the claim's BEGIN IMMEDIATE already holds the file's write lock,
        # so claims (and every other write) run one after another.
        return ""


# SQLite DDL -> PostgreSQL DDL, statement by statement (``PostgresDialect.ddl``).
_ROWID_ALIAS = re.compile(r"\bid INTEGER PRIMARY KEY\b")
_FTS = re.compile(r"CREATE VIRTUAL TABLE articles_fts USING fts5\([^)]*\)", re.S)
# The search column: titles and texts as words of any language ('simple': no
# stemming, no stop words), kept by PostgreSQL itself, so nothing is filled lazily.
# A tsvector holds at most 1 MB: the first 200,000 characters (at most some 600 kB
# of words, whatever the script) are indexed, so no article is too long to store.
PG_SEARCH_CHARS = 200_000
PG_SEARCH_DDL = (
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('simple', left(title || ' ' || text, {PG_SEARCH_CHARS}))) STORED;\n"
    "CREATE INDEX articles_search ON articles USING GIN (search)"
)


class PostgresDialect(Dialect):
    name = "postgres"
    # Said, not left to the server's default_transaction_isolation: the on-demand
    # hand-out's claim relies on each statement seeing what committed before it.
    begin = "BEGIN ISOLATION LEVEL READ COMMITTED"

    def lock_timeout_sql(self, seconds: float) -> str:
        return f"SET lock_timeout = {max(0, round(seconds * 1000))}"

    def search_clause(self, column: str) -> str:
        return f"{column} IN (SELECT id FROM articles WHERE search @@ to_tsquery('simple', ?))"

    def search_param(self, text: str) -> str:
        """Each word quoted, as a prefix, all of them required: what the SQLite search
        finds. Quoting keeps ``&``, ``!``, ``:`` and the like from being query syntax."""
        words = ["'{}':*".format(w.replace("\\", "\\\\").replace("'", "''")) for w in search_words(text)]
        return " & ".join(words)  # no words: an empty query, which matches nothing

    def search_sql(self) -> str:
        return (
            "SELECT id FROM articles, to_tsquery('simple', ?) AS q WHERE search @@ q "
            "ORDER BY ts_rank(search, q) DESC, id LIMIT ?"
        )

    def ids_clause(self, column: str) -> str:
        return f"{column} = ANY(?)"

    def ids_param(self, ids: Sequence[int]) -> Any:
        return [int(i) for i in ids]

    def has_table_sql(self) -> str:
        return (
            "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
        )

    def reset_ids_sql(self, table: str) -> str | None:
        # An identity's sequence knows nothing of ids given explicitly (a copy, a staged import).
        return (
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table} HAVING MAX(id) > 0"
        )

    def exclusive_sql(self, tables: str) -> str | None:
        # Readers go on; inserts, updates and deletes of these tables wait.
        return f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE"

    def integrity_sql(self) -> str:
        # PostgreSQL checks its own pages; what the store can ask is that every table reads.
        return "SELECT 'ok' WHERE (SELECT COUNT(*) FROM articles) + (SELECT COUNT(*) FROM spans) >= 0"

    def claim_lock(self, table: str) -> str:
        # Concurrent claimers skip each other's candidates instead of waiting. NO KEY
        # UPDATE, not UPDATE: the foreign-key checks of edits on that article (KEY
        # SHARE) pass through it, so a claim never holds up anybody's edit.
        return f" FOR NO KEY UPDATE OF {table} SKIP LOCKED"

    def ddl(self, sqlite_sql: str) -> str:
        """A migration's SQLite DDL as PostgreSQL's: the same tables, columns and
        indexes. Row ids become identity columns, integers 64-bit, ``REAL`` double
        precision, text compares byte-wise (``COLLATE "C"``, as SQLite's BINARY: lists
        sort alike on both), and the FTS5 table becomes a ``tsvector`` column."""
        sql = _FTS.sub(PG_SEARCH_DDL, sqlite_sql)
        sql = re.sub(r"--[^\n]*", "", sql)
        sql = _ROWID_ALIAS.sub("id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", sql)
        sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
        sql = re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)
        sql = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', sql)
        sql = re.sub(r"\)\s*WITHOUT ROWID", ")", sql)
        if "VIRTUAL TABLE" in sql or "PRAGMA" in sql:
            raise ValueError(f"no PostgreSQL form for this migration statement: {sqlite_sql[:80]!r}")
        return sql


SQLITE = SQLiteDialect()
POSTGRES = PostgresDialect()


def of(conn: object) -> Dialect:
    """The dialect of an open connection (the PostgreSQL adapter carries its own)."""
    found = getattr(conn, "dialect", None)
    return found if isinstance(found, Dialect) else SQLITE

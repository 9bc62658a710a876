"""Numbered migrations of a project, the same on SQLite and PostgreSQL.

A migration never changes; a new schema change is a new, higher-numbered
function appended to ``MIGRATIONS``. An older file is upgraded in place,
after a backup copy, by its first write (see ``files.upgrade``).

On SQLite the functions run through sqlite-utils ``Migrations`` (which
records them in ``_sqlite_migrations``). On PostgreSQL the same functions
are run against a recorder (``sqlite_ddl``) and the SQL they give is
translated by ``dialect.PostgresDialect.ddl``; ``pg.upgrade`` records them in
``annotator_migrations``. So a migration is written once, in SQLite's DDL,
using ``db.execute``/``db.executescript`` only.

sqlite-utils (with numpy and dateutil, about 0.2 s) is imported only when a
file actually has pending migrations, so opening an up-to-date file, the
window's start-up path, never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotator.store import dialect

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from annotator.store.dialect import Connection

SET_NAME = "annotator"
MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = []


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        MIGRATIONS.append((name, fn))
        return fn

    return register


def applied_names(conn: Connection) -> list[str]:
    """Names of the migrations this project has had, without importing sqlite-utils."""
    if dialect.of(conn) is dialect.POSTGRES:
        from annotator.store import pg

        return pg.applied_names(conn)  # type: ignore[arg-type]
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [SET_NAME]
    )
    return [row[0] for row in rows]


def has_table(conn: Connection, name: str) -> bool:
    """Whether the file has the table ``name``. Reads never upgrade a project (the first
    write does), so a reader of a table a later migration adds asks this first and treats
    its absence as empty."""
    return conn.execute(dialect.of(conn).has_table_sql(), [name]).fetchone() is not None


def pending_names(conn: Connection) -> list[str]:
    done = set(applied_names(conn))
    return [name for name, _ in MIGRATIONS if name not in done]


class _Recorder:
    """Stands in for a sqlite-utils ``Database``: keeps the SQL a migration runs."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def execute(self, sql: str) -> None:
        self.sql.append(sql)

    executescript = execute


def sqlite_ddl(fn: Callable[[Database], None]) -> list[str]:
    """The SQL a migration function runs, in order (for translating to PostgreSQL)."""
    recorder = _Recorder()
    fn(recorder)  # type: ignore[arg-type]
    return recorder.sql


def build_migrations() -> Migrations:
    """The sqlite-utils ``Migrations`` set holding every registered migration."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    for name, fn in MIGRATIONS:
        migrations(name=name)(fn)
    return migrations


@migration("0001_initial")
def m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT 'en',
            meta TEXT NOT NULL DEFAULT '{}',
            text_hash TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE annotators (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        -- One row per article and annotator; 'todo' rows are written up front so
        -- "next article to annotate" is an index seek, never a NOT EXISTS scan.
        CREATE TABLE statuses (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            annotator TEXT NOT NULL,
            status TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        ) WITHOUT ROWID;
        CREATE INDEX statuses_by_annotator ON statuses (annotator, status, article_id);
        CREATE TABLE quotes (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            annotator TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            layer TEXT NOT NULL,
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote_id INTEGER REFERENCES quotes(id),
            role TEXT,
            entity_id INTEGER,
            origin TEXT NOT NULL DEFAULT 'manual',
            annotator TEXT NOT NULL,
            created_at TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start)
        );
        CREATE INDEX spans_by_article ON spans (article_id, annotator, layer);
        CREATE TABLE labels (
            layer TEXT NOT NULL,
            name TEXT NOT NULL,
            colour TEXT NOT NULL,
            key TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            PRIMARY KEY (layer, name)
        );
        -- Append-only history of every edit: who did what, when.
        CREATE TABLE edits (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            annotator TEXT NOT NULL,
            action TEXT NOT NULL,
            article_id INTEGER,
            span_id INTEGER,
            payload TEXT NOT NULL DEFAULT '{}'
        );
        -- The page an article was imported from (HTML imports), for suggesters
        -- that need the markup (trafilatura); kept apart so the list never loads it.
        CREATE TABLE article_html (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            html TEXT NOT NULL
        );
        """
    )
    # Full-text search over titles and texts. Filled lazily (Store.sync_search)
    # so that imports stay as fast as plain inserts. (PostgreSQL: a tsvector column.)
    db.executescript(
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='id'
        );
        """
    )


@migration("0002_span_counts_index")
def m0002_span_counts_index(db: Database) -> None:
    # The article list counts each article's spans by origin after every edit;
    # this index answers that without reading the span rows.
    db.execute("CREATE INDEX spans_by_origin ON spans (article_id, annotator, origin)")


@migration("0003_teams")
def m0003_teams(db: Database) -> None:
    db.executescript(
        """
        -- Which annotator is to annotate which article (``annotator assign``). An
        -- annotator with no row here sees every article, as before assignment.
        CREATE TABLE assignments (
            annotator TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (annotator, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX assignments_by_article ON assignments (article_id, annotator);
        -- Annotators whose 'done' versions are the gold (``export --gold``).
        CREATE TABLE reviewers (
            name TEXT PRIMARY KEY,
            created_at TEXT NOT NULL
        );
        -- Filled only in a file made by ``annotator pack``: whose pack it is, where
        -- it came from, and each article's version as packed (a fingerprint of the
        -- annotator's spans and status), so ``merge`` can tell who changed what.
        CREATE TABLE pack_info (
            annotator TEXT PRIMARY KEY,
            origin TEXT NOT NULL,
            packed_at TEXT NOT NULL
        );
        CREATE TABLE pack_base (
            annotator TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            PRIMARY KEY (annotator, text_hash)
        ) WITHOUT ROWID;
        """
    )


@migration("0004_span_score")
def m0004_span_score(db: Database) -> None:
    # A trained model's score of each suggestion it made (annotator train), kept
    # beside the span so the spans table and every reader of it stay as they are;
    # the row goes with its span. And how unsure the model was of each article, so
    # the todo queue can be ordered by it (suggest --order uncertain).
    db.executescript(
        """
        CREATE TABLE span_scores (
            span_id INTEGER PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
            score REAL NOT NULL
        );
        CREATE TABLE article_uncertainty (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            annotator TEXT NOT NULL,
            origin TEXT NOT NULL,
            uncertainty REAL NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator, origin)
        ) WITHOUT ROWID;
        """
    )


@migration("0005_handout")
def m0005_handout(db: Database) -> None:
    # A project's settings, one row each. The first: how articles are handed out
    # (``annotator assign --on-demand``): ('handout', 'on-demand') and ('overlap', N)
    # when annotators claim articles as they ask for them; no row: assignment is
    # static (``annotator assign --annotators``) or there is none.
    db.executescript(
        """
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )

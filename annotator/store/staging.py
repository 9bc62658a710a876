"""An import staged outside the project's write lock, then copied in under it with INSERT … SELECT.

``ImportStage`` is a temporary SQLite file (in the system's temporary folder,
``$TMPDIR``) that takes articles and spans as the import driver builds and
checks them; nothing of the project is locked meanwhile, so other windows go
on saving. ``copy_staged`` (``Store.add_staged``) then copies every staged row
into the project in one transaction: the write lock is held for the copy
alone, and the import stays all or nothing. The stage holds the rows on disk,
not in memory, so a million articles cost no more memory than a thousand.

The copy stores exactly what ``Store.add_articles`` stores for the same items:
articles already in the project (same text) and repeats within the import are
duplicates, whose spans are dropped; ids follow the import order; every
annotator gets a status row; quote parts share a new quote; a source's link to
its entity is kept.

With ``versions`` (``import --annotator-from-name``) each staged article
belongs to its own annotator (``ImportStage.add(..., annotator=)``), and a
repeat is a duplicate only when its annotator already has a version of that
text: a staged article with spans whose text is stored (in the project, or
earlier in the stage) and whose annotator has neither spans on it nor a
status other than 'todo' adds its spans and status to it as that annotator's
version (``add_articles(..., versions=True)`` does the same one by one).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.model import ENTITY, Article, Span
from annotator.store.dialect import POSTGRES
from annotator.store.errors import StoreError

if TYPE_CHECKING:
    from annotator.store.dialect import Cursor
    from annotator.store.statuses import StatusesMixin as Store

_BATCH = 2000
# Page cache for the copy: about the new rows' share of the text_hash index, at most 64 MB.
_COPY_CACHE_BYTES_PER_ROW = 64
_COPY_CACHE_MAX_KIB = 64 * 1024
_STAGE_SCHEMA = """
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    title TEXT, text TEXT, source TEXT, url TEXT, lang TEXT, meta TEXT,
    text_hash TEXT, html TEXT,
    done INTEGER,  -- 0: todo; 1: done; 2: done, and logged as a status edit
    annotator TEXT  -- whose version it is; NULL: the import's annotator
);
CREATE TABLE spans (
    seq INTEGER, pos INTEGER, layer TEXT, label TEXT, start INTEGER, "end" INTEGER,
    quote_local INTEGER, role TEXT, entity_pos INTEGER, origin TEXT,
    PRIMARY KEY (seq, pos)
) WITHOUT ROWID;
"""
_DONE_PAYLOAD = json.dumps({"from": "todo", "to": "done"})


class StageError(ValueError):
    """A built article the project file could not hold (the import driver names its record)."""


class StageUnwritable(StoreError):
    """The temporary stage could not be written (no room, no such folder); nothing was stored."""

    def __init__(self, folder: str, exc: Exception) -> None:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        self.folder = folder
        self.problem = (
            f"cannot write the import's temporary stage ({reason}); nothing was stored. "
            "Free some space there, or set TMPDIR to a folder with room"
        )
        super().__init__(f"{folder}: {self.problem}")


@dataclass
class StagedResult:
    """What ``copy_staged`` stored; new articles have the ids ``first_id`` … ``first_id + added - 1``."""

    added: int = 0
    duplicates: int = 0
    spans: int = 0
    suggestions: int = 0
    first_id: int = 0
    # Versions added to articles already stored (or stored earlier in the import): ``versions`` only.
    versions: int = 0


_STAGE_PREFIX = "annotator-import-"


def sweep_stale_stages(folder: str | None = None) -> list[Path]:
    """Remove the stage folders of imports whose process is gone (killed, or the machine
    stopped mid-import): ``annotator-import-<pid>-*`` of this user whose pid runs no more.
    Returns what was removed."""
    removed = []
    for path in Path(folder or tempfile.gettempdir()).glob(f"{_STAGE_PREFIX}*-*"):
        pid = path.name.removeprefix(_STAGE_PREFIX).split("-", 1)[0]
        try:
            if not pid.isdigit() or path.is_symlink() or path.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
        except OSError:
            continue  # alive (another user's process), or not ours to look at
    return removed


class ImportStage:
    """Rows of an import, built and checked, waiting in a temporary file (a context manager).

    The folder's name holds the process id (``annotator-import-<pid>-…``): a stage left by
    a killed import is removed by the next import (``sweep_stale_stages``)."""

    def __init__(self) -> None:
        self.staged = 0
        sweep_stale_stages()
        try:
            self._folder = tempfile.TemporaryDirectory(prefix=f"{_STAGE_PREFIX}{os.getpid()}-")
        except OSError as exc:
            raise StageUnwritable(tempfile.gettempdir(), exc) from None
        self.path = Path(self._folder.name) / "stage.db"
        try:
            self.conn = sqlite3.connect(str(self.path), isolation_level=None)
            # A scratch file: no journal, no syncing; it is thrown away either way.
            self.conn.execute("PRAGMA journal_mode=OFF")
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.executescript(_STAGE_SCHEMA)
            self.conn.execute("BEGIN")
        except sqlite3.Error as exc:
            self._folder.cleanup()
            raise StageUnwritable(self._folder.name, exc) from None
        self._labels: set[str] = set()  # labels known to be storable
        self._articles: list[tuple[Any, ...]] = []
        self._spans: list[tuple[Any, ...]] = []

    def __enter__(self) -> ImportStage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()
        self._folder.cleanup()

    def add(
        self,
        article: Article,
        spans: Sequence[Span],
        *,
        done: bool,
        logged: bool = False,
        annotator: str | None = None,
    ) -> None:
        """Stage one article and its spans. ``done``: the importing annotator's status
        is 'done' (``logged``: and the change is in the edit history, as ``set_status`` does).
        ``annotator``: whose version it is (None: the annotator the copy is given).

        Raises StageError for what SQLite cannot store (a lone surrogate, meta
        nested too deeply), before anything of the article is staged."""
        meta = dict(article.meta)
        html = meta.pop("html", None)
        try:
            meta_json = json.dumps(meta, ensure_ascii=False)
            digest = article.hash
            for value in (article.title, article.source, article.url, article.lang, meta_json, html or ""):
                value.encode("utf-8")
        except RecursionError:
            raise StageError("its meta is nested too deeply to store") from None
        except UnicodeEncodeError as exc:
            raise StageError(
                f"holds a lone surrogate ({exc.object[exc.start : exc.end]!r}), which no UTF-8 file can hold"
            ) from None
        for span in spans:
            if span.label not in self._labels:
                try:
                    span.label.encode("utf-8")
                except UnicodeEncodeError:
                    raise StageError(f"label {span.label!r} holds a lone surrogate") from None
                self._labels.add(span.label)
        self.staged += 1
        seq = self.staged
        self._articles.append(
            (
                seq,
                article.title,
                article.text,
                article.source,
                article.url,
                article.lang,
                meta_json,
                digest,
                html,
                (2 if logged else 1) if done else 0,
                annotator,
            )
        )
        if spans:
            # The order add_articles stores spans in (entities first), so ids come out the same.
            ordered = sorted(spans, key=lambda s: (s.layer != ENTITY, s.start))
            local_ids = {s.id: pos for pos, s in enumerate(ordered) if s.id is not None}
            for pos, s in enumerate(ordered):
                entity_pos = local_ids.get(s.entity_id) if s.entity_id is not None else None
                self._spans.append(
                    (seq, pos, s.layer, s.label, s.start, s.end, s.quote_id, s.role, entity_pos, s.origin)
                )
        if len(self._articles) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        try:
            self._write()
        except sqlite3.Error as exc:  # a full disk, most likely
            raise StageUnwritable(self._folder.name, exc) from None

    def _write(self) -> None:
        if self._articles:
            self.conn.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._articles
            )
            self._articles.clear()
        if self._spans:
            self.conn.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._spans)
            self._spans.clear()

    def finish(self) -> None:
        """Write what is still buffered and commit, so another connection can read the stage."""
        self._flush()
        if self.conn.in_transaction:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StageUnwritable(self._folder.name, exc) from None


class _Copy:
    """The project's connection, running the copy's SQL on either backend.

    The SQL names the stage's tables ``stage.<t>``, the copy's own ``temp.<t>``
    and the project's ``main.<t>``, as SQLite sees them with the stage attached;
    on PostgreSQL the stage is loaded (COPY) into temporary tables, so these
    become ``pg_temp.stage_<t>``, ``pg_temp.<t>`` and ``<t>``."""

    _NAMES = re.compile(r"\b(stage|temp|main)\.(\w+)")

    def __init__(self, store: Store) -> None:
        self.conn = store.conn
        self.postgres = store.is_postgres

    def sql(self, text: str) -> str:
        if not self.postgres:
            return text
        prefix = {"stage": "pg_temp.stage_", "temp": "pg_temp.", "main": ""}
        return self._NAMES.sub(lambda m: prefix[m.group(1)] + m.group(2), text)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self.conn.execute(self.sql(sql), params)

    def create_temp(self, ddl: str) -> None:
        """A table of the copy's own, gone when the transaction ends (PostgreSQL) or dropped after."""
        if self.postgres:
            ddl = POSTGRES.ddl(ddl) + " ON COMMIT DROP"
        self.conn.execute(ddl)

    def next_id(self, table: str) -> int:
        """The first id of the rows the copy numbers itself (ids follow the import order)."""
        if not self.postgres:
            return int(self.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM main.{table}").fetchone()[0])
        # Past every id the table's sequence handed out too (an undo may put a deleted span back).
        return int(
            self.conn.execute(
                f"SELECT GREATEST(COALESCE(MAX(id), 0), COALESCE(pg_sequence_last_value("
                f"pg_get_serial_sequence('{table}', 'id')), 0)) + 1 FROM {table}"
            ).fetchone()[0]
        )


def copy_staged(store: Store, stage: ImportStage, *, annotator: str, versions: bool = False) -> StagedResult:
    """Copy a stage into the project in ONE transaction (see the module docstring)."""
    from annotator.store.rows import _now

    stage.finish()
    if store.conn.in_transaction:
        raise StoreError("a staged import is copied in its own transaction, not inside another one")
    conn = _Copy(store)
    if conn.postgres:
        with store.transaction():
            _load_stage_into_postgres(store, stage)
            return _copy(store, conn, stage, annotator, versions, _now())
    sqlite = store.conn
    sqlite.execute("ATTACH DATABASE ? AS stage", [str(stage.path)])
    # The text_hash index takes the new rows in random order: a larger page cache
    # for the copy keeps it from re-reading the same pages (bounded, set back after).
    (cache,) = sqlite.execute("PRAGMA main.cache_size").fetchone()
    kib = min(_COPY_CACHE_MAX_KIB, max(2048, stage.staged * _COPY_CACHE_BYTES_PER_ROW // 1024))
    sqlite.execute(f"PRAGMA main.cache_size = {-kib}")
    try:
        with store.transaction():
            return _copy(store, conn, stage, annotator, versions, _now())
    finally:
        for table in ("import_ids", "import_quotes", "import_spans"):
            sqlite.execute(f"DROP TABLE IF EXISTS temp.{table}")
        sqlite.execute("DETACH DATABASE stage")
        sqlite.execute(f"PRAGMA main.cache_size = {int(cache)}")


def _load_stage_into_postgres(store: Store, stage: ImportStage) -> None:
    """The stage's rows into temporary tables of the server (COPY: one stream per table).

    The copy numbers new articles, quotes and spans itself (in import order,
    as on SQLite), so it keeps other writers of those tables waiting until it
    commits, as SQLite's write lock does; readers go on."""
    from annotator.store.pg import PgConnection

    pg = store.conn
    assert isinstance(pg, PgConnection)
    pg.execute(str(store.dialect.exclusive_sql("articles, quotes, spans")))
    for ddl in re.sub(r"--[^\n]*", "", _STAGE_SCHEMA).split(";"):
        if ddl.strip():
            pg.executescript(
                POSTGRES.ddl(ddl.replace("CREATE TABLE ", "CREATE TEMP TABLE stage_")) + " ON COMMIT DROP"
            )
    with pg.raw.cursor() as cur:
        for table in ("articles", "spans"):
            with cur.copy(f"COPY pg_temp.stage_{table} FROM STDIN") as copy:
                for row in stage.conn.execute(f"SELECT * FROM {table}"):
                    copy.write_row(row)
        cur.execute("ANALYZE pg_temp.stage_articles")
        cur.execute("ANALYZE pg_temp.stage_spans")


def _copy(
    store: Store, conn: _Copy, stage: ImportStage, annotator: str, versions: bool, now: str
) -> StagedResult:
    result = StagedResult()
    if versions:
        # Every annotator the stage names, in the order they first come.
        for (name,) in conn.execute(
            "SELECT COALESCE(annotator, ?) AS name FROM stage.articles GROUP BY name ORDER BY MIN(seq)",
            [annotator],
        ).fetchall():
            store.ensure_annotator(name)
    else:
        store.ensure_annotator(annotator)
    store._schema = None  # another window may have added labels since the import began
    result.first_id = conn.next_id("articles")
    _temp_tables(conn)
    # The first of each text in this import, unless the project holds it already.
    # (Sorting the hashes once here is cheaper than keeping them unique while staging.)
    conn.execute(
        "INSERT INTO temp.import_ids (seq, article_id, new) "
        "SELECT seq, ? + ROW_NUMBER() OVER (ORDER BY seq) - 1, 1 FROM ("
        "  SELECT MIN(seq) AS seq, text_hash FROM stage.articles GROUP BY text_hash) s "
        "WHERE NOT EXISTS (SELECT 1 FROM main.articles a WHERE a.text_hash = s.text_hash)",
        [result.first_id],
    )
    if versions:
        _stage_versions(conn, annotator)
    # The labels of the spans that are stored (not duplicates'), in the order they come.
    for name, layer in conn.execute(
        "SELECT label, layer FROM (SELECT sp.label, sp.layer, "
        "ROW_NUMBER() OVER (ORDER BY sp.seq, sp.pos) AS n FROM stage.spans sp "
        "JOIN temp.import_ids USING (seq)) AS x GROUP BY label, layer ORDER BY MIN(n)"
    ).fetchall():
        store.ensure_label(name, layer)
    added, joined = conn.execute(
        "SELECT COUNT(*) FILTER (WHERE new = 1), COUNT(*) FILTER (WHERE new = 0) FROM temp.import_ids"
    ).fetchone()
    result.added, result.versions = int(added), int(joined)
    result.duplicates = stage.staged - result.added - result.versions
    _copy_articles(conn, annotator, now)
    _copy_spans(conn, annotator, now)
    spans, suggestions = conn.execute(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE origin LIKE 'suggested:%') FROM stage.spans "
        "WHERE seq IN (SELECT seq FROM temp.import_ids)"
    ).fetchone()
    result.spans, result.suggestions = int(spans), int(suggestions)
    for table in ("articles", "quotes", "spans"):  # the sequences past the ids the copy gave
        store.reset_ids(table)
    return result


def _temp_tables(conn: _Copy) -> None:
    # The mapping from staged rows to the project's new ids (the connection's own temp schema).
    # new: 1 for a new article, 0 for a version added to an article already stored.
    conn.create_temp(
        "CREATE TEMP TABLE import_ids (seq INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, new INTEGER NOT NULL)"
    )
    conn.create_temp(
        "CREATE TEMP TABLE import_quotes (seq INTEGER, local INTEGER, quote_id INTEGER, "
        "PRIMARY KEY (seq, local)) WITHOUT ROWID"
    )
    conn.create_temp(
        "CREATE TEMP TABLE import_spans (seq INTEGER, pos INTEGER, span_id INTEGER, "
        "PRIMARY KEY (seq, pos)) WITHOUT ROWID"
    )


def _stage_versions(conn: _Copy, annotator: str) -> None:
    """Map the repeats that are a new annotator's version to the article they join.

    A repeat with spans joins the article of its text (the project's, else the
    one this import adds) unless its annotator has a version there already:
    spans or a status other than 'todo' in the project, or an earlier staged
    article of that text with spans or done. The first such repeat of each
    (article, annotator) joins; the others stay duplicates.
    """
    conn.execute(
        "INSERT INTO temp.import_ids (seq, article_id, new) "
        "SELECT MIN(c.seq), c.article_id, 0 FROM ("
        "  SELECT s.seq, COALESCE(s.annotator, ?) AS who, COALESCE("
        "    (SELECT a.id FROM main.articles a WHERE a.text_hash = s.text_hash),"
        "    (SELECT i.article_id FROM temp.import_ids i JOIN stage.articles f USING (seq) "
        "     WHERE f.text_hash = s.text_hash)) AS article_id "
        "  FROM stage.articles s "
        "  WHERE s.seq NOT IN (SELECT seq FROM temp.import_ids) "
        "  AND EXISTS (SELECT 1 FROM stage.spans sp WHERE sp.seq = s.seq)) c "
        "WHERE NOT EXISTS (SELECT 1 FROM main.spans x WHERE x.article_id = c.article_id AND x.annotator = c.who) "
        "AND NOT EXISTS (SELECT 1 FROM main.statuses x WHERE x.article_id = c.article_id "
        "  AND x.annotator = c.who AND x.status != 'todo') "
        "AND NOT EXISTS (SELECT 1 FROM temp.import_ids i JOIN stage.articles f USING (seq) "
        "  WHERE i.new = 1 AND i.article_id = c.article_id AND COALESCE(f.annotator, ?) = c.who "
        "  AND (f.done > 0 OR EXISTS (SELECT 1 FROM stage.spans sp WHERE sp.seq = f.seq))) "
        "GROUP BY c.article_id, c.who",
        [annotator, annotator],
    )


def _copy_articles(conn: _Copy, annotator: str, now: str) -> None:
    conn.execute(
        "INSERT INTO main.articles (id, title, text, source, url, lang, meta, text_hash, imported_at) "
        "SELECT i.article_id, s.title, s.text, s.source, s.url, s.lang, s.meta, s.text_hash, ? "
        "FROM temp.import_ids i JOIN stage.articles s USING (seq) WHERE i.new = 1 ORDER BY i.seq",
        [now],
    )
    conn.execute(
        "INSERT INTO main.article_html (article_id, html) SELECT i.article_id, s.html "
        "FROM temp.import_ids i JOIN stage.articles s USING (seq) WHERE i.new = 1 AND s.html IS NOT NULL "
        "ORDER BY i.seq"
    )
    conn.execute(
        "INSERT INTO main.statuses (article_id, annotator, status, updated_at) "
        "SELECT i.article_id, n.name, "
        "CASE WHEN n.name = COALESCE(s.annotator, ?) AND s.done > 0 THEN 'done' ELSE 'todo' END, ? "
        "FROM temp.import_ids i JOIN stage.articles s USING (seq) CROSS JOIN main.annotators n "
        "WHERE i.new = 1 ORDER BY i.seq, n.name",
        [annotator, now],
    )
    # A version added to a stored article: its annotator's status (a row every annotator has).
    conn.execute(
        "INSERT INTO main.statuses (article_id, annotator, status, updated_at) "
        "SELECT i.article_id, COALESCE(s.annotator, ?), 'done', ? "
        "FROM temp.import_ids i JOIN stage.articles s USING (seq) WHERE i.new = 0 AND s.done > 0 "
        "ORDER BY i.seq "
        "ON CONFLICT (article_id, annotator) DO UPDATE SET status = excluded.status, "
        "updated_at = excluded.updated_at",
        [annotator, now],
    )
    conn.execute(
        "INSERT INTO main.edits (at, annotator, action, article_id, span_id, payload) "
        "SELECT ?, COALESCE(s.annotator, ?), 'status', i.article_id, NULL, ? "
        "FROM temp.import_ids i JOIN stage.articles s USING (seq) WHERE s.done = 2 ORDER BY i.seq",
        [now, annotator, _DONE_PAYLOAD],
    )


def _copy_spans(conn: _Copy, annotator: str, now: str) -> None:
    # Quotes are numbered in the order their first part is stored, as add_articles does.
    conn.execute(
        "INSERT INTO temp.import_quotes (seq, local, quote_id) "
        "SELECT seq, quote_local, ? + ROW_NUMBER() OVER (ORDER BY seq, first) - 1 FROM ("
        "  SELECT sp.seq, sp.quote_local, MIN(sp.pos) AS first FROM stage.spans sp "
        "  JOIN temp.import_ids USING (seq) WHERE sp.quote_local IS NOT NULL "
        "  GROUP BY sp.seq, sp.quote_local) AS g",
        [conn.next_id("quotes")],
    )
    conn.execute(
        "INSERT INTO main.quotes (id, article_id, annotator, created_at) "
        "SELECT q.quote_id, i.article_id, COALESCE(s.annotator, ?), ? "
        "FROM temp.import_quotes q JOIN temp.import_ids i USING (seq) JOIN stage.articles s USING (seq) "
        "ORDER BY q.quote_id",
        [annotator, now],
    )
    conn.execute(
        "INSERT INTO temp.import_spans (seq, pos, span_id) "
        "SELECT sp.seq, sp.pos, ? + ROW_NUMBER() OVER (ORDER BY sp.seq, sp.pos) - 1 "
        "FROM stage.spans sp JOIN temp.import_ids USING (seq)",
        [conn.next_id("spans")],
    )
    conn.execute(
        'INSERT INTO main.spans (id, article_id, layer, label, start, "end", quote_id, role, '
        "entity_id, origin, annotator, created_at) "
        'SELECT t.span_id, i.article_id, sp.layer, sp.label, sp.start, sp."end", q.quote_id, sp.role, '
        "e.span_id, sp.origin, COALESCE(s.annotator, ?), ? "
        "FROM stage.spans sp "
        "JOIN temp.import_spans t ON t.seq = sp.seq AND t.pos = sp.pos "
        "JOIN temp.import_ids i ON i.seq = sp.seq "
        "JOIN stage.articles s ON s.seq = sp.seq "
        "LEFT JOIN temp.import_quotes q ON q.seq = sp.seq AND q.local = sp.quote_local "
        "LEFT JOIN temp.import_spans e ON e.seq = sp.seq AND e.pos = sp.entity_pos "
        "ORDER BY t.span_id",
        [annotator, now],
    )

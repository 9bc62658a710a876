"""``Store``: one SQLite file, the whole state of an annotation project.

Every user edit is one transaction that also appends a row to ``edits``; a
caller that sees a method return can tell the user "saved". WAL mode keeps
readers (a second window, ``annotator stats``) off the writer's back.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.model import (
    ACCEPTED,
    CONTENT,
    QUOTE,
    REJECTED,
    Article,
    Label,
    LabelSchema,
    Span,
    SpanError,
    Status,
    conflicts,
)
from annotator.model.spans import SUGGESTED_PREFIX
from annotator.store import files
from annotator.store.errors import StoreBusyError as StoreBusyError  # re-exported
from annotator.store.errors import StoreError as StoreError  # re-exported
from annotator.store.errors import describe
from annotator.store.teams import assigned_clause

if TYPE_CHECKING:
    from sqlite_utils import Database

    from annotator.store.staging import ImportStage, StagedResult

_INSERT_ARTICLE = (
    "INSERT OR IGNORE INTO articles (title, text, source, url, lang, meta, text_hash, imported_at)"
)
_ARTICLE_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?)"
_ROWS_PER_INSERT = 200  # 1,600 parameters, far below SQLite's limit

_SPAN_COLUMNS = 'id, article_id, layer, label, start, "end", quote_id, role, entity_id, origin, annotator'


def default_annotator() -> str:
    """The OS user name: whose marks these are unless ``--annotator`` says otherwise."""
    import getpass  # here, not at the top: the window's cold start never asks

    try:
        return getpass.getuser() or "annotator"
    except Exception:  # no user name in some containers
        return "annotator"


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


def _article_params(article: Article, meta_json: str, digest: str, now: str) -> list[Any]:
    """The values of one ``_INSERT_ARTICLE`` row, in its column order."""
    return [article.title, article.text, article.source, article.url, article.lang, meta_json, digest, now]


def _article_from_row(row: Sequence[Any]) -> Article:
    """An ``articles`` row selected as: id, title, text, source, url, lang, meta."""
    return Article(
        id=row[0], title=row[1], text=row[2], source=row[3], url=row[4], lang=row[5], meta=json.loads(row[6])
    )


def _span_from_row(row: Sequence[Any]) -> Span:
    return Span(
        id=row[0],
        article_id=row[1],
        layer=row[2],
        label=row[3],
        start=row[4],
        end=row[5],
        quote_id=row[6],
        role=row[7],
        entity_id=row[8],
        origin=row[9],
        annotator=row[10],
    )


def _span_payload(span: Span) -> str:
    return json.dumps(asdict(span), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the article list: enough to draw it, without the text."""

    id: int
    title: str
    status: str
    spans: int
    suggestions: int


@dataclass(slots=True)
class ImportResult:
    added: int = 0
    duplicates: int = 0
    spans: int = 0
    article_ids: list[int] = field(default_factory=list)
    # With ``versions``: stored articles that got the annotator's version (spans and status).
    version_ids: list[int] = field(default_factory=list)


class Store:
    """An open annotation database.

    ``Store(path)`` creates the file if needed (in one transaction) and refuses
    another program's file or a newer project; an older one is upgraded in
    place by its first write (after copying it to ``<name>.backup-<migration>.db``).
    """

    def __init__(self, path: str | Path, *, create: bool = True, busy_timeout: float = 30.0) -> None:
        """``busy_timeout``: seconds a write waits for another connection's
        write to end before it fails with ``StoreBusyError`` (see ``set_busy_timeout``).

        Opening only reads: a new file is made (in one transaction) when
        ``create`` is set, and an older one is upgraded by its first write."""
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, not a project file")
        # A pipe or a device: SQLite would hang on it, or write a journal beside it.
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path}: not a regular file, not a project file")
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database")
        self._db: Database | None = None
        self._schema: LabelSchema | None = None
        try:
            # Autocommit at the driver level: transactions are explicit (``transaction()``).
            conn = sqlite3.connect(
                str(self.path), timeout=busy_timeout, check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise describe(self.path, exc) or exc from None
        self.conn = conn
        try:
            kind = files.recognise(conn, self.path)
            if kind is files.Kind.EMPTY and not create:
                raise StoreError(f"{self.path}: an empty file, not an annotator project yet")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._upgrade_due = files.needs_upgrade(conn)
            if kind is files.Kind.EMPTY:
                with self.transaction():
                    pass  # creates the project: schema, labels and mark in one transaction
        except StoreError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            known = describe(self.path, exc)
            if known is None or (exc.sqlite_errorname or "").startswith("SQLITE_NOTADB"):
                raise StoreError(f"{self.path}: not an annotator database ({exc})") from None
            raise known from None

    # -- lifecycle -----------------------------------------------------------

    @property
    def db(self) -> Database:
        """The file as a sqlite-utils ``Database`` (for tools and scripts; imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another connection's write (an import in
        another process) before ``StoreBusyError``: the window keeps this short,
        so a key press is refused with a message instead of freezing it."""
        self.conn.execute(f"PRAGMA busy_timeout = {max(0, round(seconds * 1000))}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together or not at all (nests as savepoints).

        The first one upgrades an older file (or makes a new one) as part of
        the same transaction. Raises ``StoreBusyError`` (nothing written)
        when another connection keeps the write lock past the busy timeout,
        and ``StoreError`` naming the file for a full disk, a read-only or
        damaged file."""
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
            if self._upgrade_due and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")  # outside a transaction, as SQLite needs
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise describe(self.path, exc, saving=True) or exc from None
        try:
            if self._upgrade_due:
                backup = files.upgrade(self)
            yield
            conn.execute("COMMIT")
        except BaseException as exc:
            if backup is not None:
                backup.discard()
            if conn.in_transaction:
                with suppress(sqlite3.Error):  # SQLite may have rolled back already (a full disk)
                    conn.execute("ROLLBACK")
            self._schema = None
            if isinstance(exc, sqlite3.Error):
                known = describe(self.path, exc, saving=True)
                if known is not None:
                    raise known from None
            raise
        self._upgrade_due = False
        if backup is not None:
            with suppress(OSError):  # committed: a failed rename leaves the copy as .partial-<pid>
                backup.keep()

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
            "INSERT INTO edits (at, annotator, action, article_id, span_id, payload) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [_now(), annotator, action, article_id, span_id, payload],
        )

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
        for i, label in enumerate(schema):
            self.conn.execute(
                "INSERT OR IGNORE INTO labels (layer, name, colour, key, description, position) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [label.layer, label.name, label.colour, label.key, label.description, start + i],
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

    # -- annotators and statuses --------------------------------------------

    def annotators(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM annotators ORDER BY name")]

    def ensure_annotator(self, name: str) -> None:
        """Register an annotator; every article gets a 'todo' status for them."""
        if not name:
            raise StoreError("an annotator needs a name")
        with self.transaction():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", [name, _now()]
            )
            if cur.rowcount:
                self.conn.execute(
                    "INSERT OR IGNORE INTO statuses (article_id, annotator, status, updated_at) "
                    "SELECT id, ?, 'todo', ? FROM articles",
                    [name, _now()],
                )

    def status(self, article_id: int, annotator: str) -> str:
        row = self.conn.execute(
            "SELECT status FROM statuses WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        ).fetchone()
        return row[0] if row else Status.TODO

    def statuses_of(self, article_id: int) -> dict[str, str]:
        """Every annotator's status of one article (annotator -> status)."""
        rows = self.conn.execute("SELECT annotator, status FROM statuses WHERE article_id = ?", [article_id])
        return dict(rows.fetchall())

    def set_status(self, article_id: int, annotator: str, status: str) -> str:
        """Set and return the previous status."""
        if status not in Status.ALL:
            raise StoreError(f"unknown status {status!r} (expected one of {', '.join(Status.ALL)})")
        with self.transaction():
            old = self.status(article_id, annotator)
            self.conn.execute(
                "INSERT INTO statuses (article_id, annotator, status, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (article_id, annotator) DO UPDATE SET status = excluded.status, "
                "updated_at = excluded.updated_at",
                [article_id, annotator, status, _now()],
            )
            self._log(
                "status", annotator, article_id=article_id, payload=json.dumps({"from": old, "to": status})
            )
        return old

    def next_article(
        self, annotator: str, *, after: int | None = None, status: str = Status.TODO
    ) -> int | None:
        """The first article with ``status`` for ``annotator`` after ``after`` (wrapping),
        within their assignment when they have one (``teams.assign``)."""
        mine, extra = assigned_clause(self.conn, annotator, "statuses.article_id", probe=True)
        sql = (
            f"SELECT article_id FROM statuses WHERE annotator = ? AND status = ?{mine} "
            "AND article_id > ? ORDER BY article_id LIMIT 1"
        )
        row = self.conn.execute(sql, [annotator, status, *extra, after or 0]).fetchone()
        if row is None and after:
            row = self.conn.execute(sql, [annotator, status, *extra, 0]).fetchone()
        return row[0] if row else None

    def progress(self, annotator: str) -> tuple[int, int]:
        """(done, total) articles for this annotator (of their assignment, if they have one)."""
        mine, extra = assigned_clause(self.conn, annotator, "statuses.article_id", probe=True)
        done = self.conn.execute(
            f"SELECT COUNT(*) FROM statuses WHERE annotator = ? AND status = 'done'{mine}",
            [annotator, *extra],
        ).fetchone()[0]
        if not mine:
            return done, self.count_articles()
        total = self.conn.execute("SELECT COUNT(*) FROM assignments WHERE annotator = ?", extra).fetchone()[0]
        return done, total

    # -- articles ------------------------------------------------------------

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def article(self, article_id: int) -> Article:
        row = self.conn.execute(
            "SELECT id, title, text, source, url, lang, meta FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no article with id {article_id}")
        return _article_from_row(row)

    def article_html(self, article_id: int) -> str | None:
        """The HTML page an article was imported from, if it came from one."""
        row = self.conn.execute("SELECT html FROM article_html WHERE article_id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def article_ids(self, *, status: str | None = None, annotator: str | None = None) -> list[int]:
        if status is None:
            return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT article_id FROM statuses WHERE annotator = ? AND status = ? ORDER BY article_id",
                [annotator, status],
            )
        ]

    def iter_articles(self, ids: Iterable[int] | None = None, *, batch: int = 500) -> Iterator[Article]:
        """Articles in id order (or the given ids), fetched in batches."""
        all_ids = list(ids) if ids is not None else self.article_ids()
        for i in range(0, len(all_ids), batch):
            chunk = all_ids[i : i + batch]
            marks = ",".join("?" * len(chunk))
            rows = {
                r[0]: r
                for r in self.conn.execute(
                    f"SELECT id, title, text, source, url, lang, meta FROM articles WHERE id IN ({marks})",
                    chunk,
                )
            }
            for article_id in chunk:
                r = rows[article_id]
                yield _article_from_row(r)

    def _list_filter(
        self,
        annotator: str,
        status: str | None,
        search: str | None,
        only: Sequence[int] | None = None,
        *,
        probe: bool = False,
    ) -> tuple[str, list[Any]]:
        where, params = ["1"], []
        if only is not None:  # one parameter however many ids (Review mode's waiting articles)
            where.append("a.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps([int(i) for i in only]))
        if status:
            where.append("COALESCE(st.status, 'todo') = ?")
            params.append(status)
        if search and _fts_words(search):  # a query of blanks (or NULs) filters nothing
            self.sync_search()
            where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(_fts_query(search))
        mine, extra = assigned_clause(self.conn, annotator, "a.id", probe=probe)  # their assignment, if any
        join = "LEFT JOIN statuses st ON st.article_id = a.id AND st.annotator = ?"
        return f"FROM articles a {join} WHERE {' AND '.join(where)}{mine}", [annotator, *params, *extra]

    def count_list(
        self,
        annotator: str,
        *,
        status: str | None = None,
        search: str | None = None,
        only: Sequence[int] | None = None,
    ) -> int:
        sql, params = self._list_filter(annotator, status, search, only)
        return int(self.conn.execute(f"SELECT COUNT(*) {sql}", params).fetchone()[0])

    def list_articles(
        self,
        annotator: str,
        *,
        offset: int = 0,
        limit: int = 200,
        status: str | None = None,
        search: str | None = None,
        after: int | None = None,
        only: Sequence[int] | None = None,
    ) -> list[ArticleRow]:
        """One page of the article list, in id order, with per-annotator counts.

        ``after`` (the last id of the previous page) pages by key: as fast on
        page 500 as on page 1, unlike ``offset``, which SQLite must count through.
        ``only``: just these article ids (Review mode's list).
        """
        # A page stops after ``limit`` rows: probing each is cheaper than walking the whole share.
        sql, params = self._list_filter(annotator, status, search, only, probe=True)
        if after is not None:
            sql, params, offset = f"{sql} AND a.id > ?", [*params, after], 0
        rows = self.conn.execute(
            f"SELECT a.id, a.title, COALESCE(st.status, 'todo') {sql} ORDER BY a.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        if not rows:
            return []
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        counts: dict[int, tuple[int, int]] = {}
        for article_id, live, suggested in self.conn.execute(
            f"SELECT article_id, SUM(origin IN ('manual', 'accepted')), "
            f"SUM(origin LIKE 'suggested:%') FROM spans WHERE annotator = ? AND article_id IN ({marks}) "
            "GROUP BY article_id",
            [annotator, *ids],
        ):
            counts[article_id] = (live or 0, suggested or 0)
        return [ArticleRow(r[0], r[1], r[2], *counts.get(r[0], (0, 0))) for r in rows]

    def row_of(
        self,
        article_id: int,
        annotator: str,
        *,
        status: str | None = None,
        search: str | None = None,
        only: Sequence[int] | None = None,
    ) -> int | None:
        """The position of an article in the (filtered) list, or None when filtered out."""
        sql, params = self._list_filter(annotator, status, search, only)
        found = self.conn.execute(f"SELECT 1 {sql} AND a.id = ?", [*params, article_id]).fetchone()
        if not found:
            return None
        return int(
            self.conn.execute(f"SELECT COUNT(*) {sql} AND a.id < ?", [*params, article_id]).fetchone()[0]
        )

    def sync_search(self) -> None:
        """Index articles added since the last search (articles never change, only grow)."""
        # The docsize shadow table holds one row per indexed article.
        last = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles_fts_docsize").fetchone()[0]
        top = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]
        if top > last:
            with self.transaction():
                self.conn.execute(
                    "INSERT INTO articles_fts (rowid, title, text) "
                    "SELECT id, title, text FROM articles WHERE id > ?",
                    [last],
                )

    def search(self, query: str, *, limit: int = 1000) -> list[int]:
        self.sync_search()
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                [_fts_query(query), limit],
            )
        ]

    def add_articles(
        self,
        items: Iterable[Article | tuple[Article, Sequence[Span]]],
        *,
        annotator: str,
        status: str | None = None,
        versions: bool = False,
    ) -> ImportResult:
        """Import articles (with their spans) in ONE transaction: all or nothing.

        Articles whose text is already stored are counted as duplicates and
        their spans skipped. Spans may carry import-local ``quote_id`` values
        (any ints, grouping the parts of one quote in that article) and
        import-local ``id``/``entity_id`` values linking a source to an
        entity; the store gives them real ids. Labels not in the schema are
        added. ``article.meta["html"]``, if given, is kept apart (``article_html``)
        rather than in ``meta``. ``status`` (e.g. 'done') is set for ``annotator`` on articles
        that arrive with a person's spans (suggestions alone do not count).

        ``versions`` (``import --annotator-from-name``): an item with spans whose
        text is stored and of which ``annotator`` has no version yet (no spans,
        status 'todo') is not a duplicate: its spans and status are added to the
        stored article as ``annotator``'s version (``version_ids``). The
        annotator is registered as ``ensure_annotator`` does.
        """
        result = ImportResult()
        now = _now()
        with self.transaction():
            if versions:
                self.ensure_annotator(annotator)
            else:
                self.conn.execute(
                    "INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)", [annotator, now]
                )
            others = self.annotators()
            status_rows: list[tuple[int, str, str, str]] = []
            # Articles without spans go in many rows per INSERT (as sqlite-utils'
            # insert_all does); RETURNING gives their ids.
            batch: list[tuple[Article, str, str | None, str]] = []

            def flush() -> None:
                if not batch:
                    return
                params: list[Any] = []
                for article, meta_json, _, digest in batch:
                    params += _article_params(article, meta_json, digest, now)
                rows = self.conn.execute(
                    f"{_INSERT_ARTICLE} VALUES {', '.join([_ARTICLE_VALUES] * len(batch))} "
                    "RETURNING id, text_hash",
                    params,
                ).fetchall()
                html_of = {digest: html for _, _, html, digest in batch if html}
                for article_id, digest in sorted(rows):
                    if digest in html_of:
                        self.conn.execute(
                            "INSERT INTO article_html (article_id, html) VALUES (?, ?)",
                            [article_id, html_of[digest]],
                        )
                    result.article_ids.append(article_id)
                    status_rows.extend((article_id, name, Status.TODO, now) for name in others)
                result.added += len(rows)
                result.duplicates += len(batch) - len(rows)
                batch.clear()

            def insert_statuses() -> None:
                self.conn.executemany(
                    "INSERT INTO statuses (article_id, annotator, status, updated_at) VALUES (?, ?, ?, ?)",
                    status_rows,
                )
                status_rows.clear()

            for item in items:
                article, spans = (item, ()) if isinstance(item, Article) else item
                meta = dict(article.meta)
                html = meta.pop("html", None)
                meta_json = json.dumps(meta, ensure_ascii=False)
                if not spans:
                    batch.append((article, meta_json, html, article.hash))
                    if len(batch) >= _ROWS_PER_INSERT:
                        flush()
                    continue
                flush()  # keep ids in import order
                cur = self.conn.execute(
                    f"{_INSERT_ARTICLE} VALUES {_ARTICLE_VALUES}",
                    _article_params(article, meta_json, article.hash, now),
                )
                if not cur.rowcount:
                    joined = self._version_slot(article.hash, annotator) if versions else None
                    if joined is None:
                        result.duplicates += 1
                        continue
                    if status is not None and has_live_spans(spans):
                        insert_statuses()  # the article may be one this call added
                        self.conn.execute(
                            "INSERT INTO statuses (article_id, annotator, status, updated_at) "
                            "VALUES (?, ?, ?, ?) ON CONFLICT (article_id, annotator) DO UPDATE "
                            "SET status = excluded.status, updated_at = excluded.updated_at",
                            [joined, annotator, status, now],
                        )
                    result.version_ids.append(joined)
                    result.spans += self._insert_imported_spans(joined, article.text, spans, annotator, now)
                    continue
                article_id = cur.lastrowid
                assert article_id is not None
                if html:
                    self.conn.execute(
                        "INSERT INTO article_html (article_id, html) VALUES (?, ?)", [article_id, html]
                    )
                result.added += 1
                result.article_ids.append(article_id)
                mine = status if status is not None and has_live_spans(spans) else Status.TODO
                status_rows.extend(
                    (article_id, name, mine if name == annotator else Status.TODO, now) for name in others
                )
                result.spans += self._insert_imported_spans(article_id, article.text, spans, annotator, now)
            flush()
            # One statement for all status rows: the per-article cost of an import
            # is then two inserts, close to a plain insert_all.
            insert_statuses()
        return result

    def add_staged(self, stage: ImportStage, *, annotator: str, versions: bool = False) -> StagedResult:
        """Copy a staged import in, in ONE transaction: the write lock is held for the copy only
        (``annotator.store.staging``; stores what ``add_articles`` stores for the same items)."""
        from annotator.store.staging import copy_staged

        return copy_staged(self, stage, annotator=annotator, versions=versions)

    def _version_slot(self, digest: str, annotator: str) -> int | None:
        """The stored article of this text hash, if ``annotator`` has no version of it yet."""
        row = self.conn.execute(
            "SELECT a.id FROM articles a WHERE a.text_hash = ? "
            "AND NOT EXISTS (SELECT 1 FROM spans x WHERE x.article_id = a.id AND x.annotator = ?) "
            "AND NOT EXISTS (SELECT 1 FROM statuses x WHERE x.article_id = a.id AND x.annotator = ? "
            "AND x.status != 'todo')",
            [digest, annotator, annotator],
        ).fetchone()
        return None if row is None else int(row[0])

    def _insert_imported_spans(
        self, article_id: int, text: str, spans: Sequence[Span], annotator: str, now: str
    ) -> int:
        quote_ids: dict[int, int] = {}
        span_ids: dict[int, int] = {}
        links: list[tuple[int, int]] = []
        for span in sorted(spans, key=lambda s: (s.layer != "entity", s.start)):
            if span.end > len(text):
                raise StoreError(
                    f"span [{span.start}, {span.end}) lies outside the text ({len(text)} characters)"
                )
            self.ensure_label(span.label, span.layer)
            quote_id = None
            if span.quote_id is not None:
                if span.quote_id not in quote_ids:
                    quote_ids[span.quote_id] = self._new_quote(article_id, annotator, now)
                quote_id = quote_ids[span.quote_id]
            # Import-local ids and links are not stored as given: the store numbers them.
            new_id = self._insert_span(
                span.with_(id=None, entity_id=None, annotator=annotator), article_id, quote_id, now
            )
            if span.id is not None:
                span_ids[span.id] = new_id
            if span.entity_id is not None:
                links.append((new_id, span.entity_id))
        for source_id, local_entity in links:
            if local_entity in span_ids:
                self.conn.execute(
                    "UPDATE spans SET entity_id = ? WHERE id = ?", [span_ids[local_entity], source_id]
                )
        return len(spans)

    def _insert_span(self, span: Span, article_id: int, quote_id: int | None, now: str) -> int:
        """One row in ``spans`` (under ``span.id`` when it has one); returns the row's id."""
        cur = self.conn.execute(
            'INSERT INTO spans (id, article_id, layer, label, start, "end", quote_id, role, '
            "entity_id, origin, annotator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                span.id,
                article_id,
                span.layer,
                span.label,
                span.start,
                span.end,
                quote_id,
                span.role,
                span.entity_id,
                span.origin,
                span.annotator,
                now,
            ],
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def _new_quote(self, article_id: int, annotator: str, now: str | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO quotes (article_id, annotator, created_at) VALUES (?, ?, ?)",
            [article_id, annotator, now or _now()],
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    # -- spans ---------------------------------------------------------------

    def spans_for(
        self, article_id: int, annotator: str | None = None, *, include_rejected: bool = False
    ) -> list[Span]:
        """The spans of one article (of one annotator), ordered by position."""
        sql = f"SELECT {_SPAN_COLUMNS} FROM spans WHERE article_id = ?"
        params: list[Any] = [article_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        if not include_rejected:
            sql += " AND origin != 'rejected'"
        sql += ' ORDER BY start, "end" DESC, id'
        return [_span_from_row(r) for r in self.conn.execute(sql, params)]

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise StoreError(f"no span with id {span_id}")
        return _span_from_row(row)

    def _check(self, article_id: int, span: Span) -> None:
        length = self.conn.execute("SELECT length(text) FROM articles WHERE id = ?", [article_id]).fetchone()
        if length is None:
            raise StoreError(f"no article with id {article_id}")
        if span.end > length[0]:
            raise SpanError(f"span [{span.start}, {span.end}) lies outside the text ({length[0]} characters)")
        if span.is_live:
            # Only the spans that could clash: same annotator and layer, overlapping
            # bounds (an index seek, not all 2,000 spans of a long article).
            nearby = [
                _span_from_row(r)
                for r in self.conn.execute(
                    f"SELECT {_SPAN_COLUMNS} FROM spans WHERE article_id = ? AND annotator = ? AND layer = ? "
                    "AND origin IN ('manual', 'accepted') AND start < ? AND \"end\" > ?",
                    [article_id, span.annotator, span.layer, span.end, span.start],
                )
            ]
            clash = conflicts(span, nearby)
            if clash:
                other = clash[0]
                raise SpanError(
                    f"{span.layer} spans may not overlap: "
                    f"[{span.start}, {span.end}) overlaps {other.label} "
                    f"[{other.start}, {other.end})"
                )

    def add_span(self, article_id: int, span: Span) -> Span:
        """Save one new span (one transaction); returns it with its id.

        A quote content span without ``quote_id`` starts a new quote. A span
        with an ``id`` is put back under that id (undo of a delete). Raises
        SpanError, with nothing saved, when the span breaks an overlap rule.
        """
        with self.transaction():
            self._check(article_id, span.with_(article_id=article_id))
            quote_id = span.quote_id
            if span.layer == QUOTE and quote_id is None:
                if span.role != CONTENT:
                    raise SpanError("a cue or source belongs to a quote: select the quote first")
                quote_id = self._new_quote(article_id, span.annotator)
            elif (
                quote_id is not None
                and not self.conn.execute("SELECT 1 FROM quotes WHERE id = ?", [quote_id]).fetchone()
            ):
                self.conn.execute(
                    "INSERT INTO quotes (id, article_id, annotator, created_at) VALUES (?, ?, ?, ?)",
                    [quote_id, article_id, span.annotator, _now()],
                )
            new_id = self._insert_span(span, article_id, quote_id, _now())
            saved = span.with_(id=new_id, article_id=article_id, quote_id=quote_id)
            self._log(
                "add_span",
                span.annotator,
                article_id=article_id,
                span_id=saved.id,
                payload=_span_payload(saved),
            )
            self._touch(article_id, span.annotator)
        return saved

    def delete_span(self, span_id: int) -> Span:
        """Remove one span; returns it (with its id) so it can be put back."""
        with self.transaction():
            span = self.span(span_id)
            self.conn.execute("UPDATE spans SET entity_id = NULL WHERE entity_id = ?", [span_id])
            self.conn.execute("DELETE FROM spans WHERE id = ?", [span_id])
            self._log(
                "delete_span",
                span.annotator,
                article_id=span.article_id,
                span_id=span_id,
                payload=_span_payload(span),
            )
        return span

    def update_span(self, span_id: int, **changes: Any) -> tuple[Span, Span]:
        """Change a span's label, bounds, origin or entity link; returns (old, new)."""
        allowed = {"label", "start", "end", "origin", "entity_id"}
        if set(changes) - allowed:
            raise StoreError(f"cannot change {', '.join(sorted(set(changes) - allowed))} of a span")
        with self.transaction():
            old = self.span(span_id)
            new = old.with_(**changes)
            assert old.article_id is not None
            self._check(old.article_id, new)
            self.conn.execute(
                'UPDATE spans SET label = ?, start = ?, "end" = ?, origin = ?, entity_id = ? WHERE id = ?',
                [new.label, new.start, new.end, new.origin, new.entity_id, span_id],
            )
            self._log(
                "update_span",
                new.annotator,
                article_id=old.article_id,
                span_id=span_id,
                payload=json.dumps({"from": asdict(old), "to": asdict(new)}, ensure_ascii=False),
            )
            self._touch(old.article_id, new.annotator)
        return old, new

    def accept_suggestion(self, span_id: int) -> Span:
        """A suggestion becomes annotation (origin 'accepted'), if no rule forbids it."""
        span = self.span(span_id)
        if not span.is_suggestion:
            raise StoreError(f"span {span_id} is not a suggestion")
        return self.update_span(span_id, origin=ACCEPTED)[1]

    def reject_suggestion(self, span_id: int) -> Span:
        """Hide a suggestion for good: kept as 'rejected' so a re-run never brings it back."""
        span = self.span(span_id)
        if not span.is_suggestion:
            raise StoreError(f"span {span_id} is not a suggestion")
        return self.update_span(span_id, origin=REJECTED)[1]

    def add_suggestions(self, article_id: int, spans: Sequence[Span], *, annotator: str) -> int:
        """Store one suggester's proposals for one article in one transaction.

        Skips proposals already stored (suggested, accepted or rejected, same
        layer, label and bounds) and those overlapping a person's span of a
        layer whose spans may not overlap. Quote parts share import-local
        ``quote_id`` values, as in ``add_articles``. Returns how many were added.
        """
        now = _now()
        with self.transaction():
            existing = self.spans_for(article_id, annotator, include_rejected=True)
            seen = {(s.layer, s.role, s.start, s.end) for s in existing}
            live = [s for s in existing if s.is_live]
            fresh = []
            for span in spans:
                if not span.origin.startswith(SUGGESTED_PREFIX):
                    raise StoreError(f"suggestions need an origin 'suggested:<name>', not {span.origin!r}")
                if (span.layer, span.role, span.start, span.end) in seen:
                    continue
                if conflicts(span.with_(origin="manual", annotator=annotator), live):
                    continue
                seen.add((span.layer, span.role, span.start, span.end))
                fresh.append(span.with_(annotator=annotator))
            # Drop quote parts whose content was dropped (a cue without its quote).
            contents = {s.quote_id for s in fresh if s.layer == QUOTE and s.role == CONTENT}
            fresh = [s for s in fresh if s.layer != QUOTE or s.quote_id in contents]
            if fresh:
                self._insert_imported_spans(article_id, self.article(article_id).text, fresh, annotator, now)
                self._log(
                    "suggest", annotator, article_id=article_id, payload=json.dumps({"added": len(fresh)})
                )
        return len(fresh)

    def clear_suggestions(self, article_id: int, annotator: str, origin: str | None = None) -> int:
        """Remove pending (not accepted, not rejected) suggestions."""
        with self.transaction():
            cur = self.conn.execute(
                "DELETE FROM spans WHERE article_id = ? AND annotator = ? AND origin LIKE ?",
                [article_id, annotator, origin or f"{SUGGESTED_PREFIX}%"],
            )
        return cur.rowcount

    def _touch(self, article_id: int, annotator: str) -> None:
        """First edit on a 'todo' article moves it to 'in_progress'."""
        self.conn.execute(
            "INSERT INTO statuses (article_id, annotator, status, updated_at) VALUES (?, ?, 'in_progress', ?) "
            "ON CONFLICT (article_id, annotator) DO UPDATE SET status = 'in_progress', "
            "updated_at = excluded.updated_at WHERE statuses.status = 'todo'",
            [article_id, annotator, _now()],
        )

    def quote_spans(self, quote_id: int) -> list[Span]:
        return [
            _span_from_row(r)
            for r in self.conn.execute(
                f"SELECT {_SPAN_COLUMNS} FROM spans WHERE quote_id = ? AND origin != 'rejected' "
                "ORDER BY start",
                [quote_id],
            )
        ]

    # -- reports -------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts for ``annotator stats``; the shape is documented in docs/cli.md."""
        articles = self.count_articles()
        layers: dict[str, dict[str, Any]] = {}
        for layer, label, origin_kind, n in self.conn.execute(
            "SELECT layer, label, CASE WHEN origin LIKE 'suggested:%' THEN 'suggested' "
            "WHEN origin = 'rejected' THEN 'rejected' ELSE 'annotated' END, COUNT(*) "
            "FROM spans GROUP BY 1, 2, 3 ORDER BY 1, 2"
        ):
            entry = layers.setdefault(layer, {"annotated": 0, "suggested": 0, "rejected": 0, "labels": {}})
            entry[origin_kind] += n
            if origin_kind == "annotated":
                entry["labels"][label] = entry["labels"].get(label, 0) + n
        quotes = self.conn.execute(
            "SELECT COUNT(DISTINCT quote_id) FROM spans WHERE quote_id IS NOT NULL "
            "AND origin IN ('manual', 'accepted')"
        ).fetchone()[0]
        annotators: dict[str, dict[str, int]] = {}
        for name, status, n in self.conn.execute(
            "SELECT annotator, status, COUNT(*) FROM statuses GROUP BY 1, 2 ORDER BY 1, 2"
        ):
            annotators.setdefault(name, {s: 0 for s in Status.ALL})[status] = n
        return {"articles": articles, "quotes": quotes, "layers": layers, "annotators": annotators}

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def link_suggested_source(self, span_id: int, entity_id: int) -> Span:
        """Link a suggested quote source to the entity naming the speaker.

        For suggesters: unlike ``update_span`` it does not move the article to
        'in_progress' (a suggester's work is not the annotator's).
        """
        with self.transaction():
            span = self.span(span_id)
            entity = self.span(entity_id)
            if not span.is_suggestion or span.role != "source":
                raise StoreError(f"span {span_id} is not a suggested quote source")
            if entity.layer != "entity" or entity.article_id != span.article_id:
                raise StoreError(f"span {entity_id} is not an entity of the same article")
            self.conn.execute("UPDATE spans SET entity_id = ? WHERE id = ?", [entity_id, span_id])
            linked = span.with_(entity_id=entity_id)
            self._log(
                "update_span",
                span.annotator,
                article_id=span.article_id,
                span_id=span_id,
                payload=json.dumps({"from": asdict(span), "to": asdict(linked)}, ensure_ascii=False),
            )
        return linked


def has_live_spans(spans: Sequence[Span]) -> bool:
    """An import marks an article done only when a person's spans came with it."""
    return any(span.is_live for span in spans)


def _fts_query(text: str) -> str:
    """Quote each word (as a prefix) so user input never trips FTS5's query syntax.

    A NUL ends an FTS5 string early ("unterminated string"), so it separates words."""
    return " ".join(f'"{w}"*' for w in _fts_words(text)) or '""'


def _fts_words(text: str) -> list[str]:
    return [w.replace('"', '""') for w in text.replace("\0", " ").split()]

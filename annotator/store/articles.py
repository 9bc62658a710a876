"""Articles: reading them, the article list (paged, filtered, searched), and imports.

``add_articles`` imports in one transaction (all or nothing); ``add_staged``
copies a staged import in (``annotator.store.staging``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from annotator.model import Article, Span, Status
from annotator.store.dialect import search_words
from annotator.store.rows import (
    ArticleRow,
    ImportResult,
    _article_from_row,
    _article_params,
    _now,
    has_live_spans,
)
from annotator.store.spans import SpansMixin
from annotator.store.teams import assigned_clause

if TYPE_CHECKING:
    from annotator.store.staging import ImportStage, StagedResult

_ARTICLE_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?)"
_ROWS_PER_INSERT = 200  # 1,600 parameters, far below SQLite's limit


def _insert_articles(rows: int) -> str:
    """INSERT of ``rows`` articles (``_article_params`` each) but those whose text is stored.

    The stored ones are left out by ``NOT EXISTS`` rather than by the conflict
    alone: PostgreSQL would spend an id on each refused row, and ids follow the
    import order, gapless, on both backends. (``ON CONFLICT`` stays for an
    article another connection adds at the same moment.) A VALUES list's
    columns are ``column1`` ... on both; the text hash is the seventh."""
    return (
        "INSERT INTO articles (title, text, source, url, lang, meta, text_hash, imported_at) "
        f"SELECT * FROM (VALUES {', '.join([_ARTICLE_VALUES] * rows)}) AS v "
        "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.text_hash = v.column7) "
        "ON CONFLICT DO NOTHING RETURNING id, text_hash"
    )


class ArticlesMixin(SpansMixin):
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
        where, params = ["true"], []
        if only is not None:  # one parameter however many ids (Review mode's waiting articles)
            where.append(self.dialect.ids_clause("a.id"))
            params.append(self.dialect.ids_param(only))
        if status:
            where.append("COALESCE(st.status, 'todo') = ?")
            params.append(status)
        if search and search_words(search):  # a query of blanks (or NULs) filters nothing
            self.sync_search()
            where.append(self.dialect.search_clause("a.id"))
            params.append(self.dialect.search_param(search))
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
            "SELECT article_id, COUNT(*) FILTER (WHERE origin IN ('manual', 'accepted')), "
            "COUNT(*) FILTER (WHERE origin LIKE 'suggested:%') "
            f"FROM spans WHERE annotator = ? AND article_id IN ({marks}) "
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
                    "INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [annotator, now],
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
                firsts: dict[str, tuple[Article, str, str | None]] = {}  # a repeat in the batch: its first
                for article, meta_json, html, digest in batch:
                    firsts.setdefault(digest, (article, meta_json, html))
                for digest, (article, meta_json, _) in firsts.items():
                    params += _article_params(article, meta_json, digest, now)
                rows = self.conn.execute(_insert_articles(len(firsts)), params).fetchall()
                html_of = {digest: html for digest, (_, _, html) in firsts.items() if html}
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
                inserted = self.conn.execute(
                    _insert_articles(1),
                    _article_params(article, meta_json, article.hash, now),
                ).fetchone()
                if inserted is None:
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
                article_id = int(inserted[0])
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

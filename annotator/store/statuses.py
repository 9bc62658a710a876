"""Annotators, each one's status of each article, their next article and progress; ``stats``."""

from __future__ import annotations

import json
from typing import Any

from annotator.model import Status
from annotator.store import handout
from annotator.store.errors import StoreError
from annotator.store.rows import _now
from annotator.store.search import SearchMixin
from annotator.store.teams import Share, assigned_clause, share


class StatusesMixin(SearchMixin):
    def annotators(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM annotators ORDER BY name")]

    def ensure_annotator(self, name: str) -> None:
        """Register an annotator; every article gets a 'todo' status for them."""
        if not name:
            raise StoreError("an annotator needs a name")
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [name, _now()],
            )
            if cur.rowcount:
                self.conn.execute(
                    "INSERT INTO statuses (article_id, annotator, status, updated_at) "
                    "SELECT id, ?, 'todo', ? FROM articles WHERE true ON CONFLICT DO NOTHING",
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
        within their assignment when they have one (``teams.assign``).

        Under the on-demand hand-out (``annotator assign --on-demand``) an annotator
        with no todo article left in their assignment claims a new one
        (``handout.claim``: a write, one transaction); None when none has room."""
        found = share(self.conn, annotator)
        if found is Share.SMALL:  # walk their assignment rows, reading each one's status
            sql = (
                "SELECT m.article_id FROM assignments m JOIN statuses s ON s.article_id = m.article_id "
                "AND s.annotator = m.annotator WHERE m.annotator = ? AND s.status = ? AND m.article_id > ? "
                "ORDER BY m.article_id LIMIT 1"
            )
        else:  # every article, or a large share: walk their statuses, probing each assignment
            mine = (
                " AND EXISTS (SELECT 1 FROM assignments m WHERE m.annotator = statuses.annotator "
                "AND m.article_id = statuses.article_id)"
                if found is Share.LARGE
                else ""
            )
            sql = (
                f"SELECT article_id FROM statuses WHERE annotator = ? AND status = ?{mine} "
                "AND article_id > ? ORDER BY article_id LIMIT 1"
            )
        row = self.conn.execute(sql, [annotator, status, after or 0]).fetchone()
        if row is None and after:
            row = self.conn.execute(sql, [annotator, status, 0]).fetchone()
        if row is not None:
            return int(row[0])
        if status != Status.TODO or found is Share.ALL:  # they see every article: nothing to hand out
            return None
        overlap = handout.overlap_for(self.conn, annotator)
        return handout.claim(self, annotator, overlap) if overlap is not None else None

    def progress(self, annotator: str) -> tuple[int, int]:
        """(done, total) articles for this annotator (of their assignment, if they have one;
        under the on-demand hand-out, what they claimed plus what they could still claim)."""
        mine, extra = assigned_clause(self.conn, annotator, "statuses.article_id", probe=True)
        done = self.conn.execute(
            f"SELECT COUNT(*) FROM statuses WHERE annotator = ? AND status = 'done'{mine}",
            [annotator, *extra],
        ).fetchone()[0]
        if not mine:
            return done, self.count_articles()
        total = self.conn.execute("SELECT COUNT(*) FROM assignments WHERE annotator = ?", extra).fetchone()[0]
        overlap = handout.overlap_for(self.conn, annotator)
        if overlap is not None:  # what they claimed, and what they could still claim
            total += handout.open_to(self, annotator, overlap)
        return done, total

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

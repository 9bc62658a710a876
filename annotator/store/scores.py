"""Model scores of suggestions, and how unsure a model was of each article.

Kept in two side tables (migration ``0004_span_score``) so the ``spans`` table
and everything reading it stay as they are: ``span_scores`` holds one score
per suggested span (the row is deleted with its span), ``article_uncertainty``
one figure per article, annotator and suggester origin. Only a trained model's
suggestions have scores; rule suggestions have none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from annotator.store import schema

if TYPE_CHECKING:
    from annotator.store.store import Store

# (layer, role, start, end): how a suggestion is recognised before it has an id.
SpanKey = tuple[str, str | None, int, int]


def save_scores(
    store: Store, article_id: int, annotator: str, origin: str, scores: Mapping[SpanKey, float]
) -> int:
    """Attach scores to the pending suggestions of ``origin`` they belong to; returns how many.

    A suggestion that was already stored keeps its first score (a re-run adds nothing).
    """
    if not scores:
        return 0
    rows = store.conn.execute(
        'SELECT id, layer, role, start, "end" FROM spans WHERE article_id = ? AND annotator = ? '
        "AND origin = ? AND id NOT IN (SELECT span_id FROM span_scores)",
        [article_id, annotator, origin],
    ).fetchall()
    found = [
        (span_id, scores[(layer, role, start, end)])
        for span_id, layer, role, start, end in rows
        if (layer, role, start, end) in scores
    ]
    with store.transaction():
        store.conn.executemany("INSERT INTO span_scores (span_id, score) VALUES (?, ?)", found)
    return len(found)


def span_scores(store: Store, article_id: int) -> dict[int, float]:
    """Span id -> score, for the scored spans of one article."""
    if not schema.has_table(store.conn, "span_scores"):
        return {}  # a project from before scores, read as it is
    rows = store.conn.execute(
        "SELECT s.id, c.score FROM spans s JOIN span_scores c ON c.span_id = s.id WHERE s.article_id = ?",
        [article_id],
    )
    return {span_id: score for span_id, score in rows}


def save_uncertainty(store: Store, article_id: int, annotator: str, origin: str, uncertainty: float) -> None:
    with store.transaction():
        store.conn.execute(
            "INSERT INTO article_uncertainty (article_id, annotator, origin, uncertainty, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, annotator, origin) DO UPDATE SET "
            "uncertainty = excluded.uncertainty, updated_at = excluded.updated_at",
            [article_id, annotator, origin, uncertainty, datetime.now(UTC).isoformat(timespec="seconds")],
        )


def uncertain_first(
    store: Store, article_ids: list[int], annotator: str, origin: str
) -> list[tuple[int, float]]:
    """``article_ids`` with their uncertainty under ``origin``, least certain first (unknown last)."""
    known: dict[int, float] = {}
    if schema.has_table(store.conn, "article_uncertainty"):
        known = dict(
            store.conn.execute(
                "SELECT article_id, uncertainty FROM article_uncertainty WHERE annotator = ? AND origin = ?",
                [annotator, origin],
            ).fetchall()
        )
    order = sorted(article_ids, key=lambda a: (a not in known, -known.get(a, 0.0), a))
    return [(a, known.get(a, float("nan"))) for a in order]


def latest_origin(store: Store, annotator: str) -> str | None:
    """The suggester origin whose uncertainty figures were written last for ``annotator``."""
    if not schema.has_table(store.conn, "article_uncertainty"):
        return None
    row = store.conn.execute(
        "SELECT origin FROM article_uncertainty WHERE annotator = ? ORDER BY updated_at DESC, origin LIMIT 1",
        [annotator],
    ).fetchone()
    return row[0] if row else None


def uncertain_list_order(
    store: Store,
    annotator: str,
    *,
    status: str | None = None,
    search: str | None = None,
    only: list[int] | None = None,
) -> list[int]:
    """The article list's ids (filtered as ``Store.list_articles``) in uncertainty order:
    the todo articles the latest model is least sure of first, then every other one in id order."""
    sql, params = store._list_filter(annotator, status, search, only)
    rows = store.conn.execute(
        f"SELECT a.id, COALESCE(st.status, 'todo') {sql} ORDER BY a.id", params
    ).fetchall()
    origin = latest_origin(store, annotator)
    known: dict[int, float] = {}
    if origin is not None:
        known = dict(
            store.conn.execute(
                "SELECT article_id, uncertainty FROM article_uncertainty WHERE annotator = ? AND origin = ?",
                [annotator, origin],
            ).fetchall()
        )
    ranked = sorted((a for a, st in rows if st == "todo" and a in known), key=lambda a: (-known[a], a))
    first = set(ranked)
    return ranked + [a for a, _ in rows if a not in first]


def todo_ids(store: Store, annotator: str) -> list[int]:
    """Ids of the articles ``annotator`` has not started (no status yet counts as todo), in id order."""
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT a.id FROM articles a LEFT JOIN statuses st ON st.article_id = a.id AND st.annotator = ? "
            "WHERE COALESCE(st.status, 'todo') = 'todo' ORDER BY a.id",
            [annotator],
        )
    ]

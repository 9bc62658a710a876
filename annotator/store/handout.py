"""On-demand hand-out: annotators claim articles as they ask for their next one.

``annotator assign DB --on-demand --overlap N`` stores the setting
(``settings`` table, migration ``0005_handout``). From then on an annotator
(a reviewer excepted) sees only their assignment, and ``Store.next_article``
gives them first their own todo articles, then **claims** a new one: the first
article (in id order) that has fewer than N assignees, is not theirs yet and
that they have not started, with its ``assignments`` row written in the same
transaction. Two annotators asking at the same moment never push an article
past N:

- On SQLite the claim's ``BEGIN IMMEDIATE`` takes the file's write lock, so
  claims run one after another.
- On PostgreSQL the candidate's ``articles`` row is locked with ``FOR NO KEY
  UPDATE SKIP LOCKED`` (``dialect.claim_lock``): concurrent claimers skip each
  other's candidates and never wait, and the lock does not block edits (the
  foreign-key checks of spans and statuses take ``KEY SHARE``, which it lets
  through). The assignee count is read again under the lock, by a new statement
  (READ COMMITTED: a new snapshot), because the search's snapshot may predate a
  claim committed just before the lock was taken.

Static assignment (``teams.assign``) and claims share the ``assignments``
table: an article's assignees are counted whichever way they came.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.model import Status
from annotator.store import schema
from annotator.store.rows import _now, default_annotator

if TYPE_CHECKING:
    from annotator.store.connection import StoreBase
    from annotator.store.dialect import Connection
    from annotator.store.statuses import StatusesMixin
    from annotator.store.store import Store

ON_DEMAND = "on-demand"
_HANDOUT = "handout"
_OVERLAP = "overlap"


@dataclass(frozen=True, slots=True)
class HandoutReport:
    """What ``set_handout`` did, and where the project stands."""

    overlap: int | None  # None: on-demand hand-out switched off
    kept: int = 0  # started articles given to their annotators when it was switched on
    open: int = 0  # articles with room for another annotator
    full: int = 0  # articles with ``overlap`` annotators or more

    def lines(self) -> list[str]:
        if self.overlap is None:
            return ["on-demand hand-out off: nobody claims articles any more; assignments stay as they are"]
        out = [
            f"on-demand hand-out: each article to {self.overlap} annotator{'s' * (self.overlap > 1)} "
            f"as they ask for their next one ({self.open} articles open, {self.full} full)"
        ]
        if self.kept:
            out.append(f"kept {self.kept} started (article, annotator) pairs as assignments")
        return out


def overlap(conn: Connection) -> int | None:
    """The overlap of the on-demand hand-out, or None when it is off (or the project
    predates it: reads never upgrade a project)."""
    return overlap_for(conn, None)


def overlap_for(conn: Connection, annotator: str | None) -> int | None:
    """The overlap when ``annotator`` takes articles on demand; None when the hand-out
    is off or they are a reviewer (reviewers are given no articles: they see every one).
    One query (the window asks on every list page and next article)."""
    if not schema.has_table(conn, "settings"):
        return None
    mode, n, reviewer = conn.execute(
        "SELECT (SELECT value FROM settings WHERE name = ?), (SELECT value FROM settings WHERE name = ?), "
        "(SELECT COUNT(*) FROM reviewers WHERE name = ?)",
        [_HANDOUT, _OVERLAP, annotator],
    ).fetchone()
    if mode != ON_DEMAND or reviewer:
        return None
    return int(n or 1)


# Per open store and overlap: an article id below which every article is full.
_marks: weakref.WeakKeyDictionary[object, dict[int, int]] = weakref.WeakKeyDictionary()
_ROOM = "(SELECT COUNT(*) FROM assignments o WHERE o.article_id = a.id) < ?"


def full_below(store: StoreBase, n: int) -> int:
    """An article id below which every article has ``n`` assignees or more.

    They stay full (an assignment is never removed, and a new article gets a
    higher id), so each store keeps the mark and moves it on from there: the
    searches and counts of a 100,000-article project start where the work is,
    instead of walking past every finished article each time."""
    marks = _marks.setdefault(store, {})
    conn = store.conn
    row = conn.execute(
        f"SELECT a.id FROM articles a WHERE a.id >= ? AND {_ROOM} ORDER BY a.id LIMIT 1",
        [marks.get(n, 0), n],
    ).fetchone()
    if row is None:
        row = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM articles").fetchone()
    marks[n] = int(row[0])
    return marks[n]


def counts(store: StoreBase, n: int) -> tuple[int, int]:
    """(open, full): articles with fewer than ``n`` assignees, and the others."""
    mark = full_below(store, n)
    total, below, full = store.conn.execute(
        "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM articles WHERE id < ?), "
        "(SELECT COUNT(*) FROM (SELECT article_id FROM assignments WHERE article_id >= ? "
        "GROUP BY article_id HAVING COUNT(*) >= ?) f)",
        [mark, mark, n],
    ).fetchone()
    return int(total) - int(below) - int(full), int(below) + int(full)


def open_to(store: StoreBase, annotator: str, n: int) -> int:
    """How many articles ``annotator`` could still claim: fewer than ``n`` assignees, not theirs.

    Counted from the open articles (``counts``) less their own open ones, never
    article by article: the window asks after every status."""
    open_, _ = counts(store, n)
    mine = store.conn.execute(
        "SELECT COUNT(*) FROM assignments m WHERE m.annotator = ? AND m.article_id >= ? AND "
        "(SELECT COUNT(*) FROM assignments o WHERE o.article_id = m.article_id) < ?",
        [annotator, full_below(store, n), n],
    ).fetchone()[0]
    return max(open_ - int(mine), 0)


def set_handout(store: Store, *, overlap: int | None) -> HandoutReport:
    """Switch the on-demand hand-out on with ``overlap`` (None: off), in one transaction.

    Switching it on gives every annotator (reviewers and versions set aside by a
    merge excepted) the articles they have already started without an assignment
    (status other than ``todo``), even past the overlap: started work never
    leaves anybody's list."""
    from annotator.store.teams import ASIDE_MARK  # teams reads the hand-out: imported here

    if overlap is not None and overlap < 1:
        raise ValueError(f"--overlap {overlap}: each article goes to at least 1 annotator")
    conn = store.conn
    kept = 0
    with store.transaction():
        if overlap is None:
            conn.execute("DELETE FROM settings WHERE name IN (?, ?)", [_HANDOUT, _OVERLAP])
            payload: dict[str, object] = {"on_demand": False}
        else:
            for name, value in ((_HANDOUT, ON_DEMAND), (_OVERLAP, str(overlap))):
                conn.execute(
                    "INSERT INTO settings (name, value) VALUES (?, ?) "
                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    [name, value],
                )
            kept = conn.execute(
                "INSERT INTO assignments (annotator, article_id, assigned_at) "
                "SELECT s.annotator, s.article_id, ? FROM statuses s WHERE s.status <> ? "
                "AND s.annotator NOT IN (SELECT name FROM reviewers) AND s.annotator NOT LIKE ? "
                "AND NOT EXISTS (SELECT 1 FROM assignments m WHERE m.annotator = s.annotator "
                "AND m.article_id = s.article_id) ON CONFLICT DO NOTHING",
                [_now(), Status.TODO, f"%{ASIDE_MARK}%"],
            ).rowcount
            payload = {"on_demand": True, "overlap": overlap, "kept": kept}
        store._log("assign", default_annotator(), payload=json.dumps(payload))  # who switched it
    if overlap is None:
        return HandoutReport(None)
    open_, full = counts(store, overlap)
    return HandoutReport(overlap, kept=kept, open=open_, full=full)


def claim(store: StatusesMixin, annotator: str, n: int) -> int | None:
    """Give ``annotator`` a new article (fewer than ``n`` assignees, not theirs, not
    started by them), writing its assignment in the same transaction; None when
    no article has room. Never waits for another claimer (module docstring)."""
    conn = store.conn
    find = (
        f"SELECT a.id FROM articles a WHERE a.id >= ? AND {_ROOM} "
        "AND NOT EXISTS (SELECT 1 FROM assignments m WHERE m.annotator = ? AND m.article_id = a.id) "
        "AND NOT EXISTS (SELECT 1 FROM statuses s WHERE s.article_id = a.id AND s.annotator = ? "
        "AND s.status <> ?) "
        f"ORDER BY a.id LIMIT 1{store.dialect.claim_lock('a')}"
    )
    with store.transaction():
        if not conn.execute("SELECT 1 FROM annotators WHERE name = ?", [annotator]).fetchone():
            store.ensure_annotator(annotator)
        article_id = full_below(store, n) - 1
        while True:
            # Past the last candidate tried: the search ends however the snapshots fall.
            row = conn.execute(find, [article_id + 1, n, annotator, annotator, Status.TODO]).fetchone()
            if row is None:
                return None
            article_id = int(row[0])
            # Under the lock, in a statement of its own: a claim committed after the
            # search's snapshot was taken is seen now.
            assignees, mine = conn.execute(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE annotator = ?) FROM assignments WHERE article_id = ?",
                [annotator, article_id],
            ).fetchone()
            if assignees < n and not mine:
                break
            # Filled meanwhile (by a claim that committed after the search began): the next one.
        conn.execute(
            "INSERT INTO assignments (annotator, article_id, assigned_at) VALUES (?, ?, ?)",
            [annotator, article_id, _now()],
        )
        store._log(
            "assign", annotator, article_id=article_id, payload=json.dumps({"claimed": True, "overlap": n})
        )
    return article_id

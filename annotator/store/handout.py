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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.model import Status
from annotator.store import schema
from annotator.store.rows import _now

if TYPE_CHECKING:
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
    if not schema.has_table(conn, "settings"):
        return None
    rows = dict(
        conn.execute("SELECT name, value FROM settings WHERE name IN (?, ?)", [_HANDOUT, _OVERLAP]).fetchall()
    )
    if rows.get(_HANDOUT) != ON_DEMAND:
        return None
    return int(rows.get(_OVERLAP, 1))


def overlap_for(conn: Connection, annotator: str) -> int | None:
    """The overlap when ``annotator`` takes articles on demand; None when the hand-out
    is off or they are a reviewer (reviewers are given no articles: they see every one)."""
    n = overlap(conn)
    if n is None:
        return None
    reviewer = conn.execute("SELECT 1 FROM reviewers WHERE name = ?", [annotator]).fetchone()
    return None if reviewer else n


def _full_sql() -> str:
    return (
        "SELECT COUNT(*) FROM (SELECT article_id FROM assignments GROUP BY article_id HAVING COUNT(*) >= ?) f"
    )


def counts(conn: Connection, n: int) -> tuple[int, int]:
    """(open, full): articles with fewer than ``n`` assignees, and the others."""
    total = int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    full = int(conn.execute(_full_sql(), [n]).fetchone()[0])
    return total - full, full


def open_to(conn: Connection, annotator: str, n: int) -> int:
    """How many articles ``annotator`` could still claim: fewer than ``n`` assignees, not theirs.

    Counted over the assignments (articles minus the full ones minus their own
    open ones), never article by article: the window asks after every status."""
    row = conn.execute(
        "SELECT (SELECT COUNT(*) FROM articles) - (" + _full_sql() + ") - "
        "(SELECT COUNT(*) FROM assignments m WHERE m.annotator = ? AND "
        "(SELECT COUNT(*) FROM assignments o WHERE o.article_id = m.article_id) < ?)",
        [n, annotator, n],
    ).fetchone()
    return max(int(row[0]), 0)


def set_handout(store: Store, *, overlap: int | None) -> HandoutReport:
    """Switch the on-demand hand-out on with ``overlap`` (None: off), in one transaction.

    Switching it on gives every annotator (reviewers excepted) the articles they
    have already started without an assignment (status other than ``todo``), even
    past the overlap: started work never leaves anybody's list."""
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
                "AND s.annotator NOT IN (SELECT name FROM reviewers) "
                "AND NOT EXISTS (SELECT 1 FROM assignments m WHERE m.annotator = s.annotator "
                "AND m.article_id = s.article_id) ON CONFLICT DO NOTHING",
                [_now(), Status.TODO],
            ).rowcount
            payload = {"on_demand": True, "overlap": overlap, "kept": kept}
        store._log("assign", "", payload=json.dumps(payload))
    if overlap is None:
        return HandoutReport(None)
    open_, full = counts(conn, overlap)
    return HandoutReport(overlap, kept=kept, open=open_, full=full)


def claim(store: StatusesMixin, annotator: str, n: int) -> int | None:
    """Give ``annotator`` a new article (fewer than ``n`` assignees, not theirs, not
    started by them), writing its assignment in the same transaction; None when
    no article has room. Never waits for another claimer (module docstring)."""
    conn = store.conn
    find = (
        "SELECT a.id FROM articles a "
        "WHERE NOT EXISTS (SELECT 1 FROM assignments m WHERE m.annotator = ? AND m.article_id = a.id) "
        "AND (SELECT COUNT(*) FROM assignments o WHERE o.article_id = a.id) < ? "
        "AND NOT EXISTS (SELECT 1 FROM statuses s WHERE s.article_id = a.id AND s.annotator = ? "
        "AND s.status <> ?) AND a.id > ? "
        f"ORDER BY a.id LIMIT 1{store.dialect.claim_lock('a')}"
    )
    with store.transaction():
        if not conn.execute("SELECT 1 FROM annotators WHERE name = ?", [annotator]).fetchone():
            store.ensure_annotator(annotator)
        article_id = 0
        while True:
            # Past the last candidate tried: the search ends however the snapshots fall.
            row = conn.execute(find, [annotator, n, annotator, Status.TODO, article_id]).fetchone()
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

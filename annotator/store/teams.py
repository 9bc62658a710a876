"""Teams on one project: assignment with overlap, reviewers, and team progress.

The workflow is decided here in Python (who gets which article, what counts
as gold); SQL only reads and writes rows, so a second backend can share it.
Functions take an open ``Store`` and write through ``store.conn`` inside
``store.transaction()``.

- **Assignment**: each selected article goes to ``overlap`` annotators; the
  least-loaded annotators take it, ties broken by a seeded draw, so counts
  stay within one of each other and the same seed gives the same result.
  Existing assignments are never moved; an annotator who already started an
  article (status other than ``todo``) is assigned it first.
- **At the same moment**: an assign waits for another one running (on
  PostgreSQL it locks ``assignments`` against writers; SQLite's write lock
  does that already), so two never give an article beyond the overlap.
- **Reviewers**: annotators registered with ``set_reviewer``; their ``done``
  versions are the gold (``gold_versions``, ``export --gold``).
"""

from __future__ import annotations

import datetime
import enum
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.model import Status
from annotator.store import handout, schema

if TYPE_CHECKING:
    from annotator.store.dialect import Connection
    from annotator.store.store import Store

TODO_ARTICLES = "todo"
ALL_ARTICLES = "all"
# A merge conflict sets the pack's version aside as annotator "<name>@pack-<file>".
ASIDE_MARK = "@pack-"


class TeamError(ValueError):
    """A team request that cannot be carried out; the message says what to do."""


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


# A share of at most this many articles is read through its assignment rows (``IN``,
# or walking them for the next article); a larger one by probing each candidate.
SMALL_SHARE = 2_000


class Share(enum.Enum):
    """How an annotator's articles are to be read (``share``)."""

    ALL = "all"  # no assignment (and no on-demand hand-out): every article
    SMALL = "small"  # walk the assignment rows
    LARGE = "large"  # probe each candidate


def share(conn: Connection, annotator: str) -> Share:
    """Whether ``annotator`` keeps to an assignment, and how large it is.

    An annotator without one sees every article, as before assignment, unless
    articles are handed out on demand (``handout``): then they see only what
    they claimed, nothing before their first claim (reviewers excepted)."""
    if not has_team_tables(conn):
        return Share.ALL  # a project from before assignments, read as it is: nobody has one
    row = conn.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM assignments WHERE annotator = ? LIMIT ?) f",
        [annotator, SMALL_SHARE + 1],
    ).fetchone()
    if int(row[0]) > SMALL_SHARE:
        return Share.LARGE
    if int(row[0]) == 0 and handout.overlap_for(conn, annotator) is None:
        return Share.ALL
    return Share.SMALL


def assigned_clause(
    conn: Connection, annotator: str, column: str, *, probe: bool = False
) -> tuple[str, list[Any]]:
    """SQL (`` AND column IN (...)``) keeping to ``annotator``'s assignment, or ``""``
    when they see every article (``share``).

    ``probe``: an ``EXISTS`` key probe per candidate row, for queries that stop
    after a few rows (the next article: 15 us, where ``IN`` rebuilds the whole
    assigned set, 1.3 ms). Without it, ``IN``, which lets SQLite walk the
    assigned set itself: counting a 10,000-article share is then a few ms
    instead of a probe for each of 100,000 articles (80 ms). A small share
    (``SMALL_SHARE``: an on-demand hand-out's claims, say) always takes ``IN``:
    probing 100,000 articles to find 3 would take 110 ms, ``IN`` 0.2 ms."""
    found = share(conn, annotator)
    if found is Share.ALL:
        return "", []
    if probe and found is Share.LARGE:
        return (
            f" AND EXISTS (SELECT 1 FROM assignments WHERE annotator = ? AND article_id = {column})",
            [annotator],
        )
    return f" AND {column} IN (SELECT article_id FROM assignments WHERE annotator = ?)", [annotator]


@dataclass(slots=True)
class AssignReport:
    """What ``assign`` did: new rows per annotator, and the totals afterwards."""

    articles: int = 0  # articles considered
    added: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    full: int = 0  # articles that already had enough annotators

    def lines(self) -> list[str]:
        new = sum(self.added.values())
        out = [
            f"assigned {new} new (article, annotator) pairs over {self.articles} articles "
            f"({self.full} already had their annotators)"
        ]
        out += [
            f"  {name:<16} +{self.added.get(name, 0):<6} {total} assigned"
            for name, total in self.totals.items()
        ]
        return out


def parse_names(text: str) -> list[str]:
    """``"alice, bob"`` -> ``["alice", "bob"]``; refuses empty and repeated names."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise TeamError(f"{text!r}: give annotator names separated by commas, e.g. alice,bob")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise TeamError(f"annotator {repeated[0]!r} is named twice")
    return names


def _select_articles(store: Store, articles: Sequence[str | int]) -> list[int]:
    spec = [str(a).strip() for a in articles if str(a).strip()] or [TODO_ARTICLES]
    conn = store.conn
    if spec == [ALL_ARTICLES]:
        return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    if spec == [TODO_ARTICLES]:
        # Not done by anybody yet: what still needs annotating.
        return [
            r[0]
            for r in conn.execute(
                "SELECT id FROM articles WHERE id NOT IN "
                "(SELECT article_id FROM statuses WHERE status = 'done') ORDER BY id"
            )
        ]
    ids: list[int] = []
    for part in spec:
        if not part.isdigit():
            raise TeamError(f"--articles {part!r}: give 'todo', 'all' or article ids")
        ids.append(int(part))
    known = {r[0] for r in conn.execute("SELECT id FROM articles")}
    missing = [i for i in ids if i not in known]
    if missing:
        raise TeamError(f"no article with id {missing[0]}")
    return sorted(set(ids))


def assign(
    store: Store,
    *,
    annotators: Sequence[str],
    overlap: int,
    seed: int = 0,
    articles: Sequence[str | int] = (TODO_ARTICLES,),
    reviewers: Sequence[str] = (),
) -> AssignReport:
    """Give each selected article to ``overlap`` of ``annotators``, in one transaction.

    Balanced (least-loaded first: counts differ by at most one when starting
    from nothing) and reproducible (same seed, same articles, same result).
    Re-running adds only what is missing: an article keeps the annotators it
    has. ``reviewers`` are registered as reviewers (``set_reviewer``), not
    assigned articles.
    """
    names = list(annotators)
    if not names:
        raise TeamError("give at least one annotator (--annotators alice,bob)")
    if not 1 <= overlap <= len(names):
        raise TeamError(
            f"--overlap {overlap}: each article can go to 1 to {len(names)} annotators "
            f"(as many as --annotators names)"
        )
    ids = _select_articles(store, articles)
    report = AssignReport(articles=len(ids))
    conn = store.conn
    rng = random.Random(seed)
    with store.transaction():
        # Two assigns at once: the second waits for the first, then sees its rows.
        lock = store.dialect.exclusive_sql("assignments")
        if lock:
            conn.execute(lock)
        for name in [*names, *reviewers]:
            store.ensure_annotator(name)
        for name in reviewers:
            set_reviewer(store, name)
        load = {name: 0 for name in names}
        for name, n in conn.execute("SELECT annotator, COUNT(*) FROM assignments GROUP BY annotator"):
            if name in load:
                load[name] = n
        current: dict[int, set[str]] = {}
        for article_id, name in conn.execute("SELECT article_id, annotator FROM assignments"):
            current.setdefault(article_id, set()).add(name)
        started: dict[int, set[str]] = {}
        wanted = set(names)
        begun = [s for s in Status.ALL if s != Status.TODO]
        for name in names:  # index seeks on (annotator, status), not a scan of every status row
            for (article_id,) in conn.execute(
                f"SELECT article_id FROM statuses WHERE annotator = ? AND status IN ({','.join('?' * len(begun))})",
                [name, *begun],
            ):
                started.setdefault(article_id, set()).add(name)
        rows: list[tuple[str, int, str]] = []
        now = _now()
        order = list(ids)
        rng.shuffle(order)
        for article_id in order:
            have = current.get(article_id, set())
            mine = len(have & wanted)
            if mine >= overlap:
                report.full += 1
                continue
            free = [n for n in names if n not in have]
            first = started.get(article_id, set())
            # Who started it first, then the least loaded; a seeded draw breaks ties.
            free.sort(key=lambda n: (n not in first, load[n], rng.random()))
            for name in free[: overlap - mine]:
                rows.append((name, article_id, now))
                load[name] += 1
                report.added[name] = report.added.get(name, 0) + 1
        conn.executemany(
            "INSERT INTO assignments (annotator, article_id, assigned_at) VALUES (?, ?, ?)", rows
        )
        if rows:
            conn.execute(
                "INSERT INTO edits (at, annotator, action, payload) VALUES (?, ?, 'assign', ?)",
                [
                    now,
                    ",".join(names),
                    json.dumps({"overlap": overlap, "seed": seed, "added": report.added}),
                ],
            )
    report.totals = {name: load[name] for name in names}
    return report


def has_team_tables(conn: Connection) -> bool:
    """Whether the file has had migration 0003_teams. A project from before it is
    read as it is (reads never upgrade): nobody has an assignment or reviews there."""
    return schema.has_table(conn, "reviewers")


def assignments(store: Store, annotator: str) -> list[int]:
    """The article ids assigned to ``annotator`` (empty: they see every article)."""
    if not has_team_tables(store.conn):
        return []
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT article_id FROM assignments WHERE annotator = ? ORDER BY article_id", [annotator]
        )
    ]


def assignees(store: Store, article_id: int) -> list[str]:
    """Who an article is assigned to."""
    if not has_team_tables(store.conn):
        return []
    return [
        r[0]
        for r in store.conn.execute(
            "SELECT annotator FROM assignments WHERE article_id = ? ORDER BY annotator", [article_id]
        )
    ]


# -- reviewers --------------------------------------------------------------


def set_reviewer(store: Store, name: str, reviewer: bool = True) -> None:
    """Register (or, with ``reviewer=False``, unregister) ``name`` as a reviewer."""
    with store.transaction():
        store.ensure_annotator(name)
        if reviewer:
            store.conn.execute(
                "INSERT INTO reviewers (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [name, _now()],
            )
        else:
            store.conn.execute("DELETE FROM reviewers WHERE name = ?", [name])


def is_reviewer(store: Store, name: str) -> bool:
    if not has_team_tables(store.conn):
        return False
    return store.conn.execute("SELECT 1 FROM reviewers WHERE name = ?", [name]).fetchone() is not None


def reviewers(store: Store) -> list[str]:
    if not has_team_tables(store.conn):
        return []
    return [r[0] for r in store.conn.execute("SELECT name FROM reviewers ORDER BY name")]


def gold_versions(store: Store) -> dict[int, list[str]]:
    """article id -> the reviewers whose version of it is ``done`` (the gold).

    More than one name means two reviewers finished the same article: the
    export refuses to choose between them unless told (``--pick first``).
    """
    found: dict[int, list[str]] = {}
    if not has_team_tables(store.conn):
        return found
    for article_id, name in store.conn.execute(
        "SELECT s.article_id, s.annotator FROM statuses s JOIN reviewers r ON r.name = s.annotator "
        "WHERE s.status = 'done' ORDER BY s.article_id, s.annotator"
    ):
        found.setdefault(article_id, []).append(name)
    return found


def done_by(store: Store, *, annotators: Sequence[str] | None = None) -> dict[int, list[str]]:
    """article id -> the annotators who marked it ``done``: those named, or
    everybody but the reviewers and set-aside versions."""
    rows = store.conn.execute(
        "SELECT article_id, annotator FROM statuses WHERE status = 'done' ORDER BY article_id, annotator"
    )
    if annotators is not None:
        keep = set(annotators)
    else:  # versions set aside by a merge conflict are not annotators of their own
        keep = {n for n in store.annotators() if ASIDE_MARK not in n} - set(reviewers(store))
    found: dict[int, list[str]] = {}
    for article_id, name in rows:
        if name in keep:
            found.setdefault(article_id, []).append(name)
    return found


def waiting_for_review(store: Store) -> list[int]:
    """Articles done by two or more annotators that no reviewer has finished yet."""
    gold = gold_versions(store)
    return [a for a, names in done_by(store).items() if len(names) >= 2 and a not in gold]


def team_progress(store: Store) -> dict[str, dict[str, int]]:
    """Per annotator: articles assigned (all articles when they have no assignment), done, todo.

    ``todo`` counts what is left of their share: assigned and not yet done or skipped.
    Under the on-demand hand-out ``assigned`` is what they claimed (0 before their
    first claim), and ``open`` how many more they could still claim.
    """
    conn = store.conn
    total = store.count_articles()
    assigned: dict[str, int] = {}
    if has_team_tables(conn):
        assigned = dict(
            conn.execute("SELECT annotator, COUNT(*) FROM assignments GROUP BY annotator").fetchall()
        )
    out: dict[str, dict[str, int]] = {}
    for name in store.annotators():
        clause, params = assigned_clause(conn, name, "statuses.article_id", probe=True)
        counts = dict(
            conn.execute(
                f"SELECT status, COUNT(*) FROM statuses WHERE annotator = ?{clause} GROUP BY status",
                [name, *params],
            ).fetchall()
        )
        on_demand = handout.overlap_for(conn, name)
        mine = int(assigned.get(name, 0 if on_demand is not None else total))
        done = int(counts.get(Status.DONE, 0))
        closed = done + int(counts.get(Status.SKIPPED, 0))
        out[name] = {"assigned": mine, "done": done, "todo": max(mine - closed, 0)}
        if on_demand is not None:
            out[name]["open"] = handout.open_to(store, name, on_demand)
    return out


def marks_per_hour(store: Store, *, days: int = 7, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Per annotator over the last ``days``: spans marked (``add_span`` edits), the
    hours in which they edited anything, and marks per such hour."""
    end = now or datetime.datetime.now(datetime.UTC)
    since = (end - datetime.timedelta(days=days)).isoformat(timespec="milliseconds")
    out: dict[str, Any] = {}
    for name, marks, hours in store.conn.execute(
        "SELECT annotator, COUNT(*) FILTER (WHERE action = 'add_span'), COUNT(DISTINCT substr(at, 1, 13)) "
        "FROM edits WHERE at >= ? AND action IN ('add_span', 'update_span', 'delete_span', 'status') "
        "GROUP BY annotator ORDER BY annotator",
        [since],
    ):
        out[name] = {
            "marks": int(marks or 0),
            "active_hours": int(hours),
            "marks_per_hour": round((marks or 0) / hours, 2) if hours else 0.0,
        }
    return {"days": days, "annotators": out}

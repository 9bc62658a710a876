"""A team at work at once (issue 13): 8 annotator processes on one project.

Each process is one annotator: 1,000 edits (adding and deleting entity spans,
marking articles done) and 50 next-article requests, the project handing
articles out on demand with overlap 2, all eight started at the same moment
(a barrier). First on one PostgreSQL database (a server started from the
tests' ``pg_server``: fsync and synchronous_commit off, as the tests run it),
then on a durable server (PostgreSQL's defaults: fsync and synchronous commit
on, as a team's server runs), then on one SQLite file (WAL, synchronous=NORMAL,
as the store runs it), for comparison.

- **Edits lost** (target 0): what each process saw committed (a call that
  returned) against the database afterwards: its ``edits`` rows, its live
  spans (the very ids) and its last status of every article it touched.
- **Articles past the overlap** (target 0): articles with more than 2
  assignees; and every claim a process was given has its assignment row.
- **Edits per second**, all processes together, beside the floor of the same
  8 processes each making 1,000 bare one-row transactions on the same backend
  (psycopg ``INSERT ... RETURNING`` in autocommit; sqlite3 ``BEGIN IMMEDIATE``,
  ``INSERT ... RETURNING``, ``COMMIT``). Target: at least 100 edits/s in total
  (eight people make a few a second).
- The next-article requests' latency (median and slowest): a claim never
  waits for another claimer.
"""

from __future__ import annotations

import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from annotator.model import ENTITY, Article, Span, Status
from annotator.store import Store, StoreError, handout

PROCESSES = 8
EDITS = 1_000
REQUESTS = 50
OVERLAP = 2
ARTICLES = 1_000
TARGET_RATE = 100.0
WORDS = ["Macron", "Putin", "said", "the", "crisis", "border", "migrants", "Reuters", "official", "adviser"]
LABELS = ["PERSON", "ORG", "GPE", "DATE"]


def _build(target: str | Path) -> None:
    rng = random.Random(1)
    with Store(target) as store:
        texts = (
            Article(text=f"Article {i}. " + " ".join(rng.choice(WORDS) for _ in range(80)), title=f"#{i}")
            for i in range(ARTICLES)
        )
        store.add_articles(texts, annotator="import")
        for p in range(PROCESSES):
            store.ensure_annotator(f"annotator{p}")
        handout.set_handout(store, overlap=OVERLAP)


def _words(text: str) -> list[tuple[int, int]]:
    out, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isalnum() and start is None:
            start = i
        elif not ch.isalnum() and start is not None:
            out.append((start, i))
            start = None
    return out


def _annotator(target: str | Path, name: str, seed: int, start: Any, results: Any) -> None:
    """One annotator: 1,000 edits and 50 next-article requests, counting what committed."""
    rng = random.Random(seed)
    seen = {"add_span": 0, "delete_span": 0, "status": 0, "failed": 0}
    live: dict[int, tuple[int, int]] = {}  # span id -> (article, word index)
    statuses: dict[int, str] = {}
    claimed: list[int] = []
    waits: list[float] = []
    with Store(target, create=False) as store:

        def ask() -> tuple[int, list[tuple[int, int]]]:
            began = time.perf_counter()
            article_id = store.next_article(name)
            waits.append(time.perf_counter() - began)
            assert article_id is not None, "no article left to hand out"
            if article_id not in claimed:
                claimed.append(article_id)
            return article_id, _words(store.article(article_id).text)

        start.wait()
        began = time.perf_counter()
        current, words = ask()
        for edit in range(EDITS):
            try:
                if edit % (EDITS // REQUESTS) == EDITS // REQUESTS - 1:
                    store.set_status(current, name, Status.DONE)
                    seen["status"] += 1
                    statuses[current] = Status.DONE
                    if len(waits) < REQUESTS:
                        current, words = ask()
                    continue
                mine = [sid for sid, (a, _) in live.items() if a == current]
                if mine and rng.random() < 0.3:
                    sid = rng.choice(mine)
                    store.delete_span(sid)
                    seen["delete_span"] += 1
                    del live[sid]
                    continue
                taken = {w for a, w in live.values() if a == current}
                w = rng.choice([i for i in range(len(words)) if i not in taken])
                s, e = words[w]
                span = store.add_span(current, Span(s, e, ENTITY, rng.choice(LABELS), annotator=name))
                seen["add_span"] += 1
                assert span.id is not None
                live[span.id] = (current, w)
                statuses.setdefault(current, Status.IN_PROGRESS)
            except StoreError:
                seen["failed"] += 1  # said "not saved": not an edit lost
        took = time.perf_counter() - began
    results.put(
        {"name": name, "seen": seen, "live": sorted(live), "statuses": statuses, "claimed": claimed}
        | {"waits": waits, "took": took}
    )


def _floor_pg(url: str, name: str, start: Any, results: Any) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        start.wait()
        began = time.perf_counter()
        for i in range(EDITS):
            conn.execute(
                "INSERT INTO floor (annotator, n) VALUES (%s, %s) RETURNING id", (name, i)
            ).fetchone()
        results.put(time.perf_counter() - began)


def _floor_sqlite(path: str, name: str, start: Any, results: Any) -> None:
    import sqlite3

    conn = sqlite3.connect(path, timeout=60, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")
    start.wait()
    began = time.perf_counter()
    for i in range(EDITS):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO floor (annotator, n) VALUES (?, ?) RETURNING id", (name, i)).fetchone()
        conn.execute("COMMIT")
    results.put(time.perf_counter() - began)
    conn.close()


def _run(work: Any, args: list[tuple[Any, ...]]) -> tuple[float, list[Any]]:
    """Start one process per args, release them together; (wall seconds, their results)."""
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(len(args) + 1), ctx.Queue()
    procs = [ctx.Process(target=work, args=(*a, start, results)) for a in args]
    for p in procs:
        p.start()
    start.wait()
    began = time.perf_counter()
    out = [results.get(timeout=1800) for _ in procs]
    wall = time.perf_counter() - began
    for p in procs:
        p.join(timeout=60)
        if p.exitcode != 0:
            raise RuntimeError(f"a benchmark process failed (exit {p.exitcode})")
    return wall, out


def _check(target: str | Path, reports: list[dict[str, Any]]) -> tuple[int, int, int, int]:
    """(edits lost, articles past the overlap, claims without their row, edits seen)."""
    lost = over = missing = seen_total = 0
    with Store(target, create=False) as store:
        conn = store.conn
        over = conn.execute(
            "SELECT COUNT(*) FROM (SELECT article_id FROM assignments GROUP BY article_id HAVING COUNT(*) > ?) f",
            [OVERLAP],
        ).fetchone()[0]
        for r in reports:
            name, seen = r["name"], r["seen"]
            for action in ("add_span", "delete_span", "status"):
                rows = conn.execute(
                    "SELECT COUNT(*) FROM edits WHERE annotator = ? AND action = ?", [name, action]
                ).fetchone()[0]
                lost += abs(rows - seen[action])
                seen_total += seen[action]
            live = {i for (i,) in conn.execute("SELECT id FROM spans WHERE annotator = ?", [name])}
            lost += len(live ^ set(r["live"]))
            for article_id, status in r["statuses"].items():
                lost += store.status(int(article_id), name) != status
            mine = {
                a for (a,) in conn.execute("SELECT article_id FROM assignments WHERE annotator = ?", [name])
            }
            missing += len(set(r["claimed"]) - mine)
    return lost, over, missing, seen_total


def _round(label: str, target: str | Path, floor: Any, floor_target: str) -> bool:
    _build(target)
    names = [f"annotator{p}" for p in range(PROCESSES)]
    wall, reports = _run(_annotator, [(target, n, i) for i, n in enumerate(names)])
    lost, over, missing, seen = _check(target, reports)
    failed = sum(r["seen"]["failed"] for r in reports)
    waits = sorted(w for r in reports for w in r["waits"])
    floor_wall, _ = _run(floor, [(floor_target, n) for n in names])
    rate, floor_rate = seen / wall, PROCESSES * EDITS / floor_wall
    print(
        f"{label}: {PROCESSES} processes x {EDITS:,} edits + {REQUESTS} next-article requests, "
        f"on-demand overlap {OVERLAP}, {wall:.1f} s"
    )
    print(
        f"  edits lost: {lost}   ({seen:,} committed as the processes saw them, {failed} refused as "
        "not saved; edit rows, live spans and statuses compared)   target 0"
    )
    print(
        f"  articles handed to more than {OVERLAP} annotators: {over}   claims missing their row: "
        f"{missing}   target 0"
    )
    print(
        f"  edits per second, all processes: {rate:7.0f}   floor (the same {PROCESSES} processes, bare "
        f"one-row INSERT ... RETURNING transactions) {floor_rate:7.0f}   target >= {TARGET_RATE:.0f}"
    )
    print(
        f"  next-article request (own article or a claim): median {statistics.median(waits) * 1000:6.2f} ms, "
        f"slowest {waits[-1] * 1000:6.2f} ms over {len(waits)}"
    )
    return lost == 0 and over == 0 and missing == 0 and rate >= TARGET_RATE


def main() -> bool:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from pg_server import find_bindir, running_server

    ok = True
    if find_bindir() is None:
        print(
            "no PostgreSQL server binaries here (make setup installs Debian's postgresql): PostgreSQL skipped"
        )
        ok = False
    else:
        for durable in (False, True):
            with running_server(durable=durable) as server:
                url = server.url(server.create_database("team"))
                floor = server.create_database("floor")
                server.psql(
                    "CREATE TABLE floor (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, annotator TEXT, n INT)",
                    floor,
                )
                label = (
                    "PostgreSQL, durable (fsync, synchronous commit)"
                    if durable
                    else "PostgreSQL, as the tests run it (no fsync)"
                )
                ok &= _round(label, url, _floor_pg, server.url(floor))
    with tempfile.TemporaryDirectory() as tmp:
        import sqlite3

        floor_path = str(Path(tmp) / "floor.db")
        with sqlite3.connect(floor_path) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE floor (id INTEGER PRIMARY KEY, annotator TEXT, n INTEGER)")
        ok &= _round("SQLite", Path(tmp) / "team.db", _floor_sqlite, floor_path)
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

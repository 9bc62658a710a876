"""Teams (issue 12): assignment, merge of packs, agreement.

- Assignment of 100,000 articles to 20 annotators, overlap 2; floor: one
  ``executemany`` of the same 200,000 assignment rows into an empty table.
  Target < 10 s. Also the assigned annotator's next article (target < 1 ms),
  and their article list: a page by key (target < 16 ms) and the row count
  (target: no slower than counting every article, the list without assignment).
- Merge of 10 packs of 1,000 articles (5 spans each); floor: one sqlite-utils
  ``insert_all`` of the same span and status rows into a fresh file. Target:
  within 10x the floor. Merging the same packs again (nothing to do) is shown too.
- Agreement on 1,000 articles x 3 annotators: time and peak memory (Python and
  numpy allocations, tracemalloc); floor: tokenising the same texts. Targets
  < 10 s and < 200 MB.
"""

from __future__ import annotations

import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from annotator.model import ENTITY, QUOTE, Article, Span
from annotator.store import Store
from annotator.store.packs import merge, pack, put_version
from annotator.store.teams import assign, assignments

WORDS = ["Macron", "Putin", "said", "the", "crisis", "border", "migrants", "Reuters", "official", "adviser"]


def _text(rng: random.Random, i: int, words: int = 60) -> str:
    return f"Article {i}. " + " ".join(rng.choice(WORDS) for _ in range(words))


def _assignment(tmp: Path) -> bool:
    n, names = 100_000, [f"annotator{i:02}" for i in range(20)]
    rng = random.Random(1)
    started = time.perf_counter()
    store = Store(tmp / "assign.db")
    store.add_articles((Article(text=_text(rng, i, 20)) for i in range(n)), annotator="import")
    for name in names:
        store.ensure_annotator(name)
    print(f"built {n:,} articles and {len(names)} annotators in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    report = assign(store, annotators=names, overlap=2, seed=1)
    took = time.perf_counter() - started
    rows = [(name, a, "x") for name in names for a in assignments(store, name)]
    assert len(rows) == 2 * n and sum(report.added.values()) == 2 * n
    store.conn.execute(
        "CREATE TABLE floor (annotator TEXT, article_id INTEGER, at TEXT, PRIMARY KEY (annotator, article_id)) WITHOUT ROWID"
    )
    started = time.perf_counter()
    with store.transaction():
        store.conn.executemany("INSERT INTO floor VALUES (?, ?, ?)", rows)
    floor = time.perf_counter() - started
    print(
        f"assign 100,000 x 20 (overlap 2): {took:6.2f} s   floor (executemany of the 200,000 rows) "
        f"{floor:5.2f} s   target < 10 s"
    )
    mine = assignments(store, names[7])
    best = _best(lambda: store.next_article(names[7], after=mine[len(mine) // 2]), repeat=200)
    print(f"next article of an assigned annotator: {best * 1e6:7.1f} us   target < 1000 us")
    # The window's article list for that annotator: one page by key, and the row count.
    page = _best(lambda: store.list_articles(names[7], after=mine[len(mine) // 2], limit=100))
    bare = _best(lambda: store.list_articles("import", after=mine[len(mine) // 2], limit=100))
    count = _best(lambda: store.count_list(names[7]), repeat=5)
    everything = _best(lambda: store.count_list("import"), repeat=5)
    print(
        f"list page of 100 of an assigned annotator: {page * 1000:6.2f} ms   floor (the same page, no "
        f"assignment) {bare * 1000:5.2f} ms   target < 16 ms"
    )
    print(
        f"row count of an assigned annotator's list: {count * 1000:6.2f} ms   beside the count of every "
        f"article (no assignment, as before issue 12) {everything * 1000:5.2f} ms   target <= that count"
    )
    store.close()
    return took < 10 and best < 0.001 and page < 0.016 and count <= everything


def _best(fn: Callable[[], object], repeat: int = 50) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _merge(tmp: Path) -> bool:
    from sqlite_utils import Database

    packs, per_pack, spans_each = 10, 1_000, 5
    names = [f"annotator{i}" for i in range(packs)]
    rng = random.Random(2)
    store = Store(tmp / "merge.db")
    store.add_articles((Article(text=_text(rng, i)) for i in range(packs * per_pack)), annotator="import")
    assign(store, annotators=names, overlap=1, seed=0, articles=["all"])
    files = []
    for name in names:
        out = tmp / f"{name}.db"
        pack(store, out, annotator=name)
        with Store(out) as offline, offline.transaction():
            for article_id in offline.article_ids():
                spans = [Span(s, s + 6, ENTITY, "ORG") for s in range(12, 12 + 20 * spans_each, 20)]
                put_version(offline, article_id, name, spans, status="done")
        files.append(out)
    started = time.perf_counter()
    report = merge(store, files)
    took = time.perf_counter() - started
    assert sum(report.merged.values()) == packs * per_pack, report.lines()[:3]
    started = time.perf_counter()
    again = merge(store, files)
    idle = time.perf_counter() - started
    assert sum(again.merged.values()) == 0
    span_rows, status_rows = [], []
    for name, out in zip(names, files, strict=True):
        with Store(out) as offline:
            for article_id in offline.article_ids():
                span_rows += [
                    {
                        "article_id": article_id,
                        "layer": s.layer,
                        "label": s.label,
                        "start": s.start,
                        "end": s.end,
                        "origin": s.origin,
                        "annotator": name,
                        "created_at": "x",
                    }
                    for s in offline.spans_for(article_id, name)
                ]
                status_rows.append(
                    {"article_id": article_id, "annotator": name, "status": "done", "updated_at": "x"}
                )
    floor_db = Database(tmp / "floor.db")
    started = time.perf_counter()
    with floor_db.conn:
        floor_db["spans"].insert_all(span_rows)
        floor_db["statuses"].insert_all(status_rows)
    floor = time.perf_counter() - started
    print(
        f"merge 10 packs x 1,000 articles ({len(span_rows):,} spans): {took:6.2f} s   floor (insert_all of the same "
        f"rows) {floor:5.2f} s   target < 10x floor; merging them again: {idle:5.2f} s"
    )
    store.close()
    return took < 10 * max(floor, 0.1)


def _agreement(tmp: Path) -> bool:
    from annotator.formats.agreement import agreement
    from annotator.formats.tokens import token_offsets

    n, names = 1_000, ["alice", "bob", "carol"]
    rng = random.Random(3)
    store = Store(tmp / "agree.db")
    texts = [_text(rng, i, 120) for i in range(n)]
    store.add_articles((Article(text=t) for t in texts), annotator="import")
    with store.transaction():
        for article_id in store.article_ids():
            for name in names:
                spans = []
                for s in range(12, 500, 40):
                    if rng.random() < 0.85:  # each annotator misses some
                        spans.append(Span(s, s + 6, ENTITY, rng.choice(["ORG", "ORG", "PERSON"])))
                spans.append(
                    Span(510, 560 + rng.randrange(0, 20), QUOTE, "DIRECT", role="content", quote_id=1)
                )
                put_version(store, article_id, name, spans, status="done")
    token_offsets("warm up the tokenizer")
    started = time.perf_counter()
    for text in texts:
        token_offsets(text)
    floor = time.perf_counter() - started
    tracemalloc.start()
    started = time.perf_counter()
    report = agreement(store)
    took = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    assert report["articles"] == n
    print(
        f"agreement 1,000 articles x 3 annotators: {took:6.2f} s   floor (tokenising the texts) {floor:5.2f} s"
        f"   peak memory {peak:6.1f} MB   targets < 10 s, < 200 MB   "
        f"(entity alpha {report['layers']['entity']['alpha']})"
    )
    store.close()
    return took < 10 and peak < 200


def main() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ok = _assignment(folder)
        ok &= _merge(folder)
        ok &= _agreement(folder)
    return ok


if __name__ == "__main__":
    main()

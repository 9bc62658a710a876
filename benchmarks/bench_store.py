"""Store on a 100,000-article file: stats, next article, spans of one article.

Targets (issue 2): ``stats`` under 1 s; "next article to annotate" and "spans of
article N" under a millisecond. Floors, measured in the same run: a full
``COUNT(*)`` scan of the spans table (for stats) and a primary-key lookup of one
article row (for the two point queries).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from annotator.model import BOILERPLATE, ENTITY, Article, Span
from annotator.store import Store

N_ARTICLES = 100_000
SPANS_EACH = 5


def _build(path: Path) -> Store:
    store = Store(path)
    store.ensure_annotator("bench")
    rng = random.Random(1)
    words = [
        "Macron",
        "Putin",
        "said",
        "the",
        "crisis",
        "border",
        "migrants",
        "Reuters",
        "official",
        "adviser",
        "Belarus",
    ]

    def items():
        for i in range(N_ARTICLES):
            text = f"Article {i}. " + " ".join(rng.choice(words) for _ in range(60))
            spans = [Span(0, 7, BOILERPLATE, "BOILERPLATE")] + [
                Span(s, s + 3, ENTITY, "ORG") for s in range(20, 20 + 10 * (SPANS_EACH - 1), 10)
            ]
            yield Article(text=text, source=f"site{i % 50}.example"), spans if i % 2 else []

    store.add_articles(items(), annotator="bench")
    return store


def _best(fn, repeat: int = 200) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = _build(Path(tmp) / "bench.db")
        print(f"built {N_ARTICLES:,} articles in {time.perf_counter() - started:.1f} s")
        with store.transaction():
            for article_id in range(1, 90_000, 3):
                store.conn.execute("UPDATE statuses SET status = 'done' WHERE article_id = ?", [article_id])
        ok = True

        stats_time = _best(store.stats, repeat=3)
        scan = _best(lambda: store.conn.execute("SELECT COUNT(*), SUM(start) FROM spans").fetchone(), 3)
        ok &= stats_time < 1.0
        print(
            f"stats:              {stats_time * 1000:8.1f} ms   floor (full span scan) {scan * 1000:7.1f} ms"
            f"   target < 1000 ms"
        )

        pk = _best(lambda: store.conn.execute("SELECT title FROM articles WHERE id = 77777").fetchone())
        nxt = _best(lambda: store.next_article("bench", after=50_000))
        spans = _best(lambda: store.spans_for(77_777, "bench"))
        ok &= nxt < 0.001 and spans < 0.001
        print(
            f"next todo article:  {nxt * 1e6:8.1f} us   floor (primary-key lookup) {pk * 1e6:7.1f} us"
            f"   target < 1000 us"
        )
        print(
            f"spans of article N: {spans * 1e6:8.1f} us   floor (primary-key lookup) {pk * 1e6:7.1f} us"
            f"   target < 1000 us"
        )
        page = _best(lambda: store.list_articles("bench", offset=60_000, limit=100), 20)
        keyed = _best(lambda: store.list_articles("bench", after=60_000, limit=100), 20)
        print(
            f"list page of 100:   {keyed * 1000:8.2f} ms   by key (after id 60,000; the window's way)"
            f"   vs {page * 1000:.2f} ms by OFFSET 60,000"
        )
        store.close()
    return ok


if __name__ == "__main__":
    main()

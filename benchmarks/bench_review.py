"""A scripted review session in the window (issue 12): keys per resolved disagreement.

50 articles done by alice, bob and carol: 12 entities each, of which every
version changes the label of some (a seeded draw), so each article has a few
disagreements (groups not in every version). A reviewer opens the window in
Review mode and, per article, presses ``A`` or ``X`` on each disagreement the
window selects for them (it selects the next undecided one after each
decision; taking one label refuses the other labels over the same words),
then ``Enter``. Shown: keys per resolved disagreement (decision keys plus the
``Enter`` per article, over the disagreements), beside the floor of one key
per contested place (words with a disagreement) plus ``Enter``, time per decision (key to the gold saved and the next one
selected; floor: the same edit as ``Store.add_span`` alone) and the time to
open an article in Review mode (pre-accept included). Targets: at most 1.2
keys per resolved disagreement, a decision under 50 ms. Every article ends
done with no disagreement left open (checked).
Run: ``QT_QPA_PLATFORM=offscreen python -m benchmarks review``.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from annotator.model import Article, Span
from annotator.store import Store
from annotator.store.packs import put_version
from annotator.store.review import review_groups

ARTICLES = 50
WORDS = ["Macron", "Putin", "Paris", "Moscow", "Reuters", "NATO", "Monday", "Belarus", "Lukashenko", "EU"]
LABELS = ["PERSON", "GPE", "ORG", "DATE"]


def build(path: Path) -> tuple[int, int]:
    rng = random.Random(12)
    store = Store(path)
    texts = []
    for i in range(ARTICLES):
        words = [rng.choice(WORDS) for _ in range(12)]
        texts.append((f"Story {i}: " + " and ".join(words) + ".", words))
    store.add_articles([Article(text=t, title=f"Story {i}") for i, (t, _) in enumerate(texts)], annotator="x")
    disagreements = places = 0
    for article_id, (text, words) in enumerate(texts, start=1):
        at = text.index(":") + 2
        bounds = []
        for word in words:
            bounds.append((at, at + len(word)))
            at += len(word) + len(" and ")
        base = [rng.choice(LABELS) for _ in words]
        for name in ("alice", "bob", "carol"):
            labels = [rng.choice(LABELS) if rng.random() < 0.12 else label for label in base]
            spans = [Span(s, e, "entity", label) for (s, e), label in zip(bounds, labels, strict=True)]
            put_version(store, article_id, name, spans, status="done")
        contested = [g for g in review_groups(store, article_id) if not g.unanimous]
        disagreements += len(contested)
        places += len({(g.start, g.end) for g in contested})
    store.close()
    return disagreements, places


def main() -> bool:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-review-") as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        db = Path(tmp) / "review.db"
        disagreements, places = build(db)
        from annotator.ui.main_window import MainWindow
        from annotator.ui.qt import QtCore, QtWidgets

        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
        store = Store(db)
        window = MainWindow(store=store, annotator="rita")
        window.resize(1280, 900)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        window.enter_review()
        app.processEvents()
        opens = [time.perf_counter() - started]
        review = window.review
        assert review is not None
        keys = decided = 0  # decided: decision keys
        decisions: list[float] = []
        rng = random.Random(3)
        Key = QtCore.Qt.Key
        for _ in range(ARTICLES):
            left = sum(1 for g, s in review._rows if not g.unanimous and s == "")
            if review.selected() is None and left:
                review.walk(1, open_only=True)  # the first one: A/X select it when nothing is
            while review.selected() is not None and left:
                key = Key.Key_A if rng.random() < 0.6 else Key.Key_X
                t = time.perf_counter()
                window.actions_by_name["accept" if key == Key.Key_A else "reject"].trigger()
                app.processEvents()
                decisions.append(time.perf_counter() - t)
                keys += 1
                decided += 1
                left = sum(1 for g, s in review._rows if not g.unanimous and s == "")
            assert left == 0, "a disagreement was left open"
            t = time.perf_counter()
            window.actions_by_name["done_next"].trigger()
            app.processEvents()
            opens.append(time.perf_counter() - t)
            keys += 1
        window.close()
        assert (
            store.conn.execute(
                "SELECT COUNT(*) FROM statuses WHERE annotator = 'rita' AND status = 'done'"
            ).fetchone()[0]
            == ARTICLES
        )
        floor_store = Store(Path(tmp) / "floor.db")
        floor_store.add_articles([Article(text="Paris and Moscow.")], annotator="x")
        floors = []
        for i in range(30):
            t = time.perf_counter()
            saved = floor_store.add_span(1, Span(0, 5, "entity", "GPE", annotator=f"r{i}"))
            floors.append(time.perf_counter() - t)
            assert saved.id is not None
        floor_store.close()
        store.close()
    resolved = disagreements
    per = keys / max(1, resolved)
    floor = (places + ARTICLES) / max(1, resolved)
    decision = statistics.median(decisions) * 1000 if decisions else 0.0
    print(
        f"review session: {ARTICLES} articles x 3 versions, {disagreements} disagreements, "
        f"at {places} places; resolved by {keys} keys ({decided} A/X, {keys - decided} Enter)"
    )
    print(f"keys per resolved disagreement: {per:.2f}   floor {floor:.2f}   target <= 1.2")
    print(
        f"one decision (key to gold saved, next selected): {decision:.1f} ms median   "
        f"floor (Store.add_span alone) {statistics.median(floors) * 1000:.2f} ms   target < 50 ms"
    )
    print(
        f"open an article in Review mode (pre-accept included): {statistics.median(opens) * 1000:.1f} ms median"
    )
    return per <= 1.2 and decision < 50

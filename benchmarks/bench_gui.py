"""GUI speed (issue 3): each figure beside its floor, measured in the same run.

| figure | floor | target |
|---|---|---|
| open a 4,000-char article with 40 spans, to the article painted | setPlainText + 40 formats in one edit block, painted | <= 15 ms |
| open a 150,000-char article with 2,000 spans, to the article painted | setPlainText + 2,000 formats in one edit block, painted | <= 500 ms and <= 3x floor |
| add one span to that article, until repainted | one more format on the floor widget, repainted | <= 16 ms |
| 100,000-article database: window usable (list + first article painted) | a bare PySide6 window showing the same text (subprocess) | < 1.5 s, memory < 400 MB |
| cold start to first article painted (subprocess) | a bare PySide6 window showing the same text (subprocess) | <= 1.5 s and <= 1.5x floor |

Cold start runs on a copy of the database taken before the in-process edits,
so the window opens the same 4,000-character article the floor shows; the
child asserts that the view shows exactly that text, painted, at its
timestamp. The window starts in two stages (the article first, the panes
right after its paint): cold start is the first stage, "window usable" on the
100,000-article database waits for the second (the list is part of it).
The package's bytecode is compiled before the subprocesses run
(``_compile_package``), as an installed copy has it.

"Painted" means: the change is made, then ``processEvents()`` runs the pending
paint (one paint of every widget that changed, as the event loop would). An
open is timed to the article view's paint (its ``article_painted`` signal):
the window paints the article at once (``repaint()``, flushed to the screen)
and the article list and span list in the same turn after it; the time until
the whole window is painted is printed beside it.
In-process figures are medians of several runs, each taken in turn with its
floor's; subprocess figures are wall
time from spawning the interpreter to the first paint, median of eleven;
floor and window are started in pairs, one right after the other, and the
cold-start ratio is the median of the pairs' ratios (both starts of a pair
meet the same machine speed).
Run: ``QT_QPA_PLATFORM=offscreen python -m benchmarks gui``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ANNOTATOR = "bench"
WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "monday",
    "that",
    "talks",
    "with",
    "officials",
    "in",
    "brussels",
    "would",
    "resume",
    "after",
    "a",
    "long",
    "pause",
    "while",
    "critics",
    "argued",
    "the",
    "plan",
    "left",
    "farmers",
    "exposed",
    "to",
    "rising",
    "costs",
    "and",
    "uncertain",
    "markets",
    "across",
    "the",
    "region",
    "as",
    "prices",
    "climbed",
    "again",
    "this",
    "week",
]
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "DATE", "NORP")
BIG_DB_ARTICLES = 100_000
COLD_RUNS = 11  # subprocess starts are noisy on a shared machine: median of eleven, in turns


# ---- data -------------------------------------------------------------------


def make_text(chars: int, seed: int) -> str:
    """Plain news-like text: sentences of words, paragraphs of a few sentences."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 22))).capitalize() + "."
        sep = "\n\n" if rng.random() < 0.2 else " "
        parts.append(sentence + sep)
        size += len(sentence) + len(sep)
    return "".join(parts)[:chars].rstrip() + "."


def word_spans(text: str, count: int, seed: int) -> list[tuple[int, int, str]]:
    """``count`` non-overlapping one-word entity spans spread over the text."""
    rng = random.Random(seed)
    starts = [i for i in range(len(text)) if text[i].isalpha() and (i == 0 or not text[i - 1].isalpha())]
    step = max(1, len(starts) // count)
    spans = []
    for start in starts[::step][:count]:
        end = start
        while end < len(text) and text[end].isalpha():
            end += 1
        spans.append((start, end, rng.choice(ENTITY_LABELS)))
    return spans


def build_db(path: Path, articles: list[tuple[str, int]]) -> list[int]:
    """Articles (text, number of spans); returns their ids."""
    from annotator.model import ENTITY, Article, Span
    from annotator.store import Store

    items = []
    for n, (text, spans) in enumerate(articles):
        marks = [Span(s, e, ENTITY, label, annotator=ANNOTATOR) for s, e, label in word_spans(text, spans, n)]
        items.append((Article(text=text, title=f"Article {n}", source="bench"), marks))
    with Store(path) as store:
        store.ensure_annotator(ANNOTATOR)
        return list(store.add_articles(items, annotator=ANNOTATOR).article_ids)


def build_big_db(path: Path, count: int) -> None:
    from annotator.model import Article
    from annotator.store import Store

    rng = random.Random(7)
    with Store(path) as store:
        store.ensure_annotator(ANNOTATOR)
        batch = []
        for n in range(count):
            text = f"Story {n}. " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 120))) + "."
            batch.append((Article(text=text, title=f"Story {n}", source=f"site{n % 50}"), []))
            if len(batch) == 10_000:
                store.add_articles(batch, annotator=ANNOTATOR)
                batch = []
        if batch:
            store.add_articles(batch, annotator=ANNOTATOR)


# ---- in-process timings -----------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


class Floor:
    """A bare QPlainTextEdit doing the least any view must do: text plus formats."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QPlainTextEdit

        self.edit = QPlainTextEdit()
        self.edit.resize(900, 700)
        self.edit.show()

    def open(self, text: str, spans: list[tuple[int, int, str]]) -> float:
        from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
        from PySide6.QtWidgets import QApplication

        started = time.perf_counter()
        self.edit.setPlainText(text)
        cursor = QTextCursor(self.edit.document())
        cursor.beginEditBlock()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#9ecae1"))
        for start, end, _ in spans:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(fmt)
        cursor.endEditBlock()
        QApplication.processEvents()
        return time.perf_counter() - started

    def add_one(self, start: int, end: int) -> float:
        from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
        from PySide6.QtWidgets import QApplication

        started = time.perf_counter()
        cursor = QTextCursor(self.edit.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#f4a6a6"))
        cursor.setCharFormat(fmt)
        QApplication.processEvents()
        return time.perf_counter() - started


def _window(db: Path):  # noqa: ANN202 - MainWindow is imported late
    from PySide6.QtWidgets import QApplication

    from annotator.store import Store
    from annotator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = Store(db)
    window = MainWindow(store=store, annotator=ANNOTATOR)
    window.resize(1360, 820)
    window.show()
    app.processEvents()
    return window


def _open_painted(window, article_id: int) -> tuple[float, float]:  # noqa: ANN001
    """(article painted, whole window painted): the window paints the article
    first and the article list and span list after it (MainWindow)."""
    from PySide6.QtWidgets import QApplication

    painted: list[float] = []

    def on_painted() -> None:
        painted.append(time.perf_counter())

    window.view.article_painted.connect(on_painted)
    started = time.perf_counter()
    window.open_article(article_id)
    QApplication.processEvents()
    done = time.perf_counter()
    window.view.article_painted.disconnect(on_painted)
    assert painted, "the article was not painted"
    return painted[0] - started, done - started


def _add_span_painted(window, start: int, end: int, label: str) -> float:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    started = time.perf_counter()
    window.view.set_selection(start, end)
    window.editor.apply_label(label)
    QApplication.processEvents()
    return time.perf_counter() - started


# ---- subprocess timings -----------------------------------------------------

_FLOOR_CHILD = """
import json, resource, sys, time
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication(sys.argv[:1])
edit = QPlainTextEdit()
edit.resize(1360, 820)
edit.setPlainText(open(sys.argv[1], encoding="utf-8").read())
edit.show()
app.processEvents()
painted = time.time()
print(json.dumps({"painted": painted, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_WINDOW_CHILD = """
import json, resource, sys, time
from pathlib import Path
from annotator.ui.app import application, open_window
app = application()
window = open_window(Path(sys.argv[1]), annotator=sys.argv[2], offer_demo=False)
window.resize(1360, 820)
app.processEvents()
painted = time.time()
# Honest figure: the article was painted, and its text is what the view shows.
shown = window.view.toPlainText()
assert window.view.isVisible() and window.view.article_is_painted, "the article was not painted"
if len(sys.argv) > 3:
    assert shown == Path(sys.argv[3]).read_text(encoding="utf-8"), "the view shows another text"
complete_at_paint = window.is_ready
# The window builds its panes right after the first paint: wait for them.
if not window.is_ready:
    from PySide6.QtCore import QEventLoop
    loop = QEventLoop()
    window.ready.connect(loop.quit)
    loop.exec()
app.processEvents()
ready = time.time()
# Scroll the list to the end a few times: it must fetch pages, not all rows.
from PySide6.QtWidgets import QAbstractItemView
view = window.findChild(QAbstractItemView, "article_list")
for _ in range(5):
    view.scrollToBottom()
    app.processEvents()
model = view.model()
total = window.store.count_articles()
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"painted": painted, "ready": ready, "complete_at_paint": complete_at_paint,
                  "rows_loaded": model.rowCount(), "total": total, "rss_mb": rss_mb,
                  "spacy_loaded": "spacy" in sys.modules, "chars": len(shown)}), flush=True)
"""


def _spawn(code: str, *args: str) -> tuple[float, dict]:
    started = time.time()
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"child failed: {out.stderr.strip().splitlines()[-1:] or out.returncode}")
    line = out.stdout.strip().splitlines()[-1]
    data = json.loads(line)
    data["started"] = started
    return data["painted"] - started, data


def _compile_package() -> str:
    """Bytecode for the package, as an installed copy has it.

    ``pip install`` compiles it, and a source checkout gets ``__pycache__`` on
    its first run; a shell with ``PYTHONDONTWRITEBYTECODE=1`` (the build
    machine) never writes it, and every child would compile ~5,000 lines
    first (~60 ms the floor, a bare PySide6 script, does not pay).
    """
    import compileall

    import annotator

    package = Path(next(iter(annotator.__path__)))
    compileall.compile_dir(package, quiet=1)
    return f"bytecode for {package.name}/ compiled ahead, as an installed copy has it"


def _complete(data: dict) -> str:
    if "ready" not in data:
        return "?"
    when = "at the first paint" if data.get("complete_at_paint") else "after it"
    return f"{when}, at {data['ready'] - data['started']:.2f} s"


def _spawn_median(code: str, *args: str, runs: int = 3) -> tuple[float, dict]:
    results = [_spawn(code, *args) for _ in range(runs)]
    results.sort(key=lambda r: r[0])
    return results[len(results) // 2]


def _spawn_pairs(
    floor: tuple[str, ...], ours: tuple[str, ...]
) -> tuple[tuple[float, dict], tuple[float, dict], float]:
    """Floor and window starts in pairs, one right after the other: medians of
    each, and the median of the pairs' ratios. The shared build machine drifts
    between speeds for minutes at a time; two starts a second apart meet the
    same speed, while the medians of two sets can straddle a change."""
    floors, windows = [], []
    for _ in range(COLD_RUNS):
        floors.append(_spawn(*floor))
        windows.append(_spawn(*ours))
    ratio = statistics.median(w[0] / f[0] for f, w in zip(floors, windows, strict=True))
    for runs in (floors, windows):
        runs.sort(key=lambda r: r[0])
    return floors[len(floors) // 2], windows[len(windows) // 2], ratio


# ---- the report ---------------------------------------------------------------


def _line(name: str, figure: str, floor: str, target: str, ok: bool) -> None:
    print(f"{name:<44} {figure:>10}   floor {floor:>10}   target {target:<22} {'ok' if ok else 'MISSED'}")


def main() -> bool:
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication(sys.argv[:1])
    try:
        import annotator.ui.main_window  # noqa: F401
    except ImportError:
        print("the main window is not on this branch yet: floors only, figures skipped")
        window_available = False
    else:
        window_available = True

    results: list[bool] = []
    small_text, long_text = make_text(4_000, 1), make_text(150_000, 2)
    small_spans, long_spans = word_spans(small_text, 40, 1), word_spans(long_text, 2_000, 2)

    floor = Floor()
    # One-word gaps between the stored spans, far into the long text.
    taken = {(s, e) for s, e, _ in long_spans}
    gaps = [(s, e) for s, e, _ in word_spans(long_text, 4_000, 2) if (s, e) not in taken and s > 60_000][:8]

    with tempfile.TemporaryDirectory(prefix="annotator-bench-gui-") as tmp:
        tmp_path = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(tmp_path / "config")
        db = tmp_path / "bench.db"
        small_a, small_b, long_id = build_db(
            db, [(small_text, 40), (make_text(4_000, 3), 40), (long_text, 2_000)]
        )
        text_file = tmp_path / "first.txt"
        text_file.write_text(small_text, encoding="utf-8")
        # Cold start opens the first article to do, as the floor shows that text:
        # a copy taken before the edits below (their first mark makes the long
        # article "in progress", and the window would open that one instead).
        cold_db = tmp_path / "cold.db"
        shutil.copyfile(db, cold_db)

        # Floor and window are measured in turns, so both meet the same machine load.
        floors_small, floors_long, floors_add = [], [], []
        if window_available:
            window = _window(db)
            _open_painted(window, small_a)  # first open warms caches (fonts, styler)
            opens = []
            for i in range(30):
                floors_small.append(floor.open(small_text, small_spans))
                opens.append(_open_painted(window, (small_a, small_b)[i % 2]))
            small, small_all = _median([a for a, _ in opens]), _median([w for _, w in opens])
            long = []
            for _ in range(5):
                floors_long.append(floor.open(long_text, long_spans))
                _open_painted(window, small_a)
                long.append(_open_painted(window, long_id))
            long_open, long_all = _median([a for a, _ in long]), _median([w for _, w in long])
            _open_painted(window, long_id)
            adds = []
            for s, e in gaps:
                floors_add.append(floor.add_one(s, e))
                adds.append(_add_span_painted(window, s, e, "PERSON"))
            add, first_add = _median(adds), adds[0]
            window.close()
            window.store.close()
        else:
            small = long_open = add = small_all = long_all = first_add = float("nan")
            floors_small = [floor.open(small_text, small_spans) for _ in range(20)]
            floors_long = [floor.open(long_text, long_spans) for _ in range(5)]
            floors_add = [floor.add_one(s, e) for s, e in gaps]
        floor.edit.close()
        floor_small, floor_long, floor_add = _median(floors_small), _median(floors_long), _median(floors_add)

        _line(
            "open 4,000 chars / 40 spans, painted", _ms(small), _ms(floor_small), "<= 15 ms", small <= 0.015
        )
        results.append(small <= 0.015)
        print(f"  (the side panes follow: whole window painted at {_ms(small_all)})")
        ok = long_open <= 0.5 and long_open <= 3 * floor_long
        _line(
            "open 150,000 chars / 2,000 spans, painted",
            _ms(long_open),
            _ms(floor_long),
            "<= 500 ms, <= 3x floor",
            ok,
        )
        results.append(ok)
        print(f"  (the side panes follow: whole window painted at {_ms(long_all)})")
        _line("add one span to it, repainted", _ms(add), _ms(floor_add), "<= 16 ms", add <= 0.016)
        results.append(add <= 0.016)
        print(
            f"  (the first mark of this window took {first_add:.2f} s: it loaded spaCy's tokenizer for"
            " snapping; `annotator open` starts that load 0.4 s after the window is complete)"
        )

        print(f"  ({_compile_package()})")
        if window_available:
            (floor_cold, floor_data), (cold, cold_data), cold_ratio = _spawn_pairs(
                (_FLOOR_CHILD, str(text_file)), (_WINDOW_CHILD, str(cold_db), ANNOTATOR, str(text_file))
            )
        else:
            floor_cold, floor_data = _spawn_median(_FLOOR_CHILD, str(text_file), runs=COLD_RUNS)
            cold, cold_data, cold_ratio = float("nan"), {}, float("nan")
        ok = cold <= 1.5 and cold_ratio <= 1.5
        _line(
            "cold start to first article painted",
            f"{cold:.2f} s",
            f"{floor_cold:.2f} s",
            "<= 1.5 s, <= 1.5x floor",
            ok,
        )
        results.append(ok)
        print(
            f"  (window / floor: {cold_ratio:.2f}x, the median of {COLD_RUNS} pairs started one after"
            f" the other; the medians above give {cold / floor_cold:.2f}x)"
        )
        print(
            f"  (characters shown at the first paint: window {cold_data.get('chars', 0):,}, floor {len(small_text):,};"
            f" window complete {_complete(cold_data)})"
        )

        big = tmp_path / "big.db"
        started = time.perf_counter()
        build_big_db(big, BIG_DB_ARTICLES)
        print(f"  (built a {BIG_DB_ARTICLES:,}-article database in {time.perf_counter() - started:.1f} s)")
        if window_available:
            _, data = _spawn_median(_WINDOW_CHILD, str(big), ANNOTATOR, runs=1)
            usable = data["ready"] - data["started"]  # usable: the list is there too
        else:
            usable, data = float("nan"), {"rss_mb": float("nan"), "rows_loaded": 0}
        ok = usable < 1.5
        _line(
            f"{BIG_DB_ARTICLES:,} articles: window usable",
            f"{usable:.2f} s",
            f"{floor_cold:.2f} s",
            "< 1.5 s",
            ok,
        )
        results.append(ok)
        ok = data["rss_mb"] < 400
        _line(
            f"{BIG_DB_ARTICLES:,} articles: memory after scrolling",
            f"{data['rss_mb']:.0f} MB",
            f"{floor_data['rss_mb']:.0f} MB",
            "< 400 MB",
            ok,
        )
        print(
            f"  (list rows loaded after scrolling to the end 5 times: {data['rows_loaded']:,} "
            f"of {data.get('total', 0):,}; spaCy imported by then: {data.get('spacy_loaded')})"
        )
        results.append(ok)
        if window_available:
            ok = _live_refresh(big)
            results.append(ok)
    return window_available and all(results)


def _live_refresh(db: Path) -> bool:
    """What another window's commit costs this one (annotator.ui.live): the visible
    rows, counts and progress read again on 100,000 articles, against the floor of
    one page of the list read from the store."""
    from PySide6.QtWidgets import QApplication

    from annotator.ui import live

    window = _window(db)
    window.open_first()
    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()
    shown = live.visible_ids(window)
    refresh, floor = [], []
    for _ in range(21):
        started = time.perf_counter()
        window.store.list_articles(ANNOTATOR, after=0, limit=len(shown), only=shown)
        floor.append(time.perf_counter() - started)
        started = time.perf_counter()
        live.apply_changes(window, None)
        app.processEvents()
        refresh.append(time.perf_counter() - started)
    window.live.stop()
    window.close()
    window.store.close()
    figure = _median(refresh)
    ok = figure <= 0.016
    _line(
        f"{BIG_DB_ARTICLES:,} articles: a live update ({len(shown)} rows, counts, progress)",
        _ms(figure),
        _ms(_median(floor)),
        "<= 16 ms (a frame)",
        ok,
    )
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

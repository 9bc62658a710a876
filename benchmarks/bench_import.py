"""Imports beside floors measured in the same run: 10,000 text files, one JSONL file of 1,000,000 lines.

Text files: 10,000 generated 4 kB articles. Floor: read the same files and
insert the same rows (title, text, source, url, lang, meta, text_hash,
imported_at) with one sqlite-utils ``insert_all`` into a table of the same
columns. Target: ``annotator import`` at most 2x the floor.

JSON Lines (issue 9, item 9): 1,000,000 one-line articles in one file
(``BENCH_IMPORT_LINES=100000`` for a quick look). Floor: ``json.loads`` of
every line plus one sqlite-utils ``insert_all`` of the same rows into a fresh
file. Target: at most 2x the floor. Both run in a fresh process each; peak
memory is that process's peak RSS above what it held before reading, beside
the size of the file's text held once (one ``str``), and must stay under it.
The time the project's write lock is held (the copy from the stage) is printed
too.

A minified JSON array on one line, of a fifth as many items as the JSONL
lines: the same floor with ``json.loads`` of the whole text; target at most 2x
(its one line is held, so no memory target).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

from annotator.formats.importing import import_paths
from annotator.store import Store

ARTICLES = 10_000
SIZE = 4_000
TARGET = 2.0
LINES = int(os.environ.get("BENCH_IMPORT_LINES", 1_000_000))

_WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "tuesday",
    "that",
    "talks",
    "with",
    "union",
    "leaders",
    "would",
    "resume",
    "next",
    "week",
    "after",
    "a",
    "breakdown",
    "over",
    "pay",
    "and",
    "pensions",
    "while",
    "critics",
    "warned",
    "markets",
    "could",
    "react",
    "badly",
    "to",
    "further",
    "delays",
    "in",
    "the",
    "budget",
]


def _generate(folder: Path) -> None:
    rng = random.Random(7)
    for i in range(ARTICLES):
        lines = [f"Home\nMenu\nHeadline {i}: " + " ".join(rng.choices(_WORDS, k=8)).capitalize()]
        size = len(lines[0])
        while size < SIZE:
            line = " ".join(rng.choices(_WORDS, k=rng.randint(12, 40))).capitalize() + "."
            lines.append(line)
            size += len(line) + 1
        (folder / f"{i:05}.txt").write_text("\n\n".join(lines)[:SIZE], encoding="utf-8")


def _floor(folder: Path, db_path: Path) -> float:
    started = time.perf_counter()
    db = Database(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    now = "2024-01-01T00:00:00.000+00:00"
    rows = []
    for path in sorted(folder.iterdir()):
        text = path.read_bytes().decode("utf-8")
        rows.append(
            {
                "title": path.stem,
                "text": text,
                "source": "",
                "url": "",
                "lang": "en",
                "meta": "{}",
                "text_hash": hashlib.sha1(text.encode()).hexdigest(),
                "imported_at": now,
            }
        )
    db["articles"].insert_all(rows, pk="id", batch_size=1000)
    db.close()
    return time.perf_counter() - started


def _ours(folder: Path, db_path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with Store(db_path) as store:
        report = import_paths(store, [folder], fmt="auto", annotator="bench")
    return time.perf_counter() - started, report.added


def _generate_jsonl(path: Path) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as out:
        for i in range(LINES):
            text = f"Headline {i}: " + " ".join(rng.choices(_WORDS, k=rng.randint(15, 30))).capitalize() + "."
            out.write(json.dumps({"text": text, "title": f"Article {i}", "meta": {"n": i}}) + "\n")


# Each side in a fresh process: time from the first byte read, peak RSS above the start.
_JSONL_CHILD = """
import json, sys, time
from pathlib import Path
side, src, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
def rss_mb():
    # The process's own high-water mark (ru_maxrss would start at the parent's, inherited at fork).
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:")) / 1024
    except OSError:  # not Linux: the figure may then start at the parent's peak
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if side == "floor":
    import hashlib
    from sqlite_utils import Database
    start_mb = rss_mb()
    started = time.perf_counter()
    database = Database(db)
    database.execute("PRAGMA journal_mode=WAL")
    now = "2024-01-01T00:00:00.000+00:00"
    def values():
        if src.suffix == ".json":  # one array: parsed whole
            yield from json.loads(src.read_bytes())
            return
        with src.open("rb") as lines:
            for line in lines:
                yield json.loads(line)
    def rows():
        for value in values():
                text = value["text"]
                yield {"title": value["title"], "text": text, "source": "", "url": "", "lang": "en",
                       "meta": json.dumps(value["meta"]), "imported_at": now,
                       "text_hash": hashlib.sha1(text.encode()).hexdigest()}
    database["articles"].insert_all(rows(), pk="id", batch_size=1000)
    database.close()
    seconds, lock, added = time.perf_counter() - started, 0.0, None
else:
    from annotator.formats.importing import import_paths
    from annotator.store import Store
    held = []
    add_staged = Store.add_staged
    def timed(self, stage, **kw):
        t = time.perf_counter()
        try:
            return add_staged(self, stage, **kw)
        finally:
            held.append(time.perf_counter() - t)
    Store.add_staged = timed
    with Store(db) as store:
        start_mb = rss_mb()
        started = time.perf_counter()
        report = import_paths(store, [src], fmt="jsonl", annotator="bench")
        seconds, lock, added = time.perf_counter() - started, held[0], report.added
print(json.dumps({"seconds": seconds, "lock": lock, "added": added, "start_mb": start_mb, "end_mb": rss_mb()}))
"""


def _jsonl_side(side: str, src: Path, db: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _JSONL_CHILD, side, str(src), str(db)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def jsonl() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        _generate_jsonl(src)
        # The size of the text held once: one str of the (ASCII) text, as read_text would hold it.
        text_mb = src.stat().st_size / 2**20
        src.read_bytes()  # warm the page cache for both sides
        floor = _jsonl_side("floor", src, Path(tmp) / "floor.db")
        ours = _jsonl_side("ours", src, Path(tmp) / "ours.db")
    ratio = ours["seconds"] / floor["seconds"]
    for side in (ours, floor):
        side["peak_mb"] = side["end_mb"] - side["start_mb"]
    memory_ok = ours["peak_mb"] < text_mb
    ok = ours["added"] == LINES and ratio <= TARGET and memory_ok
    print(
        f"import one JSONL file of {LINES:,} lines: {ours['seconds']:.1f} s "
        f"(floor: json.loads + insert_all {floor['seconds']:.1f} s; {ratio:.2f}x, target <= {TARGET:.0f}x); "
        f"write lock held {ours['lock']:.1f} s"
    )
    print(
        f"  peak memory {ours['peak_mb']:.0f} MB above the {ours['start_mb']:.0f} MB at start "
        f"(floor's {floor['peak_mb']:.0f} MB) beside the text held "
        f"once {text_mb:.0f} MB: {'under' if memory_ok else 'OVER'} "
        f"{'met' if ok else 'MISSED'}"
    )
    return ok


def text_files() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        _generate(folder)
        # Warm the page cache so neither side pays for the first read.
        for path in folder.iterdir():
            path.read_bytes()
        floor = _floor(folder, Path(tmp) / "floor.db")
        ours, added = _ours(folder, Path(tmp) / "ours.db")
    ratio = ours / floor
    ok = added == ARTICLES and ratio <= TARGET
    print(
        f"import {ARTICLES} x {SIZE // 1000} kB text files: {ours:.2f} s "
        f"(floor: read + insert_all {floor:.2f} s; {ratio:.2f}x, target <= {TARGET:.0f}x) "
        f"{'met' if ok else 'MISSED'}"
    )
    return ok


def minified_array() -> bool:
    """One JSON array on one line (a minified export): read item by item from its one line."""
    items = LINES // 5
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.json"
        rng = random.Random(13)
        articles = []
        for i in range(items):
            text = f"Headline {i}: " + " ".join(rng.choices(_WORDS, k=rng.randint(15, 30))).capitalize() + "."
            articles.append({"text": text, "title": f"Article {i}", "meta": {"n": i}})
        src.write_text(json.dumps(articles), encoding="utf-8")
        del articles
        floor = _jsonl_side("floor", src, Path(tmp) / "floor.db")
        ours = _jsonl_side("ours", src, Path(tmp) / "ours.db")
    ratio = ours["seconds"] / floor["seconds"]
    ok = ours["added"] == items and ratio <= TARGET
    print(
        f"import one minified JSON array of {items:,} items: {ours['seconds']:.1f} s "
        f"(floor: json.loads of the text + insert_all {floor['seconds']:.1f} s; {ratio:.2f}x, "
        f"target <= {TARGET:.0f}x) {'met' if ok else 'MISSED'}"
    )
    return ok


def main() -> bool:
    files_ok = text_files()
    array_ok = minified_array()
    return jsonl() and files_ok and array_ok


if __name__ == "__main__":
    main()

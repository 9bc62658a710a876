"""Import of 10,000 generated 4 kB text articles, beside the floor measured in the same run.

Floor: read the same files and insert the same rows (title, text, source, url,
lang, meta, text_hash, imported_at) with one sqlite-utils ``insert_all`` into
a table of the same columns. Target: ``annotator import`` at most 2x the floor.
"""

from __future__ import annotations

import hashlib
import random
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

from annotator.formats.importing import import_paths
from annotator.store import Store

ARTICLES = 10_000
SIZE = 4_000
TARGET = 2.0

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


def main() -> bool:
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


if __name__ == "__main__":
    main()

"""Export speed and memory: ``annotator export --format spacy`` on 10,000 articles.

Each article: ~4 kB of text with 20 entities, 3 quotes (content, cue,
source) and 5 boilerplate blocks. Floor (same run, same texts, same spans):
``spacy.blank("en")`` tokenising with ``nlp.pipe``, setting the spans with
``char_span`` and writing one ``DocBin``. Targets: our time <= 1.3x the
floor; peak memory flat as the corpus grows (10,000 vs 2,500 articles).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# The sizes; BENCH_EXPORT_ARTICLES=2000 (say) for a quick look.
ARTICLES = int(os.environ.get("BENCH_EXPORT_ARTICLES", 10_000))
SMALL = ARTICLES // 4
TIME_TARGET = 1.3
MEMORY_TARGET = 1.25  # peak RSS at 10,000 / peak RSS at 2,500

_WORDS = [
    w + s
    for w in (
        "lorem",
        "ipsum",
        "dolor",
        "amet",
        "consect",
        "adipisc",
        "elit",
        "sed",
        "tempor",
        "incid",
        "labore",
        "magna",
        "aliqua",
        "veniam",
        "nostrud",
        "ullamco",
        "laboris",
        "nisi",
        "aliquip",
        "commodo",
    )
    for s in ("", "s", "ed", "ing", "er", "ly", "ion", "al", "ness", "ity")
]
_NAMES = [
    "Anna Smith",
    "Paris",
    "United Nations",
    "Boris Ivanov",
    "Kenya",
    "Apple",
    "Maria Lopez",
    "Berlin",
    "World Bank",
    "Lee Jun",
]
_LABELS = ["PERSON", "GPE", "ORG", "PERSON", "GPE", "ORG", "PERSON", "GPE", "ORG", "PERSON"]
_MENU = [
    "HOME | NEWS | SPORT | WEATHER",
    "Share this article on Facebook Twitter Email",
    "TRENDING Most read stories this week",
    "Sign up for our newsletter",
    "Copyright 2024 Example Media Ltd. All rights reserved.",
]


def make_article(
    n: int, rng: random.Random
) -> tuple[str, list[tuple[int, int, str, str, str | None, int | None]]]:
    """Text and spans (start, end, layer, label, role, quote) of one article, ~4 kB."""
    parts: list[str] = []
    spans: list[tuple[int, int, str, str, str | None, int | None]] = []
    pos = 0

    def put(s: str) -> tuple[int, int]:
        nonlocal pos
        parts.append(s)
        start = pos
        pos += len(s)
        return start, pos

    def words(k: int) -> str:
        return " ".join(rng.choice(_WORDS) for _ in range(k))

    for line in _MENU[:2]:
        s, e = put(line)
        spans.append((s, e, "boilerplate", "BOILERPLATE", None, None))
        put("\n")
    put(f"Story {n}\n\n")
    entity = 0
    for q in range(3):
        for _ in range(6):  # ~20 entities over the article
            put(words(rng.randint(6, 11)) + " ")
            i = rng.randrange(len(_NAMES))
            s, e = put(_NAMES[i])
            spans.append((s, e, "entity", _LABELS[i], None, None))
            entity += 1
            put(" " + words(rng.randint(4, 9)) + ". ")
        put("\n\n")
        s, e = put("Officials")
        spans.append((s, e, "quote", "SOURCE", "source", q))
        put(" ")
        s, e = put("said")
        spans.append((s, e, "quote", "CUE", "cue", q))
        put(": \u201c")
        s, e = put(words(rng.randint(15, 40)) + ".")
        spans.append((s, e, "quote", "DIRECT", "content", q))
        put("\u201d\n\n")
    while entity < 20:
        put(words(10) + " ")
        s, e = put(_NAMES[0])
        spans.append((s, e, "entity", "PERSON", None, None))
        entity += 1
        put(". ")
    put(words(40) + ".\n\n")
    for line in _MENU[2:]:
        s, e = put(line)
        spans.append((s, e, "boilerplate", "BOILERPLATE", None, None))
        put("\n")
    return "".join(parts), spans


def corpus(n: int, seed: int = 1) -> Iterator[tuple[str, list]]:
    rng = random.Random(seed)
    for i in range(n):
        yield make_article(i, rng)


def build_db(path: Path, n: int) -> None:
    from annotator.model import Article, Span
    from annotator.store import Store

    def items():
        for i, (text, spans) in enumerate(corpus(n)):
            yield (
                Article(text=text, source=f"site{i % 50}"),
                [Span(s, e, layer, label, role=role, quote_id=q) for s, e, layer, label, role, q in spans],
            )

    with Store(path) as store:
        store.add_articles(items(), annotator="bench", status="done")


def floor(n: int, out: Path) -> float:
    """spacy.blank tokenising, char_span for the same spans, one DocBin written."""
    import spacy
    from spacy.tokens import DocBin

    data = list(corpus(n))
    nlp = spacy.blank("en")
    started = time.perf_counter()
    db = DocBin(store_user_data=True)
    for doc, (_, spans) in zip(nlp.pipe(t for t, _ in data), data, strict=True):
        groups: dict[str, list] = {"quotes": [], "quote_cues": [], "quote_sources": [], "boilerplate": []}
        ents = []
        for s, e, layer, label, role, q in spans:
            span = doc.char_span(s, e, label=label, span_id=str(q) if q is not None else 0)
            if layer == "entity":
                ents.append(span)
            elif layer == "boilerplate":
                groups["boilerplate"].append(span)
            else:
                groups[{"content": "quotes", "cue": "quote_cues", "source": "quote_sources"}[role]].append(
                    span
                )
        doc.set_ents(ents, default="outside")
        for key, group in groups.items():
            doc.spans[key] = group
        db.add(doc)
    db.to_disk(out)
    return time.perf_counter() - started


_CHILD = """
import resource, sys, time, json
from pathlib import Path
from annotator.store import Store
from annotator.formats.export import export
import annotator.formats.tokens as t; t.blank("en")
with Store(sys.argv[1]) as store:
    started = time.perf_counter()
    report = export(store, Path(sys.argv[2]), format="spacy", seed=1)
    seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "docs": report.documents, "skipped": len(report.skipped)}))
"""


def ours(db: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(db), str(out)], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        build_db(root / "big.db", ARTICLES)
        build_db(root / "small.db", SMALL)
        print(f"built databases ({ARTICLES} + {SMALL} articles) in {time.perf_counter() - started:.1f} s")
        small = ours(root / "small.db", root / "out-small")
        big = ours(root / "big.db", root / "out-big")
        base = floor(ARTICLES, root / "floor.spacy")
        ratio = big["seconds"] / base
        growth = big["rss_mb"] / small["rss_mb"]
        print(
            f"export {ARTICLES} articles: {big['seconds']:.1f} s; floor (blank nlp.pipe + char_span + "
            f"DocBin) {base:.1f} s; ratio {ratio:.2f} (target <= {TIME_TARGET})"
        )
        print(f"  {big['docs']} docs written, {big['skipped']} spans skipped (expected 0)")
        print(
            f"peak RSS: {small['rss_mb']:.0f} MB at {SMALL} articles, {big['rss_mb']:.0f} MB at "
            f"{ARTICLES}; growth {growth:.2f}x (target <= {MEMORY_TARGET}x: flat)"
        )
        return ratio <= TIME_TARGET and growth <= MEMORY_TARGET and big["skipped"] == 0


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

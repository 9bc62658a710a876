"""Export on worker processes: the same files as one process, cancel, bad --jobs (issue 13)."""

from __future__ import annotations

import json
import multiprocessing
import threading
from pathlib import Path

import pytest

from annotator.formats.export import ExportCancelled, ExportError, export
from annotator.model import Span
from tests.export_helpers import build

# Enough articles for several batches of jobs.BATCH on two workers.
ARTICLES = 150


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("jobs") / "corpus.db"
    store = build(path, ARTICLES, sources=7)
    # A span off the tokenizer's boundaries and one that cannot be exported, so the
    # report's counts and skipped list come from the workers too.
    first = store.article_ids()[3]
    text = store.article(first).text
    store.add_span(
        first, Span(text.index("WORLD") + 1, text.index("WORLD") + 3, "entity", "ORG", annotator="ann")
    )
    store.add_span(
        first, Span(text.index("rebuild"), text.index("rebuild") + 7, "entity", "PERSON", annotator="ann")
    )
    store.close()
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".annotator-export.json"
    }


def _export(db: Path, out: Path, **kw) -> dict[str, bytes]:
    from annotator.store import Store

    with Store(db) as store:
        export(store, out, **kw)
    return _files(out)


@pytest.mark.parametrize("fmt", ["spacy", "jsonl"])
def test_two_workers_write_the_same_bytes_as_one_process(corpus: Path, tmp_path: Path, fmt: str) -> None:
    calls: list[tuple[int, int]] = []
    workers: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        workers.append(len(multiprocessing.active_children()))

    one = _export(corpus, tmp_path / "one", format=fmt, seed=3, jobs=1)
    two = _export(corpus, tmp_path / "two", format=fmt, seed=3, jobs=2, pool_threshold=10, progress=progress)
    assert max(workers) == 2, "the export did not run on two worker processes"
    assert sorted(one) == sorted(two)
    for name in one:
        assert one[name] == two[name], f"{name} differs between --jobs 1 and --jobs 2"
    # Progress rises to the total as batches come back from the workers.
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert calls[-1] == (ARTICLES, ARTICLES) and len(calls) > 1
    report = json.loads(one["export-report.json"])
    assert report["documents"] == ARTICLES
    if fmt == "spacy":
        assert report["spans_inside_tokens"]["total"] >= 1


def test_pool_runs_from_a_worker_thread_as_the_window_does(corpus: Path, tmp_path: Path) -> None:
    one = _export(corpus, tmp_path / "one", format="spacy", jobs=1)
    got: dict[str, dict[str, bytes]] = {}
    errors: list[BaseException] = []

    def run() -> None:
        try:
            got["two"] = _export(corpus, tmp_path / "two", format="spacy", jobs=2, pool_threshold=10)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=300)
    assert not errors and got["two"] == one


def test_cancel_on_the_pool_path_leaves_nothing(corpus: Path, tmp_path: Path) -> None:
    from annotator.store import Store

    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    out = tmp_path / "nested" / "out"
    with Store(corpus) as store, pytest.raises(ExportCancelled):
        export(
            store,
            out,
            jobs=2,
            pool_threshold=10,
            progress=progress,
            cancelled=lambda: bool(seen),
        )
    assert len(seen) == 1 and seen[0] < ARTICLES
    assert not (tmp_path / "nested").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("jobs", [0, -2])
def test_jobs_below_one_is_refused_before_anything_is_written(
    corpus: Path, tmp_path: Path, jobs: int
) -> None:
    from annotator.store import Store

    with Store(corpus) as store, pytest.raises(ExportError, match=r"--jobs .*1 or more"):
        export(store, tmp_path / "out", jobs=jobs)
    assert list(tmp_path.iterdir()) == []


def test_a_corpus_under_the_threshold_starts_no_worker(corpus: Path, tmp_path: Path) -> None:
    from annotator.jobs import POOL_THRESHOLD
    from annotator.store import Store

    assert ARTICLES < POOL_THRESHOLD
    workers: list[int] = []
    with Store(corpus) as store:
        export(
            store,
            tmp_path / "out",
            jobs=2,
            progress=lambda d, t: workers.append(len(multiprocessing.active_children())),
        )
    assert workers and max(workers) == 0

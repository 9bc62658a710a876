"""suggest() on worker processes: the same suggestions as one process, cancel (issue 13)."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest

from annotator.assist import SuggestError, suggest
from annotator.model import Article, Span
from annotator.store import Store

SEED = (Path(__file__).parents[2] / "fixtures" / "assist" / "seed-devdiscourse-article.txt").read_text(
    "utf-8"
)
QUOTE_TEXT = '"We will not give up on this at all," said Emmanuel Macron on Monday.\n'
ARTICLES = 140


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("suggest-jobs") / "corpus.db"
    with Store(path) as store:
        texts = [
            (SEED if i % 3 else QUOTE_TEXT).replace("Monday", f"day {i}") + f"\nSection {i % 4} | Home\n"
            for i in range(ARTICLES)
        ]
        ids = store.add_articles(
            [Article(text=t, source=f"site{i % 5}") for i, t in enumerate(texts)], annotator="ann"
        ).article_ids
        # A speaker entity, so the quote suggester links sources in the workers too.
        for aid, text in zip(ids, texts, strict=True):
            if "Emmanuel" in text:
                start = text.index("Emmanuel")
                store.add_span(aid, Span(start, start + 15, "entity", "PERSON", annotator="ann"))
    return path


def _all_spans(path: Path) -> list[tuple]:
    with Store(path) as store:
        return [
            (aid, s.start, s.end, s.layer, s.label, s.role, s.origin, s.quote_id, s.entity_id)
            for aid in store.article_ids()
            for s in store.spans_for(aid, "ann")
        ]


@pytest.mark.parametrize("layer", ["quote", "boilerplate"])
def test_two_workers_suggest_what_one_process_does(corpus: Path, tmp_path: Path, layer: str) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    shutil.copy(corpus, one)
    shutil.copy(corpus, two)
    workers: list[int] = []
    with Store(one) as store:
        first = suggest(store, layer=layer, article_ids=store.article_ids(), annotator="ann", jobs=1)
    with Store(two) as store:
        second = suggest(
            store,
            layer=layer,
            article_ids=store.article_ids(),
            annotator="ann",
            jobs=2,
            pool_threshold=10,
            progress=lambda d, t: workers.append(len(multiprocessing.active_children())),
        )
    assert max(workers) == 2, "suggest did not run on two worker processes"
    assert first.added == second.added > ARTICLES and second.done == ARTICLES
    spans = _all_spans(two)
    assert spans == _all_spans(one)
    if layer == "quote":
        assert any(s[-1] is not None for s in spans)  # sources linked to their speaker


def test_cancel_on_the_pool_path_stores_whole_articles_only(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    shutil.copy(corpus, db)
    seen: list[int] = []
    with Store(db) as store:
        ids = store.article_ids()
        report = suggest(
            store,
            layer="quote",
            article_ids=ids,
            annotator="ann",
            jobs=2,
            pool_threshold=10,
            progress=lambda d, t: seen.append(d),
            cancelled=lambda: len(seen) >= 3,
        )
        assert report.cancelled and report.done == 3
        suggested = [aid for aid in ids if any(s.is_suggestion for s in store.spans_for(aid, "ann"))]
    assert suggested == ids[:3]
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("jobs", [0, -1])
def test_jobs_below_one_is_refused(corpus: Path, jobs: int) -> None:
    with Store(corpus) as store, pytest.raises(SuggestError, match=r"--jobs .*1 or more"):
        suggest(store, layer="quote", article_ids=store.article_ids(), annotator="ann", jobs=jobs)

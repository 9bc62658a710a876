"""The suggesters' worker processes: quote and boilerplate rules over article batches.

Each worker opens the project read-only and returns, per article, the spans
its suggester proposes; the parent stores them article by article, in the
order it asked for them (``annotator.assist.suggest``), and stays the only
writer. The boilerplate suggester's repeat counts come from the parent's
index (built over the whole corpus once, and keyed by a per-process string
hash): each task carries its articles' counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from typing import TYPE_CHECKING, Any

from annotator.jobs import BATCH, ordered_map
from annotator.model import BOILERPLATE, Span

if TYPE_CHECKING:
    from annotator.store import Store

# (article id, the repeat count of each of its blocks, or None)
Task = tuple[int, list[int] | None]
Found = tuple[int, str, list[Span]]

_worker: dict[str, Any] = {}


def _start(path: str, layer: str, annotator: str) -> None:
    from annotator.store import Store

    store = Store(path, create=False)
    store.conn.execute("PRAGMA query_only = ON")  # the parent is the one writer
    _worker.update(store=store, layer=layer, annotator=annotator)


def _suggest(batch: Sequence[Task]) -> list[Found]:
    from annotator.assist import suggestions_for

    store = _worker["store"]
    out = []
    articles = store.iter_articles([t[0] for t in batch], batch=len(batch))
    for article, (article_id, repeats) in zip(articles, batch, strict=True):
        spans = suggestions_for(
            store, article, layer=_worker["layer"], annotator=_worker["annotator"], repeats=repeats
        )
        out.append((article_id, article.lang or "en", spans))
    return out


def _tasks(store: Store, ids: list[int], layer: str, index: Any) -> Iterator[list[Task]]:
    if layer != BOILERPLATE:
        for i in range(0, len(ids), BATCH):
            yield [(a, None) for a in ids[i : i + BATCH]]
        return
    from annotator.assist.boilerplate import group_of, repeat_counts

    batch: list[Task] = []
    for article in store.iter_articles(ids):
        assert article.id is not None
        batch.append((article.id, repeat_counts(index, group_of(article.source, article.url), article.text)))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def suggest_in_pool(
    store: Store,
    ids: list[int],
    *,
    layer: str,
    annotator: str,
    index: Any,
    processes: int,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[Found]:
    """(article id, lang, suggested spans) for each of ``ids``, in that order."""
    from annotator.assist import SuggestError

    results = ordered_map(
        _suggest,
        _tasks(store, ids, layer, index),
        processes=processes,
        initializer=_start,
        initargs=(str(store.target), layer, annotator),
        cancelled=cancelled,
    )
    try:
        with closing(results):
            for found in results:
                yield from found
    except BrokenProcessPool:
        raise SuggestError(
            "a worker process of suggest ended abruptly (out of memory?); the articles done "
            "so far are stored: run suggest again, or with --jobs 1"
        ) from None

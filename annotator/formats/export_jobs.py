"""The export's worker processes: read, prepare and encode article batches.

Each worker opens the project read-only and, for each article of a batch,
does what the in-process export does up to the write: its spans, ``prepare``,
the writer's ``encode`` (tokenising, building the ``Doc``, serialising it).
The parent ``put``s the encoded articles in article id order and counts
their ``Tally``: the files are those one process writes, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from annotator.formats.export_model import Tally
from annotator.jobs import batches, ordered_map

# (article id, annotator whose spans are exported, their status, split)
Task = tuple[int, str, str, str]
# (project path, format, lang, include_suggestions)
Options = tuple[str, str, str, bool]

_worker: dict[str, Any] = {}


def _start(path: str, fmt: str, lang: str, include_suggestions: bool) -> None:
    from annotator.store import Store

    store = Store(path, create=False)
    # A worker only reads: the parent is the one writer of the project.
    store.conn.execute("PRAGMA query_only = ON")
    if fmt == "spacy":
        from annotator.formats.spacy_docbin import SpacyWriter

        encoder: Any = SpacyWriter(Path(), [], lang=lang)
    else:
        from annotator.formats.prodigy_export import ProdigyWriter

        encoder = ProdigyWriter(Path(), [], lang=lang)
    _worker.update(store=store, encoder=encoder, fmt=fmt, include=include_suggestions)


def _encode(batch: Sequence[Task]) -> list[tuple[Any, Tally]]:
    from annotator.formats.export import prepare_one

    store, encoder = _worker["store"], _worker["encoder"]
    out = []
    articles = store.iter_articles([t[0] for t in batch], batch=len(batch))
    for article, (_, name, status, split) in zip(articles, batch, strict=True):
        item = prepare_one(store, article, name, status, split, _worker["include"])
        encoded = encoder.encode(item)
        if _worker["fmt"] == "spacy":
            # The parent's vocab has never seen this worker's token texts.
            encoded.data.resolve(encoder.nlp.vocab)
        out.append((encoded, item.tally()))  # the tally after encode: it drops spans
    return out


def write_in_pool(
    writer: Any,
    report: Any,
    tasks: Sequence[Task],
    options: Options,
    processes: int,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Encode ``tasks`` on ``processes`` workers; ``writer.put`` and count each, in order."""
    done = 0
    for results in export_in_pool(tasks, options, processes=processes, cancelled=cancelled):
        for encoded, tally in results:
            writer.put(encoded)
            report.count(tally)
        done += len(results)
        if progress is not None:
            progress(done, len(tasks))


def export_in_pool(
    tasks: Sequence[Task],
    options: Options,
    *,
    processes: int,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[list[tuple[Any, Tally]]]:
    """Encoded articles with their tallies, batch by batch, in the order of ``tasks``.

    Raises ``ExportCancelled`` once ``cancelled()`` is true (the workers are stopped).
    """
    from concurrent.futures.process import BrokenProcessPool

    from annotator.formats.export import ExportCancelled, ExportError

    results = ordered_map(
        _encode,
        batches(tasks),
        processes=processes,
        initializer=_start,
        initargs=options,
        cancelled=cancelled,
    )
    try:
        with closing(results):
            yield from results
    except BrokenProcessPool:
        raise ExportError(
            "a worker process of the export ended abruptly (out of memory?); nothing was "
            "written: export again, or with --jobs 1"
        ) from None
    if cancelled is not None and cancelled():
        raise ExportCancelled("export cancelled; nothing was written")

"""Annotator processes for the on-demand hand-out's race tests (importable by spawned children)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.model import Status
from annotator.store import Store


def claim_until_none(target: str | Path, annotator: str, start: Any, results: Any) -> None:
    """One annotator at work: wait for the others (``start``: a barrier), then ask for
    the next article, mark it done, and again, until none is left; report the ids."""
    got: list[int] = []
    with Store(target, create=False) as store:
        store.ensure_annotator(annotator)
        start.wait()
        while (article_id := store.next_article(annotator)) is not None:
            got.append(article_id)
            store.set_status(article_id, annotator, Status.DONE)
    results.put((annotator, got))

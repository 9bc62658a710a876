"""Counts in words: ``1 article``, ``2 articles`` (one helper for the CLI and the window)."""

from __future__ import annotations

_IRREGULAR = {"entity": "entities", "boilerplate block": "boilerplate blocks", "duplicate": "duplicates"}


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, plural unless ``n`` is one: ``count(1, "span")`` is ``1 span``."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {plural or _IRREGULAR.get(noun) or noun + 's'}"

"""The one reading order of an article's spans: the span list, ``]``/``[`` and the view.

Spans come in position order (start, then the longer first, then id), and a
quote's parts are kept together where its first part starts (content, then
cue, then sources). The span list shows its rows in this order, ``]`` and
``[`` step through it row by row, and the view (the editor keeps its spans by
``position``) agrees with it wherever no quote is involved.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.model import CONTENT, CUE, QUOTE, SOURCE, Span

Key = tuple[int, ...]
_ROLE_ORDER = {CONTENT: 0, CUE: 1, SOURCE: 2, None: 3}


def position(span: Span) -> tuple[int, int, int]:
    """Position order: start, the longer span first, then id (the store's order)."""
    return (span.start, -span.end, span.id or 0)


def first_starts(spans: Sequence[Span]) -> dict[int, int]:
    """Per quote: where its first part starts (the group is listed there)."""
    first: dict[int, int] = {}
    for s in spans:
        if s.quote_id is not None:
            first[s.quote_id] = min(first.get(s.quote_id, s.start), s.start)
    return first


def reading_key(s: Span, first: dict[int, int]) -> Key:
    """The sort key of ``s`` in reading order (``first``: from ``first_starts``)."""
    if s.quote_id is not None:
        return (first[s.quote_id], 1, s.quote_id, _ROLE_ORDER[s.role], s.start, -s.end, s.id or 0)
    return (s.start, 0 if s.layer != QUOTE else 1, -s.end, 0, s.id or 0)


def reading_order(spans: Sequence[Span]) -> list[Span]:
    """Spans in reading order, each quote's parts kept together."""
    first = first_starts(spans)
    return sorted(spans, key=lambda s: reading_key(s, first))


def neighbour(spans: Sequence[Span], current: Span | None, caret: int, step: int) -> Span | None:
    """The span after (``step`` > 0) or before ``current`` in reading order, wrapping
    around; with no span selected, the first one starting at or after the caret
    (before it, going back)."""
    ordered = reading_order(spans)
    if not ordered:
        return None
    if current is not None:
        at = next((i for i, s in enumerate(ordered) if s.id == current.id), None)
        if at is not None:
            return ordered[(at + (1 if step > 0 else -1)) % len(ordered)]
    if step > 0:
        return next((s for s in ordered if s.start >= caret), ordered[0])
    return next((s for s in reversed(ordered) if s.start < caret), ordered[-1])

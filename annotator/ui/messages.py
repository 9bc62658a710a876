"""Spans described in words for the status bar: the words, not their offsets.

The store words a refusal with offsets (``[740, 748) overlaps PERSON [733,
747)``); the window says which span is in the way, by label and text
(``overlaps PERSON 'Vladimir Putin'``), names the edit an undo undid
(``undid: mark PERSON 'Macron'``) and says when snapping moved a mark's
bounds (``trimmed to 'Macron'``).
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.model import BOILERPLATE, QUOTE, Article, Span, SpanError, conflicts
from annotator.store.errors import StoreConnectionError
from annotator.ui.commands import Op

LIMIT = 40  # characters of a span's text quoted in a message


def quoted(text: str, limit: int = LIMIT) -> str:
    """``'Vladimir Putin'``: one line, shortened in the middle of long text."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 12].rstrip() + " … " + text[-9:].lstrip()
    return f"'{text}'"


def title(article: Article) -> str:
    """An article's title, quoted (its id when it has none)."""
    return quoted(article.title or f"#{article.id}", 64)


def describe(span: Span, text: str) -> str:
    """``PERSON 'Vladimir Putin'``, ``the quote 'On the migration…'``, ``the cue 'said'``."""
    words = quoted(span.text_in(text))
    if span.layer == QUOTE:
        return f"the {span.label} quote {words}" if span.role == "content" else f"the {span.role} {words}"
    if span.layer == BOILERPLATE:
        return f"the {span.label} block {words}"
    return f"{span.label} {words}"


def refusal(error: Exception, ops: Sequence[Op], spans: Sequence[Span], text: str) -> str:
    """Why an edit was refused, naming the span in the way when the overlap rules refused it."""
    if isinstance(error, SpanError):
        for new in _new_versions(ops, spans):
            clash = conflicts(new, spans)
            if clash:
                layer = "quote content" if new.layer == QUOTE else new.layer
                return f"not saved: {layer} spans may not overlap: overlaps {describe(clash[0], text)}"
    return store_failure(error)


def offline(*, unsure: bool = False, reachable: bool = False, undo: bool = False) -> str:
    """The one line while the PostgreSQL server is out of reach (annotator.ui.live);
    ``reachable``: only the connection went (a new one may work at once)."""
    if unsure:
        return "lost the connection while saving: the edit may not have been saved; reconnecting…"
    what = "lost the connection to" if reachable else "cannot reach"
    return f"not {'undone' if undo else 'saved'}: {what} the PostgreSQL server; reconnecting…"


def store_failure(error: Exception, *, undo: bool = False) -> str:
    """Why the store did not save (``undo``: undo) an edit, in one line."""
    if isinstance(error, StoreConnectionError):
        return offline(unsure=error.saved is None, reachable=error.reachable, undo=undo)
    return f"not {'undone' if undo else 'saved'}: {error}"


def _new_versions(ops: Sequence[Op], spans: Sequence[Span]) -> list[Span]:
    """The spans as the edit would leave them (added ones, and updated ones with their changes)."""
    by_id = {s.id: s for s in spans}
    out = []
    for op in ops:
        if op[0] == "add":
            out.append(op[1])
        elif op[0] == "update" and op[1] in by_id:
            out.append(by_id[op[1]].with_(**op[2]))
    return out


def edit_words(ops: Sequence[Op], spans: Sequence[Span], text: str) -> str:
    """The words an edit is about (quoted), '' when it is about no one span."""
    added = [op[1] for op in ops if op[0] == "add"]
    if added:
        return quoted(added[-1].text_in(text))
    ids = {op[1] for op in ops if op[0] in ("update", "delete")}
    by_id = {s.id: s for s in spans}
    touched = [by_id[i] for i in ids if i in by_id]
    quotes = {s.quote_id for s in touched}
    if len(touched) == 1 or (touched and len(quotes) == 1 and None not in quotes):
        main = min(touched, key=lambda s: (s.role not in (None, "content"), s.start))
        return quoted(main.text_in(text))
    return ""


def snapped(selection: tuple[int, int], stored: tuple[int, int], text: str) -> str:
    """What the status bar says when the stored bounds differ from the selection ('' when not)."""
    if tuple(selection) == tuple(stored):
        return ""
    start, end = stored
    words = quoted(text[start:end])
    if selection[0] <= start and end <= selection[1]:
        return f"trimmed to {words}"
    return f"completed to whole words: {words}"


def source_link(source: Span, overlapping: Sequence[Span], text: str) -> str:
    """What ``S`` did about the entity link of the new ``source``."""
    if source.entity_id is not None:
        entity = next((e for e in overlapping if e.id == source.entity_id), None)
        return f"source linked to {describe(entity, text)}" if entity else "source linked to its entity"
    if overlapping:
        return (
            f"source {quoted(source.text_in(text))} left unlinked: {describe(overlapping[0], text)} "
            "is not the speaker (L links it anyway)"
        )
    return ""

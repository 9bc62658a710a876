"""Undo commands: every edit the window makes is one ``EditCommand`` on a ``QUndoStack``.

A command is a list of operations run against the store in one transaction
(all or nothing). ``redo`` runs them and records the inverse operations with
the ids the store handed out, so undo and redo put spans back under the same
ids (a quote's parts and an entity link survive a round trip). The first
mark on a "todo" article makes it "in progress" (the store does): undo puts
the status back too. Nothing changes state before ``push``; a refused edit
(``SpanError``, or ``StoreBusyError`` when another program holds the write
lock) marks itself obsolete, so the stack drops it and nothing was saved. An
undo (or a later redo) refused that way keeps the command where it was: the
editor steps the stack back at once (``held``: that step runs nothing), so the
stack never claims an undo that did not happen, and the same key undoes it once
the database or the server is back (an undo whose COMMIT went unanswered may
have landed: that one is dropped, as the window reads the spans again once the
server answers). An edit whose connection to
the PostgreSQL server went before it committed runs once more, on a new
connection; when that fails too it is refused as above.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from annotator.model import Span, SpanError, Status
from annotator.store import Store
from annotator.store.errors import StoreConnectionError
from annotator.store.store import StoreError
from annotator.ui.qt import QtGui

# An operation: ("add", Span) | ("delete", span_id) | ("update", span_id, {field: value})
#               | ("status", article_id, annotator, status)
Op = tuple[Any, ...]
Done = Callable[["EditCommand", list[Span], Exception | None], None]


def _run(
    store: Store, article_id: int, ops: list[Op], *, keep_statuses: bool = False
) -> tuple[list[Op], list[Op], list[Span]]:
    """Run ``ops``; returns (replayable ops, inverse ops in run order, spans touched).

    ``keep_statuses`` (an undo): statuses the store moved by itself while the
    ops ran (a span put back on a "todo" article) are set back at the end.
    """
    replay: list[Op] = []
    inverse: list[Op] = []
    touched: list[Span] = []
    statuses = store.statuses_of(article_id)
    for op in ops:
        kind = op[0]
        if kind == "add":
            saved = store.add_span(article_id, op[1])
            replay.append(("add", saved))
            inverse.append(("delete", saved.id))
            touched.append(saved)
        elif kind == "delete":
            span = store.span(op[1])
            # Sources linked to this entity lose the link when it goes; undo restores it.
            linked = [s for s in store.spans_for(article_id, span.annotator) if s.entity_id == span.id]
            gone = store.delete_span(op[1])
            replay.append(("delete", op[1]))
            inverse.append(("add", gone))
            inverse.extend(("update", s.id, {"entity_id": gone.id}) for s in linked)
            touched.append(gone)
            touched.extend(linked)  # their entity link was cleared
        elif kind == "update":
            old, new = store.update_span(op[1], **op[2])
            replay.append(op)
            inverse.append(("update", op[1], {k: getattr(old, k) for k in op[2]}))
            touched.extend((old, new))
        elif kind == "status":
            old_status = store.set_status(op[1], op[2], op[3])
            replay.append(op)
            inverse.append(("status", op[1], op[2], old_status))
        else:  # pragma: no cover - a programming error
            raise ValueError(f"unknown edit operation {kind!r}")
    # Statuses the edit moved by itself (todo -> in progress on the first mark)
    # go back last on undo, after the spans.
    chosen = {op[2] for op in ops if op[0] == "status"}
    now = store.statuses_of(article_id)
    moved: list[Op] = [
        ("status", article_id, name, statuses.get(name, Status.TODO))
        for name, status in now.items()
        if name not in chosen and statuses.get(name, Status.TODO) != status
    ]
    if keep_statuses:
        for _, _, name, status in moved:
            store.set_status(article_id, name, status)
        moved = []
    return replay, moved + inverse, touched


def _is_link(op: Op) -> bool:
    return op[0] == "update" and set(op[2]) == {"entity_id"}


def _undo_order(inverse: list[Op]) -> list[Op]:
    """Inverse operations in undoing order: last edit first, links to entities
    after the spans (the entity they point at must be back first), statuses
    last (putting spans back would move a "todo" article again)."""
    backwards = list(reversed(inverse))
    statuses = [op for op in backwards if op[0] == "status"]
    spans = [op for op in backwards if op[0] != "status"]
    return [op for op in spans if not _is_link(op)] + [op for op in spans if _is_link(op)] + statuses


class EditCommand(QtGui.QUndoCommand):
    """One user edit on one article (one or more store operations)."""

    def __init__(self, *, store: Store, article_id: int, ops: list[Op], text: str, done: Done) -> None:
        super().__init__(text)
        self.store = store
        self.article_id = article_id
        self._ops = ops
        self._undo: list[Op] = []
        self._done = done
        self.undoing = False  # True while undo() runs (the editor words its messages by it)
        self.pushed = False  # the first redo (the edit itself) succeeded
        # An undo or redo the store refused: the stack moved, the store did not; the stack's
        # step back (``QUndoStack.setIndex``) must run nothing.
        self.held = False
        self._keep = True  # the last refusal saved nothing for sure (see _refused)

    def _apply(self, ops: list[Op], *, undo: bool = False) -> tuple[list[Op], list[Op], list[Span]] | None:
        try:
            try:
                with self.store.transaction():
                    return _run(self.store, self.article_id, ops, keep_statuses=undo)
            except StoreConnectionError as exc:
                if exc.saved is not False or not exc.reachable:
                    raise
            # The connection went mid-edit and took the transaction with it: nothing
            # was saved, so once more, on a new connection (the BEGIN makes it).
            with self.store.transaction():
                return _run(self.store, self.article_id, ops, keep_statuses=undo)
        except (SpanError, StoreError) as exc:
            return self._refused(exc)
        except sqlite3.Error as exc:  # a disk or file problem: refused, rolled back
            return self._refused(StoreError(f"database error: {exc}"))
        except Exception as exc:
            known = self.store.explain(exc)  # the server's (a PostgreSQL project)
            if known is None:
                raise
            return self._refused(known)

    def _refused(self, error: Exception) -> None:
        # Kept on the stack only when nothing was saved for sure: a step whose COMMIT went
        # unanswered may have landed, and the stack could not say which state it is in.
        self._keep = not (isinstance(error, StoreConnectionError) and error.saved is not False)
        self._done(self, [], error)

    def redo(self) -> None:
        if self.held:
            self.held = False  # the step back after a refused undo: the edit is still there
            return
        result = self._apply(self._ops)
        if result is None:
            if self.pushed and self._keep:
                self.held = True  # a redo refused: still undone, the editor steps back
            else:
                self.setObsolete(True)  # the edit itself refused, or it may have landed
            return
        self.pushed = True
        self._ops, inverse, touched = result
        self._undo = _undo_order(inverse)
        self._done(self, touched, None)

    def undo(self) -> None:
        if self.held:
            self.held = False  # the step back after a refused redo: it is still undone
            return
        self.undoing = True
        try:
            result = self._apply(self._undo, undo=True)
        finally:
            self.undoing = False
        if result is None:
            if self._keep:
                self.held = True  # not undone: the edit stays, the editor steps the stack back
            else:
                self.setObsolete(True)  # may have been undone: the stack cannot say, drop it
            return
        self._done(self, result[2], None)

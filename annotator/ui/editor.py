"""The controller: what a key or click means for the current article.

The window's actions call these methods; each edit becomes one
``EditCommand`` pushed on the undo stack, so it is in SQLite before the next
key is handled. Refused edits (overlap rules, nothing selected) end as one
line in the status bar via ``message``; an empty ``message`` clears it (each
edit does so before it runs, so no message outlives the edit it was about).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable

from annotator.assist.quotes import link_entity
from annotator.model import (
    ACCEPTED,
    BOILERPLATE,
    CONTENT,
    CUE,
    ENTITY,
    LAYERS,
    QUOTE,
    SOURCE,
    Article,
    Label,
    Span,
    SpanError,
    Status,
    conflicts,
    overlaps,
    snap,
)
from annotator.model.spans import QUOTE_MARKS, REJECTED, ROLE_LABELS, WHITESPACE, trim
from annotator.model.words import count
from annotator.store import Store
from annotator.store.store import StoreError
from annotator.ui import messages
from annotator.ui.commands import EditCommand, Op
from annotator.ui.offsets import line_bounds
from annotator.ui.order import neighbour, position
from annotator.ui.qt import QtCore, QtGui, Signal
from annotator.ui.text_view import ArticleView
from annotator.ui.tokens import TokenSource

_order = position  # the editor's spans are kept in position order


class Editor(QtCore.QObject):
    """Holds the open article and turns intents into undoable store edits."""

    article_opened = Signal(int)
    spans_changed = Signal(int)  # article id
    status_changed = Signal(int)  # article id
    active_layer_changed = Signal(str)
    span_selected = Signal(int)  # span id, -1 for none
    message = Signal(str)
    waiting = Signal(str)  # about to block (spaCy's first import): shown at once
    saved = Signal()
    not_saved = Signal(object)  # the store failed an edit (busy, full, the server gone): the error

    def __init__(
        self, *, store: Store, annotator: str, view: ArticleView, parent: QtCore.QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.annotator = annotator
        self.view = view
        self.tokens = TokenSource()
        self.undo_stack = QtGui.QUndoStack(self)
        self.article: Article | None = None
        self.spans: list[Span] = []  # sorted by _order
        # The spans the last edit touched (None after an open): the span list
        # updates only their rows.
        self.last_touched: list[Span] | None = None
        self.active_layer = ENTITY
        self._last_error: Exception | None = None
        view.clicked_at.connect(self._on_view_clicked_at)

    # -- articles -----------------------------------------------------------

    def open(self, article_id: int) -> None:
        """Show an article (re-reading it and its spans from the database)."""
        self.article = self.store.article(article_id)
        # The store orders them by (start, end descending, id): _order.
        self.spans = self.store.spans_for(article_id, self.annotator)
        self.last_touched = None
        self.view.show_article(self.article.text, self.spans, self.store.schema(), ordered=True)
        self.article_opened.emit(article_id)

    def reread_spans(self) -> None:
        """Read the open article's spans again and redraw them, the text, caret and
        selection left as they are (after a lost connection: what landed is shown)."""
        if self.article is None or self.article.id is None:
            return
        self.spans = self.store.spans_for(self.article.id, self.annotator)
        self.last_touched = None
        self.view.set_spans(self.spans, ordered=True)
        self.spans_changed.emit(self.article.id)

    def adopt(self, article: Article, spans: list[Span]) -> None:
        """Take over the article the view shows already (the window's staged start
        painted it before the editor existed); ``spans`` in the store's order."""
        self.article = article
        self.spans = spans
        self.last_touched = None
        assert article.id is not None
        self.article_opened.emit(article.id)

    @property
    def article_id(self) -> int | None:
        return self.article.id if self.article else None

    def _reload_spans(self, touched: list[Span]) -> None:
        assert self.article is not None and self.article.id is not None
        # Re-read only the spans this edit touched (a handful of primary-key
        # lookups) instead of the whole article: thousands of spans stay cheap.
        ids = {s.id for s in touched if s.id is not None}
        fresh = []
        for span_id in ids:
            try:
                span = self.store.span(span_id)
            except StoreError:
                continue  # deleted
            if span.origin != REJECTED and span.annotator == self.annotator:
                fresh.append(span)
        # The list stays sorted: take the touched spans out, put the fresh ones
        # in place (a handful of moves, not a sort of the whole article).
        spans = [s for s in self.spans if s.id not in ids]
        for span in fresh:
            insort(spans, span, key=_order)
        self.spans = spans
        quotes = {s.quote_id for s in touched if s.quote_id is not None}
        group = [s for s in self.spans if s.quote_id in quotes] + touched if quotes else touched
        dirty = (min(s.start for s in group), max(s.end for s in group)) if group else None
        self.view.set_spans(self.spans, dirty=dirty, ordered=True)
        self.last_touched = touched
        self.spans_changed.emit(self.article.id)

    # -- the undo stack -----------------------------------------------------

    def _push(self, text: str, ops: list[Op], *, article_id: int | None = None) -> bool:
        """Run ``ops`` as one undoable edit; False (and a message) when refused."""
        target = article_id if article_id is not None else self.article_id
        if target is None or not ops:
            return False
        self.message.emit("")  # the last edit's message (a refusal, say) is stale now
        self._last_error = None
        article_text = self.article.text if self.article else ""
        words = messages.edit_words(ops, self.spans, article_text)  # undo names the words
        self.undo_stack.push(
            EditCommand(
                store=self.store,
                article_id=target,
                ops=ops,
                text=f"{text} {words}" if words else text,
                done=self._on_command_done,
            )
        )
        if self._last_error is not None:
            self.message.emit(messages.refusal(self._last_error, ops, self.spans, article_text))
            return False
        return True

    def push(self, text: str, ops: list[Op]) -> bool:
        """``ops`` on the open article as one undoable edit (Review mode's take and refuse)."""
        return self._push(text, ops)

    def push_command(self, command: EditCommand) -> bool:
        """Push a command made elsewhere (with ``on_done`` as its ``done``); False when refused."""
        self._last_error = None
        self.undo_stack.push(command)
        if self._last_error is not None:
            self.message.emit(messages.store_failure(self._last_error))
            return False
        return True

    def on_done(self, command: EditCommand, touched: list[Span], error: Exception | None) -> None:
        self._on_command_done(command, touched, error)

    def _on_command_done(self, command: EditCommand, touched: list[Span], error: Exception | None) -> None:
        if error is not None:
            self._last_error = error  # _push reports a refused edit
            if command.undoing or command.pushed:  # undo and redo come from the stack, not _push
                self.message.emit(messages.store_failure(error, undo=command.undoing))
            if isinstance(error, StoreError):
                self.not_saved.emit(error)
            return
        if command.article_id != self.article_id:
            self.open(command.article_id)  # undo of an edit on another article: show it
        elif touched:
            self._reload_spans(touched)
        if not touched:
            self.status_changed.emit(command.article_id)
        self.saved.emit()

    def undo(self) -> None:
        """Undo the last edit and say which ("undid: mark PERSON 'Macron'")."""
        self._step_stack(self.undo_stack.undoText(), self.undo_stack.undo, "undid")

    def redo(self) -> None:
        """Redo the last undone edit and say which."""
        self._step_stack(self.undo_stack.redoText(), self.undo_stack.redo, "redid")

    def _step_stack(self, text: str, step: Callable[[], None], done: str) -> None:
        self.message.emit("")  # like an edit, it clears the last message
        self._last_error = None
        before = self.undo_stack.index()
        step()
        if self.undo_stack.index() == before:
            return
        command = self.undo_stack.command(min(before, self.undo_stack.index()))
        if getattr(command, "held", False):
            # Refused (busy, the server away): back where it was, the key works again later.
            self.undo_stack.setIndex(before)
        elif self._last_error is None:
            self.message.emit(f"{done}: {text}")

    # -- selection helpers --------------------------------------------------

    def selected(self) -> Span | None:
        span = self.view.selected
        # Review mode draws other versions' spans with negative ids: not the annotator's to edit.
        return span if span is None or span.id is None or span.id >= 0 else None

    def select(self, span: Span | None, *, scroll: bool = True) -> None:
        if span is not None:
            # The active layer stays: only Tab and the layer tabs change it (issue 10.3).
            span = next((s for s in self.spans if s.id == span.id), span)
        self.view.select_span(span, scroll=scroll)
        self.span_selected.emit(span.id if span is not None and span.id is not None else -1)

    def _select_id(self, span_id: int | None) -> None:
        self.select(next((s for s in self.spans if s.id == span_id), None))

    def _on_view_clicked_at(self, offset: int) -> None:
        """A click selects the span under it, preferring the active layer and short spans."""
        under = [s for s in self.spans if s.start <= offset < s.end and self.view.shows(s)]
        under.sort(key=lambda s: (s.layer != self.active_layer, s.length))
        self.select(under[0] if under else None, scroll=False)

    def set_active_layer(self, layer: str) -> None:
        if layer in LAYERS and layer != self.active_layer:
            self.active_layer = layer
            self.active_layer_changed.emit(layer)

    def cycle_layer(self, step: int = 1) -> None:
        i = LAYERS.index(self.active_layer)
        self.set_active_layer(LAYERS[(i + step) % len(LAYERS)])

    def labels(self, layer: str | None = None) -> list[tuple[str, Label]]:
        """The active layer's labels with their keys ('' past the ninth)."""
        out = []
        used: set[str] = set()
        for i, label in enumerate(self.store.schema().for_layer(layer or self.active_layer)):
            key = label.key if label.key and label.key.isdigit() and label.key not in used else ""
            if not key and i < 9 and str(i + 1) not in used and not label.key:
                key = str(i + 1)
            used.add(key)
            out.append((key, label))
        return out

    def key_layer(self) -> str:
        """The layer a label key speaks to: the selected span's when it would relabel
        that span (no text selected), else the active layer, which new marks go to."""
        span = self.selected()
        return span.layer if span is not None and self.view.selection() is None else self.active_layer

    def label_for_key(self, key: str) -> Label | None:
        return next((label for k, label in self.labels(self.key_layer()) if k == key), None)

    def _snapped(self, start: int, end: int, *, quotes: bool) -> tuple[int, int]:
        assert self.article is not None and self.article.id is not None
        if not self.tokens.ready_for(self.article.id):
            # A mark in the first seconds waits for spaCy's import: say why the window pauses.
            self.waiting.emit("loading spaCy's tokenizer to find the words a mark cuts (once a session)…")
        tokens = self.tokens.around(self.article.id, self.article.text, self.article.lang, start, end)
        return snap(self.article.text, start, end, tokens, trim_quotes=quotes)

    def _new(self, start: int, end: int, layer: str, label: str, **fields: object) -> Span:
        return Span(start=start, end=end, layer=layer, label=label, annotator=self.annotator, **fields)

    # -- marking ------------------------------------------------------------

    def apply_label(self, name: str) -> None:
        """A label key: mark the selected text, or relabel the selected span."""
        if self.article is None:
            return
        layer = self.active_layer
        selection = self.view.selection()
        if selection is None:
            span = self.selected()
            if span is None:
                self.message.emit(
                    "select some text first (Shift+arrows or the mouse), or a span to relabel: ] or click it"
                )
                return
            if span.layer == QUOTE and span.role != CONTENT:
                self.message.emit(f"a quote's {span.role} keeps the label {ROLE_LABELS[span.role]}")
                return
            if self.store.schema().get(name, span.layer) is None:
                self.message.emit(f"{name} is not a {span.layer} label: the selected span keeps its label")
                return
            if span.label == name and span.is_live:
                return
            ops: list[Op] = [("update", span.id, {"label": name})]
            if span.is_suggestion:
                # Relabelling accepts it; a suggested quote is accepted whole, as
                # A accepts it (its other parts keep their labels), in one edit.
                ops = [("update", span.id, {"label": name, "origin": ACCEPTED})]
                ops += [
                    ("update", s.id, {"origin": ACCEPTED})
                    for s in self._suggestion_group(span)
                    if s.id != span.id
                ]
            if self._push(f"relabel {span.label} as {name}", ops):
                self._select_id(span.id)
            return
        if layer == QUOTE:
            self.mark_quote(label=name)
            return
        try:
            start, end = self._snapped(*selection, quotes=layer == ENTITY)
            span = self._new(start, end, layer, name)
        except SpanError as exc:
            self.message.emit(str(exc))
            return
        if self._add_and_select(f"mark {name}", [("add", span)], span):
            self._say_snapped(selection, span)

    def _say_snapped(self, selection: tuple[int, int], span: Span, *also: str) -> None:
        """Say when the stored bounds are not the selection (trimmed or completed), and ``also``."""
        assert self.article is not None
        notes = [messages.snapped(selection, (span.start, span.end), self.article.text), *also]
        if any(notes):
            self.message.emit("; ".join(n for n in notes if n))

    def _add_and_select(self, text: str, ops: list[Op], span: Span) -> bool:
        if not self._push(text, ops):
            return False
        found = next(
            (
                s
                for s in reversed(self.spans)
                if s.layer == span.layer
                and s.start == span.start
                and s.end == span.end
                and s.role == span.role
            ),
            None,
        )
        self.view.clear_selection()
        self.select(found, scroll=False)
        return True

    def mark_quote(self, *, label: str | None = None, add_part: bool = False) -> None:
        """``Q``: the selection becomes quote content (a new quote, or a part of the selected one)."""
        if self.article is None:
            return
        selection = self.view.selection()
        if selection is None:
            self.message.emit("select the quoted words first, then press Q")
            return
        quote_id = None
        if add_part:
            current = self.selected()
            if current is None or current.quote_id is None:
                self.message.emit("select a quote first: ] or click it; then Shift+Q adds a part to it")
                return
            quote_id = current.quote_id
            label = label or next(
                (s.label for s in self.spans if s.quote_id == quote_id and s.role == CONTENT), "DIRECT"
            )
        text = self.article.text
        try:
            start, end = self._snapped(*selection, quotes=True)
        except SpanError as exc:
            self.message.emit(str(exc))
            return
        if label is None:
            # Words inside quotation marks are a direct quote; otherwise reported speech.
            s0, e0 = trim(text, *selection, chars=WHITESPACE)
            marked = (
                text[s0 : s0 + 1] in QUOTE_MARKS
                or text[max(0, start - 1) : start] in QUOTE_MARKS
                or text[e0 - 1 : e0] in QUOTE_MARKS
                or text[end : end + 1] in QUOTE_MARKS
            )
            label = "DIRECT" if marked else "INDIRECT"
        span = self._new(start, end, QUOTE, label, role=CONTENT, quote_id=quote_id)
        if self._add_and_select("add quote part" if add_part else "mark quote", [("add", span)], span):
            self._say_snapped(selection, span)

    def mark_role(self, role: str) -> None:
        """``C`` / ``S``: the selection becomes the cue / a source of the selected quote."""
        if self.article is None:
            return
        quote = self.selected()
        if quote is None or quote.quote_id is None:
            self.message.emit(
                f"select a quote first: ] or click it (Q marks a new one); then {role[0].upper()} marks its {role}"
            )
            return
        selection = self.view.selection()
        if selection is None:
            self.message.emit(f"select the {role} words, then press {role[0].upper()} again")
            return
        try:
            start, end = self._snapped(*selection, quotes=True)
        except SpanError as exc:
            self.message.emit(str(exc))
            return
        ops: list[Op] = []
        entity_id = None
        if role == CUE:
            # A quote has at most one cue: a new one replaces it.
            ops += [("delete", s.id) for s in self.spans if s.quote_id == quote.quote_id and s.role == CUE]
        else:
            # Linked only where the entity is the speaker, as the quote suggester
            # links: "an adviser to Macron" is not Macron (issue 10.2); L links on purpose.
            entities = [
                s for s in self.spans if s.layer == ENTITY and s.is_live and overlaps(s, (start, end))
            ]
            entity_id = link_entity(self.article.text, (start, end), entities)
        span = self._new(
            start, end, QUOTE, ROLE_LABELS[role], role=role, quote_id=quote.quote_id, entity_id=entity_id
        )
        if self._push(f"mark {role}", [*ops, ("add", span)]):
            self.view.clear_selection()
            self.select(self._content_of(quote.quote_id), scroll=False)
            note = ""
            if role == SOURCE:
                note = messages.source_link(span, entities, self.article.text)
            self._say_snapped(selection, span, note)

    def _content_of(self, quote_id: int | None) -> Span | None:
        return next((s for s in self.spans if s.quote_id == quote_id and s.role == CONTENT), None)

    def link_source(self) -> None:
        """``L``: link the selected quote's source to the entity it overlaps (or unlink)."""
        span = self.selected()
        if span is None or span.quote_id is None:
            self.message.emit("select a quote or its source first: ] or click it; then L links it")
            return
        sources = (
            [span]
            if span.role == SOURCE
            else [s for s in self.spans if s.quote_id == span.quote_id and s.role == SOURCE]
        )
        if not sources:
            self.message.emit("this quote has no source yet: select the speaker's words and press S")
            return
        source = sources[0]
        if source.entity_id is not None:
            if self._push("unlink source", [("update", source.id, {"entity_id": None})]):
                self._select_id(span.id)
                self.message.emit("source unlinked from its entity")
            return
        entities = sorted(
            (s for s in self.spans if s.layer == ENTITY and s.is_live and overlaps(s, source)),
            key=lambda s: -(min(s.end, source.end) - max(s.start, source.start)),
        )
        if not entities:
            self.message.emit("no entity overlaps the source: mark the speaker as an entity first")
            return
        if self._push("link source", [("update", source.id, {"entity_id": entities[0].id})]):
            self._select_id(span.id)
            self.message.emit(
                f"source linked to {entities[0].label} “{entities[0].text_in(self.article.text)}”"
                if self.article
                else "source linked"
            )

    def _block(self, start: int, end: int) -> tuple[int, int]:
        """The whole lines holding [start, end), broken where the view breaks them."""
        assert self.article is not None
        return line_bounds(self.article.text, start, end)

    def mark_boilerplate(self, *, extend: bool = False) -> None:
        """``B``: mark the caret's line or the selected lines (on a block: select it); ``Shift+B`` extends."""
        if self.article is None:
            return
        caret = self.view.caret()
        selection = self.view.selection()
        bp = [s for s in self.spans if s.layer == BOILERPLATE]
        if extend:
            self._extend_boilerplate(caret, bp)
            return
        if selection is None:
            under = [s for s in bp if s.start <= caret < s.end or (s.start <= caret == s.end)]
            if under:
                # Never a silent delete: B selects the block; Delete removes it, a digit relabels it.
                self.select(under[0], scroll=False)
                return
        start, end = self._block(*(selection or (caret, caret + 1)))
        try:
            start, end = self._snapped(start, end, quotes=False)
        except SpanError:
            self.message.emit("nothing to mark on an empty line")
            return
        label = BOILERPLATE.upper()
        span = self._new(start, end, BOILERPLATE, label)
        self._add_and_select("mark boilerplate", [("add", span)], span)  # selected: a digit relabels it

    def _extend_boilerplate(self, caret: int, bp: list[Span]) -> None:
        assert self.article is not None
        live = [s for s in bp if s.is_live]
        if any(s.start <= caret < s.end for s in live):
            self.message.emit("the caret is inside a boilerplate block already")
            return
        before = [s for s in live if s.end <= caret]
        if not before:
            self.message.emit("no boilerplate block above the caret to extend")
            return
        previous = max(before, key=lambda s: s.end)
        _, end = self._block(caret, caret + 1)
        try:
            _, end = self._snapped(previous.start, end, quotes=False)
        except SpanError as exc:
            self.message.emit(str(exc))
            return
        self._push("extend boilerplate", [("update", previous.id, {"end": end})])

    def delete_selected(self) -> None:
        span = self.selected()
        if span is None:
            self.message.emit("select a span first: ] or click it; then Delete removes it")
            return
        ids = [span.id]
        if span.role == CONTENT and span.quote_id is not None:
            parts = [s for s in self.spans if s.quote_id == span.quote_id]
            if sum(1 for s in parts if s.role == CONTENT) == 1:
                ids = [s.id for s in parts if s.role != CONTENT] + [span.id]  # the whole quote goes
        self._push(f"delete {span.label}", [("delete", i) for i in ids])
        self.select(None)

    # -- suggestions --------------------------------------------------------

    def _suggestion_group(self, span: Span) -> list[Span]:
        if span.quote_id is None:
            return [span]
        return [s for s in self.spans if s.quote_id == span.quote_id and s.is_suggestion]

    def decide_selected(self, accept: bool) -> None:
        """``A`` / ``X``: accept or reject the selected suggestion (a quote with all its parts)."""
        span = self.selected()
        if span is None or not span.is_suggestion:
            nxt = self._next_suggestion()
            if nxt is None:
                self.message.emit("no suggestions left in this article")
            else:
                self.select(nxt)
                self.message.emit("selected the next suggestion: A accepts, X rejects")
            return
        origin = ACCEPTED if accept else "rejected"
        group = self._suggestion_group(span)
        ops: list[Op] = [("update", s.id, {"origin": origin}) for s in group]
        if self._push(f"{'accept' if accept else 'reject'} {span.label}", ops):
            nxt = self._next_suggestion(after=span.start)
            self.select(nxt) if nxt else self.select(None)

    def _next_suggestion(self, after: int = -1) -> Span | None:
        pending = [s for s in self.spans if s.is_suggestion and self.view.shows(s)]
        later = [s for s in pending if s.start > after] or pending
        return min(later, key=lambda s: s.start, default=None)

    def accept_all(self, layer: str) -> None:
        """Accept every suggestion of ``layer`` here, skipping those that clash with a mark."""
        live = [s for s in self.spans if s.is_live]
        hidden = self.view.hidden_ids  # below the score threshold: not accepted unseen
        ops: list[Op] = []
        skipped = 0
        for s in (s for s in self.spans if s.layer == layer and s.is_suggestion and s.id not in hidden):
            accepted = s.with_(origin=ACCEPTED)
            if conflicts(accepted, live):
                skipped += 1
                continue
            live.append(accepted)
            ops.append(("update", s.id, {"origin": ACCEPTED}))
        if not ops:
            self.message.emit(
                f"no {layer} suggestions to accept"
                + (f" ({count(skipped, 'overlaps a mark', 'overlap marks')})" if skipped else "")
            )
            return
        if self._push(f"accept all {layer} suggestions", ops):
            self.message.emit(
                f"accepted {count(len(ops), f'{layer} suggestion')}"
                + (f", skipped {skipped} overlapping a mark" if skipped else "")
            )

    # -- navigation between spans --------------------------------------------

    def select_neighbour(self, step: int) -> None:
        """Select the next/previous visible span after/before the caret or selected span."""
        visible = [s for s in self.spans if self.view.shows(s)]
        found = neighbour(visible, self.selected(), self.view.caret(), step)
        if found is not None:
            self.select(found)

    # -- statuses -----------------------------------------------------------

    def set_status(self, status: str) -> bool:
        if self.article_id is None:
            return False
        title = messages.title(self.article) if self.article else ""
        said = status.replace("_", " ")
        return self._push(f"mark {title} {said}", [("status", self.article_id, self.annotator, status)])

    def toggle_flag(self) -> None:
        if self.article_id is None:
            return
        flagged = self.store.status(self.article_id, self.annotator) == Status.FLAGGED
        self.set_status(Status.IN_PROGRESS if flagged else Status.FLAGGED)

"""The keys that make the common path short (issue 10): find, paragraph and
occurrence jumps, mark all occurrences, select the span at the caret, the
previous quote's speaker, and linking a source by its head noun.

``QuickKeys`` sits beside the ``Editor``: where to go is decided by the pure
functions of ``annotator.ui.navigation``; every edit still goes through the
editor's undo stack as one ``EditCommand``. The window wires the actions named
in ``handlers()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.model import (
    BOILERPLATE,
    CONTENT,
    CUE,
    ENTITY,
    QUOTE,
    SOURCE,
    Span,
    SpanError,
    conflicts,
    overlaps,
)
from annotator.ui import navigation as nav
from annotator.ui.qt import QtCore, QtWidgets

if TYPE_CHECKING:
    from collections.abc import Callable

    from annotator.ui.commands import Op
    from annotator.ui.editor import Editor
    from annotator.ui.find_bar import FindBar
    from annotator.ui.main_window import MainWindow

# The entity labels a speaker can be (the picker offers these).
SPEAKER_LABELS = ("PERSON", "ORG", "NORP", "GPE")


class EntityPicker:
    """Which entity a source names, when nothing tells (``L``); tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget, choices: list[str]) -> int | None:
        """The index of the chosen line of ``choices``, None when cancelled."""
        item, ok = QtWidgets.QInputDialog.getItem(
            parent, "Link source", "The source names:", choices, 0, False
        )
        return choices.index(item) if ok and item in choices else None


class QuickKeys(QtCore.QObject):
    """The issue-10 keys of one window."""

    def __init__(self, *, window: MainWindow, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window = window
        self.editor: Editor = window.editor
        self.view = window.view
        self._find_bar: FindBar | None = None
        self._mark_all_armed = False
        # Any move or a new span selection disarms ``M``: it applies to what was selected.
        self.view.cursorPositionChanged.connect(self._disarm)
        self.editor.span_selected.connect(self._disarm)
        self.editor.article_opened.connect(self._disarm)
        # A double-click selects a word for the label key that follows (as in Prodigy):
        # the span its first click selected, and that span's layer, are undone.
        self._before_click: tuple[Span | None, str] | None = None
        self.view.viewport().installEventFilter(self)

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "find_in_article": self.open_find,
            "find_next": lambda: self.find_step(1),
            "find_previous": lambda: self.find_step(-1),
            "next_paragraph": lambda: self.paragraph(1),
            "previous_paragraph": lambda: self.paragraph(-1),
            "next_occurrence": lambda: self.next_occurrence(1),
            "previous_occurrence": lambda: self.next_occurrence(-1),
            "mark_all": self.arm_mark_all,
            "select_span_at_caret": self.select_span_at_caret,
            "same_source": self.same_source,
            "link_source": self.link_source,
        }

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind == QtCore.QEvent.Type.MouseButtonPress:
            self._before_click = (self.editor.selected(), self.editor.active_layer)
        elif kind == QtCore.QEvent.Type.MouseButtonDblClick and self._before_click is not None:
            span, layer = self._before_click
            self.editor.select(span, scroll=False)
            self.editor.set_active_layer(layer)
        return False

    @property
    def text(self) -> str:
        return self.editor.article.text if self.editor.article else ""

    def _say(self, text: str) -> None:
        self.editor.message.emit(text)

    def _select_text(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` in the view, in sight. The selected span stays selected:
        C and S mark the found words as a part of the selected quote."""
        self.view.set_selection(start, end)
        self.view.ensureCursorVisible()

    def _current_words(self) -> str:
        """The selected text, else the selected span's text ('' for neither)."""
        selection = self.view.selection()
        if selection is not None:
            try:  # what a label key would mark: whole tokens, no spaces around
                start, end = self.editor._snapped(*selection, quotes=self.editor.active_layer == ENTITY)
            except SpanError:
                return ""
            return self.text[start:end]
        span = self.editor.selected()
        return span.text_in(self.text) if span is not None else ""

    # -- find -----------------------------------------------------------------

    def open_find(self) -> None:
        """``/`` or ``Ctrl+F``: the find bar under the text, with the selected words in it."""
        from annotator.ui.find_bar import FindBar

        if self._find_bar is None:
            self._find_bar = FindBar.install(self.window, find=self._find_from)
        words = self.view.selection()
        seed = (
            self.text[words[0] : words[1]] if words and "\n" not in self.text[words[0] : words[1]] else None
        )
        self._find_bar.open(self.view.caret() if words is None else words[0], seed)

    def _find_from(self, needle: str, start: int, backward: bool = False) -> bool:
        found = nav.find(self.text, needle, start, backward=backward)
        if found is None:
            self._say(f"“{needle}” is not in this article" if needle else "")
            return False
        self._select_text(*found)
        which, total = nav.count_matches(self.text, needle, found)
        self._say(f"“{needle}”: {which} of {total}; a label key marks it, F3 finds the next")
        return True

    def find_step(self, step: int) -> None:
        """``F3`` / ``Shift+F3``: the next / previous match of the find bar's words, wrapping."""
        needle = self._find_bar.needle() if self._find_bar is not None else ""
        if not needle:
            self.open_find()
            return
        selection = self.view.selection()
        # Forward from just after the match selected now; backward from before it.
        start = (selection[0] + (step > 0)) if selection else self.view.caret()
        self._find_from(needle, start, backward=step < 0)

    # -- paragraphs and occurrences -------------------------------------------

    def paragraph(self, step: int) -> None:
        """``Ctrl+Down`` / ``Ctrl+Up``: the caret to the next / this or the previous paragraph's first word."""
        target = nav.paragraph(self.text, self.view.caret(), step)
        if target is None:
            self._say("no more paragraphs " + ("below" if step > 0 else "above"))
            return
        self._select_text(target, target)
        self.view.clear_selection()

    def _layer_ranges(self, layer: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.editor.spans if s.layer == layer and s.is_live]

    def next_occurrence(self, step: int) -> None:
        """``N`` / ``Shift+N``: select the next / previous occurrence of the selected words that
        the active layer has not marked (whole word, case-sensitive), wrapping."""
        words = self._current_words()
        if not words:
            self._say("select some words (or a span) first: N finds where else they stand unmarked")
            return
        selection = self.view.selection()
        span = self.editor.selected()
        here = selection or ((span.start, span.end) if span else (self.view.caret(),) * 2)
        marked = self._layer_ranges(self.editor.active_layer)
        found = nav.next_unmarked(
            self.text, words, here[1] if step > 0 else here[0], marked, backward=step < 0
        )
        if found is None or found == tuple(here):
            self._say(f"no other unmarked “{words}” in this article")
            return
        self._select_text(*found)
        left = len(nav.unmarked(nav.occurrences(self.text, words), marked))
        self._say(f"“{words}”: {left} unmarked; a label key marks it, M and a label key marks all")

    # -- mark all ---------------------------------------------------------------

    def _disarm(self, *_args: object) -> None:
        self._mark_all_armed = False

    def arm_mark_all(self) -> None:
        """``M``: the next label key marks every occurrence of the selected words."""
        words = self._current_words()
        if not words:
            self._say("select some words (or a span) first, then M and a label key marks all of them")
            return
        if self.editor.active_layer == QUOTE:
            self._say("M marks entities or boilerplate: Tab to that layer first")
            return
        self._mark_all_armed = True
        self._say(f"M: now a label key marks every “{words}” (whole word, case-sensitive)")

    def take_label(self, name: str) -> bool:
        """A label key: True when it was meant for ``M`` (and marked all)."""
        if not self._mark_all_armed:
            return False
        self._mark_all_armed = False
        self.mark_all(name)
        return True

    def mark_all(self, name: str) -> None:
        """Mark every unmarked occurrence of the selected words with label ``name``, as one edit.

        Skipped: occurrences overlapping a span of the layer, and (for entities) those
        inside a boilerplate block other than the selected one: page furniture is cut
        from the clean text, and a name there is marked by hand if at all.
        """
        editor, text, layer = self.editor, self.text, self.editor.active_layer
        words = self._current_words()
        if editor.article is None or not words:
            return
        live = [s for s in editor.spans if s.is_live]
        here = self.view.selection() or (editor.selected().start, editor.selected().end)
        blocks = [s for s in live if s.layer == BOILERPLATE] if layer == ENTITY else []
        new: list[Span] = []
        skipped = in_blocks = 0
        for start, end in nav.occurrences(text, words):
            try:
                start, end = editor._snapped(start, end, quotes=layer == ENTITY)
                span = editor._new(start, end, layer, name)
            except SpanError:
                skipped += 1
                continue
            if any(s.layer == layer and s.label == name and (s.start, s.end) == (start, end) for s in live):
                continue  # marked so already
            if conflicts(span, live):
                skipped += 1
                continue
            if not overlaps(span, here) and any(overlaps(span, b) for b in blocks):
                in_blocks += 1
                continue
            live.append(span)
            new.append(span)
        notes = [f"skipped {skipped} overlapping a {layer} span"] if skipped else []
        notes += [f"{in_blocks} in boilerplate"] if in_blocks else []
        note = f" ({', '.join(notes)})" if notes else ""
        if not new:
            self._say(f"no unmarked “{words}” left{note}")
            return
        ops: list[Op] = [("add", s) for s in new]
        if editor._push(f"mark all “{words}” as {name}", ops):
            self.view.clear_selection()
            editor.select(None, scroll=False)
            self._say(f"marked {len(new)} × “{words}” as {name}{note}; Ctrl+Z undoes all")

    # -- selecting --------------------------------------------------------------

    def select_span_at_caret(self) -> None:
        """``E``: select the span under the caret (the active layer's and the shortest first)."""
        caret = self.view.caret()
        spans = [s for s in self.editor.spans if self.view.shows(s)]
        under = [s for s in spans if s.start <= caret < s.end] or [
            s for s in spans if s.start < caret == s.end
        ]
        if not under:
            self._say("no span at the caret")
            return
        under.sort(key=lambda s: (s.layer != self.editor.active_layer, s.length))
        self.view.clear_selection()
        self.editor.select(under[0], scroll=False)
        self._say(
            f"selected {under[0].label} “{under[0].text_in(self.text)}”: a label key relabels, Delete removes"
        )

    # -- quotes -----------------------------------------------------------------

    def _quote_of_selection(self) -> int | None:
        span = self.editor.selected()
        return span.quote_id if span is not None and span.layer == QUOTE else None

    def same_source(self) -> None:
        """``Shift+S``: the selected quote gets the source(s) of the quote whose source stands
        nearest its content, and that quote's cue when it has none, as its own spans on the
        same words (a "he said" shared by the quote before it and the quote after it)."""
        quote_id = self._quote_of_selection()
        if quote_id is None:
            self._say("select a quote first (Q marks one), then Shift+S gives it the nearest quote's source")
            return
        spans = self.editor.spans
        parts = [s for s in spans if s.quote_id == quote_id]
        contents = [s for s in parts if s.role == CONTENT]

        def gap(source: Span) -> int:
            return min(max(c.start - source.end, source.start - c.end, 0) for c in contents)

        others = [
            s
            for s in spans
            if s.role == SOURCE and s.quote_id not in (None, quote_id) and not s.is_suggestion
        ]
        if not contents or not others:
            self._say("no other quote has a source yet")
            return
        nearest = min(others, key=lambda s: (gap(s), s.start)).quote_id
        has_cue = any(s.role == CUE for s in parts)
        ops: list[Op] = []
        for s in spans:
            if s.quote_id != nearest or s.role not in (SOURCE, CUE) or (s.role == CUE and has_cue):
                continue
            if any(p.role == s.role and (p.start, p.end) == (s.start, s.end) for p in parts):
                continue
            copy = self.editor._new(
                s.start, s.end, QUOTE, s.label, role=s.role, quote_id=quote_id, entity_id=s.entity_id
            )
            ops.append(("add", copy))
        if not ops:
            self._say("this quote has that source already")
            return
        if self.editor._push("same source as the nearest quote", ops):
            self.editor._select_id(contents[0].id)
            words = " and ".join(f"{op[1].role} “{op[1].text_in(self.text)}”" for op in ops)
            self._say(f"this quote shares the {words} of the quote beside it")

    def link_source(self) -> None:
        """``L``: as the editor's, and for a source no entity overlaps: the entity the
        nearest earlier source with the same head noun is linked to, else a picker."""
        editor = self.editor
        span = editor.selected()
        if span is None or span.quote_id is None:
            editor.link_source()
            return
        source = (
            span
            if span.role == SOURCE
            else next((s for s in editor.spans if s.quote_id == span.quote_id and s.role == SOURCE), None)
        )
        entities = [s for s in editor.spans if s.layer == ENTITY and s.is_live]
        if source is None or source.entity_id is not None or any(overlaps(e, source) for e in entities):
            editor.link_source()
            return
        text = self.text
        head = nav.head_noun(source.text_in(text))
        by_id = {e.id: e for e in entities}
        earlier = sorted(
            (s for s in editor.spans if s.role == SOURCE and s.end <= source.start and s.entity_id in by_id),
            key=lambda s: s.start,
            reverse=True,
        )
        target = next(
            (by_id[s.entity_id] for s in earlier if head and nav.head_noun(s.text_in(text)) == head), None
        )
        if target is None:
            choices = [e for e in entities if e.label in SPEAKER_LABELS]
            if not choices:
                self._say("no entity to link to: mark the speaker as an entity first")
                return
            picked = EntityPicker.ask(self.window, [f"{e.label} “{e.text_in(text)}”" for e in choices])
            if picked is None:
                return
            target = choices[picked]
        if editor._push("link source", [("update", source.id, {"entity_id": target.id})]):
            editor._select_id(span.id)
            self._say(f"source “{source.text_in(text)}” linked to {target.label} “{target.text_in(text)}”")

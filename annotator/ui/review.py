"""Review mode: every version of an article together, and the reviewer's version as gold.

Entered with ``annotator open DB --review -a NAME`` or Article > Review mode
(``Ctrl+R``). The window's annotator is the reviewer (registered with
``teams.set_reviewer``); the article list keeps to the articles two or more
annotators finished (those waiting for review, and those this reviewer
finished already). On opening such an article, the spans every version
shares are pre-accepted into the reviewer's version (``review.pre_accept``,
one undo step). The Review pane lists ``review_groups``: label, text, who,
how many versions ("2/3") and the reviewer's decision; the groups not yet
decided are drawn in the text as suggestions with the count in their tag.

In Review mode ``A`` takes the selected group's span into the reviewer's
version (a span of the same layer it overlaps is refused in the same edit),
``X`` refuses it (kept as a ``rejected`` span of the reviewer, so the
decision lasts), ``]`` / ``[`` walk the disagreements and ``Enter`` marks
the review done and opens the next article waiting. Every decision is an
``EditCommand`` through the editor: in SQLite at once, and undoable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.model import ACCEPTED, CONTENT, CUE, ENTITY, QUOTE, SOURCE, Span, Status
from annotator.model.spans import REJECTED
from annotator.model.words import count
from annotator.store import review, teams
from annotator.ui.commands import Op
from annotator.ui.qt import Qt, QtCore, QtWidgets
from annotator.ui.review_model import OPEN, REFUSED, TAKEN, PreAcceptCommand, ReviewModel, key_of

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

# The window's actions that mean something else in Review mode, and what they say then.
REVIEW_TEXTS = {
    "accept": "T&ake the selected version's span",
    "reject": "Re&fuse the selected version's span",
    "next_span": "&Next disagreement",
    "previous_span": "&Previous disagreement",
    "done_next": "&Done reviewing, next waiting",
    "skip": "&Skip this review, next waiting",
}
REVIEW_ACTIONS = tuple(REVIEW_TEXTS)


class ReviewController(QtCore.QObject):
    """Review mode of one window: the pane, the decisions and the walk."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.editor = window.editor
        self.reviewer = window.annotator
        self.model = ReviewModel(parent=self)
        self.current: tuple[str, ...] | None = None  # the selected group's key
        self._pre_accepted: set[int] = set()  # articles pre-accepted this session (once each)
        self._rows: list[tuple[review.SpanGroup, str]] = []
        self._mine: list[Span] = []
        self._was_reviewer = False
        self._texts: dict[str, str] = {}  # the actions' own texts, back when leaving
        self._ghosts: dict[int, Span] = {}  # the open groups as drawn in the text, by their (negative) id
        self.dock = QtWidgets.QDockWidget("Review", window)
        self.dock.setObjectName("review_dock")
        # Not closable on its own: Ctrl+R leaves Review mode, and the pane with it.
        features = QtWidgets.QDockWidget.DockWidgetFeature
        self.dock.setFeatures(features.DockWidgetMovable | features.DockWidgetFloatable)
        body = QtWidgets.QWidget(self.dock)
        layout = QtWidgets.QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QtWidgets.QLabel(body)
        self.summary.setObjectName("review_summary")
        self.summary.setWordWrap(True)
        table = self.table = QtWidgets.QTableView(body)
        table.setObjectName("review_list")
        table.setModel(self.model)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = table.fontMetrics()
        samples = ((0, "  ↳ source  WW"), (1, "x" * 52), (2, "10/10"), (3, "alice, bob, carol, dave"))
        for column, sample in samples:
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        hint = QtWidgets.QLabel("A take · X refuse · ] [ next/previous disagreement · Enter done", body)
        hint.setObjectName("review_hint")
        hint.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(table, 1)
        layout.addWidget(hint)
        self.dock.setWidget(body)
        table.clicked.connect(self._on_table_clicked)

    # -- entering and leaving -------------------------------------------------

    def enter(self) -> None:
        self._was_reviewer = teams.is_reviewer(self.store, self.reviewer)
        teams.set_reviewer(self.store, self.reviewer)
        for name, text in REVIEW_TEXTS.items():  # the menus and the cheat sheet say what the keys do now
            action = self.window.actions_by_name[name]
            self._texts[name] = action.text()
            action.setText(text)
        self.window.actions_by_name["review_mode"].setText("Leave &Review mode")
        self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.show()
        self.editor.article_opened.connect(self._on_editor_article_opened)
        self.editor.spans_changed.connect(self._on_editor_spans_changed)
        self.editor.status_changed.connect(self._on_editor_status_changed)
        self.window.view.clicked_at.connect(self._on_view_clicked_at)
        self.editor.span_selected.connect(self._on_editor_span_selected)
        waiting = self.list_articles()
        self.window.show_message(
            f"Review mode as {self.reviewer}: {count(len(waiting), 'article')} waiting for review"
            if waiting
            else f"Review mode as {self.reviewer}: no article is waiting for review"
        )
        first = waiting[0] if waiting else self.window.articles.article_id(0)
        if first is not None:
            self.window.open_article(first)
        elif self.editor.article_id is not None:
            self._on_editor_article_opened(self.editor.article_id)

    def leave(self) -> None:
        """Back to annotating. A reviewer made by entering, who finished no review, is
        unregistered again: their own done versions count as versions once more."""
        reviewed = any(self.reviewer in names for names in teams.gold_versions(self.store).values())
        if not self._was_reviewer and not reviewed:
            teams.set_reviewer(self.store, self.reviewer, False)
        self.editor.article_opened.disconnect(self._on_editor_article_opened)
        self.editor.spans_changed.disconnect(self._on_editor_spans_changed)
        self.editor.status_changed.disconnect(self._on_editor_status_changed)
        self.window.view.clicked_at.disconnect(self._on_view_clicked_at)
        self.editor.span_selected.disconnect(self._on_editor_span_selected)
        for name, text in self._texts.items():
            self.window.actions_by_name[name].setText(text)
        self.window.actions_by_name["review_mode"].setText("&Review mode")
        self.window.removeDockWidget(self.dock)
        self.dock.hide()
        self.window.view.set_extra_spans([])
        self.window.articles.set_filter(only=None)
        self.window.show_message("left Review mode")

    def list_articles(self) -> list[int]:
        """Keep the article list to the articles to review (and those reviewed); the waiting ones."""
        waiting = teams.waiting_for_review(self.store)
        several = {a for a, names in teams.done_by(self.store).items() if len(names) >= 2}
        self.window.articles.set_filter(only=sorted(set(waiting) | several))
        self.window.list_count.setText(
            f"{count(self.window.articles.total, 'article')} · {len(waiting)} waiting"
        )
        return waiting

    # -- the open article ---------------------------------------------------

    def _on_editor_article_opened(self, article_id: int) -> None:
        self.current = None
        versions = review.review_versions(self.store, article_id)
        if len(versions) >= 2 and article_id not in self._pre_accepted:
            self._pre_accepted.add(article_id)
            # Only into a version not started: a span refused before is never brought back.
            started = self.store.spans_for(article_id, self.reviewer, include_rejected=True)
            if not started and self.store.status(article_id, self.reviewer) != Status.DONE:
                command = PreAcceptCommand(
                    store=self.store, article_id=article_id, reviewer=self.reviewer, done=self.editor.on_done
                )
                self.editor.push_command(command)
                if command.added:
                    self.window.show_message(
                        f"pre-accepted {len(command.added)} spans all {len(versions)} versions share "
                        "(Ctrl+Z takes them back)"
                    )
        self.refresh()

    def _on_editor_spans_changed(self, _article_id: int) -> None:
        self.refresh()

    def _on_editor_status_changed(self, _article_id: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the groups and the reviewer's decisions anew; redraw the pane and the text."""
        article = self.editor.article
        if article is None or article.id is None:
            return
        groups = review.review_groups(self.store, article.id)
        self._mine = self.store.spans_for(article.id, self.reviewer, include_rejected=True)
        decided: dict[tuple[str, ...], str] = {}
        for span in self._mine:
            key = key_of(span)
            if span.is_live:
                decided[key] = TAKEN
            elif span.origin == REJECTED:
                decided.setdefault(key, REFUSED)
        self._rows = [(g, decided.get(key_of(g), OPEN)) for g in groups]
        self._rows = self._parts_of_refused_quotes(article.id, self._rows, decided)
        colours = {(label.layer, label.name): label.colour for label in self.store.schema()}
        self.model.set_groups(article.text, self._rows, colours)
        ghosts: list[Span] = []
        notes: dict[int, str] = {}
        for i, (g, state) in enumerate(self._rows):
            if state == OPEN:
                ghost = Span(
                    g.start, g.end, g.layer, g.label, annotator=g.annotators[0], origin="suggested:review",
                    role=g.role, id=-(i + 2),
                )  # fmt: skip
                ghosts.append(ghost)
                notes[-(i + 2)] = g.share
        self._ghosts = {g.id: g for g in ghosts if g.id is not None}
        self.window.view.set_extra_spans(ghosts, notes)
        open_ones = sum(1 for _, s in self._rows if s == OPEN)
        disagreements = sum(1 for g, _ in self._rows if not g.unanimous)
        versions = review.review_versions(self.store, article.id)
        status = self.store.status(article.id, self.reviewer)
        self.summary.setText(
            f"{len(versions)} versions ({', '.join(versions) or 'none done'}) · {len(self._rows)} groups · "
            f"{disagreements} disagreements, {open_ones} to decide · your review: {status}"
        )
        if self.current is not None:
            self._show(self.current, scroll=False)

    def _parts_of_refused_quotes(
        self,
        article_id: int,
        rows: list[tuple[review.SpanGroup, str]],
        decided: dict[tuple[str, ...], str],
    ) -> list[tuple[review.SpanGroup, str]]:
        """An open cue or source counts as refused when the content of every quote
        holding it was refused (and none was taken): it went with its quote."""
        parts = [
            i for i, (g, state) in enumerate(rows) if state == OPEN and g.layer == QUOTE and g.role != CONTENT
        ]
        if not parts:
            return rows
        contents: dict[tuple[str, int | None], set[tuple[str, ...]]] = {}
        for name in review.review_versions(self.store, article_id):
            for s in self.store.spans_for(article_id, name):
                if s.layer == QUOTE and s.role == CONTENT:
                    contents.setdefault((name, s.quote_id), set()).add(key_of(s))
        out = list(rows)
        for i in parts:
            group = rows[i][0]
            keys = set().union(*(contents.get((s.annotator, s.quote_id), set()) for s in group.spans))
            if keys and all(decided.get(k) == REFUSED for k in keys):
                out[i] = (group, REFUSED)
        return out

    # -- selecting ------------------------------------------------------------

    def selected(self) -> review.SpanGroup | None:
        row = self.model.row_of(self.current) if self.current is not None else None
        return self.model.group(row) if row is not None else None

    def select(self, group: review.SpanGroup | None, *, scroll: bool = True) -> None:
        self.current = key_of(group) if group is not None else None
        if group is None:
            self.table.clearSelection()
            return
        self._show(self.current, scroll=scroll)

    def _show(self, key: tuple[str, ...], *, scroll: bool) -> None:
        row = self.model.row_of(key)
        if row is None:
            self.current = None
            self.table.clearSelection()
            return
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        mine = next((s for s in self._mine if s.is_live and key_of(s) == key), None)
        if mine is not None:
            self.editor.select(mine, scroll=scroll)
        else:
            self.window.view.select_span(self._ghosts.get(-(row + 2)), scroll=scroll)

    def _on_table_clicked(self, index: QtCore.QModelIndex) -> None:
        self.select(self.model.group(index.row()))
        self.window.view.setFocus()

    def _on_view_clicked_at(self, offset: int) -> None:
        under = [g for g, _ in self._rows if g.start <= offset < g.end]
        self.select(min(under, key=lambda g: g.end - g.start) if under else None, scroll=False)

    def _on_editor_span_selected(self, span_id: int) -> None:
        """A span of the reviewer's selected elsewhere (the span list, ``Delete``): its group follows."""
        span = next((s for s in self._mine if s.id == span_id), None) if span_id >= 0 else None
        row = self.model.row_of(key_of(span)) if span is not None else None
        if row is None:
            if self.current is not None and self.window.view.selected is None:
                self.current = None
                self.table.clearSelection()
            return
        self.current = key_of(span)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def walk(self, step: int, *, open_only: bool = False) -> None:
        """``]`` / ``[``: the next / previous disagreement, or group every version has that
        is not in the reviewer's version yet (a quote whose parts differ); ``open_only``:
        those not decided yet."""
        rows = [
            i
            for i, (g, state) in enumerate(self._rows)
            if state == OPEN or (not g.unanimous and not open_only)
        ]
        if not rows:
            self.select(None)
            self.window.show_message(
                "every disagreement is decided: Enter marks the review done"
                if open_only
                else "no disagreements in this article"
            )
            return
        here = self.model.row_of(self.current) if self.current is not None else None
        if here is None:
            target = rows[0] if step > 0 else rows[-1]
        elif step > 0:
            target = next((i for i in rows if i > here), rows[0])
        else:
            target = next((i for i in reversed(rows) if i < here), rows[-1])
        self.select(self.model.group(target))

    # -- deciding -------------------------------------------------------------

    def _target(self) -> review.SpanGroup | None:
        group = self.selected()
        if group is None:
            self.walk(1, open_only=True)
            if self.selected() is not None:
                self.window.show_message("selected the next disagreement: A takes it, X refuses it")
            return None
        return group

    def _to_content(self, group: review.SpanGroup, then: str) -> None:
        """A quote part whose quote is not in the reviewer's version: select its content's group."""
        assert self.editor.article_id is not None
        part = group.spans[0]
        contents = [
            (s.start, s.end)
            for s in self.store.spans_for(self.editor.article_id, part.annotator)
            if s.quote_id == part.quote_id and s.role == CONTENT
        ]
        candidates = [
            (state != OPEN, i)
            for i, (g, state) in enumerate(self._rows)
            if g.layer == QUOTE and g.role == CONTENT and (g.start, g.end) in contents
        ]  # an open content first: a refused one is decided already
        target = self.model.group(min(candidates)[1]) if candidates else None
        if target is not None:
            self.select(target)
        self.window.show_message(
            f"this {group.role}'s quote is not in your version: selected its content ({then})"
        )

    def _quote_of(self, group: review.SpanGroup) -> int | None:
        """The reviewer's quote that a version's quote part belongs to (same content bounds)."""
        assert self.editor.article_id is not None
        part = group.spans[0]
        contents = {
            (s.start, s.end)
            for s in self.store.spans_for(self.editor.article_id, part.annotator)
            if s.quote_id == part.quote_id and s.role == CONTENT and s is not part
        }
        contents.discard((group.start, group.end))
        return next(
            (
                s.quote_id
                for s in self._mine
                if s.is_live and s.layer == QUOTE and s.role == CONTENT and (s.start, s.end) in contents
            ),
            None,
        )

    def take(self) -> None:
        """``A``: the selected group's span into the reviewer's version."""
        group = self._target()
        if group is None:
            return
        key = key_of(group)
        same = [s for s in self._mine if key_of(s) == key]
        if any(s.is_live for s in same):
            self.window.show_message(f"{group.label} is in your version already: X refuses it")
            self.walk(1, open_only=True)
            return
        quote_id = self._quote_of(group) if group.layer == QUOTE else None
        if group.layer == QUOTE and group.role != CONTENT and quote_id is None:
            self._to_content(group, "take it first, then this")
            return
        ops: list[Op] = []
        for s in self._mine:  # what it would overlap in the reviewer's version is refused with it
            if not s.is_live or s.layer != group.layer or not (s.start < group.end and group.start < s.end):
                continue
            if group.layer == QUOTE and not (s.role == group.role == CONTENT):
                continue
            ops += [("update", p.id, {"origin": REJECTED}) for p in self._parts_going(s)]
        if group.layer == QUOTE and group.role == CUE:
            ops += [
                ("update", s.id, {"origin": REJECTED})
                for s in self._mine
                if s.is_live and s.quote_id == quote_id and s.role == CUE
            ]
        if same:
            ops.append(("update", same[0].id, {"origin": ACCEPTED}))
        else:
            span = Span(
                group.start, group.end, group.layer, group.label, annotator=self.reviewer, origin=ACCEPTED,
                role=group.role, quote_id=quote_id, entity_id=self._entity_of(group),
            )  # fmt: skip
            ops.append(("add", span))
        # The open alternatives it excludes (another label or bounds over the same
        # words) are refused with it: they could not stand beside it anyway.
        if group.layer != QUOTE or group.role == CONTENT:
            for other, state in self._rows:
                if (
                    state == OPEN
                    and other is not group
                    and other.layer == group.layer
                    and other.role == group.role
                    and other.start < group.end
                    and group.start < other.end
                ):
                    ops.append(("add", self._refusal(other)))
        if self.editor.push(f"take {group.label} ({group.share})", ops):
            self.walk(1, open_only=True)

    def _entity_of(self, group: review.SpanGroup) -> int | None:
        """For a source: the reviewer's entity span that the versions linked it to (same bounds
        and label), so a taken source keeps its speaker; None when the reviewer has none."""
        if group.layer != QUOTE or group.role != SOURCE:
            return None
        assert self.editor.article_id is not None
        linked = set()
        for part in group.spans:
            if part.entity_id is None:
                continue
            for s in self.store.spans_for(self.editor.article_id, part.annotator):
                if s.id == part.entity_id:
                    linked.add((s.start, s.end, s.label))
        return next(
            (
                s.id
                for s in self._mine
                if s.is_live and s.layer == ENTITY and (s.start, s.end, s.label) in linked
            ),
            None,
        )

    def _refusal(self, group: review.SpanGroup, quote_id: int | None = None) -> Span:
        """The reviewer's ``rejected`` span that records a refused group."""
        return Span(
            group.start, group.end, group.layer, group.label, annotator=self.reviewer, origin=REJECTED,
            role=group.role, quote_id=quote_id,
        )  # fmt: skip

    def _parts_going(self, span: Span) -> list[Span]:
        """``span``, and the rest of its quote when it is the quote's only content."""
        if span.role != CONTENT or span.quote_id is None:
            return [span]
        parts = [s for s in self._mine if s.is_live and s.quote_id == span.quote_id]
        if sum(1 for s in parts if s.role == CONTENT) > 1:
            return [span]
        return [s for s in parts if s.id != span.id] + [span]

    def refuse(self) -> None:
        """``X``: the selected group's span out of the reviewer's version, for good."""
        group = self._target()
        if group is None:
            return
        key = key_of(group)
        live = next((s for s in self._mine if s.is_live and key_of(s) == key), None)
        if live is not None:
            ops: list[Op] = [("update", p.id, {"origin": REJECTED}) for p in self._parts_going(live)]
        elif any(key_of(s) == key for s in self._mine):
            self.window.show_message(f"{group.label} is refused already: A takes it")
            self.walk(1, open_only=True)
            return
        else:
            quote_id = self._quote_of(group) if group.layer == QUOTE else None
            if group.layer == QUOTE and group.role != CONTENT and quote_id is None:
                self._to_content(group, "X refuses it with its parts")
                return
            ops = [("add", self._refusal(group, quote_id))]
        if self.editor.push(f"refuse {group.label} ({group.share})", ops):
            self.walk(1, open_only=True)

    def finish(self, status: str = Status.DONE) -> None:
        """``Enter``: the review is done (the reviewer's version is the gold); ``Space``:
        skipped. Then the next article waiting for review."""
        current = self.editor.article_id
        if current is None or not self.editor.set_status(status):
            return
        waiting = [a for a in self.list_articles() if a != current]
        following = next((a for a in waiting if a > current), waiting[0] if waiting else None)
        what = "review done" if status == Status.DONE else f"marked {status}"
        if following is None:
            self.window.show_message(f"{what}; no more articles waiting for review")
        else:
            self.window.open_article(following)
            self.window.show_message(f"{what}; {count(len(waiting), 'article')} waiting")

    def trigger(self, name: str) -> None:
        """Run one of ``REVIEW_ACTIONS`` as Review mode means it."""
        {
            "accept": self.take,
            "reject": self.refuse,
            "next_span": lambda: self.walk(1),
            "previous_span": lambda: self.walk(-1),
            "done_next": self.finish,
            "skip": lambda: self.finish(Status.SKIPPED),
        }[name]()


def enter(window: MainWindow) -> None:
    """Put ``window`` in Review mode (nothing when it is already)."""
    window.finish_building()
    if window.review is None:
        window.review = ReviewController(window)
        window.review.enter()


def toggle(window: MainWindow) -> None:
    """``Ctrl+R``: enter Review mode, or leave it."""
    if window.review is None:
        enter(window)
        return
    window.review.leave()
    window.review.deleteLater()
    window.review = None
    window.articles.reload()
    window.list_count.setText(count(window.articles.total, "article"))

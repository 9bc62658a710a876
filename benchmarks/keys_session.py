"""The typist of the keys benchmark (``bench_keys``): a session on the real window
that plans the cheapest keys to each mark and presses them.

Caret moves are planned with ``QTextCursor`` copies (the very operations the
keys run, Up/Down with the x they remember), a selection is a goal when the
window's own snapping turns it into the gold span, and every plan is pressed
key by key and re-planned when the caret lands elsewhere. Only pressed keys
are counted.
"""

from __future__ import annotations

import heapq
import json
import os
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANNOTATOR = "bench"
MAX_FIND = 24  # longest prefix the planner types into the find bar
Target = tuple[int, int]


class Unreachable(RuntimeError):
    """No key sequence selects text the window snaps to the gold span."""


class Session:
    """One path over the gold in one fresh window; counts every key pressed."""

    def __init__(self, tmp: Path, *, new: bool, gold_file: Path) -> None:
        from annotator.assist import suggest
        from annotator.model import Article
        from annotator.store import Store
        from annotator.ui.main_window import LabelPicker, MainWindow
        from annotator.ui.qt import QtCore, QtGui, QtWidgets

        self.QtCore, self.QtGui, self.QtWidgets = QtCore, QtGui, QtWidgets
        self.Qt = QtCore.Qt
        self.new = new
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        self.text = (ROOT / gold["article"]).read_text(encoding="utf-8")
        self.gold = gold
        store = Store(tmp / f"{'new' if new else 'today'}.db")
        store.ensure_annotator(ANNOTATOR)
        store.add_articles([Article(text=self.text, title="seed", source="seed")], annotator=ANNOTATOR)
        for layer in ("quote", "boilerplate"):
            suggest(store, layer=layer, article_ids=[1], annotator=ANNOTATOR)
        self.keys: Counter[str] = Counter()  # per mark
        self.kinds: Counter[str] = Counter()  # per phase / layer
        self.current = "start"
        self.unreachable: list[str] = []  # marks no selection snaps to
        self._picked: list[str] = []
        LabelPicker.ask = classmethod(lambda cls, parent, names: self._pick(names))  # type: ignore[method-assign]
        self.window = MainWindow(store=store, annotator=ANNOTATOR)
        self.window.resize(1280, 800)
        self.window.show()
        self.window.open_first()
        self.window.activateWindow()
        for _ in range(200):  # window-wide shortcuts fire in the active window only
            QtWidgets.QApplication.processEvents()
            if self.window.isActiveWindow():
                break
        self.view = self.window.view
        self.editor = self.window.editor
        self.view.setFocus()
        self.view.set_selection(0, 0)
        self.editor.tokens.offsets(1, self.text)  # spaCy loaded before the first key, not during it
        layout = self.view.document().documentLayout()
        block = self.view.document().begin()
        while block.isValid():  # every line laid out, so Up/Down can be planned
            layout.blockBoundingRect(block)
            block = block.next()

    # -- pressing -------------------------------------------------------------

    def _pick(self, names: list[str]) -> str | None:
        name = self._picked.pop(0)
        self._count(2)  # its first letter, Enter
        return name if name in names else None

    def _count(self, n: int = 1) -> None:
        self.keys[self.current] += n
        self.kinds[self.current.split(":")[0]] += n

    def press(self, key: str, mods: str = "") -> None:
        from PySide6.QtTest import QTest

        qt = self.Qt
        modifiers = qt.KeyboardModifier.NoModifier
        for m in mods:
            modifiers |= {
                "c": qt.KeyboardModifier.ControlModifier,
                "s": qt.KeyboardModifier.ShiftModifier,
                "a": qt.KeyboardModifier.AltModifier,
            }[m]
        widget = self.QtWidgets.QApplication.focusWidget() or self.view
        QTest.keyClick(widget, getattr(qt.Key, f"Key_{key}"), modifiers)
        self._count()

    def type_text(self, words: str) -> None:
        from PySide6.QtTest import QTest

        widget = self.QtWidgets.QApplication.focusWidget()
        for ch in words:
            QTest.keyClicks(widget, ch)
            self._count()

    # -- the window's state ------------------------------------------------------

    def spans(self) -> list:
        return self.window.store.spans_for(1, ANNOTATOR)

    def caret(self) -> int:
        return self.view.caret()

    def state(self) -> tuple[int, int]:
        cursor = self.view.textCursor()
        return cursor.anchor(), cursor.position()

    def snapped(self, a: int, b: int, quotes: bool) -> Target | None:
        from annotator.model import SpanError

        to_py = self.view.offsets.to_py
        start, end = sorted((to_py(a), to_py(b)))
        if start == end:
            return None
        try:
            return self.editor._snapped(start, end, quotes=quotes)
        except SpanError:
            return None

    # -- planning -------------------------------------------------------------------

    def _moves(self, selecting: bool) -> list[tuple[str, str, Callable[[int, int], tuple[int, int] | None]]]:
        """(key, modifiers, move): ``move(position, x)`` is where the key takes a caret
        that remembers ``x`` for Up/Down, and the x it remembers then (None: no move)."""
        op = self.QtGui.QTextCursor.MoveOperation
        cursor = self.QtGui.QTextCursor(self.view.document())

        def mover(operation: object) -> Callable[[int, int], tuple[int, int] | None]:
            def run(pos: int, x: int) -> tuple[int, int] | None:
                cursor.setPosition(pos)
                cursor.setVerticalMovementX(x)
                if not cursor.movePosition(operation):
                    return None
                return cursor.position(), cursor.verticalMovementX()

            return run

        shift = "s" if selecting else ""
        moves = [
            ("Right", "c" + shift, mover(op.NextWord)),
            ("Left", "c" + shift, mover(op.PreviousWord)),
            ("Right", shift, mover(op.Right)),
            ("Left", shift, mover(op.Left)),
            ("Down", shift, mover(op.Down)),
            ("Up", shift, mover(op.Up)),
        ]
        if self.new and not selecting:
            from annotator.ui import navigation as nav

            starts = nav.paragraph_starts(self.text)  # what nav.paragraph walks, found once

            def paragraph(step: int) -> Callable[[int, int], tuple[int, int] | None]:
                def run(pos: int, _x: int) -> tuple[int, int] | None:
                    offsets = self.view.offsets
                    caret = offsets.to_py(pos)
                    i = bisect_right(starts, caret) if step > 0 else bisect_left(starts, caret) - 1
                    if not 0 <= i < len(starts):
                        return None
                    return self._x_at(offsets.to_qt(starts[i]))

                return run

            moves += [("Down", "c", paragraph(1)), ("Up", "c", paragraph(-1))]
        return moves

    def _x_at(self, pos: int) -> tuple[int, int]:
        cursor = self.QtGui.QTextCursor(self.view.document())
        cursor.setPosition(pos)
        return pos, cursor.verticalMovementX()

    def plan(
        self,
        *,
        anchor_ok: Callable[[int], bool],
        goal: Callable[[int, int], bool],
        select: bool,
        find_targets: list[int] = (),
    ) -> list[tuple]:
        """The cheapest keys from the caret to a goal state (anchor, position).

        Without ``select`` the goal is a caret position (``goal(pos, pos)``); with it a
        selection: plain moves to an anchor ``anchor_ok`` accepts, then Shift moves.
        ``find_targets``: Python offsets a find may land on (new path only).
        """
        to_qt, to_py = self.view.offsets.to_qt, self.view.offsets.to_py
        cursor = self.view.textCursor()
        start = (cursor.anchor(), cursor.position(), cursor.verticalMovementX())
        best = {start: 0}
        back: dict[tuple[int, int, int], tuple] = {}
        heap = [(0, start)]
        moves, shifted = self._moves(False), self._moves(True)
        if self.new and find_targets:
            from annotator.ui import navigation as nav

            caret = to_py(min(start[:2]))  # the find bar searches from the selection's start or the caret
            lower = self.text.lower()
            for target in find_targets:
                for k in range(1, min(MAX_FIND, len(self.text) - target) + 1):
                    prefix = lower[target : target + k]
                    if "\n" in prefix:
                        break
                    found = nav.find(self.text, prefix, caret)
                    if found and found[0] == target:
                        state = (to_qt(found[0]), *self._x_at(to_qt(found[1])))
                        cost = 2 + k
                        if cost < best.get(state, 1 << 30):
                            best[state] = cost
                            back[state] = ("find", prefix)
                            heapq.heappush(heap, (cost, state))
        while heap:
            cost, state = heapq.heappop(heap)
            if cost > best.get(state, 1 << 30):
                continue
            a, p, x = state
            if goal(a, p):
                return self._path(back, state)
            # A plain move drops a selection (planned as a move from its caret end).
            options = list(moves)
            if select and anchor_ok(a):
                options += shifted
            for key, mods, run in options:
                moved = run(p, x)
                if moved is None:
                    continue
                to, x2 = moved
                nxt = (to, to, x2) if "s" not in mods else (a, to, x2)
                if cost + 1 < best.get(nxt, 1 << 30):
                    best[nxt] = cost + 1
                    back[nxt] = (key, mods, state)
                    heapq.heappush(heap, (cost + 1, nxt))
        raise Unreachable(self.current)

    @staticmethod
    def _path(back: dict, state: tuple[int, int, int]) -> list[tuple]:
        steps = []
        while state in back:
            step = back[state]
            if step[0] == "find":
                steps.append(("find", step[1]))
                break
            steps.append((step[0], step[1], state[:2]))
            state = step[2]
        return steps[::-1]

    def run(self, **plan_args: object) -> None:
        """Plan, press, and re-plan where the window went elsewhere."""
        goal = plan_args["goal"]
        for _ in range(20):
            steps = self.plan(**plan_args)  # type: ignore[arg-type]
            if not steps:
                return
            for step in steps:
                if step[0] == "find":
                    self.press("Slash")
                    self.type_text(step[1])
                    self.press("Return")
                    continue
                key, mods, expected = step
                self.press(key, mods)
                if os.environ.get("BENCH_KEYS_DEBUG"):
                    print(self.current, key, mods, expected, self.state(), file=sys.stderr)
                if self.state() != expected:
                    break  # re-plan from where the caret is
            else:
                if goal(*self.state()):  # type: ignore[operator]
                    return
        raise RuntimeError("the caret never reached its goal")

    # -- marks ------------------------------------------------------------------

    def select_span(self, target: Target, *, quotes: bool, unquoted: bool = False) -> None:
        """Select text that the window snaps to exactly ``target``.

        ``unquoted``: the selection may not start or end on a quotation mark (``Q``
        would take the quote for a DIRECT one).
        """
        from annotator.model.spans import QUOTE_MARKS, WHITESPACE, trim

        to_qt, to_py = self.view.offsets.to_qt, self.view.offsets.to_py
        qs, qe = to_qt(target[0]), to_qt(target[1])
        goals: dict[tuple[int, int], bool] = {}
        anchors: dict[int, bool] = {}

        def goal(a: int, p: int) -> bool:
            if a == p or abs(p - qe) >= 40:
                return False
            if (a, p) not in goals:
                ok = self.snapped(a, p, quotes) == target
                if ok and unquoted:
                    s0, e0 = trim(self.text, *sorted((to_py(a), to_py(p))), chars=WHITESPACE)
                    ok = self.text[s0] not in QUOTE_MARKS and self.text[e0 - 1] not in QUOTE_MARKS
                goals[(a, p)] = ok
            return goals[(a, p)]

        def anchor_ok(p: int) -> bool:
            if not qs - 4 <= p < qe:
                return False
            if p not in anchors:
                anchors[p] = (self.snapped(p, qe, quotes) or (None,))[0] == target[0]
            return anchors[p]

        try:
            self.run(anchor_ok=anchor_ok, goal=goal, select=True, find_targets=[target[0]])
        except Unreachable:
            # Snapping widens every selection past the gold span (a snapping defect, say):
            # select exactly its characters; the final check shows what the store got.
            self.unreachable.append(self.current)
            exact = (to_qt(target[0]), to_qt(target[1]))
            self.run(
                anchor_ok=lambda p: p == exact[0],
                goal=lambda a, p: (a, p) == exact,
                select=True,
                find_targets=[target[0]],
            )

    def caret_into(self, first: int, last: int) -> None:
        """The caret (or a find's selection) anywhere in the Python range [first, last]."""
        to_py = self.view.offsets.to_py

        def goal(a: int, p: int) -> bool:
            return first <= to_py(min(a, p)) and to_py(max(a, p)) <= last

        self.run(anchor_ok=lambda p: False, goal=goal, select=False, find_targets=[first])

    def layer(self, layer: str) -> None:
        while self.editor.active_layer != layer:
            self.press("Tab")

    def label_key(self, layer: str, label: str) -> None:
        key = next((k for k, lab in self.editor.labels(layer) if lab.name == label), "")
        if key:
            self.press(key)
        else:
            self._picked.append(label)
            self.press("0")

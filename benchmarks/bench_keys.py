"""Keys an annotator spends (issue 10): the seed article annotated by keyboard, twice.

A scripted session drives the real main window (offscreen) with key presses
and annotates the seed article (``datasets/demo/seed-devdiscourse-article.txt``)
from its first line until the store holds exactly the gold in
``benchmarks/data/seed-keys-gold.json`` (54 entities, 8 quotes with 24 parts, 8
boilerplate blocks). The quote and boilerplate suggesters run first. The same
script takes two paths over the same gold:

- **today**: only keys that existed before issue 10: arrows and Ctrl+Left/Right
  to move, Shift+ (Ctrl+Shift+) arrows to select, digits (``0`` and the picker
  for DATE, TIME, CARDINAL), Q/C/S, B/Shift+B, A/X, ``[``/``]``, Tab. ``B`` then
  left nothing selected, so the script deselects after it (no key counted) and
  selects the block with ``[``/``]`` to relabel it, as one had to.
- **new**: those plus the issue-10 keys: find (``/``, the typed letters,
  ``Enter``), paragraph jumps (``Ctrl+Up/Down``), ``M`` + digit (mark every
  occurrence), ``Shift+S`` (a shared source), and ``B`` leaving the block selected.

Each phase, in the same order on both paths: decide every suggestion (``A``
accepts, ``X`` rejects; each selects the next), mark the boilerplate blocks,
the entities, then the quotes still missing. For each mark the script plans the
cheapest key sequence over the allowed keys (a shortest-path search in which
caret moves are computed with ``QTextCursor`` copies, the very operations the
keys run, and a selection is a goal when the window's own snapping turns it
into the gold span), then presses the keys one by one on the real window,
re-planning whenever the caret lands elsewhere than planned. Only pressed keys
are counted (a typed letter is one key; the label picker counts its letter and
``Enter``). At the end the store must hold exactly the gold spans (layer,
label, offsets, role, quote grouping; entity links are not compared).

Targets: the new path at most half today's keys; at most 8 keys per entity on
average. Run: ``QT_QPA_PLATFORM=offscreen python -m benchmarks keys``.
"""

from __future__ import annotations

import heapq
import json
import os
import sys
import tempfile
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).parent / "data" / "seed-keys-gold.json"
ANNOTATOR = "bench"
MAX_FIND = 24  # longest prefix the planner types into the find bar
Target = tuple[int, int]


class Unreachable(RuntimeError):
    """No key sequence selects text the window snaps to the gold span."""


class Session:
    """One path over the gold in one fresh window; counts every key pressed."""

    def __init__(self, tmp: Path, *, new: bool) -> None:
        from annotator.assist import suggest
        from annotator.model import Article
        from annotator.store import Store
        from annotator.ui.main_window import LabelPicker, MainWindow
        from annotator.ui.qt import QtCore, QtGui, QtWidgets

        self.QtCore, self.QtGui, self.QtWidgets = QtCore, QtGui, QtWidgets
        self.Qt = QtCore.Qt
        self.new = new
        gold = json.loads(GOLD.read_text(encoding="utf-8"))
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


def _key(span) -> tuple:
    return (span.layer, span.label, span.start, span.end, span.role)


def gold_sets(gold: dict) -> tuple[set, set]:
    """(every gold span as (layer, label, start, end, role), each quote as a frozenset of its parts)."""
    spans, quotes = set(), set()
    for e in gold["entities"]:
        spans.add(("entity", e["label"], e["start"], e["end"], None))
    for b in gold["boilerplate"]:
        spans.add(("boilerplate", b["label"], b["start"], b["end"], None))
    for q in gold["quotes"]:
        parts = frozenset(
            {
                ("quote", q["label"], q["content"]["start"], q["content"]["end"], "content"),
                ("quote", "CUE", q["cue"]["start"], q["cue"]["end"], "cue"),
                ("quote", "SOURCE", q["source"]["start"], q["source"]["end"], "source"),
            }
        )
        spans |= parts
        quotes.add(parts)
    return spans, quotes


def store_sets(spans: list) -> tuple[set, set]:
    live = [s for s in spans if s.is_live]
    quotes: dict[int, set] = {}
    for s in live:
        if s.quote_id is not None:
            quotes.setdefault(s.quote_id, set()).add(_key(s))
    return {_key(s) for s in live}, {frozenset(q) for q in quotes.values()}


def annotate(session: Session) -> None:
    """Both paths: suggestions, boilerplate, entities, quotes, from the first line."""
    from annotator.ui import navigation as nav

    s, gold, text = session, session.gold, session.text
    want, want_quotes = gold_sets(gold)
    # 1. Suggestions: A selects the first, then A accepts / X rejects and selects the next.
    s.current = "suggestions"
    s.press("A")
    while True:
        span = s.editor.selected()
        if span is None or not span.is_suggestion:
            break
        group = s.editor._suggestion_group(span)
        keys = {_key(x) for x in group}
        ok = frozenset(keys) in want_quotes if span.quote_id is not None else keys <= want
        s.press("A" if ok else "X")
    # 2. Boilerplate blocks: B on the first line, Shift+B on the last, then the label.
    from annotator.ui.offsets import line_bounds

    have = store_sets(s.spans())[0]
    for block in gold["boilerplate"]:
        if ("boilerplate", block["label"], block["start"], block["end"], None) in have:
            continue
        s.current = f"boilerplate:{block['text'][:24]!r}"
        first = line_bounds(text, block["start"], block["start"])
        s.caret_into(*first)
        s.press("B")
        if not s.new:
            s.editor.select(None)  # today B left nothing selected
        last = line_bounds(text, block["end"] - 1, block["end"] - 1)
        if last != first:
            s.caret_into(*last)
            s.press("B", "s")
        if block["label"] != "BOILERPLATE":
            if s.view.selection() is not None:
                s.press("Right")  # a digit would mark the selected words: drop them, keep the block
            while s.editor.selected() is None or (s.editor.selected().start, s.editor.selected().end) != (
                block["start"],
                block["end"],
            ):
                here = s.editor.selected()
                s.press("BracketLeft" if here is None or here.start >= block["start"] else "BracketRight")
            s.label_key("boilerplate", block["label"])
    # 3. Entities, in reading order; on the new path M + digit marks the repeats.
    s.layer("entity")
    for ent in gold["entities"]:
        target = (ent["start"], ent["end"])
        if ("entity", ent["label"], *target, None) in store_sets(s.spans())[0]:
            continue
        s.current = f"entity:{ent['text']}@{ent['start']}"
        s.layer("entity")
        s.select_span(target, quotes=True)
        s.label_key("entity", ent["label"])
        if s.new:
            marked = [(x.start, x.end) for x in s.spans() if x.layer == "entity" and x.is_live]
            blocks = [(x.start, x.end) for x in s.spans() if x.layer == "boilerplate" and x.is_live]
            rest = [
                r
                for r in nav.unmarked(nav.occurrences(text, text[target[0] : target[1]]), marked)
                if not any(r[0] < b[1] and b[0] < r[1] for b in blocks)
            ]
            if rest and all(("entity", ent["label"], *r, None) in want for r in rest):
                s.press("M")
                s.label_key("entity", ent["label"])
    # 4. Quotes still missing: Q on the content, then C and S (or Shift+S for a shared source).
    for q in gold["quotes"]:
        content = (q["content"]["start"], q["content"]["end"])
        if any(("quote", q["label"], *content, "content") in parts for parts in store_sets(s.spans())[1]):
            continue
        s.current = f"quote:{q['content']['text'][:24]!r}"
        s.select_span(content, quotes=True, unquoted=q["label"] != "DIRECT")
        s.press("Q")
        mine = s.editor.selected()
        assert mine is not None and mine.label == q["label"], (
            s.current,
            mine,
            s.window.statusBar().currentMessage(),
        )
        shared = [
            x
            for x in s.spans()
            if x.role == "source" and (x.start, x.end) == (q["source"]["start"], q["source"]["end"])
        ]
        if s.new and shared:
            s.press("S", "s")
            continue
        for role, key in (("cue", "C"), ("source", "S")):
            s.select_span((q[role]["start"], q[role]["end"]), quotes=True)
            s.press(key)


def measure(new: bool, tmp: Path) -> Session:
    session = Session(tmp, new=new)
    annotate(session)
    return session


def main() -> bool:
    from PySide6.QtWidgets import QApplication

    QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="annotator-bench-keys-") as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        today = measure(False, Path(tmp))
        new = measure(True, Path(tmp))
        want, want_quotes = gold_sets(today.gold)
        results = []
        for name, session in (("today", today), ("new", new)):
            got, got_quotes = store_sets(session.spans())
            exact = got == want and got_quotes == want_quotes
            results.append(exact)
            if session.unreachable:
                print(f"{name:>5} path: snapping widens every selection of {', '.join(session.unreachable)}")
            print(
                f"{name:>5} path: store holds exactly the gold: {'yes' if exact else 'NO'}"
                + ("" if exact else f" (missing {sorted(want - got)[:4]}, extra {sorted(got - want)[:4]})")
            )
        n_ent = len(today.gold["entities"])
        print(f"\n{'mark':<48} {'today':>6} {'new':>6}")
        for mark in today.keys:
            print(f"{mark[:48]:<48} {today.keys[mark]:>6} {new.keys.get(mark, 0):>6}")
        print(f"\n{'keys':<28} {'today':>7} {'new':>7}   target")
        for kind in ("suggestions", "boilerplate", "entity", "quote"):
            print(f"{kind:<28} {today.kinds[kind]:>7} {new.kinds[kind]:>7}")
        total_today, total_new = sum(today.kinds.values()), sum(new.kinds.values())
        per_entity = new.kinds["entity"] / n_ent
        ratio = total_new / total_today
        print(f"{'total':<28} {total_today:>7} {total_new:>7}   new <= half of today: {ratio:.2f}x")
        print(
            f"{'keys per entity (avg)':<28} {today.kinds['entity'] / n_ent:>7.1f} {per_entity:>7.1f}"
            f"   new <= 8: {'met' if per_entity <= 8 else 'MISSED'}"
        )
        results += [ratio <= 0.5, per_entity <= 8]
        for session in (today, new):
            session.window.close()
            session.window.store.close()
    return all(results)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

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

import os
import sys
import tempfile
from pathlib import Path

from benchmarks.keys_session import Session

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GOLD = Path(__file__).parent / "data" / "seed-keys-gold.json"


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
    session = Session(tmp, new=new, gold_file=GOLD)
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

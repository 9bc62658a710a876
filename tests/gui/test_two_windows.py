"""Two processes on one database: nothing is corrupted, each sees the other's edits."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from annotator.ui.qt import Qt

pytestmark = pytest.mark.gui


def test_second_process_edits_are_seen_after_reopening(window, qtbot, db_path) -> None:
    text = window.editor.article.text
    start = text.index("Lukashenko")
    window.view.set_selection(start, start + len("Lukashenko"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    other = textwrap.dedent(f"""
        from annotator.model import Span
        from annotator.store import Store
        s = Store({str(db_path)!r})
        s.ensure_annotator("ann")
        text = s.article(1).text
        spans = s.spans_for(1, "ann")
        assert [text[x.start:x.end] for x in spans] == ["Lukashenko"], spans
        i = text.index("Poland")
        s.add_span(1, Span(i, i + 6, "entity", "GPE", "ann"))
        s.close()
    """)
    subprocess.run([sys.executable, "-c", other], check=True, timeout=60)
    # This window goes on editing while the other process has written...
    start = text.index("Latvia")
    window.view.set_selection(start, start + len("Latvia"))
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    window.open_article(1)  # ...and sees the other's edit after reopening the article
    assert sorted(text[s.start : s.end] for s in window.editor.spans) == ["Latvia", "Lukashenko", "Poland"]
    assert window.span_model.rowCount() == 3
    assert window.store.integrity_check() == "ok"

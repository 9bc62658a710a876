"""A pack opened in the window (issue 12): an annotator works offline on their share in
the real window, and ``merge`` brings every mark and status back into the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.model import Status
from annotator.store import Store
from annotator.store.packs import merge, pack
from annotator.store.teams import assign
from annotator.ui.qt import Qt
from tests.gui.conftest import ANNOTATOR

pytestmark = pytest.mark.gui


def test_a_pack_is_annotated_in_the_window_and_merged_back(
    make_window, articles, qtbot, tmp_path: Path
) -> None:
    project = tmp_path / "team.db"
    with Store(project) as store:
        store.ensure_annotator("bob")
        store.add_articles(articles, annotator="bob")
        assign(store, annotators=[ANNOTATOR, "bob"], overlap=1, seed=0)
        shared = pack(store, tmp_path / "ann-pack.db", annotator=ANNOTATOR)
    assert 0 < shared.articles < len(articles)

    window = make_window(target=tmp_path / "ann-pack.db")
    assert window.articles.total == shared.articles  # the share, nothing else
    first = window.editor.article_id
    text = window.editor.article.text
    word = next(w for w in text.split() if w.istitle() and len(w) > 3).strip(".,;:")
    start = text.index(word)
    window.view.set_selection(start, start + len(word))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.actions_by_name["done_next"].trigger()
    window.close()

    with Store(project) as store:
        report = merge(store, [tmp_path / "ann-pack.db"])
        spans = [s for s in store.spans_for(first, ANNOTATOR) if not s.is_suggestion]
        assert [(s.start, s.end) for s in spans] == [(start, start + len(word))]
        assert store.status(first, ANNOTATOR) == Status.DONE
        assert not store.spans_for(first, "bob")
    assert list(report.merged.values()) == [1] and not report.conflicts

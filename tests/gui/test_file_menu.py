"""File > Import / Suggest / Export through the real window (dialogs answered by the test)."""

from __future__ import annotations

import pytest

from annotator.ui import dialogs, workers

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _no_error_boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(
        workers.ErrorBox, "show", classmethod(lambda cls, parent, title, msg: shown.append(msg))
    )
    yield shown


def test_import_from_the_file_menu(window, qtbot, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Oslo Town Hall hosted the ceremony on Friday evening.\n", encoding="utf-8")
    (folder / "b.txt").write_text("The Nile floods every summer, farmers said on Monday.\n", encoding="utf-8")
    monkeypatch.setattr(
        dialogs.ImportDialog,
        "ask",
        classmethod(lambda cls, parent, annotator="": dialogs.ImportRequest(paths=[folder])),
    )
    window.actions_by_name["import"].trigger()
    assert window.store.count_articles() == 6
    assert window.articles.total == 6
    assert window.progress_label.text() == "0 / 6 done"
    assert "imported 2 articles" in window.statusBar().currentMessage()


def test_suggest_from_the_file_menu_then_accept(window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(
        dialogs.SuggestDialog,
        "ask",
        classmethod(
            lambda cls, parent, has_article=True: dialogs.SuggestRequest(layer="quote", articles="current")
        ),
    )
    window.actions_by_name["suggest"].trigger()
    pending = [s for s in window.editor.spans if s.is_suggestion and s.layer == "quote"]
    assert pending, "the quote rules find the seed article's quotes"
    assert window.articles.data(window.articles.index(0, 2)) == len(
        [s for s in window.store.spans_for(1, "ann") if s.is_suggestion]
    )
    window.actions_by_name["accept_all_quote"].trigger()
    assert not [s for s in window.store.spans_for(1, "ann") if s.is_suggestion and s.layer == "quote"]
    assert any(s.origin == "accepted" and s.role == "content" for s in window.store.spans_for(1, "ann"))


def test_export_menu_says_so_when_export_is_missing_or_runs_it(window, qtbot, tmp_path, monkeypatch) -> None:
    try:
        import annotator.formats.export  # noqa: F401
    except ImportError:
        window.actions_by_name["export"].trigger()
        assert "not part of this build" in window.statusBar().currentMessage()
        return
    monkeypatch.setattr(
        dialogs.ExportDialog,
        "ask",
        classmethod(
            lambda cls, parent, annotators, current=None: dialogs.ExportRequest(
                out_dir=tmp_path / "out", format="jsonl", status=None, annotator="ann"
            )
        ),
    )
    window.actions_by_name["export"].trigger()
    assert (tmp_path / "out").is_dir()

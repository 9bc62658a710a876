"""Starting the window: ``annotator open``, the demo set, the first-run offer, layers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.ui.qt import Qt
from tests.gui.conftest import wait_ready

pytestmark = pytest.mark.gui


def test_demo_flag_loads_the_demo_into_an_empty_database(qtbot, db_path) -> None:
    from annotator.ui.app import open_window

    window = open_window(db_path, annotator="ann", demo=True, offer_demo=False)
    qtbot.addWidget(window)
    wait_ready(qtbot, window)
    assert window.store.count_articles() >= 1
    assert "Macron" in window.editor.article.text
    count = window.store.count_articles()
    window.close()
    window.store.close()
    again = open_window(db_path, annotator="ann", demo=True, offer_demo=False)  # not loaded twice
    qtbot.addWidget(again)
    assert again.store.count_articles() == count
    again.close()
    again.store.close()


@pytest.mark.parametrize("answer", [True, False])
def test_first_run_offers_the_demo(qtbot, db_path, monkeypatch, answer) -> None:
    from annotator.ui import app as app_module

    asked = []
    monkeypatch.setattr(
        app_module.DemoOffer, "ask", classmethod(lambda cls, parent: asked.append(1) or answer)
    )
    window = app_module.open_window(db_path, annotator="ann")
    qtbot.addWidget(window)
    assert asked == [1]
    assert (window.store.count_articles() > 0) is answer
    window.close()
    window.store.close()


def test_no_offer_without_a_demo_set(qtbot, db_path, monkeypatch) -> None:
    from annotator.ui import app as app_module

    monkeypatch.setattr(app_module, "demo_dir", lambda: None)
    monkeypatch.setattr(app_module.DemoOffer, "ask", classmethod(lambda cls, parent: pytest.fail("asked")))
    window = app_module.open_window(db_path, annotator="ann")
    qtbot.addWidget(window)
    assert "no articles yet" in window.statusBar().currentMessage()
    window.close()
    window.store.close()


def test_open_command_defaults_to_the_user_data_dir(monkeypatch, tmp_path) -> None:
    from annotator.ui import app as app_module

    calls = []
    monkeypatch.setattr(app_module, "run", lambda db, **kw: calls.append((db, kw)) or 0)
    result = CliRunner().invoke(app, ["open", "--annotator", "kim"])
    assert result.exit_code == 0, result.output
    [(db, kw)] = calls
    assert db == tmp_path / "data" / "annotator" / "annotations.db"  # XDG_DATA_HOME from conftest
    assert kw == {"annotator": "kim", "demo": False, "review": False}
    result = CliRunner().invoke(app, ["open", str(tmp_path / "x.db"), "--demo"])
    assert calls[-1] == (
        tmp_path / "x.db",
        {"annotator": calls[-1][1]["annotator"], "demo": True, "review": False},
    )
    result = CliRunner().invoke(app, ["open", str(tmp_path / "x.db"), "--review", "-a", "rita"])  # issue 12
    assert calls[-1] == (tmp_path / "x.db", {"annotator": "rita", "demo": False, "review": True})


@pytest.mark.parametrize(
    "args",
    [
        ["open"],
        ["open", "x.db", "--annotator", "kim", "--demo"],
        ["open", "-a", "kim", "x.db"],
        ["open", "--annotator=kim", "x.db"],
        ["open", "x.db", "--review", "-a", "rita"],
    ],
)
def test_open_without_typer_runs_what_typer_runs(monkeypatch, tmp_path, args) -> None:
    from annotator.cli import main
    from annotator.ui import app as app_module

    monkeypatch.chdir(tmp_path)
    calls = []
    monkeypatch.setattr(app_module, "run", lambda db, **kw: calls.append((db, kw)) or 0)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    monkeypatch.setattr("sys.argv", ["annotator", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 0
    assert calls[0] == calls[1]


def test_open_without_typer_fails_as_typer_does(tmp_path, monkeypatch, capsys) -> None:
    from annotator.cli import main

    bad = tmp_path / "notes.db"
    bad.write_text("just some text, not SQLite\n" * 100)
    monkeypatch.setattr("sys.argv", ["annotator", "open", str(bad)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "not an annotator database" in err
    typer_says = CliRunner().invoke(app, ["open", str(bad)])
    assert typer_says.output.strip() == err.strip()


def test_open_command_rejects_a_file_that_is_not_a_database(tmp_path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("just some text, not SQLite\n" * 100)
    result = CliRunner().invoke(app, ["open", str(bad)])
    assert result.exit_code == 1
    assert "not an annotator database" in result.output


def test_layers_can_be_hidden(window, qtbot) -> None:
    text = window.editor.article.text
    start = text.index("Lithuania")
    window.view.set_selection(start, start + 9)
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    cursor = window.view.textCursor()
    cursor.setPosition(start + 1)
    from annotator.ui.theme import label_colours

    # GPE's colour (#a1d99b), made readable for the theme the window is in
    assert (
        cursor.charFormat().background().color().name()
        == label_colours("#a1d99b", window.view.styler().theme)[1]
    )
    qtbot.keyClick(
        window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    window.view.finish_styling()
    cursor.setPosition(start + 1)
    assert cursor.charFormat().background().style() == Qt.BrushStyle.NoBrush
    assert not window.actions_by_name["show_entity"].isChecked()


def test_tab_switches_the_active_layer(window, qtbot) -> None:
    assert window.editor.active_layer == "entity"
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.editor.active_layer == "quote"
    assert window.label_model.data(window.label_model.index(0, 0)).endswith("DIRECT")
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    text = window.editor.article.text
    start = text.index("TRENDING") if "TRENDING" in text else 0
    window.view.set_selection(start, start + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # first boilerplate label, on the selection
    [span] = [s for s in window.store.spans_for(1, "ann") if s.layer == "boilerplate"]
    assert span.start <= start
    assert Path(window.store.path).exists()


def test_question_mark_shows_the_keys(window, qtbot) -> None:
    from annotator.ui.cheatsheet import CheatSheet

    qtbot.keyClick(window.view, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: window.findChild(CheatSheet) is not None and window.findChild(CheatSheet).isVisible()
    )
    rows = window.findChild(CheatSheet).rows()
    assert ("Article", "Done, next", "Return, Enter") in rows or any(r[1] == "Done, next" for r in rows)
    assert any(r[1] == "Quote content" and r[2] == "Q" for r in rows)

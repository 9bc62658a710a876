"""The import, export and suggest dialogs: keyboard use, checks, the requests they return."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from annotator.ui.dialogs import (
    IMPORT_FORMATS,
    ExportDialog,
    ExportRequest,
    ImportDialog,
    ImportRequest,
    SuggestDialog,
    SuggestRequest,
    parse_split,
)

# The offscreen platform warns when a dialog is shown; not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def _enter(qtbot, widget):
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_import_by_keyboard(qtbot, tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.txt").write_text("b\n")
    dialog = _shown(qtbot, ImportDialog(annotator="maria"))
    assert QApplication.focusWidget() is dialog.path_edit
    # Enter in a filled path field adds the path; the dialog stays open.
    for name in ("a.jsonl", "b.txt"):
        qtbot.keyClicks(dialog.path_edit, str(tmp_path / name))
        _enter(qtbot, dialog.path_edit)
    assert dialog.isVisible()
    assert dialog.paths() == [tmp_path / "a.jsonl", tmp_path / "b.txt"]
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.path_list
    dialog.format.setCurrentText("prodigy")
    # Enter in the empty path field accepts.
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _enter(qtbot, dialog.path_edit)
    assert dialog.request() == ImportRequest(
        paths=[tmp_path / "a.jsonl", tmp_path / "b.txt"], format="prodigy", annotator="maria"
    )


def test_import_refuses_a_missing_path_and_stays_open(qtbot, tmp_path):
    dialog = _shown(qtbot, ImportDialog(annotator="maria"))
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "nowhere.jsonl"))
    _enter(qtbot, dialog.path_edit)
    _enter(qtbot, dialog.path_edit)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.isVisible()
    assert dialog.error.text() == f"{tmp_path / 'nowhere.jsonl'}: no such file or folder"


def test_import_refuses_an_empty_list(qtbot):
    dialog = _shown(qtbot, ImportDialog(annotator="maria"))
    _enter(qtbot, dialog.path_edit)
    assert dialog.isVisible()
    assert "at least one" in dialog.error.text()


def test_escape_cancels_and_ask_returns_none(qtbot):
    def press_escape():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, press_escape)
    assert ImportDialog.ask(None, annotator="maria") is None


def test_ask_returns_the_request(qtbot, tmp_path):
    out = tmp_path / "out"

    def fill_in():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        qtbot.keyClicks(dialog.out_dir, str(out))
        _enter(qtbot, dialog.out_dir)

    QTimer.singleShot(0, fill_in)
    request = ExportDialog.ask(None, annotators=["maria", "li"], current="li")
    assert request == ExportRequest(out_dir=out, annotator="li")


def test_export_choices_land_in_the_request(qtbot, tmp_path):
    dialog = _shown(qtbot, ExportDialog(annotators=["maria", "li"]))
    dialog.out_dir.setText(str(tmp_path / "export"))
    dialog.split.setText("0.7, 0.3")
    dialog.seed.setValue(13)
    dialog.group_by.setCurrentText("none")
    dialog.status.setCurrentText("any")
    dialog.annotator.setCurrentText("all annotators")
    qtbot.keyClick(dialog.include_suggestions, Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _enter(qtbot, dialog.out_dir)
    assert dialog.request() == ExportRequest(
        out_dir=tmp_path / "export",
        split=(0.7, 0.3),
        seed=13,
        group_by="none",
        status=None,
        annotator=None,
        include_suggestions=True,
    )


def test_export_refuses_a_bad_split(qtbot, tmp_path):
    dialog = _shown(qtbot, ExportDialog(annotators=["maria"]))
    dialog.out_dir.setText(str(tmp_path / "export"))
    dialog.split.setText("0.8,0.3")
    _enter(qtbot, dialog.out_dir)
    assert dialog.isVisible()
    assert "add up to 1" in dialog.error.text()
    # The split only matters to the spaCy export.
    dialog.format.setCurrentText("text")
    assert not dialog.split.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _enter(qtbot, dialog.out_dir)


def test_export_into_a_full_folder_needs_overwrite(qtbot, tmp_path):
    from annotator.formats.export_folder import write_manifest

    # An earlier export's folder (its manifest lists train.spacy): Overwrite replaces it (issue 9.1).
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "train.spacy").write_bytes(b"old")
    write_manifest(tmp_path / "out")
    dialog = _shown(qtbot, ExportDialog(annotators=["maria"]))
    dialog.out_dir.setText(str(tmp_path / "out"))
    _enter(qtbot, dialog.out_dir)
    assert dialog.isVisible()
    assert "holds an earlier export; tick Overwrite" in dialog.error.text()
    dialog.force.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _enter(qtbot, dialog.out_dir)
    assert dialog.request().force


def test_export_tab_order_follows_the_form(qtbot):
    dialog = _shown(qtbot, ExportDialog(annotators=["maria"]))
    expected = [
        dialog.browse,
        dialog.format,
        dialog.split,
        dialog.seed,
        dialog.group_by,
        dialog.status,
        dialog.annotator,
        dialog.lang,
        dialog.include_suggestions,
        dialog.force,
    ]
    seen = []
    for _ in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        # A spin box focuses its inner line edit.
        seen.append(widget.parent() if widget.parent() is dialog.seed else widget)
    assert seen == expected


def test_suggest_quotes_for_this_article(qtbot):
    dialog = _shown(qtbot, SuggestDialog())
    assert QApplication.focusWidget() is dialog.layer
    # Quotes take an optional parsing pipeline (or a model made by Model > Train);
    # patterns are for entities only.
    assert dialog.model.isEnabled() and not dialog.patterns.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _enter(qtbot, dialog.layer)
    assert dialog.request() == SuggestRequest(layer="quote", articles="current")
    dialog.model.setText("en_core_web_sm")
    assert dialog.request() == SuggestRequest(layer="quote", articles="current", model="en_core_web_sm")
    # Boilerplate takes a model too: only one made by Model > Train knows that layer.
    dialog.layer.setCurrentText("boilerplate")
    assert dialog.model.isEnabled() and dialog.request().model == "en_core_web_sm"
    assert not dialog.patterns.isEnabled()


def test_suggest_entities_needs_a_model_or_patterns(qtbot, tmp_path):
    patterns = tmp_path / "patterns.jsonl"
    patterns.write_text('{"label": "ORG", "pattern": "Reuters"}\n')
    dialog = _shown(qtbot, SuggestDialog(has_article=False))
    assert not dialog.scope_current.isEnabled()
    dialog.layer.setCurrentText("entity")
    _enter(qtbot, dialog.layer)
    assert dialog.isVisible()
    assert dialog.error.text() == "Entities need a model, a patterns file, or both."
    qtbot.keyClicks(dialog.patterns, str(tmp_path / "missing.jsonl"))
    _enter(qtbot, dialog.patterns)
    assert "no such patterns file" in dialog.error.text()
    dialog.patterns.setText(str(patterns))
    dialog.scope_all.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        _enter(qtbot, dialog.patterns)
    assert dialog.request() == SuggestRequest(layer="entity", articles="all", patterns=patterns)


@pytest.mark.parametrize("text", ["0.8", "a,b", "0.5,0.6", "-0.2,0.6,0.6", "0.2,0.2,0.2,0.4"])
def test_parse_split_refuses(text):
    with pytest.raises(ValueError, match="split"):
        parse_split(text)


def test_parse_split_accepts_two_or_three_shares():
    assert parse_split("0.8,0.1,0.1") == (0.8, 0.1, 0.1)
    assert parse_split(" 0.9 , 0.1 ") == (0.9, 0.1)


def test_requests_are_plain_data():
    assert ImportRequest(paths=[Path("x")]).format == "auto"


def test_import_formats_match_the_importers():
    from annotator.formats.importing import FORMATS

    assert ("auto", *FORMATS) == IMPORT_FORMATS

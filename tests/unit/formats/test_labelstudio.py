"""Label Studio: annotations are spans, predictions are suggestions, bad offsets are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.reader import BadInput
from tests.unit.formats.conftest import stored

LS = "labelstudio"


def test_annotation_arrives_as_span_and_task_done(store, do_import, fixtures: Path) -> None:
    report = do_import(fixtures / LS / "named_entity" / "annotations_1.json", label_map={"Date": "DATE"})
    assert report.picked == {"labelstudio": 1}
    [(article, spans)] = stored(store)
    assert spans == [("February 22", "DATE", "entity", "manual")]
    assert store.status(article.id, "ann") == "done"


def test_predictions_arrive_as_suggestions(store, do_import, fixtures: Path) -> None:
    report = do_import(fixtures / LS / "named_entity" / "tasks.json")
    assert report.suggestions == 1 and report.labels_added == {"Date": "entity"}
    [(article, spans)] = stored(store)
    assert spans == [("February 22", "Date", "entity", "suggested:labelstudio")]
    assert store.status(article.id, "ann") == "todo"


def test_offsets_that_disagree_with_the_text_are_refused(store, do_import, fixtures: Path) -> None:
    path = fixtures / LS / "rich_text_plain" / "annotations_1.json"
    with pytest.raises(BadInput) as exc:
        do_import(path)
    assert exc.value.where.startswith(str(path)) and "task 1" in exc.value.where
    assert "'February 22'" in exc.value.problem and "' supporters'" in exc.value.problem
    assert store.count_articles() == 0


def test_tasks_are_named_file_line_in_arrays_and_single_objects(store, do_import, fixtures: Path) -> None:
    # One style for every Label Studio file: FILE:LINE, then the task id when there is one.
    problems = []
    for name in ("tasks.json", "annotations_1.json"):
        report = do_import(fixtures / LS / "rich_text_html" / name, skip_invalid=True)
        problems += [line.split(": XPath")[0] for line in report.skipped]
    folder = fixtures / LS / "rich_text_html"
    assert problems == [f"{folder / 'tasks.json'}:2", f"{folder / 'annotations_1.json'}:1 (task 0)"]


def test_xpath_spans_on_html_are_refused(store, do_import, fixtures: Path) -> None:
    with pytest.raises(BadInput, match="hypertextlabels"):
        do_import(fixtures / LS / "rich_text_html" / "tasks.json")


def test_full_export_envelope_with_choices(store, do_import, fixtures: Path) -> None:
    report = do_import(fixtures / LS / "converter-tests__csv_test_history.json")
    assert report.added == 1 and report.notes == {"Label Studio choices results": 1}
    [(article, spans)] = stored(store)
    assert article.text.startswith("Calif. wildfires") and spans == []
    assert article.meta["labelstudio_id"] == 6141
    assert store.status(article.id, "ann") == "done"

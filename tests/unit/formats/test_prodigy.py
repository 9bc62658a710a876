"""Prodigy tasks: accepted tasks arrive done, rejected/ignored are reported and skipped."""

from __future__ import annotations

import json
from pathlib import Path

from tests.unit.formats.conftest import stored

NYT = "prodigy/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"


def test_nyt_headlines_arrive_done_with_their_spans(store, do_import, fixtures: Path) -> None:
    report = do_import(fixtures / NYT, label_map={"LOCATION": "LOC"})
    assert report.picked == {"prodigy": 1}
    assert report.added == 372 and report.spans == 303
    assert len(report.not_imported) == 1 and "answer 'ignore'" in report.not_imported[0]
    assert ":337:" in report.not_imported[0]
    assert report.labels_added == {}  # LOCATION was mapped to the schema's LOC
    articles = stored(store)
    first, spans = articles[0]
    assert first.text.startswith("Uber\u2019s Lesson")
    assert spans == [("Uber", "ORG", "entity", "manual"), ("Silicon Valley", "LOC", "entity", "manual")]
    assert first.source == "The New York Times"
    # Every accepted task is done for the importing annotator, spans or not.
    assert store.progress("ann") == (372, 372)


def test_rejected_tasks_are_listed_not_imported(store, do_import, tmp_path: Path) -> None:
    path = tmp_path / "tasks.jsonl"
    tasks = [
        {"text": "Apple buys a shop.", "spans": [{"start": 0, "end": 5, "label": "ORG"}], "answer": a}
        for a in ("accept", "reject")
    ]
    tasks[1]["text"] = "Google buys a shop."
    path.write_text("\n".join(json.dumps(t) for t in tasks), encoding="utf-8")
    report = do_import(path)
    assert report.added == 1 and "answer 'reject'" in report.not_imported[0]

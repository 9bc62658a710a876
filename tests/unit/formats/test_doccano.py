"""doccano: both export shapes, custom columns, pretty-printed files, bad records."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.reader import BadInput
from tests.unit.formats.conftest import stored

D = "doccano"


def test_sequence_labelling_export(store, do_import, fixtures: Path) -> None:
    report = do_import(fixtures / D / "data_export__pipeline__examples__sequence_labeling__example.jsonl")
    assert report.picked == {"doccano": 1} and report.added == 3
    assert report.labels_added == {"MISC": "entity"}
    assert [spans for _, spans in stored(store)] == [
        [("EU", "ORG", "entity", "manual"), ("German", "MISC", "entity", "manual")],
        [("Peter Blackburn", "PERSON", "entity", "manual")],
        [("Obama", "PERSON", "entity", "manual")],
    ]


def test_relation_export_pretty_printed_over_many_lines(store, do_import, fixtures: Path) -> None:
    report = do_import(fixtures / D / "data_export__pipeline__examples__relation_extraction__example.jsonl")
    assert report.added == 1 and report.notes == {"doccano relations": 3}
    [(article, spans)] = stored(store)
    assert [s[:2] for s in spans] == [
        ("Google", "ORG"),
        ("September 4, 1998", "DATE"),
        ("Larry Page", "PERSON"),
        ("Sergey Brin", "PERSON"),
    ]
    assert store.status(article.id, "ann") == "done"


def test_custom_column_names(store, do_import, fixtures: Path) -> None:
    do_import(
        fixtures / D / "data_import__pipeline__examples__sequence_labeling__example.jsonl", fmt="doccano"
    )
    assert stored(store)[0][1] == [("EU", "ORG", "entity", "manual")]


def test_record_without_text_stops_the_import_naming_the_line(store, do_import, fixtures: Path) -> None:
    path = fixtures / D / "data_import__tests__data__sequence_labeling__example.jsonl"
    with pytest.raises(BadInput, match="no text") as exc:
        do_import(path)
    assert exc.value.where == f"{path}:3"
    assert store.count_articles() == 0
    report = do_import(path, skip_invalid=True)
    assert report.added == 2 and report.skipped == [f"{path}:3: the record has no text"]
    # A one-character span is kept as the file gives it (issue 9.10).
    assert stored(store)[0][1] == [("e", "LOC", "entity", "manual")]
    assert stored(store)[0][0].meta == {"wikiPageID": 1}


def test_overlapping_entities_are_bad_input(store, do_import, fixtures: Path) -> None:
    with pytest.raises(BadInput, match="overlapping entity spans"):
        do_import(fixtures / D / "data_import__tests__data__sequence_labeling__example_overlapping.jsonl")
    assert store.count_articles() == 0

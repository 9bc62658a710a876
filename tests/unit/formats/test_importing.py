"""What every import shares: layers of labels, label map, checks, snapping, all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.formats.importing import LabelMapError, parse_label_map
from annotator.formats.reader import BadInput
from tests.unit.formats.conftest import stored


def _jsonl(tmp_path: Path, *records: dict, name: str = "data.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def test_label_map_parsing() -> None:
    assert parse_label_map(["LOCATION=LOC", " PER = PERSON "]) == {"LOCATION": "LOC", "PER": "PERSON"}
    for bad in ("LOC", "=LOC", "A=", "A B=C"):
        with pytest.raises(LabelMapError, match="OLD=NEW"):
            parse_label_map([bad])


def test_labels_land_on_their_schema_layer_and_unknown_ones_on_entity(store, do_import, tmp_path) -> None:
    text = "Menu\nHe said it was fine. Apple Inc sells things."
    report = do_import(
        _jsonl(
            tmp_path,
            {
                "text": text,
                "spans": [
                    {"start": 0, "end": 4, "label": "NAV"},
                    {"start": 5, "end": 26, "label": "INDIRECT"},
                    {"start": 27, "end": 36, "label": "COMPANY"},
                ],
            },
        )
    )
    assert report.labels_added == {"COMPANY": "entity"}
    assert "labels added to the schema: COMPANY (entity)" in report.lines()
    [(article, _)] = stored(store)
    spans = {s.label: s for s in store.spans_for(article.id, "ann")}
    assert spans["NAV"].layer == "boilerplate"
    assert (spans["INDIRECT"].layer, spans["INDIRECT"].role) == ("quote", "content")
    assert spans["INDIRECT"].quote_id is not None
    assert spans["COMPANY"].layer == "entity"
    assert store.schema().get("COMPANY", "entity") is not None


def test_emoji_combining_marks_and_nbsp_keep_spans_on_their_characters(store, do_import, tmp_path) -> None:
    text = "Fans 😀 of Zoe\u0301 Smith met\u00a0in São\u00a0Paulo\r\nwith José."
    raw_spans = [("Zoe\u0301 Smith", "PERSON"), ("José", "PERSON")]
    spans = [
        {"start": text.index(t), "end": text.index(t) + len(t), "label": label, "text": t}
        for t, label in raw_spans
    ]
    do_import(_jsonl(tmp_path, {"text": text, "spans": spans}))
    [(article, got)] = stored(store)
    assert [g[0] for g in got] == [t for t, _ in raw_spans]
    assert "\r" not in article.text


def test_misaligned_spans_are_kept_exactly(store, do_import, tmp_path) -> None:
    # issue 9.10: another tool's offsets are what is stored, not widened to tokens.
    text = "Emmanuel Macron met Vladimir Putin."
    report = do_import(
        _jsonl(
            tmp_path,
            {
                "text": text,
                "spans": [
                    {"start": 2, "end": 12, "label": "PERSON"},
                    {"start": 19, "end": 33, "label": "PERSON"},
                ],
            },
        )
    )
    assert not any("snapped" in line for line in report.lines())
    assert [g[0] for g in stored(store)[0][1]] == ["manuel Mac", " Vladimir Puti"]


@pytest.mark.parametrize(
    ("span", "problem"),
    [
        ({"start": 5, "end": 99, "label": "ORG"}, r"lies outside the text \(10 characters\)"),
        ({"start": 0, "end": 5, "label": "ORG", "text": "Other"}, "says its text is 'Other'"),
        ({"start": 5, "end": 6, "label": "ORG"}, "holds no text"),
    ],
)
def test_bad_spans_name_the_record_and_nothing_is_saved(store, do_import, tmp_path, span, problem) -> None:
    path = _jsonl(tmp_path, {"text": "A fine text."}, {"text": "Apple  Inc", "spans": [span]})
    with pytest.raises(BadInput, match=problem) as exc:
        do_import(path)
    assert exc.value.where == f"{path}:2"
    assert store.count_articles() == 0


def test_overlapping_entities_are_bad_input(store, do_import, tmp_path) -> None:
    path = _jsonl(
        tmp_path,
        {
            "text": "New York City",
            "spans": [{"start": 0, "end": 8, "label": "GPE"}, {"start": 4, "end": 13, "label": "LOC"}],
        },
    )
    with pytest.raises(BadInput, match=r"overlapping entity spans: GPE \[0, 8\) 'New York' and LOC"):
        do_import(path)


def test_skip_invalid_imports_the_rest_and_lists_the_skipped(store, do_import, tmp_path) -> None:
    good = _jsonl(tmp_path, {"text": "One good text."}, {"text": ""}, {"text": "Another good one."})
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)))
    report = do_import(good, binary, fmt="auto", skip_invalid=True)
    assert report.added == 2
    assert [line.split(": ", 1)[0] for line in report.skipped] == [f"{good}:2", str(binary)]


def test_auto_says_what_it_picked_for_a_mixed_folder(store, do_import, fixtures, tmp_path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for sub, name in [
        ("txt", "seed-devdiscourse-article.txt"),
        ("conll", "ner-token-per-line.iob"),
        ("doccano", "data_export__pipeline__examples__sequence_labeling__example.jsonl"),
    ]:
        (folder / name).write_bytes((fixtures / sub / name).read_bytes())
    (folder / "notes.xml").write_text("<x/>")
    report = do_import(folder)
    assert report.picked == {"txt": 1, "conll": 1, "doccano": 1}
    assert report.lines()[0] == "format: conll (1 file), doccano (1 file), txt (1 file)"
    assert report.ignored_files == ["notes.xml"]


def test_missing_path_and_unknown_single_file(store, do_import, tmp_path) -> None:
    with pytest.raises(BadInput, match="no such file or folder"):
        do_import(tmp_path / "nope")
    odd = tmp_path / "data.xyz"
    odd.write_text("hello")
    with pytest.raises(BadInput, match="give --format"):
        do_import(odd)
    assert do_import(odd, fmt="txt").added == 1


def test_jsonl_quotes_round_trip_with_roles(store, do_import, tmp_path) -> None:
    text = '"We will win," Macron said.'
    do_import(
        _jsonl(
            tmp_path,
            {
                "text": text,
                "title": "T",
                "meta": {"id": 7},
                "spans": [
                    {
                        "start": 1,
                        "end": 12,
                        "label": "DIRECT",
                        "layer": "quote",
                        "role": "content",
                        "quote_id": 1,
                    },
                    {
                        "start": 15,
                        "end": 21,
                        "label": "SOURCE",
                        "layer": "quote",
                        "role": "source",
                        "quote_id": 1,
                    },
                    {"start": 22, "end": 26, "label": "CUE", "layer": "quote", "role": "cue", "quote_id": 1},
                    {"start": 15, "end": 21, "label": "PERSON"},
                ],
            },
        )
    )
    [(article, _)] = stored(store)
    assert article.title == "T" and article.meta == {"id": 7}
    quote = [s for s in store.spans_for(article.id, "ann") if s.layer == "quote"]
    assert {s.role for s in quote} == {"content", "source", "cue"}
    assert len({s.quote_id for s in quote}) == 1
    assert report_labels(store) >= {"DIRECT", "PERSON"}


def report_labels(store) -> set[str]:
    return {label for entry in store.stats()["layers"].values() for label in entry["labels"]}

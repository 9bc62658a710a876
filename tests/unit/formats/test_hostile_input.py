"""Hostile import records: wrongly typed fields, lone surrogates, invisible labels (issue 9): ``annotator import`` says one line naming file and record,
exits 1 and leaves the project as it was; ``--skip-invalid`` lists the record and imports the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_helpers import GOOD, dump, refused, run, seeded_project, texts

from annotator.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return seeded_project(tmp_path)


# -- issue 9.3: Label Studio labels given as one string -----------------------------------------


def _task(value: object, **extra: object) -> list[dict[str, object]]:
    result = {"type": "labels", "from_name": "label", "to_name": "text", "value": value}
    return [
        {
            "id": 7,
            "data": {"text": "Angela Merkel met Emmanuel Macron."},
            "annotations": [{"result": [result]}],
            **extra,
        }
    ]


def labels_of(db: Path) -> list[tuple[str, str]]:
    with Store(db) as store:
        aid = store.article_ids()[-1]
        text = store.article(aid).text
        return [(text[s.start : s.end], s.label) for s in store.spans_for(aid, "ann")]


def test_issue_9_3_labelstudio_labels_as_a_string_is_the_label(db: Path, tmp_path: Path) -> None:
    tasks = tmp_path / "tasks.json"
    tasks.write_text(json.dumps(_task({"start": 0, "end": 13, "text": "Angela Merkel", "labels": "PERSON"})))
    result = run("import", db, tasks, "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert labels_of(db) == [("Angela Merkel", "PERSON")]
    assert "extra labels" not in result.stdout


# -- issue 9.6: a field of the wrong type, anywhere in a JSON record ----------------------------

LS_OK = {"start": 0, "end": 13, "labels": ["PERSON"]}
WRONG_TYPES = {
    # name: (file name, the bad record, what the line says)
    "jsonl spans not a list": (
        "r.jsonl",
        {"text": "Some text here.", "spans": 5},
        "'spans' must be a list, got 5",
    ),
    "jsonl spans an object": (
        "r.jsonl",
        {"text": "Some text here.", "spans": {"start": 0}},
        "'spans' must be a list",
    ),
    "jsonl span not an object": (
        "r.jsonl",
        {"text": "Some text here.", "spans": [[0, 4, "X"]]},
        "span 1 must be an object",
    ),
    "jsonl start not an int": (
        "r.jsonl",
        {"text": "Some text here.", "spans": [{"start": [0], "end": 4, "label": "X"}]},
        "span 1 start must be a whole number, got [0]",
    ),
    "jsonl start a float": (
        "r.jsonl",
        {"text": "Some text here.", "spans": [{"start": 1.5, "end": 4, "label": "X"}]},
        "span 1 start must be a whole number",
    ),
    "jsonl id past SQLite integers": (
        "r.jsonl",
        {"text": "Some text here.", "spans": [{"start": 0, "end": 4, "label": "X", "id": 2**70}]},
        "span 1 id must be a whole number",
    ),
    "jsonl start in other digits": (
        "r.jsonl",
        {"text": "Some text here.", "spans": [{"start": "²", "end": 4, "label": "X"}]},
        "span 1 start must be a whole number",
    ),
    "jsonl label not a string": (
        "r.jsonl",
        {"text": "Some text here.", "spans": [{"start": 0, "end": 4, "label": {"name": "X"}}]},
        "the label must be a non-empty string",
    ),
    "jsonl span text not a string": (
        "r.jsonl",
        {"text": "Some text here.", "spans": [{"start": 0, "end": 4, "label": "X", "text": 4}]},
        "span 1 text must be a string, got 4",
    ),
    "jsonl text not a string": ("r.jsonl", {"text": ["Some text"], "title": "ok"}, "'text' must be a string"),
    "jsonl title not a string": (
        "r.jsonl",
        {"text": "Some text here.", "title": ["A"]},
        "'title' must be a string",
    ),
    "jsonl meta not an object": (
        "r.jsonl",
        {"text": "Some text here.", "meta": ["a"]},
        "'meta' must be an object",
    ),
    "prodigy answer not a string": (
        "p.jsonl",
        {"text": "Some text here.", "answer": ["accept"], "_input_hash": 1},
        "'answer' must be a string",
    ),
    "prodigy spans not a list": (
        "p.jsonl",
        {"text": "Some text here.", "answer": "accept", "spans": "none"},
        "'spans' must be a list",
    ),
    "doccano entities not a list": (
        "d.jsonl",
        {"text": "Some text here.", "entities": 5, "relations": []},
        "'entities' must be a list, got 5",
    ),
    "doccano triple label not a string": (
        "d.jsonl",
        {"text": "Some text here.", "label": [[0, 4, ["X"]]]},
        "the label must be a non-empty string",
    ),
    "doccano text not a string": (
        "d.jsonl",
        {"text": 12, "label": [[0, 4, "X"]]},
        "'text' must be a string",
    ),
    "labelstudio value a list": (
        "t.json",
        _task([0, 13, "PERSON"])[0],
        "result 1: value must be an object, got list",
    ),
    "labelstudio value a string": ("t.json", _task("PERSON")[0], "value must be an object"),
    "labelstudio labels a number": (
        "t.json",
        _task({**LS_OK, "labels": 5})[0],
        "result 1: value.labels must be a list of label names, got 5",
    ),
    "labelstudio labels hold a list": (
        "t.json",
        _task({**LS_OK, "labels": [["PERSON"]]})[0],
        "value.labels must hold label names, got ['PERSON']",
    ),
    "labelstudio start a string": (
        "t.json",
        _task({**LS_OK, "start": "zero"})[0],
        "result 1 start must be a whole number",
    ),
    "labelstudio span text a number": (
        "t.json",
        _task({**LS_OK, "text": 13})[0],
        "value.text must be a string",
    ),
    "labelstudio result an object": (
        "t.json",
        {"id": 7, "data": {"text": "Some text here."}, "annotations": [{"result": {"type": "labels"}}]},
        "the 'result' of the annotation must be a list",
    ),
    "labelstudio annotations a number": (
        "t.json",
        {"id": 7, "data": {"text": "Some text here."}, "annotations": 3},
        "'annotations' must be a list, got 3",
    ),
    "labelstudio annotation a string": (
        "t.json",
        {"id": 7, "data": {"text": "Some text here."}, "annotations": ["done"]},
        "annotations 1 must be an object",
    ),
    "labelstudio predictions an object": (
        "t.json",
        {"id": 7, "data": {"text": "Some text here."}, "predictions": {"result": []}},
        "'predictions' must be a list",
    ),
    "labelstudio data.text a list": (
        "t.json",
        {"id": 7, "data": {"text": ["a"]}, "annotations": []},
        "data.text must be a string",
    ),
    "labelstudio meta a string": (
        "t.json",
        {"id": 7, "data": {"text": "Some text here."}, "annotations": [], "meta": "x"},
        "'meta' must be an object",
    ),
}
GOOD_OF = {
    "r.jsonl": GOOD,
    "p.jsonl": {**GOOD, "answer": "accept", "_input_hash": 2},
    "d.jsonl": {"text": GOOD["text"], "label": [[0, 13, "PERSON"]]},
    "t.json": {**_task(LS_OK)[0], "id": 1, "data": {"text": GOOD["text"]}},
}


def _write(path: Path, records: list[object]) -> None:
    if path.suffix == ".json":
        path.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n", encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


@pytest.mark.parametrize("case", sorted(WRONG_TYPES))
def test_issue_9_6_a_wrongly_typed_field_is_one_line_naming_the_record(
    db: Path, tmp_path: Path, case: str
) -> None:
    name, bad, problem = WRONG_TYPES[case]
    path = tmp_path / name
    _write(path, [GOOD_OF[name], bad])
    refused(db, path, where=f"{path}:{3 if name.endswith('.json') else 2}", problem=problem)
    # --skip-invalid: the good record lands, the bad one is listed, nothing aborts
    result = run("import", db, path, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stdout.splitlines() if line.startswith("skipped (invalid): ")]
    assert len(skipped) == 1 and str(path) in skipped[0] and problem in skipped[0], result.stdout
    assert texts(db)[-1] == GOOD["text"]


# -- issue 9.6: lone surrogates never reach the store ---------------------------------------------


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\udc80 and \\ud83d"])
def test_issue_9_6_a_lone_surrogate_in_the_text_refuses_the_record(
    db: Path, tmp_path: Path, escape: str
) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(GOOD) + '\n{"text": "Broken ' + escape + ' text."}\n', encoding="utf-8")
    refused(db, path, where=f"{path}:2", problem="the text holds a lone surrogate U+D")
    result = run("import", db, path, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert f"skipped (invalid): {path}:2: the text holds a lone surrogate" in result.stdout
    assert texts(db)[-1] == GOOD["text"]


def test_issue_9_6_lone_surrogates_elsewhere_become_replacement_characters(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "tasks.json"
    path.write_text(
        '[{"id": "t\\ud800", "data": {"text": "Angela Merkel met Emmanuel Macron."}, '
        '"meta": {"note\\udc00": ["ok", {"deep": "x\\udfff"}]}, "annotations": []}]',
        encoding="utf-8",
    )
    result = run("import", db, path, "--annotator", "ann")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        article = store.article(store.article_ids()[-1])
    assert article.meta == {"note\ufffd": ["ok", {"deep": "x\ufffd"}], "labelstudio_id": "t\ufffd"}


# -- issue 9.7 / 9.8: label names, and errors about them that name file and line ------------------

INVISIBLE = [
    "\u200b",
    "\ufeff",
    "\u2060",
    "\u00ad",
    "\u200b\u200c\u200d",
    "\u3000",
    "\u00a0",
    "\x07",
    "\u034f",
    "\u3164",
    "\u2800",
    "\u0301",
    "\U000e0041",
    "PER\u200bSON",
]


@pytest.mark.parametrize("label", INVISIBLE, ids=[ascii(c) for c in INVISIBLE])
def test_issue_9_8_invisible_labels_are_refused_from_files(db: Path, tmp_path: Path, label: str) -> None:
    path = tmp_path / "r.jsonl"
    spans = [{"start": 0, "end": 13, "label": label}]
    path.write_text(
        json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "text": "Other people here.", "spans": spans}) + "\n"
    )
    line = refused(db, path, where=f"{path}:2: span ", problem="label")
    assert any(
        why in line
        for why in ("holds an invisible character", "must be one word", "only combining marks", "non-empty")
    ), line
    with Store(db) as store:
        assert not [lbl for lbl in store.schema() if lbl.name == label]


@pytest.mark.parametrize("label", ["\u200b", "\ufeff", "\u2060\u2061", "NAME\u00ad"])
def test_issue_9_8_invisible_labels_are_refused_from_label_map(db: Path, label: str, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(GOOD) + "\n")
    before = dump(db)
    result = run("import", db, path, "--label-map", f"PERSON={label}", "--annotator", "ann")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: --label-map {'PERSON=' + label!r}: label name {label!r} holds an invisible character "
        + result.stderr.split("holds an invisible character ", 1)[1].strip()
    ]
    assert dump(db) == before


@pytest.mark.parametrize("label", ["\u200b", "\ufeff", "A\u200d"])
def test_issue_9_8_invisible_labels_are_refused_from_the_label_schema(label: str) -> None:
    from annotator.model import LabelSchema

    toml = f'[[label]]\nname = "PERSON"\nlayer = "entity"\n\n[[label]]\nname = "{label}"\nlayer = "entity"\n'
    with pytest.raises(ValueError, match=r"label #2: label name .* holds an invisible character"):
        LabelSchema.from_toml(toml)


def test_visible_labels_in_any_script_are_kept(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    labels = ["Ортсname", "地名", "ÉVÉNEMENT", "MONEY-$", "e\u0301vent"]
    path.write_text(
        "".join(
            json.dumps({"text": f"Entity {i} here.", "spans": [{"start": 0, "end": 6, "label": lb}]}) + "\n"
            for i, lb in enumerate(labels)
        )
    )
    result = run("import", db, path, "--annotator", "ann")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        assert set(labels) <= {lbl.name for lbl in store.schema()}


@pytest.mark.parametrize(
    ("ann", "problem"),
    [
        ("T1\t 0 10\tJohn Smith\n", "span [0, 10): label name '' is empty"),
        ("T1\tSome Person 0 4\tJohn\n", "cannot read the offsets"),
        (
            "T1\tPerson 0 4\tJohn\nT2\t\u200b 5 10\tSmith\n",
            "span [5, 10): label name '\\u200b' holds an invisible character",
        ),
    ],
)
def test_issue_9_7_a_brat_label_error_names_the_ann_file_and_line(
    db: Path, tmp_path: Path, ann: str, problem: str
) -> None:
    (tmp_path / "story.txt").write_text("John Smith went home.\n", encoding="utf-8")
    (tmp_path / "story.ann").write_text(ann, encoding="utf-8")
    line = ann.count("\n")
    refused(db, tmp_path / "story.ann", where=f"{tmp_path / 'story.ann'}:{line}: ", problem=problem)


def test_issue_9_7_a_label_with_a_space_names_the_file_and_line(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": "Some text here.", "label": [[0, 4, "NEW LABEL"]]}) + "\n")
    refused(db, path, where=f"{path}:1: span [0, 4): ", problem="label name 'NEW LABEL' must be one word")

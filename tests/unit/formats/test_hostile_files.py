"""Hostile import files: huge or deep HTML, byte order marks, undecodable bytes, JSON of no format (issue 9): ``annotator import`` says one line naming file and record,
exits 1 and leaves the project as it was; ``--skip-invalid`` lists the record and imports the rest."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from hostile_helpers import GOOD, refused, run, seeded_project, texts

from annotator.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return seeded_project(tmp_path)


# -- issue 9.2: HTML past libxml2's 10 MB limit on one node ---------------------------------


@pytest.mark.parametrize(
    "huge",
    [
        f'<img src="data:image/png;base64,{"QUJD" * 2_700_000}" alt="a photo">',  # an inline image
        f"<p>{'word ' * 2_200_000}</p>",  # one text node of 11 MB
        f'<a href="/x" title="{"t" * 10_500_000}">link</a>',  # any long attribute
    ],
    ids=["data-image", "text-node", "attribute"],
)
def test_issue_9_2_html_keeps_the_text_after_a_huge_element(db: Path, tmp_path: Path, huge: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>A long page</title></head><body><p>Before the big element.</p>"
        f"{huge}<p>After it comes the part that matters.</p><footer>Contact us</footer></body></html>",
        encoding="utf-8",
    )
    result = run("import", db, page, "--annotator", "ann")
    assert result.exit_code == 0, result.output
    text = texts(db)[-1]
    assert text.startswith("Before the big element.")
    assert text.endswith("After it comes the part that matters.\nContact us")


@pytest.mark.parametrize(
    "cut",
    [
        (f'<img src="data:image/png;base64,{"QUJD" * 2_700_000}">', ""),  # an 11 MB attribute
        ("<div>" * 300, "</div>" * 300),  # nested past trafilatura's parser's 256
    ],
    ids=["data-image", "nested-300"],
)
def test_issue_9_2_trafilatura_sees_the_text_past_where_its_parser_stops(
    db: Path, tmp_path: Path, cut: tuple[str, str]
) -> None:
    """The boilerplate suggester reads the raw page: the main text after the cut stays unmarked."""
    paragraphs = [
        f"Paragraph {i} of the story says something long enough to count as prose." for i in range(6)
    ]
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>A story with a photo</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav><article>"
        f"<h1>A story with a photo</h1><p>{paragraphs[0]}</p>{cut[0]}"
        + "".join(f"<p>{p}</p>" for p in paragraphs[1:])
        + f"{cut[1]}</article><footer>Copyright 2026 The Paper</footer></body></html>",
        encoding="utf-8",
    )
    assert run("import", db, page, "--annotator", "ann").exit_code == 0
    result = run("suggest", db, "--layer", "boilerplate", "--annotator", "ann", "--articles", "all")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        aid = store.article_ids()[-1]
        text = store.article(aid).text
        marked = [text[s.start : s.end] for s in store.spans_for(aid, "ann")]
        origins = {s.origin for s in store.spans_for(aid, "ann")}
    assert origins == {"suggested:trafilatura"}
    assert all(p in text for p in paragraphs)
    assert not any(p in m for m in marked for p in paragraphs), marked


# -- issue 9.7: encodings named by a byte order mark ---------------------------------------------


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_issue_9_7_a_file_with_a_byte_order_mark_is_read_by_it(db: Path, tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}.get(codec, b"")
    story = tmp_path / "story.txt"
    story.write_bytes(bom + "Zoë met the mayor of Malmö\n\nShe said “yes”.".encode(codec))
    records = tmp_path / "records.jsonl"
    records.write_bytes(bom + (json.dumps(GOOD) + "\n").encode(codec))
    result = run("import", db, story, records, "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert texts(db)[-2:] == ["Zoë met the mayor of Malmö\n\nShe said “yes”.", GOOD["text"]]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_issue_9_7_wide_text_without_a_mark_names_the_encoding_to_give(
    db: Path, tmp_path: Path, codec: str
) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes("A story in a wide encoding, without its mark.".encode(codec))
    refused(db, story, where=str(story), problem=f"without a byte order mark; give --encoding {codec}")
    assert run("import", db, story, "--encoding", codec, "--annotator", "ann").exit_code == 0
    assert texts(db)[-1] == "A story in a wide encoding, without its mark."


# -- issue 9.6: a brat pair that is not UTF-8 ---------------------------------------------------


@pytest.mark.parametrize("bad", ["ann", "txt"])
def test_issue_9_6_brat_bytes_that_are_not_utf8(db: Path, tmp_path: Path, bad: str) -> None:
    txt, ann = tmp_path / "story.txt", tmp_path / "story.ann"
    txt.write_bytes("Jos\xe9 Smith went home.\n".encode("latin-1" if bad == "txt" else "utf-8"))
    ann.write_bytes("T1\tPerson 0 10\tJos\xe9 Smith\n".encode("latin-1" if bad == "ann" else "utf-8"))
    named = txt if bad == "txt" else ann
    refused(db, ann, where=f"{named}: not valid UTF-8 (byte 0xe9", problem="--encoding")
    # --skip-invalid lists the pair and imports the rest
    other = tmp_path / "other.txt"
    other.write_text("Another story that reads fine\n\nBody.", encoding="utf-8")
    result = run("import", db, ann, other, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert f"skipped (invalid): {named}: not valid UTF-8" in result.stdout
    assert texts(db)[-1] == "Another story that reads fine\n\nBody."


def test_empty_ann_is_a_text_without_spans(db: Path, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Jose Smith went home today.\n", encoding="utf-8")
    (tmp_path / "story.ann").write_bytes(b"")
    result = run("import", db, tmp_path / "story.ann", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert "added 1 article with 0 spans" in result.stdout


def test_issue_9_6_a_file_name_that_is_not_utf8_imports_and_errors_print(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "scrape"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.txt")  # the byte 0xe9 arrives as the lone surrogate U+DCE9
    (folder / name).write_text("A story saved under a Latin-1 name\n\nBody.", encoding="utf-8")
    (folder / os.fsdecode(b"bad\xff.txt")).write_bytes(bytes(range(256)))
    result = run("import", db, folder, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert (
        "skipped (invalid): " in result.stdout and "bad\\udcff.txt: looks like a binary file" in result.stdout
    )
    with Store(db) as store:
        article = store.article(store.article_ids()[-1])
    assert article.text.startswith("A story saved") and article.meta == {"file": "caf\ufffd.txt"}


# -- issue 9.7: a JSON file whose records are not objects ------------------------------------------


@pytest.mark.parametrize(
    ("content", "where", "problem"),
    [
        ("5\n6\n", ":1: ", "not a JSON object (got a number)"),
        ('"a story"\n"another"\n', ":1: ", "not a JSON object (got a string)"),
        ("null\n", ":1: ", "not a JSON object (got null)"),
        ("[1, 2]\n[3]\n", ":1:2: ", "not a JSON object (got a number)"),
        ('{"text": 5}\n', ":1: ", "'text' must be a string, got a number"),
        ('{"body": "a story", "tags": 3}\n', ":1: ", "a JSON object of no format we read"),
        ("[]\n", ": ", "holds no JSON records"),
    ],
)
def test_issue_9_7_jsonl_of_no_objects_says_what_is_wrong(
    db: Path, tmp_path: Path, content: str, where: str, problem: str
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(content, encoding="utf-8")
    line = refused(db, path, where=f"{path}{where}", problem=problem)
    assert "cannot tell the format" not in line
    # --skip-invalid lists the file and imports the others
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD) + "\n")
    result = run("import", db, path, good, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert f"skipped (invalid): {path}{where}{problem}" in result.stdout
    assert texts(db)[-1] == GOOD["text"]


def test_issue_9_7_a_bad_first_record_does_not_hide_the_format(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text('{"text" 1}\n[7]\n' + json.dumps(GOOD) + "\n", encoding="utf-8")
    refused(db, path, where=f"{path}:1: ", problem="not valid JSON")
    result = run("import", db, path, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert f"skipped (invalid): {path}:1: not valid JSON" in result.stdout
    assert f"skipped (invalid): {path}:2: expected a JSON object, got list" in result.stdout
    assert texts(db)[-1] == GOOD["text"]


@pytest.mark.parametrize("depth", [3_000, 100_000])
def test_issue_9_2_html_nested_too_deep_is_refused_not_cut(db: Path, tmp_path: Path, depth: int) -> None:
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body><p>Start.</p>"
        + "<div>" * depth
        + "deep text"
        + "</div>" * depth
        + "<p>After.</p></body></html>",
        encoding="utf-8",
    )
    refused(
        db, page, where=f"{page}: ", problem="cannot read the whole page: the HTML parser stopped at line 1"
    )
    result = run("import", db, page, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0 and f"skipped (invalid): {page}: cannot read the whole page" in result.stdout


def test_in_a_folder_broken_json_is_an_error_and_foreign_json_is_ignored(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "good.jsonl").write_text(json.dumps(GOOD) + "\n")
    (folder / "package.json").write_text('{"name": "site", "version": "1.0"}\n')
    (folder / "broken.jsonl").write_text('{"text": "cut off\n')
    refused(db, folder, where=f"{folder / 'broken.jsonl'}:1: ", problem="not valid JSON")
    result = run("import", db, folder, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    assert f"skipped (invalid): {folder / 'broken.jsonl'}:1: not valid JSON" in result.stdout
    assert "ignored 1 file(s) of no known format: package.json" in result.stdout
    assert texts(db)[-1] == GOOD["text"]


def test_issue_9_7_a_byte_order_mark_against_the_encoding_given(db: Path, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes("A story in UTF-16 with its mark.".encode("utf-16"))
    refused(
        db, story, "--encoding", "latin-1", where=f"{story}: ", problem="starts with a UTF-16 byte order mark"
    )


def test_issue_9_6_skip_invalid_never_aborts_on_any_kind(db: Path, tmp_path: Path) -> None:
    """One folder holding a bad record of every kind: each is listed, the good ones land."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    bad_records = [
        {"text": "Some text here.", "spans": 5},
        {"text": "Some text here.", "spans": [7]},
        {"text": "Some text here.", "spans": [{"start": "a", "end": 4, "label": "X"}]},
        {"text": "Some text here.", "spans": [{"start": 0, "end": 4, "label": ["X"]}]},
        {"text": "Some text here.", "spans": [{"start": 0, "end": 4, "label": "\u200b"}]},
        {"text": "Some text here.", "spans": [{"start": 0, "end": 4, "label": "X", "text": {}}]},
    ]
    (folder / "records.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in bad_records)
        + '{"text": "Half \\ud800 a character."}\n'
        + json.dumps(GOOD)
        + "\n"
    )
    tasks = [
        {
            "id": 1,
            "data": {"text": "Some text here."},
            "annotations": [{"result": [{"type": "labels", "value": [0, 4]}]}],
        },
        {"id": 2, "data": {"text": "Some text here."}, "annotations": 4},
        {
            "id": 3,
            "data": {"text": "Other text here."},
            "annotations": [
                {"result": [{"type": "labels", "value": {"start": 0, "end": 5, "labels": "ORG"}}]}
            ],
        },
    ]
    (folder / "tasks.json").write_text(json.dumps(tasks))
    (folder / "latin.txt").write_bytes("José went home to Málaga.".encode("latin-1"))
    (folder / "pair.txt").write_text("John Smith went home.\n")
    (folder / "pair.ann").write_bytes(
        "T1\tPerson 0 10\tJohn Smith\nT2\tLoc\xe9 11 15\twent\n".encode("latin-1")
    )
    (folder / "wide.txt").write_bytes("Wide text without its mark here.".encode("utf-16-le"))
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 3000 + "x" + "</div>" * 3000 + "</body></html>"
    )
    (folder / "numbers.jsonl").write_text("1\n2\n")
    before = len(texts(db))
    result = run("import", db, folder, "--skip-invalid", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stdout.splitlines() if line.startswith("skipped (invalid): ")]
    # the jsonl records, the surrogate, two tasks, and latin.txt, pair.ann, wide.txt, deep.html
    assert len(skipped) == len(bad_records) + 1 + 2 + 4, "\n".join(skipped)
    # valid JSON of no format of ours is passed over in a folder, and said so
    assert "ignored 1 file(s) of no known format: numbers.jsonl" in result.stdout
    assert sorted(texts(db)[before:]) == sorted(["Other text here.", GOOD["text"]])

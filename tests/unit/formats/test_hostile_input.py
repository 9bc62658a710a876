"""Hostile import files (issue 9): ``annotator import`` says one line naming file and record, exits 1
and leaves the project as it was; ``--skip-invalid`` lists the record and imports the rest."""

from __future__ import annotations

import codecs
import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.store import Store

GOOD = {
    "text": "Angela Merkel spoke in Berlin on Monday.",
    "spans": [{"start": 0, "end": 13, "label": "PERSON"}],
}


def run(*args: str | Path):  # noqa: ANN201 - click's Result
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is what these tests exist to prevent
    return result


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A project holding one article already, so 'unchanged' means something."""
    path = tmp_path / "project.db"
    seed = tmp_path / "seed.txt"
    seed.write_text("An article already in the project\n\nIts body.", encoding="utf-8")
    assert run("import", path, seed, "--annotator", "ann").exit_code == 0
    return path


def texts(db: Path) -> list[str]:
    with Store(db) as store:
        return [store.article(i).text for i in store.article_ids()]


def refused(db: Path, *args: str | Path, where: str, problem: str) -> str:
    """Import ``args``: exit 1, one line naming ``where`` and ``problem``, project unchanged."""
    before = dump(db)
    result = run("import", db, *args, "--annotator", "ann")
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1, result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert where in lines[0] and problem in lines[0], lines[0]
    assert dump(db) == before
    return lines[0]


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


def test_issue_9_2_trafilatura_sees_the_text_after_a_huge_image(db: Path, tmp_path: Path) -> None:
    """The boilerplate suggester reads the raw page: the main text after the image stays unmarked."""
    paragraphs = [
        f"Paragraph {i} of the story says something long enough to count as prose." for i in range(6)
    ]
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>A story with a photo</title></head><body>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav><article>"
        f"<h1>A story with a photo</h1><p>{paragraphs[0]}</p>"
        f'<img src="data:image/png;base64,{"QUJD" * 2_700_000}">'
        + "".join(f"<p>{p}</p>" for p in paragraphs[1:])
        + "</article><footer>Copyright 2026 The Paper</footer></body></html>",
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
    assert paragraphs[-1] in text and not any(paragraphs[-1] in m for m in marked), marked


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

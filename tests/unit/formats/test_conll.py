"""CoNLL / IOB: detokenised text with spans on exactly their tokens."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.reader import BadInput
from tests.unit.formats.conftest import stored

EXPECTED = [
    ("Sebastian Thrun", "PERSON"),
    ("Google", "ORG"),
    ("2007", "DATE"),
    ("American", "NORP"),
    ("Thrun", "PERSON"),
    ("Recode", "ORG"),
    ("earlier this week", "DATE"),
]


@pytest.mark.parametrize(
    "name",
    [
        "ner-token-per-line.iob",
        "ner-token-per-line-with-pos.iob",
        "ner-token-per-line-conll2003.iob",
        "ner-sent-per-line.iob",
    ],
)
def test_spacy_examples_in_every_layout(store, do_import, fixtures: Path, name: str) -> None:
    report = do_import(fixtures / "conll" / name)
    assert report.picked == {"conll": 1}
    [(article, spans)] = stored(store)
    assert [s[:2] for s in spans] == EXPECTED
    assert article.text.startswith(
        "When Sebastian Thrun started working on self - driving cars at Google in 2007, few people"
    )
    assert "\u201cI can tell you" in article.text and "I wasn\u2019t worth" in article.text
    assert store.status(article.id, "ann") == "done"


def test_sentences_become_lines_and_docstart_splits_articles(store, do_import, tmp_path: Path) -> None:
    path = tmp_path / "two.conll"
    path.write_text(
        "-DOCSTART- O\n\nJohn B-PER\nSmith I-PER\nleft O\n. O\n\nHe O\nwon O\n\n"
        "-DOCSTART- O\n\nParis U-LOC\n( O\nFrance B-LOC\n) O\n",
        encoding="utf-8",
    )
    report = do_import(path)
    assert report.added == 2
    (a, a_spans), (b, b_spans) = stored(store)
    assert a.text == "John Smith left.\nHe won"
    assert a_spans == [("John Smith", "PER", "entity", "manual")]
    assert b.text == "Paris (France)"
    assert [s[0] for s in b_spans] == ["Paris", "France"]


def test_doccano_two_column_conll(store, do_import, fixtures: Path) -> None:
    do_import(fixtures / "conll" / "data_import__tests__data__sequence_labeling__example.conll")
    [(article, spans)] = stored(store)
    assert article.text == "JAPAN GET\nNadim Ladki"
    assert [s[:2] for s in spans] == [("JAPAN", "LOC"), ("Nadim Ladki", "PER")]


def test_a_bad_tag_names_the_line(store, do_import, tmp_path: Path) -> None:
    path = tmp_path / "bad.iob"
    path.write_text("John B-PER\nleft OUT\n", encoding="utf-8")
    with pytest.raises(BadInput, match="'OUT' is not an IOB") as exc:
        do_import(path)
    assert exc.value.where == f"{path}:2"

"""brat standoff: pairs, discontinuous spans, quotes from attribution events."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.reader import BadInput
from tests.unit.formats.conftest import stored


def test_tutorial_folder_imports_pairs_and_reports_what_it_leaves(store, do_import, fixtures: Path) -> None:
    report = do_import(fixtures / "brat" / "tutorial-news")
    assert report.picked == {"brat": 5} and report.added == 5
    assert report.notes["brat event triggers"] > 0 and report.notes["brat attributes"] == 5
    intro = next(a for a, _ in stored(store) if a.meta["file"] == "000-introduction.txt")
    spans = store.spans_for(intro.id, "ann")
    texts = {(intro.text[s.start : s.end], s.label) for s in spans}
    assert ("Citibank", "Organization") in texts and ("$100 million", "Money") in texts
    # The trigger of a Transfer-money event is not an entity.
    assert "moving" not in {t for t, _ in texts}


def test_conll2002_brat_spanish_and_dutch(store, do_import, fixtures: Path) -> None:
    report = do_import(fixtures / "brat" / "conll2002-news")
    assert report.added == 2 and report.spans > 40
    for _article, spans in stored(store):
        assert all(t.strip() == t and t for t, *_ in spans)


def _pair(tmp_path: Path, text: str, ann: str) -> Path:
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "doc.ann").write_text(ann, encoding="utf-8")
    return tmp_path / "doc.ann"


def test_discontinuous_span_becomes_one_span_per_fragment(store, do_import, tmp_path: Path) -> None:
    ann = _pair(tmp_path, "New York and New Jersey ports", "T1\tGPE 0 3;13 23\tNew New Jersey\n")
    do_import(ann)
    [(_, spans)] = stored(store)
    assert [s[:2] for s in spans] == [("New", "GPE"), ("New Jersey", "GPE")]


def test_attribution_event_becomes_a_quote(store, do_import, tmp_path: Path) -> None:
    text = '"We will win," Macron told reporters.'
    ann = (
        "T1\tPerson 15 21\tMacron\nT2\tCue 22 26\ttold\nT3\tContent 1 12\tWe will win\n"
        "E1\tAttribution:T2 Source:T1 Content:T3\n"
    )
    do_import(_pair(tmp_path, text, ann))
    [(article, _)] = stored(store)
    spans = store.spans_for(article.id, "ann")
    by_role = {s.role: s for s in spans if s.layer == "quote"}
    assert {r: article.text[s.start : s.end] for r, s in by_role.items()} == {
        "content": "We will win",
        "cue": "told",
        "source": "Macron",
    }
    assert by_role["content"].label == "DIRECT"
    assert len({s.quote_id for s in by_role.values()}) == 1
    entity = next(s for s in spans if s.layer == "entity")
    assert article.text[entity.start : entity.end] == "Macron"
    assert by_role["source"].entity_id == entity.id


def test_ann_without_txt_is_bad_input(store, do_import, tmp_path: Path) -> None:
    (tmp_path / "lonely.ann").write_text("T1\tPerson 0 4\tJohn\n", encoding="utf-8")
    with pytest.raises(BadInput, match="no lonely.txt beside it"):
        do_import(tmp_path / "lonely.ann")


def test_offsets_against_crlf_text_are_converted(store, do_import, tmp_path: Path) -> None:
    ann = _pair(tmp_path, "Line one\r\nJohn Smith came\r\n", "T1\tPerson 10 20\tJohn Smith\n")
    do_import(ann)
    [(article, spans)] = stored(store)
    assert article.text == "Line one\nJohn Smith came\n"
    assert spans == [("John Smith", "Person", "entity", "manual")]


def test_span_text_disagreeing_with_offsets_names_the_line(store, do_import, tmp_path: Path) -> None:
    ann = _pair(tmp_path, "John Smith came", "T1\tPerson 0 4\tJohn\nT2\tPerson 5 9\tSmith\n")
    with pytest.raises(BadInput) as exc:
        do_import(ann)
    assert exc.value.where == f"{ann}:2" and "'Smith'" in exc.value.problem

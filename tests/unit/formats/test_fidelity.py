"""What was marked is what reaches spaCy: imported offsets kept, exported exactly (issue 9.10)."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.export import export
from annotator.formats.export_model import Prepared, prepare
from annotator.formats.importing import import_paths
from annotator.formats.reader import BadInput
from annotator.formats.spacy_docbin import SpacyWriter, read_docs
from annotator.formats.tokens import token_offsets
from annotator.model import Article, Span, SpanError, snap
from annotator.model.spans import QUOTE_MARKS, WHITESPACE

KEYS = {"content": "quotes", "cue": "quote_cues", "source": "quote_sources"}
# Letters, a combining diaeresis, emoji (a ZWJ family, a skin tone), newlines
# (already normalised from \r\n), NBSP and punctuation glued to words.
_ALPHABET = st.sampled_from(
    [
        *"abZé ,.-'()\n\u00a0\u201c\u201d",
        "o\u0308",
        "\U0001f468\u200d\U0001f469",
        "\U0001f44d\U0001f3fd",
        "\r\n",
    ]
)


def _write(text: str, spans: list[Span]) -> tuple[object, Prepared]:
    item = prepare(Article(text=text, id=1), spans, annotator="a", status="done", split="train")
    with tempfile.TemporaryDirectory() as folder:
        writer = SpacyWriter(Path(folder), ["train"], lang="en")
        writer.add(item)
        writer.close()
        (doc,) = read_docs(Path(folder) / "train.spacy")
    return doc, item


def _stored(spans: list[Span], text: str) -> dict[str, set[tuple[str, str, str]]]:
    out: dict[str, set[tuple[str, str, str]]] = {}
    for s in spans:
        key = "ents" if s.layer == "entity" else "boilerplate" if s.layer == "boilerplate" else KEYS[s.role]
        span_id = str(s.quote_id) if s.layer == "quote" else ""
        out.setdefault(key, set()).add((text[s.start : s.end], s.label, span_id))
    return out


def _exported(doc) -> dict[str, set[tuple[str, str, str]]]:
    out = {"ents": {(e.text, e.label_, "") for e in doc.ents}}
    for key, group in doc.spans.items():
        out[key] = {(s.text, s.label_, s.id_) for s in group}
    return {k: v for k, v in out.items() if v}


def _disjoint(draw, text: str, n: int, *, entity: bool = False) -> list[tuple[int, int]]:
    """Up to ``n`` non-overlapping ranges holding text (entities: not edged by whitespace)."""
    kept: list[tuple[int, int]] = []
    for _ in range(n):
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, min(len(text), a + 12)))
        if not text[a:b].strip() or any(a < e and s < b for s, e in kept):
            continue
        if entity and (text[a].isspace() or text[b - 1].isspace()):
            continue
        kept.append((a, b))
    return kept


@st.composite
def article_and_spans(draw) -> tuple[str, list[Span]]:
    text = draw(st.lists(_ALPHABET, min_size=2, max_size=40).map("".join).filter(str.strip))
    text = text.replace("\r\n", "\n")  # as every importer stores it
    spans = [Span(a, b, "entity", "E") for a, b in _disjoint(draw, text, 4, entity=True)]
    spans += [Span(a, b, "boilerplate", "BOILERPLATE") for a, b in _disjoint(draw, text, 2)]
    for quote_id, (a, b) in enumerate(_disjoint(draw, text, 3)):
        spans.append(Span(a, b, "quote", "DIRECT", role="content", quote_id=quote_id))
        for role in ("cue", "source"):
            for c, d in _disjoint(draw, text, draw(st.integers(0, 1))):
                spans.append(Span(c, d, "quote", role.upper(), role=role, quote_id=quote_id))
    return text, spans


@settings(max_examples=60, deadline=None)
@given(article_and_spans())
def test_property_any_spans_reach_spacy_with_exactly_their_characters(case) -> None:
    # issue 9.10
    text, spans = case
    doc, item = _write(text, spans)
    assert item.skipped == []
    assert doc.text == text
    assert _exported(doc) == _stored(spans, text)
    contents = {(c["start"], c["end"]) for q in doc.user_data["quotes"] for c in q["contents"]}
    assert contents == {(s.start, s.end) for s in spans if s.role == "content"}


# The cases the hostile test found, each through the real importer and exporter.
_NFD = "Talks in Malmo\u0308. Then Belarus -Elysee met. Trump's remarks(some said) stood."


def _jsonl(tmp_path: Path, text: str, spans: list[tuple[str, str]]) -> Path:
    out = []
    for sub, label in spans:
        start = text.index(sub)
        out.append({"start": start, "end": start + len(sub), "label": label})
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": text, "spans": out}) + "\n", encoding="utf-8")
    return path


def test_imported_offsets_are_kept_and_exported_exactly(store, tmp_path: Path) -> None:
    # issue 9.10: "Malmö" (NFD) is not widened to "Malmö.", "Elysee" not to "-Elysee",
    # "remarks" not to "remarks(some".
    marked = [("Malmo\u0308", "GPE"), ("Elysee", "ORG"), ("remarks", "EVENT")]
    report = import_paths(store, [_jsonl(tmp_path, _NFD, marked)], annotator="ann")
    [article_id] = store.article_ids()
    spans = store.spans_for(article_id, "ann")
    assert [_NFD[s.start : s.end] for s in spans] == [sub for sub, _ in marked]
    assert not any("snapped" in line for line in report.lines())


def test_export_of_spans_inside_tokens_is_exact_and_counted(store, tmp_path: Path) -> None:
    marked = [("Malmo\u0308", "GPE"), ("Elysee", "ORG"), ("remarks", "EVENT")]
    import_paths(store, [_jsonl(tmp_path, _NFD, marked)], annotator="ann")
    import_paths(store, [_jsonl(tmp_path, "A second text, Paris.", [("Paris", "GPE")])], annotator="ann")
    for article_id in store.article_ids():
        store.set_status(article_id, "ann", "done")
    report = export(store, tmp_path / "out", split="0.5,0.5", seed=0)
    docs = [d for name in ("train", "dev") for d in read_docs(tmp_path / "out" / f"{name}.spacy")]
    ents = sorted(e.text for d in docs for e in d.ents)
    assert ents == sorted(["Malmo\u0308", "Elysee", "remarks", "Paris"])
    assert report.as_dict()["spans_inside_tokens"] == {"total": 3, "by_key": {"entities": 3}}
    assert "3 spans start or end inside a token of the 'en' tokenizer" in report.summary()
    on_disk = json.loads((tmp_path / "out" / "export-report.json").read_text(encoding="utf-8"))
    assert on_disk["spans_inside_tokens"]["total"] == 3


def test_window_snap_adds_no_punctuation_with_spacy_tokens() -> None:
    # issue 9.10: spaCy keeps "-Elysee" and "Malmö." as one token each.
    tokens = token_offsets(_NFD)
    start = _NFD.index("Elysee")
    assert snap(_NFD, start, start + 6, tokens, trim_quotes=True) == (start, start + 6)
    start = _NFD.index("Malmo")
    assert _NFD[slice(*snap(_NFD, start, start + 5, tokens))] == "Malmo\u0308"
    start = _NFD.index("remarks")
    assert _NFD[slice(*snap(_NFD, start + 2, start + 5, tokens))] == "remarks"


def test_prodigy_jsonl_export_keeps_spans_inside_tokens(store, tmp_path: Path) -> None:
    # issue 9.10: the JSONL (Prodigy) export no longer drops a span that cuts a token.
    marked = [("Malmo\u0308", "GPE"), ("Elysee", "ORG"), ("remarks", "EVENT")]
    import_paths(store, [_jsonl(tmp_path, _NFD, marked)], annotator="ann")
    [article_id] = store.article_ids()
    store.set_status(article_id, "ann", "done")
    report = export(store, tmp_path / "out", format="jsonl")
    assert report.skipped == []
    [task] = [json.loads(line) for line in (tmp_path / "out" / "all.jsonl").read_text().splitlines()]
    tokens = task["tokens"]
    got = [
        (
            _NFD[s["start"] : s["end"]],
            "".join(t["text"] for t in tokens[s["token_start"] : s["token_end"] + 1]),
        )
        for s in task["spans"]
    ]
    assert got == [(sub, sub) for sub, _ in marked]


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_property_window_snap_adds_only_letters_of_a_cut_word(data: st.DataObject) -> None:
    # issue 9.10: with spaCy's real tokens, a mark never takes in unselected punctuation.
    text = data.draw(st.lists(_ALPHABET, min_size=2, max_size=40).map("".join).filter(str.strip))
    text = text.replace("\r\n", "\n")
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    try:
        s, e = snap(text, start, end, token_offsets(text), trim_quotes=True)
    except SpanError:  # nothing but whitespace and quote marks was selected
        assert not text[start:end].strip(WHITESPACE + QUOTE_MARKS)
        return
    added = text[s:start] + text[end:e]
    assert all(c.isalnum() or unicodedata.category(c) == "Mn" for c in added), (text, start, end, s, e)
    assert start <= s or text[start].isalnum() or unicodedata.category(text[start]) == "Mn"
    assert text[s:e] == text[s:e].strip()


def test_a_span_of_only_invisible_space_is_still_refused(store, tmp_path: Path) -> None:
    # Kept exactly does not mean kept blindly: a zero-width space marks no text.
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "Apple\u200bInc", "spans": [[5, 6, "ORG"]]}) + "\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"ORG span \[5, 6\) holds no text"):
        import_paths(store, [path], annotator="ann", fmt="doccano")
    assert store.count_articles() == 0

"""spaCy Doc building and the streamed DocBin: exact to the character."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from export_helpers import build, db_spans, rich_spans, variant
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.formats.export import export
from annotator.formats.export_model import prepare
from annotator.formats.spacy_docbin import SpacyWriter, read_docs
from annotator.formats.tokens import token_offsets
from annotator.model import Article, Span

KEYS = {"content": "quotes", "cue": "quote_cues", "source": "quote_sources"}


def _expected(spans: list[Span]) -> dict[str, set[tuple[int, int, str, str]]]:
    out: dict[str, set[tuple[int, int, str, str]]] = {}
    for s in spans:
        key = "ents" if s.layer == "entity" else "boilerplate" if s.layer == "boilerplate" else KEYS[s.role]
        span_id = str(s.quote_id) if s.layer == "quote" else ""
        out.setdefault(key, set()).add((s.start, s.end, s.label, span_id))
    return out


def _found(doc) -> dict[str, set[tuple[int, int, str, str]]]:
    out = {"ents": {(e.start_char, e.end_char, e.label_, "") for e in doc.ents}}
    for key, group in doc.spans.items():
        out[key] = {(s.start_char, s.end_char, s.label_, s.id_) for s in group}
    return {k: v for k, v in out.items() if v}


def test_every_layer_round_trips_exactly(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=5)
    report = export(store, tmp_path / "out", split="0.6,0.4")
    assert report.skipped == []
    seen = 0
    for name in ("train", "dev"):
        for doc in read_docs(tmp_path / "out" / f"{name}.spacy"):
            meta = doc.user_data["meta"]
            article = store.article(meta["article_id"])
            assert doc.text == article.text
            assert meta["annotator"] == "ann" and meta["source"] == article.source
            assert _found(doc) == _expected(db_spans(store, article.id))
            seen += 1
    assert seen == 5


def test_user_data_quotes_link_parts_and_speaker(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=2)
    export(store, tmp_path / "out", split="0.5,0.5")
    doc = read_docs(tmp_path / "out" / "train.spacy")[0]
    spans = db_spans(store, doc.user_data["meta"]["article_id"])
    by_id = {s.id: s for s in spans}
    quotes = {q["id"]: q for q in doc.user_data["quotes"]}
    assert len(quotes) == 2
    for quote_id, q in quotes.items():
        parts = [s for s in spans if s.quote_id == quote_id]
        assert [(c["start"], c["end"]) for c in q["contents"]] == sorted(
            (s.start, s.end) for s in parts if s.role == "content"
        )
        cue = [s for s in parts if s.role == "cue"]
        assert q["cue"] == ({"start": cue[0].start, "end": cue[0].end} if cue else None)
        (source,) = [s for s in parts if s.role == "source"]
        assert q["sources"] == ({"start": source.start, "end": source.end},)
        entity = by_id[source.entity_id]
        assert q["speaker_entity"] == {"start": entity.start, "end": entity.end, "label": entity.label}
        assert q["speaker_resolved"] is False  # the entity is the source's own words
        # every part of the quote carries the quote's id in span.id_
        ids = {
            s.id_
            for key in ("quotes", "quote_cues", "quote_sources")
            for s in doc.spans[key]
            if any(s.start_char == p.start and s.end_char == p.end for p in parts)
        }
        assert ids == {str(quote_id)}


def test_streamed_docbin_loads_like_spacys_own(tmp_path: Path) -> None:
    """Our writer's file gives the same Docs as DocBin.to_disk for the same Docs."""
    import spacy
    from spacy.tokens import DocBin

    from annotator.formats.spacy_docbin import build_doc, quotes_data

    text = variant(0)
    item = prepare(Article(text=text, id=1), rich_spans(text), annotator="a", status="done", split="train")
    nlp = spacy.blank("en")
    doc, _ = build_doc(nlp, item)
    doc.user_data.update({"quotes": quotes_data(item), "meta": item.meta()})
    reference = DocBin(store_user_data=True)
    reference.add(doc)
    reference.to_disk(tmp_path / "ref.spacy")
    writer = SpacyWriter(tmp_path, ["train"], lang="en")
    item = prepare(Article(text=text, id=1), rich_spans(text), annotator="a", status="done", split="train")
    writer.add(item)
    writer.close()
    ours, ref = read_docs(tmp_path / "train.spacy")[0], read_docs(tmp_path / "ref.spacy")[0]
    assert ours.text == ref.text
    assert [(t.text, t.whitespace_, t.ent_iob_, t.ent_type_) for t in ours] == [
        (t.text, t.whitespace_, t.ent_iob_, t.ent_type_) for t in ref
    ]
    assert _found(ours) == _found(ref)
    assert ours.user_data == ref.user_data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ref.spacy", "train.spacy"]  # no scratch left


def test_done_articles_say_no_entity_elsewhere_others_leave_it_missing(tmp_path: Path) -> None:
    text = "Anna met Bob in Paris."
    spans = [Span(0, 4, "entity", "PERSON")]
    writer = SpacyWriter(tmp_path, ["train"], lang="en")
    writer.add(prepare(Article(text=text, id=1), spans, annotator="a", status="done", split="train"))
    writer.add(
        prepare(Article(text=text + " ", id=2), spans, annotator="a", status="in_progress", split="train")
    )
    writer.close()
    done, unfinished = read_docs(tmp_path / "train.spacy")
    assert [t.ent_iob_ for t in done] == ["B", "O", "O", "O", "O", "O"]
    assert [t.ent_iob_ for t in unfinished][:6] == ["B", "", "", "", "", ""]


def test_misaligned_spans_split_tokens_and_overlapping_ones_are_reported(tmp_path: Path) -> None:
    # issue 9.10: a span inside a token ("nna") is exported exactly, and counted.
    text = "Anna Smith met Bob."
    spans = [
        Span(0, 10, "entity", "PERSON", id=1),
        Span(5, 10, "entity", "PERSON", id=2),
        Span(1, 4, "boilerplate", "BOILERPLATE", id=3),
        Span(11, 14, "quote", "CUE", role="cue", quote_id=9, id=4),
    ]
    item = prepare(Article(text=text, id=1), spans, annotator="a", status="done", split="train")
    writer = SpacyWriter(tmp_path, ["train"], lang="en")
    writer.add(item)
    writer.close()
    reasons = {s.span_id: s.reason for s in item.skipped}
    assert set(reasons) == {2, 4}
    assert "overlaps entity PERSON [0, 10)" in reasons[2]
    assert "no content" in reasons[4]
    assert item.inside_tokens == {"boilerplate": 1}
    (doc,) = read_docs(tmp_path / "train.spacy")
    assert [(e.start_char, e.end_char) for e in doc.ents] == [(0, 10)]
    assert [s.text for s in doc.spans["boilerplate"]] == ["nna"]
    assert [t.text for t in doc][:3] == ["A", "nna", "Smith"]


@pytest.mark.parametrize(
    "text",
    [
        "Paris\u2028London said Anna\u00a0Smith \U0001f600 today.",
        "\u00a0Lead: Anna Smith\u2028\u2028said \u201cyes\u201d.\n\nEnd \U0001f44d\U0001f3fd.",
    ],
)
def test_line_separator_nbsp_and_emoji_keep_offsets(tmp_path: Path, text: str) -> None:
    tokens = [t for t in token_offsets(text) if text[t[0] : t[1]].strip()]
    spans = [Span(s, e, "entity", "X") for s, e in tokens[::2]]
    spans += [Span(s, e, "boilerplate", "BOILERPLATE") for s, e in tokens[1::2]]
    writer = SpacyWriter(tmp_path, ["train"], lang="en")
    writer.add(prepare(Article(text=text, id=1), spans, annotator="a", status="done", split="train"))
    writer.close()
    (doc,) = read_docs(tmp_path / "train.spacy")
    assert doc.text == text
    assert _found(doc) == _expected(spans)


_ALPHABET = st.sampled_from(list("ab Zé,.\u201c\u201d\n\u00a0\u2028\U0001f600-'"))


@st.composite
def article_and_spans(draw):
    text = draw(st.text(alphabet=_ALPHABET, min_size=1, max_size=60).filter(lambda t: t.strip()))
    tokens = [t for t in token_offsets(text) if text[t[0] : t[1]].strip()]
    spans: list[Span] = []
    if tokens:
        # entities: non-overlapping runs of tokens; other layers: any token runs
        i = 0
        while i < len(tokens):
            length = draw(st.integers(1, 3))
            if draw(st.booleans()) and i + length <= len(tokens):
                spans.append(Span(tokens[i][0], tokens[i + length - 1][1], "entity", "E"))
            i += length
        for _ in range(draw(st.integers(0, 4))):
            a = draw(st.integers(0, len(tokens) - 1))
            b = draw(st.integers(a, len(tokens) - 1))
            layer = draw(st.sampled_from(["boilerplate", "quote"]))
            if layer == "quote":
                spans.append(
                    Span(tokens[a][0], tokens[b][1], "quote", "DIRECT", role="content", quote_id=len(spans))
                )
            else:
                spans.append(Span(tokens[a][0], tokens[b][1], "boilerplate", "BOILERPLATE"))
    return text, spans


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article_and_spans())
def test_property_offsets_in_equal_offsets_out(tmp_path: Path, case) -> None:
    text, spans = case
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    writer = SpacyWriter(folder, ["train"], lang="en")
    item = prepare(Article(text=text, id=1), spans, annotator="a", status="done", split="train")
    writer.add(item)
    writer.close()
    assert item.skipped == []
    (doc,) = read_docs(folder / "train.spacy")
    assert doc.text == text
    assert _found(doc) == _expected(spans)


def test_a_resolved_speaker_is_marked_as_such(tmp_path: Path) -> None:  # issue 11
    from annotator.store import Store

    text = 'Angela Merkel arrived late. "We will act," she said.\n'
    with Store(tmp_path / "a.db") as store:
        aid, other = store.add_articles(
            [Article(text=text), Article(text="Nothing said here.\n")], annotator="ann"
        ).article_ids
        merkel = store.add_span(aid, Span(0, 13, "entity", "PERSON", annotator="ann"))
        content = store.add_span(aid, Span(29, 40, "quote", "DIRECT", role="content", annotator="ann"))
        she = text.index("she")
        store.add_span(
            aid,
            Span(she, she + 3, "quote", "SOURCE", role="source", quote_id=content.quote_id, annotator="ann",
                 entity_id=merkel.id),
        )  # fmt: skip
        for article_id in (aid, other):
            store.set_status(article_id, "ann", "done")
        export(store, tmp_path / "out", split="0.5,0.5", group_by="none")
    docs = [d for name in ("train", "dev") for d in read_docs(tmp_path / "out" / f"{name}.spacy")]
    [quote] = [q for d in docs for q in d.user_data["quotes"]]
    assert quote["speaker_entity"] == {"start": 0, "end": 13, "label": "PERSON"}
    assert quote["speaker_resolved"] is True

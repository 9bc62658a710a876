"""The span algebra: validation, overlap rules, trimming and snapping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.model import BOILERPLATE, ENTITY, QUOTE, Span, SpanError, conflicts, overlaps, snap
from annotator.model.spans import ACCEPTED, CONTENT, CUE


def ent(start: int, end: int, **kw: object) -> Span:
    return Span(start, end, ENTITY, kw.pop("label", "PERSON"), annotator="ann", **kw)  # type: ignore[arg-type]


def test_empty_and_reversed_spans_are_refused() -> None:
    with pytest.raises(SpanError):
        ent(3, 3)
    with pytest.raises(SpanError):
        ent(5, 2)


def test_quote_span_needs_a_role_and_others_may_not_have_one() -> None:
    with pytest.raises(SpanError):
        Span(0, 4, QUOTE, "DIRECT")
    with pytest.raises(SpanError):
        Span(0, 4, ENTITY, "PERSON", role=CONTENT)


def test_entities_may_not_overlap_but_layers_may() -> None:
    existing = [ent(0, 10, id=1)]
    assert conflicts(ent(5, 12), existing) == existing
    assert conflicts(ent(10, 12), existing) == []  # touching is not overlapping
    assert conflicts(Span(0, 20, BOILERPLATE, "BOILERPLATE", annotator="ann"), existing) == []
    assert conflicts(Span(2, 8, QUOTE, "DIRECT", role=CONTENT, annotator="ann"), existing) == []


def test_quote_contents_exclude_each_other_but_cues_do_not() -> None:
    content = Span(0, 10, QUOTE, "DIRECT", role=CONTENT, quote_id=1, annotator="ann", id=1)
    assert conflicts(Span(5, 15, QUOTE, "DIRECT", role=CONTENT, annotator="ann"), [content])
    assert not conflicts(Span(5, 8, QUOTE, "CUE", role=CUE, quote_id=1, annotator="ann"), [content])


def test_suggestions_and_other_annotators_block_nothing() -> None:
    suggestion = ent(0, 10, origin="suggested:rules", id=1)
    other = Span(0, 10, ENTITY, "ORG", annotator="bob", id=2)
    assert conflicts(ent(2, 5), [suggestion, other]) == []
    assert conflicts(ent(2, 5), [ent(0, 10, origin=ACCEPTED, id=3)])


def test_relabel_does_not_conflict_with_itself() -> None:
    span = ent(0, 10, id=7)
    assert conflicts(span.with_(label="ORG"), [span]) == []


TEXT = 'He said: "Emmanuel Macron\u2019s plan"  works.\n'
TOKENS = [
    (0, 2),
    (3, 7),
    (7, 8),
    (9, 10),
    (10, 18),
    (19, 25),
    (25, 27),
    (28, 32),
    (32, 33),
    (34, 35),
    (35, 40),
    (40, 41),
    (41, 42),
]


def test_snap_completes_a_cut_word_and_trims_whitespace() -> None:
    # "  Emman" from inside a word: completed to the whole word "Emmanuel".
    assert snap(TEXT, 12, 15, TOKENS) == (10, 18)
    assert snap(TEXT, 9, 22, TOKENS, trim_quotes=True) == (10, 25)
    assert snap(TEXT, 33, 37, TOKENS) == (35, 40)  # leading spaces go, partial word grows


def test_snap_never_adds_punctuation_of_the_token() -> None:
    # issue 9.10: spaCy keeps "-Elysee" and "Malmo\u0308." as one token each; a mark
    # of "Elysee" or of "Malmo" (completed by its combining diaeresis) adds no punctuation.
    text = "Belarus -Elysee Malmo\u0308. remarks(some"
    tokens = [(0, 7), (8, 15), (16, 23), (24, 36)]
    assert snap(text, 9, 15, tokens) == (9, 15)
    assert snap(text, 16, 21, tokens) == (16, 22)
    assert snap(text, 24, 31, tokens) == (24, 31)
    assert snap(text, 26, 29, tokens) == (24, 31)  # a cut word is completed, up to "("


def test_snap_of_only_whitespace_is_an_error() -> None:
    with pytest.raises(SpanError):
        snap(TEXT, 33, 34, TOKENS)


@given(st.data())
def test_snap_adds_only_word_characters_of_a_cut_word(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(TEXT) - 1))
    end = data.draw(st.integers(start + 1, len(TEXT)))
    if not TEXT[start:end].strip():
        return
    s, e = snap(TEXT, start, end, TOKENS)
    assert TEXT[s:e] == TEXT[s:e].strip()
    # What was added outside the selection is letters and digits continuing a word.
    added = TEXT[s:start] + TEXT[end:e]
    assert all(c.isalnum() for c in added), added
    if s < start:
        assert TEXT[start].isalnum()
    if e > end:
        assert TEXT[end - 1].isalnum()
    stripped_start = start + (len(TEXT[start:end]) - len(TEXT[start:end].lstrip()))
    assert s <= stripped_start < e


@given(st.integers(0, 50), st.integers(1, 20), st.integers(0, 50), st.integers(1, 20))
def test_overlap_is_symmetric_and_matches_shared_characters(a: int, la: int, b: int, lb: int) -> None:
    shared = set(range(a, a + la)) & set(range(b, b + lb))
    assert overlaps((a, a + la), (b, b + lb)) == overlaps((b, b + lb), (a, a + la)) == bool(shared)


def test_hand_written_tokens_match_spacy() -> None:
    from annotator.formats.tokens import token_offsets

    assert token_offsets(TEXT) == TOKENS

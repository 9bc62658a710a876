"""The trained quote model's candidates: clauses, sentence pieces, quoted stretches, the rules' parts (issue 14).

Parsed docs are built by hand (words, heads, dependency labels, parts of speech):
no pipeline is downloaded or loaded.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.assist.quote_candidates import (
    annotate,
    candidate_key,
    candidates,
    copy_candidates,
    set_candidates,
)
from annotator.model import CONTENT, CUE, QUOTE, SOURCE, Span

spacy = pytest.importorskip("spacy")


def parsed(rows: list[tuple[str, int, str, str]]) -> Any:
    """A Doc from (word, head index, dependency, part of speech) rows, one sentence."""
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(rows) and rows[i + 1][0] not in ",." for i in range(len(rows))]
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        sent_starts=[True] + [False] * (len(rows) - 1),
    )


def texts(doc: Any, ranges: list[tuple[int, int]]) -> set[str]:
    return {doc[s:e].text for s, e in ranges}


SAID_THAT = [
    ("The", 1, "det", "DET"),
    ("senator", 2, "nsubj", "NOUN"),
    ("said", 2, "ROOT", "VERB"),
    ("that", 7, "mark", "SCONJ"),
    ("the", 5, "det", "DET"),
    ("bill", 7, "nsubj", "NOUN"),
    ("would", 7, "aux", "AUX"),
    ("fail", 2, "ccomp", "VERB"),
    (".", 2, "punct", "PUNCT"),
]

ACCORDING = [
    ("The", 1, "det", "DET"),
    ("bill", 3, "nsubj", "NOUN"),
    ("will", 3, "aux", "AUX"),
    ("fail", 3, "ROOT", "VERB"),
    (",", 3, "punct", "PUNCT"),
    ("according", 3, "prep", "VERB"),
    ("to", 5, "prep", "ADP"),
    ("the", 8, "det", "DET"),
    ("senator", 6, "pobj", "NOUN"),
    (".", 3, "punct", "PUNCT"),
]


def test_a_that_clause_is_a_content_its_verb_a_cue_and_its_subject_a_source() -> None:
    doc = parsed(SAID_THAT)
    found = candidates(doc, rules=[])
    assert {"that the bill would fail", "the bill would fail"} <= texts(doc, found["quotes"])
    # The whole sentence is a candidate too, without its full stop.
    assert "The senator said that the bill would fail" in texts(doc, found["quotes"])
    assert "said" in texts(doc, found["quote_cues"])
    assert "The senator" in texts(doc, found["quote_sources"])
    # No candidate starts or ends on punctuation.
    assert all(not doc[s].is_punct and not doc[e - 1].is_punct for k in found for s, e in found[k])


def test_according_to_gives_the_clause_before_the_comma_and_its_source() -> None:
    doc = parsed(ACCORDING)
    found = candidates(doc, rules=[])
    assert "The bill will fail" in texts(doc, found["quotes"])
    assert "according to" in texts(doc, found["quote_cues"])
    assert "the senator" in texts(doc, found["quote_sources"])


def test_the_rules_parts_are_candidates_whatever_the_parse_says() -> None:
    doc = parsed(SAID_THAT)
    start = doc.text.index("bill would")
    rules = [
        Span(start, start + len("bill would"), QUOTE, "INDIRECT", role=CONTENT, quote_id=1),
        Span(0, 3, QUOTE, "CUE", role=CUE, quote_id=1),
        Span(4, 11, QUOTE, "SOURCE", role=SOURCE, quote_id=1),
    ]
    found = candidates(doc, rules=rules)
    assert "bill would" in texts(doc, found["quotes"])
    assert "The" in texts(doc, found["quote_cues"])
    assert "senator" in texts(doc, found["quote_sources"])


def test_the_rules_are_asked_when_none_are_given() -> None:
    doc = parsed(SAID_THAT)
    # suggest_quotes runs on this parse: it must not fail, and adds to (never removes from) the set.
    with_rules = candidates(doc)
    without = candidates(doc, rules=[])
    assert all(set(without[k]) <= set(with_rules[k]) for k in without)


def test_without_a_parse_sentences_quoted_stretches_and_lexicon_cues_remain() -> None:
    nlp = spacy.blank("en")
    doc = nlp('"We will win the vote," she said. Rain fell on Main Street all day.')
    found = candidates(doc, parsed=False, rules=[])
    quotes = texts(doc, found["quotes"])
    assert {'"We will win the vote,"', "We will win the vote", "Rain fell on Main Street all day"} <= quotes
    assert "said" in texts(doc, found["quote_cues"])
    assert {"she", "Main Street"} <= texts(doc, found["quote_sources"])


def test_candidates_are_set_as_span_groups_and_follow_the_text_onto_other_tokens() -> None:
    doc = parsed(SAID_THAT)
    set_candidates(doc, candidates(doc, rules=[]))
    assert {candidate_key(k) for k in ("quotes", "quote_cues", "quote_sources")} <= set(doc.spans)
    # The model's own doc of the same text, tokenised again: same characters, same candidates.
    other = spacy.blank("en")(doc.text)
    copy_candidates(doc, other)
    assert [s.text for s in other.spans["quotes_candidates"]] == [
        s.text for s in doc.spans["quotes_candidates"]
    ]


def test_annotate_without_a_parser_uses_the_parse_free_candidates() -> None:
    doc = spacy.blank("en")("The mayor said the road will close. It rained.")
    annotate(doc, None)
    assert "said" in {s.text for s in doc.spans["quote_cues_candidates"]}
    assert "It rained" in {s.text for s in doc.spans["quotes_candidates"]}


def test_the_rules_parts_and_the_parse_become_token_features() -> None:
    from annotator.assist.quote_candidates import set_features

    parse = parsed(SAID_THAT)
    doc = spacy.blank("en")(parse.text)
    start = doc.text.index("the bill")
    rules = [
        Span(start, len(doc.text) - 1, QUOTE, "INDIRECT", role=CONTENT, quote_id=1),
        Span(doc.text.index("said"), doc.text.index("said") + 4, QUOTE, "CUE", role=CUE, quote_id=1),
    ]
    set_features(doc, parse, rules)
    assert [t.tag_ for t in doc] == [
        "O",
        "O",
        "U-CUE",
        "O",
        "B-CONTENT",
        "I-CONTENT",
        "I-CONTENT",
        "L-CONTENT",
        "O",
    ]
    assert [t.dep_ for t in doc][:3] == ["det", "nsubj", "ROOT"] and doc[2].pos_ == "VERB"
    # They travel with the candidates onto the model's own doc of the text.
    other = spacy.blank("en")(doc.text)
    copy_candidates(doc, other)
    assert [t.tag_ for t in other] == [t.tag_ for t in doc]


def test_near_right_content_candidates_become_training_contents() -> None:
    from spacy.tokens import Span as DocSpan

    from annotator.assist.quote_candidates import near_positives

    doc = parsed(SAID_THAT)
    set_candidates(doc, candidates(doc, rules=[]))
    # Gold: "that the bill would fail" (5 tokens); "the bill would fail" shares 4 of them (F 0.89).
    doc.spans["quotes"] = [DocSpan(doc, 3, 8, label="INDIRECT", span_id="1")]
    added = near_positives(doc)
    spans = {(s.text, s.label_, s.id_) for s in doc.spans["quotes"]}
    assert ("the bill would fail", "INDIRECT", "1") in spans
    assert ("that the bill would fail", "INDIRECT", "1") in spans
    # The whole sentence shares too little (F 0.71): it stays a negative.
    assert all(text != "The senator said that the bill would fail" for text, _, _ in spans)
    assert added == len(spans) - 1


def test_near_right_cue_and_source_candidates_become_training_parts() -> None:
    from spacy.tokens import Span as DocSpan

    from annotator.assist.quote_candidates import near_positives

    doc = parsed(SAID_THAT)
    set_candidates(doc, candidates(doc, rules=[]))
    # Gold cue "said that" (2 tokens): the candidate "said" holds half of it (F 0.67).
    doc.spans["quote_cues"] = [DocSpan(doc, 2, 4, label="CUE", span_id="1")]
    assert near_positives(doc, key="quote_cues") >= 1
    assert ("said", "CUE", "1") in {(s.text, s.label_, s.id_) for s in doc.spans["quote_cues"]}
    # Gold source "The senator": "senator" alone is not a candidate, the chunk is exact.
    doc.spans["quote_sources"] = [DocSpan(doc, 0, 2, label="SOURCE", span_id="1")]
    near_positives(doc, key="quote_sources")
    sources = {s.text for s in doc.spans["quote_sources"]}
    assert "The senator" in sources
    # A candidate sharing nothing stays a negative: "bill" is no source here.
    assert not any("bill" in text for text in sources)

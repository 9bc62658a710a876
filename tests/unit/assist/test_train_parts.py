"""The pure parts of the model in the loop: quote linking, uncertainty, the training config (issue 14)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from annotator.assist.model_suggest import (
    RULE_FLOOR,
    cut_at_cues,
    group_quote_parts,
    rule_parts,
    scored_spans,
    uncertainty,
)
from annotator.assist.plot import line_plot
from annotator.assist.train_config import MAX_SPAN_TOKENS, TrainConfigError, training_config
from annotator.formats.spacy_config import make_config
from annotator.formats.tokens import token_offsets

TEXT = '"We will grow," Jane Smith said. Prices rose. Tom Baker told reporters the plan works.'


def at(needle: str, label: str = "X", p: float = 0.9) -> tuple[int, int, str, float]:
    start = TEXT.index(needle)
    return (start, start + len(needle), label, p)


def test_quote_parts_are_grouped_by_the_nearest_cue_and_its_source() -> None:
    quotes = group_quote_parts(
        token_offsets(TEXT),
        contents=[at("We will grow", "DIRECT"), at("the plan works", "INDIRECT")],
        cues=[at("said"), at("told reporters")],
        sources=[at("Jane Smith"), at("Tom Baker")],
    )
    shown = [
        (
            [TEXT[s:e] for s, e, *_ in contents],
            cue and TEXT[cue[0] : cue[1]],
            [TEXT[s:e] for s, e, *_ in srcs],
        )
        for contents, cue, srcs in quotes
    ]
    assert shown == [
        (["We will grow"], "said", ["Jane Smith"]),
        (["the plan works"], "told reporters", ["Tom Baker"]),
    ]


def test_a_speaker_before_a_long_aside_is_still_the_cue_s_source() -> None:
    text = "Ann Lee, in a statement released by her office on Monday, said the bridge would reopen."

    def part(needle: str) -> tuple[int, int, str, float]:
        start = text.index(needle)
        return (start, start + len(needle), "X", 0.9)

    [(_contents, cue, sources)] = group_quote_parts(
        token_offsets(text),
        contents=[part("the bridge would reopen")],
        cues=[part("said")],
        sources=[part("Ann Lee")],
    )
    assert [text[s:e] for s, e, *_ in sources] == ["Ann Lee"]


def test_a_content_far_from_every_cue_stands_alone() -> None:
    text = "Alpha said. " + "word " * 30 + "the far claim."
    start = text.index("the far claim")
    quotes = group_quote_parts(
        token_offsets(text),
        contents=[(start, start + 13, "INDIRECT", 0.8)],
        cues=[(6, 10, "CUE", 0.9)],
        sources=[],
    )
    assert [(len(c), cue) for c, cue, _ in quotes] == [(1, None)]


def test_a_content_holding_its_cue_is_cut_to_the_reported_side() -> None:
    import spacy

    text = "The mayor says that the bridge will reopen in May. Taxes will fall, she added."
    doc = spacy.blank("en")(text)

    def part(needle: str, p: float = 0.5) -> tuple[int, int, str, float]:
        start = text.index(needle)
        return (start, start + len(needle), "INDIRECT", p)

    contents = [
        part("The mayor says that the bridge will reopen in May", 0.4),
        part("Taxes will fall, she added", 0.3),
        part("the bridge", 0.2),  # holds no cue: stays
    ]
    cut = cut_at_cues(doc, contents, [part("says"), part("added")], [part("The mayor"), part("she")])
    # The source and cue leave the content (and "that" with them); label and score stay.
    assert [(text[s:e], label, p) for s, e, label, p in cut] == [
        ("the bridge will reopen in May", "INDIRECT", 0.4),
        ("Taxes will fall", "INDIRECT", 0.3),
        ("the bridge", "INDIRECT", 0.2),
    ]
    # Cut, the cue and its source are free to be linked to the content as its quote.
    quotes = group_quote_parts(token_offsets(text), cut[:1], [part("says")], [part("The mayor")])
    assert [(cue and text[cue[0] : cue[1]], [text[s:e] for s, e, *_ in src]) for _, cue, src in quotes] == [
        ("says", ["The mayor"])
    ]
    # A content that is nothing but a cue and its source goes.
    assert cut_at_cues(doc, [part("she added")], [part("added")], [part("she")]) == []


def test_the_rules_whole_parts_are_read_back_from_the_rule_tags() -> None:
    import spacy

    doc = spacy.blank("en")("Ann said the plan works and Bob agreed .")
    tags = ["U-SOURCE", "U-CUE", "B-CONTENT", "I-CONTENT", "L-CONTENT", "O", "U-SOURCE", "U-CUE", "O"]
    for token, tag in zip(doc, tags, strict=True):
        token.tag_ = tag
    assert rule_parts(doc, "content") == {(2, 5)}
    assert rule_parts(doc, "cue") == {(1, 2), (7, 8)}
    assert rule_parts(doc, "source") == {(0, 1), (6, 7)}
    # A part of a rule content is not the rules' content.
    assert (2, 4) not in rule_parts(doc, "content")


def test_a_part_the_rules_propose_is_kept_unless_the_model_rejects_it() -> None:
    import spacy

    doc = spacy.blank("en")("Ann said the plan works and Bob agreed .")
    group = [doc[2:5], doc[2:4], doc[6:9]]
    scores = [RULE_FLOOR + 0.01, RULE_FLOOR + 0.01, 0.6]
    spans, kept = scored_spans(group, scores, 0.3, ruled={(2, 5)})
    assert len(spans) == 3
    # The rules' content is kept below the model's threshold; the same score elsewhere is not.
    assert [doc.text[s:e] for s, e, *_ in kept] == ["the plan works", "Bob agreed ."]
    # Scored below the floor, the model learnt to reject it.
    _all, kept = scored_spans(group, [RULE_FLOOR / 2, 0.0, 0.6], 0.3, ruled={(2, 5)})
    assert [doc.text[s:e] for s, e, *_ in kept] == ["Bob agreed ."]


def test_uncertainty_is_one_for_coin_tosses_and_zero_when_sure() -> None:
    assert uncertainty([0.5, 0.5]) == 1.0
    assert uncertainty([0.99, 0.999]) < 0.05
    assert uncertainty([]) == 0.0
    # The least certain candidates count, not the many sure ones.
    assert uncertainty([0.5] * 3 + [0.999] * 100) > uncertainty([0.5] + [0.999] * 100)


def test_training_config_keeps_the_asked_layers_and_caps_the_suggesters(tmp_path: Path) -> None:
    cfg = make_config(
        lang="en",
        entities=True,
        span_lengths={"quotes": (2, 150), "quote_cues": (1, 3), "boilerplate": (1, 400)},
    )
    cfg.to_disk(tmp_path / "config.cfg")
    quote = training_config(tmp_path / "config.cfg", layers=("quote",), max_steps=50)
    # Quote parts: each span categorizer takes the linguistic candidates a doc carries
    # (quote_candidates), kept (and made, when a doc has none) by a span_ruler before it.
    assert quote["nlp"]["pipeline"] == [
        "tok2vec",
        "candidates_quotes",
        "spancat_quotes",
        "candidates_quote_cues",
        "spancat_quote_cues",
    ]
    assert quote["training"]["annotating_components"] == []
    assert quote["corpora"]["train"]["@readers"] == "annotator.CandidateCorpus.v1"
    assert quote["components"]["tok2vec"]["model"]["embed"]["attrs"][-3:] == ["POS", "DEP", "TAG"]
    for key in ("quotes", "quote_cues"):
        assert quote["components"][f"spancat_{key}"]["suggester"] == {
            "@misc": "spacy.preset_spans_suggester.v1",
            "spans_key": f"{key}_candidates",
        }
        ruler = quote["components"][f"candidates_{key}"]
        assert (ruler["factory"], ruler["spans_key"], ruler["overwrite"]) == (
            "span_ruler",
            f"{key}_candidates",
            False,
        )
    # Boilerplate blocks keep a span finder before their span categorizer.
    block = training_config(tmp_path / "config.cfg", layers=("boilerplate",), max_steps=50)
    assert block["nlp"]["pipeline"] == ["tok2vec", "span_finder_boilerplate", "spancat_boilerplate"]
    assert block["training"]["annotating_components"] == ["span_finder_boilerplate"]
    finder = block["components"]["span_finder_boilerplate"]
    assert (finder["spans_key"], finder["max_length"]) == ("boilerplate", MAX_SPAN_TOKENS["boilerplate"])
    assert quote["training"]["max_steps"] == 50 and quote["training"]["eval_frequency"] == 5
    assert set(quote["training"]["score_weights"]) == {
        f"spans_{k}_{m}" for k in ("quotes", "quote_cues") for m in "fpr"
    }
    entity = training_config(tmp_path / "config.cfg", layers=("entity",), max_steps=10)
    assert entity["nlp"]["pipeline"] == ["tok2vec", "ner"]
    assert entity["training"]["annotating_components"] == []
    with pytest.raises(TrainConfigError, match="no entity"):
        cfg = make_config(lang="en", entities=False, span_lengths={"quotes": (1, 5)})
        cfg.to_disk(tmp_path / "config.cfg")
        training_config(tmp_path / "config.cfg", layers=("entity",), max_steps=10)


def test_the_plot_is_a_png_of_the_asked_size(tmp_path: Path) -> None:
    path = line_plot(tmp_path / "f.png", {"ents": [(0, 0.0), (10, 0.5), (20, 0.8)]}, width=200, height=100)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (200, 100)
    # Decompressed: one filter byte and 3 bytes per pixel for each row; some pixels are not white.
    start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[start - 8 : start - 4])[0]
    raw = zlib.decompress(data[start : start + length])
    assert len(raw) == height * (1 + 3 * width)
    assert raw.count(b"\xff") < len(raw) - height


def test_quote_training_docs_are_the_paragraphs_around_the_spans() -> None:
    import spacy
    from spacy.tokens import Span as DocSpan

    from annotator.assist.train_data import paragraph_docs

    nlp = spacy.blank("en")
    paragraphs = [
        "Menu and links here.",
        "He said that prices rose.",
        "Nothing to see.",
        '"We won," she told us.\nAnd then "we left" too.',
        "More filler text.",
    ]
    doc = nlp("\n\n".join(paragraphs))
    text = doc.text

    def span(words: str, label: str) -> DocSpan:
        start = text.index(words)
        return doc.char_span(start, start + len(words), label=label)

    doc.spans["quotes"] = [
        span("prices rose", "INDIRECT"),
        span("We won,", "DIRECT"),
        span("we left", "DIRECT"),
    ]
    doc.spans["quote_cues"] = [span("said", "CUE")]
    out = paragraph_docs([doc], ["quotes", "quote_cues"], negative_share=0.0)
    # One doc per paragraph holding a span; the one-newline lines stay one paragraph.
    assert sorted(d.text.strip() for d in out) == sorted([paragraphs[1], paragraphs[3]])
    by_text = {d.text.strip(): d for d in out}
    first = by_text[paragraphs[1]]
    assert [(s.text, s.label_) for s in first.spans["quotes"]] == [("prices rose", "INDIRECT")]
    assert [s.text for s in first.spans["quote_cues"]] == ["said"]
    second = by_text[paragraphs[3]]
    assert [s.text for s in second.spans["quotes"]] == ["We won,", "we left"]
    assert list(second.spans["quote_cues"]) == []
    # Some of the paragraphs without a span come too, with empty span groups.
    with_negatives = paragraph_docs([doc], ["quotes", "quote_cues"], negative_share=1.0)
    assert len(with_negatives) == 4
    negative = [d for d in with_negatives if not d.spans["quotes"]]
    assert len(negative) == 2 and all(
        d.text.strip() in (paragraphs[0], paragraphs[2], paragraphs[4]) for d in negative
    )


def test_the_content_threshold_leans_to_recall() -> None:
    from annotator.assist.calibrate import BETA, best_threshold

    gold = [[(0, 10), (20, 30), (40, 50)]]
    # Two sure right spans, a wrong one at 0.25, and the third right one among two wrong at 0.12.
    scored = [(0, 10, 0.9), (20, 30, 0.3), (60, 70, 0.25), (40, 50, 0.12), (80, 90, 0.12), (100, 110, 0.12)]
    found = [[(s, e, p, False) for s, e, p in scored]]
    # F1 stops at the sure ones (P 1, R 0.67); F-beta 1.5 takes the third right span with
    # its two wrong neighbours (P 0.5, R 1): a reject costs less than a span to type.
    assert best_threshold(found, gold) == 0.3
    assert best_threshold(found, gold, beta=1.5) == 0.1
    assert BETA["quotes"] > 1 and "quote_cues" not in BETA
    # The rules' own parts are suggested from RULE_FLOOR whatever the threshold, as the
    # suggester does: with the third right span a rule's, F1 takes it at 0.3 already.
    ruled = [[(s, e, p, (s, e) == (40, 50)) for s, e, p in scored]]
    assert best_threshold(ruled, gold) == 0.3
    assert best_threshold(ruled, gold, beta=1.5) == 0.3

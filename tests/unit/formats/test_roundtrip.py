"""Property: spans written in a format and imported land on the same characters.

Texts mix emoji, combining marks, non-breaking spaces and ``\\r\\n``; spans are
whole spaCy tokens stated in offsets of the raw (``\\r\\n``) text, as a tool
writing that file would state them.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.formats.importing import import_paths
from annotator.formats.reader import newline_map
from annotator.formats.tokens import token_offsets
from annotator.model.spans import WHITESPACE
from annotator.store import Store

_CHARS = list("abcXYZéß0") + ["😀", "👍🏽", "e\u0301", "\u00a0", "'", "-", "."]
words = st.lists(
    st.lists(st.sampled_from(_CHARS), min_size=1, max_size=5).map("".join), min_size=1, max_size=12
)
seps = st.lists(st.sampled_from([" ", "\r\n", "\n", "  ", "\r\n\r\n"]), min_size=12, max_size=12)

# Loading spaCy seeds `random`; Hypothesis forbids that inside a strategy, so load it now.
token_offsets("warm up")

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str, list[tuple[int, int]], list[tuple[int, int]]]:
    """(raw text, normalised text, raw spans, expected normalised spans)."""
    ws, ss = draw(words), draw(seps)
    raw = "".join(w + s for w, s in zip(ws, ss, strict=False)).rstrip()
    assume(raw.strip())  # an empty article is bad input, tested elsewhere
    text, mapping = newline_map(raw)
    new_to_raw = (
        list(range(len(raw) + 1))
        if mapping is None
        else {new: old for old, new in reversed(list(enumerate(mapping)))}
    )
    tokens = [
        (s, e) for s, e in token_offsets(text) if text[s] not in WHITESPACE and text[e - 1] not in WHITESPACE
    ]
    chosen = [
        t
        for t, keep in zip(
            tokens, draw(st.lists(st.booleans(), min_size=len(tokens), max_size=len(tokens))), strict=True
        )
        if keep
    ]
    raw_spans = [(new_to_raw[s], new_to_raw[e]) for s, e in chosen]
    return raw, text, raw_spans, chosen


def _import(path: Path, fmt: str) -> list[tuple[str, list[tuple[int, int]]]]:
    store = Store(path.parent / "t.db")
    try:
        import_paths(store, [path], fmt=fmt, annotator="ann")
        return [
            (a.text, [(s.start, s.end) for s in store.spans_for(a.id, "ann")]) for a in store.iter_articles()
        ]
    finally:
        store.close()


@SETTINGS
@given(documents(), st.sampled_from(["jsonl", "doccano", "brat"]))
def test_offsets_in_equal_offsets_out(doc, fmt) -> None:
    raw, text, raw_spans, expected = doc
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if fmt == "jsonl":
            path = folder / "d.jsonl"
            path.write_text(
                json.dumps(
                    {
                        "text": raw,
                        "spans": [
                            {"start": s, "end": e, "label": "PERSON", "text": raw[s:e]} for s, e in raw_spans
                        ],
                    }
                ),
                encoding="utf-8",
            )
        elif fmt == "doccano":
            path = folder / "d.jsonl"
            path.write_text(
                json.dumps({"text": raw, "label": [[s, e, "PERSON"] for s, e in raw_spans]}), encoding="utf-8"
            )
        else:
            path = folder / "d.ann"
            (folder / "d.txt").write_text(raw, encoding="utf-8", newline="")
            path.write_text(
                "".join(f"T{i}\tPERSON {s} {e}\t{raw[s:e]}\n" for i, (s, e) in enumerate(raw_spans, 1)),
                encoding="utf-8",
            )
        [(stored_text, spans)] = _import(path, fmt)
    assert stored_text == text
    assert spans == expected


conll_tokens = st.lists(
    st.tuples(
        st.lists(st.sampled_from([c for c in _CHARS if c.strip()]), min_size=1, max_size=4).map("".join),
        st.sampled_from(["O", "B-PER", "I-PER", "B-ORG"]),
    ),
    min_size=1,
    max_size=20,
)


@SETTINGS
@given(st.lists(conll_tokens, min_size=1, max_size=3))
def test_conll_entities_cover_exactly_their_tokens(sentences) -> None:
    body = "\n\n".join("\n".join(f"{tok} {tag}" for tok, tag in sent) for sent in sentences)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.conll"
        path.write_text(body + "\n", encoding="utf-8")
        [(text, spans)] = _import(path, "conll")
    # Expected entities: runs of B-/I- tokens of one label, per sentence.
    expected = []
    for sent in sentences:
        current: list[str] | None = None
        label = None
        for tok, tag in [*sent, ("", "O")]:
            kind, _, lab = tag.partition("-")
            if current is not None and (kind != "I" or lab != label):
                expected.append("".join(current))
                current = None
            if kind == "B" or (kind == "I" and current is None):
                current, label = [tok], lab
            elif kind == "I":
                current.append(tok)
    got = ["".join(text[s:e].split(" ")) for s, e in spans]
    assert got == expected

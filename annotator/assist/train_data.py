"""Training documents for span layers: paragraphs around the annotated spans, not whole articles.

A quote layer learns from where attributions are: a whole article is mostly text
around them, and every token costs the same in each step. ``paragraph_docs``
rewrites an exported ``train.spacy`` into one ``Doc`` per paragraph block (blank
lines part blocks; blocks a span crosses stay together) that holds a span of the
trained keys, plus a seeded sample of the blocks that hold none
(``NEGATIVE_SHARE`` of the positive count), so the model still sees text where
nothing is to be found. The spans keep their labels and ids, and the candidate
groups (``<key>_candidates``, ``quote_candidates``) keep those inside the block. Only the train split
is cut: the dev split stays whole articles, so the dev scores are what a
suggestion on an article gets.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from annotator.assist.quote_candidates import SUFFIX

NEGATIVE_SHARE = 0.3


def _blocks(doc: Any, spans: Sequence[Any]) -> list[tuple[int, int]]:
    """Token ranges of the paragraph blocks of ``doc``, merged where a span crosses a boundary."""
    cuts = [t.i + 1 for t in doc if t.is_space and t.text.count("\n") >= 2]
    edges = [0] + [c for c in cuts if 0 < c < len(doc)] + [len(doc)]
    blocks = [(a, b) for a, b in zip(edges, edges[1:], strict=False) if b > a]
    merged: list[tuple[int, int]] = []
    for start, end in blocks:
        if merged and any(s.start < start < s.end for s in spans):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def paragraph_docs(
    docs: Sequence[Any], keys: Sequence[str], *, seed: int = 0, negative_share: float = NEGATIVE_SHARE
) -> list[Any]:
    """One ``Doc`` per block holding a span of ``keys``, and a sample of the others."""
    from spacy.tokens import Span

    rng = random.Random(seed)
    positive: list[Any] = []
    negative: list[Any] = []
    for doc in docs:
        spans = [s for key in keys for s in doc.spans.get(key, [])]
        for start, end in _blocks(doc, spans):
            sub = doc[start:end].as_doc()
            inside = False
            # The trained keys, and the candidate groups: what lies inside the block.
            for name in [*keys, *(n for n in doc.spans if n.endswith(SUFFIX))]:
                group = [
                    Span(sub, s.start - start, s.end - start, label=s.label_, span_id=s.id_)
                    for s in doc.spans.get(name, [])
                    if start <= s.start and s.end <= end
                ]
                sub.spans[name] = group
                inside = inside or (bool(group) and name in keys)
            (positive if inside else negative).append(sub)
    rng.shuffle(negative)
    keep = negative[: round(len(positive) * negative_share)]
    out = positive + keep
    rng.shuffle(out)
    return out


def cut_train_split(path: Path, keys: Sequence[str], *, seed: int = 0) -> tuple[int, int]:
    """Rewrite ``path`` (a DocBin) as paragraph docs; returns (articles, docs written)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    cut = paragraph_docs(docs, keys, seed=seed)
    if not cut:  # no span of these keys at all: the whole articles stay
        return len(docs), len(docs)
    DocBin(docs=cut).to_disk(path)
    return len(docs), len(cut)

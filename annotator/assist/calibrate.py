"""The score a span categorizer's spans must reach to be suggested, chosen on the training's dev split.

A span categorizer trained a few thousand steps on a CPU is rarely calibrated: its
right spans may all score 0.3, or 0.8. After a training, ``calibrate`` runs the
pipeline over the dev split (whole articles the training never learnt from) and,
per span key, takes the threshold from ``GRID`` whose suggestions (non-overlapping,
the higher score winning, as the suggester keeps them) have the best F-beta against the
dev spans of that key: a suggestion is right when it overlaps a dev span not matched
yet (one-to-one), as the quote benchmark counts contents. Ties take the higher
threshold. ``BETA`` leans quote contents to recall: for a suggester a wrong content
costs the annotator one key (reject), a missing one a whole span to select and label
and its cue and source to link (docs/train.md). The rules' own parts count as the
suggester keeps them (from ``RULE_FLOOR``, whatever the threshold). The chosen figure
is written into the pipeline's own config (``[components.spancat_<key>] threshold``
and its ``cfg``), so ``spacy.load`` applies it and the suggester reads it from there;
without dev spans of a key its threshold stays.
"""

from __future__ import annotations

from pathlib import Path

from annotator.assist.quote_candidates import copy_candidates
from annotator.formats.export_model import QUOTES_KEY
from annotator.model import overlaps

# 0.01 ... 0.07, then 0.10 ... 0.90: a quote model over hundreds of candidates an
# article scores its right ones low (0.1 was the lowest and the one chosen).
GRID = (0.01, 0.02, 0.03, 0.05, 0.07, *(round(0.05 * n, 2) for n in range(2, 19)))
FLOOR = 0.01
# F-beta per span key (1 where not named): beta 1.5 weighs a miss as 2.25 wrong suggestions
# (picked on PolNeAR train, docs/benchmarks.md: F1 took 0.75 there, a recall the rules beat).
BETA = {QUOTES_KEY: 1.5}


def overlap_f(found: list[tuple[int, int]], gold: list[tuple[int, int]], beta: float = 1.0) -> float:
    free = list(gold)
    hit = 0
    for span in found:
        match = next((g for g in free if overlaps(span, g)), None)
        if match is not None:
            free.remove(match)
            hit += 1
    if not hit:
        return 0.0
    p, r = hit / len(found), hit / len(gold)
    return (1 + beta**2) * p * r / (beta**2 * p + r)


def _kept(spans: list[tuple[int, int, float, bool]], threshold: float) -> list[tuple[int, int]]:
    """What the suggester keeps at ``threshold`` (``model_suggest``): a score at least that,
    or ``RULE_FLOOR`` for the rules' own parts (``ruled``); no overlaps, the higher score winning."""
    from annotator.assist.model_suggest import _best_first, keeps

    passed = [(s, e, "", p) for s, e, p, ruled in spans if keeps(p, threshold, ruled)]
    return [(s, e) for s, e, _label, _p in _best_first(passed)]


def best_threshold(
    found: list[list[tuple[int, int, float, bool]]], gold: list[list[tuple[int, int]]], *, beta: float = 1.0
) -> float:
    """The ``GRID`` threshold with the best overlap F-beta over all docs (``found``: each doc's
    spans as (start, end, score, a part the rules propose), ``gold``: its spans; character
    offsets); ties take the higher one."""

    def f_at(t: float) -> float:
        pooled_found, pooled_gold = [], []
        for n, (spans, refs) in enumerate(zip(found, gold, strict=True)):
            shift = n * 10**8  # one text per doc: offsets of different docs never overlap
            pooled_found += [(s + shift, e + shift) for s, e in _kept(spans, t)]
            pooled_gold += [(s + shift, e + shift) for s, e in refs]
        return overlap_f(pooled_found, pooled_gold, beta)

    return max(GRID, key=lambda t: (f_at(t), t))


def calibrate(model_dir: Path, dev: Path) -> dict[str, float]:
    """Choose and write each span categorizer's threshold; returns ``{component: threshold}``."""
    import spacy
    import srsly
    from spacy import util
    from spacy.tokens import DocBin

    from annotator.assist.model_suggest import ROLE_OF_KEY, rule_parts

    nlp = spacy.load(model_dir)
    names = [n for n in nlp.pipe_names if n.startswith("spancat_")]
    if not names or not dev.exists():
        return {}
    for name in names:
        nlp.get_pipe(name).cfg["threshold"] = FLOOR
    gold_docs = list(DocBin().from_disk(dev).get_docs(nlp.vocab))
    keys = {name: nlp.get_pipe(name).key for name in names}
    found: dict[str, list[list[tuple[int, int, float, bool]]]] = {n: [] for n in names}
    gold: dict[str, list[list[tuple[int, int]]]] = {n: [] for n in names}
    # The dev docs carry their quote candidates (quote_candidates): the model's docs get them.
    docs = []
    for ref in gold_docs:
        doc = nlp.make_doc(ref.text)
        copy_candidates(ref, doc)
        docs.append(doc)
    for ref, doc in zip(gold_docs, nlp.pipe(docs), strict=True):
        for name, key in keys.items():
            group = doc.spans.get(key, [])
            scores = group.attrs.get("scores", []) if len(group) else []
            ruled = rule_parts(doc, ROLE_OF_KEY[key]) if key in ROLE_OF_KEY else set()
            found[name].append(
                [
                    (s.start_char, s.end_char, float(p), (s.start, s.end) in ruled)
                    for s, p in zip(group, scores, strict=False)
                ]
            )
            gold[name].append([(s.start_char, s.end_char) for s in ref.spans.get(key, [])])
    chosen = {
        name: best_threshold(found[name], gold[name], beta=BETA.get(keys[name], 1.0))
        for name in names
        if any(gold[name])
    }
    if chosen:
        # Both places spaCy reads it from: the config, and the component's own saved cfg
        # (read last by ``spacy.load``).
        cfg = util.load_config(model_dir / "config.cfg", interpolate=False)
        for name, threshold in chosen.items():
            cfg["components"][name]["threshold"] = threshold
            saved = srsly.read_json(model_dir / name / "cfg")
            saved["threshold"] = threshold
            srsly.write_json(model_dir / name / "cfg", saved)
        cfg.to_disk(model_dir / "config.cfg")
    return chosen

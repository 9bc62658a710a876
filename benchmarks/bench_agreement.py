"""``python -m benchmarks agreement``: how far PolNeAR's own annotators agree, as citron measures, beside our suggestions on the same articles.

PolNeAR had 5 or 6 annotators mark the same article once a week (16 such
articles in train, 2 in dev; ``polnear.read_versions``). Each annotator's
version is scored against each other's (every ordered pair: one is the gold,
the other the prediction), and our suggestions against each annotator's, with
``Scores.citron``. The human figure is the agreement a single-annotator gold
allows: what one trained annotator scores against another. It puts citron's
PARC 3.0 F1 (an anchor from other text, other guidelines) in its place. The 16
train articles were tuned on (PolNeAR train), the 2 dev ones were not. No
target: the figures stand beside each other.
"""

from __future__ import annotations

import itertools

from benchmarks.polnear import TYPES, Scores, available, read_versions

PARTS = ("cue_exact", "source_exact", "content_exact", "content_overlap")


def measure(nlp, split: str) -> tuple[int, Scores, Scores]:  # noqa: ANN001
    """(articles, human vs human, ours with ``nlp``'s parse vs each annotator) on ``split``."""
    from annotator.assist.quotes import suggest_quotes
    from annotator.formats.tokens import token_offsets
    from benchmarks.bench_quotes import as_attributions, entity_spans

    versions = read_versions(split)
    human, ours = Scores(), Scores()
    for _, text, golds in versions:
        for gold, other in itertools.permutations(golds, 2):
            human.add(text, gold, other)
        doc = nlp(text)
        entities = entity_spans(doc)
        mine = as_attributions(
            text, suggest_quotes(text, token_offsets(text), entities=entities, doc=doc), entities
        )
        for gold in golds:
            ours.add(text, gold, mine)
    return len(versions), human, ours


def report(nlp) -> None:  # noqa: ANN001
    """Print human and our F1 per citron part, all types and INDIRECT, for train's and dev's shared articles."""
    print("  PolNeAR annotators against each other, as citron measures (F1; the same articles, ours beside):")
    print(f"    {'articles':<24}{'types':<10}" + "".join(f"{p.replace('_', ' '):>17}" for p in PARTS))
    for split in ("train", "dev"):
        n, human, ours = measure(nlp, split)
        if not n:
            continue
        for kind, kinds in (("all", TYPES), ("INDIRECT", ("INDIRECT",))):
            h, o = human.citron_scores(kinds), ours.citron_scores(kinds)
            for who, row in ((f"{split} {n}: annotators", h), (f"{split} {n}: ours", o)):
                print(f"    {who:<24}{kind:<10}" + "".join(f"{row[p][2]:>17.3f}" for p in PARTS))
            share = "".join(f"{o[p][2] / h[p][2] if h[p][2] else 0:>17.2f}" for p in PARTS)
            print(f"    {f'{split} {n}: ours / theirs':<24}{kind:<10}" + share)


def main() -> bool:
    from benchmarks.bench_quotes import load_pipeline

    if not available("dev"):
        print("  skipped: ../shared/samples/polnear (PolNeAR) is not here")
        return True
    nlp = load_pipeline()
    if nlp is None:
        print("  skipped: no en_core_web_sm installed (pip install -e '.[test]')")
        return True
    report(nlp)
    return True

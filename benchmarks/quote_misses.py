"""What the quote suggester misses on PolNeAR, by category (a tuning aid, not a benchmark).

    python -m benchmarks.quote_misses [--split train] [--limit N]
        [--show direct|mixed|indirect|source|false|false-indirect|cue-exact|source-exact|content-exact|no-cue]
        [--cache DIR] [--rules]

Prints the direct + mixed and indirect figures of ``bench_quotes`` for the
split, then the missed gold quotes of the chosen kind, each with the nearest
suggestion (``--show source``: matched quotes whose source is wrong;
``false``: direct/mixed suggestions matching no gold; ``false-indirect``: indirect
ones matching no gold, beside their context; ``cue-exact``,
``source-exact``, ``content-exact``: gold quotes whose suggestion shares a cue
word, as citron pairs them, but not that part's words; ``no-cue``: gold quotes
no suggestion shares a cue word with, which citron counts as missed in every
part). ``--cache DIR`` keeps
the parsed articles (spaCy ``DocBin``) so a second run skips the pipeline.
Tune on train only (PolNeAR's README: do not look at dev).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from benchmarks.bench_quotes import as_attributions, entity_spans, load_pipeline
from benchmarks.polnear import TYPES, Attribution, Scores, read_split, words


def parsed(articles, nlp, cache: Path | None, split: str) -> list:  # noqa: ANN001
    from spacy.tokens import DocBin

    path = cache / f"polnear-{split}-{len(articles)}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(a.text for a in articles))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, store_user_data=False).to_disk(path)
    return docs


def _show(text: str, ranges: list[tuple[int, int]]) -> str:
    return " | ".join(text[s:e].replace("\n", " ⏎ ") for s, e in ranges) or "-"


def _nearest(text: str, g: Attribution, predicted: list[Attribution]) -> Attribution | None:
    gw = words(text, g.contents)
    best = max(predicted, key=lambda p: len(gw & words(text, p.contents)), default=None)
    if best is None or not gw & words(text, best.contents):
        return None
    return best


def _matches_any(text: str, p: Attribution, gold: list[Attribution]) -> bool:
    pw = words(text, p.contents)
    for g in gold:
        gw = words(text, g.contents)
        if len(gw & pw) * 2 >= len(gw) and len(gw & pw) * 2 >= len(pw):
            return True
    return False


def _context(text: str, g: Attribution) -> str:
    s = min(r[0] for r in g.contents + g.cue + g.source)
    e = max(r[1] for r in g.contents + g.cue + g.source)
    return text[max(0, s - 80) : e + 40].replace("\n", " ⏎ ")


def _citron_pairs(text: str, gold: list[Attribution], predicted: list[Attribution]) -> list:
    """Each gold quote with the first suggestion sharing a cue word with it (None where none does)."""
    out = []
    for g in gold:
        gc = words(text, g.cue)
        out.append((g, next((p for p in predicted if gc & words(text, p.cue)), None)))
    return out


def _part_words(text: str, q: Attribution, part: str) -> frozenset[int]:
    return words(text, {"cue": q.cue, "source": q.source, "content": q.contents}[part])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show", default="direct")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--rules", action="store_true", help="without the parse")
    ap.add_argument("--sample", type=int, default=40, help="how many misses to print")
    args = ap.parse_args()
    from annotator.assist.quotes import suggest_quotes
    from annotator.formats.tokens import token_offsets

    articles = read_split(args.split, limit=args.limit)
    nlp = load_pipeline()
    docs = parsed(articles, nlp, args.cache, args.split)
    scores = Scores()
    misses = []
    false: list = []
    citron_misses: list = []
    show = args.show.upper()
    for art, doc in zip(articles, docs, strict=True):
        entities = entity_spans(doc)
        spans = suggest_quotes(
            art.text, token_offsets(art.text), entities=entities, doc=None if args.rules else doc
        )
        predicted = as_attributions(art.text, spans, entities)
        scores.add(art.text, art.attributions, predicted)
        for g in art.attributions:
            p = _nearest(art.text, g, predicted)
            misses.append((art, g, p))
        for g, p in _citron_pairs(art.text, art.attributions, predicted):
            if show == "NO-CUE" and p is None:
                citron_misses.append((art, g, p))
            elif show.endswith("-EXACT") and p is not None:
                part = show.removesuffix("-EXACT").lower()
                if _part_words(art.text, g, part) != _part_words(art.text, p, part):
                    citron_misses.append((art, g, p))
        if show in ("FALSE", "FALSE-INDIRECT"):
            # Suggestions of the kinds shown that no gold attribution matches (half overlap), beside the nearest gold.
            kinds = ("INDIRECT",) if show == "FALSE-INDIRECT" else ("DIRECT", "MIXED")
            for p in predicted:
                if p.kind in kinds and not _matches_any(art.text, p, art.attributions):
                    false.append((art, _nearest(art.text, p, art.attributions), p))
    dm = scores.merged(("DIRECT", "MIXED"))
    ind = scores.row("INDIRECT")
    print(
        f"direct+mixed R {dm['recall_half']:.3f} P {dm['precision_half']:.3f} src found {dm['source_found']:.3f}"
        f" exact {dm['source_recall']:.3f} | indirect R {ind['recall_half']:.3f} P {ind['precision_half']:.3f}"
    )
    for kind in ("DIRECT", "MIXED", "INDIRECT"):
        r = scores.row(kind)
        print(
            f"  {kind:<8} gold {r['gold']:>5} pred {r['predicted']:>5} R {r['recall_half']:.3f}"
            f" P {r['precision_half']:.3f} src found {r['source_found']:.3f} cue R {r['cue_recall']:.3f}"
        )
    for name, kinds in (*((k, (k,)) for k in TYPES), ("DIR+MIX", ("DIRECT", "MIXED")), ("ALL", TYPES)):
        c = scores.citron_scores(kinds)
        print(
            f"  citron {name:<8} "
            + "  ".join(
                f"{part} exact F {c[part + '_exact'][2]:.3f} (P {c[part + '_exact'][0]:.3f} R {c[part + '_exact'][1]:.3f})"
                for part in ("cue", "source", "content")
            )
            + f"  content overlap F {c['content_overlap'][2]:.3f}"
        )
    chosen = []
    for art, g, p in misses:
        text = art.text
        if show in ("DIRECT", "MIXED", "INDIRECT"):
            if g.kind != show:
                continue
            if p is not None:
                gw, pw = words(text, g.contents), words(text, p.contents)
                if len(gw & pw) * 2 >= len(gw) and len(gw & pw) * 2 >= len(pw):
                    continue
            chosen.append((art, g, p))
        elif show == "SOURCE":
            if g.kind == "INDIRECT" or not g.source or p is None:
                continue
            gw, pw = words(text, g.contents), words(text, p.contents)
            if not (len(gw & pw) * 2 >= len(gw) and len(gw & pw) * 2 >= len(pw)):
                continue
            if p.source and words(text, g.source) & words(text, p.source):
                continue
            chosen.append((art, g, p))
    if show in ("FALSE", "FALSE-INDIRECT"):
        chosen = false
    elif show == "NO-CUE" or show.endswith("-EXACT"):
        chosen = citron_misses
    random.Random(1).shuffle(chosen)
    print(f"{len(chosen)} {show.lower()} misses; {min(args.sample, len(chosen))} shown")
    for art, g, p in chosen[: args.sample]:
        text = art.text
        if g is None:  # a false suggestion with no gold near it
            print(f"\n[{art.name}] no gold")
            print(f"  ours ({p.kind}): {_show(text, p.contents)[:300]}")
            print(f"  ours cue: {_show(text, p.cue)}   source: {_show(text, p.source)}")
            print(f"  ctx: {_context(text, p)[:500]}")
            continue
        print(f"\n[{art.name}] {g.kind}")
        print(f"  gold content: {_show(text, g.contents)[:300]}")
        print(f"  gold cue: {_show(text, g.cue)}   source: {_show(text, g.source)}")
        if p is None:
            print("  nearest: none")
        else:
            print(f"  ours ({p.kind}): {_show(text, p.contents)[:300]}")
            print(f"  ours cue: {_show(text, p.cue)}   source: {_show(text, p.source)}")
        # A false suggestion is shown in its own context, a missed gold quote in the gold's.
        print(f"  ctx: {_context(text, p if show.startswith('FALSE') else g)[:500]}")


if __name__ == "__main__":
    main()

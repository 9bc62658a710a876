"""``annotator train`` and ``annotator train-curve``: thin typer wrappers over ``assist.training``.

Registered on ``annotator.cli.app`` when the CLI module is imported. Progress
goes to stderr at most twice a second; Ctrl+C stops the background training
process and leaves OUT untouched (exit 130).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from annotator.assist.training import describe_event
from annotator.cli import DbArg, _open_store, app, ctrl_c, fail, must_be_file, must_be_folder

LayerOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--layer",
        help="What to train: entity (ner), quote (span categorizers for contents, cues, sources) or "
        "boilerplate; repeat or separate with commas (default: entity).",
    ),
]
BaseOpt = Annotated[
    str,
    typer.Option(
        "--base",
        help="blank, or an installed pipeline (name or folder) whose ner is fine-tuned (docs/train.md).",
    ),
]
StepsOpt = Annotated[int, typer.Option("--max-steps", help="Training steps (batches).")]
ParserOpt = Annotated[
    str,
    typer.Option(
        "--parser",
        help="The pipeline (name or folder) whose parse makes the quote candidates (default "
        "en_core_web_sm, or the rules' candidates alone where it is not installed), or 'none' for "
        "the rules' candidates alone (docs/train.md).",
    ),
]
AnnotatorOpt = Annotated[
    str | None,
    typer.Option("--annotator", "-a", help="Train on this annotator's done articles (default: anyone's)."),
]
GoldOpt = Annotated[
    bool,
    typer.Option(
        "--gold",
        help="Train on the reviewed gold: each article's done version by a reviewer, as export --gold.",
    ),
]


def throttled(max_steps: int, every: float = 0.5) -> Callable[[dict[str, Any]], None]:
    last = {"t": 0.0}

    def progress(event: dict[str, Any]) -> None:
        line = describe_event(event, max_steps)
        now = time.monotonic()
        if line is None or (event["event"] == "step" and now - last["t"] < every):
            return
        if event["event"] == "eval" and now - last["t"] < every and event["step"] < max_steps:
            return
        last["t"] = now
        typer.echo(line, err=True)

    return progress


@contextmanager
def _training() -> Iterator[dict[str, bool]]:
    """A training's run: Ctrl+C asks it to stop (exit 130, nothing written); its errors are one line."""
    from annotator.assist.training import TrainCancelled, TrainError

    with ctrl_c("stopping the training (nothing is written)") as stop:
        try:
            yield stop
        except TrainCancelled as exc:
            typer.echo(f"interrupted: {exc}", err=True)
            raise typer.Exit(130) from None
        except TrainError as exc:
            fail(str(exc))


def _options(layer: list[str] | None, *, parser: str, **same: Any) -> dict[str, Any]:
    """The keyword arguments ``train`` and ``train_curve`` share (a bad --layer: one line, exit 1)."""
    from annotator.assist.quotes import parser_option
    from annotator.assist.training import TrainError, parse_layers

    try:
        layers = parse_layers(layer)
    except TrainError as exc:
        fail(str(exc))
    return {"layers": layers, "parser": parser_option(parser), **same}


@app.command("train")
def train_cli(
    db: DbArg,
    out: Annotated[Path, typer.Argument(help="A new or empty folder for the trained pipeline.")],
    layer: LayerOpt = None,
    base: BaseOpt = "blank",
    max_steps: StepsOpt = 2000,
    parser: ParserOpt = "en_core_web_sm",
    annotator: AnnotatorOpt = None,
    gold: GoldOpt = False,
    seed: Annotated[int, typer.Option(help="Seed of the train/dev split and of training.")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Replace an earlier training in OUT.")] = False,
) -> None:
    """Train a spaCy pipeline on the done articles (in a background process); it then suggests with --model OUT."""
    from annotator.assist.training import train

    must_be_folder(out)

    options = _options(layer, base=base, max_steps=max_steps, annotator=annotator, seed=seed, parser=parser)
    if gold and annotator:
        fail("--gold and --annotator exclude each other")
    with _open_store(db) as store, _training() as stop:
        report = train(
            store,
            out,
            **options,
            gold=gold,
            force=force,
            progress=throttled(max_steps),
            cancelled=lambda: stop["asked"],
        )
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(report.summary())


@app.command("train-curve")
def train_curve_cli(
    db: DbArg,
    layer: LayerOpt = None,
    base: BaseOpt = "blank",
    max_steps: StepsOpt = 2000,
    parser: ParserOpt = "en_core_web_sm",
    annotator: AnnotatorOpt = None,
    seed: Annotated[int, typer.Option(help="Seed of the train/dev split and of training.")] = 0,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write the curve as a PNG here.")] = None,
) -> None:
    """Train on 25/50/75/100% of the done articles and print dev F for each: does more annotation help?"""
    from annotator.assist.training import train_curve

    must_be_file(plot, "a PNG file")
    options = _options(layer, base=base, max_steps=max_steps, annotator=annotator, seed=seed, parser=parser)

    def on_point(point: dict[str, Any]) -> None:
        typer.echo(format_point(point))

    with _open_store(db) as store, _training() as stop:
        curve = train_curve(
            store,
            **options,
            plot=plot,
            on_point=on_point,
            cancelled=lambda: stop["asked"],
        )
    typer.echo(curve.verdict())
    if plot is not None:
        typer.echo(f"plot: {plot}")


def format_point(point: dict[str, Any]) -> str:
    scores = "  ".join(f"{name} F {s.get('f', 0):.3f}" for name, s in point["scores"].items())
    return f"{point['percent']:>3}%  {point['articles']:>5} articles  {scores or 'no score'}"


QUEUE_SHOWN = 20


def print_uncertain(db: Path, model: str | None, ids: list[int], annotator: str) -> None:
    """The suggested articles that are still todo, least certain first (``suggest --order uncertain``)."""
    from annotator.assist.model_suggest import uncertain_queue

    assert model is not None
    with _open_store(db) as store:
        queue = uncertain_queue(store, model=model, article_ids=ids, annotator=annotator)
    typer.echo(f"{len(queue)} todo articles, least certain first (uncertainty 0-1, docs/train.md):")
    for article_id, doubt, title in queue[:QUEUE_SHOWN]:
        typer.echo(f"{article_id:>8}  {doubt:.3f}  {title[:70]}")
    if len(queue) > QUEUE_SHOWN:
        typer.echo(f"... and {len(queue) - QUEUE_SHOWN} more")

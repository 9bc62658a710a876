"""The ``annotator`` command: thin typer wrappers over the library.

Each command parses its arguments, calls one library function and turns the
library's errors into one clear line on stderr with exit code 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from annotator import __version__

app = typer.Typer(
    name="annotator",
    help="Mark entities, quotations and boilerplate in news articles; export spaCy training data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbArg = Annotated[Path, typer.Argument(help="The annotation database (a SQLite file).", dir_okay=False)]


def fail(message: str) -> NoReturn:
    """Print one line on stderr and exit 1."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"annotator {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Mark entities, quotations and boilerplate in news articles; export spaCy training data."""


def _open_store(db: Path, *, must_exist: bool = True):  # noqa: ANN202 - Store, imported late
    from annotator.store import Store, StoreError

    if must_exist and not db.exists():
        fail(f"{db}: no such database")
    try:
        return Store(db, create=not must_exist)
    except StoreError as exc:
        fail(str(exc))


@app.command("stats")
def stats_cli(
    db: DbArg,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stable JSON shape (docs/cli.md).")] = False,
) -> None:
    """Articles, spans per layer and label, and statuses per annotator."""
    with _open_store(db) as store:
        stats = store.stats()
    if as_json:
        typer.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{stats['articles']} articles, {stats['quotes']} quotes")
    for layer, entry in stats["layers"].items():
        typer.echo(f"{layer}: {entry['annotated']} annotated, {entry['suggested']} suggested, "
                   f"{entry['rejected']} rejected")
        for label, n in entry["labels"].items():
            typer.echo(f"  {label:<14} {n}")
    for name, counts in stats["annotators"].items():
        parts = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        typer.echo(f"annotator {name}: {parts or 'nothing yet'}")


# ---- import (annotator/formats importers) ----


# ---- export (annotator/formats exporters) ----


@app.command("export")
def export_cli(
    db: DbArg,
    out_dir: Annotated[Path, typer.Argument(help="Folder to create with the exported files.",
                                            file_okay=False)],
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="spacy (train/dev/test .spacy + config.cfg), jsonl (Prodigy "
                                          "tasks), quotes (citron JSON per article) or text (clean "
                                          "text per article).")] = "spacy",
    split: Annotated[str | None, typer.Option(
        help="Train,dev,test weights, e.g. 0.8,0.1,0.1 (default for spacy; other formats: no split).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the split shuffle: same seed, same split.")] = 0,
    group_by: Annotated[str, typer.Option(
        "--group-by", help="none, or source: all articles of one source land in the same split.")
    ] = "none",
    status: Annotated[str, typer.Option(
        help="Export articles with this status (comma list, or 'all').")] = "done",
    annotator: Annotated[str | None, typer.Option(
        help="Whose spans and statuses to export (default: any annotator).")] = None,
    include_suggestions: Annotated[bool, typer.Option(
        "--include-suggestions", help="Also export suggestions nobody accepted yet.")] = False,
    lang: Annotated[str | None, typer.Option(
        help="Tokenizer language (default: the articles' language).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT_DIR if it exists.")] = False,
) -> None:
    """Export annotated articles: spaCy training files, Prodigy JSONL, quotes JSON or clean text."""
    from annotator.formats.export import ExportError, export

    def progress(done: int, total: int) -> None:
        typer.echo(f"\rexported {done}/{total} articles", err=True, nl=done == total)

    with _open_store(db) as store:
        try:
            report = export(store, out_dir, format=fmt, split=split, seed=seed, group_by=group_by,
                            status=status, annotator=annotator, include_suggestions=include_suggestions,
                            lang=lang, force=force, progress=progress)
        except ExportError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{out_dir}: {exc.strerror or exc}")
    typer.echo(report.summary())


# ---- suggest (annotator/assist) ----


# ---- open (annotator/ui) ----


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())

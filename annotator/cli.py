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


# ---- suggest (annotator/assist) ----


# ---- open (annotator/ui) ----


def default_database() -> Path:
    """Where ``annotator open`` keeps its database when none is named."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("annotator", appauthor=False)) / "annotations.db"


@app.command("open")
def open_cli(
    db: Annotated[Path | None, typer.Argument(
        help="The annotation database; created if missing. Default: annotations.db in the user data "
             "directory.", dir_okay=False)] = None,
    annotator: Annotated[str | None, typer.Option(
        "--annotator", help="Whose marks these are (default: the OS user name).")] = None,
    demo: Annotated[bool, typer.Option(
        "--demo", help="Load the demo articles (datasets/demo) into the database if it is empty.")] = False,
) -> None:
    """Open the annotation window."""
    from annotator.store import StoreError
    from annotator.store.store import default_annotator

    path = db or default_database()
    try:
        from annotator.ui.app import run  # Qt is imported here, and only here

        code = run(path, annotator=annotator or default_annotator(), demo=demo)
    except (StoreError, FileNotFoundError) as exc:
        fail(str(exc))
    raise typer.Exit(code)


def main() -> None:
    app()


if __name__ == "__main__":
    sys.exit(main())

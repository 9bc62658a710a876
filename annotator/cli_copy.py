"""``annotator copy SRC DST``: a whole project into a new one, exactly (docs/cli.md).

A thin typer wrapper, as in ``annotator.cli``: the work is
``annotator.store.copy``; its errors end the command with one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from annotator.cli import DbArg, _open_store, app, fail, must_be_file, project_arg


@app.command("copy")
def copy_cli(
    source: DbArg,
    target: Annotated[
        Path,
        typer.Argument(
            help="The new project: a file that does not exist yet, or a postgresql:// URL of a "
            "database with no articles.",
            parser=project_arg,
        ),
    ],
) -> None:
    """Copy a whole project into a new one, all or nothing, and compare it table by table.

    Everything is copied with its ids: articles, spans, quotes, statuses, labels,
    assignments, reviewers, scores and the edit log. The copy is read back and compared
    with the source table by table."""
    from annotator.store import StoreError
    from annotator.store.copy import copy_to

    if isinstance(target, Path):
        must_be_file(target, "a new project file")
    last = [-1]

    def progress(done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if total >= 10_000 and percent != last[0]:
            last[0] = percent
            typer.echo(f"\rcopied {percent}% of {total:,} rows", err=True, nl=False)

    with _open_store(source) as store:
        try:
            result = copy_to(store, target, progress=progress)
        except StoreError as exc:
            if last[0] >= 0:
                typer.echo("", err=True)
            fail(str(exc))
    if last[0] >= 0:
        typer.echo("", err=True)
    typer.echo(f"copied {_shown(source)} to {_shown(target)}: {result.summary()}; read back and identical")


def _shown(target: object) -> str:
    """A project as a line may show it: a URL without its password."""
    from annotator.store.connection import is_url

    if is_url(target):
        from annotator.store import pg

        return pg.label(str(target))
    return str(target)

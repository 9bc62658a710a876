"""Team commands of ``annotator``: assign, pack, merge, agreement (docs/teams.md).

Thin typer wrappers, as in ``annotator.cli``: each parses its arguments, calls
one library function with keyword-only arguments and turns the library's
errors into one line ``error: ...`` with exit code 1.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from annotator.cli import DbArg, _open_store, app, fail


@app.command("assign")
def assign_cli(
    db: DbArg,
    annotators: Annotated[
        str,
        typer.Option("--annotators", help="Who annotates: names separated by commas, e.g. alice,bob,carol."),
    ],
    overlap: Annotated[int, typer.Option("--overlap", help="How many annotators each article goes to.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed of the draw: same seed, same assignment.")] = 0,
    articles: Annotated[
        list[str] | None,
        typer.Option(
            "--articles",
            help="Which articles: 'todo' (default: not done by anybody yet), 'all', or article ids "
            "(repeat the option or separate with commas).",
        ),
    ] = None,
    reviewers: Annotated[
        str | None,
        typer.Option(
            "--reviewers", help="Register these annotators as reviewers: their done versions are the gold."
        ),
    ] = None,
) -> None:
    """Give each article to OVERLAP annotators, balanced and reproducible.

    Re-running adds new articles and never moves an article someone has.
    An annotator's next article, list and progress then follow their assignment.
    """
    from annotator.store.teams import TeamError, assign, parse_names

    spec = [part for item in (articles or ["todo"]) for part in item.split(",") if part.strip()]
    with _open_store(db) as store:
        try:
            names = parse_names(annotators)
            review = parse_names(reviewers) if reviewers else []
            report = assign(
                store, annotators=names, overlap=overlap, seed=seed, articles=spec, reviewers=review
            )
        except TeamError as exc:
            fail(str(exc))
    for line in report.lines():
        typer.echo(line)
    if reviewers:
        typer.echo(f"reviewers: {', '.join(review)}")


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)

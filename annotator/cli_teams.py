"""Team commands of ``annotator``: assign, reviewers, pack, merge, agreement (docs/teams.md).

Thin typer wrappers, as in ``annotator.cli``: each parses its arguments, calls
one library function with keyword-only arguments and turns the library's
errors into one line ``error: ...`` with exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from annotator.cli import DbArg, _open_store, app, fail, must_be_file


@app.command("assign")
def assign_cli(
    db: DbArg,
    annotators: Annotated[
        str | None,
        typer.Option("--annotators", help="Who annotates: names separated by commas, e.g. alice,bob,carol."),
    ] = None,
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
    on_demand: Annotated[
        bool | None,
        typer.Option(
            "--on-demand/--static",
            help="--on-demand: no --annotators; each annotator claims their next article when they ask "
            "for it, each article going to at most OVERLAP annotators. --static: switch that off again.",
        ),
    ] = None,
) -> None:
    """Give each article to OVERLAP annotators, balanced and reproducible.

    Re-running adds new articles and never moves an article someone has.
    An annotator's next article, list and progress then follow their assignment.
    With --on-demand, articles are handed out as annotators ask for them instead
    (docs/teams.md).
    """
    from annotator.store.teams import TeamError, assign, parse_names

    if on_demand is not None:
        _handout_cli(
            db, on_demand=on_demand, overlap=overlap, reviewers=reviewers, others=(annotators, articles, seed)
        )
        return
    if annotators is None:
        fail("give --annotators alice,bob (who annotates), or --on-demand to hand articles out as they ask")
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


def _handout_cli(
    db: Path, *, on_demand: bool, overlap: int, reviewers: str | None, others: tuple[object, ...]
) -> None:
    """``assign --on-demand`` / ``--static``: store how articles are handed out."""
    from annotator.store import handout
    from annotator.store.teams import TeamError, parse_names, set_reviewer

    if any(others):
        fail(
            "--on-demand and --static take no --annotators, --articles or --seed: "
            "annotators claim articles themselves"
        )
    if on_demand and overlap < 1:
        fail(f"--overlap {overlap}: each article goes to at least 1 annotator")
    with _open_store(db) as store:
        try:
            review = parse_names(reviewers) if reviewers else []
        except TeamError as exc:
            fail(str(exc))
        with store.transaction():  # the reviewers and the setting together, or nothing
            for name in review:
                store.ensure_annotator(name)
                set_reviewer(store, name)
            report = handout.set_handout(store, overlap=overlap if on_demand else None)
    for line in report.lines():
        typer.echo(line)
    if review:
        typer.echo(f"reviewers: {', '.join(review)}")


@app.command("reviewers")
def reviewers_cli(
    db: DbArg,
    add: Annotated[
        str | None, typer.Option("--add", help="Register these annotators as reviewers (names, commas).")
    ] = None,
    remove: Annotated[
        str | None,
        typer.Option(
            "--remove",
            help="Unregister these reviewers (names, commas): their versions stay, as an annotator's, "
            "and are no longer the gold.",
        ),
    ] = None,
) -> None:
    """List the project's reviewers; --add and --remove change who they are first, all or nothing."""
    from annotator.store.teams import TeamError, parse_names, reviewers, set_reviewer

    try:
        adding = parse_names(add) if add else []
        removing = parse_names(remove) if remove else []
    except TeamError as exc:
        fail(str(exc))
    if both := sorted(set(adding) & set(removing)):
        fail(f"{', '.join(both)}: in both --add and --remove")
    with _open_store(db) as store:
        if removing:
            current = set(reviewers(store))
            if unknown := [name for name in removing if name not in current]:
                fail(
                    f"{', '.join(unknown)}: not a reviewer (reviewers: {', '.join(sorted(current)) or 'none'})"
                )
        if adding or removing:
            with store.transaction():
                for name in adding:
                    set_reviewer(store, name)
                for name in removing:
                    set_reviewer(store, name, False)
        names = reviewers(store)
    typer.echo(f"reviewers: {', '.join(names)}" if names else "no reviewers")


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


@app.command("agreement")
def agreement_cli(
    db: DbArg,
    layer: Annotated[
        str | None,
        typer.Option("--layer", help="Only this layer: entity, quote or boilerplate (default: all)."),
    ] = None,
    annotators: Annotated[
        str | None,
        typer.Option(
            "--annotators", help="Compare only these annotators, e.g. alice,bob (default: all but reviewers)."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stable JSON shape (docs/teams.md).")
    ] = False,
) -> None:
    """Agreement between annotators over the articles two or more of them marked done.

    Span F1 (exact and overlapping), Cohen's kappa per pair and Krippendorff's
    alpha over all, per layer and label; for quotes also content and attribution agreement.
    """
    from annotator.formats.agreement import AgreementError, agreement, summary_lines
    from annotator.store.teams import TeamError, parse_names

    with _open_store(db) as store:
        try:
            names = parse_names(annotators) if annotators is not None else None
            report = agreement(store, layer=layer, annotators=names)
        except (AgreementError, TeamError) as exc:
            fail(str(exc))
    if as_json:
        typer.echo(_dump(report))
        return
    for line in summary_lines(report):
        typer.echo(line)


@app.command("pack")
def pack_cli(
    db: DbArg,
    out: Annotated[Path, typer.Argument(help="The new project file to write (never overwritten).")],
    annotator: Annotated[str, typer.Option("--annotator", "-a", help="Whose share to pack.")],
) -> None:
    """Write an annotator's assigned articles, labels, suggestions and spans into a new project file.

    The annotator works on it anywhere (annotator open OUT -a NAME); annotator merge brings the work back.
    """
    from annotator.store.packs import PackError, pack

    must_be_file(out, "a project file")

    with _open_store(db) as store:
        try:
            report = pack(store, out, annotator=annotator)
        except PackError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{out}: {exc.strerror or exc}")
    typer.echo(report.summary())


@app.command("merge")
def merge_cli(
    db: DbArg,
    packs: Annotated[list[Path], typer.Argument(help="Pack files made by annotator pack.")],
    prefer: Annotated[
        str | None,
        typer.Option(
            "--prefer",
            help="On a conflict (changed in the project and in the pack): 'pack' or 'db' wins. "
            "Default: keep the project's and set the pack's aside as NAME@pack-FILE.",
        ),
    ] = None,
) -> None:
    """Bring packed annotators' spans and statuses back, all or nothing.

    Merging a file twice changes nothing; only the pack's annotator is written; conflicts are listed.
    """
    from annotator.store.packs import PackError, merge

    for path in packs:
        must_be_file(path, "a pack file")

    with _open_store(db) as store:
        try:
            report = merge(store, packs, prefer=prefer)
        except PackError as exc:
            fail(str(exc))
    for line in report.lines():
        typer.echo(line)

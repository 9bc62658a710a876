"""``annotator roles``: who may write what in a PostgreSQL project (docs/postgres.md#roles).

Thin typer wrappers, as in ``annotator.cli``; the work is ``annotator.store.pg_roles``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from annotator.cli import DbArg, _open_store, app, fail

roles_app = typer.Typer(
    help="Database roles and row-level security of a PostgreSQL project: each person connects "
    "as their own role and writes only their own annotations.",
    no_args_is_help=True,
)
app.add_typer(roles_app, name="roles")

KindOpt = Annotated[
    str,
    typer.Option(
        "--kind",
        help="annotators (their own spans and statuses), reviewers (also the gold: their done "
        "versions) or admins (import, assign, labels, migrations, every row).",
    ),
]


@roles_app.command("setup")
def setup_cli(db: DbArg) -> None:
    """Create the project's three group roles and fence every table with row-level security.

    Run it once as the project's owner (a role that may create roles); running it again
    changes nothing."""
    from annotator.store import StoreError, pg_roles

    with _open_store(db) as store:
        try:
            g = pg_roles.apply(store)
        except StoreError as exc:
            fail(str(exc))
    typer.echo(f"roles ready: {', '.join(g.all)}; add people with 'annotator roles add'")


@roles_app.command("add")
def add_cli(
    db: DbArg,
    names: Annotated[list[str], typer.Argument(help="Login role names: each person's annotator name.")],
    kind: KindOpt = "annotators",
) -> None:
    """Give people a kind of role in the project, creating their login roles where missing.

    Set a password with PostgreSQL's own tools (psql: \\password NAME); annotator never
    sees or keeps one."""
    from annotator.store import StoreError, pg_roles

    with _open_store(db) as store:
        try:
            made = [name for name in names if pg_roles.add_person(store, name, kind)]
        except StoreError as exc:
            fail(str(exc))
    new = f" (new login roles: {', '.join(made)}; no password yet)" if made else ""
    typer.echo(f"{', '.join(names)}: {kind}{new}")


@roles_app.command("list")
def list_cli(db: DbArg) -> None:
    """The people of the project and their kind of role."""
    from annotator.store import StoreError, pg_roles

    with _open_store(db) as store:
        try:
            found = pg_roles.people(store)
        except StoreError as exc:
            fail(str(exc))
    if not found:
        typer.echo("nobody yet: 'annotator roles add DB NAME' adds people")
    for name, kind in found.items():
        typer.echo(f"{name:20} {kind}")

"""The ``annotator`` command: thin typer wrappers over the library.

Each command parses its arguments, calls one library function and turns the
library's errors into one clear line on stderr with exit code 1.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from annotator import __version__
from annotator.model.words import count

if TYPE_CHECKING:
    from annotator.store import Store

app = typer.Typer(
    name="annotator",
    help="Mark entities, quotations and boilerplate in news articles; export spaCy training data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# Paths are checked by the commands, not by click: its checks end in a box and exit 2.
def project_arg(text: str) -> Path:
    """A project argument: a SQLite file's path, or a ``postgresql://`` URL kept as it is
    (a ``Path`` would fold its ``//``). Typed ``Path`` for typer; a URL is a ``str``."""
    from annotator.store.connection import project_target

    return project_target(text)  # type: ignore[return-value]


DbArg = Annotated[
    Path,
    typer.Argument(
        help="The project: a SQLite file, or a postgresql://[user@]host[:port]/dbname URL "
        "(docs/postgres.md).",
        parser=project_arg,
    ),
]
# Checked by the library (one line for 0 or below), not by click.
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        help="Worker processes for a large corpus (default: every core; 1: none). "
        "The output is the same whatever the number.",
    ),
]


def fail(message: str) -> NoReturn:
    """Print one line on stderr and exit 1."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def must_be_file(path: Path | None, what: str = "a file") -> None:
    """One line, exit 1, for a folder where a file is wanted. Click's own ``dir_okay=False``
    would print a usage box and exit 2, so paths are checked here instead."""
    if path is not None and path.is_dir():
        fail(f"{path}: is a folder, not {what}")


def must_be_folder(path: Path | None) -> None:
    """One line, exit 1, for an existing file where a folder is wanted (see ``must_be_file``)."""
    if path is not None and path.exists() and not path.is_dir():
        fail(f"{path}: is a file, not a folder")


@contextmanager
def ctrl_c(message: str, *, again_aborts: bool = False) -> Iterator[dict[str, bool]]:
    """A flag the first Ctrl+C sets (and says ``message``), for a library ``cancelled()``
    callback to read; with ``again_aborts`` a second Ctrl+C raises KeyboardInterrupt."""
    import signal

    stop = {"asked": False}

    def on_sigint(signum: int, frame: object) -> None:
        if stop["asked"] and again_aborts:
            raise KeyboardInterrupt
        stop["asked"] = True
        typer.echo(f"\n{message}", err=True)

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"annotator {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Mark entities, quotations and boilerplate in news articles; export spaCy training data."""


@contextmanager
def _open_store(db: Path, *, must_exist: bool = True) -> Iterator[Store]:
    """The open project, closed after the block; its failures (busy, read-only,
    full disk, damaged file, a server out of reach) end the command with one line
    naming the project."""
    from annotator.store import Store, StoreError
    from annotator.store.errors import describe

    if isinstance(db, Path):  # a postgresql:// URL is checked by the store (the server says)
        must_be_file(db, "a project file")
        if must_exist and not db.exists():
            fail(f"{db}: no such database")
    try:
        store = Store(db, create=not must_exist, busy_timeout=_busy_timeout())
    except StoreError as exc:
        fail(str(exc))
    try:
        with store:
            yield store
    except StoreError as exc:
        fail(str(exc))
    except sqlite3.Error as exc:
        known = describe(db, exc)
        if known is None:
            raise
        fail(str(known))
    except Exception as exc:
        known = store.explain(exc)  # the server's errors (a connection that went mid-read)
        if known is None:
            raise
        fail(str(known))


def _busy_timeout() -> float:
    """Seconds a write waits for another program's write: ANNOTATOR_BUSY_TIMEOUT, default 30."""
    value = os.environ.get("ANNOTATOR_BUSY_TIMEOUT", "")
    try:
        seconds = float(value) if value else 30.0
    except ValueError:
        fail(f"ANNOTATOR_BUSY_TIMEOUT={value}: not a number of seconds")
    if not 0 <= seconds < 1e6:
        fail(f"ANNOTATOR_BUSY_TIMEOUT={value}: not a number of seconds")
    return seconds


@app.command("stats")
def stats_cli(
    db: DbArg,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stable JSON shape (docs/cli.md).")
    ] = False,
) -> None:
    """Articles, spans per layer and label, and statuses per annotator; the team's figures.

    The team's: progress, pace, agreement per pair and the review queue (docs/teams.md)."""
    from annotator.formats.team_stats import team_lines, team_stats

    with _open_store(db) as store:
        stats = store.stats()
        stats.update(team_stats(store))
    if as_json:
        typer.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{count(stats['articles'], 'article')}, {count(stats['quotes'], 'quote')}")
    for layer, entry in stats["layers"].items():
        typer.echo(
            f"{layer}: {entry['annotated']} annotated, {entry['suggested']} suggested, "
            f"{entry['rejected']} rejected"
        )
        for label, n in entry["labels"].items():
            typer.echo(f"  {label:<14} {n}")
    for name, counts in stats["annotators"].items():
        parts = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        typer.echo(f"annotator {name}: {parts or 'nothing yet'}")
    for line in team_lines(stats):
        typer.echo(line)


# ---- import (annotator/formats importers) ----

_IMPORT_FORMATS = ("auto", "txt", "html", "jsonl", "prodigy", "doccano", "labelstudio", "brat", "conll")
# Fewer files than this import without a progress line.
_PROGRESS_FROM = 50


@app.command("import")
def import_cli(
    db: DbArg,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to import.", readable=False)],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="Input format: "
            + ", ".join(_IMPORT_FORMATS)
            + ". 'auto' picks by extension and content and says what it picked.",
        ),
    ] = "auto",
    annotator: Annotated[
        str | None,
        typer.Option("--annotator", "-a", help="Whose marks imported spans are (default: your user name)."),
    ] = None,
    label_map: Annotated[
        list[str] | None,
        typer.Option(
            "--label-map", help="Rename a label on import, OLD=NEW (repeatable), e.g. LOCATION=LOC."
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Import the good records and list the bad ones instead of stopping."
        ),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding", help="Read text files in this encoding instead of UTF-8 (e.g. latin-1, cp1252)."
        ),
    ] = None,
    annotator_from_name: Annotated[
        bool,
        typer.Option(
            "--annotator-from-name",
            help="brat: each <article>_<annotator>.ann is that annotator's version of the article "
            "(stored once, with every annotator's spans and status).",
        ),
    ] = False,
) -> None:
    """Import articles (and their spans) from files or folders, all or nothing."""
    from annotator.formats.importing import BadInput, LabelMapError, import_paths, parse_label_map
    from annotator.store.store import default_annotator

    if fmt not in _IMPORT_FORMATS:
        fail(f"--format {fmt}: unknown format (expected one of {', '.join(_IMPORT_FORMATS)})")
    if annotator_from_name and fmt not in ("auto", "brat"):
        fail(f"--annotator-from-name reads brat .ann file names; it does not go with --format {fmt}")
    try:
        mapping = parse_label_map(label_map or [])
    except LabelMapError as exc:
        fail(str(exc))
    missing = [p for p in paths if not p.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or folder")
    for path in paths:  # the kernel's own check, for the user running the command
        if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
            fail(f"{path}: cannot read it (permission denied)")

    # The progress line is rewritten in place; it must end before any other line.
    progress_open = False

    def progress(done: int, total: int) -> None:
        nonlocal progress_open
        if total >= _PROGRESS_FROM and (done % 100 == 0 or done == total):
            typer.echo(f"\rread {done}/{count(total, 'file')}", err=True, nl=False)
            progress_open = True

    def end_progress() -> None:
        nonlocal progress_open
        if progress_open:
            typer.echo("", err=True)
            progress_open = False

    # A failed import leaves no trace: not even the database it would have created.
    created = isinstance(db, Path) and not db.exists()  # a database on a server is never removed
    imported = False
    try:
        with _open_store(db, must_exist=False) as store:
            try:
                report = import_paths(
                    store,
                    paths,
                    fmt=fmt,
                    annotator=annotator or default_annotator(db),
                    label_map=mapping,
                    skip_invalid=skip_invalid,
                    encoding=encoding,
                    progress=progress,
                    annotator_from_name=annotator_from_name,
                )
            except BadInput as exc:
                end_progress()
                fail(str(exc))
            finally:
                end_progress()
        imported = True
    finally:
        if created and not imported:
            for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                leftover.unlink(missing_ok=True)
    for line in report.lines():
        typer.echo(line)


# ---- export (annotator/formats exporters) ----


@app.command("export")
def export_cli(
    db: DbArg,
    out_dir: Annotated[
        Path,
        typer.Argument(
            help="A new or empty folder for the exported files (or an earlier export's, with --force).",
            readable=False,
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="spacy (train/dev/test .spacy + config.cfg), jsonl (Prodigy "
            "tasks), quotes (citron JSON per article) or text (clean "
            "text per article).",
        ),
    ] = "spacy",
    split: Annotated[
        str | None,
        typer.Option(
            help="Train,dev,test weights, e.g. 0.8,0.1,0.1 (default for spacy; other formats: no split)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the split shuffle: same seed, same split.")] = 0,
    group_by: Annotated[
        str,
        typer.Option(
            "--group-by", help="none, or source: all articles of one source land in the same split."
        ),
    ] = "none",
    status: Annotated[
        str, typer.Option(help="Export articles with this status (comma list, or 'all').")
    ] = "done",
    annotator: Annotated[
        str | None,
        typer.Option(
            "--annotator", "-a", help="Whose spans and statuses to export (default: any annotator)."
        ),
    ] = None,
    gold: Annotated[
        bool, typer.Option("--gold", help="Export the reviewers' versions (the gold), see docs/teams.md.")
    ] = False,
    pick: Annotated[
        str | None,
        typer.Option(
            "--pick",
            help="When several annotators' versions of an article tie: 'first' takes the first name "
            "(default: refuse).",
        ),
    ] = None,
    include_suggestions: Annotated[
        bool, typer.Option("--include-suggestions", help="Also export suggestions nobody accepted yet.")
    ] = False,
    lang: Annotated[
        str | None, typer.Option(help="Tokenizer language (default: the articles' language).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace the files an earlier export wrote in OUT_DIR (only those)."),
    ] = False,
    jobs: JobsOpt = None,
) -> None:
    """Export annotated articles: spaCy training files, Prodigy JSONL, quotes JSON or clean text."""
    from annotator.formats.export import ExportError, export

    must_be_folder(out_dir)

    def progress(done: int, total: int) -> None:
        typer.echo(f"\rexported {done}/{count(total, 'article')}", err=True, nl=done == total)

    with _open_store(db) as store:
        try:
            report = export(
                store,
                out_dir,
                format=fmt,
                split=split,
                seed=seed,
                group_by=group_by,
                status=status,
                annotator=annotator,
                gold=gold,
                pick=pick,
                include_suggestions=include_suggestions,
                lang=lang,
                force=force,
                progress=progress,
                jobs=jobs,
            )
        except ExportError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{out_dir}: {exc.strerror or exc}")
        except KeyboardInterrupt:
            # The export removed its temporary folder and stopped its workers on the way out.
            typer.echo(f"\ninterrupted: nothing was written to {out_dir}", err=True)
            raise typer.Exit(130) from None
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(report.summary())


# ---- suggest (annotator/assist) ----


@app.command("suggest")
def suggest_cli(
    db: DbArg,
    layer: Annotated[str, typer.Option("--layer", help="What to suggest: quote, boilerplate or entity.")],
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="spaCy pipeline (installed package name or directory): its entities are suggested "
            "(--layer entity), or its parse finds reported speech (--layer quote; without it, rules).",
        ),
    ] = None,
    cues: Annotated[
        Path | None,
        typer.Option(
            "--cues",
            help="TOML file of cue verbs and phrases added to the shipped lexicon (--layer quote; "
            "the format of resources/cues.toml).",
        ),
    ] = None,
    patterns: Annotated[
        Path | None,
        typer.Option(
            "--patterns",
            help="EntityRuler patterns file (JSONL, Prodigy style) whose matches are suggested "
            "(--layer entity).",
        ),
    ] = None,
    label_map: Annotated[
        list[str] | None,
        typer.Option(
            "--label-map",
            help="Rename a pipeline's entity label, OLD=NEW (repeatable), e.g. PER=PERSON; OLD= drops it. "
            "Labels the project lacks are dropped and counted (docs/suggest.md).",
        ),
    ] = None,
    articles: Annotated[
        list[str] | None,
        typer.Option(
            "--articles",
            help="Which articles: 'todo' (default: the annotator's todo articles), 'all', or "
            "article ids (repeat the option or separate with commas).",
        ),
    ] = None,
    annotator: Annotated[
        str | None,
        typer.Option("--annotator", "-a", help="Whose suggestions these are (default: the OS user name)."),
    ] = None,
    order: Annotated[
        str,
        typer.Option(
            "--order",
            help="id, or uncertain: then list the articles, least certain first, by the trained "
            "--model's uncertainty (docs/train.md).",
        ),
    ] = "id",
    jobs: JobsOpt = None,
) -> None:
    """Propose quotes, boilerplate blocks or entities for review (accept with A, reject with X).

    Re-running never duplicates a suggestion, never brings back a rejected one
    and never touches what a person marked. Ctrl+C stops between articles.
    """
    import time

    from annotator.assist import SuggestError, resolve_articles, suggest
    from annotator.assist.entities import EntitiesError, parse_label_map
    from annotator.store.store import default_annotator

    must_be_file(patterns)
    must_be_file(cues)
    if patterns is not None and not patterns.exists():
        fail(f"{patterns}: no such patterns file")
    if cues is not None and not cues.exists():
        fail(f"{cues}: no such cue file")
    try:
        mapping = parse_label_map(label_map or [])
    except EntitiesError as exc:
        fail(str(exc))
    who = annotator or default_annotator(db)
    spec = [part for item in (articles or ["todo"]) for part in item.split(",") if part.strip()]
    last = {"t": 0.0}

    def _progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last["t"] >= 0.5:
            last["t"] = now
            typer.echo(f"suggest {layer}: {done}/{count(total, 'article')}", err=True)

    if order not in ("id", "uncertain"):
        fail(f"--order {order}: expected id or uncertain")
    if order == "uncertain":
        from annotator.assist.model_suggest import is_trained_model

        if not is_trained_model(model):
            fail("--order uncertain needs --model, a pipeline made by `annotator train`")
    with _open_store(db) as store:
        try:
            store.check_annotator(who)
            ids = resolve_articles(store, spec, annotator=who)
            stopping = "stopping after the current article (Ctrl+C again to abort now)"
            with ctrl_c(stopping, again_aborts=True) as stop:
                report = suggest(
                    store,
                    layer=layer,
                    article_ids=ids,
                    annotator=who,
                    model=model,
                    patterns=patterns,
                    cues=cues,
                    label_map=mapping,
                    progress=_progress,
                    cancelled=lambda: stop["asked"],
                    jobs=jobs,
                )
        except SuggestError as exc:
            fail(str(exc))
    typer.echo(report.summary(), err=report.cancelled)
    if report.cancelled:
        raise typer.Exit(130)
    if order == "uncertain":
        from annotator.cli_train import print_uncertain

        print_uncertain(db, model, ids, who)


# ---- open (annotator/ui) ----


def default_database() -> Path:
    """Where ``annotator open`` keeps its database when none is named."""
    from annotator.ui.launch import default_database as where

    return where()


@app.command("open")
def open_cli(
    db: Annotated[
        Path | None,
        typer.Argument(
            help="The project (a SQLite file, or a postgresql:// URL); created if missing. "
            "Default: annotations.db in the user data directory.",
            parser=project_arg,
        ),
    ] = None,
    annotator: Annotated[
        str | None,
        typer.Option("--annotator", "-a", help="Whose marks these are (default: the OS user name)."),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Load the demo articles (datasets/demo) into the database if it is empty."
        ),
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="Review mode: register the annotator as a reviewer and show the articles waiting for "
            "review, every version's spans together (docs/teams.md).",
        ),
    ] = False,
) -> None:
    """Open the annotation window."""
    from annotator.store import StoreError
    from annotator.ui.launch import open_command

    if isinstance(db, Path):
        must_be_file(db, "a project file")
    try:
        code = open_command(db=db, annotator=annotator, demo=demo, review=review)
    except (StoreError, FileNotFoundError) as exc:
        fail(str(exc))
    raise typer.Exit(code)


# The team commands (assign, pack, merge, agreement), train, train-curve and copy live
# in their own modules and register themselves on `app`.
from annotator import cli_copy as _cli_copy  # noqa: E402, F401
from annotator import cli_roles as _cli_roles  # noqa: E402, F401
from annotator import cli_teams as _cli_teams  # noqa: E402, F401
from annotator import cli_train as _cli_train  # noqa: E402, F401


def main() -> None:
    try:
        # A plain `annotator open …` skips typer's argument machinery (it imports
        # pydantic, ~250 ms); anything else, --help included, goes through typer.
        from annotator.ui.launch import open_fast

        code = open_fast(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        app()
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        if os.environ.get("ANNOTATOR_DEBUG") == "1":
            raise
        typer.echo(f"error: {' '.join(_uncaught(exc).splitlines())}", err=True)
        sys.exit(1)


def _uncaught(exc: Exception) -> str:
    """One line for an exception no command turned into an error of its own."""
    from annotator.store import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename is not None else ""
        return f"{where}{exc.strerror}"
    if isinstance(exc, sqlite3.Error):  # met outside a command's own handling (the window's start)
        from annotator.store.errors import describe

        known = describe(_project_in_argv(), exc)
        if known is not None:
            return str(known)
    return (
        f"internal error (a bug; please report it, ANNOTATOR_DEBUG=1 shows the traceback): "
        f"{type(exc).__name__}: {exc}"
    )


def _project_in_argv() -> Path:
    """The project the command line names (every command's first argument), for a message."""
    from annotator.ui.launch import parse_open

    argv = sys.argv[1:]
    opened = parse_open(argv)
    if opened is not None:
        return opened[0] or default_database()
    named = next((Path(arg) for arg in argv[1:] if not arg.startswith("-")), None)
    return named if named is not None and named.is_file() else Path("the project")


if __name__ == "__main__":
    sys.exit(main())

"""``annotator open``: the command's library side, and a way in that skips typer.

typer (0.29) imports pydantic (~250 ms) to coerce any parameter that is not
a flag, and typer itself takes ~50 ms more: ``annotator open DB`` spent
longer parsing its arguments than starting the window. ``open_fast`` reads
the plain forms of the command (``open [DB] [--annotator NAME | -a NAME |
--annotator=NAME] [--demo] [--review]``) itself and returns None for anything else
(``--help``, an unknown option, a directory for DB, other commands), which
typer then handles exactly as before, help and errors included. No Qt and no
typer here: Qt is imported by ``annotator.ui.app`` when the window starts.
"""

from __future__ import annotations

import sys
from pathlib import Path


def default_database() -> Path:
    """Where ``annotator open`` keeps its database when none is named."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("annotator", appauthor=False)) / "annotations.db"


def open_command(*, db: Path | None, annotator: str | None, demo: bool, review: bool = False) -> int:
    """Open the window on ``db`` (default: ``default_database()``) until it closes; the exit code.

    A file that is not an annotator database raises ``StoreError`` (or
    ``FileNotFoundError``) before any window exists.
    """
    from annotator.store.store import default_annotator
    from annotator.ui.app import run  # Qt is imported here, and only here

    return run(
        db or default_database(), annotator=annotator or default_annotator(db), demo=demo, review=review
    )


def parse_open(argv: list[str]) -> tuple[Path | None, str | None, bool, bool] | None:
    """(db, annotator, demo, review) for a plain ``open`` command line; None for anything else."""
    if not argv or argv[0] != "open":
        return None
    db: Path | None = None
    annotator: str | None = None
    demo = review = False
    args = iter(argv[1:])
    for arg in args:
        if arg == "--demo":
            demo = True
        elif arg == "--review":
            review = True
        elif arg in ("--annotator", "-a"):
            value = next(args, None)
            if value is None:
                return None
            annotator = value
        elif arg.startswith("--annotator="):
            annotator = arg.partition("=")[2]
        elif arg.startswith("-") or db is not None:
            return None  # help, "--", bundled short options, a second path: typer's
        elif arg.startswith(("postgresql://", "postgres://")):
            db = arg  # type: ignore[assignment]  # a URL, kept as it is (see cli.project_arg)
        else:
            db = Path(arg)
            if db.is_dir():
                return None  # typer says "is a directory"
    return db, annotator, demo, review


def open_fast(argv: list[str]) -> int | None:
    """Run a plain ``annotator open …`` (``argv`` without the program name); None if not one."""
    parsed = parse_open(argv)
    if parsed is None:
        return None
    from annotator.store import StoreError

    db, annotator, demo, review = parsed
    try:
        return open_command(db=db, annotator=annotator, demo=demo, review=review)
    except (StoreError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)  # as the CLI's fail()
        return 1

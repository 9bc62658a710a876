"""Helpers for the hostile-input tests (issue 9): run ``annotator import``, check it refused cleanly."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app
from annotator.store import Store

GOOD = {
    "text": "Angela Merkel spoke in Berlin on Monday.",
    "spans": [{"start": 0, "end": 13, "label": "PERSON"}],
}


def run(*args: str | Path):  # noqa: ANN201 - click's Result
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is what these tests exist to prevent
    return result


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def seeded_project(tmp_path: Path) -> Path:
    """A project holding one article already, so 'unchanged' means something."""
    path = tmp_path / "project.db"
    seed = tmp_path / "seed.txt"
    seed.write_text("An article already in the project\n\nIts body.", encoding="utf-8")
    assert run("import", path, seed, "--annotator", "ann").exit_code == 0
    return path


def texts(db: Path) -> list[str]:
    with Store(db) as store:
        return [store.article(i).text for i in store.article_ids()]


def refused(db: Path, *args: str | Path, where: str, problem: str) -> str:
    """Import ``args``: exit 1, one line naming ``where`` and ``problem``, project unchanged."""
    before = dump(db)
    result = run("import", db, *args, "--annotator", "ann")
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1, result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert where in lines[0] and problem in lines[0], lines[0]
    assert dump(db) == before
    return lines[0]

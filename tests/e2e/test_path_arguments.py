"""A folder where a file is wanted, or a file where a folder is, is one line and exit 1 for
every command, never click's usage box and exit 2 (issue 9.6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Article
from annotator.store import Store

CASES = [
    (["suggest", "{db}", "--layer", "entity", "--patterns", "{dir}"], "{dir}: is a folder, not a file"),
    (["suggest", "{db}", "--layer", "quote", "--cues", "{dir}"], "{dir}: is a folder, not a file"),
    (["train", "{db}", "{file}"], "{file}: is a file, not a folder"),
    (["train-curve", "{db}", "--plot", "{dir}"], "{dir}: is a folder, not a PNG file"),
    (["merge", "{db}", "{dir}"], "{dir}: is a folder, not a pack file"),
    (["pack", "{db}", "{dir}", "-a", "ann"], "{dir}: is a folder, not a project file"),
    (["export", "{db}", "{file}"], "{file}: is a file, not a folder"),
    (["stats", "{dir}"], "{dir}: is a folder, not a project file"),
]


@pytest.mark.parametrize(("args", "message"), CASES)
def test_a_path_of_the_wrong_kind_is_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    db, folder, file = tmp_path / "p.db", tmp_path / "d", tmp_path / "f.txt"
    folder.mkdir()
    file.write_text("x")
    with Store(db) as store:
        store.add_articles([Article(text="Some text.")], annotator="ann")
    names = {"db": str(db), "dir": str(folder), "file": str(file)}
    result = CliRunner().invoke(app, [a.format(**names) for a in args])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [f"error: {message.format(**names)}"]

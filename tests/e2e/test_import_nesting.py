"""JSON nested 100,000 deep: one line naming file and record, exit 1, nothing stored (issue 9, item 6)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app

DEEP = "[" * 100_000 + "]" * 100_000
GOOD = json.dumps({"text": "Oslo is cold in winter, the mayor said."})


def run(*args: str | Path):  # noqa: ANN201 - click's Result
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is the bug this file pins
    return result


# (file name, --format, content, where the deep record is)
CASES = {
    "jsonl line": ("deep.jsonl", "auto", f"{GOOD}\n{DEEP}\n", ":2"),
    "jsonl meta": (
        "meta.jsonl",
        "jsonl",
        f'{GOOD}\n{{"text": "Deep meta.", "meta": {{"x": {DEEP}}}}}\n',
        ":2",
    ),
    "array item": ("deep.json", "jsonl", f"[\n{GOOD},\n{DEEP}\n]\n", ":3"),
    "prodigy": ("p.jsonl", "prodigy", f'{GOOD}\n{{"text": "x", "spans": {DEEP}}}\n', ":2"),
    "doccano": ("d.jsonl", "doccano", f'{GOOD}\n{{"text": "x", "label": {DEEP}}}\n', ":2"),
    "labelstudio": (
        "ls.json",
        "labelstudio",
        f'[{{"data": {{"text": "x"}}, "annotations": {DEEP}}}]\n',
        ":1:2",
    ),
    "pretty object": ("pretty.jsonl", "jsonl", f'{GOOD}\n{{\n  "text": "x",\n  "meta": {DEEP}\n}}\n', ":2"),
}


@pytest.mark.parametrize("name", CASES)
def test_issue_9_6_deep_nesting_is_one_line_naming_file_and_record(tmp_path: Path, name: str) -> None:
    file_name, fmt, content, where = CASES[name]
    path = tmp_path / file_name
    path.write_text(content, encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("import", db, path, "--format", fmt)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {path}{where}: ")
    assert "nested too deeply" in line
    assert not db.exists()


@pytest.mark.parametrize("name", ["jsonl line", "jsonl meta", "prodigy", "pretty object"])
def test_issue_9_6_deep_nesting_is_skipped_and_listed(tmp_path: Path, name: str) -> None:
    file_name, fmt, content, where = CASES[name]
    path = tmp_path / file_name
    path.write_text(content + GOOD.replace("Oslo", "Bergen") + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("import", db, path, "--format", fmt, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert f"skipped (invalid): {path}{where}: " in result.stdout
    with sqlite3.connect(db) as conn:
        texts = [r[0] for r in conn.execute("SELECT text FROM articles ORDER BY id")]
    assert texts == [json.loads(GOOD)["text"], json.loads(GOOD)["text"].replace("Oslo", "Bergen")]

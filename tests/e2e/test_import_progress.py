"""``annotator import``'s progress line ends before any error or summary line (issue 9, item 7)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app


def run(*args: str | Path):  # noqa: ANN201 - click's Result
    return CliRunner().invoke(app, [str(a) for a in args])


def _folder(tmp_path: Path, n: int, bad: int) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(n):
        record = '{"text": }' if i == bad else json.dumps({"text": f"Article {i} says Oslo is cold."})
        (folder / f"{i:03}.jsonl").write_text(record + "\n", encoding="utf-8")
    return folder


def test_issue_9_7_error_starts_its_own_line_after_the_progress_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 150, bad=120)
    result = run("import", tmp_path / "p.db", folder, "--format", "jsonl")
    assert result.exit_code == 1
    # Before: "read 100/150 fileserror: ..." on one line.
    assert result.stderr.startswith("\rread 100/150 files\n")
    last = result.stderr.splitlines()[-1]
    assert last == f"error: {folder / '120.jsonl'}:1: not valid JSON (Expecting value at column 10)"
    assert not (tmp_path / "p.db").exists()


def test_issue_9_7_progress_line_ends_before_the_summary(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 150, bad=120)
    result = run("import", tmp_path / "p.db", folder, "--format", "jsonl", "--skip-invalid")
    assert result.exit_code == 0
    assert result.stderr == "\rread 100/150 files\rread 150/150 files\n"
    assert "added 149 articles" in result.stdout
    assert f"skipped (invalid): {folder / '120.jsonl'}:1: not valid JSON" in result.stdout


def test_no_room_for_the_import_stage_is_one_line_and_nothing_stored(tmp_path: Path, monkeypatch) -> None:
    import tempfile

    # The stage goes to the temporary folder; here that "folder" is a file, as good as a full disk.
    not_a_folder = tmp_path / "tmp"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"text": "Oslo is cold."}) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    for extra in ([], ["--skip-invalid"]):
        result = run("import", db, src, *extra)
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: {not_a_folder}: cannot write the import's temporary stage (Not a directory); "
            "nothing was stored. Free some space there, or set TMPDIR to a folder with room\n"
        )
        assert not db.exists()

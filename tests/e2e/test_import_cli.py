"""``annotator import`` end to end: real files in, one clear line and an untouched database on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backends import dump as every_row
from typer.testing import CliRunner

from annotator.cli import app

FIX = Path(__file__).parent.parent / "fixtures"


def run(*args: str | Path):  # noqa: ANN201 - click's Result
    """The real command in-process (spaCy loads once for the whole module)."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    result.returncode = result.exit_code
    return result


def dump(db: Path | str) -> dict[str, list[tuple]]:
    return every_row(db)


@pytest.fixture
def db(project: Path | str) -> Path | str:
    """A database holding one article already, so 'unchanged' means something (either backend)."""
    path = project
    done = run("import", path, FIX / "txt" / "seed-devdiscourse-article.txt", "--annotator", "ann")
    assert done.returncode == 0, done.stderr
    return path


def test_import_every_format_then_reimport_adds_nothing(db: Path) -> None:
    paths = [
        FIX / "prodigy",
        FIX / "doccano" / "data_export__pipeline__examples__sequence_labeling__example.jsonl",
        FIX / "labelstudio" / "named_entity",
        FIX / "brat" / "tutorial-news",
        FIX / "conll",
        FIX / "html" / "bbc-1" / "source.html",
    ]
    first = run("import", db, *paths, "--annotator", "ann", "--label-map", "LOCATION=LOC")
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert (
        "format: brat (5 files), conll (5 files), doccano (1 file), html (1 file), labelstudio (2 files), "
        "prodigy (1 file)" in out
    )
    assert "answer 'ignore'" in out and "labels added to the schema:" in out
    again = run("import", db, *paths, "--annotator", "ann", "--label-map", "LOCATION=LOC")
    assert again.returncode == 0
    assert "added 0 articles" in again.stdout and "0 duplicates" not in again.stdout
    stats = json.loads(run("stats", db, "--json").stdout)
    assert stats["annotators"]["ann"]["done"] >= 372


BAD_CASES = {
    "binary": ("x.txt", bytes(range(256)) * 4, [], "looks like a binary file"),
    "invalid utf-8": ("latin.txt", "Café au lait, c'est bon".encode("latin-1"), [], "not valid UTF-8"),
    "empty": ("empty.txt", b"", [], "the file is empty"),
    "bad json line": ("d.jsonl", b'{"text": "ok"}\n{"text": \n', [], ":2: not valid JSON"),
    "no text": ("d.jsonl", b'{"text": "fine"}\n{"meta": {}}\n', [], ":2: the record has no text"),
    "outside": (
        "d.jsonl",
        b'{"text": "short", "spans": [{"start": 0, "end": 50, "label": "ORG"}]}\n',
        [],
        "lies outside the text",
    ),
    "overlap": (
        "d.jsonl",
        b'{"text": "New York City", "spans": [{"start": 0, "end": 8, "label": "GPE"},'
        b' {"start": 4, "end": 13, "label": "LOC"}]}\n',
        [],
        "overlapping entity spans",
    ),
    "missing": ("does-not-exist", None, [], "no such file or folder"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_one_line_exit_1_database_unchanged(db: Path, tmp_path: Path, case: str) -> None:
    name, data, extra, problem = BAD_CASES[case]
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    before = dump(db)
    result = run("import", db, FIX / "conll" / "ner-token-per-line.iob", path, *extra)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0], result.stderr
    assert dump(db) == before


@pytest.mark.parametrize("case", ["binary", "bad json line", "overlap"])
def test_failed_import_into_a_new_database_leaves_no_file(tmp_path: Path, case: str) -> None:
    name, data, _, problem = BAD_CASES[case]
    path = tmp_path / name
    path.write_bytes(data)
    fresh = tmp_path / "fresh.db"
    result = run("import", fresh, FIX / "conll" / "ner-token-per-line.iob", path)
    assert result.returncode == 1 and problem in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        (FIX / "labelstudio" / "rich_text_plain" / "tasks.json", "says its text is 'February 22'"),
        (
            FIX / "doccano" / "data_import__tests__data__sequence_labeling__example_overlapping.jsonl",
            "overlapping entity spans",
        ),
    ],
)
def test_bad_sample_files(db: Path, path: Path, problem: str) -> None:
    before = dump(db)
    result = run("import", db, path)
    assert result.returncode == 1 and problem in result.stderr and str(path) in result.stderr
    assert dump(db) == before


def test_ann_without_txt(db: Path, tmp_path: Path) -> None:
    ann = tmp_path / "story.ann"
    ann.write_text("T1\tPerson 0 4\tJohn\n", encoding="utf-8")
    before = dump(db)
    result = run("import", db, ann)
    assert result.returncode == 1 and f"{ann}: no story.txt beside it" in result.stderr
    assert dump(db) == before


def test_encoding_option_reads_latin1(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Crème brûlée for the whole town\nbody".encode("latin-1"))
    result = run("import", db, path, "--encoding", "latin-1")
    assert result.returncode == 0 and "added 1 article" in result.stdout


def test_skip_invalid_imports_the_good_and_lists_the_bad(db: Path, tmp_path: Path) -> None:
    path = FIX / "doccano" / "data_import__tests__data__sequence_labeling__example.jsonl"
    result = run("import", db, path, "--skip-invalid", "--annotator", "ann")
    assert result.returncode == 0
    assert "added 2 articles" in result.stdout
    assert f"skipped (invalid): {path}:3: the record has no text" in result.stdout


def test_bad_options(db: Path) -> None:
    result = run("import", db, FIX / "txt", "--label-map", "LOCATION")
    assert result.returncode == 1 and "expected OLD=NEW" in result.stderr
    result = run("import", db, FIX / "txt", "--format", "pdf")
    assert result.returncode == 1 and "unknown format" in result.stderr


def test_progress_on_stderr_for_many_files(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:03}.txt").write_text(f"Article number {i} about things\n\nBody {i}.", encoding="utf-8")
    result = run("import", tmp_path / "m.db", folder)
    assert result.returncode == 0 and "added 60 articles" in result.stdout
    assert "read 60/60 files" in result.stderr


def test_help_documents_every_option() -> None:
    result = run("import", "--help")
    for option in ("--format", "--annotator", "--label-map", "--skip-invalid", "--encoding"):
        assert option in result.stdout


def test_a_stage_left_by_a_killed_import_is_removed_by_the_next_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kill -9 during an import leaves its stage folder in $TMPDIR; the next import removes
    it (its process is gone), and leaves a running import's stage alone."""
    import os
    import signal
    import subprocess
    import sys
    import time

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    big = tmp_path / "big.jsonl"
    big.write_text(
        "".join(f'{{"text": "Article number {n} about Oslo and Lagos."}}\n' for n in range(200_000))
    )
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", str(tmp_path / "a.db"), str(big)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp.glob("annotator-import-*/stage.db")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    [left] = list(tmp.glob("annotator-import-*"))
    assert left.name.startswith(f"annotator-import-{proc.pid}-")
    # A stage of a process that still runs (this one) is not touched.
    running = tmp / f"annotator-import-{os.getpid()}-live"
    running.mkdir()
    small = tmp_path / "small.jsonl"
    small.write_text('{"text": "One more article."}\n')
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(tmp_path / "b.db"), str(small)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp.iterdir()) == [running.name]

"""``annotator export`` end to end, and spaCy itself consuming the result."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import build
from typer.testing import CliRunner

from annotator.cli import app


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=600)


def test_cli_exports_and_reports(project, tmp_path: Path) -> None:
    build(project, n=6).close()
    result = CliRunner().invoke(
        app, ["export", str(project), str(tmp_path / "out"), "--split", "0.5,0.5", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "exported 6 articles (train 3, dev 3)" in result.stdout
    assert "exported 6/6 articles" in result.stderr
    report = json.loads((tmp_path / "out" / "export-report.json").read_text())
    assert report["documents"] == 6 and report["skipped_spans"] == 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "xml"], "unknown format 'xml'"),
        (["--split", "a,b"], "--split 'a,b'"),
        (["--status", "finished"], "unknown status 'finished'"),
        (["--split", "1"], "spacy export needs a dev split"),
    ],
)
def test_cli_bad_options_fail_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    build(tmp_path / "a.db", n=3).close()
    result = CliRunner().invoke(app, ["export", str(tmp_path / "a.db"), str(tmp_path / "out"), *args])
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "split, message",
    [
        ("1e309,1", "--split '1e309,1': '1e309' is not a finite number"),
        ("inf", "--split 'inf': 'inf' is not a finite number"),
        ("nan,1", "--split 'nan,1': 'nan' is not a finite number"),
        ("1,-inf", "--split '1,-inf': '-inf' is not a finite number"),
        ("-0.5,1.5", "--split '-0.5,1.5': '-0.5' is negative"),
        ("0,0", "--split '0,0': the weights add up to 0"),
        ("0,1e-400", "--split '0,1e-400': the weights add up to 0"),
        ("0.5,0.2,0.2,0.1", "--split '0.5,0.2,0.2,0.1': 4 parts; give one to three"),
        ("0.8,,0.2", "--split '0.8,,0.2': '' is not a number"),
        ("eighty,20", "--split 'eighty,20': 'eighty' is not a number"),
    ],
)
@pytest.mark.parametrize("fmt", ["spacy", "jsonl"])
def test_cli_bad_split_names_the_value(tmp_path: Path, split: str, message: str, fmt: str) -> None:
    # issue 9.8: every bad split is one line naming the value, exit 1, nothing written.
    build(tmp_path / "a.db", n=3).close()
    result = CliRunner().invoke(
        app, ["export", str(tmp_path / "a.db"), str(tmp_path / "out"), "--format", fmt, "--split", split]
    )
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {message}"), result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_huge_finite_weights_split_like_equal_ones(tmp_path: Path) -> None:  # issue 9.8
    build(tmp_path / "a.db", n=4).close()
    result = CliRunner().invoke(
        app, ["export", str(tmp_path / "a.db"), str(tmp_path / "out"), "--split", "1e308,1e308"]
    )
    assert result.exit_code == 0, result.output
    assert "exported 4 articles (train 2, dev 2)" in result.stdout


def test_cli_spacy_without_a_train_part_is_refused(tmp_path: Path) -> None:
    build(tmp_path / "a.db", n=3).close()
    result = CliRunner().invoke(
        app, ["export", str(tmp_path / "a.db"), str(tmp_path / "out"), "--split", "0,1"]
    )
    assert result.exit_code == 1
    assert "the spacy export needs a train split" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cli_force_into_the_project_folder_deletes_nothing(tmp_path: Path) -> None:  # issue 9.1
    build(tmp_path / "a.db", n=4).close()
    (tmp_path / "notes.txt").write_text("my notes")
    before = _listing(tmp_path)
    result = CliRunner().invoke(
        app, ["export", str(tmp_path / "a.db"), str(tmp_path), "--split", "0.5,0.5", "--force"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path} is the folder of the project a.db: export into a new or empty folder "
        f"(e.g. {tmp_path / 'export'}); nothing was written"
    ]
    assert "exported" not in result.stdout
    assert _listing(tmp_path) == before


def test_cli_force_refuses_a_folder_with_a_user_file(tmp_path: Path) -> None:  # issue 9.1
    (tmp_path / "proj").mkdir()
    build(tmp_path / "proj" / "a.db", n=4).close()
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes")
    result = CliRunner().invoke(
        app, ["export", str(tmp_path / "proj" / "a.db"), str(out), "--split", "0.5,0.5", "--force"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {out} holds files no export wrote (notes.txt): an export replaces only its own "
        "files; choose a new or empty folder; nothing was written"
    ]
    assert _listing(out) == {"notes.txt": b"my notes"}


def test_cli_force_replaces_an_earlier_export(tmp_path: Path) -> None:  # issue 9.1
    build(tmp_path / "a.db", n=4).close()
    out = tmp_path / "out"
    args = ["export", str(tmp_path / "a.db"), str(out), "--format", "jsonl"]
    assert CliRunner().invoke(app, args).exit_code == 0
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1
    assert "holds an earlier export: pass --force" in again.stderr
    forced = CliRunner().invoke(app, [*args, "--split", "0.5,0.5", "--force"])
    assert forced.exit_code == 0, forced.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".annotator-export.json",
        "dev.jsonl",
        "export-report.json",
        "train.jsonl",
    ]


def test_cli_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(tmp_path / "nope.db"), str(tmp_path / "out")])
    assert result.exit_code == 1 and "no such database" in result.stderr


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A spaCy export of 120 sample-like articles (debug data wants >= 100 training docs)."""
    root = tmp_path_factory.mktemp("spacy")
    build(root / "a.db", n=150, sources=10).close()
    result = CliRunner().invoke(
        app,
        [
            "export",
            str(root / "a.db"),
            str(root / "out"),
            "--split",
            "0.8,0.2",
            "--group-by",
            "source",
            "--seed",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    return root / "out"


@pytest.mark.slow
def test_spacy_debug_data_passes(sample_export: Path) -> None:
    done = _run(
        "-m",
        "spacy",
        "debug",
        "data",
        str(sample_export / "config.cfg"),
        "--paths.train",
        str(sample_export / "train.spacy"),
        "--paths.dev",
        str(sample_export / "dev.spacy"),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Corpus is loadable" in done.stdout


@pytest.mark.slow
def test_spacy_train_runs_and_the_model_predicts(sample_export: Path, tmp_path: Path) -> None:
    model = tmp_path / "model"
    done = _run(
        "-m",
        "spacy",
        "train",
        str(sample_export / "config.cfg"),
        "--output",
        str(model),
        "--paths.train",
        str(sample_export / "train.spacy"),
        "--paths.dev",
        str(sample_export / "dev.spacy"),
        "--training.max_steps",
        "4",
        "--training.eval_frequency",
        "2",
        "--nlp.batch_size",
        "16",
        "--training.batcher.size.start",
        "8",
        "--training.batcher.size.stop",
        "64",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    import spacy

    nlp = spacy.load(model / "model-last")
    doc = nlp("\u201cWe will rebuild the port,\u201d Maria Lopez said in Lagos on Monday.")
    assert set(nlp.pipe_names) >= {"ner", "spancat_quotes", "spancat_boilerplate"}
    assert all(key in doc.spans for key in ("quotes", "quote_cues", "quote_sources", "boilerplate"))

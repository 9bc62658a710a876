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


def test_cli_exports_and_reports(tmp_path: Path) -> None:
    build(tmp_path / "a.db", n=6).close()
    result = CliRunner().invoke(
        app, ["export", str(tmp_path / "a.db"), str(tmp_path / "out"), "--split", "0.5,0.5", "--seed", "3"]
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

"""Spans inside spaCy's tokens: exported exactly, reported, and spaCy still trains (issue 9.10)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import find, rich_spans, variant
from typer.testing import CliRunner

from annotator.cli import app
from annotator.formats.spacy_docbin import read_docs
from annotator.model import Article, Span
from annotator.store import Store

# spaCy's English tokenizer keeps "-Elysee", "Malmö." (NFD) and "remarks(some" as one token each.
EXTRA = "\nBelarus -Elysee talks in Malmo\u0308. Trump's remarks(some said) stood.\n"


def _spans(text: str) -> list[Span]:
    def at(sub: str) -> tuple[int, int]:
        return find(text, sub, text.count(sub) - 1)

    return [
        *rich_spans(text),
        Span(*at("Elysee"), "entity", "ORG"),
        Span(*at("Malmo\u0308"), "entity", "GPE"),
        Span(*at("remarks"), "quote", "INDIRECT", role="content", quote_id=20),
        Span(*at("Trump"), "quote", "SOURCE", role="source", quote_id=20),
        Span(*at("some"), "quote", "CUE", role="cue", quote_id=20),
    ]


@pytest.fixture(scope="module")
def split_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """150 articles, each with three entities and a quote whose ends cut spaCy's tokens."""
    root = tmp_path_factory.mktemp("split")
    store = Store(root / "a.db")
    items = []
    for i in range(150):
        text = variant(i) + EXTRA
        items.append((Article(text=text, title=f"Story {i}", source=f"site{i % 10}.example"), _spans(text)))
    store.add_articles(items, annotator="ann", status="done")
    store.close()
    result = CliRunner().invoke(
        app, ["export", str(root / "a.db"), str(root / "out"), "--split", "0.8,0.2", "--seed", "1"]
    )
    assert result.exit_code == 0, result.output
    return root / "out", result.stdout


def test_cli_says_how_many_spans_cut_tokens_and_exports_them_exactly(split_export: tuple[Path, str]) -> None:
    out, stdout = split_export
    # Per article: Elysee, Malmö, remarks and some cut a token ("Trump" of "Trump's" does not).
    assert "600 spans start or end inside a token of the 'en' tokenizer" in stdout
    report = json.loads((out / "export-report.json").read_text(encoding="utf-8"))
    assert report["spans_inside_tokens"] == {
        "total": 600,
        "by_key": {"entities": 300, "quote_cues": 150, "quotes": 150},
    }
    assert report["skipped_spans"] == 0
    doc = read_docs(out / "train.spacy")[0]
    assert {"Elysee", "Malmo\u0308"} <= {e.text for e in doc.ents}
    assert "remarks" in {s.text for s in doc.spans["quotes"]}
    assert "some" in {s.text for s in doc.spans["quote_cues"]}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "spacy", *args], capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_spacy_debug_data_and_train_pass_with_split_tokens(
    split_export: tuple[Path, str], tmp_path: Path
) -> None:
    out, _ = split_export
    paths = ["--paths.train", str(out / "train.spacy"), "--paths.dev", str(out / "dev.spacy")]
    done = _run("debug", "data", str(out / "config.cfg"), *paths)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Corpus is loadable" in done.stdout
    done = _run(
        "train",
        str(out / "config.cfg"),
        "--output",
        str(tmp_path / "model"),
        *paths,
        "--training.max_steps",
        "4",
        "--training.eval_frequency",
        "2",
        "--nlp.batch_size",
        "16",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "model" / "model-last").is_dir()

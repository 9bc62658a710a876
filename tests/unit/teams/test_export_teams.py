"""Exports per annotator, --gold, and the refusal to mix versions silently (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.formats.export import ExportError, export
from annotator.model import Article, Span
from annotator.store import Store
from annotator.store.packs import put_version
from annotator.store.teams import gold_versions, is_reviewer, set_reviewer

runner = CliRunner()
TEXTS = ["Alice met Bob in Paris.", "Carol left Rome today.", "Dan stayed home."]


def _project(path: Path) -> Store:
    store = Store(path)
    store.add_articles([Article(text=t) for t in TEXTS], annotator="import")
    put_version(store, 1, "alice", [Span(0, 5, "entity", "PERSON")], status="done")
    put_version(store, 1, "bob", [Span(0, 5, "entity", "ORG")], status="done")
    put_version(store, 2, "bob", [Span(0, 5, "entity", "PERSON")], status="done")
    put_version(store, 3, "alice", [], status="in_progress")
    return store


def _labels(out: Path) -> dict[int, list[str]]:
    tasks = [json.loads(line) for line in (out / "all.jsonl").read_text().splitlines()]
    return {t["meta"]["article_id"]: [s["label"] for s in t["spans"]] for t in tasks}


def test_mixed_versions_refuse_with_a_message_and_write_nothing(project, tmp_path: Path) -> None:
    with _project(project) as store, pytest.raises(ExportError) as info:
        export(store, tmp_path / "out", format="jsonl")
    message = str(info.value)
    assert "1 articles have versions by several annotators (e.g. article 1: alice, bob, done)" in message
    assert "--annotator NAME" in message and "--gold" in message and "--pick first" in message
    assert not (tmp_path / "out").exists()


def test_one_annotators_versions_and_pick_first(project, tmp_path: Path) -> None:
    with _project(project) as store:
        export(store, tmp_path / "bob", format="jsonl", annotator="bob")
        export(store, tmp_path / "first", format="jsonl", pick="first")
    assert _labels(tmp_path / "bob") == {1: ["ORG"], 2: ["PERSON"]}
    # alice comes first by name on article 1; article 2 has bob's only version.
    assert _labels(tmp_path / "first") == {1: ["PERSON"], 2: ["PERSON"]}


def test_gold_exports_the_reviewers_done_versions_only(project, tmp_path: Path) -> None:
    path = project
    with _project(path) as store:
        with pytest.raises(ExportError, match="no reviewers"):
            export(store, tmp_path / "none", format="jsonl", gold=True)
        set_reviewer(store, "rita")
        assert is_reviewer(store, "rita") and not is_reviewer(store, "alice")
        put_version(
            store,
            1,
            "rita",
            [Span(0, 5, "entity", "PERSON"), Span(10, 13, "entity", "PERSON")],
            status="done",
        )
        put_version(store, 2, "rita", [Span(0, 5, "entity", "GPE")], status="in_progress")
        assert gold_versions(store) == {1: ["rita"]}
    result = runner.invoke(app, ["export", str(path), str(tmp_path / "gold"), "--format", "jsonl", "--gold"])
    assert result.exit_code == 0, result.output
    assert _labels(tmp_path / "gold") == {1: ["PERSON", "PERSON"]}
    both = runner.invoke(app, ["export", str(path), str(tmp_path / "x"), "--gold", "--annotator", "bob"])
    assert both.exit_code == 1 and "give it or --annotator, not both" in both.output


def test_cli_refusal_is_one_line(project, tmp_path: Path) -> None:
    path = project
    _project(path).close()
    result = runner.invoke(app, ["export", str(path), str(tmp_path / "out"), "--format", "jsonl"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: 1 articles have versions by several annotators")
    assert not (tmp_path / "out").exists()
    bad = runner.invoke(app, ["export", str(path), str(tmp_path / "out"), "--pick", "last"])
    assert bad.exit_code == 1 and "--pick last: expected one of first" in bad.output

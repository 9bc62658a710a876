"""``annotator copy``: a whole project into a new one, exactly, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_helpers import build
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Span
from annotator.store import Store, StoreError
from annotator.store import copy as copying
from annotator.store.scores import save_scores, save_uncertainty
from annotator.store.teams import assign


def _busy_project(path: Path) -> Store:
    """Every table with rows: rich articles, statuses, assignments, a reviewer, edits,
    suggestions with scores, an uncertainty and a label of the project's own."""
    store = build(path, n=5)
    store.ensure_annotator("bob")
    assign(store, annotators=["ann", "bob"], overlap=2, articles=["all"], reviewers=["rita"])
    first = store.article_ids()[0]
    store.set_status(first, "bob", "in_progress")
    added = store.add_span(first, Span(0, 4, "entity", "ORG", annotator="bob"))
    store.delete_span(added.id)
    store.add_suggestions(
        first, [Span(5, 10, "entity", "PERSON", origin="suggested:model-x")], annotator="bob"
    )
    origin = store.spans_for(first, "bob")[-1].origin
    save_scores(store, first, "bob", origin, {("entity", None, 5, 10): 0.25})
    save_uncertainty(store, first, "bob", origin, 0.75)
    store.ensure_label("MISC_EVENT", "entity")
    return store


def test_copy_is_exact_table_by_table(tmp_path: Path) -> None:
    source = _busy_project(tmp_path / "a.db")
    result = copying.copy_to_file(source, tmp_path / "b.db")
    with Store(tmp_path / "b.db", create=False) as copy:
        for table, _ in copying.TABLES:
            assert copying.digest(copy, table) == copying.digest(source, table), table
        assert result.rows["spans"] == len(source.conn.execute("SELECT id FROM spans").fetchall()) > 0
        assert copy.stats() == source.stats()
        assert copy.search("Lagos") == source.search("Lagos") != []
        # the copy goes on numbering after the copied ids
        last_edit = copy.conn.execute("SELECT MAX(id) FROM edits").fetchone()[0]
        made = copy.add_span(copy.article_ids()[1], Span(0, 4, "entity", "ORG", annotator="bob"))
        assert made.id > max(r[0] for r in source.conn.execute("SELECT id FROM spans"))
        assert copy.conn.execute("SELECT MAX(id) FROM edits").fetchone()[0] > last_edit
    source.close()


def test_copy_refuses_an_existing_target_and_leaves_it(tmp_path: Path) -> None:
    source = build(tmp_path / "a.db", n=2)
    target = tmp_path / "b.db"
    target.write_bytes(b"somebody's file")
    with pytest.raises(StoreError, match="already exists"):
        copying.copy_to_file(source, target)
    assert target.read_bytes() == b"somebody's file"
    source.close()


def test_a_failed_copy_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = build(tmp_path / "a.db", n=2)
    real = copying.digest
    calls = []

    def differs(store: Store, table: str) -> tuple[int, str]:
        calls.append(table)
        n, h = real(store, table)
        return (n, h + ("x" if table == "spans" and len(calls) % 2 == 0 else ""))

    monkeypatch.setattr(copying, "digest", differs)
    with pytest.raises(StoreError, match="table spans differs"):
        copying.copy_to_file(source, tmp_path / "b.db")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("a.db")) == []
    source.close()


def test_copy_command(tmp_path: Path) -> None:
    build(tmp_path / "a.db", n=3).close()
    runner = CliRunner()
    done = runner.invoke(app, ["copy", str(tmp_path / "a.db"), str(tmp_path / "b.db")])
    assert done.exit_code == 0, done.output
    assert "3 articles" in done.output and "identical" in done.output
    again = runner.invoke(app, ["copy", str(tmp_path / "a.db"), str(tmp_path / "b.db")])
    assert again.exit_code == 1
    assert again.output.strip().splitlines() == [
        f"error: {tmp_path / 'b.db'}: already exists; copy makes a new project. Give a new file name"
    ]
    missing = runner.invoke(app, ["copy", str(tmp_path / "none.db"), str(tmp_path / "c.db")])
    assert missing.exit_code == 1 and "no such database" in missing.output
    assert not (tmp_path / "c.db").exists()

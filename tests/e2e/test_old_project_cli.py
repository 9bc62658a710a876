"""A project made by an older version: read-only commands and failed imports leave it exactly
as it was; the first command that succeeds in writing upgrades it, after a backup (issue 9.5)."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotator.store import schema
from annotator.store.files import APPLICATION_ID, default_labels


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ,
    )


def snapshot(path: Path) -> tuple[str, int, list[str]]:
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        sorted(p.name for p in path.parent.iterdir()),
    )


@pytest.fixture
def old_project(tmp_path: Path) -> Path:
    """A project as the version with only migration 0001 left it: WAL, no header mark,
    the default labels, one done article with a span."""
    path = tmp_path / "proj" / "annotations.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    schema.build_migrations().apply(Database(conn), stop_before="0002_span_counts_index")
    for i, label in enumerate(default_labels()):
        conn.execute(
            "INSERT INTO labels (layer, name, colour, key, description, position) VALUES (?, ?, ?, ?, ?, ?)",
            [label.layer, label.name, label.colour, label.key, label.description, i],
        )
    now = "2025-01-01T00:00:00+00:00"
    conn.execute("INSERT INTO annotators VALUES ('ann', ?)", [now])
    conn.execute(
        "INSERT INTO articles (text, text_hash, imported_at) VALUES ('Angela Merkel spoke.', 'h1', ?)", [now]
    )
    conn.execute("INSERT INTO statuses VALUES (1, 'ann', 'done', ?)", [now])
    conn.execute(
        'INSERT INTO spans (article_id, layer, label, start, "end", annotator, created_at) '
        "VALUES (1, 'entity', 'PERSON', 0, 13, 'ann', ?)",
        [now],
    )
    conn.close()
    return path


def test_read_only_commands_neither_upgrade_nor_back_up(old_project: Path, tmp_path: Path) -> None:
    before = snapshot(old_project)
    stats = run_cli("stats", old_project, "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["layers"]["entity"]["labels"] == {"PERSON": 1}
    exported = run_cli("export", old_project, tmp_path / "out", "--format", "jsonl", "--status", "all")
    assert exported.returncode == 0, exported.stderr
    assert snapshot(old_project) == before  # bytes, mtime, and no backup or -wal beside it


def test_failed_import_leaves_the_old_project_as_it_was(old_project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a good line"}\n{"text": \n', encoding="utf-8")
    before = snapshot(old_project)
    result = run_cli("import", old_project, bad)
    assert result.returncode == 1 and result.stderr.startswith("error: "), result.stderr
    assert snapshot(old_project) == before


def test_a_successful_import_upgrades_after_a_backup(old_project: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "a new article"}\n', encoding="utf-8")
    original = old_project.read_bytes()
    result = run_cli("import", old_project, good)
    assert result.returncode == 0, result.stderr
    backup = old_project.with_name("annotations.backup-0002_span_counts_index.db")
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0
    with closing(sqlite3.connect(old_project)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
        names = {r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")}
    assert names == {name for name, _ in schema.MIGRATIONS}
    assert old_project.read_bytes() != original


def test_an_old_project_lists_and_counts_without_upgrading(old_project: Path) -> None:
    # issue 12 on top of issue 9.5: the team tables are absent until the first write.
    from annotator.store import Store, scores, teams

    before = snapshot(old_project)
    with Store(old_project, create=False) as store:
        assert [row.id for row in store.list_articles("ann")] == [1]
        assert store.count_list("ann") == 1 and store.progress("ann") == (1, 1)
        assert teams.reviewers(store) == [] and teams.waiting_for_review(store) == []
        assert teams.team_progress(store)["ann"]["assigned"] == 1
        assert (
            scores.span_scores(store, 1) == {} and scores.uncertain_first(store, [1], "ann", "x")[0][0] == 1
        )
    assert snapshot(old_project)[0] == before[0]

"""Crashes and upgrades: committed edits survive SIGKILL; old files upgrade after a backup."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest

from annotator.model import Article
from annotator.store import Store, schema

WRITER = textwrap.dedent(
    """
    import sys
    from annotator.model import Span
    from annotator.store import Store
    store = Store(sys.argv[1])
    article_id = int(sys.argv[2])
    for i in range(100000):
        start = (i * 7) % 9000
        span = store.add_span(article_id, Span(start, start + 3, "boilerplate" if i % 2 else "quote",
                                               "BOILERPLATE" if i % 2 else "DIRECT",
                                               role=None if i % 2 else "content",
                                               annotator="writer", origin="suggested:crash"))
        # Printed only after add_span returned, i.e. after COMMIT.
        print(span.id, flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_mid_edits_loses_nothing_committed(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    with Store(db) as store:
        article_id = store.add_articles([Article(text="x" * 10000)], annotator="writer").article_ids[0]
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(article_id)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    committed: list[int] = []
    deadline = time.monotonic() + 60
    while len(committed) < 3000 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed.append(int(line))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Whatever was printed before the kill is committed; read what the pipe still holds too.
    committed += [int(x) for x in proc.stdout.read().split()]
    proc.stdout.close()
    assert len(committed) >= 3000, "the writer did not get going"
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        on_disk = {row[0] for row in conn.execute("SELECT id FROM spans")}
        logged = {row[0] for row in conn.execute("SELECT span_id FROM edits WHERE action = 'add_span'")}
    assert set(committed) <= on_disk
    assert on_disk == logged  # every span has its edit-log row: one transaction each


def test_old_file_is_backed_up_then_upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "project.db"
    with Store(db) as store:
        store.add_articles([Article(text="kept across the upgrade")], annotator="ann")

    # A release with one more migration than the file has seen.
    monkeypatch.setattr(schema, "MIGRATIONS", list(schema.MIGRATIONS))

    @schema.migration("9999_test_add_column")
    def _add_column(database) -> None:  # noqa: ANN001
        database.execute("ALTER TABLE articles ADD COLUMN extra TEXT")

    backup = tmp_path / "project.backup-9999_test_add_column.db"
    with Store(db) as store:
        assert store.article(1).text == "kept across the upgrade"
        assert not backup.exists()  # reading neither upgrades nor backs up (issue 9.5)
        store.ensure_annotator("bob")  # the first write upgrades, in the same transaction
        assert "extra" in store.db["articles"].columns_dict
    assert backup.exists()
    with closing(sqlite3.connect(backup)) as conn:
        assert "extra" not in [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
        assert conn.execute("SELECT text FROM articles").fetchone() == ("kept across the upgrade",)

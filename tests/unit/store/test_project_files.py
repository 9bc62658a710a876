"""Which files the store may write: new projects are made whole, foreign and newer ones are
left untouched, an old one is upgraded only by an operation that succeeds (issue 9.4, 9.5)."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from annotator.model import ENTITY, Article, Span
from annotator.store import Store, StoreError, schema
from annotator.store.files import APPLICATION_ID, default_labels


def snapshot(path: Path) -> tuple[str, int, list[str]]:
    """What a user could notice changed: the bytes, the mtime, and the files beside it."""
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        path.stat().st_mtime_ns,
        sorted(p.name for p in path.parent.iterdir()),
    )


def foreign_file(path: Path, journal_mode: str = "delete") -> Path:
    """Another program's SQLite file (in the default rollback-journal mode)."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA journal_mode={journal_mode}")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('remember the milk')")
        conn.commit()
    return path


def old_version_project(path: Path, *, labels: int | None = None) -> Path:
    """A project as versions before the header mark made it: WAL, migrations, no
    application_id; ``labels`` of the defaults only (a creation killed midway)."""
    from sqlite_utils import Database

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    schema.build_migrations().apply(Database(conn))
    defaults = list(default_labels())
    for i, label in enumerate(defaults[:labels] if labels is not None else defaults):
        conn.execute(
            "INSERT INTO labels (layer, name, colour, key, description, position) VALUES (?, ?, ?, ?, ?, ?)",
            [label.layer, label.name, label.colour, label.key, label.description, i],
        )
    conn.close()
    return path


def label_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT layer, COUNT(*) FROM labels GROUP BY layer").fetchall())


def full_label_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for label in default_labels():
        counts[label.layer] = counts.get(label.layer, 0) + 1
    return counts


def header(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as conn:
        return (
            conn.execute("PRAGMA application_id").fetchone()[0],
            conn.execute("PRAGMA user_version").fetchone()[0],
        )


# -- 9.4: creating a project is one transaction -----------------------------------

KILLED_CREATOR = textwrap.dedent(
    """
    import os, signal, sys
    from annotator.store.store import Store

    # Fault injection: die (SIGKILL, no clean-up) right after the fifth default label.
    real = Store._write_labels
    def write_then_die(self, labels):
        labels = list(labels)
        real(self, labels[:5])
        os.kill(os.getpid(), signal.SIGKILL)
    Store._write_labels = write_then_die
    Store(sys.argv[1])
    """
)


def test_creation_killed_after_five_labels_leaves_no_half_project(tmp_path: Path) -> None:  # issue 9.4
    db = tmp_path / "project.db"
    run = subprocess.run([sys.executable, "-c", KILLED_CREATOR, str(db)], capture_output=True, timeout=60)
    assert run.returncode == -signal.SIGKILL, run.stderr
    # Whatever the kill left, SQLite's own reader sees no labels at all (rolled back).
    with closing(sqlite3.connect(db)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "labels" not in tables
    with Store(db) as store:
        layers = {label.layer for label in store.schema()}
    assert layers == {"entity", "quote", "boilerplate"}
    assert label_counts(db) == full_label_counts()
    assert header(db) == (APPLICATION_ID, len(schema.MIGRATIONS))


CREATOR_LOOP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from annotator.store import Store

    for i in range(100000):
        Store(Path(sys.argv[1]) / f"p{i:05}.db").close()
        print(i, flush=True)
    """
)


@pytest.mark.slow
def test_creation_killed_at_random_moments_never_leaves_a_half_project(tmp_path: Path) -> None:  # 9.4
    import random
    import time

    rng = random.Random(9)
    for round_ in range(6):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        child = subprocess.Popen(
            [sys.executable, "-c", CREATOR_LOOP, str(folder)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        child.stdout.readline()  # imports done, the first project made
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        for db in sorted(folder.glob("p*.db")):
            with closing(sqlite3.connect(db)) as conn:  # SQLite's own reader: rolls back a hot journal
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "labels" in tables:
                assert label_counts(db) == full_label_counts(), db
                assert header(db) == (APPLICATION_ID, len(schema.MIGRATIONS)), db
            with Store(db) as store:  # and whatever was left opens as a whole project
                assert len(list(store.schema())) == sum(full_label_counts().values())


def test_new_project_is_marked_and_complete(db_path: Path) -> None:
    Store(db_path).close()
    assert header(db_path) == (APPLICATION_ID, len(schema.MIGRATIONS))
    assert label_counts(db_path) == full_label_counts()


def test_half_made_by_an_older_version_is_repaired_by_its_first_write(tmp_path: Path) -> None:  # 9.4
    db = old_version_project(tmp_path / "old.db", labels=5)
    assert label_counts(db) == {"entity": 5}
    with Store(db) as store:
        store.ensure_annotator("ann")
        assert {label.layer for label in store.schema()} == {"entity", "quote", "boilerplate"}
    assert label_counts(db) == full_label_counts()
    assert header(db) == (APPLICATION_ID, len(schema.MIGRATIONS))


def test_older_version_killed_before_its_first_migration_becomes_a_project(tmp_path: Path) -> None:
    from sqlite_utils import Database

    db = tmp_path / "old.db"
    with closing(sqlite3.connect(db)) as conn:
        schema.build_migrations().ensure_migrations_table(Database(conn))
        conn.commit()
    with Store(db) as store:
        assert store.count_articles() == 0
    assert label_counts(db) == full_label_counts()


def test_old_project_keeps_its_work_and_labels(tmp_path: Path) -> None:
    db = old_version_project(tmp_path / "old.db")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("INSERT INTO articles (text, text_hash, imported_at) VALUES ('kept', 'h', '2025-01-01')")
        conn.commit()
    with Store(db) as store:
        assert store.article(1).text == "kept"
        store.ensure_annotator("ann")
    assert label_counts(db) == full_label_counts()


# -- 9.5: files the store must not write -------------------------------------------


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path, journal_mode: str) -> None:  # 9.5
    db = foreign_file(tmp_path / "notes.db", journal_mode)
    before = snapshot(db)
    with pytest.raises(StoreError, match=r"notes\.db: not an annotator database .*tables notes"):
        Store(db)
    assert snapshot(db) == before  # bytes, mtime, and no -wal / -shm left beside it


def test_a_file_marked_by_another_program_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE t (a)")
        conn.commit()
    before = snapshot(db)
    with pytest.raises(StoreError, match="application_id 0x4d2"):
        Store(db)
    assert snapshot(db) == before


def test_project_of_a_newer_schema_version_is_refused_untouched(db_path: Path) -> None:  # 9.5
    Store(db_path).close()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 1}")
        conn.commit()
    before = snapshot(db_path)
    with pytest.raises(StoreError, match="newer version of annotator"):
        Store(db_path)
    assert snapshot(db_path) == before


def test_project_with_an_unknown_migration_is_refused_untouched(tmp_path: Path) -> None:  # 9.5
    db = old_version_project(tmp_path / "old.db")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('annotator', '0099_from_the_future', '2030-01-01')"
        )
        conn.commit()
    before = snapshot(db)
    with pytest.raises(StoreError, match="newer version of annotator.*0099_from_the_future"):
        Store(db)
    assert snapshot(db) == before


@pytest.fixture
def one_more_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    """A release with one more migration than the files made so far have seen."""
    monkeypatch.setattr(schema, "MIGRATIONS", list(schema.MIGRATIONS))

    @schema.migration("9999_test_add_column")
    def _add_column(database) -> None:  # noqa: ANN001
        database.execute("ALTER TABLE articles ADD COLUMN extra TEXT")


def test_reading_an_old_project_neither_upgrades_nor_backs_up(db_path: Path, request) -> None:  # 9.5
    with Store(db_path) as store:
        store.add_articles([Article(text="one article")], annotator="ann")
    request.getfixturevalue("one_more_migration")
    before = snapshot(db_path)
    with Store(db_path) as store:
        assert store.stats()["articles"] == 1
        assert store.list_articles("ann")[0].title == ""
    assert snapshot(db_path) == before


def test_failed_import_leaves_an_old_project_as_it_was(db_path: Path, request) -> None:  # issue 9.5
    with Store(db_path) as store:
        store.add_articles([Article(text="one article")], annotator="ann")
    request.getfixturevalue("one_more_migration")
    before = snapshot(db_path)
    with Store(db_path) as store, pytest.raises(StoreError, match="outside the text"):
        store.add_articles(
            [Article(text="good"), (Article(text="short"), [Span(0, 50, ENTITY, "NEWLABEL")])],
            annotator="ann",
        )
    assert snapshot(db_path) == before  # not migrated, no backup, no new label
    with Store(db_path) as store:  # and a good one upgrades, keeping the backup
        store.add_articles([Article(text="good")], annotator="ann")
    assert (db_path.parent / "annotations.backup-9999_test_add_column.db").exists()
    with closing(sqlite3.connect(db_path)) as conn:
        assert "extra" in [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2


def test_empty_file_is_not_a_project_for_a_reader(db_path: Path) -> None:
    db_path.touch()
    with pytest.raises(StoreError, match="empty file"):
        Store(db_path, create=False)
    assert db_path.stat().st_size == 0


def _truncated_project(path: Path) -> bytes:
    Store(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    return path.read_bytes()[:8192]  # page 1 and 2 of many


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp: b"just some notes, not SQLite\n" * 200,
        lambda tmp: b"SQLite format 3\x00" + bytes(4080),
        lambda tmp: b"SQLite format 3\x00" + b"\xff" * 8176,
        lambda tmp: _truncated_project(tmp / "whole.db"),
    ],
    ids=["text", "header-and-zeros", "header-and-garbage", "truncated-project"],
)
def test_a_damaged_or_strange_file_is_refused_untouched(tmp_path: Path, make) -> None:  # noqa: ANN001
    db = tmp_path / "project.db"
    db.write_bytes(make(tmp_path))
    before = snapshot(db)
    with pytest.raises(StoreError, match=r"project\.db: "), Store(db) as store:
        store.ensure_annotator("ann")
        store.stats()
    assert snapshot(db) == before

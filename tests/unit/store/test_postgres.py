"""A project in PostgreSQL: recognised or refused, created once, and honest about connection faults.

What only the server backend has: its project mark (``annotator_migrations``),
migrations under an advisory lock, row locks instead of a file lock, and a
connection that can go away (a server restart, ``pg_terminate_backend``).
Everything both backends share is tested by the other store tests, on both.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from backends import read_back

from annotator.model import Article, Span
from annotator.store import Store, StoreBusyError, StoreError, schema

TEXT = "Emmanuel Macron met Olaf Scholz in Berlin."


def _tables(url: str) -> set[str]:
    return {
        r[0]
        for r in read_back(
            url, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    }


def _terminate(url: str, store: Store) -> None:
    """Drop the store's connection from the server side, as a restart or an admin would."""
    pid = store.conn.raw.info.backend_pid  # type: ignore[attr-defined]
    read_back(url, "SELECT pg_terminate_backend(?)", [pid])
    deadline = time.monotonic() + 10
    while (
        read_back(url, "SELECT 1 FROM pg_stat_activity WHERE pid = ?", [pid]) and time.monotonic() < deadline
    ):
        time.sleep(0.05)


@pytest.fixture
def pg_store(pg_url: str):
    with Store(pg_url) as store:
        store.ensure_annotator("ann")
        store.add_articles([Article(text=TEXT, title="Berlin")], annotator="ann")
        yield store


# -- recognising a database ---------------------------------------------------------------------


def test_a_database_with_other_tables_is_refused_and_left_as_it_was(pg_url: str) -> None:
    read_back(pg_url, "CREATE TABLE invoices (id int)")
    with pytest.raises(
        StoreError, match=r"not an annotator project \(the database holds other tables: invoices\)"
    ):
        Store(pg_url)
    assert _tables(pg_url) == {"invoices"}


def test_a_project_of_a_newer_schema_is_refused_and_left_as_it_was(pg_url: str) -> None:
    Store(pg_url).close()
    read_back(pg_url, "INSERT INTO annotator_migrations VALUES ('9999_from_the_future', 'x')")
    before = _tables(pg_url)
    with pytest.raises(StoreError, match="newer version of annotator .migration 9999_from_the_future"):
        Store(pg_url)
    assert _tables(pg_url) == before


def test_an_empty_database_is_not_a_project_unless_created(pg_url: str) -> None:
    with pytest.raises(StoreError, match="an empty database, not an annotator project yet"):
        Store(pg_url, create=False)
    assert _tables(pg_url) == set()
    with Store(pg_url) as store:
        assert store.count_articles() == 0 and len(store.schema()) > 0
    with Store(pg_url, create=False) as store:
        assert store.is_postgres


def test_the_schema_has_the_same_tables_and_columns_as_a_sqlite_project(pg_url: str, tmp_path: Path) -> None:
    def columns(target: Path | str) -> dict[str, list[str]]:
        if isinstance(target, str):
            rows = read_back(
                target,
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
            )
        else:
            rows = read_back(
                target,
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                "WHERE m.type = 'table' ORDER BY m.name, p.cid",
            )
        found: dict[str, list[str]] = {}
        for table, column in rows:
            found.setdefault(table, []).append(column)
        return found

    Store(pg_url).close()
    Store(tmp_path / "p.db").close()
    pg, lite = columns(pg_url), columns(tmp_path / "p.db")
    assert pg.pop("annotator_migrations") == ["name", "applied_at"]
    assert pg["articles"].pop() == "search"  # the search column stands for SQLite's FTS5 table
    lite = {t: c for t, c in lite.items() if not t.startswith(("articles_fts", "_sqlite"))}
    assert pg == lite
    applied = [r[0] for r in read_back(pg_url, "SELECT name FROM annotator_migrations ORDER BY name")]
    assert applied == [name for name, _ in schema.MIGRATIONS]


def test_two_clients_creating_the_project_at_once_make_it_once(pg_url: str) -> None:
    errors: list[BaseException] = []
    go = threading.Barrier(3)

    def open_it() -> None:
        go.wait()
        try:
            Store(pg_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    names = [r[0] for r in read_back(pg_url, "SELECT name FROM annotator_migrations")]
    assert sorted(names) == sorted(name for name, _ in schema.MIGRATIONS)
    with Store(pg_url) as store:
        labels = [(label.layer, label.name) for label in store.schema()]
        assert len(labels) == len(set(labels))


def test_an_older_project_is_read_as_it_is_and_upgraded_by_its_first_write(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.store.teams import assignments

    full = list(schema.MIGRATIONS)
    monkeypatch.setattr(schema, "MIGRATIONS", full[:2])
    with Store(pg_url) as old:
        old.ensure_annotator("ann")
        old.add_articles([Article(text=TEXT)], annotator="ann")
    monkeypatch.setattr(schema, "MIGRATIONS", full)
    with Store(pg_url) as store:
        assert "reviewers" not in _tables(pg_url)  # opening only reads
        assert assignments(store, "ann") == [] and store.next_article("ann") == 1
        store.set_status(1, "ann", "done")
        assert "reviewers" in _tables(pg_url)
        assert store.status(1, "ann") == "done"
    assert len(read_back(pg_url, "SELECT name FROM annotator_migrations")) == len(full)


# -- connection faults ------------------------------------------------------------------------


def test_a_read_after_the_connection_was_dropped_reconnects(pg_url: str, pg_store: Store) -> None:
    _terminate(pg_url, pg_store)
    assert pg_store.count_articles() == 1
    assert pg_store.search("Berl") == [1]


def test_a_write_after_the_connection_was_dropped_is_saved_once(pg_url: str, pg_store: Store) -> None:
    _terminate(pg_url, pg_store)
    span = pg_store.add_span(1, Span(0, 15, "entity", "PERSON", annotator="ann"))  # its BEGIN reconnects
    assert read_back(pg_url, "SELECT id FROM spans") == [(span.id,)]
    assert read_back(pg_url, "SELECT COUNT(*) FROM edits WHERE action = 'add_span'") == [(1,)]


def test_a_connection_dropped_inside_an_edit_saves_nothing_and_says_so(pg_url: str, pg_store: Store) -> None:
    lost = "lost the connection to the PostgreSQL server .*nothing was saved"
    with pytest.raises(StoreError, match=lost), pg_store.transaction():
        pg_store.set_status(1, "ann", "done")
        _terminate(pg_url, pg_store)
        pg_store.add_span(1, Span(0, 15, "entity", "PERSON", annotator="ann"))
    assert read_back(pg_url, "SELECT status FROM statuses") == [("todo",)]
    assert read_back(pg_url, "SELECT COUNT(*) FROM spans") == [(0,)]
    assert pg_store.status(1, "ann") == "todo"  # and the store goes on, reconnected
    pg_store.set_status(1, "ann", "done")
    assert read_back(pg_url, "SELECT status FROM statuses") == [("done",)]


def _at_commit(url: str, body: str) -> None:
    """A deferred trigger on new spans that runs ``body`` (plpgsql) at COMMIT, when the edit is done."""
    read_back(
        url,
        f"CREATE FUNCTION at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} END $$; "
        "CREATE CONSTRAINT TRIGGER at_commit AFTER INSERT ON spans DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION at_commit()",
    )


def test_a_connection_lost_at_commit_is_an_error_never_shown_as_saved(pg_url: str, pg_store: Store) -> None:
    # A deferred trigger kills the session at COMMIT: the store asks a new connection what
    # became of the transaction (pg_xact_status), so it knows: aborted, nothing was saved.
    _at_commit(pg_url, "PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL;")
    with pytest.raises(StoreError, match="lost the connection .*nothing was saved") as raised:
        pg_store.add_span(1, Span(0, 15, "entity", "PERSON", annotator="ann"))
    assert raised.value.saved is False  # so the window may run it again
    read_back(pg_url, "DROP TRIGGER at_commit ON spans")
    assert pg_store.spans_for(1) == []


def test_a_commit_the_server_refuses_saves_nothing(pg_url: str, pg_store: Store) -> None:
    _at_commit(pg_url, "RAISE EXCEPTION 'quota exceeded';")
    with pytest.raises(StoreError, match="refused to save .*quota exceeded.*nothing was saved"):
        pg_store.add_span(1, Span(0, 15, "entity", "PERSON", annotator="ann"))
    assert pg_store.spans_for(1) == [] and pg_store.status(1, "ann") == "todo"


def test_a_server_restart_loses_nothing_and_the_store_goes_on(
    pg_server, pg_url: str, pg_store: Store
) -> None:
    saved = pg_store.add_span(1, Span(0, 15, "entity", "PERSON", annotator="ann"))
    pg_server.restart()
    assert pg_store.spans_for(1) == [saved]
    pg_store.set_status(1, "ann", "done")
    assert pg_store.status(1, "ann") == "done"


def test_a_server_that_is_down_is_one_line_and_nothing_is_saved(
    pg_server, pg_url: str, pg_store: Store
) -> None:
    pg_server.stop()
    try:
        with pytest.raises(StoreError, match="cannot reach the PostgreSQL server at") as info:
            pg_store.set_status(1, "ann", "done")
        assert "\n" not in str(info.value)
    finally:
        pg_server.start()
    assert pg_store.status(1, "ann") == "todo"


def test_a_row_another_annotator_holds_makes_a_busy_error_after_the_timeout(
    pg_url: str, pg_store: Store
) -> None:
    pg_store.set_busy_timeout(0.2)
    with psycopg.connect(pg_url) as other:
        other.execute("LOCK TABLE statuses IN ACCESS EXCLUSIVE MODE")  # a transaction, held open
        began = time.perf_counter()
        with pytest.raises(StoreBusyError, match="busy"):
            pg_store.set_status(1, "ann", "done")
        assert time.perf_counter() - began < 3
    pg_store.set_status(1, "ann", "done")
    assert pg_store.status(1, "ann") == "done"


def test_no_message_names_the_password(pg_server, pg_url: str) -> None:
    pg_server.create_role("pw_alice_store", "right-secret")
    closed = f"postgresql://pw_alice_store:s3cret-word@127.0.0.1:{pg_server.port + 1}/x"
    wrong = pg_server.tcp_url("postgres", "pw_alice_store", "wrong-s3cret")
    for url in (closed, wrong):
        with pytest.raises(StoreError) as info:
            Store(url)
        assert "s3cret" not in str(info.value) and "cannot reach the PostgreSQL server at 127.0.0.1" in str(
            info.value
        )
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "stats", closed], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot reach the PostgreSQL server at 127.0.0.1")
    assert len(result.stderr.strip().splitlines()) == 1 and "s3cret" not in result.stderr + result.stdout


def test_opening_a_sqlite_project_never_imports_psycopg(tmp_path: Path) -> None:
    code = (
        "import sys; from annotator.store import Store; "
        f"s = Store({str(tmp_path / 'p.db')!r}); s.ensure_annotator('a'); s.close(); "
        "print('psycopg' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr


def test_two_assigns_at_the_same_moment_never_give_an_article_beyond_the_overlap(pg_url: str) -> None:
    from annotator.store.teams import assign

    with Store(pg_url) as store:
        store.add_articles([Article(text=f"Article {i} of the corpus.") for i in range(60)], annotator="x")
        for name in ("alice", "bob", "carol"):  # known already: nothing else makes the two wait
            store.ensure_annotator(name)
    go = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(seed: int) -> None:
        with Store(pg_url) as mine:
            go.wait()
            try:
                assign(mine, annotators=["alice", "bob", "carol"], overlap=1, seed=seed)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    per_article = read_back(pg_url, "SELECT article_id, COUNT(*) FROM assignments GROUP BY article_id")
    assert len(per_article) == 60 and {n for _, n in per_article} == {1}


def test_a_very_long_article_is_stored_and_found_by_its_beginning(pg_url: str) -> None:
    # A tsvector holds at most 1 MB: 300,000 different words would not fit whole.
    words = " ".join(f"w{i:06d}" for i in range(300_000))
    with Store(pg_url) as store:
        [article_id] = store.add_articles([Article(text=f"Zanzibar {words}")], annotator="ann").article_ids
        assert store.article(article_id).text.endswith("w299999")
        assert store.search("zanzib") == [article_id]


def test_a_copy_between_backends_is_exact_and_numbering_goes_on_after_it(pg_url: str, tmp_path: Path) -> None:
    from export_helpers import build

    from annotator.store import copy as copying

    source = build(tmp_path / "a.db", n=4)
    copying.copy_project(source, lambda: Store(pg_url), pg_url)  # the library under `annotator copy`
    with Store(pg_url) as copy:
        for table, _ in copying.TABLES:
            assert copying.digest(copy, table) == copying.digest(source, table), table
        assert copy.search("Lagos") == source.search("Lagos") != []
        top = max(r[0] for r in source.conn.execute("SELECT id FROM spans"))
        made = copy.add_span(copy.article_ids()[1], Span(0, 4, "entity", "ORG", annotator="bob"))
        assert made.id == top + 1  # the identity's sequence was moved past the copied ids (reset_ids)
        back = copying.copy_to_file(copy, tmp_path / "back.db")
    with Store(tmp_path / "back.db") as again:
        assert again.spans_for(made.article_id, "bob") == [made]
        assert back.rows["spans"] == len(source.conn.execute("SELECT id FROM spans").fetchall()) + 1
    source.close()

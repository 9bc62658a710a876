"""PostgreSQL: every write transaction tells listeners which articles it changed, in
its own COMMIT (issue 13); a COMMIT whose connection dies is settled, never guessed."""

from __future__ import annotations

import psycopg
import pytest

from annotator.model import ENTITY, Article, Span, Status
from annotator.store import Store
from annotator.store.errors import StoreConnectionError
from annotator.store.pg import CHANNEL


@pytest.fixture
def project(pg_url: str):
    store = Store(pg_url)
    store.ensure_annotator("ann")
    store.add_articles(
        [Article(text=f"Article number {i}.", title=f"a{i}") for i in range(3)], annotator="ann"
    )
    yield store
    store.close()


@pytest.fixture
def listener(pg_url: str):
    conn = psycopg.connect(pg_url, autocommit=True)
    conn.execute(f"LISTEN {CHANNEL}")
    yield conn
    conn.close()


def heard(conn: psycopg.Connection, wait: float = 0.3) -> list[tuple[str, int]]:
    return [(n.payload, n.pid) for n in conn.notifies(timeout=wait)]


def test_an_edit_notifies_its_article_when_it_commits(project, listener) -> None:
    pid = project.conn.backend_pid
    with project.transaction():
        project.set_status(2, "ann", Status.DONE)
        assert heard(listener) == []  # not before the COMMIT
    assert heard(listener) == [("2", pid)]
    project.add_span(3, Span(0, 7, ENTITY, "ORG", "ann"))
    assert heard(listener) == [("3", pid)]


def test_a_rolled_back_edit_and_a_read_notify_nothing(project, listener) -> None:
    with pytest.raises(RuntimeError), project.transaction():
        project.set_status(2, "ann", Status.DONE)
        raise RuntimeError("refused")
    project.progress("ann")
    project.ensure_annotator("ann")  # known already: writes nothing
    assert heard(listener) == []


def test_an_import_notifies_that_anything_may_have_changed(project, listener) -> None:
    project.add_articles([Article(text="Snow in Bergen.", title="Bergen")], annotator="ann")
    assert heard(listener) == [("*", project.conn.backend_pid)]


def test_a_commit_lost_with_its_connection_is_asked_about_and_reported_not_saved(
    project, pg_server, pg_url
) -> None:
    """The server process dies in the middle of the COMMIT (a deferred trigger ends it):
    the store asks a new connection what became of the transaction (aborted), says
    nothing was saved, and the next edit is saved."""
    with pg_server.commits_die(pg_server.database_of(pg_url)):
        with pytest.raises(StoreConnectionError, match="nothing was saved") as raised:
            project.set_status(2, "ann", Status.DONE)
        assert raised.value.saved is False
    assert project.status(2, "ann") == Status.TODO
    project.set_status(2, "ann", Status.DONE)
    assert project.status(2, "ann") == Status.DONE


def test_a_commit_lost_with_the_server_is_said_to_be_unknown(project, pg_server, pg_url) -> None:
    """The server goes down while the COMMIT runs (a deferred trigger holds it there): nobody
    can say whether it committed, so the store says so, and never that it was saved."""
    database = pg_url.split("@/", 1)[1].split("?", 1)[0]
    try:
        with (
            pg_server.stopped_during_commit(database),
            pytest.raises(StoreConnectionError, match="may not have been saved") as raised,
        ):
            project.set_status(2, "ann", Status.DONE)
    finally:
        pg_server.start()
    assert raised.value.saved is None and raised.value.reachable is False
    assert project.status(2, "ann") == Status.TODO  # it had not: the server rolled it back


def test_projects_in_two_schemas_of_one_database_hear_only_their_own(pg_schema_url, _pg_projects) -> None:
    """Two projects share a database, each in its own schema: a window on one is not made
    to read again by the other's edits (each schema has its own channel)."""
    import uuid

    from annotator.store.pg import channel_of

    _server, _database, admin = _pg_projects
    schema = f"p_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    other_url = pg_schema_url.rsplit("%3D", 1)[0] + f"%3D{schema}"
    try:
        with Store(pg_schema_url) as mine, Store(other_url) as other:
            for store in (mine, other):
                store.ensure_annotator("ann")
                store.add_articles([Article(text="Snow in Bergen.", title="Bergen")], annotator="ann")
            conn = psycopg.connect(pg_schema_url, autocommit=True)
            try:
                assert channel_of(conn) != CHANNEL
                conn.execute(f'LISTEN "{channel_of(conn)}"')
                other.set_status(1, "ann", Status.DONE)
                assert heard(conn) == []
                mine.set_status(1, "ann", Status.DONE)
                assert heard(conn) == [("1", mine.conn.backend_pid)]
            finally:
                conn.close()
    finally:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')

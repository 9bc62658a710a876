"""The on-demand hand-out: annotators claim articles as they ask, never past the overlap (issue 13).

Every test of a ``project`` runs on both backends (a SQLite file and a PostgreSQL
database, ``tests/backends.py``); the row locks are PostgreSQL's own.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from handout_helpers import claim_until_none
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Article, Span, Status
from annotator.store import Store, handout
from annotator.store.packs import PackError, pack
from annotator.store.teams import assign, assignees, assignments, set_reviewer, team_progress

runner = CliRunner()


def _project(target: str | Path, n: int, *, overlap: int | None = 2) -> Store:
    store = Store(target)
    store.add_articles(
        [Article(text=f"Article number {i} says something.") for i in range(n)], annotator="import"
    )
    if overlap is not None:
        handout.set_handout(store, overlap=overlap)
    return store


def _per_article(store: Store) -> Counter[int]:
    return Counter(a for (a,) in store.conn.execute("SELECT article_id FROM assignments"))


def test_next_article_claims_an_article_with_room_and_never_past_the_overlap(project: str | Path) -> None:
    with _project(project, 3) as store:
        first, second = store.article_ids()[:2]
        assert store.next_article("alice") == first
        assert store.next_article("bob") == first  # room for two
        assert store.next_article("carol") == second  # the first is full
        assert assignees(store, first) == ["alice", "bob"]
        # Their own todo article comes first: asking again claims nothing new.
        assert store.next_article("alice") == first
        assert len(assignments(store, "alice")) == 1
        store.set_status(first, "alice", Status.DONE)
        assert store.next_article("alice", after=first) == second
        assert max(_per_article(store).values()) == 2


def test_an_annotator_sees_only_what_they_claimed(project: str | Path) -> None:
    with _project(project, 4) as store:
        store.ensure_annotator("alice")
        assert store.list_articles("alice") == [] and store.count_list("alice") == 0
        assert store.progress("alice") == (0, 4)  # nothing claimed, four she could claim
        claimed = store.next_article("alice")
        assert [row.id for row in store.list_articles("alice")] == [claimed]
        assert store.count_list("alice") == 1 and store.row_of(claimed, "alice") == 0
        store.set_status(claimed, "alice", Status.DONE)
        assert store.progress("alice") == (1, 4)
        for name in ("bob", "carol"):  # they fill the first article, and take the second
            store.next_article(name)
        # alice: her one article, plus the three with room she has not got
        assert store.progress("alice") == (1, 4)
        assert team_progress(store)["alice"] == {"assigned": 1, "done": 1, "todo": 0, "open": 3}
        assert team_progress(store)["carol"]["open"] == 2


def test_when_every_article_is_full_there_is_no_next_article(project: str | Path) -> None:
    with _project(project, 2, overlap=1) as store:
        assert store.next_article("alice") is not None
        assert store.next_article("bob") is not None
        assert store.next_article("carol") is None
        assert store.progress("carol") == (0, 0)
        assert handout.counts(store, 1) == (0, 2)


def test_articles_imported_later_are_handed_out_too(project: str | Path) -> None:
    with _project(project, 2, overlap=1) as store:
        assert store.next_article("alice") == 1
        store.set_status(1, "alice", Status.DONE)
        assert store.next_article("alice") == 2
        assert store.next_article("bob") is None  # both full
        new = store.add_articles([Article(text="A late article.")], annotator="import").article_ids
        assert store.next_article("bob") == new[0]
        assert store.progress("bob") == (0, 1)


def test_a_pack_holds_what_its_annotator_claimed(project: str | Path, tmp_path: Path) -> None:
    with _project(project, 3) as store:
        store.ensure_annotator("alice")
        with pytest.raises(PackError, match="alice has claimed no articles yet"):
            pack(store, tmp_path / "alice.db", annotator="alice")
        assert not (tmp_path / "alice.db").exists()
        claimed = store.next_article("alice")
        assert pack(store, tmp_path / "alice.db", annotator="alice").articles == 1
    with Store(tmp_path / "alice.db", create=False) as packed:
        assert packed.article_ids() == [claimed]


def test_a_reviewer_is_given_nothing_and_sees_every_article(project: str | Path) -> None:
    with _project(project, 3) as store:
        set_reviewer(store, "rita")
        assert store.next_article("rita") == store.article_ids()[0]
        assert assignments(store, "rita") == [] and store.count_list("rita") == 3


def test_an_article_started_before_the_hand_out_stays_with_its_annotator(project: str | Path) -> None:
    with _project(project, 3, overlap=None) as store:
        third = store.article_ids()[2]
        store.add_span(third, Span(0, 7, "entity", "ORG", annotator="alice"))  # in progress now
        report = handout.set_handout(store, overlap=1)
        assert report.kept == 1 and (report.open, report.full) == (2, 1)
        assert store.list_articles("alice")[0].id == third
        assert store.next_article("bob") == store.article_ids()[0]  # the third is full


def test_static_assignment_counts_toward_the_overlap(project: str | Path) -> None:
    with _project(project, 2, overlap=None) as store:
        assign(store, annotators=["alice"], overlap=1, articles=["all"])
        handout.set_handout(store, overlap=1)
        assert store.next_article("bob") is None  # alice has both already
        handout.set_handout(store, overlap=None)  # off again: bob has no assignment, sees all
        assert store.count_list("bob") == 2 and store.next_article("bob") is not None
        assert assignments(store, "bob") == []


def test_concurrent_claimers_never_pass_the_overlap_and_lose_nothing(project: str | Path) -> None:
    """Six processes ask for articles at the same moment, over and over, until none is left."""
    n, overlap, names = 40, 2, [f"a{i}" for i in range(6)]
    with _project(project, n, overlap=overlap):
        pass
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Barrier(len(names)), ctx.Queue()
    workers = [ctx.Process(target=claim_until_none, args=(project, name, start, results)) for name in names]
    for w in workers:
        w.start()
    got = dict(results.get(timeout=300) for _ in names)
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    with Store(project, create=False) as store:
        per_article = _per_article(store)
        assert sorted(per_article.values()) == [overlap] * n  # none past the overlap, none left short
        for name in names:
            assert sorted(got[name]) == assignments(store, name)  # every claim seen is in the database
            assert len(set(got[name])) == len(got[name])
        assert sum(len(ids) for ids in got.values()) == n * overlap


def test_postgres_a_claim_skips_an_article_another_claim_holds(pg_url: str) -> None:
    """A claim in flight (its article row locked) neither holds up nor is taken by another's."""
    with _project(pg_url, 3, overlap=1) as store, Store(pg_url) as other:
        first, second = store.article_ids()[:2]
        store.set_busy_timeout(0.5)  # waiting for the lock would fail with StoreBusyError
        with other.transaction():
            other.conn.execute("SELECT id FROM articles WHERE id = ? FOR NO KEY UPDATE", [first])
            assert store.next_article("bob") == second  # skipped, not waited for
            # Nor does the lock hold up an edit of the locked article.
            store.add_span(first, Span(0, 7, "entity", "ORG", annotator="dave"))
        assert store.next_article("carol") == first


@pytest.mark.parametrize("isolation", ["read committed", "repeatable read"])
def test_postgres_a_claim_reads_the_count_again_under_the_lock(pg_url: str, isolation: str) -> None:
    """The search's snapshot may predate a claim committed just before the lock was
    taken; the count read under the lock sees it, and the claim moves on, whatever
    isolation the server's default (the store begins its transactions READ COMMITTED)."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {admin.info.dbname} SET default_transaction_isolation = '{isolation}'")
    with _project(pg_url, 2, overlap=1) as store:
        first, second = store.article_ids()
        real = store.conn.execute
        fired = []

        def execute(sql: str, params: object = ()) -> object:
            cur = real(sql, params)
            if "SKIP LOCKED" in sql and not fired:  # bob has locked the first; alice commits it meanwhile
                fired.append(True)
                with Store(pg_url) as alice:
                    alice.conn.execute(
                        "INSERT INTO assignments (annotator, article_id, assigned_at) VALUES ('alice', ?, 'now')",
                        [first],
                    )
            return cur

        store.conn.execute = execute  # type: ignore[method-assign]
        assert store.next_article("bob") == second
        assert assignees(store, first) == ["alice"]


def test_assign_on_demand_cli(project: str | Path) -> None:
    with _project(project, 3, overlap=None):
        pass
    db = str(project)
    result = runner.invoke(app, ["assign", db, "--on-demand", "--overlap", "2", "--reviewers", "rita"])
    assert result.exit_code == 0, result.output
    assert "on-demand hand-out: each article to 2 annotators" in result.output
    assert "(3 articles open, 0 full)" in result.output
    with Store(project, create=False) as store:
        store.next_article("alice")
    stats = runner.invoke(app, ["stats", db, "--json"])
    team = json.loads(stats.output)["team"]
    assert team["handout"] == {"mode": "on-demand", "overlap": 2, "open": 3, "full": 0}
    assert team["progress"]["alice"] == {"assigned": 1, "done": 0, "todo": 1, "open": 2}
    assert team["progress"]["rita"]["assigned"] == 3  # a reviewer: every article
    text = runner.invoke(app, ["stats", db]).output
    assert "hand-out on demand, 2 annotators per article: 3 articles open, 0 full" in text
    off = runner.invoke(app, ["assign", db, "--static"])
    assert off.exit_code == 0 and "on-demand hand-out off" in off.output
    stats = runner.invoke(app, ["stats", db, "--json"])
    assert json.loads(stats.output)["team"]["handout"] == {"mode": "static"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--on-demand", "--annotators", "a,b"], "take no --annotators, --articles or --seed"),
        (["--static", "--seed", "3"], "take no --annotators, --articles or --seed"),
        (["--on-demand", "--overlap", "0"], "--overlap 0: each article goes to at least 1 annotator"),
        ([], "give --annotators alice,bob"),
    ],
)
def test_assign_on_demand_refuses_in_one_line_and_changes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    path = tmp_path / "p.db"
    _project(path, 2, overlap=None).close()
    result = runner.invoke(app, ["assign", str(path), *args])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"error: {result.stderr.strip()[7:]}"]
    assert message in result.stderr
    with Store(path, create=False) as store:
        assert handout.overlap(store.conn) is None


def test_a_project_from_before_the_hand_out_is_read_without_upgrading(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    _project(path, 2, overlap=None).close()

    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE settings")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_handout'")
        conn.execute("PRAGMA user_version = 4")
    with Store(path, create=False) as store:
        assert store.next_article("import") == 1 and store.count_list("import") == 2
        assert handout.overlap(store.conn) is None
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 4

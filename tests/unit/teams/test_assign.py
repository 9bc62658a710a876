"""Assignment with overlap: balanced, reproducible, never moving started work (issue 12)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from backends import read_back
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Article, Span
from annotator.store import Store
from annotator.store.teams import TeamError, assign, assignees, assignments

runner = CliRunner()


def _project(path: Path, n: int) -> Store:
    store = Store(path)
    store.add_articles([Article(text=f"Article number {i} says something.") for i in range(n)], annotator="x")
    return store


def _rows(path: Path | str) -> list[tuple[str, int]]:
    return read_back(path, "SELECT annotator, article_id FROM assignments ORDER BY 1, 2")


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 40), k=st.integers(2, 6), data=st.data())
def test_each_article_gets_overlap_annotators_and_counts_differ_by_at_most_one(
    tmp_path_factory: pytest.TempPathFactory, n: int, k: int, data: st.DataObject
) -> None:
    overlap = data.draw(st.integers(1, k))
    names = [f"a{i}" for i in range(k)]
    with _project(tmp_path_factory.mktemp("p") / "p.db", n) as store:
        assign(store, annotators=names, overlap=overlap, seed=data.draw(st.integers(0, 9)))
        per_article = Counter(
            a for _, a in store.conn.execute("SELECT annotator, article_id FROM assignments")
        )
        assert sorted(per_article.values()) == [overlap] * n
        load = [len(assignments(store, name)) for name in names]
        assert max(load) - min(load) <= 1
        assert sum(load) == n * overlap


def test_same_seed_same_assignment_other_seed_another(new_project) -> None:
    results = []
    for i, seed in enumerate([7, 7, 8]):
        path = new_project(f"p{i}")
        with _project(path, 30) as store:
            assign(store, annotators=["alice", "bob", "carol"], overlap=2, seed=seed)
        results.append(_rows(path))
    assert results[0] == results[1]
    assert results[0] != results[2]


def test_rerun_adds_new_articles_and_never_moves_existing_ones(project, tmp_path: Path) -> None:
    path = project
    with _project(path, 10) as store:
        assign(store, annotators=["alice", "bob", "carol"], overlap=2, seed=1)
        before = set(_rows(path))
        store.add_articles([Article(text=f"Later article {i}.") for i in range(5)], annotator="x")
        report = assign(store, annotators=["alice", "bob", "carol"], overlap=2, seed=99)
        after = set(_rows(path))
        assert before <= after
        assert len(after - before) == 10  # 5 new articles x 2
        assert {a for _, a in after - before} == set(range(11, 16))
        assert report.full == 10
        # A third run with nothing new writes nothing.
        assert sum(assign(store, annotators=["alice", "bob", "carol"], overlap=2).added.values()) == 0
        assert set(_rows(path)) == after


def test_someone_who_started_an_article_is_assigned_it(project, tmp_path: Path) -> None:
    with _project(project, 6) as store:
        for name in ("alice", "bob", "carol"):
            store.ensure_annotator(name)
        store.add_span(4, Span(0, 7, "entity", "ORG", annotator="carol"))
        assign(store, annotators=["alice", "bob", "carol"], overlap=1, seed=3)
        assert assignees(store, 4) == ["carol"]


def test_next_article_list_and_progress_follow_the_assignment(project, tmp_path: Path) -> None:
    with _project(project, 9) as store:
        store.ensure_annotator("dave")  # never assigned: sees everything
        assign(store, annotators=["alice", "bob", "carol"], overlap=1, seed=0)
        mine = assignments(store, "alice")
        assert len(mine) == 3
        assert store.next_article("alice") == mine[0]
        assert store.next_article("alice", after=mine[0]) == mine[1]
        assert store.next_article("alice", after=mine[-1]) == mine[0]  # wraps within her share
        assert [r.id for r in store.list_articles("alice")] == mine
        assert store.count_list("alice") == 3
        others = [a for a in range(1, 10) if a not in mine]
        assert store.row_of(others[0], "alice") is None
        assert store.row_of(mine[2], "alice") == 2
        store.set_status(mine[0], "alice", "done")
        assert store.progress("alice") == (1, 3)
        assert store.next_article("alice") == mine[1]
        assert store.progress("dave") == (0, 9)
        assert store.count_list("dave") == 9
        assert store.next_article("dave") == 1


def test_bad_requests_refuse_and_write_nothing(project, tmp_path: Path) -> None:
    path = project
    with _project(path, 3) as store:
        with pytest.raises(TeamError, match="overlap 4"):
            assign(store, annotators=["a", "b", "c"], overlap=4)
        with pytest.raises(TeamError, match="no article with id 17"):
            assign(store, annotators=["a", "b"], overlap=1, articles=["1", "17"])
        assert store.annotators() == ["x"]
    assert _rows(path) == []


def test_assign_cli_prints_totals_and_fails_with_one_line(project, tmp_path: Path) -> None:
    path = project
    _project(path, 4).close()
    ok = runner.invoke(app, ["assign", str(path), "--annotators", "alice,bob", "--overlap", "2"])
    assert ok.exit_code == 0, ok.output
    assert "assigned 8 new" in ok.output
    assert len(_rows(path)) == 8
    bad = runner.invoke(app, ["assign", str(path), "--annotators", "alice,alice", "--overlap", "1"])
    assert bad.exit_code == 1
    assert bad.output.strip().splitlines() == ["error: annotator 'alice' is named twice"]
    missing = runner.invoke(app, ["assign", str(tmp_path / "none.db"), "--annotators", "a"])
    assert missing.exit_code == 1 and missing.output.startswith("error: ")
    ids = runner.invoke(app, ["assign", str(path), "--annotators", "carol", "--articles", "2,3"])
    assert ids.exit_code == 0, ids.output
    assert [a for n, a in _rows(path) if n == "carol"] == [2, 3]

"""Pack and merge: offline work comes back once, never over another's work (issue 12)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from backends import read_back
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Article, Span, SpanError, Status
from annotator.store import Store
from annotator.store.packs import PackError, merge, pack
from annotator.store.teams import assign

runner = CliRunner()
WORDS = [f"w{i}" for i in range(8)]
TEXT = " ".join(WORDS)  # word k spans [3k, 3k + 2)
N_ARTICLES = 3


def _texts() -> list[str]:
    return [f"{TEXT} article {i}." for i in range(N_ARTICLES)]


def _project(path: Path) -> Store:
    store = Store(path)
    store.add_articles([Article(text=t) for t in _texts()], annotator="import")
    for name in ("alice", "bob"):
        store.ensure_annotator(name)
    return store


def _version(path: Path | str, annotator: str) -> dict[str, tuple[str, list[tuple[str, str, int, int, str]]]]:
    """text -> (status, spans) of one annotator, read with a connection of its own, ids left out."""
    texts = dict(read_back(path, "SELECT id, text FROM articles"))
    statuses = dict(
        read_back(path, "SELECT article_id, status FROM statuses WHERE annotator = ?", [annotator])
    )
    spans: dict[int, list[tuple[str, str, int, int, str]]] = {}
    for row in read_back(
        path,
        'SELECT article_id, layer, label, start, "end", origin FROM spans WHERE annotator = ?',
        [annotator],
    ):
        spans.setdefault(row[0], []).append(tuple(row[1:]))
    return {texts[i]: (statuses.get(i, Status.TODO), sorted(spans.get(i, []))) for i in texts}


def _dump(path: Path | str) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: read_back(path, f"SELECT * FROM {table} ORDER BY 1, 2")
        for table in ("spans", "quotes", "statuses", "annotators", "edits", "labels")
    }


# One edit: (article index, word index, what): mark the word, delete the article's first span, or set a status.
EDIT = st.tuples(
    st.integers(0, N_ARTICLES - 1),
    st.integers(0, len(WORDS) - 1),
    st.sampled_from(["mark", "mark", "delete", "done", "flagged"]),
)


def _apply(store: Store, edits: list[tuple[int, int, str]], annotator: str) -> None:
    by_text = {store.article(i).text: i for i in store.article_ids()}
    for index, word, what in edits:
        article_id = by_text[_texts()[index]]
        if what == "mark":
            with contextlib.suppress(SpanError):
                store.add_span(article_id, Span(3 * word, 3 * word + 2, "entity", "ORG", annotator=annotator))
        elif what == "delete":
            mine = store.spans_for(article_id, annotator)
            if mine:
                store.delete_span(mine[0].id)  # type: ignore[arg-type]
        else:
            store.set_status(article_id, annotator, what)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.lists(EDIT, max_size=4),
    offline=st.lists(EDIT, max_size=5),
    at_home=st.lists(EDIT, max_size=3),
    bobs=st.lists(EDIT, max_size=3),
    prefer=st.sampled_from([None, "pack", "db"]),
)
def test_merge_is_idempotent_never_touches_others_and_reports_conflicts(
    tmp_path_factory: pytest.TempPathFactory,
    before: list[tuple[int, int, str]],
    offline: list[tuple[int, int, str]],
    at_home: list[tuple[int, int, str]],
    bobs: list[tuple[int, int, str]],
    prefer: str | None,
) -> None:
    folder = tmp_path_factory.mktemp("merge")
    db, packed = folder / "project.db", folder / "alice.db"
    with _project(db) as store:
        _apply(store, before, "alice")
        pack(store, packed, annotator="alice")
        base = _version(db, "alice")
        _apply(store, at_home, "alice")
        _apply(store, bobs, "bob")
    with Store(packed) as offline_store:
        _apply(offline_store, offline, "alice")
    home, away, bob = _version(db, "alice"), _version(packed, "alice"), _version(db, "bob")

    with Store(db) as store:
        report = merge(store, [packed], prefer=prefer)
    after = _dump(db)
    with Store(db) as store:
        again = merge(store, [packed], prefer=prefer)
    assert _dump(db) == after, "merging the same pack twice changed the project"
    assert again.merged == {"alice.db": 0}

    merged, aside = _version(db, "alice"), _version(db, "alice@pack-alice")
    assert _version(db, "bob") == bob
    conflicts = {c.article_id for c in report.conflicts}
    for text in base:
        changed_away, changed_home = away[text] != base[text], home[text] != base[text]
        if not changed_away or away[text] == home[text]:
            event("nothing to bring")
            assert merged[text] == home[text]
        elif not changed_home:
            event("only the pack changed")
            assert merged[text] == away[text]
        else:
            event(f"conflict, prefer {prefer}")
            assert len(conflicts) >= 1
            if prefer == "pack":
                assert merged[text] == away[text]
            else:
                assert merged[text] == home[text]
                if prefer is None:
                    assert aside[text] == away[text]
    [(logged,)] = read_back(db, "SELECT COUNT(*) FROM edits WHERE action = 'merge'")
    payloads = [json.loads(p) for (p,) in read_back(db, "SELECT payload FROM edits WHERE action = 'merge'")]
    assert logged == report.merged["alice.db"]
    assert all(p["pack"] == "alice.db" for p in payloads)


def test_pack_holds_the_assigned_share_and_opens_as_a_project(project, tmp_path: Path) -> None:
    db, out = project, tmp_path / "alice.db"
    with _project(db) as store:
        assign(store, annotators=["alice", "bob"], overlap=1, seed=2)
        mine = [store.article(i).text for i in store.article_ids() if "alice" in _assignees(store, i)]
        first = store.article_ids()[0]
        store.add_suggestions(
            first, [Span(0, 2, "entity", "ORG", origin="suggested:test")], annotator="alice"
        )
        store.add_span(first, Span(3, 5, "entity", "PERSON", annotator="bob"))
        result = runner.invoke(app, ["pack", str(db), str(out), "--annotator", "alice"])
        assert result.exit_code == 0, result.output
        assert f"packed {len(mine)} articles" in result.output
        labels = [(label.name, label.layer) for label in store.schema()]
    with Store(out) as packed:
        assert sorted(packed.article(i).text for i in packed.article_ids()) == sorted(mine)
        assert packed.annotators() == ["alice"]
        assert [(label.name, label.layer) for label in packed.schema()] == labels
        assert all(s.annotator == "alice" for i in packed.article_ids() for s in packed.spans_for(i))
        assert packed.next_article("alice") == min(packed.article_ids())
        if first in packed.article_ids():
            assert [s.origin for s in packed.spans_for(first)] == ["suggested:test"]
    again = runner.invoke(app, ["pack", str(db), str(out), "--annotator", "alice"])
    assert again.exit_code == 1 and again.output.startswith("error: ") and "already exists" in again.output
    nobody = runner.invoke(app, ["pack", str(db), str(tmp_path / "z.db"), "--annotator", "zoe"])
    assert nobody.exit_code == 1 and "no annotator named 'zoe'" in nobody.output
    assert not (tmp_path / "z.db").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _assignees(store: Store, article_id: int) -> list[str]:
    from annotator.store.teams import assignees

    return assignees(store, article_id)


def test_two_packs_changing_the_same_article_conflict(project, tmp_path: Path) -> None:
    db = project
    with _project(db) as store:
        pack(store, tmp_path / "laptop.db", annotator="alice")
        pack(store, tmp_path / "tablet.db", annotator="alice")
    for name, word in (("laptop.db", 1), ("tablet.db", 2)):
        with Store(tmp_path / name) as offline:
            offline.add_span(1, Span(3 * word, 3 * word + 2, "entity", "ORG", annotator="alice"))
    result = runner.invoke(app, ["merge", str(db), str(tmp_path / "laptop.db"), str(tmp_path / "tablet.db")])
    assert result.exit_code == 0, result.output
    assert "laptop.db: 1 versions merged, 2 unchanged" in result.output
    assert "conflict: tablet.db: article 1 of alice" in result.output
    assert "alice@pack-tablet" in result.output
    with Store(db) as store:
        assert [(s.start, s.end) for s in store.spans_for(1, "alice")] == [(3, 5)]
        assert [(s.start, s.end) for s in store.spans_for(1, "alice@pack-tablet")] == [(6, 8)]
    preferred = runner.invoke(app, ["merge", str(db), str(tmp_path / "tablet.db"), "--prefer", "pack"])
    assert preferred.exit_code == 0, preferred.output
    with Store(db) as store:
        assert [(s.start, s.end) for s in store.spans_for(1, "alice")] == [(6, 8)]


def test_merge_refuses_what_is_not_a_pack_and_writes_nothing(project, tmp_path: Path) -> None:
    db, other = project, tmp_path / "other.db"
    _project(db).close()
    _project(other).close()
    with Store(db) as store:
        pack(store, tmp_path / "alice.db", annotator="alice")
    with Store(tmp_path / "alice.db") as offline:
        offline.set_status(1, "alice", "done")
    before = _dump(db)
    result = runner.invoke(app, ["merge", str(db), str(tmp_path / "alice.db"), str(other)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: {other}: not a pack made by `annotator pack` (it records no packed annotator)"
    ]
    assert _dump(db) == before  # the good first pack was not half-merged
    missing = runner.invoke(app, ["merge", str(db), str(tmp_path / "nope.db")])
    assert missing.exit_code == 1 and "no such pack file" in missing.output
    bad = runner.invoke(app, ["merge", str(db), str(tmp_path / "alice.db"), "--prefer", "mine"])
    assert bad.exit_code == 1 and "--prefer mine" in bad.output
    with pytest.raises(PackError), Store(db) as store:
        merge(store, [db])

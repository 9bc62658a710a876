"""A staged import stores exactly what add_articles stores for the same items (issue 9, item 9)."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import pytest
from backends import dump

from annotator.model import BOILERPLATE, ENTITY, QUOTE, Article, Span
from annotator.model.spans import CONTENT, CUE, SOURCE
from annotator.store import Store
from annotator.store.staging import ImportStage, StageError

# Columns that hold the time of writing: equal only by chance.
_TIMES = {"created_at", "imported_at", "updated_at", "at", "applied_at"}


def _items() -> list[tuple[Article, list[Span], bool, bool]]:
    """(article, spans, done, logged): quotes with links, suggestions, repeats, html, statuses."""
    quote_text = 'Macron said "no" and Putin said "yes". Share this.'
    return [
        (Article(text="Plain article about Oslo.", title="Oslo", meta={"n": 1}), [], False, False),
        (
            Article(text=quote_text, title="Quotes", source="ex.com", url="https://ex.com/q", lang="en"),
            [
                Span(21, 26, ENTITY, "PERSON", id=-5),
                Span(0, 6, ENTITY, "PERSON", id=-4),
                Span(13, 15, QUOTE, "DIRECT", role=CONTENT, quote_id=7),
                Span(0, 6, QUOTE, "SOURCE", role=SOURCE, quote_id=7, entity_id=-4),
                Span(7, 11, QUOTE, "CUE", role=CUE, quote_id=7),
                Span(33, 36, QUOTE, "DIRECT", role=CONTENT, quote_id=-1),
                Span(21, 26, QUOTE, "SOURCE", role=SOURCE, quote_id=-1, entity_id=-5),
                Span(39, 49, BOILERPLATE, "BOILERPLATE"),
                Span(28, 31, ENTITY, "NEWLABEL", origin="suggested:patterns"),
            ],
            True,
            False,
        ),
        (Article(text="Already in the project."), [Span(0, 7, ENTITY, "ORG")], True, False),
        (Article(text="Done with no spans.", meta={"html": "<p>Done with no spans.</p>"}), [], True, True),
        (
            Article(text="Plain article about Oslo.", title="repeat"),
            [Span(0, 5, ENTITY, "MISC")],
            True,
            False,
        ),
        (
            Article(text="Only suggestions here."),
            [Span(5, 16, ENTITY, "ORG", origin="suggested:x")],
            False,
            False,
        ),
    ]


def _dump(target: Path | str) -> dict[str, list[tuple]]:
    return dump(target, leave_out=_TIMES)


def _project(path: Path | str) -> Store:
    store = Store(path)
    store.ensure_annotator("other")
    store.add_articles([Article(text="Already in the project.")], annotator="other")
    return store


def _by_add_articles(store: Store) -> None:
    """The one-by-one path, as the import driver used it before staging."""
    with store.transaction():
        store.ensure_annotator("ann")
        for article, spans, done, logged in _items():
            result = store.add_articles(
                [(article, spans)], annotator="ann", status="done" if done and not logged else None
            )
            if logged:
                for article_id in result.article_ids:
                    store.set_status(article_id, "ann", "done")


def test_issue_9_9_staged_copy_stores_what_add_articles_stores(new_project) -> None:
    direct_at, staged_at = new_project("direct"), new_project("staged")
    with closing(_project(direct_at)) as direct:
        _by_add_articles(direct)
    with closing(_project(staged_at)) as staged, ImportStage() as stage:
        for article, spans, done, logged in _items():
            stage.add(article, spans, done=done, logged=logged)
        result = staged.add_staged(stage, annotator="ann")
    assert (result.added, result.duplicates, result.spans, result.suggestions) == (4, 2, 10, 2)
    expected, got = _dump(direct_at), _dump(staged_at)
    assert got["spans"] and got["quotes"] and got["article_html"]
    for table in expected:
        assert got[table] == expected[table], table
    with closing(Store(staged_at)) as store:
        assert store.status(result.first_id + 1, "ann") == "done"
        assert store.status(result.first_id + 1, "other") == "todo"
        source = next(s for s in store.spans_for(result.first_id + 1) if s.role == SOURCE and s.start == 0)
        assert store.span(source.entity_id).label == "PERSON"
        assert store.article_html(result.first_id + 2) == "<p>Done with no spans.</p>"


def test_a_stage_is_its_own_file_until_the_copy(project, tmp_path: Path) -> None:
    with closing(_project(project)) as store, ImportStage() as stage:
        stage.add(Article(text="Staged, not stored."), [], done=False)
        stage.finish()
        assert store.count_articles() == 1
        folder = stage.path.parent
        assert stage.path.exists() and folder != tmp_path
    assert not folder.exists()


def test_issue_9_6_what_sqlite_cannot_hold_is_refused_before_staging() -> None:
    deep: object = []
    for _ in range(100_000):
        deep = [deep]
    with ImportStage() as stage:
        with pytest.raises(StageError, match="nested too deeply"):
            stage.add(Article(text="x", meta={"deep": deep}), [], done=False)
        with pytest.raises(StageError, match="lone surrogate"):
            stage.add(Article(text="x", title="bad \ud800"), [], done=False)
        assert stage.staged == 0


def _version_items() -> list[tuple[Article, list[Span], bool, bool, str]]:
    """(article, spans, done, logged, annotator) for ``versions``: one text, several annotators."""
    text = 'The mayor said "we will rebuild." Critics doubt it.'
    mayor = [
        Span(0, 9, QUOTE, "SOURCE", role=SOURCE, quote_id=1),
        Span(10, 14, QUOTE, "CUE", role=CUE, quote_id=1),
        Span(16, 31, QUOTE, "DIRECT", role=CONTENT, quote_id=1),
    ]
    return [
        (Article(text=text, title="alice's"), mayor, True, False, "alice"),
        # bob's version of the same text: joins alice's article
        (
            Article(text=text, title="bob's"),
            mayor[:1] + [Span(16, 31, QUOTE, "DIRECT", role=CONTENT, quote_id=1)],
            True,
            False,
            "bob",
        ),
        # alice again: she has a version, a duplicate
        (Article(text=text), [Span(34, 41, ENTITY, "NORP")], True, False, "alice"),
        # a stored text with no spans: nothing to add, a duplicate
        (Article(text=text), [], False, False, "carol"),
        # the project's article: 'other' has nothing on it, 'ann' gets a version with suggestions only
        (
            Article(text="Already in the project."),
            [Span(0, 7, ENTITY, "ORG", origin="suggested:x")],
            False,
            False,
            "ann",
        ),
        # a text the project has, by an annotator who marked it done there: a duplicate
        (Article(text="Marked done in the project."), [Span(0, 6, ENTITY, "ORG")], True, False, "dora"),
        # a new text with no spans, then carol's version of it
        (Article(text="Plain article about Oslo."), [], False, False, "dora"),
        (Article(text="Plain article about Oslo."), [Span(20, 24, ENTITY, "GPE")], True, False, "carol"),
    ]


def _versions_project(path: Path | str) -> Store:
    store = _project(path)
    store.ensure_annotator("dora")
    result = store.add_articles([Article(text="Marked done in the project.")], annotator="other")
    store.set_status(result.article_ids[0], "dora", "done")
    return store


def test_versions_staged_copy_stores_what_add_articles_stores(new_project) -> None:
    # (None of these is logged: add_articles has no logged status; the staged path's is tested above.)
    direct_at, staged_at = new_project("direct"), new_project("staged")
    with closing(_versions_project(direct_at)) as direct, direct.transaction():
        for article, spans, done, _logged, who in _version_items():
            direct.add_articles(
                [(article, spans)], annotator=who, status="done" if done else None, versions=True
            )
    with closing(_versions_project(staged_at)) as staged, ImportStage() as stage:
        for article, spans, done, logged, who in _version_items():
            stage.add(article, spans, done=done and bool(spans), logged=logged, annotator=who)
        result = staged.add_staged(stage, annotator="import", versions=True)
    assert (result.added, result.versions, result.duplicates) == (2, 3, 3)
    assert result.spans == 3 + 2 + 1 + 1
    expected, got = _dump(direct_at), _dump(staged_at)
    for table in expected:
        assert got[table] == expected[table], table
    with closing(Store(staged_at)) as store:
        first = result.first_id
        assert store.count_articles() == 4
        assert {s.annotator for s in store.spans_for(first)} == {"alice", "bob"}
        assert store.statuses_of(first) == {
            "alice": "done",
            "bob": "done",
            "carol": "todo",
            "ann": "todo",
            "dora": "todo",
            "other": "todo",
        }
        assert [s.label for s in store.spans_for(first, "alice")] == ["SOURCE", "CUE", "DIRECT"]
        assert store.status(1, "ann") == "todo"  # suggestions alone leave it todo
        assert [s.origin for s in store.spans_for(1, "ann")] == ["suggested:x"]
        assert store.status(first + 1, "carol") == "done"
        quotes = {s.quote_id for s in store.spans_for(first) if s.layer == QUOTE}
        assert len(quotes) == 2  # one quote each


def test_versions_a_second_copy_adds_nothing(project) -> None:
    with closing(_versions_project(project)) as store:
        for _ in range(2):
            with ImportStage() as stage:
                for article, spans, done, logged, who in _version_items():
                    stage.add(article, spans, done=done and bool(spans), logged=logged, annotator=who)
                result = store.add_staged(stage, annotator="import", versions=True)
        assert (result.added, result.versions, result.duplicates, result.spans) == (0, 0, 8, 0)

"""The store: every edit saved at once, rules enforced, nothing half-saved."""

from __future__ import annotations

import pytest
from backends import read_back, sqlite_only

from annotator.model import BOILERPLATE, ENTITY, QUOTE, Article, Span, SpanError
from annotator.model.spans import CONTENT, CUE, SOURCE
from annotator.store import Store, StoreError

TEXT = 'Emmanuel Macron told reporters: "We stand ready."\nLatest News\nCopyright 2021'


@pytest.fixture
def article_id(store: Store) -> int:
    return store.add_articles(
        [Article(text=TEXT, title="Macron", source="example.com")], annotator="ann"
    ).article_ids[0]


def ent(start: int, end: int, label: str = "PERSON", **kw: object) -> Span:
    return Span(start, end, ENTITY, label, annotator="ann", **kw)  # type: ignore[arg-type]


def rows(target, sql: str) -> list[tuple]:
    return read_back(target, sql)


def test_a_span_is_on_disk_as_soon_as_add_span_returns(store: Store, article_id: int, project) -> None:
    span = store.add_span(article_id, ent(0, 15))
    # A second connection (another process, a crash-restart) sees it already.
    assert rows(project, 'SELECT label, start, "end" FROM spans') == [("PERSON", 0, 15)]
    assert TEXT[span.start : span.end] == "Emmanuel Macron"
    assert rows(project, "SELECT action FROM edits") == [("add_span",)]


def test_overlapping_entity_is_refused_and_nothing_is_saved(store: Store, article_id: int, project) -> None:
    store.add_span(article_id, ent(0, 15))
    with pytest.raises(SpanError, match="overlap"):
        store.add_span(article_id, ent(9, 20, "ORG"))
    assert rows(project, "SELECT COUNT(*) FROM spans") == [(1,)]
    assert rows(project, "SELECT COUNT(*) FROM edits") == [(1,)]


def test_span_outside_the_text_is_refused(store: Store, article_id: int) -> None:
    with pytest.raises(SpanError, match="outside"):
        store.add_span(article_id, ent(len(TEXT) - 2, len(TEXT) + 5))


def test_delete_then_put_back_keeps_the_same_id(store: Store, article_id: int) -> None:
    span = store.add_span(article_id, ent(0, 15))
    removed = store.delete_span(span.id)
    assert store.spans_for(article_id) == []
    back = store.add_span(article_id, removed)
    assert back.id == span.id and store.spans_for(article_id) == [span]


def test_relabel_returns_old_and_new(store: Store, article_id: int) -> None:
    span = store.add_span(article_id, ent(0, 15))
    old, new = store.update_span(span.id, label="ORG")
    assert (old.label, new.label) == ("PERSON", "ORG")
    assert store.span(span.id).label == "ORG"


def test_quote_parts_share_a_quote_and_source_links_an_entity(store: Store, article_id: int) -> None:
    person = store.add_span(article_id, ent(0, 15))
    content = store.add_span(article_id, Span(33, 48, QUOTE, "DIRECT", annotator="ann", role=CONTENT))
    cue = store.add_span(
        article_id, Span(16, 30, QUOTE, "CUE", annotator="ann", role=CUE, quote_id=content.quote_id)
    )
    source = store.add_span(
        article_id,
        Span(
            0,
            15,
            QUOTE,
            "SOURCE",
            annotator="ann",
            role=SOURCE,
            quote_id=content.quote_id,
            entity_id=person.id,
        ),
    )
    assert {s.id for s in store.quote_spans(content.quote_id)} == {content.id, cue.id, source.id}
    assert store.span(source.id).entity_id == person.id
    # Deleting the entity unlinks the source instead of leaving a dangling id.
    store.delete_span(person.id)
    assert store.span(source.id).entity_id is None


def test_cue_without_quote_is_refused(store: Store, article_id: int) -> None:
    with pytest.raises(SpanError):
        store.add_span(article_id, Span(16, 30, QUOTE, "CUE", annotator="ann", role=CUE))


def test_suggestions_are_not_duplicated_and_rejections_stick(store: Store, article_id: int) -> None:
    proposal = [Span(51, 62, BOILERPLATE, "BOILERPLATE", origin="suggested:rules")]
    assert store.add_suggestions(article_id, proposal, annotator="ann") == 1
    assert store.add_suggestions(article_id, proposal, annotator="ann") == 0
    (suggestion,) = store.spans_for(article_id, "ann")
    store.reject_suggestion(suggestion.id)
    assert store.spans_for(article_id, "ann") == []
    assert store.add_suggestions(article_id, proposal, annotator="ann") == 0


def test_suggestion_never_overrides_a_persons_span(store: Store, article_id: int) -> None:
    store.add_span(article_id, ent(0, 15))
    added = store.add_suggestions(article_id, [ent(9, 15, "ORG", origin="suggested:rules")], annotator="ann")
    assert added == 0
    assert [s.label for s in store.spans_for(article_id)] == ["PERSON"]


def test_accepting_a_suggestion_checks_the_rules(store: Store, article_id: int) -> None:
    store.add_suggestions(article_id, [ent(0, 15, origin="suggested:rules")], annotator="ann")
    (suggestion,) = store.spans_for(article_id)
    accepted = store.accept_suggestion(suggestion.id)
    assert accepted.origin == "accepted" and accepted.is_live


def test_statuses_and_next_article(store: Store) -> None:
    ids = store.add_articles([Article(text=f"article {i}") for i in range(3)], annotator="ann").article_ids
    assert store.next_article("ann") == ids[0]
    store.set_status(ids[0], "ann", "done")
    assert store.next_article("ann") == ids[1]
    assert store.next_article("ann", after=ids[1]) == ids[2]
    assert store.progress("ann") == (1, 3)
    with pytest.raises(StoreError):
        store.set_status(ids[0], "ann", "finished")


def test_new_annotator_gets_every_article_as_todo(store: Store) -> None:
    store.add_articles([Article(text="one"), Article(text="two")], annotator="ann")
    store.ensure_annotator("bob")
    assert store.next_article("bob") is not None
    assert store.stats()["annotators"]["bob"]["todo"] == 2


def test_duplicate_texts_are_counted_not_added(store: Store) -> None:
    first = store.add_articles([Article(text="same text"), Article(text="other")], annotator="ann")
    again = store.add_articles([Article(text="same text")], annotator="ann")
    assert (first.added, again.added, again.duplicates) == (2, 0, 1)


def test_failed_import_leaves_the_database_as_it_was(store: Store, project) -> None:
    store.add_articles([Article(text="kept")], annotator="ann")
    before = rows(project, "SELECT COUNT(*) FROM articles")
    bad = (Article(text="short"), [Span(0, 50, ENTITY, "PERSON")])
    with pytest.raises(StoreError, match="outside"):
        store.add_articles([Article(text="new one"), bad], annotator="ann")
    assert rows(project, "SELECT COUNT(*) FROM articles") == before


def test_imported_quotes_get_fresh_ids_and_links(store: Store) -> None:
    text = 'Macron said "no" and Putin said "yes".'
    spans = [
        Span(0, 6, ENTITY, "PERSON", id=-1),
        Span(13, 15, QUOTE, "DIRECT", role=CONTENT, quote_id=7),
        Span(0, 6, QUOTE, "SOURCE", role=SOURCE, quote_id=7, entity_id=-1),
        Span(33, 36, QUOTE, "DIRECT", role=CONTENT, quote_id=8),
    ]
    (article_id,) = store.add_articles(
        [(Article(text=text), spans)], annotator="ann", status="done"
    ).article_ids
    saved = store.spans_for(article_id)
    contents = [s for s in saved if s.role == CONTENT]
    assert len({s.quote_id for s in contents}) == 2
    source = next(s for s in saved if s.role == SOURCE)
    entity = next(s for s in saved if s.layer == ENTITY)
    assert source.entity_id == entity.id and source.quote_id == contents[0].quote_id
    assert store.status(article_id, "ann") == "done"


def test_unknown_labels_are_added_to_the_schema(store: Store) -> None:
    store.add_articles([(Article(text="EU rejects it"), [Span(0, 2, ENTITY, "MISC")])], annotator="ann")
    label = store.schema().get("MISC", ENTITY)
    assert label is not None and label.colour.startswith("#")


def test_list_search_and_filter(store: Store) -> None:
    ids = store.add_articles(
        [Article(text="Macron met Putin", title="Summit"), Article(text="Rain in Paris", title="Weather")],
        annotator="ann",
    ).article_ids
    store.set_status(ids[1], "ann", "done")
    assert [r.id for r in store.list_articles("ann", search="putin")] == [ids[0]]
    assert [r.id for r in store.list_articles("ann", search="Weath")] == [ids[1]]  # prefix match
    assert [r.id for r in store.list_articles("ann", status="done")] == [ids[1]]
    assert store.count_list("ann", search='"unbalanced') == 0  # user input never breaks FTS
    assert store.row_of(ids[1], "ann") == 1 and store.row_of(ids[1], "ann", status="todo") is None


def test_first_edit_moves_todo_to_in_progress(store: Store, article_id: int) -> None:
    assert store.status(article_id, "ann") == "todo"
    store.add_span(article_id, ent(0, 15))
    assert store.status(article_id, "ann") == "in_progress"


@sqlite_only
def test_database_is_in_wal_mode(store: Store, db_path) -> None:
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_not_a_database_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some text, not SQLite " * 100)
    with pytest.raises(StoreError, match="not an annotator database"):
        Store(path)


def test_key_paging_gives_the_same_pages_as_offsets(store: Store) -> None:
    store.add_articles([Article(text=f"article number {i}") for i in range(25)], annotator="ann")
    by_offset = [r.id for page in range(3) for r in store.list_articles("ann", offset=page * 10, limit=10)]
    by_key: list[int] = []
    after = None
    while page := store.list_articles("ann", limit=10, after=after):
        by_key += [r.id for r in page]
        after = page[-1].id
    assert by_key == by_offset and len(by_key) == 25


def test_overlap_check_sees_only_live_spans_of_that_layer(store: Store, article_id: int) -> None:
    store.add_suggestions(article_id, [ent(0, 8, origin="suggested:rules")], annotator="ann")
    store.add_span(article_id, Span(0, 30, BOILERPLATE, "BOILERPLATE", annotator="ann"))
    # Neither the suggestion nor the boilerplate block blocks a person's entity.
    store.add_span(article_id, ent(0, 15))
    with pytest.raises(SpanError):
        store.add_span(article_id, ent(14, 20, "ORG"))


def test_batched_import_keeps_order_html_and_counts_in_batch_duplicates(store: Store) -> None:
    articles = [
        Article(text=f"text {i}", meta={"html": f"<p>text {i}</p>"} if i % 2 else {}) for i in range(450)
    ]
    articles.insert(300, Article(text="text 5"))  # a duplicate inside the same import
    result = store.add_articles(articles, annotator="ann")
    assert (result.added, result.duplicates) == (450, 1)
    assert [store.article(i).text for i in result.article_ids[:3]] == ["text 0", "text 1", "text 2"]
    assert result.article_ids == sorted(result.article_ids)
    assert store.article_html(result.article_ids[7]) == "<p>text 7</p>"
    assert store.article_html(result.article_ids[8]) is None
    assert store.next_article("ann") == result.article_ids[0]


def test_a_write_blocked_by_another_connection_fails_cleanly_after_the_busy_timeout(tmp_path) -> None:
    import sqlite3
    import time

    from annotator.store import StoreBusyError

    path = tmp_path / "busy.db"
    with Store(path) as store:
        store.ensure_annotator("ann")
        [article_id] = store.add_articles([(Article(text="Some text."), [])], annotator="ann").article_ids
        store.set_busy_timeout(0.2)
        other = sqlite3.connect(str(path), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE articles SET title = 'other' WHERE id = ?", [article_id])
        began = time.perf_counter()
        with pytest.raises(StoreBusyError, match="busy: another program"):
            store.set_status(article_id, "ann", "done")
        assert time.perf_counter() - began < 2
        other.execute("ROLLBACK")
        other.close()
        assert store.status(article_id, "ann") == "todo"
        assert not store.conn.in_transaction
        store.set_status(article_id, "ann", "done")  # the lock is gone: it works
        assert store.status(article_id, "ann") == "done"

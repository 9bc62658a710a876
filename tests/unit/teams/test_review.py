"""Review support: versions grouped with counts, shared spans pre-accepted (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.formats.export import export
from annotator.model import Article, Span
from annotator.store import Store
from annotator.store.packs import put_version
from annotator.store.review import pre_accept, review_groups, review_versions
from annotator.store.teams import set_reviewer, waiting_for_review

TEXT = 'Alice met Bob in Paris. Bob said "We won."'


def _quote(content: tuple[int, int], source: tuple[int, int], entity: int | None = None) -> list[Span]:
    return [
        Span(*content, "quote", "DIRECT", role="content", quote_id=9),
        Span(*source, "quote", "DIRECT", role="source", quote_id=9, entity_id=entity),
    ]


def _three(path: Path) -> Store:
    store = Store(path)
    store.add_articles([Article(text=TEXT)], annotator="import")
    bob = Span(24, 27, "entity", "PERSON", id=1)
    shared = [Span(0, 5, "entity", "PERSON"), bob, *_quote((33, 41), (24, 27), entity=1)]
    put_version(store, 1, "alice", [*shared, Span(17, 22, "entity", "GPE")], status="done")
    put_version(store, 1, "bob", [*shared, Span(17, 22, "entity", "LOC")], status="done")
    put_version(store, 1, "carol", [*shared, Span(17, 22, "entity", "GPE")], status="done")
    put_version(store, 1, "dave", [Span(0, 5, "entity", "ORG")], status="in_progress")  # not done: no version
    return store


def test_groups_show_who_made_each_span_and_how_many_of_three(project, tmp_path: Path) -> None:
    with _three(project) as store:
        assert review_versions(store, 1) == ["alice", "bob", "carol"]
        groups = {(g.layer, g.label, g.start, g.end, g.role): g for g in review_groups(store, 1)}
    gpe = groups[("entity", "GPE", 17, 22, None)]
    assert gpe.annotators == ("alice", "carol") and gpe.share == "2/3" and not gpe.unanimous
    assert groups[("entity", "LOC", 17, 22, None)].share == "1/3"
    assert groups[("entity", "PERSON", 0, 5, None)].share == "3/3"
    assert groups[("quote", "DIRECT", 33, 41, "content")].unanimous
    assert ("entity", "ORG", 0, 5, None) not in groups  # dave's article is not done


def test_a_source_of_two_quotes_counts_its_version_once(project) -> None:
    """One version names Bob as the source of two quotes: the group holds both spans, and
    counts that version once ("2/2", not "3/2"), as the window shows it."""
    text = 'Bob said "We won." Then Bob said "We will win again."'
    with Store(project) as store:
        store.add_articles([Article(text=text)], annotator="import")
        bob = (0, 3)
        first, second = (
            (text.index('"We won."'), text.index('"We won."') + 9),
            (text.index('"We will'), len(text)),
        )
        two = [
            Span(*first, "quote", "DIRECT", role="content", quote_id=1),
            Span(*bob, "quote", "DIRECT", role="source", quote_id=1),
            Span(*second, "quote", "DIRECT", role="content", quote_id=2),
            Span(*bob, "quote", "DIRECT", role="source", quote_id=2),
        ]
        put_version(store, 1, "alice", two, status="done")
        put_version(store, 1, "bob", two[:2], status="done")
        source = next(g for g in review_groups(store, 1) if g.role == "source")
    assert len(source.spans) == 3
    assert source.annotators == ("alice", "bob") and source.share == "2/2" and source.unanimous


def test_pre_accept_copies_what_all_share_once_and_the_gold_exports(project, tmp_path: Path) -> None:
    path = project
    with _three(path) as store:
        set_reviewer(store, "rita")
        assert waiting_for_review(store) == [1]
        added = pre_accept(store, 1, "rita")
        assert sorted((s.layer, s.start, s.end, s.role) for s in added) == [
            ("entity", 0, 5, None),
            ("entity", 24, 27, None),
            ("quote", 24, 27, "source"),
            ("quote", 33, 41, "content"),
        ]
        mine = store.spans_for(1, "rita")
        assert all(s.origin == "accepted" for s in mine)
        source = next(s for s in mine if s.role == "source")
        entity = next(s for s in mine if s.layer == "entity" and s.start == 24)
        assert source.entity_id == entity.id  # the link follows to the reviewer's own entity
        assert pre_accept(store, 1, "rita") == []  # nothing twice
        # Taking one version's span is an ordinary add for the reviewer.
        store.add_span(1, Span(17, 22, "entity", "GPE", annotator="rita"))
        store.set_status(1, "rita", "done")
        assert waiting_for_review(store) == []
        export(store, tmp_path / "gold", format="jsonl", gold=True)
    (task,) = [json.loads(line) for line in (tmp_path / "gold" / "all.jsonl").read_text().splitlines()]
    assert task["meta"]["annotator"] == "rita"
    assert [(s["start"], s["label"]) for s in task["spans"]] == [
        (0, "PERSON"),
        (17, "GPE"),
        (24, "PERSON"),
        (24, "DIRECT"),  # the quote's source and content
        (33, "DIRECT"),
    ]


def test_pre_accept_is_one_transaction_and_keeps_what_the_reviewer_has(project, tmp_path: Path) -> None:
    with _three(project) as store:
        store.add_span(1, Span(0, 9, "entity", "ORG", annotator="rita"))  # overlaps the shared PERSON
        added = pre_accept(store, 1, "rita")
        assert (0, 5) not in {(s.start, s.end) for s in added}
        assert [(s.start, s.end, s.label) for s in store.spans_for(1, "rita") if s.start == 0] == [
            (0, 9, "ORG")
        ]

"""The suggest() entry point: per-article transactions, re-runs, people's marks, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.assist import SuggestError, resolve_articles, suggest
from annotator.assist.speakers import is_resolved
from annotator.model import ACCEPTED, Article, Span

SEED = (Path(__file__).parents[2] / "fixtures" / "assist" / "seed-devdiscourse-article.txt").read_text(
    "utf-8"
)
QUOTE_TEXT = '"We will not give up on this at all," said Emmanuel Macron on Monday.\n'


def _add(store, *texts: str) -> list[int]:
    return store.add_articles([Article(text=t, source="Reuters") for t in texts], annotator="ann").article_ids


def test_quote_suggestions_are_stored_and_a_rerun_adds_nothing(store) -> None:
    [aid] = _add(store, SEED)
    first = suggest(store, layer="quote", article_ids=[aid], annotator="ann")
    # 5 direct quotes (one with the writer's clause before it) and 3 reported ones, each content, cue,
    # source.
    assert first.added == 25 and first.done == 1
    spans = store.spans_for(aid, "ann")
    assert {s.origin for s in spans} == {"suggested:quotes"}
    assert len({s.quote_id for s in spans}) == 8
    assert "reported speech by rules" in first.summary()
    again = suggest(store, layer="quote", article_ids=[aid], annotator="ann")
    assert again.added == 0
    assert len(store.spans_for(aid, "ann")) == 25


def test_rejected_suggestions_do_not_come_back_and_marks_are_untouched(store) -> None:
    [aid] = _add(store, SEED)
    suggest(store, layer="boilerplate", article_ids=[aid], annotator="ann")
    first, credit, footer = store.spans_for(aid, "ann")
    store.reject_suggestion(first.id)
    store.accept_suggestion(credit.id)
    store.delete_span(footer.id)
    # The person marks part of the footer themselves: the suggester must leave it alone.
    mine = store.add_span(aid, Span(footer.start, footer.start + 8, "boilerplate", "NAV", annotator="ann"))
    suggest(store, layer="boilerplate", article_ids=[aid], annotator="ann")
    after = {(s.start, s.end, s.origin) for s in store.spans_for(aid, "ann", include_rejected=True)}
    assert after == {
        (first.start, first.end, "rejected"),
        (credit.start, credit.end, ACCEPTED),
        (mine.start, mine.end, "manual"),
    }


def test_source_is_linked_to_the_entity_of_the_speaker(store) -> None:
    [aid] = _add(store, QUOTE_TEXT)
    start = QUOTE_TEXT.index("Emmanuel")
    entity = store.add_span(aid, Span(start, start + 15, "entity", "PERSON", annotator="ann"))
    store.set_status(aid, "ann", "todo")
    suggest(store, layer="quote", article_ids=[aid], annotator="ann")
    [source] = [s for s in store.spans_for(aid, "ann") if s.role == "source"]
    assert QUOTE_TEXT[source.start : source.end] == "Emmanuel Macron"
    assert source.entity_id == entity.id
    assert store.status(aid, "ann") == "todo"  # suggestions are not the annotator's work


def test_a_pronoun_source_is_stored_resolved_to_the_earlier_speaker(store) -> None:
    text = "Angela Merkel spoke in Berlin on Monday.\nThe plan has failed, she said."
    [aid] = _add(store, text)
    merkel = store.add_span(aid, Span(0, 13, "entity", "PERSON", annotator="ann"))
    suggest(store, layer="quote", article_ids=[aid], annotator="ann")
    [source] = [s for s in store.spans_for(aid, "ann") if s.role == "source"]
    assert text[source.start : source.end] == "she"
    assert source.entity_id == merkel.id and is_resolved(source, merkel)


def test_entity_patterns_through_the_store(store, tmp_path: Path) -> None:
    [aid] = _add(store, QUOTE_TEXT)
    patterns = tmp_path / "p.jsonl"
    patterns.write_text(
        '{"label": "PERSON", "pattern": "Emmanuel Macron"}\n'
        '{"label": "DAYNAME", "pattern": [{"LOWER": "monday"}]}\n',
        "utf-8",
    )
    report = suggest(store, layer="entity", article_ids=[aid], annotator="ann", patterns=patterns)
    assert report.added == 2
    labels = {s.label for s in store.spans_for(aid, "ann")}
    assert labels == {"PERSON", "DAYNAME"}
    assert store.schema().get("DAYNAME", "entity") is not None  # a new label joins the schema


def test_cancel_stops_between_articles_with_whole_articles_only(store) -> None:
    ids = _add(store, *[QUOTE_TEXT.replace("Monday", f"day {n}") for n in range(5)])
    seen = []
    report = suggest(
        store,
        layer="quote",
        article_ids=ids,
        annotator="ann",
        progress=lambda done, total: seen.append((done, total)),
        cancelled=lambda: len(seen) >= 2,
    )
    assert report.cancelled and report.done == 2 and seen == [(1, 5), (2, 5)]
    counts = [len(store.spans_for(i, "ann")) for i in ids]
    assert counts == [3, 3, 0, 0, 0]
    assert "interrupted: 2 of 5 articles done" in report.summary()


def test_articles_todo_all_and_ids(store) -> None:
    ids = _add(store, QUOTE_TEXT, SEED)
    store.set_status(ids[0], "ann", "done")
    assert resolve_articles(store, None, annotator="ann") == [ids[1]]
    assert resolve_articles(store, ["all"], annotator="ann") == ids
    assert resolve_articles(store, [str(ids[0])], annotator="ann") == [ids[0]]
    assert resolve_articles(store, ["todo"], annotator="newcomer") == ids
    with pytest.raises(SuggestError, match="no article with id 999"):
        resolve_articles(store, ["999"], annotator="ann")
    with pytest.raises(SuggestError, match="'soon' is not"):
        resolve_articles(store, ["soon"], annotator="ann")


def test_bad_requests(store) -> None:
    with pytest.raises(SuggestError, match="unknown layer"):
        suggest(store, layer="quotes", article_ids=[], annotator="ann")
    with pytest.raises(SuggestError, match="x: cannot load this spaCy pipeline"):
        suggest(store, layer="quote", article_ids=[], annotator="ann", model="x")
    with pytest.raises(SuggestError, match="--model is for --layer entity or quote only"):
        suggest(store, layer="boilerplate", article_ids=[], annotator="ann", model="x")
    with pytest.raises(SuggestError, match="--cues is for --layer quote only"):
        suggest(store, layer="entity", article_ids=[], annotator="ann", cues="c.toml", patterns="p")
    with pytest.raises(SuggestError, match="--model"):
        suggest(store, layer="entity", article_ids=[], annotator="ann")

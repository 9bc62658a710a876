"""Every item model passes pytest-qt's qtmodeltester (Qt's QAbstractItemModelTester)."""

from __future__ import annotations

import pytest

from annotator.model import Article, Span

pytestmark = pytest.mark.gui


def test_article_list_model(qapp, qtmodeltester, store) -> None:
    from annotator.ui.article_list import ArticleListModel

    store.add_articles(
        [Article(text=f"Text {i} of the list.", title=f"T{i}") for i in range(450)], annotator="ann"
    )
    # Each state gets a fresh model: both testers run their checks (which call
    # fetchMore) from their modelReset slot before they note the reset has ended,
    # and then blame a lazily fetching model for inserting rows during a reset.
    for search, status in (("", None), ("Text 12", None), ("", "todo"), ("nothing-matches", None)):
        model = ArticleListModel(store, "ann")
        model.set_filter(search=search, status=status)
        qtmodeltester.check(model)
        while model.canFetchMore():
            model.fetchMore()
        assert model.rowCount() == model.total == {"Text 12": 11, "nothing-matches": 0}.get(search, 450)


def test_span_and_label_models(qapp, qtmodeltester, store) -> None:
    from annotator.ui.span_list import LabelModel, SpanListModel

    [aid] = store.add_articles(
        [Article(text="Macron said the talks went well.")], annotator="ann"
    ).article_ids
    content = store.add_span(aid, Span(12, 31, "quote", "INDIRECT", "ann", role="content"))
    person = store.add_span(aid, Span(0, 6, "entity", "PERSON", "ann"))
    store.add_span(
        aid,
        Span(0, 6, "quote", "SOURCE", "ann", role="source", quote_id=content.quote_id, entity_id=person.id),
    )
    spans = store.spans_for(aid, "ann")
    model = SpanListModel()
    model.set_spans("Macron said the talks went well.", spans, {("entity", "PERSON"): "#f4a6a6"})
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(2, 1)).endswith("→ PERSON")  # the source names its entity
    labels = LabelModel()
    labels.set_labels([("1", label) for label in store.schema().for_layer("quote")])
    qtmodeltester.check(labels, force_py=True)


def test_span_list_update_matches_a_fresh_list(qapp, qtmodeltester, store) -> None:
    """An edit moves only its rows, and the list ends as a fresh one would be."""
    from annotator.ui.span_list import SpanListModel, grouped

    text = "Macron said the talks in Brussels went well, officials added on Monday."
    [aid] = store.add_articles([Article(text=text)], annotator="ann").article_ids
    person = store.add_span(aid, Span(0, 6, "entity", "PERSON", "ann"))
    store.add_span(aid, Span(24, 32, "entity", "GPE", "ann"))
    content = store.add_span(aid, Span(12, 43, "quote", "INDIRECT", "ann", role="content"))
    colours = {("entity", "PERSON"): "#f4a6a6", ("entity", "GPE"): "#a6d8f4"}
    model = SpanListModel()
    model.set_spans(text, store.spans_for(aid, "ann"), colours)
    qtmodeltester.check(model, force_py=True)

    def rows() -> list[tuple[int | None, str]]:
        return [(model.span_at(r).id, model.data(model.index(r, 1))) for r in range(model.rowCount())]

    def check(touched: list[Span]) -> None:
        spans = store.spans_for(aid, "ann")
        model.update_spans(spans, touched)
        fresh = SpanListModel()
        fresh.set_spans(text, spans, colours)
        assert [s.id for s in grouped(spans)] == [model.span_at(r).id for r in range(model.rowCount())]
        assert rows() == [
            (fresh.span_at(r).id, fresh.data(fresh.index(r, 1))) for r in range(fresh.rowCount())
        ]
        assert model.live == fresh.live

    # A source linked to the entity, placed before the quote's content: the group moves.
    source = store.add_span(
        aid,
        Span(0, 6, "quote", "SOURCE", "ann", role="source", quote_id=content.quote_id, entity_id=person.id),
    )
    check([source])
    assert (source.id, "Macron  → PERSON") in rows()
    check(list(store.update_span(person.id, label="NORP")))  # the source's "→ label" follows
    assert (source.id, "Macron  → NORP") in rows()
    check([store.delete_span(content.id)])


def test_article_list_model_in_uncertainty_order(qapp, qtmodeltester, store) -> None:
    from annotator.store.scores import save_uncertainty
    from annotator.ui.article_list import UNCERTAIN, ArticleListModel

    ids = store.add_articles(
        [Article(text=f"Text {i} of the list.", title=f"T{i}") for i in range(450)], annotator="ann"
    ).article_ids
    # The last 300 articles were scored, the later the less sure: they come first, in reverse.
    for n, article_id in enumerate(ids[150:]):
        save_uncertainty(store, article_id, "ann", "suggested:model-m", n / 1000)
    model = ArticleListModel(store, "ann")
    model.set_filter(order=UNCERTAIN)
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    listed = [model.article_id(r) for r in range(model.rowCount())]
    assert listed == list(reversed(ids[150:])) + ids[:150]
    assert model.row_of(ids[0]) == 300 and model.row_of(ids[-1]) == 0

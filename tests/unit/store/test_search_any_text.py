"""The search box takes any text: NUL, lone quotes, FTS5 operators never raise (issue 9.8)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.model import Article
from annotator.store import Store, StoreError

HOSTILE = [
    "\x00",
    "a\x00b",
    '"',
    "'",
    "(",
    ")",
    "*",
    "^x",
    "NEAR(a b)",
    "a OR",
    "AND",
    "NOT x",
    ":",
    "title:x",
    "-x",
    "+",
]


def test_nul_and_fts5_syntax_in_a_query_are_just_text(store: Store) -> None:  # issue 9.8
    # PostgreSQL's text cannot hold a NUL (test_a_nul_in_a_text_is_refused_on_postgresql).
    nul = "a b" if store.is_postgres else "a\x00b"
    ids = store.add_articles(
        [Article(text="Weather warning for Oslo"), Article(text=f"{nul} stays searchable")], annotator="ann"
    ).article_ids
    for query in HOSTILE:
        assert isinstance(store.search(query), list), query
        rows = store.list_articles("ann", search=query)
        assert store.count_list("ann", search=query) == len(rows)
        store.row_of(ids[0], "ann", search=query)
    assert [r.id for r in store.list_articles("ann", search="Weath\x00")] == [ids[0]]  # NUL: a word break
    assert store.search("Oslo\x00") == [ids[0]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=30))
def test_any_query_text_never_raises(store: Store, query: str) -> None:
    store.list_articles("ann", search=query)
    store.count_list("ann", search=query)
    store.search(query)


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_nul_in_a_text_is_refused_on_postgresql_and_nothing_is_stored(store: Store) -> None:
    with pytest.raises(StoreError, match="NUL character"):
        store.add_articles([Article(text="fine"), Article(text="a\x00b")], annotator="ann")
    assert store.count_articles() == 0

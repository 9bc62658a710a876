"""Databases for the export tests, built through ``Store`` directly (no importer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.formats.tokens import token_offsets
from annotator.model import Article, Span
from annotator.model.article import normalise_newlines
from annotator.model.spans import snap
from annotator.store import Store

# A scraped-page-like article: menu, emoji, \r\n (normalised as an importer
# does), a quote in two parts around its cue, a source linked to an entity,
# a NBSP inside a name and a lone LINE SEPARATOR before a sentence.
RAW = (
    "HOME | WORLD | BUSINESS\r\n"
    "Share on Twitter \U0001f426 Share on Facebook\r\n"
    "\r\n"
    "\u201cWe will rebuild the port \U0001f6a2 this year,\u201d Maria\u00a0Lopez said in Lagos on Monday. "
    "\u201cNobody should doubt it.\u201d\r\n"
    "\r\n"
    "The World Bank said\u2028it would help Nigeria, according to officials.\r\n"
    "TRENDING: 1. Floods 2. Elections 3. Football\r\n"
)


def find(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def aligned(text: str, sub: str, nth: int = 0, *, quotes: bool = False) -> tuple[int, int]:
    s, e = find(text, sub, nth)
    return snap(text, s, e, token_offsets(text), trim_quotes=quotes)


def rich_spans(text: str) -> list[Span]:
    """Every layer: entities, a two-part quote with cue and linked source, a second
    quote without cue, boilerplate blocks."""

    def ent(sub: str, label: str, local: int | None = None, nth: int = 0) -> Span:
        s, e = aligned(text, sub, nth)
        return Span(s, e, "entity", label, id=local)

    def part(sub: str, label: str, role: str, quote: int, **kw: Any) -> Span:
        s, e = aligned(text, sub, quotes=role == "content")
        return Span(s, e, "quote", label, role=role, quote_id=quote, **kw)

    def block(sub: str, label: str = "BOILERPLATE") -> Span:
        s, e = aligned(text, sub)
        return Span(s, e, "boilerplate", label)

    return [
        ent("Maria\u00a0Lopez", "PERSON", local=1),
        ent("Lagos", "GPE"),
        ent("Monday", "DATE"),
        ent("World Bank", "ORG", local=2),
        ent("Nigeria", "GPE"),
        part("We will rebuild the port \U0001f6a2 this year,", "DIRECT", "content", 10),
        part("Nobody should doubt it.", "DIRECT", "content", 10),
        part("said", "CUE", "cue", 10),
        part("Maria\u00a0Lopez", "SOURCE", "source", 10, entity_id=1),
        part("it would help Nigeria", "INDIRECT", "content", 11),
        part("The World Bank", "SOURCE", "source", 11, entity_id=2),
        block(text.split("\n", 1)[0], "NAV"),
        block("Share on Twitter \U0001f426 Share on Facebook", "SHARE"),
        block("TRENDING: 1. Floods 2. Elections 3. Football"),
    ]


def variant(i: int) -> str:
    """The rich article with a distinct first line, so texts differ."""
    return normalise_newlines(RAW).replace("HOME | WORLD", f"HOME{i} | WORLD", 1)


def build(path: Path, n: int = 6, *, annotator: str = "ann", sources: int = 3, status: str = "done") -> Store:
    """A database of ``n`` rich articles, all with ``status`` for ``annotator``."""
    store = Store(path)
    items = []
    for i in range(n):
        text = variant(i)
        items.append(
            (
                Article(
                    text=text,
                    title=f"Story {i}",
                    source=f"site{i % sources}.example",
                    url=f"https://site{i % sources}.example/{i}",
                ),
                rich_spans(text),
            )
        )
    store.add_articles(items, annotator=annotator, status=status)
    return store


def db_spans(store: Store, article_id: int, annotator: str = "ann") -> list[Span]:
    return [s for s in store.spans_for(article_id, annotator) if s.origin in ("manual", "accepted")]

"""The store's plain values: rows turned into model objects, and what imports report."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from annotator.model import Article, Span

_SPAN_COLUMNS = 'id, article_id, layer, label, start, "end", quote_id, role, entity_id, origin, annotator'


def default_annotator(target: object = None) -> str:
    """Whose marks these are unless ``--annotator`` says otherwise: the OS user name, or
    for a ``postgresql://`` project the role it connects as, found as libpq finds it
    (the URL's user, else ``PGUSER``, else the OS user name), without connecting."""
    import getpass  # here, not at the top: the window's cold start never asks

    if isinstance(target, str) and target.startswith(("postgresql://", "postgres://")):
        from urllib.parse import parse_qs, unquote, urlsplit

        parts = urlsplit(target)
        user = unquote(parts.username or "") or parse_qs(parts.query).get("user", [""])[0]
        user = user or os.environ.get("PGUSER", "")
        if user:
            return user

    try:
        return getpass.getuser() or "annotator"
    except Exception:  # no user name in some containers
        return "annotator"


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


def _article_params(article: Article, meta_json: str, digest: str, now: str) -> list[Any]:
    """The values of one ``_INSERT_ARTICLE`` row, in its column order."""
    return [article.title, article.text, article.source, article.url, article.lang, meta_json, digest, now]


def _article_from_row(row: Sequence[Any]) -> Article:
    """An ``articles`` row selected as: id, title, text, source, url, lang, meta."""
    return Article(
        id=row[0], title=row[1], text=row[2], source=row[3], url=row[4], lang=row[5], meta=json.loads(row[6])
    )


def _span_from_row(row: Sequence[Any]) -> Span:
    return Span(
        id=row[0],
        article_id=row[1],
        layer=row[2],
        label=row[3],
        start=row[4],
        end=row[5],
        quote_id=row[6],
        role=row[7],
        entity_id=row[8],
        origin=row[9],
        annotator=row[10],
    )


def _span_payload(span: Span) -> str:
    return json.dumps(asdict(span), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of the article list: enough to draw it, without the text."""

    id: int
    title: str
    status: str
    spans: int
    suggestions: int


@dataclass(slots=True)
class ImportResult:
    added: int = 0
    duplicates: int = 0
    spans: int = 0
    article_ids: list[int] = field(default_factory=list)
    # With ``versions``: stored articles that got the annotator's version (spans and status).
    version_ids: list[int] = field(default_factory=list)


def has_live_spans(spans: Sequence[Span]) -> bool:
    """An import marks an article done only when a person's spans came with it."""
    return any(span.is_live for span in spans)

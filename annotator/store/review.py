"""Review support: an article's versions side by side, and pre-accepting what all share.

For the Review mode of the window (and scripts). A *version* is one
annotator's spans of an article they marked ``done``. ``review_groups``
puts every version's spans together: spans with the same layer, label,
bounds and role form one group, with who made each and a count ("2/3").
``pre_accept`` copies into the reviewer's version what every version shares
(as Prodigy's ``review`` does), in one transaction; taking or refusing one
more span later is an ordinary ``Store.add_span`` / ``delete_span`` for the
reviewer, undoable like any edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.model import ACCEPTED, CONTENT, ENTITY, QUOTE, Span, SpanError
from annotator.store.teams import done_by

if TYPE_CHECKING:
    from annotator.store.store import Store

GroupKey = tuple[str, str, int, int, str]


@dataclass(frozen=True, slots=True)
class SpanGroup:
    """The spans of several versions with one layer, label, bounds and role."""

    layer: str
    label: str
    start: int
    end: int
    role: str | None
    # Each version's spans of it, in annotator order: one, or more where a version holds it
    # in several quotes (one source of two quotes).
    spans: tuple[Span, ...]
    total: int  # how many versions were compared

    @property
    def annotators(self) -> tuple[str, ...]:
        """The versions holding it, each once."""
        return tuple(dict.fromkeys(s.annotator for s in self.spans))

    @property
    def count(self) -> int:
        """How many versions hold it (never more than ``total``)."""
        return len(self.annotators)

    @property
    def share(self) -> str:
        """``"2/3"``: how many versions hold this span, of how many."""
        return f"{self.count}/{self.total}"

    @property
    def unanimous(self) -> bool:
        return self.count == self.total >= 2


def review_versions(store: Store, article_id: int, *, annotators: Sequence[str] | None = None) -> list[str]:
    """Who has a ``done`` version of the article (reviewers and set-aside versions left out)."""
    return done_by(store, annotators=annotators).get(article_id, [])


def _key(span: Span) -> GroupKey:
    return (span.layer, span.label, span.start, span.end, span.role or "")


def review_groups(
    store: Store, article_id: int, *, annotators: Sequence[str] | None = None
) -> list[SpanGroup]:
    """Every version's annotation (suggestions left out), grouped; in text order."""
    names = review_versions(store, article_id, annotators=annotators)
    found: dict[GroupKey, list[Span]] = {}
    for name in names:
        for span in store.spans_for(article_id, name):
            if span.is_live:
                found.setdefault(_key(span), []).append(span)
    groups = [
        SpanGroup(layer, label, start, end, role or None, tuple(spans), len(names))
        for (layer, label, start, end, role), spans in found.items()
    ]
    groups.sort(key=lambda g: (g.start, -g.end, g.layer, g.role or "", g.label))
    return groups


def _quote_signatures(spans: Sequence[Span]) -> dict[tuple[GroupKey, ...], list[Span]]:
    """Each quote of one version by its parts (role, label, bounds), ids left out."""
    quotes: dict[int, list[Span]] = {}
    for span in spans:
        if span.layer == QUOTE and span.is_live and span.quote_id is not None:
            quotes.setdefault(span.quote_id, []).append(span)
    return {tuple(sorted(_key(s) for s in parts)): parts for parts in quotes.values()}


def pre_accept(
    store: Store, article_id: int, reviewer: str, *, annotators: Sequence[str] | None = None
) -> list[Span]:
    """Add to ``reviewer``'s version every span all versions share (two or more
    versions), as origin ``accepted``, in one transaction; returns the spans added.

    Quotes are taken whole: a quote goes in when every version has one with the
    same parts. Spans the reviewer already has, or that would break an overlap
    rule of their version, are left out. A source linked to an entity is linked
    to the reviewer's entity with the same label and bounds, when there is one.
    """
    names = [n for n in review_versions(store, article_id, annotators=annotators) if n != reviewer]
    if len(names) < 2:
        return []
    versions = {n: store.spans_for(article_id, n) for n in names}
    added: list[Span] = []
    with store.transaction():
        store.ensure_annotator(reviewer)
        have = {_key(s) for s in store.spans_for(article_id, reviewer) if s.is_live}
        shared = set.intersection(
            *({_key(s) for s in v if s.is_live and s.layer != QUOTE} for v in versions.values())
        )
        ordered = sorted(shared, key=lambda k: (k[0] != ENTITY, k[2], k[3]))
        for layer, label, start, end, _ in ordered:
            if (layer, label, start, end, "") in have:
                continue
            try:
                added.append(
                    store.add_span(
                        article_id, Span(start, end, layer, label, annotator=reviewer, origin=ACCEPTED)
                    )
                )
            except SpanError:
                continue
        entities = {
            (s.label, s.start, s.end): s.id
            for s in store.spans_for(article_id, reviewer)
            if s.layer == ENTITY and s.is_live
        }
        signatures = [_quote_signatures(v) for v in versions.values()]
        mine = _quote_signatures(store.spans_for(article_id, reviewer))
        common = set.intersection(*(set(sig) for sig in signatures))
        for signature in sorted(common):
            if signature in mine:
                continue
            example = signatures[0][signature]
            by_id = {s.id: s for s in versions[names[0]]}
            try:
                with store.transaction():
                    added.extend(_add_quote(store, article_id, reviewer, example, by_id, entities))
            except SpanError:
                continue
    return added


def _add_quote(
    store: Store,
    article_id: int,
    reviewer: str,
    parts: Sequence[Span],
    by_id: dict[int | None, Span],
    entities: dict[tuple[str, int, int], int | None],
) -> list[Span]:
    ordered = sorted(parts, key=lambda s: (s.role != CONTENT, s.start))
    quote_id: int | None = None
    added = []
    for part in ordered:
        linked = by_id.get(part.entity_id) if part.entity_id is not None else None
        entity_id = entities.get((linked.label, linked.start, linked.end)) if linked is not None else None
        span = Span(
            part.start,
            part.end,
            QUOTE,
            part.label,
            annotator=reviewer,
            origin=ACCEPTED,
            role=part.role,
            quote_id=quote_id,
            entity_id=entity_id,
        )
        saved = store.add_span(article_id, span)
        quote_id = saved.quote_id
        added.append(saved)
    return added

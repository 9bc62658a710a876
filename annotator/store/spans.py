"""Spans and quotes: adding, changing and removing them, and suggestions.

Every method that changes a span is one transaction (``StoreBase.transaction``)
that also appends to the edit log; overlap rules are checked against the
stored spans that could clash, before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from annotator.model import ACCEPTED, CONTENT, QUOTE, REJECTED, Span, SpanError, conflicts
from annotator.model.spans import SUGGESTED_PREFIX
from annotator.store.errors import StoreError
from annotator.store.rows import _SPAN_COLUMNS, _now, _span_from_row, _span_payload
from annotator.store.statuses import StatusesMixin


class SpansMixin(StatusesMixin):
    def _insert_imported_spans(
        self, article_id: int, text: str, spans: Sequence[Span], annotator: str, now: str
    ) -> int:
        quote_ids: dict[int, int] = {}
        span_ids: dict[int, int] = {}
        links: list[tuple[int, int]] = []
        for span in sorted(spans, key=lambda s: (s.layer != "entity", s.start)):
            if span.end > len(text):
                raise StoreError(
                    f"span [{span.start}, {span.end}) lies outside the text ({len(text)} characters)"
                )
            self.ensure_label(span.label, span.layer)
            quote_id = None
            if span.quote_id is not None:
                if span.quote_id not in quote_ids:
                    quote_ids[span.quote_id] = self._new_quote(article_id, annotator, now)
                quote_id = quote_ids[span.quote_id]
            # Import-local ids and links are not stored as given: the store numbers them.
            new_id = self._insert_span(
                span.with_(id=None, entity_id=None, annotator=annotator), article_id, quote_id, now
            )
            if span.id is not None:
                span_ids[span.id] = new_id
            if span.entity_id is not None:
                links.append((new_id, span.entity_id))
        for source_id, local_entity in links:
            if local_entity in span_ids:
                self.conn.execute(
                    "UPDATE spans SET entity_id = ? WHERE id = ?", [span_ids[local_entity], source_id]
                )
        return len(spans)

    def _insert_span(self, span: Span, article_id: int, quote_id: int | None, now: str) -> int:
        """One row in ``spans`` (under ``span.id`` when it has one); returns the row's id."""
        values = [
            article_id,
            span.layer,
            span.label,
            span.start,
            span.end,
            quote_id,
            span.role,
            span.entity_id,
            span.origin,
            span.annotator,
            now,
        ]
        # An id column is named only when given: PostgreSQL's identity takes no NULL for "pick one".
        given = span.id is not None
        sql = (
            f'INSERT INTO spans ({"id, " if given else ""}article_id, layer, label, start, "end", quote_id, '
            f"role, entity_id, origin, annotator, created_at) VALUES ({'?, ' if given else ''}"
            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
        )
        return int(self.conn.execute(sql, [span.id, *values] if given else values).fetchone()[0])

    def _new_quote(self, article_id: int, annotator: str, now: str | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO quotes (article_id, annotator, created_at) VALUES (?, ?, ?) RETURNING id",
            [article_id, annotator, now or _now()],
        )
        return int(cur.fetchone()[0])

    # -- spans ---------------------------------------------------------------

    def spans_for(
        self, article_id: int, annotator: str | None = None, *, include_rejected: bool = False
    ) -> list[Span]:
        """The spans of one article (of one annotator), ordered by position."""
        sql = f"SELECT {_SPAN_COLUMNS} FROM spans WHERE article_id = ?"
        params: list[Any] = [article_id]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        if not include_rejected:
            sql += " AND origin != 'rejected'"
        sql += ' ORDER BY start, "end" DESC, id'
        return [_span_from_row(r) for r in self.conn.execute(sql, params)]

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise StoreError(f"no span with id {span_id}")
        return _span_from_row(row)

    def _check(self, article_id: int, span: Span) -> None:
        length = self.conn.execute("SELECT length(text) FROM articles WHERE id = ?", [article_id]).fetchone()
        if length is None:
            raise StoreError(f"no article with id {article_id}")
        if span.end > length[0]:
            raise SpanError(f"span [{span.start}, {span.end}) lies outside the text ({length[0]} characters)")
        if span.is_live:
            # Only the spans that could clash: same annotator and layer, overlapping
            # bounds (an index seek, not all 2,000 spans of a long article).
            nearby = [
                _span_from_row(r)
                for r in self.conn.execute(
                    f"SELECT {_SPAN_COLUMNS} FROM spans WHERE article_id = ? AND annotator = ? AND layer = ? "
                    "AND origin IN ('manual', 'accepted') AND start < ? AND \"end\" > ?",
                    [article_id, span.annotator, span.layer, span.end, span.start],
                )
            ]
            clash = conflicts(span, nearby)
            if clash:
                other = clash[0]
                raise SpanError(
                    f"{span.layer} spans may not overlap: "
                    f"[{span.start}, {span.end}) overlaps {other.label} "
                    f"[{other.start}, {other.end})"
                )

    def add_span(self, article_id: int, span: Span) -> Span:
        """Save one new span (one transaction); returns it with its id.

        A quote content span without ``quote_id`` starts a new quote. A span
        with an ``id`` is put back under that id (undo of a delete). Raises
        SpanError, with nothing saved, when the span breaks an overlap rule.
        """
        with self.transaction():
            self._check(article_id, span.with_(article_id=article_id))
            quote_id = span.quote_id
            if span.layer == QUOTE and quote_id is None:
                if span.role != CONTENT:
                    raise SpanError("a cue or source belongs to a quote: select the quote first")
                quote_id = self._new_quote(article_id, span.annotator)
            elif (
                quote_id is not None
                and not self.conn.execute("SELECT 1 FROM quotes WHERE id = ?", [quote_id]).fetchone()
            ):
                self.conn.execute(
                    "INSERT INTO quotes (id, article_id, annotator, created_at) VALUES (?, ?, ?, ?)",
                    [quote_id, article_id, span.annotator, _now()],
                )
            new_id = self._insert_span(span, article_id, quote_id, _now())
            saved = span.with_(id=new_id, article_id=article_id, quote_id=quote_id)
            self._log(
                "add_span",
                span.annotator,
                article_id=article_id,
                span_id=saved.id,
                payload=_span_payload(saved),
            )
            self._touch(article_id, span.annotator)
        return saved

    def delete_span(self, span_id: int) -> Span:
        """Remove one span; returns it (with its id) so it can be put back."""
        with self.transaction():
            span = self.span(span_id)
            self.conn.execute("UPDATE spans SET entity_id = NULL WHERE entity_id = ?", [span_id])
            self.conn.execute("DELETE FROM spans WHERE id = ?", [span_id])
            self._log(
                "delete_span",
                span.annotator,
                article_id=span.article_id,
                span_id=span_id,
                payload=_span_payload(span),
            )
        return span

    def update_span(self, span_id: int, **changes: Any) -> tuple[Span, Span]:
        """Change a span's label, bounds, origin or entity link; returns (old, new)."""
        allowed = {"label", "start", "end", "origin", "entity_id"}
        if set(changes) - allowed:
            raise StoreError(f"cannot change {', '.join(sorted(set(changes) - allowed))} of a span")
        with self.transaction():
            old = self.span(span_id)
            new = old.with_(**changes)
            assert old.article_id is not None
            self._check(old.article_id, new)
            self.conn.execute(
                'UPDATE spans SET label = ?, start = ?, "end" = ?, origin = ?, entity_id = ? WHERE id = ?',
                [new.label, new.start, new.end, new.origin, new.entity_id, span_id],
            )
            self._log_update(old, new)
            self._touch(old.article_id, new.annotator)
        return old, new

    def accept_suggestion(self, span_id: int) -> Span:
        """A suggestion becomes annotation (origin 'accepted'), if no rule forbids it."""
        span = self.span(span_id)
        if not span.is_suggestion:
            raise StoreError(f"span {span_id} is not a suggestion")
        return self.update_span(span_id, origin=ACCEPTED)[1]

    def reject_suggestion(self, span_id: int) -> Span:
        """Hide a suggestion for good: kept as 'rejected' so a re-run never brings it back."""
        span = self.span(span_id)
        if not span.is_suggestion:
            raise StoreError(f"span {span_id} is not a suggestion")
        return self.update_span(span_id, origin=REJECTED)[1]

    def add_suggestions(self, article_id: int, spans: Sequence[Span], *, annotator: str) -> int:
        """Store one suggester's proposals for one article in one transaction.

        Skips proposals already stored (suggested, accepted or rejected, same
        layer, label and bounds) and those overlapping a person's span of a
        layer whose spans may not overlap. Quote parts share import-local
        ``quote_id`` values, as in ``add_articles``. Returns how many were added.
        """
        now = _now()
        with self.transaction():
            existing = self.spans_for(article_id, annotator, include_rejected=True)
            seen = {(s.layer, s.role, s.start, s.end) for s in existing}
            live = [s for s in existing if s.is_live]
            fresh = []
            for span in spans:
                if not span.origin.startswith(SUGGESTED_PREFIX):
                    raise StoreError(f"suggestions need an origin 'suggested:<name>', not {span.origin!r}")
                if (span.layer, span.role, span.start, span.end) in seen:
                    continue
                if conflicts(span.with_(origin="manual", annotator=annotator), live):
                    continue
                seen.add((span.layer, span.role, span.start, span.end))
                fresh.append(span.with_(annotator=annotator))
            # Drop quote parts whose content was dropped (a cue without its quote).
            contents = {s.quote_id for s in fresh if s.layer == QUOTE and s.role == CONTENT}
            fresh = [s for s in fresh if s.layer != QUOTE or s.quote_id in contents]
            if fresh:
                self._insert_imported_spans(article_id, self.article(article_id).text, fresh, annotator, now)
                self._log(
                    "suggest", annotator, article_id=article_id, payload=json.dumps({"added": len(fresh)})
                )
        return len(fresh)

    def clear_suggestions(self, article_id: int, annotator: str, origin: str | None = None) -> int:
        """Remove pending (not accepted, not rejected) suggestions."""
        with self.transaction():
            cur = self.conn.execute(
                "DELETE FROM spans WHERE article_id = ? AND annotator = ? AND origin LIKE ?",
                [article_id, annotator, origin or f"{SUGGESTED_PREFIX}%"],
            )
        return cur.rowcount

    def _touch(self, article_id: int, annotator: str) -> None:
        """First edit on a 'todo' article moves it to 'in_progress'."""
        self.conn.execute(
            "INSERT INTO statuses (article_id, annotator, status, updated_at) VALUES (?, ?, 'in_progress', ?) "
            "ON CONFLICT (article_id, annotator) DO UPDATE SET status = 'in_progress', "
            "updated_at = excluded.updated_at WHERE statuses.status = 'todo'",
            [article_id, annotator, _now()],
        )

    def quote_spans(self, quote_id: int) -> list[Span]:
        return [
            _span_from_row(r)
            for r in self.conn.execute(
                f"SELECT {_SPAN_COLUMNS} FROM spans WHERE quote_id = ? AND origin != 'rejected' "
                "ORDER BY start",
                [quote_id],
            )
        ]

    def link_suggested_source(self, span_id: int, entity_id: int) -> Span:
        """Link a suggested quote source to the entity naming the speaker.

        For suggesters: unlike ``update_span`` it does not move the article to
        'in_progress' (a suggester's work is not the annotator's).
        """
        with self.transaction():
            span = self.span(span_id)
            entity = self.span(entity_id)
            if not span.is_suggestion or span.role != "source":
                raise StoreError(f"span {span_id} is not a suggested quote source")
            if entity.layer != "entity" or entity.article_id != span.article_id:
                raise StoreError(f"span {entity_id} is not an entity of the same article")
            self.conn.execute("UPDATE spans SET entity_id = ? WHERE id = ?", [entity_id, span_id])
            linked = span.with_(entity_id=entity_id)
            self._log_update(span, linked)
        return linked

    def _log_update(self, old: Span, new: Span) -> None:
        """The edit log's line for a span changed in place (undo reads its ``from``)."""
        self._log(
            "update_span",
            new.annotator,
            article_id=old.article_id,
            span_id=old.id,
            payload=json.dumps({"from": asdict(old), "to": asdict(new)}, ensure_ascii=False),
        )

"""What every exporter receives: one article with its spans sorted into layers.

``prepare`` turns the flat span list the store returns into entities, quotes
(content parts, cue, sources, linked speaker entity) and boilerplate blocks,
setting aside (with a reason) every span that cannot be exported as it is.
Exporters then drop spans they cannot place (not aligned to tokens) the same
way, so the export report can name each one; the spaCy export splits tokens
instead, so it places every span exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from annotator.model import BOILERPLATE, CONTENT, CUE, ENTITY, QUOTE, SOURCE, Article, Span

# The keys under which each kind of span is exported (spaCy span keys; the
# report counts under the same names, whatever the format).
ENTITIES_KEY = "entities"
QUOTES_KEY = "quotes"
CUES_KEY = "quote_cues"
SOURCES_KEY = "quote_sources"
BOILERPLATE_KEY = "boilerplate"
SPAN_KEYS: tuple[str, ...] = (QUOTES_KEY, CUES_KEY, SOURCES_KEY, BOILERPLATE_KEY)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A span that could not be exported, and why."""

    article_id: int | None
    span_id: int | None
    layer: str
    label: str
    start: int
    end: int
    reason: str
    role: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "article_id": self.article_id,
            "span_id": self.span_id,
            "layer": self.layer,
            "label": self.label,
        }
        if self.role:
            out["role"] = self.role
        out.update(start=self.start, end=self.end, reason=self.reason)
        return out


@dataclass(slots=True)
class QuoteParts:
    """One quote: content parts in text order, at most one cue, its sources."""

    id: int
    label: str
    contents: list[Span] = field(default_factory=list)
    cue: Span | None = None
    sources: list[Span] = field(default_factory=list)
    speaker_entity: Span | None = None

    @property
    def speaker_resolved(self) -> bool:
        """The speaker entity stands elsewhere in the text: a source such as "he" or
        "the official" resolved to an earlier name, not an entity on the source itself."""
        entity = self.speaker_entity
        return entity is not None and not any(
            src.start < entity.end and entity.start < src.end for src in self.sources
        )

    def spans(self) -> list[Span]:
        return [*self.contents, *([self.cue] if self.cue else []), *self.sources]


@dataclass(slots=True)
class Tally:
    """What the export report counts of one written article (small: a worker sends it back)."""

    split: str
    quotes: int
    counts: dict[str, dict[str, int]]
    skipped: list[Skipped]
    inside_tokens: dict[str, int]


@dataclass(slots=True)
class Prepared:
    """One article ready to write: what each exporter reads."""

    article: Article
    annotator: str
    status: str
    split: str
    entities: list[Span] = field(default_factory=list)
    quotes: list[QuoteParts] = field(default_factory=list)
    boilerplate: list[Span] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Exported spans per key whose start or end falls inside a token of the
    # pipeline's own tokenizer (the reference Doc splits the token there).
    inside_tokens: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> int:
        assert self.article.id is not None
        return self.article.id

    def skip(self, span: Span, reason: str) -> None:
        self.skipped.append(
            Skipped(self.article.id, span.id, span.layer, span.label, span.start, span.end, reason, span.role)
        )

    def meta(self) -> dict[str, Any]:
        """Article id, source, annotator (and the rest a reader may want back)."""
        a = self.article
        return {
            "article_id": a.id,
            "source": a.source,
            "annotator": self.annotator,
            "status": self.status,
            "title": a.title,
            "url": a.url,
            "lang": a.lang,
        }

    def counts(self) -> dict[str, dict[str, int]]:
        """Exported spans per key and label."""
        out: dict[str, dict[str, int]] = {}

        def add(key: str, spans: Iterable[Span]) -> None:
            for s in spans:
                labels = out.setdefault(key, {})
                labels[s.label] = labels.get(s.label, 0) + 1

        add(ENTITIES_KEY, self.entities)
        add(QUOTES_KEY, (s for q in self.quotes for s in q.contents))
        add(CUES_KEY, (q.cue for q in self.quotes if q.cue))
        add(SOURCES_KEY, (s for q in self.quotes for s in q.sources))
        add(BOILERPLATE_KEY, self.boilerplate)
        return out

    def tally(self) -> Tally:
        """The report's share of this article, once it is written (exporters drop spans)."""
        return Tally(
            self.split, len(self.quotes), self.counts(), list(self.skipped), dict(self.inside_tokens)
        )

    def keyed(self) -> list[tuple[str, Span]]:
        """Every span to export with the key it is exported under."""
        return [
            *((ENTITIES_KEY, s) for s in self.entities),
            *((QUOTES_KEY, s) for q in self.quotes for s in q.contents),
            *((CUES_KEY, q.cue) for q in self.quotes if q.cue),
            *((SOURCES_KEY, s) for q in self.quotes for s in q.sources),
            *((BOILERPLATE_KEY, s) for s in self.boilerplate),
        ]

    def all_spans(self) -> list[Span]:
        return [s for _, s in self.keyed()]

    def count_inside_tokens(self, off_starts: set[int], off_ends: set[int]) -> None:
        """Count, per key, the spans starting in ``off_starts`` or ending in ``off_ends``.

        Those are the offsets that are no token boundary of the pipeline's own
        tokenizer (``tokens.split_doc``). spaCy aligns such a span to the
        pipeline's tokens when it trains and, where the texts differ, learns
        nothing from it; the report says how many there are.
        """
        counts: dict[str, int] = {}
        for key, s in self.keyed():
            if s.start in off_starts or s.end in off_ends:
                counts[key] = counts.get(key, 0) + 1
        self.inside_tokens = counts

    def place(self, doc: Any, lang: str) -> dict[int, Any]:
        """The spaCy span of each span (by ``id(span)``) in ``doc``; spans off token boundaries are dropped.

        The spaCy export splits tokens so that every span fits
        (``tokens.split_doc``); other exporters that keep the tokenizer's own
        tokens drop a span off them here, and the report says why.
        """
        placed: dict[int, Any] = {}
        unplaceable: dict[int, str] = {}
        for span in (*self.entities, *(s for q in self.quotes for s in q.spans()), *self.boilerplate):
            found = doc.char_span(span.start, span.end)
            if found is None:
                unplaceable[id(span)] = (
                    f"[{span.start}, {span.end}) does not start and end on a token "
                    f"boundary of the {lang!r} tokenizer"
                )
            else:
                placed[id(span)] = found
        self.drop(unplaceable)
        return placed

    def drop(self, unplaceable: dict[int, str]) -> None:
        """Remove spans (by ``id(span)``) an exporter cannot place, recording why.

        A quote left without content loses its cue and sources too: a cue
        pointing at nothing would teach a model nonsense.
        """
        if not unplaceable:
            return

        def keep(span: Span) -> bool:
            reason = unplaceable.get(id(span))
            if reason is not None:
                self.skip(span, reason)
            return reason is None

        self.entities = [s for s in self.entities if keep(s)]
        self.boilerplate = [s for s in self.boilerplate if keep(s)]
        quotes = []
        for q in self.quotes:
            q.contents = [s for s in q.contents if keep(s)]
            if q.cue is not None and not keep(q.cue):
                q.cue = None
            q.sources = [s for s in q.sources if keep(s)]
            if q.speaker_entity is not None and not any(e is q.speaker_entity for e in self.entities):
                q.speaker_entity = None
            if q.contents:
                quotes.append(q)
            else:
                for s in q.spans():
                    self.skip(s, "its quote has no exportable content span")
        self.quotes = quotes


def prepare(article: Article, spans: Iterable[Span], *, annotator: str, status: str, split: str) -> Prepared:
    """Sort one article's spans into layers; set aside what cannot be exported."""
    item = Prepared(article=article, annotator=annotator, status=status, split=split)
    size = len(article.text)
    by_quote: dict[int, QuoteParts] = {}
    parts: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, s.id or 0)):
        if span.end > size:
            item.skip(span, f"ends at {span.end}, after the end of the text ({size} characters)")
        elif span.layer == ENTITY:
            last = item.entities[-1] if item.entities else None
            if last is not None and span.start < last.end:
                # doc.ents holds one entity per token: the first (longest) wins.
                item.skip(span, f"overlaps entity {last.label} [{last.start}, {last.end})")
            else:
                item.entities.append(span)
        elif span.layer == BOILERPLATE:
            item.boilerplate.append(span)
        elif span.layer == QUOTE:
            parts.append(span)
    for span in parts:
        if span.quote_id is None:
            item.skip(span, "quote span without a quote id")
        elif span.role == CONTENT:
            quote = by_quote.setdefault(span.quote_id, QuoteParts(span.quote_id, span.label))
            if not quote.contents:
                quote.label = span.label
            quote.contents.append(span)
    entities = {e.id: e for e in item.entities if e.id is not None}
    for span in parts:
        owner = by_quote.get(span.quote_id) if span.quote_id is not None else None
        if span.role == CONTENT or span.quote_id is None:
            continue
        if owner is None:
            item.skip(span, f"{span.role} of a quote that has no content span")
        elif span.role == CUE:
            if owner.cue is None:
                owner.cue = span
            else:
                item.skip(span, f"second cue of quote {span.quote_id} (a quote has at most one)")
        elif span.role == SOURCE:
            owner.sources.append(span)
            if owner.speaker_entity is None and span.entity_id is not None:
                owner.speaker_entity = entities.get(span.entity_id)
    item.quotes = sorted(by_quote.values(), key=lambda q: (q.contents[0].start, q.id))
    return item

"""Suggesters: quotes, boilerplate blocks and entities proposed for one-key review.

``suggest(store, layer=..., article_ids=..., annotator=...)`` is the one entry
point (the CLI and the GUI both call it). It works article by article and
stores each article's suggestions in one transaction, so an interrupt never
leaves half an article; the store skips proposals it already holds (pending,
accepted or rejected) and those overlapping a person's span, so a re-run
never duplicates nor touches what a person marked. spaCy is imported on
first use only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.jobs import JobsError, check_jobs, pool_size
from annotator.model import BOILERPLATE, ENTITY, LAYERS, QUOTE, SOURCE, Span, Status
from annotator.model.words import count

if TYPE_CHECKING:
    from annotator.store import Store

__all__ = ["SuggestError", "SuggestReport", "resolve_articles", "suggest", "suggest_for_text"]


class SuggestError(Exception):
    """A suggest request that cannot run (bad layer, model, patterns file or article ids)."""


@dataclass(slots=True)
class SuggestReport:
    layer: str
    total: int
    done: int = 0
    added: int = 0
    articles_with_new: int = 0
    cancelled: bool = False
    seconds: float = 0.0
    # Languages tokenised by a stand-in tokenizer (tokens.fallback_note), one line each.
    notes: list[str] = field(default_factory=list)
    # How quotes were found: "rules" or the parsing pipeline's name (quote layer only).
    method: str = ""

    def article_done(self, added: int, progress: Callable[[int, int], None] | None) -> None:
        """One more article suggested on, with ``added`` new suggestions; tells ``progress``."""
        self.done += 1
        self.added += added
        self.articles_with_new += bool(added)
        if progress is not None:
            progress(self.done, self.total)

    def summary(self) -> str:
        head = f"{count(self.added, f'{self.layer} suggestion')} added in {count(self.articles_with_new, 'article')}"
        if self.cancelled:
            line = f"interrupted: {self.done} of {count(self.total, 'article')} done; {head}"
        else:
            line = f"{head} ({count(self.done, 'article')}, {self.seconds:.1f} s)"
        if self.method:
            line += f"; reported speech by {self.method}"
        return "\n".join([line, *(f"note: {n}" for n in self.notes)])


def resolve_articles(store: Store, spec: Sequence[str] | None, *, annotator: str) -> list[int]:
    """Article ids from ``todo`` (default), ``all`` or explicit ids."""
    words = list(spec or ["todo"])
    if words == ["all"]:
        return store.article_ids()
    if words == ["todo"]:
        store.ensure_annotator(annotator)
        return store.article_ids(status=Status.TODO, annotator=annotator)
    ids = []
    known = set(store.article_ids())
    for word in words:
        if not word.isdigit():
            raise SuggestError(f"--articles: {word!r} is not 'todo', 'all' or an article id")
        if int(word) not in known:
            raise SuggestError(f"--articles: no article with id {word}")
        ids.append(int(word))
    return ids


def suggest_for_text(
    text: str,
    *,
    layer: str,
    lang: str = "en",
    title: str = "",
    html: str | None = None,
    entities: Sequence[Span] = (),
    repeats: Sequence[int] | None = None,
    entity_suggester: Callable[..., list[Span]] | None = None,
    quote_parser: Callable[[str], object] | None = None,
    cues: object = None,
) -> list[Span]:
    """The suggestions of one layer for one text (nothing stored).

    ``quote_parser`` is a spaCy pipeline with a parser (``quotes.load_parser``);
    without one, reported speech is found by rules. ``cues`` is a ``quotes.Cues``.
    """
    from annotator.formats.tokens import token_offsets

    tokens = token_offsets(text, lang)
    if layer == QUOTE:
        from annotator.assist.quotes import suggest_quotes

        doc = quote_parser(text) if quote_parser is not None else None
        return suggest_quotes(text, tokens, entities=entities, doc=doc, cues=cues)  # type: ignore[arg-type]
    if layer == BOILERPLATE:
        from annotator.assist.boilerplate import suggest_boilerplate

        return suggest_boilerplate(text, tokens, html=html, title=title, repeats=repeats)
    if layer == ENTITY:
        if entity_suggester is None:
            raise SuggestError("entity suggestions need a model or a patterns file")
        return entity_suggester(text, tokens, lang=lang)
    raise SuggestError(f"unknown layer {layer!r} (expected one of {', '.join(LAYERS)})")


def suggest(
    store: Store,
    *,
    layer: str,
    article_ids: Iterable[int],
    annotator: str,
    model: str | None = None,
    patterns: str | Path | None = None,
    cues: str | Path | None = None,
    label_map: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    jobs: int | None = None,
    pool_threshold: int | None = None,
) -> SuggestReport:
    """Run one suggester over articles and store what it proposes.

    For quotes, ``model`` names a spaCy pipeline with a parser (reported speech
    from the parse; rules without it) and ``cues`` a TOML file of cues added to
    ``resources/cues.toml``.

    ``progress(done, total)`` is called after each article; ``cancelled()`` is
    asked before each one, and a True answer stops the run there (everything
    stored so far stays, whole articles only). ``label_map`` renames a
    pipeline's entity labels (``{"PER": "PERSON", "MISC": ""}``; empty drops);
    labels the project's schema still lacks are dropped and counted in a note.

    ``jobs``: worker processes for the quote and boilerplate rules (default:
    every core; 1: in this process; entities always run here). Fewer than
    ``pool_threshold`` articles (default ``jobs.POOL_THRESHOLD``) stay in this
    process. The workers only read; this process stores every suggestion, in
    article order, so the result is the same whatever ``jobs`` is.
    """
    try:
        check_jobs(jobs)
    except JobsError as exc:
        raise SuggestError(str(exc)) from None
    if layer not in LAYERS:
        raise SuggestError(f"unknown layer {layer!r} (expected one of {', '.join(LAYERS)})")
    if model is not None and patterns is None:
        # A pipeline trained by `annotator train` suggests any layer it learnt, with scores.
        from annotator.assist.model_suggest import ModelError, is_trained_model, suggest_with_model

        if is_trained_model(model):
            try:
                return suggest_with_model(
                    store,
                    layer=layer,
                    article_ids=list(article_ids),
                    annotator=annotator,
                    model=model,
                    progress=progress,
                    cancelled=cancelled,
                )
            except ModelError as exc:
                raise SuggestError(str(exc)) from None
    if layer == BOILERPLATE and model is not None:
        raise SuggestError("--model is for --layer entity or quote only")
    if layer != ENTITY and patterns is not None:
        raise SuggestError("--patterns is for --layer entity only")
    if layer != QUOTE and cues is not None:
        raise SuggestError("--cues is for --layer quote only")
    ids = list(article_ids)
    report = SuggestReport(layer=layer, total=len(ids))
    started = time.perf_counter()
    quote_parser = quote_cues = None
    if layer == QUOTE:
        from annotator.assist.quotes import CuesError, QuoteParserError, load_cues, load_parser

        try:
            quote_cues = load_cues(cues)
            quote_parser = load_parser(model) if model is not None else None
        except (CuesError, QuoteParserError) as exc:
            raise SuggestError(str(exc)) from None
        report.method = f"the parse of {model}" if model is not None else "rules (no parser: --model NAME)"
    entity_suggester = None
    if layer == ENTITY:
        from annotator.assist.entities import EntitiesError, EntitySuggester

        try:
            entity_suggester = EntitySuggester(
                model=model,
                patterns=patterns,
                schema_labels=[label.name for label in store.schema().for_layer(ENTITY)],
                label_map=label_map,
            )
        except EntitiesError as exc:
            raise SuggestError(str(exc)) from None
    index = None
    if layer == BOILERPLATE and ids:
        from annotator.assist.boilerplate import build_index

        index = build_index((a.source, a.url, a.text) for a in store.iter_articles())
    # Rules only: a loaded pipeline (entities, or a model for another layer) stays here, loaded once.
    rules = layer in (QUOTE, BOILERPLATE) and model is None and patterns is None and cues is None
    processes = pool_size(jobs, len(ids), threshold=pool_threshold) if rules else 1
    if processes > 1:
        from annotator.assist.suggest_jobs import suggest_in_pool

        found = suggest_in_pool(
            store,
            ids,
            layer=layer,
            annotator=annotator,
            index=index,
            processes=processes,
            cancelled=cancelled,
        )
    else:
        found = _in_process(
            store, ids, layer, annotator, index, entity_suggester, quote_parser=quote_parser, cues=quote_cues
        )
    with closing(found):
        for article_id, lang, spans in found:
            if cancelled is not None and cancelled():
                report.cancelled = True
                break
            _note_language(report, lang)
            added = store_suggestions(store, article_id, spans, annotator=annotator)
            report.article_done(added, progress)
    report.seconds = time.perf_counter() - started
    if entity_suggester is not None and entity_suggester.labels.dropped:
        dropped = entity_suggester.labels.dropped
        report.notes.append(
            "not in the project's entity labels, so not suggested: "
            + ", ".join(f"{label} ({n})" for label, n in sorted(dropped.items()))
            + " (rename with --label-map OLD=NEW)"
        )
    return report


def _note_language(report: SuggestReport, lang: str) -> None:
    if lang == "en":
        return
    from annotator.formats.tokens import fallback_note

    note = fallback_note(lang)
    if note is not None and note not in report.notes:
        report.notes.append(note)


def _in_process(
    store: Store,
    ids: list[int],
    layer: str,
    annotator: str,
    index,  # noqa: ANN001
    entity_suggester,  # noqa: ANN001
    *,
    quote_parser=None,  # noqa: ANN001
    cues=None,  # noqa: ANN001
) -> Iterator[tuple[int, str, list[Span]]]:
    for article in store.iter_articles(ids):
        assert article.id is not None
        repeats = None
        if layer == BOILERPLATE:
            from annotator.assist.boilerplate import group_of, repeat_counts

            repeats = repeat_counts(index, group_of(article.source, article.url), article.text)
        spans = suggestions_for(
            store,
            article,
            layer=layer,
            annotator=annotator,
            repeats=repeats,
            entity_suggester=entity_suggester,
            quote_parser=quote_parser,
            cues=cues,
        )
        yield article.id, article.lang or "en", spans


def suggestions_for(
    store: Store,
    article,  # noqa: ANN001
    *,
    layer: str,
    annotator: str,
    repeats: Sequence[int] | None,
    entity_suggester=None,  # noqa: ANN001
    quote_parser=None,  # noqa: ANN001
    cues=None,  # noqa: ANN001
) -> list[Span]:
    """One article's suggestions (nothing stored): in this process or in a worker's."""
    html = None
    entities: list[Span] = []
    if layer == BOILERPLATE:
        html = store.article_html(article.id)
    elif layer == QUOTE:
        entities = [s for s in store.spans_for(article.id, annotator) if s.layer == ENTITY]
    return suggest_for_text(
        article.text,
        layer=layer,
        lang=article.lang or "en",
        title=article.title,
        html=html,
        entities=entities,
        repeats=repeats,
        entity_suggester=entity_suggester,
        quote_parser=quote_parser,
        cues=cues,
    )


def store_suggestions(store: Store, article_id: int, spans: list[Span], *, annotator: str) -> int:
    """Store one article's suggestions in one transaction; how many were new."""
    # Entity links point at stored spans; add_suggestions only links within its batch.
    links = {(s.start, s.end): s.entity_id for s in spans if s.role == SOURCE and s.entity_id is not None}
    spans = [s.with_(entity_id=None) if s.entity_id is not None else s for s in spans]
    with store.transaction():
        added = store.add_suggestions(article_id, spans, annotator=annotator)
        if links and added:
            for span in store.spans_for(article_id, annotator):
                entity_id = links.get((span.start, span.end))
                if (
                    span.role == SOURCE
                    and span.is_suggestion
                    and span.entity_id is None
                    and entity_id is not None
                    and span.id is not None
                ):
                    store.link_suggested_source(span.id, entity_id)
    return added

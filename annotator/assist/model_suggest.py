"""Suggestions from a pipeline trained by ``annotator train``, each with the model's score.

A trained pipeline is a folder holding ``train-report.json``. Its suggestions
have the origin ``suggested:model-<folder name>``; every new one gets the
model's score (``store.scores``), and each article the model's uncertainty.

- entities: the ``ner``'s entities; the score is the probability of that entity
  under a beam search (``EntityRecognizer.beam_parse`` / ``scored_ents``, width 16);
- quote parts and boilerplate blocks: each span categorizer's spans scoring at
  least their threshold (chosen on the training's dev split: ``calibrate``); overlapping
  spans of one key keep the higher score. A quote part the quote rules propose as it
  is (its tokens' rule tags, ``quote_candidates.set_features``) needs only
  ``RULE_FLOOR``: the model stacked on the rules drops a rule's part when it learnt
  to, not when it is merely unsure. A content holding a suggested cue is cut to its
  side of the cue (``cut_at_cues``: "Smith said that X" -> "X"), so the cue and its
  source stay parts of their own. Quote
  parts are grouped into quotes with the quote suggester's linking rules
  (``group_quote_parts``) and a source is linked to its entity (``quotes.link_entity``).

**Uncertainty** of an article (``uncertainty``): of the candidates the model scored
``p >= CANDIDATE_FLOOR`` (spancat: the suggester's spans; ner: the beam's entities),
take the ``UNCERTAIN_K`` whose ``p`` is closest to 0.5 and average ``1 - |2p - 1|``:
1 is a coin toss on every one, 0 sure of all (or no candidate at all).

Quote parts are chosen among candidates (``quote_candidates``): before the pipeline
runs, each text is parsed on the model's own tokens by the parser named in
``train-report.json`` (``candidates.parser``; none: the parse-free candidates), and the
candidate span groups and token features are set on the doc.
"""

from __future__ import annotations

import bisect
from collections.abc import Container, Sequence
from pathlib import Path
from typing import Any

from annotator.assist.quote_candidates import annotate, load_candidate_parser
from annotator.assist.train_config import LAYER_KEYS
from annotator.formats.export_model import CUES_KEY, QUOTES_KEY, SOURCES_KEY
from annotator.formats.spacy_config import component_name
from annotator.model import BOILERPLATE, CONTENT, CUE, ENTITY, QUOTE, SOURCE, Span, SpanError, overlaps, snap
from annotator.model.spans import ROLE_LABELS

REPORT = "train-report.json"
THRESHOLD = 0.5
CANDIDATE_FLOOR = 0.05
# The score a quote part the rules propose needs (below it the model learnt to reject it).
RULE_FLOOR = CANDIDATE_FLOOR
UNCERTAIN_K = 10
BEAM_WIDTH = 16
# Linking, as the quote suggester's rules: a cue within this many tokens of a content's
# edge belongs to it (contents sharing their nearest cue are one split quote), a source
# within this many tokens of its quote's cue is that quote's speaker ("Ann Lee, in a
# statement released on Monday, said": 9 tokens between; 8 lost 0.05 of source recall
# on PolNeAR train, docs/benchmarks.md).
CUE_WINDOW = 14
SOURCE_WINDOW = 16
ROLE_OF_KEY = {QUOTES_KEY: CONTENT, CUES_KEY: CUE, SOURCES_KEY: SOURCE}


class ModelError(Exception):
    """A trained pipeline that cannot suggest this layer."""


def is_trained_model(model: str | Path | None) -> bool:
    """True for a folder written by ``annotator train``."""
    return model is not None and (Path(model) / REPORT).is_file()


def origin_of(model: str | Path) -> str:
    return f"suggested:model-{Path(model).resolve().name}"


def uncertainty(probabilities: Sequence[float]) -> float:
    doubts = sorted((1.0 - abs(2.0 * p - 1.0) for p in probabilities if p >= CANDIDATE_FLOOR), reverse=True)
    top = doubts[:UNCERTAIN_K]
    return round(sum(top) / len(top), 4) if top else 0.0


def _best_first(found: list[tuple[int, int, str, float]]) -> list[tuple[int, int, str, float]]:
    """Non-overlapping spans, the higher score winning, in text order."""
    kept: list[tuple[int, int, str, float]] = []
    for item in sorted(found, key=lambda f: (-f[3], f[0])):
        if not any(overlaps(item[:2], k[:2]) for k in kept):
            kept.append(item)
    return sorted(kept)


def rule_parts(doc: Any, role: str) -> set[tuple[int, int]]:
    """Token ranges the quote rules give as one ``role`` part: the ``B-`` ... ``L-`` or
    ``U-`` run of its rule tags (``quote_candidates.set_features``)."""
    tag = role.upper()
    out: set[tuple[int, int]] = set()
    start = None
    for token in doc:
        edge, _, name = token.tag_.partition("-")
        if name != tag:
            start = None
        elif edge == "U":
            out.add((token.i, token.i + 1))
            start = None
        elif edge == "B":
            start = token.i
        elif edge == "L" and start is not None:
            out.add((start, token.i + 1))
            start = None
    return out


def keeps(score: float, limit: float, ruled: bool) -> bool:
    """Whether a span scoring ``score`` is suggested at threshold ``limit``: at least ``limit``,
    or ``RULE_FLOOR`` for a part the rules propose as it is (``ruled``)."""
    return score >= limit or (ruled and score >= RULE_FLOOR)


def scored_spans(
    group: Sequence[Any], scores: Sequence[float], limit: float, ruled: Container[tuple[int, int]] = ()
) -> tuple[list[tuple[int, int, str, float]], list[tuple[int, int, str, float]]]:
    """(every span of ``group`` as (start, end, label, score) in characters, those to suggest):
    a score of at least ``limit``, or of ``RULE_FLOOR`` for a span whose token range is in ``ruled``."""
    spans, kept = [], []
    for span, p in zip(group, scores, strict=False):
        spans.append((span.start_char, span.end_char, span.label_, float(p)))
        if keeps(p, limit, (span.start, span.end) in ruled):
            kept.append(spans[-1])
    return spans, kept


_LEAD = frozenset({"that", ",", ":", "-", "—", "–"})


def cut_at_cues(
    doc: Any,
    contents: list[tuple[int, int, str, float]],
    cues: Sequence[tuple[int, int, str, float]],
    sources: Sequence[tuple[int, int, str, float]],
) -> list[tuple[int, int, str, float]]:
    """Each content that holds a cue cut to the side of that cue it mostly lies on, without
    the cue, a source beside it, and a leading ``that`` or punctuation ("Smith says that X"
    -> "X"; "X, he said" -> "X"); a content left empty goes. Character offsets of ``doc``."""
    out = []
    for content in contents:
        inside = sorted(c for c in cues if overlaps(c[:2], content[:2]))
        if not inside:
            out.append(content)
            continue
        cue = inside[0] if inside[0][0] - content[0] <= content[1] - inside[-1][1] else inside[-1]
        near = [s for s in sources if overlaps(s[:2], content[:2])]
        span = doc.char_span(content[0], content[1], alignment_mode="expand")
        if span is None:
            out.append(content)
            continue
        if content[1] - cue[1] >= cue[0] - content[0]:
            start = max([cue[1]] + [s[1] for s in near if 0 <= s[0] - cue[1] <= 2])
            tokens = [t for t in span if t.idx >= start]
            while tokens and (tokens[0].is_space or tokens[0].lower_ in _LEAD):
                tokens.pop(0)
        else:
            end = min([cue[0]] + [s[0] for s in near if 0 <= cue[0] - s[1] <= 2])
            tokens = [t for t in span if t.idx + len(t.text) <= end]
            while tokens and (tokens[-1].is_space or tokens[-1].lower_ in _LEAD):
                tokens.pop()
        if tokens:
            out.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), content[2], content[3]))
    return out


def group_quote_parts(
    tokens: Sequence[tuple[int, int]],
    contents: list[tuple[int, int, str, float]],
    cues: list[tuple[int, int, str, float]],
    sources: list[tuple[int, int, str, float]],
) -> list[tuple[list[tuple[int, int, str, float]], tuple | None, list[tuple[int, int, str, float]]]]:
    """Quotes as ``(contents, cue, sources)`` from loose predicted parts (token windows as above)."""
    starts = [s for s, _ in tokens]

    def index(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
        """Tokens strictly between two spans (0 when touching or overlapping)."""
        first, second = sorted([a, b])
        return max(0, index(second[0]) - index(max(first[1] - 1, first[0])) - 1)

    free_cues = [c for c in cues if not any(overlaps(c[:2], q[:2]) for q in contents)]
    by_cue: dict[int, list] = {}
    alone: list = []
    for content in contents:
        near = [(gap(content[:2], c[:2]), n) for n, c in enumerate(free_cues)]
        near = [x for x in near if x[0] <= CUE_WINDOW]
        if near:
            by_cue.setdefault(min(near)[1], []).append(content)
        else:
            alone.append(content)
    quotes: list = []
    taken: set[int] = set()
    for n, parts in sorted(by_cue.items(), key=lambda kv: kv[1][0][0]):
        cue = free_cues[n]
        speakers = []
        for m, src in enumerate(sources):
            if m in taken or any(overlaps(src[:2], q[:2]) for q in parts) or overlaps(src[:2], cue[:2]):
                continue
            if gap(src[:2], cue[:2]) <= SOURCE_WINDOW:
                # The source nearer to another linked cue is that cue's.
                others = [gap(src[:2], free_cues[k][:2]) for k in by_cue if k != n]
                if not others or gap(src[:2], cue[:2]) <= min(others):
                    speakers.append(src)
                    taken.add(m)
        quotes.append((parts, cue, speakers))
    quotes += [([content], None, []) for content in alone]
    return sorted(quotes, key=lambda q: q[0][0][0])


def _candidate_parser(model: str | Path) -> tuple[Any, bool]:
    """(the parser that makes this model's quote candidates or None, whether it uses candidates)."""
    import json

    path = Path(model) / REPORT
    report = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    made = report.get("candidates") or {}
    if not made:
        return None, False
    from annotator.assist.quotes import QuoteParserError

    try:
        return load_candidate_parser(made.get("parser")), True
    except QuoteParserError as exc:
        raise ModelError(
            f"{model}: its quote candidates come from the parser {made.get('parser')}, which does not "
            f"load here ({exc}); install it (pip install -e '.[test]') or retrain without it"
        ) from None


class ModelSuggester:
    """One trained pipeline suggesting one layer."""

    def __init__(self, model: str | Path, layer: str) -> None:
        import spacy

        try:
            self.nlp = spacy.load(model)
        except (OSError, ValueError, KeyError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"{model}: cannot load this spaCy pipeline ({first[:200]})") from None
        self.layer = layer
        self.origin = origin_of(model)
        self.parser, self.candidates = _candidate_parser(model) if layer == QUOTE else (None, False)
        names = ["ner"] if layer == ENTITY else [component_name(k) for k in LAYER_KEYS[layer]]
        self.components = [n for n in names if n in self.nlp.pipe_names]
        if not self.components:
            raise ModelError(
                f"{model}: this pipeline was not trained for the {layer} layer (components: "
                f"{', '.join(self.nlp.pipe_names)}); train it with --layer {layer}"
            )
        # Each span categorizer suggests from its own threshold (chosen on the training's
        # dev split, annotator.assist.calibrate; THRESHOLD in a pipeline from before that).
        self.thresholds: dict[str, float] = {}
        for name in self.components:
            if name.startswith("spancat_"):
                pipe = self.nlp.get_pipe(name)
                self.thresholds[name] = float(pipe.cfg.get("threshold") or THRESHOLD)
                # Scores down to the floor come back, for the uncertainty; below the
                # threshold they are not suggested.
                pipe.cfg["threshold"] = min(CANDIDATE_FLOOR, self.thresholds[name])

    def __call__(
        self, text: str, tokens: Sequence[tuple[int, int]], *, entities: Sequence[Span] = ()
    ) -> tuple[list[Span], dict[tuple[str, str | None, int, int], float], float]:
        """(suggestions with import-local quote ids, score of each by (layer, role, start, end), uncertainty)."""
        doc = self.nlp.make_doc(text)
        if self.candidates:
            annotate(doc, self.parser)
        doc = self.nlp(doc)
        probabilities: list[float] = []
        found: dict[str, list[tuple[int, int, str, float]]] = {}
        if self.layer == ENTITY:
            ner = self.nlp.get_pipe("ner")
            beam = ner.scored_ents(ner.beam_parse([doc], beam_width=BEAM_WIDTH))[0]
            probabilities = list(beam.values())
            found["ents"] = [
                (e.start_char, e.end_char, e.label_, float(beam.get((e.start, e.end, e.label_), 0.0)))
                for e in doc.ents
            ]
        else:
            for key in (k for k in LAYER_KEYS[self.layer] if component_name(k) in self.components):
                group = doc.spans.get(key, [])
                scores = group.attrs.get("scores", []) if len(group) else []
                ruled = rule_parts(doc, ROLE_OF_KEY[key]) if key in ROLE_OF_KEY else set()
                spans, kept = scored_spans(group, scores, self.thresholds[component_name(key)], ruled)
                probabilities += [p for *_, p in spans]
                found[key] = _best_first(kept)
        suggestions: list[Span] = []
        scores: dict[tuple[str, str | None, int, int], float] = {}

        def add(span: Span, score: float) -> None:
            suggestions.append(span)
            scores[(span.layer, span.role, span.start, span.end)] = round(score, 4)

        def snapped(s: int, e: int) -> tuple[int, int] | None:
            try:
                return snap(text, s, e, tokens)
            except SpanError:
                return None

        if self.layer in (ENTITY, BOILERPLATE):
            for s, e, label, p in found.get("ents" if self.layer == ENTITY else "boilerplate", []):
                if (b := snapped(s, e)) is not None:
                    add(Span(*b, self.layer, label, origin=self.origin), p)
            return suggestions, scores, uncertainty(probabilities)
        from annotator.assist.quotes import link_entity

        cues, sources = found.get(CUES_KEY, []), found.get(SOURCES_KEY, [])
        contents = cut_at_cues(doc, found.get(QUOTES_KEY, []), cues, sources)
        quotes = group_quote_parts(tokens, contents, cues, sources)
        for qid, (contents, cue, sources) in enumerate(quotes, start=1):
            parts = [(c, CONTENT, c[2]) for c in contents]
            parts += [(cue, CUE, ROLE_LABELS[CUE])] if cue else []
            parts += [(src, SOURCE, ROLE_LABELS[SOURCE]) for src in sources]
            for (s, e, _label, p), role, label in parts:
                if (b := snapped(s, e)) is None:
                    continue
                link = link_entity(text, b, entities) if role == SOURCE else None
                add(Span(*b, QUOTE, label, origin=self.origin, role=role, quote_id=qid, entity_id=link), p)
        return suggestions, scores, uncertainty(probabilities)


def suggest_with_model(
    store: Any,
    *,
    layer: str,
    article_ids: Sequence[int],
    annotator: str,
    model: str | Path,
    progress: Any = None,
    cancelled: Any = None,
    replace: bool = False,
    skip: Any = None,
) -> Any:
    """``assist.suggest`` for a trained pipeline: suggestions, their scores and each article's uncertainty.

    ``replace`` (the background retraining): this model's pending suggestions on the
    article go in the same transaction as the new ones come, and only articles still
    ``todo`` are touched; accepted, rejected and a person's spans stay as they are.
    ``skip(article_id)``: True leaves that article alone (the one open in the window).
    """
    import time

    from annotator.assist import SuggestReport
    from annotator.formats.tokens import token_offsets
    from annotator.model import Status
    from annotator.store.scores import save_scores, save_uncertainty

    suggester = ModelSuggester(model, layer)
    report = SuggestReport(layer=layer, total=len(article_ids))
    started = time.perf_counter()
    for article in store.iter_articles(list(article_ids)):
        if cancelled is not None and cancelled():
            report.cancelled = True
            break
        if (skip is not None and skip(article.id)) or (
            replace and store.status(article.id, annotator) != Status.TODO
        ):
            report.done += 1
            continue
        entities = [
            s for s in store.spans_for(article.id, annotator) if s.layer == ENTITY and s.id is not None
        ]
        spans, scores, doubt = suggester(
            article.text, token_offsets(article.text, article.lang or "en"), entities=entities
        )
        links = {(s.start, s.end): s.entity_id for s in spans if s.entity_id is not None}
        spans = [s.with_(entity_id=None) for s in spans]
        with store.transaction():
            if replace:
                store.clear_suggestions(article.id, annotator, suggester.origin)
            added = store.add_suggestions(article.id, spans, annotator=annotator)
            save_scores(store, article.id, annotator, suggester.origin, scores)
            save_uncertainty(store, article.id, annotator, suggester.origin, doubt)
            if links and added:
                for span in store.spans_for(article.id, annotator):
                    target = links.get((span.start, span.end))
                    if (
                        span.role == SOURCE
                        and span.origin == suggester.origin
                        and span.entity_id is None
                        and target
                    ):
                        store.link_suggested_source(span.id, target)
        report.article_done(added, progress)
    report.seconds = time.perf_counter() - started
    return report


def uncertain_queue(
    store: Any, *, model: str | Path, article_ids: Sequence[int], annotator: str
) -> list[tuple[int, float, str]]:
    """(article id, uncertainty, title) of the todo ones among ``article_ids``, least certain first."""
    from annotator.model import Status
    from annotator.store.scores import uncertain_first

    todo = set(store.article_ids(status=Status.TODO, annotator=annotator))
    ranked = uncertain_first(store, [a for a in article_ids if a in todo], annotator, origin_of(model))
    titles = {a.id: a.title for a in store.iter_articles([a for a, _ in ranked])}
    return [(a, u, titles.get(a, "")) for a, u in ranked]

"""Inter-annotator agreement: span F1, Cohen's kappa, Krippendorff's alpha (docs/teams.md).

Over the articles that two or more annotators marked ``done``, per layer and
per label:

- **span F1** per pair, *exact* (same label and bounds) and *overlapping*
  (same label, sharing a character): F1 = 2PR/(P+R), P and R being the
  shares of each side's spans the other side matched;
- **Cohen's kappa** per pair and **Krippendorff's alpha** (nominal, from the
  ``krippendorff`` package) over all annotators, on tokens: each token gets
  the label of the span it lies in, or ``O`` (boilerplate: in or out). Tokens
  are spaCy's (``tokens.token_offsets``), whitespace tokens left out; an
  annotator who did not finish an article is a missing value there;
- for **quotes**, also, quote by quote: content agreement (F1 of quotes
  whose content overlaps one of the other side's, any label) and attribution
  agreement (overlapping content *and* overlapping source, or no source on
  either side); ``source_agreement`` is the share of content-matched quotes
  whose source matches too.

A figure that cannot be computed (no spans on either side, one value only
for alpha) is ``None`` (``null`` in JSON), never a made-up 0 or 1.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from annotator.formats.tokens import token_offsets
from annotator.model import BOILERPLATE, CONTENT, ENTITY, QUOTE, SOURCE, Span
from annotator.store.teams import done_by

LAYERS: tuple[str, ...] = (ENTITY, QUOTE, BOILERPLATE)
OUTSIDE = "O"
INSIDE = "IN"

Bounds = tuple[int, int]
Labelled = tuple[str, int, int]


class AgreementError(ValueError):
    """An agreement that cannot be computed; the message says why."""


# -- the measures ------------------------------------------------------------


def _kappa_codes(x: npt.NDArray[np.int64], y: npt.NDArray[np.int64], k: int) -> float | None:
    n = len(x)
    if n == 0:
        return None
    table = np.bincount(x * k + y, minlength=k * k).reshape(k, k).astype(np.float64)
    observed = float(np.trace(table)) / n
    expected = float(np.dot(table.sum(axis=1), table.sum(axis=0))) / (n * n)
    if expected >= 1.0:
        return None  # both gave one and the same value throughout: kappa is undefined
    return (observed - expected) / (1.0 - expected)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters over the same items (None when undefined)."""
    if len(a) != len(b):
        raise AgreementError(f"kappa needs the same items from both raters ({len(a)} != {len(b)})")
    codes: dict[Hashable, int] = {}
    x = np.array([codes.setdefault(v, len(codes)) for v in a], dtype=np.int64)
    y = np.array([codes.setdefault(v, len(codes)) for v in b], dtype=np.int64)
    return _kappa_codes(x, y, max(len(codes), 1))


def krippendorff_alpha(data: npt.NDArray[np.float64]) -> float | None:
    """Nominal alpha of a raters x units matrix (NaN = missing), via ``krippendorff``."""
    import krippendorff

    values = data[~np.isnan(data)]
    if values.size == 0 or np.unique(values).size < 2:
        return None
    # Units coded by fewer than two raters carry no pairs; alpha needs at least one pairable unit.
    if not (np.sum(~np.isnan(data), axis=0) >= 2).any():
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _f1(matched_a: int, total_a: int, matched_b: int, total_b: int) -> float | None:
    if total_a == 0 and total_b == 0:
        return None
    recall = matched_a / total_a if total_a else 0.0
    precision = matched_b / total_b if total_b else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


class _Sorted:
    """Ranges sorted by start, for "which of them share a character with this one"."""

    def __init__(self, ranges: Sequence[Bounds]) -> None:
        self.ranges = sorted(ranges)
        self.starts = [r[0] for r in self.ranges]
        # Running maximum of the ends: non-decreasing even when ranges overlap,
        # so a bisection finds the first range that can reach past a start.
        self.reach = list(itertools.accumulate((r[1] for r in self.ranges), max))

    def overlapping(self, span: Bounds) -> list[int]:
        lo = bisect.bisect_right(self.reach, span[0])
        hi = bisect.bisect_left(self.starts, span[1])
        return [i for i in range(lo, hi) if self.ranges[i][1] > span[0]]


def _matched(mine: Sequence[Labelled], theirs: Sequence[Labelled]) -> tuple[int, int]:
    """(exactly matched, overlap-matched) of ``mine`` against ``theirs``, label for label."""
    exact_set = set(theirs)
    by_label: dict[str, list[Bounds]] = {}
    for label, s, e in theirs:
        by_label.setdefault(label, []).append((s, e))
    index = {label: _Sorted(ranges) for label, ranges in by_label.items()}
    exact = overlap = 0
    for label, s, e in mine:
        exact += (label, s, e) in exact_set
        if label in index and index[label].overlapping((s, e)):
            overlap += 1
    return exact, overlap


@dataclass(slots=True)
class _Counts:
    """Span-match counts of one pair, summed over articles."""

    total_a: int = 0
    total_b: int = 0
    exact_a: int = 0
    exact_b: int = 0
    overlap_a: int = 0
    overlap_b: int = 0

    def add(self, a: Sequence[Labelled], b: Sequence[Labelled]) -> None:
        ea, oa = _matched(a, b)
        eb, ob = _matched(b, a)
        self.total_a += len(a)
        self.total_b += len(b)
        self.exact_a += ea
        self.exact_b += eb
        self.overlap_a += oa
        self.overlap_b += ob

    def figures(self) -> dict[str, Any]:
        return {
            "spans": [self.total_a, self.total_b],
            "exact_f1": _round(_f1(self.exact_a, self.total_a, self.exact_b, self.total_b)),
            "overlap_f1": _round(_f1(self.overlap_a, self.total_a, self.overlap_b, self.total_b)),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# -- reading the versions --------------------------------------------------------


@dataclass(slots=True)
class _Quote:
    contents: list[Labelled] = field(default_factory=list)
    sources: list[Bounds] = field(default_factory=list)


@dataclass(slots=True)
class _Version:
    """One annotator's live spans of one article, by layer."""

    spans: dict[str, list[Labelled]]
    quotes: list[_Quote]


def _version(spans: Iterable[Span]) -> _Version:
    by_layer: dict[str, list[Labelled]] = {layer: [] for layer in LAYERS}
    quotes: dict[int, _Quote] = {}
    for span in spans:
        if not span.is_live:
            continue
        if span.layer == QUOTE:
            quote = quotes.setdefault(span.quote_id or -1, _Quote())
            if span.role == CONTENT:
                quote.contents.append((span.label, span.start, span.end))
                by_layer[QUOTE].append((span.label, span.start, span.end))
            elif span.role == SOURCE:
                quote.sources.append((span.start, span.end))
        else:
            by_layer[span.layer].append((span.label, span.start, span.end))
    return _Version(by_layer, [q for q in quotes.values() if q.contents])


def _tags(tokens: _Sorted, spans: Sequence[Labelled], binary: bool) -> list[str]:
    tags = [OUTSIDE] * len(tokens.ranges)
    for label, s, e in spans:
        for i in tokens.overlapping((s, e)):
            tags[i] = INSIDE if binary else label
    return tags


def _attribution(a: Sequence[_Quote], b: Sequence[_Quote]) -> tuple[int, int]:
    """(a's quotes whose content some b quote overlaps, those of them with the same source)."""
    content = attributed = 0
    for qa in a:
        hits = [qb for qb in b if any(_touch(x, y) for x in qa.contents for y in qb.contents)]
        if not hits:
            continue
        content += 1
        if any(_same_source(qa, qb) for qb in hits):
            attributed += 1
    return content, attributed


def _touch(x: Labelled, y: Labelled) -> bool:
    return x[1] < y[2] and y[1] < x[2]


def _same_source(qa: _Quote, qb: _Quote) -> bool:
    if not qa.sources and not qb.sources:
        return True
    return any(s[0] < t[1] and t[0] < s[1] for s in qa.sources for t in qb.sources)


# -- the report -------------------------------------------------------------------


def agreement(
    store: Any, *, layer: str | None = None, annotators: Sequence[str] | None = None
) -> dict[str, Any]:
    """Agreement over the articles two or more of ``annotators`` (default: all but
    reviewers) marked ``done``; the shape is documented in docs/teams.md."""
    layers = LAYERS if layer is None else (layer,)
    if layer is not None and layer not in LAYERS:
        raise AgreementError(f"unknown layer {layer!r} (expected one of {', '.join(LAYERS)})")
    known = store.annotators()
    if annotators is not None:
        unknown = [n for n in annotators if n not in known]
        if unknown:
            raise AgreementError(
                f"no annotator named {unknown[0]!r} in {store.label} (known: {', '.join(known) or 'none'})"
            )
        if len(set(annotators)) < 2:
            raise AgreementError("agreement needs at least two annotators")
    done = {a: names for a, names in done_by(store, annotators=annotators).items() if len(names) >= 2}
    names = sorted({n for ns in done.values() for n in ns}) if annotators is None else sorted(set(annotators))
    index = {n: i for i, n in enumerate(names)}
    pairs = list(itertools.combinations(names, 2))
    result: dict[str, Any] = {"articles": len(done), "annotators": names, "layers": {}}

    # One pass over the articles: tokens, tags and span counts; texts are not kept.
    columns: list[int] = []  # per article: its token count
    tags: dict[str, dict[str, list[list[str]]]] = {ly: {n: [] for n in names} for ly in layers}
    present: list[set[str]] = []
    counts = {ly: {p: {"": _Counts()} for p in pairs} for ly in layers}
    # Per pair, quotes: content-matched, attributed (a side), the same (b side), quotes of a, of b.
    quote_pairs = {p: [0, 0, 0, 0, 0, 0] for p in pairs}
    per_article_pairs: dict[tuple[str, str], int] = dict.fromkeys(pairs, 0)
    spans_of = {ly: dict.fromkeys(names, 0) for ly in layers}
    labels_of: dict[str, set[str]] = {ly: set() for ly in layers}
    for article in store.iter_articles(sorted(done)):
        text = article.text
        tokens = _Sorted([(s, e) for s, e in token_offsets(text, article.lang) if not text[s:e].isspace()])
        columns.append(len(tokens.ranges))
        who = set(done[article.id])
        present.append(who)
        versions = {n: _version(store.spans_for(article.id, n)) for n in who}
        for ly in layers:
            for n in names:
                if n in who:
                    mine = versions[n].spans[ly]
                    spans_of[ly][n] += len(mine)
                    labels_of[ly].update(label for label, _, _ in mine)
                    tags[ly][n].append(_tags(tokens, mine, binary=ly == BOILERPLATE))
                else:
                    tags[ly][n].append([])
        for a, b in pairs:
            if a not in who or b not in who:
                continue
            per_article_pairs[(a, b)] += 1
            for ly in layers:
                va, vb = versions[a].spans[ly], versions[b].spans[ly]
                by_label = counts[ly][(a, b)]
                by_label[""].add(va, vb)
                for label in {x[0] for x in va} | {x[0] for x in vb}:
                    by_label.setdefault(label, _Counts()).add(
                        [x for x in va if x[0] == label], [x for x in vb if x[0] == label]
                    )
            if QUOTE in layers:
                ca, aa = _attribution(versions[a].quotes, versions[b].quotes)
                cb, ab = _attribution(versions[b].quotes, versions[a].quotes)
                found = [ca, aa, cb, ab, len(versions[a].quotes), len(versions[b].quotes)]
                quote_pairs[(a, b)] = [x + y for x, y in zip(quote_pairs[(a, b)], found, strict=True)]

    total_tokens = sum(columns)
    for ly in layers:
        entry = _layer_report(
            ly, names, index, pairs, tags[ly], present, columns, counts[ly], sorted(labels_of[ly])
        )
        entry["tokens"] = total_tokens
        entry["spans"] = spans_of[ly]
        for pair_entry in entry["pairs"]:
            pair = (pair_entry["annotators"][0], pair_entry["annotators"][1])
            pair_entry["articles"] = per_article_pairs[pair]
            if ly == QUOTE:
                ca, aa, cb, ab, qa, qb = quote_pairs[pair]
                pair_entry["content_f1"] = _round(_f1(ca, qa, cb, qb))
                pair_entry["attribution_f1"] = _round(_f1(aa, qa, ab, qb))
                pair_entry["source_agreement"] = _round((aa + ab) / (ca + cb) if ca + cb else None)
        entry["matrix"] = _matrix(names, entry["pairs"], ly)
        result["layers"][ly] = entry
    return result


def _layer_report(
    layer: str,
    names: list[str],
    index: dict[str, int],
    pairs: list[tuple[str, str]],
    tags: dict[str, list[list[str]]],
    present: list[set[str]],
    columns: list[int],
    counts: dict[tuple[str, str], dict[str, _Counts]],
    labels: list[str],
) -> dict[str, Any]:
    # Codes per token: 0 = O (or out), 1.. = labels; NaN where an annotator did not finish the article.
    values = [OUTSIDE, INSIDE] if layer == BOILERPLATE else [OUTSIDE, *labels]
    code = {v: i for i, v in enumerate(values)}
    total = sum(columns)
    data = np.full((len(names), total), np.nan)
    offset = 0
    for i, width in enumerate(columns):
        for name in present[i]:
            data[index[name], offset : offset + width] = [code[t] for t in tags[name][i]]
        offset += width
    report: dict[str, Any] = {"alpha": _round(krippendorff_alpha(data)), "labels": {}, "pairs": []}
    for label in labels:
        if layer == BOILERPLATE:  # tokens are in or out: no per-label alpha
            report["labels"][label] = {"alpha": None}
            continue
        binary = np.where(np.isnan(data), np.nan, (data == code[label]).astype(np.float64))
        report["labels"][label] = {"alpha": _round(krippendorff_alpha(binary))}
    for a, b in pairs:
        both = ~np.isnan(data[index[a]]) & ~np.isnan(data[index[b]])
        x = data[index[a]][both].astype(np.int64)
        y = data[index[b]][both].astype(np.int64)
        pair_counts = counts[(a, b)]
        entry: dict[str, Any] = {"annotators": [a, b], **pair_counts[""].figures()}
        entry["kappa"] = _round(_kappa_codes(x, y, len(values)))
        entry["labels"] = {}
        for label in labels:
            figures = pair_counts.get(label, _Counts()).figures()
            if layer != BOILERPLATE:
                figures["kappa"] = _round(
                    _kappa_codes((x == code[label]).astype(np.int64), (y == code[label]).astype(np.int64), 2)
                )
            entry["labels"][label] = figures
        report["pairs"].append(entry)
    return report


_MATRIX = ("exact_f1", "overlap_f1", "kappa")


def _matrix(names: list[str], pairs: list[dict[str, Any]], layer: str) -> dict[str, Any]:
    """metric -> annotator -> annotator -> value, both halves filled (for a heat map)."""
    metrics = (*_MATRIX, "attribution_f1") if layer == QUOTE else _MATRIX
    matrix: dict[str, Any] = {m: {a: dict.fromkeys(names) for a in names} for m in metrics}
    for entry in pairs:
        a, b = entry["annotators"]
        for m in metrics:
            matrix[m][a][b] = matrix[m][b][a] = entry.get(m)
    return matrix


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The text ``annotator agreement`` prints."""
    names = report["annotators"]
    lines = [
        f"agreement over {report['articles']} articles done by two or more annotators"
        + (f" ({', '.join(names)})" if names else "")
    ]
    if not report["articles"]:
        lines.append("nothing to compare: no article is done by two or more of these annotators")
        return lines
    for layer, entry in report["layers"].items():
        lines.append(f"{layer}: alpha {_shown(entry['alpha'])} over {entry['tokens']} tokens")
        for label, figures in entry["labels"].items():
            if figures.get("alpha") is not None:
                lines.append(f"  {label:<14} alpha {_shown(figures['alpha'])}")
        for pair in entry["pairs"]:
            a, b = pair["annotators"]
            extra = ""
            if layer == QUOTE:
                extra = (
                    f"  content F1 {_shown(pair['content_f1'])}"
                    f"  attribution F1 {_shown(pair['attribution_f1'])}"
                )
            lines.append(
                f"  {a} / {b}: {pair['articles']} articles  exact F1 {_shown(pair['exact_f1'])}"
                f"  overlap F1 {_shown(pair['overlap_f1'])}  kappa {_shown(pair['kappa'])}{extra}"
            )
    return lines


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"

"""Spans, the three layers, and the span algebra (overlap rules, snapping).

A span is ``text[start:end]`` of its article: Python ``str`` positions, end
exclusive, exactly what spaCy's ``Doc.char_span(start, end)`` takes.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

ENTITY = "entity"
QUOTE = "quote"
BOILERPLATE = "boilerplate"
LAYERS: tuple[str, ...] = (ENTITY, QUOTE, BOILERPLATE)

# Roles of the spans of one quote (source-cue-content, as PARC and citron).
CONTENT = "content"
CUE = "cue"
SOURCE = "source"
ROLES: tuple[str, ...] = (CONTENT, CUE, SOURCE)
# Cue and source spans carry these labels; content spans carry the quote type.
ROLE_LABELS = {CUE: "CUE", SOURCE: "SOURCE"}

MANUAL = "manual"
ACCEPTED = "accepted"
REJECTED = "rejected"
SUGGESTED_PREFIX = "suggested:"

# Characters trimmed from both ends of a new span (snap).
WHITESPACE = " \t\n\r\f\v\u00a0\u2028\u2029\u200b\ufeff"
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a"


class SpanError(ValueError):
    """A span that cannot exist: empty, outside the text, or breaking a rule."""


@dataclass(frozen=True, slots=True)
class Span:
    """One marked stretch of an article's text.

    ``quote_id`` and ``role`` are set on quote-layer spans only; ``entity_id``
    links a quote's source span to the entity span naming the speaker.
    """

    start: int
    end: int
    layer: str
    label: str
    annotator: str = ""
    origin: str = MANUAL
    role: str | None = None
    quote_id: int | None = None
    entity_id: int | None = None
    id: int | None = field(default=None, compare=False)
    article_id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise SpanError(f"span [{self.start}, {self.end}) is empty or negative")
        if self.layer not in LAYERS:
            raise SpanError(f"unknown layer {self.layer!r} (expected one of {', '.join(LAYERS)})")
        if not self.label:
            raise SpanError("a span needs a label")
        if self.layer == QUOTE:
            if self.role not in ROLES:
                raise SpanError(f"a quote span needs a role ({', '.join(ROLES)}), got {self.role!r}")
        elif self.role is not None or self.quote_id is not None:
            raise SpanError(f"only quote spans have a role or quote id, not {self.layer} spans")
        if self.entity_id is not None and self.role != SOURCE:
            raise SpanError("only a quote's source span links to an entity")

    @property
    def length(self) -> int:
        return self.end - self.start

    @property
    def is_suggestion(self) -> bool:
        return is_suggestion(self.origin)

    @property
    def is_live(self) -> bool:
        """Counts as annotation: marked or accepted by a person."""
        return self.origin in (MANUAL, ACCEPTED)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def with_(self, **changes: object) -> Span:
        return replace(self, **changes)  # type: ignore[arg-type]


def is_suggestion(origin: str) -> bool:
    return origin.startswith(SUGGESTED_PREFIX)


def overlaps(a: Span | tuple[int, int], b: Span | tuple[int, int]) -> bool:
    """True when the two half-open ranges share at least one character."""
    a_start, a_end = (a.start, a.end) if isinstance(a, Span) else a
    b_start, b_end = (b.start, b.end) if isinstance(b, Span) else b
    return a_start < b_end and b_start < a_end


def excludes_overlap(span: Span) -> bool:
    """Spans of this kind never overlap each other (within one annotator)."""
    if span.layer == QUOTE:
        return span.role == CONTENT
    return True


def conflicts(new: Span, existing: Iterable[Span]) -> list[Span]:
    """The live spans of ``existing`` that ``new`` may not overlap.

    Entities never overlap entities, quote contents never overlap quote
    contents, boilerplate never overlaps boilerplate; across layers anything
    may overlap. Suggestions and rejected spans are not annotation yet and
    block nothing; the span itself (same id) is ignored, so a relabel or a
    resize checks only against the others.
    """
    if not excludes_overlap(new):
        return []
    found = []
    for other in existing:
        if new.id is not None and other.id == new.id:
            continue
        if not other.is_live or other.layer != new.layer or other.annotator != new.annotator:
            continue
        if excludes_overlap(other) and overlaps(new, other):
            found.append(other)
    return found


def trim(text: str, start: int, end: int, *, chars: str = WHITESPACE) -> tuple[int, int]:
    """Move ``start`` right and ``end`` left past any of ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def is_word_char(char: str) -> bool:
    """A letter, digit or combining mark: what completing a word may add."""
    return unicodedata.category(char)[0] in "LNM"


def snap(
    text: str,
    start: int,
    end: int,
    tokens: Sequence[tuple[int, int]],
    *,
    trim_quotes: bool = False,
) -> tuple[int, int]:
    """Trim a selection and complete a word cut in half; never add anything else.

    Whitespace (and, with ``trim_quotes``, quote marks) is trimmed from both
    ends. An end that falls inside a word moves out to the word's edge, over
    letters, digits and combining marks only (``is_word_char``) and never past
    the token holding it: "Emman" grows to "Emmanuel", "Malmo" to "Malmö" when
    the diaeresis is a combining mark, but "Elysee" in "-Elysee" stays
    "Elysee" and a selection never swallows punctuation. ``tokens`` are the
    (start, end) offsets of the article's tokens in order (spaCy's tokenizer,
    computed outside the model); they bound the completion, so in a script
    without spaces (one token per character) nothing grows. The result may lie
    inside a token: the export splits tokens there (docs/export.md). A caller
    tells trimming or completion apart by comparing the result with the
    selection. Raises SpanError when nothing but whitespace is selected.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    chars = WHITESPACE + QUOTE_MARKS if trim_quotes else WHITESPACE
    start, end = trim(text, start, end, chars=chars)
    if start >= end:
        raise SpanError("the selection holds no text")
    if tokens:
        starts = [s for s, _ in tokens]
        # Token holding the first selected character: grow left inside it.
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and tokens[i][0] <= start < tokens[i][1] and is_word_char(text[start]):
            while start > tokens[i][0] and is_word_char(text[start - 1]):
                start -= 1
        # Token holding the last selected character: grow right inside it.
        j = bisect.bisect_right(starts, end - 1) - 1
        if j >= 0 and tokens[j][0] <= end - 1 < tokens[j][1] and is_word_char(text[end - 1]):
            while end < tokens[j][1] and is_word_char(text[end]):
                end += 1
    return start, end


def is_aligned(start: int, end: int, tokens: Sequence[tuple[int, int]]) -> bool:
    """True when [start, end) begins at a token start and ends at a token end."""
    starts = {s for s, _ in tokens}
    ends = {e for _, e in tokens}
    return start in starts and end in ends

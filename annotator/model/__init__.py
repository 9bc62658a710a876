"""The annotation model: articles, spans, quotes, labels and the span algebra.

Plain dataclasses and functions, standard library only: no Qt, no SQL, no spaCy
(a tokenizer is passed in as token offsets, never imported here).
"""

from annotator.model.article import Article, Status, text_hash
from annotator.model.labels import Label, LabelSchema
from annotator.model.spans import (
    ACCEPTED,
    BOILERPLATE,
    CONTENT,
    CUE,
    ENTITY,
    LAYERS,
    MANUAL,
    QUOTE,
    REJECTED,
    ROLES,
    SOURCE,
    Span,
    SpanError,
    conflicts,
    is_suggestion,
    overlaps,
    snap,
    trim,
)

__all__ = [
    "ACCEPTED",
    "Article",
    "BOILERPLATE",
    "CONTENT",
    "CUE",
    "ENTITY",
    "LAYERS",
    "Label",
    "LabelSchema",
    "MANUAL",
    "QUOTE",
    "REJECTED",
    "ROLES",
    "SOURCE",
    "Span",
    "SpanError",
    "Status",
    "conflicts",
    "is_suggestion",
    "overlaps",
    "snap",
    "text_hash",
    "trim",
]

"""Token offsets from spaCy's rule-based tokenizer (no trained pipeline needed).

The model's ``snap`` takes token offsets; this module is where they come from.
spaCy is imported on first use only (about a second), never at module import.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=8)
def blank(lang: str = "en") -> Any:
    """A cached ``spacy.blank(lang)`` pipeline (tokenizer only)."""
    import spacy

    return spacy.blank(lang)


def token_offsets(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """(start, end) of every token, whitespace tokens included, in order."""
    doc = blank(lang).make_doc(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc]

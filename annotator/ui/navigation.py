"""Where the moving keys go: find, paragraphs, occurrences, a source's head noun.

Pure functions over the article text in Python offsets (no Qt), so they are
unit-tested without a window (``tests/unit/ui/test_navigation_logic.py``);
``annotator.ui.quick_keys`` turns their answers into carets and selections.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from annotator.ui.offsets import LINE_BREAKS

Range = tuple[int, int]

# Words a noun phrase continues with after its head ("an adviser TO Macron").
_AFTER_HEAD = frozenset(
    ["to", "of", "for", "at", "in", "from", "with", "on", "by", "and", "or", "who", "which", "that"]
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def find(text: str, needle: str, start: int, *, backward: bool = False, wrap: bool = True) -> Range | None:
    """The next match of ``needle`` at or after ``start`` (before it when ``backward``).

    Case-insensitive, as a browser's find; wraps around the text's end.
    """
    if not needle:
        return None
    hay, key = text.casefold(), needle.casefold()
    if len(hay) != len(text):  # a few characters casefold to two ("ß"): offsets must stay exact
        hay, key = text.lower(), needle.lower()
        if len(hay) != len(text):
            hay, key = text, needle
    if backward:
        at = hay.rfind(key, 0, max(0, start))
        if at < 0 and wrap:
            at = hay.rfind(key)
    else:
        at = hay.find(key, max(0, start))
        if at < 0 and wrap:
            at = hay.find(key)
    return (at, at + len(needle)) if at >= 0 else None


def count_matches(text: str, needle: str, match: Range) -> tuple[int, int]:
    """(which, of how many) case-insensitive matches ``match`` is, for the status bar."""
    if not needle:
        return (0, 0)
    found = [m.start() for m in re.finditer(re.escape(needle), text, re.IGNORECASE)]
    which = next((i + 1 for i, at in enumerate(found) if at == match[0]), 0)
    return (which, len(found))


def occurrences(text: str, needle: str) -> list[Range]:
    """Every whole-word, case-sensitive occurrence of ``needle`` in ``text``."""
    if not needle.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def unmarked(found: Iterable[Range], marked: Sequence[Range]) -> list[Range]:
    """The ranges of ``found`` that overlap none of ``marked``."""
    return [r for r in found if not any(r[0] < m[1] and m[0] < r[1] for m in marked)]


def next_unmarked(
    text: str, needle: str, after: int, marked: Sequence[Range], *, backward: bool = False
) -> Range | None:
    """The next (previous) whole-word occurrence of ``needle`` overlapping no ``marked`` range, wrapping."""
    free = unmarked(occurrences(text, needle), marked)
    if not free:
        return None
    if backward:
        earlier = [r for r in free if r[0] < after]
        return earlier[-1] if earlier else free[-1]
    later = [r for r in free if r[0] >= after]
    return later[0] if later else free[0]


_BREAK = re.compile("\r\n|[" + re.escape(LINE_BREAKS) + "]")


def _lines(text: str) -> list[Range]:
    """(start, end) of every line, broken where the view breaks them ("\r\n" is one break)."""
    out, start = [], 0
    for m in _BREAK.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph's first word is: a paragraph is a run of non-blank lines."""
    starts, blank_before = [], True
    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            blank_before = True
            continue
        if blank_before:
            starts.append(start + len(line) - len(line.lstrip()))
        blank_before = False
    return starts


def paragraph(text: str, caret: int, step: int) -> int | None:
    """The caret's place after a paragraph jump: the next paragraph's first word
    (``step`` > 0) or this paragraph's first word, or the previous one's when the
    caret is there already (``step`` < 0). None at either end."""
    starts = paragraph_starts(text)
    if step > 0:
        return next((s for s in starts if s > caret), None)
    return next((s for s in reversed(starts) if s < caret), None)


def head_noun(phrase: str) -> str:
    """The head noun of a source as written, lower-cased: "an adviser to Macron" -> "adviser"."""
    words = []
    for match in _WORD.finditer(phrase):
        word = match.group()
        if word.lower() in _AFTER_HEAD:
            break
        words.append(word)
    return words[-1].lower().rstrip("'’") if words else ""

"""Pairing quotation marks: which marks open and close a quote, per paragraph.

Marks are paired per paragraph (a non-empty line) with a stack, so nested
quotes stay inside the outer one and apostrophes (don't, Ukraine's, '90s,
the migrants’ camp when a later closing mark fits better) open and close
nothing. A quote still open at its paragraph's end is returned unclosed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

DOUBLE, SINGLE, GUILLEMET = "double", "single", "guillemet"
_INVISIBLE = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines: in scraped plain text a line is a paragraph."""
    spans, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    return spans


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, i: int, start: int, end: int, open_kinds: list[str]) -> tuple[str, str] | None:
    """('open'|'close', kind) for the mark at ``i``, or None for an apostrophe / stray mark."""
    ch = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    # Invisible direction marks (U+200E/F, U+202A-E) count as the space they stand beside.
    before = " " if before in _INVISIBLE else before
    after = " " if after in _INVISIBLE else after
    space_before = before.isspace() or before in "([{—–-/" or before in "\"“„«‘'"
    space_after = after.isspace() or after in ".,;:!?)]}—–-" or after in "\"”»’'"
    if ch in "„«":
        return ("open", GUILLEMET if ch == "«" else DOUBLE)
    if ch == "»":
        return ("close", GUILLEMET)
    if ch == "“":
        # German „...“ closes with this mark.
        if open_kinds and open_kinds[-1] == "low" and not space_before:
            return ("close", DOUBLE)
        if DOUBLE in open_kinds and not space_before and space_after:
            return ("close", DOUBLE)  # the wrong-way closer: “It's unusual,“ said ...
        return ("open", DOUBLE)
    if ch == "”":
        if DOUBLE not in open_kinds and space_before and not space_after and after.isalnum():
            return ("open", DOUBLE)  # the wrong-way opener: ”Sorry, ...” posted ...
        return ("close", DOUBLE)
    if ch == '"':
        if after == "“" and space_before:
            return None  # '"“...”': a doubled opening mark, the curly one opens
        if DOUBLE in open_kinds and not space_before:
            return ("close", DOUBLE)
        lead = text[i + 1 : min(i + 4, end)]
        # '".@Sanders voted ..."', '". . . I want ..."': a handle or an ellipsis first.
        handle = lead.startswith((".@", "…")) or lead in (". .", "...")
        if space_before and DOUBLE not in open_kinds and handle:
            return ("open", DOUBLE)
        if not space_after and (space_before or DOUBLE not in open_kinds):
            return ("open", DOUBLE)
        if DOUBLE in open_kinds:
            return ("close", DOUBLE)
        return None
    if ch in "‘’'":
        if _is_word(before) and _is_word(after):
            return None  # don't, Ukraine's, rock'n'roll
        if ch in "‘'" and space_before and not after.isspace():
            if after.isdigit():
                return None  # '90s, ’05
            return ("open", SINGLE)
        if ch in "’'" and SINGLE in open_kinds and not before.isspace() and space_after:
            return ("close", SINGLE)
    return None


@lru_cache(maxsize=4)
def _pairs(text: str) -> list[tuple[int, int, int, int, bool]]:
    """Top-level quotation pairs: (para_index, open_pos, close_pos, kind_index, closed).

    An unclosed top-level quote at a paragraph end is returned with
    ``closed=False`` and ``close_pos`` = the paragraph end. Kept for the last few texts (the
    direct quotes and the fragments closed over a sentence end both read them): callers must
    not change the list.
    """
    found = []
    kinds = (DOUBLE, SINGLE, GUILLEMET)
    for p, (start, end) in enumerate(_paragraphs(text)):
        stack: list[tuple[str, int, str]] = []  # (kind, position, mark)
        candidates = [i for i in range(start, end) if text[i] in "\"“”„«»‘’'"]
        for n, i in enumerate(candidates):
            open_kinds = ["low" if m == "„" else k for k, _, m in stack]
            got = _classify(text, i, start, end, open_kinds)
            if got is None:
                continue
            what, kind = got
            if (
                what == "close"
                and kind == SINGLE
                and text[i - 1] in "sS"
                and _later_single_close(text, candidates[n + 1 :], end)
            ):
                continue  # the migrants’ camp: a plural possessive, a better closer follows
            if what == "open":
                stack.append((kind, i, text[i]))
                continue
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == kind:
                    if depth == 0:
                        found.append((p, stack[0][1], i, kinds.index(kind), True))
                    del stack[depth:]
                    break
        if stack:
            found.append((p, stack[0][1], end, kinds.index(stack[0][0]), False))
    return found


def _later_single_close(text: str, later: Sequence[int], end: int) -> bool:
    for j in later:
        if text[j] in "’'" and text[j - 1] in ",.!?" and (j + 1 >= end or not _is_word(text[j + 1])):
            return True
    return False

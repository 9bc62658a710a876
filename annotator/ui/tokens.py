"""Token offsets for snapping, with spaCy loaded off the start-up path.

Importing spaCy takes about a second, so the window starts without it and
``TokenSource.warm_up()`` loads it in a background thread once the window is
shown. Asking for tokens before that finishes simply waits for the import
(Python's import lock), so a mark made in the first second is still snapped.
"""

from __future__ import annotations

import sys
import threading
from bisect import bisect_right
from collections import OrderedDict


class TokenSource:
    """Token offsets per article, computed once and kept for recent articles."""

    def __init__(self, *, keep: int = 16) -> None:
        self._cache: OrderedDict[int, list[tuple[int, int]]] = OrderedDict()
        self._starts: dict[int, list[int]] = {}
        self._keep = keep
        self._thread: threading.Thread | None = None

    def warm_up(self, lang: str = "en") -> None:
        """Import spaCy and build the blank tokenizer in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._load, args=(lang,), name="spacy-warm-up", daemon=True
            )
            self._thread.start()

    def ready_for(self, article_id: int) -> bool:
        """True when this article's tokens come without waiting for spaCy's import."""
        if article_id in self._cache:
            return True
        loading = self._thread is not None and self._thread.is_alive()
        return not loading and "spacy" in sys.modules

    @staticmethod
    def _load(lang: str) -> None:
        from annotator.formats.tokens import blank

        blank(lang)

    def offsets(self, article_id: int, text: str, lang: str = "en") -> list[tuple[int, int]]:
        if article_id in self._cache:
            self._cache.move_to_end(article_id)
            return self._cache[article_id]
        from annotator.formats.tokens import token_offsets

        tokens = token_offsets(text, lang or "en")
        self._cache[article_id] = tokens
        self._starts[article_id] = [s for s, _ in tokens]
        while len(self._cache) > self._keep:
            gone, _ = self._cache.popitem(last=False)
            self._starts.pop(gone, None)
        return tokens

    def around(self, article_id: int, text: str, lang: str, start: int, end: int) -> list[tuple[int, int]]:
        """The tokens from the one holding ``start`` to the one after ``end``.

        ``snap`` looks only at the tokens holding the ends of a selection; handing
        it this window keeps a mark on a 150,000-character article from copying
        tens of thousands of token offsets on every key press.
        """
        tokens = self.offsets(article_id, text, lang)
        starts = self._starts[article_id]
        low = max(0, bisect_right(starts, min(start, end)) - 1)
        high = bisect_right(starts, max(start, end)) + 1
        return tokens[low:high]

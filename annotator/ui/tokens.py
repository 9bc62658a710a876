"""Token offsets for snapping, with spaCy loaded off the start-up path.

Importing spaCy takes about a second, so the window starts without it and
``TokenSource.warm_up()`` loads it in a background thread once the window is
shown. Asking for tokens before that finishes simply waits for the import
(Python's import lock), so a mark made in the first second is still snapped.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class TokenSource:
    """Token offsets per article, computed once and kept for recent articles."""

    def __init__(self, *, keep: int = 16) -> None:
        self._cache: OrderedDict[int, list[tuple[int, int]]] = OrderedDict()
        self._keep = keep
        self._thread: threading.Thread | None = None

    def warm_up(self, lang: str = "en") -> None:
        """Import spaCy and build the blank tokenizer in a daemon thread."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._load, args=(lang,), name="spacy-warm-up", daemon=True
            )
            self._thread.start()

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
        while len(self._cache) > self._keep:
            self._cache.popitem(last=False)
        return tokens

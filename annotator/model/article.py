"""Articles and their per-annotator status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TODO = "todo"
IN_PROGRESS = "in_progress"
DONE = "done"
SKIPPED = "skipped"
FLAGGED = "flagged"


class Status:
    """The statuses an article can have for one annotator."""

    TODO = TODO
    IN_PROGRESS = IN_PROGRESS
    DONE = DONE
    SKIPPED = SKIPPED
    FLAGGED = FLAGGED
    ALL: tuple[str, ...] = (TODO, IN_PROGRESS, DONE, SKIPPED, FLAGGED)


def normalise_newlines(text: str) -> str:
    """The only change made to a text on import: ``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_hash(text: str) -> str:
    """Deduplication key of an article: SHA-1 of its (normalised) text."""
    import hashlib  # here, not at the top: OpenSSL costs the window's cold start ~5 ms

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """A text to annotate. Its text never changes after import."""

    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    lang: str = "en"
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    id: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            raise ValueError("an article needs some text")

    @property
    def hash(self) -> str:
        return text_hash(self.text)

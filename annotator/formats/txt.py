"""Plain text: one file, one article, text kept exactly as saved (boilerplate included)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from annotator.formats.reader import Item, Record, read_text

# Lines a scraped page starts with that are navigation, not the headline.
_MENU_WORDS = re.compile(
    r"\b(left menu|right menu|main menu|menu|home|navigation|skip to (main )?content|sign in|log ?in|"
    r"sign up|subscribe|search|cookies?|advertisement|share)\b",
    re.IGNORECASE,
)
_MIN_TITLE_CHARS = 12
_TITLE_SEARCH_LINES = 30


def title_of(text: str, fallback: str) -> str:
    """The first meaningful line: a few words of prose, not a menu entry; else ``fallback``.

    A line counts when it has at least three words and twelve characters and
    no menu word; a short menu-ish line ("Home", "Left Menu", "date ... Left
    Menu") is passed over.
    """
    # Only the top of the text is searched: no need to split a long article.
    for line in text.split("\n", _TITLE_SEARCH_LINES)[:_TITLE_SEARCH_LINES]:
        line = " ".join(line.split())
        if len(line) < _MIN_TITLE_CHARS or len(line.split()) < 3:
            continue
        if _MENU_WORDS.search(line) and len(line.split()) <= 8:
            continue
        return line[:300]
    return fallback


@lru_cache(maxsize=64)
def _folder_name(folder: Path) -> str:
    # Resolved once per folder ("." names no folder): resolving every file cost
    # more than reading it.
    return folder.resolve().name


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    text = read_text(path, encoding=encoding)
    # A text file names no source; the folder it was saved in is the best guess
    # (scrapes are kept a folder per site), and it lets the boilerplate suggester
    # find blocks repeated across the files of one folder.
    source = _folder_name(path.parent)
    yield Record(
        where=str(path), text=text, title=title_of(text, path.stem), source=source, meta={"file": path.name}
    )

"""The demo set (``datasets/demo``): where it is and how it gets into a database.

``datasets/`` is data beside the package in a source checkout (and in an
editable install); a wheel does not carry it, so ``demo_dir()`` may return
None and the window then offers nothing. ``ANNOTATOR_DEMO_DIR`` points
elsewhere. No Qt here.
"""

from __future__ import annotations

import os
from pathlib import Path

import annotator
from annotator.model import Article
from annotator.model.article import normalise_newlines
from annotator.store import Store


def demo_dir() -> Path | None:
    """The demo folder, or None when this installation has none."""
    candidates = []
    if os.environ.get("ANNOTATOR_DEMO_DIR"):
        candidates.append(Path(os.environ["ANNOTATOR_DEMO_DIR"]))
    # The package's parent is the repository root in a checkout or editable install.
    package_root = Path(next(iter(annotator.__path__))).resolve().parent
    candidates.append(package_root / "datasets" / "demo")
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


def demo_files(folder: Path) -> list[Path]:
    """The articles of the demo: the seed text first, then the HTML pages."""
    return sorted(folder.glob("*.txt")) + sorted(folder.glob("*.html"))


def load_demo(store: Store, *, annotator: str, folder: Path | None = None) -> int:
    """Import the demo articles (all or nothing); returns how many were added."""
    folder = folder or demo_dir()
    if folder is None:
        raise FileNotFoundError("this installation has no demo set (datasets/demo)")
    files = demo_files(folder)
    try:
        from annotator.formats.importing import import_paths
    except ImportError:
        return _load_txt(store, [f for f in files if f.suffix == ".txt"], annotator=annotator)
    return import_paths(store, files, annotator=annotator).added


def _load_txt(store: Store, files: list[Path], *, annotator: str) -> int:
    """Stand-in until the importers are merged: each .txt file is one article."""
    articles = []
    for file in files:
        text = normalise_newlines(file.read_text(encoding="utf-8"))
        lines = [line.strip() for line in text.splitlines() if len(line.split()) >= 6]
        articles.append(Article(text=text, title=lines[0] if lines else file.stem, source=file.name))
    store.ensure_annotator(annotator)
    return store.add_articles(articles, annotator=annotator).added

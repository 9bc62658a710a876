"""``python -m annotator.ui.screenshots OUT_DIR``: the README's screenshots.

Builds a temporary database from ``datasets/demo`` (through the importer and
the store, as a user would), marks the seed article with all three layers
(entities, a quote with its cue and linked source, boilerplate blocks, one
entity suggestion still waiting), opens the real main window offscreen, marks
a word on another article with the caret left inside it (as an annotator
does) and then opens the seed article, so the pictures show it carries no
format but its own; saves ``screenshot-light.png`` and ``screenshot-dark.png``
into OUT_DIR.
``make screenshots`` runs it on ``docs/``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.model import BOILERPLATE, CONTENT, CUE, ENTITY, QUOTE, SOURCE, Span
from annotator.store import Store

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

ANNOTATOR = "demo"
SEED = "seed-devdiscourse-article.txt"
SIZE = (1360, 820)

# (phrase, label, which occurrence) on the seed article.
ENTITIES = [
    ("Macron", "PERSON", 0),
    ("Putin", "PERSON", 0),
    ("Belarus", "GPE", 0),
    ("Vladimir Putin", "PERSON", 0),
    ("Ukraine", "GPE", 0),
    ("NATO", "ORG", 0),
    ("Russian", "NORP", 0),
    ("French", "NORP", 0),
    ("Emmanuel Macron", "PERSON", 0),
    ("Russian", "NORP", 1),
    ("Monday", "DATE", 0),
    ("European Union", "ORG", 0),
    ("last year", "DATE", 0),
    ("Alexander Lukashenko", "PERSON", 0),
    ("Iraq", "GPE", 0),
    ("Afghanistan", "GPE", 0),
]
SUGGESTED = [("Lithuania", "GPE", 0), ("Latvia", "GPE", 0), ("Poland", "GPE", 0)]
# (content start, content end, quote type, source, cue): quote marks stay
# outside the content, as the quote rules mark it.
QUOTES = [
    ("On the migration issue", "being instrumentalised", "DIRECT", "the adviser", "said"),
    ("French President Emmanuel", "origins of the crisis", "INDIRECT", "a French official", "said"),
]
BOILERPLATE_LINES = [(" date 2021-11-16 Left Menu", "NAV"), ("Reuters | Updated:", "CREDIT")]


def _find(text: str, phrase: str, nth: int = 0, start: int = 0) -> tuple[int, int]:
    at = start - 1
    for _ in range(nth + 1):
        at = text.find(phrase, at + 1)
        if at < 0:
            raise LookupError(f"{SEED}: {phrase!r} (occurrence {nth + 1}) not found; update screenshots.py")
    return at, at + len(phrase)


def _line(text: str, prefix: str) -> tuple[int, int]:
    start, _ = _find(text, prefix)
    end = text.find("\n", start)
    start += len(prefix) - len(prefix.lstrip())
    return start, end if end >= 0 else len(text)


def demo_folder() -> Path:
    root = Path(__file__).resolve().parents[2] / "datasets" / "demo"
    if not (root / SEED).is_file():
        raise FileNotFoundError(f"{root / SEED}: the demo set is missing (run from a source checkout)")
    return root


def build_database(path: Path) -> int:
    """Import the demo set and mark the seed article; returns its article id."""
    from annotator.formats.importing import import_paths

    with Store(path) as store:
        import_paths(store, [demo_folder()], annotator=ANNOTATOR)
        text = (demo_folder() / SEED).read_text(encoding="utf-8").replace("\r\n", "\n")
        seed = next(a for a in store.iter_articles() if a.text == text)
        assert seed.id is not None
        mark_seed(store, seed.id, seed.text)
        return seed.id


def mark_seed(store: Store, article_id: int, text: str) -> None:
    def add(start: int, end: int, layer: str, label: str, **extra: object) -> Span:
        return store.add_span(article_id, Span(start, end, layer, label, annotator=ANNOTATOR, **extra))

    for phrase, label, nth in ENTITIES:
        add(*_find(text, phrase, nth), ENTITY, label)
    for prefix, label in BOILERPLATE_LINES:
        add(*_line(text, prefix), BOILERPLATE, label)
    for first, last, kind, source, cue in QUOTES:
        begin, _ = _find(text, first)
        _, finish = _find(text, last, start=begin)
        content = add(begin, finish, QUOTE, kind, role=CONTENT)
        source_start, source_end = _find(text, source, start=finish)
        add(source_start, source_end, QUOTE, "SOURCE", role=SOURCE, quote_id=content.quote_id)
        add(*_find(text, cue, start=source_end), QUOTE, "CUE", role=CUE, quote_id=content.quote_id)
    suggestions = [
        Span(*_find(text, phrase, nth), ENTITY, label, annotator=ANNOTATOR, origin="suggested:patterns")
        for phrase, label, nth in SUGGESTED
    ]
    store.add_suggestions(article_id, suggestions, annotator=ANNOTATOR)


def mark_at_the_caret(window: MainWindow, seed_id: int) -> None:
    """Mark a word on another article with the caret left inside the new span, as an
    annotator does, before the seed article is opened: the screenshots show that
    the next article carries no format but its own spans' (issue 10.1)."""
    article_id = next((a.id for a in window.store.iter_articles() if a.id != seed_id), None)
    if article_id is None:
        return
    window.open_article(article_id)
    text = window.editor.article.text if window.editor.article else ""
    word = next((w for w in text.split() if w.isalpha() and w[:1].isupper() and len(w) > 3), None)
    if word is None:
        return
    start = text.index(word)
    window.view.set_selection(start, start + len(word))  # the caret ends inside the span
    window.editor.apply_label("ORG")


def take(out_dir: Path) -> list[Path]:
    """Save the light and dark screenshots; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="annotator-screens-") as tmp:
        # The window restores layout from QSettings: start from nothing.
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        db = Path(tmp) / "screens.db"
        article_id = build_database(db)

        from annotator.ui.qt import QtWidgets

        try:
            from annotator.ui.main_window import MainWindow
        except ImportError as exc:
            raise RuntimeError(f"the main window is not available yet ({exc})") from None
        from annotator.ui.theme import DARK, LIGHT, ThemeManager

        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
        themes = ThemeManager()
        store = Store(db)
        window = MainWindow(store=store, annotator=ANNOTATOR)
        window.resize(*SIZE)
        window.show()
        themes.theme_changed.connect(window.view.restyle)
        mark_at_the_caret(window, article_id)
        saved = []
        try:
            for theme in (LIGHT, DARK):
                themes.set_mode(theme)
                window.open_article(article_id)
                for _ in range(5):  # layout, then the view's own deferred painting
                    app.processEvents()
                path = out_dir / f"screenshot-{theme}.png"
                if not window.grab().save(str(path)):
                    raise OSError(f"{path}: could not be written")
                saved.append(path)
        finally:
            window.close()
            store.close()
    return saved


def run(argv: list[str], module: str, take_all: Callable[[Path], list[Path]]) -> int:
    """``python -m MODULE OUT_DIR``: the screenshots ``take_all`` makes, one path a line."""
    if len(argv) != 1:
        print(f"usage: python -m {module} OUT_DIR", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        for path in take_all(Path(argv[0])):
            print(path)
    except (OSError, LookupError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str]) -> int:
    return run(argv, "annotator.ui.screenshots", take)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

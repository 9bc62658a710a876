"""``python -m annotator.ui.screenshots_team OUT_DIR``: the Review mode and Team view screenshots.

The demo's seed article, finished by alice, bob and carol (three versions
that mostly agree: the marks of ``annotator.ui.screenshots`` with a few
differences each), reviewed by rita: the window in Review mode with a
disagreement selected (``screenshot-review.png``) and the Team view
(``screenshot-team.png``). Offscreen, on a temporary database.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from annotator.model import ENTITY, Span
from annotator.store import Store
from annotator.ui.screenshots import ENTITIES, SEED, SIZE, _find, demo_folder, run

REVIEWER = "rita"
# Per annotator: (phrase, occurrence) left out, and (phrase, label, occurrence) marked differently.
CHANGES: dict[str, tuple[list[tuple[str, int]], list[tuple[str, str, int]]]] = {
    "alice": ([("last year", 0)], [("Lithuania", "GPE", 0)]),
    "bob": ([("Iraq", 0)], [("NATO", "NORP", 0), ("Lithuania", "GPE", 0), ("Belarus", "LOC", 0)]),
    "carol": ([("Afghanistan", 0), ("Monday", 0)], [("Belarus", "LOC", 0), ("European Union", "GPE", 0)]),
}


def build_database(path: Path) -> int:
    """The demo set, the seed article in three versions (done); returns its id."""
    from annotator.formats.importing import import_paths
    from annotator.store.packs import put_version
    from annotator.store.teams import assign

    with Store(path) as store:
        import_paths(store, [demo_folder()], annotator="import")
        text = (demo_folder() / SEED).read_text(encoding="utf-8").replace("\r\n", "\n")
        seed = next(a for a in store.iter_articles() if a.text == text)
        assert seed.id is not None
        assign(store, annotators=list(CHANGES), overlap=3, articles=["all"])
        for name, (left_out, changed) in CHANGES.items():
            relabel = {(phrase, nth): label for phrase, label, nth in changed}
            spans = [
                Span(*_find(text, phrase, nth), ENTITY, relabel.get((phrase, nth), label))
                for phrase, label, nth in ENTITIES
                if (phrase, nth) not in left_out
            ]
            spans += [
                Span(*_find(text, phrase, nth), ENTITY, label)
                for phrase, label, nth in changed
                if (phrase, label, nth) not in ENTITIES
                and (phrase, nth) not in {(p, n) for p, _, n in ENTITIES}
            ]
            put_version(store, seed.id, name, spans, status="done")
        return seed.id


def take(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="annotator-screens-") as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        db = Path(tmp) / "team.db"
        build_database(db)

        from annotator.ui.main_window import MainWindow
        from annotator.ui.qt import QtWidgets
        from annotator.ui.team_view import TeamDialog, team_figures
        from annotator.ui.theme import LIGHT, ThemeManager

        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
        themes = ThemeManager()
        themes.set_mode(LIGHT)
        store = Store(db)
        window = MainWindow(store=store, annotator=REVIEWER)
        window.resize(SIZE[0], SIZE[1] + 160)
        window.show()
        themes.theme_changed.connect(window.view.restyle)
        saved = []
        try:
            window.enter_review()
            review = window.review
            assert review is not None
            review.walk(1)
            review.refuse()  # Belarus as GPE (1/3) refused; LOC (2/3) selected next
            for _ in range(5):
                app.processEvents()
            path = out_dir / "screenshot-review.png"
            window.grab().save(str(path))
            saved.append(path)
            dialog = TeamDialog(team_figures(store), parent=window)
            dialog.show()
            for _ in range(5):
                app.processEvents()
            path = out_dir / "screenshot-team.png"
            if not dialog.grab().save(str(path)):
                raise OSError(f"{path}: could not be written")
            saved.append(path)
            dialog.close()
        finally:
            window.close()
            store.close()
    return saved


def main(argv: list[str]) -> int:
    return run(argv, "annotator.ui.screenshots_team", take)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``annotator open`` without typer: which command lines take the fast way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.ui.launch import parse_open


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["open"], (None, None, False, False)),
        (["open", "a.db"], (Path("a.db"), None, False, False)),
        (["open", "a.db", "--annotator", "kim", "--demo"], (Path("a.db"), "kim", True, False)),
        (["open", "-a", "kim", "a.db"], (Path("a.db"), "kim", False, False)),
        (["open", "--annotator=kim"], (None, "kim", False, False)),
        (
            ["open", "--demo", "-a", "x", "-a", "y"],
            (None, "y", True, False),
        ),  # the last one wins, as in click
        (["open", "a.db", "--review", "-a", "rita"], (Path("a.db"), "rita", False, True)),  # issue 12
        # A server's URL is kept as it is: a Path would fold its "//" (issue 13).
        (
            ["open", "postgresql://alice@db.newsroom/corpus?sslmode=require", "-a", "alice"],
            ("postgresql://alice@db.newsroom/corpus?sslmode=require", "alice", False, False),
        ),
    ],
)
def test_plain_open_command_lines_are_read(argv, expected) -> None:
    assert parse_open(argv) == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["import", "a.db"],
        ["open", "--help"],
        ["open", "-h"],
        ["open", "a.db", "b.db"],
        ["open", "--annotator"],
        ["open", "-akim"],
        ["open", "--", "a.db"],
        ["open", "--demo=yes"],
        ["--version", "open"],
    ],
)
def test_anything_else_is_left_to_typer(argv) -> None:
    assert parse_open(argv) is None


def test_a_directory_is_left_to_typer(tmp_path) -> None:
    assert parse_open(["open", str(tmp_path)]) is None


def test_the_fast_way_loads_neither_typer_nor_pydantic_nor_qt() -> None:
    code = "import sys, annotator.ui.launch; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = {m.split(".")[0] for m in out.stdout.split()}
    assert not loaded & {"typer", "click", "pydantic", "PySide6", "spacy"}


@pytest.mark.parametrize("how", [["open"], ["stats"]])
def test_a_server_out_of_reach_is_one_line_before_any_window(how: list[str]) -> None:  # issue 13
    url = "postgresql://alice:pa55word@127.0.0.1:1/corpus"
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *how, url], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot reach the PostgreSQL server at 127.0.0.1: ")
    assert len(done.stderr.strip().splitlines()) == 1 and "pa55word" not in done.stderr


def test_the_ready_window_has_loaded_no_training_code_nor_spacy(tmp_path) -> None:
    """Start-up stays light: the window, ready with its panes, has not imported spaCy, the
    PostgreSQL driver or the training code (the Train dialogs import them when used)."""
    import os

    from annotator.model import Article
    from annotator.store import Store

    db = tmp_path / "p.db"
    with Store(db) as store:
        store.ensure_annotator("ann")
        store.add_articles([Article(text='"We will grow," Jane Smith said.')], annotator="ann")
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from PySide6.QtCore import QEventLoop\n"
        "from annotator.ui.app import application, open_window\n"
        "app = application()\n"
        "w = open_window(Path(sys.argv[1]), annotator='ann', offer_demo=False)\n"
        "app.processEvents()\n"
        "if not w.is_ready:\n"
        "    loop = QEventLoop(); w.ready.connect(loop.quit); loop.exec()\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(db)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=120,
    )
    loaded = set(out.stdout.split())
    assert "annotator.ui.main_window" in loaded
    assert not {m.split(".")[0] for m in loaded} & {"spacy", "thinc", "psycopg"}
    assert not loaded & {"annotator.assist.training", "annotator.assist.train_config"}

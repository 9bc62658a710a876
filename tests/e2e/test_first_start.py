"""``annotator open`` on a machine where it never ran: its data folder does not exist yet."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

# The window opens as `annotator open` opens it, and its event loop ends at once.
OPEN_AND_QUIT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from annotator.ui import app as app_module
    from annotator.ui.qt import QtCore

    app_module.DemoOffer.ask = classmethod(lambda cls, parent: False)
    qapp = app_module.application()
    QtCore.QTimer.singleShot(0, qapp.quit)
    sys.exit(app_module.run(Path(sys.argv[1]), annotator="ann"))
    """
)


def test_first_start_makes_the_data_folder_and_the_project(tmp_path: Path) -> None:
    db = tmp_path / "never-ran" / "annotator" / "annotations.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AND_QUIT, str(db)], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT name FROM annotators").fetchall() == [("ann",)]

"""``annotator open`` on a machine where it never ran: its data folder does not exist yet."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def test_first_start_makes_the_data_folder_and_the_project(qtbot, tmp_path, monkeypatch) -> None:
    from annotator.ui import app as app_module

    monkeypatch.setattr(app_module.DemoOffer, "ask", classmethod(lambda cls, parent: False))
    db = tmp_path / "never-ran" / "annotator" / "annotations.db"
    QTimer.singleShot(0, QApplication.instance().quit)  # closes the event loop once the window is up
    assert app_module.run(db, annotator="ann") == 0
    for window in QApplication.topLevelWidgets():
        window.close()
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT name FROM annotators").fetchall() == [("ann",)]

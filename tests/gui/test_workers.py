"""Long work runs in a worker thread behind a cancellable progress dialog."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from annotator.model import Article
from annotator.ui import workers
from annotator.ui.workers import Task, TaskDialog, in_own_store, run_task


@pytest.fixture
def window(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        workers.ErrorBox,
        "show",
        classmethod(lambda cls, parent, title, message: shown.append((title, message))),
    )
    return shown


def _every(ms: int, action) -> QTimer:
    timer = QTimer()
    timer.setInterval(ms)
    timer.timeout.connect(action)
    timer.start()
    return timer


def test_returns_the_result_and_reports_progress(window, errors):
    seen_labels: list[str] = []
    dialog_seen = threading.Event()

    def fn(progress, cancelled):
        for i in range(3):
            progress(i, 3, f"article {i}")
        # The work lasts until the GUI thread has seen its dialog (at most 5 s): a fast
        # worker on a loaded machine could otherwise end before the watch timer first fires.
        dialog_seen.wait(5)
        progress(3, 3, "done")
        return {"imported": 3}

    def watch():
        dialog = window.findChild(TaskDialog)
        if dialog is not None:
            seen_labels.append(dialog.labelText())
            dialog_seen.set()

    timer = _every(1, watch)
    assert run_task(window, "Import", fn) == {"imported": 3}
    timer.stop()
    assert errors == []
    assert seen_labels  # the dialog existed while the work ran


def test_the_window_keeps_handling_events_while_the_task_runs(window, errors):
    # fn can only finish when a timer fires in the GUI thread: a frozen GUI
    # thread would leave it waiting and the task would return False.
    gui_ticked = threading.Event()
    timer = _every(10, gui_ticked.set)

    def fn(progress, cancelled):
        return gui_ticked.wait(timeout=10)

    assert run_task(window, "Suggest", fn) is True
    timer.stop()


def test_fn_runs_outside_the_gui_thread(window, errors):
    assert (
        run_task(window, "Export", lambda progress, cancelled: threading.current_thread())
        is not threading.main_thread()
    )


def test_cancel_button_stops_the_task_and_returns_none(window, errors):
    checks: list[bool] = []

    def fn(progress, cancelled):
        done = 0
        stop = threading.Event()
        while not cancelled():
            progress(done, 1_000_000, f"article {done}")
            done += 1
            stop.wait(0.005)  # a slow article; the GUI decides when to stop
            if done > 5000:
                return "not cancelled"
        checks.append(True)
        return "partial"

    def click_cancel():
        dialog = window.findChild(TaskDialog)
        if dialog is not None and dialog.labelText().startswith("article"):
            dialog.findChild(QPushButton).click()

    timer = _every(20, click_cancel)
    assert run_task(window, "Import", fn) is None
    timer.stop()
    assert checks == [True]
    assert errors == []


def test_escape_cancels_too(window, qtbot, errors):
    def fn(progress, cancelled):
        progress(0, 0, "waiting")
        pause = threading.Event()
        for _ in range(2000):  # gives up after ~10 s so a broken Esc fails, not hangs
            if cancelled():
                return "cancelled"
            pause.wait(0.005)
        return "not cancelled"

    def press_escape():
        dialog = window.findChild(TaskDialog)
        if dialog is not None and dialog.isVisible() and dialog.labelText() == "waiting":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    timer = _every(20, press_escape)
    assert run_task(window, "Suggest", fn) is None
    timer.stop()


def test_an_error_is_shown_in_one_line_and_returns_none(window, errors):
    def fn(progress, cancelled):
        raise ValueError("articles.jsonl line 3: no 'text' field")

    assert run_task(window, "Import", fn) is None
    assert errors == [("Import failed", "articles.jsonl line 3: no 'text' field")]


def test_an_unexpected_error_names_its_type(window, errors):
    def fn(progress, cancelled):
        raise RuntimeError("boom")

    assert run_task(window, "Export", fn) is None
    assert errors == [("Export failed", "RuntimeError: boom")]


def test_task_signals(qtbot):
    task = Task(lambda progress, cancelled: (progress(1, 1, "one"), 42)[1])
    ended: list[bool] = []
    task.ended.connect(lambda: ended.append(True))
    with qtbot.waitSignal(task.succeeded, timeout=5000) as blocker:
        task.start()
    assert blocker.args == [42]
    assert ended == [True]
    assert not task.is_running()


def test_task_cancel_emits_was_cancelled(qtbot):
    gate = threading.Event()

    def fn(progress, cancelled):
        gate.wait(timeout=10)
        return "late result" if cancelled() else "not cancelled"

    task = Task(fn)
    task.start()
    task.cancel()
    with qtbot.waitSignal(task.was_cancelled, timeout=5000):
        gate.set()


def test_worker_opens_its_own_store(window, errors, store):
    def body(own_store, progress, cancelled):
        result = own_store.add_articles(
            [(Article(text="Written in the worker thread."), [])], annotator="ann"
        )
        progress(1, 1, "imported")
        return result

    assert run_task(window, "Import", in_own_store(store.target, body)) is not None
    assert errors == []
    assert [a.text for a in store.iter_articles()] == ["Written in the worker thread."]

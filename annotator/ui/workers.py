"""Long work (import, export, suggest) off the GUI thread, with a progress dialog.

The library functions all take the same two callbacks, ``progress(done, total,
message)`` and ``cancelled() -> bool``; this module runs such a function in a
``QThread`` and feeds a cancellable ``QProgressDialog`` from it, so the window
keeps painting while the work runs.

- ``Task`` is the asynchronous building block: start it, listen to its signals.
- ``run_task(parent, title, fn)`` is what menu actions call: it shows the
  dialog, waits in a local event loop (the window stays responsive) and returns
  fn's result, or ``None`` when the user cancelled or fn failed (the failure is
  shown through ``ErrorBox.show``, which tests replace).

SQLite connections belong to the thread that opened them, so a task that needs
the database opens its own ``Store`` inside fn: ``in_own_store(path, body)``
does that.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.ui.qt import Qt, QtCore, QtGui, QtWidgets, Signal, Slot

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
IsCancelled = Callable[[], bool]
TaskFn = Callable[[Progress, IsCancelled], Any]

# Progress reports closer together than this are merged: a loop over 100,000
# articles must not flood the GUI thread's event queue.
_PROGRESS_INTERVAL_S = 0.05
# Work that ends sooner than this never flashes a dialog at the user.
_SHOW_AFTER_MS = 300


class Cancelled(Exception):
    """fn may raise this when it sees ``cancelled()``; it ends the task quietly."""


class ErrorBox:
    """The one way a failed task reaches the user (tests replace ``show``)."""

    @classmethod
    def build(cls, parent: QtWidgets.QWidget | None, title: str, message: str) -> QtWidgets.QMessageBox:
        """The box, not yet shown. Its text is plain: messages quote file names
        and records, and a path holding ``<h1>`` must read as written."""
        box = QtWidgets.QMessageBox(parent)
        box.setObjectName("error-box")
        box.setIcon(QtWidgets.QMessageBox.Icon.Critical)
        box.setWindowTitle(title)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(message)
        box.setStandardButtons(QtWidgets.QMessageBox.StandardButton.Ok)
        return box

    @classmethod
    def show(cls, parent: QtWidgets.QWidget | None, title: str, message: str) -> None:
        cls.build(parent, title, message).exec()


def _known_errors() -> tuple[type[BaseException], ...]:
    """Errors that describe bad input or a refused request, whose message is the whole story."""
    from annotator.formats.reader import BadInput
    from annotator.store.store import StoreError

    known: list[type[BaseException]] = [ValueError, OSError, LookupError, BadInput, StoreError]
    for module, name in (
        ("annotator.formats.export", "ExportError"),
        ("annotator.formats.importing", "ImportCancelled"),
        ("annotator.assist", "SuggestError"),
        ("annotator.assist.entities", "EntitiesError"),
    ):
        # Only modules already imported can have raised their error: never import one here.
        found = getattr(sys.modules.get(module), name, None)
        if isinstance(found, type):
            known.append(found)
    return tuple(known)


def error_message(exc: BaseException) -> str:
    """One line for the user: library errors already say file, record and problem."""
    text = str(exc).strip()
    if isinstance(exc, _known_errors()) and text:
        return text
    # Anything else is a bug, not bad input: name it so a report is useful.
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Worker(QtCore.QObject):
    """Lives in the worker thread; calls fn and reports back through signals."""

    progressed = Signal(int, int, str)
    finished = Signal(object, object)  # (result, exception or None)

    def __init__(self, fn: TaskFn, cancel_event: threading.Event) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = cancel_event
        self._last_report = 0.0

    def _progress(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if done < total and now - self._last_report < _PROGRESS_INTERVAL_S:
            return
        self._last_report = now
        self.progressed.emit(int(done), int(total), str(message))

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self._progress, self._cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI thread
            if not isinstance(exc, Cancelled) and not self._cancel.is_set():
                log.error("task failed", exc_info=exc)
            self.finished.emit(None, exc)
        else:
            self.finished.emit(result, None)


class Task(QtCore.QObject):
    """fn running in its own thread. Exactly one of ``succeeded``, ``failed``,
    ``was_cancelled`` is emitted, then ``ended``; the thread has stopped by then.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    was_cancelled = Signal()
    ended = Signal()

    def __init__(self, fn: TaskFn, *, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QtCore.QThread()
        self._thread.setObjectName("annotator-task")
        self._worker = _Worker(fn, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Queued: the slots run in the GUI thread, where this Task lives.
        self._worker.progressed.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        self._worker.finished.connect(self._on_worker_finished, Qt.ConnectionType.QueuedConnection)
        self._running = False

    def start(self) -> None:
        self._running = True
        self._thread.start()

    def cancel(self) -> None:
        """Ask fn to stop; it notices at its next ``cancelled()`` check."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._running

    @Slot(object, object)
    def _on_worker_finished(self, result: object, exc: object) -> None:
        self._thread.quit()
        self._thread.wait()
        self._running = False
        if self._cancel.is_set() or isinstance(exc, Cancelled):
            # A result after cancel may be partial; the caller asked for nothing.
            self.was_cancelled.emit()
        elif exc is not None:
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        self.ended.emit()


class TaskDialog(QtWidgets.QProgressDialog):
    """The progress dialog of one task: bar, message, Cancel (also Esc)."""

    def __init__(self, task: Task, *, title: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(title, "Cancel", 0, 0, parent)
        self.setObjectName("task-progress")
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(_SHOW_AFTER_MS)
        self.setMinimumWidth(420)
        self._task = task
        self._updating = False
        task.progressed.connect(self._on_task_progressed)
        self.canceled.connect(self._on_canceled)

    @Slot(int, int, str)
    def _on_task_progressed(self, done: int, total: int, message: str) -> None:
        # A modal QProgressDialog processes events inside setValue; a report
        # arriving during that must not recurse into this slot.
        if self._updating or self._task.is_cancelled():
            return
        self._updating = True
        try:
            if message:
                self.setLabelText(message)
            if total > 0:
                # QProgressBar holds ints; scale huge totals into its range.
                scale = max(1, total // 1_000_000)
                self.setMaximum(total // scale)
                self.setValue(min(done, total) // scale)
            else:
                self.setMaximum(0)  # unknown length: a busy bar
        finally:
            self._updating = False

    def reject(self) -> None:
        # Esc and the window's close button mean "cancel", and the dialog stays
        # until fn has actually stopped.
        self.canceled.emit()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        event.ignore()
        self.canceled.emit()

    @Slot()
    def _on_canceled(self) -> None:
        if self._task.is_cancelled():
            return
        self._task.cancel()
        # Stay open until fn returns: closing now would hide that it still runs.
        self.setLabelText("Cancelling…")
        self.setCancelButtonText("Cancelling…")
        for button in self.findChildren(QtWidgets.QPushButton):
            button.setEnabled(False)
        self.show()


def run_task(parent: QtWidgets.QWidget | None, title: str, fn: TaskFn) -> Any | None:
    """Run fn(progress, cancelled) in a worker thread behind a progress dialog.

    Returns fn's result; ``None`` when the user cancelled, or when fn raised
    (then the error was shown with ``ErrorBox.show``). The GUI thread keeps
    handling events meanwhile; the dialog is window-modal so the user cannot
    edit what the task is reading or writing.
    """
    task = Task(fn)
    dialog = TaskDialog(task, title=title, parent=parent)
    loop = QtCore.QEventLoop()
    outcome: dict[str, Any] = {}
    task.succeeded.connect(lambda result: outcome.__setitem__("result", result))
    task.failed.connect(lambda exc: outcome.__setitem__("error", exc))
    task.ended.connect(loop.quit)
    task.start()
    loop.exec()
    dialog.hide()
    dialog.deleteLater()
    task.deleteLater()
    if "error" in outcome:
        ErrorBox.show(parent, f"{title} failed", error_message(outcome["error"]))
        return None
    return outcome.get("result")


def in_own_store(db_path: str | Path, body: Callable[[Any, Progress, IsCancelled], Any]) -> TaskFn:
    """A task fn that opens its own ``Store`` (SQLite connections are per thread)."""

    def fn(progress: Progress, cancelled: IsCancelled) -> Any:
        from annotator.store import Store

        with Store(db_path, create=False) as store:
            return body(store, progress, cancelled)

    return fn

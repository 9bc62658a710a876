"""Model > Train: ``annotator train`` from the window, while the annotator keeps editing.

``TrainDialog.ask`` (tests replace it) asks where and what to train. The
training runs as a ``workers.Task`` (its thread only waits on the background
training process, ``assist.training``), and a ``TrainingPanel`` in the status
bar shows the step, the last dev F and a Cancel button. Nothing is modal: the
window keeps editing meanwhile. spaCy is imported by the task, never here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.assist.quotes import DEFAULT_PARSER, parser_option  # the editor's: no training code
from annotator.ui.dialogs import _FormDialog
from annotator.ui.qt import QtCore, QtWidgets, Slot
from annotator.ui.workers import ErrorBox, Task, error_message, in_own_store

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

LAYER_CHOICES = ("entity", "quote", "boilerplate")
# Which done versions a training learns from: the CLI's default, ``--annotator NAME``
# (the window's annotator) and ``--gold``.
VERSIONS = {"any": "every annotator's", "mine": "mine only", "gold": "the reviewed gold"}


@dataclass(frozen=True, slots=True)
class TrainRequest:
    out: Path
    layers: tuple[str, ...] = ("entity",)
    base: str = "blank"
    max_steps: int = 2000
    versions: str = "any"
    # The pipeline whose parse makes the quote candidates; "none": the rules' alone (``--parser``).
    parser: str = DEFAULT_PARSER

    def parser_option(self) -> str | None:
        return parser_option(self.parser)


def versions_box(current: str) -> QtWidgets.QComboBox:
    """The "Done articles:" choice of a training dialog."""
    box = QtWidgets.QComboBox()
    box.setObjectName("train-versions")
    for key, text in VERSIONS.items():
        box.addItem(text, key)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def parser_field(current: str, quote: QtWidgets.QCheckBox) -> QtWidgets.QLineEdit:
    """The "Quote parser:" field of a training dialog (``--parser``), enabled with the quote layer."""
    field = QtWidgets.QLineEdit(current)
    field.setObjectName("train-parser")
    field.setToolTip(
        "The pipeline (name or folder) whose parse makes the quote candidates; "
        "none: the rules' candidates alone"
    )
    quote.toggled.connect(field.setEnabled)
    field.setEnabled(quote.isChecked())
    return field


def versions_options(versions: str, annotator: str) -> dict[str, Any]:
    """``train``'s keyword arguments for a ``VERSIONS`` choice."""
    return {"mine": {"annotator": annotator}, "gold": {"gold": True}}.get(versions, {})


class TrainDialog(_FormDialog):
    """The choices of ``annotator train``: folder, layers, base pipeline, steps, whose versions."""

    def __init__(self, *, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Train a model", parent)
        self.out = QtWidgets.QLineEdit()
        self.out.setObjectName("train-out")
        self.out.setPlaceholderText("a new or empty folder for the pipeline")
        self.form.addRow("&Folder:", self.out)
        self.layers = {}
        row = QtWidgets.QHBoxLayout()
        for layer in LAYER_CHOICES:
            box = QtWidgets.QCheckBox(layer)
            box.setChecked(layer == "entity")
            self.layers[layer] = box
            row.addWidget(box)
        self.add_row("&Layers:", row, buddy=self.layers["entity"])
        self.base = QtWidgets.QLineEdit("blank")
        self.base.setObjectName("train-base")
        self.form.addRow("&Base:", self.base)
        self.steps = QtWidgets.QSpinBox()
        self.steps.setRange(1, 1_000_000)
        self.steps.setValue(2000)
        self.form.addRow("&Steps:", self.steps)
        self.versions = versions_box("any")
        self.form.addRow("&Done articles:", self.versions)
        self.parser = parser_field(DEFAULT_PARSER, self.layers["quote"])
        self.form.addRow("Quote &parser:", self.parser)
        self.out.setFocus()
        self.resize(480, 0)

    def problem(self) -> str | None:
        if not self.out.text().strip():
            return "choose a folder for the trained pipeline"
        if not any(box.isChecked() for box in self.layers.values()):
            return "choose at least one layer"
        return None

    def request(self) -> TrainRequest:
        return TrainRequest(
            out=Path(self.out.text().strip()).expanduser(),
            layers=tuple(name for name, box in self.layers.items() if box.isChecked()),
            base=self.base.text().strip() or "blank",
            max_steps=self.steps.value(),
            versions=self.versions.currentData(),
            parser=self.parser.text().strip() or DEFAULT_PARSER,
        )

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget | None) -> TrainRequest | None:
        dialog = cls(parent=parent)
        try:
            return dialog.request() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class TrainingPanel(QtWidgets.QWidget):
    """Status-bar progress of the running training: what it does, and Cancel."""

    def __init__(self, task: Task, *, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("training-panel")
        self.task = task
        self.label = QtWidgets.QLabel("training: exporting the done articles…")
        self.label.setObjectName("training-progress")
        self.bar = QtWidgets.QProgressBar()
        self.bar.setMaximumWidth(140)
        self.bar.setRange(0, 0)
        self.cancel = QtWidgets.QPushButton("Cancel training")
        self.cancel.setObjectName("training-cancel")
        self.cancel.clicked.connect(self._on_cancel_clicked)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.bar, self.cancel):
            layout.addWidget(widget)
        task.progressed.connect(self._on_task_progressed)

    @Slot(int, int, str)
    def _on_task_progressed(self, done: int, total: int, message: str) -> None:
        if self.task.is_cancelled():
            return
        self.label.setText(f"training: {message}")
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    @Slot()
    def _on_cancel_clicked(self) -> None:
        self.task.cancel()
        self.cancel.setEnabled(False)
        self.label.setText("training: cancelling…")


class _StopOnClose(QtCore.QObject):
    """Closing the window stops the training first (a running QThread must not be destroyed)."""

    def __init__(self, task: Task, *, parent: QtCore.QObject) -> None:
        super().__init__(parent)
        self.task = task

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Close and self.task.is_running():
            self.task.cancel()
            loop = QtCore.QEventLoop()
            self.task.ended.connect(loop.quit)
            if self.task.is_running():
                loop.exec()
        return False


def _line(event: dict[str, Any], max_steps: int) -> tuple[int, str]:
    from annotator.assist.training import describe_event

    step = int(event.get("step") or 0)
    text = describe_event(event, max_steps) or event["event"]
    # The status bar has room for the step and the overall dev F only.
    if event["event"] == "eval":
        fs = ", ".join(f"{n} F {s.get('f', 0):.2f}" for n, s in event["scores"].items())
        text = f"step {step}/{max_steps}, dev {fs}"
    return step, text


def training_running(window: MainWindow) -> bool:
    running = getattr(window, "training_task", None)
    return running is not None and running.is_running()


AfterTraining = Callable[[Any, Any, Any, Any], Any]


def start_training(
    window: MainWindow,
    request: TrainRequest | None = None,
    *,
    then: AfterTraining | None = None,
    force: bool = False,
    on_failure: Callable[[BaseException], Any] | None = None,
) -> Task | None:
    """Ask (unless ``request`` is given), then train in the background; returns the running
    task (None when not started). ``then(store, report, progress, cancelled)`` runs in the
    same worker thread after a training that ended well (the background retraining's
    refresh of suggestions); the task's result is then ``(report, then's result)``.
    ``on_failure(exc)`` replaces the default error box when the training fails."""
    if training_running(window):
        window.show_message("a training is running already (Cancel it in the status bar)")
        return None
    if request is None:
        request = TrainDialog.ask(window)
    if request is None:
        return None
    asked = request
    versions = versions_options(asked.versions, window.annotator)

    def body(store: Any, progress: Any, cancelled: Any) -> Any:
        from annotator.assist.training import train

        def on_event(event: dict[str, Any]) -> None:
            step, text = _line(event, asked.max_steps)
            progress(step, asked.max_steps, text)

        report = train(
            store,
            asked.out,
            layers=asked.layers,
            base=asked.base,
            max_steps=asked.max_steps,
            progress=on_event,
            cancelled=cancelled,
            force=force,
            parser=asked.parser_option(),
            **versions,
        )
        return report if then is None else (report, then(store, report, progress, cancelled))

    task = Task(in_own_store(window.store.target, body), parent=window)
    panel = TrainingPanel(task, parent=window)
    window.statusBar().addPermanentWidget(panel)
    window.training_task = task
    window.training_panel = panel

    guard = _StopOnClose(task, parent=window)
    window.installEventFilter(guard)

    def ended() -> None:
        window.removeEventFilter(guard)
        guard.deleteLater()
        window.statusBar().removeWidget(panel)
        panel.deleteLater()
        window.training_panel = None

    if then is None:
        task.succeeded.connect(lambda report: window.show_message(report.summary().splitlines()[0]))
    task.failed.connect(
        on_failure
        or (
            lambda exc: (
                window.show_message(f"training failed: {error_message(exc)}"),
                ErrorBox.show(window, "Training failed", error_message(exc)),
            )
        )
    )
    task.was_cancelled.connect(lambda: window.show_message("training cancelled; nothing was written"))
    task.ended.connect(ended)
    task.start()
    window.show_message(f"training {', '.join(asked.layers)} into {asked.out}…")
    return task

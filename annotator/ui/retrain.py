"""Model > Retrain automatically…: a model that keeps learning while the team annotates (issue 14).

Off by default. When on, every ``every`` articles newly marked done in this
window (counted from when the window opened, or from the last retraining) start
a training of the chosen layers into the project's model folder
(``<project>-model`` beside a project file; for a server project, under the
user's data folder, ``models/<database>-model``; replaced each time), in the
background process Model > Train uses (``ui.training.start_training``), with its
status-bar progress and Cancel. When it ends well, the same worker thread (never
the GUI thread) refreshes that model's suggestions on the todo articles
(``model_suggest.suggest_with_model(replace=True)``): its pending suggestions are
replaced by the new model's, in one transaction per article; an annotator's own
marks, accepted and rejected suggestions, articles not todo and the article open
in the window are left as they are. The settings belong to the project: they are
kept with the window's state under a key of the project (QSettings
``projects/<key>/retrain_every``, ``retrain_layers``, ``retrain_steps``; the key is
a hash of the project's file or its URL without the password), so turning it on
for one project leaves the others off.

A retraining that fails pauses the automatic retraining (one error box, not one
every N articles) until it is turned on again in the dialog.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.assist.quotes import DEFAULT_PARSER  # loaded with the editor: not the training code
from annotator.ui.dialogs import _FormDialog
from annotator.ui.qt import QtCore, QtWidgets
from annotator.ui.settings import app_settings
from annotator.ui.training import (
    LAYER_CHOICES,
    VERSIONS,
    TrainRequest,
    parser_field,
    start_training,
    training_running,
    versions_box,
)
from annotator.ui.workers import ErrorBox, error_message

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

EVERY, LAYERS, STEPS, WHOSE = "retrain_every", "retrain_layers", "retrain_steps", "retrain_versions"
PARSER = "retrain_parser"
DEFAULT_STEPS = 500


@dataclass(frozen=True, slots=True)
class RetrainSettings:
    every: int = 0  # 0: off
    layers: tuple[str, ...] = ("entity",)
    max_steps: int = DEFAULT_STEPS
    versions: str = "any"  # a key of ``training.VERSIONS``
    parser: str = DEFAULT_PARSER  # the quote candidates' parser (``train --parser``), or "none"


def settings_group(store: Any) -> str:
    """The QSettings group of one project's retraining settings."""
    name = store.label if store.is_postgres else str(Path(store.target).resolve())
    return f"projects/{hashlib.sha256(name.encode()).hexdigest()[:16]}"


def stored_settings(store: Any) -> RetrainSettings:
    settings = app_settings()
    settings.beginGroup(settings_group(store))
    try:
        every = max(0, int(settings.value(EVERY, 0) or 0))
        steps = max(1, int(settings.value(STEPS, DEFAULT_STEPS) or DEFAULT_STEPS))
    except (TypeError, ValueError):
        every, steps = 0, DEFAULT_STEPS
    layers = tuple(
        x for x in str(settings.value(LAYERS, "entity") or "entity").split(",") if x in LAYER_CHOICES
    )
    versions = str(settings.value(WHOSE, "any") or "any")
    parser = str(settings.value(PARSER, DEFAULT_PARSER) or DEFAULT_PARSER)
    settings.endGroup()
    return RetrainSettings(
        every=every,
        layers=layers or ("entity",),
        max_steps=steps,
        versions=versions if versions in VERSIONS else "any",
        parser=parser,
    )


def save_settings(store: Any, value: RetrainSettings) -> None:
    settings = app_settings()
    settings.beginGroup(settings_group(store))
    settings.setValue(EVERY, value.every)
    settings.setValue(LAYERS, ",".join(value.layers))
    settings.setValue(STEPS, value.max_steps)
    settings.setValue(WHOSE, value.versions)
    settings.setValue(PARSER, value.parser)
    settings.endGroup()


def model_folder(project: Any) -> Path:
    """Where the retrained pipeline lives: ``<project>-model`` beside the project file (a path,
    or a store); for a server project (no file), ``models/<user@host/database>-model`` in the
    user's data folder."""
    if isinstance(project, (str, Path)) or not project.is_postgres:
        path = Path(project) if isinstance(project, (str, Path)) else project.path
        return path.with_name(f"{path.stem}-model")
    from platformdirs import user_data_path

    slug = re.sub(r"[^A-Za-z0-9_.@-]+", "-", project.label.removeprefix("postgresql://")).strip("-.")
    return user_data_path("annotator") / "models" / f"{slug or 'server'}-model"


class RetrainDialog(_FormDialog):
    """Every how many done articles, which layers, how many steps."""

    def __init__(self, current: RetrainSettings, *, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Retrain automatically", parent)
        self.every = QtWidgets.QSpinBox()
        self.every.setObjectName("retrain-every")
        self.every.setRange(0, 100_000)
        self.every.setSpecialValueText("off")
        self.every.setValue(current.every)
        self.form.addRow("Retrain after every &N done articles (0: off):", self.every)
        self.layers = {}
        row = QtWidgets.QHBoxLayout()
        for layer in LAYER_CHOICES:
            box = QtWidgets.QCheckBox(layer)
            box.setChecked(layer in current.layers)
            self.layers[layer] = box
            row.addWidget(box)
        self.add_row("&Layers:", row, buddy=self.layers["entity"])
        self.steps = QtWidgets.QSpinBox()
        self.steps.setRange(1, 1_000_000)
        self.steps.setValue(current.max_steps)
        self.form.addRow("&Steps:", self.steps)
        self.versions = versions_box(current.versions)
        self.form.addRow("&Done articles:", self.versions)
        self.parser = parser_field(current.parser, self.layers["quote"])
        self.form.addRow("Quote &parser:", self.parser)
        self.resize(480, 0)

    def problem(self) -> str | None:
        if self.every.value() and not any(box.isChecked() for box in self.layers.values()):
            return "choose at least one layer"
        return None

    def settings(self) -> RetrainSettings:
        return RetrainSettings(
            every=self.every.value(),
            layers=tuple(name for name, box in self.layers.items() if box.isChecked()) or ("entity",),
            max_steps=self.steps.value(),
            versions=self.versions.currentData(),
            parser=self.parser.text().strip() or DEFAULT_PARSER,
        )

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget | None, current: RetrainSettings) -> RetrainSettings | None:
        dialog = cls(current, parent=parent)
        try:
            return dialog.settings() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class Retrainer(QtCore.QObject):
    """Counts newly done articles and starts the retraining when ``every`` is reached."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings = stored_settings(window.store)
        self.paused = False  # a retraining failed: off until the dialog turns it on again
        self.baseline = self._done()
        self.task: Any = None
        self.last: Any = None  # (TrainReport, SuggestReports) of the last retraining
        window.editor.status_changed.connect(self._on_editor_status_changed)

    def _done(self) -> int:
        return self.window.store.progress(self.window.annotator)[0]

    def ask(self) -> None:
        value = RetrainDialog.ask(self.window, self.settings)
        if value is None:
            return
        self.settings = value
        self.paused = False
        save_settings(self.window.store, value)
        self.baseline = self._done()
        self.window.show_message(
            f"retraining {', '.join(value.layers)} after every {value.every} newly done articles"
            if value.every
            else "automatic retraining off"
        )

    def _on_editor_status_changed(self, _article_id: int) -> None:
        self.check()

    def check(self) -> bool:
        """Start the retraining when enough articles were newly done; True when it started."""
        every = self.settings.every
        if self.paused or every <= 0 or self._done() - self.baseline < every:
            return False
        if training_running(self.window):
            return False
        return self.start()

    def start(self) -> bool:
        window = self.window
        annotator = window.annotator
        out = model_folder(window.store)
        request = TrainRequest(
            out=out,
            layers=self.settings.layers,
            max_steps=self.settings.max_steps,
            versions=self.settings.versions,
            parser=self.settings.parser,
        )

        def open_article(article_id: int) -> bool:
            return article_id == window.editor.article_id  # an int read: safe from the worker

        def refresh(store: Any, report: Any, progress: Any, cancelled: Any) -> list[Any]:
            from annotator.assist.model_suggest import suggest_with_model
            from annotator.store.scores import todo_ids

            ids = todo_ids(store, annotator)
            done = []
            for layer in report.layers:
                done.append(
                    suggest_with_model(
                        store,
                        layer=layer,
                        article_ids=ids,
                        annotator=annotator,
                        model=out,
                        replace=True,
                        skip=open_article,
                        cancelled=cancelled,
                        progress=lambda n, total, layer=layer: progress(n, total, f"suggesting {layer}"),
                    )
                )
            return done

        task = start_training(window, request, then=refresh, force=True, on_failure=self._on_task_failed)
        if task is None:
            return False
        self.baseline = self._done()
        self.task = task
        task.succeeded.connect(self._on_task_succeeded)
        task.ended.connect(self._on_task_ended)
        window.show_message(f"retraining {', '.join(request.layers)} in the background into {out}…")
        return True

    def _on_task_succeeded(self, result: Any) -> None:
        report, suggested = result
        self.last = result
        added = sum(r.added for r in suggested)
        window = self.window
        window.articles.reload()
        window._show_open_article_in_list()
        window._update_progress()
        window.show_message(
            f"retrained on {report.documents.get('train', 0)} articles: "
            f"{added} new suggestions on todo articles"
        )

    def _on_task_failed(self, exc: BaseException) -> None:
        self.paused = True
        message = error_message(exc)
        self.window.show_message(f"retraining failed, automatic retraining paused: {message}")
        ErrorBox.show(
            self.window,
            "Retraining failed",
            f"{message}\n\nAutomatic retraining is paused; Model > Retrain automatically… turns it on again.",
        )

    def _on_task_ended(self) -> None:
        self.task = None
        # Articles done while it ran count towards the next one.
        QtCore.QTimer.singleShot(0, self, self.check)

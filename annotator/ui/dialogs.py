"""The File-menu dialogs: import, export and suggest.

Each dialog is reached through one classmethod, ``XDialog.ask(parent, ...)``,
which returns a plain request dataclass (or ``None`` when the user cancels), so
the main window's tests replace ``ask`` and never see a modal dialog. The
requests carry exactly the choices of the matching CLI command; the window
turns them into a library call run by ``annotator.ui.workers.run_task``.

Keyboard: fields are in tab order top to bottom, Enter accepts (OK is the
default button), Esc cancels. Bad input is named in a line above the buttons
and the dialog stays open.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from annotator.ui.qt import Qt, QtCore, QtGui, QtWidgets

IMPORT_FORMATS = ("auto", "txt", "html", "jsonl", "prodigy", "doccano", "labelstudio", "brat", "conll")
EXPORT_FORMATS = ("spacy", "jsonl", "quotes", "text")
STATUSES = ("done", "in_progress", "todo", "skipped", "flagged")
SUGGEST_LAYERS = ("quote", "boilerplate", "entity")
ARTICLE_SCOPES = ("current", "todo", "all")
_ANY = "any"
_ALL_ANNOTATORS = "all annotators"


@dataclass(frozen=True)
class ImportRequest:
    paths: list[Path]
    format: str = "auto"
    annotator: str = ""


@dataclass(frozen=True)
class ExportRequest:
    out_dir: Path
    format: str = "spacy"
    split: tuple[float, ...] = (0.8, 0.1, 0.1)
    seed: int = 0
    group_by: str = "source"  # "source" or "none"
    status: str | None = "done"  # None: every status
    annotator: str | None = None  # None: every annotator
    include_suggestions: bool = False
    force: bool = False
    lang: str = "en"


@dataclass(frozen=True)
class SuggestRequest:
    layer: str
    articles: str = "current"  # "current" (the open article) | "todo" | "all"
    model: str | None = None  # a spaCy pipeline name or path
    patterns: Path | None = None  # an EntityRuler patterns JSONL file


def parse_split(text: str) -> tuple[float, ...]:
    """``"0.8,0.1,0.1"`` -> (0.8, 0.1, 0.1): two or three shares that sum to 1."""
    try:
        parts = tuple(float(p) for p in text.replace(" ", "").split(","))
    except ValueError:
        raise ValueError(f"split {text!r}: write two or three numbers, e.g. 0.8,0.1,0.1") from None
    bad = [p for p in parts if not math.isfinite(p) or p < 0]
    if len(parts) not in (2, 3) or bad or abs(sum(parts) - 1) > 1e-6:
        raise ValueError(f"split {text!r}: two or three shares >= 0 that add up to 1, e.g. 0.8,0.1,0.1")
    return parts


class _FormDialog(QtWidgets.QDialog):
    """A form, a line for errors, OK/Cancel; subclasses fill the form and check it."""

    def __init__(self, title: str, parent: QtWidgets.QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QtWidgets.QFormLayout()
        self.error = QtWidgets.QLabel()
        self.error.setObjectName("form-error")
        self.error.setWordWrap(True)
        # Problems quote paths the user typed: plain text, never markup.
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def problem(self) -> str | None:
        """What stops the request, in one line; None when it can go."""
        return None

    def accept(self) -> None:
        message = self.problem()
        if message:
            self.error.setText(message)
            self.error.show()
            return
        super().accept()

    def add_row(self, text: str, layout: QtWidgets.QLayout, *, buddy: QtWidgets.QWidget) -> None:
        """A row whose field is a layout; its label's Alt key focuses ``buddy``."""
        label = QtWidgets.QLabel(text)
        label.setBuddy(buddy)
        self.form.addRow(label, layout)

    def chain_tab_order(self, *widgets: QtWidgets.QWidget) -> None:
        for first, second in zip(widgets, widgets[1:], strict=False):
            QtWidgets.QWidget.setTabOrder(first, second)


class _EnterAdds(QtCore.QObject):
    """Enter in the path field adds the path instead of accepting the dialog
    (unless the field is empty: then Enter accepts as everywhere else)."""

    def __init__(self, dialog: ImportDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802 - Qt name
        if (
            event.type() == QtCore.QEvent.Type.KeyPress
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self._dialog.path_edit.text().strip()
        ):
            self._dialog.add_typed_path()
            return True
        return False


class ImportDialog(_FormDialog):
    """Files or folders to import, their format, and whose marks they carry."""

    def __init__(self, *, annotator: str = "", parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Import articles", parent)
        self.path_list = QtWidgets.QListWidget()
        self.path_list.setObjectName("import-paths")
        self.path_list.setMinimumHeight(110)
        self.path_edit = QtWidgets.QLineEdit()
        self.path_edit.setObjectName("import-path")
        self.path_edit.setPlaceholderText("Type a path and press Enter, or browse")
        self.path_edit.installEventFilter(_EnterAdds(self))
        self.add_files = QtWidgets.QPushButton("Add &files…")
        self.add_folder = QtWidgets.QPushButton("Add f&older…")
        self.remove = QtWidgets.QPushButton("&Remove")
        for button in (self.add_files, self.add_folder, self.remove):
            button.setAutoDefault(False)
        self.add_files.clicked.connect(self._on_add_files_clicked)
        self.add_folder.clicked.connect(self._on_add_folder_clicked)
        self.remove.clicked.connect(self._on_remove_clicked)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.add_files)
        row.addWidget(self.add_folder)
        row.addWidget(self.remove)
        paths = QtWidgets.QVBoxLayout()
        paths.addWidget(self.path_list)
        paths.addWidget(self.path_edit)
        paths.addLayout(row)
        self.add_row("&Paths:", paths, buddy=self.path_edit)
        self.format = QtWidgets.QComboBox()
        self.format.setObjectName("import-format")
        self.format.addItems(IMPORT_FORMATS)
        self.format.setToolTip("auto: chosen from each file's extension and content")
        self.form.addRow("&Format:", self.format)
        self.annotator = QtWidgets.QLineEdit(annotator)
        self.annotator.setObjectName("import-annotator")
        self.annotator.setToolTip("Spans in the imported files are stored as this annotator's marks")
        self.form.addRow("&Annotator:", self.annotator)
        self.chain_tab_order(
            self.path_edit,
            self.add_files,
            self.add_folder,
            self.path_list,
            self.remove,
            self.format,
            self.annotator,
        )
        self.path_edit.setFocus()
        self.resize(520, 320)

    def add_paths(self, paths: list[str | Path]) -> None:
        known = set(self.paths())
        for path in paths:
            if Path(path) not in known:
                self.path_list.addItem(str(path))
                known.add(Path(path))
        self.error.hide()

    def add_typed_path(self) -> None:
        self.add_paths([Path(self.path_edit.text().strip()).expanduser()])
        self.path_edit.clear()

    def paths(self) -> list[Path]:
        return [Path(self.path_list.item(i).text()) for i in range(self.path_list.count())]

    def _on_add_files_clicked(self) -> None:
        files, _ = QtWidgets.QFileDialog.getOpenFileNames(self, "Files to import")
        self.add_paths(files)

    def _on_add_folder_clicked(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Folder to import")
        if folder:
            self.add_paths([folder])

    def _on_remove_clicked(self) -> None:
        for item in self.path_list.selectedItems():
            self.path_list.takeItem(self.path_list.row(item))

    def problem(self) -> str | None:
        if self.path_edit.text().strip():
            self.add_typed_path()
        paths = self.paths()
        if not paths:
            return "Add at least one file or folder to import."
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            return f"{missing[0]}: no such file or folder"
        if not self.annotator.text().strip():
            return "Name the annotator whose marks the files carry."
        return None

    def request(self) -> ImportRequest:
        return ImportRequest(
            paths=self.paths(),
            format=self.format.currentText(),
            annotator=self.annotator.text().strip(),
        )

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget | None, *, annotator: str = "") -> ImportRequest | None:
        dialog = cls(annotator=annotator, parent=parent)
        try:
            return dialog.request() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class ExportDialog(_FormDialog):
    """Where and what to export: the choices of ``annotator export``."""

    def __init__(
        self,
        *,
        annotators: list[str],
        current: str | None = None,
        project: Path | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__("Export", parent)
        # The open project: its folder (or one above it) is never an export folder.
        self.project = project
        self.out_dir = QtWidgets.QLineEdit()
        self.out_dir.setObjectName("export-out-dir")
        self.out_dir.setPlaceholderText("A new or empty folder")
        self.browse = QtWidgets.QPushButton("&Browse…")
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._on_browse_clicked)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.out_dir)
        row.addWidget(self.browse)
        self.add_row("&Output folder:", row, buddy=self.out_dir)
        self.format = QtWidgets.QComboBox()
        self.format.setObjectName("export-format")
        self.format.addItems(EXPORT_FORMATS)
        self.format.setToolTip(
            "spacy: train/dev/test .spacy files and config.cfg; jsonl: Prodigy tasks; "
            "quotes: citron-style JSON; text: clean text without boilerplate"
        )
        self.format.currentTextChanged.connect(self._on_format_current_text_changed)
        self.form.addRow("&Format:", self.format)
        self.split = QtWidgets.QLineEdit("0.8,0.1,0.1")
        self.split.setObjectName("export-split")
        self.split.setToolTip("train,dev[,test] shares that add up to 1")
        self.form.addRow("&Split:", self.split)
        self.seed = QtWidgets.QSpinBox()
        self.seed.setObjectName("export-seed")
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setToolTip("The same seed gives the same split")
        self.form.addRow("S&eed:", self.seed)
        self.group_by = QtWidgets.QComboBox()
        self.group_by.setObjectName("export-group-by")
        self.group_by.addItems(("source", "none"))
        self.group_by.setToolTip("source: articles of one source land in the same split")
        self.form.addRow("&Group by:", self.group_by)
        self.status = QtWidgets.QComboBox()
        self.status.setObjectName("export-status")
        self.status.addItems((*STATUSES, _ANY))
        self.form.addRow("S&tatus:", self.status)
        self.annotator = QtWidgets.QComboBox()
        self.annotator.setObjectName("export-annotator")
        self.annotator.addItems((*annotators, _ALL_ANNOTATORS))
        if current in annotators:
            self.annotator.setCurrentText(current)
        self.form.addRow("&Annotator:", self.annotator)
        self.lang = QtWidgets.QLineEdit("en")
        self.lang.setObjectName("export-lang")
        self.lang.setToolTip("Language of the blank spaCy pipeline used to build the docs")
        self.form.addRow("&Language:", self.lang)
        self.include_suggestions = QtWidgets.QCheckBox("&Include suggestions not yet accepted")
        self.include_suggestions.setObjectName("export-include-suggestions")
        self.form.addRow("", self.include_suggestions)
        self.force = QtWidgets.QCheckBox("O&verwrite an earlier export in the folder")
        self.force.setToolTip(
            "Replaces only the files an earlier export wrote there; any other file refuses the folder"
        )
        self.force.setObjectName("export-force")
        self.form.addRow("", self.force)
        self.chain_tab_order(
            self.out_dir,
            self.browse,
            self.format,
            self.split,
            self.seed,
            self.group_by,
            self.status,
            self.annotator,
            self.lang,
            self.include_suggestions,
            self.force,
        )
        self.out_dir.setFocus()
        self.resize(520, 0)

    def _on_browse_clicked(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Export into")
        if folder:
            self.out_dir.setText(folder)

    def _on_format_current_text_changed(self, fmt: str) -> None:
        # Only the spaCy export splits into train/dev/test.
        for widget in (self.split, self.seed, self.group_by):
            widget.setEnabled(fmt == "spacy")

    def problem(self) -> str | None:
        text = self.out_dir.text().strip()
        if not text:
            return "Choose the folder to export into."
        from annotator.formats.export_folder import EarlierExport, FolderRefused, check_folder

        out = Path(text).expanduser()
        if out.exists() and not out.is_dir():
            return f"{out}: is a file, not a folder"
        try:
            # Sizes only: a live check must not read a large export through.
            check_folder(out, project=self.project, force=self.force.isChecked(), hashes=False)
        except EarlierExport:
            return f"{out} holds an earlier export; tick Overwrite to replace its files"
        except FolderRefused as exc:
            return str(exc)
        if self.format.currentText() == "spacy":
            try:
                parse_split(self.split.text())
            except ValueError as exc:
                return str(exc)
        if not self.lang.text().strip():
            return "Name the language (e.g. en)."
        return None

    def request(self) -> ExportRequest:
        fmt = self.format.currentText()
        status = self.status.currentText()
        annotator = self.annotator.currentText()
        return ExportRequest(
            out_dir=Path(self.out_dir.text().strip()).expanduser(),
            format=fmt,
            split=parse_split(self.split.text()) if fmt == "spacy" else (1.0,),
            seed=self.seed.value(),
            group_by=self.group_by.currentText(),
            status=None if status == _ANY else status,
            annotator=None if annotator == _ALL_ANNOTATORS else annotator,
            include_suggestions=self.include_suggestions.isChecked(),
            force=self.force.isChecked(),
            lang=self.lang.text().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QtWidgets.QWidget | None,
        *,
        annotators: list[str],
        current: str | None = None,
        project: Path | None = None,
    ) -> ExportRequest | None:
        # The main window's project, unless given: the dialog refuses its folder at once.
        if project is None:
            path = getattr(getattr(parent, "store", None), "path", None)
            project = Path(path) if path is not None else None
        dialog = cls(annotators=annotators, current=current, project=project, parent=parent)
        try:
            return dialog.request() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class SuggestDialog(_FormDialog):
    """Which suggester to run on which articles."""

    def __init__(self, *, has_article: bool = True, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Suggest spans", parent)
        self.layer = QtWidgets.QComboBox()
        self.layer.setObjectName("suggest-layer")
        self.layer.addItems(SUGGEST_LAYERS)
        self.layer.currentTextChanged.connect(self._on_layer_current_text_changed)
        self.form.addRow("&Layer:", self.layer)
        self.model = QtWidgets.QLineEdit()
        self.model.setObjectName("suggest-model")
        self.model.setPlaceholderText("an installed spaCy pipeline name or a folder")
        self.form.addRow("&Model:", self.model)
        self.patterns = QtWidgets.QLineEdit()
        self.patterns.setObjectName("suggest-patterns")
        self.patterns.setPlaceholderText("an EntityRuler patterns .jsonl file")
        self.browse = QtWidgets.QPushButton("&Browse…")
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._on_browse_clicked)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.patterns)
        row.addWidget(self.browse)
        self.add_row("&Patterns:", row, buddy=self.patterns)
        self.scope_current = QtWidgets.QRadioButton("&This article")
        self.scope_todo = QtWidgets.QRadioButton("Every article still t&odo")
        self.scope_all = QtWidgets.QRadioButton("&Every article")
        self.scope = QtWidgets.QButtonGroup(self)
        scopes = QtWidgets.QVBoxLayout()
        for i, button in enumerate((self.scope_current, self.scope_todo, self.scope_all)):
            self.scope.addButton(button, i)
            scopes.addWidget(button)
        self.scope_current.setEnabled(has_article)
        (self.scope_current if has_article else self.scope_todo).setChecked(True)
        self.form.addRow("Articles:", scopes)
        self.chain_tab_order(
            self.layer,
            self.model,
            self.patterns,
            self.browse,
            self.scope_current,
            self.scope_todo,
            self.scope_all,
        )
        self._on_layer_current_text_changed(self.layer.currentText())
        self.layer.setFocus()
        self.resize(480, 0)

    def _on_layer_current_text_changed(self, layer: str) -> None:
        # Patterns only find entities; a model may be a pipeline made by Model > Train,
        # which suggests quotes and boilerplate too (empty: the layer's rules).
        for widget in (self.patterns, self.browse):
            widget.setEnabled(layer == "entity")

    def _on_browse_clicked(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Patterns file", "", "Patterns (*.jsonl);;All files (*)"
        )
        if path:
            self.patterns.setText(path)

    def problem(self) -> str | None:
        if self.layer.currentText() != "entity":
            return None
        patterns = self.patterns.text().strip()
        if not self.model.text().strip() and not patterns:
            return "Entities need a model, a patterns file, or both."
        if patterns and not Path(patterns).expanduser().is_file():
            return f"{patterns}: no such patterns file"
        return None

    def request(self) -> SuggestRequest:
        layer = self.layer.currentText()
        entity = layer == "entity"
        patterns = self.patterns.text().strip()
        return SuggestRequest(
            layer=layer,
            articles=ARTICLE_SCOPES[self.scope.checkedId()],
            model=self.model.text().strip() or None,
            patterns=Path(patterns).expanduser() if entity and patterns else None,
        )

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget | None, *, has_article: bool = True) -> SuggestRequest | None:
        dialog = cls(has_article=has_article, parent=parent)
        try:
            return dialog.request() if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

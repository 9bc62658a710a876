"""The cheat sheet: every action of the window and its current key, on ``?``.

Actions are grouped by category: an action's ``category`` property when the
window set one (``action.setProperty("category", "Marking")``), else the title
of the first menu it sits in, else "Other". Keys are read when the sheet is
shown, so remapped keys (``annotator.ui.keymap``) appear as they are now.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.ui.qt import Qt, QtGui, QtWidgets
from annotator.ui.shortcuts import plain  # noqa: F401 - keymap and tests use it from here

OTHER = "Other"


def action_category(action: QtGui.QAction) -> str:
    category = action.property("category")
    if isinstance(category, str) and category:
        return category
    for owner in action.associatedObjects():
        if isinstance(owner, QtWidgets.QMenu) and owner.title():
            return plain(owner.title())
    return OTHER


def shortcut_text(action: QtGui.QAction) -> str:
    """All of the action's keys as the user's platform writes them."""
    return ", ".join(
        key.toString(QtGui.QKeySequence.SequenceFormat.NativeText)
        for key in action.shortcuts()
        if not key.isEmpty()
    )


def grouped(actions: Iterable[QtGui.QAction]) -> dict[str, list[QtGui.QAction]]:
    """Categories in first-seen order; separators and text-less actions left out."""
    groups: dict[str, list[QtGui.QAction]] = {}
    for action in actions:
        if action.isSeparator() or not plain(action.text()):
            continue
        groups.setdefault(action_category(action), []).append(action)
    return groups


class CheatSheet(QtWidgets.QDialog):
    """A searchable list of actions and keys, grouped; Esc or Enter closes it."""

    def __init__(
        self,
        actions: Iterable[QtGui.QAction] | Callable[[], Iterable[QtGui.QAction]],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cheat-sheet")
        self.setWindowTitle("Keys")
        self._actions = actions
        self.filter = QtWidgets.QLineEdit()
        self.filter.setObjectName("cheat-sheet-filter")
        self.filter.setPlaceholderText("Type to filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.tree = QtWidgets.QTreeWidget()
        self.tree.setObjectName("cheat-sheet-keys")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Key"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(460, 560)
        self.refresh()

    def actions_now(self) -> list[QtGui.QAction]:
        source = self._actions
        return list(source() if callable(source) else source)

    def refresh(self) -> None:
        self.tree.clear()
        bold = self.font()
        bold.setBold(True)
        for category, actions in grouped(self.actions_now()).items():
            heading = QtWidgets.QTreeWidgetItem([category, ""])
            heading.setFont(0, bold)
            heading.setFirstColumnSpanned(True)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(heading)
            heading.setExpanded(True)
            for action in actions:
                item = QtWidgets.QTreeWidgetItem([plain(action.text()), shortcut_text(action)])
                item.setToolTip(0, action.toolTip())
                heading.addChild(item)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self._on_filter_text_changed(self.filter.text())

    def rows(self) -> list[tuple[str, str, str]]:
        """(category, action, key) of every visible row: what the user reads."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(i)
            if heading.isHidden():
                continue
            for j in range(heading.childCount()):
                item = heading.child(j)
                if not item.isHidden():
                    out.append((heading.text(0), item.text(0), item.text(1)))
        return out

    def _on_filter_text_changed(self, text: str) -> None:
        needle = text.strip().casefold()
        for i in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(i)
            heading_hit = needle in heading.text(0).casefold()
            shown = 0
            for j in range(heading.childCount()):
                item = heading.child(j)
                hit = heading_hit or needle in item.text(0).casefold() or needle in item.text(1).casefold()
                item.setHidden(not hit)
                shown += hit
            heading.setHidden(shown == 0)

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt name
        self.refresh()
        self.filter.setFocus()
        super().showEvent(event)


def cheat_sheet_action(
    window: QtWidgets.QWidget, actions: Callable[[], Iterable[QtGui.QAction]]
) -> QtGui.QAction:
    """The ``?`` action: add it to the window (and its Help menu) to offer the sheet."""
    action = QtGui.QAction("&Keys…", window)
    action.setObjectName("show-cheat-sheet")
    # "?" is Shift+/ on most layouts; platforms without a keyboard map (offscreen,
    # some remote desktops) only match it when Shift+? is listed too.
    action.setShortcuts([QtGui.QKeySequence("?"), QtGui.QKeySequence("Shift+?")])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setProperty("category", "Help")
    sheet: list[CheatSheet] = []

    def show() -> None:
        if not sheet:
            sheet.append(CheatSheet(actions, window))
        if sheet[0].isVisible():  # already open, maybe behind the window
            sheet[0].raise_()
        sheet[0].show()
        sheet[0].activateWindow()

    action.triggered.connect(show)
    return action

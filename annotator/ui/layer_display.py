"""The active layer, shown where the eye is: a label key must never mark a layer by surprise.

Three places wear the layer's colour: a badge in the status bar (``1-9 mark
ENTITY``), the title over the label palette, and the text selection in the
article view (what a digit will mark is painted in its layer's colour).
While a span of another layer is selected (and no text), a digit relabels
that span within its own layer: the badge says so (``1-3 relabel QUOTE``)
in that layer's colour; the active layer stays.
Only ``Tab`` / ``Shift+Tab`` and a click on the layer tabs change the layer
(issue 10.3); the window calls ``show`` when it does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.ui.qt import QtCore, QtGui, QtWidgets
from annotator.ui.status_bar import FittedLabel

if TYPE_CHECKING:
    from annotator.model import Label
    from annotator.ui.cheatsheet import CheatSheet
    from annotator.ui.editor import Editor
    from annotator.ui.text_view import ArticleView

# White text on each stays above WCAG's 4.5:1, in both themes.
LAYER_COLOURS = {"entity": "#2f6fd6", "quote": "#7e3fb0", "boilerplate": "#7a5c00"}
LAYER_WORDS = {"entity": "ENTITY", "quote": "QUOTE", "boilerplate": "BOILERPLATE"}
_BADGE = "QLabel {{ background: {colour}; color: #ffffff; font-weight: bold; border-radius: 3px; padding: 1px 6px; }}"


def key_range(labels: list[tuple[str, Label]]) -> str:
    """``1-9`` (or ``1-3``): the digits that mark a label of the layer."""
    keys = sorted(k for k, _label in labels if k)
    if not keys:
        return "0"
    return keys[0] if len(keys) == 1 else f"{keys[0]}-{keys[-1]}"


class LayerDisplay:
    """The badge in the status bar, the palette's title and the view's selection colour."""

    def __init__(
        self,
        *,
        bar: QtWidgets.QStatusBar,
        title: QtWidgets.QLabel,
        view: ArticleView,
        editor: Editor | None = None,
    ) -> None:
        # Widths that never change with the layer: a wider pane would re-wrap a long article.
        texts = [f"1-9 {verb} {word}" for word in LAYER_WORDS.values() for verb in ("mark", "relabel")]
        self.badge = FittedLabel("", texts=texts, parent=bar)
        self.badge.setObjectName("layer_badge")
        self.badge.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.badge.setToolTip("the layer a label key marks: Tab / Shift+Tab change it")
        bar.insertPermanentWidget(0, self.badge)
        self.title = title
        title.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.view = view
        view.layer_highlights = dict(LAYER_COLOURS)  # a selected span wears its layer's colour
        self.layer = ""
        self._badge = ("", "")  # (text, colour) shown now
        self.editor = editor
        if editor is not None:
            # A selected span of another layer: a digit relabels it, and the badge says so.
            editor.span_selected.connect(self._on_editor_span_selected)
            view.selectionChanged.connect(self._on_view_selection_changed)

    def _show_badge(self, text: str, colour: str) -> None:
        if (text, colour) != self._badge:
            self._badge = (text, colour)
            self.badge.setText(text)
            self.badge.setStyleSheet(_BADGE.format(colour=colour))

    def _on_editor_span_selected(self, _span_id: int) -> None:
        self.show_key_target()

    def _on_view_selection_changed(self) -> None:
        self.show_key_target()

    def show_key_target(self) -> None:
        """The badge says what a digit does now: mark the active layer, or relabel the selected span."""
        if self.editor is None or not self.layer:
            return
        layer = self.editor.key_layer()
        verb = "mark" if layer == self.layer else "relabel"
        keys = key_range(self.editor.labels(layer))
        self._show_badge(f"{keys} {verb} {LAYER_WORDS[layer]}", LAYER_COLOURS[layer])

    def show(
        self,
        layer: str,
        labels: list[tuple[str, Label]],
        actions: dict[str, QtGui.QAction],
        sheet: CheatSheet | None = None,
    ) -> None:
        """Show ``layer`` as the active one; the label keys' actions (menu, cheat
        sheet) take the names of its labels."""
        colour = LAYER_COLOURS[layer]
        self.layer = layer
        keys = key_range(labels)
        self._show_badge(f"{keys} mark {LAYER_WORDS[layer]}", colour)
        self.title.setText(f"{keys} mark {LAYER_WORDS[layer]} · Tab: next layer")
        self.title.setStyleSheet(_BADGE.format(colour=colour))
        self.view.setStyleSheet(
            f"QPlainTextEdit {{ selection-background-color: {colour}; selection-color: #ffffff; }}"
        )
        name_label_actions(actions, labels, layer)
        if sheet is not None and sheet.isVisible():
            sheet.refresh()
        self.show_key_target()


def name_label_actions(
    actions: dict[str, QtGui.QAction], labels: list[tuple[str, Label]], layer: str
) -> None:
    """``Label 1`` becomes ``Mark PERSON`` (the active layer's label on that key)."""
    names = {key: label.name for key, label in labels if key}
    for n in range(1, 10):
        action = actions.get(f"label_{n}")
        if action is None:
            continue
        name = names.get(str(n))
        action.setText(f"Mark {name}" if name else f"Label {n} (none on the {layer} layer)")
        action.setEnabled(True)

"""A trained model's scores in the window, and hiding the unsure suggestions (issue 14).

The open article's scores are read once per article (``annotator.store.scores``).
The span list shows a scored suggestion's score after its label, the status bar
the selected one's; View > Hide unsure suggestions… (``Ctrl+Shift+U``) asks a
threshold, kept in QSettings: suggestions scoring below it are neither drawn nor
listed nor reached by ``]`` ``[`` ``A`` ``X`` (the view's ``hidden_ids``); 0 shows all.
Only pending suggestions are ever hidden: accepted spans keep their score row but
are the annotator's marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.model import Span
from annotator.store import scores as store_scores
from annotator.ui.qt import QtWidgets
from annotator.ui.settings import app_settings

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

SETTING = "window/score_threshold"


class ThresholdDialog:
    """Asks the threshold; tests replace ``ask``."""

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget, current: float) -> float | None:
        value, ok = QtWidgets.QInputDialog.getDouble(
            parent,
            "Hide unsure suggestions",
            "Hide suggestions scoring below (0 shows all):",
            current,
            0.0,
            1.0,
            2,
        )
        return float(value) if ok else None


def stored_threshold() -> float:
    try:
        return max(0.0, float(app_settings().value(SETTING, 0.0) or 0.0))
    except (TypeError, ValueError):
        return 0.0


def score_text(score: float) -> str:
    return f"{score:.2f}"


class ScoreFilter:
    """The open article's scores and the window's threshold."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.threshold = stored_threshold()
        self.scores: dict[int, float] = {}
        self.label = QtWidgets.QLabel("", window)
        self.label.setObjectName("score_label")
        window.statusBar().addPermanentWidget(self.label)

    # -- per article ----------------------------------------------------------

    def article_opened(self, article_id: int) -> None:
        """Read the article's scores; hide what falls below the threshold (before the lists fill)."""
        self.scores = store_scores.span_scores(self.window.store, article_id)
        self.apply()

    def hidden_ids(self, spans: Sequence[Span]) -> set[int]:
        if self.threshold <= 0 or not self.scores:
            return set()
        scores, limit = self.scores, self.threshold
        return {
            s.id
            for s in spans
            if s.id is not None and s.is_suggestion and s.id in scores and scores[s.id] < limit
        }

    def visible(self, spans: list[Span]) -> list[Span]:
        """``spans`` without the hidden ones (the span list's rows)."""
        hidden = self.window.view.hidden_ids
        return [s for s in spans if s.id not in hidden] if hidden else spans

    def apply(self) -> None:
        """Give the view the hidden ids of the editor's spans now; update the status bar."""
        window = self.window
        window.view.set_hidden_ids(self.hidden_ids(window.editor.spans))
        self.window.span_model.set_scores(self.scores)
        self.show_selected()

    def refresh_hidden(self) -> None:
        """After an edit: the hidden ids of the editor's spans as they are now."""
        if self.threshold > 0 and self.scores:
            self.window.view.set_hidden_ids(self.hidden_ids(self.window.editor.spans))
            self.show_selected()

    # -- the status bar ---------------------------------------------------------

    def show_selected(self) -> None:
        parts = []
        span = self.window.editor.selected()
        if span is not None and span.is_suggestion and span.id in self.scores:
            parts.append(f"score {score_text(self.scores[span.id])}")
        hidden = len(self.window.view.hidden_ids)
        if self.threshold > 0:
            parts.append(f"{hidden} hidden below {score_text(self.threshold)}")
        self.label.setText(" · ".join(parts))

    # -- the action ---------------------------------------------------------------

    def ask_threshold(self) -> None:
        value = ThresholdDialog.ask(self.window, self.threshold)
        if value is None:
            return
        self.set_threshold(value)

    def set_threshold(self, value: float) -> None:
        self.threshold = max(0.0, value)
        app_settings().setValue(SETTING, self.threshold)
        window = self.window
        before = window.view.selected
        self.apply()
        if before is not None and before.id in window.view.hidden_ids:
            window.editor.select(None, scroll=False)
        window.refresh_span_list()
        hidden = len(window.view.hidden_ids)
        window.show_message(
            "showing every suggestion"
            if self.threshold <= 0
            else f"hiding suggestions below {score_text(self.threshold)}: {hidden} hidden in this article"
        )

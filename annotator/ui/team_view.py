"""The Team view (View > Team…, ``Ctrl+T``): the team's progress at a glance.

Per annotator: articles assigned, done and todo, marks per hour over the
last days with one small bar per day; agreement per pair (Cohen's kappa on
tokens, per layer) as a heat map with the value in each cell and a legend;
the number of articles waiting for review. The figures are the library's
(``formats.team_stats``, ``store.teams.marks_per_hour``), computed in a
worker thread behind a progress dialog: agreement reads every article two
annotators finished, which takes a while on a big project.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.model import LAYERS
from annotator.model.words import count
from annotator.ui.qt import Qt, QtGui, QtWidgets
from annotator.ui.workers import Task, in_own_store, run_task

if TYPE_CHECKING:
    from annotator.store import Store

DAYS = 7
# The agreement report's matrices, as the heat map offers them.
METRICS = {
    "kappa": "Cohen's κ on tokens",
    "exact_f1": "span F1, exact",
    "overlap_f1": "span F1, overlapping",
    "attribution_f1": "quote attribution F1",
}
# Landis & Koch's bands, the legend's ticks.
LEGEND = ((0.0, "≤0 poor"), (0.2, "0.2 slight"), (0.4, "0.4 fair"), (0.6, "0.6 moderate"), (0.8, "0.8 good"))


def team_figures(store: Any, progress: Any = None, cancelled: Any = None) -> dict[str, Any]:
    """What the view shows: what ``team_stats`` reports (progress, pace, review queue), the
    whole ``agreement`` report (its ``matrix`` per metric is the heat map: one agreement
    run, not the two ``team_stats`` and ``agreement`` would make) and, per annotator,
    marks per hour on each of the last days."""
    from annotator.formats.agreement import agreement
    from annotator.store.teams import marks_per_hour, reviewers, team_progress, waiting_for_review

    if progress is not None:
        progress(0, 2, "computing agreement…")
    report = agreement(store)
    stats: dict[str, Any] = {
        "progress": team_progress(store),
        "pace": marks_per_hour(store, days=DAYS),
        "review": {"reviewers": reviewers(store), "waiting": len(waiting_for_review(store))},
        "report": report,
    }
    if progress is not None:
        progress(1, 2, "counting marks per day…")
    now = datetime.datetime.now(datetime.UTC)
    # marks_per_hour counts from ``days`` ago until now: each day is the
    # difference of two such windows (marks and active hours both add up).
    windows = [marks_per_hour(store, days=d, now=now)["annotators"] for d in range(DAYS + 1)]
    per_day: dict[str, list[float]] = {name: [0.0] * DAYS for name in stats["progress"]}
    for d in range(1, DAYS + 1):  # d days ago, oldest last
        for name, figures in windows[d].items():
            before = windows[d - 1].get(name, {"marks": 0, "active_hours": 0})
            marks = figures["marks"] - before["marks"]
            hours = figures["active_hours"] - before["active_hours"]
            per_day.setdefault(name, [0.0] * DAYS)[DAYS - d] = round(marks / hours, 2) if hours > 0 else 0.0
    stats["per_day"] = per_day
    return stats


def kappa_colour(value: float | None) -> QtGui.QColor:
    """Red (no agreement) through yellow to green (full agreement); grey when unknown."""
    if value is None:
        return QtGui.QColor("#d6d6d6")
    share = max(0.0, min(1.0, value))
    return QtGui.QColor.fromHsvF(share * 120 / 360, 0.5, 0.96)


def bars(values: list[float], *, width: int = 84, height: int = 18) -> QtGui.QPixmap:
    """One small bar per day, scaled to the largest."""
    pixmap = QtGui.QPixmap(width, height)
    pixmap.fill(QtGui.QColor(0, 0, 0, 0))
    painter = QtGui.QPainter(pixmap)
    top = max(values, default=0.0) or 1.0
    step = width / max(1, len(values))
    for i, value in enumerate(values):
        h = round((height - 2) * value / top)
        colour = QtGui.QColor("#4a7fb5") if value else QtGui.QColor("#c8c8c8")
        painter.fillRect(round(i * step) + 1, height - max(h, 1), max(2, round(step) - 3), max(h, 1), colour)
    painter.end()
    return pixmap


def _legend(parent: QtWidgets.QWidget) -> QtWidgets.QWidget:
    box = QtWidgets.QWidget(parent)
    row = QtWidgets.QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(QtWidgets.QLabel("κ / F1:", box))
    for value, text in (*LEGEND, (1.0, "1 full")):
        chip = QtWidgets.QLabel(text, box)
        chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        chip.setStyleSheet(f"background: {kappa_colour(value).name()}; color: black; padding: 2px 6px;")
        row.addWidget(chip)
    chip = QtWidgets.QLabel("n/a", box)
    chip.setStyleSheet(f"background: {kappa_colour(None).name()}; color: black; padding: 2px 6px;")
    row.addWidget(chip)
    row.addStretch(1)
    return box


class TeamDialog(QtWidgets.QDialog):
    """Progress, pace, the agreement heat map and the review queue; ``ask`` shows it."""

    def __init__(
        self, figures: dict[str, Any], *, target: str | Path = "", parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("team_view")
        self.setWindowTitle("Team")
        self.figures = figures
        self._target = target  # the project, for ``refresh_progress``
        self._names = list(figures["progress"])  # the progress table's rows, in order
        self._refreshing: Task | None = None
        self._again = False
        layout = QtWidgets.QVBoxLayout(self)
        review = figures["review"]
        self.waiting = QtWidgets.QLabel(self)
        self.waiting.setObjectName("team_waiting")
        waiting_noun = count(review["waiting"], "article").split(" ", 1)[1]
        names = html.escape(", ".join(review["reviewers"]))  # names are text, never markup
        self.waiting.setText(
            f"<b>{review['waiting']}</b> {waiting_noun} waiting for review · reviewers: "
            f"{names or 'none yet'} · agreement over "
            f"{count(figures['report']['articles'], 'article')} done by two or more"
        )
        layout.addWidget(self.waiting)
        layout.addWidget(
            QtWidgets.QLabel(f"<b>Progress</b> (marks per hour over the last {DAYS} days)", self)
        )
        self.progress = self._progress_table(figures)
        layout.addWidget(self.progress)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(QtWidgets.QLabel("<b>Agreement per pair</b>", self))
        top.addStretch(1)
        self.metric_box = QtWidgets.QComboBox(self)
        self.metric_box.setObjectName("team_metric")
        for metric, text in METRICS.items():
            self.metric_box.addItem(text, metric)
        top.addWidget(self.metric_box)
        self.layer = QtWidgets.QComboBox(self)
        self.layer.setObjectName("team_layer")
        for layer in LAYERS:
            self.layer.addItem(layer, layer)
        top.addWidget(self.layer)
        layout.addLayout(top)
        self.heat_map = QtWidgets.QTableWidget(self)
        self.heat_map.setObjectName("team_heat_map")
        self.heat_map.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.heat_map.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.heat_map.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.heat_map, 1)
        layout.addWidget(_legend(self))
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.layer.currentIndexChanged.connect(self._on_layer_current_index_changed)
        self.metric_box.currentIndexChanged.connect(self._on_layer_current_index_changed)
        self.show_layer(LAYERS[0])
        self.resize(760, 620)

    def _progress_table(self, figures: dict[str, Any]) -> QtWidgets.QTableWidget:
        rows = figures["progress"]
        pace = figures["pace"]["annotators"]
        table = QtWidgets.QTableWidget(len(rows), 6, self)
        table.setObjectName("team_progress")
        table.setHorizontalHeaderLabels(["Annotator", "Assigned", "Done", "Todo", "Marks/hour", "Last days"])
        table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        reviewers = set(figures["review"]["reviewers"])
        for row, (name, p) in enumerate(rows.items()):
            who = f"{name} (reviewer)" if name in reviewers else name
            rate = pace.get(name, {}).get("marks_per_hour", 0.0)
            cells = [who, str(p["assigned"]), str(p["done"]), str(p["todo"]), f"{rate:g}"]
            for column, text in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
            days = figures["per_day"].get(name, [0.0] * DAYS)
            chart = QtWidgets.QLabel(table)
            chart.setObjectName(f"team_bars_{name}")
            chart.setPixmap(bars(days))
            chart.setToolTip("marks per hour, oldest day first: " + ", ".join(f"{v:g}" for v in days))
            table.setCellWidget(row, 5, chart)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(table.verticalHeader().length() + table.horizontalHeader().height() + 6)
        return table

    def refresh_progress(self) -> None:
        """Assigned, done and todo again (another annotator's status changed), read
        in a worker thread; the pace and agreement stay as computed."""
        if self._refreshing is not None:
            self._again = True  # one more read once this one ends
            return
        from annotator.store.teams import team_progress

        # The window owns the task: closing the view (deleted on close) never ends a running thread.
        task = Task(
            in_own_store(self._target, lambda store, _p, _c: team_progress(store)), parent=self.parent()
        )
        task.succeeded.connect(self._on_refresh_succeeded)
        task.ended.connect(self._on_refresh_ended)
        self._refreshing = task
        task.start()

    def _on_refresh_succeeded(self, progress: dict[str, dict[str, int]]) -> None:
        self.figures["progress"] = progress
        table = self.progress
        for row, name in enumerate(self._names):
            figures = progress.get(name)
            if figures is None:
                continue
            for column, key in ((1, "assigned"), (2, "done"), (3, "todo")):
                cell = table.item(row, column)
                if cell is not None and cell.text() != str(figures[key]):
                    cell.setText(str(figures[key]))

    def _on_refresh_ended(self) -> None:
        task, self._refreshing = self._refreshing, None
        if task is not None:
            task.deleteLater()
        if self._again:
            self._again = False
            self.refresh_progress()

    def names(self) -> list[str]:
        return list(self.figures["report"]["annotators"])

    def value(self, a: str, b: str, layer: str, metric: str = "kappa") -> float | None:
        """One cell: ``metric`` of the pair on ``layer`` (None: not computable, or no such metric)."""
        matrix = self.figures["report"]["layers"].get(layer, {}).get("matrix", {}).get(metric, {})
        found = matrix.get(a, {}).get(b)
        return float(found) if found is not None else None

    def articles(self, a: str, b: str, layer: str) -> int:
        for pair in self.figures["report"]["layers"].get(layer, {}).get("pairs", []):
            if set(pair["annotators"]) == {a, b}:
                return int(pair["articles"])
        return 0

    def show_layer(self, layer: str, metric: str | None = None) -> None:
        """Fill the heat map with the pairs' ``metric`` (default: the chosen one) on ``layer``."""
        metric = metric or self.metric_box.currentData() or "kappa"
        names = self.names()
        grid = self.heat_map
        grid.clear()
        grid.setRowCount(len(names))
        grid.setColumnCount(len(names))
        grid.setHorizontalHeaderLabels(names)
        grid.setVerticalHeaderLabels(names)
        bold = QtGui.QFont(grid.font())
        bold.setBold(True)
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                item = QtWidgets.QTableWidgetItem()
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setForeground(QtGui.QColor("black"))
                if a == b:
                    item.setText("—")
                    item.setBackground(QtGui.QColor("#efefef"))
                else:
                    value = self.value(a, b, layer, metric)
                    item.setText("n/a" if value is None else f"{value:.2f}")
                    item.setFont(bold)
                    item.setBackground(kappa_colour(value))
                    item.setToolTip(
                        f"{a} / {b}: {METRICS[metric]} {value} on {layer}, "
                        f"over {count(self.articles(a, b, layer), 'article')} both finished"
                    )
                grid.setItem(i, j, item)
        for header in (grid.horizontalHeader(), grid.verticalHeader()):
            header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        if not names:
            grid.setRowCount(1)
            grid.setColumnCount(1)
            grid.setItem(0, 0, QtWidgets.QTableWidgetItem("no article finished by two annotators yet"))

    def _on_layer_current_index_changed(self, _index: int) -> None:
        self.show_layer(self.layer.currentData())

    @classmethod
    def ask(cls, parent: QtWidgets.QWidget, *, store: Store) -> TeamDialog | None:
        """Compute the figures in a worker, then show the view (not modal); None when cancelled."""
        figures = run_task(parent, "Team", in_own_store(store.target, team_figures))
        if figures is None:
            return None
        dialog = cls(figures, parent=parent, target=store.target)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()
        return dialog

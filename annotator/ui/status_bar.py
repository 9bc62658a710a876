"""Status-bar pieces: a label as wide as the widest text it will show.

A fixed width keeps the status bar from re-laying out on every edit; it is
measured from the label's own font and margins (the theme's style sheet pads
status-bar labels), so "saved 07:01:14" is never clipped to "saved 07:01:1".
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.ui.qt import QtCore, QtWidgets

# Every text the saved indicator shows, with each digit (fonts differ in their widths).
NOT_SAVED = "not saved"  # the last edit failed in the store (a busy file, a lost server)
OFFLINE = "not saved · reconnecting…"  # the server is out of reach (annotator.ui.live)
SAVED_TEXTS = (
    "saved",
    NOT_SAVED,
    OFFLINE,
    *(f"{what} {d}{d}:{d}{d}:{d}{d}" for what in ("saved", "reconnected") for d in "0123456789"),
)


class FittedLabel(QtWidgets.QLabel):
    """A label whose size hint fits the widest of ``texts`` in its font and margins."""

    def __init__(self, text: str, *, texts: Sequence[str], parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._texts = tuple(texts)

    def fitted_width(self) -> int:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        widest = max(metrics.horizontalAdvance(t) for t in (*self._texts, self.text()))
        return widest + margins.left() + margins.right() + 2 * self.margin() + 2

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt name
        return QtCore.QSize(self.fitted_width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt name
        return QtCore.QSize(self.fitted_width(), super().minimumSizeHint().height())

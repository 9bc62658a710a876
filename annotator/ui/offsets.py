"""Positions between Python strings and Qt text documents.

Python counts code points; Qt counts UTF-16 units, so after an emoji every Qt
position is one higher. Every offset crossing the store/widget boundary goes
through ``Utf16Map``. ``display_text`` is the text handed to the widget: the
same length in UTF-16 units as the stored text, so the map stays exact.
No Qt here: this module is pure and tested with Hypothesis.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


def display_text(text: str) -> str:
    r"""The text as the widget shows it, one Qt position per UTF-16 unit of ``text``.

    ``QTextDocument`` folds ``\r\n`` into one paragraph break, which would
    shift every later position by one; a space stands in for the ``\r``.
    (``\u2028``, ``\u00a0`` and lone ``\r`` keep their length there.)
    """
    return text.replace("\r\n", " \n")


class Utf16Map:
    """Converts positions of one text between code points and UTF-16 units."""

    __slots__ = ("_astral", "_qt_astral", "length", "qt_length")

    def __init__(self, text: str) -> None:
        # Characters above the BMP take two UTF-16 units; most texts have none.
        if text.isascii() or max(text) <= "\uffff":
            self._astral: list[int] = []
        else:
            self._astral = [i for i, ch in enumerate(text) if ch > "\uffff"]
        self._qt_astral = [p + k for k, p in enumerate(self._astral)]
        self.length = len(text)
        self.qt_length = len(text) + len(self._astral)

    def to_qt(self, pos: int) -> int:
        """The Qt position of Python position ``pos``."""
        return pos + bisect_left(self._astral, pos) if self._astral else pos

    def to_py(self, qpos: int, *, round_up: bool = False) -> int:
        """The Python position of Qt position ``qpos``.

        A Qt position between the two halves of a surrogate pair falls inside
        one character: it rounds down to its start, or up to its end with
        ``round_up`` (use that for the end of a selection).
        """
        whole = bisect_right(self._qt_astral, qpos - 2)  # astral chars entirely before qpos
        pos = qpos - whole
        if whole < len(self._qt_astral) and self._qt_astral[whole] == qpos - 1:
            pos -= 0 if round_up else 1
        return max(0, min(pos, self.length))

    def range_to_py(self, qstart: int, qend: int) -> tuple[int, int]:
        """A Qt selection as Python offsets, widened to whole characters."""
        return self.to_py(qstart), self.to_py(qend, round_up=True)

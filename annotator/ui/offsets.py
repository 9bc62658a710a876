"""Positions between Python strings and Qt text documents.

Python counts code points; Qt counts UTF-16 units, so after an emoji every Qt
position is one higher. Every offset crossing the store/widget boundary goes
through ``Utf16Map``. ``display_text`` is the text handed to the widget: the
same length in UTF-16 units as the stored text, so the map stays exact.
No Qt here: this module is pure and tested with Hypothesis.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

# The line boundaries of ``str.splitlines()`` ("\r\n" counts as one break).
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Those Qt draws within a line: the view shows a line separator for them.
_NOT_BREAKS_IN_QT = "\v\f\x1c\x1d\x1e\x85"


def display_text(text: str) -> str:
    r"""The text as the widget shows it, one Qt position per UTF-16 unit of ``text``.

    ``QTextDocument`` folds ``\r\n`` into one paragraph break, which would
    shift every later position by one; a space stands in for the ``\r``.
    (``\u2028``, ``\u00a0`` and lone ``\r`` keep their length there.) Every
    line boundary of ``str.splitlines()`` shows as a line break: Qt breaks
    lines at ``\n``, ``\r``, ``\u2028`` and ``\u2029`` only, so the others
    (``\v``, ``\f``, ``\x1c``-``\x1e``, ``\x85``) become ``\u2028``.
    """
    text = text.replace("\r\n", " \n")
    for ch in _NOT_BREAKS_IN_QT:
        if ch in text:  # rare; str.translate would cost 40 ms on a long article
            text = text.replace(ch, "\u2028")
    return text


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines holding [start, end) as ``str.splitlines()`` (and the view) breaks them.

    Without the breaks around them; an empty range is the line holding ``start``.
    """

    def off_crlf(pos: int) -> int:
        # The "\n" of a "\r\n" is part of the break that starts at the "\r".
        return pos - 1 if 0 < pos < len(text) and text[pos - 1 : pos + 1] == "\r\n" else pos

    first = off_crlf(start)
    line_start = max(text.rfind(ch, 0, first) for ch in LINE_BREAKS) + 1
    last = max(first, off_crlf(max(start, end - 1)))
    line_end = min((i for ch in LINE_BREAKS if (i := text.find(ch, last)) >= 0), default=len(text))
    return line_start, line_end


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

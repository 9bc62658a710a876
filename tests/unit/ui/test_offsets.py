"""Python <-> Qt (UTF-16) positions, without Qt."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.ui.offsets import LINE_BREAKS, Utf16Map, display_text, line_bounds

texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@given(texts)
def test_to_qt_counts_utf16_units(text: str) -> None:
    omap = Utf16Map(text)
    for i in range(len(text) + 1):
        assert omap.to_qt(i) == utf16_len(text[:i])
    assert omap.qt_length == utf16_len(text)


@given(texts)
def test_round_trip(text: str) -> None:
    omap = Utf16Map(text)
    for i in range(len(text) + 1):
        assert omap.to_py(omap.to_qt(i)) == i
        assert omap.to_py(omap.to_qt(i), round_up=True) == i


@given(texts)
def test_inside_a_surrogate_pair_rounds_to_the_character(text: str) -> None:
    omap = Utf16Map(text)
    for i, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            middle = omap.to_qt(i) + 1
            assert omap.to_py(middle) == i
            assert omap.to_py(middle, round_up=True) == i + 1
            assert omap.range_to_py(middle, middle) == (i, i + 1)


def test_emoji_shifts_later_positions_by_one() -> None:
    omap = Utf16Map("\U0001f600 Paris")
    assert omap.to_qt(2) == 3 and omap.to_py(3) == 2


@given(texts)
def test_display_text_keeps_the_utf16_length(text: str) -> None:
    shown = display_text(text)
    assert utf16_len(shown) == utf16_len(text)
    assert "\r\n" not in shown


lined = st.text(alphabet=st.sampled_from(["a", " ", *LINE_BREAKS]), max_size=30)


@given(lined)
def test_line_bounds_are_the_lines_of_splitlines(text: str) -> None:
    """Every position lies on the line ``str.splitlines()`` puts it on (its break included)."""
    expected: list[tuple[int, int]] = []
    start = 0
    for chunk in text.splitlines(keepends=True):
        line = (start, start + len(chunk.splitlines()[0]))
        expected += [line] * len(chunk)
        start += len(chunk)
    expected.append((len(text), len(text)) if not expected or text[-1] in LINE_BREAKS else expected[-1])
    for pos in range(len(text) + 1):
        assert line_bounds(text, pos, pos) == expected[pos]
        assert line_bounds(text, pos, pos + 1) == expected[pos]
    for a in range(len(text) + 1):
        for b in range(a + 1, len(text) + 1):
            assert line_bounds(text, a, b) == (expected[a][0], expected[b - 1][1])


@given(lined)
def test_display_text_shows_the_lines_of_splitlines(text: str) -> None:
    r"""Qt breaks lines at \n, \r, \u2028 and \u2029 only: the other line breaks become \u2028."""
    shown = display_text(text)
    assert len(shown) == len(text)
    qt_breaks = [i for i, ch in enumerate(shown) if ch in "\n\r\u2028\u2029"]
    breaks = [i for i, ch in enumerate(text) if ch in LINE_BREAKS and text[i : i + 2] != "\r\n"]
    assert qt_breaks == breaks

"""How spans look: character formats per layer and the label tags beside them.

The legend (docs/gui.md repeats it):

- entity: background in the label's colour, the label in a small tag right
  after the span (a gap is opened there with letter spacing on the span's last
  character, so the tag never covers text);
- quote content: underline in the quote type's colour, a tag after the last
  part naming the type and the speaker (``DIRECT · Macron``); cue: italic with
  a dotted underline; source: bold with an underline;
- boilerplate: dimmed text (labels other than BOILERPLATE get a tag);
- suggestions (origin ``suggested:*``): hatched background / dashed underline
  and a tag ending in ``?`` until accepted.
"""

from __future__ import annotations

from typing import NamedTuple

from annotator.model import BOILERPLATE, CONTENT, CUE, ENTITY, QUOTE, SOURCE, LabelSchema, Span
from annotator.ui import theme
from annotator.ui.qt import QtCore, QtGui

TAG_PADDING = 6  # pixels around the tag text inside the gap


class Tag(NamedTuple):
    """A label tag, drawn in the gap after a span's last character."""

    text: str
    colour: QtGui.QColor
    suggestion: bool
    width: int = 0


_SOLID_ROLE = QtGui.QPalette.ColorRole.Base


def solid(colour: QtGui.QColor | str) -> QtGui.QBrush:
    """A solid brush of ``colour``.

    Not ``QBrush(colour)`` (nor a colour where a brush is wanted): PySide6
    tries the ``Qt.BrushStyle`` overload first, which builds its 94 ``Qt``
    enums (~25 ms) before the cold start's first paint (see annotator.ui.qt).
    """
    palette = QtGui.QPalette()
    palette.setColor(_SOLID_ROLE, colour if isinstance(colour, QtGui.QColor) else QtGui.QColor(colour))
    return palette.brush(_SOLID_ROLE)


def mix(a: QtGui.QColor, b: QtGui.QColor, share_of_a: float) -> QtGui.QColor:
    """A colour between ``a`` and ``b``."""
    s = share_of_a
    return QtGui.QColor(
        round(a.red() * s + b.red() * (1 - s)),
        round(a.green() * s + b.green() * (1 - s)),
        round(a.blue() * s + b.blue() * (1 - s)),
    )


class Styler:
    """Turns spans into formats and tags for one palette, font and schema."""

    def __init__(self, schema: LabelSchema, palette: QtGui.QPalette, font: QtGui.QFont) -> None:
        self.schema = schema
        self.text = palette.color(QtGui.QPalette.ColorRole.Text)
        self.base = palette.color(QtGui.QPalette.ColorRole.Base)
        self.dim = mix(self.text, self.base, 0.45)
        self.dark = self.base.lightness() < 128
        self.theme = theme.DARK if self.dark else theme.LIGHT
        self.tag_font = QtGui.QFont(font)
        self.tag_font.setPointSizeF(max(6.0, font.pointSizeF() * 0.72))
        self.tag_font.setBold(True)
        self.tag_metrics = QtGui.QFontMetrics(self.tag_font)
        self._widths: dict[str, int] = {}
        self._plain: dict[tuple[str, str, str], tuple[QtGui.QTextCharFormat, Tag | None]] = {}
        self._colours: dict[tuple[str, str], QtGui.QColor] = {}
        self._formats: dict[tuple[str, str, str | None, bool, str], QtGui.QTextCharFormat] = {}

    def colour(self, span: Span) -> QtGui.QColor:
        key = (span.layer, span.label)
        colour = self._colours.get(key)
        if colour is None:
            label = self.schema.get(span.label, span.layer)
            colour = self._colours[key] = QtGui.QColor(label.colour if label else "#bdbdbd")
        return colour

    def format(self, span: Span, quote_colour: QtGui.QColor | None = None) -> QtGui.QTextCharFormat:
        key = (
            span.layer,
            span.label,
            span.role,
            span.is_suggestion,
            quote_colour.name() if quote_colour is not None else "",
        )
        cached = self._formats.get(key)
        if cached is not None:
            return cached
        fmt = QtGui.QTextCharFormat()
        colour = quote_colour or self.colour(span)
        if span.layer == ENTITY:
            # Readable pairs per theme (WCAG 4.5:1), worked out in annotator.ui.theme.
            pick = theme.suggestion_colours if span.is_suggestion else theme.label_colours
            foreground, background = pick(colour.name(), self.theme)
            fmt.setBackground(solid(background))
            fmt.setForeground(solid(foreground))
            if span.is_suggestion:
                fmt.setUnderlineStyle(QtGui.QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(QtGui.QColor(theme.line_colour(colour.name(), self.theme)))
        elif span.layer == QUOTE:
            fmt.setUnderlineColor(QtGui.QColor(theme.line_colour(colour.name(), self.theme)))
            style = QtGui.QTextCharFormat.UnderlineStyle
            if span.role == CONTENT:
                fmt.setUnderlineStyle(style.DashUnderline if span.is_suggestion else style.SingleUnderline)
            elif span.role == CUE:
                fmt.setFontItalic(True)
                fmt.setUnderlineStyle(style.DotLine)
            elif span.role == SOURCE:
                fmt.setFontWeight(QtGui.QFont.Weight.Bold)
                fmt.setUnderlineStyle(style.DashUnderline if span.is_suggestion else style.SingleUnderline)
        elif span.layer == BOILERPLATE:
            fmt.setForeground(solid(self.dim))
            if span.is_suggestion:
                fmt.setBackground(
                    QtGui.QBrush(mix(self.dim, self.base, 0.35), QtCore.Qt.BrushStyle.BDiagPattern)
                )
        self._formats[key] = fmt
        return fmt

    def tag(self, span: Span, speaker: str | None = None) -> Tag | None:
        """The tag after ``span``, or None when the layer draws none for it."""
        if span.layer == ENTITY:
            text = span.label
        elif span.layer == QUOTE and span.role == CONTENT:
            text = span.label if not speaker else f"{span.label} · {_short(speaker)}"
        elif span.layer == BOILERPLATE and span.label != BOILERPLATE.upper():
            text = span.label
        else:
            return None
        if span.is_suggestion:
            text += "?"
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self.tag_metrics.horizontalAdvance(text) + 2 * TAG_PADDING
        return Tag(text, self.colour(span), span.is_suggestion, width)

    def noted(self, tag: Tag, note: str) -> Tag:
        """``tag`` with ``note`` after its label (Review mode: ``PERSON 2/3``)."""
        text = f"{tag.text.removesuffix('?')} {note}"
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self.tag_metrics.horizontalAdvance(text) + 2 * TAG_PADDING
        return tag._replace(text=text, width=width)

    def plain(self, span: Span) -> tuple[QtGui.QTextCharFormat, Tag | None]:
        """Format and tag of an entity or boilerplate span (cached: a page has thousands)."""
        key = (span.layer, span.label, span.origin)
        found = self._plain.get(key)
        if found is None:
            found = self._plain[key] = (self.format(span), self.tag(span))
        return found


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

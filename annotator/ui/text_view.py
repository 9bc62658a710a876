"""The article in the centre: a read-only text view that renders spans.

The view only draws and reports intent (a click at a Python offset, the
current selection); the main window decides what an input means. Positions
are converted at this boundary (``annotator.ui.offsets``): callers speak
Python offsets only. The text is plain text, never HTML.
"""

from __future__ import annotations

import functools
from bisect import bisect_right

from annotator.model import BOILERPLATE, CONTENT, ENTITY, QUOTE, SOURCE, LabelSchema, Span
from annotator.ui.offsets import Utf16Map, display_text
from annotator.ui.order import position
from annotator.ui.qt import QtCore, QtGui, QtWidgets, Signal
from annotator.ui.render import TAG_PADDING, Styler, Tag, solid

FIRST_CHUNK = 12_000  # characters styled before the first paint (several screens)
CHUNK = 40_000  # characters styled per event-loop turn after that
_KEEP = QtGui.QTextCursor.MoveMode.KeepAnchor
_PLAIN = QtGui.QTextCharFormat()
# Tags are drawn on the first paint, before PySide6's ``Qt`` enums exist (see
# ``annotator.ui.qt``): this stands in for Qt.GlobalColor.transparent.
_TRANSPARENT = QtGui.QColor(0, 0, 0, 0)
_gaps: dict[int, QtGui.QTextCharFormat] = {}


def _gap(width: int) -> QtGui.QTextCharFormat:
    """Letter spacing on a span's last character: room for its tag, so no text is covered."""
    if width not in _gaps:
        fmt = QtGui.QTextCharFormat()
        fmt.setFontLetterSpacingType(QtGui.QFont.SpacingType.AbsoluteSpacing)
        fmt.setFontLetterSpacing(width)
        _gaps[width] = fmt
    return _gaps[width]


def _first(pair: tuple[int, Tag]) -> int:
    return pair[0]


_order = position  # the editor's order (annotator.ui.order)


# Draw order: later layers win where formats meet (a quote underline over an entity).
_LAYER_ORDER = {BOILERPLATE: 0, ENTITY: 1, QUOTE: 2}


class ArticleView(QtWidgets.QPlainTextEdit):
    """Shows one article with its spans; emits ``clicked_at(offset)`` on a plain click."""

    clicked_at = Signal(int)
    article_painted = Signal()  # once per shown article, after its first paint

    def __init__(self, *, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        # The first viewport() call makes PySide6 find the most derived type of
        # the widget it returns by initialising every QWidget subclass of
        # QtWidgets (~80 enums, 20-30 ms of a cold start). Found by the name
        # QAbstractScrollArea gives it, it is wrapped as the plain QWidget it
        # is; keeping the wrapper makes every later viewport() return it.
        self._viewport = self.findChild(QtWidgets.QWidget, "qt_scrollarea_viewport")
        self.setObjectName("article_view")
        self.setReadOnly(True)
        # Keyboard selection is switched on by the window's second stage, or
        # right after the first paint (``enable_keyboard_selection``): its flags
        # are ``Qt`` enums, and a cold start paints before building those.
        self.setUndoRedoEnabled(False)
        # Lines wrap at the widget width: QPlainTextEdit's default (naming the mode
        # would build its enums, ~2 ms of a cold start).
        self.setCursorWidth(2)
        self._text = ""
        self._map = Utf16Map("")
        self._schema = LabelSchema()
        self._spans: list[Span] = []  # the annotator's spans and the extra ones
        self._own: list[Span] = []  # the annotator's spans, as last given
        self._extra: list[Span] = []  # other versions' spans in review mode (set_extra_spans)
        self._notes: dict[int, str] = {}  # span id -> words added to its tag ("2/3")
        self._visible_spans: list[Span] = []
        self._hidden: set[str] = set()
        self.hidden_ids: set[int] = set()  # suggestions hidden by score (annotator.ui.score_filter)
        self._tags: list[tuple[int, Tag]] = []  # (Python end, tag), sorted
        self._tag_py_ends: list[int] = []  # Python ends of the tags, sorted
        self._tag_ends: list[int] = []  # Qt positions of the tags, sorted
        self._tag_places: dict[int, tuple[float, float, float]] = {}  # Qt end -> x, line y, height
        self._tag_pixmaps: dict[tuple[str, str, bool, int, int, float], QtGui.QPixmap] = {}
        self._generation = 0  # bumps on every full render; stale chunks see it and stop
        self._styled_to = 0
        self._reset_pending = False
        self._styler: Styler | None = None
        self._press: QtCore.QPoint | None = None
        self.selected: Span | None = None
        self._unpainted = False  # an article is shown and not painted yet
        self._keyboard_selection = False
        # The annotator moved the caret in this article (Enter on an untouched one asks first).
        self.caret_moved = False
        # Per layer, the colour a selected span is highlighted in (annotator.ui.layer_display
        # sets them: a selected quote wears the quote colour); the palette's otherwise.
        self.layer_highlights: dict[str, str] = {}

    # -- content ------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def article_is_painted(self) -> bool:
        """An article is shown and has been painted at least once."""
        return bool(self._text) and not self._unpainted

    @property
    def offsets(self) -> Utf16Map:
        return self._map

    def show_article(
        self, text: str, spans: list[Span], schema: LabelSchema, *, ordered: bool = False
    ) -> None:
        self._text = text
        self._map = Utf16Map(text)
        self._extra, self._notes = [], {}  # another article's: Review mode sets them anew
        if schema is not self._schema:
            self._schema = schema
            self._styler = None  # formats and tags are cached per schema
        self.selected = None
        self.setExtraSelections([])
        self._tag_places.clear()
        # setPlainText gives the new text the caret's character format: a caret
        # left inside a span would paint the whole next article in its label.
        self.setCurrentCharFormat(_PLAIN)
        self.setPlainText(display_text(text))
        self.caret_moved = False
        self.set_spans(spans, fresh=True, ordered=ordered)
        self._unpainted = True

    def set_hidden_layers(self, hidden: set[str]) -> None:
        if hidden != self._hidden:
            self._hidden = set(hidden)
            self.set_spans(self._own, ordered=True)

    def set_hidden_ids(self, ids: set[int]) -> None:
        """Spans (suggestions below the score threshold) neither drawn nor reachable."""
        if ids != self.hidden_ids:
            self.hidden_ids = set(ids)
            self.set_spans(self._own, ordered=True)

    def shows(self, span: Span) -> bool:
        """The span is drawn: its layer is shown and its score is not below the threshold."""
        return span.layer not in self._hidden and span.id not in self.hidden_ids

    def set_spans(
        self,
        spans: list[Span],
        *,
        dirty: tuple[int, int] | None = None,
        fresh: bool = False,
        ordered: bool = False,
    ) -> None:
        """Render ``spans``; with ``dirty`` only that Python range is restyled.

        ``ordered``: ``spans`` are sorted by (start, -end) already (the editor
        keeps them so): an edit of a long article skips sorting them again.
        """
        self._own = list(spans) if ordered else sorted(spans, key=_order)
        self._spans = sorted(self._own + self._extra, key=_order) if self._extra else self._own
        hidden = self._hidden
        ids = self.hidden_ids
        self._visible_spans = (
            [s for s in self._spans if s.layer not in hidden and s.id not in ids]
            if hidden or ids
            else self._spans
        )
        if self.selected is not None:
            selected_id = self.selected.id
            self.selected = next((s for s in self._spans if s.id == selected_id), None)
        if dirty is None:
            # The first screens are styled now, the rest in chunks from the event
            # loop: a long article paints at once and stays responsive.
            self._tags = []
            self._tag_py_ends = []
            self._tag_ends = []
            self._generation += 1
            self._reset_pending = not fresh
            self._styled_to = min(len(self._text), FIRST_CHUNK)
            self._restyle(0, self._styled_to, reset=self._reset_pending)
            self.viewport().update()
            if self._styled_to < len(self._text):
                QtCore.QTimer.singleShot(0, self, functools.partial(self._style_more, self._generation))
        else:
            self._restyle(*dirty)
        self._show_selected()

    def _style_more(self, generation: int) -> None:
        if generation != self._generation or self._styled_to >= len(self._text):
            return
        start, self._styled_to = self._styled_to, min(len(self._text), self._styled_to + CHUNK)
        self._restyle(start, self._styled_to, reset=self._reset_pending)
        if self._styled_to < len(self._text):
            QtCore.QTimer.singleShot(0, self, functools.partial(self._style_more, generation))

    def finish_styling(self) -> None:
        """Style what is left now (screenshots, tests)."""
        while self._styled_to < len(self._text):
            self._style_more(self._generation)

    @property
    def fully_styled(self) -> bool:
        return self._styled_to >= len(self._text)

    def styler(self) -> Styler:
        if self._styler is None:
            self._styler = Styler(self._schema, self.palette(), self.font())
            self._tag_pixmaps.clear()
        return self._styler

    def _visible(self) -> list[Span]:
        return self._visible_spans

    def _quotes(self, spans: list[Span]) -> dict[int, tuple[QtGui.QColor, str, int]]:
        """Per quote: its colour, its speaker (the first source's text) and its last content end."""
        styler = self.styler()
        info: dict[int, tuple[QtGui.QColor, str, int]] = {}
        spans = [s for s in spans if s.quote_id is not None]
        for s in spans:
            if s.layer == QUOTE and s.role == CONTENT:
                colour, speaker, end = info.get(s.quote_id, (styler.colour(s), "", 0))
                info[s.quote_id] = (colour, speaker, max(end, s.end))
        for s in spans:
            if s.role == SOURCE and s.quote_id in info and not info[s.quote_id][1]:
                colour, _, end = info[s.quote_id]
                info[s.quote_id] = (colour, s.text_in(self._text), end)
        return info

    def _restyle(self, start: int, end: int, *, reset: bool = True) -> None:
        """Restyle the Python range [start, end): formats and the tags ending inside it.

        ``reset=False``: the document was just filled, there are no formats to clear.
        """
        styler = self.styler()
        spans = self._visible()
        quotes = self._quotes(spans)
        to_qt = self._map.to_qt
        cursor = QtGui.QTextCursor(self.document())
        cursor.beginEditBlock()
        if reset:
            cursor.setPosition(to_qt(start))
            cursor.setPosition(to_qt(end), _KEEP)
            cursor.setCharFormat(_PLAIN)
        # Tags outside the range stay as they are; those inside are made anew.
        # Tags are sorted by end: the ones inside are one slice of the list.
        low = bisect_right(self._tag_py_ends, start)
        high = bisect_right(self._tag_py_ends, end)
        tags: list[tuple[int, Tag]] = []
        hit = [s for s in spans if s.start < end and s.end > start]
        hit.sort(key=lambda s: _LAYER_ORDER[s.layer])
        for span in hit:
            if span.quote_id is None:
                fmt, tag = styler.plain(span)
            else:
                q = quotes.get(span.quote_id)
                fmt = styler.format(span, q[0] if q else None)
                # Only the last content part of a quote carries its tag.
                last = span.role == CONTENT and (q is None or q[2] == span.end)
                tag = styler.tag(span, q[1] if q else None) if last else None
            if tag is not None and self._notes and span.id in self._notes:
                tag = styler.noted(tag, self._notes[span.id])
            if tag is not None and span.end <= end:
                tags.append((span.end, tag))
            cursor.setPosition(to_qt(span.start if span.start > start else start))
            cursor.setPosition(to_qt(span.end if span.end < end else end), _KEEP)
            cursor.mergeCharFormat(fmt)
        tags.sort(key=_first)
        widths: dict[int, int] = {}
        for tag_end, tag in tags:
            widths[tag_end] = widths.get(tag_end, 0) + tag.width + 2
        for tag_end, width in widths.items():
            cursor.setPosition(to_qt(tag_end - 1))
            cursor.setPosition(to_qt(tag_end), _KEEP)
            cursor.mergeCharFormat(_gap(width))
        cursor.endEditBlock()
        self._tags[low:high] = tags
        self._tag_py_ends[low:high] = [t[0] for t in tags]
        self._tag_ends[low:high] = [to_qt(t[0]) for t in tags]
        self._forget_tag_places(to_qt(start), to_qt(end))
        # No full repaint: the document repaints the blocks whose formats changed,
        # and the tags of a range live in its blocks.

    def _forget_tag_places(self, qstart: int = 0, qend: int | None = None) -> None:
        """Drop cached tag positions in the blocks holding [qstart, qend] (all by default)."""
        if qend is None:
            self._tag_places.clear()
            return
        doc = self.document()
        low = doc.findBlock(qstart).position()
        last = doc.findBlock(qend)
        high = last.position() + last.length() if last.isValid() else doc.characterCount()
        for key in [k for k in self._tag_places if low <= k <= high]:
            del self._tag_places[key]

    # No changeEvent override to catch palette changes: every change event
    # would call into Python, and the first one builds PySide6's QEvent.Type
    # (5-8 ms of a cold start, in setReadOnly). The theme says so instead.
    def restyle(self) -> None:
        """Colour the spans anew (the theme changed): formats and tags follow the palette."""
        self._styler = None  # the next styler() drops the tags drawn in the old colours
        if self._text:
            self.set_spans(self._own, ordered=True)

    def set_extra_spans(self, spans: list[Span], notes: dict[int, str] | None = None) -> None:
        """Show ``spans`` besides the annotator's own (Review mode: the versions'
        spans still to decide, as suggestions), ``notes`` added to their tags.
        Only the range where they changed is restyled."""
        if not spans and not self._extra:
            return
        notes = dict(notes or {})

        def seen(
            items: list[Span], words: dict[int, str]
        ) -> set[tuple[int, int, str, str, str | None, int | None, str | None]]:
            return {(s.start, s.end, s.layer, s.label, s.role, s.id, words.get(s.id or 0)) for s in items}

        changed = seen(spans, notes) ^ seen(self._extra, self._notes)
        self._extra = sorted(spans, key=_order)
        self._notes = notes
        if self._text and changed:
            dirty = (min(c[0] for c in changed), max(c[1] for c in changed))
            self.set_spans(self._own, ordered=True, dirty=dirty)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        self._tag_places.clear()  # lines wrap differently
        super().resizeEvent(event)

    # -- selection ----------------------------------------------------------

    def select_span(self, span: Span | None, *, scroll: bool = True) -> None:
        """Mark ``span`` as the selected one (highlighted) and bring it into view."""
        self.selected = span
        if span is not None and scroll:
            cursor = self.textCursor()
            cursor.setPosition(self._map.to_qt(span.start))
            self.setTextCursor(cursor)
            self.centerCursor()
        self._show_selected()

    def _show_selected(self) -> None:
        if self.selected is None or not self.shows(self.selected):
            self.setExtraSelections([])
            return
        sel = QtWidgets.QTextEdit.ExtraSelection()
        sel.cursor = QtGui.QTextCursor(self.document())
        sel.cursor.setPosition(self._map.to_qt(self.selected.start))
        sel.cursor.setPosition(self._map.to_qt(self.selected.end), QtGui.QTextCursor.MoveMode.KeepAnchor)
        own = self.layer_highlights.get(self.selected.layer)
        if own:
            sel.format.setBackground(solid(own))
            sel.format.setForeground(solid("#ffffff"))
        else:
            sel.format.setBackground(self.palette().color(QtGui.QPalette.ColorRole.Highlight))
            sel.format.setForeground(self.palette().color(QtGui.QPalette.ColorRole.HighlightedText))
        self.setExtraSelections([sel])

    def selection(self) -> tuple[int, int] | None:
        """The text selected with mouse or keyboard, in Python offsets (None when empty)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.range_to_py(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if start < end else None

    def caret(self) -> int:
        return self._map.to_py(self.textCursor().position())

    def set_selection(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` as if the user had (used by tests and span navigation)."""
        cursor = self.textCursor()
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QtGui.QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def zoom(self, steps: int) -> None:
        if steps:
            self.zoomIn(steps)
            self.restyle()

    # -- mouse --------------------------------------------------------------

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if (
            self._press is not None
            and (pos - self._press).manhattanLength() < 4
            and not self.textCursor().hasSelection()
        ):
            self.clicked_at.emit(self.offset_at(pos))
        self._press = None

    def offset_at(self, point: QtCore.QPoint) -> int:
        """The Python offset of the character under a viewport point."""
        cursor = self.cursorForPosition(point)
        qpos = cursor.position()
        if qpos > 0 and point.x() < self.cursorRect(cursor).x():
            qpos -= 1  # the click fell on the right half of the previous character
        return self._map.to_py(qpos)

    def _tag_pixmap(self, tag: Tag, height: int) -> QtGui.QPixmap:
        """A tag drawn once and reused: a page shows dozens, repainted on every edit."""
        ratio = self.devicePixelRatioF()
        key = (tag.text, tag.colour.name(), tag.suggestion, tag.width, height, ratio)
        pixmap = self._tag_pixmaps.get(key)
        if pixmap is not None:
            return pixmap
        styler = self.styler()
        pixmap = QtGui.QPixmap(int(tag.width * ratio), int(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(_TRANSPARENT)
        # Paths and a text layout, not setPen/setBrush/drawText: the first tags
        # are drawn in the cold start's first paint, and those overloads build
        # PySide6's Qt enums (see annotator.ui.qt).
        outline = QtGui.QPainterPath()
        outline.addRoundedRect(QtCore.QRectF(0.5, 0.5, tag.width - 1, height - 1), 3, 3)
        colour = tag.colour
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        if tag.suggestion:
            painter.fillPath(outline, self.palette().brush(QtGui.QPalette.ColorRole.Base))
            dashed = QtGui.QPen()
            dashed.setColor(colour.darker(170))
            dashed.setDashPattern([4.0, 2.0])
            painter.strokePath(outline, dashed)
            ink = self.palette().color(QtGui.QPalette.ColorRole.Text)
        elif styler.dark:
            # On a dark page the spans are dark shades: the tag wears the bright label colour.
            painter.fillPath(outline, solid(colour))
            ink = QtGui.QColor("#111111" if colour.lightness() > 140 else "#ffffff")
        else:
            painter.fillPath(outline, solid(colour.darker(175) if colour.lightness() > 110 else colour))
            ink = QtGui.QColor("#ffffff")
        text = QtGui.QTextLayout(tag.text, styler.tag_font)
        ink_range = QtGui.QTextLayout.FormatRange()
        ink_range.start, ink_range.length = 0, len(tag.text)
        ink_range.format.setForeground(solid(ink))
        text.setFormats([ink_range])
        text.beginLayout()
        line = text.createLine()
        line.setLineWidth(tag.width)
        text.endLayout()
        text.draw(painter, QtCore.QPointF(TAG_PADDING - 1, (height - line.height()) / 2))
        painter.end()
        if len(self._tag_pixmaps) > 2000:
            self._tag_pixmaps.clear()
        self._tag_pixmaps[key] = pixmap
        return pixmap

    # -- painting -----------------------------------------------------------

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        if self._tags:
            painter = QtGui.QPainter(self.viewport())
            try:
                self._paint_tags(painter, event.rect())
            finally:
                painter.end()
        if self._unpainted:
            self._unpainted = False
            if not self._keyboard_selection:
                QtCore.QTimer.singleShot(0, self, self.enable_keyboard_selection)
            self.article_painted.emit()

    def enable_keyboard_selection(self) -> None:
        """Let the caret show and move (Shift+arrows select): read-only views hide it otherwise."""
        if self._keyboard_selection:
            return
        flag = QtCore.Qt.TextInteractionFlag
        self.setTextInteractionFlags(flag.TextSelectableByKeyboard | flag.TextSelectableByMouse)
        self._keyboard_selection = True
        self.cursorPositionChanged.connect(self._on_view_cursor_position_changed)

    def _on_view_cursor_position_changed(self) -> None:
        self.caret_moved = True

    def _paint_tags(self, painter: QtGui.QPainter, area: QtCore.QRect) -> None:
        metrics = self.styler().tag_metrics
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        top, bottom = area.top(), area.bottom()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            # An edit repaints a few lines: tags outside them are left alone.
            if block.isVisible() and geometry.bottom() >= top:
                end_of_block = block.position() + block.length()
                i = bisect_right(self._tag_ends, block.position())
                layout = block.layout()
                while i < len(self._tag_ends) and self._tag_ends[i] <= end_of_block:
                    qend = self._tag_ends[i]
                    j = i
                    while j < len(self._tag_ends) and self._tag_ends[j] == qend:
                        j += 1
                    self._paint_group(
                        painter,
                        layout,
                        geometry,
                        block.position(),
                        qend,
                        [t for _, t in self._tags[i:j]],
                        metrics,
                        (top, bottom),
                    )
                    i = j
            block = block.next()

    def _paint_group(
        self,
        painter: QtGui.QPainter,
        layout: QtGui.QTextLayout,
        geometry: QtCore.QRectF,
        block_pos: int,
        qend: int,
        group: list[Tag],
        metrics: QtGui.QFontMetrics,
        area: tuple[int, int],
    ) -> None:
        place = self._tag_places.get(qend)
        if place is None:
            # cursorToX shapes the line (a fraction of a millisecond): keep the answer
            # until the block is laid out again.
            line = layout.lineForTextPosition(qend - 1 - block_pos)
            if not line.isValid():
                return
            place = self._tag_places[qend] = (line.cursorToX(qend - block_pos)[0], line.y(), line.height())
        x_in_block, line_y, line_height = place
        line_top = geometry.top() + line_y
        if line_top > area[1] or line_top + line_height < area[0]:
            return
        total = sum(t.width + 2 for t in group)
        x = x_in_block + geometry.left() - total
        height = min(line_height - 2, metrics.height() + 2)
        top = geometry.top() + line_y + (line_height - height) / 2
        for tag in group:
            painter.drawPixmap(QtCore.QPointF(x + 1, top), self._tag_pixmap(tag, int(height)))
            x += tag.width + 2

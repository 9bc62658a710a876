"""Light and dark themes, following the system unless the user picks one.

Owns three things:

- the colour maths that keeps span text readable in both themes
  (``label_colours``, ``line_colour``, ``suggestion_colours``): schema colours
  are light pastels made for a white page, so on a dark page they are re-toned
  to a dark shade of the same hue, and the text colour on every span background
  is checked against WCAG's 4.5:1 contrast;
- the page colours of each theme (``THEMES``) that the text view paints with;
- ``ThemeManager``, which applies the Fusion style, a palette and
  ``resources/<theme>.qss`` to the application and follows
  ``QStyleHints.colorSchemeChanged`` while its mode is ``"system"``.

Fusion is used on every platform so both themes look the same everywhere and
the style sheets meet one style, not five.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from functools import lru_cache

from annotator.resources import read_text
from annotator.ui.qt import QtCore, QtGui, QtWidgets, Signal

LIGHT = "light"
DARK = "dark"
SYSTEM = "system"
MODES = (SYSTEM, LIGHT, DARK)
SETTINGS_KEY = "ui/theme"
# WCAG 2 AA for normal text; the target for every span's text.
READABLE = 4.5
# Quote underlines and margin bars are not text: WCAG's 3:1 for graphics.
VISIBLE = 3.0


@dataclass(frozen=True, slots=True)
class ThemeColours:
    """The page colours the text view paints with, as ``#rrggbb``."""

    name: str
    page: str  # article background
    text: str  # article text
    dim: str  # boilerplate text: legible, but out of the way
    selection: str
    selection_text: str
    window: str
    button: str
    panel_text: str
    mid: str  # borders, splitter handles


THEMES = {
    LIGHT: ThemeColours(
        name=LIGHT,
        page="#ffffff",
        text="#1b1b1b",
        dim="#8a8a8a",
        selection="#2f6fd6",
        selection_text="#ffffff",
        window="#f3f3f3",
        button="#e9e9e9",
        panel_text="#1b1b1b",
        mid="#c8c8c8",
    ),
    DARK: ThemeColours(
        name=DARK,
        page="#1e1f22",
        text="#e4e4e4",
        dim="#7c7f86",
        selection="#3f7be0",
        selection_text="#ffffff",
        window="#2b2d30",
        button="#36383c",
        panel_text="#dcdcdc",
        mid="#4a4d52",
    ),
}


# ---- colour maths (pure; cached because the view asks once per span) ----


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        raise ValueError(f"colour {colour!r}: expected #rrggbb")
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _with_lightness(colour: str, lightness: float, saturation_scale: float = 1.0) -> str:
    h, _, s = colorsys.rgb_to_hls(*_rgb(colour))
    return _hex(colorsys.hls_to_rgb(h, lightness, min(1.0, s * saturation_scale)))


def _readable(background: str, theme: str) -> tuple[str, str]:
    """(foreground, background): the theme's text colour if it reads on the
    background, else the opposite one, else pure black or white; if even that
    falls short (mid-tones), the background is shaded away from the text."""
    light_text, dark_text = THEMES[DARK].text, THEMES[LIGHT].text
    preferred = dark_text if theme == LIGHT else light_text
    candidates = (preferred, light_text if preferred == dark_text else dark_text, "#000000", "#ffffff")
    for foreground in candidates:
        if contrast(background, foreground) >= READABLE:
            return foreground, background
    foreground = max(("#000000", "#ffffff"), key=lambda fg: contrast(background, fg))
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(background))
    step = 0.02 if foreground == "#000000" else -0.02
    while contrast(background, foreground) < READABLE and 0.0 < lightness < 1.0:
        lightness += step
        background = _hex(colorsys.hls_to_rgb(h, min(1.0, max(0.0, lightness)), s))
    return foreground, background


@lru_cache(maxsize=512)
def label_colours(colour: str, theme: str) -> tuple[str, str]:
    """(foreground, background) for text inside a span of this label colour.

    Light theme: the schema colour itself, with dark or light text, whichever
    is readable (a mid-tone that suits neither is shaded just enough). Dark theme: a dark shade of the same hue (pastels would glare
    on a dark page and wash out light text), darkened until light text on it
    reaches 4.5:1.
    """
    if theme == LIGHT:
        return _readable(_hex(_rgb(colour)), LIGHT)
    text = THEMES[DARK].text
    lightness = 0.34
    background = _with_lightness(colour, lightness, 0.6)
    while contrast(background, text) < READABLE and lightness > 0.05:
        lightness -= 0.02
        background = _with_lightness(colour, lightness, 0.6)
    return _readable(background, DARK)


@lru_cache(maxsize=512)
def line_colour(colour: str, theme: str) -> str:
    """A label colour for lines (quote underline, margin bar) visible on the page."""
    page = THEMES[theme].page
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    step = -0.03 if theme == LIGHT else 0.03
    line = _hex(_rgb(colour))
    while contrast(line, page) < VISIBLE and 0.0 < lightness < 1.0:
        lightness += step
        line = _hex(colorsys.hls_to_rgb(h, min(1.0, max(0.0, lightness)), s))
    return line


@lru_cache(maxsize=512)
def suggestion_colours(colour: str, theme: str) -> tuple[str, str]:
    """(foreground, background) for a suggestion: half-way to the page, so an
    accepted span stands out from one still waiting; the text stays readable."""
    _, solid = label_colours(colour, theme)
    page = _rgb(THEMES[theme].page)
    background = _hex(tuple((a + b) / 2 for a, b in zip(_rgb(solid), page, strict=True)))  # type: ignore[arg-type]
    return _readable(background, theme)


# ---- applying a theme to the application ----


def desktop_theme() -> str | None:
    """The colour scheme the desktop asks for, or None when it does not say."""
    scheme = QtGui.QGuiApplication.styleHints().colorScheme()
    if scheme == QtCore.Qt.ColorScheme.Dark:
        return DARK
    if scheme == QtCore.Qt.ColorScheme.Light:
        return LIGHT
    return None


def system_theme(*, ask_desktop: bool = True) -> str:
    """What the desktop asks for; with no answer (or not asked), judged from the palette.

    ``ask_desktop=False`` is for the cold start: the desktop answers with a
    ``Qt`` enum, and the first one PySide6 hands out builds all 94 of them
    (~25 ms). Where Qt knows the desktop's scheme, the platform palette
    follows it already, so the palette gives the same answer.
    """
    theme = desktop_theme() if ask_desktop else None
    if theme is not None:
        return theme
    window = QtGui.QGuiApplication.palette().color(QtGui.QPalette.ColorRole.Window)
    return DARK if window.lightness() < 128 else LIGHT


def palette_for(theme: str) -> QtGui.QPalette:
    c = THEMES[theme]
    role = QtGui.QPalette.ColorRole
    palette = QtGui.QPalette()
    for r, value in (
        (role.Window, c.window),
        (role.WindowText, c.panel_text),
        (role.Base, c.page),
        (role.AlternateBase, c.window),
        (role.Text, c.text),
        (role.Button, c.button),
        (role.ButtonText, c.panel_text),
        (role.BrightText, "#ff5555"),
        (role.Highlight, c.selection),
        (role.HighlightedText, c.selection_text),
        (role.ToolTipBase, c.window),
        (role.ToolTipText, c.panel_text),
        (role.PlaceholderText, c.dim),
        (role.Mid, c.mid),
        (role.Midlight, c.button),
        (role.Dark, c.mid),
        (role.Shadow, "#000000"),
        (role.Link, "#4c8de8" if theme == DARK else "#1a5fb4"),
    ):
        palette.setColor(r, QtGui.QColor(value))
    disabled = QtGui.QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, r, QtGui.QColor(c.dim))
    return palette


class ThemeManager(QtCore.QObject):
    """Keeps the application in the chosen theme; ``theme_changed`` tells views
    to re-colour their spans (with ``label_colours(colour, theme)``)."""

    theme_changed = Signal(str)

    def __init__(
        self,
        *,
        app: QtWidgets.QApplication | None = None,
        settings: QtCore.QSettings | None = None,
        fusion: bool = False,
        watch_desktop: bool = True,
        parent: QtCore.QObject | None = None,
    ) -> None:
        """``fusion``: the application was started in the Fusion style (``-style
        fusion``), so there is no need to ask: asking (``app.style()``) makes
        PySide6 build its ``QStyle`` type, ~10 ms of a cold start.

        ``watch_desktop=False`` (the cold start): judge the theme from the
        palette and leave asking the desktop to ``watch_desktop()``, which the
        window calls right after its first paint (see ``system_theme``)."""
        super().__init__(parent)
        self._app = app or QtWidgets.QApplication.instance()
        self._fusion = fusion
        self._settings = settings
        stored = settings.value(SETTINGS_KEY, SYSTEM) if settings is not None else SYSTEM
        self._mode = stored if stored in MODES else SYSTEM
        self._theme = ""
        self._watching = False
        self.apply(ask_desktop=watch_desktop)
        if watch_desktop:
            self.watch_desktop()

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def theme(self) -> str:
        """The theme now shown: ``"light"`` or ``"dark"``."""
        return self._theme

    @property
    def colours(self) -> ThemeColours:
        return THEMES[self._theme]

    def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"theme {mode!r}: choose one of {', '.join(MODES)}")
        self._mode = mode
        if self._settings is not None:
            self._settings.setValue(SETTINGS_KEY, mode)
        self.apply()

    def watch_desktop(self) -> None:
        """Follow the desktop's colour scheme from now on, and ask it once now
        (putting right a quick start's guess from the palette)."""
        if self._watching:
            return
        self._watching = True
        QtGui.QGuiApplication.styleHints().colorSchemeChanged.connect(
            self._on_style_hints_color_scheme_changed
        )
        if self._mode == SYSTEM:
            theme = desktop_theme()
            if theme is not None:
                self.apply(theme)

    def apply(self, scheme_theme: str | None = None, *, ask_desktop: bool = True) -> None:
        theme = (
            self._mode if self._mode != SYSTEM else (scheme_theme or system_theme(ask_desktop=ask_desktop))
        )
        if theme == self._theme:
            return
        self._theme = theme
        # Often Fusion already (Linux without a desktop): setting it again
        # re-polishes every widget for nothing, at start-up too. Only this
        # class sets the style, so once Fusion, it stays Fusion.
        if not self._fusion:
            if self._app.style().name().lower() != "fusion":
                self._app.setStyle("Fusion")
            self._fusion = True
        self._app.setPalette(palette_for(theme))
        self._app.setStyleSheet(read_text(f"{theme}.qss"))
        self.theme_changed.emit(theme)

    # No @Slot(Qt.ColorScheme): naming the type at import builds the Qt enums.
    def _on_style_hints_color_scheme_changed(self, scheme: QtCore.Qt.ColorScheme) -> None:
        if self._mode != SYSTEM:
            return
        if scheme == QtCore.Qt.ColorScheme.Dark:
            self.apply(DARK)
        elif scheme == QtCore.Qt.ColorScheme.Light:
            self.apply(LIGHT)
        else:
            self.apply()

    def actions(self, parent: QtCore.QObject) -> list[QtGui.QAction]:
        """Checkable View-menu actions: follow the system, light, dark."""
        group = QtGui.QActionGroup(parent)
        out = []
        for mode, text in (
            (SYSTEM, "Theme: follow the &system"),
            (LIGHT, "Theme: &light"),
            (DARK, "Theme: &dark"),
        ):
            action = QtGui.QAction(text, parent)
            action.setObjectName(f"theme-{mode}")
            action.setCheckable(True)
            action.setChecked(mode == self._mode)
            action.setProperty("category", "View")
            action.triggered.connect(lambda _checked=False, m=mode: self.set_mode(m))
            group.addAction(action)
            out.append(action)
        return out

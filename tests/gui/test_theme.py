"""Themes: readable span colours in light and dark, and following the system."""

from __future__ import annotations

import colorsys

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from annotator.model import LabelSchema
from annotator.model.labels import FALLBACK_COLOURS
from annotator.resources import default_schema_text, read_text
from annotator.ui.theme import (
    DARK,
    LIGHT,
    THEMES,
    ThemeManager,
    contrast,
    label_colours,
    line_colour,
    luminance,
    suggestion_colours,
)

SCHEMA_COLOURS = sorted({label.colour for label in LabelSchema.from_toml(default_schema_text())})
ALL_COLOURS = SCHEMA_COLOURS + list(FALLBACK_COLOURS)


@pytest.mark.parametrize("theme", [LIGHT, DARK])
@pytest.mark.parametrize("colour", ALL_COLOURS)
def test_text_on_every_label_colour_is_readable(colour, theme):
    foreground, background = label_colours(colour, theme)
    assert contrast(foreground, background) >= 4.5
    fg, bg = suggestion_colours(colour, theme)
    assert contrast(fg, bg) >= 4.5
    assert contrast(line_colour(colour, theme), THEMES[theme].page) >= 3.0


@pytest.mark.parametrize("colour", SCHEMA_COLOURS)
def test_dark_theme_tones_pastels_down_but_keeps_their_hue(colour):
    _, background = label_colours(colour, DARK)
    assert luminance(background) < 0.2  # no glaring pastel block on a dark page
    h1, _, s1 = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    h2, _, _ = colorsys.rgb_to_hls(*(int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    if s1 > 0.2:  # greys have no hue to keep
        assert min(abs(h1 - h2), 1 - abs(h1 - h2)) < 0.03


def test_light_theme_keeps_the_schema_colour():
    assert label_colours("#f4a6a6", LIGHT) == (THEMES[LIGHT].text, "#f4a6a6")
    # A dark quote colour gets light text.
    foreground, background = label_colours("#2171b5", LIGHT)
    assert (background, luminance(foreground) > 0.8) == ("#2171b5", True)


@pytest.mark.parametrize("theme", [LIGHT, DARK])
def test_a_suggestion_looks_different_from_an_accepted_span(theme):
    assert suggestion_colours("#9ecae1", theme)[1] != label_colours("#9ecae1", theme)[1]


@pytest.fixture
def app_state(qapp):
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    yield qapp
    # Only when it changed: a new style object under a style sheet, with a
    # previous test's windows still waiting for deletion, crashes the next
    # setStyleSheet (Qt); the program itself sets the style once, before any window.
    if qapp.style().name() != style:
        qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _emit_scheme(scheme):
    # The offscreen platform cannot change its colour scheme; emit what a
    # desktop does when the user switches.
    QGuiApplication.styleHints().colorSchemeChanged.emit(scheme)


def test_follows_the_system_colour_scheme(qtbot, app_state, settings):
    manager = ThemeManager(settings=settings)
    start = manager.theme
    other = DARK if start == LIGHT else LIGHT
    with qtbot.waitSignal(manager.theme_changed, timeout=2000) as blocker:
        _emit_scheme(Qt.ColorScheme.Dark if other == DARK else Qt.ColorScheme.Light)
    assert blocker.args == [other]
    assert manager.theme == other
    assert app_state.styleSheet() == read_text(f"{other}.qss")
    base = app_state.palette().color(QPalette.ColorRole.Base).name()
    assert base == THEMES[other].page
    with qtbot.waitSignal(manager.theme_changed, timeout=2000):
        _emit_scheme(Qt.ColorScheme.Light if other == DARK else Qt.ColorScheme.Dark)
    assert manager.theme == start


def test_a_chosen_theme_ignores_the_system_and_is_remembered(qtbot, app_state, settings):
    manager = ThemeManager(settings=settings)
    manager.set_mode(DARK)
    assert manager.theme == DARK
    with qtbot.assertNotEmitted(manager.theme_changed):
        _emit_scheme(Qt.ColorScheme.Light)
    assert manager.theme == DARK
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    again = ThemeManager(settings=QSettings(settings.fileName(), QSettings.Format.IniFormat))
    assert again.mode == DARK


def test_view_menu_actions_switch_the_theme(qtbot, app_state, settings):
    manager = ThemeManager(settings=settings)
    actions = {a.objectName(): a for a in manager.actions(manager)}
    assert actions["theme-system"].isChecked()
    actions["theme-light"].trigger()
    assert manager.theme == LIGHT
    actions["theme-dark"].trigger()
    assert manager.theme == DARK
    assert settings.value("ui/theme") == DARK


def test_unknown_mode_is_refused(app_state):
    with pytest.raises(ValueError, match="choose one of system, light, dark"):
        ThemeManager().set_mode("sepia")


def test_a_quick_start_asks_the_desktop_once_the_window_calls(qtbot, app_state, settings):
    """``watch_desktop=False`` (the cold start) judges from the palette and does not
    follow the desktop until ``watch_desktop()``; from then on it does."""
    manager = ThemeManager(settings=settings, watch_desktop=False)
    start = manager.theme
    assert start == (
        DARK if app_state.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT
    )
    other = DARK if start == LIGHT else LIGHT
    with qtbot.assertNotEmitted(manager.theme_changed):
        _emit_scheme(Qt.ColorScheme.Dark if other == DARK else Qt.ColorScheme.Light)
    assert manager.theme == start
    manager.watch_desktop()
    with qtbot.waitSignal(manager.theme_changed, timeout=2000) as blocker:
        _emit_scheme(Qt.ColorScheme.Dark if other == DARK else Qt.ColorScheme.Light)
    assert blocker.args == [other]
    assert app_state.palette().color(QPalette.ColorRole.Base).name() == THEMES[other].page

"""Stored shortcuts applied to the window's actions at start-up.

Split from ``annotator.ui.keymap`` (the remapping dialog) so the window
starts without building the dialog's classes: this module holds only what
start-up needs. ``keymap`` re-exports every name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.ui.qt import QtCore, QtGui


def plain(text: str) -> str:
    """Menu text without mnemonics or the trailing ellipsis: "&Export…" -> "Export"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


PREFIX = "keys/"
_PORTABLE = QtGui.QKeySequence.SequenceFormat.PortableText
_NATIVE = QtGui.QKeySequence.SequenceFormat.NativeText


def keys_to_text(keys: Sequence[QtGui.QKeySequence]) -> str:
    return "; ".join(k.toString(_PORTABLE) for k in keys if not k.isEmpty())


def keys_from_text(text: str) -> list[QtGui.QKeySequence]:
    return [QtGui.QKeySequence(part.strip()) for part in text.split(";") if part.strip()]


def _remember_default(action: QtGui.QAction) -> str:
    default = action.property("default_keys")
    if not isinstance(default, str):
        default = keys_to_text(action.shortcuts())
        action.setProperty("default_keys", default)
    return default


def default_keys(action: QtGui.QAction) -> list[QtGui.QKeySequence]:
    return keys_from_text(_remember_default(action))


def _remappable(actions: Iterable[QtGui.QAction]) -> list[QtGui.QAction]:
    return [a for a in actions if a.objectName() and not a.isSeparator()]


def apply_keymap(actions: Iterable[QtGui.QAction], settings: QtCore.QSettings) -> list[str]:
    """Give each action its stored keys; returns one line per stored key refused."""
    actions = _remappable(actions)
    for action in actions:
        _remember_default(action)
    wanted: dict[str, list[QtGui.QKeySequence]] = {}
    for action in actions:
        name = PREFIX + action.objectName()
        stored = settings.value(name)
        wanted[action.objectName()] = (
            keys_from_text(stored) if isinstance(stored, str) else default_keys(action)
        )
    problems = []
    owner: dict[str, str] = {}
    # Defaults claim their keys first, so a clashing stored key is the one refused.
    ordered = sorted(actions, key=lambda a: keys_to_text(wanted[a.objectName()]) != _remember_default(a))
    for action in ordered:
        keys = wanted[action.objectName()]
        clash = next((owner[k.toString(_PORTABLE)] for k in keys if k.toString(_PORTABLE) in owner), None)
        if clash is not None:
            problems.append(
                f"{keys_to_text(keys)} for '{plain(action.text())}' is already the key of '{clash}': "
                "kept the default"
            )
            keys = [k for k in default_keys(action) if k.toString(_PORTABLE) not in owner]
        for key in keys:
            owner[key.toString(_PORTABLE)] = plain(action.text())
        action.setShortcuts(keys)
    return problems

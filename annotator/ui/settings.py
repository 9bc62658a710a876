"""Where the window keeps its state (``QSettings``): layout, font size, keys.

Annotations never go here; they live in SQLite alone. On Linux the file is
``$XDG_CONFIG_HOME/annotator/annotator.conf``, looked up on every call: Qt
caches the config directory once per process, which would make tests (and a
changed ``XDG_CONFIG_HOME``) share one file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from annotator.ui.qt import QtCore

ORGANISATION = "annotator"
APPLICATION = "annotator"


def app_settings() -> QtCore.QSettings:
    """The settings store every part of the window uses."""
    if sys.platform.startswith("linux"):
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        return QtCore.QSettings(
            str(base / ORGANISATION / f"{APPLICATION}.conf"), QtCore.QSettings.Format.IniFormat
        )
    return QtCore.QSettings(ORGANISATION, APPLICATION)

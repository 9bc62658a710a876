"""The one way to reach the files in ``resources/`` (shipped in the wheel).

Installed, ``resources/`` is the package ``annotator._resources``; names are
relative paths inside it. Absolute paths and ``..`` are refused so a caller can
never read outside it.
"""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

_PACKAGE = "annotator._resources"


def _checked(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"resource name {name!r} must be a relative path inside resources/")
    return path


def resource(name: str) -> Traversable:
    """A handle on ``resources/<name>``; raises FileNotFoundError if missing."""
    node = importlib.resources.files(_PACKAGE)
    for part in _checked(name).parts:
        node = node.joinpath(part)
    if not node.is_file() and not node.is_dir():
        raise FileNotFoundError(f"resource {name!r} is not shipped with annotator")
    return node


def read_text(name: str) -> str:
    return resource(name).read_text(encoding="utf-8")


def read_bytes(name: str) -> bytes:
    return resource(name).read_bytes()


def default_schema_text() -> str:
    return read_text("labels.toml")

"""The one way to reach the files in ``resources/`` (shipped in the wheel).

Installed, ``resources/`` is the package ``annotator._resources``; names are
relative paths inside it. Absolute paths and ``..`` are refused so a caller can
never read outside it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_PACKAGE = "annotator._resources"


def _checked(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"resource name {name!r} must be a relative path inside resources/")
    return path


def _folder() -> Path | None:
    """The resources package as a plain folder, when it is one (a normal or editable install).

    ``importlib.resources`` costs 25 ms to import, a tenth of the window's
    start-up; a folder on disk needs only the import system's own spec.
    """
    spec = importlib.util.find_spec(_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if len(locations) == 1 and Path(locations[0]).is_dir() else None


def resource(name: str) -> Traversable:
    """A handle on ``resources/<name>``; raises FileNotFoundError if missing."""
    import importlib.resources

    node = importlib.resources.files(_PACKAGE)
    for part in _checked(name).parts:
        node = node.joinpath(part)
    if not node.is_file() and not node.is_dir():
        raise FileNotFoundError(f"resource {name!r} is not shipped with annotator")
    return node


def read_text(name: str) -> str:
    return read_bytes(name).decode("utf-8")


def read_bytes(name: str) -> bytes:
    folder = _folder()
    if folder is not None:
        path = folder.joinpath(*_checked(name).parts)
        if path.is_file():
            return path.read_bytes()
    return resource(name).read_bytes()


def default_schema_text() -> str:
    return read_text("labels.toml")

"""Resources are found through one helper that never reads outside resources/."""

from __future__ import annotations

import pytest

from annotator import resources


def test_shipped_files_are_read() -> None:
    assert resources.read_text("labels.toml").count("[[label]]") >= 29
    assert resources.read_text("dark.qss").strip()


@pytest.mark.parametrize("name", ["/etc/passwd", "../pyproject.toml", "icons/../../README.md", ""])
def test_paths_outside_resources_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="relative path inside resources"):
        resources.read_text(name)


def test_missing_resource_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="not shipped"):
        resources.read_text("no-such-file.toml")


def test_fast_path_and_importlib_resources_agree() -> None:
    assert resources.read_bytes("labels.toml") == resources.resource("labels.toml").read_bytes()

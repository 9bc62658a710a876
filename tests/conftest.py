"""Shared fixtures: temporary databases, the fixture folder, offscreen Qt."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Qt renders offscreen unless a test run asks for a real window (--headed).
if "--headed" not in sys.argv:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--headed", action="store_true", help="show Qt windows on the real display")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def store(db_path: Path):
    from annotator.store import Store

    s = Store(db_path)
    s.ensure_annotator("ann")
    yield s
    s.close()


@pytest.fixture(scope="session")
def pg_server():  # noqa: ANN201 - a generator fixture
    """A real PostgreSQL server for this test session (this xdist worker), stopped after.

    Where no server binaries are installed the tests that need one skip, saying
    so; under CI (``CI`` set) that is an error instead, since ``make setup``
    installs Debian's ``postgresql``."""
    from pg_server import find_bindir, running_server

    if find_bindir() is None:
        message = "no PostgreSQL server here (Debian package postgresql; make setup installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with running_server() as server:
        yield server


@pytest.fixture
def pg_url(pg_server) -> str:  # noqa: ANN001
    """The URL of a fresh, empty database on the session's server, dropped after the test."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QSettings and the user data dir point into the test's own folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def mounted_tmpfs(point: Path, size: str):  # noqa: ANN201 - a generator for fixtures
    """Mount a tmpfs of ``size`` (``"2m"``) on ``point`` for a full-disk test, and yield it;
    skip where mounting is not allowed (root and mount(8) are needed)."""
    import subprocess

    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], capture_output=True, timeout=30
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True, timeout=30)

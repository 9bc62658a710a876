"""Shared fixtures: temporary databases, the fixture folder, offscreen Qt."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from backends import BACKENDS

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


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The store's backend: every test of a project runs on both (ids ``[sqlite]``, ``[postgres]``)."""
    return str(request.param)


@pytest.fixture
def project(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """Where a new project goes on the test's backend: a file path, or the URL of a fresh
    empty schema on the session's server (``pg_schema_url``)."""
    if backend == "sqlite":
        return db_path
    return str(request.getfixturevalue("pg_schema_url"))


class _Admin:
    """An admin connection to the projects' database that comes back after a server restart
    (some [postgres] tests restart or stop the session's server)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn = None

    def execute(self, sql: str, params: list[object] | None = None) -> None:
        import psycopg

        for attempt in (1, 2):
            if self.conn is None or self.conn.closed or self.conn.broken:
                if self.conn is not None:
                    self.conn.close()
                self.conn = psycopg.connect(self.url, autocommit=True)
            try:
                self.conn.execute(sql, params)
                return
            except psycopg.OperationalError:
                self.conn.close()
                if attempt == 2:
                    raise

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


@pytest.fixture(scope="session")
def _pg_projects(pg_server):  # noqa: ANN001, ANN202 - a generator fixture
    """One database of the session's server for the projects of the [postgres] tests, and
    an admin connection to it: a schema per test costs milliseconds, a database a third
    of a second, over several hundred tests."""
    name = pg_server.create_database("projects")
    admin = _Admin(pg_server.url(name))
    yield pg_server, name, admin
    admin.close()


@pytest.fixture
def pg_schema_url(_pg_projects) -> str:  # noqa: ANN001
    """A URL whose project lives in a new, empty schema (``search_path``), dropped after the test.

    A project is whatever the URL's current schema holds, so this is as fresh as
    ``pg_url``'s new database."""
    import uuid

    server, database, admin = _pg_projects
    schema = f"p_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{server.url(database)}&options=-csearch_path%3D{schema}"
    # Connections a test left open belong to this test alone (a worker runs one at a time).
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [database],
    )
    admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def new_project(backend: str, tmp_path: Path, request: pytest.FixtureRequest):  # noqa: ANN201
    """Make the target of another new project on the test's backend: ``new_project("a")``."""
    import uuid

    made: list[str] = []

    def make(name: str = "p") -> Path | str:
        if backend == "sqlite":
            return tmp_path / f"{name}.db"
        server, database, admin = request.getfixturevalue("_pg_projects")
        made.append(f"{name}_{uuid.uuid4().hex[:12]}")
        admin.execute(f'CREATE SCHEMA "{made[-1]}"')
        return f"{server.url(database)}&options=-csearch_path%3D{made[-1]}"

    yield make
    if made:
        _, database, admin = request.getfixturevalue("_pg_projects")
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        for schema in made:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def store(project: Path | str):
    from annotator.store import Store

    s = Store(project)
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

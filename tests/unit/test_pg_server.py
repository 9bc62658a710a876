"""The test PostgreSQL server itself: it starts, answers, restarts and checks passwords over TCP."""

from __future__ import annotations

import subprocess


def test_fresh_database_is_empty_and_answers(pg_server, pg_url) -> None:
    name = pg_url.split("/")[3].split("?")[0]
    tables = pg_server.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", name)
    assert tables.strip() == "0"


def test_server_runs_as_unprivileged_user(pg_server) -> None:
    owner = pg_server.psql("SELECT current_setting('data_directory')").strip()
    assert owner == str(pg_server.datadir)
    assert pg_server.psql("SHOW listen_addresses").strip() == "127.0.0.1"


def test_tcp_needs_the_password(pg_server) -> None:
    pg_server.create_role("pw_probe", "right-one")
    psql = str(pg_server.bindir / "psql")

    def connect(password: str) -> int:
        url = pg_server.tcp_url("postgres", "pw_probe", password)
        return subprocess.run([psql, "-X", url, "-c", "SELECT 1"], capture_output=True, timeout=60).returncode

    assert connect("right-one") == 0
    assert connect("wrong-one") != 0

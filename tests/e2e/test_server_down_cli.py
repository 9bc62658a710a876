"""Commands on a PostgreSQL project whose server is down (issue 13): exit 1 with
one line naming the server, never a traceback; once it is back they work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import Store


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def project(pg_url: str) -> str:
    from annotator.model import Article

    with Store(pg_url) as store:
        store.add_articles([Article(text="Oslo stayed cold all week.", title="Oslo")], annotator="ann")
    return pg_url


@pytest.mark.parametrize(
    "command",
    [
        ["stats", "{url}"],
        ["stats", "{url}", "--json"],
        ["import", "{url}", "{txt}"],
        ["export", "{url}", "{out}"],
        ["agreement", "{url}"],
        ["open", "{url}", "--annotator", "ann"],
    ],
    ids=lambda c: " ".join(c[:1] + [a for a in c[2:] if a.startswith("-")]),
)
def test_a_command_on_a_stopped_server_says_so_in_one_line(
    command, project, pg_server, tmp_path, fixtures
) -> None:
    txt = fixtures / "txt"
    args = [a.format(url=project, txt=txt, out=tmp_path / "out") for a in command]
    pg_server.stop()
    try:
        done = run_cli(*args)
    finally:
        pg_server.start()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: cannot reach the PostgreSQL server at ")
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert not (tmp_path / "out").exists()
    assert run_cli("stats", project).returncode == 0  # back: the same command works

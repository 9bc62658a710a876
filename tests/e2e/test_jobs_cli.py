"""``--jobs`` end to end: bad values are one line, Ctrl+C stops a pooled export cleanly (issue 13)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from export_helpers import build
from typer.testing import CliRunner

from annotator.cli import app
from annotator.jobs import POOL_THRESHOLD


@pytest.mark.parametrize("command", ["export", "suggest"])
@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_one_line_and_exit_1(tmp_path: Path, command: str, jobs: str) -> None:
    build(tmp_path / "a.db", n=3).close()
    args = [str(tmp_path / "out")] if command == "export" else ["--layer", "quote", "--articles", "all"]
    result = CliRunner().invoke(app, [command, str(tmp_path / "a.db"), *args, "--jobs", jobs])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"error: --jobs {jobs}: give a number of processes of 1 or more (1: no worker processes)"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_ctrl_c_stops_a_pooled_export_leaving_nothing(tmp_path: Path) -> None:
    articles = 3 * POOL_THRESHOLD
    build(tmp_path / "a.db", n=articles).close()
    out = tmp_path / "exports" / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "export", str(tmp_path / "a.db"), str(out), "--jobs", "2"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        # Its own process group, as a terminal's foreground job: Ctrl+C reaches the workers
        # too. A shell gives its foreground job the default SIGINT, whatever it had itself
        # (pytest-xdist's workers ignore SIGINT, and a child would inherit that).
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    assert proc.stderr is not None
    try:
        # The first progress line ("\rexported 64/..."): the workers are running.
        first = proc.stderr.read(len("\rexported "))
        assert first.strip() == "exported", first
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert err.rstrip().endswith(f"interrupted: nothing was written to {out}")
    assert "Traceback" not in err
    assert not (tmp_path / "exports").exists()
    # The workers are gone with the parent (multiprocessing's resource tracker follows
    # once its pipe closes): no live process of that group is left.
    deadline = time.monotonic() + 15
    while (left := _live(proc.pid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _live(group: int) -> list[str]:
    ps = subprocess.run(["ps", "-e", "-o", "pgid=,stat=,args="], capture_output=True, text=True)
    return [
        line
        for line in ps.stdout.splitlines()
        if line.split()[0] == str(group) and not line.split()[1].startswith("Z")
    ]

"""``--jobs`` end to end: bad values are one line, Ctrl+C stops a pooled export cleanly (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_helpers import build
from terminal import ctrl_c, foreground, processes_left
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
    with foreground("export", str(tmp_path / "a.db"), str(out), "--jobs", "2") as proc:
        assert proc.stderr is not None
        # The first progress line ("\rexported 64/..."): the workers are running.
        first = proc.stderr.read(len("\rexported "))
        assert first.strip() == "exported", first
        err = ctrl_c(proc)
    assert proc.returncode == 130, err
    assert err.rstrip().endswith(f"interrupted: nothing was written to {out}")
    assert "Traceback" not in err
    assert not (tmp_path / "exports").exists()
    # The workers are gone with the parent (multiprocessing's resource tracker follows
    # once its pipe closes): no live process of that group is left.
    assert not processes_left(proc.pid)

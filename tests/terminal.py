"""A command run as a terminal's foreground job, for Ctrl+C tests.

Its own process group, as a shell makes it: Ctrl+C reaches the whole group (worker
and training processes too). A shell gives its foreground job the default SIGINT,
whatever it had itself (pytest-xdist's workers ignore SIGINT, and a child would
inherit that).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def foreground(*args: str) -> Iterator[subprocess.Popen[str]]:
    """``python -m annotator ARGS`` in its own process group, its stderr a pipe; the group
    is killed on the way out when it still runs (a failed test)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def ctrl_c(proc: subprocess.Popen[str], *, timeout: float = 120) -> str:
    """Ctrl+C to the job's whole group; waits for it to end and returns the rest of its stderr."""
    os.killpg(proc.pid, signal.SIGINT)
    return proc.communicate(timeout=timeout)[1]


def processes_left(group: int, *, within: float = 15) -> list[str]:
    """The live processes of ``group`` still there after ``within`` seconds (none: [])."""
    deadline = time.monotonic() + within
    while (left := _live(group)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _live(group: int) -> list[str]:
    ps = subprocess.run(["ps", "-e", "-o", "pgid=,stat=,args="], capture_output=True, text=True)
    return [
        line
        for line in ps.stdout.splitlines()
        if line.split()[0] == str(group) and not line.split()[1].startswith("Z")
    ]

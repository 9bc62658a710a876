"""Corpus jobs on every core: a process pool over article batches, in order.

``export`` and ``suggest`` hand batches of article ids to worker processes
(``spawn`` context, so a pool also starts from the window's worker thread and
no worker inherits Qt or an open connection). Each worker opens the project
itself, read-only, and sends back small results; the parent consumes them in
submission order (so the output is the same, byte for byte, as one process
makes) and stays the only writer.

``jobs=1`` is the in-process path with no pool. A corpus under
``POOL_THRESHOLD`` articles stays in-process too: starting a worker (a fresh
interpreter importing spaCy) takes 1-5 s, while one process exports about 130
articles a second, so a small corpus gains nothing.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from multiprocessing import get_context
from typing import Any

# Below this many articles a job runs in-process (docs/benchmarks.md, "Corpus jobs").
POOL_THRESHOLD = 500
# Articles per task: small enough that a cancel is honoured within a fraction of a
# second, large enough that a result's round trip is noise.
BATCH = 64
# How long a stop waits for the running tasks to end before it ends their workers.
STOP_WAIT_S = 10.0


class JobsError(ValueError):
    """A ``jobs`` value that is not a positive number of processes."""


def default_jobs() -> int:
    """All cores this process may use."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    n = counter() if counter is not None else None
    if n is None and hasattr(os, "sched_getaffinity"):
        n = len(os.sched_getaffinity(0))
    return max(1, n or os.cpu_count() or 1)


def check_jobs(jobs: int | None) -> int:
    """``None`` -> every core; below 1 is refused with one line."""
    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise JobsError(f"--jobs {jobs}: give a number of processes of 1 or more (1: no worker processes)")
    return jobs


def pool_size(jobs: int | None, articles: int, *, threshold: int | None = None) -> int:
    """How many worker processes a job over ``articles`` articles uses (1: in-process)."""
    n = check_jobs(jobs)
    floor = POOL_THRESHOLD if threshold is None else threshold
    if n == 1 or articles < max(floor, 2):
        return 1
    return min(n, max(1, articles // BATCH))


def _ignore_sigint(init: Callable[..., None] | None, args: tuple[Any, ...]) -> None:
    # Ctrl+C reaches the whole process group: the parent decides, workers just stop
    # when it shuts the pool down, without a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if init is not None:
        init(*args)


def batches[T](items: Sequence[T], size: int = BATCH) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def ordered_map[T, R](
    work: Callable[[Sequence[T]], R],
    tasks: Iterable[Sequence[T]],
    *,
    processes: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    cancelled: Callable[[], bool] | None = None,
) -> Generator[R]:
    """``work(task)`` for each task on ``processes`` workers, yielded in task order.

    At most two tasks per worker are in flight, so memory does not grow with
    the corpus. When the consumer stops (a cancel, an error, Ctrl+C) the
    tasks not started are dropped and the workers are stopped.
    """
    executor = ProcessPoolExecutor(
        max_workers=processes,
        mp_context=get_context("spawn"),
        initializer=_ignore_sigint,
        initargs=(initializer, initargs),
    )
    pending: deque[Future[R]] = deque()
    queue = iter(tasks)
    finished = False
    try:
        for task in queue:
            pending.append(executor.submit(work, task))
            if len(pending) >= 2 * processes:
                break
        while pending:
            if cancelled is not None and cancelled():
                return
            result = pending.popleft().result()
            for task in queue:
                pending.append(executor.submit(work, task))
                break
            yield result
        finished = True
    finally:
        for future in pending:
            future.cancel()
        if finished:
            executor.shutdown(wait=True)
        else:
            _stop(executor, [f for f in pending if not f.cancelled()])


def _stop(executor: ProcessPoolExecutor, running: list[Future[Any]]) -> None:
    """Stop: the tasks not started are cancelled; the running ones (at most two a worker, a
    fraction of a second each) end, and the workers with them. Ending a worker while it
    writes its result would leave the pool's reader waiting for the rest of the message,
    and the process could then never exit (seen under load on Python 3.12); only a task
    still running after ``STOP_WAIT_S`` has its worker ended (the tasks only read, so
    nothing is lost)."""
    _done, late = wait(running, timeout=STOP_WAIT_S)
    if not late:
        executor.shutdown(wait=True, cancel_futures=True)
        return
    terminate = getattr(executor, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    # Before 3.14 the pool's processes are only reachable through its private table.
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)

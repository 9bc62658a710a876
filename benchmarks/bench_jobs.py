"""Corpus jobs on every core (issue 13): ``export --jobs 2`` against one process.

The corpus is bench_export's (10,000 articles of ~4 kB, 20 entities, 3
quotes and 5 boilerplate blocks each). The floor is the same export with
``--jobs 1`` in the same run: the two are measured in turns (1, 2, 1, 2, ...)
so that the shared machine's load falls on both, and the medians are
compared. Targets: ``--jobs 2`` takes at most 0.6x the time of one process;
the output is the same bytes; a worker's peak RSS stays flat from 2,500 to
10,000 articles (it holds one batch, not the corpus).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_export import build_db

ARTICLES = int(os.environ.get("BENCH_JOBS_ARTICLES", 10_000))
SMALL = ARTICLES // 4
ROUNDS = int(os.environ.get("BENCH_JOBS_ROUNDS", 3))
TIME_TARGET = 0.6
MEMORY_TARGET = 1.25  # a worker's peak RSS at 10,000 / at 2,500 articles

_CHILD = """
import hashlib, json, resource, sys, time
from pathlib import Path
from annotator.store import Store
from annotator.formats.export import export
import annotator.formats.tokens as t; t.blank("en")

def cpu(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime

def main():
    with Store(sys.argv[1]) as store:
        started = time.perf_counter()
        report = export(store, Path(sys.argv[2]), format="spacy", seed=1, jobs=int(sys.argv[3]))
        seconds = time.perf_counter() - started
    digest = hashlib.sha256()
    for p in sorted(Path(sys.argv[2]).iterdir()):
        if p.name != ".annotator-export.json":
            digest.update(p.name.encode() + p.read_bytes())
    print(json.dumps({
        "seconds": seconds,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        # The largest peak of any worker process (all have ended, joined, by now).
        "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "cpu_parent": cpu(resource.RUSAGE_SELF),
        "cpu_workers": cpu(resource.RUSAGE_CHILDREN),
        "docs": report.documents,
        "sha256": digest.hexdigest(),
    }))

if __name__ == "__main__":
    main()
"""


_BURN = """
import sys, time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

def burn(n):
    x = 0
    for i in range(n):
        x += i * i
    return x

if __name__ == "__main__":
    n = 10_000_000
    started = time.perf_counter(); burn(n); burn(n); one = time.perf_counter() - started
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        list(pool.map(burn, [1, 1]))
        started = time.perf_counter(); list(pool.map(burn, [n, n])); two = time.perf_counter() - started
    print(two / one)
"""


def parallelism(script: Path) -> float:
    """The floor of the ratio right now: pure CPU work on two processes against one."""
    done = subprocess.run([sys.executable, str(script)], check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def run(db: Path, out: Path, jobs: int, script: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, str(script), str(db), str(out), str(jobs)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # A file, not -c: spawned workers re-import the main module by path.
        script = root / "child.py"
        script.write_text(_CHILD)
        burn = root / "burn.py"
        burn.write_text(_BURN)
        floors: list[float] = []
        started = time.perf_counter()
        build_db(root / "big.db", ARTICLES)
        build_db(root / "small.db", SMALL)
        print(f"built databases ({ARTICLES} + {SMALL} articles) in {time.perf_counter() - started:.1f} s")
        times: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        digests: dict[int, set[str]] = {1: set(), 2: set()}
        pairs: list[float] = []
        big_worker = 0.0
        for r in range(ROUNDS):
            for jobs in (1, 2) if r % 2 == 0 else (2, 1):
                got = run(root / "big.db", root / "out", jobs, script)
                times[jobs].append(got["seconds"])
                cpu[jobs].append((got["cpu_parent"], got["cpu_workers"]))
                digests[jobs].add(got["sha256"])
                if jobs == 2:
                    big_worker = max(big_worker, got["worker_rss_mb"])
                print(
                    f"  round {r + 1}, --jobs {jobs}: {got['seconds']:.1f} s (CPU: parent "
                    f"{got['cpu_parent']:.1f} s, workers {got['cpu_workers']:.1f} s)",
                    flush=True,
                )
            # Each round's two runs are neighbours in time: their ratio suffers the least from
            # the shared machine's changing load.
            pairs.append(times[2][-1] / times[1][-1])
            floors.append(parallelism(burn))
            print(
                f"  round {r + 1}: ratio {pairs[-1]:.2f}; two cores gave {floors[-1]:.2f} on pure CPU work",
                flush=True,
            )
        small = run(root / "small.db", root / "out", 2, script)
        one, two = statistics.median(times[1]), statistics.median(times[2])
        ratio = statistics.median(pairs)
        # What the CPU time says the wall time is on an idle machine: the parent's serial part
        # plus the workers' part shared by two cores, against one process's CPU time.
        parent, workers = (statistics.median(c[i] for c in cpu[2]) for i in (0, 1))
        alone = statistics.median(c[0] for c in cpu[1])
        idle = (parent + workers / 2) / alone
        # A corpus under jobs.POOL_THRESHOLD runs in-process: no worker to measure.
        growth = big_worker / small["worker_rss_mb"] if small["worker_rss_mb"] else float("nan")
        same = len(digests[1] | digests[2]) == 1
        print(
            f"export {ARTICLES} articles, median of {ROUNDS}: --jobs 2 {two:.1f} s; floor --jobs 1 "
            f"{one:.1f} s; ratio (median of the rounds' ratios) {ratio:.2f} (target <= {TIME_TARGET}; "
            f"ideal 0.5; floor on this machine now: {statistics.median(floors):.2f}, pure CPU work on two "
            "processes against one)"
        )
        print(
            f"  CPU: --jobs 2 parent {parent:.1f} s + workers {workers:.1f} s; --jobs 1 {alone:.1f} s; "
            f"(parent + workers / 2) / one process = {idle:.2f} (the ratio on an idle machine)"
        )
        print(f"  files identical across all runs: {'yes' if same else 'NO'}")
        print(
            f"worker peak RSS: {small['worker_rss_mb']:.0f} MB at {SMALL} articles, {big_worker:.0f} MB at "
            f"{ARTICLES}; growth {growth:.2f}x (target <= {MEMORY_TARGET}x: flat)"
        )
        return ratio <= TIME_TARGET and growth <= MEMORY_TARGET and same


if __name__ == "__main__":
    sys.exit(0 if main() else 1)

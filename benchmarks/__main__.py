"""Run every benchmark (``python -m benchmarks``) or some (``python -m benchmarks store export``).

Each ``benchmarks/bench_<name>.py`` has a ``main()`` that prints its figures,
each beside its floor and target, and returns True when every target is met.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


def main(argv: list[str]) -> int:
    names = sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.startswith("bench_")
    )
    chosen = argv or names
    unknown = set(chosen) - set(names)
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(names)}")
        return 2
    failed = []
    for name in chosen:
        print(f"== {name} ==", flush=True)
        started = time.perf_counter()
        ok = importlib.import_module(f"benchmarks.bench_{name}").main()
        print(f"-- {name}: {'met' if ok else 'MISSED'} ({time.perf_counter() - started:.1f} s)\n", flush=True)
        if not ok:
            failed.append(name)
    print("all targets met" if not failed else f"targets missed in: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

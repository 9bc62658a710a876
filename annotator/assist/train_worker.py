"""The background process of a training run: spaCy's own training loop, reporting on a queue.

``run`` is the target of a ``multiprocessing`` spawn process (``training.run_training``):
it loads the config, initialises the pipeline (``spacy.training.initialize.init_nlp``)
and calls ``spacy.training.loop.train`` into a folder the parent owns. Progress
leaves through ``annotator.ProgressLogger.v1``, a logger registered like spaCy's
``ConsoleLogger``: a ``step`` event at most every quarter second, an ``eval``
event (losses, dev scores per component and label) at each evaluation. The
process ignores Ctrl+C: the parent decides, and stops it by terminating it.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

_QUEUE: Any = None
STEP_EVERY = 0.25


def _put(event: dict[str, Any]) -> None:
    if _QUEUE is not None:
        _QUEUE.put(event)


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return round(float(value), 4)
    return None


def dev_scores(other: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """``{"ents": {"p","r","f","labels": {L: {p,r,f}}}, "spans_quotes": {...}}`` from spaCy's scores."""
    out: dict[str, dict[str, Any]] = {}
    for name, value in (other or {}).items():
        for part in ("p", "r", "f"):
            if name.endswith(f"_{part}") and (num := _number(value)) is not None:
                out.setdefault(name[: -len(part) - 1], {})[part] = num
        if name.endswith("_per_type") and isinstance(value, dict):
            labels = {
                label: {k: _number(v) for k, v in scores.items() if k in ("p", "r", "f")}
                for label, scores in value.items()
                if isinstance(scores, dict)
            }
            out.setdefault(name.removesuffix("_per_type"), {})["labels"] = labels
    return {k: v for k, v in out.items() if "f" in v and k != "token"}


def progress_logger() -> Any:
    def setup(nlp: Any, stdout: Any = sys.stdout, stderr: Any = sys.stderr) -> Any:
        state = {"step": 0, "last": 0.0}

        def log_step(info: dict[str, Any] | None) -> None:
            now = time.monotonic()
            if info is None:
                state["step"] += 1
                if now - state["last"] >= STEP_EVERY:
                    state["last"] = now
                    _put({"event": "step", "step": state["step"]})
                return
            state["step"] = info["step"]
            state["last"] = now
            _put(
                {
                    "event": "eval",
                    "step": info["step"],
                    "epoch": info["epoch"],
                    "seconds": info["seconds"],
                    "words": info["words"],
                    "loss": {k: round(float(v), 4) for k, v in info["losses"].items()},
                    "score": _number(info["score"]),
                    "scores": dev_scores(info["other_scores"]),
                }
            )

        def finalize() -> None:
            pass

        return log_step, finalize

    return setup


def register() -> None:
    from spacy import registry

    if "annotator.ProgressLogger.v1" not in registry.loggers.get_all():
        registry.loggers.register("annotator.ProgressLogger.v1", func=progress_logger)
    if "annotator.CandidateCorpus.v1" not in registry.readers.get_all():
        from annotator.assist.quote_candidates import candidate_corpus

        registry.readers.register("annotator.CandidateCorpus.v1", func=candidate_corpus)


def run(config_text: str, export_dir: str, output_dir: str, queue: Any) -> None:
    """Train the pipeline of ``config_text`` on ``export_dir``'s train/dev files into ``output_dir``."""
    global _QUEUE
    _QUEUE = queue
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Before numpy loads: one BLAS thread. thinc's CPU training computes in one thread
    # (blis) anyway; more BLAS threads only spin, and the window needs the other core.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    try:
        import logging

        from spacy import util
        from spacy.training.initialize import init_nlp
        from spacy.training.loop import train

        logging.getLogger("spacy").setLevel(logging.ERROR)
        register()
        folder = Path(export_dir)
        config = util.load_config_from_str(
            config_text,
            overrides={"paths.train": str(folder / "train.spacy"), "paths.dev": str(folder / "dev.spacy")},
            interpolate=False,
        )
        _put({"event": "started", "pid": os.getpid()})
        nlp = init_nlp(config)
        with open(os.devnull, "w") as null:
            train(nlp, Path(output_dir), stdout=null, stderr=null)
        _put({"event": "done"})
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent as one line
        # A config error's first line says only that: keep the lines naming the fields.
        lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
        message = "; ".join(lines[:4]) if lines else type(exc).__name__
        _put({"event": "error", "message": message[:500], "traceback": traceback.format_exc()[-2000:]})

"""The model layer stays free of Qt, SQL and spaCy (start-up time, testability)."""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_model_and_store_load_neither_qt_nor_spacy() -> None:
    for module in ("annotator.model", "annotator.store"):
        loaded = _loaded_after(module)
        assert not {m for m in loaded if m.startswith(("PySide6", "spacy"))}, module


def test_model_imports_no_sqlite() -> None:
    assert "sqlite3" not in _loaded_after("annotator.model")

"""Only annotator/ui/qt.py imports PySide6; the window starts without spaCy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import annotator

PACKAGE = Path(next(iter(annotator.__path__)))
GATE = PACKAGE / "ui" / "qt.py"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_the_gate_imports_pyside6() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != GATE and any(m.split(".")[0] in ("PySide6", "shiboken6") for m in _imports(path))
    ]
    assert offenders == [], f"import Qt through annotator.ui.qt, not directly: {offenders}"


def _loaded_after(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_main_window_does_not_load_spacy() -> None:
    loaded = _loaded_after("annotator.ui.main_window")
    assert "PySide6.QtWidgets" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("spacy", "thinc", "trafilatura")}


def test_cli_loads_neither_qt_nor_spacy() -> None:
    loaded = _loaded_after("annotator.cli")
    assert not {m for m in loaded if m.split(".")[0] in ("spacy", "PySide6")}

"""A wheel installed outside the repository still finds its resources."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_installed_wheel_finds_label_schema(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Dependencies come from the test environment; annotator itself only from the wheel.
    (Path(site) / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    (wheel,) = wheels.glob("annotator-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = (
        "import annotator, annotator.resources as r; "
        "print(annotator.__file__); print(r.read_text('labels.toml').count('[[label]]'))"
    )
    out = subprocess.run(
        [python, "-c", probe], cwd=elsewhere, check=True, capture_output=True, text=True
    ).stdout.split()
    assert not out[0].startswith(str(ROOT)), "imported the checkout, not the wheel"
    assert int(out[1]) >= 29
    # The installed command builds a database whose schema came from the wheel's resources.
    annotator = venv / "bin" / "annotator"
    db = elsewhere / "fresh.db"
    subprocess.run(
        [python, "-c", "from annotator.store import Store; Store('fresh.db').close()"],
        cwd=elsewhere,
        check=True,
    )
    stats = subprocess.run(
        [annotator, "stats", str(db), "--json"], check=True, capture_output=True, text=True
    )
    assert '"articles": 0' in stats.stdout

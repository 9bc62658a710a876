"""Split weights (issue 9.8): every bad split is refused with its value named."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from export_helpers import build

from annotator.formats.export import ExportError, export, parse_split


def test_weights_are_normalised_even_near_the_float_limit() -> None:
    assert parse_split("8,1,1") == pytest.approx((0.8, 0.1, 0.1))
    assert parse_split("1e308, 1e308") == pytest.approx((0.5, 0.5))
    assert parse_split("1e-320,1e-320") == pytest.approx((0.5, 0.5))


@pytest.mark.parametrize(
    "split, message",
    [
        ((math.inf, 1.0), "split inf,1: inf is not a finite number"),
        ((math.nan, 1.0), "split nan,1: nan is not a finite number"),
        ((1.0, -0.25), "split 1,-0.25: -0.25 is negative"),
        ((0.0, 0.0), "split 0,0: the weights add up to 0"),
        ((0.4, 0.2, 0.2, 0.2), "split 0.4,0.2,0.2,0.2: 4 parts"),
        ((), "split : 0 parts"),
    ],
)
def test_bad_weights_from_the_library_name_the_value(tmp_path: Path, split, message: str) -> None:
    # The window passes weights as numbers, not text: the same rules, the same kind of line.
    store = build(tmp_path / "a.db", n=3)
    with pytest.raises(ExportError) as info:
        export(store, tmp_path / "out", format="jsonl", split=split)
    assert str(info.value).startswith(message)
    assert not (tmp_path / "out").exists()


def test_summary_counts_in_words(tmp_path) -> None:  # noqa: ANN001 - issue 10.6
    from annotator.formats.export import ExportReport

    report = ExportReport(format="spacy", out_dir=tmp_path)
    report.splits = {"train": {"documents": 1}}
    assert report.summary().startswith(f"exported 1 article (train 1) to {tmp_path}; 0 spans not exported")

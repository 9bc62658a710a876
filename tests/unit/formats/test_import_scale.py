"""Imports that scale (issue 9, item 9): right line numbers deep in big files, no lock while reading.

Speed and memory are measured in ``benchmarks/bench_import.py``; these tests
pin what a user sees: the record an error names, what landed in the file,
and that another window can save while a big import is still reading.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from annotator.formats.importing import BadInput, ImportCancelled, import_paths
from annotator.model import Article
from annotator.store import Store

LINES = 50_000


def _line(i: int) -> str:
    text = f"Article {i}: the minister said on Tuesday that talks would resume."
    return json.dumps({"text": text, "meta": {"n": i}})


def _big_jsonl(path: Path, bad: dict[int, str]) -> Path:
    """LINES one-line articles; line numbers (1-based) in ``bad`` get that text instead."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, LINES + 1):
            out.write(bad.get(i, _line(i)) + "\n")
    return path


@pytest.fixture(autouse=True)
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The stage goes to the system's temporary folder: here, one of the test's own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


OUTSIDE = json.dumps({"text": "Short.", "spans": [{"start": 0, "end": 50, "label": "MISC"}]})


@pytest.mark.slow
def test_issue_9_9_errors_deep_in_a_big_file_name_their_line(store: Store, tmp_path: Path, own_temp) -> None:
    path = _big_jsonl(tmp_path / "big.jsonl", {37_777: OUTSIDE, 49_990: '{"text": "cut off'})
    before = store.count_articles()
    with pytest.raises(BadInput) as caught:
        import_paths(store, [path], fmt="jsonl", annotator="ann")
    assert str(caught.value) == f"{path}:37777: MISC span [0, 50) lies outside the text (6 characters)"
    assert store.count_articles() == before  # all or nothing
    assert list(own_temp.iterdir()) == []  # the stage is gone too

    report = import_paths(store, [path], fmt="jsonl", annotator="ann", skip_invalid=True)
    assert report.skipped == [
        f"{path}:37777: MISC span [0, 50) lies outside the text (6 characters)",
        f"{path}:49990: not valid JSON (Invalid control character at column 18)",
    ]
    assert report.added == LINES - 2 and store.count_articles() == before + LINES - 2
    last = store.article(before + LINES - 2)
    assert last.text.startswith(f"Article {LINES}:")
    assert list(own_temp.iterdir()) == []


def test_issue_9_9_pretty_array_items_deep_in_the_file_name_their_line(store: Store, tmp_path: Path) -> None:
    items = [{"text": f"Article {i} is about Oslo.", "spans": []} for i in range(5000)]
    items[4321]["spans"] = [{"start": 3, "end": 1, "label": "LOC"}]
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    # "[" on line 1, then each item takes 4 lines: {, "text", "spans": [], }.
    with pytest.raises(BadInput, match=rf"^{path}:{2 + 4 * 4321}: LOC span \[3, 1\) is empty or reversed$"):
        import_paths(store, [path], fmt="jsonl", annotator="ann")


def test_issue_9_9_another_window_can_save_while_the_import_reads(
    store: Store, project: Path | str, tmp_path: Path
) -> None:
    files = []
    for n in range(3):
        path = tmp_path / f"part{n}.jsonl"
        path.write_text("".join(_line(n * 10_000 + i) + "\n" for i in range(2000)), encoding="utf-8")
        files.append(path)
    saved_meanwhile = []

    def progress(done: int, total: int) -> None:
        if done < total:  # still reading: the project must not be locked
            with Store(project, busy_timeout=0.2) as other:
                other.add_articles(
                    [Article(text=f"Saved by another window during file {done}.")], annotator="x"
                )
            saved_meanwhile.append(done)

    report = import_paths(store, files, fmt="jsonl", annotator="ann", progress=progress)
    assert saved_meanwhile == [1, 2]
    assert report.added == 6000
    texts = {a.text for a in store.iter_articles()}
    assert "Saved by another window during file 2." in texts
    assert len(texts) == 6002


def test_issue_9_9_cancel_is_noticed_inside_a_big_file(store: Store, tmp_path: Path, own_temp) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text("".join(_line(i) + "\n" for i in range(5000)), encoding="utf-8")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2  # before the file, at record 1000, then yes at record 2000

    before = store.count_articles()
    with pytest.raises(ImportCancelled, match="nothing was saved"):
        import_paths(store, [path], fmt="jsonl", annotator="ann", cancelled=cancelled)
    assert len(asked) == 3
    assert store.count_articles() == before
    assert list(own_temp.iterdir()) == []

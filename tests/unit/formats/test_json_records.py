"""JSON values read line by line (issue 9, items 6 and 9): the same names and errors as before, in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.json_records import iter_json_file
from annotator.formats.reader import BadInput


def _read(path: Path, content: str | bytes, **kw) -> list:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return [(i.where, i.problem) if isinstance(i, BadInput) else i for i in iter_json_file(path, **kw)]


def test_lines_pretty_objects_and_arrays_are_named_by_their_line(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    assert _read(p, '{"a": 1}\n\n{"a": 2}\n') == [(f"{p}:1", {"a": 1}), (f"{p}:3", {"a": 2})]
    assert _read(p, '{\n  "a": 1\n}\n{"a": 2} {"a": 3}\n') == [
        (f"{p}:1", {"a": 1}),
        (f"{p}:4", {"a": 2}),
        (f"{p}:4", {"a": 3}),
    ]
    assert _read(p, '[\n  {"a": 1},\n  {\n    "a": 2\n  }\n]\n{"b": 1}\n') == [
        (f"{p}:2", {"a": 1}),
        (f"{p}:3", {"a": 2}),
        (f"{p}:7", {"b": 1}),
    ]
    assert _read(p, '[{"a": 1}, {"a": 2}]') == [(f"{p}:1:2", {"a": 1}), (f"{p}:1:12", {"a": 2})]


def test_issue_9_6_nesting_too_deep_is_a_bad_record_and_reading_goes_on(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    deep = "[" * 100_000 + "]" * 100_000
    assert _read(p, f'{{"a": 1}}\n{{"x": {deep}}}\n{{"a": 3}}\n') == [
        (f"{p}:1", {"a": 1}),
        (f"{p}:2", "arrays and objects nested too deeply to read"),
        (f"{p}:3", {"a": 3}),
    ]


def test_a_broken_array_says_the_rest_is_not_read(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    assert _read(p, '[\n  {"a": 1},\n  {"a": }\n,{"a": 3}]\n') == [
        (f"{p}:2", {"a": 1}),
        (f"{p}:3", "not valid JSON (Expecting value at column 9); the rest of the array is not read"),
    ]
    assert _read(p, '[{"a": 1} {"a": 2}]') == [
        (f"{p}:1:2", {"a": 1}),
        (
            f"{p}:1:11",
            "not valid JSON (Expecting ',' delimiter at column 11); the rest of the array is not read",
        ),
    ]
    assert _read(p, '[\n  {"a": 1},\n') == [
        (f"{p}:2", {"a": 1}),
        (f"{p}:1", "not valid JSON (the array is not closed: ']' missing at the end)"),
    ]


def test_a_byte_that_does_not_decode_refuses_the_whole_file(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    good = b'{"a": 1}\n' * 3
    with pytest.raises(BadInput, match=r"not valid UTF-8 \(byte 0xe9 at offset 37, line 4\)"):
        _read(p, good + b'{"a": "caf\xe9"}\n')
    # Given the encoding, the same file reads (a UTF-8 BOM is dropped whatever the encoding).
    assert _read(p, b"\xef\xbb\xbf" + good + b'{"a": "caf\xe9"}\n', encoding="latin-1")[-1] == (
        f"{p}:4",
        {"a": "café"},
    )


def test_unusual_files_get_read_texts_word(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    with pytest.raises(BadInput, match="the file is empty"):
        _read(p, "  \n\n")
    with pytest.raises(BadInput, match="binary"):
        _read(p, b"\x00\x01\x02" * 100)
    with pytest.raises(BadInput, match="no such file"):
        list(iter_json_file(tmp_path / "missing.jsonl"))

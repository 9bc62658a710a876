"""Reading files: every bad file gets one clear problem naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.formats.reader import BadInput, iter_json, newline_map, read_text


def test_missing_binary_empty_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="no such file"):
        read_text(tmp_path / "nope.txt")
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(BadInput, match="binary") as exc:
        read_text(png)
    assert exc.value.where == str(png)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    with pytest.raises(BadInput, match="empty"):
        read_text(empty)


def test_invalid_utf8_names_the_byte_and_the_way_out(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Straße in München\nCafé".encode("latin-1"))
    with pytest.raises(BadInput) as exc:
        read_text(path)
    assert "not valid UTF-8" in str(exc.value)
    assert "offset 4" in str(exc.value) and "line 1" in str(exc.value)
    assert "--encoding" in str(exc.value)
    assert read_text(path, encoding="latin-1") == "Straße in München\nCafé"


def test_crlf_is_kept_for_offset_conversion_and_bom_dropped(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbfone\r\ntwo\r\n")
    assert read_text(path) == "one\r\ntwo\r\n"


def test_newline_map_moves_offsets_after_each_crlf() -> None:
    text, mapping = newline_map("a\r\nb\rc\r\nd")
    assert text == "a\nb\nc\nd"
    assert mapping is not None
    raw = "a\r\nb\rc\r\nd"
    for i, ch in enumerate(raw):
        if ch not in "\r\n":
            assert text[mapping[i]] == ch
    assert mapping[len(raw)] == len(text)
    assert newline_map("plain\ntext") == ("plain\ntext", None)


def test_json_lines_pretty_printed_objects_and_arrays(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    lines = '{"a": 1}\n{"a": 2}\n'
    assert [v for _, v in iter_json(p, lines)] == [{"a": 1}, {"a": 2}]
    pretty = '{\n  "a": 1\n}\n{\n  "a": 2\n}\n'
    assert [w for w, _ in iter_json(p, pretty)] == [f"{p}:1", f"{p}:4"]
    # Array items are named by their line too (and column when they share one).
    pretty_array = '[\n  {"a": 1},\n  {\n    "a": 2\n  }\n]\n'
    assert list(iter_json(p, pretty_array)) == [(f"{p}:2", {"a": 1}), (f"{p}:3", {"a": 2})]
    assert [w for w, _ in iter_json(p, '[{"a": 1}, {"a": 2}]')] == [f"{p}:1:2", f"{p}:1:12"]


def test_json_error_message_says_at_once(tmp_path: Path) -> None:
    [bad] = iter_json(tmp_path / "x.jsonl", '{"text": "a\tb"}\n')
    assert isinstance(bad, BadInput)
    assert bad.problem == "not valid JSON (Invalid control character at column 12)"


def test_a_line_that_does_not_parse_is_named_and_reading_goes_on(tmp_path: Path) -> None:
    p = tmp_path / "x.jsonl"
    items = list(iter_json(p, '{"a": 1}\n{"a": \n{"a": 3}\n'))
    assert isinstance(items[1], BadInput) and items[1].where == f"{p}:2"
    assert items[2] == (f"{p}:3", {"a": 3})

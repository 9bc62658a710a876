"""Content extents PolNeAR marks around the cue, one construction per test (issue 11, sixth round).

The constructions come from PolNeAR train's misses; the sentences are written
here. The parse tests need spaCy's small English pipeline from the test extra
and are skipped where it is not installed.
"""

from __future__ import annotations

import pytest

from tests.unit.assist.test_quotes_reported import found, needs_parser


@needs_parser
@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "The city's water bill appears to have doubled since the spring.",
            ["The city's water bill", "to have doubled since the spring"],
            "appears",
        ),
        (
            "The governor is expected to sign the budget on Friday.",
            ["The governor", "to sign the budget on Friday"],
            "expected",
        ),
    ],
)
def test_the_subject_of_a_raising_or_passive_cue_is_part_of_the_content(
    text: str, content: list[str], cue: str
) -> None:
    [q] = found(text, parse=True)
    assert (q["label"], q["content"], q["cue"], q["source"]) == ("INDIRECT", content, cue, None)


@needs_parser
def test_a_passive_cue_keeps_its_preposition_in_the_content() -> None:
    [q] = found("The mayor has been criticized for closing the library.", parse=True)
    assert (q["content"], q["cue"]) == (["The mayor", "for closing the library"], "criticized")


@needs_parser
def test_the_one_told_by_a_passive_cue_is_not_part_of_the_content() -> None:
    [q] = found("The mayor was told that the library would close.", parse=True)
    assert q["content"] == ["that the library would close"]

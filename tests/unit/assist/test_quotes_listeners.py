"""Reports at 'told' and 'asked' whose parse names only the listener as what was said.

The constructions come from PolNeAR train's false indirect suggestions ('told reporters',
'told CNN on Sunday'); the sentences are written here. The tests need spaCy's small
English pipeline from the test extra and are skipped where it is not installed.
"""

from __future__ import annotations

import pytest

from tests.unit.assist.test_quotes_reported import found, needs_parser


@needs_parser
def test_the_clause_after_the_listener_and_the_time_of_telling_is_what_was_told() -> None:
    text = "The mayor told reporters during a visit to the new plant on Friday that the town would grow."
    [q] = found(text, parse=True)
    assert (q["cue"], q["content"], q["source"]) == ("told", ["that the town would grow"], "The mayor")


@needs_parser
def test_the_clause_an_as_telling_is_an_aside_of_is_what_was_told() -> None:
    text = "As the governor told the newspaper, the new road will cost more than the old one."
    [q] = found(text, parse=True)
    assert (q["cue"], q["content"], q["source"]) == (
        "told",
        ["the new road will cost more than the old one"],
        "the governor",
    )


@needs_parser
@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The reporter asked the mayor a simple question about the budget.",
            "a simple question about the budget",
        ),
        ("The mayor told the farmers a long story about his childhood.", "a long story about his childhood"),
    ],
)
def test_the_thing_asked_or_told_after_the_listener_is_the_content(text: str, content: str) -> None:
    assert [q["content"] for q in found(text, parse=True)] == [[content]]


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The mayor told reporters after the meeting.",
        "She would have to tell her brother first.",
        "Just ask the farmers.",
        "After the speech a student asked him a question.",
    ],
)
def test_a_telling_whose_only_content_is_the_listener_is_no_suggestion(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_what_is_told_stays_the_content() -> None:
    [q] = found("The old sailor told a joke about the captain.", parse=True)
    assert q["content"] == ["a joke about the captain"]


@needs_parser
@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The governor offered the farmers a new plan for the dry season.",
            "the farmers a new plan for the dry season",
        ),
        (
            "The senator offered the crowd a sober assessment of the war.",
            "the crowd a sober assessment of the war",
        ),
    ],
)
def test_what_is_offered_joins_the_one_it_is_offered_to(text: str, content: str) -> None:
    assert [q["content"] for q in found(text, parse=True)] == [[content]]


@needs_parser
def test_what_a_poll_shows_of_someone_is_the_whole_small_clause() -> None:
    [q] = found("A new survey shows the mayor ten points ahead of his rival in the north.", parse=True)
    assert (q["cue"], q["content"], q["source"]) == (
        "shows",
        ["the mayor ten points ahead of his rival in the north"],
        "A new survey",
    )

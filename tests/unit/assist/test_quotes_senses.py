"""Cue verbs in senses that report nothing, one construction per test (issue 11).

The constructions come from PolNeAR train's false indirect suggestions; the
sentences are written here. The tests need spaCy's small English pipeline
from the test extra and are skipped where it is not installed.
"""

from __future__ import annotations

import pytest

from tests.unit.assist.test_quotes_reported import found, needs_parser


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The mayor spoke to the farmers in the town hall.",
        "The senator talked with donors after the dinner.",
        "The governor spoke at a rally in the capital on Monday.",
        "The candidate appeared on a morning show in Ohio.",
        "The governor addressed the party convention on Thursday night.",
    ],
)
def test_a_listener_or_a_venue_after_a_verb_of_speaking_is_no_content(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_what_a_verb_of_speaking_is_about_is_still_reported() -> None:
    [q] = found("The mayor spoke about the new bridge over the river.", parse=True)
    assert (q["content"], q["source"]) == (["the new bridge over the river"], "The mayor")


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "See the full results of the vote below.",
        "Thousands of fans waited for hours to see the new president.",
    ],
)
def test_seeing_without_anyone_holding_a_view_is_no_attribution(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_seeing_something_as_something_is_a_view() -> None:
    [q] = found("Many farmers see the new tax as a threat to their land.", parse=True)
    assert q["content"] == ["the new tax as a threat to their land"]
    assert q["source"] == "Many farmers"


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The team found a way to win the final game.",
        "The mayor found himself in a difficult position after the vote.",
    ],
)
def test_finding_a_thing_is_no_finding_anyone_reports(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_what_a_survey_found_is_reported() -> None:
    [q] = found("A new survey found strong support for the bridge among farmers.", parse=True)
    assert q["content"] == ["strong support for the bridge among farmers"]
    assert q["source"] == "A new survey"


@needs_parser
def test_a_released_statement_alone_says_nothing() -> None:
    assert found("The company released a statement.", parse=True) == []


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The senator has spent months repairing the old bridge.",
        "The coach kept changing the lineup before the final.",
    ],
)
def test_a_verb_of_doing_with_a_clause_is_no_view(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_a_cue_after_continue_still_reports() -> None:
    assert found("The mayor continues to lead the race by ten points.", parse=True) == []
    [q] = found("The mayor continued to insist that the pool would reopen.", parse=True)
    assert (q["content"], q["cue"]) == (["that the pool would reopen"], "continued to insist")


@needs_parser
def test_casting_is_a_view_only_as_something() -> None:
    assert found("Thousands of voters cast their ballots on Tuesday.", parse=True) == []
    [q] = found("The mayor cast the vote as a test of her leadership.", parse=True)
    assert q["content"] == ["the vote as a test of her leadership"]


@needs_parser
def test_the_writers_comparison_is_no_attribution() -> None:
    assert found("Turnout rose to 42 percent, compared with 38 percent in May.", parse=True) == []


@needs_parser
def test_addressing_a_problem_is_still_reported() -> None:
    [q] = found("The governor addressed the housing shortage in her speech.", parse=True)
    assert q["content"][0].startswith("the housing shortage")


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "Read the full story of the flood here.",
        "Call it the politics of the harbour.",
        "Consider the case of the old mill.",
    ],
)
def test_an_imperative_to_the_reader_is_no_attribution(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The harbour added two hundred jobs in the spring.",
        "The new mayor speaks fluent Portuguese.",
        "The judge assumed office in March.",
    ],
)
def test_a_thing_added_a_language_spoken_or_an_office_taken_is_no_content(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_what_was_added_in_a_clause_is_still_reported() -> None:
    [q] = found("The mayor added that the bridge would open in May.", parse=True)
    assert (q["cue"], q["source"]) == ("added", "The mayor")
    assert q["content"] == ["that the bridge would open in May"]


@needs_parser
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("It is hard to imagine a better harbour for the old fleet.", "is hard to imagine"),
        ("It is important to note that the bridge was built in a single year.", "is important to note"),
    ],
)
def test_the_writers_judgement_with_it_has_no_source(text: str, cue: str) -> None:
    [q] = found(text, parse=True)
    assert (q["cue"], q["source"]) == (cue, None)


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The charity raised money to feed and support veterans in the city.",
        "Students can borrow books and read the papers in the library.",
    ],
)
def test_a_bare_verb_joined_to_another_under_its_to_or_modal_is_one_more_thing_done(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_a_joined_verb_with_its_own_auxiliary_still_reports() -> None:
    [q] = found("The mayor met the farmers and did not rule out a new tax.", parse=True)
    assert (q["cue"], q["source"], q["content"]) == ("did not rule out", "The mayor", ["a new tax"])


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "Ohio will also be considered a key state in the fall.",
        "The clerk, who has seen the letters, left the room.",
        "The fund is part of a plan which is called the Harbor Trust.",
    ],
)
def test_a_thing_seen_known_or_named_in_a_word_or_two_is_no_report(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_a_longer_view_after_a_participle_of_regarding_still_reports() -> None:
    [q] = found("The mayor is seen as the likely winner of the race.", parse=True)
    assert (q["cue"], q["content"]) == ("is seen as", ["The mayor", "the likely winner of the race"])


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The senator raced to sign up voters before the deadline.",
        "Lee teamed up with the union to run the clinic.",
    ],
)
def test_a_verb_outside_the_lexicon_with_only_a_to_clause_is_something_done(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Ann Lee pressured the board to sell the mill.", "pressured", ["the board to sell the mill"]),
        ("The governor is looking to smooth over the dispute.", "is looking", ["to smooth over the dispute"]),
    ],
)
def test_a_to_clause_after_an_object_or_after_looking_still_reports(
    text: str, cue: str, content: list
) -> None:
    [q] = found(text, parse=True)
    assert (q["cue"], q["content"]) == (cue, content)


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The square became a place to offer support.",
        "It was her last chance to defend the merger.",
        "Party leaders who can support any candidate met on Monday.",
    ],
)
def test_what_a_noun_is_for_or_could_do_in_a_word_or_two_is_no_report(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
def test_a_longer_purpose_hung_on_a_noun_still_reports() -> None:
    [q] = found("The council has a plan to support the farmers in the northern valley.", parse=True)
    assert (q["cue"], q["source"], q["content"]) == (
        "to support",
        "The council",
        ["the farmers in the northern valley"],
    )

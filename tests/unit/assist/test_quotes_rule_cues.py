"""Cues of direct and mixed quotes found without a parser, one construction per test.

The constructions come from PolNeAR train's mixed quotes whose cue the rules
took wrong; the sentences are written here. They run on the rules alone.
"""

from __future__ import annotations

import pytest

from tests.unit.assist.test_quotes_reported import found


@pytest.mark.parametrize("mark", ["’", "'"])
def test_a_possessive_makes_a_cue_word_a_noun(mark: str) -> None:
    text = (
        f"The governor{mark}s remarks were aimed at his rivals, including, he said, “people who never"
        " ran a business.”"
    )
    [q] = found(text)
    assert (q["cue"], q["source"]) == ("said", "he")


def test_a_pronoun_with_s_is_no_possessive() -> None:
    text = "He’s said for months that the deal was “dead on arrival” in the Senate."
    [q] = found(text)
    assert (q["label"], q["cue"]) == ("MIXED", "said")


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The former partner sniped that the new owner was “still learning the trade.”", "sniped"),
        ("The coach vented that the schedule had been “a nightmare from day one.”", "vented"),
        ("Her sister confided that the family had been “scared for weeks.”", "confided"),
        ("The union boss ripped the board for its “reckless and cynical” choices.", "ripped"),
        ("The mayor knocked the plan as “a giveaway to developers.”", "knocked"),
    ],
)
def test_verbs_of_sniping_and_venting_are_cues(text: str, cue: str) -> None:
    [q] = found(text)
    assert (q["label"], q["cue"]) == ("MIXED", cue)


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("“Not on my watch,” the chairman retorted.", "retorted", "the chairman"),
        ("“Sit down and wait your turn,” the coach barked at the rookies.", "barked", "the coach"),
        ("The old farmer pondered: “What is left for my grandchildren here?”", "pondered", "The old farmer"),
        (
            "“We have heard all this before,” scoffed Maria Ortiz, a parent.",
            "scoffed",
            "Maria Ortiz, a parent",
        ),
        ("The charter affirms: “Every member shall have one vote.”", "affirms", "The charter"),
    ],
)
def test_verbs_of_the_manner_of_speaking_are_cues(text: str, cue: str, source: str) -> None:
    [q] = found(text)
    assert (q["label"], q["cue"], q["source"]) == ("DIRECT", cue, source)


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "The front page of the paper reads: “Council votes to close the pool.”",
            "reads",
            "The front page of the paper",
        ),
        ("“Help us keep the library open,” reads the letter.", "reads", "the letter"),
        ("“Thank you for your patience,” read the notice on the door.", "read", "the notice"),
    ],
)
def test_what_a_text_reads_is_a_quote_of_that_text(text: str, cue: str, source: str) -> None:
    [q] = found(text)
    assert (q["label"], q["cue"], q["source"]) == ("DIRECT", cue, source)


def test_a_fragment_before_a_closing_attribution_runs_on_to_it() -> None:
    text = "That would make the vote “a real headache” for the party leaders, said Ann Ray, a pollster."
    [q] = found(text)
    assert (q["label"], q["content"], q["source"]) == (
        "MIXED",
        ["That would make the vote “a real headache” for the party leaders"],
        "Ann Ray",
    )


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Facing tough questions, Mr. Lane held firm, insisting the wall would be “beautiful.”", "Mr. Lane"),
        ("Pressed on the vote, the senator shrugged, saying it was “no big deal.”", "the senator"),
        ("King spoke at the hearing, adding that the bill was “dead on arrival.”", "King"),
    ],
)
def test_a_participle_opening_the_sentence_is_no_subject(text: str, source: str) -> None:
    [q] = found(text)
    assert (q["label"], q["source"]) == ("MIXED", source)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "“We get along great,” Lee told reporters, before insisting he had a “great bond” with them.",
            "Lee",
        ),
        ("There is time for Lee to mend fences, even after repeatedly dismissing them as a “cartel.”", None),
    ],
)
def test_a_participle_after_before_or_after_takes_the_earlier_speaker(text: str, source: str | None) -> None:
    q = found(text)[-1]
    assert (q["label"], q["source"]) == ("MIXED", source)


@pytest.mark.parametrize(
    "text",
    [
        "Sunday morning, Ann Lee slammed the shift and accused her rival of a “flip-flop.”",
        "Hours later, Ann Lee returned the favor, telling viewers the mayor was “a true friend.”",
    ],
)
def test_a_time_opening_without_a_preposition_is_no_subject(text: str) -> None:
    [q] = found(text)
    assert (q["label"], q["source"]) == ("MIXED", "Ann Lee")


def test_a_participle_cue_between_fragments_starts_a_second_quote() -> None:
    text = (
        "The governor said the tax code was “rigged,” noting that it is “a gift to the few who can"
        " afford lawyers.”"
    )
    quotes = found(text)
    assert [(q["label"], q["cue"], q["source"]) for q in quotes] == [
        ("MIXED", "said", "The governor"),
        ("MIXED", "noting", "The governor"),
    ]
    assert quotes[1]["content"] == ["that it is “a gift to the few who can afford lawyers.”"]


def test_a_cue_after_the_quote_with_no_speaker_loses_to_the_one_before_it() -> None:
    # '... “...!” and said': the cue after the quote has no subject of its own; the one before it has.
    text = "The mayor shouted “We did it!” and said that the city would keep “building for everyone.”"
    first = found(text)[0]
    assert (first["label"], first["cue"], first["source"]) == ("DIRECT", "shouted", "The mayor")


def test_a_cue_inside_the_speakers_relative_clause_gives_way_to_the_one_after_it() -> None:
    text = "“We will not back down,” Ann Lee, who has not endorsed a candidate, told reporters in Dayton."
    [q] = found(text)
    assert (q["cue"], q["source"]) == ("told", "Ann Lee")


def test_according_to_after_a_cue_is_the_quotes_attribution() -> None:
    text = "“We have the votes,” the senator said in a closed meeting, according to two aides."
    [q] = found(text)
    assert (q["cue"], q["source"]) == ("according to", "two aides")


@pytest.mark.parametrize("lead", ["He added,", "The coach went on:"])
def test_a_sentence_introducing_the_next_quote_is_not_the_previous_quotes(lead: str) -> None:
    text = f"Ann Ray said, “We played our hearts out tonight.” {lead} “Next week we fix the defence.”"
    first, second = found(text)
    assert (first["content"], first["cue"], first["source"]) == (
        ["We played our hearts out tonight."],
        "said",
        "Ann Ray",
    )
    assert second["content"] == ["Next week we fix the defence."]
    assert second["cue"] in ("added", "went on")


@pytest.mark.parametrize(
    "after", ["she insisted the vote was rigged.", "and she repeated her charge that the vote was rigged."]
)
def test_a_cue_after_the_quote_that_goes_on_to_a_report_of_its_own_loses_to_the_one_before_it(
    after: str,
) -> None:
    text = f"Ann Ray, the mayor, said he was “the right man for the job,” {after}"
    [q] = found(text)
    assert (q["content"], q["cue"], q["source"]) == (
        ["he was “the right man for the job,”"],
        "said",
        "Ann Ray, the mayor",
    )


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "The congressional report said: “We found no evidence of a cover-up.”",
            "said",
            "The congressional report",
        ),
        (
            "The former secretary of state told the crowd: “We will win this fight.”",
            "told",
            "The former secretary of state",
        ),
        ("Many people say the bill is “dead on arrival.”", "say", "Many people"),
    ],
)
def test_a_cue_words_base_form_after_a_singular_noun_is_a_noun(text: str, cue: str, source: str) -> None:
    [q] = found(text)
    assert (q["cue"], q["source"]) == (cue, source)

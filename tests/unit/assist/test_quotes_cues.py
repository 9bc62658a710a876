"""Cue extents PolNeAR marks, one construction per test (issue 11).

The conventions are PolNeAR train's majority; the sentences are written here.
The tests need spaCy's small English pipeline from the test extra and are
skipped where it is not installed.
"""

from __future__ import annotations

import pytest

from tests.unit.assist.test_quotes_reported import found, needs_parser


@needs_parser
def test_a_cue_noun_keeps_its_adjectives() -> None:
    [q] = found("The mayor’s controversial proposal to close the pool drew protests.", parse=True)
    assert (q["cue"], q["source"]) == ("controversial proposal", "The mayor’s")


@needs_parser
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The mayor said repeatedly that the pool would reopen.", "said repeatedly"),
        ("The company said in a statement that it would appeal.", "said in a statement"),
        ("The senator wrote on Twitter that the vote was rigged.", "wrote on Twitter"),
    ],
)
def test_a_manner_or_a_medium_after_the_cue_verb_is_the_cues(text: str, cue: str) -> None:
    [q] = found(text, parse=True)
    assert q["cue"] == cue


@needs_parser
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ('"The pool will reopen in May," the mayor said Tuesday.', "said Tuesday"),
        ("The pool will reopen in May, the mayor announced Friday.", "announced Friday"),
        ("The mayor said Tuesday that the pool would reopen in May.", "said"),
    ],
)
def test_the_day_after_the_cue_verb_is_the_cues_where_the_attribution_ends(text: str, cue: str) -> None:
    [q] = found(text, parse=True)
    assert q["cue"] == cue


@needs_parser
def test_an_interview_after_the_cue_verb_is_the_cues() -> None:
    # PolNeAR splits on it; with the clause after it, the cue keeps it (train: MIXED cue exact F up).
    [q] = found("The mayor said in an interview that the pool would reopen.", parse=True)
    assert q["cue"] == "said in an interview"


@needs_parser
def test_an_adverb_on_an_adverb_before_the_cue_is_the_cues() -> None:
    [q] = found("The council has once again decided to raise the fees.", parse=True)
    assert q["cue"] == "has once again decided"


@needs_parser
def test_a_light_verb_carrying_a_cue_noun_is_the_cues() -> None:
    [q] = found("The mayor had no doubts about the new bridge.", parse=True)
    assert q["cue"] == "had no doubts about"


@needs_parser
def test_a_partisan_after_a_copula_takes_the_copula_into_the_cue_and_its_subject_as_source() -> None:
    [q] = found("The mayor has long been a fierce critic of the new stadium.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (
        ["the new stadium"],
        "has long been a fierce critic of",
        "The mayor",
    )


@needs_parser
def test_a_cue_in_an_infinitive_of_purpose_starts_at_the_verb_it_serves() -> None:
    [q] = found("The mayor took to the radio to say that the pool would reopen.", parse=True)
    assert (q["cue"], q["source"]) == ("took to the radio to say", "The mayor")


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_the_markup_of_an_embedded_post_is_no_cue(parse: bool) -> None:
    text = (
        "The mayor wrote about the flood:\n\n"
        '<tweet pic="" author="MayorLee" tweet_id="1234">The river is rising fast. Stay home.</tweet>.\n\n'
        '<tweet tweet-author="@MayorLee" tweet-date="May 2, 2016\n">The water is falling. Thank you all.<tweet/>.\n\n'
        "The governor tweeted that help was on the way."
    )
    cues = [q["cue"] for q in found(text, parse=parse)]
    assert "tweet" not in cues
    assert "tweeted" in cues


@needs_parser
@pytest.mark.parametrize(
    "text",
    [
        "The pool will reopen in May, said Ann Lee, a longtime supporter of the mayor.",
        "The mayor hopes to win over supporters of the governor before the vote.",
    ],
)
def test_a_partisan_noun_outside_a_predicate_is_no_cue(text: str) -> None:
    assert not any("support" in (q["cue"] or "") for q in found(text, parse=True))


@needs_parser
def test_a_partisan_noun_as_a_predicate_is_a_cue() -> None:
    qs = found("Ann Lee has long been a fierce critic of the new pool.", parse=True)
    assert [q["cue"] for q in qs] == ["has long been a fierce critic of"]

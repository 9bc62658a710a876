"""Exact cue and source extents as PolNeAR marks them, one construction per test (issue 11).

The constructions come from PolNeAR train's misses where the quote is found but its cue
or source words differ; the sentences are written here. Parser tests are skipped where
spaCy's small English pipeline is not installed.
"""

from __future__ import annotations

import pytest

from tests.unit.assist.test_quotes_reported import found, needs_parser


def _by_cue(text: str) -> dict[str, dict]:
    return {q["cue"]: q for q in found(text, parse=True)}


@needs_parser
@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("The donors gave two million dollars to a group backing the mayor.", "backing", "a group"),
        ("Turnout is high among those describing themselves as independents.", "describing", "those"),
        # The object of a verb is the medium, not the speaker: its subject speaks.
        (
            "The campaign issued a statement saying that the mayor would not resign.",
            "issued a statement saying",
            "The campaign",
        ),
        ("The mayor was heard on a microphone telling aides that he would resign.", "telling", "The mayor"),
    ],
)
def test_a_participle_right_after_a_noun_is_that_nouns(text: str, cue: str, source: str) -> None:
    assert _by_cue(text)[cue]["source"] == source


@needs_parser
def test_a_quantifier_floating_after_the_speakers_joins_the_cue() -> None:
    [q] = found("Ms. Reyes and Mr. Okafor have both argued that the levy is unfair.", parse=True)
    assert (q["cue"], q["source"]) == ("have both argued", "Ms. Reyes and Mr. Okafor")


@needs_parser
def test_the_it_of_an_adjective_with_an_infinitive_is_no_source() -> None:
    [q] = found("It is important to note that the council has voted only once.", parse=True)
    assert (q["cue"], q["source"]) == ("is important to note", None)


@needs_parser
def test_a_dateline_the_parse_makes_a_subject_is_not_the_source() -> None:
    [q] = found("MADRID (AFP) – Elena Ruiz said that the strike would go on.", parse=True)
    assert (q["cue"], q["source"]) == ("said", "Elena Ruiz")

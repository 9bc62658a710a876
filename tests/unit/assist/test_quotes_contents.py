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
    assert (q["label"], q["content"], q["source"]) == ("INDIRECT", content, None)
    assert q["cue"].endswith(cue)  # the verb group before it is the cue's too ("is expected")


@needs_parser
def test_a_passive_cue_keeps_its_preposition_in_the_content() -> None:
    [q] = found("The mayor has been criticized for closing the library.", parse=True)
    assert q["content"] == ["The mayor", "for closing the library"]
    assert q["cue"].endswith("criticized")


@needs_parser
def test_the_one_told_by_a_passive_cue_is_not_part_of_the_content() -> None:
    [q] = found("The mayor was told that the library would close.", parse=True)
    assert q["content"] == ["that the library would close"]


@needs_parser
def test_a_cue_set_off_inside_a_mixed_quote_leaves_both_parts_of_the_content() -> None:
    text = "The shipping business, the owner said, is “doing better than at any time since 2010.”"
    [q] = found(text, parse=True)
    assert q["label"] == "MIXED"
    assert q["content"] == ["The shipping business", "is “doing better than at any time since 2010.”"]
    assert (q["cue"], q["source"]) == ("said", "the owner")


@needs_parser
def test_an_opening_with_a_cue_of_its_own_is_not_part_of_the_parenthetical_report() -> None:
    # The parse hangs "said" on the quote's verb, with the opening question inside its subtree.
    text = "Asked what qualities she would like the next chief to have, Ortiz said, “They have got to be patient.”"
    quotes = found(text, parse=True)
    said = next(q for q in quotes if q["cue"] == "said")
    assert (said["label"], said["content"]) == ("DIRECT", ["They have got to be patient."])


@needs_parser
@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The union released a statement saying the plan “has no place in our city.”",
            "the plan “has no place in our city.”",
        ),
        (
            "The mayor revised her statement explaining that she had never seen the memo.",
            "that she had never seen the memo",
        ),
    ],
)
def test_a_message_that_says_something_reports_what_its_participle_says(text: str, content: str) -> None:
    [q] = found(text, parse=True)
    assert q["content"] == [content]


@needs_parser
@pytest.mark.parametrize(
    ("text", "content", "cue", "source"),
    [
        (
            "The council passed a curfew that residents called unfair.",
            ["that", "unfair"],
            "called",
            "residents",
        ),
        (
            "Voters got exactly the kind of reform the mayor had warned about.",
            ["the kind of reform"],
            "warned about",
            "the mayor",
        ),
    ],
)
def test_a_cue_in_a_relative_clause_reports_the_noun_it_describes(
    text: str, content: list[str], cue: str, source: str
) -> None:
    [q] = found(text, parse=True)
    assert (q["label"], q["content"], q["source"]) == ("INDIRECT", content, source)
    assert q["cue"].endswith(cue)


@needs_parser
def test_a_stance_verb_in_a_relative_clause_is_no_attribution() -> None:
    assert found("It was the plan that the governor backed.", parse=True) == []


@needs_parser
def test_asking_someone_to_act_keeps_the_one_asked_in_the_content() -> None:
    [q] = found("The senator asked the board to delay the vote until June.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (
        ["the board to delay the vote until June"],
        "asked",
        "The senator",
    )


@needs_parser
def test_a_report_whose_cue_a_quote_took_stays_when_another_report_holds_that_quote() -> None:
    text = "The mayor insisted that the plan had “broad support,” claiming that most residents had signed the petition."
    by_cue = {q["cue"]: q for q in found(text, parse=True)}
    assert by_cue["insisted"]["content"] == ["that the plan had “broad support,”"]
    assert by_cue["claiming"]["content"] == ["that most residents had signed the petition"]


@needs_parser
def test_a_title_before_the_cue_leaves_the_cue_to_the_report_after_it() -> None:
    text = "Speaking on NBC's “Morning Edition,” the governor admitted that the budget was late."
    by_cue = {q["cue"]: q for q in found(text, parse=True)}
    assert by_cue["admitted"]["content"] == ["that the budget was late"]
    assert by_cue["admitted"]["source"] == "the governor"


@needs_parser
def test_calling_on_someone_to_act_keeps_them_in_the_content() -> None:
    [q] = found("The union called on the city to reopen the clinic.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (
        ["the city to reopen the clinic"],
        "called on",
        "The union",
    )


@needs_parser
def test_a_cue_with_upon_reports_the_prepositions_object() -> None:
    [q] = found("The chair remarked upon the fact that the budget is still short.", parse=True)
    assert (q["content"], q["cue"]) == (["the fact that the budget is still short"], "remarked upon")


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_the_occasion_between_the_cue_and_that_is_not_part_of_a_mixed_content(parse: bool) -> None:
    # With a parse the apposition leaves "said" without its clause; the quote is widened by rule.
    text = (
        "Ms. Lee, a spokeswoman for the council, said in a statement that the security team would work"
        " with the police “to ensure the safety of all.”"
    )
    [q] = found(text, parse=parse)
    assert q["label"] == "MIXED"
    assert q["content"] == [
        "that the security team would work with the police “to ensure the safety of all.”"
    ]


@needs_parser
@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        ("Local farmers are leery of the new trade deal.", "the new trade deal", "Local farmers"),
        (
            "The senator was glad that the vote had been delayed.",
            "that the vote had been delayed",
            "The senator",
        ),
    ],
)
def test_more_adjectives_of_stance_take_their_complement_as_content(
    text: str, content: str, source: str
) -> None:
    [q] = found(text, parse=True)
    assert (q["label"], q["content"], q["source"]) == ("INDIRECT", [content], source)


@needs_parser
def test_a_poll_answer_after_the_question_keeps_its_cue() -> None:
    text = (
        "“Should the mayor resign over the audit?” 62 percent of voters said yes, while 30 percent said no."
    )
    quotes = found(text, parse=True)
    yes = next(q for q in quotes if q["content"] == ["yes"])
    assert (yes["cue"], yes["source"]) == ("said", "62 percent of voters")
    question = next(q for q in quotes if q["label"] == "DIRECT")
    assert question["cue"] is None


@needs_parser
def test_a_cue_verb_the_parse_tags_as_a_noun_is_still_a_cue() -> None:
    # The small parse tags "plans" a noun here, with a subject and an infinitive of its own.
    [q] = found("The Democratic presidential candidate plans to be back in Ohio later Sunday.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (
        ["to be back in Ohio later Sunday"],
        "plans",
        "The Democratic presidential candidate",
    )


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_a_mixed_content_runs_to_the_end_of_its_last_quotation(parse: bool) -> None:
    # The last fragment holds more than one sentence: the content ends with the quotation.
    [q] = found("Mr. Lee said that “farm groups” “do great work. And they matter to the state.”", parse=parse)
    assert q["label"] == "MIXED"
    assert q["content"] == ["that “farm groups” “do great work. And they matter to the state.”"]


@needs_parser
def test_of_two_readings_of_one_attribution_the_one_holding_the_other_stays() -> None:
    # The parse reads the quote and the writer's words after it as one MIXED content; the
    # first quotation alone, with the same cue, is the shorter reading.
    text = (
        'Ms. Ortiz, a spokeswoman for the governor, said, "Instead of calming the voters after the'
        ' flood," the mayor "chose to blame them."'
    )
    [q] = found(text, parse=True)
    assert q["label"] == "MIXED"
    assert q["content"] == [
        '"Instead of calming the voters after the flood," the mayor "chose to blame them."'
    ]
    assert q["cue"] == "said"


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_a_new_verb_phrase_after_the_last_fragment_is_not_part_of_the_mixed_content(parse: bool) -> None:
    for text, content in [
        (
            "The senator called the bill “a disgrace” and walked out of the hearing on Friday.",
            "the bill “a disgrace”",
        ),
        (
            "The coach called the referee a “disgrace to the sport” and left the field before the end.",
            "the referee a “disgrace to the sport”",
        ),
    ]:
        [q] = found(text, parse=parse)
        assert q["label"] == "MIXED"
        assert q["content"] == [content]


@needs_parser
@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "The council backed a new bus line, which residents say could cut commutes by half.",
            ["which", "could cut commutes by half"],
            "say",
        ),
        (
            "It was the tax that the mayor said had hurt small shops.",
            ["that", "had hurt small shops"],
            "said",
        ),
        (
            "The new director appears somewhat uneasy about the budget.",
            ["The new director", "somewhat uneasy about the budget"],
            "appears",
        ),
    ],
)
def test_a_cue_and_source_inside_the_content_split_it_around_them(
    text: str, content: list[str], cue: str
) -> None:
    # PolNeAR gives each word one role: the speaker and cue of a report inside a relative clause
    # (or a raising verb between its subject and complement) are not what was said.
    [q] = [q for q in found(text, parse=True) if q["cue"] == cue]
    assert q["content"] == content


@needs_parser
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        # The relative word is part of the reported clause; without one, the noun is.
        (
            "The council backed the plan, which the mayor argued would cut costs.",
            "argued",
            ["which", "would cut costs"],
        ),
        ("That is what the mayor said she expected.", "said", ["what", "she expected"]),
        (
            "It was a fight the company expects to last into the spring.",
            "expects",
            ["a fight", "to last into the spring"],
        ),
        # A participle's noun and a raising verb's subject are what is said of them.
        (
            "A developer known to be bullish on golf bought the land.",
            "known",
            ["A developer", "to be bullish on golf"],
        ),
        (
            "He appears to understand more than the rest of the party.",
            "appears",
            ["He", "to understand more than the rest of the party"],
        ),
    ],
)
def test_what_is_said_before_the_cue_and_its_speaker_opens_the_content(
    text: str, cue: str, content: list[str]
) -> None:
    [q] = [q for q in found(text, parse=True) if q["cue"] == cue]
    assert q["content"] == content


@needs_parser
def test_a_relative_word_that_is_the_speaker_stays_the_source() -> None:
    [q] = found("The group ran an ad that praised the mayor for his budget.", parse=True)
    assert (q["content"], q["source"]) == (["the mayor for his budget"], "that")


@needs_parser
def test_a_connective_opening_the_sentence_is_not_part_of_what_according_to_reports() -> None:
    # PolNeAR leaves 'But', 'And', 'Still', 'In fact' out of the clause 'according to' attributes.
    text = "The budget passed in May. But the deficit has grown since then, according to the city's auditor."
    [q] = found(text, parse=True)
    assert (q["content"], q["cue"]) == (["the deficit has grown since then"], "according to")


@needs_parser
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The mayor said the council had approved the budget and supported a new tax on hotels.",
            "said",
            "the council had approved the budget and supported a new tax on hotels",
        ),
        (
            "The coach said his team had played badly but wanted to win the next game.",
            "said",
            "his team had played badly but wanted to win the next game",
        ),
    ],
)
def test_a_stance_the_reported_subject_takes_next_stays_in_the_content(
    text: str, cue: str, content: str
) -> None:
    # The second verb shares the reported clause's subject (the council, his team): what it did
    # or wants is still what was said, not the speaker's next report.
    [q] = found(text, parse=True)
    assert (q["cue"], q["content"], q["source"]) == (cue, [content], text.split(" said")[0])


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "At a rally in Dover, Lee referred to Ortiz as “a bright, hard-working mayor” but questioned"
            " her record on taxes.",
            "Ortiz as “a bright, hard-working mayor”",
            "referred to",
        ),
        (
            "He called it “reckless” and called on lawmakers “not to give in to fear.”",
            "lawmakers “not to give in to fear.”",
            "called on",
        ),
        (
            "The senator called for a “complete overhaul” of the tax code.",
            "a “complete overhaul” of the tax code",
            "called for",
        ),
        (
            "The mayor warned of a “long and hard winter” for the city's budget.",
            "a “long and hard winter” for the city's budget",
            "warned of",
        ),
    ],
)
def test_the_cue_verbs_preposition_opening_a_mixed_content_joins_the_cue(
    parse: bool, text: str, content: str, cue: str
) -> None:
    q = next(q for q in found(text, parse=parse) if q["cue"].endswith(cue))
    assert (q["label"], q["content"]) == ("MIXED", [content])


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
@pytest.mark.parametrize(
    ("text", "content"),
    [
        # An infinitive's 'to', a time, a listener before 'that': the content's words stay.
        ("She pledged to “fight for every vote” in the state.", "to “fight for every vote” in the state"),
        ("The governor promised on Tuesday to “cut the red tape.”", None),
        ("She vented to her husband, Frank Lee, that it would be “ugly.”", None),
    ],
)
def test_an_infinitive_a_time_or_a_listener_after_the_cue_does_not_join_it(
    parse: bool, text: str, content: str | None
) -> None:
    [q] = found(text, parse=parse)
    assert q["label"] == "MIXED"
    assert q["cue"].split()[-1] in ("pledged", "promised", "vented")
    if content is not None:
        assert q["content"] == [content]


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_issuing_a_statement_joins_the_participle_cue_after_it(parse: bool) -> None:
    text = "The campaign issued a statement Monday saying the mayor had “lost the plot.”"
    [q] = found(text, parse=parse)
    assert (q["label"], q["cue"], q["source"]) == (
        "MIXED",
        "issued a statement Monday saying",
        "The campaign",
    )
    assert q["content"] == ["the mayor had “lost the plot.”"]


def test_a_fragment_filling_most_of_its_sentence_takes_the_report_before_it() -> None:
    # The sentence rules skip a sentence mostly in quotation marks, and the cue is too far before
    # the quote for the quote's own; the fragment still takes the report opening its sentence and
    # is a MIXED quote of the whole clause (rules path).
    fragment = (
        "“until the storm has passed, the sea has calmed down and every cable on the old pier has"
        " been checked by the engineers of the port twice over.”"
    )
    clause = "the ferry to the island and the boats of the fleet would stay in port for now, " + fragment
    [q] = found("Ann Lee, the harbour master, said " + clause)
    assert (q["label"], q["content"]) == ("MIXED", [clause])
    assert (q["cue"], q["source"]) == ("said", "Ann Lee, the harbour master")

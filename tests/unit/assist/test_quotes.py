"""Quote suggester on hand-made cases and the seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.assist.quotes import ORIGIN, suggest_quotes
from annotator.formats.tokens import token_offsets
from annotator.model import CONTENT, CUE, QUOTE, SOURCE, Span
from annotator.model.spans import is_aligned


def quotes(text: str, entities: tuple[Span, ...] = (), kinds: tuple[str, ...] = ("DIRECT",)) -> list[dict]:
    """Suggested quotes of ``kinds`` as {content: [...], cue, source, entity_id} in text, in order.

    These cases are about quotation marks: reported speech the rules also find
    ("..., he said.") is left out unless ``kinds`` asks for it.
    """
    tokens = token_offsets(text)
    spans = suggest_quotes(text, tokens, entities=entities)
    keep = {s.quote_id for s in spans if s.role == CONTENT and s.label in kinds}
    spans = [s for s in spans if s.quote_id in keep]
    for span in spans:
        assert span.layer == QUOTE and span.origin == ORIGIN
        assert is_aligned(span.start, span.end, tokens), span
    grouped: dict[int, dict] = {}
    first: dict[int, int] = {}
    for span in sorted(spans, key=lambda s: s.start):
        q = grouped.setdefault(span.quote_id, {"content": [], "cue": None, "source": None, "entity_id": None})
        if span.role == CONTENT:
            first.setdefault(span.quote_id, span.start)
        if span.role == CONTENT:
            q["content"].append(text[span.start : span.end])
        elif span.role == CUE:
            q["cue"] = text[span.start : span.end]
        else:
            assert span.role == SOURCE
            q["source"] = text[span.start : span.end]
            q["entity_id"] = span.entity_id
    return [grouped[qid] for qid in sorted(grouped, key=first.__getitem__)]


def test_curly_quote_with_speaker_after_the_cue() -> None:
    [q] = quotes("“We will not back down,” said French President Emmanuel Macron on Monday.")
    assert q["content"] == ["We will not back down"]
    assert q["cue"] == "said"
    assert q["source"] == "French President Emmanuel Macron"


def test_straight_quote_with_speaker_before_the_cue() -> None:
    [q] = quotes('"The numbers simply don\'t add up," the official said.')
    assert q == {
        "content": ["The numbers simply don't add up"],
        "cue": "said",
        "source": "the official",
        "entity_id": None,
    }


def test_apostrophes_inside_single_quotes_do_not_end_the_quote() -> None:
    [q] = quotes("‘The migrants’ camp is full and we’re not coping,’ a UN official told the BBC.")
    assert q["content"] == ["The migrants’ camp is full and we’re not coping"]
    assert q["cue"] == "told"  # the listener is neither cue nor source (PolNeAR's cues)
    assert q["source"] == "a UN official"


def test_apostrophes_alone_make_no_quote() -> None:
    assert quotes("Ukraine's borders and the migrants' camps weren't discussed in the '90s, he said.") == []
    assert quotes("In the ’90s the Jones’ house was ’the place to be for everyone, he said.") == []


def test_nested_quotes_are_one_quote() -> None:
    [q] = quotes("“I told him ‘no, not today’ three times,” she told reporters.")
    assert q["content"] == ["I told him ‘no, not today’ three times"]
    assert (q["cue"], q["source"]) == ("told", "she")


def test_quote_split_by_attribution_is_one_quote_with_two_contents() -> None:
    [q] = quotes('"We\'re ready," he said, "and we\'re waiting for them."')
    assert q["content"] == ["We're ready", "and we're waiting for them."]
    assert (q["cue"], q["source"]) == ("said", "he")
    [q] = quotes("“It’s a start,” said Amina Diallo, an adviser. “The needs are ten times larger.”")
    assert q["content"] == ["It’s a start", "The needs are ten times larger."]


def test_appositive_source_stays_whole_but_a_clause_is_not_part_of_it() -> None:
    [q] = quotes("“We have a lot of work ahead of us,” the board's chair, Kenji Sato, said.")
    assert q["source"] == "the board's chair, Kenji Sato"
    # The quoted words are a fragment of the writer's clause: a MIXED quote from the cue on. The
    # clause between the name and the cue is the speaker's act, not the speaker.
    [q] = quotes(
        "Rachid Ghannouchi, condemned the attack, saying it “will not break our people’s will.”",
        kinds=("MIXED",),
    )
    assert (q["content"], q["cue"], q["source"]) == (
        ["it “will not break our people’s will.”"],
        "saying",
        "Rachid Ghannouchi",
    )


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "But Sen. Ann Lee (D-Ill.), noting the size of the crowd, said, “We have a long list.”",
            "Sen. Ann Lee (D-Ill.)",
        ),
        ("Ann Lee, asked about the vote, said: “We have a long list.”", "Ann Lee"),
        ("Ann Lee, in a statement released on Friday, said: “We have a long list.”", "Ann Lee"),
        (
            "The debate grew so heated over the bill that New York Gov. Ann Lee said, “We have a long list.”",
            "New York Gov. Ann Lee",
        ),
    ],
)
def test_an_aside_between_speaker_and_cue_is_left_out_without_a_parser(text: str, source: str) -> None:
    [q] = quotes(text)
    assert (q["cue"], q["source"]) == ("said", source)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "“We will win,” Ana Ruiz, legal director of the union, said on the phone.",
            "Ana Ruiz, legal director of the union",
        ),
        ("“We will win,” Ana Ruiz, who leads the union, said.", "Ana Ruiz, who leads the union"),
        ("“We will win,” Rep. Ann Lee (D-Ore.) said.", "Rep. Ann Lee (D-Ore.)"),
        (
            "“We will win,” Rep. Ann Lee (D-Ore.), the bill's sponsor, said.",
            "Rep. Ann Lee (D-Ore.), the bill's sponsor",
        ),
    ],
)
def test_a_name_keeps_its_title_relative_clause_or_brackets_without_a_parser(text: str, source: str) -> None:
    [q] = quotes(text)
    assert (q["content"], q["cue"], q["source"]) == (["We will win"], "said", source)


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "“We will win,” Ann Lee, a retired teacher from Dayton, Ohio, who was among the voters polled, said.",
            "said",
            "Ann Lee, a retired teacher from Dayton, Ohio, who was among the voters polled",
        ),
        ("“We will win?” Lee pressed.", "pressed", "Lee"),
        ("“We will win,” the editorial read.", "read", "the editorial"),
    ],
)
def test_a_long_speaker_or_a_verb_outside_the_lexicon_after_a_quote(text: str, cue: str, source: str) -> None:
    [q] = quotes(text)
    assert (q["content"][0].rstrip("?"), q["cue"], q["source"]) == ("We will win", cue, source)


def test_a_short_sentence_without_a_verb_after_a_quote_is_no_attribution() -> None:
    [q] = quotes("“We will win,” Lee and Park.")
    assert (q["cue"], q["source"]) == (None, None)


def test_a_place_after_the_cue_is_no_source() -> None:
    # Without a name before the cue, "on the phone" after it is not the speaker either.
    [q] = quotes("“We will win,” the union's legal director, who asked not to be named, said on the phone.")
    assert q["source"] != "on the phone"


def test_two_quotes_with_their_own_speakers_stay_apart() -> None:
    found = quotes('"First point made here," the adviser said. "Second point made here," the minister added.')
    assert [q["source"] for q in found] == ["the adviser", "the minister"]
    assert [q["cue"] for q in found] == ["said", "added"]


def test_quote_continued_over_paragraphs() -> None:
    text = (
        "“This is the first paragraph of a long statement.\n\n"
        "“And this is the second one, which ends the quote,” the spokesman added.\n"
    )
    [q] = quotes(text)
    assert q["content"] == [
        "This is the first paragraph of a long statement.",
        "And this is the second one, which ends the quote",
    ]
    assert (q["cue"], q["source"]) == ("added", "the spokesman")


def test_quote_without_a_speaker_is_still_found() -> None:
    [q] = quotes('The vote was close. "Nobody expected this result at all." Turnout was low.')
    assert q == {
        "content": ["Nobody expected this result at all."],
        "cue": None,
        "source": None,
        "entity_id": None,
    }


def test_quote_after_a_sentence_ending_in_source_and_cue_takes_them() -> None:
    text = 'France also offers its full solidarity to Poland, the official said. "We stand ready to help Poland."'
    # The writer's clause before the source is the attribution's first part (PolNeAR: one MIXED quote).
    [q] = quotes(text, kinds=("MIXED",))
    assert (q["content"], q["cue"], q["source"]) == (
        ["France also offers its full solidarity to Poland", "We stand ready to help Poland."],
        "said",
        "the official",
    )
    # Only when the sentence ends in the attribution, right before the quote; after a report
    # ("said it was late") the quote is that report's second part (a MIXED quote) too.
    assert quotes('The official said it was late. "We stand ready to help Poland."') == []
    [q] = quotes('The official said it was late. "We stand ready to help Poland."', kinds=("MIXED",))
    assert (q["content"], q["cue"], q["source"]) == (
        ["it was late", "We stand ready to help Poland."],
        "said",
        "The official",
    )


def test_scare_quotes_without_a_cue_are_not_quotes() -> None:
    assert quotes('He called the deal a "historic mistake" and left the room.') == []


def test_attribution_before_the_quote() -> None:
    [q] = quotes('Smith said: "The plan does not work, and everyone knows it."')
    assert (q["cue"], q["source"]) == ("said", "Smith")
    [q] = quotes('According to the port authority, "the first berths could open next spring."')
    assert (q["cue"], q["source"]) == ("According to", "the port authority")


def test_guillemets_and_low_high_quotes() -> None:
    [q] = quotes("« Nous ne céderons pas », a déclaré le ministre.")
    assert q["content"] == ["Nous ne céderons pas"]
    [q] = quotes("„Wir geben nicht auf“, sagte der Minister.")
    assert q["content"] == ["Wir geben nicht auf"]


@pytest.mark.parametrize(
    ("text", "content", "cue", "source"),
    [
        ("„Das ist gut“, sagte Merkel.", "Das ist gut", "sagte", "Merkel"),
        (
            "„Wir geben nicht auf“, erklärte der Minister am Montag.",
            "Wir geben nicht auf",
            "erklärte",
            "der Minister",
        ),
        ("„Das ist gut“, so Merkel.", "Das ist gut", "so", "Merkel"),
        ("Merkel betonte: „Wir schaffen das.“", "Wir schaffen das.", "betonte", "Merkel"),
        ("Laut Merkel ist „das Ziel erreicht worden“.", "das Ziel erreicht worden", "Laut", "Merkel"),
        (
            "« Nous ne céderons pas », a déclaré le ministre.",
            "Nous ne céderons pas",
            "a déclaré",
            "le ministre",
        ),
        ("« C'est fini », a dit Macron à Paris.", "C'est fini", "a dit", "Macron"),
        (
            "Selon le ministre, « la réforme est nécessaire ».",
            "la réforme est nécessaire",
            "Selon",
            "le ministre",
        ),
    ],
)
def test_german_and_french_cues_find_cue_and_source(text: str, content: str, cue: str, source: str) -> None:
    [q] = quotes(text)
    assert (q["content"], q["cue"], q["source"]) == ([content], cue, source)


def test_german_so_is_no_cue_in_english() -> None:
    assert quotes('He was so "smart" that nobody noticed.') == []


def test_source_links_to_the_entity_naming_the_speaker() -> None:
    text = (
        "“We will not back down,” said French President Emmanuel Macron. “Never,” an adviser to Macron said."
    )
    macron = text.index("Emmanuel Macron")
    other = text.rindex("Macron")
    entities = (
        Span(macron, macron + 15, "entity", "PERSON", id=7),
        Span(other, other + 6, "entity", "PERSON", id=8),
    )
    first, second = quotes(text, entities)
    assert first["entity_id"] == 7  # "French President Emmanuel Macron" ends with the entity
    assert second["source"] == "an adviser to Macron"
    assert second["entity_id"] is None  # the adviser is not Macron


FIXTURES = Path(__file__).parents[2] / "fixtures" / "assist"


@pytest.mark.parametrize(
    "article",
    json.loads((FIXTURES / "quotes-gold.json").read_text("utf-8"))["articles"],
    ids=lambda a: a["file"],
)
def test_every_gold_quote_is_found_with_cue_and_source(article: dict) -> None:
    text = (FIXTURES / article["file"]).read_text(encoding="utf-8")
    found = quotes(text, kinds=("DIRECT", "MIXED"))
    expected = [{"content": q["content"], "cue": q["cue"], "source": q["source"]} for q in article["quotes"]]
    assert [{k: q[k] for k in ("content", "cue", "source")} for q in found] == expected


def test_wrong_way_curly_marks_still_pair() -> None:
    # A left mark closing the quote, a right mark opening it (at a paragraph start).
    [q] = quotes("“The plan is sound,“ said Rosa Quint, a planner. “We start in May.”")
    assert q["content"] == ["The plan is sound", "We start in May."]
    assert (q["cue"], q["source"]) == ("said", "Rosa Quint, a planner")
    [q] = quotes("”Thanks for the help, we loved the show!!” posted Tom Reyes.")
    assert q["content"] == ["Thanks for the help, we loved the show!!"]
    assert (q["cue"], q["source"]) == ("posted", "Tom Reyes")


def test_two_apostrophes_closing_after_a_space() -> None:
    # ''...,'' with a space before the closing pair, as some archives print it.
    [q] = quotes("''The budget is too small, '' said Ann Berg, a councilor. ''We need more.''")
    assert q["content"] == ["The budget is too small", "We need more."]
    assert (q["cue"], q["source"]) == ("said", "Ann Berg, a councilor")


def test_a_clause_before_the_attribution_that_opens_a_quote_is_part_of_it() -> None:
    # '<clause>, <source> <cue>. "<quote>"': the writer's clause and the quote are one MIXED attribution.
    [q] = quotes(
        'The plan is not new, the senator said. "We tried it in 2010 and it failed."', kinds=("MIXED",)
    )
    assert q["content"] == ["The plan is not new", "We tried it in 2010 and it failed."]
    assert (q["cue"], q["source"]) == ("said", "the senator")
    # No clause of the writer's before the source: the quote alone, as before.
    [q] = quotes('The senator spoke. Then she said. "We tried it in 2010 and it failed."')
    assert q["content"] == ["We tried it in 2010 and it failed."]


def test_a_quote_opening_with_a_handle_or_an_ellipsis_is_found() -> None:
    [q] = quotes('".@CityHall ignored the flood warnings for a week," Ms. Ray tweeted on Monday.')
    assert q["content"] == [".@CityHall ignored the flood warnings for a week"]
    assert (q["cue"], q["source"]) == ("tweeted", "Ms. Ray")
    [q] = quotes('". . . and then the lights went out across the whole town," Mr. Obi said.')
    assert q["content"] == [". . . and then the lights went out across the whole town"]
    assert (q["cue"], q["source"]) == ("said", "Mr. Obi")


def test_a_doubled_opening_mark_opens_one_quote() -> None:
    [q] = quotes('"“We will rebuild the bridge by spring,” Ms. Ray said on Monday.')
    assert q["content"] == ["We will rebuild the bridge by spring"]
    assert (q["cue"], q["source"]) == ("said", "Ms. Ray")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("“I really regret having listened to that advice, ” he said, echoing others.", "he"),
        (
            "“We were hiding behind a cloak of anonymity for months” said Nick Lee, a spokesman.",
            "Nick Lee, a spokesman",
        ),
    ],
)
def test_an_attribution_after_a_spaced_or_commaless_closing_mark(text: str, source: str) -> None:
    [q] = quotes(text)
    assert (q["cue"], q["source"]) == ("said", source)


def test_a_name_after_a_dash_introduces_the_quote_after_its_colon() -> None:
    [q] = quotes(
        "The samples are particularly weak - Pew Research: “All the samples include more engaged people.”"
    )
    assert (q["cue"], q["source"]) == (":", "Pew Research")

"""The moving keys' arithmetic, without Qt (issue 10)."""

from __future__ import annotations

from annotator.ui import navigation as nav

TEXT = "Macron met Putin.\n\nPutin said: Macron, Macronism.\n  Third line.\n\n\nLast paragraph here"


# issue 10
def test_find_is_case_insensitive_and_wraps() -> None:
    first = nav.find(TEXT, "putin", 0)
    assert first is not None and TEXT[first[0] : first[1]] == "Putin"
    second = nav.find(TEXT, "putin", first[0] + 1)
    assert second is not None and second[0] > first[0]
    assert nav.find(TEXT, "putin", second[0] + 1) == first  # wrapped
    assert nav.find(TEXT, "putin", first[0], wrap=False, backward=True) is None
    assert nav.find(TEXT, "putin", first[0], backward=True) == second  # wrapped backwards
    assert nav.find(TEXT, "nowhere", 0) is None
    assert nav.find(TEXT, "", 0) is None


# issue 10
def test_find_keeps_offsets_exact_where_casefold_changes_lengths() -> None:
    text = "Straße und STRASSE"
    found = nav.find(text, "und", 0)
    assert found is not None and text[found[0] : found[1]] == "und"


# issue 10
def test_count_matches_says_which_of_how_many() -> None:
    second = nav.find(TEXT, "macron", 1)
    assert second is not None
    assert nav.count_matches(TEXT, "macron", second) == (2, 3)


# issue 10
def test_occurrences_are_whole_words_and_case_sensitive() -> None:
    found = nav.occurrences(TEXT, "Macron")
    assert [TEXT[s:e] for s, e in found] == ["Macron", "Macron"]  # not "Macronism"
    assert nav.occurrences(TEXT, "macron") == []
    assert nav.occurrences(TEXT, "  ") == []


# issue 10
def test_next_unmarked_skips_marked_and_wraps() -> None:
    first, second = nav.occurrences(TEXT, "Putin")
    assert nav.next_unmarked(TEXT, "Putin", first[1], [first]) == second
    assert nav.next_unmarked(TEXT, "Putin", second[1], [second]) == first  # wrapped
    assert nav.next_unmarked(TEXT, "Putin", 0, [first, second]) is None
    assert nav.next_unmarked(TEXT, "Putin", second[0], [], backward=True) == first


# issue 10
def test_paragraph_jumps_land_on_first_words() -> None:
    starts = nav.paragraph_starts(TEXT)
    assert [TEXT[s : s + 4] for s in starts] == ["Macr", "Puti", "Last"]
    assert nav.paragraph(TEXT, 0, 1) == starts[1]
    assert nav.paragraph(TEXT, starts[1], 1) == starts[2]
    assert nav.paragraph(TEXT, starts[2], 1) is None
    inside = TEXT.index("Third")
    assert nav.paragraph(TEXT, inside, -1) == starts[1]  # this paragraph's start first
    assert nav.paragraph(TEXT, starts[1], -1) == starts[0]
    assert nav.paragraph(TEXT, 0, -1) is None


# issue 10
def test_paragraphs_break_where_the_view_breaks_lines() -> None:
    text = "One\r\n\r\nTwo\u2029\u2029Three"
    assert [text[s] for s in nav.paragraph_starts(text)] == ["O", "T", "T"]


# issue 10
def test_head_noun_of_a_source() -> None:
    assert nav.head_noun("an adviser to Macron") == "adviser"
    assert nav.head_noun("the adviser") == "adviser"
    assert nav.head_noun("a French official") == "official"
    assert nav.head_noun("Macron") == "macron"
    assert nav.head_noun("") == ""

"""The quote benchmark measures as BBC citron does, so its PARC 3.0 figures compare in metric."""

from __future__ import annotations

from benchmarks.polnear import Attribution, Scores

TEXT = 'Senator Jane Roe, a Democrat, said on Monday that "the bill is dead." Her aide agreed.'


def _span(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


GOLD = Attribution(
    contents=[_span('"the bill is dead."')],
    cue=[_span("said")],
    source=[_span("Senator Jane Roe, a Democrat")],
    kind="DIRECT",
)


def _scores(predicted: list[Attribution]) -> dict[str, tuple[float, float, float]]:
    scores = Scores()
    scores.add(TEXT, [GOLD], predicted)
    return scores.citron_scores()


def test_a_source_is_exact_only_with_every_word_of_the_gold_source() -> None:
    content = [_span("the bill is dead")]  # without the marks and the full stop: the same words
    whole = Attribution(
        content, cue=[_span("said")], source=[_span("Senator Jane Roe, a Democrat")], kind="DIRECT"
    )
    short = Attribution(content, cue=[_span("said")], source=[_span("Jane Roe")], kind="DIRECT")
    assert _scores([whole])["source_exact"] == (1.0, 1.0, 1.0)
    assert _scores([whole])["content_exact"] == (1.0, 1.0, 1.0)
    assert _scores([short])["source_exact"] == (0.0, 0.0, 0.0)
    # Overlap counts words: "Jane Roe" is 2 of the gold's 5 words, all of them right.
    p, r, _ = _scores([short])["source_overlap"]
    assert (p, r) == (1.0, 2 / 5)


def test_a_right_source_counts_only_with_a_cue_overlapping_the_gold_cue() -> None:
    source = [_span("Senator Jane Roe, a Democrat")]
    elsewhere = Attribution([_span("the bill is dead")], cue=[_span("agreed")], source=source, kind="DIRECT")
    longer = Attribution([_span("the bill is dead")], cue=[_span("said on Monday")], source=source)
    assert _scores([elsewhere])["source_exact"] == (0.0, 0.0, 0.0)
    # A cue sharing a word is enough for the source; the cue itself is then not exact.
    assert _scores([longer])["source_exact"][2] == 1.0
    assert _scores([longer])["cue_exact"][2] == 0.0
    assert _scores([longer])["cue_overlap"][:2] == (1 / 3, 1.0)


def test_a_second_suggestion_of_the_same_quote_is_a_false_positive() -> None:
    right = Attribution(
        [_span("the bill is dead")], cue=[_span("said")], source=[_span("Senator Jane Roe, a Democrat")]
    )
    other = Attribution([_span("Her aide agreed")], cue=[_span("agreed")], source=[_span("Her aide")])
    p, r, _ = _scores([right, other])["cue_exact"]
    assert (p, r) == (0.5, 1.0)

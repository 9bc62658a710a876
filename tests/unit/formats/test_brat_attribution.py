"""brat files of an attribution corpus (PolNeAR's layout and labels), written here by hand.

issue 9.11: flags and roles never become entity labels; nested attributions
never abort; offsets stay exactly as the .ann gives them (issue 9.10).
"""

from __future__ import annotations

from pathlib import Path

from tests.unit.formats.conftest import stored

TEXT = (
    "Trump's remarks(some said) were odd.\n"
    "\n"
    "Officials said the mayor claimed the port would reopen.\n"
    "Read the rest here.\n"
)


def _at(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def _t(ident: str, label: str, sub: str, nth: int = 0) -> str:
    s, e = _at(sub, nth)
    return f"{ident}\t{label} {s} {e}\t{sub}\n"


def _polnear(tmp_path: Path, anns: dict[str, str]) -> Path:
    """A PolNeAR-like split: text/<article>.txt and attributions/<article>_<annotator>.ann."""
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "paper_2016-09-12_story.txt").write_text(TEXT, encoding="utf-8")
    for annotator, body in anns.items():
        (split / "attributions" / f"paper_2016-09-12_story_{annotator}.ann").write_text(
            body, encoding="utf-8"
        )
    return split


ANN = (
    # An attribution: "remarks" glued to "(some" keeps its exact offsets.
    _t("T1", "Source", "Trump")
    + _t("T2", "Content", "remarks")
    + _t("T3", "Cue", "said")
    + _t("T4", "Attribution", "said")
    + "E1\tAttribution:T4 Content:T2 Cue:T3 Source:T1\n"
    # An outer attribution whose content holds a nested one.
    + _t("T5", "Source", "Officials")
    + _t("T6", "Cue", "said", 1)
    + _t("T7", "Content", "the mayor claimed the port would reopen")
    + _t("T8", "Attribution", "said", 1)
    + "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n"
    + _t("T9", "Source", "the mayor")
    + _t("T10", "Cue", "claimed")
    + _t("T11", "Content", "the port would reopen")
    + _t("T12", "Attribution", "claimed")
    + "E3\tAttribution:T12 Content:T11 Cue:T10 Source:T9\n"
    # Annotators' flags, overlapping each other (the train split's abort).
    + _t("T13", "Discard", "Read the rest here.")
    + _t("T14", "Discuss", "Read")
    # Parts outside any attribution.
    + _t("T15", "Content", "were odd")
    + _t("T16", "Cue", "Read")
    + _t("T17", "Attribution", "rest")  # a trigger label without its event
)


def test_polnear_layout_imports_as_quotes_only(store, do_import, tmp_path: Path) -> None:
    report = do_import(_polnear(tmp_path, {"ef2d": ANN}) / "attributions")
    assert report.added == 1
    [(article, spans)] = stored(store)
    assert article.text == TEXT and article.meta["annotator"] == "ef2d"
    # Roles and flags never become entity labels.
    assert {layer for _, _, layer, _ in spans} == {"quote"}
    assert not report.labels_added
    assert {(t, label) for t, label, *_ in spans} == {
        ("Trump", "SOURCE"),
        ("remarks", "INDIRECT"),
        ("said", "CUE"),
        ("Officials", "SOURCE"),
        ("the mayor claimed the port would reopen", "INDIRECT"),
        ("were odd", "INDIRECT"),
    }
    assert report.notes["brat annotators' flags (Discard, Discuss)"] == 2
    assert (
        report.notes["brat attributions whose content overlaps another's (nested; the outer one is kept)"]
        == 1
    )
    assert report.notes["brat cue spans outside any attribution (no content to belong to)"] == 1
    lines = report.lines()
    assert "not imported: 2 brat annotators' flags (Discard, Discuss)" in lines


def test_exact_offsets_and_quote_grouping(store, do_import, tmp_path: Path) -> None:
    do_import(_polnear(tmp_path, {"ef2d": ANN}) / "attributions")
    [article_id] = store.article_ids()
    spans = store.spans_for(article_id, "ann")
    by_text = {TEXT[s.start : s.end]: s for s in spans}
    assert (by_text["remarks"].start, by_text["remarks"].end) == _at("remarks")
    quote = by_text["remarks"].quote_id
    parts = {(s.role, s.start, s.end) for s in spans if s.quote_id == quote}
    assert parts == {("content", *_at("remarks")), ("cue", *_at("said")), ("source", *_at("Trump"))}
    # The unlinked content is a quote of its own, without cue or source.
    alone = by_text["were odd"].quote_id
    assert [s.role for s in spans if s.quote_id == alone] == ["content"]


def test_each_annotator_file_is_one_version_of_the_same_text(store, do_import, tmp_path: Path) -> None:
    other = _t("T1", "Source", "Officials") + _t("T2", "Content", "the port would reopen")
    other += "E1\tAttribution-no-source:T2 Content:T2 Source:T1\n"
    report = do_import(_polnear(tmp_path, {"4b22": other, "ef2d": ANN}))
    # The first .ann by name is imported; the second and the text/ file are the same text.
    assert report.added == 1 and report.duplicates == 2
    [(article, spans)] = stored(store)
    assert article.meta["annotator"] == "4b22"
    assert {t for t, *_ in spans} == {"Officials", "the port would reopen"}


def test_span_text_over_a_line_break_is_read_whole(store, do_import, tmp_path: Path) -> None:
    s, e = _at("were odd.\n\nOfficials")
    ann = f"T1\tContent {s} {e}\twere odd.\n\nOfficials\nT2\tCue 0 5\tTrump\n"
    report = do_import(_polnear(tmp_path, {"ef2d": ann}) / "attributions")
    [(_, spans)] = stored(store)
    assert [t for t, *_ in spans] == ["were odd.\n\nOfficials"]
    assert report.notes["brat cue spans outside any attribution (no content to belong to)"] == 1

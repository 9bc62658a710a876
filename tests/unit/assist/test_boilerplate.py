"""Boilerplate suggester: block rules on plain text, repeats across a source, trafilatura on HTML."""

from __future__ import annotations

from pathlib import Path

from annotator.assist.boilerplate import (
    CREDIT,
    LABEL,
    MIN_REPEATS,
    ORIGIN_HTML,
    ORIGIN_RULES,
    build_index,
    group_of,
    repeat_counts,
    suggest_boilerplate,
)
from annotator.formats.tokens import token_offsets
from annotator.model import BOILERPLATE
from annotator.model.spans import is_aligned

FIXTURES = Path(__file__).parents[2] / "fixtures"
SEED = (FIXTURES / "assist" / "seed-devdiscourse-article.txt").read_text(encoding="utf-8")
TITLE = "Macron, Putin agree on need to de-escalate migration crisis in Belarus -Elysee"


def marked(text: str, **kwargs) -> dict[str, str]:
    """Each line of ``text`` -> the label of the suggestion covering it ('' when none)."""
    tokens = token_offsets(text)
    spans = suggest_boilerplate(text, tokens, **kwargs)
    for span in spans:
        assert (
            span.layer == BOILERPLATE
            and span.label in (LABEL, CREDIT)
            and is_aligned(span.start, span.end, tokens)
        )
    out, pos = {}, 0
    for line in text.split("\n"):
        if line.strip():
            start = pos + len(line) - len(line.lstrip())
            label = [s.label for s in spans if s.start <= start < s.end]
            out[line.strip()] = label[0] if label else ""
        pos += len(line) + 1
    return out


def test_seed_article_menu_trending_and_footer_are_boilerplate() -> None:
    labels = marked(SEED, title=TITLE)
    for line in (
        "date 2021-11-16 Left Menu",
        "TRENDING",
        "Nokia, UTS open new research facility to push boundaries of 5G",
        "DevShots",
        "Latest News",
        "Connect us on",
        "LinkedIn Quora Youtube RSS",
        "Subscribe to our Newsletter",
        "Email: info@devdiscourse.com",
        "VisionRI | Disclaimer | Terms of use | Privacy Policy",
        "© Copyright 2021",
        "Living with Covid means prioritising prevention and treatment",
    ):
        assert labels[line] == LABEL, line
    assert (
        labels[
            "(This story has not been edited by Devdiscourse staff and is auto-generated from a "
            "syndicated feed.)"
        ]
        == CREDIT
    )


def test_seed_article_headline_dateline_and_body_are_left_alone() -> None:
    labels = marked(SEED, title=TITLE)
    assert labels[TITLE] == ""
    assert labels["Reuters | Updated: 16-11-2021 00:58 IST | Created: 16-11-2021 00:58 IST"] == ""
    body = [
        line
        for line in labels
        if line.startswith(
            ("French President", "The Western bloc", '"The goal', "Macron also", '"Our willingness')
        )
    ]
    assert len(body) == 6
    assert all(labels[line] == "" for line in body)


def test_labels_are_the_schema_labels() -> None:
    assert (LABEL, CREDIT) == ("BOILERPLATE", "CREDIT")


def test_one_span_per_run_of_boilerplate_lines() -> None:
    spans = suggest_boilerplate(SEED, token_offsets(SEED), title=TITLE)
    assert [s.label for s in spans] == [LABEL, CREDIT, LABEL]
    assert SEED[spans[-1].start : spans[-1].end].startswith("TRENDING")
    assert SEED[spans[-1].start : spans[-1].end].endswith("© Copyright 2021")
    assert {s.origin for s in spans} == {ORIGIN_RULES}


def test_menu_lists_and_share_bars_inside_the_text() -> None:
    text = (
        "Home\nWorld\nSport\nWeather\n\nStorm hits the coast\n\n"
        "A strong storm hit the coast on Sunday, cutting power to thousands of homes in the region.\n"
        "Share on Facebook\n"
        "Officials said the power would be back by the end of the week for most of the homes.\n"
        "Advertisement\n"
        "The storm is the third to hit the region this year, according to the weather service.\n"
    )
    labels = marked(text)
    assert [labels[w] for w in ("Home", "World", "Sport", "Weather")] == [LABEL] * 4
    assert labels["Share on Facebook"] == labels["Advertisement"] == LABEL
    assert labels["Storm hits the coast"] == ""
    assert all(
        labels[line] == "" for line in labels if line.startswith(("A strong", "Officials", "The storm"))
    )


def _article(n: int) -> str:
    return (
        f"Local news story number {n}\n\n"
        f"Something happened in town number {n} on Monday, and the people there talked about it a lot.\n\n"
        "Thanks for reading our local paper today\n\n"
        f"More happened later in town number {n}, witnesses told the paper on Tuesday evening.\n"
    )


def test_lines_repeating_across_a_source_are_boilerplate() -> None:
    texts = [_article(n) for n in range(MIN_REPEATS)]
    index = build_index(("Town Gazette", "", t) for t in texts)
    repeats = repeat_counts(index, group_of("Town Gazette", ""), texts[0])
    labels = marked(texts[0], repeats=repeats)
    assert labels["Thanks for reading our local paper today"] == LABEL
    assert labels["Local news story number 0"] == ""
    # Alone (or in another source's company) the same line is not boilerplate.
    assert marked(texts[0])["Thanks for reading our local paper today"] == ""
    other = build_index(
        [("Town Gazette", "", texts[0]), ("Other Paper", "", texts[1]), ("Other Paper", "", texts[2])]
    )
    assert (
        marked(texts[0], repeats=repeat_counts(other, group_of("Town Gazette", ""), texts[0]))[
            "Thanks for reading our local paper today"
        ]
        == ""
    )


def test_site_groups_articles_without_a_source() -> None:
    assert (
        group_of("", "https://www.example.com/a/1")
        == group_of("", "http://example.com/b")
        == "site:example.com"
    )
    assert group_of("", "") is None


def test_html_page_blocks_outside_the_main_text_are_boilerplate() -> None:
    from annotator.formats.html import page_text

    html = (FIXTURES / "readability" / "ars-1" / "source.html").read_text(encoding="utf-8")
    text = page_text(html)  # the article text `annotator import --format html` stores
    spans = suggest_boilerplate(text, token_offsets(text), html=html)
    assert spans and {s.origin for s in spans} == {ORIGIN_HTML}
    labels = marked(text, html=html)
    for line in ("Skip to main content", "Share on Facebook", "Sign up or login to join the discussions!"):
        assert labels[line] == LABEL, line
    assert labels["Two-year-old bug exposes thousands of servers to crippling attack."] == LABEL
    body = [line for line in labels if line.startswith(("A flaw in the wildly popular", '"I thought a lot'))]
    assert len(body) == 2 and all(labels[line] == "" for line in body)


def test_html_without_main_text_falls_back_on_the_rules() -> None:
    text = "Home\nNews\nSport\nWeather\n"
    spans = suggest_boilerplate(text, token_offsets(text), html="<html><body><p>x</p></body></html>")
    assert [s.origin for s in spans] == [ORIGIN_RULES]


# -- issue 11: starting from trafilatura never loses what trafilatura keeps ----------------


def _words(text: str) -> list[str]:
    """Words as a reader counts them: soft hyphens and zero-width spaces do not split one."""
    import re

    visible = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return re.findall(r"\w+", visible.lower())


def _recall_of_trafilatura(text: str, html: str) -> tuple[float, float]:
    """(our main text's recall of trafilatura's words, 1.0) after every suggestion is cut."""
    from collections import Counter

    from annotator.assist.boilerplate import extract_main_text
    from annotator.formats.text_export import clean_text

    kept = clean_text(text, suggest_boilerplate(text, token_offsets(text), html=html))
    ours, theirs = Counter(_words(kept)), Counter(_words(extract_main_text(html)))
    return sum((ours & theirs).values()) / sum(theirs.values()), 1.0


def _page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Budget</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a> "
        f"<a href='/s'>Sport</a></nav><article><h1>The budget vote</h1>{body}</article>"
        "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
    )


def test_soft_hyphens_and_zero_width_spaces_do_not_hide_the_body() -> None:
    # issue 11: pages that hyphenate with &shy; (or carry U+200B) keep them in the article
    # text while trafilatura drops them; every such word used to miss, and the whole body
    # became boilerplate.
    from annotator.formats.html import page_text

    paragraphs = [
        f"Para\u00adgraph {i}: the gov\u00adern\u00adment an\u00adnounced to\u200bday that tax\u00ades "
        f"on fuel will rise by {i + 2} per\u00adcent next year, of\u00adfi\u00adcials said."
        for i in range(10)
    ]
    html = _page(paragraphs)
    text = page_text(html)
    labels = marked(text, html=html)
    body = [line for line in labels if line.startswith("Para\u00adgraph")]
    assert len(body) == 10 and all(labels[line] == "" for line in body)
    assert labels["Home World Sport"] == LABEL
    assert _recall_of_trafilatura(text, html)[0] >= 0.97


def test_rules_on_top_of_trafilatura_never_take_most_of_its_text() -> None:
    # issue 11: short body lines full of menu-like words ("cookies", "menu", "comments")
    # are kept by trafilatura; the rules may add boilerplate, not remove its main text.
    from annotator.formats.html import page_text

    paragraphs = [f"Cookies and cream on the winter menu at cafe number {i}" for i in range(12)]
    paragraphs += ["The bakery opened in 1998 and has grown every year since, its owner said."]
    html = _page(paragraphs)
    text = page_text(html)
    assert _recall_of_trafilatura(text, html)[0] >= 0.97


def test_fixture_pages_keep_what_trafilatura_keeps() -> None:
    # issue 11: on real pages, the main text left never falls more than 0.10 below
    # trafilatura's own recall (here: of its own words, the strictest form of it).
    from annotator.formats.html import page_text

    for folder in ("readability/ars-1", "readability/tmz-1", "readability/wapo-2", "html/bbc-1", "html/cnn"):
        html = (FIXTURES / folder / "source.html").read_text(encoding="utf-8")
        recall, _ = _recall_of_trafilatura(page_text(html), html)
        assert recall >= 0.90, (folder, recall)


def test_blocks_end_where_the_view_breaks_lines() -> None:
    from annotator.assist.boilerplate import blocks

    text = "Home\x0bNews\x0cSport\u2028Weather\nBody"
    assert [text[s:e] for s, e in blocks(text)] == ["Home", "News", "Sport", "Weather", "Body"]

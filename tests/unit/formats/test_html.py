"""HTML import: full visible text in reading order, boilerplate kept, hidden things dropped."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html

from tests.unit.formats.conftest import stored


def _paragraphs(expected: Path) -> list[str]:
    root = lxml.html.fromstring(expected.read_text(encoding="utf-8"))
    return [" ".join(p.text_content().split()) for p in root.iter("p") if len(p.text_content().split()) > 5]


def test_bbc_page_keeps_menus_and_every_paragraph_of_the_story(store, do_import, fixtures: Path) -> None:
    page = fixtures / "html" / "bbc-1" / "source.html"
    report = do_import(page)
    assert report.picked == {"html": 1}
    [(article, _)] = stored(store)
    assert article.title == "Obama admits US gun laws are his 'biggest frustration' - BBC News"
    assert article.url == "http://www.bbc.com/news/world-us-canada-33646704"
    assert article.source == "bbc.com"
    lines = article.text.split("\n")
    # Menus are kept: annotators mark them as boilerplate.
    assert "Skip to content" in lines and "Weather" in lines
    for paragraph in _paragraphs(page.parent / "expected.html"):
        assert " ".join(paragraph.split()) in " ".join(article.text.split()), paragraph
    # Story order is reading order.
    first, last = (
        _paragraphs(page.parent / "expected.html")[0],
        _paragraphs(page.parent / "expected.html")[-1],
    )
    assert article.text.index(first[:40]) < article.text.index(last[:40])
    assert store.article_html(article.id) == page.read_text(encoding="utf-8")
    assert "html" not in article.meta


def test_scripts_styles_and_hidden_elements_are_dropped(store, do_import, fixtures: Path) -> None:
    do_import(fixtures / "html" / "cnn" / "source.html")
    [(article, _)] = stored(store)
    assert "function(" not in article.text and "{" not in article.text.replace("{ }", "")
    assert not re.search(r"^\s|\s$", article.text)


def test_blocks_inline_text_nbsp_and_hidden(store, do_import, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html lang='fr'><head><title> Le  titre </title><style>p{color:red}</style>"
        "<link rel='canonical' href='https://www.example.fr/a'></head><body>"
        "<nav><ul><li>Accueil</li><li>Monde</li></ul></nav>"
        "<p>Un <b>texte</b>\n   en\u00a0ligne<br>suite</p><script>var x=1;</script>"
        "<div hidden>caché</div><div style='display: none'>caché</div><input type=hidden value=x>"
        "<pre>a  b\n  c</pre><footer>© Exemple</footer></body></html>",
        encoding="utf-8",
    )
    do_import(page)
    [(article, _)] = stored(store)
    assert article.text == "Accueil\nMonde\nUn texte en\u00a0ligne\nsuite\na  b\n  c\n© Exemple"
    assert (article.title, article.url, article.source, article.lang) == (
        "Le titre",
        "https://www.example.fr/a",
        "example.fr",
        "fr",
    )


def test_a_page_declaring_another_charset_is_read_in_it(store, do_import, tmp_path: Path) -> None:
    page = tmp_path / "old.html"
    page.write_bytes(
        '<html><head><meta charset="windows-1252"><title>Café</title></head>'
        "<body><p>Crème brûlée</p></body></html>".encode("cp1252")
    )
    do_import(page)
    [(article, _)] = stored(store)
    assert article.text == "Crème brûlée" and article.title == "Café"


def test_page_text_of_a_page_is_the_imported_article_text(store, do_import, fixtures: Path) -> None:
    from annotator.formats.html import page_text

    page = fixtures / "html" / "bbc-1" / "source.html"
    do_import(page)
    [(article, _)] = stored(store)
    assert page_text(page.read_text(encoding="utf-8")) == article.text
    # A fragment (readability's expected.html) reads the same way: one block a line.
    assert (
        page_text("<div><h2> A  title </h2><p>One <i>line</i>.</p><p>Two.</p></div>")
        == "A title\nOne line.\nTwo."
    )

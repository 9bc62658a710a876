"""Plain text import: the seed article, titles, newlines."""

from __future__ import annotations

from pathlib import Path

from annotator.formats.txt import title_of
from tests.unit.formats.conftest import stored


def test_seed_article_keeps_its_boilerplate_and_gets_its_headline(store, do_import, fixtures: Path) -> None:
    path = fixtures / "txt" / "seed-devdiscourse-article.txt"
    report = do_import(path)
    assert report.added == 1 and report.picked == {"txt": 1}
    [(article, spans)] = stored(store)
    assert article.title == "Macron, Putin agree on need to de-escalate migration crisis in Belarus -Elysee"
    assert article.text == path.read_text(encoding="utf-8")
    assert "TRENDING" in article.text and spans == []
    assert article.source == "txt"  # the folder the file is in
    assert store.status(article.id, "ann") == "todo"


def test_title_skips_menu_lines_and_falls_back_to_the_file_name() -> None:
    assert (
        title_of("Home\nMenu\nLeft Menu\nSkip to content\nBig storm hits the coast today\n", "f")
        == "Big storm hits the coast today"
    )
    assert title_of("Home\n\nMenu\n", "my-file") == "my-file"


def test_crlf_becomes_lf(store, do_import, tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes(b"A headline for the test\r\n\r\nBody text here.\r\n")
    do_import(path)
    [(article, _)] = stored(store)
    assert article.text == "A headline for the test\n\nBody text here.\n"


def test_reimport_adds_nothing_and_counts_duplicates(store, do_import, fixtures: Path) -> None:
    path = fixtures / "txt" / "seed-devdiscourse-article.txt"
    do_import(path)
    again = do_import(path)
    assert (again.added, again.duplicates) == (0, 1)
    assert "1 duplicate already stored" in again.lines()[1]
    assert store.count_articles() == 1

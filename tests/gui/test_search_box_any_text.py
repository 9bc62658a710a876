"""The window's search box takes any text (issue 9.8): a NUL, quotes, FTS5 operators."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.model.words import count

# query -> how many of the four articles the list then shows
QUERIES = {"Lagos\x00": 1, '"Lagos': 1, "Lagos*": 1, "NEAR(Lagos": 0, "Oslo AND": 0, "\x00": 4, "Lagos": 1}


def test_search_box_takes_a_nul_and_fts5_syntax(window, qtbot) -> None:  # issue 9.8
    for query, expected in QUERIES.items():
        window.search_box.setText(query)
        qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # filters at once, opens the first hit
        assert window.articles.total == expected, query
        assert window.list_count.text() == count(expected, "article")
    assert window.editor.article_id == 3  # "Apple in Lagos", opened by Return

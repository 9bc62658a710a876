"""View > Sort by uncertainty: the todo articles a trained model is least sure of come first (issue 14)."""

from __future__ import annotations

from annotator.model import Status
from annotator.store.scores import save_uncertainty
from annotator.ui.qt import Qt
from tests.gui.conftest import ANNOTATOR

ORIGIN = "suggested:model-test"


def _titles(window) -> list[str]:
    model = window.articles
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _press_sort(window, qtbot) -> None:
    qtbot.keyClick(
        window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )


def test_the_list_sorts_todo_articles_least_certain_first_and_keeps_the_choice(
    make_window, articles, qtbot
) -> None:
    from annotator.ui.list_order import SETTING
    from annotator.ui.settings import app_settings

    window = make_window(articles)
    store = window.store
    # Article 2 is done already: its doubt does not lift it. 3 is the least certain todo one.
    for article_id, doubt in ((1, 0.2), (2, 0.99), (3, 0.8)):
        save_uncertainty(store, article_id, ANNOTATOR, ORIGIN, doubt)
    store.set_status(2, ANNOTATOR, Status.DONE)
    by_id = [
        "Macron, Putin agree on need to de-escalate",
        "Merkel meets Johnson",
        "Apple in Lagos",
        "Oslo weather",
    ]
    window.articles.reload()
    assert _titles(window) == by_id

    _press_sort(window, qtbot)
    assert window.actions_by_name["sort_uncertain"].isChecked()
    # todo with a figure, most doubt first (3, then 1); then the rest by id (2 done, 4 unscored).
    assert _titles(window) == [by_id[2], by_id[0], by_id[1], by_id[3]]
    assert app_settings().value(SETTING) == "uncertain"
    # The open article (1) is still the current row, wherever it moved.
    assert window.articles.article_id(window.article_view.currentIndex().row()) == window.editor.article_id

    # Moving down the list follows the new order: after article 1 comes article 2.
    window.open_article(3)
    window.actions_by_name["next_article"].trigger()
    assert window.editor.article_id == 1

    # A new window on the same project starts sorted the same way.
    second = make_window()
    assert second.actions_by_name["sort_uncertain"].isChecked()
    assert _titles(second) == [by_id[2], by_id[0], by_id[1], by_id[3]]

    _press_sort(second, qtbot)
    assert not second.actions_by_name["sort_uncertain"].isChecked()
    assert _titles(second) == by_id
    assert app_settings().value(SETTING) == "id"


def test_sorting_keeps_the_status_filter(window, qtbot) -> None:
    for article_id, doubt in ((1, 0.1), (4, 0.7)):
        save_uncertainty(window.store, article_id, ANNOTATOR, ORIGIN, doubt)
    window.status_filter.setCurrentIndex(window.status_filter.findData(Status.TODO))
    _press_sort(window, qtbot)
    assert _titles(window) == [
        "Oslo weather",
        "Macron, Putin agree on need to de-escalate",
        "Merkel meets Johnson",
        "Apple in Lagos",
    ]
    assert window.list_count.text() == "4 articles"

"""View > Sort by uncertainty (``Ctrl+Shift+O``): the article list's order (issue 14).

Checked, the list puts first the todo articles the latest trained model is least
sure of (``article_uncertainty``, written by ``suggest --model`` and by the
window's suggesting with a trained model), then every other article by id;
unchecked, every article by id. The choice is kept with the window's state
(QSettings, ``window/article_order``). The order is read when the list is loaded
(opening, a search, a filter, this action, new suggestions): marking an
article done leaves it where it is until then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.ui.article_list import BY_ID, ORDERS, UNCERTAIN
from annotator.ui.settings import app_settings

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

SETTING = "window/article_order"
ACTION = "sort_uncertain"


def stored_order() -> str:
    value = str(app_settings().value(SETTING, BY_ID) or BY_ID)
    return value if value in ORDERS else BY_ID


def restore(window: MainWindow) -> None:
    """At start: the stored order, and the action's check mark to match."""
    order = stored_order()
    window.actions_by_name[ACTION].setChecked(order == UNCERTAIN)
    if order != window.articles.order:
        window.articles.set_filter(order=order)


def toggle(window: MainWindow) -> None:
    """The action was triggered: sort by its check mark, keep it, keep the open article shown."""
    order = UNCERTAIN if window.actions_by_name[ACTION].isChecked() else BY_ID
    app_settings().setValue(SETTING, order)
    window.articles.set_filter(order=order)
    window._update_list_count()
    window._show_open_article_in_list(scroll=True)
    window.show_message(
        "articles the model is least sure of first" if order == UNCERTAIN else "articles in id order"
    )

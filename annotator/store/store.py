"""``Store``: one project, the whole state of an annotation project, in a SQLite
file or a PostgreSQL database.

Every user edit is one transaction that also appends a row to ``edits``; a
caller that sees a method return can tell the user "saved". On SQLite, WAL
mode keeps readers (a second window, ``annotator stats``) off the writer's
back; on PostgreSQL, every annotator has their own connection to the server.

The class is assembled from one layer per concern, each in its own module:
``connection`` (opening, transactions, the edit log, labels), ``search``,
``statuses`` (annotators, statuses, progress), ``spans`` (spans, quotes,
suggestions) and ``articles`` (reading, the list, imports). What differs
between the backends is in ``dialect`` and ``pg``.
"""

from __future__ import annotations

from annotator.store.articles import ArticlesMixin
from annotator.store.errors import StoreBusyError as StoreBusyError  # re-exported
from annotator.store.errors import StoreError as StoreError  # re-exported
from annotator.store.rows import ArticleRow as ArticleRow  # re-exported
from annotator.store.rows import ImportResult as ImportResult  # re-exported
from annotator.store.rows import _now as _now  # re-exported
from annotator.store.rows import _span_from_row as _span_from_row  # re-exported
from annotator.store.rows import default_annotator as default_annotator  # re-exported
from annotator.store.rows import has_live_spans as has_live_spans  # re-exported


class Store(ArticlesMixin):
    """An open annotation project: ``Store(path)`` or ``Store("postgresql://host/db")``.

    Creates the project if needed (in one transaction) and refuses another
    program's file or database, or a newer project; an older one is upgraded
    in place by its first write (a SQLite file after copying it to
    ``<name>.backup-<migration>.db``).
    """

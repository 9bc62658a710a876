"""The project (a SQLite file, or a PostgreSQL database by URL): schema, migrations,
and every read and write.

This package is the only code that writes SQL. Callers use ``Store`` methods
(``store.add_span(...)``, ``store.spans_for(article_id)``), never table names.
"""

from annotator.store.errors import StoreBusyError, StoreError
from annotator.store.store import ArticleRow, ImportResult, Store

__all__ = ["ArticleRow", "ImportResult", "Store", "StoreBusyError", "StoreError"]

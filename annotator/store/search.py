"""Full-text search over article titles and texts (SQLite FTS5; PostgreSQL a tsvector column).

Both find the articles holding every word of the query, each as a prefix,
case-insensitively; ``dialect`` has each backend's SQL. SQLite's index is
filled lazily (``sync_search``) so imports stay as fast as plain inserts;
PostgreSQL's column is kept by the server itself.
"""

from __future__ import annotations

from annotator.store.connection import StoreBase


class SearchMixin(StoreBase):
    def sync_search(self) -> None:
        """Index articles added since the last search (articles never change, only grow)."""
        if self.is_postgres:
            return  # a generated column, indexed as each article is stored
        # The docsize shadow table holds one row per indexed article.
        last = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles_fts_docsize").fetchone()[0]
        top = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0]
        if top > last:
            with self.transaction():
                self.conn.execute(
                    "INSERT INTO articles_fts (rowid, title, text) "
                    "SELECT id, title, text FROM articles WHERE id > ?",
                    [last],
                )

    def search(self, query: str, *, limit: int = 1000) -> list[int]:
        self.sync_search()
        sql = self.dialect.search_sql()
        return [r[0] for r in self.conn.execute(sql, [self.dialect.search_param(query), limit])]

"""Running a test on both backends of the store: SQLite files and PostgreSQL.

The ``backend`` fixture (``tests/conftest.py``) parametrizes every test that
uses ``project`` or ``store``; ``@sqlite_only`` keeps a test about SQLite files
themselves (WAL, the header, a full disk) to ``[sqlite]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgres")
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])
# For a test of the window's own logic that a representative test runs on both already.
one_backend = pytest.mark.parametrize("backend", ["sqlite"])


def read_back(target: Path | str, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    """Rows as a second connection (another process, a restarted one) sees them; ``?`` placeholders."""
    if isinstance(target, str):
        import psycopg

        from annotator.store.pg import to_psycopg

        with psycopg.connect(target) as conn:
            # Without parameters the SQL may be several statements (psycopg's simple protocol).
            cur = conn.execute(to_psycopg(sql), tuple(params)) if params else conn.execute(sql.encode())
            return [tuple(r) for r in cur.fetchall()] if cur.description else []
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(target)) as conn:
        return conn.execute(sql, params).fetchall()


# The bookkeeping of each backend, and what each computes itself: not project data.
_NOT_DATA = {"_sqlite_migrations", "annotator_migrations"}
_COMPUTED = {"search"}


def dump(target: Path | str, *, leave_out: set[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every project table's rows (sorted; columns in ``leave_out`` left out), either backend."""
    if isinstance(target, str):
        tables_sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        columns_sql = (
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = '{}' ORDER BY ordinal_position"
        )
    else:
        tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'articles_fts%'"
        columns_sql = "SELECT name FROM pragma_table_info('{}') ORDER BY cid"
    out = {}
    for (table,) in read_back(target, tables_sql):
        if table in _NOT_DATA:
            continue
        columns = [
            c for (c,) in read_back(target, columns_sql.format(table)) if c not in leave_out | _COMPUTED
        ]
        quoted = ", ".join(f'"{c}"' for c in columns)
        out[table] = sorted(read_back(target, f"SELECT {quoted} FROM {table}"), key=repr)
    return out

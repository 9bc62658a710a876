"""``annotator copy``: a whole project from one store into a new one, exactly.

Every table a project holds is copied row by row with its ids (articles,
article pages, labels, annotators, reviewers, statuses, assignments, quotes,
spans, scores, the edit log, pack bookkeeping), in foreign-key order and in
one transaction on the destination, so that a copy is all or nothing. The
destination must be a new project: a file that does not exist yet (written
beside its final name and moved into place when complete) or a database with
no articles in it. Afterwards both sides are read again and compared table
by table (`digest`): a copy that differs in one value is an error, not a
success.

The SQL is the store's shared SQL (``?`` placeholders): the same code copies
SQLite to PostgreSQL, back, or file to file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.store import schema
from annotator.store.errors import StoreError
from annotator.store.store import Store

# (table, the columns that order its rows): parents before children.
TABLES: tuple[tuple[str, str], ...] = (
    ("labels", "layer, name"),
    ("annotators", "name"),
    ("reviewers", "name"),
    ("articles", "id"),
    ("article_html", "article_id"),
    ("statuses", "article_id, annotator"),
    ("assignments", "annotator, article_id"),
    ("quotes", "id"),
    ("spans", "id"),
    ("span_scores", "span_id"),
    ("article_uncertainty", "article_id, annotator, origin"),
    ("edits", "id"),
    ("pack_info", "annotator"),
    ("pack_base", "annotator, text_hash"),
)
# Tables whose ``id`` the destination numbers itself after the copy (PostgreSQL's
# identity sequences must be moved past the copied ids).
_NUMBERED = ("articles", "quotes", "spans", "edits")
_BATCH = 2_000
# Columns the database computes itself (PostgreSQL's search vector): never written.
_GENERATED = {"articles": {"search"}}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CopyResult:
    rows: dict[str, int]  # table -> rows copied

    def summary(self) -> str:
        shown = ("articles", "spans", "quotes", "statuses", "edits")
        return ", ".join(f"{self.rows.get(t, 0):,} {t}" for t in shown)


def _columns(store: Store, table: str) -> list[str]:
    cur = store.conn.execute(f"SELECT * FROM {table} LIMIT 0")
    generated = _GENERATED.get(table, set())
    return [d[0] for d in cur.description if d[0] not in generated]


def _present(store: Store) -> list[str]:
    return [table for table, _ in TABLES if schema.has_table(store.conn, table)]


def _rows(store: Store, table: str, columns: Sequence[str], order: str) -> Iterator[Sequence[Any]]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    yield from store.conn.execute(f"SELECT {quoted} FROM {table} ORDER BY {order}")


def _normal(value: Any) -> str:
    # The same value reads back as the same Python type from both drivers, but
    # floats are written with repr so that 0.1 and 0.1000000001 differ.
    return repr(value) if isinstance(value, float) else str(value) if value is not None else "\x00"


def digest(store: Store, table: str) -> tuple[int, str]:
    """Rows of ``table`` and a SHA-256 of their values, in key order (``copy``'s check)."""
    order = dict(TABLES)[table]
    columns = sorted(_columns(store, table))
    h = hashlib.sha256()
    n = 0
    for row in _rows(store, table, columns, order):
        h.update("\x1f".join(_normal(v) for v in row).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
        n += 1
    return n, h.hexdigest()


def copy_project(
    source: Store,
    open_target: Callable[[], Store],
    target_name: str,
    *,
    progress: Progress | None = None,
) -> CopyResult:
    """Copy everything in ``source`` into the store ``open_target()`` makes, in one transaction.

    Raises ``StoreError`` when the destination already holds articles, or when
    the copy read back differs from the source (the transaction is then rolled
    back)."""
    tables = _present(source)
    totals = {t: int(source.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}
    grand = sum(totals.values())
    done = 0
    target = open_target()
    try:
        if target.count_articles():
            raise StoreError(
                f"{target_name}: already holds a project with {target.count_articles():,} articles; "
                "copy makes a new project. Nothing was copied"
            )
        with target.transaction():
            # A new project starts with the default labels and no rows else:
            # the source's own labels replace them.
            for table, _ in reversed(TABLES):
                target.conn.execute(f"DELETE FROM {table}")
            for table in tables:
                columns = [c for c in _columns(source, table) if c in set(_columns(target, table))]
                done = _copy_table(source, target, table, columns, done, grand, progress)
            for table in _NUMBERED:
                reset = getattr(target, "reset_ids", None)
                if reset is not None:
                    reset(table)
            _check(source, target, target_name, tables)
        target.sync_search()
    finally:
        target.close()
    return CopyResult(rows=totals)


def _copy_table(
    source: Store,
    target: Store,
    table: str,
    columns: list[str],
    done: int,
    grand: int,
    progress: Progress | None,
) -> int:
    quoted = ", ".join(f'"{c}"' for c in columns)
    insert = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' for _ in columns)})"
    for batch in _batches(_rows(source, table, columns, dict(TABLES)[table])):
        target.conn.executemany(insert, batch)
        done += len(batch)
        if progress is not None:
            progress(done, grand)
    return done


def _batches(rows: Iterable[Sequence[Any]]) -> Iterator[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(tuple(row))
        if len(batch) >= _BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _check(source: Store, target: Store, target_name: str, tables: list[str]) -> None:
    for table in tables:
        if digest(source, table) != digest(target, table):
            raise StoreError(
                f"{target_name}: the copy of table {table} differs from the source; nothing was copied"
            )


def copy_to_file(source: Store, target: Path, *, progress: Progress | None = None) -> CopyResult:
    """``copy_project`` into a new SQLite file: written beside ``target``, moved into place when complete."""
    if target.exists():
        raise StoreError(f"{target}: already exists; copy makes a new project. Give a new file name")
    if not target.parent.is_dir():
        raise StoreError(f"{target.parent}: no such folder")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        result = copy_project(source, lambda: Store(partial), str(target), progress=progress)
        if target.exists():  # made meanwhile by someone else: never replaced
            raise StoreError(f"{target}: already exists; copy makes a new project. Give a new file name")
        os.replace(partial, target)
    finally:
        for leftover in (
            partial,
            *(partial.with_name(partial.name + s) for s in ("-wal", "-shm", "-journal")),
        ):
            with suppress(OSError):
                leftover.unlink()
    return result

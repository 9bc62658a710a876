"""Work offline: ``pack`` an annotator's share into a project file, ``merge`` it back.

A pack is a normal project file (``annotator open alice.db -a alice`` works)
holding the annotator's assigned articles (all articles when they have no
assignment), the label schema, and that annotator's spans (suggestions
included), quotes and statuses. It also keeps, per article, a fingerprint of
the annotator's version as packed (``pack_base``): ``merge`` compares the
pack's version (P), the project's (D) and that base (B), matching articles by
text hash, never by id:

- P == B (not touched offline) or P == D (already merged): nothing to do, so
  merging a file twice changes nothing;
- D == B (only the pack changed): the pack's version replaces the project's;
- otherwise both changed since packing (or two packs changed the same
  article): a **conflict**. By default the project's version stays and the
  pack's is kept beside it as annotator ``<name>@pack-<file stem>``;
  ``prefer="pack"`` takes the pack's, ``prefer="db"`` keeps the project's only.

Only the pack's annotator (and the set-aside name) is ever written. Every
version brought in is one ``edits`` row with action ``merge`` naming the file.
The whole merge is one transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.model import Span, Status
from annotator.store import handout
from annotator.store.store import _span_from_row
from annotator.store.teams import ASIDE_MARK, assignments

if TYPE_CHECKING:
    from annotator.store.dialect import Connection
    from annotator.store.store import Store

PREFER = ("pack", "db")
_SPANS = 'id, article_id, layer, label, start, "end", quote_id, role, entity_id, origin, annotator'
_BATCH = 500


class PackError(ValueError):
    """A pack or merge that cannot be made; nothing was written."""


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _BATCH):
        yield ids[i : i + _BATCH]


def spans_by_article(conn: Connection, annotator: str, ids: Sequence[int]) -> dict[int, list[Span]]:
    """Every span (all origins) of ``annotator`` on the given articles."""
    found: dict[int, list[Span]] = {i: [] for i in ids}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT {_SPANS} FROM spans WHERE annotator = ? AND article_id IN ({marks}) ORDER BY id",
            [annotator, *chunk],
        ):
            found[row[1]].append(_span_from_row(row))
    return found


def statuses_by_article(conn: Connection, annotator: str, ids: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        found.update(
            conn.execute(
                f"SELECT article_id, status FROM statuses WHERE annotator = ? AND article_id IN ({marks})",
                [annotator, *chunk],
            ).fetchall()
        )
    return found


def fingerprint(spans: Sequence[Span], status: str) -> str:
    """A version's identity, free of ids: every span's layer, label, bounds, role,
    origin, the quote it belongs to and the entity it links to, plus the status."""
    by_id = {s.id: s for s in spans}
    quotes: dict[int | None, list[tuple[int, int, str]]] = {}
    for s in spans:
        if s.quote_id is not None:
            quotes.setdefault(s.quote_id, []).append((s.start, s.end, s.role or ""))
    rows = []
    for s in spans:
        quote = sorted(quotes[s.quote_id]) if s.quote_id is not None else None
        linked = by_id.get(s.entity_id) if s.entity_id is not None else None
        entity = [linked.start, linked.end, linked.label] if linked is not None else None
        rows.append([s.layer, s.label, s.start, s.end, s.role or "", s.origin, quote, entity])
    rows.sort(key=json.dumps)
    return hashlib.sha1(json.dumps([status, rows]).encode("utf-8")).hexdigest()


def fingerprints(conn: Connection, annotator: str, ids: Sequence[int]) -> dict[int, str]:
    spans = spans_by_article(conn, annotator, ids)
    statuses = statuses_by_article(conn, annotator, ids)
    return {i: fingerprint(spans[i], statuses.get(i, Status.TODO)) for i in ids}


def put_version(store: Store, article_id: int, annotator: str, spans: Sequence[Span], *, status: str) -> int:
    """Make ``spans`` (with import-local ids, quote ids and entity links, as in
    ``Store.add_articles``) and ``status`` the whole of ``annotator``'s version of
    one article, replacing what they had there; one transaction. Returns the span count."""
    if status not in Status.ALL:
        raise PackError(f"unknown status {status!r}")
    conn = store.conn
    now = _now()
    with store.transaction():
        conn.execute(
            "INSERT INTO annotators (name, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING", [annotator, now]
        )
        conn.execute("DELETE FROM spans WHERE article_id = ? AND annotator = ?", [article_id, annotator])
        conn.execute("DELETE FROM quotes WHERE article_id = ? AND annotator = ?", [article_id, annotator])
        conn.execute(
            "INSERT INTO statuses (article_id, annotator, status, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (article_id, annotator) DO UPDATE SET status = excluded.status, "
            "updated_at = excluded.updated_at",
            [article_id, annotator, status, now],
        )
        text = store.article(article_id).text
        # The store's own import path: it numbers quotes and spans and re-links sources.
        return store._insert_imported_spans(article_id, text, spans, annotator, now)


# -- pack ---------------------------------------------------------------------------


@dataclass(slots=True)
class PackReport:
    out: Path
    annotator: str
    articles: int = 0
    spans: int = 0

    def summary(self) -> str:
        return f"packed {self.articles} articles and {self.spans} spans of {self.annotator} into {self.out}"


def pack(store: Store, out: str | Path, *, annotator: str) -> PackReport:
    """Write ``annotator``'s share of ``store`` into the new project file ``out``
    (written beside it under a temporary name, renamed when complete)."""
    from annotator.store.store import Store as _Store

    target = Path(out)
    if annotator not in store.annotators():
        raise PackError(
            f"no annotator named {annotator!r} in {store.name} "
            f"(known: {', '.join(store.annotators()) or 'none'})"
        )
    if target.exists():
        raise PackError(f"{target}: already exists; give a new file name (a pack never overwrites)")
    if not target.parent.is_dir():
        raise PackError(f"{target.parent}: no such folder")
    if not store.is_postgres and target.resolve() == store.path.resolve():
        raise PackError(f"{target}: is the project itself")
    conn = store.conn
    ids = assignments(store, annotator)
    if not ids and handout.overlap_for(conn, annotator) is not None:
        raise PackError(
            f"{annotator} has claimed no articles yet: under the on-demand hand-out a pack holds what its "
            "annotator claimed; open the project as them first, or assign statically (assign --annotators)"
        )
    ids = ids or [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    report = PackReport(out=target, annotator=annotator, articles=len(ids))
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    tmp.unlink()
    try:
        with _Store(tmp) as packed:
            report.spans = _fill(store, packed, annotator, ids)
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)
    return report


def _fill(store: Store, packed: Store, annotator: str, ids: Sequence[int]) -> int:
    src, dst = store.conn, packed.conn
    now = _now()
    spans = 0
    with packed.transaction():
        dst.execute("DELETE FROM labels")
        dst.executemany(
            "INSERT INTO labels (layer, name, colour, key, description, position) VALUES (?, ?, ?, ?, ?, ?)",
            src.execute("SELECT layer, name, colour, key, description, position FROM labels").fetchall(),
        )
        dst.execute("INSERT INTO annotators (name, created_at) VALUES (?, ?)", [annotator, now])
        dst.execute(
            "INSERT INTO pack_info (annotator, origin, packed_at) VALUES (?, ?, ?)",
            [annotator, store.label if store.is_postgres else str(store.path.resolve()), now],
        )
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            mine = [annotator, *chunk]
            copies = (
                ("articles", "id, title, text, source, url, lang, meta, text_hash, imported_at", "id", False),
                ("article_html", "article_id, html", "article_id", False),
                ("quotes", "id, article_id, annotator, created_at", "article_id", True),
                ("spans", f"{_SPANS}, created_at", "article_id", True),
                ("statuses", "article_id, annotator, status, updated_at", "article_id", True),
                ("assignments", "annotator, article_id, assigned_at", "article_id", True),
            )
            for table, columns, key, own in copies:
                who = "annotator = ? AND " if own else ""
                rows = src.execute(
                    f"SELECT {columns} FROM {table} WHERE {who}{key} IN ({marks})", mine if own else chunk
                ).fetchall()
                if rows:
                    dst.executemany(
                        f"INSERT INTO {table} ({columns}) VALUES ({','.join('?' * len(rows[0]))})", rows
                    )
                if table == "spans":
                    spans += len(rows)
            # Articles the annotator never opened still get their 'todo' row.
            dst.execute(
                "INSERT INTO statuses (article_id, annotator, status, updated_at) "
                f"SELECT id, ?, 'todo', ? FROM articles WHERE id IN ({marks}) ON CONFLICT DO NOTHING",
                [annotator, now, *chunk],
            )
        base = fingerprints(src, annotator, list(ids))
        hashes = dict(src.execute("SELECT id, text_hash FROM articles").fetchall()) if ids else {}
        dst.executemany(
            "INSERT INTO pack_base (annotator, text_hash, fingerprint) VALUES (?, ?, ?)",
            [(annotator, hashes[i], base[i]) for i in ids],
        )
    return spans


# -- merge ------------------------------------------------------------------------


@dataclass(slots=True)
class Conflict:
    pack: str
    article_id: int
    annotator: str
    kept: str  # "db", "pack", or "both" (the pack's set aside under ``aside``)
    aside: str | None = None


@dataclass(slots=True)
class MergeReport:
    merged: dict[str, int] = field(default_factory=dict)  # pack file -> versions brought in
    unchanged: dict[str, int] = field(default_factory=dict)
    unknown: dict[str, int] = field(default_factory=dict)  # articles not in the project
    conflicts: list[Conflict] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for name in self.merged:
            out.append(
                f"{name}: {self.merged[name]} versions merged, {self.unchanged[name]} unchanged"
                + (
                    f", {self.unknown[name]} articles not in the project (skipped)"
                    if self.unknown[name]
                    else ""
                )
            )
        for c in self.conflicts:
            what = {
                "db": "kept the project's version (--prefer db)",
                "pack": "took the pack's version (--prefer pack)",
                "both": f"kept the project's version; the pack's is set aside as annotator {c.aside!r}",
            }[c.kept]
            out.append(
                f"conflict: {c.pack}: article {c.article_id} of {c.annotator} changed in the project "
                f"and in the pack: {what}"
            )
        return out


def aside_name(annotator: str, pack_path: Path) -> str:
    return f"{annotator}{ASIDE_MARK}{pack_path.stem}"


def merge(store: Store, packs: Sequence[str | Path], *, prefer: str | None = None) -> MergeReport:
    """Bring each pack's spans and statuses back into ``store``, in one transaction."""
    from annotator.store.store import Store as _Store
    from annotator.store.store import StoreError

    if prefer is not None and prefer not in PREFER:
        raise PackError(f"--prefer {prefer}: expected one of {', '.join(PREFER)}")
    paths = [Path(p) for p in packs]
    for path in paths:
        if not path.is_file():
            raise PackError(f"{path}: no such pack file")
        if not store.is_postgres and path.resolve() == store.path.resolve():
            raise PackError(f"{path}: is the project itself, not a pack")
    report = MergeReport()
    by_hash = dict(store.conn.execute("SELECT text_hash, id FROM articles").fetchall())
    with store.transaction():
        for path in paths:
            try:
                packed = _Store(path, create=False)
            except StoreError as exc:
                raise PackError(str(exc)) from None
            try:
                _merge_one(store, packed, path, by_hash, prefer, report)
            finally:
                packed.close()
    return report


def _merge_one(
    store: Store, packed: Store, path: Path, by_hash: dict[str, int], prefer: str | None, report: MergeReport
) -> None:
    info = packed.conn.execute("SELECT annotator FROM pack_info").fetchall()
    if len(info) != 1:
        raise PackError(f"{path}: not a pack made by `annotator pack` (it records no packed annotator)")
    annotator = info[0][0]
    name = path.name
    report.merged[name] = report.unchanged[name] = report.unknown[name] = 0
    base = dict(
        packed.conn.execute(
            "SELECT text_hash, fingerprint FROM pack_base WHERE annotator = ?", [annotator]
        ).fetchall()
    )
    pack_ids = {
        h: i for i, h in packed.conn.execute("SELECT id, text_hash FROM articles ORDER BY id") if h in base
    }
    pack_fp = fingerprints(packed.conn, annotator, sorted(pack_ids.values()))
    here = {h: by_hash[h] for h in pack_ids if h in by_hash}
    report.unknown[name] = len(pack_ids) - len(here)
    db_fp = fingerprints(store.conn, annotator, sorted(here.values()))
    take: list[tuple[int, int, str, bool]] = []  # (pack id, project id, as annotator, conflict)
    for digest, pack_id in sorted(pack_ids.items(), key=lambda kv: kv[1]):
        if digest not in here:
            continue
        article_id = here[digest]
        p, d, b = pack_fp[pack_id], db_fp[article_id], base[digest]
        if p in (b, d):
            report.unchanged[name] += 1
        elif d == b or prefer == "pack":
            take.append((pack_id, article_id, annotator, d != b))
            if d != b:
                report.conflicts.append(Conflict(name, article_id, annotator, "pack"))
        elif prefer == "db":
            report.conflicts.append(Conflict(name, article_id, annotator, "db"))
        else:
            aside = aside_name(annotator, path)
            report.conflicts.append(Conflict(name, article_id, annotator, "both", aside))
            if fingerprints(store.conn, aside, [article_id])[article_id] != p:
                take.append((pack_id, article_id, aside, True))
    if not take:
        return
    spans = spans_by_article(packed.conn, annotator, [t[0] for t in take])
    statuses = statuses_by_article(packed.conn, annotator, [t[0] for t in take])
    for pack_id, article_id, who, conflict in take:
        status = statuses.get(pack_id, Status.TODO)
        before = fingerprints(store.conn, who, [article_id])[article_id]
        count = put_version(store, article_id, who, spans[pack_id], status=status)
        store._log(
            "merge",
            who,
            article_id=article_id,
            payload=json.dumps(
                {
                    "pack": name,
                    "pack_annotator": annotator,
                    "spans": count,
                    "status": status,
                    "conflict": conflict,
                    "from": before,
                    "to": pack_fp[pack_id],
                }
            ),
        )
        report.merged[name] += 1

"""Who may write what in a PostgreSQL project: database roles and row-level security.

On PostgreSQL every person connects as their own database role, and the
annotator name is that role (``current_user``). Three group roles per
project database hold the rights; a person's login role is a member of one:

- ``<db>_annotators``: read everything; write only their own rows: spans,
  quotes, statuses, the model's scores and uncertainties of their own
  suggestions, their own line in ``annotators``, and add their own lines to
  ``edits`` and ``assignments`` (an article claimed by the on-demand
  hand-out). The labels, articles, others' assignments and the reviewers
  are read-only to them.
- ``<db>_reviewers``: what annotators may, and they are the reviewers
  (``reviewers``): their own done versions are the gold. Nobody else can
  write a reviewer's spans, so nobody else writes the gold.
- ``<db>_admins``: own the tables (so they migrate, import, assign, merge and
  manage labels), and row-level security lets them write every row.

Row-level security (``ENABLE ROW LEVEL SECURITY`` and one policy per table
and kind of write) enforces the own-rows rule in the server, whatever
program connects: a write of another's row is refused
(``new row violates row-level security policy``) or finds nothing to change.
``apply`` is idempotent; ``pg.upgrade`` calls it again after a migration adds
tables, once the groups exist.

Credentials never pass through here: passwords are set with PostgreSQL's
own tools (``\\password alice`` in psql) and found by libpq (``PGPASSFILE`` /
``~/.pgpass``, ``PG*`` variables, service files).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.store.errors import StoreError

if TYPE_CHECKING:
    from annotator.store.dialect import Connection
    from annotator.store.store import Store

KINDS = ("annotators", "reviewers", "admins")

# Tables each person writes only their own rows of, and the column naming whose.
OWN_ROWS: dict[str, str] = {
    "spans": "annotator",
    "quotes": "annotator",
    "statuses": "annotator",
    "article_uncertainty": "annotator",
    "annotators": "name",
}
# Rows that belong to someone through another table (a score is its span's).
OWNED_THROUGH: dict[str, str] = {
    "span_scores": "EXISTS (SELECT 1 FROM spans s WHERE s.id = span_id AND s.annotator = current_user)",
}
# Appended to, never changed: each person adds their own lines of the edit log, and
# claims articles for themselves (the on-demand hand-out, ``assign --on-demand``).
APPEND_ONLY: dict[str, str] = {"edits": "annotator", "assignments": "annotator"}
# Everything else is read-only to annotators and reviewers: articles,
# article_html, labels, reviewers, settings, pack_info, pack_base and the
# migrations table.


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class Groups:
    """The project's group roles: ``<db>_<kind>``, or ``<db>_<schema>_<kind>`` for a
    project in a schema of its own (``?options=-csearch_path%3D...``)."""

    database: str
    schema: str = "public"

    def of(self, kind: str) -> str:
        where = self.database if self.schema == "public" else f"{self.database}_{self.schema}"
        return f"{where}_{kind}"[:63]

    @property
    def admins(self) -> str:
        return self.of("admins")

    @property
    def all(self) -> list[str]:
        return [self.of(k) for k in KINDS]


def _require_postgres(store: Store) -> None:
    from annotator.store import dialect

    if dialect.of(store.conn) is not dialect.POSTGRES:
        raise StoreError(f"{store.label}: roles are for a project on PostgreSQL; a SQLite file has no roles")


def groups(store: Store) -> Groups:
    _require_postgres(store)
    return _groups(store.conn)


def _groups(conn: Connection) -> Groups:
    database, schema = conn.execute("SELECT current_database(), current_schema()").fetchone()
    return Groups(database, schema)


def _tables(conn: Connection) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    return [r[0] for r in rows]


def _existing_roles(conn: Connection, names: Iterable[str]) -> set[str]:
    rows = conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(?)", [list(names)])
    return {r[0] for r in rows}


def policy_sql(conn: Connection, g: Groups) -> list[str]:
    """The statements that give the tables to the admins and fence everyone else in."""
    admin = f"pg_has_role(current_user, {_literal(g.admins)}, 'MEMBER')"
    people = ", ".join(quote_ident(x) for x in g.all)
    writers = ", ".join(quote_ident(g.of(k)) for k in ("annotators", "reviewers"))
    sql = [
        f"GRANT USAGE ON SCHEMA {quote_ident(g.schema)} TO {people}",
        f"GRANT CREATE ON SCHEMA {quote_ident(g.schema)} TO {quote_ident(g.admins)}",
    ]
    for table in _tables(conn):
        t = quote_ident(table)
        sql += [
            f"ALTER TABLE {t} OWNER TO {quote_ident(g.admins)}",
            f"GRANT SELECT ON {t} TO {people}",
            f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
        ]
        for name in ("read", "own_insert", "own_update", "own_delete"):
            sql.append(f"DROP POLICY IF EXISTS {name} ON {t}")
        sql.append(f"CREATE POLICY read ON {t} FOR SELECT USING (true)")
        if table in OWN_ROWS or table in OWNED_THROUGH:
            mine = OWNED_THROUGH.get(table) or f"{quote_ident(OWN_ROWS[table])} = current_user"
            rule = f"({mine} OR {admin})"
            sql += [
                f"GRANT INSERT, UPDATE, DELETE ON {t} TO {writers}",
                f"CREATE POLICY own_insert ON {t} FOR INSERT WITH CHECK {rule}",
                f"CREATE POLICY own_update ON {t} FOR UPDATE USING {rule} WITH CHECK {rule}",
                f"CREATE POLICY own_delete ON {t} FOR DELETE USING {rule}",
            ]
        elif table in APPEND_ONLY:
            rule = f"({quote_ident(APPEND_ONLY[table])} = current_user OR {admin})"
            sql += [
                f"GRANT INSERT ON {t} TO {writers}",
                f"CREATE POLICY own_insert ON {t} FOR INSERT WITH CHECK {rule}",
            ]
        # else read-only to people: no grant beyond SELECT; the admins own it, and
        # owners pass row-level security.
    sql.append(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {quote_ident(g.schema)} TO {people}")
    sql.append(f"REVOKE CREATE ON SCHEMA {quote_ident(g.schema)} FROM PUBLIC")
    return sql


def apply(store: Store) -> Groups:
    """Create the project's group roles (where missing) and apply the policies, in one transaction."""
    from annotator.model import QUOTE
    from annotator.model.spans import ROLE_LABELS

    g = groups(store)
    with store.transaction():
        # The labels of quote parts are added on the first cue or source a project
        # meets; once the labels are the admins', they must be there already.
        for label in ROLE_LABELS.values():
            store.ensure_label(label, QUOTE)
        existing = _existing_roles(store.conn, g.all)
        for name in g.all:
            if name not in existing:
                store.conn.execute(f"CREATE ROLE {quote_ident(name)} NOLOGIN")
        # A reviewer may do whatever an annotator may; an admin whatever a reviewer may.
        store.conn.execute(f"GRANT {quote_ident(g.of('annotators'))} TO {quote_ident(g.of('reviewers'))}")
        store.conn.execute(f"GRANT {quote_ident(g.of('reviewers'))} TO {quote_ident(g.admins)}")
        me = store.conn.execute("SELECT current_user").fetchone()[0]
        if me not in g.all:
            store.conn.execute(f"GRANT {quote_ident(g.admins)} TO {quote_ident(me)}")
        for statement in policy_sql(store.conn, g):
            store.conn.execute(statement)
    return g


def refresh(conn: Connection) -> None:
    """After a migration (inside its transaction): the new tables get the policies too,
    when the project has roles."""
    g = _groups(conn)
    if len(_existing_roles(conn, g.all)) == len(g.all):
        for statement in policy_sql(conn, g):
            conn.execute(statement)


def has_groups(store: Store) -> bool:
    g = groups(store)
    return len(_existing_roles(store.conn, g.all)) == len(g.all)


def add_person(store: Store, name: str, kind: str = "annotators", *, login: bool = True) -> bool:
    """Make ``name`` a member of the project's ``kind`` group (creating the login role where
    it does not exist yet); a reviewer is also registered as one. Returns whether the role is new."""
    from annotator.store.teams import set_reviewer

    if kind not in KINDS:
        raise StoreError(f"{kind}: not a kind of role; use one of {', '.join(KINDS)}")
    if not name or name != name.strip():
        raise StoreError(f"{name!r}: not a role name")
    g = groups(store)
    if not has_groups(store):
        raise StoreError(f"{store.label}: the project has no roles yet; run 'annotator roles DB setup' first")
    with store.transaction():
        new = not _existing_roles(store.conn, [name])
        if new:
            store.conn.execute(f"CREATE ROLE {quote_ident(name)} {'LOGIN' if login else 'NOLOGIN'}")
        for other in KINDS:
            if other != kind:
                store.conn.execute(f"REVOKE {quote_ident(g.of(other))} FROM {quote_ident(name)}")
        store.conn.execute(f"GRANT {quote_ident(g.of(kind))} TO {quote_ident(name)}")
        if kind == "reviewers":
            set_reviewer(store, name, True)
    return new


def people(store: Store) -> dict[str, str]:
    """Login roles in the project's groups: name -> kind."""
    g = groups(store)
    found: dict[str, str] = {}
    rows = store.conn.execute(
        "SELECT m.rolname, grp.rolname FROM pg_auth_members am "
        "JOIN pg_roles m ON m.oid = am.member JOIN pg_roles grp ON grp.oid = am.roleid "
        "WHERE grp.rolname = ANY(?) ORDER BY m.rolname",
        [g.all],
    )
    for member, group in rows:
        if member not in g.all:
            found[member] = next(k for k in KINDS if g.of(k) == group)
    return found


def check_annotator(store: Store, name: str) -> None:
    """Refuse at once to work as another role where the server would refuse every write:
    on a project with row-level security, a person annotates as the role they connect as."""
    me, fenced = store.conn.execute("SELECT current_user, row_security_active('spans')").fetchone()
    if fenced and name != me:
        raise StoreError(
            f"{store.label}: you connect as {me}, who may annotate only as {me}, not as {name}; "
            f"leave out --annotator, or connect as {name} (postgresql://{name}@host/database)"
        )

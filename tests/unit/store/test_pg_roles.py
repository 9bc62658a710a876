"""Row-level security on a PostgreSQL project: each role writes only its own rows (issue 13).

alice and bob are annotators, rita a reviewer (her done versions are the gold),
all connected as their own database roles; the project's admin imported and
assigned. Every write of another's row, of the gold, of the labels or the
articles is refused by the server itself, with one line and nothing saved.
"""

from __future__ import annotations

import uuid

import psycopg
import pytest

from annotator.model import Article, Span
from annotator.store import Store, StoreError, pg_roles
from annotator.store.teams import assign, reviewers


@pytest.fixture
def team(pg_server, pg_url):  # noqa: ANN001, ANN201
    """The project, set up by its admin, and a store for each of alice, bob and rita."""
    suffix = uuid.uuid4().hex[:6]
    names = {who: f"{who}_{suffix}" for who in ("alice", "bob", "rita")}
    admin = Store(pg_url)
    admin.add_articles(
        [Article(text=f"Story {i}. The minister said the port would reopen.") for i in range(3)],
        annotator=admin.default_annotator() if hasattr(admin, "default_annotator") else "admin",
    )
    pg_roles.apply(admin)
    pg_roles.add_person(admin, names["alice"])
    pg_roles.add_person(admin, names["bob"])
    pg_roles.add_person(admin, names["rita"], "reviewers")
    assign(admin, annotators=[names["alice"], names["bob"]], overlap=2, articles=["all"])
    database = pg_url.split("/")[3].split("?")[0]
    stores = {who: Store(pg_server.url(database, user=name)) for who, name in names.items()}
    for who, store in stores.items():
        store.ensure_annotator(names[who])
    yield admin, stores, names
    for store in stores.values():
        store.close()
    admin.close()


def _span(start: int, annotator: str) -> Span:
    return Span(start, start + 5, "entity", "ORG", annotator=annotator)


def test_each_writes_their_own(team) -> None:  # noqa: ANN001
    admin, stores, names = team
    article = admin.article_ids()[0]
    mine = stores["alice"].add_span(article, _span(0, names["alice"]))
    stores["alice"].set_status(article, names["alice"], "done")
    gold = stores["rita"].add_span(article, _span(0, names["rita"]))
    assert [s.id for s in admin.spans_for(article, names["alice"])] == [mine.id]
    assert [s.id for s in admin.spans_for(article, names["rita"])] == [gold.id]
    assert admin.status(article, names["alice"]) == "done"
    assert reviewers(admin) == [names["rita"]]


def test_nobody_writes_anothers_spans_or_status(team) -> None:  # noqa: ANN001
    admin, stores, names = team
    alice, bob = stores["alice"], names["bob"]
    article = admin.article_ids()[0]
    theirs = stores["bob"].add_span(article, _span(10, bob))
    before = admin.conn.execute("SELECT COUNT(*) FROM edits").fetchone()[0]
    status = admin.status(article, bob)
    with pytest.raises(StoreError, match="row-level security|refused"):
        alice.add_span(article, _span(20, bob))
    with pytest.raises(StoreError):
        alice.delete_span(theirs.id)
    with pytest.raises(StoreError):
        alice.update_span(theirs.id, label="PERSON")
    with pytest.raises(StoreError):
        alice.set_status(article, bob, "done")
    # raw SQL fares no better: the server filters and checks every row
    alice.conn.execute("UPDATE spans SET label = 'PERSON' WHERE annotator = ?", [bob])
    alice.conn.execute("DELETE FROM statuses WHERE annotator = ?", [bob])
    assert [(s.id, s.label) for s in admin.spans_for(article, bob)] == [(theirs.id, "ORG")]
    assert admin.status(article, bob) == status == "in_progress"
    assert admin.conn.execute("SELECT COUNT(*) FROM edits").fetchone()[0] == before


def test_only_a_reviewer_writes_the_gold(team) -> None:  # noqa: ANN001
    admin, stores, names = team
    article = admin.article_ids()[1]
    with pytest.raises(StoreError):
        stores["alice"].add_span(article, _span(0, names["rita"]))
    with pytest.raises(StoreError):
        stores["alice"].set_status(article, names["rita"], "done")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor may she make herself a reviewer
        stores["alice"].conn.execute(
            "INSERT INTO reviewers (name, created_at) VALUES (?, 'now')", [names["alice"]]
        )
    assert admin.spans_for(article, names["rita"]) == []
    assert reviewers(admin) == [names["rita"]]


def test_labels_articles_and_assignments_are_the_admins(team) -> None:  # noqa: ANN001
    admin, stores, names = team
    alice = stores["alice"]
    labels = admin.conn.execute("SELECT COUNT(*) FROM labels").fetchone()[0]
    with pytest.raises(StoreError, match="refused"):
        alice.ensure_label("NEW_LABEL", "entity")
    with pytest.raises(StoreError, match="refused"):
        alice.add_articles([Article(text="Smuggled in.")], annotator=names["alice"])
    with pytest.raises(StoreError, match="refused"):
        assign(alice, annotators=[names["rita"]], overlap=1, articles=["all"])
    assert admin.conn.execute("SELECT COUNT(*) FROM labels").fetchone()[0] == labels
    assert admin.count_articles() == 3


def test_roles_are_postgres_only(tmp_path) -> None:  # noqa: ANN001
    with Store(tmp_path / "a.db") as store, pytest.raises(StoreError, match="SQLite file has no roles"):
        pg_roles.apply(store)


def test_a_refusal_is_one_line_naming_the_role(team) -> None:  # noqa: ANN001
    admin, stores, names = team
    article = admin.article_ids()[0]
    with pytest.raises(StoreError) as refused:
        stores["alice"].add_span(article, _span(0, names["bob"]))
    message = str(refused.value)
    assert "\n" not in message
    assert f"{names['alice']} may write only their own annotations" in message
    assert message.endswith("nothing was saved")


def test_a_table_a_migration_adds_is_fenced_too(pg_server, team) -> None:  # noqa: ANN001
    admin, stores, names = team
    database = admin.conn.execute("SELECT current_database()").fetchone()[0]
    for store in stores.values():
        store.close()
    # The project as it was before its last migration, with roles already set up.
    admin.conn.execute("DROP TABLE span_scores, article_uncertainty")
    admin.conn.execute("DELETE FROM annotator_migrations WHERE name = '0004_span_score'")
    admin.close()
    upgraded = Store(pg_server.url(database))
    upgraded.ensure_annotator("someone_else")  # the first write migrates
    alice = Store(pg_server.url(database, user=names["alice"]))
    article = upgraded.article_ids()[0]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        alice.conn.execute(
            "INSERT INTO article_uncertainty VALUES (?, ?, 'suggested:x', 0.5, 'now')",
            [article, names["bob"]],
        )
    alice.conn.execute("ROLLBACK") if alice.conn.in_transaction else None
    alice.conn.execute(
        "INSERT INTO article_uncertainty VALUES (?, ?, 'suggested:x', 0.5, 'now')", [article, names["alice"]]
    )
    alice.close()
    upgraded.close()


def test_roles_commands(pg_server, pg_url) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from annotator.cli import app

    Store(pg_url).close()
    runner = CliRunner()
    carol = f"carol_{uuid.uuid4().hex[:6]}"
    first = runner.invoke(app, ["roles", "setup", pg_url])
    assert first.exit_code == 0, first.output
    assert "roles ready" in first.output
    assert runner.invoke(app, ["roles", "setup", pg_url]).exit_code == 0  # again: nothing changes
    added = runner.invoke(app, ["roles", "add", pg_url, carol, "--kind", "reviewers"])
    assert added.exit_code == 0, added.output
    assert f"new login roles: {carol}" in added.output
    listed = runner.invoke(app, ["roles", "list", pg_url])
    assert carol in listed.output and "reviewers" in listed.output
    with Store(pg_url) as store:
        assert reviewers(store) == [carol]
    wrong = runner.invoke(app, ["roles", "add", pg_url, "dave", "--kind", "bosses"])
    assert wrong.exit_code == 1 and "bosses: not a kind of role" in wrong.output


def test_roles_command_on_a_file_is_one_line(tmp_path) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from annotator.cli import app

    Store(tmp_path / "a.db").close()
    done = CliRunner().invoke(app, ["roles", "setup", str(tmp_path / "a.db")])
    assert done.exit_code == 1
    assert done.output.strip().splitlines() == [
        f"error: {tmp_path / 'a.db'}: roles are for a project on PostgreSQL; a SQLite file has no roles"
    ]


def test_working_as_another_role_is_refused_before_any_work(pg_server, team) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from annotator.cli import app

    admin, stores, names = team
    database = admin.conn.execute("SELECT current_database()").fetchone()[0]
    as_alice = pg_server.url(database, user=names["alice"])
    runner = CliRunner()
    expected = (
        f"you connect as {names['alice']}, who may annotate only as {names['alice']}, not as {names['bob']}"
    )
    for command in (
        ["open", as_alice, "-a", names["bob"]],
        ["suggest", as_alice, "--layer", "quote", "-a", names["bob"]],
    ):
        done = runner.invoke(app, command)
        assert done.exit_code == 1, done.output
        assert len(done.output.strip().splitlines()) == 1 and expected in done.output
    suggested = admin.conn.execute(
        "SELECT COUNT(*) FROM spans WHERE annotator = ?", [names["bob"]]
    ).fetchone()[0]
    assert suggested == 0
    # as herself (no -a: the URL's role) she suggests
    mine = runner.invoke(app, ["suggest", as_alice, "--layer", "quote"])
    assert mine.exit_code == 0, mine.output
    assert (
        admin.conn.execute("SELECT COUNT(*) FROM spans WHERE annotator = ?", [names["alice"]]).fetchone()[0]
        > 0
    )


def test_a_project_in_its_own_schema_has_its_own_groups(pg_schema_url) -> None:  # noqa: ANN001
    schema = pg_schema_url.rsplit("%3D", 1)[1]
    alice = f"alice_{uuid.uuid4().hex[:6]}"
    with Store(pg_schema_url) as admin:
        admin.add_articles([Article(text="The minister said the port would reopen.")], annotator="admin")
        groups = pg_roles.apply(admin)
        assert groups.all[0].endswith(f"_{schema}_annotators")
        pg_roles.add_person(admin, alice)
        article = admin.article_ids()[0]
        as_alice = pg_schema_url.replace("postgresql://annotator_admin@", f"postgresql://{alice}@")
        with Store(as_alice) as mine:
            mine.ensure_annotator(alice)
            mine.add_span(article, _span(0, alice))
            with pytest.raises(StoreError, match="row-level security"):
                mine.add_span(article, _span(10, "admin"))
        assert [s.annotator for s in admin.spans_for(article, alice)] == [alice]
        assert admin.spans_for(article, "admin") == []

"""Review mode and the Team view in the window (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from backends import one_backend
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Article, Span
from annotator.store import Store
from annotator.store.packs import put_version
from annotator.store.review import review_groups
from annotator.store.teams import gold_versions, is_reviewer, waiting_for_review
from tests.gui.conftest import wait_ready

TEXT = 'Alice met Bob in Paris on Monday. Bob said "We won." Carol works for Acme Corp.'
OTHER = "Nobody did anything on Tuesday in Oslo."


def at(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def ent(word: str, label: str, **kw) -> Span:
    return Span(*at(word), "entity", label, **kw)


def versions(store: Store) -> None:
    """alice, bob and carol finished article 1; they share Alice, Bob, Carol and the quote."""
    shared = [
        ent("Alice", "PERSON"),
        ent("Bob", "PERSON", id=1),
        ent("Carol", "PERSON"),
        Span(*at('"We won."'), "quote", "DIRECT", role="content", quote_id=9),
        Span(34, 37, "quote", "DIRECT", role="source", quote_id=9, entity_id=None),
    ]
    put_version(store, 1, "alice", [*shared, ent("Paris", "GPE"), ent("Monday", "DATE")], status="done")
    put_version(store, 1, "bob", [*shared, ent("Paris", "LOC"), ent("Monday", "DATE")], status="done")
    put_version(store, 1, "carol", [*shared, ent("Paris", "GPE"), ent("Acme Corp", "ORG")], status="done")
    put_version(store, 2, "alice", [Span(*at("Oslo", OTHER), "entity", "GPE")], status="done")


@pytest.fixture
def project(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """Three finished versions of article 1, on the test's backend (the root ``project``'s)."""
    target = db_path if backend == "sqlite" else request.getfixturevalue("pg_schema_url")
    store = Store(target)
    store.add_articles(
        [Article(text=TEXT, title="Three versions"), Article(text=OTHER, title="One")], annotator="import"
    )
    versions(store)
    store.close()
    return target


def review_window(qtbot, db_path: Path, name: str = "rita"):
    from annotator.ui.main_window import MainWindow

    window = MainWindow(store=Store(db_path), annotator=name)
    qtbot.addWidget(window)
    window.show()
    wait_ready(qtbot, window)
    window.enter_review()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    return window


def gold(store: Store) -> set[tuple[str, str, str]]:
    return {(s.layer, s.label, s.text_in(TEXT)) for s in store.spans_for(1, "rita")}


def press(qtbot, window, key: str) -> None:
    from annotator.ui.qt import QtGui

    sequence = QtGui.QKeySequence(key)
    combo = sequence[0]
    qtbot.keyClick(window.view, combo.key(), combo.keyboardModifiers())


def test_a_three_annotator_article_is_reviewed_by_key_and_its_gold_exported(qtbot, project, tmp_path) -> None:
    window = review_window(qtbot, project)
    store = window.store
    try:
        assert is_reviewer(store, "rita")
        # The list keeps to the articles two or more finished: article 2 has one version.
        assert window.articles.total == 1 and window.articles.article_id(0) == 1
        assert window.editor.article_id == 1
        # Pre-accepted: what all three share, in one undo step.
        assert gold(store) == {
            ("entity", "PERSON", "Alice"),
            ("entity", "PERSON", "Bob"),
            ("entity", "PERSON", "Carol"),
            ("quote", "DIRECT", '"We won."'),
            ("quote", "DIRECT", "Bob"),
        }
        assert window.editor.undo_stack.count() == 1
        review = window.review
        assert review is not None
        rows = {
            (review.model.group(r).label, review.model.group(r).share) for r in range(review.model.rowCount())
        }
        assert {("GPE", "2/3"), ("LOC", "1/3"), ("DATE", "2/3"), ("ORG", "1/3"), ("PERSON", "3/3")} <= rows
        who = review.model.index(review.model.row_of(("entity", "GPE", *map(str, at("Paris")), "")), 3)
        assert who.data() == "alice, carol"
        # The open groups are drawn in the text, with their count in the tag.
        assert sorted(window.view._notes.values()) == ["1/3", "1/3", "2/3", "2/3"]

        press(qtbot, window, "]")  # the first disagreement: Paris as GPE (2/3)
        assert review.selected().label == "GPE"
        press(qtbot, window, "A")  # taken; LOC over the same word refused with it (one edit)
        assert ("entity", "GPE", "Paris") in gold(store)
        refused = [s for s in store.spans_for(1, "rita", include_rejected=True) if s.origin == "rejected"]
        assert [(s.label, s.text_in(TEXT)) for s in refused] == [("LOC", "Paris")]
        assert review.selected().label == "DATE"  # the next open disagreement
        press(qtbot, window, "A")
        assert ("entity", "DATE", "Monday") in gold(store)
        press(qtbot, window, "Ctrl+Z")  # the DATE goes again
        assert ("entity", "DATE", "Monday") not in gold(store)
        date = review.model.row_of(("entity", "DATE", *map(str, at("Monday")), ""))
        assert review.model.data(review.model.index(date, 4)) == ""
        assert review.selected().label == "ORG"  # the selection stays where it was
        press(qtbot, window, "[")  # back to the DATE
        assert review.selected().label == "DATE"
        press(qtbot, window, "X")  # refused this time, kept as a rejected span of rita
        assert review.model.data(review.model.index(date, 4)) == "✗ refused"
        assert ("entity", "DATE", "Monday") not in gold(store)
        assert review.selected().label == "ORG"  # left open: not in the gold
        press(qtbot, window, "Return")  # done: rita's version is the gold
        assert store.status(1, "rita") == "done"
        assert gold_versions(store) == {1: ["rita"]}
        assert waiting_for_review(store) == []
    finally:
        window.close()
        window.store.close()

    out = tmp_path / "gold"
    result = CliRunner().invoke(app, ["export", str(project), str(out), "--format", "jsonl", "--gold"])
    assert result.exit_code == 0, result.output
    tasks = [json.loads(line) for line in (out / "all.jsonl").read_text().splitlines()]
    assert [t["meta"]["article_id"] for t in tasks] == [1]
    spans = {(s["label"], TEXT[s["start"] : s["end"]]) for s in tasks[0]["spans"]}
    assert spans == {
        ("PERSON", "Alice"),
        ("PERSON", "Bob"),
        ("PERSON", "Carol"),
        ("GPE", "Paris"),  # taken (LOC refused with it); DATE taken, undone, refused; ORG left open
        ("DIRECT", '"We won."'),
        ("DIRECT", "Bob"),
    }


@one_backend
def test_taking_an_alternative_refuses_the_one_it_overlaps_and_undo_puts_it_back(qtbot, project) -> None:
    window = review_window(qtbot, project)
    store = window.store
    try:
        review = window.review
        review.select(review.model.group(review.model.row_of(("entity", "GPE", *map(str, at("Paris")), ""))))
        press(qtbot, window, "A")
        review.select(review.model.group(review.model.row_of(("entity", "LOC", *map(str, at("Paris")), ""))))
        press(qtbot, window, "A")
        assert ("entity", "LOC", "Paris") in gold(store) and ("entity", "GPE", "Paris") not in gold(store)
        press(qtbot, window, "Ctrl+Z")
        assert ("entity", "GPE", "Paris") in gold(store) and ("entity", "LOC", "Paris") not in gold(store)
        press(qtbot, window, "Ctrl+Z")
        press(qtbot, window, "Ctrl+Z")  # the pre-accept goes too, as one step
        assert gold(store) == set()
    finally:
        window.close()
        window.store.close()


def test_review_mode_is_a_key_in_the_window_and_leaves_the_list_whole(qtbot, make_window, articles) -> None:
    window = make_window(articles)
    store = window.store
    put_version(store, 2, "alice", [Span(0, 13, "entity", "PERSON")], status="done")
    put_version(
        store, 2, "bob", [Span(0, 13, "entity", "PERSON"), Span(18, 30, "entity", "PERSON")], status="done"
    )
    press(qtbot, window, "Ctrl+R")
    assert window.review is not None and is_reviewer(store, "ann")
    assert window.editor.article_id == 2 and window.articles.total == 1
    assert {s.text_in(articles[1].text) for s in store.spans_for(2, "ann")} == {"Angela Merkel"}
    assert [g.share for g in review_groups(store, 2)] == ["2/2", "1/2"]
    press(qtbot, window, "Ctrl+R")
    assert window.review is None and window.articles.total == 4
    assert not is_reviewer(store, "ann")  # entered by key, no review finished: a reviewer no more
    press(qtbot, window, "Ctrl+R")
    press(qtbot, window, "Return")
    assert store.status(2, "ann") == "done" and gold_versions(store) == {2: ["ann"]}
    press(qtbot, window, "Ctrl+R")
    assert window.review is None and is_reviewer(store, "ann")  # their review is gold: they stay


def test_the_team_view_shows_the_librarys_figures(qtbot, project) -> None:
    from annotator.formats.agreement import agreement
    from annotator.formats.team_stats import team_stats
    from annotator.store.teams import marks_per_hour, team_progress
    from annotator.ui.qt import QtWidgets
    from annotator.ui.team_view import TeamDialog

    window = review_window(qtbot, project)
    store = window.store
    try:
        press(qtbot, window, "]")
        press(qtbot, window, "A")  # a mark of rita's in the last hour
        press(qtbot, window, "Ctrl+T")
        qtbot.waitUntil(lambda: window.findChild(TeamDialog, "team_view") is not None)
        dialog = window.findChild(TeamDialog, "team_view")
        qtbot.waitExposed(dialog)
        progress, pace = team_progress(store), marks_per_hour(store)["annotators"]
        table = dialog.progress
        shown = {}
        for row in range(table.rowCount()):
            name = table.item(row, 0).text().removesuffix(" (reviewer)")
            shown[name] = [table.item(row, c).text() for c in range(1, 5)]
        assert shown == {
            name: [
                str(p["assigned"]),
                str(p["done"]),
                str(p["todo"]),
                f"{pace.get(name, {}).get('marks_per_hour', 0.0):g}",
            ]
            for name, p in progress.items()
        }
        assert shown["alice"][1] == "2" and float(shown["rita"][3]) > 0
        bars = table.cellWidget(0, 5)  # a painted bar row, one bar per day
        assert isinstance(bars, QtWidgets.QLabel) and not bars.pixmap().isNull()
        # The heat map: kappa per pair as the library computes it, in both halves.
        stats = team_stats(store)["team"]
        grid = dialog.heat_map
        names = [grid.horizontalHeaderItem(i).text() for i in range(grid.columnCount())]
        assert names == ["alice", "bob", "carol"]
        for layer in ("entity", "quote"):
            dialog.layer.setCurrentIndex(dialog.layer.findData(layer))
            for pair in stats["agreement"]["pairs"]:
                a, b = (names.index(n) for n in pair["annotators"])
                value = pair["kappa"][layer]
                text = "n/a" if value is None else f"{value:.2f}"
                assert grid.item(a, b).text() == grid.item(b, a).text() == text
            assert grid.item(0, 0).text() == "—"
        # Span F1 from the agreement report, the same way.
        report = agreement(store)
        dialog.metric_box.setCurrentIndex(dialog.metric_box.findData("exact_f1"))
        dialog.layer.setCurrentIndex(dialog.layer.findData("entity"))
        for pair in report["layers"]["entity"]["pairs"]:
            a, b = (names.index(n) for n in pair["annotators"])
            assert grid.item(a, b).text() == f"{pair['exact_f1']:.2f}"
        dialog.metric_box.setCurrentIndex(dialog.metric_box.findData("kappa"))
        # bob and carol differ on Paris, Monday and Acme: the pair agreeing least.
        dialog.layer.setCurrentIndex(dialog.layer.findData("entity"))
        assert float(grid.item(1, 2).text()) < min(
            float(grid.item(0, 1).text()), float(grid.item(0, 2).text())
        )
        assert "<b>1</b> article waiting for review" in dialog.waiting.text()
        dialog.close()
    finally:
        window.close()
        window.store.close()


@one_backend
def test_the_review_and_filtered_list_models_pass_the_model_tester(qapp, qtmodeltester, project) -> None:
    from annotator.ui.article_list import ArticleListModel
    from annotator.ui.review_model import OPEN, TAKEN, ReviewModel

    with Store(project) as store:
        groups = review_groups(store, 1)
        model = ReviewModel()
        model.set_groups(TEXT, [(g, TAKEN if g.unanimous else OPEN) for g in groups], {})
        qtmodeltester.check(model)
        assert model.rowCount() == len(groups) and model.columnCount() == 5
        listed = ArticleListModel(store, "rita")
        listed.set_filter(only=[2])
        qtmodeltester.check(listed)
        assert listed.total == 1 and listed.article_id(0) == 2 and listed.row_of(1) is None
        whole = ArticleListModel(store, "rita")  # a fresh one: the tester dislikes a fetch in a reset
        whole.set_filter(only=[2])
        whole.set_filter(only=None)
        assert whole.total == 2


@one_backend
def test_open_review_starts_the_window_in_review_mode(qtbot, project) -> None:
    from annotator.ui.app import open_window

    window = open_window(project, annotator="rita", review=True, offer_demo=False)
    qtbot.addWidget(window)
    try:
        assert window.review is not None and window.editor.article_id == 1
        assert is_reviewer(window.store, "rita") and window.review.dock.isVisible()
        assert window.actions_by_name["accept"].text() == "T&ake the selected version's span"
        assert len(window.store.spans_for(1, "rita")) == 5  # pre-accepted
        assert window.list_count.text() == "1 article · 1 waiting"  # issue 10.6's words here too
        window.toggle_review()
        assert window.actions_by_name["accept"].text() == "&Accept suggestion"
    finally:
        window.close()
        window.store.close()


@one_backend
def test_a_refused_shared_span_is_not_pre_accepted_again(qtbot, project) -> None:
    window = review_window(qtbot, project)
    review = window.review
    review.select(review.model.group(review.model.row_of(("entity", "PERSON", *map(str, at("Alice")), ""))))
    press(qtbot, window, "X")
    window.close()
    window.store.close()
    again = review_window(qtbot, project)
    try:
        assert ("entity", "PERSON", "Alice") not in gold(again.store)
        assert again.editor.undo_stack.count() == 0  # nothing pre-accepted a second time
    finally:
        again.close()
        again.store.close()


@one_backend
def test_a_click_on_a_versions_span_in_the_text_selects_its_group(qtbot, project) -> None:
    from annotator.ui.qt import Qt, QtGui

    window = review_window(qtbot, project)
    try:
        view = window.view
        start, _ = at("Acme Corp")
        cursor = QtGui.QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_qt(start + 2))
        point = view.cursorRect(cursor).center()
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert window.review.selected().label == "ORG"
        assert view.selected is not None and view.selected.id < 0  # the version's span, drawn
        press(qtbot, window, "A")
        assert ("entity", "ORG", "Acme Corp") in gold(window.store)
        # The reviewer's own span, clicked, selects its group too.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        assert window.review.selected().label == "ORG" and view.selected.id > 0
        press(qtbot, window, "X")
        assert ("entity", "ORG", "Acme Corp") not in gold(window.store)
    finally:
        window.close()
        window.store.close()


QUOTED = 'Bob said "We won." Alice agreed.'


def test_a_quote_whose_versions_differ_is_taken_content_first(qtbot, db_path) -> None:
    store = Store(db_path)
    store.add_articles([Article(text=QUOTED, title="Quote")], annotator="import")
    content = Span(*at("We won.", QUOTED), "quote", "DIRECT", role="content", quote_id=1)
    source = Span(*at("Bob", QUOTED), "quote", "DIRECT", role="source", quote_id=1)
    cue = Span(*at("said", QUOTED), "quote", "DIRECT", role="cue", quote_id=1)
    put_version(store, 1, "alice", [content, source, cue], status="done")
    put_version(store, 1, "bob", [content, source], status="done")
    store.close()
    window = review_window(qtbot, db_path)
    try:
        review, store = window.review, window.store
        assert store.spans_for(1, "rita") == []  # the quotes differ: nothing pre-accepted
        press(qtbot, window, "]")
        assert (review.selected().role, review.selected().share) == ("source", "2/2")
        press(qtbot, window, "A")  # no quote of rita's yet: its content is selected instead
        assert review.selected().role == "content" and store.spans_for(1, "rita") == []
        press(qtbot, window, "A")
        press(qtbot, window, "A")  # the source, next open one, goes into that quote
        press(qtbot, window, "X")  # the cue only alice marked
        mine = store.spans_for(1, "rita")
        assert sorted(s.role for s in mine) == ["content", "source"]
        assert len({s.quote_id for s in mine}) == 1
        refused = [s for s in store.spans_for(1, "rita", include_rejected=True) if s.origin == "rejected"]
        assert [(s.role, s.quote_id) for s in refused] == [("cue", mine[0].quote_id)]
        assert review.selected() is None  # nothing left to decide
    finally:
        window.close()
        window.store.close()


def test_a_polnear_article_with_six_versions_is_reviewed_to_the_end(qtbot, db_path) -> None:
    """Real data: six annotators' quotes on one PolNeAR article (skipped without the samples)."""
    from annotator.ui.review_model import key_of

    polnear = pytest.importorskip("tests.unit.teams.test_agreement_polnear")
    if not polnear.DEV.is_dir():
        pytest.skip(f"PolNeAR samples not found at {polnear.DEV}")
    store, _ = polnear._project(db_path)
    store.close()
    window = review_window(qtbot, db_path)
    try:
        review, store = window.review, window.store
        groups = review_groups(store, 1)
        assert review.model.rowCount() == len(groups) and groups[0].total == 6
        assert window.editor.article_id == 1
        pre = store.spans_for(1, "rita")
        assert pre and {key_of(s) for s in pre} <= {key_of(g) for g in groups}
        open_ = sum(1 for r in range(review.model.rowCount()) if review.model.state(r) == "")
        # Refuse every open group by key, each one selected by the window itself (a
        # source first selects its quote's content, whose refusal takes the source along).
        presses = 0
        while presses == 0 or review.selected() is not None:
            press(qtbot, window, "X")
            presses += 1
            assert presses <= 2 * open_, "a group could not be decided"
        assert presses <= open_
        assert all(review.model.state(r) != "" for r in range(review.model.rowCount()))
        assert store.spans_for(1, "rita") == pre  # only refusals: the pre-accepted spans stay alone
        press(qtbot, window, "Return")
        assert store.status(1, "rita") == "done" and window.editor.article_id == 2
    finally:
        window.close()
        window.store.close()


def test_a_taken_source_keeps_its_link_to_the_speakers_entity(qtbot, db_path) -> None:
    """The versions link the source "Bob" to their entity Bob: the reviewer's source is
    linked to the reviewer's Bob, and the gold export says who spoke."""
    store = Store(db_path)
    store.add_articles([Article(text=QUOTED, title="Quote")], annotator="import")
    bob = Span(*at("Bob", QUOTED), "entity", "PERSON", id=-1)
    content = Span(*at("We won.", QUOTED), "quote", "DIRECT", role="content", quote_id=1)
    source = Span(*at("Bob", QUOTED), "quote", "DIRECT", role="source", quote_id=1, entity_id=-1)
    cue = Span(*at("said", QUOTED), "quote", "DIRECT", role="cue", quote_id=1)
    put_version(store, 1, "alice", [bob, content, source, cue], status="done")
    put_version(store, 1, "bob", [bob, content, source], status="done")
    store.close()
    window = review_window(qtbot, db_path)
    try:
        review, store = window.review, window.store
        press(qtbot, window, "]")
        for _ in range(6):
            selected = review.selected()
            if selected is None:
                break
            press(qtbot, window, "X" if selected.role == "cue" else "A")
        mine = {(s.layer, s.role): s for s in store.spans_for(1, "rita")}
        assert set(mine) == {("entity", None), ("quote", "content"), ("quote", "source")}
        assert mine["quote", "source"].entity_id == mine["entity", None].id
    finally:
        window.close()
        window.store.close()

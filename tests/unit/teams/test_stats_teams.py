"""``annotator stats`` with a team: progress, pace, agreement per pair, review queue (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Article, Span
from annotator.store import Store
from annotator.store.teams import assign, assignments, set_reviewer

runner = CliRunner()


def test_stats_json_keeps_its_keys_and_adds_the_team(project, tmp_path: Path) -> None:
    path = project
    with Store(path) as store:
        store.add_articles(
            [Article(text=f"Alice met Bob in Paris {i}.") for i in range(6)], annotator="import"
        )
        assign(store, annotators=["alice", "bob"], overlap=2, seed=0)
        set_reviewer(store, "rita")
        for name in ("alice", "bob"):
            for article_id in assignments(store, name)[:2]:
                store.add_span(article_id, Span(0, 5, "entity", "PERSON", annotator=name))
                store.set_status(article_id, name, "done")
        store.add_span(3, Span(10, 13, "entity", "PERSON", annotator="alice"))
    result = runner.invoke(app, ["stats", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"articles", "quotes", "layers", "annotators", "team"} <= set(data)
    team = data["team"]
    assert team["progress"]["alice"] == {"assigned": 6, "done": 2, "todo": 4}
    assert team["progress"]["rita"] == {"assigned": 6, "done": 0, "todo": 6}  # no assignment: every article
    assert team["pace"]["annotators"]["alice"]["marks"] == 3
    assert team["pace"]["annotators"]["alice"]["active_hours"] >= 1
    assert team["agreement"]["articles"] == 2
    (pair,) = team["agreement"]["pairs"]
    assert pair["annotators"] == ["alice", "bob"] and pair["kappa"]["entity"] == 1.0
    assert team["review"] == {"reviewers": ["rita"], "waiting": 2}
    text = runner.invoke(app, ["stats", str(path)])
    assert text.exit_code == 0
    assert "  alice            6 assigned, 2 done, 4 todo; " in text.output  # then marks/hour
    assert "alice / bob (2 articles): entity 1.000" in text.output
    assert "waiting for review: 2 articles (reviewers: rita)" in text.output

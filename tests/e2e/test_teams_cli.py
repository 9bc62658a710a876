"""The team loop at the terminal: import, assign, pack, work offline, merge, agreement, gold (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

from backends import read_back
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Span
from annotator.store import Store
from annotator.store.review import pre_accept

runner = CliRunner()


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_two_annotators_offline_then_agreement_and_gold(project, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for i in range(4):
        (texts / f"a{i}.txt").write_text(f"Alice met Bob in Paris on day {i}.\n", encoding="utf-8")
    db = str(project)
    _ok("import", db, str(texts), "--annotator", "import")
    _ok("assign", db, "--annotators", "alice,bob", "--overlap", "2", "--reviewers", "rita")
    for name in ("alice", "bob"):
        _ok("pack", db, str(tmp_path / f"{name}.db"), "--annotator", name)
        with Store(tmp_path / f"{name}.db") as offline:
            for article_id in offline.article_ids():
                offline.add_span(article_id, Span(0, 5, "entity", "PERSON", annotator=name))
                label = "PERSON" if name == "alice" else "ORG"
                offline.add_span(article_id, Span(10, 13, "entity", label, annotator=name))
                offline.set_status(article_id, name, "done")
    merged = _ok("merge", db, str(tmp_path / "alice.db"), str(tmp_path / "bob.db"))
    assert "alice.db: 4 versions merged, 0 unchanged" in merged
    assert "bob.db: 4 versions merged, 0 unchanged" in merged
    assert "0 versions merged, 4 unchanged" in _ok("merge", db, str(tmp_path / "alice.db"))

    report = json.loads(_ok("agreement", db, "--layer", "entity", "--json"))
    assert report["articles"] == 4 and report["annotators"] == ["alice", "bob"]
    pair = report["layers"]["entity"]["pairs"][0]
    assert pair["exact_f1"] == 0.5 and pair["labels"]["PERSON"]["exact_f1"] == round(2 / 3, 4)

    refused = runner.invoke(app, ["export", db, str(tmp_path / "mixed"), "--format", "jsonl"])
    assert refused.exit_code == 1 and "versions by several annotators" in refused.output
    with Store(db) as store:
        for article_id in store.article_ids():
            assert len(pre_accept(store, article_id, "rita")) == 1  # the PERSON both marked
            store.set_status(article_id, "rita", "done")
    stats = json.loads(_ok("stats", db, "--json"))
    assert stats["team"]["review"] == {"reviewers": ["rita"], "waiting": 0}
    assert stats["team"]["progress"]["alice"] == {"assigned": 4, "done": 4, "todo": 0}
    _ok("export", db, str(tmp_path / "gold"), "--format", "jsonl", "--gold")
    tasks = [json.loads(line) for line in (tmp_path / "gold" / "all.jsonl").read_text().splitlines()]
    assert {t["meta"]["annotator"] for t in tasks} == {"rita"} and len(tasks) == 4
    merges = {
        (who, json.loads(payload)["pack"])
        for who, payload in read_back(project, "SELECT annotator, payload FROM edits WHERE action = 'merge'")
    }
    assert sorted(merges) == [("alice", "alice.db"), ("bob", "bob.db")]


def test_reviewers_are_listed_added_and_removed_all_or_nothing(project, tmp_path: Path) -> None:
    db = str(project)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Alice met Bob in Paris.\n", encoding="utf-8")
    _ok("import", db, str(texts), "--annotator", "import")
    assert _ok("reviewers", db).strip() == "no reviewers"
    assert _ok("reviewers", db, "--add", "rita,sam").strip() == "reviewers: rita, sam"
    # A name that is no reviewer: one line, and rita stays too.
    refused = runner.invoke(app, ["reviewers", db, "--remove", "rita,bob"])
    assert refused.exit_code == 1 and refused.output.strip().splitlines() == [
        "error: bob: not a reviewer (reviewers: rita, sam)"
    ]
    assert _ok("reviewers", db, "--remove", "sam").strip() == "reviewers: rita"
    both = runner.invoke(app, ["reviewers", db, "--add", "sam", "--remove", "sam"])
    assert both.exit_code == 1 and "in both --add and --remove" in both.output
    assert read_back(project, "SELECT name FROM reviewers ORDER BY name") == [("rita",)]

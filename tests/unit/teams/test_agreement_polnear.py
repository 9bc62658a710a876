"""Agreement on real data: PolNeAR dev articles annotated by six annotators each.

PolNeAR has no licence, so it is never copied into the repository: it is read
from ``../shared/samples/polnear`` beside the work tree (CI has it). The brat
importer may not yet import one version per annotator, so the versions are
built here by a small reader of quote contents and sources (``.ann`` files
named ``<article>_<annotator>.ann``) and stored per annotator.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path

import pytest

from annotator.formats.agreement import agreement
from annotator.model import Article, Span
from annotator.store import Store
from annotator.store.packs import put_version

ROOT = Path(__file__).resolve().parents[3]
DEV = ROOT.parent / "shared" / "samples" / "polnear" / "dev"
SIX = (
    "politico_2016-09-08_flynn-says-trump-absolutely-righ",
    "wash-post_2016-09-26_charlotte-struggles-to-return-to",
)

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason=f"PolNeAR samples not found at {DEV}")


def _read_ann(path: Path) -> list[Span]:
    """Quote contents and sources of one brat file; one quote per attribution event."""
    bounds: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, ranges = parts[1].partition(" ")
            pieces = [tuple(int(x) for x in r.split()) for r in ranges.split(";")]
            bounds[parts[0]] = (kind, [(p[0], p[1]) for p in pieces])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg))
    spans: list[Span] = []
    for qid, args in enumerate(events, start=1):
        for role, key in (("content", "Content"), ("source", "Source")):
            if key in args and args[key] in bounds:
                for start, end in bounds[args[key]][1]:
                    spans.append(Span(start, end, "quote", "INDIRECT", role=role, quote_id=qid))
    return spans


def _project(path: Path) -> tuple[Store, dict[str, dict[str, set[tuple[int, int]]]]]:
    store = Store(path)
    contents: dict[str, dict[str, set[tuple[int, int]]]] = defaultdict(dict)
    for article_id, name in enumerate(SIX, start=1):
        text = (DEV / "text" / f"{name}.txt").read_text(encoding="utf-8")
        store.add_articles([Article(text=text, title=name)], annotator="import")
        for ann in sorted((DEV / "attributions").glob(f"{name}_*.ann")):
            who = ann.stem.rsplit("_", 1)[1]
            spans = _read_ann(ann)
            put_version(store, article_id, who, spans, status="done")
            contents[name][who] = {(s.start, s.end) for s in spans if s.role == "content"}
    return store, contents


def test_six_annotators_on_two_articles(project, tmp_path: Path) -> None:
    store, contents = _project(project)
    with store:
        report = agreement(store, layer="quote")
    names = sorted({who for versions in contents.values() for who in versions})
    assert report["articles"] == 2
    assert report["annotators"] == names and len(names) == 6
    quote = report["layers"]["quote"]
    assert len(quote["pairs"]) == 15
    assert quote["alpha"] is not None and 0.3 < quote["alpha"] < 1.0
    for pair in quote["pairs"]:
        a, b = pair["annotators"]
        # Exact F1 recomputed straight from the files: matching content bounds over both articles.
        both = sum(len(v[a] & v[b]) for v in contents.values())
        total = sum(len(v[a]) + len(v[b]) for v in contents.values())
        assert pair["exact_f1"] == pytest.approx(2 * both / total, abs=1e-4)
        assert pair["exact_f1"] <= pair["overlap_f1"] <= 1.0
        assert pair["attribution_f1"] <= pair["content_f1"]
        assert pair["articles"] == 2
        assert -1.0 <= pair["kappa"] <= 1.0
    # The matrix is symmetric and has every pair.
    kappa = quote["matrix"]["kappa"]
    for a, b in itertools.permutations(names, 2):
        assert kappa[a][b] == kappa[b][a] is not None

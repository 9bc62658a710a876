"""Agreement figures against published worked examples and hand-computed cases (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.formats.agreement import AgreementError, agreement, cohen_kappa, krippendorff_alpha
from annotator.model import Article, Span
from annotator.store import Store
from annotator.store.packs import put_version

runner = CliRunner()
TEXT = "Alice met Bob in Paris today."  # 7 tokens: Alice met Bob in Paris today .


def test_cohen_kappa_of_wikipedias_fifty_applicants_is_0_4() -> None:
    # Wikipedia, "Cohen's kappa", worked example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
    a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_kappa_is_undefined_when_both_give_one_value_and_one_when_they_agree() -> None:
    assert cohen_kappa(["O"] * 5, ["O"] * 5) is None
    assert cohen_kappa(["O", "X", "O"], ["O", "X", "O"]) == pytest.approx(1.0)
    with pytest.raises(AgreementError):
        cohen_kappa(["O"], ["O", "O"])


def test_alpha_of_krippendorffs_2011_worked_example_is_0_743() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal data,
    # 4 observers, 12 units, missing values: alpha = 0.743.
    nan = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
        ]
    )
    assert krippendorff_alpha(data) == pytest.approx(0.743, abs=5e-4)
    # The package's own documented nominal example.
    doc = np.array(
        [
            [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
            [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
            [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
        ]
    )
    assert krippendorff_alpha(doc) == pytest.approx(0.691358, abs=1e-6)
    assert krippendorff_alpha(np.array([[1.0, 1.0], [1.0, 1.0]])) is None  # one value: undefined


def _two_versions(path: Path, a: list[Span], b: list[Span], text: str = TEXT) -> Store:
    store = Store(path)
    store.add_articles([Article(text=text)], annotator="x")
    put_version(store, 1, "alice", a, status="done")
    put_version(store, 1, "bob", b, status="done")
    return store


def test_entity_figures_match_a_hand_computed_case(project, tmp_path: Path) -> None:
    alice = [Span(0, 5, "entity", "PERSON"), Span(10, 13, "entity", "PERSON"), Span(17, 22, "entity", "GPE")]
    bob = [Span(0, 5, "entity", "PERSON"), Span(10, 13, "entity", "ORG")]
    with _two_versions(project, alice, bob) as store:
        report = agreement(store, layer="entity")
    assert report["articles"] == 1 and report["annotators"] == ["alice", "bob"]
    entity = report["layers"]["entity"]
    assert entity["tokens"] == 7
    pair = entity["pairs"][0]
    # One of 3 + 2 spans matches: F1 = 2 * 1 / 5.
    assert pair["exact_f1"] == pytest.approx(0.4) and pair["overlap_f1"] == pytest.approx(0.4)
    # Tags P O P O G O O against P O ORG O O O O: po = 5/7, pe = (2*1 + 4*5)/49, kappa = 13/27.
    assert pair["kappa"] == pytest.approx(13 / 27, abs=1e-4)
    # PERSON: P = 1/1, R = 1/2 -> F1 = 2/3.
    assert pair["labels"]["PERSON"]["exact_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert pair["labels"]["GPE"]["exact_f1"] == 0.0
    # Coincidences: 4 off-diagonal of n = 14; sum n_c n_k (c != k) = 196 - (9 + 81 + 1 + 1) = 104;
    # alpha = 1 - 13 * 4 / 104 = 0.5.
    assert entity["alpha"] == pytest.approx(0.5, abs=1e-4)
    assert entity["matrix"]["kappa"]["bob"]["alice"] == pair["kappa"]


def test_overlapping_spans_agree_on_overlap_not_exactly(project, tmp_path: Path) -> None:
    alice = [Span(0, 5, "entity", "PERSON")]
    bob = [Span(0, 9, "entity", "PERSON")]  # "Alice met"
    with _two_versions(project, alice, bob) as store:
        pair = agreement(store)["layers"]["entity"]["pairs"][0]
    assert pair["exact_f1"] == 0.0 and pair["overlap_f1"] == 1.0


def test_alpha_over_three_annotators_with_one_missing_matches_the_package(project, tmp_path: Path) -> None:
    with Store(project) as store:
        store.add_articles([Article(text=TEXT), Article(text="Carol left Rome.")], annotator="x")
        put_version(store, 1, "alice", [Span(0, 5, "entity", "PERSON")], status="done")
        put_version(
            store, 1, "bob", [Span(0, 5, "entity", "PERSON"), Span(17, 22, "entity", "GPE")], status="done"
        )
        put_version(store, 1, "carol", [Span(17, 22, "entity", "GPE")], status="in_progress")
        put_version(store, 2, "alice", [Span(0, 5, "entity", "PERSON")], status="done")
        put_version(
            store, 2, "carol", [Span(0, 5, "entity", "PERSON"), Span(11, 15, "entity", "GPE")], status="done"
        )
        report = agreement(store, layer="entity")
    assert report["articles"] == 2
    nan = np.nan
    # Codes O=0, GPE=1, PERSON=2; tokens: 7 of article 1, then Carol left Rome . (4).
    expected = krippendorff.alpha(
        reliability_data=[
            [2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0],
            [2, 0, 0, 0, 1, 0, 0, nan, nan, nan, nan],
            [nan] * 7 + [2, 0, 1, 0],
        ],
        level_of_measurement="nominal",
    )
    assert report["layers"]["entity"]["alpha"] == pytest.approx(expected, abs=1e-4)
    pairs = {tuple(p["annotators"]): p for p in report["layers"]["entity"]["pairs"]}
    assert pairs[("alice", "bob")]["articles"] == 1
    assert pairs[("alice", "carol")]["articles"] == 1
    assert pairs[("bob", "carol")]["articles"] == 0
    assert pairs[("bob", "carol")]["exact_f1"] is None and pairs[("bob", "carol")]["kappa"] is None


def _quote(qid: int, content: tuple[int, int], source: tuple[int, int] | None) -> list[Span]:
    parts = [Span(*content, "quote", "DIRECT", role="content", quote_id=qid)]
    if source:
        parts.append(Span(*source, "quote", "DIRECT", role="source", quote_id=qid))
    return parts


def test_quotes_agree_on_content_and_disagree_on_attribution(project, tmp_path: Path) -> None:
    text = 'Alice told Bob: "We will win." Bob said "No."'
    a = _quote(1, (16, 30), (0, 5)) + _quote(2, (40, 45), (31, 34))
    b = _quote(1, (16, 29), (11, 14)) + _quote(2, (40, 45), (31, 34))
    with _two_versions(project, a, b, text=text) as store:
        pair = agreement(store, layer="quote")["layers"]["quote"]["pairs"][0]
    assert pair["content_f1"] == 1.0  # both contents overlap
    assert pair["exact_f1"] == 0.5  # one of two contents has the same bounds
    assert pair["attribution_f1"] == 0.5  # only the second quote has the same source
    assert pair["source_agreement"] == 0.5


def test_agreement_cli_json_and_errors(project, tmp_path: Path) -> None:
    path = project
    _two_versions(path, [Span(0, 5, "entity", "PERSON")], [Span(0, 5, "entity", "PERSON")]).close()
    result = runner.invoke(app, ["agreement", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"articles", "annotators", "layers"}
    assert set(data["layers"]) == {"entity", "quote", "boilerplate"}
    entity = data["layers"]["entity"]
    assert set(entity) == {"alpha", "labels", "pairs", "tokens", "spans", "matrix"}
    assert entity["pairs"][0]["exact_f1"] == 1.0 and entity["pairs"][0]["kappa"] == 1.0
    text = runner.invoke(app, ["agreement", str(path), "--layer", "entity"])
    assert text.exit_code == 0
    assert text.output.startswith("agreement over 1 articles done by two or more annotators (alice, bob)")
    for args, message in (
        (["--layer", "entities"], "error: unknown layer 'entities'"),
        (["--annotators", "alice,zoe"], "error: no annotator named 'zoe'"),
        (["--annotators", "alice"], "error: agreement needs at least two annotators"),
    ):
        bad = runner.invoke(app, ["agreement", str(path), *args])
        assert bad.exit_code == 1
        assert len(bad.output.strip().splitlines()) == 1 and bad.output.startswith(message), bad.output

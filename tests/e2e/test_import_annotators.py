"""``annotator import --annotator-from-name``: one article, each brat ``.ann`` its annotator's version.

Issue 12, "Real data". The hand-written pair is our own text; PolNeAR has no
licence, so it is read from ``../shared/samples/polnear`` beside the work
tree, never copied into the repository.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotator.cli import app
from annotator.store import Store

POLNEAR_DEV = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "polnear" / "dev"

TEXT = 'The mayor said "we will rebuild the bridge." Critics doubt it, a council member told reporters.\n'
ALICE = (
    "T1\tSource 0 9\tThe mayor\n"
    "T2\tCue 10 14\tsaid\n"
    "T3\tContent 16 43\twe will rebuild the bridge.\n"
    "T4\tAttribution 10 14\tsaid\n"
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tSource 63 79\ta council member\n"
    "T6\tCue 80 94\ttold reporters\n"
    "T7\tContent 45 61\tCritics doubt it\n"
    "T8\tAttribution 80 94\ttold reporters\n"
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7\n"
)
# bob saw the first quote only, and without its source.
BOB = "T1\tCue 10 14\tsaid\nT2\tContent 16 43\twe will rebuild the bridge.\nT3\tAttribution 10 14\tsaid\nE1\tAttribution:T3 Cue:T1 Content:T2\n"


def run(*args: str | Path):  # noqa: ANN201 - click's Result
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def beside(tmp_path: Path) -> Path:
    """brat's own layout: each annotator's .ann beside a .txt of the same text."""
    folder = tmp_path / "brat"
    folder.mkdir()
    for who, ann in (("alice", ALICE), ("bob", BOB)):
        (folder / f"bridge_{who}.txt").write_text(TEXT, encoding="utf-8")
        (folder / f"bridge_{who}.ann").write_text(ann, encoding="utf-8")
    return folder


@pytest.fixture
def polnear_like(tmp_path: Path) -> Path:
    """PolNeAR's layout: text/<article>.txt once, attributions/<article>_<annotator>.ann."""
    split = tmp_path / "split"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "bridge.txt").write_text(TEXT, encoding="utf-8")
    (split / "attributions" / "bridge_alice.ann").write_text(ALICE, encoding="utf-8")
    (split / "attributions" / "bridge_bob.ann").write_text(BOB, encoding="utf-8")
    return split


def _check_two_versions(db: Path) -> None:
    with Store(db) as store:
        assert store.count_articles() == 1
        spans = store.spans_for(1)
        assert {s.annotator for s in spans} == {"alice", "bob"}
        alice = [(s.role, TEXT[s.start : s.end]) for s in store.spans_for(1, "alice")]
        bob = [(s.role, TEXT[s.start : s.end]) for s in store.spans_for(1, "bob")]
        assert sorted(alice) == sorted(
            [
                ("source", "The mayor"),
                ("cue", "said"),
                ("content", "we will rebuild the bridge."),
                ("source", "a council member"),
                ("cue", "told reporters"),
                ("content", "Critics doubt it"),
            ]
        )
        assert sorted(bob) == [("content", "we will rebuild the bridge."), ("cue", "said")]
        statuses = store.statuses_of(1)
        assert statuses["alice"] == statuses["bob"] == "done"
        # each version's quotes are its annotator's own
        quotes = {s.quote_id: s.annotator for s in spans if s.quote_id is not None}
        assert sorted(quotes.values()) == ["alice", "alice", "bob"]


def test_two_annotators_beside_their_texts_make_one_article(tmp_path: Path, beside: Path) -> None:
    db = tmp_path / "p.db"
    done = run("import", db, beside, "--annotator-from-name", "-a", "lead")
    assert done.exit_code == 0, done.output
    assert "added 1 article with 8 spans (0 as suggestions); 0 duplicates" in done.stdout
    assert "added 1 annotator version to articles stored once (--annotator-from-name)" in done.stdout
    _check_two_versions(db)
    before = dump(db)
    again = run("import", db, beside, "--annotator-from-name", "-a", "lead")
    assert again.exit_code == 0, again.output
    assert "added 0 articles with 0 spans (0 as suggestions); 2 duplicates already stored" in again.stdout
    assert "annotator version" not in again.stdout
    assert dump(db) == before


@pytest.mark.parametrize("text_first", [False, True])
def test_two_annotators_in_polnear_layout(tmp_path: Path, polnear_like: Path, text_first: bool) -> None:
    db = tmp_path / "p.db"
    # With the option the text may even come first: annotated versions still join it.
    paths = [polnear_like / "text", polnear_like / "attributions"] if text_first else [polnear_like]
    done = run("import", db, *paths, "--annotator-from-name", "-a", "lead")
    assert done.exit_code == 0, done.output
    _check_two_versions(db)
    agreement = run("agreement", db, "--layer", "quote", "--json")
    assert agreement.exit_code == 0, agreement.output
    report = json.loads(agreement.stdout)
    assert report["articles"] == 1 and report["annotators"] == ["alice", "bob"]
    before = dump(db)
    assert run("import", db, *paths, "--annotator-from-name", "-a", "lead").exit_code == 0
    assert dump(db) == before


def test_without_the_option_the_second_version_is_a_duplicate(tmp_path: Path, beside: Path) -> None:
    db = tmp_path / "p.db"
    done = run("import", db, beside, "-a", "lead")
    assert done.exit_code == 0, done.output
    assert "added 1 article with 6 spans (0 as suggestions); 1 duplicate already stored" in done.stdout
    with Store(db) as store:
        assert {s.annotator for s in store.spans_for(1)} == {"lead"}


def test_a_version_already_stored_stays_as_it_is(tmp_path: Path, beside: Path) -> None:
    """An annotator who has a version (here: bob's, imported alone) is not given a second one."""
    db = tmp_path / "p.db"
    assert run("import", db, beside / "bridge_bob.ann", "--annotator-from-name").exit_code == 0
    done = run("import", db, beside, "--annotator-from-name")
    assert done.exit_code == 0, done.output
    assert "added 0 articles with 6 spans" in done.stdout
    assert "1 duplicate already stored" in done.stdout
    _check_two_versions(db)


def test_a_name_without_an_annotator_is_refused(tmp_path: Path, beside: Path) -> None:
    (beside / "plain.txt").write_text(TEXT, encoding="utf-8")
    (beside / "plain.ann").write_text(BOB, encoding="utf-8")
    db = tmp_path / "p.db"
    done = run("import", db, beside, "--annotator-from-name")
    assert done.exit_code == 1
    assert "plain.ann: --annotator-from-name: the name has no _<annotator> ending" in done.stderr
    assert not db.exists()
    skipped = run("import", db, beside, "--annotator-from-name", "--skip-invalid")
    assert skipped.exit_code == 0, skipped.output
    assert "skipped (invalid):" in skipped.stdout
    _check_two_versions(db)


def test_the_option_is_for_brat_only(tmp_path: Path, beside: Path) -> None:
    done = run("import", tmp_path / "p.db", beside, "--format", "jsonl", "--annotator-from-name")
    assert done.exit_code == 1
    assert "--annotator-from-name reads brat .ann file names" in done.stderr


SIX = (
    "politico_2016-09-08_flynn-says-trump-absolutely-righ",
    "wash-post_2016-09-26_charlotte-struggles-to-return-to",
)


@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason=f"PolNeAR samples not found at {POLNEAR_DEV}")
def test_polnear_dev_six_annotators_agree_from_an_import(tmp_path: Path) -> None:
    names = {
        ann.stem.rsplit("_", 1)[1]
        for name in SIX
        for ann in (POLNEAR_DEV / "attributions").glob(f"{name}_*.ann")
    }
    assert len(names) == 6
    db = tmp_path / "polnear.db"
    done = run("import", db, POLNEAR_DEV, "--annotator-from-name", "-a", "lead")
    assert done.exit_code == 0, done.output
    assert "added 84 articles" in done.stdout
    assert "added 10 annotator versions" in done.stdout
    with Store(db) as store:
        file_of = {i: store.article(i).meta["file"] for i in range(1, store.count_articles() + 1)}
        six = [i for i, file in file_of.items() if file in {f"{n}.txt" for n in SIX}]
        assert len(six) == 2
        for article_id in six:
            done_by = {a for a, st in store.statuses_of(article_id).items() if st == "done"}
            assert done_by == names
            assert {s.annotator for s in store.spans_for(article_id)} == names
    agreement = run("agreement", db, "--layer", "quote", "--json")
    assert agreement.exit_code == 0, agreement.output
    report = json.loads(agreement.stdout)
    assert report["articles"] == 2
    assert report["annotators"] == sorted(names)
    quote = report["layers"]["quote"]
    assert len(quote["pairs"]) == 15
    assert all(pair["articles"] == 2 for pair in quote["pairs"])
    assert quote["alpha"] is not None and 0.5 < quote["alpha"] <= 1.0
    before = dump(db)
    assert run("import", db, POLNEAR_DEV, "--annotator-from-name", "-a", "lead").exit_code == 0
    assert dump(db) == before

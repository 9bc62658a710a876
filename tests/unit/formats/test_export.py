"""Selection, splits, atomic writing, the report, and the jsonl / quotes / text formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_helpers import build, db_spans, find, rich_spans, variant

from annotator.formats.export import ExportCancelled, ExportError, assign_splits, export
from annotator.formats.text_export import clean_text
from annotator.model import Article, Span
from annotator.store import Store


def _split_of(out: Path, fmt: str = "spacy") -> dict[int, str]:
    from annotator.formats.spacy_docbin import read_docs

    found = {}
    for path in out.glob("*.spacy"):
        for doc in read_docs(path):
            found[doc.user_data["meta"]["article_id"]] = path.stem
    return found


def test_only_done_articles_of_the_annotator_by_default(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=4)
    store.set_status(1, "ann", "in_progress")
    store.add_articles([Article(text="A fresh article nobody marked.")], annotator="ann")
    report = export(store, tmp_path / "out", split="0.5,0.5")
    assert sorted(_split_of(tmp_path / "out")) == [2, 3, 4]
    assert report.documents == 3
    report = export(store, tmp_path / "all", split="0.5,0.5", status="in_progress,done")
    assert sorted(_split_of(tmp_path / "all")) == [1, 2, 3, 4]


def test_annotator_choice_exports_that_annotators_spans(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=3)
    store.ensure_annotator("bob")
    for article_id in (1, 2, 3):
        store.set_status(article_id, "bob", "done")
    store.add_span(1, Span(0, 5, "entity", "ORG", annotator="bob"))  # "HOME0"
    export(store, tmp_path / "bob", format="jsonl", annotator="bob")
    tasks = [json.loads(line) for line in (tmp_path / "bob" / "all.jsonl").read_text().splitlines()]
    assert {t["meta"]["annotator"] for t in tasks} == {"bob"}
    assert [[s["label"] for s in t["spans"]] for t in tasks if t["meta"]["article_id"] == 1] == [["ORG"]]
    with pytest.raises(ExportError, match="no annotator named 'carol'"):
        export(store, tmp_path / "carol", annotator="carol")


def test_empty_selection_says_why(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=2, status="in_progress")
    with pytest.raises(ExportError) as info:
        export(store, tmp_path / "out")
    message = str(info.value)
    assert "none of the 2 articles has status 'done'" in message
    assert "ann: 2 in_progress" in message and "--status" in message
    assert not (tmp_path / "out").exists()


def test_splits_are_reproducible_and_follow_the_seed(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=20, sources=20)
    export(store, tmp_path / "a", seed=7)
    export(store, tmp_path / "b", seed=7)
    export(store, tmp_path / "c", seed=8)
    a, b, c = (_split_of(tmp_path / x) for x in "abc")
    assert a == b
    assert a != c
    assert sorted(list(a.values()).count(n) for n in ("train", "dev", "test")) == [2, 2, 16]


def test_group_by_source_keeps_a_source_in_one_split(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=12, sources=4)
    export(store, tmp_path / "out", split="0.5,0.5", group_by="source", seed=3)
    splits = _split_of(tmp_path / "out")
    by_source: dict[str, set[str]] = {}
    for article_id, name in splits.items():
        by_source.setdefault(store.article(article_id).source, set()).add(name)
    assert all(len(names) == 1 for names in by_source.values())
    assert set(splits.values()) == {"train", "dev"}


def test_too_few_groups_for_the_split_is_an_error(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=4, sources=1)
    with pytest.raises(ExportError, match="1 sources cannot fill 3 splits"):
        export(store, tmp_path / "out", group_by="source")


def test_assign_splits_fills_every_part_close_to_its_share() -> None:
    groups = {f"g{i}": [i] for i in range(100)}
    result = assign_splits(groups, (0.8, 0.1, 0.1), seed=1)
    counts = {n: list(result.values()).count(n) for n in ("train", "dev", "test")}
    assert counts == {"train": 80, "dev": 10, "test": 10}


def test_near_duplicate_texts_are_exported_once_and_reported(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    texts = [
        "Anna met Bob in Paris.",
        "Anna  met Bob\nin Paris.",
        "Something else entirely.",
        "A third story.",
        "A fourth story.",
    ]
    store.add_articles([Article(text=t) for t in texts], annotator="ann")
    for article_id in range(1, 6):
        store.set_status(article_id, "ann", "done")
    store.add_span(1, Span(0, 4, "entity", "PERSON", annotator="ann"))
    store.add_span(2, Span(0, 4, "entity", "PERSON", annotator="ann"))
    report = export(store, tmp_path / "out", format="jsonl", split="0.5,0.5")
    assert report.duplicates == [{"article_id": 2, "duplicate_of": 1}]
    exported = [
        json.loads(line)["meta"]["article_id"]
        for name in ("train", "dev")
        for line in (tmp_path / "out" / f"{name}.jsonl").read_text().splitlines()
    ]
    assert sorted(exported) == [1, 3, 4, 5]
    saved = json.loads((tmp_path / "out" / "export-report.json").read_text())
    assert saved["duplicates_removed"] == [{"article_id": 2, "duplicate_of": 1}]


def test_existing_folder_refused_unless_force_then_replaced(tmp_path: Path) -> None:
    # Only an earlier export's own files are replaced (issue 9.1; more in test_export_folder.py).
    store = build(tmp_path / "a.db", n=4)
    out = tmp_path / "out"
    export(store, out, format="jsonl")
    with pytest.raises(ExportError, match="holds an earlier export: pass --force"):
        export(store, out, split="0.5,0.5")
    assert (out / "all.jsonl").exists()
    export(store, out, split="0.5,0.5", force=True)
    assert sorted(p.name for p in out.iterdir()) == [
        ".annotator-export.json",
        "config.cfg",
        "dev.spacy",
        "export-report.json",
        "train.spacy",
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cancel_leaves_nothing_behind(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=6)
    calls: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        export(
            store,
            tmp_path / "out",
            batch=2,
            progress=lambda d, t: calls.append((d, t)),
            cancelled=lambda: len(calls) >= 1,
        )
    assert calls == [(2, 6)]
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("a.db")) == []


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=5)
    calls: list[tuple[int, int]] = []
    export(store, tmp_path / "out", batch=2, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(2, 5), (4, 5), (5, 5)]


def test_suggestions_only_when_asked(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=1)
    text = store.article(1).text
    s, e = find(text, "Football")
    store.add_suggestions(1, [Span(s, e, "entity", "EVENT", origin="suggested:test")], annotator="ann")
    plain = export(store, tmp_path / "plain", format="quotes")
    wide = export(store, tmp_path / "wide", format="quotes", include_suggestions=True)
    assert "EVENT" not in plain.splits["all"]["spans"]["entities"]
    assert wide.splits["all"]["spans"]["entities"]["EVENT"] == 1


def test_report_counts_per_split_layer_and_label(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=4)
    export(store, tmp_path / "out", split="0.5,0.5")
    report = json.loads((tmp_path / "out" / "export-report.json").read_text())
    assert report["skipped_spans"] == 0 and report["skipped"] == []
    train = report["splits"]["train"]
    assert train["documents"] == 2 and train["quotes"] == 4
    assert train["spans"] == {
        "entities": {"PERSON": 2, "GPE": 4, "DATE": 2, "ORG": 2},
        "quotes": {"DIRECT": 4, "INDIRECT": 2},
        "quote_cues": {"CUE": 2},
        "quote_sources": {"SOURCE": 4},
        "boilerplate": {"NAV": 2, "SHARE": 2, "BOILERPLATE": 2},
    }


def test_config_has_one_spancat_per_key_with_a_long_enough_suggester(tmp_path: Path) -> None:
    from thinc.api import Config

    store = build(tmp_path / "a.db", n=4)
    export(store, tmp_path / "out", split="0.5,0.5")
    config = Config().from_disk(tmp_path / "out" / "config.cfg", interpolate=False)
    assert config["nlp"]["pipeline"] == [
        "tok2vec",
        "ner",
        "spancat_quotes",
        "spancat_quote_cues",
        "spancat_quote_sources",
        "spancat_boilerplate",
    ]
    quotes = config["components"]["spancat_quotes"]
    assert quotes["spans_key"] == "quotes"
    assert quotes["suggester"]["@misc"] == "spacy.ngram_range_suggester.v1"
    # the longest quote part is 9 tokens ("We will rebuild the port 🚢 this year ,")
    assert quotes["suggester"]["max_size"] >= 9
    weights = config["training"]["score_weights"]
    assert "spans_sc_f" not in weights and weights["spans_quotes_f"] > 0 and weights["ents_f"] > 0


def test_config_covers_layers_missing_from_train_and_warns(tmp_path: Path) -> None:
    from thinc.api import Config

    text = variant(0)
    spans = rich_spans(text)
    store = Store(tmp_path / "a.db")
    ents = [s for s in spans if s.layer == "entity"]
    blocks = [s for s in spans if s.layer == "boilerplate"]
    store.add_articles(
        [(Article(text=text), ents), (Article(text=variant(1)), blocks)], annotator="ann", status="done"
    )
    # The seed that puts the only boilerplate article (id 2) in dev.
    seed = next(
        s for s in range(50) if assign_splits({"article:1": [1], "article:2": [2]}, (0.5, 0.5), s)[2] == "dev"
    )
    report = export(store, tmp_path / "out", split="0.5,0.5", seed=seed)
    config = Config().from_disk(tmp_path / "out" / "config.cfg", interpolate=False)
    assert config["nlp"]["pipeline"] == ["tok2vec", "ner", "spancat_boilerplate"]
    assert report.warnings == [
        "span key 'boilerplate' (spancat_boilerplate) has no examples in the train split (only in dev): "
        "it will learn nothing; re-split with another --seed (or --split, --group-by)"
    ]
    assert config["initialize"]["components"]["spancat_boilerplate"]["labels"] == [
        "BOILERPLATE",
        "NAV",
        "SHARE",
    ]
    saved = json.loads((tmp_path / "out" / "export-report.json").read_text())
    assert saved["warnings"] == report.warnings


# ---- jsonl (Prodigy) ------------------------------------------------------


def test_jsonl_tasks_follow_prodigys_shape(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=2)
    export(store, tmp_path / "out", format="jsonl")
    tasks = [json.loads(line) for line in (tmp_path / "out" / "all.jsonl").read_text().splitlines()]
    assert len(tasks) == 2
    task = tasks[0]
    assert task["answer"] == "accept"
    assert isinstance(task["_input_hash"], int) and isinstance(task["_task_hash"], int)
    assert -(2**31) <= task["_input_hash"] < 2**31
    assert tasks[0]["_input_hash"] != tasks[1]["_input_hash"]
    text = task["text"]
    assert text == store.article(task["meta"]["article_id"]).text
    for i, token in enumerate(task["tokens"]):
        assert token["id"] == i and text[token["start"] : token["end"]] == token["text"]
    spans = db_spans(store, task["meta"]["article_id"])
    assert sorted((s["start"], s["end"], s["label"], s["layer"]) for s in task["spans"]) == sorted(
        (s.start, s.end, s.label, s.layer) for s in spans
    )
    for s in task["spans"]:  # token_end is inclusive, as in Prodigy
        assert task["tokens"][s["token_start"]]["start"] == s["start"]
        assert task["tokens"][s["token_end"]]["end"] == s["end"]
    sources = [s for s in task["spans"] if s.get("role") == "source"]
    ids = {s["id"]: s for s in task["spans"] if "id" in s}
    assert all(ids[s["entity_id"]]["layer"] == "entity" for s in sources)


def test_jsonl_reimports_with_the_prodigy_importer(tmp_path: Path) -> None:
    from annotator.formats.importing import import_paths

    store = build(tmp_path / "a.db", n=3)
    export(store, tmp_path / "out", format="jsonl")
    fresh = Store(tmp_path / "b.db")
    import_paths(fresh, [tmp_path / "out" / "all.jsonl"], fmt="prodigy", annotator="ann")
    assert fresh.article_ids(status="done", annotator="ann") == [1, 2, 3]

    def key(s: Span) -> tuple[object, ...]:
        return (s.start, s.end, s.layer, s.label, s.role)

    def quotes(st: Store, article_id: int) -> set[frozenset[tuple[object, ...]]]:
        groups: dict[int, set[tuple[object, ...]]] = {}
        for s in db_spans(st, article_id):
            if s.quote_id is not None:
                groups.setdefault(s.quote_id, set()).add(key(s))
        return {frozenset(g) for g in groups.values()}

    for old, new in zip(store.iter_articles(), fresh.iter_articles(), strict=True):
        assert (new.text, new.title, new.source, new.url) == (old.text, old.title, old.source, old.url)
        assert sorted(map(key, db_spans(fresh, new.id))) == sorted(map(key, db_spans(store, old.id)))
        assert quotes(fresh, new.id) == quotes(store, old.id)


# ---- quotes (citron) and text ----------------------------------------------


def test_quotes_files_have_citrons_shape(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=2)
    export(store, tmp_path / "out", format="quotes")
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert [e["file"] for e in index] == ["quotes/1.json", "quotes/2.json"]
    doc = json.loads((tmp_path / "out" / "quotes" / "1.json").read_text(encoding="utf-8"))
    text = doc["text"]
    assert text == store.article(1).text
    first, second = doc["quotes"]
    assert [c["text"] for c in first["contents"]] == [
        "We will rebuild the port \U0001f6a2 this year,",
        "Nobody should doubt it.",
    ]
    assert first["cue"]["text"] == "said" and first["type"] == "DIRECT"
    assert [s["text"] for s in first["sources"]] == ["Maria\u00a0Lopez"]
    assert first["speaker_entity"]["label"] == "PERSON"
    assert second["cue"] is None and second["sources"][0]["text"] == "The World Bank"
    for q in doc["quotes"]:
        for span in [*q["contents"], *q["sources"], *([q["cue"]] if q["cue"] else [])]:
            assert text[span["start"] : span["end"]] == span["text"]


def test_text_files_drop_boilerplate_and_keep_paragraphs(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=1)
    export(store, tmp_path / "out", format="text")
    clean = (tmp_path / "out" / "text" / "1.txt").read_text(encoding="utf-8")
    assert clean == (
        "\u201cWe will rebuild the port \U0001f6a2 this year,\u201d Maria\u00a0Lopez said in Lagos on "
        "Monday. \u201cNobody should doubt it.\u201d\n\n"
        "The World Bank said\u2028it would help Nigeria, according to officials.\n"
    )
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert index[0]["file"] == "text/1.txt" and index[0]["boilerplate_blocks"] == 3


def test_clean_text_cuts_inside_a_line_and_collapses_blank_lines() -> None:
    text = "Menu\n\nBody one. Share this\n\n\nAd\n\nBody two."
    spans = [
        Span(*find(text, "Menu"), "boilerplate", "NAV"),
        Span(*find(text, "Share this"), "boilerplate", "SHARE"),
        Span(*find(text, "Ad"), "boilerplate", "AD"),
    ]
    assert clean_text(text, spans) == "Body one.\n\nBody two."


def test_crlf_text_exports_as_normalised(tmp_path: Path) -> None:
    store = build(tmp_path / "a.db", n=1)
    assert "\r" not in store.article(1).text and store.article(1).text == variant(0)


def test_jsonl_reimport_keeps_speaker_links(tmp_path: Path) -> None:
    from annotator.formats.importing import import_paths

    store = build(tmp_path / "a.db", n=1)
    export(store, tmp_path / "out", format="jsonl")
    # Closed here: a connection left to the garbage collector checkpoints b.db later,
    # under another test that compares the whole temporary folder before and after.
    with Store(tmp_path / "b.db") as fresh:
        import_paths(fresh, [tmp_path / "out" / "all.jsonl"], fmt="prodigy", annotator="ann")
        linked = [s for s in db_spans(fresh, 1) if s.role == "source" and s.entity_id is not None]
    assert len(linked) == 2

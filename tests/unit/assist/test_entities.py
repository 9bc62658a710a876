"""Entity suggester: EntityRuler patterns files and spaCy pipelines (a tiny one trained here)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from annotator.assist.entities import ORIGIN_MODEL, ORIGIN_PATTERNS, EntitiesError, EntitySuggester
from annotator.formats.tokens import token_offsets
from annotator.model import ENTITY

TRAIN = [
    ("Acme Corp hired Maria Lopez in Berlin.", [(0, 9, "ORG"), (16, 27, "PERSON"), (31, 37, "GPE")]),
    ("Maria Lopez left Acme Corp for Paris.", [(0, 11, "PERSON"), (17, 26, "ORG"), (31, 36, "GPE")]),
    ("In Berlin, Acme Corp opened an office.", [(3, 9, "GPE"), (11, 20, "ORG")]),
    ("Paris welcomed Maria Lopez on Monday.", [(0, 5, "GPE"), (15, 26, "PERSON")]),
]


@pytest.fixture(scope="session")
def tiny_ner(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blank English pipeline with an NER trained for a few iterations, saved with to_disk."""
    import spacy
    from spacy.training import Example

    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": ents}) for t, ents in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(40):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("pipelines") / "tiny-ner"
    nlp.to_disk(path)
    return path


def write_patterns(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8")
    return path


def run(suggester: EntitySuggester, text: str) -> list[tuple[str, str, str]]:
    spans = suggester(text, token_offsets(text))
    assert all(s.layer == ENTITY for s in spans)
    return [(text[s.start : s.end], s.label, s.origin) for s in spans]


def test_phrase_and_token_patterns(tmp_path: Path) -> None:
    patterns = write_patterns(
        tmp_path / "p.jsonl",
        [
            {"label": "ORG", "pattern": "NATO"},
            {"label": "PERSON", "pattern": "Emmanuel Macron", "id": "macron"},
            "",
            {"label": "DATE", "pattern": [{"LOWER": {"IN": ["monday", "tuesday"]}}]},
        ],
    )
    found = run(EntitySuggester(patterns=patterns), "Emmanuel Macron called NATO on Monday.")
    assert found == [
        ("Emmanuel Macron", "PERSON", ORIGIN_PATTERNS),
        ("NATO", "ORG", ORIGIN_PATTERNS),
        ("Monday", "DATE", ORIGIN_PATTERNS),
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "line 2: not JSON"),
        ('{"pattern": "NATO"}', 'line 2: a pattern needs a "label"'),
        ('{"label": "ORG", "pattern": 5}', 'line 2: "pattern" must be a phrase'),
        ('{"label": "ORG", "pattern": [{"NOT_AN_ATTR": "x"}]}', "line 2: invalid token pattern"),
    ],
)
def test_bad_patterns_file_names_the_line(tmp_path: Path, line: str, problem: str) -> None:
    patterns = write_patterns(tmp_path / "bad.jsonl", [{"label": "ORG", "pattern": "NATO"}, line])
    with pytest.raises(EntitiesError) as err:
        run(EntitySuggester(patterns=patterns), "NATO met.")
    assert str(err.value).startswith(f"{patterns}, {problem}")


def test_empty_patterns_file(tmp_path: Path) -> None:
    with pytest.raises(EntitiesError, match="no patterns"):
        EntitySuggester(patterns=write_patterns(tmp_path / "empty.jsonl", [""]))


def test_pipeline_trained_and_saved_on_disk(tiny_ner: Path) -> None:
    found = run(EntitySuggester(model=str(tiny_ner)), "Acme Corp hired Maria Lopez in Berlin.")
    assert ("Acme Corp", "ORG", ORIGIN_MODEL) in found
    assert ("Maria Lopez", "PERSON", ORIGIN_MODEL) in found


def test_patterns_win_where_they_overlap_the_pipeline(tiny_ner: Path, tmp_path: Path) -> None:
    patterns = write_patterns(tmp_path / "p.jsonl", [{"label": "PRODUCT", "pattern": "Acme"}])
    found = run(
        EntitySuggester(model=str(tiny_ner), patterns=patterns), "Acme Corp hired Maria Lopez in Berlin."
    )
    assert found[0] == ("Acme", "PRODUCT", ORIGIN_PATTERNS)
    assert all(text != "Acme Corp" for text, _, _ in found)
    assert ("Maria Lopez", "PERSON", ORIGIN_MODEL) in found


def test_unknown_pipeline_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EntitiesError, match=r"^no_such_pipeline_xyz: cannot load this spaCy pipeline"):
        EntitySuggester(model="no_such_pipeline_xyz")


def test_pipeline_without_ner_is_refused(tmp_path: Path) -> None:
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(EntitiesError, match="no entity recogniser"):
        EntitySuggester(model=str(tmp_path / "blank"))


def test_nothing_to_suggest_with() -> None:
    with pytest.raises(EntitiesError, match="--model"):
        EntitySuggester()

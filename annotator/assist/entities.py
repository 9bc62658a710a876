"""Entity suggester: Prodigy-style patterns files and any spaCy pipeline with an NER.

Patterns are spaCy EntityRuler JSONL, one ``{"label": ..., "pattern": ...}``
a line: a string is a phrase pattern, a list of token dicts a token pattern
(``"id"`` is allowed and ignored). A pipeline is loaded with ``spacy.load``
from an installed package name or a directory (``nlp.to_disk``). Where a
pattern and the pipeline disagree on a stretch of text, the pattern wins:
the user wrote it on purpose. spaCy is imported on first use only.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.model import ENTITY, Span, SpanError, overlaps, snap

ORIGIN_PATTERNS = "suggested:patterns"
ORIGIN_MODEL = "suggested:model"

# A pipeline's label that the project's schema lacks is renamed by this table
# (CoNLL, WikiNER and other common NER sets onto spaCy's English set, the
# default schema) before it is dropped; ``--label-map OLD=NEW`` comes first.
DEFAULT_LABEL_MAP: dict[str, str] = {
    "PER": "PERSON",
    "PERS": "PERSON",
    "PERSON": "PERSON",
    "B-PER": "PERSON",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOCATION": "LOC",
    "GEO": "GPE",
    "GPE_LOC": "GPE",
    "MISC": "",  # no counterpart in the default schema: dropped unless the project has MISC
}


class EntitiesError(Exception):
    """A patterns file or pipeline that cannot be used; the message names it and says why."""


def read_patterns(path: str | Path) -> list[dict[str, Any]]:
    """The patterns of a JSONL file, checked line by line (blank lines skipped)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EntitiesError(f"{path}: cannot read the patterns file ({exc})") from None
    patterns = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EntitiesError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("label"), str) or not item["label"].strip():
            raise EntitiesError(f'{where}: a pattern needs a "label" (text) and a "pattern"')
        pattern = item.get("pattern")
        if isinstance(pattern, str):
            if not pattern.strip():
                raise EntitiesError(f"{where}: the phrase pattern is empty")
        elif not (isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)):
            raise EntitiesError(f'{where}: "pattern" must be a phrase (text) or a list of token objects')
        patterns.append({"label": item["label"].strip(), "pattern": pattern, "_line": number})
    if not patterns:
        raise EntitiesError(f"{path}: no patterns in the file")
    return patterns


def _ruler(lang: str, patterns: list[dict[str, Any]], path: Path) -> Any:
    import spacy

    from annotator.formats.tokens import tokenizer_lang

    # The same tokenizer as the article's tokens (a stand-in when lang cannot load here).
    lang = tokenizer_lang(lang)
    nlp = spacy.blank(lang)
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    clean = [{"label": p["label"], "pattern": p["pattern"]} for p in patterns]
    try:
        ruler.add_patterns(clean)
    except Exception:
        # Find the line to name: add them one by one on a scratch pipeline.
        scratch = spacy.blank(lang).add_pipe("entity_ruler", config={"validate": True})
        for p in patterns:
            try:
                scratch.add_patterns([{"label": p["label"], "pattern": p["pattern"]}])
            except Exception as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise EntitiesError(f"{path}, line {p['_line']}: invalid token pattern ({first})") from None
        raise
    return nlp


def load_model(name: str) -> Any:
    """``spacy.load`` a package name or a directory; the pipeline must predict entities."""
    import spacy

    try:
        nlp = spacy.load(name)
    except (OSError, ValueError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EntitiesError(f"{name}: cannot load this spaCy pipeline ({first[:200]})") from None
    if not any(pipe in nlp.pipe_names for pipe in ("ner", "entity_ruler", "span_ruler")) and not any(
        "ner" in pipe for pipe in nlp.pipe_names
    ):
        raise EntitiesError(
            f"{name}: this pipeline has no entity recogniser (components: "
            f"{', '.join(nlp.pipe_names) or 'none'})"
        )
    return nlp


def parse_label_map(pairs: Iterable[str]) -> dict[str, str]:
    """``["PER=PERSON", "MISC="]`` -> ``{"PER": "PERSON", "MISC": ""}`` (empty: drop that label)."""
    mapping = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        old, new = old.strip(), new.strip()
        if not sep or not old or any(c.isspace() for c in old + new):
            raise EntitiesError(
                f"--label-map {pair!r}: expected OLD=NEW (or OLD= to drop OLD), one word each"
            )
        mapping[old] = new
    return mapping


class LabelMapper:
    """Model labels onto the project's entity labels: ``--label-map`` first, then the schema,
    then ``DEFAULT_LABEL_MAP``; anything else is dropped and counted (``dropped``)."""

    def __init__(self, schema_labels: Iterable[str] | None, label_map: dict[str, str] | None = None) -> None:
        self._schema = set(schema_labels) if schema_labels is not None else None
        self._map = dict(label_map or {})
        self.dropped: Counter[str] = Counter()

    def __call__(self, label: str) -> str | None:
        if label in self._map:
            new = self._map[label]
        elif self._schema is None or label in self._schema:
            new = label
        else:
            new = DEFAULT_LABEL_MAP.get(label, DEFAULT_LABEL_MAP.get(label.upper(), ""))
        if not new or (self._schema is not None and new not in self._schema):
            self.dropped[label] += 1
            return None
        return new


class EntitySuggester:
    """Entities of a patterns file and/or a pipeline, as suggested spans of one article.

    ``schema_labels`` (the project's entity labels) and ``label_map`` rename
    the pipeline's labels onto the project's (``LabelMapper``); patterns name
    the user's labels on purpose and are never renamed.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        patterns: str | Path | None = None,
        schema_labels: Iterable[str] | None = None,
        label_map: dict[str, str] | None = None,
    ) -> None:
        if model is None and patterns is None:
            raise EntitiesError("entity suggestions need --model NAME|PATH or --patterns FILE")
        if label_map and model is None:
            raise EntitiesError("--label-map renames a pipeline's labels: it needs --model")
        self._patterns_path = Path(patterns) if patterns is not None else None
        self._patterns = read_patterns(self._patterns_path) if self._patterns_path else None
        self._model = load_model(model) if model is not None else None
        self._rulers: dict[str, Any] = {}
        self.labels = LabelMapper(schema_labels, label_map)

    def _ruler_for(self, lang: str) -> Any:
        if lang not in self._rulers:
            assert self._patterns is not None and self._patterns_path is not None
            self._rulers[lang] = _ruler(lang, self._patterns, self._patterns_path)
        return self._rulers[lang]

    def __call__(self, text: str, tokens: Sequence[tuple[int, int]], *, lang: str = "en") -> list[Span]:
        found: list[Span] = []
        if self._patterns is not None:
            doc = self._ruler_for(lang)(text)
            found += _spans(
                text, tokens, [(e.start_char, e.end_char, e.label_) for e in doc.ents], ORIGIN_PATTERNS
            )
        if self._model is not None:
            doc = self._model(text)
            ents = [(e.start_char, e.end_char, self.labels(e.label_)) for e in doc.ents]
            for span in _spans(
                text, tokens, [(s, e, label) for s, e, label in ents if label is not None], ORIGIN_MODEL
            ):
                if not any(overlaps(span, other) for other in found):
                    found.append(span)
        return sorted(found, key=lambda s: s.start)


def _spans(
    text: str, tokens: Sequence[tuple[int, int]], ents: list[tuple[int, int, str]], origin: str
) -> list[Span]:
    out: list[Span] = []
    for start, end, label in ents:
        try:
            start, end = snap(text, start, end, tokens)
        except SpanError:
            continue
        span = Span(start, end, ENTITY, label, origin=origin)
        # Snapping to our tokenizer may make two of the pipeline's entities touch: keep the first.
        if not any(overlaps(span, other) for other in out):
            out.append(span)
    return out

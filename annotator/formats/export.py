"""``export``: choose articles, split them, write one format atomically, report.

Selection: articles with the given status (default ``done``) for the given
annotator, for the reviewers (``gold``: the gold versions) or for anyone; an
article whose versions by several annotators tie refuses the export unless
``pick="first"`` says to take the first of them by name. Near-duplicates (same
text once whitespace and case are folded) are exported once: the lowest id
is kept, the others are listed in the report. Splits are drawn per group
(an article, or all articles of one source with ``group_by="source"``) with
a seeded shuffle, so the same call gives the same split.

Writing is atomic: everything goes into a hidden temporary folder beside
``out_dir`` that is renamed into place when complete. An export replaces only
the files an earlier export wrote (listed in its manifest, see
``export_folder``), and only with ``force``; any other content refuses the
folder before anything is written. Articles are streamed in batches: memory
does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotator.formats.export_folder import (
    FolderRefused,
    check_folder,
    make_temp_folder,
    missing_parents,
    remove_empty,
    replace_folder,
    write_manifest,
)
from annotator.formats.export_model import Prepared, Skipped, Tally, prepare
from annotator.formats.tokens import fallback_note, tokenizer_lang
from annotator.jobs import JobsError, check_jobs, pool_size
from annotator.model import ACCEPTED, MANUAL, Status
from annotator.model.spans import is_suggestion
from annotator.model.words import count

FORMATS: tuple[str, ...] = ("spacy", "jsonl", "quotes", "text")
# Formats that tokenise, and so gain from worker processes (the others only copy text).
POOL_FORMATS: tuple[str, ...] = ("spacy", "jsonl")
SPLIT_NAMES: tuple[str, ...] = ("train", "dev", "test")
UNSPLIT = "all"
DEFAULT_SPLIT = (0.8, 0.1, 0.1)
GROUP_BY: tuple[str, ...] = ("none", "source")
# How to choose between several annotators' versions of one article (``--pick``).
PICKS: tuple[str, ...] = ("first",)
# Which annotator's version wins when several hold the status asked for.
_STATUS_RANK = {Status.DONE: 0, Status.IN_PROGRESS: 1, Status.FLAGGED: 2, Status.SKIPPED: 3, Status.TODO: 4}

Progress = Callable[[int, int], None]


class ExportError(ValueError):
    """An export that cannot be made; the message says why and what to do."""


class ExportCancelled(ExportError):
    """The caller's ``cancelled()`` said stop; nothing was written."""


class _Writer(Protocol):
    def add(self, item: Prepared) -> None: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...


@dataclass(slots=True)
class ExportReport:
    """What was written: ``export-report.json`` holds ``as_dict()``."""

    format: str
    out_dir: Path
    options: dict[str, Any] = field(default_factory=dict)
    splits: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[dict[str, int]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)
    # Things the engineer should know before training (the CLI prints them on stderr).
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # Exported spans per key off the tokenizer's own token boundaries (Prepared.inside_tokens).
    inside_tokens: dict[str, int] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return sum(s["documents"] for s in self.splits.values())

    def count(self, item: Prepared | Tally) -> None:
        if isinstance(item, Prepared):
            item = item.tally()
        entry = self.splits.setdefault(item.split, {"documents": 0, "quotes": 0, "spans": {}})
        entry["documents"] += 1
        entry["quotes"] += item.quotes
        for key, labels in item.counts.items():
            target = entry["spans"].setdefault(key, {})
            for label, n in labels.items():
                target[label] = target.get(label, 0) + n
        self.skipped.extend(item.skipped)
        for key, n in item.inside_tokens.items():
            self.inside_tokens[key] = self.inside_tokens.get(key, 0) + n

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "options": self.options,
            "documents": self.documents,
            "splits": self.splits,
            "skipped_spans": len(self.skipped),
            "skipped": [s.as_dict() for s in self.skipped],
            "duplicates_removed": self.duplicates,
            "files": self.files,
            "config": self.config,
            "warnings": self.warnings,
            "spans_inside_tokens": {
                "total": sum(self.inside_tokens.values()),
                "by_key": dict(sorted(self.inside_tokens.items())),
            },
        }

    def summary(self) -> str:
        parts = [f"{name} {entry['documents']}" for name, entry in self.splits.items()]
        line = (
            f"exported {count(self.documents, 'article')} ({', '.join(parts)}) to {self.out_dir}; "
            f"{count(len(self.skipped), 'span')} not exported, {count(len(self.duplicates), 'duplicate')} removed"
        )
        inside = sum(self.inside_tokens.values())
        if inside:
            line += (
                f"\n{inside} span{'s' * (inside != 1)} start or end inside a token of the "
                f"{self.options.get('tokenizer', '')!r} tokenizer: exported exactly (the token is split), "
                "but spaCy's training cannot align them to its own tokens (spans_inside_tokens in "
                "export-report.json; docs/export.md)"
            )
        return line


def parse_split(text: str) -> tuple[float, ...]:
    """``"0.8,0.1,0.1"`` -> fractions (any positive weights; they are normalised)."""
    parts = [p.strip() for p in text.split(",")]
    if not 1 <= len(parts) <= 3:
        raise ExportError(f"--split {text!r}: {len(parts)} parts; give one to three weights (train,dev,test)")
    values = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise ExportError(
                f"--split {text!r}: {part!r} is not a number; give weights such as 0.8,0.1,0.1"
            ) from None
        if not math.isfinite(value) or value < 0:
            what = "is negative" if math.isfinite(value) else "is not a finite number"
            raise ExportError(f"--split {text!r}: {part!r} {what}; give weights >= 0 such as 0.8,0.1,0.1")
        values.append(value)
    return _check_split(tuple(values), shown=f"--split {text!r}")


def _check_split(values: tuple[float, ...], *, shown: str | None = None) -> tuple[float, ...]:
    shown = shown or f"split {','.join(f'{v:g}' for v in values)}"
    if not 1 <= len(values) <= 3:
        raise ExportError(f"{shown}: {len(values)} parts; give one to three weights (train,dev,test)")
    for v in values:
        if not math.isfinite(v) or v < 0:
            what = "is negative" if math.isfinite(v) else "is not a finite number"
            raise ExportError(f"{shown}: {v:g} {what}; give weights >= 0 such as 0.8,0.1,0.1")
    # Scaled by the largest first, so weights near the float limit do not overflow their sum.
    top = max(values)
    if not top > 0:
        raise ExportError(f"{shown}: the weights add up to 0; give at least one above 0, e.g. 0.8,0.1,0.1")
    scaled = [v / top for v in values]
    total = sum(scaled)
    return tuple(v / total for v in scaled)


def _statuses(status: str) -> tuple[str, ...]:
    if status in ("all", "any"):
        return Status.ALL
    wanted = tuple(s.strip() for s in status.split(",") if s.strip())
    unknown = [s for s in wanted if s not in Status.ALL]
    if unknown or not wanted:
        raise ExportError(
            f"unknown status {', '.join(unknown) or status!r} "
            f"(expected {', '.join(Status.ALL)}, a comma list of them, or 'all')"
        )
    return wanted


def select(
    store: Any,
    *,
    status: str = Status.DONE,
    annotator: str | None = None,
    gold: bool = False,
    pick: str | None = None,
) -> dict[int, tuple[str, str]]:
    """article id -> (annotator whose spans are exported, their status).

    One annotator's versions (``annotator``), the reviewers' (``gold``), or
    anyone's; when two versions of one article tie (same best status, not
    ``todo``), it refuses unless ``pick="first"`` (the first name wins)."""
    wanted = _statuses(status)
    if pick is not None and pick not in PICKS:
        raise ExportError(f"--pick {pick}: expected one of {', '.join(PICKS)}")
    if gold and annotator:
        raise ExportError("--gold exports the reviewers' versions: give it or --annotator, not both")
    names = [annotator] if annotator else store.annotators()
    if gold:
        from annotator.store.teams import reviewers

        names = reviewers(store)
        if not names:
            raise ExportError(
                f"no reviewers in {store.label}: register one with `annotator assign DB --annotators ... "
                "--reviewers NAME`, or export one annotator with --annotator"
            )
    if annotator and annotator not in store.annotators():
        raise ExportError(
            f"no annotator named {annotator!r} in {store.label} "
            f"(known: {', '.join(store.annotators()) or 'none'})"
        )
    chosen: dict[int, tuple[str, str]] = {}
    ties: dict[int, list[str]] = {}
    for name in sorted(names):
        for st in sorted(wanted, key=_STATUS_RANK.__getitem__):
            for article_id in store.article_ids(status=st, annotator=name):
                best = chosen.get(article_id)
                if best is None or _STATUS_RANK[st] < _STATUS_RANK[best[1]]:
                    chosen[article_id] = (name, st)
                    ties[article_id] = [name]
                elif best[1] == st and st != Status.TODO:
                    ties[article_id].append(name)
    mixed = {a: who for a, who in ties.items() if len(who) > 1}
    if mixed and pick is None:
        first = min(mixed)
        whose = "reviewers" if gold else "annotators"
        raise ExportError(
            f"{len(mixed)} articles have versions by several {whose} (e.g. article {first}: "
            f"{', '.join(mixed[first])}, {chosen[first][1]}); an export takes one version per article: "
            "choose with --annotator NAME, --gold (the reviewers' versions) or --pick first "
            "(the first name in alphabetical order)"
        )
    return chosen


def _why_empty(store: Any, status: str, annotator: str | None) -> str:
    total = store.count_articles()
    if not total:
        return f"nothing to export: {store.label} holds no articles"
    who = f"annotator {annotator!r}" if annotator else "any annotator"
    counts = store.stats()["annotators"]
    seen = "; ".join(
        f"{name}: " + ", ".join(f"{n} {s}" for s, n in c.items() if n)
        for name, c in counts.items()
        if not annotator or name == annotator
    )
    return (
        f"nothing to export: none of the {total} articles has status {status!r} for {who} "
        f"({seen or 'no statuses yet'}); mark articles done, or pass --status "
        f"(e.g. --status in_progress,done or --status all)"
    )


def _dedup_key(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


def assign_splits(groups: dict[str, list[int]], fractions: tuple[float, ...], seed: int) -> dict[int, str]:
    """article id -> split name; whole groups go to one split, reproducibly."""
    names = SPLIT_NAMES[: len(fractions)] if len(fractions) > 1 else (UNSPLIT,)
    if len(fractions) == 1:
        return {a: UNSPLIT for ids in groups.values() for a in ids}
    wanted = [i for i, f in enumerate(fractions) if f > 0]
    if len(groups) < len(wanted):
        unit = "sources" if any(len(v) > 1 for v in groups.values()) else "articles"
        raise ExportError(
            f"{len(groups)} {unit} cannot fill {len(wanted)} splits: export more "
            f"articles, use fewer split parts (e.g. --split 0.8,0.2) or --group-by none"
        )
    order = sorted(groups)
    random.Random(seed).shuffle(order)
    total = sum(len(v) for v in groups.values())
    targets = [f * total for f in fractions]
    members: list[list[str]] = [[] for _ in fractions]
    counts = [0] * len(fractions)
    for key in order:
        # The split furthest below its target takes the group.
        i = max(wanted, key=lambda j: (targets[j] - counts[j], -j))
        members[i].append(key)
        counts[i] += len(groups[key])
    for i in wanted:  # every asked-for split gets at least one group
        if not members[i]:
            donor = max(wanted, key=lambda j: (len(members[j]), counts[j]))
            key = min(members[donor], key=lambda k: (len(groups[k]), k))
            members[donor].remove(key)
            members[i].append(key)
    return {a: names[i] for i, keys in enumerate(members) for key in keys for a in groups[key]}


def _writer(fmt: str, out_dir: Path, splits: list[str], lang: str) -> _Writer:
    if fmt == "spacy":
        from annotator.formats.spacy_docbin import SpacyWriter

        return SpacyWriter(out_dir, splits, lang=lang)
    if fmt == "jsonl":
        from annotator.formats.prodigy_export import ProdigyWriter

        return ProdigyWriter(out_dir, splits, lang=lang)
    if fmt == "quotes":
        from annotator.formats.citron_export import CitronWriter

        return CitronWriter(out_dir, splits, lang=lang)
    from annotator.formats.text_export import TextWriter

    return TextWriter(out_dir, splits, lang=lang)


def _keep_span(origin: str, include_suggestions: bool) -> bool:
    return origin in (MANUAL, ACCEPTED) or (include_suggestions and is_suggestion(origin))


def prepare_one(
    store: Any, article: Any, annotator: str, status: str, split: str, include_suggestions: bool
) -> Prepared:
    """One article with the exported spans of ``annotator``, sorted into layers."""
    spans = [s for s in store.spans_for(article.id, annotator) if _keep_span(s.origin, include_suggestions)]
    return prepare(article, spans, annotator=annotator, status=status, split=split)


def export(
    store: Any,
    out_dir: str | Path,
    *,
    format: str = "spacy",
    split: tuple[float, ...] | str | None = None,
    seed: int = 0,
    group_by: str = "none",
    status: str = Status.DONE,
    annotator: str | None = None,
    gold: bool = False,
    pick: str | None = None,
    include_suggestions: bool = False,
    lang: str | None = None,
    force: bool = False,
    batch: int = 256,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    jobs: int | None = None,
    pool_threshold: int | None = None,
) -> ExportReport:
    """Write the selected articles of ``store`` to ``out_dir`` in ``format``.

    ``split`` defaults to 0.8/0.1/0.1 for ``spacy`` and to no split (one part
    named ``all``) for the other formats. ``progress(done, total)`` is called
    as articles are written; when ``cancelled()`` turns true the export stops,
    removes what it wrote and raises ``ExportCancelled``.

    ``jobs``: worker processes for the ``spacy`` and ``jsonl`` formats (default:
    every core; 1: in this process). Selections under ``pool_threshold``
    articles (default ``jobs.POOL_THRESHOLD``) stay in this process. The files
    are the same, byte for byte, whatever ``jobs`` is.
    """
    started = time.perf_counter()
    try:
        check_jobs(jobs)
    except JobsError as exc:
        raise ExportError(str(exc)) from None
    if format not in FORMATS:
        raise ExportError(f"unknown format {format!r} (expected one of {', '.join(FORMATS)})")
    if group_by not in GROUP_BY:
        raise ExportError(f"unknown --group-by {group_by!r} (expected one of {', '.join(GROUP_BY)})")
    out = Path(out_dir)
    if isinstance(split, str):
        fractions = parse_split(split)
    elif split is None:
        fractions = DEFAULT_SPLIT if format == "spacy" else (1.0,)
    else:
        fractions = _check_split(tuple(split))
    if format == "spacy" and (len(fractions) < 2 or fractions[1] == 0):
        raise ExportError(
            "spacy export needs a dev split for `spacy train`: give --split with at "
            "least two parts, e.g. 0.8,0.2"
        )
    if format == "spacy" and fractions[0] == 0:
        raise ExportError(
            f"split {','.join(f'{f:g}' for f in fractions)}: the spacy export needs a train "
            "split for `spacy train`: give the first --split weight above 0, e.g. 0.8,0.2"
        )

    # Before anything is written: the folder may hold only an earlier export's own files.
    project = None if store.is_postgres else store.path.resolve()
    real_out = out.expanduser().resolve()
    try:
        previous = check_folder(out, project=project, force=force)
    except FolderRefused as exc:
        raise ExportError(str(exc)) from None

    chosen = select(store, status=status, annotator=annotator, gold=gold, pick=pick)
    if not chosen:
        raise ExportError(_why_empty(store, status, annotator))
    # One pass over the texts for duplicates and groups; only hashes are kept.
    groups: dict[str, list[int]] = {}
    first_of: dict[str, int] = {}
    duplicates: list[dict[str, int]] = []
    langs: set[str] = set()
    ids = sorted(chosen)
    for article in store.iter_articles(ids):
        assert article.id is not None
        key = _dedup_key(article.text)
        if key in first_of:
            duplicates.append({"article_id": article.id, "duplicate_of": first_of[key]})
            continue
        first_of[key] = article.id
        langs.add(article.lang)
        group = f"source:{article.source}" if group_by == "source" else f"article:{article.id}"
        groups.setdefault(group, []).append(article.id)
    del first_of
    assignment = assign_splits(groups, fractions, seed)
    split_names = sorted(set(assignment.values()), key=lambda n: (SPLIT_NAMES + (UNSPLIT,)).index(n))
    mixed = sorted(langs) if lang is None and len(langs) > 1 else []
    lang = lang or (langs.pop() if len(langs) == 1 else "en")
    # Every writer tokenises through tokens.blank(lang): the tokenizer the spans were
    # snapped with, a stand-in (xx, zh) when lang's own cannot load here.
    tokenizer = tokenizer_lang(lang)
    note = fallback_note(lang)

    report = ExportReport(
        format=format,
        out_dir=out,
        duplicates=duplicates,
        options={
            "status": status,
            "annotator": annotator,
            "gold": gold,
            "pick": pick,
            "split": [round(f, 4) for f in fractions],
            "seed": seed,
            "group_by": group_by,
            "include_suggestions": include_suggestions,
            "lang": lang,
            "tokenizer": tokenizer,
        },
    )
    if mixed:
        report.warnings.append(
            f"articles in {len(mixed)} languages ({', '.join(mixed)}) are all tokenised with the "
            f"{tokenizer!r} tokenizer; spans off its token boundaries are listed under 'skipped'"
        )
    if note is not None:
        report.warnings.append(f"{note}; config.cfg uses lang {tokenizer!r}" if format == "spacy" else note)
    report.splits = {name: {"documents": 0, "quotes": 0, "spans": {}} for name in split_names}
    made = missing_parents(real_out)
    tmp = make_temp_folder(real_out)
    writer: _Writer | None = None
    try:
        writer = _writer(format, tmp, split_names, lang)
        total = len(assignment)
        done = 0
        export_ids = [a for a in ids if a in assignment]
        processes = pool_size(jobs, total, threshold=pool_threshold) if format in POOL_FORMATS else 1
        if processes > 1:
            from annotator.formats.export_jobs import write_in_pool

            tasks = [(a, *chosen[a], assignment[a]) for a in export_ids]
            options = (str(store.target), format, lang, include_suggestions)
            write_in_pool(writer, report, tasks, options, processes, progress=progress, cancelled=cancelled)
        for i in range(0, total if processes == 1 else 0, batch):
            chunk = export_ids[i : i + batch]
            for article in store.iter_articles(chunk, batch=batch):
                if cancelled is not None and cancelled():
                    raise ExportCancelled("export cancelled; nothing was written")
                assert article.id is not None
                name, st = chosen[article.id]
                item = prepare_one(store, article, name, st, assignment[article.id], include_suggestions)
                writer.add(item)
                report.count(item)
                done += 1
            if progress is not None:
                progress(done, total)
        writer.close()
        finished, writer = writer, None
        if format == "spacy":
            _write_config(tmp, report, tokenizer, finished)
        report.seconds = round(time.perf_counter() - started, 3)
        report.files = sorted(str(p.relative_to(tmp)) for p in tmp.iterdir()) + ["export-report.json"]
        (tmp / "export-report.json").write_text(
            json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
        )
        write_manifest(tmp)
        try:
            report.warnings.extend(replace_folder(tmp, real_out, previous, project=project))
        except FolderRefused as exc:
            raise ExportError(f"{exc} (it changed during the export)") from None
    except BaseException:
        if writer is not None:
            writer.abort()
        shutil.rmtree(tmp, ignore_errors=True)
        remove_empty(made)
        raise
    return report


def _write_config(folder: Path, report: ExportReport, lang: str, writer: Any) -> None:
    from annotator.formats.spacy_config import component_name, make_config

    # Components for every layer in the export, not only in train: a layer whose few
    # articles all landed in dev/test is still one the engineer asked for (and is warned of).
    entities = bool(writer.has_entities)
    keys: dict[str, tuple[int, int]] = {}
    in_splits: dict[str, set[str]] = {}
    for (name, key), (lo, hi) in writer.token_lengths.items():
        # Each suggester must reach the shortest and longest span of its key.
        old_lo, old_hi = keys.get(key, (lo, hi))
        keys[key] = (min(lo, old_lo), max(hi, old_hi))
        in_splits.setdefault(key, set()).add(name)
    missing = [
        (f"span key {key!r} ({component_name(key)})", names) for key, names in sorted(in_splits.items())
    ]
    if entities:
        missing.insert(0, ("the entity layer (ner)", set(writer.has_entities)))
    for what, names in missing:
        if "train" not in names:
            where = ", ".join(n for n in SPLIT_NAMES if n in names)
            report.warnings.append(
                f"{what} has no examples in the train split (only in {where}): it will learn "
                f"nothing; re-split with another --seed (or --split, --group-by)"
            )
    # A key's labels from every split: spancat cannot initialise from a train split without them.
    labels = {
        key: sorted({label for entry in report.splits.values() for label in entry["spans"].get(key, {})})
        for key in keys
    }
    try:
        config = make_config(lang=lang, entities=entities, span_lengths=keys, span_labels=labels)
    except ValueError as exc:
        raise ExportError(f"cannot write config.cfg: {exc}") from None
    config.to_disk(folder / "config.cfg")
    report.config = {
        "pipeline": list(config["nlp"]["pipeline"]),
        "suggesters": {
            k: {"@misc": "spacy.ngram_range_suggester.v1", "min_size": lo, "max_size": hi}
            for k, (lo, hi) in keys.items()
        },
    }

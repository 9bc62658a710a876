"""``annotator import``: pick formats, check records, store spans as given, in one transaction.

Importers (one module per format) only read files into ``Record`` items.
This module owns what is the same for every format: which files a path
means and in which format (``auto`` says what it picked), the checks every
span passes (inside the text, text agreeing with offsets, no overlapping
entities), ``--label-map``, which layer a label lands on, and the report.
Offsets are stored exactly as the file gives them, never snapped to tokens.
Everything goes to the store in one transaction.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.formats.reader import BadInput, Item, RawSpan, Record, check_encodable, newline_map
from annotator.formats.sniff import NotOurs, sniff_json
from annotator.model import CONTENT, ENTITY, MANUAL, QUOTE, Article, LabelSchema, Span, SpanError
from annotator.model.labels import label_name_problem
from annotator.model.spans import ACCEPTED, ROLE_LABELS, WHITESPACE, excludes_overlap
from annotator.model.spans import overlaps as spans_overlap

if TYPE_CHECKING:
    from annotator.store import Store

FORMATS: tuple[str, ...] = ("txt", "html", "jsonl", "prodigy", "doccano", "labelstudio", "brat", "conll")

_BY_EXTENSION = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".ann": "brat",
    ".conll": "conll",
    ".conll03": "conll",
    ".conllu": "conll",
    ".iob": "conll",
    ".iob2": "conll",
    ".bio": "conll",
    ".bioes": "conll",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}
# Which extensions a folder is searched for when the format is given.
_EXTENSIONS_OF = {fmt: {ext for ext, f in _BY_EXTENSION.items() if f == fmt} for fmt in FORMATS}
for _fmt in ("jsonl", "prodigy", "doccano", "labelstudio"):
    _EXTENSIONS_OF[_fmt] = {".jsonl", ".ndjson", ".json"}
_EXTENSIONS_OF["brat"] = {".ann", ".txt"}
_EXTENSIONS_OF["txt"] = {".txt", ".text", ""}


class ImportCancelled(Exception):
    """The caller asked the import to stop; the transaction was rolled back."""


class LabelMapError(ValueError):
    """A ``--label-map`` value that is not OLD=NEW."""


def parse_label_map(pairs: Iterable[str]) -> dict[str, str]:
    """``["LOCATION=LOC", "PER=PERSON"]`` -> ``{"LOCATION": "LOC", "PER": "PERSON"}``."""
    mapping = {}
    for pair in pairs:
        old, sep, new = pair.partition("=")
        old, new = old.strip(), new.strip()
        if not sep or not old or not new or any(c.isspace() for c in old + new):
            raise LabelMapError(f"--label-map {pair!r}: expected OLD=NEW, one word each side")
        problem = label_name_problem(new)
        if problem is not None:
            raise LabelMapError(f"--label-map {pair!r}: {problem}")
        mapping[old] = new
    return mapping


@dataclass
class ImportReport:
    """What an import did; ``lines()`` is what the CLI prints."""

    added: int = 0
    # --annotator-from-name: annotators' versions added to articles already stored.
    versions: int = 0
    duplicates: int = 0
    spans: int = 0
    suggestions: int = 0
    files: int = 0
    picked: Counter[str] = field(default_factory=Counter)
    labels_added: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    not_imported: list[str] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)
    # Languages whose own tokenizer cannot load here (tokens.fallback_note), said once each.
    tokenizer_notes: set[str] = field(default_factory=set)

    def lines(self) -> list[str]:
        out = []
        if self.picked:
            picked = ", ".join(f"{fmt} ({n} file{'s' * (n != 1)})" for fmt, n in sorted(self.picked.items()))
            out.append(f"format: {picked}")
        out.append(
            f"added {self.added} article{'s' * (self.added != 1)} with {self.spans} spans "
            f"({self.suggestions} as suggestions); {self.duplicates} duplicate"
            f"{'s' * (self.duplicates != 1)} already stored"
        )
        if self.versions:
            out.append(
                f"added {self.versions} annotator version{'s' * (self.versions != 1)} "
                "to articles stored once (--annotator-from-name)"
            )
        if self.labels_added:
            labels = ", ".join(f"{name} ({layer})" for name, layer in sorted(self.labels_added.items()))
            out.append(f"labels added to the schema: {labels}")
        for note in sorted(self.tokenizer_notes):
            out.append(f"note: {note}")
        for note, n in sorted(self.notes.items()):
            out.append(f"not imported: {n} {note}")
        if self.ignored_files:
            names = ", ".join(self.ignored_files[:5]) + (" ..." if len(self.ignored_files) > 5 else "")
            out.append(f"ignored {len(self.ignored_files)} file(s) of no known format: {names}")
        for line in self.not_imported:
            out.append(f"not imported: {line}")
        for line in self.skipped:
            out.append(f"skipped (invalid): {line}")
        return out


# -- which files, which format ----------------------------------------------------------


def _walk(folder: Path) -> Iterator[tuple[Path, set[str]]]:
    """Files under ``folder`` (hidden ones left out), each with its folder's file names."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        names = {f for f in filenames if not f.startswith(".")}
        base = Path(dirpath)
        for name in sorted(names):
            yield base / name, names


def plan(
    paths: Sequence[Path], fmt: str, *, encoding: str | None, report: ImportReport, skip_invalid: bool = False
) -> list[tuple[Path, str]]:
    """The files to read and each one's format, in a stable order.

    A JSON file given by name that holds no record of a format we read is
    refused (BadInput), or with ``skip_invalid`` listed in the report.
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise BadInput(fmt, f"unknown format (expected auto or one of {', '.join(FORMATS)})")
    chosen: list[tuple[Path, str]] = []
    for path in paths:
        if not path.exists():
            raise BadInput(str(path), "no such file or folder")
        explicit = not path.is_dir()
        files = [(path, {p.name for p in path.parent.iterdir()})] if explicit else _walk(path)
        for file, siblings in files:
            try:
                picked = _format_of(file, fmt, siblings, explicit=explicit, encoding=encoding)
            except BadInput as exc:
                if not skip_invalid:
                    raise
                report.skipped.append(str(exc))
                continue
            if picked is None:
                if explicit:
                    raise BadInput(str(file), "cannot tell the format from the name; give --format")
                report.ignored_files.append(file.name)
            else:
                chosen.append((file, picked))
    seen: set[Path] = set()
    unique = []
    for file, picked in chosen:
        if picked == "brat":
            # A brat pair is read once, through its .ann, whichever half was listed.
            file = file.with_suffix(".ann")
        if file not in seen:
            seen.add(file)
            unique.append((file, picked))
            report.picked[picked] += 1
    return unique


def _format_of(
    file: Path, fmt: str, siblings: set[str], *, explicit: bool, encoding: str | None
) -> str | None:
    """The file's format, or None when it is none we know."""
    stem, ext = os.path.splitext(file.name)
    ext = ext.lower()
    if fmt != "auto":
        if explicit or ext in _EXTENSIONS_OF[fmt]:
            return fmt
        return None
    guess = _BY_EXTENSION.get(ext)
    if guess == "txt" and stem + ".ann" in siblings:
        return "brat"
    if guess == "json":
        sniffed = sniff_json(file, encoding)
        if isinstance(sniffed, BadInput):
            if explicit or not isinstance(sniffed, NotOurs):
                raise sniffed
            return None
        return sniffed
    return guess


@functools.cache
def _reader(fmt: str) -> Callable[..., Iterator[Item]]:
    from annotator.formats import brat, conll, doccano, html, jsonl, labelstudio, prodigy, txt

    modules = {
        "txt": txt,
        "html": html,
        "jsonl": jsonl,
        "prodigy": prodigy,
        "doccano": doccano,
        "labelstudio": labelstudio,
        "brat": brat,
        "conll": conll,
    }
    read: Callable[..., Iterator[Item]] = modules[fmt].read
    return read


# -- checking one record ----------------------------------------------------------------


class _Builder:
    """Turns records into (Article, spans) for one annotator, keeping the report's counts."""

    def __init__(
        self, schema: LabelSchema, *, annotator: str, label_map: dict[str, str], report: ImportReport
    ) -> None:
        self.schema = LabelSchema(list(schema))
        self.annotator = annotator
        self.label_map = label_map
        self.report = report
        self._next_quote = -1

    def build(self, record: Record) -> tuple[Article, list[Span]]:
        check_encodable(record)
        raw = record.text
        text, mapping = newline_map(raw)
        if not text.strip():
            raise BadInput(record.where, "the record has no text")
        lang = record.lang or "en"
        if lang != "en":  # English always loads; checking it would import spaCy for plain text
            from annotator.formats.tokens import fallback_note

            note = fallback_note(lang)
            if note is not None:
                self.report.tokenizer_notes.add(note)
        spans: list[Span] = []
        for rs in record.spans:
            # Offsets are kept exactly as the file gives them (issue 9.10): the
            # export splits tokens where a span starts or ends inside one.
            s, e = self._checked(record, raw, rs)
            if mapping is not None:
                s, e = mapping[s], mapping[e]
            label, layer = self._label(rs, rs.where or record.where)
            if not text[s:e].strip(WHITESPACE):
                raise BadInput(
                    record.where, f"{label} span [{rs.start}, {rs.end}) holds no text (only whitespace)"
                )
            role, quote_id = rs.role, rs.quote_id
            if layer == QUOTE:
                role = role or CONTENT
                if role != CONTENT:
                    label = ROLE_LABELS[role]
                if quote_id is None:
                    quote_id, self._next_quote = self._next_quote, self._next_quote - 1
            else:
                role = quote_id = None
            try:
                spans.append(
                    Span(
                        start=s,
                        end=e,
                        layer=layer,
                        label=label,
                        annotator=self.annotator,
                        origin=rs.origin,
                        role=role,
                        quote_id=quote_id,
                        id=rs.id,
                        entity_id=rs.entity_id if role == "source" else None,
                    )
                )
            except SpanError as exc:
                raise BadInput(record.where, str(exc)) from None
        _check_overlaps(record.where, text, spans)
        article = Article(
            text=text,
            title=record.title.strip()[:500],
            source=record.source,
            url=record.url,
            lang=lang,
            meta=record.meta,
        )
        return article, spans

    def _checked(self, record: Record, raw: str, rs: RawSpan) -> tuple[int, int]:
        start, end = rs.start, rs.end
        where = rs.where or record.where
        if not (0 <= start < end <= len(raw)):
            raise BadInput(
                where,
                f"{rs.label} span [{start}, {end}) lies outside the text ({len(raw)} characters)"
                if end > start
                else f"{rs.label} span [{start}, {end}) is empty or reversed",
            )
        if rs.text is not None and raw[start:end] != rs.text:
            raise BadInput(
                where,
                f"{rs.label} span [{start}, {end}) says its text is "
                f"{_short(rs.text)} but the text there is {_short(raw[start:end])}",
            )
        return start, end

    def _label(self, rs: RawSpan, where: str) -> tuple[str, str]:
        label = self.label_map.get(rs.label, rs.label)
        if rs.layer is not None and rs.layer == QUOTE and rs.role not in (None, CONTENT):
            return label, QUOTE
        layer = rs.layer or self.schema.layer_of(label) or ENTITY
        if self.schema.get(label, layer) is None:
            try:
                self.schema.add_unknown(label, layer)
            except ValueError as exc:
                mapped = f" (--label-map {rs.label}={label})" if label != rs.label else ""
                raise BadInput(where, f"span [{rs.start}, {rs.end}): {exc}{mapped}") from None
            self.report.labels_added[label] = layer
        return label, layer


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _check_overlaps(where: str, text: str, spans: list[Span]) -> None:
    """Entities (and quote contents, and boilerplate) of a record may not overlap."""
    groups: dict[str, list[Span]] = {}
    for span in spans:
        if span.is_live and excludes_overlap(span):
            groups.setdefault(span.layer, []).append(span)
    for layer, group in groups.items():
        group.sort(key=lambda s: (s.start, s.end))
        for a, b in itertools.pairwise(group):
            if spans_overlap(a, b):
                raise BadInput(
                    where,
                    f"overlapping {layer} spans: {a.label} [{a.start}, {a.end}) "
                    f"{_short(text[a.start : a.end])} and {b.label} [{b.start}, {b.end}) "
                    f"{_short(text[b.start : b.end])}",
                )


# -- the whole import -------------------------------------------------------------------


def import_paths(
    store: Store,
    paths: Sequence[Path],
    *,
    fmt: str = "auto",
    annotator: str,
    label_map: dict[str, str] | None = None,
    skip_invalid: bool = False,
    encoding: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    annotator_from_name: bool = False,
) -> ImportReport:
    """Import files or folders into ``store`` in one transaction; raises BadInput on bad input.

    Two phases: every file is read and every record built and checked first,
    into a temporary stage (``annotator.store.staging``) while the project is
    not locked, so other windows go on saving; then the stage is copied in
    one transaction, the only time the write lock is held. With
    ``skip_invalid`` a bad record (or unreadable file) is left out and listed
    in the report instead. Nothing is stored when BadInput is raised, nor
    when ``cancelled()`` turns true (checked before each file and every
    thousand records while reading; raises ImportCancelled). ``progress(done,
    total)`` is called after each file is read.

    ``annotator_from_name`` (brat): each ``.ann`` is the version of the
    annotator its name ends with (``<article>_<annotator>.ann``); a text is
    stored once and every annotator's spans and status go on it (records
    without an ``.ann`` belong to ``annotator``).
    """
    report = ImportReport()
    files = plan(paths, fmt, encoding=encoding, report=report, skip_invalid=skip_invalid)
    report.files = len(files)
    builder = _Builder(store.schema(), annotator=annotator, label_map=label_map or {}, report=report)
    from annotator.store.staging import StageUnwritable

    try:
        return _stage_and_copy(
            store,
            files,
            builder,
            report,
            annotator,
            skip_invalid,
            encoding,
            progress,
            cancelled,
            annotator_from_name,
        )
    except StageUnwritable as exc:
        # Not a record's fault: --skip-invalid cannot go past it.
        raise BadInput(exc.folder, exc.problem) from None


def _stage_and_copy(
    store: Store,
    files: list[tuple[Path, str]],
    builder: _Builder,
    report: ImportReport,
    annotator: str,
    skip_invalid: bool,
    encoding: str | None,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    annotator_from_name: bool = False,
) -> ImportReport:
    from annotator.formats.brat import name_annotator
    from annotator.store.staging import ImportStage, StageError

    def stop(n: int) -> ImportCancelled:
        return ImportCancelled(f"import cancelled after {n} of {len(files)} files; nothing was saved")

    with ImportStage() as stage:
        for n, (file, file_fmt) in enumerate(files, 1):
            if cancelled is not None and cancelled():
                raise stop(n - 1)
            whose = None  # the import's annotator
            if annotator_from_name and file_fmt == "brat" and file.exists():
                whose = name_annotator(file)
                if whose is None:
                    bad = BadInput(
                        str(file),
                        "--annotator-from-name: the name has no _<annotator> ending "
                        "(expected <article>_<annotator>.ann)",
                    )
                    if not skip_invalid:
                        raise bad
                    report.skipped.append(str(bad))
                    continue
            for count, item in enumerate(_read_file(file, file_fmt, encoding, skip_invalid, report), 1):
                if count % 1000 == 0 and cancelled is not None and cancelled():
                    raise stop(n - 1)
                if isinstance(item, BadInput):
                    report.skipped.append(str(item))
                    continue
                if item.skip is not None:
                    report.not_imported.append(f"{item.where}: {item.skip}")
                    continue
                report.notes.update(item.notes)
                try:
                    article, spans = builder.build(item)
                    live = any(s.origin in (MANUAL, ACCEPTED) for s in spans)
                    stage.add(article, spans, done=live or item.done, logged=not live, annotator=whose)
                except (BadInput, StageError) as exc:
                    bad = exc if isinstance(exc, BadInput) else BadInput(item.where, str(exc))
                    if not skip_invalid:
                        raise bad from None
                    report.skipped.append(str(bad))
            if progress is not None:
                progress(n, len(files))
        result = store.add_staged(stage, annotator=annotator, versions=annotator_from_name)
    report.added = result.added
    report.versions = result.versions
    report.duplicates = result.duplicates
    report.spans = result.spans
    # Duplicates' spans are not stored: count what landed.
    report.suggestions = result.suggestions
    return report


def _read_file(
    file: Path, fmt: str, encoding: str | None, skip_invalid: bool, report: ImportReport
) -> Iterator[Item]:
    try:
        for item in _reader(fmt)(file, encoding=encoding):
            if isinstance(item, BadInput) and not skip_invalid:
                raise item
            yield item
    except BadInput as exc:
        if not skip_invalid:
            raise
        yield exc

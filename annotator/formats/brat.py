"""brat standoff: ``name.txt`` + ``name.ann`` pairs.

- ``T`` lines (text-bound) become spans; a discontinuous span
  (``T1 Label 0 5;9 14``) becomes one span per fragment.
- ``E`` (event) and ``R`` (relation) lines whose roles name a source
  (Source, Speaker), cue (Cue) or content (Content, Quote, Message), as in
  attribution corpora (PARC), become quotes: their text-bound spans turn into
  content / cue / source spans sharing one quote. An event's trigger is the
  cue when no role names one. A source whose type is an entity label
  (``Person``) is also kept as an entity span, linked to the source.
- Triggers of other events, other relations, attributes (``A``/``M``),
  normalisations (``N``), notes (``#``) and equivalences (``*``) are reported,
  not imported.

Offsets are character offsets into the ``.txt`` file as stored (``\\r\\n``
counts two), which the import converts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.formats.reader import BadInput, Item, RawSpan, Record, read_text
from annotator.model import CONTENT, CUE, QUOTE, SOURCE
from annotator.model.spans import QUOTE_MARKS

_QUOTE_TYPES = ("DIRECT", "INDIRECT", "MIXED")
_ROLE_WORDS = {
    "source": SOURCE,
    "speaker": SOURCE,
    "cue": CUE,
    "content": CONTENT,
    "quote": CONTENT,
    "message": CONTENT,
    "quotation": CONTENT,
}
_ROLE_RE = re.compile(r"[-_]?(arg)?\d*$", re.IGNORECASE)
# The start of an annotation line: T1, E2, R3, A4, M5, N6, #7 or * and a tab.
_ANN_LINE = re.compile(r"[TERAMN#]\w*\t|\*\t")
# Labels attribution corpora use for their annotators' remarks, not for spans of
# the text's meaning (PolNeAR: Discard, Discuss). Counted, never imported.
_FLAGS = frozenset({"discard", "discuss"})


@dataclass
class _Bound:
    label: str
    fragments: list[tuple[int, int]]
    text: str
    line: int


def _role(name: str) -> str | None:
    return _ROLE_WORDS.get(_ROLE_RE.sub("", name).lower())


def _parse(
    ann: Path, text: str
) -> tuple[dict[str, _Bound], list[tuple[str, str, list[tuple[str, str]], int]], list[str]]:
    """Text-bound annotations, links (id, trigger or '', [(role, target)], line) and notes."""
    bounds: dict[str, _Bound] = {}
    links: list[tuple[str, str, list[tuple[str, str]], int]] = []
    notes: list[str] = []
    lines = text.splitlines()
    n = 0
    while n < len(lines):
        line = lines[n]
        n += 1
        if not line.strip():
            continue
        first = n
        where = f"{ann}:{n}"
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind == "T":
            head, _, span_text = rest.partition("\t")
            label, _, offsets = head.partition(" ")
            try:
                fragments = [(int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))]
            except ValueError:
                raise BadInput(where, f"cannot read the offsets {offsets!r} of {ident}") from None
            # A span over a line break keeps its text's newlines in the .ann (PolNeAR):
            # the next lines belong to it until the text is as long as its fragments.
            size = sum(b - a for a, b in fragments) + len(fragments) - 1
            while len(span_text) < size and n < len(lines) and not _ANN_LINE.match(lines[n]):
                span_text += "\n" + lines[n]
                n += 1
            bounds[ident] = _Bound(label, fragments, span_text, first)
        elif kind in ("E", "R"):
            fields = rest.strip().split()
            if not fields:
                raise BadInput(where, f"{ident} has no type")
            trigger = ""
            head = fields[0]
            if kind == "E":
                _, _, trigger = head.partition(":")
            args = [tuple(f.split(":", 1)) for f in fields[1:] if ":" in f]
            links.append((ident, trigger, [(r, t) for r, t in args], n))
        elif kind in ("A", "M", "N", "#", "*"):
            notes.append(
                {
                    "A": "brat attributes",
                    "M": "brat attributes",
                    "N": "brat normalisations",
                    "#": "brat notes",
                    "*": "brat equivalences",
                }[kind]
            )
        else:
            raise BadInput(where, f"unknown annotation line {ident!r}")
    return bounds, links, notes


def name_annotator(ann: Path) -> str | None:
    """The annotator an ``.ann`` file's name carries: the part after its last ``_``
    (``4b22`` of ``bbc-xyz_4b22.ann``), or None when the name has no such part."""
    article, sep, annotator = ann.stem.rpartition("_")
    return annotator if sep and article and annotator.strip() else None


def _text_file(ann: Path) -> tuple[Path, str | None]:
    """The ``.txt`` of an ``.ann``, and the annotator its name carries (PolNeAR), if any.

    brat keeps ``name.txt`` beside ``name.ann``. PolNeAR keeps one ``.ann`` per
    annotator, ``attributions/<article>_<annotator>.ann``, and the text once, in
    ``text/<article>.txt``; that is looked for when no ``.txt`` is beside.
    """
    beside = ann.with_suffix(".txt")
    if beside.exists():
        return beside, None
    article, sep, annotator = ann.stem.rpartition("_")
    if sep and article:
        shared = ann.parent.parent / "text" / f"{article}.txt"
        if shared.exists():
            return shared, annotator
    return beside, None


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    ann = path.with_suffix(".ann")
    txt, annotator = _text_file(ann)
    if not txt.exists():
        raise BadInput(str(ann), f"no {txt.name} beside it (brat keeps the text in a .txt of the same name)")
    text = read_text(txt, encoding=encoding)
    # An empty .ann is a text without annotations; a binary or undecodable one is refused.
    ann_text = read_text(ann, encoding=encoding, allow_empty=True) if ann.exists() else ""
    bounds, links, notes = _parse(ann, ann_text)
    spans: list[RawSpan] = []
    in_quote: set[str] = set()
    triggers: set[str] = set()
    quote_id = 0
    for ident, trigger, args, _line in links:
        roles = [(_role(r), t) for r, t in args]
        if trigger:
            triggers.add(trigger)
        if not any(role == CONTENT for role, _ in roles):
            notes.append("brat events" if ident.startswith("E") else "brat relations")
            continue
        if trigger and not any(role == CUE for role, _ in roles):
            roles.append((CUE, trigger))
        quote_id += 1
        for role, target in roles:
            if role is None or target not in bounds:
                continue
            bound = bounds[target]
            in_quote.add(target)
            entity = None
            if role == SOURCE and _role(bound.label) is None:
                entity = _entity_id(target)
                spans += _fragments(bound, f"{ann}:{bound.line}", text, label=bound.label, id=entity)
            spans += _quote_part(bound, ann, text, role, quote_id, entity_id=entity)
    # Labels of event triggers ("Attribution") name an event type, never an entity.
    trigger_labels = {bounds[t].label for t in triggers if t in bounds}
    for ident, bound in bounds.items():
        if ident in in_quote:
            continue
        role = _role(bound.label)
        if ident in triggers or bound.label in trigger_labels:
            notes.append("brat event triggers")
        elif bound.label.lower() in _FLAGS:
            notes.append("brat annotators' flags (Discard, Discuss)")
        elif role == CONTENT:
            # A content outside any attribution is still a quote: one without cue or source.
            quote_id += 1
            spans += _quote_part(bound, ann, text, CONTENT, quote_id)
        elif role is not None:
            notes.append(f"brat {role} spans outside any attribution (no content to belong to)")
        else:
            spans += _fragments(bound, f"{ann}:{bound.line}", text, label=bound.label)
    # An entity that is also a quote's source is kept once.
    unique = list({(s.start, s.end, s.label, s.layer, s.role, s.quote_id): s for s in spans}.values())
    unique, nested = _outer_quotes(unique)
    notes += ["brat attributions whose content overlaps another's (nested; the outer one is kept)"] * nested
    meta = {"file": txt.name}
    if annotator is not None:
        meta.update(ann=ann.name, annotator=annotator)
    yield Record(
        where=str(ann),
        text=text,
        spans=unique,
        title=_first_line(text, txt.stem),
        meta=meta,
        notes=notes,
    )


def _quote_part(
    bound: _Bound, ann: Path, text: str, role: str, quote_id: int, *, entity_id: int | None = None
) -> list[RawSpan]:
    label = bound.label.upper() if role == CONTENT else bound.label
    if role == CONTENT and label not in _QUOTE_TYPES:
        label = "DIRECT" if _quoted(text, bound.fragments) else "INDIRECT"
    return _fragments(
        bound,
        f"{ann}:{bound.line}",
        text,
        label=label,
        layer=QUOTE,
        role=role,
        quote_id=quote_id,
        entity_id=entity_id,
    )


def _outer_quotes(spans: list[RawSpan]) -> tuple[list[RawSpan], int]:
    """Drop the quotes whose content overlaps a longer quote's content; how many went.

    Quote contents never overlap (CONTEXT.md), but attribution corpora nest one
    attribution inside another's content ("X said that Y claimed Z"). The outer
    (longest) content is kept with its cue and sources; each nested quote goes
    whole, counted in the report.
    """
    contents: dict[int, list[RawSpan]] = {}
    for s in spans:
        if s.layer == QUOTE and s.role == CONTENT and s.quote_id is not None:
            contents.setdefault(s.quote_id, []).append(s)
    order = sorted(contents, key=lambda q: (-sum(s.end - s.start for s in contents[q]), q))
    kept: list[tuple[int, int]] = []
    dropped: set[int] = set()
    for q in order:
        ranges = [(s.start, s.end) for s in contents[q]]
        if any(a < e and s < b for a, b in ranges for s, e in kept):
            dropped.add(q)
        else:
            kept += ranges
    if not dropped:
        return spans, 0
    return [s for s in spans if s.layer != QUOTE or s.quote_id not in dropped], len(dropped)


def _entity_id(ident: str) -> int:
    return int(ident[1:]) if ident[1:].isdigit() else abs(hash(ident)) % 1_000_000


def _fragments(
    bound: _Bound,
    where: str,
    text: str,
    *,
    label: str,
    layer: str | None = None,
    role: str | None = None,
    quote_id: int | None = None,
    id: int | None = None,
    entity_id: int | None = None,
) -> list[RawSpan]:
    """One span per fragment; the stored text is checked (brat joins fragments with spaces)."""

    def span(start: int, end: int, span_text: str | None) -> RawSpan:
        return RawSpan(
            start=start,
            end=end,
            label=label,
            text=span_text,
            layer=layer,
            role=role,
            quote_id=quote_id,
            id=id,
            entity_id=entity_id,
            where=where,
        )

    if len(bound.fragments) == 1:
        start, end = bound.fragments[0]
        return [span(start, end, bound.text)]
    for start, end in bound.fragments:
        if not 0 <= start < end <= len(text):
            raise BadInput(where, f"fragment [{start}, {end}) lies outside the text ({len(text)} characters)")
    joined = " ".join(text[s:e] for s, e in bound.fragments)
    if joined != bound.text:
        raise BadInput(where, f"the fragments read {joined!r} but the line says {bound.text!r}")
    return [span(s, e, None) for s, e in bound.fragments]


def _quoted(text: str, fragments: list[tuple[int, int]]) -> bool:
    start, end = fragments[0][0], fragments[-1][1]
    # A closing mark may follow the content's own comma: '"We will win," he said'.
    before = text[max(0, start - 2) : start + 1]
    after = text[max(0, end - 1) : end + 2]
    return any(c in QUOTE_MARKS for c in before) and any(c in QUOTE_MARKS for c in after)


def _first_line(text: str, fallback: str) -> str:
    from annotator.formats.txt import title_of

    return title_of(text, fallback)

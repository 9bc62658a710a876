"""spaCy ``Doc`` building and ``.spacy`` (DocBin) writing, streamed.

The contract (docs/export.md):

- entities -> ``doc.ents`` (in ``done`` articles every other token is O;
  otherwise unannotated tokens stay missing),
- quote contents -> ``doc.spans["quotes"]`` (label = quote type), cues ->
  ``doc.spans["quote_cues"]``, sources -> ``doc.spans["quote_sources"]``, all
  parts of one quote sharing ``span.id_`` (the quote id as a string),
- boilerplate -> ``doc.spans["boilerplate"]``,
- ``doc.user_data["quotes"]``: one dict per quote ``{id, label, contents,
  cue, sources, speaker_entity, speaker_resolved}`` in character offsets, and
  ``doc.user_data["meta"]``: article id, source, annotator, status, title, url.

``StreamingDocBin`` writes exactly what ``DocBin(store_user_data=True)``
writes, but never holds the corpus: token arrays and per-doc blobs go to
scratch files as documents arrive, and the file is assembled (zlib-compressed
msgpack) when it is closed. ``DocBin().from_disk`` reads it back unchanged.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from annotator.formats.export_model import (
    BOILERPLATE_KEY,
    CUES_KEY,
    QUOTES_KEY,
    SOURCES_KEY,
    Prepared,
)
from annotator.model import Span
from annotator.model.article import DONE

# Token attributes written per token. Fewer than DocBin's default (which also
# stores tags, lemmas, heads...) because an export sets nothing else; spans,
# user data and strings are stored in full.
TOKEN_ATTRS = ("ORTH", "ENT_IOB", "ENT_TYPE")
_CHUNK = 1 << 20


def _attrs() -> list[int]:
    from spacy.tokens import DocBin

    # spaCy annotates DocBin.attrs with the str names it was given; it holds their int ids.
    return DocBin(attrs=list(TOKEN_ATTRS)).attrs  # type: ignore[return-value]


def _pack_str(s: str) -> bytes:
    data = s.encode("utf-8")
    n = len(data)
    if n < 32:
        return bytes([0xA0 | n]) + data
    if n < 256:
        return b"\xd9" + bytes([n]) + data
    if n < 65536:
        return b"\xda" + struct.pack(">H", n) + data
    return b"\xdb" + struct.pack(">I", n) + data


def _bin_header(n: int) -> bytes:
    if n < 256:
        return b"\xc4" + bytes([n])
    if n < 65536:
        return b"\xc5" + struct.pack(">H", n)
    return b"\xc6" + struct.pack(">I", n)


def _array_header(n: int) -> bytes:
    if n < 16:
        return bytes([0x90 | n])
    if n < 65536:
        return b"\xdc" + struct.pack(">H", n)
    return b"\xdd" + struct.pack(">I", n)


@dataclass(slots=True)
class EncodedDoc:
    """One Doc as the bytes a ``.spacy`` file holds for it: small, picklable."""

    tokens: bytes
    spaces: bytes
    length: int
    hashes: list[int]
    strings: set[str]
    spans: bytes
    user: bytes
    # The token texts, set instead of ``hashes`` where the writer's vocab has not seen
    # them (a doc tokenised in a worker process: ``resolve``).
    words: set[str] | None = None

    def resolve(self, vocab: Any) -> None:
        self.words = {vocab.strings[h] for h in self.hashes}
        self.hashes = []


def encode_doc(doc: Any, attrs: list[int], user_data: dict[str, Any], strings: set[str]) -> EncodedDoc:
    import numpy
    import srsly  # type: ignore[import-untyped]  # srsly ships no type information

    array = doc.to_array(attrs)
    if array.ndim == 1:
        array = array.reshape((array.shape[0], 1))
    return EncodedDoc(
        tokens=array.tobytes("C"),
        spaces=numpy.asarray(doc.to_array("SPACY"), dtype=bool).tobytes("C"),
        length=len(doc),
        # Token texts are kept as hashes (ints) and turned into strings once, at
        # close: far cheaper than a str per token.
        hashes=numpy.unique(array[:, 0]).tolist(),
        strings=strings,
        spans=doc.spans.to_bytes(),
        user=srsly.msgpack_dumps(user_data),
    )


class StreamingDocBin:
    """A ``.spacy`` file written one Doc at a time, in constant memory.

    Usage: ``add(doc, user_data)`` for each document, then ``close()``. The
    scratch files live beside the target and are removed on close/abort.
    """

    def __init__(self, path: Path, vocab: Any) -> None:
        self.path = path
        self.vocab = vocab
        self.attrs = _attrs()
        self._hashes: set[int] = set()
        self._strings: set[str] = set()
        self._lengths: list[int] = []
        self._n_blob_bytes = 0
        self._n_token_bytes = 0
        self._n_space_bytes = 0
        self._scratch = {
            name: path.with_name(f".{path.name}.{name}") for name in ("tokens", "spaces", "spans", "user")
        }
        self._files: dict[str, IO[bytes]] = {k: p.open("wb") for k, p in self._scratch.items()}

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, doc: Any, user_data: dict[str, Any], strings: set[str]) -> None:
        """Add one doc; ``strings`` are the span labels and ids it uses."""
        self.put(encode_doc(doc, self.attrs, user_data, strings))

    def put(self, data: EncodedDoc) -> None:
        """Add one doc encoded by ``encode_doc`` (here or in a worker process)."""
        self._files["tokens"].write(data.tokens)
        self._files["spaces"].write(data.spaces)
        self._n_token_bytes += len(data.tokens)
        self._n_space_bytes += len(data.spaces)
        self._lengths.append(data.length)
        if data.words is None:
            self._hashes.update(data.hashes)
        else:
            self._strings.update(data.words)
        self._strings.update(data.strings)
        self._files["spans"].write(_bin_header(len(data.spans)) + data.spans)
        self._files["user"].write(_bin_header(len(data.user)) + data.user)

    def close(self) -> None:
        import numpy
        import srsly

        for f in self._files.values():
            f.close()
        n = len(self._lengths)
        strings = self._strings | {self.vocab.strings[h] for h in self._hashes}
        strings.discard("")
        comp = zlib.compressobj(1)
        try:
            with self.path.open("wb") as out:

                def put(data: bytes) -> None:
                    out.write(comp.compress(data))

                def put_file(name: str) -> None:
                    with self._scratch[name].open("rb") as f:
                        while chunk := f.read(_CHUNK):
                            put(chunk)

                # The same map, in the same key order, as DocBin.to_bytes.
                put(bytes([0x80 | 10]))
                put(_pack_str("version") + _pack_str("0.1"))
                put(_pack_str("attrs") + srsly.msgpack_dumps(self.attrs))
                put(_pack_str("tokens") + _bin_header(self._n_token_bytes))
                put_file("tokens")
                put(_pack_str("spaces") + _bin_header(self._n_space_bytes))
                put_file("spaces")
                lengths = numpy.asarray(self._lengths, dtype="int32").tobytes("C")
                put(_pack_str("lengths") + _bin_header(len(lengths)) + lengths)
                put(_pack_str("strings") + srsly.msgpack_dumps(sorted(strings)))
                put(_pack_str("cats") + _array_header(n) + srsly.msgpack_dumps({}) * n)
                flags = srsly.msgpack_dumps({"has_unknown_spaces": False})
                put(_pack_str("flags") + _array_header(n) + flags * n)
                put(_pack_str("span_groups") + _array_header(n))
                put_file("spans")
                put(_pack_str("user_data") + _array_header(n))
                put_file("user")
                out.write(comp.flush())
        finally:
            self.abort()

    def abort(self) -> None:
        """Remove the scratch files (the target, if written, stays)."""
        for f in self._files.values():
            f.close()
        for p in self._scratch.values():
            p.unlink(missing_ok=True)


def _offsets(span: Span) -> dict[str, int]:
    return {"start": span.start, "end": span.end}


def quotes_data(item: Prepared) -> list[dict[str, Any]]:
    """``doc.user_data["quotes"]``: each quote's parts in character offsets."""
    out = []
    for q in item.quotes:
        speaker = q.speaker_entity
        out.append(
            {
                "id": q.id,
                "label": q.label,
                "contents": [_offsets(s) for s in q.contents],
                "cue": _offsets(q.cue) if q.cue else None,
                "sources": [_offsets(s) for s in q.sources],
                "speaker_entity": ({**_offsets(speaker), "label": speaker.label} if speaker else None),
                "speaker_resolved": q.speaker_resolved,
            }
        )
    return out


def build_doc(nlp: Any, item: Prepared) -> tuple[Any, set[str]]:
    """The reference Doc for one article, and the strings its spans use.

    The Doc's tokens are ``nlp``'s, split wherever a span starts or ends inside
    one (``tokens.split_doc``), so ``doc.ents`` and every span group hold
    exactly ``text[start:end]`` (issue 9.10). Spans whose boundaries fall inside
    a token of ``nlp``'s own tokenizer are counted (``Prepared.inside_tokens``).
    An entity starting or ending with whitespace is dropped with a reason:
    spaCy's NER refuses it (``spacy debug data``: "invalid whitespace entity").
    """
    from annotator.formats.tokens import split_doc

    text = item.article.text
    item.drop(
        {
            id(e): "starts or ends with whitespace, which spaCy's entity recognizer refuses"
            for e in item.entities
            if text[e.start].isspace() or text[e.end - 1].isspace()  # as spaCy's Token.is_space
        }
    )
    spans = item.all_spans()
    doc, off_starts, off_ends = split_doc(nlp, text, (s.start for s in spans), (s.end for s in spans))
    item.count_inside_tokens(off_starts, off_ends)
    placed = item.place(doc, nlp.lang)
    strings: set[str] = set()

    from spacy.tokens import Span as SpacySpan

    def group(spans: list[Span], key: str, ids: list[str] | None = None) -> None:
        out = []
        for i, s in enumerate(spans):
            t = placed[id(s)]
            span_id = ids[i] if ids else ""
            out.append(SpacySpan(doc, t.start, t.end, label=s.label, span_id=span_id))
            strings.add(s.label)
            if span_id:
                strings.add(span_id)
        doc.spans[key] = out

    ents = [SpacySpan(doc, placed[id(e)].start, placed[id(e)].end, label=e.label) for e in item.entities]
    strings.update(e.label for e in item.entities)
    # In a finished article an unmarked token is a statement: "no entity here".
    doc.set_ents(ents, default="outside" if item.status == DONE else "missing")
    contents = [(s, str(q.id)) for q in item.quotes for s in q.contents]
    cues = [(q.cue, str(q.id)) for q in item.quotes if q.cue]
    sources = [(s, str(q.id)) for q in item.quotes for s in q.sources]
    for key, pairs in ((QUOTES_KEY, contents), (CUES_KEY, cues), (SOURCES_KEY, sources)):
        if pairs:
            group([p[0] for p in pairs], key, [p[1] for p in pairs])
    if item.boilerplate:
        group(item.boilerplate, BOILERPLATE_KEY)
    return doc, strings


@dataclass(slots=True)
class EncodedItem:
    """One article as ``SpacyWriter.put`` takes it."""

    split: str
    has_entities: bool
    # span key -> (shortest, longest) span in tokens
    lengths: dict[str, tuple[int, int]]
    data: EncodedDoc


class SpacyWriter:
    """``<split>.spacy`` per split; remembers span lengths for the config's suggesters."""

    def __init__(self, out_dir: Path, splits: list[str], *, lang: str) -> None:
        from annotator.formats.tokens import blank

        self.out_dir = out_dir
        self.nlp = blank(lang)
        # No splits: an encoder only (a worker process's), writing nothing.
        self.attrs = _attrs()
        self.bins = {name: StreamingDocBin(out_dir / f"{name}.spacy", self.nlp.vocab) for name in splits}
        # (split, key) -> (shortest, longest) span in tokens, for the config's suggesters.
        self.token_lengths: dict[tuple[str, str], tuple[int, int]] = {}
        self.has_entities: set[str] = set()

    def add(self, item: Prepared) -> None:
        self.put(self.encode(item))

    def encode(self, item: Prepared) -> EncodedItem:
        """Everything ``put`` needs of one article (the work a worker process can do)."""
        doc, strings = build_doc(self.nlp, item)
        lengths: dict[str, tuple[int, int]] = {}
        for key, group in doc.spans.items():
            if group:
                lengths[key] = (min(len(s) for s in group), max(len(s) for s in group))
        data = encode_doc(doc, self.attrs, {"quotes": quotes_data(item), "meta": item.meta()}, strings)
        return EncodedItem(item.split, bool(doc.ents), lengths, data)

    def put(self, encoded: EncodedItem) -> None:
        split = encoded.split
        if encoded.has_entities:
            self.has_entities.add(split)
        for key, (lo, hi) in encoded.lengths.items():
            old_lo, old_hi = self.token_lengths.get((split, key), (1 << 30, 0))
            self.token_lengths[(split, key)] = (min(lo, old_lo), max(hi, old_hi))
        self.bins[split].put(encoded.data)

    def close(self) -> None:
        for b in self.bins.values():
            b.close()

    def abort(self) -> None:
        for b in self.bins.values():
            b.abort()


def read_docs(path: Path, lang: str = "en") -> list[Any]:
    """Load a ``.spacy`` file as spaCy itself does (for tests and checks)."""
    from spacy.tokens import DocBin

    from annotator.formats.tokens import blank

    return list(DocBin().from_disk(path).get_docs(blank(lang).vocab))

"""CoNLL-2003 / IOB token-per-line NER files (and spaCy's sentence-per-line ``word|POS|TAG``).

The token is the first column, the tag the last (``O``, ``B-X``, ``I-X``,
and BILUO's ``L-``/``U-``, ``E-``/``S-``); other columns are ignored. Blank
lines end sentences, ``-DOCSTART-`` lines end articles (a file without any
is one article). Tokens are joined back into text: one sentence a line,
tokens separated by a space except before closing punctuation and after
opening brackets and quotes, unless spaCy's tokenizer would then not split
at a span's edge: spans always land on exactly their tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from annotator.formats.reader import BadInput, Item, RawSpan, Record, read_text

_TAG = re.compile(r"^(O|[BIELSU]-\S+)$")
_NO_SPACE_BEFORE = {
    ",",
    ".",
    ":",
    ";",
    "!",
    "?",
    ")",
    "]",
    "}",
    "%",
    "”",
    "’",
    "»",
    "...",
    "…",
    "'s",
    "’s",
    "n't",
    "n’t",
    "'re",
    "’re",
    "'ve",
    "’ve",
    "'ll",
    "’ll",
    "'d",
    "’d",
    "'m",
    "’m",
    "'S",
    "N'T",
}
_NO_SPACE_AFTER = {"(", "[", "{", "“", "‘", "«", "$", "#"}

Token = tuple[str, str, int]  # text, tag, line


def _sentences(path: Path, text: str) -> Iterator[list[Token] | None]:
    """Sentences of tokens; None marks a document break."""
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    per_line = len(first.split()) > 1 and all(w.count("|") >= 1 for w in first.split())
    sentence: list[Token] = []
    for n, line in enumerate(lines, 1):
        fields = line.split()
        if not fields or (fields[0] == "#" and "=" in line) or line.startswith("#"):
            if not fields and sentence:
                yield sentence
                sentence = []
            continue
        if fields[0] == "-DOCSTART-":
            if sentence:
                yield sentence
                sentence = []
            yield None
            continue
        if per_line:
            for word in fields:
                token, _, tag = word.rpartition("|")
                token = token.split("|")[0]
                sentence.append((token, _tag(path, n, tag), n))
            yield sentence
            sentence = []
            continue
        if len(fields) < 2:
            raise BadInput(f"{path}:{n}", f"expected a token and a tag, got {line.strip()!r}")
        sentence.append((fields[0], _tag(path, n, fields[-1]), n))
    if sentence:
        yield sentence


def _tag(path: Path, n: int, tag: str) -> str:
    if not _TAG.match(tag):
        raise BadInput(f"{path}:{n}", f"{tag!r} is not an IOB/BILUO tag (O, B-X, I-X, L-X, U-X)")
    return tag


def _layout(
    path: Path, sentences: list[list[Token]], spaced: set[tuple[int, int]]
) -> tuple[str, list[RawSpan], dict[int, tuple[int, int]]]:
    """Text and spans; ``spaced`` forces a space before those (sentence, token) places.

    Also returns, for each character offset where a token starts or ends,
    the (sentence, token) place whose glue decides it.
    """
    parts: list[str] = []
    pos = 0
    spans: list[RawSpan] = []
    places: dict[int, tuple[int, int]] = {}
    open_span: tuple[int, str, int] | None = None  # start, label, line

    def close(end: int) -> None:
        nonlocal open_span
        if open_span is not None:
            start, label, line = open_span
            spans.append(RawSpan(start=start, end=end, label=label, where=f"{path}:{line}"))
            open_span = None

    for s_i, sentence in enumerate(sentences):
        if s_i:
            parts.append("\n")
            pos += 1
        prev = ""
        last_end = pos
        for i, (token, tag, line) in enumerate(sentence):
            glue = token in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER
            if i and (not glue or (s_i, i) in spaced):
                parts.append(" ")
                pos += 1
            start, end = pos, pos + len(token)
            places[start] = (s_i, i)
            if i + 1 < len(sentence):
                places[end] = (s_i, i + 1)
            parts.append(token)
            pos = end
            prefix, _, label = tag.partition("-")
            if prefix == "O":
                close(last_end)
            elif prefix in ("B", "U", "S") or open_span is None or open_span[1] != label:
                close(last_end)
                open_span = (start, label, line)
            if prefix in ("L", "E", "U", "S"):
                close(end)
            last_end = end
            prev = token
        close(last_end)
    return "".join(parts), spans, places


def _document(path: Path, number: int, sentences: list[list[Token]]) -> Record:
    # Glued punctuation ("2007,") reads well, but where spaCy's tokenizer keeps a
    # glued pair as one token at a span's edge ("a." abbreviations), put the space back.
    spaced: set[tuple[int, int]] = set()
    text, spans, places = _layout(path, sentences, spaced)
    for _ in range(5):
        if not spans:
            break
        from annotator.formats.tokens import token_offsets

        tokens = token_offsets(text)
        starts, ends = {s for s, _ in tokens}, {e for _, e in tokens}
        bad = {places[s.start] for s in spans if s.start not in starts and s.start in places}
        bad |= {places[s.end] for s in spans if s.end not in ends and s.end in places}
        if not bad - spaced:
            break
        spaced |= bad
        text, spans, places = _layout(path, sentences, spaced)
    first = text.split("\n", 1)[0]
    title = first if len(first) <= 120 else first[:117] + "..."
    where = f"{path} document {number}" if number > 1 else str(path)
    return Record(
        where=where, text=text, spans=spans, title=title, meta={"file": path.name, "document": number}
    )


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    text = read_text(path, encoding=encoding)
    number = 0
    sentences: list[list[Token]] = []
    for sentence in _sentences(path, text):
        if sentence is None:
            if sentences:
                number += 1
                yield _document(path, number, sentences)
            sentences = []
        else:
            sentences.append(sentence)
    if sentences:
        number += 1
        yield _document(path, number, sentences)
    if number == 0:
        raise BadInput(str(path), "no tokens found")

"""Candidate spans for the trained quote model: clauses, sentence pieces and the rules' own parts.

A span categorizer only decides among the candidates its suggester gives it. For
quote parts the candidates are linguistic, written by ``candidates(doc, text)`` into
``doc.spans["<key>_candidates"]`` (``candidate_key``) and read by spaCy's built-in
``spacy.preset_spans_suggester.v1``:

- contents (``quotes``): each verb's clausal complement or object as a whole subtree
  (``ccomp``, ``xcomp``, ``advcl``, ``dobj``, ``attr``, ``oprd``, ``prep``), and
  everything after the verb in its clause; each sentence, and the pieces of it
  before and after a comma, semicolon, colon or dash; each stretch between
  quotation marks, with and without the marks; and every content the quote rules
  (``suggest_quotes``) find, so the model's recall ceiling is at least the rules'
  (also with the quotation marks around it, which the rules leave out);
- cues (``quote_cues``): each verb alone and with its auxiliaries and negation
  ("did not say"), with a particle or a following preposition ("called for"),
  "according to", and the rules' cues;
- sources (``quote_sources``): each noun chunk, each subject subtree, each
  pronoun, and the rules' sources.

All of it needs a dependency parse (``doc`` parsed by the pipeline ``parser``
names, tokens as the model's own: ``parse_like``). Without one (``parsed=False``)
only the parse-free parts remain: sentences and their pieces, quoted stretches,
every cue-lexicon word, runs of capitalised words and pronouns, and the rules
without a parser. Ranges are token offsets ``(start, end)``, ``end`` exclusive,
without leading or trailing punctuation and spaces (a quotation mark stays).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.formats.export_model import CUES_KEY, QUOTES_KEY, SOURCES_KEY

KEYS = (QUOTES_KEY, CUES_KEY, SOURCES_KEY)
SUFFIX = "_candidates"
# Longest candidate per key, in tokens (a content past this is not proposed).
MAX_TOKENS = {QUOTES_KEY: 200, CUES_KEY: 6, SOURCES_KEY: 14}
# The parts of the train split also learn from each candidate that shares this much
# with one (token overlap F): suggestions are judged by overlap (``near_positives``).
# Contents: 80%; cues and sources: half ("said" inside a cue "said on Tuesday", "Sanders"
# for "Sen. Bernie Sanders" are right suggestions to accept or widen, not misses).
NEAR_F = {QUOTES_KEY: 0.8, CUES_KEY: 0.5, SOURCES_KEY: 0.5}
QUOTE_MARKS = '"“”„«»'
_OPEN, _CLOSE = '"“„«', '"”»'
_CLAUSE_DEPS = ("ccomp", "xcomp", "advcl", "dobj", "attr", "oprd", "prep", "acomp", "dative")
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_PIECE_BREAK = frozenset({",", ";", ":", "—", "–", "--", "-"})
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it"})


def candidate_key(key: str) -> str:
    return f"{key}{SUFFIX}"


def _is_edge(token: Any) -> bool:
    return token.is_space or (token.is_punct and token.text not in QUOTE_MARKS)


def _trim(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    while start < end and _is_edge(doc[start]):
        start += 1
    while end > start and (_is_edge(doc[end - 1]) and doc[end - 1].text not in "!?"):
        end -= 1
    return (start, end) if start < end else None


class _Found:
    """Ranges per key, trimmed, capped and without duplicates, in the order found."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.ranges: dict[str, dict[tuple[int, int], None]] = {k: {} for k in KEYS}

    def add(self, key: str, start: int, end: int, *, trim: bool = True) -> None:
        rng = _trim(self.doc, start, end) if trim else ((start, end) if start < end else None)
        if rng is not None and rng[1] - rng[0] <= MAX_TOKENS[key]:
            self.ranges[key][rng] = None

    def add_chars(self, key: str, start: int, end: int) -> None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            self.add(key, span.start, span.end, trim=False)
            self.add(key, span.start, span.end)


def _sentences(doc: Any, text: str, parsed: bool) -> list[tuple[int, int]]:
    if parsed and doc.has_annotation("SENT_START"):
        return [(s.start, s.end) for s in doc.sents]
    from annotator.assist.quotes_indirect import sentences

    out = []
    for s, e in sentences(text):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.append((span.start, span.end))
    return out


def _sentence_pieces(found: _Found, start: int, end: int) -> None:
    """The sentence, and each stretch of it before or after a break (comma, dash ...)."""
    doc = found.doc
    found.add(QUOTES_KEY, start, end)
    cuts = [t.i for t in doc[start:end] if t.text in _PIECE_BREAK]
    for cut in cuts:
        found.add(QUOTES_KEY, start, cut)
        found.add(QUOTES_KEY, cut + 1, end)
    # Between two breaks: "Trump, she said, is wrong" -> the pieces around the aside.
    for a, b in zip(cuts, cuts[1:], strict=False):
        found.add(QUOTES_KEY, a + 1, b)


def _quoted(found: _Found) -> None:
    """Stretches between an opening and the next closing quotation mark (within 400 tokens)."""
    doc = found.doc
    opens = [t.i for t in doc if t.text in _OPEN]
    for i in opens:
        for t in doc[i + 1 : min(len(doc), i + 400)]:
            if t.text in _CLOSE:
                found.add(QUOTES_KEY, i, t.i + 1, trim=False)
                found.add(QUOTES_KEY, i + 1, t.i)
                break


def _verb_parts(found: _Found, verb: Any) -> None:
    doc = found.doc
    left = min((c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")), default=verb.i)
    found.add(CUES_KEY, verb.i, verb.i + 1)
    found.add(CUES_KEY, left, verb.i + 1)
    for child in verb.children:
        if child.dep_ in ("prt", "prep", "dative") and child.i == verb.i + 1:
            found.add(CUES_KEY, left, child.i + 1)
            found.add(CUES_KEY, verb.i, child.i + 1)
        if child.dep_ in _CLAUSE_DEPS:
            sub = list(child.subtree)
            found.add(QUOTES_KEY, sub[0].i, sub[-1].i + 1)
            if child.dep_ == "prep":
                objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                for obj in objects:
                    found.add(QUOTES_KEY, obj.left_edge.i, obj.right_edge.i + 1)
        if child.dep_ in _SUBJECTS:
            found.add(SOURCES_KEY, child.left_edge.i, child.right_edge.i + 1)
            found.add(SOURCES_KEY, child.left_edge.i, child.i + 1)
    # Everything after the verb in its clause (its object and what follows).
    right = verb.right_edge.i + 1
    after = verb.i + 1
    while after < right and doc[after].dep_ in ("prt", "dative", "punct", "mark"):
        after += 1
    found.add(QUOTES_KEY, after, right)
    if doc[after : after + 1].text.lower() == "that":
        found.add(QUOTES_KEY, after + 1, right)


def _parsed_parts(found: _Found) -> None:
    doc = found.doc
    for token in doc:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            _verb_parts(found, token)
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            found.add(CUES_KEY, token.i, token.i + 2)
            pobj = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            for obj in pobj:
                found.add(SOURCES_KEY, obj.left_edge.i, obj.right_edge.i + 1)
        if token.pos_ == "PRON" and token.lower_ in _PRONOUNS:
            found.add(SOURCES_KEY, token.i, token.i + 1)
    for chunk in doc.noun_chunks:
        found.add(SOURCES_KEY, chunk.start, chunk.end)


def _unparsed_parts(found: _Found, text: str) -> None:
    from annotator.assist.cues import default_cues

    doc = found.doc
    forms = default_cues().forms
    for token in doc:
        if token.lower_ in forms:
            found.add(CUES_KEY, token.i, token.i + 1)
            if token.i > 0 and doc[token.i - 1].lower_ in ("has", "had", "have", "was", "were", "is"):
                found.add(CUES_KEY, token.i - 1, token.i + 1)
        if token.lower_ in _PRONOUNS:
            found.add(SOURCES_KEY, token.i, token.i + 1)
    for m in re.finditer(r"(?:the |The )?(?:[A-Z][\w.'’-]*\s?){1,5}", text):
        found.add_chars(SOURCES_KEY, m.start(), m.end())


def rule_spans(doc: Any, text: str | None = None, *, parsed: bool = True) -> list[Any]:
    """The quote rules' spans of ``doc``'s text (``suggest_quotes``, with ``doc``'s parse when ``parsed``)."""
    from annotator.assist.quotes import suggest_quotes
    from annotator.formats.tokens import token_offsets

    text = doc.text if text is None else text
    return suggest_quotes(text, token_offsets(text), doc=doc if parsed else None)


def _rule_parts(found: _Found, spans: Iterable[Any]) -> None:
    from annotator.model import CONTENT, CUE, SOURCE

    doc = found.doc
    key_of = {CONTENT: QUOTES_KEY, CUE: CUES_KEY, SOURCE: SOURCES_KEY}
    for span in spans:
        if span.role not in key_of:
            continue
        found.add_chars(key_of[span.role], span.start, span.end)
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if span.role != CONTENT or tokens is None:
            continue
        # The rules leave a content's quotation marks out; PolNeAR's contents hold them.
        start, end = tokens.start, tokens.end
        before = start > 0 and doc[start - 1].text in QUOTE_MARKS
        after = end < len(doc) and doc[end].text in QUOTE_MARKS
        after_stop = end + 1 < len(doc) and doc[end].is_punct and doc[end + 1].text in QUOTE_MARKS
        end_with = end + 1 if after else end + 2 if after_stop else end
        for s, e in {(start - before, end), (start, end_with), (start - before, end_with)}:
            found.add(QUOTES_KEY, s, e, trim=False)


def candidates(
    doc: Any, text: str | None = None, *, parsed: bool = True, rules: Iterable[Any] | None = None
) -> dict[str, list[tuple[int, int]]]:
    """Candidate token ranges per key (``quotes``, ``quote_cues``, ``quote_sources``) of ``doc``.

    ``rules``: the quote rules' spans of this text when the caller has them (else they
    are computed here, with ``doc``'s parse when ``parsed``).
    """
    text = doc.text if text is None else text
    found = _Found(doc)
    for start, end in _sentences(doc, text, parsed):
        _sentence_pieces(found, start, end)
    _quoted(found)
    if parsed:
        _parsed_parts(found)
    else:
        _unparsed_parts(found, text)
    _rule_parts(found, rule_spans(doc, text, parsed=parsed) if rules is None else rules)
    return {key: sorted(found.ranges[key]) for key in KEYS}


def set_candidates(doc: Any, ranges: dict[str, Sequence[tuple[int, int]]]) -> None:
    """Write ``ranges`` (token offsets of ``doc``) as ``doc.spans["<key>_candidates"]``."""
    from spacy.tokens import Span

    for key, group in ranges.items():
        doc.spans[candidate_key(key)] = [Span(doc, s, e) for s, e in group]


def parse_like(parser: Any, doc: Any) -> Any:
    """``doc``'s tokens (words and spaces as they are) run through ``parser``'s pipeline."""
    from spacy.tokens import Doc

    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    return parser(Doc(parser.vocab, words=words, spaces=spaces))


def set_features(doc: Any, parse: Any | None, rules: Sequence[Any]) -> None:
    """The token features the model's ``tok2vec`` embeds beside the words: ``pos_`` and
        ``dep_`` from ``parse`` (same tokens as ``doc``; left empty without one) and, as
        ``tag_``, the quote rules' part of each token and where in it the token is (``B-``,
    ``I-``, ``L-``ast or ``U-``nit: ``B-CONTENT``, ``U-CUE`` ... or ``O``)."""
    import bisect

    tags = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    for span in rules:
        if span.role is None:
            continue
        first = bisect.bisect_right(starts, span.start) - 1
        last = bisect.bisect_left(starts, span.end)
        first = max(first, 0)
        for i in range(first, last):
            edge = "U" if first == last - 1 else "B" if i == first else "L" if i == last - 1 else "I"
            tags[i] = f"{edge}-{span.role.upper()}"
    for token, tag in zip(doc, tags, strict=True):
        token.tag_ = tag
    if parse is not None:
        for token, other in zip(doc, parse, strict=True):
            token.pos_ = other.pos_
            token.dep_ = other.dep_


def annotate(doc: Any, parser: Any | None) -> Any:
    """Set ``doc``'s candidate span groups and token features from ``parser``'s parse of it
    (the parse-free candidates and the rules without a parse when ``parser`` is None)."""
    parse = parse_like(parser, doc) if parser is not None else None
    rules = rule_spans(parse if parse is not None else doc, doc.text, parsed=parse is not None)
    set_candidates(
        doc, candidates(parse if parse is not None else doc, doc.text, parsed=parse is not None, rules=rules)
    )
    set_features(doc, parse, rules)
    return doc


def load_candidate_parser(name: str | None) -> Any | None:
    """The parser named in a training's report (None: rules-only candidates)."""
    if not name:
        return None
    from annotator.assist.quotes import load_parser

    return load_parser(name)


def copy_candidates(source: Any, target: Any) -> None:
    """``source``'s candidate span groups and token features (``set_features``) onto
    ``target``: the same text, maybe other tokens (each takes the features of the
    ``source`` token it starts in)."""
    import bisect

    if source.has_annotation("TAG"):
        starts = [t.idx for t in source]
        for token in target:
            other = source[max(bisect.bisect_right(starts, token.idx) - 1, 0)]
            token.tag_ = other.tag_
            if other.pos_:
                token.pos_ = other.pos_
            if other.dep_:
                token.dep_ = other.dep_
    for name, group in source.spans.items():
        if not name.endswith(SUFFIX):
            continue
        spans = [target.char_span(s.start_char, s.end_char, alignment_mode="expand") for s in group]
        target.spans[name] = [s for s in spans if s is not None]


def candidate_corpus(
    path: Any, gold_preproc: bool, max_length: int = 0, limit: int = 0, augmenter: Any = None
) -> Any:
    """``spacy.Corpus.v1`` whose predicted docs carry the reference's candidate span groups
    (the training's reader ``annotator.CandidateCorpus.v1``; the saved config names spaCy's)."""
    from spacy.training import Corpus

    corpus = Corpus(path, gold_preproc=gold_preproc, max_length=max_length, limit=limit, augmenter=augmenter)

    def read(nlp: Any) -> Iterable[Any]:
        for example in corpus(nlp):
            copy_candidates(example.reference, example.predicted)
            yield example

    return read


def _token_f(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * inter / ((a[1] - a[0]) + (b[1] - b[0])) if inter else 0.0


def near_positives(doc: Any, *, key: str = QUOTES_KEY, min_f: float | None = None) -> int:
    """Add to ``doc``'s ``key`` spans every ``key`` candidate sharing at least ``min_f``
    (``NEAR_F[key]`` by default) of its tokens (overlap F) with one of them, with that
    span's label and id; returns how many."""
    from spacy.tokens import Span

    if key not in doc.spans or candidate_key(key) not in doc.spans:
        return 0
    least = NEAR_F[key] if min_f is None else min_f
    gold = list(doc.spans[key])
    taken = {(s.start, s.end) for s in gold}
    added = []
    for cand in doc.spans[candidate_key(key)]:
        rng = (cand.start, cand.end)
        if rng in taken:
            continue
        best = max(gold, key=lambda g, rng=rng: _token_f((g.start, g.end), rng), default=None)
        if best is not None and _token_f((best.start, best.end), rng) >= least:
            added.append(Span(doc, *rng, label=best.label_, span_id=best.id_))
            taken.add(rng)
    doc.spans[key] = gold + added
    return len(added)


def add_candidates(path: Any, parser: Any | None, *, near: bool = False) -> tuple[int, int, int]:
    """Rewrite the DocBin at ``path`` with each doc's candidate span groups (``near``: and
    the near-right candidates as parts too, ``near_positives``); returns (documents,
    candidates written, parts added)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("xx")
    docs = list(DocBin(store_user_data=True).from_disk(path).get_docs(nlp.vocab))
    total = added = 0
    for doc in docs:
        annotate(doc, parser)
        total += sum(len(doc.spans[candidate_key(k)]) for k in KEYS)
        if near:
            added += sum(near_positives(doc, key=key) for key in KEYS)
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    return len(docs), total, added

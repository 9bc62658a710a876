"""Attributions from a dependency parse: a cue verb, its subject as source, its clause as content.

Works on any spaCy ``Doc`` with a parser (``token.dep_``, ``token.lemma_``):

- a verb of the cue lexicon (by lemma) with a clausal complement (``ccomp``,
  a "that"-clause, either side of the verb: "The economy is strong, she
  said.") or, for verbs of intending, an ``xcomp`` ("vowed to repeal");
- "X told Y that ...": the listener stays out of the cue and the content;
- "according to X, ..." / "..., according to X": the clause is the content;
- a verb whose object holds a quoted fragment ("called it the “typical
  language of a bully”"): the object and what follows is the content (MIXED);
- a participle or a coordinated verb ("..., adding that", "said A and warned
  that B") takes the subject of the verb it hangs on.

Nested attributions are not suggested: PolNeAR and PARC give each word one
role, so the outer attribution keeps its whole content.

This module walks the tokens and keeps the outer attributions; the rules
around a cue verb are in ``quotes_parse_verbs``, those without one (cue
nouns, stance adjectives, hearsay adverbs, polls) in ``quotes_parse_views``,
sources in ``quotes_parse_sources``, extents in ``quotes_extents`` and the
senses that report nothing in ``quotes_senses``.
"""

from __future__ import annotations

from typing import Any

from annotator.assist.cues import Cues
from annotator.assist.quotes_direct import Quote
from annotator.assist.quotes_extents import _STANCE_NOUNS
from annotator.assist.quotes_parse_sources import (
    _SUBJECTS,
    _overlap,
)
from annotator.assist.quotes_parse_verbs import (
    _SEEM,
    _according,
    _aside,
    _is_cue,
    _only_doing,
    _phrasal,
    _phrasal_verb,
    _quotes_object,
    _something_done,
    _speaks,
    _verb_attribution,
)
from annotator.assist.quotes_parse_views import (
    _HEARSAY,
    _STANCE_ADJ,
    _given,
    _hearsay,
    _in_poll,
    _in_view,
    _in_view_of,
    _light,
    _made_clear,
    _noun_attribution,
    _partisan,
    _records_show,
    _seeming,
    _stance,
)
from annotator.assist.quotes_senses import reports_nothing, what_was_said

# The parts of speech some rule below reads, and the words the rules read whatever their part of
# speech: a token of neither is skipped at once (no rule can start on it).
_RULE_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN", "ADJ"})
_ANY_POS_WORDS = _HEARSAY | {"according", "in", "for", "to"}


def parse_attributions(doc: Any, cues: Cues) -> list[Quote]:
    """Every attribution the parse shows, outer ones only, in text order."""
    found: list[Quote] = []
    for token in doc:
        if token.pos_ not in _RULE_POS and token.lower_ not in _ANY_POS_WORDS:
            continue
        quote = None
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            quote = _according(doc, token)
        elif _is_cue(token, cues) or (_speaks(doc, token) and not _only_doing(token)):
            quote = _aside(doc, token, cues) if token.dep_ == "parataxis" else None
            quote = quote or _verb_attribution(doc, token, cues)
            quote = what_was_said(doc, token, quote) if quote is not None else None
            if quote is not None and reports_nothing(doc, token, quote):
                quote = None
            if quote is not None and quote.label == "INDIRECT" and _something_done(token, quote):
                quote = None
        elif _quotes_object(doc, token):
            quote = _verb_attribution(doc, token, cues)
            if quote is not None and quote.label != "MIXED":
                quote = None
        elif token.pos_ == "NOUN" and token.lemma_.lower() in cues.nouns:
            quote = _light(doc, token) or _noun_attribution(doc, token, cues) or _given(doc, token)
        elif token.pos_ == "NOUN" and token.dep_ == "dobj":
            quote = _light(doc, token)
        elif token.pos_ == "ADJ" and token.lower_ in _STANCE_ADJ:
            quote = _stance(doc, token)
        elif token.pos_ == "ADJ" and token.lower_ == "clear":
            quote = _made_clear(doc, token)
        if quote is None and _phrasal_verb(token):
            quote = _phrasal(doc, token)
        if (
            quote is None
            and token.pos_ == "NOUN"
            and token.lemma_.lower() in _STANCE_NOUNS
            and token.dep_ not in _SUBJECTS
        ):
            quote = _partisan(doc, token)
        if quote is None and token.lower_ in _HEARSAY and token.dep_ == "advmod":
            quote = _hearsay(doc, token)
        elif quote is None and token.lemma_.lower() in _SEEM and token.pos_ in ("VERB", "AUX"):
            quote = _seeming(doc, token)
        elif quote is None and token.lower_ == "in" and token.dep_ == "prep":
            quote = _in_poll(doc, token, cues) or _in_view(doc, token)
        elif quote is None and token.lower_ in ("for", "to") and token.dep_ == "prep":
            quote = _in_view_of(doc, token)
        if quote is not None:
            found.append(quote)
    found.extend(_records_show(doc))
    # Outer first: the longest content keeps its words; one overlapping it (or whose cue lies in it) goes.
    kept: list[Quote] = []
    for quote in sorted(found, key=lambda q: -(q.contents[0][1] - q.contents[0][0])):
        parts = [r for r in (quote.contents[0], quote.cue, quote.source) if r is not None]
        blocking = [other for other in kept if _clash(parts, other)]
        if blocking and all(
            other.cue is not None and _overlap(other.cue, quote.contents[0]) for other in blocking
        ):
            # 'He says he is proud of the strike he led to win raises and oppose ...': a stance whose cue
            # lies in the report's content is inside it, however far its own content runs.
            kept = [other for other in kept if all(other is not b for b in blocking)]
        elif blocking:
            continue
        kept.append(quote)
    return sorted(kept, key=lambda q: q.contents[0][0])


def _clash(parts: list[tuple[int, int]], other: Quote) -> bool:
    """Whether one of a quote's parts (its first content, cue and source) lies in the other's content."""
    return any(a < c1 and c0 < b for c0, c1 in other.contents for a, b in parts)

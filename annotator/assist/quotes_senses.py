"""Cue verbs in senses that report nothing, which PolNeAR does not count as attributions.

A verb of the lexicon is not always a report: 'Clinton spoke to supporters'
and 'addressed the convention' name a listener, 'spoke at a rally' a place; 'See photos below' is the
page talking; 'Sanders found a way to win' and 'the sailors were found'
are no findings anyone reports, 'cast their votes' no view of anything;
'released a statement' alone says nothing the statement held. The parse rules find such readings like any other, and
``reports_nothing`` tells them apart from the verb and what it governs.
"""

from __future__ import annotations

from typing import Any

from annotator.assist.quotes_direct import Quote

# Verbs of speaking whose preposition, after them, names a listener, a venue or a medium
# ('spoke to reporters', 'talked with donors', 'spoke at a rally', 'appeared on CNN', 'added to
# the list'), never what was said: PolNeAR train, 10 right of 182.
_SPEAKING = frozenset({"speak", "talk", "appear", "add", "write", "post"})
_TO_LISTENER = frozenset({"to", "with", "at", "on", "over"})
# Audiences and gatherings, which 'address' names as its listener ('addressed the convention',
# 'addressing a rally in Ohio': PolNeAR train, 3 right of 15), not what is spoken of.
_AUDIENCE_WORDS = """
    rally convention conference gala crowd audience meeting event dinner luncheon lunch breakfast
    summit gathering forum assembly graduate student supporter reporter delegate donor congress
    nation church congregation session caucus
"""
_AUDIENCES = frozenset(_AUDIENCE_WORDS.split())
# What a finding's subject is when the finding is reported: 'a survey found 90 percent support'.
_RESEARCH_WORDS = """
    poll polls survey surveys study studies report reports analysis review inquiry investigation
    audit research researcher researchers article paper data economist economists scientist
    scientists group
"""
_RESEARCH = frozenset(_RESEARCH_WORDS.split())
# A verb's children that make it a view, not a sight or a discovery: 'found it hard', 'sees
# him as', 'found that ...', 'find out about'.
_VIEW_DEPS = frozenset({"ccomp", "xcomp", "oprd", "acomp", "prt"})
# Verbs of putting out a text, whose object alone ('released a statement') says nothing held in it.
_RELEASING = frozenset({"release", "issue", "publish"})


def reports_nothing(doc: Any, verb: Any, quote: Quote) -> bool:
    """True when ``quote``, found at the cue ``verb``, is a sense of the verb that reports nothing."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if lemma in _SPEAKING and quote.cue is not None:
        cue = _tokens(doc, quote.cue)
        last = doc[cue[-1]] if cue else None
        if last is not None and last.dep_ == "prep" and last.lower_ in _TO_LISTENER:
            return True
    if lemma == "address":
        return any(c.dep_ == "dobj" and c.lemma_.lower() in _AUDIENCES for c in children)
    if lemma in ("see", "find") and _as_view(children):
        return False
    if lemma == "see":
        # 'See photos below', 'to see the candidate campaign': nobody holds a view.
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in children)
    if lemma == "find":
        # 'Sanders found a way', 'the savings can be found here' (PolNeAR train: 16 right of 98).
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        return subject is None or subject.lemma_.lower() not in _RESEARCH
    if lemma == "cast":
        # 'cast their votes', 'casts new light on': only 'cast him as a ...' is a view (4 right of 40).
        return not any(c.dep_ == "prep" and c.lower_ == "as" for c in children)
    if lemma == "compare" and verb.dep_ in ("prep", "acl", "advcl"):
        # '42 percent, compared with 38 in May': the writer's comparison (8 right of 33, by chance).
        return not any(c.dep_ in ("nsubj", "nsubjpass") for c in children)
    if lemma in _RELEASING:
        # 'released a statement', 'the report was published on Tuesday' (6 right of 57).
        return sum(doc[i].is_alpha for r in quote.contents for i in _tokens(doc, r)) <= 2
    return False


def _as_view(children: list[Any]) -> bool:
    return any(c.dep_ in _VIEW_DEPS or (c.dep_ == "prep" and c.lower_ == "as") for c in children)


def _tokens(doc: Any, rng: tuple[int, int]) -> range:
    span = doc.char_span(*rng, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)

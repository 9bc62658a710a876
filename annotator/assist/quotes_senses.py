"""Cue verbs in senses that report nothing, which PolNeAR does not count as attributions.

A verb of the lexicon is not always a report: 'Clinton spoke to supporters'
and 'addressed the convention' name a listener, 'spoke at a rally' a place; 'See photos below' is the
page talking; 'Sanders found a way to win' and 'the sailors were found'
are no findings anyone reports, 'cast their votes' no view of anything;
'released a statement' alone says nothing the statement held. The parse rules find such readings like any other, and
``reports_nothing`` tells them apart from the verb and what it governs. A report at
'told' or 'asked' whose content is only the listener ('told reporters on Friday') takes
what was told instead, or is no report (``past_listener``).
"""

from __future__ import annotations

from typing import Any

from annotator.assist.quotes_direct import Quote
from annotator.assist.quotes_parse_sources import _SUBJECTS, QUOTE_CHARS, _chars, _trimmed
from annotator.assist.quotes_parse_verbs import _aside_end

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
# Verbs whose bare object is a thing added, a language spoken or an office taken, never what was
# said: 'added 151,000 jobs', 'adds a new voice to the record', 'speaks Spanish', 'assumed the
# presidency' (PolNeAR train: 2 right of 40; 'added that ...' keeps its clause).
_THING_OBJECT = frozenset({"add", "speak", "assume"})
_CLAUSES = frozenset({"ccomp", "xcomp"})
# Verbs of putting out a text, whose object alone ('released a statement') says nothing held in it.
_RELEASING = frozenset({"release", "issue", "publish"})


def reports_nothing(doc: Any, verb: Any, quote: Quote) -> bool:
    """True when ``quote``, found at the cue ``verb``, is a sense of the verb that reports nothing."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    if _imperative(verb, children):
        return True
    if lemma in _SPEAKING and quote.cue is not None:
        cue = _tokens(doc, quote.cue)
        last = doc[cue[-1]] if cue else None
        if last is not None and last.dep_ == "prep" and last.lower_ in _TO_LISTENER:
            return True
    if lemma == "address":
        return any(c.dep_ == "dobj" and c.lemma_.lower() in _AUDIENCES for c in children)
    if lemma in _THING_OBJECT:
        # 'the economy added 151,000 jobs', 'spoke barely a word of English', 'assumed office'.
        return any(c.dep_ == "dobj" for c in children) and not any(c.dep_ in _CLAUSES for c in children)
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


# Words that may open an imperative before its verb ('But please read', 'Just ask him').
_BEFORE_IMPERATIVE = frozenset({"cc", "intj", "advmod", "punct"})


def _imperative(verb: Any, children: list[Any]) -> bool:
    """'Read the rest of the story here', 'Call it viral fundraising', 'Consider the case of ...',
    'Email us at ...': the writer bids the reader, nobody reports (PolNeAR train: 2 right of 23).
    A base form opening its sentence, with no subject, heading it."""
    if verb.tag_ != "VB" or verb.dep_ != "ROOT" or any(c.dep_ in _SUBJECTS for c in children):
        return False
    return all(
        t.dep_ in _BEFORE_IMPERATIVE and t.head.i == verb.i for t in verb.sent[: verb.i - verb.sent.start]
    )


def _as_view(children: list[Any]) -> bool:
    return any(c.dep_ in _VIEW_DEPS or (c.dep_ == "prep" and c.lower_ == "as") for c in children)


def _tokens(doc: Any, rng: tuple[int, int]) -> range:
    span = doc.char_span(*rng, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


# Verbs whose object is the one spoken to ('told reporters', 'asked him'), never what was said.
_TELLING = frozenset({"tell", "ask"})
# Verbs whose first of two objects is the one given to ('offered voters a plan').
_OFFERING = frozenset({"offer", "give", "show", "send", "promise", "grant"})
# Objects of 'tell' and 'ask' that are what is told or asked ('told a joke', 'tells the story of',
# 'asked a question'), not the one spoken to.
_TOLD_THING_WORDS = """
    story stories tale tales truth joke jokes lie lies question questions anything something nothing
    everything it this that what much more little difference
"""
_TOLD_THINGS = frozenset(_TOLD_THING_WORDS.split())
_CLAUSE_MARKS = frozenset({"that", "if", "whether"})
_STOPS = frozenset({".", ";", ":", "?", "!"})
_NAME_DEPS = frozenset({"appos", "compound", "flat", "nummod", "punct"})


def what_was_said(doc: Any, verb: Any, quote: Quote) -> Quote | None:
    """``quote`` at the cue ``verb`` with PolNeAR's content where the parse gave another
    ('told reporters', 'a poll shows Cruz | 16 points ahead'), or None where it reports nothing."""
    if verb.lemma_.lower() == "show":
        quote = shown(doc, verb, quote)
    return past_listener(doc, verb, quote)


# What a showing's subject is when the showing reports a finding ('a poll shows Cruz ahead').
_SHOWING_WORDS = "number numbers result results figure figures video tape record records document documents"
_SHOWING = _RESEARCH | frozenset(_SHOWING_WORDS.split())


def shown(doc: Any, verb: Any, quote: Quote) -> Quote:
    """'a poll shows Cruz 16 points ahead in Indiana', 'polls showing her well behind': what
    a poll shows of someone runs over the whole small clause, which the parse hangs on the verb
    (PolNeAR's content; the rules cut it at the object or at a time or place)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None and verb.dep_ == "acl":
        subject = verb.head
    if subject is None or subject.lemma_.lower() not in _SHOWING or len(quote.contents) != 1:
        return quote
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or quote.contents[0][0] != doc[obj.left_edge.i].idx:
        return quote
    rng = _trimmed(doc, obj.left_edge.i, _aside_end(doc, obj.left_edge.i, verb.right_edge.i + 1))
    if rng is not None and not _across(doc, obj, doc[rng[1] - 1]):
        quote.contents = [_chars(doc, *rng)]
    return quote


def past_listener(doc: Any, verb: Any, quote: Quote) -> Quote | None:
    """A report at 'told'/'asked' whose content is only the listener ('told reporters', 'told CNN
    on Sunday'): its content becomes what was told, PolNeAR's content (a second object, 'asked
    him a question'; the clause after, 'told reporters on Friday that ...', 'telling her he would
    ...'; the clause the cue is an aside of, 'As she told CNN, taxes ...', 'X will win, his aide
    told the Post'), or, with none, no report is made (None)."""
    lemma = verb.lemma_.lower()
    if lemma not in _TELLING | _OFFERING or len(quote.contents) != 1:
        return quote
    listener = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i), None)
    if listener is None or listener.lemma_.lower() in _TOLD_THINGS or listener.lower_ in _TOLD_THINGS:
        return quote
    if any(t.dep_ == "mark" or t.tag_.startswith("W") or t.pos_ in ("VERB", "AUX") for t in listener.subtree):
        return quote  # 'asked whether he disavowed it', 'asking, How does ...': a question misread
    start, end = quote.contents[0]
    # The listener's own words: its name and appositions, not what the parse hangs on it after.
    last = max([listener.i] + [c.right_edge.i for c in listener.rights if c.dep_ in _NAME_DEPS])
    outer = _chars(doc, listener.left_edge.i, last + 1)
    if start < outer[0] or end > outer[1]:
        return quote
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > listener.i), None)
    if lemma in _OFFERING:
        # 'offered the crowd an emotional evaluation', 'offering Kasich the second spot': PolNeAR's
        # content holds the thing offered, with the one it is offered to 4 times of 7 on train.
        if obj is not None:
            quote.contents = [_chars(doc, listener.left_edge.i, obj.right_edge.i + 1)]
        return quote
    if (
        obj is not None
        and obj.lemma_.lower() == "question"
        and [c.lower_ for c in obj.children] in (["a"], ["the"])
    ):
        return None  # 'asked him a question': nothing of what was asked
    rng = (obj.left_edge.i, obj.right_edge.i + 1) if obj is not None else None  # 'asked X a question'
    rng = rng or _clause_after(doc, listener) or _clause_around(doc, verb)
    if rng is None:
        return None
    quote.contents = [_chars(doc, *rng)]
    content = doc.text[quote.contents[0][0] : quote.contents[0][1]]
    quote.label = "MIXED" if any(ch in content for ch in QUOTE_CHARS) else "INDIRECT"
    return quote


def _clause_after(doc: Any, listener: Any) -> tuple[int, int] | None:
    """The reported clause after the listener and the time or place of the telling, which a small
    parse hangs on a word before it ('telling reporters during a visit on Friday that he thinks')."""
    verb = listener.head
    for tok in doc[listener.right_edge.i + 1 : min(listener.sent.end, listener.right_edge.i + 16)]:
        if tok.text in _STOPS or tok.text in ',“"' or tok.dep_ == "cc" or "\n" in tok.text_with_ws:
            return None
        head = tok.head
        if head.pos_ not in ("VERB", "AUX") or head.i <= tok.i or head in verb.ancestors:
            continue
        marks = [c for c in head.children if c.dep_ == "mark"]
        opens = (tok.dep_ == "mark" and tok.lower_ in _CLAUSE_MARKS) or (tok.dep_ in _SUBJECTS and not marks)
        if opens:
            start = tok.left_edge.i if tok.dep_ in _SUBJECTS else tok.i
            return _trimmed(doc, start, _aside_end(doc, start, head.right_edge.i + 1))
    return None


def _clause_around(doc: Any, verb: Any) -> tuple[int, int] | None:
    """The clause the telling is an aside of: 'As she told CNN, taxes are ...', 'Sanders will stay
    in the race, his aide told the Post'."""
    head = verb.head
    if head.i == verb.i or head.pos_ not in ("VERB", "AUX") or _across(doc, verb, head):
        return None
    children = list(verb.children)
    subject = any(c.dep_ in _SUBJECTS for c in children)
    as_mark = any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
    marked = any(c.dep_ == "mark" for c in children)
    if not subject or verb.dep_ not in ("conj", "advcl", "parataxis") or (marked and not as_mark):
        return None
    cut = {t.i for t in verb.subtree}
    clause = [t.i for t in head.subtree if t.i not in cut]
    before = min(cut) > head.i
    # A comma parts the telling from what was told ('..., his aide told the Post', 'As she told CNN, ...').
    comma = doc[min(cut) - 1] if before else doc[max(cut) + 1] if max(cut) + 1 < len(doc) else None
    if comma is None or comma.text != ",":
        return None
    clause = [i for i in clause if i < min(cut)] if before else [i for i in clause if i > max(cut)]
    if len(clause) < 3:
        return None
    return _trimmed(doc, min(clause), max(clause) + 1)


def _across(doc: Any, a: Any, b: Any) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text_with_ws for t in doc[lo:hi])

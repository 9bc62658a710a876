"""PolNeAR's extents of the cues, sources and contents of the final quotes (``polish``).

Once the quotes are found and paired, each cue and source is widened or cut
to what PolNeAR's annotators mark: a cue holds its verb group ('has also
said', 'were quick to point out'), the preposition opening its content
('spoke about') and not its listener ('told reporters' -> 'told'); a source
is the whole noun phrase of the speaker (titles, appositions, relative
clauses: 'said Ann Ray, who chairs the board'), keeps a possessor's 's, and
leaves out 'even', a date and a dateline; a report whose subject is what is
said ('X is expected to', 'X seems to') has none. A content leaves out its
own cue and source and takes what is said before them ('which | he argued |
would ...'). Without a parse only the word-level rules run. Nothing here
finds or drops a quote (a content's new edges can still move a half-overlap match).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from annotator.assist.quotes_direct import DAYS as _DAYS
from annotator.assist.quotes_direct import Quote
from annotator.assist.quotes_parse_sources import (
    _SUBJECTS,
    QUOTE_CHARS,
    _chars,
    _line_break,
    _overlap,
    _source,
    _trimmed,
)

# What PolNeAR's cues hold besides the verb: its auxiliaries, negation and the adverbs between
# the speaker and the verb ('has also said', 'did not say', 'is accused of', 'to say').
_VERB_GROUP = ("aux", "auxpass", "neg", "advmod")


def verb_groups(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """Widen each quote's cue to the verb group written before it ('has repeatedly said').

    Only words right before the cue that hang on its verb join, so a subject, a
    comma or an aside ('Trump, meanwhile, said') stops the cue where it was.
    """
    for quote in quotes:
        if quote.cue is None:
            continue
        first = starts.get(quote.cue[0])
        if first is None:
            continue
        verb = first
        while verb.head.i != verb.i and quote.cue[0] <= verb.head.idx < quote.cue[1]:
            verb = verb.head  # the cue's head word ('according' in 'according to')
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        start = first.i
        while start > verb.sent.start:
            tok = doc[start - 1]
            # An adverb of an adverb in the group is the group's too ('once again', 'only briefly').
            on_adverb = tok.dep_ == "advmod" and start <= tok.head.i < first.i and tok.head.dep_ == "advmod"
            if _floating(doc, tok, verb):
                # 'have both argued', 'Smith and Jones all agree': the word leaves the source
                if quote.source is not None and quote.source[0] < tok.idx < quote.source[1]:
                    quote.source = (quote.source[0], doc[tok.i - 1].idx + len(doc[tok.i - 1].text))
            elif (
                (tok.head.i != verb.i and not on_adverb)
                or tok.dep_ not in _VERB_GROUP
                or not _group_word(tok)
            ):
                break
            if quote.source is not None and _overlap((tok.idx, tok.idx + len(tok)), quote.source):
                break
            if "\n" in tok.text_with_ws:
                break
            start -= 1
        start = _catenative(doc, verb, start, quote.source)
        if start < first.i:
            quote.cue = (doc[start].idx, quote.cue[1])


def purposes(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """A cue in an infinitive of purpose starts at the verb it serves: 'took to Twitter to say',
    'will come on the show to talk about', 'used his speech to call for', 'are more likely to say'
    (PolNeAR's cue runs from the speaker's verb: 111 of the 132 'to' cues that differ on train)."""
    taken = [r for q in quotes for r in (*q.contents, q.source) if r is not None]
    for quote in quotes:
        to = starts.get(quote.cue[0]) if quote.cue is not None else None
        if to is None or to.lower_ != "to" or to.dep_ != "aux" or to.head.dep_ not in ("advcl", "xcomp"):
            continue
        matrix = to.head.head
        if matrix.pos_ == "ADJ" and matrix.dep_ == "acomp":
            matrix = matrix.head  # 'are more likely to say'
        if matrix.pos_ not in ("VERB", "AUX") or matrix.i >= to.i:
            continue
        start = _group_start(doc, matrix)
        gap = doc[start : to.i]
        if any(t.is_punct or "\n" in t.text_with_ws for t in gap) or len(gap) > 8:
            continue
        wider = _chars(doc, start, to.i)
        if any(_overlap(wider, r) for r in taken):
            continue
        quote.cue = (wider[0], quote.cue[1])


def _group_start(doc: Any, verb: Any) -> int:
    """The first token of ``verb``'s group: its auxiliaries, negation and adverbs before it."""
    start = verb.i
    while start > verb.sent.start:
        tok = doc[start - 1]
        if tok.head.i != verb.i or tok.dep_ not in _VERB_GROUP or not _group_word(tok):
            break
        start -= 1
    return start


def _catenative(doc: Any, verb: Any, start: int, source: tuple[int, int] | None) -> int:
    """Where a cue after a verb it completes starts: 'tried to press', 'are quick to point out',
    'went on to list' (PolNeAR's cue runs from the first verb and its auxiliaries)."""
    while verb.dep_ == "xcomp" and verb.head.i < start:
        head = verb.head
        matrix = head.head if head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.i < head.i else head
        if matrix.pos_ not in ("VERB", "AUX"):
            break
        gap = doc[matrix.i + 1 : start]
        if not all(
            t.i == head.i or (t.head.i in (matrix.i, head.i) and t.dep_ in ("prt", "advmod", "neg"))
            for t in gap
        ):
            break
        new = _group_start(doc, matrix)
        if source is not None and _overlap(_chars(doc, new, start), source):
            break
        if _line_break(doc, new, start):
            break
        start, verb = new, matrix
    return start


# Quantifiers floating after the speakers, which PolNeAR's cue holds ('have both argued', 'all
# urged': 13 cues more right on train, 2 wrong; the source leaves them out, see ``_not_speaker``).
_FLOATING = frozenset({"both", "all"})


def _floating(doc: Any, tok: Any, verb: Any) -> bool:
    """``tok`` is 'both' or 'all' of ``verb`` or its subject, after the speakers' words or
    an auxiliary: not a subject of its own ('Both want'), an object ('started it all') nor 'both
    ... and'."""
    if tok.lower_ not in _FLOATING or tok.i == tok.sent.start or tok.dep_ == "preconj":
        return False
    if tok.head.i != verb.i and not (tok.head.dep_ in _SUBJECTS and tok.head.head.i == verb.i):
        return False
    before = doc[tok.i - 1]
    return before.pos_ in ("NOUN", "PROPN", "PRON", "AUX") or before.text == ")"


def _group_word(tok: Any) -> bool:
    """An auxiliary, 'not', 'to', or a plain adverb ('also', 'repeatedly'), not 'when' or 'as'."""
    if tok.dep_ == "advmod":
        return tok.pos_ == "ADV" and tok.tag_ in ("RB", "RBR", "RBS") and tok.is_alpha
    return not tok.is_punct


class TokensAt:
    """A doc's tokens by a character offset: where each starts (or, with ``ends``, where it ends).

    Made from the doc's arrays (the offsets rise token by token), with no token object made but
    for the few looked up.
    """

    def __init__(self, doc: Any, *, ends: bool = False) -> None:
        from spacy.attrs import IDX, LENGTH

        self._doc = doc
        offsets = doc.to_array(IDX)
        self._offsets = (offsets + doc.to_array(LENGTH) if ends else offsets).tolist()

    def get(self, offset: int) -> Any:
        """The token starting (or ending) at ``offset``, None when none does."""
        i = bisect.bisect_left(self._offsets, offset)
        return self._doc[i] if i < len(self._offsets) and self._offsets[i] == offset else None


def polish(text: str, quotes: list[Quote], doc: Any = None) -> None:
    """Cues and sources of the final quotes to PolNeAR's extents (with ``doc``, from its parse too).

    The listener leaves the cue ('told reporters' -> 'told'): PolNeAR gives it no
    role (501 of 510 on train), though the rules keep it while they pair a
    quote with its attribution, so that it joins neither source nor content.
    """
    for quote in quotes:
        if quote.cue is not None:
            quote.cue = _without_listener(text, quote.cue)
    if doc is None:
        for quote in quotes:
            if quote.cue is not None:
                quote.cue = _words_group(text, quote.cue, quote.source)
    if doc is not None:
        # One index of the tokens by where they start and end, for every pass.
        starts, ends = TokensAt(doc), TokensAt(doc, ends=True)
        unspoken(doc, quotes, starts, ends)
        verb_groups(doc, quotes, starts, ends)
        purposes(doc, quotes, starts, ends)
        light_verbs(doc, quotes, starts, ends)
        noun_modifiers(doc, quotes, starts, ends)
        prepositions(doc, quotes, starts, ends)
        manners(doc, quotes, starts, ends)
        possessors(doc, quotes, starts, ends)
        partisans(doc, quotes, starts, ends)
        whole_sources(doc, quotes, starts, ends)
        owners_of_words(doc, quotes, starts, ends)
        possessives(doc, quotes, starts, ends)
        hyphenated(doc, quotes, starts, ends)
        fronted_parts(doc, quotes, starts)
        for quote in quotes:
            quote.source = _according_subject(text, quote)
    for quote in quotes:
        if quote.source is not None:
            quote.source = _without_dateline(text, _without_even(text, quote.source))
        quote.contents = _without_own_parts(text, quote)
        if quote.cue is not None and text[quote.cue[0] : quote.cue[1]].lower().startswith("according"):
            quote.contents = [_without_connective(text, c) for c in quote.contents]


def _without_own_parts(text: str, quote: Quote) -> list[tuple[int, int]]:
    """The content without its own cue and source: 'which Democrats say could help him' ->
    'which | could help him', 'he appears uneasy' -> 'he | uneasy' (PolNeAR gives each word one role)."""
    cuts = sorted(r for r in (quote.cue, quote.source) if r is not None)
    pieces = list(quote.contents)
    for cs, ce in cuts:
        pieces = [p for s, e in pieces for p in (((s, cs), (ce, e)) if cs < e and s < ce else ((s, e),))]
    out = []
    for s, e in pieces:
        m = _WORDS_IN.search(text, s, e) if s < e else None
        if m is not None and re.search(r"\w", m.group()):
            out.append((m.start(), m.end()))
    return out or quote.contents


# A sentence's link to the one before, which PolNeAR leaves out of the clause 'according to'
# reports ('But the poll shows ..., according to ...').
_CONNECTIVE = re.compile(r"(?i)(?:but|and|still|however|meanwhile|indeed|in fact|in all)\b,?\s+(?=\S)")


def _without_connective(text: str, content: tuple[int, int]) -> tuple[int, int]:
    """A content opening its sentence without the connective."""
    start, end = content
    m = _CONNECTIVE.match(text, start, end)
    before = text[:start].rstrip()
    if m is None or (before and before[-1] not in '.!?"”' and "\n" not in text[len(before) : start]):
        return content
    return m.end(), end


_WORDS_IN = re.compile(r"[^\s,;:—–-](?:.*[^\s,;:—–-])?", re.S)


def prepositions(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """The preposition that opens a content after the cue joins the cue ('spoke about | the
    plan', 'distanced himself from | the group'): PolNeAR's cues hold it 649 times of 678."""
    taken = [r for q in quotes for r in (*q.contents, q.cue, q.source) if r is not None]
    for quote in quotes:
        if quote.cue is None or quote.cue[1] > quote.contents[0][0]:
            continue
        first, last = starts.get(quote.contents[0][0]), ends.get(quote.cue[1])
        if first is None or last is None:
            continue
        if first.i <= last.i + 1:
            continue
        prep = doc[first.i - 1]
        if prep.pos_ != "ADP" or prep.i - last.i > 4 or first not in prep.subtree:
            continue
        between = doc[last.i + 1 : prep.i + 1]
        if any(t.is_punct or "\n" in t.text_with_ws for t in doc[last.i : prep.i]):
            continue
        wider = (quote.cue[0], prep.idx + len(prep.text))
        if any(_overlap((between[0].idx, wider[1]), r) for r in taken):
            continue
        quote.cue = wider


def antecedent(doc: Any, noun: Any, clause: Any) -> tuple[int, int] | None:
    """The noun phrase a relative clause without a relative word describes, up to the clause
    ('exactly the kind of reform | he warned about': the writer's adverb left out), as tokens."""
    first = noun.left_edge.i
    while first < noun.i and doc[first].dep_ in ("advmod", "cc", "preconj"):
        first += 1
    return _trimmed(doc, first, clause.left_edge.i)


def fronted_parts(doc: Any, quotes: list[Quote], starts: dict) -> None:
    """What is said before the cue and its speaker joins a content that starts after them.

    PolNeAR's content of a report in a relative clause opens with the relative word
    ('which | he argued | seeks to ...', 'what | she said | she expected') or, without
    one, the noun ('a fight | it expects | to last'); a participle's noun ('a developer |
    known | to be bullish') and a raising verb's subject ('he | appears | to understand')
    are part of what is said too.
    """
    taken = [r for q in quotes for r in (*q.contents, q.cue, q.source) if r is not None]
    for quote in quotes:
        if quote.cue is None or quote.label == "DIRECT" or quote.contents[0][0] < quote.cue[1]:
            continue
        verb = starts.get(quote.cue[0])
        while verb is not None and verb.dep_ in _VERB_GROUP and verb.head.i != verb.i:
            verb = verb.head
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        rng = _fronted(doc, verb, quote)
        if rng is None:
            continue
        part = _chars(doc, *rng)
        if part[1] > quote.cue[0] or any(_overlap(part, r) for r in taken):
            continue
        quote.contents = [part, *quote.contents]
        taken.append(part)


def _fronted(doc: Any, verb: Any, quote: Quote) -> tuple[int, int] | None:
    """The tokens before ``verb`` that are part of what it reports (``fronted_parts``), or None."""
    head = verb.head
    clause = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i]
    said = range(clause[0].left_edge.i, clause[0].right_edge.i + 1) if clause else range(0)
    if verb.dep_ == "relcl" and head.i < verb.i and head.pos_ in ("NOUN", "PROPN", "PRON"):
        first = verb.left_edge
        if first.tag_ in ("WDT", "WP") or first.lower_ == "that":
            # 'which | he argued | would ...' (the word is in the reported clause), 'which | he
            # called | a "disaster"'; not 'that' before its object ('a poll that | showed | ...').
            if first.head.i in said or (
                first.dep_ == "dobj" and first.head.i == verb.i and first.lower_ != "that"
            ):
                return (first.i, first.i + 1)
            return None
        if quote.source is not None and first.idx == quote.source[0] and clause:
            return antecedent(doc, head, verb)  # 'a fight | it expects | to last'
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and head.i < verb.i and head.pos_ in ("NOUN", "PROPN"):
        # 'a developer | known | to be bullish'
        return (
            antecedent(doc, head, verb)
            if quote.source is None and clause and clause[0].dep_ == "xcomp"
            else None
        )
    if verb.lemma_.lower() in ("seem", "appear") and quote.source is None:
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is not None and subject.lower_ not in ("it", "there"):
            return _trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)
    return None


def noun_modifiers(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """A cue noun keeps its adjectives ('Trump’s controversial proposal', 'a fierce supporter of',
    'wild, unsubstantiated accusations'): PolNeAR's cues hold them 59 times of 66 on train."""
    for quote in quotes:
        first = starts.get(quote.cue[0]) if quote.cue is not None else None
        if first is None or first.pos_ != "NOUN":
            continue
        start = first.i
        while start > first.sent.start:
            tok = doc[start - 1]
            inside = _modifier_of(tok, first)
            if (
                not (inside or (tok.text == "," and _modifier_of(doc[start - 2], first)))
                or "\n" in tok.text_with_ws
            ):
                break
            if quote.source is not None and _overlap((tok.idx, tok.idx + len(tok)), quote.source):
                break
            start -= 1
        if doc[start].text == ",":
            start += 1
        if start < first.i:
            quote.cue = (doc[start].idx, quote.cue[1])


def _modifier_of(tok: Any, noun: Any) -> bool:
    """``tok`` is an adjective on ``noun`` or a word of one ('most explosive')."""
    while tok.head.i != noun.i and tok.head.i != tok.head.head.i and tok.dep_ in ("advmod", "amod"):
        tok = tok.head
    return tok.head.i == noun.i and tok.dep_ == "amod" and tok.pos_ == "ADJ"


# Verbs that only carry a cue noun, whose cue then starts at the verb ('had no doubts about', 'made
# the suggestion', 'expressed doubt', 'kept his promise': PolNeAR train, 8 of 8).
_LIGHT = frozenset({"have", "make", "express", "keep"})


def light_verbs(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """A cue noun that is the object of a light verb takes the verb and its group into the cue."""
    for quote in quotes:
        first = starts.get(quote.cue[0]) if quote.cue is not None else None
        if first is None or first.pos_ != "NOUN" or first.dep_ != "dobj":
            continue
        verb = first.head
        if verb.lemma_.lower() not in _LIGHT or verb.i > first.i or first.left_edge.i != verb.i + 1:
            continue
        start = _group_start(doc, verb)
        wider = _chars(doc, start, first.i)
        if quote.source is not None and _overlap(wider, quote.source) or _line_break(doc, start, first.i):
            continue
        quote.cue = (wider[0], quote.cue[1])


# Where a cue was said, as PolNeAR's cues hold it after the verb: 'said in a statement' (47 of 74
# on train), 'wrote on Twitter' (9 of 14), 'on Facebook' (6 of 9); not 'in an interview' (25 of 59).
_MEDIA = frozenset({"statement", "twitter", "facebook"})


def manners(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """The manner after a cue verb joins it: an -ly adverb or a particle ('said repeatedly', 'fired
    back': 37 of 44 on PolNeAR train) and the medium ('said in a statement', 'wrote on Twitter')."""
    taken = [r for q in quotes for r in (*q.contents, q.source) if r is not None]
    for quote in quotes:
        last = ends.get(quote.cue[1]) if quote.cue is not None else None
        if last is None or last.pos_ not in ("VERB", "AUX"):
            continue
        end = last.i + 1
        while end < len(doc) and _manner(doc[end], last):
            end += 1
        if end < len(doc):
            prep = doc[end]
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (
                prep.head.i == last.i
                and prep.lower_ in ("in", "on")
                and pobj is not None
                and pobj.lower_ in _MEDIA
                and pobj.right_edge.i == pobj.i
            ):
                end = pobj.i + 1
        end = _day_after(doc, last, end)
        if end == last.i + 1 or _line_break(doc, last.i, end - 1):
            continue
        wider = (quote.cue[0], doc[end - 1].idx + len(doc[end - 1].text))
        if any(_overlap((doc[last.i + 1].idx, wider[1]), r) for r in taken):
            continue
        quote.cue = wider


# The day a cue was said, which PolNeAR's cue holds when it ends the attribution ('..., Lee said
# Tuesday.': 34 of 48 on train) but mostly not before the clause said ('said Tuesday that ...').


def _day_after(doc: Any, verb: Any, end: int) -> int:
    """``end`` past a weekday of ``verb`` right at ``end`` that a comma or full stop follows."""
    if end + 1 >= len(doc):
        return end
    day = doc[end]
    if (
        day.lower_ in _DAYS
        and day.head.i == verb.i
        and day.dep_ == "npadvmod"
        and doc[end + 1].text in (".", ",", ";")
    ):
        return end + 1
    return end


def _manner(tok: Any, verb: Any) -> bool:
    if tok.head.i != verb.i:
        return False
    return tok.dep_ == "prt" or (tok.dep_ == "advmod" and tok.is_alpha and tok.lower_.endswith("ly"))


def unspoken(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """No source for what a subject is said or seen to be: 'Nabisco is expected to cut jobs', 'Carson
    seems to recognize': the subject is what is said (PolNeAR gives such quotes no source 399 times
    of 526 for a passive cue without 'by', 184 of 228 for 'seem' and 'appear'); nor for the 'it' of
    'it is hard to know' (``_extraposed``)."""
    for quote in quotes:
        if quote.cue is None or quote.source is None or quote.label != "INDIRECT":
            continue
        verb = starts.get(quote.cue[0])
        while verb is not None and verb.dep_ in _VERB_GROUP and verb.head.i != verb.i:
            verb = verb.head  # 'is expected': the cue starts with its auxiliary
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        children = list(verb.children)
        passive = any(c.dep_ == "auxpass" for c in children) and not any(c.dep_ == "agent" for c in children)
        seeming = verb.lemma_ in ("seem", "appear")
        if _extraposed(verb):
            quote.source = None
            continue
        if not (passive or seeming):
            continue
        subject = next((c for c in children if c.dep_ in _SUBJECTS), None)
        if subject is not None and quote.source[0] <= subject.idx < quote.source[1]:
            quote.source = None


# Adjectives whose 'it' is somebody's or something's ('it is unlikely to tell the full story').
_RAISING = frozenset(
    {"likely", "unlikely", "sure", "certain", "able", "unable", "ready", "eager", "willing", "quick"}
)


def _extraposed(verb: Any) -> bool:
    """'It is hard to know', 'it's easy to see why': the 'it' of an adjective with an infinitive
    after it names nobody (PolNeAR gives such quotes no source: 12 sources more right on train, none wrong)."""
    while verb.dep_ == "xcomp" and verb.head.i < verb.i and verb.lemma_ != "be":
        verb = verb.head if verb.head.pos_ != "ADJ" else verb.head.head  # the cue is 'see' at first
    if verb.lemma_ != "be":
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    adjective = next((c for c in verb.children if c.dep_ == "acomp" and c.pos_ == "ADJ"), None)
    if subject is None or subject.lower_ != "it" or adjective is None or adjective.lower_ in _RAISING:
        return False
    clauses = [c for t in (verb, adjective) for c in t.children if c.dep_ in ("xcomp", "ccomp")]
    return any(c.i > adjective.i and any(a.lower_ == "to" for a in c.children) for c in clauses)


def possessives(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """A possessor keeps its 's ('Trump’s claim that ...': PolNeAR's source is 'Trump’s')."""
    for quote in quotes:
        last = ends.get(quote.source[1]) if quote.source is not None else None
        if last is None or last.i + 1 >= len(doc):
            continue
        mark = doc[last.i + 1]
        if mark.dep_ == "case" and mark.head.i == last.i and mark.idx == quote.source[1]:
            quote.source = (quote.source[0], mark.idx + len(mark.text))


# Nouns for someone's words themselves, not a document or a group ('Ryan's language makes clear',
# 'His remarks indicated'; 'Trump's campaign said', 'Their analysis shows' keep the whole phrase).
_WORDS_NOUNS = frozenset(
    {
        "statement",
        "comment",
        "remark",
        "message",
        "language",
        "rhetoric",
        "word",
        "email",
        "tweet",
        "disclosure",
    }
)


def _source_head(doc: Any, quote: Quote, starts: dict, ends: dict) -> tuple[Any, Any, Any] | None:
    """A quote's source as its first and last tokens and the one token heading it, or None where
    it has no source, its ends are no token's or several of its tokens hang outside it."""
    if quote.source is None:
        return None
    first, last = starts.get(quote.source[0]), ends.get(quote.source[1])
    if first is None or last is None or last.i < first.i:
        return None
    inside = range(first.i, last.i + 1)
    heads = [t for t in doc[first.i : last.i + 1] if t.head.i not in inside or t.head.i == t.i]
    return (first, last, heads[0]) if len(heads) == 1 else None


def owners_of_words(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """A subject that is someone's words speaks for its possessor: 'Ryan’s language makes clear',
    'her financial disclosure suggests' (PolNeAR's source is 'Ryan’s', 'her'; the noun is its cue's)."""
    for quote in quotes:
        found = _source_head(doc, quote, starts, ends)
        if found is None:
            continue
        first, _last, head = found
        if head.dep_ not in _SUBJECTS or head.lemma_.lower() not in _WORDS_NOUNS:
            continue
        owner = next((c for c in head.children if c.dep_ == "poss" and c.i < head.i), None)
        if owner is not None and owner.left_edge.i >= first.i:
            quote.source = _chars(doc, owner.left_edge.i, owner.right_edge.i + 1)


# A possessive pronoun and the subjects it can refer to ('she ... her attacks', 'Trump ... his plan').
_POSSESSORS = {"his": ("he", "NN", "NNP"), "her": ("she", "NN", "NNP"), "their": ("they", "NNS", "NNPS")}


def possessors(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """The subject speaks for a cue noun it does with its own pronoun: 'Trump stepped up his attacks
    on', 'she escalated her criticism of' (PolNeAR's source is the subject, not 'his'), where
    the noun is the object of the subject's verb and the pronoun agrees with it (PolNeAR train: 6
    sources right more, 1 wrong)."""
    for quote in quotes:
        if quote.source is None or quote.cue is None:
            continue
        pronoun = starts.get(quote.source[0])
        if pronoun is None or pronoun.dep_ != "poss" or pronoun.lower_ not in _POSSESSORS:
            continue
        last = ends.get(quote.source[1])
        if last is None or last.i != pronoun.i:
            continue
        noun = pronoun.head
        if not quote.cue[0] <= noun.idx < quote.cue[1] or noun.dep_ != "dobj":
            continue
        verb = noun.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
        if subject is None or _line_break(doc, subject.i, noun.i):
            continue
        word, *tags = _POSSESSORS[pronoun.lower_]
        if not (subject.lower_ == word or (subject.pos_ in ("NOUN", "PROPN") and subject.tag_ in tags)):
            continue
        if subject.pos_ != "PRON" and not _one_noun(subject):
            continue
        rng = _trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)
        if rng is not None:
            quote.source = _chars(doc, *rng)


def _one_noun(subject: Any) -> bool:
    """A subject that is one noun phrase (no 'and'), so its number is the head's."""
    return not any(c.dep_ in ("conj", "cc") for c in subject.children)


# People named by their stance ("a fervent supporter of the deal", "critics of the mandate"; the
# partisan rule of quotes_parse_views reads them here too), and copulas that say who such a noun is.
_STANCE_NOUNS = frozenset(
    {"supporter", "proponent", "critic", "opponent", "backer", "advocate", "champion", "defender", "foe"}
)
_COPULAS = frozenset({"be", "remain", "become"})


def partisans(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """The one a stance noun names speaks, not the noun: 'Ray has long been a critic of', 'Ray
    remains a backer of' (the copula's subject, also of a second verb: 'Ray has not endorsed it
    and has been a critic of'). In an apposition or a conjunct the noun is no cue at all
    (``quotes_parse_views._partisan``)."""
    for quote in quotes:
        if quote.source is None or quote.cue is None:
            continue
        noun = starts.get(quote.cue[0])
        last = ends.get(quote.source[1])
        if noun is None or last is None or noun.lemma_.lower() not in _STANCE_NOUNS or last.i != noun.i:
            continue  # the source is not the stance noun's own phrase
        rng = _source(doc, noun.head) if noun.dep_ == "attr" and noun.head.lemma_ in _COPULAS else None
        if rng is not None and not _line_break(doc, rng[0], noun.i):
            quote.source = _chars(doc, *rng)


_ASIDE_MARK = re.compile(r"\s*(?:,|\(|—|–|--|\s-\s)")


def _according_subject(text: str, quote: Quote) -> tuple[int, int] | None:
    """'According to Rep. Ann Ray, | the new rules | would ...': a source running on past its comma
    right up to the content has taken in the reported clause's subject (the parse hung it on
    the name); it ends at the comma (PolNeAR train: 5 sources right more, none wrong)."""
    source, cue = quote.source, quote.cue
    if source is None or cue is None or not text[cue[0] : cue[1]].lower().startswith("according"):
        return source
    after = [s for s, _ in quote.contents if s >= source[1]]
    if not after or text[source[1] : min(after)].strip():
        return source  # a comma or words between: the content starts where it should
    m = _ASIDE_MARK.search(text, source[0], source[1])
    if m is None or m.start() == source[0]:
        return source
    return source[0], m.start()


def hyphenated(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """A source cut inside a hyphenated word runs on to its end and the name after it: the small
    parse splits 'co-host Mia Berg said' into several subjects and keeps the first ('co')."""
    taken = [r for q in quotes for r in (*q.contents, q.cue) if r is not None]
    for quote in quotes:
        last = ends.get(quote.source[1]) if quote.source is not None else None
        if last is None or last.i + 2 >= len(doc) or last.whitespace_:
            continue
        mark, word = doc[last.i + 1], doc[last.i + 2]
        if mark.text != "-" or mark.whitespace_ or not word.is_alpha:
            continue
        end = word.i
        while end + 1 < len(doc) and not _line_break(doc, end, end + 1):
            nxt = doc[end + 1]
            if nxt.is_space and end + 2 < len(doc) and doc[end + 2].pos_ == "PROPN":
                end += 1  # a no-break space inside the name
            elif nxt.pos_ == "PROPN":
                end += 1  # the name the title is of ('co-host Mia Berg')
            else:
                break
        wider = (quote.source[0], doc[end].idx + len(doc[end].text))
        if not any(_overlap(wider, r) for r in taken):
            quote.source = wider


# A news story's dateline: 'CLEVELAND, July 19 (UPI) — ', 'Philadelphia (AFP) – ', 'WASHINGTON — '.
_DATELINE = re.compile(
    r"(?:[A-Z]{3,}[A-Z .]*(?:,[^—–\n()]{1,30})?\s*(?:\([\w ]{2,15}\))?|[^—–\n()]{1,40}\((?:AP|AFP|Reuters|UPI)\))"
    r"\s*(?:—|–|--|-)\s+(?=\w)"
)


def _without_dateline(text: str, source: tuple[int, int]) -> tuple[int, int]:
    """A source opening its paragraph without the story's dateline (PolNeAR leaves it out)."""
    m = _DATELINE.match(text, source[0], source[1])
    if m is None or (source[0] > 0 and text[source[0] - 1] != "\n"):
        return source
    return m.end(), source[1]


def _without_even(text: str, source: tuple[int, int]) -> tuple[int, int]:
    """'Even Obama said': the focus word is not the speaker's (PolNeAR leaves it out 29 times of 37)."""
    m = re.match(r"(?i)even\s+(?=\S)", text[source[0] : source[1]])
    return (source[0] + m.end(), source[1]) if m is not None else source


# Sources that grow to their whole noun phrase: subjects (the parse's other heads are too often
# a preposition's object that is no speaker's name).
_WHOLE_DEPS = ("nsubj", "nsubjpass")
_NOT_SPEAKER_WORDS = frozenset({"even", "all", "both"})


def _not_speaker(child: Any) -> bool:
    """A child of a source's head that PolNeAR leaves out of the source: 'even Obama', 'Smith and
    Jones both', 'Trump on Tuesday', 'Cohn, writing in The Times'."""
    if child.lower_ == "even" or (child.lower_ in _NOT_SPEAKER_WORDS and child.i > child.head.i):
        return True  # 'both' and 'all' before the noun are the speaker's ('Both campaigns said')
    if (
        child.dep_ == "prep"
        and child.lower_ not in ("of", "from")
        and any(g.ent_type_ in ("DATE", "TIME") for g in child.children)
    ):
        return True
    if (
        child.dep_ == "prep"
        and child.lower_ in ("at", "in")
        and any(
            g.lower_ in ("time", "filing", "statement", "interview", "speech", "remarks")
            for g in child.subtree
        )
    ):
        return True
    if child.dep_ == "prep" and child.lower_ in ("during", "via"):
        return True  # 'Trump, during an interview on Fox, said', 'Ray, via email, said'
    return child.dep_ == "acl" and child.tag_ == "VBG" and child.i > child.head.i


def _org_aside(doc: Any, tok: Any, head: Any) -> bool:
    """``tok`` opens ', which ...' about an organisation named inside the speaker's phrase ('said
    Ann Ray, a spokeswoman for the Farm Bureau, which represents ...'): after the cue, the aside
    is the group's, not the speaker's (PolNeAR train: 5 sources right more, 2 wrong; before the
    cue it is 2 against 4, so the aside stays there)."""
    if tok.dep_ != "relcl" or tok.head.i == head.i or tok.head.ent_type_ != "ORG":
        return False
    first = tok.left_edge
    return first.lower_ == "which" and first.i > 0 and doc[first.i - 1].text == ","


# Verbs of saying that make a relative clause an attribution of its own ('who said ...').
_REPORTING_WORDS = "say add tell argue claim insist note concede acknowledge warn predict explain suggest write contend assert"
_REPORTING = frozenset(_REPORTING_WORDS.split())


def _reporting_clause(tok: Any) -> bool:
    """``tok`` heads a relative clause that reports speech ('Ann Ray, a pollster who said she ...',
    'Lee, who added that ...'): PolNeAR leaves it out of the speaker's phrase and makes it a
    quote of its own (train: 41 such clauses left out, 8 kept)."""
    if tok.dep_ != "relcl":
        return False
    verbs = [tok, *(c for c in tok.children if c.dep_ == "conj")]
    return any(v.lemma_ in _REPORTING and any(c.dep_ == "ccomp" for c in v.children) for v in verbs)


def whole_sources(doc: Any, quotes: list[Quote], starts: dict, ends: dict) -> None:
    """A source grows to its whole noun phrase: titles before the name, appositions and relative
    clauses after it ('Trump adviser Jo Lee', 'said Ann Ray, who chairs the board'), as PolNeAR
    marks them, unless the words are another part of some quote; what is not the speaker's leaves
    it even where nothing grows ('Trump on Tuesday said', 'they all said')."""
    taken = [r for q in quotes for r in (*q.contents, q.cue, q.source) if r is not None]
    for quote in quotes:
        found = _source_head(doc, quote, starts, ends)
        if found is None or found[2].dep_ not in _WHOLE_DEPS:
            continue
        first, last, head = found
        start, end = head.left_edge.i, head.right_edge.i + 1
        for child in head.children:
            if not _not_speaker(child):
                continue
            if child.i < head.i:
                start = max(start, child.right_edge.i + 1)
            else:
                end = min(end, child.left_edge.i)
        for tok in doc[head.i + 1 : end]:
            if quote.cue is not None and quote.cue[1] <= quote.source[0] and _org_aside(doc, tok, head):
                end = min(end, tok.left_edge.i - 1)
            if _reporting_clause(tok):
                end = min(end, tok.left_edge.i)
        while start < head.i and doc[start].text in QUOTE_CHARS + "’'":
            start += 1  # a quote's closing mark the parse hangs on the speaker
        rng = _trimmed(doc, start, end)
        if rng is None or rng == (first.i, last.i + 1):
            continue
        if _line_break(doc, rng[0], rng[1] - 1):
            continue
        wider = _chars(doc, *rng)
        if any(_overlap(wider, r) for r in taken if r not in (quote.source, wider)):
            continue  # (another quote's source may be the same speaker's words)
        quote.source = wider


# The verb group by its words, for the rules: auxiliaries, "not" and the adverbs the rules
# leave between a speaker and the cue.
_GROUP_WORD_LIST = """
    has have had is was were are am be been will would can could may might should must did does do
    not never also later previously then again once recently earlier repeatedly further simply
    just quickly finally often frequently reportedly publicly privately angrily flatly still now
    doesn't didn't don't hasn't haven't hadn't isn't wasn't weren't won't wouldn't can't couldn't
"""
_GROUP_WORDS = frozenset(_GROUP_WORD_LIST.split())
_WORD_BEFORE = re.compile(r"([\w’']+)\s+$")


def _words_group(text: str, cue: tuple[int, int], source: tuple[int, int] | None) -> tuple[int, int]:
    """The cue with the verb group written before it ('has also said'), read from the words."""
    start = cue[0]
    for _ in range(4):
        m = _WORD_BEFORE.search(text, max(0, start - 20), start)
        if m is None or m.group(1).lower().replace("’", "'") not in _GROUP_WORDS:
            break
        if source is not None and _overlap((m.start(1), m.end(1)), source):
            break
        if "\n" in text[m.start(1) : start]:
            break
        start = m.start(1)
    return start, cue[1]


def _without_listener(text: str, cue: tuple[int, int]) -> tuple[int, int]:
    m = _TOLD.match(text, cue[0], cue[1])
    return (cue[0], m.end()) if m is not None else cue


_TOLD = re.compile(r"(?i)(?:tell|tells|told|telling)\b(?=\s+\S)")

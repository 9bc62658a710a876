"""Who speaks, from a dependency parse: the subject of a cue, and the speakers a small parse loses.

The subject of a cue verb (or of the verb it hangs on), cut before relative
clauses; the first speaker for a participle the parse hangs on a reported
clause ('Trump argued that ..., saying'); a name before an aside when the cue
has none ('Sanders, meanwhile, who ..., said'); and, for quotes found by their
marks, the cue's subject or the clause governing a fragment
(``parse_sources``). Also the token-range helpers the parse rules share
(``_trimmed``, ``_chars``, line breaks), so ``quotes_parse`` (the
attributions) and this module do not import each other.
"""

from __future__ import annotations

import re
from typing import Any

from annotator.assist.quotes_direct import Quote

QUOTE_CHARS = '"“”„«»'


_SUBJECTS = ("nsubj", "nsubjpass")


_INHERIT = ("advcl", "conj", "xcomp", "acl", "acomp")


def _trimmed(doc: Any, start: int, end: int) -> tuple[int, int] | None:
    """Token range without leading/trailing punctuation and conjunctions (end exclusive)."""
    while start < end and (doc[start].is_punct and doc[start].text not in QUOTE_CHARS or doc[start].is_space):
        start += 1
    while end > start and (
        (doc[end - 1].is_punct and doc[end - 1].text not in QUOTE_CHARS + "!?")
        or doc[end - 1].is_space
        or doc[end - 1].dep_ == "cc"
    ):
        end -= 1
    return (start, end) if start < end else None


def _chars(doc: Any, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _source(doc: Any, verb: Any) -> tuple[int, int] | None:
    """The subject of ``verb`` (or of the verb it hangs on) as a token range, relative clauses cut."""
    if (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_.startswith("aux") for c in verb.children)
    ):
        return None  # 'Asked if he was bullied, the governor said no': the governor was asked
    agent = _agent(doc, verb)
    if agent is not None:
        return agent
    seen = 0
    verb = _matrix(verb) or verb
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                if _across_lines(doc, child, verb):
                    return None  # another paragraph's words
                if child.pos_ == "PRON" and child.lower_ in _NOT_SPEAKERS.get(child.dep_, ()):
                    return None
                right = child.i
                for sub in child.subtree:
                    if sub.i > child.i and any(
                        a.dep_ in ("relcl", "acl") and a.head.i == child.i for a in [sub, *sub.ancestors]
                    ):
                        break
                    right = max(right, sub.i)
                start = child.left_edge.i
                while start < child.i and doc[start].text in QUOTE_CHARS + "’'":
                    start += 1  # '“...,” Texas delegate Bill Eastman said': the quote's mark is not his
                return _trimmed(doc, start, right + 1)
        # 'Durbin, noting the size of his following, said ...': a small parse hangs the speaker
        # on the participle before the verb.
        early = [
            c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i and c.tag_ == "VBG" and not seen
        ]
        for c in early:
            subject = next((g for g in c.children if g.dep_ == "nsubj" and g.i < c.i), None)
            if subject is not None and subject.pos_ in ("PROPN", "NOUN"):
                return _trimmed(
                    doc,
                    subject.left_edge.i,
                    c.left_edge.i if c.left_edge.i > subject.i else subject.right_edge.i + 1,
                )
        if verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBD") and verb.head.i < verb.i:
            # 'Erin Brockovich, the activist, ..., saying she ...', 'Two analysts found in 2014 that':
            # the small parse hangs the cue on the speaker's noun.
            noun = _speaker_noun(verb.head)
            if noun is not None:
                return noun
        if verb.head.i == verb.i:
            return None
        if verb.dep_ == "pcomp" or (
            verb.dep_ in ("dobj", "pobj") and verb.pos_ in ("NOUN", "PROPN") and seen
        ):
            # "erred in saying that": up through the preposition; "placed ads calling the deal":
            # the participle's noun is the object of the verb whose subject speaks.
            verb = verb.head.head if verb.dep_ == "pobj" else verb.head
            if verb.pos_ == "ADP":
                verb = verb.head
            seen += 1
            continue
        if verb.dep_ not in _INHERIT:
            return None
        verb, seen = verb.head, seen + 1
    return None


def _agent(doc: Any, verb: Any) -> tuple[int, int] | None:
    """The speaker of a passive cue, after "by" ('Lopez was asked by the moderator whether ...':
    the moderator asks; 'an option seen by organizers as ...')."""
    if verb.tag_ != "VBN":
        return None
    agent = next((c for c in verb.children if c.dep_ == "agent" and c.i > verb.i), None)
    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    if pobj is None or _across_lines(doc, pobj, verb):
        return None
    return _trimmed(doc, pobj.left_edge.i, pobj.right_edge.i + 1)


# Pronoun subjects that name no speaker, by their dependency: "what" ever, "it" only of a passive
# ("it is said that"); "it reads", "a message that said", "the group, which said" do.
_NOT_SPEAKERS = {"nsubj": ("what",), "nsubjpass": ("it", "that", "this", "what", "which")}


def _matrix(verb: Any) -> Any:
    """The verb whose subject speaks for a cue without one, hung inside another's reported clause.

    'Trump argued that a database would keep them out, saying ...', 'Lazar said he
    welcomed it and added, ...': the small parse hangs the participle or the second
    verb on the reported clause, whose subject is not the speaker; None when not so.
    """
    if verb.dep_ not in ("advcl", "conj") or verb.head.i > verb.i:
        return None
    if any(c.dep_ in _SUBJECTS or c.dep_ == "mark" for c in verb.children):
        return None
    clause = verb.head
    while clause.dep_ == "conj" and clause.head.i < clause.i:
        clause = clause.head
    if clause.dep_ != "ccomp" or clause.head.i > clause.i:
        return None
    outer = clause.head
    if outer.pos_ not in ("VERB", "AUX") or not any(c.dep_ in _SUBJECTS for c in outer.children):
        return None
    return outer


# A speaker's noun keeps these children; the rest (clauses, appositives, asides) is the writer's.
_NOUN_PARTS = ("compound", "det", "amod", "poss", "nummod", "nmod", "case", "quantmod", "prep")


def _speaker_noun(noun: Any) -> tuple[int, int] | None:
    """The noun phrase of a speaker the parse left without a verb ('Erin Brockovich, ..., saying')."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.ent_type_ in ("DATE", "TIME", "CARDINAL"):
        return None
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head  # 'an army of Sanders supporters planning ...'
    if noun.dep_ not in ("ROOT", "nsubj", "appos", "nsubjpass"):
        return None
    kept = [noun.i]
    for child in noun.children:
        if child.dep_ in _NOUN_PARTS and (child.dep_ != "prep" or child.lower_ == "of"):
            kept += [t.i for t in child.subtree]
    start, end = min(kept), max(kept) + 1
    if any(t.pos_ in ("VERB", "AUX") for t in noun.doc[start:end]):
        return None
    return _trimmed(noun.doc, start, end)


def _cue_range(doc: Any, verb: Any) -> tuple[int, int]:
    end = verb.i + 1
    for child in verb.children:
        if child.dep_ == "prt" and child.i == end:
            end += 1
    return verb.i, end


def _across_lines(doc: Any, part: Any, verb: Any) -> bool:
    """True when a line break stands between ``verb`` and the head of ``part`` (or its near edge)."""
    edge = part.left_edge if part.i > verb.i else part.right_edge
    return _line_break(doc, min(part.i, edge.i, verb.i), max(part.i, edge.i, verb.i))


def _line_break(doc: Any, start: int, end: int) -> bool:
    """True when tokens ``start`` to ``end`` (exclusive) hold or are followed by a line break.

    Read from the tokens: ``doc.text`` joins the whole text anew on every call.
    """
    return any("\n" in doc[i].text_with_ws for i in range(start, end))


def lost_subject(doc: Any, verb: Any) -> tuple[int, int] | None:
    """The speaker of a cue whose subject the parse lost, in characters; None when it had one.

    The words right before the cue ('..., the candidate stated that'), or the name
    opening its sentence before an aside ('Sanders, meanwhile, who has none, said').
    """
    if any(c.dep_ in _SUBJECTS or c.dep_ == "expl" for c in verb.children):
        return None
    source = _words_before(doc, verb)
    if source is None:
        name = _name_before_aside(doc, verb)
        source = _chars(doc, *name) if name is not None else None
    return source


def _name_before_aside(doc: Any, verb: Any) -> tuple[int, int] | None:
    """'Mr. Slinker, whose start-up ..., said': the name before the first comma of the sentence
    when the cue follows a comma (the aside's end), as a token range."""
    start = verb.sent.start
    for tok in doc[start : verb.i]:
        if tok.is_space and "\n" in tok.text:
            start = tok.i + 1
    prev = verb.i - 1
    while prev > start and doc[prev].dep_ == "advmod":
        prev -= 1  # ', also said'
    if prev <= start or doc[prev].text not in (",", ")"):
        return None
    first = start
    while first < prev and (doc[first].dep_ == "cc" or doc[first].is_punct):
        first += 1  # 'But Sen. Durbin, ...'
    comma = next((t.i for t in doc[first:prev] if t.text == ","), None)
    if comma is None or not 1 <= comma - first <= 8:
        return None
    name = doc[first:comma]
    if (
        name[0].pos_ not in ("PROPN", "DET", "ADJ", "NOUN")
        or not any(t.pos_ in ("PROPN", "NOUN") for t in name)
        or any(t.pos_ in ("VERB", "AUX", "SCONJ", "PRON") and t.dep_ != "poss" for t in name)
        or any(t.pos_ == "ADP" and t.lower_ != "of" for t in name)
        or any(t.ent_type_ in ("DATE", "TIME", "ORDINAL", "CARDINAL") for t in name)
        or (name[0].is_upper and len(name[0].text) > 2)
    ):
        return None
    return _trimmed(doc, first, comma)


def _words_before(doc: Any, verb: Any) -> tuple[int, int] | None:
    """The noun phrase right before a cue whose subject the parse lost, read as the rules read it.

    'Jay DiPietro, the club's president, suggested that ...' parsed with the
    name hung on an earlier noun: the words before the cue still name the speaker.
    """
    from annotator.assist.quotes_direct import _source_before, _tokens

    sent = verb.sent
    if verb.i == sent.start:
        return None
    text = doc.text
    source = _source_before(_tokens(text, sent.start_char, verb.idx))
    if source is None:
        return None
    phrase = text[source[0] : source[1]]
    if not phrase[:1].isupper() and phrase.split()[0] not in ("the", "a", "an", "another", "one"):
        return None  # 'the Democratic candidate stated that': a noun phrase, not any words
    return source


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def parse_sources(doc: Any, quotes: list[Quote]) -> None:
    """Give quotes found by their marks the subject of their cue verb as the parse shows it.

    The rules read a source off the words beside the cue; the parse knows that
    in "Bush referred to Rubio as ... but described it as a “work in
    progress”" the one describing is Bush.
    """
    starts = {t.idx: t for t in doc}
    for quote in quotes:
        if quote.cue is None:
            _governing_speaker(doc, starts, quote)
            continue
        verb = starts.get(quote.cue[0])
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            continue
        source = _source(doc, verb)
        if source is None:
            if quote.source is None and verb.dep_ == "ROOT":
                quote.source = lost_subject(doc, verb)
            continue
        rng = _chars(doc, *source)
        if not any(_overlap(rng, c) for c in quote.contents):
            quote.source = rng


def _governing_speaker(doc: Any, starts: dict, quote: Quote) -> None:
    """A fragment with no cue beside it, inside a clause whose subject is someone: that clause's verb
    is the cue ('Trump vowed to “put America first”', 'Clinton pushed her “breaking down barriers”
    message'), the subject the source."""
    s, e = quote.contents[0]
    tok = starts.get(s)
    if tok is None or e - s > 200:
        return
    for verb in tok.ancestors:
        if _line_break(doc, min(tok.i, verb.i), max(tok.i, verb.i)):
            return  # a verb of another paragraph (the parse ran the sentence over a line break)
        if verb.pos_ != "VERB":
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None:
            continue
        if subject.ent_type_ in ("PERSON", "ORG", "NORP") or subject.lower_ in (
            "he",
            "she",
            "they",
            "we",
            "i",
        ):
            source = _trimmed(doc, subject.left_edge.i, subject.i + 1)
            if source is not None and not any(_overlap(_chars(doc, *source), c) for c in quote.contents):
                quote.cue = _chars(doc, *_cue_range(doc, verb))
                quote.source = _chars(doc, *source)
        return


# What PolNeAR's cues hold besides the verb: its auxiliaries, negation and the adverbs between
# the speaker and the verb ('has also said', 'did not say', 'is accused of', 'to say').
_VERB_GROUP = ("aux", "auxpass", "neg", "advmod")


def verb_groups(doc: Any, quotes: list[Quote]) -> None:
    """Widen each quote's cue to the verb group written before it ('has repeatedly said').

    Only words right before the cue that hang on its verb join, so a subject, a
    comma or an aside ('Trump, meanwhile, said') stops the cue where it was.
    """
    starts = {t.idx: t for t in doc}
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
            if tok.head.i != verb.i or tok.dep_ not in _VERB_GROUP or not _group_word(tok):
                break
            if quote.source is not None and _overlap((tok.idx, tok.idx + len(tok)), quote.source):
                break
            if "\n" in tok.text_with_ws:
                break
            start -= 1
        start = _catenative(doc, verb, start, quote.source)
        if start < first.i:
            quote.cue = (doc[start].idx, quote.cue[1])


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
        new = matrix.i
        while new > matrix.sent.start:
            tok = doc[new - 1]
            if tok.head.i != matrix.i or tok.dep_ not in _VERB_GROUP or not _group_word(tok):
                break
            new -= 1
        if source is not None and _overlap(_chars(doc, new, start), source):
            break
        if _line_break(doc, new, start):
            break
        start, verb = new, matrix
    return start


def _group_word(tok: Any) -> bool:
    """An auxiliary, 'not', 'to', or a plain adverb ('also', 'repeatedly'), not 'when' or 'as'."""
    if tok.dep_ == "advmod":
        return tok.pos_ == "ADV" and tok.tag_ == "RB" and tok.is_alpha
    return not tok.is_punct


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
        unspoken(doc, quotes)
        verb_groups(doc, quotes)
        prepositions(doc, quotes)
        whole_sources(doc, quotes)
        possessives(doc, quotes)
    for quote in quotes:
        if quote.source is not None:
            quote.source = _without_even(text, quote.source)


def prepositions(doc: Any, quotes: list[Quote]) -> None:
    """The preposition that opens a content after the cue joins the cue ('spoke about | the
    plan', 'distanced himself from | the group'): PolNeAR's cues hold it 649 times of 678."""
    starts = {t.idx: t for t in doc}
    ends = {t.idx + len(t.text): t for t in doc}
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


def unspoken(doc: Any, quotes: list[Quote]) -> None:
    """No source for what a subject is said or seen to be: 'Nabisco is expected to cut jobs', 'Carson
    seems to recognize': the subject is what is said (PolNeAR gives such quotes no source 399 times
    of 526 for a passive cue without 'by', 184 of 228 for 'seem' and 'appear')."""
    starts = {t.idx: t for t in doc}
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
        if not (passive or seeming):
            continue
        subject = next((c for c in children if c.dep_ in _SUBJECTS), None)
        if subject is not None and quote.source[0] <= subject.idx < quote.source[1]:
            quote.source = None


def possessives(doc: Any, quotes: list[Quote]) -> None:
    """A possessor keeps its 's ('Trump’s claim that ...': PolNeAR's source is 'Trump’s')."""
    ends = {t.idx + len(t.text): t for t in doc}
    for quote in quotes:
        last = ends.get(quote.source[1]) if quote.source is not None else None
        if last is None or last.i + 1 >= len(doc):
            continue
        mark = doc[last.i + 1]
        if mark.dep_ == "case" and mark.head.i == last.i and mark.idx == quote.source[1]:
            quote.source = (quote.source[0], mark.idx + len(mark.text))


def _without_even(text: str, source: tuple[int, int]) -> tuple[int, int]:
    """'Even Obama said': the focus word is not the speaker's (PolNeAR leaves it out 29 times of 37)."""
    m = re.match(r"(?i)even\s+(?=\S)", text[source[0] : source[1]])
    return (source[0] + m.end(), source[1]) if m is not None else source


# Sources that grow to their whole noun phrase: subjects (the parse's other heads are too often
# a preposition's object that is no speaker's name).
_WHOLE_DEPS = ("nsubj", "nsubjpass")
_NOT_SPEAKER_WORDS = frozenset({"even", "all", "both", "himself", "herself", "themselves", "itself"})


def _not_speaker(child: Any) -> bool:
    """A child of a source's head that PolNeAR leaves out of the source: 'even Obama', 'Smith and
    Jones both', 'Trump on Tuesday', 'Cohn, writing in The Times'."""
    if child.lower_ in _NOT_SPEAKER_WORDS:
        return True
    if child.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
        return True
    if (
        child.dep_ == "prep"
        and child.lower_ in ("at", "in")
        and any(g.lower_ in ("time", "filing", "statement", "interview") for g in child.subtree)
    ):
        return True
    return child.dep_ == "acl" and child.tag_ == "VBG" and child.i > child.head.i


def whole_sources(doc: Any, quotes: list[Quote]) -> None:
    """A source grows to its whole noun phrase: titles before the name, appositions and relative
    clauses after it ('Trump adviser Jo Lee', 'said Ann Ray, who chairs the board'), as PolNeAR
    marks them, unless the words are another part of some quote."""
    starts = {t.idx: t for t in doc}
    ends = {t.idx + len(t.text): t for t in doc}
    taken = [r for q in quotes for r in (*q.contents, q.cue, q.source) if r is not None]
    for quote in quotes:
        if quote.source is None:
            continue
        first, last = starts.get(quote.source[0]), ends.get(quote.source[1])
        if first is None or last is None or last.i < first.i:
            continue
        inside = range(first.i, last.i + 1)
        heads = [t for t in doc[first.i : last.i + 1] if t.head.i not in inside or t.head.i == t.i]
        if len(heads) != 1 or heads[0].dep_ not in _WHOLE_DEPS:
            continue
        head = heads[0]
        start, end = head.left_edge.i, head.right_edge.i + 1
        for child in head.children:
            if not _not_speaker(child):
                continue
            if child.i < head.i:
                start = max(start, child.right_edge.i + 1)
            else:
                end = min(end, child.left_edge.i)
        while start < head.i and doc[start].text in QUOTE_CHARS + "’'":
            start += 1  # a quote's closing mark the parse hangs on the speaker
        rng = _trimmed(doc, start, end)
        if rng is None or rng[0] > first.i or rng[1] <= last.i or rng == (first.i, last.i + 1):
            continue
        if _line_break(doc, rng[0], rng[1] - 1):
            continue
        wider = _chars(doc, *rng)
        if any(_overlap(wider, r) for r in taken if r != quote.source):
            continue
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

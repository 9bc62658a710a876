"""Who speaks, from a dependency parse: the subject of a cue, and the speakers a small parse loses.

The subject of a cue verb (or of the verb it hangs on), cut before relative
clauses (``quotes_extents`` gives them back once the quotes are paired), or
a passive cue's agent ('was asked by the moderator'); the first speaker for a participle the parse hangs on a reported
clause ('Trump argued that ..., saying'); a name before an aside when the cue
has none ('Sanders, meanwhile, who ..., said'); and, for quotes found by their
marks, the cue's subject or the clause governing a fragment
(``parse_sources``). Also the token-range helpers the parse rules share
(``_trimmed``, ``_chars``, line breaks), so ``quotes_parse`` (the
attributions) and this module do not import each other.
"""

from __future__ import annotations

import bisect
import re
import weakref
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
    agent = _agent(doc, verb)
    if agent is not None:
        return agent  # 'Asked by the moderator to respond, the governor ...': the moderator asks
    if (
        (verb.tag_ == "VBN" or _opening_past(doc, verb))
        and verb.dep_ == "advcl"
        and not any(c.dep_.startswith("aux") for c in verb.children)
    ):
        return None  # 'Asked if he was bullied, the governor said no': the governor was asked
    seen = 0
    verb = _matrix(verb) or verb
    while verb is not None and seen < 4:
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjects and all(_across_lines(doc, c, verb) for c in subjects):
            return None  # another paragraph's words
        first, speaker = _speaker_subjects(doc, verb, subjects)
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                if _across_lines(doc, child, verb):
                    continue  # '9:30 p.m. ⏎ Donald Trump says': a time line the parse made a subject too
                if _dateline_subject(doc, child, subjects):
                    continue  # 'LONDON (Reuters) - Donald Trump said': the story's dateline
                if speaker is not None and child.i != speaker.i:
                    continue  # 'Voters, Clinton suggested': one of several subjects speaks
                if child.pos_ == "PRON" and child.lower_ in _NOT_SPEAKERS.get(child.dep_, ()):
                    return None
                right = child.i
                clauses = {t.i for c in child.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
                for sub in child.subtree:
                    if sub.i > child.i and sub.i in clauses:
                        break
                    right = max(right, sub.i)
                start = (first if speaker is not None else child).left_edge.i
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
            noun = _speaker_noun(verb.head, _right_after(verb), verb)
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
            if verb.pos_ in ("ADP", "SCONJ"):  # "Despite", "Since" read as conjunctions too
                verb = verb.head
            if (
                verb.pos_ in ("ADJ", "ADV")
                and verb.dep_ in ("acomp", "attr", "advmod")
                and verb.head.i != verb.i
            ):
                verb = verb.head  # 'was the most aggressive in denouncing', 'stopped short of calling for'
            seen += 1
            continue
        if verb.dep_ not in _INHERIT:
            return None
        controller = _controller(doc, verb)
        if controller is not None:
            return controller
        verb, seen = verb.head, seen + 1
    return None


# Verbs of questioning: their participle names the one asked, never the one asking.
_QUESTIONING = frozenset({"ask", "press", "question"})


def _opening_past(doc: Any, verb: Any) -> bool:
    """A participle of questioning the small parse tags as a past verb, opening its clause with no
    subject ('Asked what it would cost, Lee said', 'when asked whom she backed'): only 'when',
    'if' and the like before it in its clause."""
    if verb.tag_ != "VBD" or verb.lemma_.lower() not in _QUESTIONING:
        return False
    if any(c.dep_ in _SUBJECTS for c in verb.children):
        return False
    return all(t.dep_ in ("advmod", "mark") for t in doc[verb.left_edge.i : verb.i])


# Relative words the parse makes a second subject of the clause's verb ('which she said is',
# 'who many feel'): the other subject speaks.
_RELATIVE_SUBJECTS = frozenset({"who", "whom", "which", "that", "what"})


def _speaker_subjects(doc: Any, verb: Any, subjects: list) -> tuple[Any, Any]:
    """Of several subjects the parse gives ``verb`` before it, the first token of the source and
    the subject whose phrase ends it; (None, None) when there are fewer than two.

    Parts of one name or list ('Vatican spokesman the Rev. Ann Lee', 'Lee, Ray', 'hopefuls Ann
    Lee and Bo Ray') make one source; subjects with words of their own between them ('An
    argument ... ("...," Ann Lee wrote', 'Voters, Lee suggested') leave the one nearest the verb.
    """
    before = [
        c
        for c in subjects
        if c.i < verb.i and not _across_lines(doc, c, verb) and not _dateline_subject(doc, c, subjects)
    ]
    named = [c for c in before if not (c.lower_ in _RELATIVE_SUBJECTS and c.tag_ in ("WDT", "WP"))]
    if len(before) < 2:
        return None, None
    if named and len(named) < len(before):
        before = named  # 'which she said': she
        if len(before) < 2:
            return before[0], before[0]
    last = before[-1]
    inside = {t.i for c in before for t in c.subtree}
    gap = [t for t in doc[before[0].left_edge.i : last.left_edge.i] if t.i not in inside and not t.is_space]
    if all(t.is_punct or t.dep_ == "cc" for t in gap):
        return before[0], last
    return last, last


# Verbs that make their object think or say something ('led some allies to worry').
_CAUSING = frozenset(
    {"lead", "prompt", "leave", "cause", "force", "spur", "inspire", "push", "drive", "move"}
)


_DASHES = ("—", "–", "-", "--")


def _dateline_subject(doc: Any, subject: Any, subjects: list) -> bool:
    """``subject`` is a dateline the parse made a second subject: 'LONDON (Reuters) - Donald Trump
    said', its words closed by ')' and a dash before the real subject."""
    if not any(other.i > subject.i for other in subjects):
        return False
    end = subject.right_edge.i
    if end + 1 < len(doc) and doc[end + 1].text in _DASHES:
        end += 1  # the dash the parse leaves out of the subject
    if doc[end].text not in _DASHES:
        return False
    if doc[end - 1].text == ")":
        return True
    # 'WASHINGTON -- President Obama said': a place in capitals opening its line.
    words = [t for t in doc[subject.left_edge.i : end] if t.is_alpha]
    first = subject.left_edge.i
    line_start = first == 0 or "\n" in doc[first - 1].text_with_ws
    return line_start and bool(words) and all(t.is_upper and len(t) > 1 for t in words)


def _controller(doc: Any, verb: Any) -> tuple[int, int] | None:
    """The object before an infinitive cue, who does what it says: 'has led some allies | to
    worry', 'left many voters | to wonder' (the matrix verb's subject is not the speaker)."""
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    head = verb.head
    if head.lemma_.lower() not in _CAUSING:
        return None  # 'used his speech to attack', 'urged voters to reject': the subject speaks
    obj = next((c for c in head.children if c.dep_ == "dobj" and head.i < c.i < verb.i), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN", "PRON") or _across_lines(doc, obj, verb):
        return None
    return _trimmed(doc, obj.left_edge.i, obj.right_edge.i + 1)


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
    if _line_break(outer.doc, outer.i, clause.i):
        return None  # '... Morrison said. ⏎ "...," Mr. Morrison said, referring to': another paragraph's verb
    return outer


# A speaker's noun keeps these children; the rest (clauses, appositives, asides) is the writer's.
_NOUN_PARTS = ("compound", "det", "amod", "poss", "nummod", "nmod", "case", "quantmod", "prep")


def _right_after(verb: Any) -> bool:
    """``verb`` is a participle written right after its noun's phrase, no comma between ('a group
    backing Bush', 'polls showing a tie'): the noun is the one saying, whatever its own role."""
    return verb.tag_ == "VBG" and not any(t.is_punct for t in verb.doc[verb.head.i + 1 : verb.i])


# Roles of a noun a participle right after it speaks for ('money went to a group backing Bush',
# 'among those describing themselves as'); PolNeAR's source is that noun's phrase.
# Not the object of a verb ('issued a statement saying': the subject speaks, 9 of 11 on train),
# nor of a preposition of where or when it was said ('on a microphone telling', 'at one point calling').
_ANY_ROLE = ("ROOT", "nsubj", "appos", "nsubjpass", "pobj", "attr", "conj", "npadvmod")
_WHERE_SAID = frozenset({"at", "on", "during"})
# (parts of speech, entity types that name no speaker, roles) of a speaker's noun: left without a
# verb ('Erin Brockovich, ..., saying'), or right before its participle ('those describing', 'two
# backing him': a pronoun or a number may speak there).
_SPEAKER = (("NOUN", "PROPN"), ("DATE", "TIME", "CARDINAL"), ("ROOT", "nsubj", "appos", "nsubjpass"))
_CLOSE_SPEAKER = (("NOUN", "PROPN", "PRON", "DET", "NUM"), ("DATE", "TIME"), _ANY_ROLE)


def _speaker_noun(noun: Any, close: bool = False, verb: Any = None) -> tuple[int, int] | None:
    """The noun phrase of a speaker the parse left without a verb ('Erin Brockovich, ..., saying';
    with ``close``, a participle right after the noun: 'a group backing', 'those describing'),
    without ``verb``, the participle, where it hangs inside the phrase ('the chorus of critics |
    calling for')."""
    kinds, times, roles = _CLOSE_SPEAKER if close else _SPEAKER
    if noun.pos_ not in kinds or noun.ent_type_ in times:
        return None
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NOUN", "PROPN"):
        noun = noun.head.head  # 'an army of Sanders supporters planning ...'
    if noun.dep_ not in roles:
        return None
    if noun.dep_ == "pobj" and noun.head.lower_ in _WHERE_SAID:
        return None  # 'was heard on a microphone telling', 'went after him at the debate refusing'
    said = {t.i for t in verb.subtree} if verb is not None else set()
    kept = [noun.i]
    for child in noun.children:
        if child.dep_ in _NOUN_PARTS and (child.dep_ != "prep" or child.lower_ == "of"):
            kept += [t.i for t in child.subtree if t.i not in said]
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
    breaks = _breaks(doc)
    k = bisect.bisect_left(breaks, start)
    return k < len(breaks) and breaks[k] < end


# Each parsed doc's tokens that hold or are followed by a line break, found once per doc.
_BREAKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _breaks(doc: Any) -> list[int]:
    """The indexes of ``doc``'s tokens whose text with its space holds a line break, in order."""
    breaks = _BREAKS.get(doc)
    if breaks is None:
        starts = [t.idx for t in doc]
        found = {bisect.bisect_right(starts, m.start()) - 1 for m in re.finditer("\n", doc.text)}
        breaks = _BREAKS[doc] = sorted(found)
    return breaks


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

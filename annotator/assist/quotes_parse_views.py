"""Attributions from a parse without a cue verb: cue nouns, stance adjectives, hearsay and polls.

The other rules of ``quotes_parse``: "his criticism of Trump", "a pledge to
...", partisans ("a critic of"), "reportedly", "seems to", "in a poll, ...",
"for most Democrats, ...", "skeptical of", "made clear that", "records show".
"""

from __future__ import annotations

import re
from typing import Any

from annotator.assist.cues import Cues
from annotator.assist.quotes_direct import Quote
from annotator.assist.quotes_extents import _VERB_GROUP
from annotator.assist.quotes_parse_sources import (
    _SUBJECTS,
    QUOTE_CHARS,
    _chars,
    _source,
    _trimmed,
)
from annotator.assist.quotes_parse_verbs import (
    _SPEAKER_NOUNS,
    _clause_without,
    _content,
    _has_quote,
    _is_cue,
    _prep_object,
    _report,
    _speaks,
    _when_where,
)


def _noun_attribution(doc: Any, noun: Any, cues: Cues) -> Quote | None:
    """'his criticism of Trump', 'Clinton’s claim that ...': the possessor speaks, the rest is said."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is None:
        # 'complaints that it was underfunded', 'criticism from rivals that ...', 'questions about
        # her email habits': without a possessor, the "that" or "about" part is still reported;
        # a "from" part is the source.
        return _unowned(doc, noun)
    part = next(
        (
            c
            for c in noun.children
            if c.i > noun.i
            and (
                (c.dep_ == "prep" and c.lower_ in ("of", "for", "on", "about", "against", "to"))
                or c.dep_ in ("acl", "ccomp")
            )
        ),
        None,
    )
    if part is None:
        return None
    first = part.i + 1 if part.dep_ == "prep" else part.left_edge.i
    rng = _trimmed(doc, first, part.right_edge.i + 1)
    said_end = None
    if part.dep_ == "acl" and part.tag_ == "VBG" and _is_cue(part, cues):
        # 'her statement explaining that ...': the participle is the cue's last word.
        said, said_end = _content(doc, part, cues)
        if said is not None and said[0] >= said_end:
            rng = said
        else:
            said_end = None
    source = _trimmed(doc, poss.left_edge.i, poss.right_edge.i + 1)
    if rng is None or source is None:
        return None
    # "Trump's" is the source as written without its possessive ending.
    s_start, s_end = _chars(doc, *source)
    if doc[source[1] - 1].dep_ == "case":
        s_end = doc[source[1] - 1].idx
    cue_end = part.i if part.dep_ == "prep" else noun.i + 1
    if said_end is not None:
        cue_end = said_end
    quote = Quote(
        contents=[_chars(doc, *rng)],
        cue=_chars(doc, noun.i, max(cue_end, noun.i + 1) if part.dep_ != "prep" else part.i + 1),
        source=(s_start, s_end) if s_end > s_start else None,
        label="MIXED" if _has_quote(doc, *rng) else "INDIRECT",
    )
    return quote


# Cue nouns that report a content without a possessor ("complaints that ...", "questions about ...").
_UNOWNED = frozenset(
    {
        "criticism",
        "complaint",
        "question",
        "claim",
        "allegation",
        "accusation",
        "assertion",
        "suggestion",
        "warning",
        "speculation",
        "concern",
        "fear",
        "doubt",
        "belief",
        "insistence",
        "denial",
    }
)


def _unowned(doc: Any, noun: Any) -> Quote | None:
    if noun.lemma_.lower() not in _UNOWNED:
        return None
    part = None
    source = None
    for c in sorted(noun.children, key=lambda c: c.i):
        if c.i < noun.i:
            continue
        if c.dep_ == "prep" and c.lower_ in ("from", "by") and source is None:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                source = _trimmed(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
            continue
        that = c.dep_ in ("acl", "ccomp", "relcl") and any(
            g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for g in c.children
        )
        about = c.dep_ == "prep" and c.lower_ in ("about", "over", "that")
        if that or about:
            part = c
            break
    if part is None:
        return None
    first = part.i + 1 if part.dep_ == "prep" else part.left_edge.i
    rng = _trimmed(doc, first, part.right_edge.i + 1)
    if rng is None or rng[1] - rng[0] < 2:
        return None
    quote = Quote(
        contents=[_chars(doc, *rng)],
        cue=_chars(doc, noun.i, noun.i + 1),
        label="MIXED" if _has_quote(doc, *rng) else "INDIRECT",
    )
    if source is not None:
        quote.source = _chars(doc, *source)
    return quote


_OBJECT_PREPS = frozenset(
    {"of", "on", "against", "for", "to", "behind", "toward", "towards", "about", "over"}
)
# Verbs whose subject gets the stance, not gives it ('received the endorsement of X', 'faced criticism').
_GETTING = frozenset(
    {
        "receive",
        "win",
        "get",
        "earn",
        "draw",
        "face",
        "attract",
        "garner",
        "secure",
        "gain",
        "need",
        "lose",
        "seek",
        "court",
        "want",
        "require",
        "deserve",
        "enjoy",
        "have",
        "consolidate",
        "invite",
        "spark",
    }
)


def _given(doc: Any, noun: Any) -> Quote | None:
    """'Fiorina threw her support behind Cruz', 'He avoided direct criticism of Trump', 'Christie
    unleashed withering attacks against Rubio': a cue noun its verb's subject gives; the
    preposition's object is the content."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None and poss.pos_ != "PRON":
        return None
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head  # 'doubled down on attacks on X'
    if noun.dep_ not in ("dobj", "pobj") or verb.pos_ != "VERB" or verb.i > noun.i:
        return None
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    if verb.lemma_.lower() in _GETTING:
        return _gotten(doc, noun, verb)
    preps = [c for c in noun.children if c.dep_ == "prep" and c.i > noun.i]
    preps += [c for c in verb.children if c.dep_ == "prep" and c.i == noun.right_edge.i + 1]
    part = next((c for c in preps if c.lower_ in _OBJECT_PREPS), None)
    pobj = _prep_object(part) if part is not None else None
    if pobj is None:
        return None
    source = _source(doc, verb)
    if source is None:
        return None
    return _report(doc, _trimmed(doc, part.i + 1, pobj.right_edge.i + 1), (verb.i, part.i + 1), source)


def _gotten(doc: Any, noun: Any, verb: Any) -> Quote | None:
    """'Cruz received the endorsement of Gov. Pence', 'Clinton has won strong support from unions':
    the subject is what the stance is about, the "of" or "from" part its source."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    preps = [c for c in noun.children if c.dep_ == "prep" and c.i > noun.i]
    preps += [c for c in verb.children if c.dep_ == "prep" and c.i > noun.i]
    part = next((c for c in preps if c.lower_ in ("of", "from", "among")), None)
    pobj = next((g for g in part.children if g.dep_ == "pobj"), None) if part is not None else None
    if subject is None or pobj is None or subject.lower_ in _NOT_HOLDERS:
        return None
    source = _trimmed(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
    if source is None:
        return None
    rng = _trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)
    return _report(doc, rng, (verb.i, part.i + 1), source)


# Light verbs and the nouns that make them a cue: 'took aim at', 'made the case that', 'cast
# doubt on', 'drew attention to'. PolNeAR's cue runs from the verb over the noun (and the
# preposition that opens the content); the verb's subject is the source.
_LIGHT_NOUN_WORDS = {
    "make": """case point mention commitment secret fun plea promise pledge apology observation charge
        argument claim statement comment remark joke threat vow appeal pitch accusation allegation
        prediction suggestion assertion reference attack overture request demand""",
    "take": "aim shot swipe issue stance position jab dig potshot exception offense credit side",
    "have": """view idea feeling doubt concern misgiving reservation opinion response critique message
        word words qualm""",
    "draw": "attention contrast comparison distinction",
    "pay": "tribute attention homage",
    "turn": "attention",
    "cast": "doubt vote blame aspersion",
    "poke": "fun",
    "raise": "question concern doubt objection alarm",
    "float": "idea notion possibility",
    "level": "charge accusation criticism",
    "lodge": "complaint objection",
    "trade": "barb insult jab",
}
_LIGHT_NOUNS = {verb: frozenset(words.split()) for verb, words in _LIGHT_NOUN_WORDS.items()}
_LIGHT_PREPS = _OBJECT_PREPS | {"at", "with", "in"}
_TIME_PREPS = frozenset({"in", "on", "at"})
# Nouns whose "to" part is the one addressed: 'made the case to voters', 'made a pitch to donors'.
_PLEAS = frozenset({"case", "point", "pitch", "appeal"})


def _light(doc: Any, noun: Any) -> Quote | None:
    """'Obama made the case that he did not sell them out', 'Sanders took aim at the banks': a
    light verb and its noun are the cue, the noun's "that"-clause, infinitive or preposition's
    object the content, the verb's subject the source."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.pos_ != "VERB" or verb.i > noun.i:
        return None
    if noun.lemma_.lower() not in _LIGHT_NOUNS.get(verb.lemma_.lower(), ()):
        return None
    after = sorted(
        (c for c in [*noun.children, *verb.children] if c.i > noun.i and c.dep_ != "punct"), key=lambda c: c.i
    )
    for c in after:
        if c.dep_ == "prep" and c.lower_ in _LIGHT_PREPS:
            if _prep_object(c, timeless=True) is None or (c.lower_ in _TIME_PREPS and _when_where(c)):
                continue  # 'paid tribute on Monday', 'made the case in Iowa'
            if c.lower_ == "to" and noun.lemma_.lower() in _PLEAS:
                continue  # 'made the case to voters that ...': the listener
            rng, cue_end = _trimmed(doc, c.i + 1, c.right_edge.i + 1), c.i + 1
        elif c.dep_ in ("acl", "ccomp", "relcl") and any(
            g.dep_ in ("mark", "aux") and g.lower_ in ("that", "to") and g.i < c.i for g in c.children
        ):
            rng, cue_end = _trimmed(doc, c.left_edge.i, c.right_edge.i + 1), noun.i + 1
        else:
            continue
        source = _source(doc, verb)
        if source is None:
            return None
        return _report(doc, rng, (verb.i, cue_end), source)
    return None


def _partisan(doc: Any, noun: Any) -> Quote | None:
    """'Lee is a proponent of abortion rights': what the people named stand for, they the source.
    Not in an apposition, a conjunct, an object or after a preposition ('said Lee, a supporter of
    Trump', 'to convince supporters of Trump': PolNeAR marks none of the 38 on train)."""
    if noun.dep_ in ("appos", "conj", "dobj", "pobj"):
        return None
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > noun.i), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is None:
        return None
    rng = _trimmed(doc, of.i + 1, pobj.right_edge.i + 1)
    left = noun.left_edge.i
    while left < noun.i and doc[left].dep_ in ("advmod", "cc", "punct", "prep"):
        left += 1  # "Once a proponent of ...": the adverb is not who
    source = _trimmed(doc, left, noun.i + 1)
    cue_start = noun.i
    verb = noun.head
    if noun.dep_ == "attr" and verb.lemma_ == "be" and any(c.dep_ == "nsubj" for c in verb.children):
        # 'Lee has long been a fierce critic of the plan': the cue runs from the copula's group,
        # the subject is the source (PolNeAR train, 12 of 16).
        cue_start = verb.i
        while (
            cue_start > 0 and doc[cue_start - 1].head.i == verb.i and doc[cue_start - 1].dep_ in _VERB_GROUP
        ):
            cue_start -= 1
        source = _source(doc, verb)
    if rng is None or source is None:
        return None
    quote = Quote(
        contents=[_chars(doc, *rng)],
        cue=_chars(doc, cue_start, noun.i + 1),
        label="MIXED" if _has_quote(doc, *rng) else "INDIRECT",
    )
    quote.source = _chars(doc, *source)
    return quote


_HEARSAY = frozenset({"reportedly", "allegedly", "purportedly", "reputedly"})
_POLLS = frozenset({"poll", "polls", "survey", "surveys", "polling"})


def _hearsay(doc: Any, adverb: Any) -> Quote | None:
    """'Cuccinelli reportedly reacted by ...': the clause is what someone reported; no source."""
    head = adverb.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    return _report(doc, _clause_without(doc, head, set()), (adverb.i, adverb.i + 1), min_tokens=3)


def _seeming(doc: Any, verb: Any) -> Quote | None:
    """'Clinton seemed irritated', 'his ability seemed shaky': the subject and how it seemed."""
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    comp = next((c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd") and c.i > verb.i), None)
    if subject is None or comp is None:
        return None
    return _report(doc, _trimmed(doc, subject.left_edge.i, comp.right_edge.i + 1), (verb.i, verb.i + 1))


def _is_poll(noun: Any) -> bool:
    """A poll, or an average of polls ('the RealClearPolitics average of state polls')."""
    if noun.lower_ in _POLLS:
        return True
    return noun.lemma_.lower() in ("average", "aggregate") and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in _POLLS for g in c.children)
        for c in noun.children
    )


def _in_poll(doc: Any, prep: Any, cues: Cues) -> Quote | None:
    """'Trump leads by ten points in a new CNN poll', 'In the latest survey, 71 percent approved of
    him': the poll is the source of the clause. Not where the poll is inside the subject of a cue
    ('voters in a poll said ...': the voters speak, the cue is theirs)."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or not _is_poll(pobj) or pobj.tag_ == "NNS" or pobj.lower_ == "polling":
        # 'has a decisive lead in the polls', 'slid in polling': a standing in polls at large, which
        # PolNeAR seldom attributes (12 of 66 right on train); one poll named is its source.
        return None
    head = prep.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    if prep.head.i != head.i and (_is_cue(head, cues) or _speaks(doc, head)):
        return None
    source = _trimmed(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
    if source is None:
        return None
    rng = _clause_without(doc, head, set(t.i for t in prep.subtree))
    return _report(doc, rng, (prep.i, prep.i + 1), source, min_tokens=3)


# Nouns of a view that open a clause as someone's: 'in his view', 'in Ms. Lee's opinion'.
_VIEW_NOUNS = frozenset({"view", "opinion", "estimation", "judgment", "judgement", "assessment", "telling"})


def _in_view(doc: Any, prep: Any) -> Quote | None:
    """'The change, in Ms. Ash's view, would help outsiders': the clause is the possessor's view;
    the noun is the cue (PolNeAR's), the possessor the source."""
    noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if noun is None or noun.lemma_.lower() not in _VIEW_NOUNS:
        return None
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    head = prep.head
    if poss is None or head.pos_ not in ("VERB", "AUX"):
        return None
    source = _trimmed(doc, poss.left_edge.i, poss.right_edge.i + 1)
    cut = set(t.i for t in prep.subtree)
    before = _trimmed(doc, head.left_edge.i, prep.i) if head.left_edge.i < prep.i < head.i else None
    rng = _clause_without(doc, head, cut)
    if before is not None and rng is not None and rng[0] > before[0]:
        # 'The change, in her view, would help': the subject before the aside is the view's too.
        return _report(doc, rng, (noun.i, noun.i + 1), source, before=before)
    return _report(doc, rng, (noun.i, noun.i + 1), source, min_tokens=3)


# Who may hold the view of 'For most Democrats, ...': people, not times or aims ('For years', 'To win').
_VIEW_HOLDERS = frozenset({"many", "most", "some", "others", "all", "both", "him", "her", "them", "me", "us"})


def _in_view_of(doc: Any, prep: Any) -> Quote | None:
    """'For most Democrats, the Clinton years remain the good old days', 'To Sexton, Tuesday marked a
    turning point': a sentence opening with someone's view; the rest of the clause is that view."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    head = prep.head
    if pobj is None or head.pos_ not in ("VERB", "AUX") or head.i < prep.i:
        return None
    first = prep.sent.start
    while first < prep.i and (doc[first].dep_ == "cc" or doc[first].is_punct or doc[first].is_space):
        first += 1  # 'But for others, ...'
    if first != prep.i:
        return None
    after = pobj.right_edge.i + 1
    while after < min(len(doc), pobj.right_edge.i + 3) and doc[after].ent_type_ == "DATE":
        after += 1  # 'For most Democrats today, ...'
    if after >= len(doc) or doc[after].text != ",":
        return None
    if not (
        pobj.ent_type_ in ("PERSON", "NORP", "ORG")
        or (pobj.pos_ == "PROPN" and pobj.ent_type_ not in ("DATE", "TIME", "GPE", "LOC", "EVENT", "FAC"))
        or pobj.lower_ in _VIEW_HOLDERS
        or (pobj.pos_ in ("NOUN", "PROPN") and pobj.lemma_.lower() in _SPEAKER_NOUNS)
    ):
        return None
    if prep.lower_ == "for" and (
        pobj.ent_type_ == "PERSON" or (pobj.pos_ == "PROPN" and pobj.ent_type_ not in ("NORP", "ORG"))
    ):
        # 'For Mr. Lee, the rally was a chance ...': what it was to him, not his view (PolNeAR train:
        # 12 of 43 'For' suggestions right, most wrong ones a name).
        return None
    source = _trimmed(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
    if source is None:
        return None
    rng = _clause_without(doc, head, set(range(prep.i, after + 1)))
    return _report(doc, rng, (prep.i, prep.i + 1), source, min_tokens=3)


# Adjectives of stance whose complement is what is held: "is critical of", "confident that",
# "eager to", "skeptical of" (PolNeAR's cues include them).
_STANCE_ADJ_WORDS = """
    critical confident concerned eager aware worried interested angry hopeful proud skeptical
    sceptical supportive optimistic pessimistic reluctant impressed nervous mistrustful distrustful
    appreciative wary fearful convinced unsure doubtful suspicious dismissive furious upset
    enthusiastic adamant insistent opposed receptive sympathetic hostile keen anxious frustrated
    disappointed determined resigned
    excited leery passionate uncertain hungry uncomfortable unified comfortable glad pleased thrilled
    unhappy satisfied dissatisfied fond
"""
# Not kept (PolNeAR train, as many wrong as right or worse): ready, certain, happy, inclined,
# hesitant, right, wrong, divided, sure, open.
_STANCE_ADJ = frozenset(_STANCE_ADJ_WORDS.split())
_STANCE_PREPS = frozenset({"of", "about", "with", "at", "over", "in", "toward", "towards", "to", "by", "on"})
_NOT_HOLDERS = frozenset({"it", "there", "this", "that", "which", "what"})


def _stance(doc: Any, adj: Any) -> Quote | None:
    """'These voters are skeptical of free trade', 'Clinton aides were confident that ...':
    the adjective's complement is the view, the subject of its verb the source."""
    if adj.dep_ not in ("acomp", "advcl", "ccomp", "conj") or adj.head.i == adj.i:
        return None
    comp = None
    cue_end = adj.i + 1
    for c in sorted(adj.children, key=lambda c: c.i):
        if c.i <= adj.i:
            continue
        if c.dep_ == "prep" and c.lower_ in _STANCE_PREPS:
            objects = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objects:
                comp, first, cue_end = c, c.i + 1, c.i + 1
            break
        if c.dep_ in ("ccomp", "xcomp"):
            comp, first = c, c.left_edge.i
            break
    if comp is None:
        return None
    head = adj.head
    while (
        head.dep_ == "conj" and head.head.i < head.i and not any(g.dep_ in _SUBJECTS for g in head.children)
    ):
        head = head.head
    subject = next((g for g in head.children if g.dep_ in _SUBJECTS), None)
    if subject is None or subject.lower_ in _NOT_HOLDERS:
        return None
    rng = _trimmed(doc, first, comp.right_edge.i + 1)
    if rng is None:
        return None
    source = _source(doc, head)
    start = head.i if head.i < adj.i and adj.dep_ == "acomp" else adj.i
    quote = Quote(
        contents=[_chars(doc, *rng)],
        cue=_chars(doc, start, cue_end),
        label="MIXED" if _has_quote(doc, *rng) else "INDIRECT",
    )
    if source is not None:
        quote.source = _chars(doc, *source)
    return quote


def _made_clear(doc: Any, adj: Any) -> Quote | None:
    """'Clinton made it clear that she has their backs', 'Obama made clear Monday that ...': the
    clause after "clear" is the content, the subject of "make" the source. (Not 'it is not clear
    whether ...': on PolNeAR train that suggestion was right for 10 of 40.)"""
    head = adj.head
    if head.lemma_.lower() != "make" or adj.dep_ not in ("oprd", "ccomp", "amod", "acomp"):
        return None
    comp = next(
        (
            c
            for c in sorted([*adj.children, *head.children], key=lambda c: c.i)
            if c.i > adj.i and c.dep_ in ("ccomp", "advcl", "csubj") and c.pos_ in ("VERB", "AUX")
        ),
        None,
    )
    if comp is None:
        return None
    rng = _trimmed(doc, comp.left_edge.i, comp.right_edge.i + 1)
    return _report(doc, rng, (head.i, adj.i + 1), _source(doc, head), min_tokens=3)


_SHOW_END = re.compile(
    r"(?P<content>\w.*\w[\"”’)]?),\s+(?P<source>(?:[\w'’.&/-]+\s+){0,5}?[\w'’.&/-]+)\s+"
    r"(?P<cue>show|shows|showed|indicate|indicates|indicated|suggest|suggests|suggested)\s*\.\s*$",
    re.S,
)


_SHOW_VERBS = frozenset(
    ["show", "shows", "showed", "indicate", "indicates", "indicated", "suggest", "suggests", "suggested"]
)


def _records_show(doc: Any) -> list[Quote]:
    """'Bush had to lend his campaign $500,000, fundraising documents show.': the small parse
    reads "show" as a noun; the sentence says it all (content, a short noun phrase, the verb)."""
    out = []
    for sent in doc.sents:
        last = _last_words(doc, sent, 2)
        if len(last) < 2 or last[-1].text != "." or last[0].lower_ not in _SHOW_VERBS:
            continue  # the regular expression only where the sentence ends so (it is slow)
        m = _SHOW_END.search(sent.text)
        if m is None or m.start("content") != 0:
            continue
        base = sent.start_char
        content = (base + m.start("content"), base + m.end("content"))
        label = "MIXED" if any(ch in QUOTE_CHARS for ch in m.group("content")) else "INDIRECT"
        quote = Quote(contents=[content], cue=(base + m.start("cue"), base + m.end("cue")), label=label)
        quote.source = (base + m.start("source"), base + m.end("source"))
        out.append(quote)
    return out


def _last_words(doc: Any, sent: Any, n: int) -> list[Any]:
    """The last ``n`` tokens of ``sent`` that are not whitespace, in text order."""
    out: list[Any] = []
    i = sent.end - 1
    while i >= sent.start and len(out) < n:
        if not doc[i].is_space:
            out.insert(0, doc[i])
        i -= 1
    return out

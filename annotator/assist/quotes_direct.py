"""Direct quotations: text in quotation marks, with the cue and source beside it (rules).

Rules only (no parser): quotation marks are paired per paragraph with a stack,
so apostrophes and nested quotes do not start quotes of their own; a paragraph
that ends inside a quote and a next paragraph that reopens it continue the
same quote; "...," he said. "..." is one quote with two content spans. The cue
is a reporting verb next to the quote (``CUES``: English, and a few German and
French ones: sagte, erklärte, so, a dit, a déclaré, selon ...), or, for a quote with none, the
one closing the sentence just before it ('..., the official said. "..."'); the source is the short noun
phrase tied to it ("the adviser", "an adviser to Macron", "he"), linked to an
entity span when one names the same speaker.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from annotator.assist.quote_marks import _pairs, _paragraphs

# Reporting verbs (and a few multi-word cues). A cue is matched on lower-cased words.
_CUE_WORDS = """
    said says say saying told tells tell telling added adds adding stated states explained explains
    noted notes warned warns argued argues asked asks replied replies wrote writes insisted insists
    claimed claims declared declares announced announces continued continues recalled recalls
    acknowledged acknowledges admitted admits suggested suggests stressed stresses emphasized
    emphasised emphasizes emphasises urged urges conceded concedes remarked remarks responded
    responds commented comments observed observes tweeted tweets posted cautioned cautions predicted
    predicts joked jokes reminded confirmed confirms denied denies concluded concludes boasted
    complained complains quipped quips shouted whispered yelled screamed mused pleaded promised
    vowed vows answered answers countered counters maintained maintains reiterated reiterates
    revealed reveals recounted recounts testified testifies proclaimed exclaimed lamented laments
    assured assures agreed agrees
"""
# German and French reporting verbs (past and present) that sit beside a quote:
# „...“, sagte Merkel. / « ... », a déclaré le ministre. / Selon X, « ... ».
_CUE_WORDS_DE_FR = """
    sagte sagt sagten erklärte erklärt erklärten betonte betont betonten meinte meint
    laut selon déclare affirme explique souligne
"""
# What a text's words are, a cue of direct quotes only, set off from them ('The sign reads: “...”',
# '“...,” read the email'; not 'Students read “On Liberty”', a title).
_READ = frozenset({"read", "reads"})
CUES: frozenset[str] = frozenset(_CUE_WORDS.split() + _CUE_WORDS_DE_FR.split()) | _READ
MULTI_CUES: tuple[tuple[str, ...], ...] = (
    ("according", "to"),
    ("pointed", "out"),
    ("points", "out"),
    ("went", "on"),
    ("goes", "on"),
    ("put", "it"),
    ("puts", "it"),
    ("a", "dit"),
    ("a", "déclaré"),
    ("a", "affirmé"),
    ("a", "expliqué"),
    ("a", "souligné"),
)
# "As Amar put it, ..." is a cue only before a comma or colon ("she put it on the table" is none).
_PUT_IT = frozenset({("put", "it"), ("puts", "it")})
# Cues whose source follows them wherever they stand ("according to X", "selon X", "laut X").
_SOURCE_FOLLOWS = frozenset({"according", "selon", "laut"})
# German „...“, so Merkel: "so" is a cue only right after the quote's comma, before a name.
_SO_SOURCE_STARTS = frozenset({"der", "die", "das", "ein", "eine"})
# Objects that belong to the cue: "told reporters", "told the BBC".
_TOLD = frozenset({"told", "tells", "tell", "telling"})
_TOLD_OBJECT_WORDS = """
    reporters journalists lawmakers parliament me us him her them supporters delegates the
"""
_TOLD_OBJECTS = frozenset(_TOLD_OBJECT_WORDS.split())
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "you"})
# Words that may sit between a source and its cue without being part of the source.
_ADVERB_WORDS = """
    also later previously then again once recently earlier repeatedly has have had was were is would
    will further simply just quickly finally often frequently reportedly publicly privately angrily
    flatly
"""
_ADVERBS = frozenset(_ADVERB_WORDS.split())
_LEADING = frozenset({"and", "but", "so", "then", "while", "as", "because", "when", "where", "yet", "or"})
# A source after its cue ("said Macron on Monday") ends before these words.
# German and French: "sagte Merkel am Montag", "a déclaré le ministre à Paris".
_SOURCE_STOP_WORDS = """
    on in at during after before who which when while adding as to that from with via last this told
    and but am im bei nach vor und à au aux lors dans devant en et qui ist sei hat habe wird sind est sont
"""
_SOURCE_STOP = frozenset(_SOURCE_STOP_WORDS.split())
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "one"})
# A cue word right after these is a noun ("the report", "his claims", "those states").
NOUN_MARKERS = frozenset(
    {"the", "a", "an", "his", "its", "their", "our", "my", "your", "this", "these", "those", "whose"}
)
_PREPOSITIONS = frozenset({"to", "of", "for", "at", "with", "from", "by", "in", "on"})
# A cue followed by these has no speaker after it: "said over the phone", "said in a statement".
_NO_SOURCE_AFTER = _PREPOSITIONS | _SOURCE_STOP | {"over", "through", "about", "into", "under"}

_TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|[^\w\s]")
_SENTENCE_END = frozenset(".!?;")
# A full stop after these ends no sentence: "Gov. Kasich replied", "Sen. Cruz said".
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "sens",
        "rep",
        "reps",
        "gov",
        "gen",
        "lt",
        "col",
        "sgt",
        "st",
        "jr",
        "sr",
        "vs",
        "u.s",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "corp",
        "co",
        "no",
    ]
)


def _ends_at(words: list[tuple[int, int, str]], k: int) -> bool:
    """True when ``words[k]`` ends a sentence (not the stop of "Gov.", nor an initial's)."""
    if words[k][2] not in _SENTENCE_END:
        return False
    if words[k][2] == "." and k + 1 < len(words) and words[k + 1][2] == ",":
        return False  # "Mitch Lee, R-Ky., said", "Cambridge, Mass., said": an abbreviation's stop
    if words[k][2] == "." and k > 0 and words[k - 1][1] == words[k][0]:
        prev = words[k - 1][2]
        if prev.lower() in ABBREVIATIONS or (len(prev) == 1 and prev.isupper()) or "." in prev:
            return False  # "Gov.", "J.", "(D-S.C.)"
        if k + 1 < len(words) and words[k + 1][2] == ")" and words[k + 1][0] == words[k][1]:
            return False  # "(D-Ore.)"
    return True


# Quotes shorter than this many words are kept only with a cue (scare quotes are no speech).
MIN_WORDS_WITHOUT_CUE = 3
# Attribution clauses are short: look this many words past / before a quote.
_WINDOW = 14
# A speaker with age, home town and a relative clause may run this far before its cue.
_LONG_WINDOW = 40
# '“...,” Hannity pressed.': a sentence this short after a quote's comma is its attribution.
_BARE_CLAUSE_WORDS = 5
_PARTICLES = frozenset({"back", "out", "up", "on", "in"})
# Words after a name that are no verb: "Lee and Park", "Lee of Ohio".
_FUNCTION_AFTER_NAME = frozenset(
    {"and", "of", "or", "for", "in", "on", "at", "to", "the", "a", "an", "is", "was"}
)
_MAX_SOURCE_WORDS = 8
# A name and its title or relative clause: "Kenji Sato, the chair of the board's audit committee,".
_MAX_APPOSITIVE_WORDS = 20
_RELATIVES = frozenset({"who", "which", "who's", "who’s"})
# A relative word right before a cue is its source ('a spymaster who wrote'), after a noun.
_RELATIVE_SOURCES = frozenset({"who", "that", "which"})
_NOT_BEFORE_RELATIVE = frozenset({"so", "now", "is", "was", "said", "says", "and", "but", "fact", "such"})
# An aside between a speaker and the cue opens with these, or with a participle.
_ASIDE_STARTS = frozenset(
    {"in", "on", "at", "during", "after", "before", "when", "while", "asked", "like", "unlike"}
)
# A sentence opening with these has no subject first ("In a statement, ...", "When she ...").
_NOT_SUBJECT_START_WORDS = """
    in on at after before when while if as since during for with by from to but and so then there
    here this that these those it
"""
_NOT_SUBJECT_STARTS = frozenset(_NOT_SUBJECT_START_WORDS.split())
# The days of the week, as words are compared (lower case).
DAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
# The months, likewise.
_MONTH_WORDS = "january february march april may june july august september october november december"
MONTHS = frozenset(_MONTH_WORDS.split())
# A sentence opening with these has its subject after the first comma ("In December, the prince ...").
_OPENING_PHRASE_WORDS = """
    in on at during after before last earlier later since by with while when as although though if
    once despite following for from under over until upon amid through without like unlike to
    yesterday today tonight hours minutes days weeks months years moments
"""
_OPENING_PHRASES = frozenset(_OPENING_PHRASE_WORDS.split()) | DAYS
# Sentence adverbs that open a sentence set off by a comma ('However, he ...'), never its subject.
_COMMA_ADVERB_WORDS = """
    however still meanwhile instead now indeed moreover nonetheless nevertheless afterward afterwards
    separately similarly likewise ultimately overall again also then so thus yet
"""
_COMMA_ADVERBS = frozenset(_COMMA_ADVERB_WORDS.split())
_PAST_VERB_WORDS = """
    made took sent gave went got met ran left put set came saw won lost held spoke wrote began sought brought
    kept found thought felt fought struck drew chose broke stood
"""
_PAST_VERBS = frozenset(_PAST_VERB_WORDS.split())
_AUXILIARY_WORDS = "has have had is are was were will would can could may might must did does do"
_AUXILIARIES = frozenset(_AUXILIARY_WORDS.split())
# The unions the speaker rules test word by word, made once.
_STOPS_BEFORE_NAME = _SOURCE_STOP | _AUXILIARIES
_NOT_ALONE = _ADVERBS | _LEADING
_BEFORE_NOUNS = _DETERMINERS | NOUN_MARKERS
_NOT_VERBS_AFTER_NAME = _FUNCTION_AFTER_NAME - _AUXILIARIES
_TITLE_STARTS = _DETERMINERS | _RELATIVES
# Between a sentence's verb and a later cue, these open a clause with a subject of its own.
_NEW_CLAUSE_WORDS = """
    he she they i we that who which whom whose when where because if while although though after
    before since until unless whether
"""
_NEW_CLAUSE = frozenset(_NEW_CLAUSE_WORDS.split())
_SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
# 'Lee told reporters that she wants "...": at most this many words between a report and its clause's cue.
_OUTER_GAP = 6
_CLAUSE_OPENERS = (_NEW_CLAUSE - _SUBJECT_PRONOUNS) | {"as", "and", "but", "once", "so"}


@dataclass
class Quote:
    """One suggested quotation: content ranges, optional cue and source, in char offsets."""

    contents: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    entity_id: int | None = None
    label: str = "DIRECT"
    # While pairing: the last content part runs to its paragraph's end unclosed.
    _open: bool = field(default=False, repr=False)


# -- attribution --------------------------------------------------------------


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(start + m.start(), start + m.end(), m.group()) for m in _TOKEN.finditer(text[start:end])]


# The cue words and phrases of the running ``find_quotes`` call (the lexicon's, with CUES).
_VOCAB: ContextVar[tuple[frozenset[str], tuple[tuple[str, ...], ...]]] = ContextVar(
    "quote_cue_vocabulary", default=(CUES, MULTI_CUES)
)


def _cue_at(words: list[tuple[int, int, str]], i: int) -> int:
    """Number of words of the cue starting at ``words[i]`` (0 when none)."""
    single, multis = _VOCAB.get()
    w = words[i][2].lower()
    if words[i][2][:1].isupper() and w not in _SOURCE_FOLLOWS:
        return 0  # "Islamic State", "Says Who": a capital starts a name or a title, not a cue
    if i > 0 and (words[i - 1][2].lower() in NOUN_MARKERS or words[i - 1][2] in ("’s", "'s")):
        return 0  # "AP’s report", "those states", "the claims": a noun, not a verb of saying
    for multi in multis:
        if multi[0] == w and tuple(x[2].lower() for x in words[i : i + len(multi)]) == multi:
            if multi in _PUT_IT and (i + 2 >= len(words) or words[i + 2][2] not in ",:"):
                continue  # 'as Amar put it, “...”', not 'she put it on the table'
            return len(multi)
    if w in single and w + "s" in single and i > 0 and _noun_before_base(words[i - 1][2]):
        return 0  # 'the same show', 'a conference call', 'the home state': a noun, not a verb
    return 1 if w in single else 0


# Before a verb's base form ('they say', 'will call', 'to state', 'voters who say'): its subject or
# what governs it; before a base form after any other word, the word is a noun ('talk show').
_BEFORE_BASE_WORDS = """
    i we you they to and or but nor who that which not never also still even just only often always
    rarely usually let lets me us them him her it people many most some few all both several men women
"""
_BEFORE_BASE = frozenset(_BEFORE_BASE_WORDS.split()) | _AUXILIARIES | _ADVERBS | {"can", "should", "shall"}


def _noun_before_base(prev: str) -> bool:
    """True when ``prev`` before a cue's base form ('show', 'state', 'call') makes that form a noun:
    a singular word that is no subject of a base verb nor a word governing one ('TV show', 'press
    call', 'secretary of state', 'a subsequent tweet'), not 'they say', 'voters say', 'to state'."""
    low = prev.lower()
    if not prev.isalpha() or low in _BEFORE_BASE or low.endswith(("s", "ly")):
        return False
    return not (prev[:1].isupper() and low in PRONOUNS)


def _cue_span(words: list[tuple[int, int, str]], i: int, n: int) -> tuple[int, int]:
    end = words[i + n - 1][1]
    if n == 1 and words[i][2].lower() in _TOLD and i + 1 < len(words):
        nxt = words[i + 1][2]
        first = i + 2 if nxt.lower() == "the" else i + 1
        # "told the New York Times", "told Fox News": the listener's whole name.
        last = first
        while last < len(words) and words[last][2][:1].isupper() and words[last][2].isalpha():
            last += 1
        if last > first:
            end = words[last - 1][1]
        elif nxt.lower() in _TOLD_OBJECTS - {"the"}:
            end = words[i + 1][1]
    return words[i][0], end


def _source_before(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The noun phrase ending right before a cue: after the last punctuation, short.

    An appositive set off by commas stays whole: "the board's chair, Kenji Sato, said",
    "Kenji Sato, chair of the board, said", "Kenji Sato, who chairs the board, said"; so
    does a bracket: "Rep. Ann Lee (D-Ore.) said".
    """
    words = _without_time(words)
    dashed = _dash_aside(words)
    if dashed is not None:
        return dashed
    appositive = bool(words) and words[-1][2] == ","
    fallback = None
    full = words  # the comma kept: 'Mitch Lee, R-Ky., said' ends no sentence at "R-Ky."
    if appositive:
        words = words[:-1]
    marks = [
        k
        for k, w in enumerate(words)
        if not w[2][0].isalnum()
        and not (w[2] == "." and not _ends_at(full, k))
        and not _bracketed(words, k)
        and not _possessive(words, k)
    ]
    if appositive:
        # 'Ann Lee, 45, of Dayton, Ohio, said': the commas after an age and a place's town set off no
        # title of their own.
        marks = [m for n, m in enumerate(marks) if not _inner_comma(words, marks[n - 1] if n else -1, m)]
    cut = marks[-1] + 1 if marks else 0
    longest = _MAX_SOURCE_WORDS
    if appositive and marks and words[marks[-1]][2] == ",":
        second = words[marks[-1] + 1 :]
        first = words[marks[-2] + 1 if len(marks) > 1 else 0 : marks[-1]]
        if not second or not first:
            return None
        if _aside(second):
            # "Ann Lee, asked about the vote, said", "Ann Lee, in a statement, said": the name.
            name = _trimmed(first)
            if name and not (name[0][2][:1].isupper() and _alnum(name) <= _MAX_SOURCE_WORDS):
                # 'The issue came up after Ann Lee, asked about it, said'; not a place ('in Ohio, asked',
                # 'Aurora, Colorado, asked').
                run = _name_run(name)
                prev = name[len(name) - len(run) - 1][2] if run else ""
                name = run if prev.isalpha() and prev.islower() and prev not in _PLACE_PREPOSITIONS else []
            if name and name[0][2][:1].isupper() and _alnum(name) <= _MAX_SOURCE_WORDS:
                return name[0][0], name[-1][1]
            return None
        if _clause_after_name(first, second):
            return None
        cut = marks[-2] + 1 if len(marks) > 1 else 0
        longest = _MAX_APPOSITIVE_WORDS
        if len(words) - cut > longest + 2:
            cut = marks[-1] + 1
            longest = _MAX_SOURCE_WORDS
        if second[0][2].lower() in _RELATIVES:
            stops = [k for k, w in enumerate(first) if w[2].lower() in _STOPS_BEFORE_NAME]
            name = _trimmed(first[stops[-1] + 1 :] if stops else first)
            if name and name[0][2][:1].isupper() and _alnum(name) <= _MAX_SOURCE_WORDS:
                fallback = (name[0][0], name[-1][1])
    part = _trimmed(words[cut:])
    if _relative_source(part):
        # 'a former spymaster who wrote', 'a message that said': the relative word, as PolNeAR marks it.
        return part[-1][0], part[-1][1]
    if part and _alnum(part) > longest:
        # "... grew so heated that New Jersey Gov. Ann Lee said": the name closing a long stretch;
        # "... was worded well when she said": the pronoun opening the cue's own clause.
        part = _name_run(part) or _clause_opener(part)
    if not part or _alnum(part) > longest:
        return fallback
    if part[-1][2].lower() in ("and", "but", "or"):
        return None  # "the union objected and said": a verb's subject further back, if any
    if any(_cue_at(part, k) for k in range(len(part))):
        # 'years ago that Ann Lee, who is thinking of running, said': the name before the clause.
        return fallback
    first = part[0][2]
    if len(part) == 1 and first.lower() in _NOT_ALONE:
        return None
    return part[0][0], part[-1][1]


def _speaker_before(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """``_source_before`` for a direct quote's cue, past the words opening its clause ("which he")."""
    found = _source_before(words)
    if found is None:
        return None
    part = _after_opener([w for w in words if found[0] <= w[0] and w[1] <= found[1]])
    return part[0][0], part[-1][1]


# A time between a speaker and the cue ('Ann Lee (D-Ore.) last week said', 'Ann Lee, the chair, on
# Tuesday called'): the words of it, after "last", "this", "earlier".
_TIME_UNITS = frozenset({"week", "month", "year", "night", "weekend", "morning", "evening", "afternoon"})
_TIME_ALONE = frozenset({"yesterday", "today", "tonight"})


def _relative_source(part: list[tuple[int, int, str]]) -> bool:
    """True when ``part`` ends in a relative word after a noun ('a spymaster who'), not after a verb
    of saying or a conjunction ('said that', 'so that')."""
    if len(part) < 2 or part[-1][2].lower() not in _RELATIVE_SOURCES or not part[-2][2][:1].isalnum():
        return False
    return part[-2][2].lower() not in _NOT_BEFORE_RELATIVE and not _cue_at(part, len(part) - 2)


_DASHES = frozenset({"—", "–", "-"})


def _dash_aside(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The speaker and the aside set off by dashes before the cue ('Gingrich — mentioned as a
    running mate — told', 'A former candidate -- John Lee, who lost in 2008 -- said'), dashes
    included, as PolNeAR marks it; None unless the words end in such an aside after a name."""
    if len(words) < 4 or words[-1][2] not in _DASHES:
        return None
    close = len(words) - 1
    while close > 0 and words[close - 1][2] in _DASHES:
        close -= 1  # '--'
    opened = next((k for k in range(close - 1, 0, -1) if words[k][2] in _DASHES), None)
    if opened is None or close - opened > _MAX_APPOSITIVE_WORDS:
        return None
    start = opened
    while start > 0 and words[start - 1][2] in _DASHES:
        start -= 1
    name = _source_before(words[:start])
    if name is None or not words[start - 1][2][:1].isalnum():
        return None
    if any(w[2] in _SENTENCE_END for w in words[opened:close]):
        return None
    return name[0], words[-1][1]


def _without_time(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``words`` without a time closing them after a comma or a bracket ('Ann Lee, the chair, on
    Tuesday', 'Ann Lee (D-Ore.) last week'), so that the speaker before it is found."""
    n = len(words)
    if n < 2:
        return words
    last = words[-1][2].lower()
    k = n
    if last in DAYS or last in _TIME_ALONE:
        k = n - 1
        if words[k - 1][2].lower() in ("on", "late", "early"):
            k -= 1
    elif last in _TIME_UNITS and words[-2][2].lower() in ("last", "this", "earlier", "later"):
        k = n - 2
        if k > 0 and words[k - 1][2].lower() == "earlier":
            k -= 1
    # Only after a title's comma or a party's bracket: 'A poll released Monday', 'Super Tuesday' keep it.
    return words[:k] if 0 < k < n and words[k - 1][2] in (",", ")") else words


def _long_subject(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The words before a cue when they are one noun phrase opening the sentence, too long for the
    other rules ('The Republican nominee for the Nov. 8 election later said'): a capital or a
    determiner first, no mark and no verb outside a relative clause, at most 20 words."""
    part = _trimmed(words)
    if not part or _alnum(part) > _MAX_APPOSITIVE_WORDS:
        return None
    if any(not w[2][0].isalnum() and w[2] not in (".", "’s", "'s") for w in part):
        return None
    first = part[0][2]
    low = first.lower()
    if not (first[:1].isupper() or low in _DETERMINERS) or low in _NOT_SUBJECT_STARTS | _SUBJECT_PRONOUNS:
        return None
    if low in _OPENING_PHRASES:
        return None
    for w in part[1:]:
        x = w[2].lower()
        if x in _NEW_CLAUSE or x in _RELATIVES:
            break  # 'Another voter who worshiped here and who ...': the relative clause's verbs are its own
        if w[2][:1].islower() and _verb_like(x):
            return None
    return part[0][0], part[-1][1]


_PLACE_PREPOSITIONS = frozenset({"in", "of", "from", "at", "near"})


def _inner_comma(words: list[tuple[int, int, str]], before: int, m: int) -> bool:
    """True when the comma ``words[m]`` follows an age ('Ann Lee, 45,') or a town before its state
    ('of Dayton, Ohio', 'in Flint, Mich.'), the mark before it at ``before``."""
    if words[m][2] != ",":
        return False
    if m - before == 2 and words[m - 1][2].isdigit():
        return True
    j = m
    while j > before + 1 and (words[j - 1][2][:1].isupper() or words[j - 1][2] == "."):
        j -= 1
    if j == m or j <= before + 1 or words[j - 1][2].lower() not in _PLACE_PREPOSITIONS:
        return False
    state = []
    for w in words[m + 1 : m + 5]:
        if not (w[2][:1].isupper() or w[2] == "."):
            break
        state.append(w)
    end = m + 1 + len(state)
    return 0 < _alnum(state) <= 2 and (end == len(words) or words[end][2] == ",")


def _possessive(words: list[tuple[int, int, str]], k: int) -> bool:
    """True when ``words[k]`` is the apostrophe of a plural's or a name's possessive ("Sanders'
    senior adviser", "the voters' choice"): right after a word ending in s, a word after a space."""
    if words[k][2] not in ("'", "’") or k == 0 or k + 1 >= len(words):
        return False
    prev, nxt = words[k - 1], words[k + 1]
    return prev[1] == words[k][0] and prev[2].endswith("s") and nxt[0] > words[k][1] and nxt[2][:1].isalnum()


def _trimmed(part: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """``part`` without the conjunction before it and the adverbs after it ("and", "also")."""
    while part and part[0][2].lower() in _LEADING:
        part = part[1:]
    while part and (part[-1][2].lower() in _ADVERBS or _manner_adverb(part)):
        part = part[:-1]
    return part


def _alnum(part: list[tuple[int, int, str]]) -> int:
    return sum(w[2][0].isalnum() for w in part)


def _name_run(part: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The capitalized words ending ``part`` ("Gov. Ann Lee (D-Ore.)"), or [] after a sentence start."""
    k = len(part)
    while k > 0 and (part[k - 1][2][:1].isupper() or part[k - 1][2] == "." or _bracketed(part, k - 1)):
        k -= 1
    if k == 0 or k == len(part) or part[k - 1][2] in _SENTENCE_END:
        return []
    return part[k:]


def _clause_opener(part: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The subject pronoun ending ``part`` right after a word opening its clause ("when she", "in
    which he", "because they"), or []."""
    if len(part) < 2 or part[-1][2].lower() not in _SUBJECT_PRONOUNS:
        return []
    return part[-1:] if part[-2][2].lower() in _CLAUSE_OPENERS else []


# Words opening the cue's clause before its speaker: 'which Lee called', 'although Lee said'.
_SPEAKER_OPENERS = _CLAUSE_OPENERS - {"and", "but"}
# The same, only as the first word: 'with Lee saying', 'now Lee says', 'what Lee called'.
_FIRST_OPENERS = frozenset({"with", "now", "what"})


def _after_opener(part: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The speaker in ``part`` after the words opening the cue's clause: a subject pronoun closing it
    ('On Monday he', 'which she'), or the name or noun phrase after the last opener ('although Ann
    Lee', 'hours after Lee', 'with Lee'), as PolNeAR marks it; ``part`` otherwise, and always when
    a mark sets off a title ('Ann Lee, who chairs the board when it meets,')."""
    if any(not w[2][0].isalnum() and w[2] not in (".", "’s", "'s") for w in part):
        return part
    if len(part) > 1 and part[-1][2].lower() in _SUBJECT_PRONOUNS:
        return part[-1:]
    cut = max(
        (
            k
            for k, w in enumerate(part[:-1])
            if w[2].lower() in _SPEAKER_OPENERS or (k == 0 and w[2].lower() in _FIRST_OPENERS)
        ),
        default=-1,
    )
    rest = part[cut + 1 :]
    if cut >= 0 and (rest[0][2][:1].isupper() or rest[0][2].lower() in _DETERMINERS):
        return rest
    return part


def _aside(second: list[tuple[int, int, str]]) -> bool:
    """True when the words set off before a cue are an aside on its speaker, not a title: "asked
    about the vote", "speaking on condition of anonymity", "in a statement", "when pressed"."""
    lead = second[0][2]
    if not lead[:1].islower():
        return False
    return lead.endswith(("ing", "ed")) or lead in _ASIDE_STARTS


def _manner_adverb(part: list[tuple[int, int, str]]) -> bool:
    """True when ``part`` ends in an adverb before its cue ("Jones similarly", "he quickly"), not in a
    noun ("the family", "a rally")."""
    last = part[-1][2]
    if len(part) < 2 or not last.endswith("ly") or len(last) < 5 or not last.islower():
        return False
    return part[-2][2].lower() not in _BEFORE_NOUNS and not part[-2][2].endswith(("'s", "’s"))


# Words opening a clause whose subject a verb joined by "and" after it shares.
_JOINED_CLAUSE_OPENERS = frozenset(
    {"when", "as", "after", "before", "while", "because", "since", "until", "if"}
)


def sentence_subject(words: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    """The subject of the sentence whose cue ``words[i]`` is a second verb or a participle.

    'The group obtained a copy of the memo and said it ...', 'During the debate, Cruz
    made a call for ..., calling them ...': the words before the sentence's first
    verb, after an opening phrase and its comma; short, a name or "the" and a noun.
    A name may carry its title or relative clause set off by commas ('Ann Lee, chair
    of the board, tied the scores to ..., saying'), which PolNeAR's source keeps.
    None where the sentence opens otherwise.
    """
    k = i - 1
    while k > 0 and words[k][2].lower() in _ADVERBS:
        k -= 1
    joined = words[k][2].lower() in ("and", "but")
    if k > 2 and words[k][2] in _CLOSERS and words[k - 1][2] == ",":
        k -= 1  # 'She said she thought, “...,” adding': the comma inside the quote ends the clause
    if k < 2 or not (joined or (words[k][2] == "," and words[i][2].lower().endswith("ing"))):
        return None
    found = _opening_subject(words, k)
    if found is None and joined:
        # 'such as when Cruz hit Lee on trade and called him ...': the subject of the clause the
        # second verb is joined in, after the last word opening a clause before it.
        opener = next((m for m in range(k - 1, 0, -1) if words[m][2].lower() in _JOINED_CLAUSE_OPENERS), None)
        if opener is not None and opener + 2 < k:
            found = _opening_subject(words[opener + 1 :], k - opener - 1)
    return found[0] if found is not None else None


def main_subject(words: list[tuple[int, int, str]], i: int) -> tuple[int, int] | None:
    """The subject of the sentence when cue ``words[i]`` is in its main clause, however far."""
    found = _opening_subject(words, i)
    if found is None:
        return None
    source, verb = found
    between = words[verb + 1 : i]
    if any(w[2].lower() in _NEW_CLAUSE or w[2] in '"“”:;' for w in between):
        return None
    return source


_SENTENCE_CONJUNCTIONS = frozenset({"and", "but", "yet", "then"})


def _opening_subject(words: list[tuple[int, int, str]], k: int) -> tuple[tuple[int, int], int] | None:
    """The sentence's subject before ``words[k]`` and the index of its verb, or None."""
    # 'Yet she ...', 'And then Lee ...': a conjunction opening the sentence is no part of it.
    start = 0
    while start + 1 < k and words[start][2].lower() in _SENTENCE_CONJUNCTIONS:
        start += 1
    # 'Last month, when I asked Lee ..., he said': one opening phrase after another; 'On Tuesday,
    # even as shares fell, Lee wrote': a lower-case word after an opening phrase's comma goes on with it.
    opened = False
    while start < k and (
        words[start][2].lower() in _OPENING_PHRASES
        or (words[start][2].lower() in _COMMA_ADVERBS and start + 1 < k and words[start + 1][2] == ",")
        or _participle_opening(words, start, k)
        or (opened and _goes_on(words[start][2]))
    ):
        opened = True
        start = _past_state(words, next((n + 1 for n in range(start + 1, k) if words[n][2] == ","), k), k)
    first = words[start][2] if start < k else ""
    low = first.lower()
    if (
        not (first[:1].isupper() or low in _DETERMINERS or low in _SUBJECT_PRONOUNS)
        or low in _NOT_SUBJECT_STARTS
    ):
        return None
    name = first[:1].isupper() and low not in _DETERMINERS and low not in _SUBJECT_PRONOUNS
    nxt = words[start + 1][2] if start + 1 < k else ""
    if low in _SUBJECT_PRONOUNS and nxt[:1].isalpha() and nxt.islower() and nxt not in _FUNCTION_AFTER_NAME:
        # 'He rails against its "..." and pledges': a pronoun's verb is the word after it, any tense.
        return (words[start][0], words[start][1]), start + 1
    for j in range(start + 1, min(k + 1, start + _MAX_SOURCE_WORDS + 1)):
        w = words[j][2]
        if w == "," and name:
            close = _title_end(words, j, k + 1)
            if close is None:
                return None
            # 'Ann Lee, the chair, noting ..., said': with an aside after the title, the name alone.
            after = words[close + 1][2].lower()
            aside = close > j and (after.endswith("ing") or after in _ASIDE_STARTS)
            part = _trimmed(words[start : j if aside else close])
            return ((part[0][0], part[-1][1]), close + 1) if part else None
        if (
            not w[0].isalnum()
            and w not in (".", "’s", "'s")
            and not _bracketed(words, j)
            and not _possessive(words, j)
        ):
            return None
        low = w.lower()
        if not w[:1].islower() or low in _NOT_VERBS_AFTER_NAME:
            # "Mr. Lee", "Ann Lee (D-Ore.)" stay a name; "Lee's aide" is none.
            name = name and (w[:1].isupper() or w == "." or _bracketed(words, j))
            continue
        if _verb_like(low) or name:
            part = _trimmed(words[start:j])
            return ((part[0][0], part[-1][1]), j) if part else None
    return None


def _goes_on(word: str) -> bool:
    """True for a word right after an opening phrase's comma that goes on with the opening phrase
    ('On Tuesday, even as shares fell, Lee ...', 'In a long, frank interview, she ...'), not one
    opening the subject ('On Tuesday, the senator ...', 'In 2012, he ...')."""
    low = word.lower()
    return word[:1].islower() and low not in _DETERMINERS and low not in _SUBJECT_PRONOUNS


# A time after a place's state ('in Ames, Iowa, on Sunday,', 'in Dover, N.H., last week,').
_WHEN_NEXT = frozenset({"last", "earlier", "yesterday", "today", "tonight", "this"}) | DAYS


def _past_state(words: list[tuple[int, int, str]], start: int, k: int) -> int:
    """Where the subject may start after an opening phrase that ended in a place's comma: past the
    state after it when a time follows ('At a rally in Ames, Iowa, on Sunday, Lee ...', 'In
    Dover, N.H., last week, she'), else ``start``."""
    if start < 2 or start >= k or not words[start - 2][2][:1].isupper():
        return start
    comma = next((n for n in range(start + 1, min(k, start + 4)) if words[n][2] == ","), None)
    if comma is None or comma + 2 >= k:
        return start
    after, then = words[comma + 1][2], words[comma + 2][2]
    if not (after.lower() in _WHEN_NEXT or (after == "on" and then[:1].isupper())):
        return start  # 'In Washington, Lee, on the other hand, said': Lee is no state
    if not all(w[2][:1].isupper() or w[2] == "." for w in words[start:comma]):
        return start
    return comma + 1


def _participle_opening(words: list[tuple[int, int, str]], start: int, k: int) -> bool:
    """True for a participle opening the sentence with its own phrase ('Facing tough questions,
    Lee held firm', 'Pressed on the vote, she said'): the subject follows its comma."""
    low = words[start][2].lower()
    if len(low) < 5 or not low.endswith(("ing", "ed")) or start + 1 >= k:
        return False
    nxt = words[start + 1][2]
    return (
        nxt[:1].islower() and not _verb_like(nxt.lower()) and any(w[2] == "," for w in words[start + 2 : k])
    )


def _verb_like(low: str) -> bool:
    """True for a lower-case word that is a verb after a subject: an auxiliary, a cue, a past form."""
    return low in _AUXILIARIES or low in _VOCAB.get()[0] or low.endswith("ed") or low in _PAST_VERBS


def _title_end(words: list[tuple[int, int, str]], comma: int, k: int) -> int | None:
    """Where a name's title or relative clause, opened by ``words[comma]``, ends: the comma before
    the sentence's verb ('Ann Lee, chair of the board, tied ...'), or None when none is found
    before ``words[k]``. An aside ('Ann Lee, however, ...') ends the name at its first comma."""
    second = words[comma + 1 : comma + 2]
    if not second:
        return None
    if second[0][2].lower() in _ADVERBS or _aside(second):
        return comma
    for n in range(comma + 1, min(k, comma + _LONG_WINDOW)):
        w = words[n][2]
        if w in _SENTENCE_END and _ends_at(words, n):
            return None
        nxt = words[n + 1][2] if n + 1 < len(words) else ""
        if w == "," and nxt[:1].islower() and (_verb_like(nxt.lower()) or _aside(words[n + 1 : n + 2])):
            return n  # the verb, or an aside before it ('Ann Lee, the chair, noting ..., said')
    return None


def _clause_after_name(first: list[tuple[int, int, str]], second: list[tuple[int, int, str]]) -> bool:
    """True when ``second``, set off after ``first`` by a comma, is a clause and not a title.

    "Kenji Sato, chair of the board," and "Kenji Sato, who chairs the board," are a name and its
    title; "Ghannouchi, condemned the attack," is a clause.
    """
    lead = second[0][2].lower()
    if not second[0][2][:1].islower() or lead in _TITLE_STARTS:
        return False
    return not first[0][2][:1].isupper() or lead.endswith(("ed", "ing")) or lead in _VOCAB.get()[0]


def _bracketed(words: list[tuple[int, int, str]], k: int) -> bool:
    """True when ``words[k]`` is a bracket of, or inside, a short "(D-Md.)" after a name."""
    opened = next((j for j in range(k, max(-1, k - 6), -1) if words[j][2] == "("), None)
    if opened is None:
        return False
    closed = next((j for j in range(k, min(len(words), opened + 7)) if words[j][2] == ")"), None)
    return closed is not None and opened > 0 and words[opened - 1][2][:1].isupper()


def _source_after(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The noun phrase right after a cue ("said Macron", "said the official, who ...")."""
    part = []
    if words and words[0][2].lower() in _NO_SOURCE_AFTER:
        return None  # "said over the phone", "said in a statement": no speaker after the cue
    for k, w in enumerate(words):
        if w[2] == "." and not _ends_at(words, k):
            part.append(w)  # "said Dr. Harold Varmus"
            continue
        if not w[2][0].isalnum() or w[2].lower() in _SOURCE_STOP or len(part) >= _MAX_SOURCE_WORDS:
            break
        part.append(w)
    if not part:
        return None
    k = len(part)
    if k < len(words) and words[k][2] == "(" and _bracketed(words, k):
        # "said Sen. Ann Lee (D-Conn.)": the party and state after the name are the speaker's.
        part = words[: next(j for j in range(k, len(words)) if words[j][2] == ")") + 1]
    return part[0][0], part[-1][1]


def _tail(text: str, close: int, limit: int) -> tuple[tuple[int, int], tuple[int, int] | None, int] | None:
    """Attribution after a quote: (cue, source, end of the attribution clause)."""
    words = _tokens(text, close + 1, limit)
    # '“... that advice, ” he said': a space may stand between the comma and the closing mark.
    inside = text[:close].rstrip(" ")
    if inside.endswith(("’", "'")) and inside.rstrip(" ’'")[-1:] in (",", "!", "?", "."):
        # '“... is, ‘I’m for it, darn it,’” Cruz said': a nested quote closes first.
        inside = inside.rstrip(" ’'")
    inside_end = inside[-1] if inside else ""
    k = 0
    if words and words[0][2] == ",":
        k = 1
    elif inside_end not in ",!?.…—-" and not _cue_then_speaker(words):
        return _writer_then_attribution(words)
    words = words[k:]
    clause = []
    for n, w in enumerate(words[:_LONG_WINDOW]):
        if _ends_at(words, n) or w[2] in '"“”„«»‘':
            break
        clause.append(w)
    whole, clause = clause, clause[: _WINDOW + 2]
    ended = len(whole) < len(words) and len(whole) < _LONG_WINDOW
    comma = k == 1 or inside_end == ","
    if len(clause) > 1 and clause[0][2] == "so" and k == 1:
        nxt = clause[1][2]
        if nxt[:1].isupper() or nxt in _SO_SOURCE_STARTS:
            cue = clause[0][0], clause[0][1]
            return cue, _source_after(clause[1:]), clause[-1][1]
    # '“... not ordinary.” The government refused ...': a new sentence, not this quote's attribution,
    # unless its first few words are the attribution ('“... at all?” Smith asked.').
    new_sentence = k == 0 and inside_end in ".!?…" and bool(clause) and clause[0][2][:1].isupper()
    for i in range(len(clause)):
        n = _cue_at(clause, i)
        if not n:
            continue
        if _in_relative_clause(clause, i):
            continue  # '“...,” Warren, who has not endorsed anyone, told reporters': the cue after it
        if new_sentence and (i > 4 or any(w[2] == "," for w in clause[:i])):
            return None
        if new_sentence and not _attribution_only(words, len(clause), clause, i + n):
            return None  # '“... ongoing.” He said the FBI has not ...': the next sentence's own report
        if new_sentence and _leads_next(text, words, whole, limit):
            return None  # '“...” He added, “...”': the next quote's attribution
        cue = _cue_span(clause, i, n)
        if i == 0 or clause[i][2].lower() in _SOURCE_FOLLOWS:
            after = [w for w in clause[i + n :] if w[0] >= cue[1]]
            # '“...,” telling reporters it was ...': a participle's speaker is no word after it ("according
            # to" is no participle: '“...,” according to CNN').
            # Unless the sentence opened with its speaker ('Lee said she thought, “...,” adding').
            source = (
                (_opening_speaker(text, close, clause[i]) if comma and i == 0 else None)
                if clause[i][2].lower().endswith("ing") and clause[i][2].lower() not in _SOURCE_FOLLOWS
                else _source_after(after)
            )
            if source is not None and clause[i][2].lower() not in _SOURCE_FOLLOWS and ended:
                source = _with_title(words, whole, source)
            if source is not None and clause[i][2].lower() == "according" and source[1] < clause[-1][1]:
                source = None  # '“...,” according to a letter to Facebook from ...': the report's own
        else:
            source = _speaker_before(clause[:i])
            if source is None and i > _MAX_SOURCE_WORDS:
                return None
        end = clause[-1][1] if clause else close
        outer = _according_after(whole, i + n)
        if outer is not None:
            return outer[0], outer[1], end  # '“...,” Lee said, according to the Post': the report's
        return cue, source, end
    if comma and whole and whole[0][2][:1].isupper():
        found = _after_long_speaker(whole)
        if found is not None:
            return found
    if (comma or inside_end in "?!") and ended and whole:
        return _bare_verb(whole) or _verb_then_speaker(whole)
    return None


def _leads_next(
    text: str, words: list[tuple[int, int, str]], whole: list[tuple[int, int, str]], limit: int
) -> bool:
    """True when the sentence after a quote, ``whole``, is every word up to the next quote's opening
    mark at ``limit`` and ends in a comma or a colon ('He added, “...”', 'Lee replied: “...”')."""
    return (
        len(whole) == len(words)
        and bool(whole)
        and whole[-1][2] in ",:"
        and text[limit : limit + 1] in ('"', "“", "„", "«", "‘", "'")
    )


# A lawmaker's party before the state: 'said Ann Lee, Democrat of Ohio'.
_PARTIES = frozenset({"Democrat", "Republican", "Independent"})
# After a speaker's comma, these open no title of the speaker's ('said Lee, in a statement').
_NO_TITLE_AFTER = _SOURCE_STOP | _PREPOSITIONS | _NEW_CLAUSE | _LEADING | _ASIDE_STARTS | _ADVERBS


def _with_title(
    words: list[tuple[int, int, str]], whole: list[tuple[int, int, str]], source: tuple[int, int]
) -> tuple[int, int]:
    """The speaker after a cue with the title or the "who" clause closing the sentence after it
    ('said Ann Lee, a spokeswoman for the board.', 'said Ann Lee, chair of the board.', 'said Ann
    Lee, who chairs the board.', 'said Ann Lee, 45, a teacher.'), as PolNeAR marks it; ``source`` alone otherwise ('said Ann Lee,
    in a statement.', 'said Ann Lee, whose ...')."""
    if len(whole) >= len(words) or not _ends_at(words, len(whole)):
        return source  # the sentence goes on into a quote, or past the window
    j = next((n for n, w in enumerate(whole) if w[0] >= source[1]), None)
    if j is None or j + 1 >= len(whole) or whole[j][2] != ",":
        return source
    nxt = whole[j + 1][2]
    low = nxt.lower()
    if (
        low in ("a", "an", "the", "who")
        or nxt.isdigit()
        or (
            nxt.isalpha()
            and nxt.islower()
            and not low.endswith(("ing", "ed", "ly"))
            and low not in _NO_TITLE_AFTER
            and low != "whose"
        )
        or (nxt in _PARTIES and j + 2 < len(whole) and whole[j + 2][2] == "of")
    ):
        return source[0], _title_close(whole, j + 1)
    return source


def _title_close(whole: list[tuple[int, int, str]], start: int) -> int:
    """Where a title opened at ``whole[start]`` ends: at the comma before a participle or an aside
    ('said Ann Lee, a pollster, referring to ...', 'said Ann Lee, chair of the board, in a
    statement'), comma kept as PolNeAR marks it; at the sentence's end otherwise ('a veteran of
    campaigns, including ...' and 'a voter who, like all of them, ...' go on)."""
    for n in range(start + 1, len(whole) - 1):
        if whole[n][2] != "," or whole[n - 1][2].lower() in _RELATIVES or whole[n + 1][2] == "including":
            continue
        if _aside(whole[n + 1 : n + 2]):
            return whole[n][1]
    return whole[-1][1]


def _according_after(
    whole: list[tuple[int, int, str]], k: int
) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """The cue and source of "according to X" closing the attribution clause after ``whole[k]``
    ('Lee said in a statement, according to the Post'), which PolNeAR marks as the quote's own."""
    for j in range(k, len(whole) - 2):
        if whole[j][2].lower() == "according" and whole[j + 1][2].lower() == "to":
            return (whole[j][0], whole[j + 1][1]), _source_after(whole[j + 2 :])
    return None


def _in_relative_clause(clause: list[tuple[int, int, str]], i: int) -> bool:
    """True when cue ``clause[i]`` stands in a relative clause set off by commas after the speaker
    and a cue follows the clause's closing comma ('Warren, who has not endorsed anyone, told')."""
    opened = next(
        (r for r in range(i - 1, 0, -1) if clause[r][2] in ",;:" or clause[r][2].lower() in _RELATIVES), None
    )
    if opened is None or clause[opened][2].lower() not in _RELATIVES or clause[opened - 1][2] != ",":
        return False
    close = next((c for c in range(i + 1, len(clause)) if clause[c][2] in ",;:"), None)
    if close is None or clause[close][2] != ",":
        return False
    after = close + 1
    while after < len(clause) and clause[after][2].lower() in _ADVERBS:
        after += 1
    return after < len(clause) and bool(_cue_at(clause, after))


def _writer_then_attribution(
    words: list[tuple[int, int, str]],
) -> tuple[tuple[int, int], tuple[int, int] | None, int] | None:
    """'“... so hard” for the victory, Sanders said.': a quote the writer's words go on from, in a
    sentence closing with '<source> <cue>' or '<cue> <source>' after its last comma."""
    sentence = []
    for n, w in enumerate(words[:_LONG_WINDOW]):
        if _ends_at(words, n) or w[2] in '"“”„«»‘':
            break
        sentence.append(w)
    else:
        return None
    if n >= len(words) or not _ends_at(words, n):
        return None  # the sentence goes on into another quote, or past the window
    commas = [k for k, w in enumerate(sentence) if w[2] == ","]
    if not commas or commas[0] == 0:
        return None
    clause = sentence[commas[-1] + 1 :]
    if len(commas) > 1 and not any(_cue_at(clause, i) for i in range(len(clause))):
        # '..., said Ann Ray, a lobbyist.', '..., said Ann Ray, head of the guild, a union that ...':
        # the speaker's titles after the attribution, up to three of them.
        clause = next(
            (
                part
                for m in range(len(commas) - 2, max(-1, len(commas) - 5), -1)
                if (part := sentence[commas[m] + 1 : commas[m + 1]]) and _cue_at(part, 0)
            ),
            None,
        )
        if clause is None:
            return None
    if not clause or _alnum(clause) > _WINDOW:
        return None
    for i in range(len(clause)):
        n = _cue_at(clause, i)
        if not n:
            continue
        cue = _cue_span(clause, i, n)
        if i == 0:
            source = _source_after([w for w in clause[n:] if w[0] >= cue[1]])
        elif clause[i][2].lower().endswith("ing"):
            return None
        else:
            source = _speaker_before(clause[:i])
        if source is None:
            return None
        return cue, source, clause[-1][1]
    return None


def _verb_then_speaker(
    clause: list[tuple[int, int, str]],
) -> tuple[tuple[int, int], tuple[int, int], int] | None:
    """'“This is fantastic!” beamed Ann Lee of Dayton.': right after a quote, a past verb the
    lexicon lacks and a name (or "the"/"a" and a noun) after it are its attribution."""
    if len(clause) < 2:
        return None
    verb = clause[0][2]
    if not verb.islower() or not (verb.endswith("ed") or verb in _PAST_VERBS):
        return None
    nxt = clause[1][2]
    if not (nxt[:1].isupper() or nxt.lower() in _DETERMINERS):
        return None
    source = _source_after(clause[1:])
    if source is None:
        return None
    return (clause[0][0], clause[0][1]), source, clause[-1][1]


def _cue_then_speaker(words: list[tuple[int, int, str]]) -> bool:
    """'“... of anonymity” said Nick Lee, a spokesman': a cue and a name right after the closing
    mark, with no comma before it."""
    return len(words) > 1 and _cue_at(words, 0) == 1 and words[1][2][:1].isupper()


def _after_long_speaker(
    clause: list[tuple[int, int, str]],
) -> tuple[tuple[int, int], tuple[int, int], int] | None:
    """'“...,” Ann Lee, 67, a retired teacher in Dayton, Ohio, who was polled, said.': a cue right
    after the comma closing a long speaker; the speaker is every word before it."""
    for i in range(_WINDOW + 2, len(clause)):
        n = _cue_at(clause, i)
        if n and clause[i - 1][2] == ",":
            return _cue_span(clause, i, n), (clause[0][0], clause[i - 2][1]), clause[-1][1]
    return None


def _bare_verb(clause: list[tuple[int, int, str]]) -> tuple[tuple[int, int], tuple[int, int], int] | None:
    """'“...,” Hannity pressed.', '“...,” the editorial read.', '“...?” Lee shot back with a laugh.':
    right after a quote, a short sentence of a speaker and a verb the lexicon lacks is its
    attribution. The speaker is a name, or "the"/"a" and one word with the verb last."""
    if _alnum(clause) > _BARE_CLAUSE_WORDS or any(not w[2][0].isalnum() and w[2] != "." for w in clause):
        return None
    first = clause[0][2]
    if first[:1].isupper():
        verb = next((k for k, w in enumerate(clause) if w[2][:1].islower()), None)
        if verb is None or first.lower() in _NOT_SUBJECT_STARTS or clause[verb][2] in _FUNCTION_AFTER_NAME:
            return None
    elif first.lower() in _DETERMINERS and len(clause) == 3:
        verb = 2
    elif first in PRONOUNS and 2 <= len(clause) <= 3 and clause[1][2].isalpha() and clause[1][2].islower():
        verb = 1  # '“...,” it read.', '“...,” he surmised.'
    else:
        return None
    end = verb + (verb + 1 < len(clause) and clause[verb + 1][2].lower() in _PARTICLES)
    return (clause[verb][0], clause[end][1]), (clause[0][0], clause[verb - 1][1]), clause[-1][1]


_AFTER_CUE_WORDS = """
    about of on in at during to after before while when as from with by via last this earlier later
    recently then again , . ; — –
"""
_AFTER_CUE_OK = frozenset(_AFTER_CUE_WORDS.split())


def _attribution_only(words: list[tuple[int, int, str]], n: int, clause: list, after_cue: int) -> bool:
    """True when a sentence after a quote is only its attribution: it ends a few words past the cue.

    '“... at all?” Smith asked.' / 'Smith told reporters on Monday.', not 'He
    said the FBI has not commented' nor 'Rubio called the statement “...”'.
    """
    rest = clause[after_cue:]
    listener = clause[after_cue - 1][2].lower() in _TOLD | {"asked"}
    if listener and (not rest or rest[0][2][:1].isupper() or rest[0][2].lower() in _TOLD_OBJECTS - {"the"}):
        return True  # '“...?” Lee asked reporters at a news conference on Monday, when ...': its listener
    if n < len(words) and not _ends_at(words, n) and words[n][2] not in '"“”„«»‘':
        return False  # the clause ran on past the window
    # After the cue, a name, a time or a preposition ('Smith said Monday', '... said about the
    # plan'), not an object or a clause ('He said the FBI has', 'Rubio called the statement').
    return not rest or rest[0][2].lower() in _AFTER_CUE_OK


def _lead(text: str, start: int, opener: int) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """Attribution before a quote in the same sentence ("Macron said:", "According to X,")."""
    words = _tokens(text, start, opener)
    # Only the current sentence ('She declared “What a night!” and said': a stop inside a quote the
    # sentence goes on after ends none).
    for k in range(len(words) - 1, -1, -1):
        if _ends_at(words, k) and not _goes_on_after_quote(words, k):
            words = words[k + 1 :]
            break
    sentence, words = words, words[-_WINDOW:]
    skipped = len(sentence) - len(words)
    for i in range(len(words) - 1, -1, -1):
        n = _cue_at(words, i)
        if not n and i > 0:
            n2 = _cue_at(words, i - 1)
            if n2 == 2:
                continue
        if not n:
            continue
        if _outer_cue(words, i):
            continue  # 'Lee said he wants “...”': the outer report is PolNeAR's attribution
        if i + n == len(words) and words[i][2].lower() in _READ:
            continue  # 'Students read “On Liberty”': a title read, not a text's words ('It reads: “...”')
        cue = _cue_span(words, i, n)
        if words[i][2].lower() in _SOURCE_FOLLOWS:
            return cue, _source_after([w for w in words[i + n :] if w[0] >= cue[1]])
        before = sentence[: skipped + i]
        bare = before
        while bare and bare[-1][2].lower() in _ADVERBS:
            bare = bare[:-1]
        if words[i][2].lower().endswith("ing") and bare and bare[-1][2].lower() in _PARTICIPLE_PREPS:
            # '“...,” Cruz replied, before adding that he “...”': the speaker of the verb before.
            return cue, _earlier_speaker(bare[:-1]) or main_subject(sentence, skipped + i)
        if words[i][2].lower().endswith("ing") and bare and (bare[-1][2] == "," or _comma_closed(bare)):
            # '..., arguing that ...', '..., also arguing that ...': the participle's speaker is the
            # sentence's subject, not the phrase before the comma ('during the rest of her campaign, saying').
            return cue, sentence_subject(sentence, skipped + i) or _clause_subject(bare)
        # 'Ann Lee, who chairs the board, once said': the title's comma before the cue's adverb.
        return cue, (
            _speaker_before(bare if bare and bare[-1][2] == "," and len(bare) < len(before) else before)
            or sentence_subject(sentence, skipped + i)
            or main_subject(sentence, skipped + i)
            or _long_subject(before)
        )
    return None


def _clause_subject(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The subject of the clause closing ``words`` before their last comma ('Here in Dover, Lee
    stepped up the attack,', 'a day later, he cut into the plan,'): a participle cue after it is that
    subject's. None where the clause opens with no subject ('during the rest of her campaign,')."""
    end = len(words) - 1
    while end > 0 and words[end][2] in _CLOSERS:
        end -= 1
    marks = [k for k in range(end) if not words[k][2][0].isalnum() and words[k][2] not in (".", "’s", "'s")]
    clause = words[marks[-1] + 1 if marks else 0 : end + 1]
    found = _opening_subject(clause, len(clause) - 1) if len(clause) > 2 else None
    return found[0] if found is not None else None


def _goes_on_after_quote(words: list[tuple[int, int, str]], k: int) -> bool:
    """True when the stop ``words[k]`` closes a quote the sentence goes on after in lower case
    ('declared “What a night!” and said', 'asked “Why?” before adding')."""
    return (
        k + 2 < len(words)
        and words[k + 1][2] in _CLOSERS
        and words[k + 2][2][:1].islower()
        and words[k + 2][2][:1].isalpha()
    )


def _opening_speaker(text: str, close: int, cue: tuple[int, int, str]) -> tuple[int, int] | None:
    """The subject of the sentence a quote closing at ``close`` stands in, for a participle
    ``cue`` right after it ('She said she thought, “...,” adding'): the sentence starts at the
    last full stop outside quotation marks in the paragraph."""
    start = text.rfind("\n", 0, close) + 1
    words = _tokens(text, start, close + 1)
    depth, first, opener = 0, 0, 0
    for n, w in enumerate(words):
        if w[2] in ("“", "‘") or (w[2] == '"' and depth == 0):
            opener = n if depth == 0 else opener
            depth += 1
        elif w[2] in ("”", '"') and depth > 0:
            depth -= 1
        elif depth == 0 and _ends_at(words, n):
            first = n + 1
    if opener == 0 or words[opener - 1][2] not in ",:":
        return None  # 'Lee told them Ross “...,” adding': a fragment, not speech introduced by a comma
    sentence = words[first:] + [cue]
    return sentence_subject(sentence, len(sentence) - 1)


# Closing quotation marks a token of their own may be ('“...,” adding').
_CLOSERS = frozenset({'"', "”", "''", "'"})


def _comma_closed(words: list[tuple[int, int, str]]) -> bool:
    """True when ``words`` end with a comma inside closing quotation marks ('..., “...,”')."""
    return len(words) > 1 and words[-1][2] in _CLOSERS and words[-2][2] == ","


# '..., before adding that', 'after calling it': a participle after these is the earlier verb's.
_PARTICIPLE_PREPS = frozenset({"before", "after", "while", "without", "by"})


def _earlier_speaker(words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The source of the cue closing the clause before a comma ('Cruz replied,'), if any."""
    if not words or words[-1][2] != ",":
        return None
    for j in range(len(words) - 2, max(-1, len(words) - 2 - _WINDOW), -1):
        if _ends_at(words, j) or words[j][2] in ",;:":
            return None
        if _cue_at(words, j):
            return _source_before(words[:j])
    return None


def _outer_cue(words: list[tuple[int, int, str]], i: int) -> bool:
    """True when a verb of saying reports the clause of cue ``words[i]`` a few words before it
    ('Lee said he wants', 'Lee told reporters that she did not believe'): nothing but words between."""
    for j in range(i - 1, max(-1, i - 2 - _OUTER_GAP), -1):
        w = words[j][2]
        if not w[0].isalnum():
            return False
        if w.lower() in CUES and _cue_at(words, j) == 1 and i - j > 1:
            return True
    return False


def _sentence_before(text: str, start: int, opener: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The attribution closing the sentence right before a quote ('..., the official said. "..."').

    Only "<source> <cue>." directly before the opening mark: the speaker of
    that sentence goes on speaking in the quote.
    """
    words = _tokens(text, start, opener)
    if len(words) < 3 or words[-1][2] != "." or text[words[-1][1] : opener].strip():
        return None
    words = words[:-1]
    for k in range(len(words) - 1, -1, -1):
        if _ends_at(words, k) or words[k][2] in '"“”„«»‘’':
            words = words[k + 1 :]
            break
    for n in (2, 1):
        i = len(words) - n
        if i > 0 and _cue_at(words, i) == n and words[i][2].lower() not in _SOURCE_FOLLOWS:
            source = _speaker_before(words[:i])
            if source is None:
                return None
            return (words[i][0], words[-1][1]), source
    return None


def _clause_before(text: str, start: int, source: int) -> tuple[int, int] | None:
    """The writer's clause opening the sentence before its '<source> <cue>.' ('The plan is not
    new, the senator said.'), or None: at least three words, then a comma, then the source."""
    words = _tokens(text, start, source)
    for k in range(len(words) - 1, -1, -1):
        if _ends_at(words, k) or words[k][2] in '"“”„«»‘’':
            words = words[k + 1 :]
            break
    if len(words) < 4 or words[-1][2] != "," or _alnum(words) < 3:
        return None
    return words[0][0], words[-2][1]


# -- the suggester ------------------------------------------------------------


def find_quotes(
    text: str, *, cue_words: frozenset[str] = frozenset(), cue_phrases: tuple[tuple[str, ...], ...] = ()
) -> list[Quote]:
    """Quotations in ``text`` with cue and source, in raw character offsets (not snapped).

    ``cue_words`` and ``cue_phrases`` (the cue lexicon's) are cues beside ``CUES``.
    """
    phrases = tuple(sorted(set(MULTI_CUES) | set(cue_phrases), key=len, reverse=True))
    token = _VOCAB.set((CUES | cue_words, phrases))
    try:
        return _find_quotes(text)
    finally:
        _VOCAB.reset(token)


def _find_quotes(text: str) -> list[Quote]:
    pairs = _pairs(text)
    paragraphs = _paragraphs(text)
    quotes: list[Quote] = []
    # (quote, paragraph index, close position, closed) of the quote seen last.
    previous: tuple[Quote, int, int, bool] | None = None
    for n, (p, opener, close, _kind, closed) in enumerate(pairs):
        para_start, para_end = paragraphs[p]
        content = (opener + 1, close)
        nxt = pairs[n + 1] if n + 1 < len(pairs) else None
        limit = nxt[1] if nxt and nxt[0] == p else para_end
        # A paragraph reopening the quote the previous paragraph left open.
        if previous and not previous[3] and previous[1] == p - 1 and opener == _first_char(text, para_start):
            quote = previous[0]
            quote.contents.append(content)
        else:
            quote = None
            # "...," he said. "...": the gap is the previous quote's attribution only.
            if previous and previous[1] == p and previous[3] and _split(text, previous, opener):
                own_tail = _tail(text, close, limit) if closed else None
                if own_tail is None:
                    quote = previous[0]
                    quote.contents.append(content)
            if quote is None:
                quote = Quote(contents=[content])
                quotes.append(quote)
                prev_close = previous[2] + 1 if previous and previous[1] == p else para_start
                lead = _lead(text, prev_close, opener)
                if lead:
                    quote.cue, quote.source = lead
                    if quote.source is None and prev_close > para_start:
                        # 'Lee said Ann is “decent,” and said Bo “melted down.”': the subject opening
                        # the sentence, before the previous quote.
                        whole = _lead(text, para_start, opener)
                        if whole and whole[0] == quote.cue:
                            quote.source = whole[1]
                    if (
                        quote.source is None
                        and previous is not None
                        and previous[1] == p
                        and text[slice(*quote.cue)].endswith("ing")
                    ):
                        # '“...,” Cruz said, adding: “...”': the one who said goes on.
                        quote.source = previous[0].source
        if closed and (quote.cue is None or quote.cue[0] < opener):
            # An attribution after the quote wins over one before it ("X said on Monday: ... , X added").
            tail = _tail(text, close, limit)
            # '“...,” and said': a cue after the quote with no speaker loses to one before it with one;
            # so does one going on to a report of its own ('“...,” she insisted the vote was rigged').
            if (
                tail
                and (quote.cue is None or len(quote.contents) == 1)
                and (tail[1] or not quote.source)
                and not (quote.source and _reports_on(text, tail))
            ):
                quote.cue, quote.source, _ = tail
        if quote.cue is None and len(quote.contents) == 1:
            since = previous[2] + 1 if previous and previous[1] == p else para_start
            before = _sentence_before(text, since, opener)
            # A cue the previous quote already took is that quote's, not this one's.
            if before and not (previous and previous[0].cue == before[0]):
                quote.cue, quote.source = before
                clause = _clause_before(text, since, before[1][0])
                if clause is not None:
                    # 'The plan is not new, the senator said. “We tried it.”': one attribution of both.
                    quote.contents.insert(0, clause)
                    quote.label = "MIXED"
        previous = (quote, p, close, closed)
        quote._open = not closed
    # A quote still open where the text says no more is a stray mark, not a quotation.
    return [q for q in quotes if not q._open and (q.cue is not None or _speech_alone(text, q))]


def _reports_on(text: str, tail: tuple[tuple[int, int], tuple[int, int] | None, int]) -> bool:
    """True when the cue of an attribution after a quote, its speaker before it, goes on to a report
    of its own ('Lee admitted that they had been “friends,” he claimed they never met'): an object
    or a clause after the cue, not a time, a place or the sentence's end."""
    cue, source, end = tail
    if source is None or source[0] > cue[0]:
        return False
    rest = _tokens(text, cue[1], end)
    return bool(rest) and rest[0][2].lower() not in _AFTER_CUE_OK and not rest[0][2][:1].isupper()


def _speech_alone(text: str, quote: Quote) -> bool:
    """A quote with no cue is speech only when it reads like a sentence someone said.

    Scare quotes and titles are not: a "historic mistake", "Meet the Press",
    "Saturday Night Live" (most words capitalised), an attribute value
    (``id="..."``).
    """
    if _words(text, quote) < MIN_WORDS_WITHOUT_CUE:
        return False
    s, e = quote.contents[0]
    if s >= 2 and text[s - 2] == "=":
        return False
    words = re.findall(r"[^\W\d_][\w’'-]*", text[s:e])
    if not words:
        return False
    # A fragment in lower case of three words or more is somebody's words ('... the pledge to
    # “put America first” ...'): PolNeAR attributes them; two words are a scare quote.
    capitalised = sum(w[0].isupper() for w in words)
    return not (len(words) <= 8 and capitalised * 2 > len(words))


def _split(text: str, previous: tuple[Quote, int, int, bool], opener: int) -> bool:
    """True when only the previous quote's own short attribution stands before ``opener``."""
    quote, _, close, _ = previous
    if quote.cue is None or not (close < quote.cue[0] and quote.cue[1] <= opener):
        return False
    if (
        len(text[close + 1 : opener].split()) > 45
        or text[quote.contents[-1][0] : quote.contents[-1][0] + 1].islower()
    ):
        return False  # a fragment ('called it “unhinged.”') is a mixed quote's, not a part to go on
    # Only the attribution between the parts: what is left once cue and source are cut out is
    # punctuation and a few words ("on Monday"), never a sentence of its own.
    gap = list(text[close + 1 : opener])
    for rng in (quote.cue, quote.source):
        if rng is not None and close < rng[0]:
            for i in range(rng[0], min(rng[1], opener)):
                gap[i - close - 1] = " "
    left = "".join(gap)
    if text[opener + 1 : opener + 2].islower() and len(re.findall(r"\w+", left)) > 3:
        return False  # '..., he said, adding that it would "grow"': a clause of the writer's
    # A sentence of the writer's between the parts ends one quote; "Mr." and "J." end none.
    words = _tokens(left, 0, len(left))
    if any(
        _cue_at(words, k) and (words[k][2].endswith("ing") or (k and words[k - 1][2] in ("and", "then")))
        for k in range(len(words))
    ):
        return False  # '“...,” Cruz said, adding: “...”': the second part has a cue of its own
    return not any(
        _ends_at(words, k) and k + 1 < len(words) and words[k + 1][2][:1].isupper() for k in range(len(words))
    )


def _first_char(text: str, start: int) -> int:
    i = start
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _words(text: str, quote: Quote) -> int:
    return sum(len(text[s:e].split()) for s, e in quote.contents)

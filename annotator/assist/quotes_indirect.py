"""Reported speech without a parser: sentence rules around a cue of the lexicon.

These are rules, not a parse, and they say so in the suggest summary. Per
sentence (a line split at ``.``/``!``/``?`` before a capital, abbreviations
kept), in this order:

1. "According to X, CONTENT." and "CONTENT, according to X."
2. "CONTENT, X said." and "CONTENT, said X." (the cue ends the sentence);
3. "X said (that) CONTENT." where X is a short noun phrase right before the
   cue (adverbs and auxiliaries between them allowed: "X has long argued");
   "told Y that": the listener is neither cue nor content.

A sentence that is mostly a direct quote is left to the direct quotes.
Headlines are read with or without a parse: 'Graham: ...' and title-case
lines of a name and a present-tense cue ('Trump Slams Ryan Over Trade').
"""

from __future__ import annotations

import re
from itertools import islice

from annotator.assist.cues import Cues
from annotator.assist.quotes_direct import (
    _ADVERBS,
    ABBREVIATIONS,
    DAYS,
    NOUN_MARKERS,
    Quote,
    _alnum,
    _source_after,
    _source_before,
    _tokens,
    main_subject,
    sentence_subject,
)

Word = tuple[int, int, str]

# Words that end no noun phrase: a "source" ending in one is a clause, not a speaker.
_FUNCTION = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "that",
        "this",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "if",
        "than",
        "then",
        "so",
        "not",
        "no",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "it",
        "its",
        "also",
        "just",
        "very",
        "more",
        "most",
    ]
)
_PRONOUN_SOURCES = frozenset({"he", "she", "they", "i", "we", "you"})
# Verbs of the lexicon that are nouns as often as verbs: a cue only right after a clear source.
_MIN_CONTENT_WORDS = 3
_MAX_TAIL_SOURCE = 8


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges: lines split after . ! ? (and a closing quote) before a capital or a quote mark."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cut = start
        for m in re.finditer(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])", line):
            end = start + m.start() + 1
            word = re.findall(r"[\w.]+$", text[cut : end - 1])
            if word and word[0].lower().rstrip(".") in ABBREVIATIONS:
                continue
            if word and len(word[0]) == 1 and word[0].isupper():
                continue  # an initial: "George W. Bush"
            out.append((cut, start + m.end() - len(m.group()) + len(m.group().rstrip())))
            cut = start + m.end()
        out.append((cut, start + len(line.rstrip())))
    return [(s, e) for s, e in out if text[s:e].strip()]


_AND_VERB = re.compile(r"\s(?:and|but)\s+(?:also\s+|then\s+|later\s+)?(\w+)")


def clause_end(text: str, start: int, end: int, forms: frozenset[str]) -> int:
    """``end``, or earlier where a second attribution joins on: '... “disappointing” and said it ...'."""
    for m in _AND_VERB.finditer(text, start, end):
        if m.group(1).lower() in forms:
            return m.start()
    return end


def _range(words: list[Word]) -> tuple[int, int] | None:
    while words and not words[0][2][0].isalnum() and words[0][2] not in '"“‘':
        words = words[1:]
    # A reported content ends before the sentence's full stop (a quote's own marks stay).
    while words and not words[-1][2][0].isalnum() and words[-1][2] not in '"”’!?':
        words = words[:-1]
    return (words[0][0], words[-1][1]) if words else None


# "he's said", "it's noted": a pronoun's 's is "has" or "is", no possessive.
_CONTRACTED = frozenset({"he", "she", "it", "that", "there", "who", "what", "here", "where", "let"})


def _possessive(word: str) -> bool:
    """True for a possessive token ("Biden’s", "the group's"; one token with its 's)."""
    low = word.lower().replace("’", "'")
    if low == "'s":
        return True
    return low.endswith("'s") and low[:-2] not in _CONTRACTED and low[:-2].isalpha()


def _is_cue(words: list[Word], i: int, cues: Cues) -> int:
    """Length of the cue at ``words[i]`` in words (0 when none)."""
    for phrase in cues.phrases:
        if tuple(w[2].lower() for w in words[i : i + len(phrase)]) == phrase:
            return len(phrase)
    w = words[i][2].lower()
    if w not in cues.forms or words[i][2][:1].isupper() and i > 0:
        return 0
    if i > 0 and words[i - 1][2].lower() in NOUN_MARKERS:
        return 0  # "the report": a noun
    if (
        i > 0
        and _possessive(words[i - 1][2])
        and not (i + 1 < len(words) and words[i + 1][2].lower() == "that")
    ):
        return 0  # "Biden’s comments on ...": a noun ("Trump’s claims that ..." reports a content)
    if w == "asked" and i > 0 and words[i - 1][2].lower() in (",", "when", "if", "once"):
        return 0  # "Lee, asked about the vote, said": the speaker was asked; the cue comes after
    nxt = words[i + 1][2].lower() if i + 1 < len(words) else ""
    if nxt in _SETTING_WORDS and _setting_that(words, i + 1) is not None:
        return 1  # 'said in a statement that', 'confided to her that': the setting, then the report
    # "added to the list", "called for", "plans for": the preposition makes it no cue.
    if nxt in ("to", "for", "on", "up", "off", "by", "in") and w not in cues.intention:
        return 0
    return 1


# Prepositions opening the setting or listener of a saying before its "that" ('said in a
# statement that', 'wrote on Twitter that', 'confided to her that').
_SETTING_WORDS = frozenset({"in", "on", "to", "at", "during"})
_MAX_SETTING_WORDS = 8


def _setting_that(words: list[Word], k: int) -> int | None:
    """Index of the "that" after a short setting opened at ``words[k]``, or None."""
    for j in range(k + 1, min(len(words), k + 2 + _MAX_SETTING_WORDS)):
        if words[j][2].lower() == "that":
            return j if j > k + 1 else None
        if not words[j][2][0].isalnum():
            return None
    return None


def _plausible_source(words: list[Word], source: tuple[int, int]) -> bool:
    part = [w for w in words if source[0] <= w[0] and w[1] <= source[1]]
    if not part:
        return False
    last = part[-1][2]
    low = last.lower()
    if low in _PRONOUN_SOURCES:
        return len(part) == 1
    if low in _FUNCTION or low.endswith("ly") or not last[0].isalnum():
        return False
    return last[:1].isupper() or any(w[2].lower() in ("the", "a", "an", "his", "her", "their") for w in part)


def _according(words: list[Word], i: int) -> Quote | None:
    cue = (words[i][0], words[i + 1][1])
    after = words[i + 2 :]
    commas = [k for k, w in enumerate(after) if w[2] == ","]
    if i == 0 or all(not w[2][0].isalnum() for w in words[:i]):
        if not commas:
            return None
        source = _range(after[: commas[0]])
        content = _range(after[commas[0] + 1 :])
    else:
        source = _source_after(after)
        content = _range([w for w in words[:i]])
    if content is None or _alnum([w for w in words if content[0] <= w[0] < content[1]]) < _MIN_CONTENT_WORDS:
        return None
    return Quote(contents=[content], cue=cue, source=source, label="INDIRECT")


def _tail(words: list[Word], cues: Cues) -> Quote | None:
    """'CONTENT, X said.' / 'CONTENT, said X.': a cue in the short stretch after the last comma."""
    commas = [k for k, w in enumerate(words) if w[2] == ","]
    if not commas:
        return None
    k = commas[-1]
    clause = [w for w in words[k + 1 :] if w[2] not in ".!?"]
    if not clause or _alnum(clause) > _MAX_TAIL_SOURCE + 2:
        return None
    if clause[0][2].lower() in _INNER_OPENERS:
        return None  # '..., but she told reporters it was “...”': a clause of its own, no attribution
    for j in range(len(clause)):
        n = _is_cue(clause, j, cues)
        if not n or clause[j][2].lower().endswith("ing"):
            continue
        cue = (clause[j][0], clause[j + n - 1][1])
        source = _source_after(clause[j + n :]) if j == 0 else _source_before(clause[:j])
        if source is None or not _plausible_source(clause, source):
            return None
        content = _range(words[:k])
        if content is None or _alnum(words[:k]) < _MIN_CONTENT_WORDS:
            return None
        return Quote(contents=[content], cue=cue, source=source, label="INDIRECT")
    return None


# Sentence adverbs set off after a subject ('Forbes, however, says'): not the source's.
_ASIDE_ADVERBS = frozenset({"however", "though", "too", "meanwhile", "instead", "moreover", "also", "then"})


def _without_aside(words: list[Word], source: tuple[int, int] | None) -> tuple[int, int] | None:
    """``source`` without a sentence adverb set off after it ('Forbes, however': 'Forbes')."""
    part = [w for w in words if source is not None and source[0] <= w[0] < source[1]]
    while len(part) > 1 and (part[-1][2] == "," or part[-1][2].lower() in _ASIDE_ADVERBS):
        part = part[:-1]
    return (part[0][0], part[-1][1]) if part else source


def _lead(text: str, words: list[Word], cues: Cues) -> Quote | None:
    """'X said (that) CONTENT.': the first cue right after a plausible source."""
    for i in range(1, len(words)):
        n = _is_cue(words, i, cues)
        if not n or words[i][2].lower().endswith("ing"):
            continue
        before = words[:i]
        while before and before[-1][2].lower() in _ADVERBS:
            before = before[:-1]
        source = _source_before(before)
        if source is None or not _plausible_source(before, source):
            source = sentence_subject(words, i)
        that = i + n < len(words) and words[i + n][2].lower() == "that"
        if source is None and that:
            # 'Forbes, however, says that ...': a cue of a "that"-clause takes the main clause's subject.
            source = _without_aside(words, main_subject(words, i))
        if source is None:
            continue
        cue = (words[i][0], words[i + n - 1][1])
        rest = words[i + n :]
        if words[i][2].lower() in ("told", "tells", "tell"):
            that = next((k for k, w in enumerate(rest[:8]) if w[2].lower() == "that"), None)
            if that is None:
                continue
            rest = rest[that:]
        elif (
            rest
            and rest[0][2].lower() in _SETTING_WORDS
            and (that_at := _setting_that(words, i + n)) is not None
        ):
            rest = words[that_at:]  # the setting is no part of the report
        cut = clause_end(text, cue[1], rest[-1][1], cues.forms) if rest else 0
        rest = [w for w in rest if w[1] <= cut]
        content = _range(rest)
        if content is None or _alnum(rest) < _MIN_CONTENT_WORDS:
            continue
        return Quote(contents=[content], cue=cue, source=source, label="INDIRECT")
    return None


# Words that may open the clause of a quote's own cue after a break ('..., although he tweeted').
_INNER_OPENERS = frozenset(
    {"and", "but", "while", "although", "though", "yet", "before", "after", "as", "when"}
)
_MAX_INNER_GAP = 4
_RELATIVE_OPENERS = frozenset({"who", "whom", "which", "where", "with"})
# A report cut before an inner one is kept from this many words, unless it opens with these.
_MIN_OWN_REPORT_WORDS = 6
_OCCASION_STARTS = DAYS | frozenset(
    {"in", "at", "on", "during", "to", "down", "after", "before", "as", "of", "or", "just", "about"}
    | {"against", "by", "for", "from", "with"}
)


def _inner_break(words: list[Word], k: int, d: Quote, start: int) -> int | None:
    """Index of the break (a comma, also one inside a closing mark, or a conjunction) before quote
    ``d``'s cue ``words[k]`` that opens a clause of that cue's own, after ``start``; None if none."""
    first = next((n for n, w in enumerate(words) if w[0] >= d.contents[0][0]), None)
    if first is None:
        return None
    if all(not w[2][0].isalnum() for w in words[k + 1 : first - 1]) and words[first][2][:1].isupper():
        return None  # 'he said: “It would ...”': a whole quote, no fragment of the report
    j = k - 1
    while j >= 0 and k - j <= _MAX_INNER_GAP + 1 and words[j][2][0].isalnum():
        if words[j][2].lower() in _INNER_OPENERS and j > 0 and words[j - 1][2][0].isalnum():
            break  # '... though he found': a clause joined without a comma
        j -= 1
    comma = j > 0 and words[j][2] in "”\"’'" and words[j - 1][2] == ","  # '“... mess,” adding'
    if (
        j < 0
        or words[j][0] <= start
        or not (comma or words[j][2] == "," or words[j][2].lower() in _INNER_OPENERS)
    ):
        return None
    gap = [w[2].lower() for w in words[j + 1 : k]]
    if "that" in gap:
        return None  # 'said that ... and that he favored ...': the same cue's second clause
    bare = words[j][2].isalnum()
    if bare and (len(gap) > 1 or gap and not (gap[0] in _PRONOUN_SOURCES or gap[0].endswith("ly"))):
        return None  # 'and the family planned', 'and to counter': no clause of a speaker's own
    return j


def _inner_report(words: list[Word], quote: Quote, direct: list[Quote]) -> Quote | None:
    """A quote's own cue after a break in a report's content starts a report of its own ('Lee
    said the talks went on, although she tweeted that she was “deeply worried”', '..., saying
    it is “a mess”'): the first report ends before the break, the second runs from that cue."""
    s, e = quote.contents[0]
    starts = {w[0]: k for k, w in enumerate(words)}
    for d in sorted((d for d in direct if d.cue is not None), key=lambda d: d.cue[0]):
        k = starts.get(d.cue[0])
        if k is None or not s < d.cue[0] < e or d.cue[1] > d.contents[0][0] or d.contents[0][0] > e:
            continue
        j = _inner_break(words, k, d, s)
        if j is None:
            continue
        end = words[j][1] if words[j][2] in "”\"’'" else words[j][0]
        cut = _range([w for w in words if s <= w[0] and w[1] <= end])
        if cut is None or _alnum([w for w in words if cut[0] <= w[0] < cut[1]]) < _MIN_CONTENT_WORDS:
            continue
        rest = _range([w for w in words if d.cue[1] <= w[0] and w[1] <= e])
        if rest is None:
            continue
        quote.contents[0] = cut
        return Quote(contents=[rest], cue=d.cue, source=_without_opener(words, d.source), label="INDIRECT")
    return None


def inner_cue_end(text: str, start: int, end: int, quotes: list[Quote]) -> int:
    """``end``, or the break before the cue of another quote in ``text[start:end]`` that opens a
    clause of that cue's own ('called it “a mess,” telling reporters that it was “sad”')."""
    if text[start - 1 : start] == ",":
        start -= 1  # the comma inside the fragment's closing mark
    words = _tokens(text, start, end)
    starts = {w[0]: k for k, w in enumerate(words)}
    for d in sorted((d for d in quotes if d.cue is not None), key=lambda d: d.cue[0]):
        k = starts.get(d.cue[0])
        if k is None or d.cue[1] > d.contents[0][0] or d.contents[0][0] >= end:
            continue
        j = _inner_break(words, k, d, start)
        if j is not None:
            return words[j][1] if words[j][2] in "”\"’'" else words[j][0]
    return end


def _without_opener(words: list[Word], source: tuple[int, int] | None) -> tuple[int, int] | None:
    """``source`` without the conjunction or relative word opening its clause ('although she',
    'whom he': 'she', 'he')."""
    part = [w for w in words if source is not None and source[0] <= w[0] < source[1]]
    while len(part) > 1 and part[0][2].lower() in _INNER_OPENERS | _RELATIVE_OPENERS:
        part = part[1:]
    return (part[0][0], source[1]) if part and source is not None else source


def _own_report(words: list[Word], quote: Quote) -> bool:
    """True when what is left of a report before an inner one reads as a report of its own: six
    words or more, not the time, place or listener of the saying ('said Tuesday in Paris, noting')."""
    part = [w for w in words if quote.contents[0][0] <= w[0] < quote.contents[0][1]]
    return _alnum(part) >= _MIN_OWN_REPORT_WORDS and part[0][2].lower() not in _OCCASION_STARTS


def rule_attributions(text: str, cues: Cues, direct: list[Quote]) -> list[Quote]:
    """Reported speech found by the sentence rules (one attribution per sentence at most, and
    the inner report of a quote's own cue in it)."""
    quoted = [c for q in direct for c in q.contents]
    found = []
    for start, end in sentences(text):
        inside = sum(max(0, min(e, end) - max(s, start)) for s, e in quoted)
        if inside * 2 > end - start:
            continue
        words = _tokens(text, start, end)
        quote = None
        for i in range(len(words) - 1):
            if words[i][2].lower() == "according" and words[i + 1][2].lower() == "to":
                quote = _according(words, i)
                break
        quote = quote or _tail(words, cues) or _lead(text, words, cues)
        if quote is not None:
            inner = _inner_report(words, quote, direct)
            if inner is None or _own_report(words, quote):
                found.append(quote)
            if inner is not None:
                found.append(inner)
    return found


# 'Graham:', 'NY Daily News:', 'Clinton to Planned Parenthood:', 'Former AG Mukasey at RNC:'.
_HEADLINE = re.compile(
    r"^[ \t]*((?:[A-Z][\w’'.&-]*[ \t]?){1,4}(?:(?:to|at|of|on|in|for)[ \t](?:the[ \t])?(?:[A-Z][\w’'.&-]*[ \t]?){1,3})?)"
    r":[ \t]+(\S.*?)[ \t]*$",
    re.MULTILINE,
)
# "UPDATE: ...", "WATCH: ...", "Image: Jane Doe / Agency": labels before a colon that are
# nobody (a page's captions and credit lines among them), as the first word of the label
# or as its last ("Editor's Note:", "The Latest:", "Monday's Morning Email:").
_NOT_SPEAKER_WORDS = """
    update updated watch video photo photos breaking exclusive related editor note read more
    analysis opinion live transcript q a news roundup digest briefing
    updates sports health weather business world politics phone tel fax email e-mail contact address
    website web follow share tags tag category topics copyright
    image images picture pictures photograph photographs photography illustration illustrations
    graphic graphics chart map gallery caption credit credits source sources file audio podcast
    listen published posted advertisement sponsored
    latest notice email correction corrections contributing wow look boom bombshell revealed leaked busted
"""
_NOT_SPEAKERS = frozenset(_NOT_SPEAKER_WORDS.split())
_CONNECTORS = frozenset({"to", "at", "of", "on", "in", "for", "the"})


def headline_attributions(text: str) -> list[Quote]:
    """'Graham: Trump’s Rhetoric Is Destroying the GOP': a name and a colon opening a line attribute the rest."""
    found = []
    for m in _HEADLINE.finditer(text):
        name, rest = m.group(1).strip(), m.group(2)
        words = name.replace(".", " ").lower().split()
        if (
            (name.isupper() and not re.fullmatch(r"[A-Z]{2,4}", name))
            or not words
            or words[0] in _NOT_SPEAKERS
            or words[-1] in _NOT_SPEAKERS - {"news"}  # the label's head noun: "Editor's Note:", "The Latest:"
            or set(words) <= _NOT_SPEAKERS | _CONNECTORS
            or len(re.findall(r"[^\W\d_]{2,}", rest)) < _MIN_CONTENT_WORDS
        ):
            continue
        if rest.rstrip().endswith(":"):
            continue
        colon = text.index(":", m.start(1) + len(m.group(1).rstrip()))
        end = m.end(2)
        while end > m.start(2) and text[end - 1] in ".,;":
            end -= 1
        source = (m.start(1), m.start(1) + len(name))
        label = "MIXED" if any(c in text[m.start(2) : end] for c in '“”"') else "INDIRECT"
        found.append(Quote(contents=[(m.start(2), end)], cue=(colon, colon + 1), source=source, label=label))
    return found


_TITLE_WORD = re.compile(r"[^\W\d_][\w’'.-]*|\d[\w,.$%]*")
_MAX_TITLE_WORDS = 20


def _present_cue(word: str, cues: Cues) -> bool:
    """True for a cue verb in the present tense ('says', 'slams', 'praises', 'denies')."""
    if not word.endswith("s") or word.endswith("ss"):
        return False
    stems = {
        word[:-1],
        word[:-2] if word.endswith("es") else "",
        word[:-3] + "y" if word.endswith("ies") else "",
    }
    return word in cues.forms or bool(stems & cues.lemmas)


def title_attributions(text: str, cues: Cues) -> list[Quote]:
    """'Trump Slams Ryan Over Trade Deal': a title-case line of a name and a present-tense cue.

    A small parse reads such lines badly (their capitals look like names). The
    name is the capitalised words opening the line (up to five), the cue the
    next word when it is a cue verb in the present tense, the rest of the line the content.
    """
    found = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        # Words up to one past the most a title has: a paragraph's others are not read.
        found_words = islice(_TITLE_WORD.finditer(line), _MAX_TITLE_WORDS + 1)
        words = [(start + m.start(), start + m.end(), m.group()) for m in found_words]
        if not 4 <= len(words) <= _MAX_TITLE_WORDS or line.rstrip().endswith(":"):
            continue
        alpha = [w for w in words if w[2][0].isalpha()]
        if sum(w[2][0].isupper() for w in alpha) * 5 < len(alpha) * 4:
            continue  # not a title: most of its words start in lower case
        for i in range(1, min(6, len(words) - _MIN_CONTENT_WORDS)):
            if not _present_cue(words[i][2].lower(), cues):
                continue
            if not all(w[2][0].isupper() for w in words[:i]) or words[0][2].lower() in _NOT_SPEAKERS:
                break
            end = words[-1][1]
            while text[end - 1] in ".,;:":
                end -= 1
            content = (words[i + 1][0], end)
            label = "MIXED" if any(c in text[content[0] : content[1]] for c in '“”"‘’') else "INDIRECT"
            quote = Quote(contents=[content], cue=(words[i][0], words[i][1]), label=label)
            quote.source = (words[0][0], words[i - 1][1])
            found.append(quote)
            break
    return found

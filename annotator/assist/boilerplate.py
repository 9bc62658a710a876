"""Boilerplate suggester: which blocks (lines) of an article are not its main text.

Two ways in, one way out (runs of boilerplate blocks as spans):

- an article imported from HTML: trafilatura's main-text extraction of the
  page decides; blocks of the article text whose words are not in the
  extracted text are boilerplate (``suggested:trafilatura``);
- plain text: block rules (``suggested:boilerplate``). A block that repeats in
  several articles of the same source is the strongest sign; then menu, share,
  copyright, "Subscribe", "TRENDING" words and link-like lines; and position:
  short lines without sentence punctuation after the last body paragraph
  (related-story lists, footers) or under a "TRENDING"/"Latest News" heading.

Credit lines ("(This story has not been edited...)", "(Reporting by ...)")
get the label CREDIT in both ways; every other block gets BOILERPLATE.
One span covers each run of consecutive blocks with the same label (blank
lines between them included), so one key accepts a whole footer.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from annotator.model import BOILERPLATE, Span, SpanError, snap

ORIGIN_RULES = "suggested:boilerplate"
ORIGIN_HTML = "suggested:trafilatura"
CREDIT = "CREDIT"
LABEL = "BOILERPLATE"

# A line in this many articles of one source is boilerplate (the article itself counted).
MIN_REPEATS = 3
STRONG_IN_HTML = True
# Pages this long (in characters) may hold a text node or attribute over libxml2's
# 10 MB limit (4 bytes a character at most), so they are parsed with huge_tree.
_HUGE_PAGE = 2_000_000

_WORD = re.compile(r"\w+")
# A short English stop-word list: body text is full of them, menus are not.
_STOP_WORDS = """a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just me more most my no nor not now
of off on once only or other our out over own said same she should so some such than that the their them
then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your"""
_STOP = frozenset(_STOP_WORDS.split())
_STRONG = re.compile(
    r"\b(subscribe|subscription|newsletter|sign up|sign in|log ?in|log out|register|trending|most read|"
    r"most popular|most viewed|latest news|latest stories|related (?:articles?|stories|news|posts|content)|"
    r"read more|recommended|you may also like|more from|share (?:this|on|via)|follow us|connect (?:with|us)|"
    r"all rights reserved|copyright|privacy policy|terms of (?:use|service)|cookies?|advertisement|"
    r"advertise|sponsored|contact us|skip to|menu|navigation|back to top|print this|email this|"
    r"give feedback|devshots|editions|other links|other products|load more|show more|comments?)\b"
    r"|©|@\w+\.\w+|\bhttps?://|\bwww\.",
    re.IGNORECASE,
)
# A heading after which a run of short lines is a list of links ("TRENDING", "Latest News").
_LIST_HEADING = re.compile(
    r"^\s*(trending|most read|most popular|most viewed|latest news|latest|related|related (?:articles|stories|"
    r"news)|recommended|more stories|more news|top stories|popular|editor'?s picks|devshots|opinion.*|"
    r"you may also like|read more|more from .*)\s*:?\s*$",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\W*(?:this (?:story|article|report) (?:has|was|is)|reporting by|additional reporting|editing by|"
    r"writing by|written by|compiled by|with inputs from|inputs from|\w[\w .,'’-]{0,60} contributed to "
    r"this (?:report|story|article))",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"\b(updated|published|created|posted)\b", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+?\d[\d\s-]{7,}\d)")
_SENTENCE_END = '.!?"”’):'


def blocks(text: str) -> list[tuple[int, int]]:
    """The non-empty lines of ``text`` as (start, end), surrounding whitespace trimmed.

    Lines end where ``str.splitlines`` ends them (``\v``, ``\f``, ``\x85``,
    U+2028 ... as well as ``\n``): where the window draws a line break.
    """
    found, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            found.append((start, start + len(stripped)))
        pos += len(line)
    return found


def _printable(ch: str) -> str:
    return ch if ch.isprintable() or ch.isspace() else ""


def normalise(line: str) -> str:
    """Lower-case words only: how blocks are compared across articles and with extracted text.

    trafilatura drops characters that do not print (soft hyphens, zero-width
    spaces and joiners) and NFC-normalises its text; the article text keeps
    them as imported. Both sides are compared in that form, or every word
    holding a soft hyphen ("gov\u00adern\u00adment") would fail to match.
    """
    if not line.isprintable():
        line = "".join(map(_printable, line))
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", line).lower()))


def group_of(source: str, url: str) -> str | None:
    """Articles of one source (or, without one, one site) share their boilerplate."""
    if source.strip():
        return "source:" + source.strip().lower()
    host = urlsplit(url).hostname if url else None
    if host:
        return "site:" + host.removeprefix("www.")
    return None


class RepeatIndex:
    """How many articles of each source contain each (normalised) line."""

    def __init__(self) -> None:
        self._counts: dict[str, Counter[int]] = {}

    def add(self, group: str | None, text: str) -> None:
        if group is None:
            return
        lines = {hash(normalise(text[s:e])) for s, e in blocks(text)}
        self._counts.setdefault(group, Counter()).update(lines)

    def count(self, group: str | None, line: str) -> int:
        if group is None or group not in self._counts:
            return 0
        return self._counts[group][hash(normalise(line))]


# -- block features -------------------------------------------------------------


def _words(line: str) -> list[str]:
    return _WORD.findall(line.lower())


def _content_like(line: str, words: list[str]) -> bool:
    """A body paragraph: a few words, stop words among them, ending like a sentence."""
    if len(words) < 6 or _STRONG.search(line) and len(words) < 25:
        return False
    stop = sum(w in _STOP for w in words) / len(words)
    end = line.rstrip()
    if end.endswith(("...", "…")):
        return False  # a teaser cut short ("Obesity raises risk of gum disease by ...")
    return end[-1] in _SENTENCE_END and stop >= 0.2


def _strong(line: str, words: list[str]) -> bool:
    if _DATELINE.search(line):
        return False
    sentence = line.rstrip()[-1] in ".!?" and len(words) > 4
    if _STRONG.search(line) and len(words) <= 12 and not sentence:
        return True
    if line.count("|") >= 2 and line.rstrip()[-1] not in ".!?":
        return True  # "Home | World | Sport"
    return bool(_PHONE.search(line)) and len(words) <= 12


def is_credit(line: str) -> bool:
    return bool(_CREDIT.match(line))


def classify(text: str, *, title: str = "", repeats: Sequence[int] | None = None) -> list[str | None]:
    """Label (LABEL, CREDIT or None for main text) of each of ``blocks(text)``.

    ``repeats[i]`` is in how many articles of the same source block ``i`` occurs.
    """
    spans = blocks(text)
    lines = [text[s:e] for s, e in spans]
    words = [_words(line) for line in lines]
    content = [_content_like(line, w) for line, w in zip(lines, words, strict=True)]
    norm_title = normalise(title)
    labels: list[str | None] = [None] * len(lines)
    body = [i for i, c in enumerate(content) if c]
    first, last = (body[0], body[-1]) if body else (len(lines), -1)
    under_heading = False
    for i, (line, w) in enumerate(zip(lines, words, strict=True)):
        if is_credit(line):
            labels[i] = CREDIT
            continue
        if not w:
            labels[i] = LABEL  # punctuation only: bullets, separators
            continue
        if norm_title and normalise(line) == norm_title and i <= first:
            continue  # the headline
        repeated = repeats is not None and repeats[i] >= MIN_REPEATS
        if (repeated and not (content[i] and len(w) >= 20)) or _strong(line, w):
            labels[i] = LABEL
        elif content[i]:
            under_heading = False
            continue
        elif i > last or under_heading:
            labels[i] = LABEL
        if _LIST_HEADING.match(line):
            labels[i] = LABEL
            under_heading = True
    _menus(words, content, labels)
    return labels


def _menus(words: list[list[str]], content: list[bool], labels: list[str | None]) -> None:
    """Runs of three or more one-to-three-word lines are menus, wherever they are."""
    run: list[int] = []
    for i in [*range(len(words)), None]:
        if i is not None and not content[i] and 0 < len(words[i]) <= 3:
            run.append(i)
            continue
        if len(run) >= 3:
            for j in run:
                if labels[j] is None:
                    labels[j] = LABEL
        run = []


def classify_html(text: str, html: str) -> list[str | None]:
    """Labels of ``blocks(text)`` from trafilatura's main text of ``html``.

    A block is main text when most of its word trigrams (a short block: the
    whole line) are in the extracted text. Each extracted line and trigram is
    used up by the first block that matches it, so the fourth copy of "From
    the section US & Canada" on a page is not kept because the first was.
    """
    extracted = extract_main_text(html)
    ex_lines = Counter(normalise(line) for line in extracted.splitlines())
    ex_words = normalise(extracted).split()
    shingles = Counter(tuple(ex_words[i : i + 3]) for i in range(len(ex_words) - 2))
    labels: list[str | None] = []
    for s, e in blocks(text):
        line = text[s:e]
        w = normalise(line).split()
        if is_credit(line):
            labels.append(CREDIT)
        elif STRONG_IN_HTML and _strong(line, w):
            labels.append(LABEL)
        elif len(w) < 3:
            key = " ".join(w)
            if w and ex_lines[key] > 0:
                ex_lines[key] -= 1
                labels.append(None)
            else:
                labels.append(LABEL)
        else:
            grams = [tuple(w[i : i + 3]) for i in range(len(w) - 2)]
            found = [g for g in grams if shingles[g] > 0]
            if len(found) >= 0.5 * len(grams):
                shingles.subtract(found)
                labels.append(None)
            else:
                labels.append(LABEL)
    _keep_what_trafilatura_keeps(text, extracted, labels)
    return labels


# Share of the words trafilatura keeps that the suggestions must leave as main text.
KEEP_OF_TRAFILATURA = 0.97


def _keep_what_trafilatura_keeps(text: str, extracted: str, labels: list[str | None]) -> None:
    """Give back to the main text the blocks holding words trafilatura kept and the labels took.

    The block matching and the rules run on top of trafilatura may mark as
    boilerplate a block trafilatura kept (a short line with a menu-like word,
    a paragraph whose trigrams an earlier copy used up, text the two sides
    wrote differently). Whatever the cause, the main text left must hold at
    least ``KEEP_OF_TRAFILATURA`` of trafilatura's words: blocks made mostly
    of its missing words go back, those covering the most of them first.
    """
    wanted = Counter(normalise(extracted).split())
    total = sum(wanted.values())
    if not total:
        return
    words = [normalise(text[s:e]).split() for s, e in blocks(text)]
    kept: Counter[str] = Counter()
    for w, label in zip(words, labels, strict=True):
        if label is None:
            kept.update(w)
    missing = wanted - kept
    allowed = total * (1 - KEEP_OF_TRAFILATURA)

    def share(i: int) -> float:
        return sum((Counter(words[i]) & missing).values()) / len(words[i])

    candidates = sorted(
        (i for i, label in enumerate(labels) if label == LABEL and words[i]), key=share, reverse=True
    )
    short = sum(missing.values())
    for i in candidates:
        if short <= allowed:
            break
        if share(i) < 0.5:  # asked again: blocks given back earlier took some of its words
            continue
        labels[i] = None
        missing -= Counter(words[i])
        short = sum(missing.values())


def extract_main_text(html: str) -> str:
    """trafilatura's main text of a page (plain text, one paragraph a line); '' when it finds none."""
    import trafilatura

    return (
        trafilatura.extract(
            _whole_page(html),
            output_format="txt",
            include_comments=False,
            include_tables=True,
            favor_precision=False,
        )
        or ""
    )


# trafilatura's own parser options (trafilatura.utils.HTML_PARSER).
_TRAFILATURA_PARSER = {
    "collect_ids": False,
    "default_doctype": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _whole_page(html: str) -> Any:
    """``html`` for trafilatura: the page itself, or its tree when trafilatura's parser would cut it.

    That parser has no huge_tree: it stops at a text node or attribute over
    10 MB (an inline data: image) and at elements nested over 256 deep, and
    the text after would count as boilerplate. Such pages are handed over
    parsed with huge_tree, as the import read them; every other page goes as
    it is, so trafilatura's own checks apply.
    """
    import lxml.html
    from lxml import etree

    from annotator.formats.html import huge_parser

    if len(html) < _HUGE_PAGE:
        probe = lxml.html.HTMLParser(**_TRAFILATURA_PARSER)
        try:
            lxml.html.fromstring(html, parser=probe)
        except (etree.ParserError, ValueError):
            return html  # trafilatura has its own way with these
        if not any(e.level == etree.ErrorLevels.FATAL for e in probe.error_log):
            return html
    try:
        return lxml.html.fromstring(html, parser=huge_parser(**_TRAFILATURA_PARSER))
    except (etree.ParserError, ValueError):
        return html


def spans_from_labels(
    text: str, labels: Sequence[str | None], tokens: Sequence[tuple[int, int]], *, origin: str
) -> list[Span]:
    """One span per run of consecutive blocks with the same label, snapped to tokens."""
    out: list[Span] = []
    run_start = run_end = None
    run_label = None
    for (s, e), label in [*zip(blocks(text), labels, strict=True), ((len(text), len(text)), None)]:
        if label is not None and label == run_label:
            run_end = e
            continue
        if run_label is not None and run_start is not None and run_end is not None:
            try:
                a, b = snap(text, run_start, run_end, tokens)
                out.append(Span(a, b, BOILERPLATE, run_label, origin=origin))
            except SpanError:
                pass
        run_label, run_start, run_end = label, s, e
    return out


def suggest_boilerplate(
    text: str,
    tokens: Sequence[tuple[int, int]],
    *,
    html: str | None = None,
    title: str = "",
    repeats: Sequence[int] | None = None,
) -> list[Span]:
    """Boilerplate spans for one article: trafilatura when its HTML is known, rules otherwise."""
    if html:
        labels = classify_html(text, html)
        if any(label is None for label in labels):
            return spans_from_labels(text, labels, tokens, origin=ORIGIN_HTML)
        # trafilatura found no main text in the page: fall back on the rules.
    return spans_from_labels(text, classify(text, title=title, repeats=repeats), tokens, origin=ORIGIN_RULES)


def repeat_counts(index: RepeatIndex, group: str | None, text: str) -> list[int]:
    return [index.count(group, text[s:e]) for s, e in blocks(text)]


def build_index(articles: Iterable[tuple[str, str, str]]) -> RepeatIndex:
    """A RepeatIndex over (source, url, text) triples."""
    index = RepeatIndex()
    for source, url, text in articles:
        index.add(group_of(source, url), text)
    return index

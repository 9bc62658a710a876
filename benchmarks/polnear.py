"""PolNeAR's brat attribution gold, read on its own (not through the brat importer), and the quote scores.

PolNeAR (``../shared/samples/polnear``, no licence: read from there, never
copied here) has ``<split>/text/<article>.txt`` and
``<split>/attributions/<article>_<annotator>.ann``. Each ``E`` event ties one
attribution's ``Source``, ``Cue`` and ``Content`` text-bound parts (contents
may be discontinuous: ``s e;s e``). An article with several annotators is read
from the first annotator's file (sorted by name), so every article counts once.

The gold has no quote type: a content that is all inside quotation marks is
``DIRECT``, one that holds a quoted fragment is ``MIXED``, the rest
``INDIRECT``.

Scores compare words, not characters (PolNeAR's contents keep their quote
marks and final full stops, ours do not): a content matches exactly when both
cover the same words, and "half" when the shared words are at least half of
each. Predictions and gold are paired one to one, largest overlap first.

``Scores.citron`` measures the same quotes as BBC citron's evaluation does
(``citron/metrics.py``), so its PARC 3.0 figures compare in metric: exact
figures are per quote (a suggestion is right for "source exact" when some gold
quote has a cue sharing a word with its cue and the very same source words;
"content exact" likewise with the content; "cue exact" when some gold cue has
its words), and overlap figures are word counts (precision: the suggested
words of a part that lie in a gold span of that part, over all suggested
words of that part; recall the other way round). Words, not citron's spaCy
tokens, for the reason above.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(os.environ.get("ANNOTATOR_SAMPLES", ROOT.parent / "shared" / "samples"))
POLNEAR = SAMPLES / "polnear"
TYPES = ("DIRECT", "MIXED", "INDIRECT")
_WORD = re.compile(r"\w+")
_DOUBLE_MARKS = '"“”„«»'

Ranges = list[tuple[int, int]]


@dataclass
class Attribution:
    """One attribution in character ranges; ``kind`` is DIRECT, MIXED or INDIRECT."""

    contents: Ranges
    cue: Ranges = field(default_factory=list)
    source: Ranges = field(default_factory=list)
    kind: str = "INDIRECT"
    # A predicted quote's resolved speaker (text of the entity), when the source was resolved.
    speaker: str | None = None
    speaker_resolved: bool = False


@dataclass
class GoldArticle:
    name: str
    text: str
    attributions: list[Attribution]


def available(split: str = "dev") -> bool:
    return (POLNEAR / split / "text").is_dir() and (POLNEAR / split / "attributions").is_dir()


def _ranges(field_: str) -> Ranges:
    out = []
    for part in field_.split(";"):
        s, e = part.split()
        out.append((int(s), int(e)))
    return out


def kind_of(text: str, contents: Ranges) -> str:
    """DIRECT when every part is wholly inside quotation marks, MIXED when a part holds one, else INDIRECT."""
    # The New York Times writes a double quotation mark as two apostrophes: ''So it goes.''
    text = text.replace("''", '" ')
    parts = [text[s:e].strip().rstrip(".,;:").strip() for s, e in contents]
    if not any(ch in p for p in parts for ch in _DOUBLE_MARKS):
        return "INDIRECT"
    if all(len(p) > 1 and p[0] in _DOUBLE_MARKS and p[-1] in _DOUBLE_MARKS for p in parts if p):
        inner = [p[1:-1] for p in parts]
        if not any(ch in p for p in inner for ch in "“”"):
            return "DIRECT"
        # A quote holding a nested quote still reads as one quote when it opens and closes the part.
        return "DIRECT"
    return "MIXED"


def read_ann(text: str, ann: str) -> list[Attribution]:
    """The attributions of one ``.ann`` file (events whose content is known)."""
    spans: dict[str, tuple[str, Ranges]] = {}
    events = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, where = cols[1].partition(" ")
            try:
                spans[cols[0]] = (label, _ranges(where))
            except ValueError:
                continue
        elif line.startswith("E") and len(cols) >= 2:
            events.append(cols[1].split())
    found = []
    for args in events:
        parts: dict[str, Ranges] = {"Content": [], "Cue": [], "Source": []}
        for arg in args:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")
            if role in parts and ref in spans:
                parts[role] += spans[ref][1]
        if not parts["Content"]:
            continue
        contents = sorted(parts["Content"])
        found.append(
            Attribution(
                contents=contents,
                cue=sorted(parts["Cue"]),
                source=sorted(parts["Source"]),
                kind=kind_of(text, contents),
            )
        )
    return found


def read_split(
    split: str = "dev", limit: int | None = None, names: Iterable[str] | None = None
) -> list[GoldArticle]:
    """The articles of one split with their gold, sorted by name (``limit``: the first n)."""
    folder = POLNEAR / split
    by_article: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        article = path.stem.rsplit("_", 1)[0]
        by_article.setdefault(article, path)
    wanted = sorted(by_article) if names is None else [n for n in names if n in by_article]
    if limit is not None:
        wanted = wanted[:limit]
    out = []
    for name in wanted:
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        ann = by_article[name].read_text(encoding="utf-8")
        out.append(GoldArticle(name, text, read_ann(text, ann)))
    return out


def read_versions(split: str = "dev") -> list[tuple[str, str, list[list[Attribution]]]]:
    """The articles of one split that several annotators marked: (name, text, one gold per annotator).

    PolNeAR's weekly agreement articles: 16 in train and 2 in dev, by 5 or 6 annotators each.
    """
    folder = POLNEAR / split
    by_article: dict[str, list[Path]] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        by_article.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    out = []
    for name, paths in sorted(by_article.items()):
        if len(paths) < 2:
            continue
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        out.append((name, text, [read_ann(text, p.read_text(encoding="utf-8")) for p in paths]))
    return out


# -- scoring --------------------------------------------------------------------


def words(text: str, ranges: Sequence[tuple[int, int]]) -> frozenset[int]:
    """Start offsets of the words inside ``ranges``."""
    out: set[int] = set()
    for s, e in ranges:
        out.update(s + m.start() for m in _WORD.finditer(text[s:e]))
    return frozenset(out)


@dataclass
class Tally:
    gold: int = 0
    found_exact: int = 0
    found_half: int = 0
    predicted: int = 0
    right_exact: int = 0
    right_half: int = 0
    cue_gold: int = 0
    cue_right: int = 0
    cue_predicted: int = 0
    source_gold: int = 0
    source_right: int = 0
    source_half: int = 0
    source_predicted: int = 0
    # Counted under the predicted type (precision), where the fields above count under the gold type.
    cue_right_p: int = 0
    source_right_p: int = 0


@dataclass
class CitronTally:
    """citron's counts for one quote type: exact matches per quote, overlaps in words.

    Precision counts (``*_tp``, ``*_predicted``, ``*_words_right``) go under the
    suggestion's type, recall counts (``*_found``, ``*_gold``, ``*_words_found``)
    under the gold's.
    """

    predicted: int = 0
    gold: int = 0
    cue_tp: int = 0
    cue_found: int = 0
    source_tp: int = 0
    source_found: int = 0
    content_tp: int = 0
    content_found: int = 0
    cue_words: int = 0
    cue_words_right: int = 0
    cue_gold_words: int = 0
    cue_words_found: int = 0
    source_words: int = 0
    source_words_right: int = 0
    source_gold_words: int = 0
    source_words_found: int = 0
    content_words: int = 0
    content_words_right: int = 0
    content_gold_words: int = 0
    content_words_found: int = 0

    def scores(self) -> dict[str, tuple[float, float, float]]:
        """(precision, recall, F1) of cue, source and content, exact and overlap."""
        out = {}
        for part in ("cue", "source", "content"):
            p = _ratio(getattr(self, f"{part}_tp"), self.predicted)
            r = _ratio(getattr(self, f"{part}_found"), self.gold)
            out[f"{part}_exact"] = (p, r, f1(p, r))
            p = _ratio(getattr(self, f"{part}_words_right"), getattr(self, f"{part}_words"))
            r = _ratio(getattr(self, f"{part}_words_found"), getattr(self, f"{part}_gold_words"))
            out[f"{part}_overlap"] = (p, r, f1(p, r))
        return out


# citron's own figures on PARC 3.0 test (models/en_2021-11-15/README.md), F1.
CITRON_PARC3 = {
    "cue_exact": 0.823,
    "cue_overlap": 0.768,
    "source_exact": 0.820,
    "source_overlap": 0.853,
    "content_exact": 0.593,
    "content_overlap": 0.833,
}

_PARTS = ("cue", "source", "content")


def _part(q: Attribution, part: str) -> Ranges:
    return q.contents if part == "content" else getattr(q, part)


def _citron_match(part: str, p: dict[str, frozenset[int]], g: dict[str, frozenset[int]]) -> bool:
    """citron's exact match of one part: the same cue words; or a shared cue word and the same words."""
    if part == "cue":
        return bool(p["cue"]) and p["cue"] == g["cue"]
    return bool(p["cue"] & g["cue"]) and p[part] == g[part]


def citron_add(
    by_type: dict[str, CitronTally], text: str, gold: list[Attribution], predicted: list[Attribution]
) -> None:
    """Count one article's quotes into ``by_type`` the way citron's evaluation counts them."""
    gw = [{part: words(text, _part(g, part)) for part in _PARTS} for g in gold]
    pw = [{part: words(text, _part(p, part)) for part in _PARTS} for p in predicted]
    gold_all = {part: frozenset().union(*(w[part] for w in gw)) for part in _PARTS}
    pred_all = {part: frozenset().union(*(w[part] for w in pw)) for part in _PARTS}
    for q, w in zip(predicted, pw, strict=True):
        t = by_type[q.kind]
        t.predicted += 1
        for part in _PARTS:
            _count(t, part, tp=any(_citron_match(part, w, g) for g in gw))
            _count(t, part, words=len(w[part]), words_right=len(w[part] & gold_all[part]))
    for q, w in zip(gold, gw, strict=True):
        t = by_type[q.kind]
        t.gold += 1
        for part in _PARTS:
            _count(t, part, found=any(_citron_match(part, p, w) for p in pw))
            _count(t, part, gold_words=len(w[part]), words_found=len(w[part] & pred_all[part]))


def _count(tally: CitronTally, part: str, **more: int) -> None:
    """Add to ``tally``'s counters of ``part``: ``tp=1`` adds 1 to ``<part>_tp``."""
    for name, n in more.items():
        setattr(tally, f"{part}_{name}", getattr(tally, f"{part}_{name}") + n)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    by_type: dict[str, Tally] = field(default_factory=lambda: {t: Tally() for t in TYPES})
    speaker_checked: int = 0
    speaker_right: int = 0
    resolved_checked: int = 0
    resolved_right: int = 0
    citron: dict[str, CitronTally] = field(default_factory=lambda: {t: CitronTally() for t in TYPES})

    def citron_scores(self, kinds: Sequence[str] = TYPES) -> dict[str, tuple[float, float, float]]:
        """citron's (precision, recall, F1) per part over the quote types ``kinds``."""
        total = CitronTally()
        for kind in kinds:
            for name, value in vars(self.citron[kind]).items():
                setattr(total, name, getattr(total, name) + value)
        return total.scores()

    def add(self, text: str, gold: list[Attribution], predicted: list[Attribution]) -> None:
        citron_add(self.citron, text, gold, predicted)
        gw = [words(text, g.contents) for g in gold]
        pw = [words(text, p.contents) for p in predicted]
        pairs = []
        for i, g in enumerate(gw):
            for j, p in enumerate(pw):
                shared = len(g & p)
                if shared:
                    pairs.append((shared, i, j))
        pairs.sort(reverse=True)
        gold_of: dict[int, int] = {}
        pred_of: dict[int, int] = {}
        for _shared, i, j in pairs:
            if i in gold_of or j in pred_of:
                continue
            gold_of[i], pred_of[j] = j, i
        for i, g in enumerate(gold):
            t = self.by_type[g.kind]
            t.gold += 1
            t.cue_gold += bool(g.cue)
            t.source_gold += bool(g.source)
            j = gold_of.get(i)
            if j is None:
                continue
            exact, half = self._match(gw[i], pw[j])
            t.found_exact += exact
            t.found_half += half
            if not half:
                continue
            p = predicted[j]
            tp = self.by_type[p.kind]
            if g.cue and p.cue and words(text, g.cue) == words(text, p.cue):
                t.cue_right += 1
                tp.cue_right_p += 1
            if g.source and p.source:
                gs, ps = words(text, g.source), words(text, p.source)
                t.source_right += gs == ps
                tp.source_right_p += gs == ps
                t.source_half += bool(gs & ps)
            if p.speaker is not None and g.source:
                self._check_speaker(text, g, p, gold, i)
        for j, p in enumerate(predicted):
            t = self.by_type[p.kind]
            t.predicted += 1
            t.cue_predicted += bool(p.cue)
            t.source_predicted += bool(p.source)
            i = pred_of.get(j)
            if i is None:
                continue
            exact, half = self._match(gw[i], pw[j])
            t.right_exact += exact
            t.right_half += half

    @staticmethod
    def _match(g: frozenset[int], p: frozenset[int]) -> tuple[bool, bool]:
        shared = len(g & p)
        return g == p, shared * 2 >= len(g) and shared * 2 >= len(p)

    def _check_speaker(
        self, text: str, g: Attribution, p: Attribution, gold: list[Attribution], i: int
    ) -> None:
        """A direct link is right when the entity lies in the gold source; a resolved one when
        it names the nearest earlier gold source that is a name (a proxy: PolNeAR has no coreference)."""
        assert p.speaker is not None
        if not p.speaker_resolved:
            self.speaker_checked += 1
            gold_source = " ".join(text[s:e] for s, e in g.source)
            self.speaker_right += p.speaker in gold_source
            return
        start = g.contents[0][0]
        earlier = [
            a for a in gold if a.source and a.source[0][0] < g.source[0][0] and a.contents[0][0] <= start
        ]
        named = [a for a in earlier if _is_name(text, a.source)]
        if not named:
            return
        self.resolved_checked += 1
        last = max(named, key=lambda a: a.source[0][0])
        name = " ".join(text[s:e] for s, e in last.source)
        surname = p.speaker.split()[-1]
        self.resolved_right += surname in name

    def row(self, kind: str) -> dict[str, float]:
        t = self.by_type[kind]
        return {
            "gold": t.gold,
            "predicted": t.predicted,
            "recall_exact": _ratio(t.found_exact, t.gold),
            "recall_half": _ratio(t.found_half, t.gold),
            "precision_exact": _ratio(t.right_exact, t.predicted),
            "precision_half": _ratio(t.right_half, t.predicted),
            "cue_recall": _ratio(t.cue_right, t.cue_gold),
            "cue_precision": _ratio(t.cue_right_p, t.cue_predicted),
            "source_recall": _ratio(t.source_right, t.source_gold),
            "source_precision": _ratio(t.source_right_p, t.source_predicted),
            "source_found": _ratio(t.source_half, t.source_gold),
        }

    def merged(self, kinds: Sequence[str]) -> dict[str, float]:
        total = Tally()
        for kind in kinds:
            for name, value in vars(self.by_type[kind]).items():
                setattr(total, name, getattr(total, name) + value)
        saved = self.by_type
        self.by_type = {**saved, "_": total}
        try:
            return self.row("_")
        finally:
            self.by_type = saved


def _is_name(text: str, ranges: Ranges) -> bool:
    ws = [w for s, e in ranges for w in text[s:e].split()]
    return any(w[:1].isupper() for w in ws[1:] or ws) and ws[0].lower() not in {
        "he",
        "she",
        "they",
        "i",
        "we",
    }

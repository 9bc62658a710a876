"""Speakers: a quote's source linked to the entity naming it, or resolved to an earlier named one.

A source covered by an entity span ("French President Emmanuel Macron" and
the PERSON "Emmanuel Macron") links to it directly. A pronoun or nominal
source ("he", "the official", "the campaign") is resolved to the nearest
earlier named speaker it can refer to: a person for "he"/"she"/"the adviser"
(of the pronoun's gender, when the text shows one), an organisation or group
for "they"/"the campaign". A speaker named as a source within the last 600
characters comes first; otherwise the nearest earlier entity of that kind.

A resolved link is an ordinary ``entity_id`` on the source span pointing at an
entity span that does not overlap the source; a direct link's entity always
overlaps it (the window links a source only to an entity over it), so
``is_resolved`` tells the two apart without a column of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.model import Span

_PREPOSITIONS = frozenset({"to", "of", "for", "at", "with", "from", "by", "in", "on"})
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their"})
PERSON_LABELS = frozenset({"PERSON"})
GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
# Nouns that name a group, not a person: "the campaign said" refers to an ORG.
_GROUP_NOUNS = frozenset(
    [
        "campaign",
        "company",
        "ministry",
        "department",
        "agency",
        "government",
        "administration",
        "committee",
        "party",
        "group",
        "organization",
        "organisation",
        "office",
        "firm",
        "team",
        "council",
        "court",
        "board",
        "white",
        "house",
        "spokesman's",
        "police",
        "commission",
        "union",
        "network",
        "newspaper",
        "paper",
        "magazine",
        "website",
        "poll",
        "survey",
        "report",
        "study",
    ]
)
_DETERMINERS = ("the ", "this ", "that ", "these ", "those ", "a ", "an ")
_WORD = re.compile(r"[\w’'.-]+")
# How far back (characters) an earlier quote's speaker is preferred to a nearer name.
SPEAKER_REACH = 600
# How far after a mention a pronoun still tells that person's gender.
_GENDER_WINDOW = 80


def link_entity(text: str, source: tuple[int, int], entities: Sequence[Span]) -> int | None:
    """The id of the entity span naming the speaker, if one covers the source.

    An entity covering the whole source links; so does one ending the source
    ("French President Emmanuel Macron"), unless a preposition comes before it
    ("an adviser to Macron" is not Macron).
    """
    s, e = source
    for ent in entities:
        if ent.id is None:
            continue
        if ent.start <= s and e <= ent.end:
            return ent.id
        if ent.end == e and s <= ent.start:
            between = {w.lower() for w in re.findall(r"\w+", text[s : ent.start])}
            if not between & _PREPOSITIONS:
                return ent.id
    return None


def is_resolved(source: Span, entity: Span) -> bool:
    """True when a source's entity link is a resolution (the entity lies elsewhere in the text)."""
    return not (entity.start < source.end and source.start < entity.end)


def wants(text: str, source: tuple[int, int]) -> str | None:
    """What a source that names nobody can refer to: 'male', 'female', 'person', 'group', or None."""
    phrase = " ".join(text[source[0] : source[1]].split())
    low = phrase.lower()
    if low in MALE:
        return "male"
    if low in FEMALE:
        return "female"
    if low in PLURAL:
        return "group"
    if not low.startswith(_DETERMINERS):
        return None
    words = _WORD.findall(phrase)[1:]
    # "the official", "the Republican nominee": no proper name after the determiner (bar adjectives).
    if not words or len(words) > 4 or words[-1][:1].isupper():
        return None
    return "group" if words[-1].lower() in _GROUP_NOUNS else "person"


def _key(text: str, ent: Span) -> str:
    """Mentions of one person share their last word ("Hillary Clinton", "Clinton")."""
    words = _WORD.findall(text[ent.start : ent.end])
    return (words[-1] if words else text[ent.start : ent.end]).lower().removesuffix("’s").removesuffix("'s")


def genders(text: str, entities: Sequence[Span]) -> dict[str, str]:
    """Each person's gender as the text shows it: the pronouns soonest after its mentions, and Mr./Ms."""
    persons = sorted((e for e in entities if e.label in PERSON_LABELS), key=lambda e: e.start)
    votes: dict[str, list[int]] = {}
    for n, ent in enumerate(persons):
        key = _key(text, ent)
        tally = votes.setdefault(key, [0, 0])
        title = text[max(0, ent.start - 5) : ent.start].lower()
        if re.search(r"\bmr\.?\s*$", title):
            tally[0] += 3
        elif re.search(r"\b(mrs|ms|miss)\.?\s*$", title):
            tally[1] += 3
        stop = persons[n + 1].start if n + 1 < len(persons) else len(text)
        window = text[ent.end : min(stop, ent.end + _GENDER_WINDOW)]
        for word in re.findall(r"[a-z]+", window.lower())[:12]:
            if word in MALE:
                tally[0] += 1
                break
            if word in FEMALE:
                tally[1] += 1
                break
    return {k: ("male" if m > f else "female") for k, (m, f) in votes.items() if m != f}


def resolve(
    text: str,
    source: tuple[int, int],
    entities: Sequence[Span],
    *,
    speakers: Sequence[Span] = (),
    gender: dict[str, str] | None = None,
) -> Span | None:
    """The entity an unnamed source refers to: the nearest earlier fitting speaker, else entity.

    ``speakers`` are entity spans already linked as sources of earlier quotes.
    """
    kind = wants(text, source)
    if kind is None:
        return None
    gender = genders(text, entities) if gender is None else gender

    def fits(ent: Span) -> bool:
        if ent.id is None or ent.end > source[0]:
            return False
        if kind == "group":
            return ent.label in GROUP_LABELS
        if ent.label not in PERSON_LABELS:
            return False
        known = gender.get(_key(text, ent))
        return kind == "person" or known is None or known == kind

    # A speaker already named as a source nearby comes first; further back, the nearest name.
    near = [e for e in speakers if source[0] - e.start <= SPEAKER_REACH]
    for pool in (near, entities):
        best = max((e for e in pool if fits(e)), key=lambda e: e.start, default=None)
        if best is not None:
            return best
    return None

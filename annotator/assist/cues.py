"""The cue lexicon: verbs of saying, thinking and intending, and cue phrases.

Read from ``resources/cues.toml`` (shipped in the wheel), plus any project
file in the same format (``--cues FILE``), whose entries are added. A verb is
given by lemma (matched on a parse) and its forms (matched by the rules);
regular forms are made here so the file stays short.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path


class CuesError(Exception):
    """A cue file that cannot be read; the message names it and says why."""


@dataclass(frozen=True)
class Cues:
    """Lemmas (for a parse), word forms (for the rules) and multi-word cues (lower-cased word tuples)."""

    lemmas: frozenset[str]
    forms: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    # Verbs whose clausal complement is an intention ("plans to", "wants to"): xcomp contents.
    intention: frozenset[str] = frozenset()
    # Verbs of stance ("endorsed Cruz", "called for a ban"): cues on a parse only, where the
    # object shows; as bare words they are nouns too often ("the back", "a target").
    attitude: frozenset[str] = frozenset()
    # Cue nouns ("his criticism of", "the claim that"): on a parse only.
    nouns: frozenset[str] = frozenset()
    # The stance verbs' past forms in -ed ("denounced", "slammed"): on the rules, a quotation's cue
    # only ('slammed him for “lying”'), as "lists", "shows", "credit" are nouns too.
    attitude_past: frozenset[str] = frozenset()

    def merged(self, other: Cues) -> Cues:
        return Cues(
            self.lemmas | other.lemmas,
            self.forms | other.forms,
            tuple(dict.fromkeys(self.phrases + other.phrases)),
            self.intention | other.intention,
            self.attitude | other.attitude,
            self.nouns | other.nouns,
            self.attitude_past | other.attitude_past,
        )


def regular_forms(lemma: str) -> list[str]:
    """says/said/saying-style forms of a regular English verb."""
    vowels = "aeiou"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in vowels:
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past, ing = lemma + "d", (lemma if lemma.endswith("ee") else lemma[:-1]) + "ing"
    elif lemma.endswith("y") and lemma[-2:-1] not in vowels:
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    return [third, past, ing]


def parse_cues(data: dict[str, object], where: str) -> Cues:
    lemmas: set[str] = set()
    forms: set[str] = set()
    intention: set[str] = set()
    attitude: set[str] = set()
    attitude_past: set[str] = set()
    verbs = data.get("verbs", {})
    if not isinstance(verbs, dict):
        raise CuesError(f"{where}: [verbs] must be a table of groups")
    for group, table in verbs.items():
        if not isinstance(table, dict):
            raise CuesError(f"{where}: [verbs.{group}] must be a table of lemma = [forms]")
        for lemma, given in table.items():
            if not isinstance(given, list) or not all(isinstance(f, str) for f in given):
                raise CuesError(f"{where}: verbs.{group}.{lemma} must be a list of forms ([] for regular)")
            lemma = lemma.lower()
            lemmas.add(lemma)
            if group == "attitude":
                attitude.add(lemma)
                attitude_past.update(f.lower() for f in given or regular_forms(lemma) if f.endswith("ed"))
                continue
            forms.update([lemma, *(f.lower() for f in (given or regular_forms(lemma)))])
            if group == "intention":
                intention.add(lemma)
    phrases_table = data.get("phrases", {})
    if not isinstance(phrases_table, dict):
        raise CuesError(f"{where}: [phrases] must be a table")
    phrases = []
    for phrase in phrases_table.get("cues", []):
        if not isinstance(phrase, str) or not phrase.split():
            raise CuesError(f"{where}: phrases.cues must be a list of phrases")
        phrases.append(tuple(phrase.lower().split()))
    for word in phrases_table.get("words", []):
        if not isinstance(word, str) or not word.strip():
            raise CuesError(f"{where}: phrases.words must be a list of words")
        forms.add(word.lower().strip())
    nouns_table = data.get("nouns", {})
    nouns = nouns_table.get("lemmas", []) if isinstance(nouns_table, dict) else None
    if not isinstance(nouns, list) or not all(isinstance(n, str) for n in nouns):
        raise CuesError(f"{where}: nouns.lemmas must be a list of nouns")
    return Cues(
        frozenset(lemmas),
        frozenset(forms),
        tuple(phrases),
        frozenset(intention),
        frozenset(attitude),
        frozenset(n.lower() for n in nouns),
        frozenset(attitude_past),
    )


@cache
def default_cues() -> Cues:
    from annotator.resources import read_text

    return parse_cues(tomllib.loads(read_text("cues.toml")), "resources/cues.toml")


def load_cues(path: str | Path | None = None) -> Cues:
    """The shipped lexicon, with the entries of ``path`` added when one is given."""
    cues = default_cues()
    if path is None:
        return cues
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CuesError(f"{path}: cannot read the cue file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CuesError(f"{path}: not TOML ({exc})") from None
    return cues.merged(parse_cues(data, str(path)))

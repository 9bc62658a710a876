"""Token offsets from spaCy's rule-based tokenizer (no trained pipeline needed).

The model's ``snap`` takes token offsets; this module is where they come from.
spaCy is imported on first use only (about a second), never at module import.

Which tokenizer a language code gets is decided here and only here
(``tokenizer_lang``), so import, the window, suggesters and export all cut
an article into the same tokens. A code spaCy cannot load on this machine
(Japanese without SudachiPy, Korean without mecab-ko, an unknown code such as
``xx-unknown``) is not an error: the primary subtag is tried (``en-US`` ->
``en``), then a stand-in is used and ``fallback_note`` says why, for the
command's report. The stand-in is spaCy's multi-language tokenizer ``xx``,
except for languages written without spaces between words (Japanese, Thai
...): ``xx`` would make a whole clause one token, so a two-character entity
would snap to the clause; they get spaCy's Chinese character tokenizer
(``zh``, one token per character, no extra package), where every span fits.

The export's reference ``Doc`` (``split_doc``) is these tokens, split where a
stored span starts or ends inside one, so every span reaches spaCy exactly.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

MULTI_LANGUAGE = "xx"
CHARACTERS = "zh"
# Languages written without spaces between words: their stand-in is CHARACTERS.
_UNSPACED = frozenset({"ja", "zh", "th", "lo", "km", "my", "bo", "dz"})
# Some tokenizers only fail on first use (a missing dictionary), not when built.
_PROBE = "Test, 1 2."


def _load(code: str) -> tuple[Any, str | None]:
    """``spacy.blank(code)`` that tokenises, or None and the reason it cannot."""
    try:
        nlp = _blank(code)
        nlp.make_doc(_PROBE)
    except Exception as exc:  # noqa: BLE001 - ImportError, E048 (no such language) and plugin errors alike
        return None, _reason(code, exc)
    return nlp, None


def _reason(code: str, exc: Exception) -> str:
    message = str(exc).strip()
    if "[E048]" in message:
        return f"spaCy knows no language {code!r}"
    first = message.splitlines()[0] if message else type(exc).__name__
    # "requires [mecab-ko](https://...)" -> "requires mecab-ko"; "(https://...)" dropped.
    first = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", first)
    first = re.sub(r"\s*\(?https?://[^\s)]*\)?", "", first).split(". ")[0].rstrip(" .:")
    return first[:200]


@lru_cache(maxsize=64)
def _resolve(lang: str) -> tuple[str, str | None]:
    code = lang or "en"
    nlp, reason = _load(code)
    if nlp is not None:
        return code, None
    primary = code.replace("_", "-").split("-")[0].lower()
    if primary not in ("", code, MULTI_LANGUAGE) and _load(primary)[0] is not None:
        return primary, None
    return (CHARACTERS if primary in _UNSPACED else MULTI_LANGUAGE), reason


def tokenizer_lang(lang: str) -> str:
    """The language code whose blank tokenizer tokenises text in ``lang`` here."""
    return _resolve(lang)[0]


def fallback_note(lang: str) -> str | None:
    """One line saying why ``lang`` is tokenised by the multi-language tokenizer, or None."""
    code, reason = _resolve(lang)
    if reason is None:
        return None
    if code == CHARACTERS:
        return f"language {lang!r}: {reason}; tokenised character by character (spaCy's zh tokenizer)"
    return f"language {lang!r}: {reason}; tokenised with spaCy's multi-language tokenizer (xx)"


@lru_cache(maxsize=8)
def _blank(code: str) -> Any:
    import spacy

    return spacy.blank(code)


def blank(lang: str = "en") -> Any:
    """A cached blank pipeline (tokenizer only) for ``lang``, falling back as described above."""
    return _blank(tokenizer_lang(lang))


def token_offsets(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """(start, end) of every token, whitespace tokens included, in order."""
    doc = blank(lang).make_doc(text)
    return [(t.idx, t.idx + len(t.text)) for t in doc]


def split_doc(
    nlp: Any, text: str, starts: Iterable[int], ends: Iterable[int]
) -> tuple[Any, set[int], set[int]]:
    """``nlp``'s tokens of ``text``, split so that every offset given is a token boundary.

    Returns ``(doc, off_starts, off_ends)``: the given starts that are no token
    start of ``nlp.make_doc(text)`` and the ends that are no token end (spans
    there cut the pipeline's own tokens). ``doc`` is the pipeline's tokens cut
    at those offsets (``Doc(vocab, words=..., spaces=...)``, so ``doc.text ==
    text``); a trailing space becomes a token of its own only when a span
    starts on it or ends just after it. When every offset already is a
    boundary, ``doc`` is ``nlp.make_doc(text)`` itself.
    """
    from spacy.tokens import Doc

    base = nlp.make_doc(text)
    offsets = base.to_array(["IDX", "LENGTH"])
    token_starts = set(offsets[:, 0].tolist())
    off_starts = set(starts) - token_starts
    off_ends = set(ends) - set((offsets[:, 0] + offsets[:, 1]).tolist())
    if not off_starts and not off_ends:
        return base, off_starts, off_ends
    cuts = sorted(off_starts | off_ends)
    words: list[str] = []
    spaces: list[bool] = []
    for token in base:
        a = token.idx
        b = a + len(token.text)
        lo = bisect_right(cuts, a)
        inner = cuts[lo : bisect_left(cuts, b, lo)]
        for x, y in itertools.pairwise([a, *inner, b]):
            words.append(text[x:y])
            spaces.append(False)
        if token.whitespace_:
            if b in off_starts or b + 1 in off_ends:
                words.append(token.whitespace_)
                spaces.append(False)
            else:
                spaces[-1] = True
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    assert doc.text == text
    return doc, off_starts, off_ends

"""Which tokenizer a language code gets: its own, its primary subtag's, or a stand-in."""

from __future__ import annotations

import pytest

from annotator.formats.tokens import blank, fallback_note, token_offsets, tokenizer_lang


def test_loadable_codes_keep_their_tokenizer() -> None:
    assert tokenizer_lang("de") == "de" and fallback_note("de") is None
    # A region subtag is not a reason to fall back.
    assert tokenizer_lang("en-US") == "en" and fallback_note("en-US") is None


def test_unknown_code_gets_the_multi_language_tokenizer_and_a_note() -> None:
    assert tokenizer_lang("xx-unknown") == "xx"
    assert blank("xx-unknown").lang == "xx"
    assert "spaCy knows no language 'xx-unknown'" in (fallback_note("xx-unknown") or "")
    assert token_offsets("Hi there.", "xx-unknown") == [(0, 2), (3, 8), (8, 9)]


def test_unspaced_language_without_its_package_is_cut_per_character() -> None:
    pytest.importorskip("spacy")
    try:
        import sudachipy  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("SudachiPy is installed")
    assert tokenizer_lang("ja") == "zh"
    assert token_offsets("東京で", "ja") == [(0, 1), (1, 2), (2, 3)]
    note = fallback_note("ja") or ""
    assert note.startswith("language 'ja': Japanese support requires SudachiPy") and "http" not in note

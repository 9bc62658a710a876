"""Counts in words (issue 10.6: "1 articles")."""

from annotator.model.words import count


def test_one_is_singular_and_the_rest_plural() -> None:
    assert count(1, "article") == "1 article"
    assert count(0, "article") == "0 articles"
    assert count(2, "span") == "2 spans"
    assert count(1, "entity") == "1 entity"
    assert count(3, "entity") == "3 entities"
    assert count(2, "quote suggestion") == "2 quote suggestions"
    assert count(2, "person", "people") == "2 people"

"""Page HTML -> its full visible text, one block per line (menus and footers kept).

A stand-in for the HTML importer (``annotator/formats/html.py``, written in
parallel) used by the suggest benchmark and tests until that importer is on
main; the boilerplate suggester itself only reads ``store.article(id).text``
and ``store.article_html(id)``, so it works with either.
"""

from __future__ import annotations

import re

_BLOCKS_WORDS = """address article aside blockquote body br dd details div dl dt fieldset figcaption figure
footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead
tr ul title"""
_BLOCKS = frozenset(_BLOCKS_WORDS.split())
_DROP_WORDS = "script style noscript template svg iframe head object embed canvas select button"
_DROP = frozenset(_DROP_WORDS.split())


def page_text(html: str) -> str:
    """The visible text of ``html``: one line per block element, whitespace collapsed."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = re.sub(r"\s+", " ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    def walk(el) -> None:  # noqa: ANN001 - lxml element
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP or not tag:
            if el.tail:
                current.append(el.tail)
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if el.text:
            current.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            current.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return "\n\n".join(lines)


def html_text(html: str) -> str:
    """Plain text of an HTML fragment (the gold ``expected.html``), blocks on their own lines."""
    return page_text(html)

"""Saved web pages: the page's full visible text in reading order, one block a line.

Menus, related-article lists, share bars and footers are kept: they are what
annotators mark as boilerplate. Scripts, styles, templates, ``<noscript>``,
form controls and hidden elements (``hidden``, ``display:none``,
``visibility:hidden``, ``type=hidden``) are dropped. Whitespace inside a
block collapses as a browser shows it (non-breaking spaces stay); ``<pre>``
keeps its lines. The title (``<title>``, else ``og:title``), the page URL
(canonical link, else ``og:url``) and the language (``<html lang>``) become
article fields; the raw page goes to ``meta["html"]``, which the store keeps
apart for the boilerplate suggester.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from annotator.formats.reader import BadInput, Item, Record, read_text

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "legend",
    ]
)
_DROP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "select",
        "option",
        "datalist",
        "textarea",
        "input",
        "audio",
        "video",
        "source",
        "track",
        "map",
        "param",
        "meta",
        "link",
        "title",
        "base",
    ]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# HTML collapses ASCII whitespace only: a non-breaking space is visible text.
_SPACES = re.compile(r"[ \t\n\r\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or (el.get("type") or "").lower() == "hidden":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def visible_text(root: Any) -> str:
    """The visible text under ``root`` (an lxml element), one block per line."""
    from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type information

    lines: list[str] = []
    buffer: list[str] = []
    pre_depth = 0
    skipped: set[Any] = set()

    def flush() -> None:
        if not buffer:
            return
        joined = "".join(buffer)
        buffer.clear()
        if pre_depth:
            lines.extend(ln.rstrip() for ln in joined.split("\n") if ln.strip())
        else:
            line = _SPACES.sub(" ", joined).strip(" ")
            if line.strip():
                lines.append(line)

    def add(text: str | None) -> None:
        if text:
            buffer.append(text)

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None or tag in _DROP or _hidden(el):
                walker.skip_subtree()
                skipped.add(el)
                continue
            if tag == "br":
                if pre_depth:
                    add("\n")
                else:
                    flush()
            elif tag in _BLOCKS:
                flush()
                if tag == "pre":
                    pre_depth += 1
            elif tag in ("td", "th"):
                add(" ")
            add(el.text)
        else:
            if el not in skipped and tag in _BLOCKS:
                flush()
                if tag == "pre":
                    pre_depth -= 1
            if el is not root:
                add(el.tail)
    flush()
    return "\n".join(lines)


def _decode(path: Path, encoding: str | None) -> str:
    """UTF-8 (or ``encoding``); a page that declares another charset is read in it."""
    if encoding is not None:
        return read_text(path, encoding=encoding)
    try:
        return read_text(path)
    except BadInput as exc:
        if "not valid UTF-8" not in exc.problem:
            raise
        declared = _CHARSET.search(path.read_bytes()[:4096])
        if declared is None or declared.group(1).decode().lower().replace("-", "") in ("utf8",):
            raise
        return read_text(path, encoding=declared.group(1).decode())


def huge_parser(**options: Any) -> Any:
    """An lxml HTML parser without libxml2's 10 MB limit on one text node or attribute.

    Without ``huge_tree`` libxml2 stops at an inline ``data:`` image or a text
    node over 10 MB and lxml returns the page cut there, without an error:
    everything after it would be silently lost.
    """
    import lxml.html  # type: ignore[import-untyped]  # lxml ships no type information

    return lxml.html.HTMLParser(huge_tree=True, **options)


def _parse(page: str, where: str) -> Any:
    """The lxml root of ``page`` (a whole page or a fragment); BadInput when it is no HTML.

    Also BadInput when libxml2 stopped early (a fatal error such as elements
    nested over 2048 deep): lxml would return the page cut there, and the
    text after it would be lost without a word.
    """
    import lxml.html
    from lxml import etree

    parser = huge_parser()
    try:
        # lxml refuses str input that declares an encoding; the text is already decoded.
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", page), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise BadInput(where, f"not an HTML page ({exc})") from None
    fatal = next((e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL), None)
    if fatal is not None:
        raise BadInput(
            where,
            f"cannot read the whole page: the HTML parser stopped at line {fatal.line} "
            f"({fatal.message.split(',')[0].strip()}); nothing of it is imported",
        )
    return root


def _body_text(root: Any) -> str:
    body = root.find("body")
    return visible_text(body if body is not None else root)


def page_text(page: str, *, where: str = "<html>") -> str:
    """The article text ``annotator import --format html`` makes of ``page`` (a page or a fragment)."""
    return _body_text(_parse(page, where))


def read(path: Path, *, encoding: str | None = None) -> Iterator[Item]:
    page = _decode(path, encoding)
    root = _parse(page, str(path))
    title = _first(root, "//title/text()", "//meta[@property='og:title']/@content", "//h1//text()")
    url = _first(root, "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content")
    lang = (root.get("lang") or "").split("-")[0].lower()
    text = _body_text(root)
    if not text.strip():
        raise BadInput(str(path), "the page has no visible text")
    if not title:
        from annotator.formats.txt import title_of

        title = title_of(text, path.stem)
    host = urlparse(url).netloc.lower().removeprefix("www.") if url else ""
    yield Record(
        where=str(path),
        text=text,
        title=" ".join(title.split()),
        url=url,
        source=host,
        lang=lang if re.fullmatch(r"[a-z]{2,3}", lang) else "en",
        meta={"file": path.name, "html": page},
    )


def _first(root: Any, *queries: str) -> str:
    for query in queries:
        for found in root.xpath(query):
            value = str(found).strip()
            if value:
                return value
    return ""

"""HTML as published: the report found inside the page, its tables kept as grids.

Government sites wrap a report in headers, navigation menus, scripts, share buttons and footers;
scrapers add their own wrappers. The report is the element that holds most of the page's prose:
starting at ``<body>``, the reader descends into the child that carries nearly all the remaining
text (links discounted, since menus are links), and stops where the text divides among several
children. Scripts, styles and forms never reach the text. The page title is put first when the
chosen element does not already begin with it, so that the report keeps its name and year.

Parsing uses lexbor (selectolax), an HTML5 parser that neither fetches nor expands anything; a
page that declares XML entities, or nests elements absurdly deep, is refused with a one-line
:class:`InputError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from nlp_reports.errors import InputError, MissingExtraError
from nlp_reports.read import Document, decode
from nlp_reports.readers.layout import SourceCell, TextBuilder, join_pieces, tidy_text

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

MAX_DEPTH = 1000
_DOMINANT_SHARE = 0.85
_DROPPED = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "button",
    "input",
    "textarea",
    "nav",
    "head",
    "meta",
    "link",
)
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
        "main", "menu", "ol", "p", "pre", "section", "summary", "ul",
    }
)  # fmt: skip
_NO_DESCENT = frozenset({"table", "tbody", "thead", "tfoot", "tr", "p", "pre", "li"})
_ENTITY_DECLARATION = regex.compile(r"<!DOCTYPE[^>\[]*\[[^\]]*<!ENTITY", regex.IGNORECASE)
# Start and end tags, for a linear depth estimate before parsing; elements that close themselves
# implicitly or have no content are not counted.
_TAG = regex.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "colgroup", "dd", "dt", "embed", "hr", "img", "input",
        "li", "link", "meta", "option", "p", "param", "rb", "rp", "rt", "source", "tbody", "td",
        "tfoot", "th", "thead", "tr", "track", "wbr",
    }
)  # fmt: skip
_HAN = regex.compile(r"\p{Han}")
_REPORT_TITLE = regex.compile(r"(?:19|20)\d\d|报告|報告")


def _nesting_depth(text: str) -> int:
    """Deepest element nesting the markup asks for, estimated in one pass over its tags."""
    depth = deepest = 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def _han_count(node: LexborNode) -> int:
    """Han characters of a node's text, less those inside links (menus are links)."""
    total = len(_HAN.findall(node.text(deep=True)))
    linked = sum(len(_HAN.findall(link.text(deep=True))) for link in node.css("a"))
    return max(0, total - linked)


def _element_children(node: LexborNode) -> list[LexborNode]:
    children = []
    child = node.child
    while child is not None:
        if child.is_element_node:
            children.append(child)
        child = child.next
    return children


def find_content(body: LexborNode) -> LexborNode:
    """The element holding the report: descend while one child holds nearly all the text."""
    node = body
    for _ in range(MAX_DEPTH):
        if node.tag in _NO_DESCENT:
            return node
        weights = [(_han_count(child), child) for child in _element_children(node)]
        if not weights:
            return node
        best_weight, best = max(weights, key=lambda item: item[0])
        total = _han_count(node)
        if total == 0 or best_weight < _DOMINANT_SHARE * total:
            return node
        node = best
    return node


def _title_candidates(root: LexborNode) -> list[str]:
    """Texts that may be the page's own title: every h1, then <title>, in that order."""
    candidates = [tidy_text(node.text(deep=True)) for node in root.css("h1")]
    candidates += [tidy_text(node.text(deep=True)) for node in root.css("title")]
    return [title for title in candidates if _HAN.search(title)]


def _page_title(candidates: list[str], content: LexborNode) -> str | None:
    """The title candidate that names a report (a year or 报告 in it; else the first), unless
    the content already begins with it. A site's name in a header h1 names no report."""
    if not candidates:
        return None
    named = [title for title in candidates if _REPORT_TITLE.search(title)]
    title = (named or candidates)[0]
    head = tidy_text(content.text(deep=True))[:200]
    return None if title in head else title


class _Renderer:
    """Walks the content element iteratively, writing paragraphs and tables to a TextBuilder."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.builder = TextBuilder()
        self.pieces: list[str] = []

    def flush(self) -> None:
        if self.pieces:
            self.builder.paragraph(join_pieces(self.pieces))
            self.pieces = []

    def render(self, content: LexborNode) -> None:
        stack: list[tuple[LexborNode, bool, int]] = [(content, False, 0)]
        while stack:
            node, leaving, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise InputError(self.name, f"HTML nested deeper than {MAX_DEPTH} elements")
            tag = node.tag
            if leaving:
                if tag in _BLOCKS:
                    self.flush()
                continue
            if node.is_text_node:
                self.pieces.append(node.text_content or "")
            elif tag == "br":
                self.flush()
            elif tag == "table":
                self.flush()
                self.builder.table(_table_rows(node))
            elif node.is_element_node or node.is_document_node:
                if tag in _BLOCKS:
                    self.flush()
                stack.append((node, True, depth))
                for child in reversed(_all_children(node)):
                    stack.append((child, False, depth + 1))
        self.flush()


def _all_children(node: LexborNode) -> list[LexborNode]:
    children = []
    child = node.child
    while child is not None:
        children.append(child)
        child = child.next
    return children


def _own_rows(table: LexborNode) -> list[LexborNode]:
    """The rows of this table, not those of tables nested in its cells."""
    rows = []
    for row in table.css("tr"):
        owner = _closest_table(row)
        if owner is not None and owner.mem_id == table.mem_id:
            rows.append(row)
    return rows


def _closest_table(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    while parent is not None and parent.tag != "table":
        parent = parent.parent
    return parent


def _span_attribute(cell: LexborNode, name: str) -> int:
    value = (cell.attributes.get(name) or "1").strip()
    return int(value) if value.isdigit() else 1


def _cell_text(cell: LexborNode) -> str:
    """A cell's text on one line: paragraphs and line breaks inside it joined."""
    pieces = []
    for node in cell.traverse(include_text=True):
        if node.is_text_node:
            pieces.append(node.text_content or "")
        elif node.tag in ("br", "p", "div", "li"):
            pieces.append(" ")
    return join_pieces(pieces)


def _table_rows(table: LexborNode) -> list[list[SourceCell]]:
    rows = []
    for row in _own_rows(table):
        cells = [
            SourceCell(
                _cell_text(cell),
                rowspan=_span_attribute(cell, "rowspan"),
                colspan=_span_attribute(cell, "colspan"),
            )
            for cell in _element_children(row)
            if cell.tag in ("td", "th")
        ]
        rows.append(cells)
    return rows


def read_html(data: bytes, name: str) -> Document:
    """The report inside an HTML page, as text with its tables as grids."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as error:
        raise MissingExtraError("HTML input", "html") from error
    decoded = decode(data, name)
    text = decoded.text
    if _ENTITY_DECLARATION.search(text[:65536]):
        raise InputError(name, "HTML declares XML entities (<!ENTITY>); refused as unsafe")
    depth = _nesting_depth(text)
    if depth > MAX_DEPTH:
        raise InputError(name, f"HTML nested deeper than {MAX_DEPTH} elements ({depth})")
    tree = LexborHTMLParser(text)
    root = tree.root
    if root is None or tree.body is None:
        raise InputError(name, "no HTML content")
    candidates = _title_candidates(root)
    tree.strip_tags(list(_DROPPED))
    content = find_content(tree.body)
    renderer = _Renderer(name)
    title = _page_title(candidates, content)
    if title:
        renderer.builder.paragraph(title)
    renderer.render(content)
    builder = renderer.builder
    return builder.document(data, name, "html", decoded.encoding, decoded.problems)

"""Build the derived published forms of the real reports in this folder (see index.md).

Reports are published as web pages, Word files and PDFs, and reach researchers after passing
through converters. To test every form on real figures, two forms are derived here from the
real files, never edited by hand:

- ``<name>.md``: the Markdown a web-page-to-Markdown converter gives for the real HTML: the
  report's paragraphs as lines, each ``<table>`` as a pipe table whose merged cells keep their
  text in the first position and leave the positions they cover empty.
- ``huaian-2024-pdfplumber.txt``: the text pdfplumber's ``extract_text()`` gives for the real
  PDF, pages joined by a line break (``huaian-2024.txt`` is the same PDF through pypdf).

The conversion deliberately does not use the package's own readers, so that reading these forms
tests the readers against an independent rendering. Run from the repository root:

    python corpora/tables/build_forms.py
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
from selectolax.lexbor import LexborHTMLParser, LexborNode

HERE = Path(__file__).resolve().parent
# The element holding the report on each page (the Shanghai file is a bare fragment).
CONTENT = {"shuyang-fgj-2023.html": "#zoomcon", "shanghai-bgt-2019.html": "body"}
TITLE = {"shuyang-fgj-2023.html": "h1"}


def _text(node: LexborNode) -> str:
    """A node's text on one line, white space collapsed, none kept between Chinese characters."""
    text = re.sub(r"[\s\u00a0]+", " ", node.text(deep=True, separator="")).strip()
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


def _pipe_table(table: LexborNode) -> list[str]:
    """A table as pipe rows; merged cells keep their text in their first position only."""
    covered: set[tuple[int, int]] = set()
    rows: list[list[str]] = []
    for r, row in enumerate(table.css("tr")):
        cells: list[str] = []
        column = 0
        for cell in row.css("td, th"):
            while (r, column) in covered:
                cells.append("")
                column += 1
            rowspan = int(cell.attributes.get("rowspan") or 1)
            colspan = int(cell.attributes.get("colspan") or 1)
            cells += [_text(cell).replace("|", "/")] + [""] * (colspan - 1)
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, column + dc))
            column += colspan
        while (r, column) in covered:
            cells.append("")
            column += 1
        rows.append(cells)
    width = max(len(row) for row in rows)
    lines = []
    for number, row in enumerate(rows):
        padded = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(padded) + " |")
        if number == 0:
            lines.append("|" + "---|" * width)
    return lines


def markdown_of(html_path: Path) -> str:
    tree = LexborHTMLParser(html_path.read_text(encoding="utf-8"))
    lines: list[str] = []
    if html_path.name in TITLE:
        lines += ["# " + _text(tree.css_first(TITLE[html_path.name])), ""]
    content = tree.css_first(CONTENT[html_path.name])
    for node in content.css("p, table"):
        if node.tag == "p" and any(parent.tag == "table" for parent in _ancestors(node)):
            continue
        if node.tag == "table":
            lines += ["", *_pipe_table(node), ""]
        elif _text(node):
            lines += [_text(node), ""]
    return "\n".join(lines).strip() + "\n"


def _ancestors(node: LexborNode) -> list[LexborNode]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def pdfplumber_text(pdf_path: Path) -> str:
    with pdfplumber.open(pdf_path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages) + "\n"


def main() -> None:
    for name in CONTENT:
        target = HERE / name.replace(".html", ".md")
        target.write_text(markdown_of(HERE / name), encoding="utf-8")
        print(target)
    target = HERE / "huaian-2024-pdfplumber.txt"
    target.write_text(pdfplumber_text(HERE / "huaian-2024.pdf"), encoding="utf-8")
    print(target)


if __name__ == "__main__":
    main()

"""Bytes to text: the format and the encoding of an input, detected and recorded.

Plain text comes in UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5. UTF-8 is
tried strictly first because it is both the common case and self-validating; only when it fails
does charset-normalizer choose among the Chinese legacy encodings. Two damaged forms a crawler
often brings back are repaired, with a problem that says so: UTF-8 cut off inside its last
character (the character is dropped), and a file whose lines mix UTF-8 and a legacy encoding
(each line is decoded in its own). Anything else that is not text (NUL bytes, undecodable bytes,
a file too large) is an :class:`InputError` naming the file and the cause, never a half-read
document. Other formats (HTML, DOCX, PDF, Markdown tables) are handed to
readers registered in :data:`READERS`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nlp_reports.errors import InputError
from nlp_reports.limits import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported: its old home
from nlp_reports.records import Problem, SourceFormat, Table

_LEGACY_ENCODINGS = ("gb18030", "big5")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Possessive runs of white space: two runs that may split the same spaces between them made a
# line of 150 KB of spaces take minutes.
_MARKDOWN_DELIMITER = re.compile(
    rb"^[ \t]*+\|?[ \t]*:?-{3,}:?[ \t]*+(?:\|[ \t]*:?-{3,}:?[ \t]*+)+\|?[ \t]*$", re.M
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
# A line is taken for UTF-8 in a file of mixed encodings only when it decodes to at least this many
# Han characters: a short line of legacy bytes can be valid UTF-8 by chance, a real sentence not.
_UTF8_EVIDENCE = 2
_HAN = re.compile("[\u4e00-\u9fff]")
# Lone surrogates can sit in a Python str but not in UTF-8 or JSON.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Document:
    """What the read stage hands on: the text every later span indexes, and its provenance."""

    text: str
    path: str | None
    sha256: str
    format: SourceFormat
    encoding: str | None
    size: int
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


Reader = Callable[[bytes, str], Document]
READERS: dict[SourceFormat, Reader] = {}


def detect_format(data: bytes) -> SourceFormat:
    """The format of an input from its first bytes.

    >>> detect_format(b"%PDF-1.7")
    'pdf'
    >>> detect_format("<html><body>报告</body></html>".encode())
    'html'
    >>> detect_format("一、总体情况".encode())
    'text'
    """
    head = data[:4096].lstrip()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    lowered = head[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or any(
        tag in lowered for tag in (b"<html", b"<body", b"<table", b"<div", b"<p>", b"<p ")
    ):
        return "html"
    return "text"


def _is_markdown(data: bytes, name: str) -> bool:
    """A .md file, or text with a Markdown table delimiter row (|---|---|)."""
    if Path(name).suffix.lower() in {".md", ".markdown"}:
        return True
    return bool(_MARKDOWN_DELIMITER.search(data[:262144]))


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding that decoded it, and what had to be repaired."""

    text: str
    encoding: str
    problems: tuple[Problem, ...] = ()


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding name of plain-text bytes; an InputError when they are not text.

    >>> decode_text("政府信息公开".encode("gb18030"), "x")
    ('政府信息公开', 'gb18030')
    >>> decode_text("政府信息公開".encode("big5"), "x")
    ('政府信息公開', 'big5')
    >>> decode_text(b"\\xef\\xbb\\xbf2015", "x")
    ('2015', 'utf-8-sig')
    """
    decoded = decode(data, name)
    return decoded.text, decoded.encoding


def decode(data: bytes, name: str) -> Decoded:
    """Text of plain-text bytes, repaired where a crawler damaged them; an InputError if not text.

    >>> decode("共4件".encode()[:-1], "x").text
    '共4'
    >>> decoded = decode("共4件\\n".encode() + "窗口办件总数127676件。".encode("gbk"), "x")
    >>> decoded.text, decoded.encoding
    ('共4件\\n窗口办件总数127676件。', 'utf-8+gb18030')
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise InputError(name, f"invalid UTF-16 at byte {error.start}") from error
    if b"\x00" in data:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as error:
            if _cut_short(error, len(data) - 3):
                return _without_cut_character(data[3:], error, "utf-8-sig")
            raise InputError(
                name, f"invalid UTF-8 at byte {error.start + 3} after a UTF-8 BOM"
            ) from error
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        if _cut_short(utf8_error, len(data)):
            return _without_cut_character(data, utf8_error, "utf-8")
        mixed = _decode_mixed(data, name, utf8_error)
        if mixed is not None:
            return mixed
        text, encoding = _decode_legacy(data, name, utf8_error)
        return Decoded(text, encoding)


def _cut_short(error: UnicodeDecodeError, length: int) -> bool:
    """Whether UTF-8 failed only because the data stops inside its last character."""
    return error.reason == "unexpected end of data" and error.end == length


def _without_cut_character(data: bytes, error: UnicodeDecodeError, encoding: str) -> Decoded:
    cut = len(data) - error.start
    problem = Problem(
        stage="read",
        message=f"truncated: an incomplete UTF-8 character at the end ({cut} of its bytes) dropped",
    )
    return Decoded(data[: error.start].decode("utf-8"), encoding, (problem,))


def _decode_mixed(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> Decoded | None:
    """Each line in its own encoding, when some lines are plainly UTF-8 and others are not."""
    lines = data.splitlines(keepends=True)
    as_utf8: list[str | None] = []
    for line in lines:
        try:
            as_utf8.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            as_utf8.append(None)
    if not any(text and len(_HAN.findall(text)) >= _UTF8_EVIDENCE for text in as_utf8):
        return None
    legacy = [line for line, text in zip(lines, as_utf8, strict=True) if text is None]
    _, encoding = _decode_legacy(b"".join(legacy), name, utf8_error)
    pieces = []
    for number, (line, text) in enumerate(zip(lines, as_utf8, strict=True), start=1):
        if text is None:
            try:
                text = line.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(
                    name, f"undecodable bytes in line {number}: not UTF-8 or {encoding}"
                ) from error
        pieces.append(text)
    problem = Problem(
        stage="read",
        message=f"mixed encodings: {len(legacy)} of {len(lines)} lines in {encoding}, "
        "the others in UTF-8",
    )
    return Decoded("".join(pieces), f"utf-8+{encoding}", (problem,))


def _decode_legacy(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    import charset_normalizer

    decodable = []
    for encoding in _LEGACY_ENCODINGS:
        try:
            decodable.append((encoding, data.decode(encoding)))
        except UnicodeDecodeError:
            continue
    if not decodable:
        raise InputError(
            name,
            f"undecodable bytes: not UTF-8 (byte {utf8_error.start}), GB18030 or Big5",
        )
    if len(decodable) == 1:
        return decodable[0][1], decodable[0][0]
    best = charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)).best()
    chosen = best.encoding if best is not None else _LEGACY_ENCODINGS[0]
    for encoding, text in decodable:
        if encoding == chosen or (chosen in {"gbk", "gb2312"} and encoding == "gb18030"):
            return text, encoding
    return decodable[0][1], decodable[0][0]


def _control_characters(text: str) -> int:
    """How many C0 control characters other than line breaks, tabs and form feeds."""
    return len(_CONTROL.findall(text))


def read_text_bytes(data: bytes, name: str) -> Document:
    """A plain-text document from its bytes."""
    decoded = decode(data, name)
    text, encoding = decoded.text, decoded.encoding
    if text and _control_characters(text) > max(8, len(text) // 100):
        raise InputError(name, "binary file (control characters), not text")
    problems = list(decoded.problems)
    if not text.strip():
        problems.append(Problem(stage="read", message="empty input: no text to extract"))
    return Document(
        text=text,
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        encoding=encoding,
        size=len(data),
        problems=problems,
    )


def read_bytes(data: bytes, name: str) -> Document:
    """A document from bytes of any supported format."""
    import nlp_reports.readers  # noqa: F401  (registers the readers of the other formats)

    source_format = detect_format(data)
    if source_format == "text" and _is_markdown(data, name):
        source_format = "markdown"
    if source_format == "text":
        return read_text_bytes(data, name)
    reader = READERS.get(source_format)
    if reader is None:
        raise InputError(name, f"{source_format.upper()} input is not supported by this version")
    return reader(data, name)


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A document from a file, with a one-line InputError for every way a file can be unreadable."""
    return read_bytes(read_file_bytes(path, max_bytes), str(path))


def read_file_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a file, or a one-line InputError: missing, a directory, too large, denied.

    At most ``max_bytes`` are ever read, so a device or a pipe without end (/dev/zero) is an
    error too, not an exhausted memory.
    """
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(name, _directory_cause(path))
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"too large: {size} bytes, the limit is {max_bytes}")
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(name, f"too large: more than the limit of {max_bytes} bytes")
    except FileNotFoundError as error:
        raise InputError(name, "no such file") from error
    except PermissionError as error:
        raise InputError(name, "permission denied") from error
    except OSError as error:
        raise InputError(name, error.strerror or str(error)) from error
    return data


def _directory_cause(path: Path) -> str:
    """Why a folder reached the reader: only one that could not be listed comes this far."""
    if not os.access(path, os.R_OK | os.X_OK):
        return "permission denied: a folder that cannot be listed"
    return "is a directory, not a file"


def read_string(text: str) -> Document:
    """A document from a str, which is always text, never a path.

    Lone surrogates, which no encoding can write, become U+FFFD (one character each, so spans
    keep their place) with a problem saying how many; the hash is of the str as given.

    >>> document = read_string("提前办结率\\ud8f6")
    >>> document.text, document.problems[0].message
    ('提前办结率�', '1 lone surrogate code point replaced by U+FFFD')
    """
    as_given = text.encode("utf-8", "surrogatepass")
    problems = (
        [] if text.strip() else [Problem(stage="read", message="empty input: no text to extract")]
    )
    text, surrogates = _SURROGATE.subn("\ufffd", text)
    if surrogates:
        plural = "s" if surrogates > 1 else ""
        problems.append(
            Problem(
                stage="read",
                message=f"{surrogates} lone surrogate code point{plural} replaced by U+FFFD",
            )
        )
    return Document(
        text=text,
        path=None,
        sha256=hashlib.sha256(as_given).hexdigest(),
        format="text",
        encoding=None,
        size=len(as_given),
        problems=problems,
    )

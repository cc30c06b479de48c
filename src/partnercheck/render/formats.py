"""The one registry of output formats.

Each format has a name, the file extensions that name it, whether ``batch``
can write it, and a module whose ``render(view, options)`` draws a
:class:`~partnercheck.render.report.ReportView` and returns
:class:`Rendered` text with its attachments (chart files, name -> content).
A renderer writes no file: the edge writes the text and, beside it, the
attachments.

Typer's choices (:class:`FormatName`, :class:`BatchFormatName`), the batch
formats and the format inferred from ``-o``'s extension all read
:data:`FORMATS`.  Cheap to import (the CLI reads it at start-up): the
renderers are imported only when one is asked to render.

A binary format (Word) returns its file as ``Rendered.data``; the edge
writes ``Rendered.content`` either way.

Inferring a format from a path (:func:`format_for_path`): ``.md`` and
``.markdown`` are Markdown, ``.html`` and ``.htm`` HTML, ``.json`` JSON,
``.docx`` Word, ``.pdf`` PDF, ``.txt`` the terminal report as plain text.  Standard output (``-``), no path
or a name without an extension infer nothing (the default, terminal, holds).
An unknown extension (``report.odt``) is an error rather than a guess: the
person meant some format, and terminal text in a ``.odt`` helps nobody.  A
``.txt`` file takes any format (it is only "text"), so it never clashes with
``--format``; any other known extension that names another format than
``--format`` does is a clash (:func:`choose`).
"""

from __future__ import annotations

from dataclasses import field
from enum import Enum
from importlib import import_module
from pathlib import PurePath
from typing import TYPE_CHECKING

from ..records import Record, record

if TYPE_CHECKING:
    from ..history import Comparison
    from ..models import Bank, Result
    from .report import ReportView


@record(frozen=True)
class RenderOptions(Record):
    """How to draw a report; each format reads what concerns it."""

    # Charts: inline SVG in HTML; SVG files beside a Markdown report (only
    # with ``stem``: no chart is linked from a report on standard output).
    charts: bool = True
    # Terminal: colours and styles (ANSI), and the width to fit.
    colour: bool = False
    width: int = 100
    # The start of attachment file names, ``<stem>.<chart>.svg``: see
    # :func:`attachment_stem`.  None: the report goes to standard output.
    stem: str | None = None
    # Word: the template whose styles, page, headers and footers the document
    # takes (a .docx or .dotx path); None: the one shipped with partnercheck.
    template: str | None = None


@record(frozen=True)
class Rendered(Record):
    text: str
    # File name -> content, to be written beside the report (same folder).
    attachments: dict[str, str | bytes] = field(default_factory=dict)
    # A binary format's whole file (a Word document); ``text`` is then "".
    data: bytes | None = None

    @property
    def content(self) -> str | bytes:
        """What the report file holds: ``data`` for a binary format, else ``text``."""
        return self.text if self.data is None else self.data


@record(frozen=True)
class Format(Record):
    name: str
    extensions: tuple[str, ...]
    batch: bool
    module: str
    help: str
    # False for a format that publishes the data rather than drawing the
    # view (JSON): :func:`render` then builds no view.
    draws_view: bool = True
    # A file, not text (Word): never written to a terminal.
    binary: bool = False
    # Takes --template (a Word template).
    templated: bool = False

    @property
    def extension(self) -> str:
        """The extension a file of this format is written with."""
        return self.extensions[0]

    def render(self, view: ReportView, options: RenderOptions = RenderOptions()) -> Rendered:
        return import_module(f"{__package__}.{self.module}").render(view, options)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("terminal", (".txt",), False, "terminal", "the report for the screen (plain text in a file)"),
        Format("markdown", (".md", ".markdown"), True, "markdown", "for the board pack, with SVG charts beside it"),
        Format("json", (".json",), True, "json", "the result's data, for scripts", draws_view=False),
        Format("html", (".html", ".htm"), True, "html", "one self-contained page to print"),
        Format("docx", (".docx",), True, "docx", "a Word document in your own template (--template)", binary=True, templated=True),
        Format("pdf", (".pdf",), False, "pdf", 'a tagged PDF to print or publish (pip install "partnercheck[pdf]")', binary=True),
    )
}
DEFAULT = "terminal"
# Plain text: a file of any format may be called this.
_ANY_TEXT = frozenset({".txt"})

FormatName = Enum("FormatName", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
FormatName.__doc__ = "Every output format, for command-line choices."
BatchFormatName = Enum("BatchFormatName", {n: n for n, f in FORMATS.items() if f.batch}, type=str)  # type: ignore[misc]
BatchFormatName.__doc__ = "The formats batch can write."


def render(source: Result | Comparison, bank: Bank, name: str | Enum, options: RenderOptions = RenderOptions()) -> Rendered:
    """A result or comparison in one format, in the bank's words: the view is
    built (once) only for a format that draws it.  To draw one view in
    several formats, build it with ``report.build`` and call ``get(name).render``."""
    fmt = get(name)
    if not fmt.draws_view:
        return fmt.render(source, options)  # type: ignore[arg-type]
    from .report import build

    return fmt.render(build(source, bank), options)


def get(name: str | Enum) -> Format:
    """The format of that name (KeyError for an unknown one)."""
    return FORMATS[name.value if isinstance(name, Enum) else name]


def names() -> list[str]:
    return list(FORMATS)


def batch_names() -> list[str]:
    return [n for n, f in FORMATS.items() if f.batch]


class UnknownExtension(ValueError):
    """The output file's extension names no format (and no --format was given)."""

    def __init__(self, path: str, extension: str):
        super().__init__(path, extension)
        self.path, self.extension = path, extension


class FormatClash(ValueError):
    """--format names one format and the output file's extension another."""

    def __init__(self, path: str, given: str, inferred: str):
        super().__init__(path, given, inferred)
        self.path, self.given, self.inferred = path, given, inferred


def _extension(path: str | None) -> str:
    if path in (None, "", "-"):
        return ""
    return PurePath(path).suffix.lower()  # type: ignore[arg-type]


def format_for_path(path: str | None) -> str | None:
    """The format a report path's extension names; None when it names none
    (standard output, or no extension).  UnknownExtension for any other."""
    ext = _extension(path)
    if not ext:
        return None
    for f in FORMATS.values():
        if ext in f.extensions:
            return f.name
    raise UnknownExtension(str(path), ext)


def choose(given: str | Enum | None, path: str | None) -> Format:
    """The format to write: ``--format`` when given, else the one ``-o``'s
    extension names, else the default.  FormatClash when both are given and
    disagree; UnknownExtension for an unknown extension without --format."""
    if given is None:
        return get(format_for_path(path) or DEFAULT)
    chosen = get(given)
    ext = _extension(path)
    if ext and ext not in _ANY_TEXT and ext not in chosen.extensions:
        try:
            inferred = format_for_path(path)
        except UnknownExtension:
            return chosen  # --format says what it is; the name is the person's choice
        raise FormatClash(str(path), chosen.name, inferred)  # type: ignore[arg-type]
    return chosen


def attachment_stem(report: str | PurePath) -> str:
    """The stem of the files written beside a report (``board-pack.md`` ->
    ``board-pack``, so ``board-pack.lessons.svg``): made safe, so that a
    Markdown link to it always resolves."""
    from ..files import safe_filename

    return safe_filename(PurePath(report).stem, fallback="report")

"""Reports: one view, drawn by every format.

- :mod:`.report` builds the report view of a result or a comparison, once,
  in the words of a question bank: ``report.build(result, bank)``.
- :mod:`.formats` is the registry of formats: ``formats.get(name).render(view,
  options)`` returns the text and its attachments (chart files) for the edge
  to write.
- :mod:`.terminal`, :mod:`.markdown`, :mod:`.html`, :mod:`.json` and
  :mod:`.charts` draw the view; they write no file.

Modules are imported only when their format is asked for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..bands import shown  # noqa: F401  (the number the reader sees)

if TYPE_CHECKING:
    from ..models import Bank, Comparison, Result

# Control characters (C0 and C1, DEL), escape sequences, and lone surrogates
# (a JSON file can spell them as \ud800; they cannot be written as UTF-8):
# never passed on.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str | None, *, newlines: bool = False) -> str:
    """User text made safe to show: escape sequences and control characters removed.

    Line breaks become spaces unless ``newlines`` is true.
    """
    if text is None:
        return ""
    text = _CONTROL.sub("", text)
    if not newlines:
        text = " ".join(text.replace("\t", " ").splitlines())
    return text


# --------------------------------------------------------------------------
# The old entry points, kept until the edges call report.build and the
# registry themselves.  They use the default bank's words unless given a bank.
# --------------------------------------------------------------------------


def _bank(bank: Bank | None) -> Bank:
    if bank is not None:
        return bank
    from ..bank import load_bank

    return load_bank()


def render(
    result: Result | Comparison,
    fmt: str,
    *,
    charts: bool | dict[str, str] | None = None,
    color: bool = False,
    width: int = 100,
    bank: Bank | None = None,
) -> str:
    """The report's text in one format (old interface).

    ``charts``: for HTML, whether to draw them (default yes); for Markdown,
    the chart file names (key -> name, from ``charts.write_beside``) to link.
    """
    from .formats import RenderOptions
    from .formats import render as draw

    stem = None
    if isinstance(charts, dict) and "lessons" in charts:
        stem = charts["lessons"].removesuffix(".lessons.svg")
    options = RenderOptions(charts=charts is not False and (fmt != "markdown" or stem is not None),
                            colour=color, width=width, stem=stem)
    return draw(result, _bank(bank), fmt, options).text


def band_label(band: str | None, bank: Bank | None = None) -> str:
    """A band's label in the bank's words (the default bank's unless given one)."""
    from ..bands import Bands

    b = _bank(bank)
    return Bands.of(b).label(band)


def score_text(score: float | None, bank: Bank | None = None) -> str:
    """A score as shown, or the bank's word for none."""
    return _bank(bank).texts.not_available if score is None else str(shown(score))

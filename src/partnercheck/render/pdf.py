"""The report as a tagged PDF: the HTML page, printed by WeasyPrint.

An optional extra (``pip install "partnercheck[pdf]"``): WeasyPrint and the
Pango library it draws text with are imported only here, and only when a PDF
is asked for.  Without them, :class:`MissingExtra` says how to install them
and what to use instead (``--format html``, printed to PDF from a browser).

The PDF is the page :mod:`partnercheck.render.html` draws (its print
stylesheet: A4, no forced page breaks), written as PDF/UA-1
(``pdf_variant="pdf/ua-1"``): tagged structure (headings, lists, tables
with their header cells, figures), the document language from ``<html
lang>``, the title from ``<title>`` in the metadata and shown in the
viewer's title bar (``DisplayDocTitle``), and alternate text on every chart
(its title and the description of what it shows, in words).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputError, Problem
from .formats import Rendered, RenderOptions
from .report import ReportView

INSTALL = 'pip install "partnercheck[pdf]"'
INSTEAD = "or write HTML (--format html) and print it to PDF from a browser"
# WeasyPrint's variant for PDF/UA-1 (ISO 14289-1): tagged, with language and title.
VARIANT = "pdf/ua-1"


class MissingExtra(InputError):
    """WeasyPrint (or the Pango library it needs) cannot be loaded.  An
    input error (exit 2): the edge says it in a few lines, with how to get
    the extra and what to use instead."""

    def __init__(self, cause: BaseException):
        if isinstance(cause, ImportError):
            problem = "needs WeasyPrint, which is not installed"
            how = f"install it with: {INSTALL}"
        else:  # OSError: WeasyPrint is there but a system library (Pango) is not
            problem = f"needs WeasyPrint, which is installed but cannot load the Pango library it draws text with ({cause})"
            how = ("install Pango (Debian and Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0; "
                   "elsewhere, see WeasyPrint's installation notes)")
        super().__init__("--format pdf", [Problem("", problem)], f"To write a PDF, {how}; {INSTEAD}.")
        self.cause = cause


def _weasyprint():  # type: ignore[no-untyped-def]
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise MissingExtra(exc) from exc
    return weasyprint


def available() -> bool:
    """Whether a PDF can be written here (WeasyPrint and Pango load)."""
    try:
        _weasyprint()
    except MissingExtra:
        return False
    return True


def check() -> None:
    """Raise :class:`MissingExtra` now, before any work, when no PDF can be written."""
    _weasyprint()


def render(view: ReportView, options: RenderOptions) -> Rendered:
    weasyprint = _weasyprint()
    from .html import page

    # The page is self-contained (inline CSS and SVG, no URL but the SVG
    # namespace): WeasyPrint has nothing to fetch.
    html = page(view, options, alt_in_title=True)
    with _quiet():
        # A fixed identifier: the same report gives the same file.
        data = weasyprint.HTML(string=html).write_pdf(pdf_variant=VARIANT, pdf_identifier=b"partnercheck")
    return Rendered("", data=data)


@contextmanager
def _quiet() -> Iterator[None]:
    """WeasyPrint logs each CSS rule it does not use (the page's rules for
    narrow screens and for browsers' colour printing): none of it is for
    the person, whose messages are partnercheck's own."""
    log = logging.getLogger("weasyprint")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)

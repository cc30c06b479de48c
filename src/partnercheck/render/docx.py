"""The report view as a Word document (.docx), in the council's own template.

``render(view, options)`` returns the document as ``Rendered.data`` (bytes);
it writes no file.  python-docx (and lxml under it) is imported only here,
inside :func:`render` and :func:`check_template`, never at start-up.

What a reader gets:

- **The council's look.** The document starts from ``options.template`` (a
  .docx or .dotx; the default is ``templates/partnercheck.docx``, shipped in
  the wheel): its body text is dropped, and its styles, page size, margins,
  headers and footers are kept.  The report uses the styles Title, Heading
  1-3, List Bullet, List Number, Caption and Note, and a table style (the
  template's "partnercheck table", else its own first custom table style,
  else Table Grid).  A style the template lacks (Word saves only the styles
  a document has used) is copied in from the shipped template, with its list
  numbering.
- **Structure for every reader.** The title in Title, each section in
  Heading 1 and each table's caption in Heading 2, so the navigation pane
  and a screen reader list them; real Word lists (each numbered list starts
  at 1); tables whose header row repeats on every page, whose rows never
  split across pages and whose widths follow the view's (else the text
  columns, the statement first, get the room); the document's language
  (the bank's ``language``, en-GB) on every run; title, subject, author and
  language in the document properties.  No page is forced (a forced break
  leaves the page before it part empty): headings keep with what follows,
  and table rows and list items are not split.
- **Charts as native Word tables**, not pictures: python-docx cannot embed
  SVG, and turning SVG into PNG needs a system program or a large library,
  where this must work with pip alone.  Each chart of the view is drawn as a
  table: the lessons as bars of shaded cells' worth of character shading
  over their band zones (the band word and score beside each bar, so it
  reads in black and white), the continuum as its options with the marks;
  each with the chart's title and description as the table's alt text
  (``w:tblCaption``, ``w:tblDescription``) and its caption below.
- **Nothing from a file can break it.** Every piece of text goes through
  :func:`text`: control characters and what XML cannot hold are removed;
  python-docx escapes the rest (``A & <B>`` stays text).
- **The same bytes for the same report.** Dates in the document properties
  come from the assessment (none when it has none) and every member of the
  package has a fixed date, so ``reports/`` can keep a sample.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import clean
from .charts import BAND_FILL, BEFORE_FILL, INK, MUTED, OPTION_MARKS, ZONE_FILL
from .formats import Rendered, RenderOptions
from .report import (
    Cell,
    Column,
    ContinuumChart,
    Figure,
    Item,
    Items,
    Legend,
    LessonsChart,
    Note,
    ReportView,
    Row,
    Section,
    Span,
    Table,
    TrendChart,
    plain,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

DEFAULT_TEMPLATE = "templates/partnercheck.docx"
# Far larger than a house template with its logos.
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024

# The styles the report uses, by their names in Word.
TITLE = "Title"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")
LIST_BULLET, LIST_NUMBER = "List Bullet", "List Number"
CAPTION, NOTE = "Caption", "Note"
TABLE_STYLE, TABLE_GRID = "partnercheck table", "Table Grid"

# Colours (hex, no '#'), shared with the SVG charts.
_HEX = {k: v.lstrip("#").upper() for k, v in BAND_FILL.items()}
_ZONE = {k: v.lstrip("#").upper() for k, v in ZONE_FILL.items()}
_INK, _MUTED, _BEFORE = INK.lstrip("#").upper(), MUTED.lstrip("#").upper(), BEFORE_FILL.lstrip("#").upper()
_MARK = {k: v[0].lstrip("#").upper() for k, v in OPTION_MARKS.items()}
_UP, _DOWN = "00703C", "D4351C"
_CURRENT = "E8F1F8"  # the row where the partnership is
_TAG = {"gap": "D4351C", "opened": "D4351C", "closed": "00703C", "p1": "D4351C", "p2": "B35A00"}
_EMPHASIS = {"prominent": ("1D70B8", "E8F1F8"), "caution": ("FFDD00", "FFFBE0")}

# A bar: this many characters of shading for 0-100 (5 points each), in a
# fixed-width font so that every bar has the same scale.
BAR_CELLS = 20
BAR_FONT = "Courier New"
BAR_SIZE = 8  # points: 20 characters are about 3.4 cm
_NBSP = "\u00a0"
_JOINER = "\u2060"

# XML 1.0 cannot hold these at all (control characters go in clean()).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def text(value: object) -> str:
    """User or bank text, safe for a Word document, on one line."""
    return _text(str(value)) if value is not None else ""


@lru_cache(maxsize=16384)  # bank texts repeat in every report of a batch
def _text(value: str) -> str:
    return _NOT_XML.sub("", clean(value))


# --------------------------------------------------------------------------
# The template
# --------------------------------------------------------------------------

_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACRO_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def check_template(path: str) -> None:
    """An InputError (exit 2, naming the file) unless ``path`` is a Word
    document or template python-docx can open; the edge calls this before
    any work is done."""
    _open(path)


def _default_template() -> bytes:
    from importlib.resources import files

    return files(__package__).joinpath(DEFAULT_TEMPLATE).read_bytes()


@lru_cache(maxsize=4)  # one read per process, however many reports a batch writes
def _template_bytes(path: str | None) -> bytes:
    """The template's package, a .dotx made a .docx (the same package but for
    one content type), or an InputError naming the file."""
    from ..errors import single

    if path is None:
        return _default_template()
    p = Path(path)
    try:
        if p.is_dir():
            raise single(path, "is a folder, not a Word template")
        with p.open("rb") as fh:
            data = fh.read(MAX_TEMPLATE_BYTES + 1)
    except FileNotFoundError:
        raise single(path, "no such file") from None
    except PermissionError:
        raise single(path, "permission denied") from None
    except OSError as exc:
        raise single(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_TEMPLATE_BYTES:
        raise single(path, f"is larger than {MAX_TEMPLATE_BYTES // 2**20} MiB; is it the right file?")
    not_word = "is not a Word document or template (.docx or .dotx)"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml").decode("utf-8")
            if any(t in types for t in _MACRO_TYPES):
                raise single(path, "is a macro-enabled Word file (.docm or .dotm); save it as .docx or .dotx")
            if _TEMPLATE_TYPE not in types:
                return data
            # A .dotx is a .docx but for its main part's content type.
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in z.infolist():
                    content = z.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        content = types.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE).encode("utf-8")
                    dst.writestr(info, content)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, EOFError):
        raise single(path, not_word) from None


def _open(path: str | None) -> Document:
    import docx

    from ..errors import single

    data = _template_bytes(path)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a broken package, in the person's words
        if path is None:
            raise
        reason = " (it holds no document)" if isinstance(exc, (KeyError, ValueError)) else f" ({type(exc).__name__})"
        raise single(path, "is not a Word document or template (.docx or .dotx)" + reason) from None


@lru_cache(maxsize=1)
def _shipped() -> Document:
    """The shipped template, where styles a council's template lacks come from (read only)."""
    return _open(None)


# --------------------------------------------------------------------------
# XML helpers: python-docx covers paragraphs, runs and tables; the rest
# (shading, borders, alt text, header rows) is set on the elements, in the
# order the schema requires.
# --------------------------------------------------------------------------

_PPR = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
        "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
        "w:sectPr", "w:pPrChange")
_RPR = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
        "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
        "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath")
_TCPR = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap", "w:tcMar",
         "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_TRPR = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
         "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
_TBLPR = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
          "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
          "w:tblLook", "w:tblCaption", "w:tblDescription")


def _set(parent: Any, tag: str, order: Sequence[str], **attrs: str) -> Any:
    """Put ``<tag attrs/>`` in ``parent`` (replacing one already there), in schema order."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    after = order[order.index(tag) + 1:]
    parent.insert_element_before(el, *after)
    return el


def _shade(parent: Any, order: Sequence[str], fill: str) -> None:
    _set(parent, "w:shd", order, val="clear", color="auto", fill=fill)


# --------------------------------------------------------------------------
# Preparing the document
# --------------------------------------------------------------------------


class _Styles:
    """The styles the report uses, found in the document or copied in from
    the shipped template (with their list numbering), on first use."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.ready: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self._table: str | None = None

    def __call__(self, name: str) -> str:
        """The style to use for ``name``: itself (copied in if need be), or Normal."""
        if name not in self.ready:
            self.ready[name] = self._ensure(name)
        return self.ready[name]

    def id(self, name: str) -> str:
        """The styleId of the style used for ``name`` (python-docx looks a name
        up anew for every paragraph: once here)."""
        used = self(name)
        if used not in self.ids:
            self.ids[used] = self.element(used).styleId
        return self.ids[used]

    def element(self, name: str, doc: Document | None = None) -> Any:
        """The style named ``name`` (never one whose id only is that), or None."""
        from docx.styles import BabelFish

        return (doc or self.doc).styles.element.get_by_name(BabelFish.ui2internal(name))

    def _ensure(self, name: str) -> str:
        if self.element(name) is not None:
            return name
        source = self.element(name, _shipped())
        if source is None:
            return "Normal"
        self._copy(source)
        return name

    def _copy(self, element: Any) -> None:
        import copy

        from docx.oxml.ns import qn

        mine = self.doc.styles.element
        new = copy.deepcopy(element)
        ids = {s.get(qn("w:styleId")) for s in mine.findall(qn("w:style"))}
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = new.find(qn(tag))
            if ref is None:
                continue
            target = ref.get(qn("w:val"))
            if target in ids:
                continue
            if tag == "w:basedOn":
                base = _shipped().styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{target}']")
                if base is not None:
                    self._copy(base)
                    continue
            new.remove(ref)
        if new.get(qn("w:styleId")) in ids:  # the id taken by a style of another name
            new.set(qn("w:styleId"), new.get(qn("w:styleId")) + "Partnercheck")
        num = new.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num is not None:
            num.set(qn("w:val"), str(self._copy_numbering(int(num.get(qn("w:val"))))))
        mine.append(new)

    def _copy_numbering(self, num_id: int) -> int:
        """Copy a list's numbering from the shipped template; its new numId."""
        import copy

        from docx.oxml.ns import qn

        source = _shipped().part.numbering_part.element
        num = source.num_having_numId(num_id)
        abstract_id = num.abstractNumId.val
        abstract = next(a for a in source.findall(qn("w:abstractNum")) if int(a.get(qn("w:abstractNumId"))) == abstract_id)
        target = self.doc.part.numbering_part.element
        used = [int(a.get(qn("w:abstractNumId"))) for a in target.findall(qn("w:abstractNum"))]
        new_abstract = copy.deepcopy(abstract)
        new_abstract.set(qn("w:abstractNumId"), str(max(used, default=-1) + 1))
        # abstractNum elements come before every num
        first_num = target.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(new_abstract)
        else:
            target.append(new_abstract)
        return target.add_num(int(new_abstract.get(qn("w:abstractNumId")))).numId

    def table(self) -> str:
        """The table style: the template's "partnercheck table", else its first
        custom table style, else Table Grid, else ours copied in."""
        if self._table is None:
            from docx.enum.style import WD_STYLE_TYPE

            styles = [s for s in self.doc.styles if s.type == WD_STYLE_TYPE.TABLE]
            names = {s.name for s in styles}
            custom = [s.name for s in styles if not s.builtin and s.name != TABLE_STYLE]
            if TABLE_STYLE in names:
                self._table = TABLE_STYLE
            elif custom:
                self._table = custom[0]
            elif TABLE_GRID in names:
                self._table = TABLE_GRID
            else:
                self._table = self(TABLE_STYLE)
        return self._table


def _prepare(doc: Document, language: str) -> None:
    """The template's body dropped (its last section's page, headers and
    footers kept), and the document's language set everywhere."""
    from docx.oxml.ns import qn

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if not language:
        return
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(qn("w:docDefaults"), {})
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = defaults.makeelement(qn("w:rPrDefault"), {})
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = rpr_default.makeelement(qn("w:rPr"), {})
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = _set(rpr, "w:lang", _RPR)
    lang.set(qn("w:val"), language)
    # A style that names a language of its own names ours.
    for el in styles.iter(qn("w:lang")):
        if el.get(qn("w:val")):
            el.set(qn("w:val"), language)
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)


def _properties(doc: Document, view: ReportView) -> None:
    """Title, subject, author and language; the assessment's date (never the
    clock, so the same report is the same file); nothing of the template's."""
    from docx.oxml.ns import qn

    props = doc.core_properties
    brand = text(view.brand) or "partnercheck"
    props.title = text(plain(view.title)).strip()
    props.subject = text(view.what).strip()
    props.author = props.last_modified_by = brand
    props.language = text(view.language)
    for name in ("keywords", "comments", "category", "content_status", "identifier", "version"):
        setattr(props, name, "")
    props.revision = 1
    source = view.source
    day = getattr(source, "date", None) or getattr(source, "new_date", None)
    element = props._element
    for tag in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
        old = element.find(qn(tag))
        if old is not None:
            element.remove(old)
    if isinstance(day, dt.date):
        props.created = props.modified = dt.datetime(day.year, day.month, day.day)


def _save(doc: Document) -> bytes:
    """The package, each member with a fixed date: the same bytes every time."""
    raw = io.BytesIO()
    doc.save(raw)
    return repack(raw.getvalue())


def repack(data: bytes) -> bytes:
    """A Word package with fixed dates on its members (also used by
    templates/make_template.py for the shipped template)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------
# Drawing the view
# --------------------------------------------------------------------------


class _Drawer:
    def __init__(self, doc: Document, view: ReportView, options: RenderOptions):
        self.doc = doc
        self.view = view
        self.options = options
        self.style = _Styles(doc)
        # The width the text runs in, in twentieths of a point (dxa).
        section = doc.sections[-1]
        try:
            usable = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
            self.width = max(int(usable.twips), 2880)
        except (TypeError, AttributeError):
            self.width = 9638  # A4 with 2 cm margins

    # paragraphs and runs ------------------------------------------------------

    def add(self, style: str | None = None) -> Paragraph:
        """A new paragraph at the end of the document, in ``style``."""
        p = self.doc.add_paragraph()
        if style:
            p._p.get_or_add_pPr().style = self.style.id(style)
        return p

    def para(self, style: str | None = None, content: str | Sequence[Span] = "") -> Paragraph:
        p = self.add(style)
        if isinstance(content, str):
            if content:
                p.add_run(text(content))
        else:
            self.runs(p, content)
        return p

    def runs(self, p: Paragraph, spans: Iterable[Span]) -> None:
        for s in spans:
            words = text(s.text)
            if not words:
                continue
            if s.band is not None:
                self.swatch(p, s.band)
                r = p.add_run(words)
                r.bold = True
                if s.band == "none":
                    self.colour(r, _MUTED)
            elif s.change is not None:
                r = p.add_run(words.replace("-", "\u2212"))
                if s.change:
                    r.bold = True
                    self.colour(r, _UP if s.change > 0 else _DOWN)
            else:
                r = p.add_run(words)
                if s.code:
                    r.font.name = BAR_FONT
                if s.strong:
                    r.bold = True
                if s.muted:
                    self.colour(r, _MUTED)

    @staticmethod
    def colour(run: Any, hex_colour: str) -> None:
        from docx.shared import RGBColor

        run.font.color.rgb = RGBColor.from_string(hex_colour)

    def swatch(self, p: Paragraph, band: str) -> None:
        """A small square of the band's colour before its word (the word is
        what says it: the colour only helps)."""
        self.shaded(p, _NBSP * 2, _HEX.get(None if band == "none" else band, _HEX[None]))
        p.add_run(" ")

    def shaded(self, p: Paragraph, chars: str, fill: str) -> None:
        from docx.shared import Pt

        r = p.add_run(chars)
        r.font.name = BAR_FONT
        r.font.size = Pt(BAR_SIZE)
        _shade(r._r.get_or_add_rPr(), _RPR, fill)

    def bar(self, p: Paragraph, score: float | None, fill: str | None, zones: Sequence[Any] = ()) -> None:
        """A bar of BAR_CELLS shaded characters: the score's share in ``fill``,
        the rest in the tint of the band zone it lies in (so the thresholds
        show), as the SVG chart draws it."""
        filled = 0 if score is None else round(max(0.0, min(100.0, score)) / 100 * BAR_CELLS)
        colours = []
        for i in range(BAR_CELLS):
            if i < filled and fill:
                colours.append(fill)
                continue
            middle = (i + 0.5) * 100 / BAR_CELLS
            zone = next((z for z in zones if z.low <= middle < z.high or (z.high >= 100 and middle >= z.low)), None)
            colours.append(_ZONE.get(zone.band, "FFFFFF") if zone else "F3F2F1")
        start = 0
        for i in range(1, BAR_CELLS + 1):
            if i == BAR_CELLS or colours[i] != colours[start]:
                self.shaded(p, _NBSP * (i - start), colours[start])
                start = i
        # LibreOffice hides spaces that end a line in a table cell, shading
        # and all: an invisible word joiner after them keeps the bar.
        p.add_run(_JOINER)

    # paragraphs with a look of their own -----------------------------------

    @staticmethod
    def boxed(p: Paragraph, emphasis: str) -> None:
        """A paragraph in an emphasised section: a rule on its left and a tint
        (neighbouring paragraphs with the same box join into one)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if emphasis not in _EMPHASIS:
            return
        rule, tint = _EMPHASIS[emphasis]
        ppr = p._p.get_or_add_pPr()
        borders = _set(ppr, "w:pBdr", _PPR)
        left = OxmlElement("w:left")
        for k, v in {"val": "single", "sz": "36", "space": "8", "color": rule}.items():
            left.set(qn(f"w:{k}"), v)
        borders.append(left)
        _shade(ppr, _PPR, tint)

    # tables ------------------------------------------------------------------

    def table(self, rows: int, columns: int, widths: Sequence[int], *, header: int = 1,
              alt: tuple[str, str] | None = None) -> DocxTable:
        """An empty table in the report's table style, fixed column widths
        (dxa), the first ``header`` rows header rows repeated on every page,
        no row split across pages, and alt text when given (title, description)."""
        from docx.shared import Twips

        t = self.doc.add_table(rows=rows, cols=columns)
        t._tbl.tblPr.style = self.style.id(self.style.table())
        t.autofit = False
        tbl_pr = t._tbl.tblPr
        _set(tbl_pr, "w:tblW", _TBLPR, w=str(sum(widths)), type="dxa")
        # The table style formats the header row only; no banding.
        _set(tbl_pr, "w:tblLook", _TBLPR, val="0420" if header else "0600", firstRow="1" if header else "0",
             lastRow="0", firstColumn="0", lastColumn="0", noHBand="1", noVBand="1")
        if alt:
            title, description = (text(x) for x in alt)
            if title:
                _set(tbl_pr, "w:tblCaption", _TBLPR, val=title)
            if description:
                _set(tbl_pr, "w:tblDescription", _TBLPR, val=description)
        for column, width in zip(t.columns, widths):
            column.width = Twips(width)
        for i, row in enumerate(t.rows):
            tr_pr = row._tr.get_or_add_trPr()
            _set(tr_pr, "w:cantSplit", _TRPR)
            if i < header:
                _set(tr_pr, "w:tblHeader", _TRPR)
            for cell, width in zip(row.cells, widths):
                cell.width = Twips(width)
        return t

    def widths(self, columns: Sequence[Column], rows: Sequence[Row]) -> list[int]:
        """Column widths (dxa) filling the page: the view's (percent) when it
        gives every one; else narrow columns (numbers, marks, short words)
        at their natural width and the rest shared by the length of their
        text, so the statement column is the widest."""
        total = self.width
        given = [c.width for c in columns]
        if given and all(w for w in given):
            scale = total / sum(given)  # type: ignore[arg-type]
            return _fit([round(w * scale) for w in given], total)  # type: ignore[operator]
        char = 120  # about one character of bold 9.5-point Arial, in dxa
        margins = 260  # the cell's margins, and a little air
        natural = []
        for i, col in enumerate(columns):
            head = max((len(w) for w in text(col.heading).split()), default=1)
            longest = max((_chars(r.cells[i]) for r in rows if i < len(r.cells)), default=0)
            natural.append((max(head, 2), longest, col.align != "left" or longest <= 14))
        fixed = {i: min(max(h, n), 20) * char + margins for i, (h, n, narrow) in enumerate(natural) if narrow}
        flexible = [i for i in range(len(columns)) if i not in fixed]
        if not flexible:
            scale = total / max(sum(fixed.values()), 1)
            return _fit([round(fixed[i] * scale) for i in range(len(columns))], total)
        left = max(total - sum(fixed.values()), len(flexible) * 12 * char)
        weights = {i: min(max(natural[i][1], natural[i][0]), 90) + 8 for i in flexible}
        out = [fixed.get(i) or round(left * weights[i] / sum(weights.values())) for i in range(len(columns))]
        return _fit(out, total)

    def view_table(self, t: Table) -> None:
        """A table of the view: its caption a Heading 2, then the table."""
        if t.caption:
            self.para(HEADINGS[1], t.caption)
        columns = list(t.columns)
        if not columns:
            return
        widths = self.widths(columns, t.rows)
        out = self.table(len(t.rows) + 1, len(columns), widths, alt=(t.caption or "", "") if t.caption else None)
        rows = out.rows
        for col, cell in zip(columns, rows[0].cells):
            p = cell.paragraphs[0]
            self.align(p, col.align)
            r = p.add_run(text(col.heading))
            r.bold = True
        for row, docx_row in zip(t.rows, rows[1:]):
            for col, c, cell in zip(columns, row.cells, docx_row.cells):
                p = cell.paragraphs[0]
                self.align(p, col.align)
                self.runs(p, c.spans)
                if row.current:
                    _shade(cell._tc.get_or_add_tcPr(), _TCPR, _CURRENT)
                    for r in p.runs:
                        r.bold = True
        self.after_table()

    @staticmethod
    def align(p: Paragraph, align: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if align == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def after_table(self) -> None:
        """Word sets two tables in a row flush together: a small gap after each."""
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = Pt(2)
        p.paragraph_format.line_spacing = 0.6

    # lists -------------------------------------------------------------------

    def items(self, block: Items, emphasis: str = "") -> None:
        style = self.style(LIST_NUMBER if block.numbered else LIST_BULLET)
        num_id = self.restart(style) if block.numbered else None
        for n, item in enumerate(block.items, 1):
            p = self.add(style)
            if num_id is not None:
                self.number(p, num_id)
            elif block.numbered and style == "Normal":
                p.add_run(f"{n}. ")
            elif style == "Normal":
                p.add_run("\u2022 ")
            self.item(p, item)
            p.paragraph_format.keep_together = True
            self.boxed(p, emphasis)

    def item(self, p: Paragraph, i: Item) -> None:
        if i.tag:
            r = p.add_run(text(i.tag).upper() + " ")
            r.bold = True
            self.colour(r, _TAG.get(i.tag_kind or "gap", _INK))
        if i.lead:
            p.add_run(text(i.lead) + ": ").bold = True
        self.runs(p, i.text)
        if i.detail:
            from docx.shared import Pt

            p.add_run().add_break()
            start = len(p.runs)
            self.runs(p, i.detail)
            for r in p.runs[start:]:
                r.font.size = Pt(9)
                if r.font.color.rgb is None:
                    self.colour(r, _MUTED)

    def restart(self, style: str) -> int | None:
        """A new numbering instance of the style's list, starting at 1 (Word
        otherwise numbers every list of the style as one)."""
        from docx.oxml.ns import qn

        element = self.style.element(style)
        if element is None:
            return None
        num = element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num is None:
            return None
        numbering = self.doc.part.numbering_part.element
        try:
            abstract = numbering.num_having_numId(int(num.get(qn("w:val")))).abstractNumId.val
        except (KeyError, ValueError, AttributeError):
            return None
        new = numbering.add_num(abstract)
        new.add_lvlOverride(ilvl=0).add_startOverride(1)
        return new.numId

    @staticmethod
    def number(p: Paragraph, num_id: int) -> None:
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id

    # charts, as native tables ----------------------------------------------

    def chart(self, figure: Figure) -> None:
        chart = self.view.chart(figure.key)
        if chart is None:
            return
        if isinstance(chart, ContinuumChart):
            self.continuum(chart)
        elif isinstance(chart, LessonsChart):
            self.lessons(chart)
        elif isinstance(chart, TrendChart):
            self.trend(chart)
        else:  # a chart of a kind not known here: its description in words
            self.para(NOTE, getattr(chart, "desc", ""))
        if figure.caption:
            self.para(CAPTION, figure.caption)

    def lessons(self, chart: LessonsChart) -> None:
        bar = BAR_CELLS * 96 + 400  # dxa: the bar's characters (4.8 pt each) and room to spare
        total = self.width
        widths = _fit([round(total * 0.36), bar, total - round(total * 0.36) - bar], total)
        rows = len(chart.rows) + 2
        t = self.table(rows, 3, widths, alt=(chart.title, chart.desc))
        cells = [row.cells for row in t.rows]
        head = cells[0][0].merge(cells[0][2])
        head.paragraphs[0].add_run(text(chart.heading)).bold = True
        for lesson, row in zip(chart.rows, cells[1:]):
            row[0].paragraphs[0].add_run(text(lesson.name))
            p = row[1].paragraphs[0]
            if chart.compared:
                self.bar(p, lesson.old, _BEFORE if lesson.old is not None else None, chart.zones)
                p.add_run().add_break()
                self.bar(p, lesson.score, _HEX.get(lesson.band, _HEX[None]) if lesson.score is not None else None, chart.zones)
            else:
                self.bar(p, lesson.score, _HEX.get(lesson.band, _HEX[None]) if lesson.score is not None else None, chart.zones)
            words = row[2].paragraphs[0]
            if lesson.score is None and not chart.compared:
                r = words.add_run(text(chart.missing))
                r.italic = True
                self.colour(r, _MUTED)
                continue
            words.add_run(text(lesson.words)).bold = True
            extra = lesson.move if chart.compared else lesson.range
            if extra:
                words.add_run().add_break()
                self.colour(words.add_run(text(extra)), _MUTED)
        foot = cells[-1][0].merge(cells[-1][2])
        p = foot.paragraphs[0]
        if chart.compared:
            self.shaded(p, _NBSP * 3, _BEFORE)
            p.add_run(" " + text(chart.before_key) + "   ")
            for zone in reversed(chart.zones):
                self.shaded(p, _NBSP, _HEX.get(zone.band, _HEX[None]))
            p.add_run(" " + text(chart.after_key))
            p.add_run().add_break()
        elif chart.ranged and chart.range_key:
            p.add_run(text(chart.range_key))
            p.add_run().add_break()
        p.add_run(text(chart.bands_line))
        self.small(p)

    def trend(self, chart: TrendChart) -> None:
        """A lesson per row, a round per column: each score with a swatch of
        its band and the band's word (so it reads in black and white), the
        cell tinted with the band's zone."""
        total = self.width
        first = round(total * 0.22)
        rounds = list(chart.rounds)
        rest = (total - first) // max(len(rounds), 1)
        widths = _fit([first] + [rest] * len(rounds), total)
        t = self.table(len(chart.lines) + 3, len(rounds) + 1, widths, alt=(chart.title, chart.desc), header=2)
        cells = [row.cells for row in t.rows]
        cells[0][0].merge(cells[0][-1]).paragraphs[0].add_run(text(chart.heading)).bold = True
        for label, cell in zip(rounds, cells[1][1:]):
            cell.paragraphs[0].add_run(text(label)).bold = True
        labels = {z.band: z.label for z in chart.zones}
        for line, row in zip(chart.lines, cells[2:]):
            row[0].paragraphs[0].add_run(text(line.name))
            for score, band, words, cell in zip(line.scores, line.bands, line.words, row[1:]):
                p = cell.paragraphs[0]
                if score is None:
                    r = p.add_run(text(chart.missing))
                    r.italic = True
                    self.colour(r, _MUTED)
                    continue
                self.swatch(p, band or "none")
                p.add_run(text(words)).bold = True
                if band in labels:
                    p.add_run().add_break()
                    self.colour(p.add_run(text(labels[band])), _MUTED)
                    _shade(cell._tc.get_or_add_tcPr(), _TCPR, _ZONE.get(band, "FFFFFF"))
        foot = cells[-1][0].merge(cells[-1][-1])
        foot.paragraphs[0].add_run(text(chart.bands_line))
        self.small(foot.paragraphs[0])

    def continuum(self, chart: ContinuumChart) -> None:
        options = list(chart.options)
        total = self.width
        first = round(total * 0.16)
        rest = (total - first) // max(len(options), 1)
        widths = _fit([first] + [rest] * len(options), total)
        t = self.table(len(chart.marks) + 3, len(options) + 1, widths, alt=(chart.title, chart.desc), header=2)
        cells = [row.cells for row in t.rows]
        cells[0][0].merge(cells[0][-1]).paragraphs[0].add_run(text(chart.heading)).bold = True
        cells = cells[1:]
        for (number, name), cell in zip(options, cells[0][1:]):
            p = cell.paragraphs[0]
            p.add_run(f"{number} ").bold = True
            p.add_run(text(name)).bold = number == chart.here
            if number == chart.here:
                _shade(cell._tc.get_or_add_tcPr(), _TCPR, _CURRENT)
        numbers = [n for n, _ in options]
        for mark, row in zip(chart.marks, cells[1:]):
            row[0].paragraphs[0].add_run(text(mark.label)).bold = True
            if mark.value is None or mark.value not in numbers:
                merged = row[1].merge(row[-1])
                r = merged.paragraphs[0].add_run(text(mark.missing))
                r.italic = True
                self.colour(r, _MUTED)
                continue
            cell = row[1 + numbers.index(mark.value)]
            r = cell.paragraphs[0].add_run(text(mark.short))
            r.bold = True
            self.colour(r, _MARK.get(mark.key, _INK))
            if mark.value == chart.here:
                _shade(cell._tc.get_or_add_tcPr(), _TCPR, _CURRENT)
        foot = cells[-1][0].merge(cells[-1][-1])
        foot.paragraphs[0].add_run(text(chart.note))
        self.small(foot.paragraphs[0])

    def small(self, p: Paragraph) -> None:
        from docx.shared import Pt

        for r in p.runs:
            if r.font.name != BAR_FONT:
                r.font.size = Pt(8.5)
                if r.font.color.rgb is None:
                    self.colour(r, _MUTED)

    # the view ----------------------------------------------------------------

    def legend(self, block: Legend) -> None:
        if block.intro:
            self.para(NOTE, block.intro).paragraph_format.keep_with_next = True
        style = self.style(LIST_BULLET)
        for n, entry in enumerate(block.entries, 1):
            p = self.add(style)
            if style == "Normal":
                p.add_run("\u2022 ")
            self.runs(p, entry.spans)
            # the bands on one page
            p.paragraph_format.keep_with_next = n < len(block.entries)

    def block(self, block: Any, section: Section) -> None:
        if isinstance(block, Table):
            self.view_table(block)
        elif isinstance(block, Items):
            self.items(block, section.emphasis)
        elif isinstance(block, Note):
            self.boxed(self.para(NOTE if block.muted else "Normal", block.spans), section.emphasis)
        elif isinstance(block, Legend):
            self.legend(block)
        elif isinstance(block, Figure):
            if self.options.charts:
                self.chart(block)
        else:
            self.unknown(block, section)

    def unknown(self, block: Any, section: Section) -> None:
        """A block of a kind this module does not know yet, drawn from what it
        carries (a heading, words, items, rows), so that nothing the view
        says is left out of the document."""
        heading = getattr(block, "heading", "") or getattr(block, "caption", "")
        if heading and not hasattr(block, "columns"):
            self.para(HEADINGS[1], heading)
        if hasattr(block, "columns") and hasattr(block, "rows"):
            self.view_table(Table(tuple(block.columns), tuple(block.rows), caption=getattr(block, "caption", "")))
        elif hasattr(block, "items"):
            self.items(Items(tuple(block.items), bool(getattr(block, "numbered", False))), section.emphasis)
        for name in ("spans", "text"):
            value = getattr(block, name, None)
            if value:
                self.boxed(self.para(None, value if isinstance(value, (str, tuple)) else str(value)), section.emphasis)
                break

    def section(self, s: Section) -> None:
        # ``s.page`` (a printed page may start here) forces no break, as in
        # the HTML and PDF: a forced break leaves the page before it part
        # empty.  Headings keep with what follows (their style says so), and
        # table rows and list items are not split.
        heading = self.para(HEADINGS[0], s.heading)
        if s.emphasis:
            self.boxed(heading, s.emphasis)
        if s.intro:
            self.boxed(self.para(None, s.intro), s.emphasis)
        for block in s.blocks:
            self.block(block, s)
        if not s.blocks and s.empty:
            self.boxed(self.para(None, s.empty), s.emphasis)

    def draw(self) -> None:
        view = self.view
        self.para(TITLE, text(plain(view.title)).strip())
        if view.intro:
            self.para("Subtitle", view.intro)
        self.view_table(view.facts)
        for s in view.sections:
            self.section(s)
        if view.disclaimer:
            p = self.para(NOTE, view.disclaimer)
            for r in p.runs:
                r.italic = True


def _chars(cell: Cell) -> int:
    """How many characters wide a cell's text is (a band's swatch counts three)."""
    return sum(len(text(s.text)) + (3 if s.band is not None else 0) for s in cell.spans)


def _fit(widths: list[int], total: int) -> list[int]:
    """Widths adjusted to add up to ``total`` exactly (the last takes the rest)."""
    widths = [max(w, 360) for w in widths]
    widths[-1] = max(360, widths[-1] + total - sum(widths))
    return widths


def render(view: ReportView, options: RenderOptions) -> Rendered:
    doc = _open(options.template)
    _prepare(doc, text(view.language))
    _Drawer(doc, view, options).draw()
    _properties(doc, view)
    return Rendered("", {}, _save(doc))

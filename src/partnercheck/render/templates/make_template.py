"""Make partnercheck.docx, the Word template shipped with partnercheck.

    python src/partnercheck/render/templates/make_template.py

writes ``partnercheck.docx`` beside this file: python-docx's own default
document, set up for a board paper: A4 with 2 cm margins, Arial, dark text,
plain headings (Title, Heading 1-3), captions and notes in grey, the
"partnercheck table" table style (a bold header row over a rule, light rules
between rows), page numbers in the footer, and British English (en-GB) as
the language of every style.  A council that wants the report in its own
look gives ``--template`` its own .docx or .dotx instead (or edits a copy of
this one in Word): the renderer takes every style it needs from the
template given, and from this one only those the template lacks.

Needs python-docx (a dependency of partnercheck).  Run it again after
changing it; the file it writes is the same on every run.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from partnercheck.render.docx import repack

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
TARGET = HERE / "partnercheck.docx"

FONT = "Arial"
INK = RGBColor(0x0B, 0x0C, 0x0C)
MUTED = RGBColor(0x50, 0x5A, 0x5F)
BLUE = "1D70B8"
LANGUAGE = "en-GB"

TABLE_STYLE = f"""
<w:style {nsdecls('w')} w:type="table" w:customStyle="1" w:styleId="PartnercheckTable">
  <w:name w:val="partnercheck table"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="59"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="8" w:space="0" w:color="0B0C0C"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="0B0C0C"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="B1B4B6"/>
    </w:tblBorders>
    <w:tblCellMar>
      <w:top w:w="30" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>
      <w:bottom w:w="30" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>
    </w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tblPr/>
    <w:tcPr>
      <w:tcBorders><w:bottom w:val="single" w:sz="12" w:space="0" w:color="0B0C0C"/></w:tcBorders>
      <w:shd w:val="clear" w:color="auto" w:fill="F3F2F1"/>
    </w:tcPr>
  </w:tblStylePr>
</w:style>
"""


def _fonts(style, size: float | None = None, *, bold: bool | None = None, colour: RGBColor = INK) -> None:
    font = style.font
    font.name = FONT
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:cs"), FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.italic = False
    color = style.element.rPr.find(qn("w:color"))
    if color is not None:
        style.element.rPr.remove(color)
    font.color.rgb = colour


def _spacing(style, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line


def make() -> bytes:
    doc = Document()

    # Drop what a board paper's template does not need from python-docx's
    # document: its preview picture, its Word 2010 copy of the styles, its
    # bibliography part, and the 140 table styles it never uses.
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            rels.pop(rid)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.rels.pop(rid)
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in ("TableNormal", "TableGrid"):
            doc.styles.element.remove(style)

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)

    styles = doc.styles
    # Every run in British English unless a style says otherwise.
    defaults = styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    theme_lang.set(qn("w:val"), LANGUAGE)
    theme_lang.attrib.pop(qn("w:eastAsia"), None)

    normal = styles["Normal"]
    _fonts(normal, 10.5)
    _spacing(normal, 0, 6, 1.15)

    title = styles["Title"]
    _fonts(title, 24, bold=True)
    _spacing(title, 0, 12, 1.0)
    border = title.element.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
        border.attrib.pop(qn(attr), None)
    border.set(qn("w:color"), BLUE)
    border.set(qn("w:sz"), "12")
    for child in list(title.element.rPr):
        if child.tag in (qn("w:spacing"), qn("w:kern")):
            title.element.rPr.remove(child)

    subtitle = styles["Subtitle"]
    _fonts(subtitle, 12, colour=MUTED)
    _spacing(subtitle, 0, 10)
    for child in list(subtitle.element.rPr):
        if child.tag == qn("w:spacing"):  # letter-spaced: harder to read
            subtitle.element.rPr.remove(child)

    for level, size, before, after in ((1, 16, 18, 6), (2, 13, 12, 4), (3, 11, 10, 2)):
        heading = styles[f"Heading {level}"]
        _fonts(heading, size, bold=True)
        _spacing(heading, before, after, 1.0)
        heading.paragraph_format.keep_with_next = True

    caption = styles["Caption"]
    _fonts(caption, 9, bold=False, colour=MUTED)
    _spacing(caption, 2, 10)

    for name in ("List Bullet", "List Number"):
        _spacing(styles[name], 0, 4)
        # contextualSpacing would drop the space between items.
        ctx = styles[name].element.pPr.find(qn("w:contextualSpacing"))
        if ctx is not None:
            styles[name].element.pPr.remove(ctx)

    note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = normal
    note.quick_style = True
    _fonts(note, 9.5, colour=MUTED)
    _spacing(note, 2, 6)

    styles.element.append(parse_xml(TABLE_STYLE))

    # Page numbers, centred in the footer.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'
    ))

    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "partnercheck", "partnercheck", "partnercheck"
    props.comments = "The Word template of partnercheck's reports: styles, page and footer."
    props.language = LANGUAGE
    props.revision = 1
    import datetime as dt

    props.created = props.modified = dt.datetime(2026, 1, 1)
    props.last_printed = dt.datetime(2026, 1, 1)
    raw = io.BytesIO()
    doc.save(raw)
    return repack(raw.getvalue())


def main() -> int:
    TARGET.write_bytes(make())
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

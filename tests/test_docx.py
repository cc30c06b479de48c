"""--format docx: the report as a Word document, in the council's own template.

Each document is opened with python-docx (and its XML read where python-docx
has no word for it) as Word would read it: real headings in the view's
order, tables whose header row repeats on every page with the text column
the widest, the charts as tables with alt text, the document's language,
title and author, and untrusted text kept as text.  When LibreOffice
(``soffice``) is installed, the document is turned into a PDF and its pages
counted; CI installs it (Debian's ``libreoffice-writer-nogui``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

from conftest import EXAMPLES, ROOT  # noqa: E402
from partnercheck.answers import load_answers  # noqa: E402
from partnercheck.assess import assess  # noqa: E402
from partnercheck.cli import app  # noqa: E402
from partnercheck.compare import compare  # noqa: E402
from partnercheck.render import formats, report  # noqa: E402
from partnercheck.render.report import Table  # noqa: E402

OFFICER = EXAMPLES / "northtown-officer.yaml"
OFFICER_LATER = EXAMPLES / "northtown-officer-2027q1.yaml"
COMBINE = sorted((EXAMPLES / "combine").glob("*.yaml"))
HOSTILE = "A & <B> \x07"


def run(*args: object, **kwargs):
    return CliRunner().invoke(app, [str(a) for a in args], **kwargs)


def ok(*args: object, **kwargs):
    result = run(*args, **kwargs)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def render(obj, bank, **options) -> bytes:
    rendered = formats.get("docx").render(report.build(obj, bank), formats.RenderOptions(**options))
    assert rendered.text == "" and rendered.attachments == {}
    return rendered.data


def open_docx(data: bytes | Path):
    return docx.Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def alt_texts(document) -> list[tuple[str | None, str | None]]:
    out = []
    for t in document.tables:
        pr = t._tbl.tblPr
        cap, desc = pr.find(qn("w:tblCaption")), pr.find(qn("w:tblDescription"))
        out.append((None if cap is None else cap.get(qn("w:val")), None if desc is None else desc.get(qn("w:val"))))
    return out


def view_tables(view) -> list[Table]:
    return [view.facts] + [b for s in view.sections for b in s.blocks if isinstance(b, Table)]


@pytest.fixture(scope="module")
def later(bank):
    return assess(bank, [load_answers(OFFICER_LATER, bank)])


@pytest.fixture(scope="module")
def combined(bank):
    return assess(bank, [load_answers(f, bank) for f in COMBINE])


@pytest.fixture(scope="module")
def officer_docx(bank, officer):
    return render(officer, bank)


@pytest.fixture
def council_template(tmp_path) -> Path:
    """A council's own template: Heading 1 in Comic Sans MS and dark red, a
    header with the council's name, instructions in its body, and no List
    Number or Note style (Word saves only the styles a document has used)."""
    document = docx.Document()
    h1 = document.styles["Heading 1"]
    h1.font.name = "Comic Sans MS"
    h1.font.color.rgb = docx.shared.RGBColor(0x99, 0x00, 0x00)
    document.sections[0].header.paragraphs[0].text = "Northtown Borough Council"
    document.add_paragraph("Delete this text and write your paper here.")
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == "ListNumber":
            styles.remove(style)
    path = tmp_path / "council.docx"
    document.save(str(path))
    return path


# --------------------------------------------------------------------------
# What a reader of the document gets
# --------------------------------------------------------------------------


def test_the_title_and_each_sections_heading_are_real_headings_in_the_views_order(bank, officer, officer_docx):
    view = report.build(officer, bank)
    document = open_docx(officer_docx)
    first = next(p for p in document.paragraphs if p.text)
    assert first.style.name == "Title" and first.text == report.plain(view.title)
    assert headings(document, 1) == [s.heading for s in view.sections]
    captions = [b.caption for s in view.sections for b in s.blocks if isinstance(b, Table) and b.caption]
    assert captions and headings(document, 2) == captions
    # The navigation pane lists a heading by its style's outline level.
    for level in (1, 2):
        style = document.styles[f"Heading {level}"]
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)


@pytest.mark.parametrize("which", ["officer", "combined", "comparison"])
def test_every_table_has_a_header_row_repeated_on_every_page_and_rows_that_do_not_split(bank, officer, combined, later, which):
    obj = {"officer": officer, "combined": combined, "comparison": compare(officer, later) if which == "comparison" else None}[which]
    document = open_docx(render(obj, bank))
    view = report.build(obj, bank)
    assert len(document.tables) == len(view_tables(view)) + len(view.charts)
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_the_statement_and_text_columns_are_the_widest(bank, combined):
    view = report.build(combined, bank)
    document = open_docx(render(combined, bank))
    by_header = {tuple(c.text for c in t.rows[0].cells): t for t in document.tables}
    checked = 0
    for table in view_tables(view):
        drawn = by_header[tuple(c.heading for c in table.columns)]
        widths = [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in drawn._tbl.tr_lst[1].tc_lst]
        widest = widths.index(max(widths))
        assert table.columns[widest].align == "left", [c.heading for c in table.columns]
        if any(c.heading == bank.texts.column_statement for c in table.columns):
            assert table.columns[widest].heading == bank.texts.column_statement
            checked += 1
        # The columns fill the width the page leaves for text, no more.
        assert abs(sum(widths) - 9638) <= len(widths), widths
    assert checked == len(combined.lessons)


def test_the_document_language_is_en_gb_everywhere(officer_docx):
    document = open_docx(officer_docx)
    langs = [el.get(qn("w:val")) for el in document.styles.element.iter(qn("w:lang"))]
    assert langs and set(langs) == {"en-GB"}
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    assert document.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == "en-GB"
    assert document.core_properties.language == "en-GB"


def test_title_author_and_dates_are_in_the_document_properties(officer_docx, officer):
    props = open_docx(officer_docx).core_properties
    assert props.title == "Partnership assessment: Northtown Community Safety Partnership"
    assert props.author == "partnercheck" and props.last_modified_by == "partnercheck"
    assert props.subject == "Partnership assessment"
    assert props.created == props.modified == dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)
    assert (props.keywords, props.comments, props.revision) == ("", "", 1)


def test_the_charts_are_word_tables_with_alt_text_and_a_caption(bank, officer, officer_docx):
    view = report.build(officer, bank)
    document = open_docx(officer_docx)
    alts = [a for a in alt_texts(document) if a[1]]
    assert alts == [(c.title, c.desc) for c in view.charts]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    figures = [b.caption for s in view.sections for b in s.blocks if type(b).__name__ == "Figure"]
    assert captions == figures
    # The bars are shaded characters: each lesson's in its band's colour.
    xml = document.element.xml
    for band, colour in (("strength", "00703C"), ("watch", "F47738"), ("gap", "D4351C")):
        if any(l.band == band for l in officer.lessons.values()):
            assert f'w:fill="{colour}"' in xml
    # --no-chart: no chart tables, no captions
    bare = open_docx(render(officer, bank, charts=False))
    assert not [a for a in alt_texts(bare) if a[1]]
    assert not [p for p in bare.paragraphs if p.style.name == "Caption"]
    assert len(bare.tables) == len(document.tables) - len(view.charts)


def test_every_numbered_list_starts_at_one(officer_docx):
    document = open_docx(officer_docx)
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = {p._p.pPr.numPr.numId.val for p in numbered}
    assert len(ids) >= 2  # the priorities and the questions for the board, at least
    numbering = document.part.numbering_part.element
    for num_id in ids:
        num = numbering.num_having_numId(num_id)
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        assert start is not None and start.get(qn("w:val")) == "1"


def test_the_same_report_is_the_same_file(bank, officer, officer_docx):
    assert render(officer, bank) == officer_docx
    with zipfile.ZipFile(io.BytesIO(officer_docx)) as z:
        assert z.testzip() is None
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_without_a_date_the_document_has_none_rather_than_the_clock(bank, officer):
    props = open_docx(render(replace(officer, date=None), bank)).core_properties
    assert props.created is None and props.modified is None


def test_a_block_of_a_kind_not_known_yet_is_still_drawn(bank, officer):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Callout:  # a block the view might grow
        heading: str
        spans: tuple

    view = report.build(officer, bank)
    extra = report.Section("extra", "Something new", (Callout("A callout", (report.Span("Said in words.", strong=True),)),))
    view = replace(view, sections=view.sections + (extra,))
    document = open_docx(formats.get("docx").render(view, formats.RenderOptions()).data)
    assert headings(document, 1)[-1] == "Something new"
    assert headings(document, 2)[-1] == "A callout"
    assert any(p.text == "Said in words." and p.runs[0].bold for p in document.paragraphs)


# --------------------------------------------------------------------------
# Untrusted text
# --------------------------------------------------------------------------


def test_a_hostile_partnership_name_stays_text(tmp_path):
    data = yaml.safe_load(OFFICER.read_text(encoding="utf-8"))
    data["partnership"] = HOSTILE
    data["respondent"] = "Officer \x1b[31mred\x1b[0m & <i>co</i>"
    answers = tmp_path / "hostile.json"
    answers.write_text(json.dumps(data, default=str), encoding="utf-8")
    out = tmp_path / "hostile.docx"
    ok("assess", "--answers", answers, "-o", out)
    document = open_docx(out)
    assert document.core_properties.title == "Partnership assessment: A & <B>"
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title.text.startswith("Partnership assessment: A & <B>")
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "A &amp; &lt;B&gt;" in xml and "\x07" not in xml and "\x1b" not in xml
    assert "<i>" not in xml and "&lt;i&gt;co&lt;/i&gt;" in xml


def test_control_characters_and_lone_surrogates_cannot_break_the_file(bank, officer):
    nasty = "A & <B>\x00\x07\x0b\x1f\x7f\x9f\ud800\udfff\ufffe\uffff ]]> \"quoted\""
    data = render(replace(officer, partnership=nasty, respondent=nasty), bank)
    document = open_docx(data)
    assert document.core_properties.title.startswith("Partnership assessment: A & <B>")
    assert "]]> \"quoted\"" in document.core_properties.title


# --------------------------------------------------------------------------
# The council's template
# --------------------------------------------------------------------------


def test_the_councils_template_is_used(tmp_path, council_template):
    out = tmp_path / "board.docx"
    ok("assess", "--answers", OFFICER, "--template", council_template, "-o", out)
    document = open_docx(out)
    h1 = document.styles["Heading 1"]
    assert h1.font.name == "Comic Sans MS" and str(h1.font.color.rgb) == "990000"
    assert headings(document, 1), "the sections are in the council's Heading 1"
    # its header kept, its body text dropped
    assert document.sections[0].header.paragraphs[0].text == "Northtown Borough Council"
    assert "Delete this text" not in "\n".join(p.text for p in document.paragraphs)
    # what it lacks comes from the shipped template, numbering and all
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert numbered and all(p._p.pPr.numPr is not None for p in numbered)
    assert document.styles["Note"] is not None
    # python-docx's own document has Table Grid (no custom table style): used
    assert {t.style.name for t in document.tables} == {"Table Grid"}
    # and the language is still the report's
    assert {el.get(qn("w:val")) for el in document.styles.element.iter(qn("w:lang"))} == {"en-GB"}


def test_a_dotx_template_is_a_template_too(tmp_path, council_template):
    dotx = tmp_path / "council.dotx"
    with zipfile.ZipFile(council_template) as src, zipfile.ZipFile(dotx, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(info, content)
    out = tmp_path / "board.docx"
    ok("assess", "--answers", OFFICER, "--template", dotx, "-o", out)
    assert open_docx(out).styles["Heading 1"].font.name == "Comic Sans MS"


def test_a_style_id_taken_by_another_style_is_not_reused(tmp_path, council_template):
    document = docx.Document(str(council_template))
    other = document.styles.add_style("Council Note", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    other.element.set(qn("w:styleId"), "Note")  # the id our Note style has
    document.save(str(council_template))
    out = tmp_path / "board.docx"
    ok("assess", "--answers", OFFICER, "--template", council_template, "-o", out)
    ids = [s.get(qn("w:styleId")) for s in open_docx(out).styles.element.findall(qn("w:style"))]
    assert len(ids) == len(set(ids))
    assert [p for p in open_docx(out).paragraphs if p.style.name == "Note"]


def test_a_councils_own_table_style_is_used(tmp_path, council_template):
    document = docx.Document(str(council_template))
    style = document.styles.add_style("Council Table", docx.enum.style.WD_STYLE_TYPE.TABLE)
    style.font.name = "Verdana"
    document.save(str(council_template))
    out = tmp_path / "board.docx"
    ok("combine", *COMBINE, "--template", council_template, "-o", out)
    assert {t.style.name for t in open_docx(out).tables} == {"Council Table"}


def test_the_shipped_template_is_package_data_with_the_styles_the_report_uses():
    from importlib.resources import files

    data = files("partnercheck.render").joinpath("templates/partnercheck.docx").read_bytes()
    document = open_docx(data)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number", "Caption", "Note",
                 "partnercheck table"):
        assert document.styles[name] is not None, name
    assert round(document.sections[0].page_width.cm, 1) == 21.0 and round(document.sections[0].page_height.cm, 1) == 29.7
    assert {el.get(qn("w:val")) for el in document.styles.element.iter(qn("w:lang"))} == {"en-GB"}
    # hatch ships every file under src/partnercheck in the wheel
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["src/partnercheck"]' in config


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_text("not a zip", encoding="utf-8"), "is not a Word document"),
        (lambda p: zipfile.ZipFile(p, "w").writestr("x.txt", "x"), "is not a Word document"),
        (lambda p: p.mkdir(), "is a folder"),
    ],
    ids=["missing", "text", "other-zip", "folder"],
)
def test_a_bad_template_is_a_usage_error_before_any_work(tmp_path, make, message):
    template = tmp_path / "council.docx"
    make(template)
    out = tmp_path / "out" / "board.docx"
    result = run("assess", "--answers", OFFICER, "--template", template, "-o", out)
    assert result.exit_code == 2, result.output
    assert str(template) in result.stderr and message in result.stderr
    assert not out.exists()
    batch = run("batch", EXAMPLES / "combine", "--format", "docx", "--template", template, "--out-dir", tmp_path / "b", "-q")
    assert batch.exit_code == 2 and message in batch.stderr
    assert not (tmp_path / "b").exists()


def test_a_macro_enabled_template_is_refused_with_what_to_do(tmp_path):
    template = tmp_path / "council.dotm"
    with zipfile.ZipFile(template, "w") as z:
        z.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.ms-word.template.macroEnabledTemplate.main+xml"/></Types>')
    result = run("assess", "--answers", OFFICER, "--template", template, "-o", tmp_path / "board.docx")
    assert result.exit_code == 2 and "save it as .docx or .dotx" in result.stderr


def test_template_is_for_word_only(tmp_path, council_template):
    result = run("assess", "--answers", OFFICER, "--template", council_template, "-o", tmp_path / "board.md")
    assert result.exit_code == 2 and "--template is for --format docx" in result.stderr
    assert list(tmp_path.iterdir()) == [council_template]


# --------------------------------------------------------------------------
# Every command, and the edges
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("assess", "--answers", OFFICER),
        ("combine", *COMBINE),
        ("compare", OFFICER, OFFICER_LATER),
    ],
    ids=["assess", "combine", "compare"],
)
def test_every_report_command_writes_word_from_the_file_name_or_format(tmp_path, args):
    by_name = tmp_path / "board.docx"
    ok(*args, "-o", by_name)
    by_format = tmp_path / "board.txt"
    ok(*args, "--format", "docx", "-o", by_format)
    assert by_name.read_bytes() == by_format.read_bytes()
    assert headings(open_docx(by_name), 1)


def test_report_renders_a_saved_result_as_word_like_assess(tmp_path):
    saved = tmp_path / "result.json"
    ok("assess", "--answers", OFFICER, "-o", saved)
    ok("report", saved, "-o", tmp_path / "again.docx")
    ok("assess", "--answers", OFFICER, "-o", tmp_path / "direct.docx")
    assert (tmp_path / "again.docx").read_bytes() == (tmp_path / "direct.docx").read_bytes()


def test_word_goes_to_standard_output_only_when_it_is_not_a_terminal(monkeypatch):
    piped = ok("assess", "--answers", OFFICER, "--format", "docx")
    assert piped.stdout_bytes.startswith(b"PK\x03\x04")
    assert open_docx(piped.stdout_bytes).core_properties.author == "partnercheck"
    monkeypatch.setattr("partnercheck.output.stdout_is_terminal", lambda: True)
    refused = run("assess", "--answers", OFFICER, "--format", "docx")
    assert refused.exit_code == 2
    assert "-o board.docx" in refused.stderr and refused.stdout_bytes == b""


def test_a_word_format_that_clashes_with_the_file_name_is_refused(tmp_path):
    result = run("assess", "--answers", OFFICER, "--format", "docx", "-o", tmp_path / "board.md")
    assert result.exit_code == 2 and "--format docx" in result.stderr
    result = run("assess", "--answers", OFFICER, "--format", "markdown", "-o", tmp_path / "board.docx")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_batch_writes_a_word_document_per_partnership(tmp_path, council_template):
    out = tmp_path / "reports"
    ok("batch", EXAMPLES, "--format", "docx", "--out-dir", out, "--jobs", "2", "-q", "--template", council_template)
    written = sorted(p.name for p in out.iterdir())
    assert written == ["northtown-community-safety-partnership.docx", "scores.csv", "summary.csv", "summary.json"]
    document = open_docx(out / "northtown-community-safety-partnership.docx")
    assert document.styles["Heading 1"].font.name == "Comic Sans MS"
    assert headings(document, 1)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["partnerships"][0]["report"].endswith(".docx")


def test_the_command_line_does_not_import_python_docx_at_start_up():
    code = "import sys\nimport partnercheck.cli\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'lxml')))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------
# LibreOffice reads it
# --------------------------------------------------------------------------


def pdf_pages(pdf: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    return len(PdfReader(str(pdf)).pages)


def test_libreoffice_turns_the_document_into_a_pdf_with_the_pages_expected(tmp_path, bank, officer, later):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed")
    (tmp_path / "board.docx").write_bytes(render(officer, bank))
    (tmp_path / "moved.docx").write_bytes(render(compare(officer, later), bank))
    profile = (tmp_path / "profile").as_uri()  # its own profile: runs in parallel never share one
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(tmp_path / "board.docx"), str(tmp_path / "moved.docx")],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    board, moved = tmp_path / "board.pdf", tmp_path / "moved.pdf"
    assert board.read_bytes()[:5] == b"%PDF-" and moved.read_bytes()[:5] == b"%PDF-"
    # one respondent: the first page, the detail, the action plan and the
    # appendix; a comparison is short
    assert 4 <= pdf_pages(board) <= 16, pdf_pages(board)
    assert 1 <= pdf_pages(moved) <= 5, pdf_pages(moved)
    try:
        from pypdf import PdfReader
    except ImportError:
        return
    reader = PdfReader(str(board))
    assert reader.metadata.title == "Partnership assessment: Northtown Community Safety Partnership"
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Partnership assessment: Northtown Community Safety Partnership" in first

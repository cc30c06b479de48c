"""The printed report: the PDF format (WeasyPrint) and the HTML printed by Chromium.

- ``--format pdf`` (the ``pdf`` extra) writes a tagged PDF (PDF/UA-1): a
  structure tree, the document language, the title in the metadata and shown
  by the viewer, alternate text on every chart; skipped without WeasyPrint.
- Without WeasyPrint, ``--format pdf`` says how to install it and what to
  use instead, and writes nothing (the import failure is simulated).
- A one-respondent report fits in at most six A4 pages, printed either way,
  and no page but the last is left half empty (no forced page breaks).
  Chromium's print is skipped when Chromium is missing; CI installs it.

PDFs are read with pypdf (in the ``test`` extra).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from partnercheck.cli import app
from partnercheck.render import formats, report

pypdf = pytest.importorskip("pypdf")
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject  # noqa: E402

OFFICER = EXAMPLES / "northtown-officer.yaml"
COMBINE = sorted((EXAMPLES / "combine").glob("*.yaml"))
TITLE = "Partnership assessment: Northtown Community Safety Partnership"
MAX_PAGES = 6
# A4 in points, and the share of a page that must be used on every page but the last.
A4 = (595.28, 841.89)
AT_LEAST_FULL = 0.5


def weasyprint_or_skip() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        pytest.skip(f"WeasyPrint cannot be loaded ({exc}): pip install '.[pdf]'")


def cli(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def officer_pdf(tmp_path_factory) -> Path:
    weasyprint_or_skip()
    out = tmp_path_factory.mktemp("pdf") / "board.pdf"
    result = cli("assess", "--answers", OFFICER, "-o", out)  # the format follows the name
    assert result.exit_code == 0, (result.stderr, result.exception)
    return out


def structure(reader) -> list[DictionaryObject]:
    """Every element of the PDF's structure tree."""
    out: list[DictionaryObject] = []

    def walk(node) -> None:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            out.append(node)
            walk(node.get("/K"))

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object().get("/K"))
    return out


def text_bounds(page) -> tuple[float, float]:
    """The highest and lowest baseline of the text on a page (PDF points from the bottom)."""
    ys: list[float] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            # The text matrix's origin, through the current transformation matrix.
            ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return (max(ys), min(ys)) if ys else (0.0, 0.0)


def assert_printed_well(path: Path) -> None:
    reader = pypdf.PdfReader(str(path))
    pages = reader.pages
    assert 1 <= len(pages) <= MAX_PAGES, f"{path.name}: {len(pages)} pages"
    for page in pages:
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2
    # The first page's top line to its lowest: how much of a page text can use.
    top, _ = text_bounds(pages[0])
    for number, page in enumerate(pages[:-1], start=1):
        _, low = text_bounds(page)
        used = (top - low) / top
        assert used >= AT_LEAST_FULL, f"{path.name}: page {number} of {len(pages)} is {used:.0%} used"


# --------------------------------------------------------------------------
# The PDF format
# --------------------------------------------------------------------------


def test_pdf_is_a_binary_format_named_by_its_extension():
    fmt = formats.get("pdf")
    assert fmt.extensions == (".pdf",) and fmt.binary
    assert formats.format_for_path("board.pdf") == "pdf"
    assert formats.choose(None, "board.pdf").name == "pdf"


def test_the_pdf_is_tagged_with_language_title_and_alt_text(officer_pdf, officer):
    data = officer_pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(str(officer_pdf))
    root = reader.trailer["/Root"]
    # Tagged: a structure tree, marked content, PDF/UA-1 claimed in the metadata.
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    # The document's language, from <html lang>.
    assert root["/Lang"] == "en-GB"
    # The title, from <title>: in the metadata, and shown by the viewer.
    assert reader.metadata.title == TITLE
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    elements = structure(reader)
    kinds = [e["/S"] for e in elements]
    for tag in ("/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Figure"):
        assert tag in kinds, tag
    assert kinds.count("/H1") == 1
    # Every chart is a figure with alternate text that says what it shows.
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) == 2
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert all(alts), alts
    assert any(all(lesson.name in alt for lesson in officer.lessons.values()) for alt in alts), alts
    assert any("continuum" in alt for alt in alts), alts


def test_the_pdf_says_what_the_report_says(officer_pdf, officer):
    text = " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(str(officer_pdf)).pages).split())
    assert officer.partnership in text
    for lesson in officer.lessons.values():
        assert lesson.name in text
    assert officer.disclaimer.split(",")[0] in text


def test_the_officer_pdf_fits_six_a4_pages_none_half_empty(officer_pdf):
    assert_printed_well(officer_pdf)


def test_the_pdf_is_the_same_every_time(officer_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    assert cli("assess", "--answers", OFFICER, "--format", "pdf", "-o", again).exit_code == 0
    assert again.read_bytes() == officer_pdf.read_bytes()


def test_a_combined_and_a_comparison_pdf_are_written(tmp_path):
    weasyprint_or_skip()
    combined, moved = tmp_path / "combined.pdf", tmp_path / "moved.pdf"
    assert cli("combine", *COMBINE, "-o", combined).exit_code == 0
    assert cli("compare", OFFICER, EXAMPLES / "northtown-officer-2027q1.yaml", "-o", moved).exit_code == 0
    for path in (combined, moved):
        reader = pypdf.PdfReader(str(path))
        assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.metadata.title


def test_without_weasyprint_pdf_says_how_to_get_it_and_what_to_use_instead(tmp_path):
    """The import fails as it does without the extra (weasyprint set to None
    in sys.modules), in a fresh interpreter."""
    out = tmp_path / "board.pdf"
    code = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "from partnercheck.cli import main\n"
        f"sys.argv = ['partnercheck', 'assess', '--answers', {str(OFFICER)!r}, '-o', {str(out)!r}]\n"
        "main()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, (run.returncode, run.stderr)
    assert 'pip install "partnercheck[pdf]"' in run.stderr
    assert "--format html" in run.stderr and "print it to PDF from a browser" in run.stderr
    assert "Traceback" not in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_without_pango_pdf_names_the_library(monkeypatch):
    from partnercheck.render import pdf

    def broken(*_args, **_kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "weasyprint":
            broken()
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    assert pdf.available() is False
    with pytest.raises(pdf.MissingExtra) as caught:
        pdf.check()
    message = caught.value.describe()
    assert "Pango" in message and "libpango-1.0-0" in message and "--format html" in message


# --------------------------------------------------------------------------
# The HTML report printed by Chromium
# --------------------------------------------------------------------------


def test_chromium_prints_the_officer_report_in_six_a4_pages_none_half_empty(tmp_path):
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    page, printed = tmp_path / "officer.html", tmp_path / "officer.pdf"
    assert cli("assess", "--answers", OFFICER, "-o", page).exit_code == 0
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={printed}", page.as_uri()],
        capture_output=True, timeout=120, check=False,
    )
    assert printed.exists(), "Chromium wrote no PDF"
    assert_printed_well(printed)

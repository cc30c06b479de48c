"""The reports as their readers see them: a browser, a Markdown linter, Word.

Each test needs an outside tool and is skipped cleanly when it is missing;
CI installs them (Debian: ``chromium pandoc librsvg2-bin fonts-liberation``; PyPI:
``pymarkdownlnt``, in the ``test`` extra):

- headless Chromium renders the HTML report to a PNG and prints it to an A4
  PDF;
- pymarkdownlnt lints the Markdown reports (line length and the compact
  table-spacing style relaxed; tables are parsed and checked);
- pandoc turns the Markdown into .docx and the tables survive;
- rsvg-convert (what pandoc uses for SVG) rasterises the chart files.

Images are checked by decoding the PNG with the standard library (zlib).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, EXAMPLES
from partnercheck.cli import app

OFFICER = EXAMPLES / "northtown-officer.yaml"
OFFICER_LATER = EXAMPLES / "northtown-officer-2027q1.yaml"
COMBINE = sorted((EXAMPLES / "combine").glob("*.yaml"))
LESSON_NAMES = (
    "A shared interest",
    "A valued enterprise",
    "A capacity to do things",
    "Trusted relationships",
    "Sustainability and memory",
    "Barriers overcome",
)
# The bands' colours (charts.BAND_FILL), as the browser should paint them.
RED, AMBER, GREEN = (0xD4, 0x35, 0x1C), (0xF4, 0x77, 0x38), (0x00, 0x70, 0x3C)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(f"{names[0]} is not installed")


def cli(*args: str | Path) -> None:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """The example reports, written by the CLI as a user would."""
    out = tmp_path_factory.mktemp("reports")
    cli("assess", "--answers", OFFICER, "--format", "html", "-o", out / "officer.html")
    cli("assess", "--answers", OFFICER, "--format", "markdown", "-o", out / "officer.md")
    cli("combine", *COMBINE, "--min-group", "1", "--format", "markdown", "-o", out / "combined.md")
    cli("compare", OFFICER, OFFICER_LATER, "--format", "markdown", "-o", out / "moved.md")
    return out


# --------------------------------------------------------------------------
# PNG, decoded with the standard library
# --------------------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, channels, rows) of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (0, 2, 4, 6), header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def colours(rows: list[bytes], channels: int, step: int = 2) -> set[tuple[int, ...]]:
    """The distinct pixel values, sampling every ``step``-th pixel and row."""
    seen: set[tuple[int, ...]] = set()
    for row in rows[::step]:
        for i in range(0, len(row), channels * step):
            seen.add(tuple(row[i : i + channels]))
    return seen


def near(colour: tuple[int, ...], seen: set[tuple[int, ...]], tolerance: int = 8) -> bool:
    return any(all(abs(a - b) <= tolerance for a, b in zip(colour, s[:3])) for s in seen)


# --------------------------------------------------------------------------
# Chromium: the HTML report on screen and printed
# --------------------------------------------------------------------------


def chromium(tmp_path: Path, *args: str) -> None:
    browser = tool("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    subprocess.run(command, capture_output=True, timeout=120, check=False)


def test_chromium_renders_the_html_report_to_a_png(reports, tmp_path):
    png = tmp_path / "report.png"
    # Laid out at 1200 x 3200 CSS pixels (the first page, then the lessons and
    # their chart), captured at half scale to keep decoding quick.
    chromium(
        tmp_path,
        f"--screenshot={png}",
        "--window-size=1200,3200",
        "--force-device-scale-factor=0.5",
        (reports / "officer.html").as_uri(),
    )
    assert png.exists(), "Chromium wrote no screenshot"
    width, height, channels, rows = png_pixels(png.read_bytes())
    assert (width, height) == (600, 1600)
    seen = colours(rows, channels)
    assert len(seen) > 50, "the screenshot is (nearly) blank"
    assert near((255, 255, 255), seen), "no white page"
    assert any(max(s[:3]) < 60 for s in seen), "no dark text"
    # The bands' colours reached the screen: CSS swatches and the inline SVG chart.
    for colour in (RED, AMBER, GREEN):
        assert near(colour, seen), colour


def test_chromium_prints_the_html_report_to_an_a4_pdf(reports, tmp_path):
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", (reports / "officer.html").as_uri())
    assert pdf.exists(), "Chromium wrote no PDF"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = max((int(n) for n in re.findall(rb"/Count (\d+)", data)), default=0)
    assert pages > 1 or len(data) > 100_000, (pages, len(data))
    assert len(data) > 20_000
    # A4 is 595 x 842 points.
    box = re.search(rb"/MediaBox \[\s*0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\s*\]", data)
    if box:
        assert abs(float(box.group(1)) - 595) < 2 and abs(float(box.group(2)) - 842) < 2


# --------------------------------------------------------------------------
# pymarkdownlnt: the Markdown reports are clean Markdown
# --------------------------------------------------------------------------


def test_markdown_reports_pass_pymarkdownlnt(reports):
    if importlib.util.find_spec("pymarkdown") is None:
        pytest.skip("pymarkdownlnt is not installed")
    files = [reports / "officer.md", reports / "combined.md", reports / "moved.md"]
    # MD013: reports hold long table rows and sentences.  MD060: the compact
    # table-spacing style (one space around cells, three-dash delimiters) is
    # cosmetic; MD055/MD056/MD058 still check the tables' pipes, columns and
    # blank lines.
    out = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "--enable-extensions", "markdown-tables",
         "--disable-rules", "md013,md060", "scan", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr


# --------------------------------------------------------------------------
# pandoc: the Markdown opens in Word with its tables
# --------------------------------------------------------------------------


def gfm_tables(markdown: str) -> int:
    return len(re.findall(r"^\|(?: *:?-{3,}:? *\|)+ *$", markdown, re.M))


@pytest.mark.parametrize("name", ["officer", "combined"])
def test_pandoc_turns_the_markdown_into_docx_with_its_tables(reports, tmp_path, name):
    pandoc = tool("pandoc")
    source = reports / f"{name}.md"
    docx = tmp_path / f"{name}.docx"
    out = subprocess.run(
        [pandoc, "--from", "gfm", "--to", "docx", "--resource-path", str(reports), "-o", str(docx), str(source)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    with zipfile.ZipFile(docx) as z:
        document = ET.fromstring(z.read("word/document.xml"))
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    tables = document.findall(f".//{W}tbl")
    expected = gfm_tables(source.read_text(encoding="utf-8"))
    assert expected >= 9
    assert len(tables) >= expected
    cells = {"".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in document.iter(f"{W}tc")}
    for lesson in LESSON_NAMES:
        assert lesson in cells, lesson
    # Both charts went into the document (as SVG, with PNG fallbacks when rsvg-convert is there).
    assert len([m for m in media if m.endswith(".svg")]) == 2


# --------------------------------------------------------------------------
# rsvg-convert: the chart files, as pandoc and image viewers draw them
# --------------------------------------------------------------------------


def test_rsvg_convert_draws_each_chart_file(reports, tmp_path):
    rsvg = tool("rsvg-convert")
    svgs = sorted(reports.glob("*.svg"))
    assert [p.name for p in svgs] == [
        "combined.continuum.svg",
        "combined.lessons.svg",
        "moved.lessons.svg",
        "officer.continuum.svg",
        "officer.lessons.svg",
    ]
    for svg in svgs:
        png = tmp_path / f"{svg.stem}.png"
        out = subprocess.run(
            [rsvg, "--zoom", "0.5", "-b", "white", "-o", str(png), str(svg)], capture_output=True, text=True, timeout=60
        )
        assert out.returncode == 0, (svg.name, out.stderr)
        root = ET.parse(svg).getroot()
        width, height, channels, rows = png_pixels(png.read_bytes())
        assert (width, height) == (round(int(root.get("width")) / 2), round(int(root.get("height")) / 2))
        seen = colours(rows, channels)
        assert len(seen) > 20, svg.name
        assert any(max(s[:3]) < 60 for s in seen), f"{svg.name}: no dark text"

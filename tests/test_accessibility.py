"""The HTML report for every reader: WCAG 2.2 A and AA, reflow at 320 px, print.

- axe-core's WCAG 2.2 A and AA rules (tags wcag2a, wcag2aa, wcag21a,
  wcag21aa, wcag22aa) find nothing on the officer, combined and comparison
  reports in headless Chromium, and the page is no wider than a 320 CSS px
  screen (WCAG 1.4.10, reflow): ``tests/axe/run-axe.mjs``, with axe-core and
  puppeteer-core installed in ``tests/axe/node_modules`` (``npm ci`` there)
  driving the system's Chromium.  Skipped when Node, those packages or
  Chromium are missing; CI installs them.
- Without a browser: no empty table header, every chart an image with a
  name, every cell labelled with its column for the narrow layout, and no
  forced page break in the print stylesheet.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from partnercheck.answers import load_answers
from partnercheck.assess import assess
from partnercheck.compare import compare
from partnercheck.render import formats, report

AXE_DIR = ROOT / "tests" / "axe"
NARROW = 320
WHICH = ("officer", "combined", "comparison", "trend")


@pytest.fixture(scope="module")
def pages(bank, officer) -> dict[str, str]:
    """The four kinds of HTML report, drawn from the shipped examples."""
    later = assess(bank, [load_answers(EXAMPLES / "northtown-officer-2027q1.yaml", bank)])
    combined = assess(bank, [load_answers(f, bank) for f in sorted((EXAMPLES / "combine").glob("*.yaml"))])
    from partnercheck.trend import trend

    objs = {"officer": officer, "combined": combined, "comparison": compare(officer, later),
            "trend": trend([("officer.yaml", officer), ("later.yaml", later)], bank)}
    return {k: formats.get("html").render(report.build(v, bank)).text for k, v in objs.items()}


def chromium_path() -> str | None:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    return found if found and Path(found).exists() else None


@pytest.fixture(scope="module")
def axe(pages, tmp_path_factory) -> dict[str, dict]:
    """axe-core's findings and the width at 320 px, per report (one browser run)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if not (AXE_DIR / "node_modules" / "axe-core").is_dir() or not (AXE_DIR / "node_modules" / "puppeteer-core").is_dir():
        pytest.skip("axe-core and puppeteer-core are not installed (cd tests/axe && npm ci)")
    chromium = chromium_path()
    if chromium is None:
        pytest.skip("chromium is not installed")
    folder = tmp_path_factory.mktemp("axe")
    files = {}
    for which, page in pages.items():
        files[which] = folder / f"{which}.html"
        files[which].write_text(page, encoding="utf-8")
    run = subprocess.run(
        [node, str(AXE_DIR / "run-axe.mjs"), *map(str, files.values())],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CHROMIUM": chromium},
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    return {which: found[str(path)] for which, path in files.items()}


@pytest.mark.parametrize("which", WHICH)
def test_axe_finds_no_wcag_2_2_a_or_aa_violation(axe, which):
    assert axe[which]["violations"] == [], json.dumps(axe[which]["violations"], indent=2)


@pytest.mark.parametrize("which", WHICH)
def test_the_page_reflows_at_320_css_px_without_scrolling_sideways(axe, which):
    found = axe[which]
    assert found["scrollWidth"] <= NARROW, (found["scrollWidth"], found["wide"])


@pytest.mark.parametrize("which", WHICH)
def test_no_table_header_is_empty(pages, which):
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", pages[which], re.S)
    assert headers
    assert all(re.sub(r"<[^>]+>", "", th).strip() for th in headers), headers


@pytest.mark.parametrize("which", WHICH)
def test_every_cell_carries_its_columns_heading_for_the_narrow_layout(pages, which):
    page = pages[which]
    for table in re.findall(r"<table.*?</table>", page, re.S):
        heads = [re.sub(r"<[^>]+>", "", th) for th in re.findall(r"<th\b[^>]*>(.*?)</th>", table, re.S)]
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S):
            labels = re.findall(r'<td\b[^>]*\bdata-label="([^"]*)"', row)
            assert labels == heads, (labels, heads)


@pytest.mark.parametrize("which", WHICH)
def test_every_chart_is_an_image_with_a_name_and_a_description(pages, which):
    svgs = re.findall(r"<svg\b[^>]*>.*?</svg>", pages[which], re.S)
    assert svgs
    for svg in svgs:
        tag = svg[: svg.index(">")]
        assert 'role="img"' in tag
        label = re.search(r'aria-label="([^"]+)"', tag)
        assert label and label.group(1).strip()
        assert re.search(r"<title>[^<]+</title>", svg) and re.search(r"<desc>[^<]+</desc>", svg)


def test_the_print_stylesheet_forces_no_page_break(pages):
    for page in pages.values():
        css = page[page.index("<style>") : page.index("</style>")]
        assert not re.search(r"(?:page-)?break-before:\s*(?:page|always)", css)
        assert not re.search(r"(?:page-)?break-after:\s*(?:page|always)", css)
        printed = css[css.index("@media print") :]
        # Small blocks are kept whole, and headings stay with what follows.
        assert re.search(r"tr, li, figure[^{]*{[^}]*break-inside:\s*avoid", printed)
        assert re.search(r"h2, h3[^{]*{[^}]*break-after:\s*avoid", printed)


def test_the_narrow_layout_is_for_screens_only(pages):
    """Tables stack into cards on a narrow screen, never on paper."""
    css = pages["officer"][: pages["officer"].index("</style>")]
    narrow = re.search(r"@media screen and \(max-width: [\d.]+em\)", css)
    assert narrow, "no narrow-screen layout"
    assert "display: block" in css[narrow.end() : css.index("@media print")]

"""The HTML report (render/html.py) and the charts the CLI writes beside Markdown.

The HTML must be one self-contained file (inline CSS and SVG, no script,
nothing from the network), escape every piece of user text, print on A4, and
carry the same content as the Markdown report.
"""

from __future__ import annotations

from dataclasses import replace

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, EXAMPLES
from partnercheck.answers import load_answers
from partnercheck.assess import assess
from partnercheck.cli import app
from partnercheck.compare import compare
from partnercheck.bank import load_bank
from partnercheck.render import formats, report

OFFICER = EXAMPLES / "northtown-officer.yaml"
OFFICER_LATER = EXAMPLES / "northtown-officer-2027q1.yaml"
COMBINE = sorted((EXAMPLES / "combine").glob("*.yaml"))
IMG = "<img src=x onerror=alert(1)>"
BAND_WORDS = ("Strength", "Watch", "Gap")


@pytest.fixture(scope="module")
def later(bank):
    return assess(bank, [load_answers(OFFICER_LATER, bank)])


@pytest.fixture(scope="module")
def combined(bank):
    return assess(bank, [load_answers(f, bank) for f in COMBINE], min_group=1)


def render(obj, fmt: str = "html", charts: bool = True) -> str:
    """A report drawn from its view, in the default bank's words."""
    return formats.get(fmt).render(report.build(obj, load_bank()), formats.RenderOptions(charts=charts)).text


def run(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def ok(*args: str | Path):
    result = run(*args)
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr, result.exception)
    return result


VOID = {"meta", "link", "br", "hr", "img", "col", "input", "source", "wbr", "area", "base", "embed", "track"}
SVG_EMPTY = {"rect", "line", "circle", "path", "polygon", "polyline", "ellipse"}


class Structure(HTMLParser):
    """Checks that elements nest and close; collects tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID and tag not in SVG_EMPTY:
            self.errors.append(f"self-closed <{tag}/>")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def structure(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == [], (parser.errors, parser.stack)
    return parser


def visible_text(page: str) -> str:
    return " ".join(" ".join(structure(page).text).split())


def assert_self_contained(page: str) -> None:
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<link" not in lowered
    assert "@import" not in lowered
    assert "@font-face" not in lowered
    assert "<iframe" not in lowered and "<object" not in lowered and "<embed" not in lowered
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    # The only URL anywhere is the SVG namespace.
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {"http://www.w3.org/2000/svg"}
    # No event-handler attributes on any element.
    assert all(not k.startswith("on") for _, attrs in structure(page).tags for k in attrs)


def test_html_is_a_format():
    assert formats.FormatName("html").value == "html"
    assert formats.get("html").extensions == (".html", ".htm")


@pytest.mark.parametrize("which", ["officer", "combined", "comparison"])
def test_html_is_one_self_contained_well_formed_page(which, officer, combined, later):
    obj = {"officer": officer, "combined": combined, "comparison": compare(officer, later)}[which]
    page = render(obj, "html")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    assert page.count("<style>") == 1
    assert "<svg" in page
    assert_self_contained(page)
    parser = structure(page)
    tags = [t for t, _ in parser.tags]
    assert tags.count("h1") == 1 and "title" in tags
    assert '<meta charset="utf-8">' in page


def test_without_charts_there_is_no_svg(officer, later):
    for obj in (officer, compare(officer, later)):
        page = render(obj, "html", charts=False)
        assert "<svg" not in page
        assert_self_contained(page)
        structure(page)


def test_html_has_an_a4_print_stylesheet(officer):
    page = render(officer, "html")
    css = page[page.index("<style>") : page.index("</style>")]
    assert "@media print" in css
    assert re.search(r"@page\s*{\s*size:\s*A4;\s*margin:[^;}]+;?\s*}", css)
    # No forced page break (it would leave the page before it part empty):
    # rows, items and panels are kept whole instead (tests/test_pdf.py
    # counts the pages and how full each is).
    assert not re.search(r"break-before:\s*(?:page|always)", css)
    printed = css[css.index("@media print") :]
    assert re.search(r"tr, li[^{]*{[^}]*break-inside:\s*avoid", printed)
    assert re.search(r"thead\s*{\s*display:\s*table-header-group", printed)


def test_html_carries_the_content_of_the_report(officer):
    page = render(officer, "html")
    text = visible_text(page)
    c = officer.continuum
    for lesson in officer.lessons.values():
        assert lesson.name in text
    for word in BAND_WORDS:
        assert word in text
    for heading in ("Summary", "What is going well", "The top priorities", "Questions for the board", "Lessons", "The continuum",
                    "Gaps", "Action plan", "Appendix: other recommendations, by lesson", "Appendix: the answers in detail",
                    "Appendix: method and limitations", "Appendix: sources", "Warnings"):
        assert f">{heading}</h2>" in page, heading
    assert officer.partnership in text
    assert f"{officer.score:.0f} / 100" in text
    assert f"{c.option} {c.option_name}" in text
    assert f"{c.aims_for} {c.aims_for_name}" in text
    for question in officer.board_questions:
        assert question in text
    for warning in officer.warnings:
        assert warning in text
    for gap in officer.gaps:
        assert gap.reason in text
    for rec in officer.recommendations:
        assert rec.text in text
    for st in officer.statements:
        assert st.text in text
        for note in st.notes:
            assert note in text
    assert officer.disclaimer in text
    assert text.rstrip().endswith(officer.disclaimer)


def test_every_band_colour_has_its_word(officer):
    page = render(officer, "html")
    for m in re.finditer(r'<span class="band band-(\w+)">([^<]*)</span>', page):
        assert m.group(2) == {"strength": "Strength", "watch": "Watch", "gap": "Gap", "none": "Not assessed"}[m.group(1)]
    for lesson in officer.lessons.values():
        label = {"strength": "Strength", "watch": "Watch", "gap": "Gap"}[lesson.band]
        row = re.search(rf'<tr><td data-label="Lesson">{re.escape(lesson.name)}</td>.*?</tr>', page).group(0)
        assert f'<span class="band band-{lesson.band}">{label}</span>' in row
        # The score, with its meter in the same cell (no column without a heading).
        assert re.search(rf'<td class="num" data-label="Score"><span class="meter band-{lesson.band}" aria-hidden="true">.*?</span></span>{lesson.score:.0f}</td>', row)


def test_the_board_questions_stand_out_near_the_top(officer):
    page = render(officer, "html")
    panel = page.index('<section class="board"')
    assert panel < page.index('id="lessons"')
    assert page.index('class="summary"') < panel


def test_user_text_is_escaped_everywhere(officer, later):
    notes = [replace(st, notes=[IMG, "a & b"]) for st in officer.statements]
    lessons = {k: replace(l, name=f"{l.name} {IMG}") for k, l in officer.lessons.items()}
    hostile = replace(
        officer,
        partnership=IMG, respondent="<b>Officer</b>", statements=notes, lessons=lessons, warnings=[IMG], board_questions=[IMG], disclaimer=f"{IMG} \x1b[31mred"
    )
    for obj in (hostile, compare(hostile, replace(later, partnership=IMG))):
        for charts in (True, False):
            page = render(obj, "html", charts=charts)
            assert "<img" not in page
            assert "<b>Officer" not in page
            assert "\x1b" not in page
            assert "&lt;img src=x onerror=alert(1)&gt;" in page
            assert_self_contained(page)
            parser = structure(page)
            assert "img" not in [t for t, _ in parser.tags]
            assert all(not k.startswith("on") for _, attrs in parser.tags for k in attrs)
    page = render(hostile, "html")
    assert f"<title>Partnership assessment: &lt;img src=x onerror=alert(1)&gt;</title>" in page
    assert "a &amp; b" in page


def test_a_combined_report_shows_range_divergence_and_organisations(combined):
    page = render(combined, "html")
    text = visible_text(page)
    assert ">Range</th>" in page
    for lesson in combined.lessons.values():
        assert f"{lesson.low:.0f}–{lesson.high:.0f}" in text
    assert ">Appendix: where partners diverge</h2>" in page
    for d in combined.divergence:
        assert d.text in text
    assert ">Appendix: by organisation</h2>" in page
    for g in combined.groups:
        assert g.organisation in text
    assert "4 respondents combined" in text
    assert "Range between the 4 respondents" in page


def test_a_single_report_has_no_range_column(officer):
    assert ">Range</th>" not in render(officer, "html")


def test_a_comparison_renders_before_and_after(officer, later):
    c = compare(officer, later)
    page = render(c, "html")
    text = visible_text(page)
    assert c.partnership in text
    for heading in ("Lessons", "Gaps closed", "Gaps opened", "Gaps remaining", "Statements that moved most"):
        assert f">{heading}</h2>" in page
    for lesson in c.lessons.values():
        assert lesson.name in text
    for said in c.gaps_closed_words:  # a closed gap worded as closed
        assert said in text
    for gap in c.gaps_remaining:
        assert gap.reason in text
    for s in c.statements_changed[:10]:
        assert s.text in text
    assert c.old_date.isoformat() in text and c.new_date.isoformat() in text
    assert f"{c.score.change:+.0f}" in text
    assert c.disclaimer in text
    for word in BAND_WORDS:
        assert word in text


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------


def test_cli_assess_writes_an_html_file(tmp_path, officer):
    out = tmp_path / "out.html"
    result = ok("assess", "--answers", OFFICER, "--format", "html", "-o", out)
    assert f"Wrote {out}" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert page == render(officer, "html")
    assert "<svg" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]  # no files beside it


def test_cli_html_to_standard_output_and_without_charts(officer):
    assert ok("assess", "--answers", OFFICER, "--format", "html").stdout == render(officer, "html")
    page = ok("assess", "--answers", OFFICER, "--format", "html", "--no-chart").stdout
    assert "<svg" not in page and "<!DOCTYPE html>" in page


def test_cli_combine_and_compare_write_html(tmp_path):
    ok("combine", *COMBINE, "--format", "html", "-o", tmp_path / "combined.html")
    ok("compare", OFFICER, OFFICER_LATER, "--format", "html", "-o", tmp_path / "moved.html")
    assert "Appendix: where partners diverge" in (tmp_path / "combined.html").read_text(encoding="utf-8")
    assert "Gaps closed" in (tmp_path / "moved.html").read_text(encoding="utf-8")


def test_cli_markdown_to_a_file_writes_the_svgs_beside_it_and_links_them(tmp_path):
    report = tmp_path / "board-pack.md"
    ok("assess", "--answers", OFFICER, "--format", "markdown", "-o", report)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "board-pack.continuum.svg",
        "board-pack.lessons.svg",
        "board-pack.md",
    ]
    text = report.read_text(encoding="utf-8")
    assert "](board-pack.lessons.svg)" in text
    assert "](board-pack.continuum.svg)" in text
    for name in ("board-pack.lessons.svg", "board-pack.continuum.svg"):
        svg = (tmp_path / name).read_text(encoding="utf-8")
        assert svg.startswith("<svg ") and "<title>" in svg


def test_cli_markdown_with_no_chart_writes_no_svg(tmp_path):
    report = tmp_path / "board-pack.md"
    ok("assess", "--answers", OFFICER, "--format", "markdown", "-o", report, "--no-chart")
    assert [p.name for p in tmp_path.iterdir()] == ["board-pack.md"]
    assert ".svg" not in report.read_text(encoding="utf-8")


def test_cli_markdown_to_standard_output_writes_no_svg(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = ok("assess", "--answers", OFFICER, "--format", "markdown").stdout
    assert ".svg" not in text
    assert list(tmp_path.iterdir()) == []


def test_cli_compare_markdown_writes_the_before_and_after_chart(tmp_path):
    report = tmp_path / "moved.md"
    ok("compare", OFFICER, OFFICER_LATER, "--format", "markdown", "-o", report)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["moved.lessons.svg", "moved.md"]
    assert "](moved.lessons.svg)" in report.read_text(encoding="utf-8")


def test_a_lone_surrogate_from_a_json_file_is_dropped(officer):
    # json.loads('"\\ud800"') gives a string that cannot be written as UTF-8.
    odd = replace(officer, partnership="North\ud800town")
    page = render(odd, "html")
    page.encode("utf-8")
    assert "Northtown" in page


def test_chart_links_work_for_a_report_name_with_spaces_and_brackets(tmp_path):
    """Chart files get safe names, so the Markdown image links resolve."""
    report = tmp_path / "Board pack (Nov).md"
    result = CliRunner().invoke(app, ["assess", "--answers", str(OFFICER), "--format", "markdown", "-o", str(report)])
    assert result.exit_code == 0, result.output
    links = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", report.read_text())
    assert len(links) == 2
    for link in links:
        assert (tmp_path / link).is_file(), link

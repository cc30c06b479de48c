"""Charts: the SVG charts (charts.py) and the terminal's bars and continuum line.

Results are assessed from the example answer files with the default bank;
expectations (threshold positions, lesson names, ranges) are computed from
the result, never copied from a previous run.
"""

from __future__ import annotations

from dataclasses import replace

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, EXAMPLES
from partnercheck.answers import load_answers
from partnercheck.assess import assess
from partnercheck.bank import load_bank
from partnercheck.compare import compare
from partnercheck.render import charts, formats, report

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & \"Partners\" \x1b[31m"


@pytest.fixture(scope="module")
def later(bank):
    return assess(bank, [load_answers(EXAMPLES / "northtown-officer-2027q1.yaml", bank)])


@pytest.fixture(scope="module")
def combined(bank):
    files = sorted((EXAMPLES / "combine").glob("*.yaml"))
    return assess(bank, [load_answers(f, bank) for f in files], min_group=1)


def view(obj):
    """The report view of a result or comparison, in the default bank's words."""
    return report.build(obj, load_bank())


def lessons_chart(obj) -> str:
    return charts.lessons_chart(view(obj).chart("lessons"))


def continuum_chart(obj) -> str:
    return charts.continuum_chart(view(obj).chart("continuum"))


def render(obj, fmt: str, width: int = 100) -> str:
    return formats.get(fmt).render(view(obj), formats.RenderOptions(width=width)).text


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def with_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in (e.get("class") or "").split()]


# --------------------------------------------------------------------------
# Every chart
# --------------------------------------------------------------------------


def all_charts(officer, combined, later):
    yield from charts.charts_for(view(officer)).items()
    yield from charts.charts_for(view(combined)).items()
    yield from charts.charts_for(view(compare(officer, later))).items()


def test_charts_for_gives_lessons_and_continuum_for_a_result(officer):
    assert set(charts.charts_for(view(officer))) == {"lessons", "continuum"}


def test_charts_for_gives_before_and_after_lessons_for_a_comparison(officer, later):
    assert set(charts.charts_for(view(compare(officer, later)))) == {"lessons"}


def test_every_chart_is_valid_self_contained_accessible_svg(officer, combined, later):
    for key, svg in all_charts(officer, combined, later):
        root = parse(svg)
        for attr in ("width", "height", "viewBox"):
            assert root.get(attr), (key, attr)
        w, h = float(root.get("width")), float(root.get("height"))
        assert root.get("viewBox") == f"0 0 {w:.0f} {h:.0f}"
        assert root[0].tag == f"{SVG}title" and root[0].text, key
        assert root.find(f"{SVG}desc") is not None
        assert root.get("font-family") == "sans-serif"
        # No scripts, no links, no external references, no ids to collide inline.
        assert "<script" not in svg.lower()
        assert "href" not in svg
        assert "url(" not in svg
        assert " id=" not in svg
        assert not svg.startswith("<?xml")
        assert svg.count("http://") == 1  # the SVG namespace, nothing else
        for element in root.iter():
            family = element.get("font-family")
            assert family in (None, "sans-serif"), family


def test_lessons_chart_names_every_lesson_with_its_score_and_band_word(officer):
    root = parse(lessons_chart(officer))
    words = " ".join(texts(root))
    for lesson in officer.lessons.values():
        assert lesson.name in words
        label = {"strength": "Strength", "watch": "Watch", "gap": "Gap"}[lesson.band]
        assert f"{lesson.score:.0f}  {label}" in texts(root)
    # The band names label the shaded zones.
    for label in ("Strength", "Watch", "Gap"):
        assert label in texts(root)


def test_lesson_bars_are_as_long_as_the_scores(officer):
    root = parse(lessons_chart(officer))
    bars = with_class(root, "pc-bar")
    assert len(bars) == len(officer.lessons)
    for bar, lesson in zip(bars, officer.lessons.values()):
        expected = (charts.PLOT_X1 - charts.PLOT_X0) * lesson.score / 100
        assert float(bar.get("width")) == pytest.approx(expected, abs=0.1)
        assert bar.get("fill") == charts.BAND_FILL[lesson.band]


def test_threshold_lines_sit_at_the_band_minimums(officer):
    root = parse(lessons_chart(officer))
    lines = {band: with_class(root, f"pc-{band}") for band in ("strength", "watch", "gap")}
    span = charts.PLOT_X1 - charts.PLOT_X0
    for band in ("strength", "watch"):
        (line,) = lines[band]
        expected = charts.PLOT_X0 + span * officer.bands[band] / 100
        assert float(line.get("x1")) == pytest.approx(expected, abs=0.1)
        assert line.get("x1") == line.get("x2")
        assert f"{officer.bands[band]:.0f}" in texts(root)
    assert lines["gap"] == []  # the lowest band starts at 0: no line


def test_threshold_lines_follow_the_bank_not_fixed_numbers(officer):
    custom = replace(officer, bands={"strength": 80.0, "watch": 30.0, "gap": 0.0})
    root = parse(lessons_chart(custom))
    (strength,) = with_class(root, "pc-strength")
    (watch,) = with_class(root, "pc-watch")
    assert float(strength.get("x1")) == pytest.approx(charts.PLOT_X0 + (charts.PLOT_X1 - charts.PLOT_X0) * 0.8)
    assert float(watch.get("x1")) == pytest.approx(charts.PLOT_X0 + (charts.PLOT_X1 - charts.PLOT_X0) * 0.3)
    assert "Bands: Strength 80 and above; Watch 30 to 79; Gap below 30." in texts(root)


def test_range_whiskers_only_when_combined(officer, combined):
    assert with_class(parse(lessons_chart(officer)), "pc-range") == []
    root = parse(lessons_chart(combined))
    whiskers = with_class(root, "pc-range")
    assert len(whiskers) == len(combined.lessons)
    span = charts.PLOT_X1 - charts.PLOT_X0
    for whisker, lesson in zip(whiskers, combined.lessons.values()):
        xs = [float(x) for x in re.findall(r"[MH](-?[\d.]+)", whisker.get("d"))]
        assert min(xs) == pytest.approx(charts.PLOT_X0 + span * lesson.low / 100, abs=0.1)
        assert max(xs) == pytest.approx(charts.PLOT_X0 + span * lesson.high / 100, abs=0.1)
        assert f"range {lesson.low:.0f}–{lesson.high:.0f}" in texts(root)
    assert any("Range between the 4 respondents" in t for t in texts(root))


def test_a_lesson_not_assessed_has_no_bar_and_says_so(officer):
    lessons = dict(officer.lessons)
    lessons["trust"] = replace(lessons["trust"], score=None, band=None, assessed=False)
    root = parse(lessons_chart(replace(officer, lessons=lessons)))
    assert len(with_class(root, "pc-bar")) == len(lessons) - 1
    assert "Not assessed" in texts(root)


def test_hostile_partnership_and_lesson_names_are_escaped(officer, combined, later):
    lessons = {k: replace(l, name=f"{l.name} <b>&amp;") for k, l in officer.lessons.items()}
    options = {n: f"{name} </text><script>" for n, name in officer.continuum.options.items()}
    hostile = replace(
        officer,
        partnership=HOSTILE, lessons=lessons, continuum=replace(officer.continuum, options=options),
    )
    for key, svg in charts.charts_for(view(hostile)).items():
        assert "<script" not in svg and "<b>" not in svg, key
        assert "\x1b" not in svg
        root = parse(svg)
        title = root.find(f"{SVG}title").text
        assert "<script>alert('x')</script> & \"Partners\"" in title
    lessons_svg = charts.charts_for(view(hostile))["lessons"]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Partners&quot;" in lessons_svg
    assert "&lt;b&gt;&amp;amp;" in lessons_svg
    comparison = compare(hostile, replace(later, partnership=HOSTILE))
    assert "<script" not in charts.charts_for(view(comparison))["lessons"]
    parse(charts.charts_for(view(comparison))["lessons"])


def test_characters_xml_forbids_are_dropped(officer):
    odd = replace(officer, partnership="North\x00town \ud800\ufffe\x07Partnership")
    for svg in charts.charts_for(view(odd)).values():
        root = parse(svg)
        assert root.find(f"{SVG}title").text.endswith("Northtown Partnership")


def test_long_lesson_names_wrap_onto_two_lines_and_are_cut_after(officer):
    long = "A very long lesson name that a custom bank might well use for its partnership"
    lessons = dict(officer.lessons)
    lessons["trust"] = replace(lessons["trust"], name=long)
    root = parse(lessons_chart(replace(officer, lessons=lessons)))
    lines = charts.wrap(long, charts.NAME_CHARS)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(len(line) <= charts.NAME_CHARS for line in lines)
    for line in lines:
        assert line in texts(root)
    assert long in root.find(f"{SVG}desc").text


def test_continuum_chart_marks_is_here_and_aims_for_not_a_ladder(officer):
    """Levels, not steps: the chart marks where it is and where it aims; it
    draws no "ready for" rung above them."""
    c = officer.continuum
    root = parse(continuum_chart(officer))
    words = " ".join(texts(root))
    for name in c.options.values():
        for part in name.split():
            assert part in words
    step = (charts.WIDTH - 20 - 110) / len(c.options)
    numbers = sorted(c.options)
    assert with_class(root, "pc-ready-for") == []
    for key, value in (("option", c.option), ("aims-for", c.aims_for)):
        (mark,) = with_class(root, f"pc-{key}")
        x = float(mark.get("cx") or 0) or float(mark.get("x", 0)) + 7.5
        if mark.tag == f"{SVG}path":
            x = float(re.match(r"M(-?[\d.]+)", mark.get("d")).group(1))
        assert x == pytest.approx(110 + step * (numbers.index(value) + 0.5), abs=0.1), key
    for label in ("is here", "aims for"):
        assert label in texts(root)
    assert "ready for" not in texts(root)
    desc = root.find(f"{SVG}desc").text
    assert f"Is here: {c.option} {c.option_name}" in desc
    assert f"Aims for: {c.aims_for} {c.aims_for_name}" in desc


def test_continuum_chart_says_when_not_placed_or_not_asked(officer):
    c = replace(officer.continuum, option=None, option_name=None, aims_for=None, aims_for_name=None)
    root = parse(continuum_chart(replace(officer, continuum=c)))
    assert "not placed" in texts(root)
    assert "not asked or not answered" in texts(root)
    assert with_class(root, "pc-option") == [] and with_class(root, "pc-aims-for") == []


def test_continuum_chart_shows_the_options_still_open(officer):
    c = replace(officer.continuum, option=None, option_name=None, allowed=[3, 4, 5])
    root = parse(continuum_chart(replace(officer, continuum=c)))
    assert "options 3 to 5 (not yet settled)" in texts(root)


def test_comparison_chart_has_before_and_after_bars_per_lesson(officer, later):
    c = compare(officer, later)
    root = parse(lessons_chart(c))
    before, after = with_class(root, "pc-before"), with_class(root, "pc-after")
    assert len(before) == len(after) == len(c.lessons)
    span = charts.PLOT_X1 - charts.PLOT_X0
    for b, a, lesson in zip(before, after, c.lessons.values()):
        assert float(b.get("width")) == pytest.approx(span * lesson.old / 100, abs=0.1)
        assert float(a.get("width")) == pytest.approx(span * lesson.new / 100, abs=0.1)
        assert lesson.name in texts(root)
        # whole numbers with halves rounded up, and the change between the
        # numbers shown (83 -> 88 reads +5), as in the report's table
        old, new = int(lesson.old + 0.5), int(lesson.new + 0.5)
        assert f"{old} → {new}  ({new - old:+d})" in texts(root)
    assert f"Before ({c.old_date.isoformat()})" in texts(root)
    assert len(with_class(root, "pc-threshold")) == 2


def test_the_chart_module_is_not_imported_at_start_up():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from partnercheck.cli import app\n"
        "CliRunner().invoke(app, ['--help'])\n"
        "CliRunner().invoke(app, ['assess', '--help'])\n"
        "bad = [m for m in ('partnercheck.render.charts', 'partnercheck.render.html') if m in sys.modules]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


# --------------------------------------------------------------------------
# The terminal: bars and the continuum line, without colour, at 80 columns
# --------------------------------------------------------------------------


def lessons_block(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Lessons "))
    end = next(i for i, line in enumerate(lines) if line.startswith("Bands:"))
    return lines[start:end]


@pytest.mark.parametrize("width", [60, 80, 100])
def test_terminal_report_fits_the_width_and_names_bands_in_words(officer, combined, width):
    for result in (officer, combined):
        text = render(result, "terminal", width=width)
        assert "\x1b" not in text
        too_long = [line for line in text.splitlines() if len(line) > width]
        assert too_long == []
        block = lessons_block(text)
        for lesson in result.lessons.values():
            row = next(line for line in block if line.strip().startswith(lesson.name[:8]))
            label = {"strength": "Strength", "watch": "Watch", "gap": "Gap"}[lesson.band]
            assert label in row, row
            assert f" {int(lesson.score + 0.5)} " in row
            assert f"{lesson.answered} of {lesson.statements}" in row


def test_terminal_lessons_keep_names_on_one_line_at_80_columns(officer, combined):
    for result in (officer, combined):
        block = lessons_block(render(result, "terminal", width=80))
        for lesson in result.lessons.values():
            assert any(lesson.name in line for line in block), lesson.name


def test_terminal_shows_the_range_column_only_when_combined(officer, combined):
    single = lessons_block(render(officer, "terminal", width=80))
    assert not any("Range" in line for line in single)
    text = render(combined, "terminal", width=80)
    block = lessons_block(text)
    header = next(line for line in block if "Lesson" in line and "Score" in line)
    assert "Range" in header
    for lesson in combined.lessons.values():
        row = next(line for line in block if lesson.name in line)
        assert f"{lesson.low:.0f}–{lesson.high:.0f}" in row
    assert "Range: the lowest and highest respondent's score for the lesson." in text


@pytest.mark.parametrize("which", ["officer", "combined"])
def test_terminal_continuum_line_reads_without_colour(which, request):
    result = request.getfixturevalue(which)
    text = render(result, "terminal", width=80)
    c = result.continuum
    assert c.option != c.aims_for  # different options, so no arrow can stand in for another
    lines = text.splitlines()
    marks = next(line for line in lines if "●" in line)
    centres = [m.start() + 2 for m in re.finditer("──[●○]──", marks)]
    assert len(centres) == 5 and marks[centres[c.option - 1]] == "●"
    # each arrow sits under the mark of its option, labelled at the left
    for label, option in (("Is here", c.option), ("Aims for", c.aims_for)):
        # (the facts above also start with "Aims for:"; the continuum's row has no colon)
        row = next(line for line in lines if line.startswith(label) and not line.startswith(f"{label}:"))
        assert row.index("▲") == centres[option - 1], label
    for name in c.options.values():
        assert name.split()[0] in text

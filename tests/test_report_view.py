"""The report view (render/report.py), the registry of formats (render/formats.py)
and the bands (bands.py).

One view is drawn by every format, so the formats say the same thing in the
same order, in the words of the question bank: a custom bank, or a bank in
another language, changes every word of every format.
"""

from __future__ import annotations

import copy
import importlib
import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES
from partnercheck import bands
from partnercheck.answers import load_answers
from partnercheck.assess import assess
from partnercheck.bank import load_bank
from partnercheck.compare import compare
from partnercheck.render import formats, report
from partnercheck.render.markdown import md

DRAWN = ("terminal", "markdown", "html")


@pytest.fixture(scope="module")
def later(bank):
    return assess(bank, [load_answers(EXAMPLES / "northtown-officer-2027q1.yaml", bank)])


@pytest.fixture(scope="module")
def combined(bank):
    return assess(bank, [load_answers(f, bank) for f in sorted((EXAMPLES / "combine").glob("*.yaml"))], min_group=1)


def draw(obj, bank, fmt: str, **options) -> str:
    view = report.build(obj, bank)
    return formats.get(fmt).render(view, formats.RenderOptions(**options)).text


def bank_content(bank) -> str:
    """The bank's content (statements, recommendations, lessons' questions) as one text."""
    content = [st.text for st in bank.statements]
    content += [r.text for st in bank.statements for r in st.recommendations]
    content += [r.text for l in bank.lessons for r in l.recommendations]
    content += [l.board_question for l in bank.lessons]
    return flat(" ".join(content))


def flat(text: str) -> str:
    """Text as a reader sees it: markup and line breaks out, escapes undone."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes
    text = re.sub(r"[│╭╮╰╯─*`|]", " ", text)  # terminal boxes and rules, Markdown emphasis and tables
    return " ".join(text.split())


def custom_bank(tmp_path, raw_bank, texts=None, band_words=None):
    data = copy.deepcopy(raw_bank)
    data["texts"].update(texts or {})
    for band in data["bands"]:
        band.update((band_words or {}).get(band["id"], {}))
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_bank(path)


# --------------------------------------------------------------------------
# Every word from the bank
# --------------------------------------------------------------------------

FRENCH = {
    "assessment_kind": "Évaluation du partenariat",
    "comparison_kind": "Ce qui a bougé",
    "assessment_intro": "Un rapport pour le conseil.",
    "comparison_intro": "Avant et après.",
    "answered_by": "Répondu par",
    "overall_score": "Note globale",
    "heading_board": "Questions pour le conseil",
    "board_intro": "Ce que ces réponses demandent au conseil.",
    "heading_lessons": "Leçons",
    "heading_recommendations": "Recommandations",
    "column_answered": "Réponses",
    "answered_of": "$answered sur $statements",
    "gap_lesson": "Leçon en lacune",
    "priority": "Priorité $priority",
    "raised_by": "Soulevée par $statements ; source : $source.",
    "bands_intro": "Bandes :",
    "band_range_top": "$low et plus",
    "chart_lessons_heading": "Notes des leçons, de 0 à 100",
    "heading_gaps_closed": "Lacunes comblées",
    "before": "Avant",
    "chart_before_key": "Avant ($date)",
    "move_up": "en hausse",
}
ENGLISH = {
    "assessment_kind": "Partnership assessment",
    "comparison_kind": "What moved",
    "answered_by": "Answered by",
    "overall_score": "Overall score",
    "heading_board": "Questions for the board",
    "heading_lessons": "Lessons",
    "heading_recommendations": "Recommendations",
    "gap_lesson": "Lesson gap",
    "priority": "Priority 1",
    "raised_by": "Raised by",
    "band_range_top": "70 and above",
    "chart_lessons_heading": "Lesson scores, 0 to 100",
    "heading_gaps_closed": "Gaps closed",
    "before": "Before",
}


@pytest.mark.parametrize("fmt", DRAWN)
def test_a_custom_banks_texts_change_those_words_in_every_format(fmt, tmp_path, raw_bank, officer, later):
    french = custom_bank(tmp_path, raw_bank, FRENCH)
    text = flat(draw(officer, french, fmt))
    for key in ("assessment_kind", "assessment_intro", "answered_by", "overall_score", "heading_board", "board_intro",
                "heading_lessons", "heading_recommendations", "column_answered", "gap_lesson", "bands_intro"):
        assert FRENCH[key] in text, (fmt, key)
    assert "6 sur 6" in text and "70 et plus" in text and "Soulevée par" in text
    # The statements themselves stay in English (only the texts were changed):
    # leave them out before looking for English report words.
    # The bank's content (statements, recommendations) stays in English, as
    # only the texts were changed: an English word found there proves nothing.
    content = bank_content(french)
    for key in ("assessment_kind", "answered_by", "overall_score", "heading_board", "heading_lessons",
                "gap_lesson", "raised_by", "band_range_top"):
        assert ENGLISH[key] in content or ENGLISH[key] not in text, (fmt, key)
    assert "6 of 6" not in text

    moved = flat(draw(compare(officer, later), french, fmt))
    for key in ("comparison_kind", "comparison_intro", "heading_gaps_closed", "before", "move_up"):
        assert FRENCH[key] in moved, (fmt, key)
    for key in ("comparison_kind", "heading_gaps_closed", "before"):
        assert ENGLISH[key] in content or ENGLISH[key] not in moved, (fmt, key)


def test_a_custom_banks_texts_reach_the_charts(tmp_path, raw_bank, officer):
    french = custom_bank(tmp_path, raw_bank, FRENCH)
    page = draw(officer, french, "html")
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert FRENCH["chart_lessons_heading"] in svg
    assert ENGLISH["chart_lessons_heading"] not in svg
    markdown = formats.get("markdown").render(report.build(officer, french), formats.RenderOptions(stem="pack"))
    assert any(FRENCH["chart_lessons_heading"] in svg for svg in markdown.attachments.values())


BAND_WORDS = {
    "strength": {"label": "Thriving", "meaning": "keep it up, and tell people"},
    "watch": {"label": "Wobbly", "meaning": "talk about it soon"},
    "gap": {"label": "Failing", "meaning": "act now"},
}


@pytest.mark.parametrize("fmt", DRAWN)
def test_band_labels_and_meanings_come_from_the_bank(fmt, tmp_path, raw_bank, officer, later):
    bank = custom_bank(tmp_path, raw_bank, band_words=BAND_WORDS)
    for obj in (officer, compare(officer, later)):
        text = flat(draw(obj, bank, fmt))
        assert "Thriving 70 and above: keep it up, and tell people." in text
        assert "Wobbly 45 to 69: talk about it soon." in text
        assert "Failing below 45: act now." in text
        for lesson in obj.lessons.values():
            band = getattr(lesson, "band", None) or lesson.new_band
            assert BAND_WORDS[band]["label"] in text
        for default in ("Strength", "Watch", "Gap"):
            assert not re.search(rf"\b{default}\b", text), (fmt, default)


@pytest.mark.parametrize("fmt", DRAWN)
def test_the_default_banks_band_meanings_are_shown(fmt, bank, officer):
    text = flat(draw(officer, bank, fmt))
    for b in bank.bands:
        assert f"{b.label} " in text and f"{b.meaning}." in text


@pytest.mark.parametrize("fmt", DRAWN)
def test_the_legend_shows_the_thresholds_the_result_was_scored_with(fmt, bank, officer):
    stricter = replace(officer, bands={"strength": 80.0, "watch": 50.0, "gap": 0.0})
    text = flat(draw(stricter, bank, fmt))
    assert "Strength 80 and above" in text and "Watch 50 to 79" in text and "Gap below 50" in text


# --------------------------------------------------------------------------
# The same sections, headings, empty sentences and order in every format
# --------------------------------------------------------------------------


def empty_result(officer):
    """The officer's result with nothing to say in gaps, recommendations, priorities and board questions."""
    return replace(officer, gaps=[], recommendations=[], priorities=[], board_questions=[], warnings=[])


def positions(text: str, needles: list[str]) -> list[int]:
    found, start = [], 0
    for needle in needles:
        at = text.find(needle, start)
        assert at >= 0, needle
        found.append(at)
        start = at + len(needle)
    return found


@pytest.mark.parametrize("which", ["officer", "empty", "combined", "comparison"])
def test_every_format_shows_the_views_sections_in_its_order_with_its_empty_sentences(which, bank, officer, combined, later):
    obj = {"officer": officer, "empty": empty_result(officer), "combined": combined, "comparison": compare(officer, later)}[which]
    view = report.build(obj, bank)
    expected = []
    for s in view.sections:
        expected.append(s.heading)
        if not s.blocks:
            expected.append(s.empty)
    expected.append(view.disclaimer)
    for fmt in DRAWN:
        text = flat(draw(obj, bank, fmt, width=100))
        positions(text, [flat(e) for e in expected])  # each in turn, in this order


def test_an_empty_section_says_so_in_one_sentence_everywhere(bank, officer):
    view = report.build(empty_result(officer), bank)
    empties = {s.id: s.empty for s in view.sections if not s.blocks}
    assert set(empties) == {"board", "question", "priorities", "action_plan", "gaps", "recommendations"}
    assert empties["gaps"] == "No lesson is in the gap band and no statement is at the bottom of the scale."
    for fmt in DRAWN:
        text = flat(draw(empty_result(officer), bank, fmt))
        assert text.count(empties["gaps"]) == 1
        assert "No lesson in the gap band" not in text  # the terminal's old wording


@pytest.mark.parametrize("which", ["officer", "combined"])
def test_the_board_paper_starts_with_its_first_page_and_ends_with_its_appendix(which, bank, officer, combined):
    """The first page a board reads: who answered and the summary, what is
    going well, the top priorities and the question to discuss; then the
    detail; the action plan and the questions; then the appendix."""
    obj = officer if which == "officer" else combined
    ids = [s.id for s in report.build(obj, bank).sections]
    assert ids[:4] == ["summary", "going_well", "priorities", "question"]
    assert ids.index("lessons") < ids.index("gaps") < ids.index("action_plan") < ids.index("board")
    appendix = ids[ids.index("board") + 1:]
    assert appendix[-3:] == ["answers", "method", "sources"]
    assert "recommendations" in appendix
    for fmt in DRAWN:
        text = flat(draw(obj, bank, fmt))
        assert text.index(bank.texts.heading_summary) < text.index(bank.texts.heading_priorities) < text.index(bank.texts.heading_lessons)
        assert text.index(bank.texts.heading_action_plan) < text.index(bank.texts.heading_board) < text.index(bank.texts.heading_sources)


def test_the_view_is_plain_frozen_data(bank, officer):
    view = report.build(officer, bank)
    with pytest.raises(AttributeError):
        view.title = ()  # type: ignore[misc]
    assert report.build(officer, bank) == view  # built twice, the same view


def test_the_view_module_imports_no_model_library():
    import subprocess
    import sys

    code = "import sys\nimport partnercheck.render.report\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'rich', 'yaml')))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_text_from_a_file_is_cleaned_in_the_view(bank, officer):
    odd = replace(officer, partnership="North\x1b[31mtown\x07", warnings=["a\nb"])
    view = report.build(odd, bank)
    assert view.subject == "Northtown"
    assert "Northtown" in report.plain(view.title)
    assert report.plain(view.section("warnings").blocks[0].items[0].text) == "a b"


# --------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, fmt",
    [
        ("board.html", "html"),
        ("board.HTM", "html"),
        ("pack.md", "markdown"),
        ("pack.markdown", "markdown"),
        ("out/result.json", "json"),
        ("report.txt", "terminal"),
        ("-", None),
        (None, None),
        ("report", None),
    ],
)
def test_the_format_is_inferred_from_the_output_files_extension(path, fmt):
    assert formats.format_for_path(path) == fmt


def test_an_unknown_extension_is_an_error_without_format():
    with pytest.raises(formats.UnknownExtension) as caught:
        formats.choose(None, "board.odt")
    assert caught.value.extension == ".odt"


@pytest.mark.parametrize(
    "given, path, chosen",
    [
        (None, "board.html", "html"),
        (None, "board.md", "markdown"),
        (None, None, "terminal"),
        (None, "-", "terminal"),
        ("markdown", None, "markdown"),
        ("markdown", "notes.txt", "markdown"),  # .txt takes any format
        ("html", "board.odt", "html"),  # --format says what it is
        ("json", "result.json", "json"),
        (formats.FormatName("html"), "board.htm", "html"),
    ],
)
def test_choose_takes_format_then_extension_then_the_default(given, path, chosen):
    assert formats.choose(given, path).name == chosen


@pytest.mark.parametrize("given, path", [("markdown", "board.html"), ("json", "pack.md"), ("terminal", "x.json")])
def test_a_format_that_clashes_with_the_extension_is_an_error(given, path):
    with pytest.raises(formats.FormatClash) as caught:
        formats.choose(given, path)
    assert caught.value.given == given
    assert caught.value.inferred == formats.format_for_path(path)


def test_the_registry_lists_every_format_and_the_batch_ones():
    assert formats.names() == ["terminal", "markdown", "json", "html", "docx", "pdf"]
    assert formats.batch_names() == ["markdown", "json", "html", "docx"]
    assert [f.value for f in formats.FormatName] == formats.names()
    assert [f.value for f in formats.BatchFormatName] == formats.batch_names()
    assert formats.FormatName("markdown") == "markdown"  # a str Enum, for Typer
    for name in formats.names():
        assert formats.format_for_path(f"x{formats.get(name).extension}") == name


@pytest.mark.parametrize("fmt", formats.names())
def test_every_format_renders_a_view_and_writes_no_file(fmt, bank, officer, later, tmp_path, monkeypatch):
    if fmt == "pdf" and not importlib.import_module("partnercheck.render.pdf").available():
        pytest.skip("the pdf extra (WeasyPrint) is not installed")
    monkeypatch.chdir(tmp_path)
    for obj in (officer, compare(officer, later)):
        out = formats.get(fmt).render(report.build(obj, bank), formats.RenderOptions(stem="pack"))
        if formats.get(fmt).binary:  # a file (Word, PDF): its bytes, never text
            assert out.text == "" and isinstance(out.data, bytes) and out.content is out.data
        else:
            assert isinstance(out.text, str) and obj.partnership in out.text and out.content is out.text
    assert list(tmp_path.iterdir()) == []


def test_markdown_charts_are_attachments_linked_from_the_report(bank, officer, later):
    for obj, keys in ((officer, {"lessons", "continuum"}), (compare(officer, later), {"lessons"})):
        view = report.build(obj, bank)
        out = formats.get("markdown").render(view, formats.RenderOptions(stem="board-pack"))
        assert set(out.attachments) == {f"board-pack.{k}.svg" for k in keys}
        links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", out.text)
        assert sorted(links) == sorted(out.attachments)
        assert all(svg.startswith("<svg ") for svg in out.attachments.values())
        # no stem (standard output) or no charts: no attachments, no links
        for options in (formats.RenderOptions(), formats.RenderOptions(charts=False, stem="board-pack")):
            plain = formats.get("markdown").render(view, options)
            assert plain.attachments == {} and ".svg" not in plain.text


def test_html_charts_are_inline_never_attachments(bank, officer):
    view = report.build(officer, bank)
    out = formats.get("html").render(view, formats.RenderOptions(stem="x"))
    assert out.attachments == {} and out.text.count("<svg") == 2
    assert "<svg" not in formats.get("html").render(view, formats.RenderOptions(charts=False)).text


def test_attachment_names_are_safe_for_a_link():
    assert formats.attachment_stem("out/Board pack (Nov).md") == "board-pack-nov"
    assert formats.attachment_stem("../..md") == "report"


def test_render_options_refuse_a_misspelt_option():
    with pytest.raises(TypeError):
        formats.RenderOptions(chart=False)  # type: ignore[call-arg]


# --------------------------------------------------------------------------
# The bands
# --------------------------------------------------------------------------


def test_bands_rank_and_move():
    assert [bands.rank(b) for b in bands.ORDER] == [2, 1, 0]
    assert bands.move("gap", "watch") == "up"
    assert bands.move("strength", "watch") == "down"
    assert bands.move("watch", "watch") == "same"
    assert bands.move(None, "gap") == "n/a"
    assert bands.at_least("strength", "watch") and not bands.at_least("gap", "watch") and not bands.at_least(None, "gap")


# Banded by the number the reader sees: 44.5 shows as 45, so it is watch.
@pytest.mark.parametrize("score, band", [(None, None), (0, "gap"), (44.4, "gap"), (44.5, "watch"), (45, "watch"), (69.4, "watch"), (69.5, "strength"), (70, "strength"), (100, "strength")])
def test_band_for_follows_the_thresholds(score, band, bank):
    assert bands.band_for(score, bands.thresholds(bank)) == band
    assert bands.Bands.of(bank).band_for(score) == band


def test_banding_the_shown_score_is_one_switch(monkeypatch, bank):
    mins = bands.thresholds(bank)
    assert bands.band_for(69.5, mins) == "strength"  # shown as 70: the domain's rule
    assert bands.band_for(69.4, mins) == "watch"
    monkeypatch.setattr(bands, "BAND_THE_SHOWN_SCORE", False)
    assert bands.band_for(69.5, mins) == "watch"


def test_bands_of_a_bank_carry_its_words_and_a_results_thresholds(tmp_path, raw_bank):
    bank = custom_bank(tmp_path, raw_bank, {"band_not_assessed": "Pas évalué"}, BAND_WORDS)
    b = bands.Bands.of(bank, {"strength": 85.0, "watch": 40.0, "gap": 0.0})
    assert [x.id for x in b.bands] == ["strength", "watch", "gap"]
    assert b.label("watch") == "Wobbly" and b.label(None) == "Pas évalué"
    assert b.get("gap").meaning == "act now"
    assert (b.get("watch").low, b.get("watch").below) == (40.0, 85.0)
    assert b.get("strength").below is None


def test_render_builds_the_view_only_for_formats_that_draw_it(bank, officer, monkeypatch):
    expected = formats.get("markdown").render(report.build(officer, bank), formats.RenderOptions()).text
    assert formats.render(officer, bank, "markdown").text == expected

    def no_view(*args):
        raise AssertionError("JSON needs no view")

    monkeypatch.setattr(report, "build", no_view)
    data = formats.render(officer, bank, "json").text
    assert '"partnership": "Northtown Community Safety Partnership"' in data
    with pytest.raises(AssertionError):
        formats.render(officer, bank, "html")


@pytest.mark.parametrize("which", ["officer", "empty", "combined", "comparison"])
@pytest.mark.parametrize("width", [60, 80])
def test_the_terminal_report_keeps_to_the_width(which, width, bank, officer, combined, later):
    obj = {"officer": officer, "empty": empty_result(officer), "combined": combined, "comparison": compare(officer, later)}[which]
    lines = draw(obj, bank, "terminal", width=width).splitlines()
    assert max(len(line) for line in lines) <= width
    assert all(line == line.rstrip() for line in lines)

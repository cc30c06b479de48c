"""The board paper (DOMAIN.md, "What the board receives"): a first page that
says who answered, what is going well, the top priorities and the question to
discuss; an action plan to fill in; at most five questions; an appendix.
Each test states what a board member must find, in every format."""

from __future__ import annotations

import re

import pytest

from partnercheck.assess import assess
from partnercheck.render import formats, report

READERS = ("terminal", "markdown", "html")
FULL = {"continuum.problem": "together", "continuum.solution": "together", "continuum.responsibility": "partnership"}


def flat(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"[│╭╮╰╯─*`|]", " ", text)
    return " ".join(text.split())


def section(view, section_id):
    return next(s for s in view.sections if s.id == section_id)


def unhappy(bank, answers_factory):
    trust = {s.id: "strongly-disagree" for s in bank.statements if s.lesson == "trust"}
    return [
        answers_factory(dict(FULL), fill="agree", organisation="Council"),
        answers_factory(dict(FULL), fill="agree", organisation="Police"),
        answers_factory(dict(FULL), fill="agree", organisation="Health"),
        answers_factory(dict(FULL, **trust), fill="agree", organisation="Voluntary sector"),
    ]


def test_one_respondent_is_said_to_be_one_organisations_view(bank, officer):
    for name in READERS:
        text = flat(formats.render(officer, bank, name).text)
        assert "one organisation's view" in text, name
        assert officer.respondent in text, name


def test_a_combined_paper_says_how_many_answered_from_how_many_organisations_and_names_no_one(bank, answers_factory):
    result = assess(bank, unhappy(bank, answers_factory))
    who = report.build(result, bank)
    summary = " ".join(block.spans[0].text for block in section(who, "summary").blocks)
    assert "4 respondents from 4 organisations" in summary
    for org in ("Council", "Police", "Health", "Voluntary sector"):
        assert org not in summary


def test_several_respondents_of_one_organisation_are_still_one_organisations_view(bank, answers_factory):
    # two officers of the council, combined: not "1 organisations", and not
    # the partnership's view either
    result = assess(bank, [answers_factory(dict(FULL), fill="agree", organisation="Council", respondent=who)
                           for who in ("Officer", "Analyst")])
    for name in READERS:
        text = flat(formats.render(result, bank, name).text)
        assert "2 respondents from one organisation" in text, name
        assert "one organisation's view" in text, name
        assert "1 organisations" not in text, name


def test_the_summary_is_a_few_plain_sentences_written_from_the_result(bank, officer):
    view = report.build(officer, bank)
    sentences = re.split(r"(?<=[.!?])\s+", "".join(s.text for s in section(view, "summary").blocks[1].spans))
    assert 3 <= len(sentences) <= 5
    text = " ".join(sentences)
    assert str(int(officer.score + 0.5)) in text
    assert officer.continuum.option_name in text


def test_what_is_going_well_names_the_strengths_and_never_invents_one(bank, officer, answers_factory):
    well = section(report.build(officer, bank), "going_well")
    names = " ".join("".join(s.text for s in item.text) for item in well.blocks[0].items)
    for lesson in officer.lessons.values():
        assert (bank.lesson(lesson.id).in_sentence in names) == (lesson.band == "strength")
    flat_result = assess(bank, [answers_factory(fill="neutral")])
    none = section(report.build(flat_result, bank), "going_well")
    assert not none.blocks and none.empty


def test_at_most_three_priorities_each_with_a_first_step_and_the_unhappy_partners_lesson_among_them(bank, answers_factory):
    result = assess(bank, unhappy(bank, answers_factory))
    assert 1 <= len(result.priorities) <= 3
    assert "trust" in [p.lesson for p in result.priorities]
    for p in result.priorities:
        assert p.first_step in [r.text for r in result.recommendations if r.lesson == p.lesson]
    # the action plan lists each priority with empty columns for the board to fill in
    plan = section(report.build(result, bank), "action_plan").blocks[0]
    assert len(plan.rows) == len(result.priorities)
    assert len(plan.columns) == 6
    for row in plan.rows:
        assert [c.text for c in row.cells[2:]] == ["", "", "", ""]


def test_the_board_is_asked_at_most_five_questions_the_rest_in_the_appendix(bank, answers_factory):
    result = assess(bank, unhappy(bank, answers_factory) + [answers_factory(dict(FULL), fill="disagree", organisation="Schools")])
    assert len(result.board_questions) > 5
    view = report.build(result, bank)
    assert len(section(view, "board").blocks[0].items) == 5
    more = section(view, "board_more").blocks[0].items
    assert len(more) == len(result.board_questions) - 5
    first = section(view, "question").blocks[0]
    assert first.spans[0].text == result.board_questions[0]


@pytest.mark.parametrize("name", READERS)
def test_readers_see_no_statement_ids_file_names_or_priority_labels(bank, officer, name):
    text = formats.render(officer, bank, name).text
    for st in bank.statements:
        assert st.id not in text
    for src in bank.sources:
        assert src.file not in text
    assert "Priority 1" not in text and "priority 1" not in text
    # JSON keeps the ids for scripts
    assert officer.recommendations[0].statements[0] in formats.render(officer, bank, "json").text


def test_the_appendix_explains_the_method_and_lists_the_sources(bank, officer):
    text = flat(formats.render(officer, bank, "markdown").text)
    assert "Don't know" in text and "never as a low score" in text
    for src in bank.sources:
        assert src.title in text
        if src.year:
            assert str(src.year) in text
    assert bank.version in text

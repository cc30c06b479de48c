"""What a practitioner would conclude (DOMAIN.md: the unhappy partner, thin
evidence, levels not steps).  Each test states the conclusion expected for a
partnership whose right answer is known, not the code's current output."""

from __future__ import annotations

import dataclasses

from partnercheck.assess import assess

FULL = {"continuum.problem": "together", "continuum.solution": "together", "continuum.responsibility": "partnership"}
CONSULTS = {"continuum.problem": "lead", "continuum.solution": "lead-consults", "continuum.responsibility": "lead"}


def lesson_ids(bank, lesson):
    return [s.id for s in bank.statements if s.lesson == lesson]


def partner(answers_factory, bank, fill, organisation, **per_lesson):
    answers = {}
    for lesson, value in per_lesson.items():
        answers.update({sid: value for sid in lesson_ids(bank, lesson)})
    answers.update(FULL)
    return answers_factory(answers, fill=fill, organisation=organisation)


# --------------------------------------------------------------------------
# The unhappy partner
# --------------------------------------------------------------------------


def unhappy_voluntary_sector(bank, answers_factory):
    """Three statutory partners content, the voluntary sector at the bottom on trust."""
    return [
        partner(answers_factory, bank, "agree", "Council"),
        partner(answers_factory, bank, "agree", "Police"),
        partner(answers_factory, bank, "neutral", "Health"),
        partner(answers_factory, bank, "agree", "Voluntary sector", trust="strongly-disagree"),
    ]


def test_a_partner_scoring_trust_at_the_bottom_is_a_minority_gap(bank, answers_factory):
    result = assess(bank, unhappy_voluntary_sector(bank, answers_factory))
    trust = result.lessons["trust"]
    assert trust.band != "gap"  # the average hides it
    minority = [g for g in result.gaps if g.kind == "minority"]
    assert [g.lesson for g in minority] == ["trust"]
    # advised on and put to the board, without naming who
    assert any(r.lesson == "trust" for r in result.recommendations)
    board = " ".join(result.board_questions)
    assert bank.lesson("trust").in_sentence in board
    for name in ("Voluntary sector", "Council", "Police", "Health"):
        assert name not in board
        assert name not in " ".join(g.reason for g in result.gaps)
    # and nobody is asked which strength to build on
    assert not any("which strength" in q for q in result.board_questions)


def test_readiness_for_full_partnership_looks_at_the_least_trusting_partner(bank, answers_factory):
    responses = unhappy_voluntary_sector(bank, answers_factory)
    for r in responses[:3]:
        assert r.organisation != "Voluntary sector"
    strong = [partner(answers_factory, bank, "strongly-agree", f"Org {i}") for i in range(3)]
    strong.append(partner(answers_factory, bank, "strongly-agree", "Voluntary sector", trust="disagree"))
    result = assess(bank, strong)
    assert result.lessons["trust"].band == "strength"  # the mean alone would allow option 5
    c = result.continuum
    assert c.option == 5
    assert c.ready_here == "not ready"
    assert "trust" in c.blocking
    assert any("least positive respondent" in line for line in c.readiness_rationale)


def test_one_respondent_far_from_the_rest_is_one_finding_not_thirty(bank, answers_factory):
    responses = [answers_factory(dict(FULL), fill="agree", organisation=f"Org {i}") for i in range(3)]
    responses.append(answers_factory(dict(FULL), fill="strongly-disagree", organisation="Org 3"))
    result = assess(bank, responses)
    patterns = [d for d in result.divergence if d.kind == "pattern"]
    assert len(patterns) == 1
    assert "below" in patterns[0].reason
    # the statements are not listed one by one as well
    assert [d for d in result.divergence if d.kind == "statement"] == []
    assert sum("very differently" in q for q in result.board_questions) == 1


def one_partner_apart(bank, answers_factory):
    """Three partners content; the fourth disagrees with nearly everything."""
    responses = [answers_factory(dict(FULL), fill="agree", organisation=f"Org {i}") for i in range(3)]
    responses.append(answers_factory(dict(FULL), fill="disagree", organisation="Org 3"))
    return responses


def test_the_lessons_one_partner_apart_puts_in_the_gap_band_are_one_finding_on_the_first_page(bank, answers_factory):
    """DOMAIN.md: one respondent far from the rest on most statements is one
    finding. The board paper's first page says that once (not a minority gap
    per lesson): one line of the summary, one question for the board, at most
    one of the three priorities; the other priorities go to other things."""
    from partnercheck.render.report import build

    result = assess(bank, one_partner_apart(bank, answers_factory))
    minority = [g for g in result.gaps if g.kind == "minority"]
    assert len(minority) >= 3 and all(g.pattern for g in minority)  # every lesson, by that one partner alone
    # one question about that partner, none per lesson
    assert sum("very differently" in q for q in result.board_questions) == 1
    assert not any("which the combined score hides" in q for q in result.board_questions)
    # at most one priority is that partner's
    assert sum("below the others on most statements" in p.why for p in result.priorities) == 1
    # the summary says it once, naming the lessons
    view = build(result, bank)
    summary = next(s for s in view.sections if s.id == "summary")
    text = " ".join(span.text for block in summary.blocks for span in getattr(block, "spans", ()))
    assert text.count("very differently") == 1 and "less positive" not in text
    for g in minority:
        assert bank.lesson(g.lesson).in_sentence in text


def test_a_lesson_two_partners_put_in_the_gap_band_stays_its_own_finding_beside_the_pattern(bank, answers_factory):
    """A second partner who also scores trust in the gap band: trust is not the
    one partner's view alone, so it keeps its own minority gap and question."""
    responses = one_partner_apart(bank, answers_factory)
    responses.append(partner(answers_factory, bank, "agree", "Org 4", trust="strongly-disagree"))
    result = assess(bank, responses)
    trust = next(g for g in result.gaps if g.kind == "minority" and g.lesson == "trust")
    assert not trust.pattern
    assert any(bank.lesson("trust").in_sentence in q and "which the combined score hides" in q for q in result.board_questions)


def test_statements_about_each_partners_own_organisation_are_not_disagreement(bank, answers_factory):
    own = bank.statements[0]
    marked = dataclasses.replace(bank, statements=(dataclasses.replace(own, about="own_organisation"), *bank.statements[1:]))
    responses = [
        answers_factory({own.id: "strongly-agree"}, fill="agree"),
        answers_factory({own.id: "strongly-disagree"}, fill="agree"),
    ]
    assert own.id in [d.question for d in assess(bank, responses).divergence]
    assert own.id not in [d.question for d in assess(marked, responses).divergence]


# --------------------------------------------------------------------------
# Thin evidence
# --------------------------------------------------------------------------


def test_a_new_member_answering_dont_know_gets_no_overall_score_and_no_low_readiness(bank, answers_factory):
    answers = {s.id: "dont-know" for s in bank.statements}
    answers.update({sid: "disagree" for sid in lesson_ids(bank, "capacity")})
    answers.update({"continuum.problem": "together", "continuum.solution": "together"})
    result = assess(bank, [answers_factory(answers)])
    assert result.score is None and result.band is None
    assert any("No overall score" in w for w in result.warnings)
    assert result.continuum.ready_here in (None, "cannot be judged")
    # too many "don't know" is one question for the board, not one per lesson
    dont_know = [q for q in result.board_questions if "don't know" in q.lower()]
    assert len(dont_know) == 1
    for lesson in bank.lessons:
        if lesson.id != "capacity":
            assert lesson.in_sentence in dont_know[0]


def test_a_statement_at_the_very_bottom_reaches_the_board_and_blocks_full_partnership(bank, answers_factory):
    sid = next(s.id for s in bank.statements if s.id == "barriers.information-shared")
    answers = dict(FULL, **{sid: "strongly-disagree"})
    result = assess(bank, [answers_factory(answers, fill="strongly-agree")])
    text = next(s.text for s in bank.statements if s.id == sid)
    assert any(text.rstrip(".") in q for q in result.board_questions)
    assert result.continuum.option == 5
    assert result.continuum.ready_here == "not ready"
    assert result.continuum.ready_for < 5


def test_no_strength_to_build_on_is_never_asked_about(bank, answers_factory):
    result = assess(bank, [answers_factory(dict(CONSULTS), fill="neutral")])
    assert not any(l.band == "strength" for l in result.lessons.values())
    assert not any("which strength" in q for q in result.board_questions)


def test_a_score_is_banded_by_the_number_the_reader_sees(bank, answers_factory):
    from partnercheck.scoring import band_for

    watch = bank.band("watch").min
    assert band_for(bank, watch - 0.5) == "watch"  # shown as the threshold itself
    assert band_for(bank, watch - 0.6) == "gap"


# --------------------------------------------------------------------------
# Aiming higher
# --------------------------------------------------------------------------


def test_watch_everywhere_aiming_for_full_partnership_gets_advice_on_what_stands_in_the_way(bank, answers_factory):
    answers = dict(CONSULTS, **{"continuum.aspiration": "full-partnership"})
    result = assess(bank, [answers_factory(answers, fill="neutral")])
    c = result.continuum
    assert (c.option, c.aims_for) == (2, 5)
    assert c.ready_for_aim == "not ready"
    assert {"trust", "shared_interest"} <= set(c.blocking)
    advised = {r.lesson for r in result.recommendations}
    assert {"trust", "shared_interest"} <= advised
    aim_question = next(q for q in result.board_questions if bank.option(5).name in q)
    assert "decide together" in aim_question
    assert "define the problem together" in aim_question
    assert "responsibility" in aim_question


def test_a_forum_content_to_consult_gets_no_advice_to_share_control(bank, answers_factory):
    answers = dict(CONSULTS, **{"continuum.aspiration": "expert-consults", "continuum.control-shared": "disagree"})
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.continuum.ready_here == "ready"
    said = " ".join(result.warnings + result.board_questions + [r.text for r in result.recommendations])
    assert "control" not in said.lower()


def test_a_forum_content_to_consult_is_not_told_to_hand_a_task_and_its_authority_to_a_partner(bank, answers_factory):
    """Levels, not steps (DOMAIN.md): a partnership at "Expert consults" that
    aims to stay there is where it should be.  A statement about moving tasks
    and authority between partners answered low is still a gap, but the step
    of handing a task over (sharing control) is not offered: only to a
    partnership at, or aiming for, an option where partners decide together."""
    from partnercheck.render import formats

    low = {"barriers.tasks-can-move": "strongly-disagree"}
    handover = [rec.text for s in bank.statements for rec in s.recommendations if s.id == "barriers.tasks-can-move"]
    assert handover
    content = assess(bank, [answers_factory({**CONSULTS, "continuum.aspiration": "expert-consults", **low}, fill="agree")])
    assert (content.continuum.option, content.continuum.aims_for) == (2, 2)
    assert any(g.statement == "barriers.tasks-can-move" for g in content.gaps)  # still a gap on the agenda
    given = [r.text for r in content.recommendations] + [p.first_step for p in content.priorities]
    assert not set(handover) & set(given)
    report = " ".join(formats.render(content, bank, "markdown").text.split())
    assert not any(" ".join(text.split()) in report for text in handover)
    # no aim asked: it is where it is, and is not pushed along either
    unasked = assess(bank, [answers_factory({**CONSULTS, **low}, fill="agree")])
    assert not set(handover) & {r.text for r in unasked.recommendations}
    # aiming to decide together: the step is part of getting there
    aiming = assess(bank, [answers_factory({**CONSULTS, "continuum.aspiration": "decide-solutions", **low}, fill="agree")])
    assert set(handover) <= {r.text for r in aiming.recommendations}
    # and a partnership already deciding together is offered it where it is
    deciding = assess(bank, [answers_factory({**FULL, "continuum.solution": "together", "continuum.problem": "lead",
                                              "continuum.responsibility": "lead", **low}, fill="agree")])
    assert deciding.continuum.option == 3
    assert set(handover) <= {r.text for r in deciding.recommendations}


def test_unwillingness_to_share_control_stands_in_the_way_of_deciding_together(bank, answers_factory):
    answers = dict(CONSULTS, **{"continuum.aspiration": "decide-solutions", "continuum.control-shared": "disagree"})
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.continuum.ready_for_aim == "not ready"
    assert any("control" in q for q in result.board_questions)


def test_an_answers_file_with_no_answers_is_refused(tmp_path):
    from typer.testing import CliRunner

    from partnercheck.cli import app

    for body in ("partnership: Northtown\n", "partnership: Northtown\nanswers: {}\n",
                 "partnership: Northtown\nanswers:\n  trust.conflict-raised:\n"):
        path = tmp_path / "empty.yaml"
        path.write_text(body, encoding="utf-8")
        run = CliRunner().invoke(app, ["assess", "--answers", str(path)])
        assert run.exit_code == 2, body
        assert "no question is answered" in run.output


# --------------------------------------------------------------------------
# Bank 2.0: answers written for bank 1.0 still load
# --------------------------------------------------------------------------


def test_a_bank_1_answers_file_still_loads_and_counts_renamed_questions(bank):
    from conftest import ROOT
    from partnercheck.answers import load_answers

    old = ROOT / "tests" / "data" / "bank-1.0" / "northtown-officer.yaml"
    text = old.read_text(encoding="utf-8")
    assert "trust.control-shared:" in text and "capacity.right-people:" in text
    answers = load_answers(old, bank)
    for old_id, new_id in bank.renamed.items():
        assert old_id not in answers.answers
        if f"{old_id}:" in text and new_id is not None:
            assert new_id in answers.answers, old_id
    # willingness to share control now counts as the continuum question
    assert answers.answers["continuum.control-shared"] == "agree"
    result = assess(bank, [answers])
    assert result.score is not None


def test_a_minority_gap_is_called_one_in_every_format(bank, answers_factory):
    from partnercheck.render import formats

    result = assess(bank, unhappy_voluntary_sector(bank, answers_factory))
    label = bank.texts.gap_minority
    for name in ("terminal", "markdown", "html"):
        text = formats.render(result, bank, name).text
        line = next(l for l in text.splitlines() if label in l)
        assert bank.lesson("trust").name in line, name
        assert "Range" in text  # several respondents: the lowest and highest shown


def test_a_forum_content_to_consult_reads_as_where_it_should_be_in_every_format(bank, answers_factory):
    from partnercheck.render import formats

    answers = dict(CONSULTS, **{"continuum.aspiration": "expert-consults"})
    result = assess(bank, [answers_factory(answers, fill="agree")])
    for name in ("terminal", "markdown", "html"):
        text = formats.render(result, bank, name).text
        assert "not yet" not in text.lower(), name
        assert bank.texts.ready_for not in text, name  # no rung to climb to
        said = " ".join(text.split())
        assert "which is where it aims to be" in said, name
        assert " ".join(bank.texts.summary_not_carried.split()) not in said, name


def test_a_range_is_shown_as_options_still_open_in_every_format(bank, answers_factory):
    from partnercheck.render import formats

    result = assess(bank, [answers_factory({"continuum.solution": "together"}, fill="agree")])
    for name in ("terminal", "markdown", "html"):
        text = " ".join(formats.render(result, bank, name).text.split())
        assert "options 3 to 5 (not yet settled)" in text, name
        assert "who defines the problem would settle" in text, name


def test_a_bank_1_result_compares_with_a_bank_2_result_through_the_renamed_ids(bank):
    """Rounds answered on different bank versions line up through the bank's
    id map; what cannot be compared is listed, not dropped."""
    import dataclasses

    from conftest import ROOT
    from partnercheck.answers import load_answers
    from partnercheck.compare import compare

    old_answers = load_answers(ROOT / "tests" / "data" / "bank-1.0" / "northtown-officer.yaml", bank)
    old = assess(bank, [old_answers])
    # the result as bank 1.0 would have saved it: its statements under their old ids
    back = {new: old_id for old_id, new in bank.renamed.items() if new}
    old_v1 = dataclasses.replace(
        old, statements=[dataclasses.replace(s, id=back.get(s.id, s.id)) for s in old.statements]
    )
    assert any(s.id == "capacity.right-people" for s in old_v1.statements)
    new = assess(bank, [load_answers(ROOT / "examples" / "northtown-officer-2027q1.yaml", bank)])
    lined_up = compare(old_v1, new, bank=bank)
    assert "capacity.right-people" not in lined_up.only_in_old
    blind = compare(old_v1, new, bank=dataclasses.replace(bank, renamed={}))  # no id map at all
    assert "capacity.right-people" in blind.only_in_old


def test_notes_are_left_out_of_a_combined_report_unless_asked_for(bank, answers_factory):
    sid = bank.statements[0].id
    noted = answers_factory(fill="agree", notes={sid: "We attend unfunded; that cannot last."})
    other = answers_factory(fill="agree")
    quiet = assess(bank, [noted, other])
    assert all(not s.notes for s in quiet.statements)
    asked = assess(bank, [noted, other], include_notes=True)
    assert next(s for s in asked.statements if s.id == sid).notes == ["We attend unfunded; that cannot last."]
    # one respondent's own report keeps their notes
    assert next(s for s in assess(bank, [noted]).statements if s.id == sid).notes


def test_partners_split_evenly_on_who_decides_is_said_not_hidden(bank, answers_factory):
    make = lambda s: answers_factory({"continuum.solution": s, "continuum.problem": "lead"}, fill="agree")
    result = assess(bank, [make("lead-consults"), make("lead-consults"), make("together"), make("together")])
    assert result.continuum.option == 2  # the answer reaching least far counts
    split = [line for line in result.continuum.rationale if "split" in line]
    assert len(split) == 1 and "who decides the solution" in split[0]


def test_a_mismatch_is_put_to_the_board_and_not_offered_as_a_change_to_make(bank, answers_factory):
    answers = {"continuum.solution": "lead-alone", "continuum.problem": "lead", "continuum.responsibility": "partnership",
               "continuum.aspiration": "define-problem"}
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.continuum.mismatches == ["continuum.responsibility"]
    assert any("do not fit together" in q and "who carries the responsibility" in q for q in result.board_questions)
    aim = next(q for q in result.board_questions if "To get there" in q)
    assert "responsibility would have to be devolved" not in aim


def test_the_shipped_combined_example_shows_the_unhappy_partner_as_one_pattern(bank):
    from conftest import EXAMPLES
    from partnercheck.answers import load_answers

    responses = [load_answers(p, bank) for p in sorted((EXAMPLES / "combine").glob("*.yaml"))]
    result = assess(bank, responses)
    patterns = [d for d in result.divergence if d.kind == "pattern"]
    assert len(patterns) == 1 and "below" in patterns[0].reason
    assert "Voluntary" not in patterns[0].reason


def test_reports_name_sources_by_title_never_by_file_or_key(bank, officer):
    from partnercheck.render import formats

    assert officer.recommendations
    for name in ("terminal", "markdown", "html"):
        text = " ".join(formats.render(officer, bank, name).text.split())
        for src in bank.sources:
            assert src.file not in text, name
            assert f"source: {src.key}" not in text and f"source: `{src.key}`" not in text, name
        assert any(src.title in text for src in bank.sources), name


def test_own_organisation_statements_are_shown_by_organisation_where_the_group_is_large_enough(bank, answers_factory):
    from partnercheck.render import formats, report

    own = next(s for s in bank.statements if s.about == "own_organisation")
    responses = [answers_factory({own.id: "strongly-agree"}, fill="agree", organisation="Council") for _ in range(3)]
    responses += [answers_factory({own.id: "disagree"}, fill="agree", organisation="Police") for _ in range(3)]
    result = assess(bank, responses)
    assert own.id not in [d.question for d in result.divergence]
    groups = next(s for s in report.build(result, bank).sections if s.id == "groups")
    table = groups.blocks[1]
    row = next(r for r in table.rows if r.key == own.id)
    assert [c.text for c in row.cells[1:]] == ["100", "25"]
    assert own.text in formats.render(result, bank, "markdown").text


def test_the_others_median_is_the_median_with_ones_own_answer_left_out():
    from hypothesis import given
    from hypothesis import strategies as st

    from partnercheck.combine import _median_without

    @given(st.lists(st.integers(0, 4), min_size=3, max_size=30), st.data())
    def check(points, data):
        column = sorted(points)
        mine = data.draw(st.sampled_from(column))
        rest = list(column)
        rest.remove(mine)
        middle = len(rest) // 2
        expected = rest[middle] if len(rest) % 2 else (rest[middle - 1] + rest[middle]) / 2
        assert _median_without(column, mine) == expected

    check()


def test_the_same_file_given_twice_or_copied_counts_once_in_combine(tmp_path):
    """A file named twice, or a copy of it, is one respondent: counted twice it
    would also defeat the anonymity threshold."""
    import json
    import shutil

    from typer.testing import CliRunner

    from conftest import EXAMPLES
    from partnercheck.cli import app

    council, police = EXAMPLES / "combine" / "council.yaml", EXAMPLES / "combine" / "police.yaml"
    copy = tmp_path / "council-copy.yaml"
    shutil.copy(council, copy)
    run = CliRunner().invoke(app, ["combine", str(council), str(council), str(copy), str(police), "--format", "json"])
    assert run.exit_code == 0, run.output
    assert json.loads(run.stdout)["respondents"] == 2
    assert run.stderr.count("counted once") == 2


def test_a_saved_result_given_as_answers_is_named_for_what_it_is(tmp_path):
    from typer.testing import CliRunner

    from conftest import EXAMPLES
    from partnercheck.cli import app

    saved = tmp_path / "result.json"
    assert CliRunner().invoke(app, ["assess", "--answers", str(EXAMPLES / "northtown-officer.yaml"), "-o", str(saved)]).exit_code == 0
    run = CliRunner().invoke(app, ["combine", str(saved), str(EXAMPLES / "combine" / "police.yaml")])
    assert run.exit_code == 2
    assert "is a saved assessment" in run.stderr and "partnercheck report" in run.stderr
    assert "unknown field" not in run.stderr


def test_thin_evidence_has_no_score_shown_as_a_number(bank, answers_factory):
    from partnercheck.render import formats

    answers = {s.id: "dont-know" for s in bank.statements}
    answers.update({s.id: "agree" for s in bank.statements if s.lesson == "trust"})
    result = assess(bank, [answers_factory(answers)])
    text = " ".join(formats.render(result, bank, "markdown").text.split())
    assert "n/a / 100" not in text
    assert bank.texts.overall_none in text

"""Placement on the continuum, readiness and aspiration."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnercheck.advice import fill, quoted
from partnercheck.assess import assess
from partnercheck.continuum import place, readiness
from partnercheck.models import LessonResult

BAND_RANK = {"gap": 0, "watch": 1, "strength": 2}


SOLUTION, PROBLEM, RESPONSIBILITY = "continuum.solution", "continuum.problem", "continuum.responsibility"


def power(solution=None, problem=None, responsibility=None):
    """Answers to the three power questions (None leaves one unanswered)."""
    given = {SOLUTION: solution, PROBLEM: problem, RESPONSIBILITY: responsibility}
    return {k: v for k, v in given.items() if v is not None}


def placed(bank, answers_factory, **answers):
    return place(bank, [answers_factory(power(**answers), fill="agree")])


def dont_know(q):
    return next(o.value for o in q.options if not o.continuum)


# What a practitioner concludes from each pattern (DOMAIN.md, "Placing a
# partnership"): who decides binds first, then who defined the problem, then
# who carries the responsibility.
@pytest.mark.parametrize(
    ("answers", "option"),
    [
        # the lead decides alone: expert alone, whatever else is said
        (dict(solution="lead-alone", problem="lead", responsibility="lead"), 1),
        # the commonest real pattern: the lead defines, consults, each partner delivers its part
        (dict(solution="lead-consults", problem="lead", responsibility="each-partner"), 2),
        (dict(solution="lead-consults", problem="outside", responsibility="lead"), 2),
        # partners choose how, the problem fixed in advance or set from outside
        (dict(solution="together", problem="lead", responsibility="each-partner"), 3),
        (dict(solution="together", problem="outside", responsibility="lead"), 3),
        # partners define the problem and decide; responsibility not devolved
        (dict(solution="together", problem="together", responsibility="each-partner"), 4),
        (dict(solution="together", problem="together", responsibility="lead"), 4),
        # responsibility devolved to a partnership that defines and decides
        (dict(solution="together", problem="together", responsibility="partnership"), 5),
    ],
)
def test_decision_tree_places_each_pattern(bank, answers_factory, answers, option):
    p = placed(bank, answers_factory, **answers)
    assert p.option == option
    assert p.allowed == (option,)
    assert p.mismatches == []


def test_lead_deciding_alone_with_devolved_responsibility_is_not_full_partnership(bank, answers_factory):
    """Three answers are not three votes: who decides binds, and responsibility
    devolved without the power to decide is named as a mismatch."""
    answers = power(solution="lead-alone", problem="together", responsibility="partnership")
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.continuum.option == 1
    assert result.continuum.contradiction is True
    assert set(result.continuum.mismatches) == {PROBLEM, RESPONSIBILITY}
    assert any("accountable without the power to decide" in w for w in result.warnings)
    assert not any("Full partnership" in line for line in result.continuum.rationale if "Placed" in line)


def test_the_commonest_pattern_is_not_a_contradiction(bank, answers_factory):
    answers = power(solution="lead-consults", problem="lead", responsibility="each-partner")
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.continuum.option == 2
    assert result.continuum.contradiction is False
    assert result.continuum.mismatches == []


def test_a_problem_set_from_outside_allows_at_most_option_3(bank, answers_factory):
    q = next(q for q in bank.continuum_questions if q.id == PROBLEM)
    outside = next(o for o in q.options if o.value == "outside")
    assert max(outside.continuum) == 3
    assert placed(bank, answers_factory, solution="together", problem="outside").option == 3


def test_every_answer_pattern_follows_who_decides(bank, answers_factory):
    """Whatever the other answers, the placement is one that the answer on who
    decides allows; an answer that does not fit is a mismatch, never a vote."""
    questions = {q.id: q for q in bank.continuum_questions if q.id in (SOLUTION, PROBLEM, RESPONSIBILITY)}
    ruling = {qid: [o for o in q.options if o.continuum] for qid, q in questions.items()}
    checked = 0
    for combo in itertools.product(*ruling.values()):
        chosen = dict(zip(ruling, combo))
        p = place(bank, [answers_factory({qid: c.value for qid, c in chosen.items()})])
        decides = set(chosen[SOLUTION].continuum)
        assert set(p.allowed) <= decides, chosen
        if p.option == 5:
            assert chosen[RESPONSIBILITY].value == "partnership" and chosen[SOLUTION].value == "together"
        if chosen[RESPONSIBILITY].value == "partnership" and chosen[SOLUTION].value != "together":
            assert RESPONSIBILITY in [q.id for q, _ in p.mismatches]
        checked += 1
    assert checked == 3 * 3 * 3


def test_too_few_answers_give_a_range_and_the_question_that_settles_it(bank, answers_factory):
    p = placed(bank, answers_factory, solution="together")
    assert p.option is None
    assert p.allowed == (3, 4, 5)
    assert p.settled_by.id == PROBLEM
    assert "options 3 to 5" in p.rationale[-1]
    assert "who defines the problem" in p.rationale[-1]

    p = placed(bank, answers_factory, problem="together")
    assert p.option is None
    assert p.allowed == (4, 5)
    # who decides could not split 4 from 5; who carries the responsibility can
    assert p.settled_by.id == RESPONSIBILITY


def test_a_range_is_not_reported_as_its_lowest_option(bank, answers_factory):
    result = assess(bank, [answers_factory(power(solution="together"), fill="agree")])
    assert result.continuum.option is None
    assert result.continuum.allowed == [3, 4, 5]
    assert result.continuum.settled_by == PROBLEM


def test_rationale_is_a_short_chain_from_who_decides(bank, answers_factory):
    p = placed(bank, answers_factory, solution="together", problem="lead", responsibility="each-partner")
    decides, defines, carries, last = p.rationale
    assert decides.startswith("Who decides the solution")
    assert "options 3 to 5" in decides
    assert defines.startswith("Who defines the problem") and "option 3" in defines
    assert carries.startswith("Who carries the responsibility")
    assert last == fill(bank.texts.placement_placed, option=fill(bank.texts.one_option, option=f"3 {quoted(bank.texts, bank.option(3).name)}"))
    assert not any(line.startswith("Not ") for line in p.rationale)


def test_dont_know_rules_nothing_out(bank, answers_factory):
    base = power(solution="together", problem="lead")
    with_dk = dict(base, **{RESPONSIBILITY: "dont-know"})
    p1 = place(bank, [answers_factory(base)])
    p2 = place(bank, [answers_factory(with_dk)])
    assert p1.option == p2.option == 3
    assert p1.rationale == p2.rationale
    shown = next(a for a in p2.answers if a.question == RESPONSIBILITY)
    assert shown.value == "dont-know" and shown.continuum == []


@pytest.mark.parametrize("blank", ["none", "dont-know"])
def test_all_blank_is_not_placed(bank, answers_factory, blank):
    if blank == "none":
        answers = {}
    else:
        answers = {q.id: dont_know(q) for q in bank.continuum_questions}
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.continuum.option is None
    assert result.continuum.option_name is None
    assert result.continuum.contradiction is False
    assert result.continuum.rationale and "Not placed" in result.continuum.rationale[0]


def test_the_most_common_answer_counts_when_partners_differ(bank, answers_factory):
    make = lambda s: answers_factory(power(solution=s, problem="lead", responsibility="each-partner"))
    p = place(bank, [make("together"), make("together"), make("lead-consults")])
    assert p.option == 3


# --------------------------------------------------------------------------
# Readiness
# --------------------------------------------------------------------------


def lessons_with(bank, answers_factory, per_lesson, default="agree"):
    answers = {}
    for s in bank.statements:
        answers[s.id] = per_lesson.get(s.lesson, default)
    return assess(bank, [answers_factory(answers)])


def reference_ready(bank, bands):
    """Readiness computed from the bank's rules, independently of the code."""
    rules = {r.option: r for r in bank.readiness}
    ready = 1
    for option in range(2, 6):
        rule = rules.get(option)
        ok = True
        if rule is not None:
            for lesson, need in rule.requires.items():
                band = bands.get(lesson)
                if band is None or BAND_RANK[band] < BAND_RANK[need]:
                    ok = False
            # no_gap: every lesson assessed (a lesson with no score cannot
            # show it is not a gap) and none in gap
            if rule.no_gap and any(b in ("gap", None) for b in bands.values()):
                ok = False
        if not ok:
            break
        ready = option
    return ready


def test_all_agree_ready_for_full_partnership(bank, answers_factory):
    result = lessons_with(bank, answers_factory, {})
    assert all(l.band == "strength" for l in result.lessons.values())
    assert result.continuum.ready_for == 5
    assert result.continuum.ready_for_name == bank.option(5).name


def test_full_partnership_needs_strong_trust_and_shared_interest(bank):
    rule5 = next(r for r in bank.readiness if r.option == 5)
    assert rule5.requires["trust"] == "strength"
    assert rule5.requires["shared_interest"] == "strength"
    assert rule5.no_gap is True


@pytest.mark.parametrize(
    "per_lesson, expected",
    [
        ({"trust": "neutral"}, 4),  # trust only watch: not 5
        ({"shared_interest": "neutral"}, 4),  # shared interest only watch: not 5
        ({"capacity": "neutral", "sustainability": "neutral"}, 5),  # watch is enough there
        ({"barriers": "disagree"}, 3),  # a lesson in gap: not 4 (no_gap)
        ({"valued_enterprise": "strongly-disagree"}, 3),
        ({"trust": "disagree"}, 2),  # trust gap: not 3
        ({"capacity": "disagree"}, 2),
        ({"sustainability": "disagree"}, 3),
        ({"shared_interest": "disagree"}, 3),
    ],
)
def test_readiness_follows_bank_rules(bank, answers_factory, per_lesson, expected):
    result = lessons_with(bank, answers_factory, per_lesson)
    bands = {k: l.band for k, l in result.lessons.items()}
    assert reference_ready(bank, bands) == expected
    assert result.continuum.ready_for == expected
    # not placed and no aim: nothing above is named as "not yet" reached
    assert not any("not yet" in line.lower() for line in result.continuum.readiness_rationale)


@pytest.mark.parametrize(
    "lesson, expected",
    [
        ("trust", 2),  # needed from option 3
        ("capacity", 2),
        ("shared_interest", 3),  # needed from option 4
        ("sustainability", 3),  # options 4 and 5 need every lesson assessed
        ("barriers", 3),  # not named by any rule, but unassessed it cannot show it is no gap
    ],
)
def test_not_assessed_lesson_blocks_options_that_need_it(bank, answers_factory, lesson, expected):
    result = lessons_with(bank, answers_factory, {lesson: "dont-know"})
    assert result.lessons[lesson].assessed is False
    assert result.continuum.ready_for == expected
    if expected < 5:
        name = bank.lesson(lesson).in_sentence
        assert any(name in line and "not assessed" in line for line in result.continuum.readiness_rationale)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["strength", "watch", "gap", None]), min_size=6, max_size=6))
def test_readiness_matches_rules_for_any_bands(bank, bands):
    from partnercheck.models import LESSON_IDS

    score = {"strength": 80.0, "watch": 50.0, "gap": 20.0, None: None}
    lessons = {
        lid: LessonResult(
            id=lid,
            name=bank.lesson(lid).name,
            score=score[b],
            band=b,
            assessed=b is not None,
            statements=5,
            answered=5 if b else 0,
            missing=0 if b else 5,
        )
        for lid, b in zip(LESSON_IDS, bands)
    }
    ready, why, here, aim = readiness(bank, lessons)
    assert ready == reference_ready(bank, dict(zip(LESSON_IDS, bands)))
    assert here is None and aim is None
    assert len(why) == 1


FULL = {"continuum.problem": "together", "continuum.solution": "together", "continuum.responsibility": "partnership"}


def test_warning_when_placed_above_readiness(bank, answers_factory):
    answers = {s.id: ("disagree" if s.lesson == "trust" else "agree") for s in bank.statements}
    answers.update(FULL)
    result = assess(bank, [answers_factory(answers)])
    assert result.continuum.option == 5
    assert result.continuum.ready_for == 2
    expected = fill(bank.texts.above_readiness, option=quoted(bank.texts, bank.option(5).name), lessons=bank.lesson("trust").in_sentence)
    assert expected in result.warnings
    # and the board is asked about it
    assert any(bank.option(5).name in q and bank.option(2).name in q for q in result.board_questions)


def test_no_above_readiness_warning_when_within(bank, answers_factory):
    result = assess(bank, [answers_factory(FULL, fill="agree")])
    assert result.continuum.option == 5
    assert result.continuum.ready_for == 5
    head = " ".join(bank.texts.above_readiness.split())[:25]
    assert not any(w.startswith(head) for w in result.warnings)


def test_warning_when_aiming_above_readiness(bank, answers_factory):
    answers = {s.id: ("neutral" if s.lesson == "trust" else "agree") for s in bank.statements}
    answers["continuum.aspiration"] = "full-partnership"
    result = assess(bank, [answers_factory(answers)])
    assert result.continuum.ready_for == 4
    assert result.continuum.aims_for == 5
    expected = fill(bank.texts.aims_above_readiness, aims=quoted(bank.texts, bank.option(5).name), lessons=bank.lesson("trust").in_sentence)
    assert expected in result.warnings


def test_no_aims_warning_when_aiming_within_readiness(bank, answers_factory):
    answers = {s.id: ("neutral" if s.lesson == "trust" else "agree") for s in bank.statements}
    answers["continuum.aspiration"] = "define-problem"
    result = assess(bank, [answers_factory(answers)])
    assert result.continuum.aims_for == 4
    head = " ".join(bank.texts.aims_above_readiness.split())[:25]
    assert not any(w.startswith(head) for w in result.warnings)


def test_aspiration_dont_know_aims_nowhere(bank, answers_factory):
    result = assess(bank, [answers_factory({"continuum.aspiration": "dont-know"}, fill="agree")])
    assert result.continuum.aims_for is None
    assert result.continuum.aims_for_name is None


def test_aspiration_not_used_for_placement(bank, answers_factory):
    result = assess(bank, [answers_factory({"continuum.aspiration": "full-partnership"}, fill="agree")])
    assert result.continuum.option is None
    assert result.continuum.aims_for == 5


# --------------------------------------------------------------------------
# Levels, not steps (DOMAIN.md): readiness is judged for where the
# partnership is and where it aims, never as a ladder to climb.
# --------------------------------------------------------------------------

CONSULTS = {"continuum.problem": "lead", "continuum.solution": "lead-consults", "continuum.responsibility": "lead", "continuum.aspiration": "expert-consults"}


def test_a_forum_content_to_consult_is_not_told_it_is_not_yet_a_full_partnership(bank, answers_factory):
    answers = {s.id: ("neutral" if s.lesson == "trust" else "agree") for s in bank.statements}
    answers.update(CONSULTS)
    result = assess(bank, [answers_factory(answers)])
    c = result.continuum
    assert (c.option, c.aims_for) == (2, 2)
    assert c.ready_here == "ready"
    assert c.ready_for_aim is None
    said = " ".join(c.readiness_rationale + result.warnings + result.board_questions)
    for higher in (3, 4, 5):
        assert bank.option(higher).name not in said
    assert "not yet" not in said.lower()


def test_readiness_for_the_aim_names_what_blocks_it(bank, answers_factory):
    answers = {s.id: ("neutral" if s.lesson == "trust" else "agree") for s in bank.statements}
    answers.update({"continuum.problem": "lead", "continuum.solution": "together", "continuum.responsibility": "each-partner",
                    "continuum.aspiration": "full-partnership"})
    result = assess(bank, [answers_factory(answers)])
    c = result.continuum
    assert (c.option, c.aims_for) == (3, 5)
    assert c.ready_here == "ready"
    assert c.ready_for_aim == "not ready"
    aim_line = next(line for line in c.readiness_rationale if bank.option(5).name in line)
    assert bank.lesson("trust").in_sentence in aim_line
    # option 4, between where it is and where it aims, is not judged on its own
    assert not any(bank.option(4).name in line for line in c.readiness_rationale)


def test_full_partnership_on_weak_trust_cannot_carry_where_it_is(bank, answers_factory):
    answers = {s.id: ("disagree" if s.lesson == "trust" else "agree") for s in bank.statements}
    answers.update(FULL)
    c = assess(bank, [answers_factory(answers)]).continuum
    assert c.option == 5
    assert c.ready_here == "not ready"
    assert bank.lesson("trust").in_sentence in c.readiness_rationale[0]


def test_readiness_that_cannot_be_judged_says_so(bank, answers_factory):
    """A new member answering "don't know" to nearly everything: readiness
    cannot be judged; it is not reported as a low option."""
    answers = {s.id: "dont-know" for s in bank.statements}
    answers.update({s.id: "agree" for s in bank.statements if s.lesson == "barriers"})
    answers.update({"continuum.problem": "lead", "continuum.solution": "lead-consults", "continuum.responsibility": "lead"})
    c = assess(bank, [answers_factory(answers)]).continuum
    assert c.ready_here == "ready"  # consulting needs nothing more than the will to listen
    answers.update({"continuum.solution": "together"})
    c = assess(bank, [answers_factory(answers)]).continuum
    assert c.option == 3
    assert c.ready_here == "cannot be judged"
    assert "cannot be judged" in c.readiness_rationale[0]

"""Placement on the continuum, readiness and aspiration."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnercheck.advice import fill
from partnercheck.assess import assess
from partnercheck.continuum import place, readiness
from partnercheck.models import LessonResult

BAND_RANK = {"gap": 0, "watch": 1, "strength": 2}


def ruling_choices(bank):
    """For each continuum question, its answers that rule something out."""
    return [[o for o in q.options if o.continuum] for q in bank.continuum_questions]


def all_combinations(bank):
    qs = bank.continuum_questions
    for combo in itertools.product(*ruling_choices(bank)):
        yield {q.id: c.value for q, c in zip(qs, combo)}, combo


def fits_of(combo):
    fits = set(range(1, 6))
    for c in combo:
        fits &= set(c.continuum)
    return fits


def consistent_answers(bank, option):
    """Answers to every continuum question that fit ``option`` and nothing lower."""
    for answers, combo in all_combinations(bank):
        fits = fits_of(combo)
        if fits and min(fits) == option:
            return answers
    return None


def dont_know(q):
    return next(o.value for o in q.options if not o.continuum)


def option_of(bank, answers_factory, answers):
    option, _, _, _ = place(bank, [answers_factory(answers, fill="agree")])
    return option


@pytest.mark.parametrize("option", [1, 2, 3, 4, 5])
def test_consistent_answers_place_each_option(bank, answers_factory, option):
    answers = consistent_answers(bank, option)
    assert answers is not None, f"the bank cannot place option {option}"
    placed, rationale, shown, contradiction = place(bank, [answers_factory(answers)])
    assert placed == option
    assert contradiction is False
    assert rationale[0].startswith(f"Placed at {option} {bank.option(option).name}")
    assert {a.question: a.value for a in shown} == answers


def test_every_consistent_combination_places_at_lowest_fit(bank, answers_factory):
    checked = 0
    for answers, combo in all_combinations(bank):
        fits = fits_of(combo)
        if not fits:
            continue
        option, _, _, contradiction = place(bank, [answers_factory(answers)])
        assert option == min(fits), answers
        assert contradiction is False
        checked += 1
    assert checked >= 5


def test_full_partnership_answers(bank, answers_factory):
    answers = {"continuum.problem": "together", "continuum.solution": "together", "continuum.responsibility": "partnership"}
    assert option_of(bank, answers_factory, answers) == 5


@pytest.mark.parametrize("qindex", [0, 1, 2])
def test_partial_answers_place_at_lowest_consistent_option(bank, answers_factory, qindex):
    q = bank.continuum_questions[qindex]
    for choice in (o for o in q.options if o.continuum):
        option, rationale, _, contradiction = place(bank, [answers_factory({q.id: choice.value})])
        assert option == min(choice.continuum)
        assert contradiction is False
        if len(choice.continuum) > 1:
            assert any("lowest is taken" in line for line in rationale)


def test_partial_problem_together(bank, answers_factory):
    # "together" fits 4 and 5 only: placed at 4 until responsibility is answered
    assert option_of(bank, answers_factory, {"continuum.problem": "together"}) == 4


def expected_contradiction_option(combo):
    support = Counter(o for c in combo for o in c.continuum)
    return sorted(support, key=lambda o: (-support[o], o))[0]


def test_contradicting_answers_place_at_most_support(bank, answers_factory):
    seen = 0
    for answers, combo in all_combinations(bank):
        if fits_of(combo):
            continue
        option, _, _, contradiction = place(bank, [answers_factory(answers)])
        assert contradiction is True, answers
        assert option == expected_contradiction_option(combo), answers
        seen += 1
    assert seen > 0


def test_contradiction_tie_goes_lower(bank, answers_factory):
    # problem=together fits 4,5; solution=lead-alone fits 1; responsibility=lead fits 1-4:
    # support 1 -> 2 answers, 4 -> 2 answers: a tie, the lower (1) is taken.
    answers = {"continuum.problem": "together", "continuum.solution": "lead-alone", "continuum.responsibility": "lead"}
    option, _, _, contradiction = place(bank, [answers_factory(answers)])
    assert contradiction is True
    assert option == 1


def test_contradiction_produces_a_warning(bank, answers_factory):
    answers = {"continuum.problem": "lead", "continuum.solution": "lead-alone", "continuum.responsibility": "partnership"}
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.continuum.contradiction is True
    assert result.continuum.option == 1
    prefix = bank.texts.contradiction.split("$answers")[0].strip()
    prefix = " ".join(prefix.split())
    warnings = [w for w in result.warnings if w.startswith(prefix[:30])]
    assert len(warnings) == 1
    labels = {q.id: {o.value: o.label for o in q.options} for q in bank.continuum_questions}
    for qid, value in answers.items():
        assert labels[qid][value] in warnings[0]
    assert "$" not in warnings[0]


def test_no_contradiction_no_warning(bank, answers_factory):
    answers = {"continuum.problem": "together", "continuum.solution": "together", "continuum.responsibility": "each-partner"}
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.continuum.contradiction is False
    prefix = " ".join(bank.texts.contradiction.split("$answers")[0].split())[:30]
    assert not any(w.startswith(prefix) for w in result.warnings)


def test_rationale_names_answers_that_ruled_options_out(bank, answers_factory):
    answers = {"continuum.problem": "lead", "continuum.solution": "lead-consults", "continuum.responsibility": "lead"}
    option, rationale, _, _ = place(bank, [answers_factory(answers)])
    assert option == 2
    qs = {q.id: q for q in bank.continuum_questions}
    label = {qid: next(o.label for o in qs[qid].options if o.value == v) for qid, v in answers.items()}
    by_option = {}
    for line in rationale:
        if line.startswith("Not "):
            ruled_out = line.split(", because of ")[0]
            for n in range(1, 6):
                if f"{n} {bank.option(n).name}" in ruled_out:
                    assert n not in by_option, "each option is ruled out on one line"
                    by_option[n] = line
    assert set(by_option) == {1, 3, 4, 5}
    # Option 1 is ruled out by the solution answer only (problem=lead and responsibility=lead fit 1)
    assert label["continuum.solution"] in by_option[1]
    assert label["continuum.problem"] not in by_option[1]
    # Option 4 and 5 are ruled out by both problem and solution answers
    for n in (4, 5):
        assert label["continuum.problem"] in by_option[n]
        assert label["continuum.solution"] in by_option[n]
    # Option 5 is ruled out by responsibility too; option 4 is not
    assert label["continuum.responsibility"] in by_option[5]
    assert qs["continuum.responsibility"].about not in by_option[4]
    # the placing line names every answer given
    for qid in answers:
        assert label[qid] in rationale[0]


def test_options_ruled_out_by_the_same_answers_share_a_line(bank, answers_factory):
    # answers that fit option 3: the options they rule out are grouped by
    # the answers that rule them out, one line for each group
    questions = bank.continuum_questions
    chosen = {q.id: next(o for o in q.options if 3 in o.continuum) for q in questions}
    option, rationale, _, _ = place(bank, [answers_factory({qid: c.value for qid, c in chosen.items()})])
    groups: dict[tuple[str, ...], list[int]] = {}
    for n in range(1, 6):
        against = tuple(q.about for q in questions if n not in chosen[q.id].continuum)
        if n != option and against:
            groups.setdefault(against, []).append(n)
    lines = [line for line in rationale if line.startswith("Not ")]
    assert len(lines) == len(groups)
    assert any(len(numbers) > 1 for numbers in groups.values())  # some do share
    for line, (against, numbers) in zip(lines, groups.items()):
        head, because = line.split(", because of ")
        assert all(f"{n} {bank.option(n).name}" in head for n in numbers)
        assert all(about in because for about in against)


def test_dont_know_rules_nothing_out(bank, answers_factory):
    base = {"continuum.solution": "together"}
    with_dk = dict(base, **{"continuum.problem": "dont-know", "continuum.responsibility": "dont-know"})
    o1, r1, _, c1 = place(bank, [answers_factory(base)])
    o2, r2, shown, c2 = place(bank, [answers_factory(with_dk)])
    assert o1 == o2 == 3
    assert c1 is c2 is False
    assert r1 == r2
    problem = next(a for a in shown if a.question == "continuum.problem")
    assert problem.value == "dont-know"
    assert problem.continuum == []


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
    if expected < 5:
        assert any(line.startswith(f"Not yet ready for {expected + 1} ") for line in result.continuum.readiness_rationale)


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
        name = bank.lesson(lesson).name
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
    ready, why = readiness(bank, lessons)
    assert ready == reference_ready(bank, dict(zip(LESSON_IDS, bands)))
    assert why[0].startswith(f"Ready for {ready} ")


FULL = {"continuum.problem": "together", "continuum.solution": "together", "continuum.responsibility": "partnership"}


def test_warning_when_placed_above_readiness(bank, answers_factory):
    answers = {s.id: ("disagree" if s.lesson == "trust" else "agree") for s in bank.statements}
    answers.update(FULL)
    result = assess(bank, [answers_factory(answers)])
    assert result.continuum.option == 5
    assert result.continuum.ready_for == 2
    expected = fill(bank.texts.above_readiness, option=bank.option(5).name, ready=bank.option(2).name)
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
    expected = fill(bank.texts.aims_above_readiness, aims=bank.option(5).name, ready=bank.option(4).name)
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

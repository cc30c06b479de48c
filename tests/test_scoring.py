"""Statement and lesson scores, bands, and the overall score."""

from __future__ import annotations

import pytest

from partnercheck.assess import assess
from partnercheck.scoring import band_for, overall_score, score_lessons, score_statements


def scale_scores(bank):
    return {o.value: o.score for o in bank.scale("agreement").options}


def lesson_statements(bank, lesson_id):
    return [s.id for s in bank.statements if s.lesson == lesson_id]


def mean1(values):
    return round(sum(values) / len(values), 1)


def lessons_for(bank, answers):
    return score_lessons(bank, score_statements(bank, [answers]))


def test_dont_know_is_missing_not_low(bank, answers_factory):
    scores = scale_scores(bank)
    ids = lesson_statements(bank, "trust")
    rest = ["agree"] * (len(ids) - 5)
    given = ["agree", "agree", "neutral", "dont-know", "dont-know"] + rest
    a = answers_factory(dict(zip(ids, given)), fill="agree")
    lesson = lessons_for(bank, a)["trust"]
    expected = mean1([scores["agree"], scores["agree"], scores["neutral"]] + [scores["agree"]] * len(rest))
    assert lesson.score == expected
    assert lesson.assessed is True
    assert lesson.answered == len(ids) - 2
    assert lesson.missing == 2
    # The same answers with the two "don't know"s as the lowest answer score lower:
    # so "don't know" was not treated as a low score.
    low = answers_factory(
        dict(zip(ids, ["agree", "agree", "neutral", "strongly-disagree", "strongly-disagree"] + rest)), fill="agree"
    )
    assert lessons_for(bank, low)["trust"].score < lesson.score


def test_dont_know_statement_has_no_score_and_is_counted(bank, answers_factory):
    sid = lesson_statements(bank, "trust")[0]
    a = answers_factory({sid: "dont-know"}, fill="agree")
    st = next(s for s in score_statements(bank, [a]) if s.id == sid)
    assert st.score is None
    assert st.dont_know == 1
    assert st.answered == 0
    assert st.value == "dont-know"


def test_blank_answer_is_missing(bank, answers_factory):
    ids = lesson_statements(bank, "capacity")
    a = answers_factory({ids[0]: None, ids[1]: "strongly-agree"}, fill="neutral")
    scores = scale_scores(bank)
    lesson = lessons_for(bank, a)["capacity"]
    assert lesson.missing == 1
    expected = mean1([scores["strongly-agree"]] + [scores["neutral"]] * (len(ids) - 2))
    assert lesson.score == expected


def test_more_than_half_missing_is_not_assessed(bank, answers_factory):
    ids = lesson_statements(bank, "trust")
    missing = len(ids) // 2 + 1  # just more than half
    answers = {sid: "strongly-agree" for sid in ids}
    answers.update({sid: "dont-know" for sid in ids[: missing - 1]})
    answers[ids[missing - 1]] = None
    a = answers_factory(answers, fill="neutral")
    lessons = lessons_for(bank, a)
    trust = lessons["trust"]
    assert trust.assessed is False
    assert trust.score is None
    assert trust.band is None
    assert trust.missing == missing
    # left out of the overall score: the other lessons are all neutral
    assert overall_score(lessons) == scale_scores(bank)["neutral"]


def test_exactly_half_missing_is_still_assessed(bank, answers_factory):
    even = next(l.id for l in bank.lessons if len(lesson_statements(bank, l.id)) % 2 == 0)
    ids = lesson_statements(bank, even)
    assert len(ids) == 6
    given = ["strongly-agree", "agree", "neutral", "dont-know", "dont-know", None]
    a = answers_factory(dict(zip(ids, given)), fill="agree")
    lesson = lessons_for(bank, a)[even]
    scores = scale_scores(bank)
    assert lesson.missing == 3
    assert lesson.assessed is True
    assert lesson.score == mean1([scores["strongly-agree"], scores["agree"], scores["neutral"]])


def test_lesson_with_no_answers_not_assessed(bank, answers_factory):
    a = answers_factory({}, fill=None)
    lessons = lessons_for(bank, a)
    assert all(not l.assessed and l.score is None for l in lessons.values())
    assert overall_score(lessons) is None


@pytest.mark.parametrize(
    "score, band",
    [
        (0, "gap"),
        (44.4, "gap"),
        # banded by the number the reader sees: 44.5 shows as 45
        (44.5, "watch"),
        (44.9, "watch"),
        (45, "watch"),
        (45.0, "watch"),
        (69.4, "watch"),
        (69.9, "strength"),
        (70, "strength"),
        (100, "strength"),
        (None, None),
    ],
)
def test_band_thresholds(bank, score, band):
    assert band_for(bank, score) == band


def test_band_thresholds_come_from_bank(bank):
    mins = {b.id: b.min for b in bank.bands}
    assert band_for(bank, mins["strength"]) == "strength"
    assert band_for(bank, mins["strength"] - 0.6) == "watch"
    assert band_for(bank, mins["watch"]) == "watch"
    assert band_for(bank, mins["watch"] - 0.6) == "gap"


def test_overall_is_mean_of_assessed_lessons(bank, answers_factory):
    scores = scale_scores(bank)
    lesson_values = {
        "shared_interest": "strongly-agree",
        "valued_enterprise": "agree",
        "capacity": "neutral",
        "trust": "disagree",
        "sustainability": "agree",
        "barriers": "dont-know",  # not assessed: left out
    }
    answers = {}
    for lesson_id, value in lesson_values.items():
        for sid in lesson_statements(bank, lesson_id):
            answers[sid] = value
    result = assess(bank, [answers_factory(answers)])
    assessed = [scores[v] for k, v in lesson_values.items() if v != "dont-know"]
    assert result.score == mean1(assessed)
    assert result.band == band_for(bank, mean1(assessed))
    assert result.lessons["barriers"].assessed is False
    for lesson_id, value in lesson_values.items():
        if value != "dont-know":
            assert result.lessons[lesson_id].score == scores[value]


def test_each_lesson_weighs_the_same(bank, answers_factory):
    # lessons have different numbers of statements: the overall is the mean
    # of lesson scores, not of statement scores.
    sizes = {l.id: len(lesson_statements(bank, l.id)) for l in bank.lessons}
    big, small = max(sizes, key=sizes.get), min(sizes, key=sizes.get)
    assert sizes[big] != sizes[small]
    others = [l for l in sizes if l not in (big, small)]
    answers = {sid: "strongly-agree" for sid in lesson_statements(bank, big)}
    answers.update({sid: "strongly-disagree" for sid in lesson_statements(bank, small)})
    for lesson in others[:1]:
        answers.update({sid: "neutral" for sid in lesson_statements(bank, lesson)})
    lessons = lessons_for(bank, answers_factory(answers))
    assert overall_score(lessons) == 50.0


def test_no_overall_score_when_fewer_than_half_the_lessons_are_assessed(bank, answers_factory):
    """Thin evidence: two lessons of six answered give no overall score and no
    band, and the report says why."""
    answers = {s.id: "dont-know" for s in bank.statements}
    for lesson in ("trust", "capacity"):
        answers.update({sid: "strongly-disagree" for sid in lesson_statements(bank, lesson)})
    result = assess(bank, [answers_factory(answers)])
    assert result.score is None and result.band is None
    assert any("No overall score" in w and "2 of the 6" in w for w in result.warnings)
    # three of six is half: an overall score stands
    answers.update({sid: "agree" for sid in lesson_statements(bank, "barriers")})
    assert assess(bank, [answers_factory(answers)]).score is not None


def test_mixed_lesson_mean(bank, answers_factory):
    scores = scale_scores(bank)
    ids = lesson_statements(bank, "barriers")
    given = ["strongly-agree", "agree", "disagree", "strongly-disagree", "agree"]
    lesson = lessons_for(bank, answers_factory(dict(zip(ids, given))))["barriers"]
    expected = mean1([scores[v] for v in given])
    assert lesson.score == expected
    assert lesson.band == band_for(bank, expected)


def test_statement_label_and_value_for_single_respondent(bank, answers_factory):
    sid = bank.statements[0].id
    st = score_statements(bank, [answers_factory({sid: "disagree"})])[0]
    assert st.id == sid
    assert st.value == "disagree"
    assert st.label == bank.scale("agreement").option("disagree").label
    assert st.score == scale_scores(bank)["disagree"]
    assert st.spread is None

"""Gaps, recommendations, board questions and the fill() template helper."""

from __future__ import annotations

from partnercheck.advice import fill, missing_answers
from partnercheck.assess import assess


def scores(bank):
    return {o.value: o.score for o in bank.scale("agreement").options}


def ids(bank, lesson):
    return [s.id for s in bank.statements if s.lesson == lesson]


def recs_of(bank, sid):
    return next(s for s in bank.statements if s.id == sid).recommendations


def test_lesson_gap(bank, answers_factory):
    answers = {sid: "disagree" for sid in ids(bank, "trust")}
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.lessons["trust"].band == "gap"
    lesson_gaps = [g for g in result.gaps if g.kind == "lesson"]
    assert [g.lesson for g in lesson_gaps] == ["trust"]
    assert lesson_gaps[0].score == scores(bank)["disagree"]
    # "disagree" is not the bottom of the scale: no statement gaps
    assert [g for g in result.gaps if g.kind == "statement"] == []


def test_statement_gap_at_bottom_of_scale(bank, answers_factory):
    sid = ids(bank, "capacity")[2]
    result = assess(bank, [answers_factory({sid: "strongly-disagree"}, fill="agree")])
    # the lesson itself is not in gap
    assert result.lessons["capacity"].band != "gap"
    statement_gaps = [g for g in result.gaps if g.kind == "statement"]
    assert len(statement_gaps) == 1
    gap = statement_gaps[0]
    assert gap.statement == sid
    assert gap.lesson == "capacity"
    assert gap.score == scores(bank)["strongly-disagree"] == bank.rules.statement_gap_at_most
    assert [g for g in result.gaps if g.kind == "lesson"] == []


def test_disagree_is_not_a_statement_gap(bank, answers_factory):
    sid = ids(bank, "capacity")[0]
    result = assess(bank, [answers_factory({sid: "disagree"}, fill="agree")])
    assert result.gaps == []
    # but it raises the statement's recommendations (at or below recommend_at_most)
    assert scores(bank)["disagree"] <= bank.rules.recommend_at_most
    assert {r.text for r in result.recommendations} == {r.text for r in recs_of(bank, sid)}


def test_no_recommendations_when_everything_agrees(bank, answers_factory):
    result = assess(bank, [answers_factory(fill="agree")])
    assert result.recommendations == []
    assert result.gaps == []
    assert fill(bank.texts.board_no_gaps) in result.board_questions


def test_neutral_raises_nothing(bank, answers_factory):
    # neutral (50) is above recommend_at_most (25)
    result = assess(bank, [answers_factory(fill="neutral")])
    assert result.recommendations == []
    assert result.gaps == []


def test_recommendations_ordered_by_priority_and_tied_to_statements(bank, answers_factory):
    s = scores(bank)
    low = bank.rules.recommend_at_most
    answers = {}
    # trust: a gap lesson, with one statement at the bottom
    trust = ids(bank, "trust")
    answers.update({sid: "disagree" for sid in trust})
    answers[trust[0]] = "strongly-disagree"
    # capacity: one low statement in a lesson that is not a gap
    cap = ids(bank, "capacity")
    answers[cap[1]] = "disagree"
    # barriers: a statement at the bottom in a non-gap lesson
    bar = ids(bank, "barriers")
    answers[bar[3]] = "strongly-disagree"
    result = assess(bank, [answers_factory(answers, fill="agree")])
    recs = result.recommendations
    assert recs
    priorities = [r.priority for r in recs]
    assert priorities == sorted(priorities)

    by_id = {st.id: st for st in result.statements}
    lesson_texts = {(l.id, r.text) for l in bank.lessons for r in l.recommendations}
    for r in recs:
        assert r.statements, r
        for sid in r.statements:
            assert by_id[sid].score is not None and by_id[sid].score <= low
            assert by_id[sid].lesson == r.lesson
        if (r.lesson, r.text) not in lesson_texts:
            # a statement's own recommendation: tied to the statement that holds it
            for sid in r.statements:
                assert r.text in {x.text for x in recs_of(bank, sid)}

    def prio(text):
        return next(r.priority for r in recs if r.text == text)

    # bottom-of-scale statement: priority 1 (in gap lesson or not)
    for rec in recs_of(bank, trust[0]):
        assert prio(rec.text) == 1
    for rec in recs_of(bank, bar[3]):
        assert prio(rec.text) == 1
    # low statement in a gap lesson: priority 2
    for rec in recs_of(bank, trust[1]):
        assert prio(rec.text) == 2
    # low statement elsewhere: priority 3
    for rec in recs_of(bank, cap[1]):
        assert prio(rec.text) == 3
    # the gap lesson's own recommendations: priority 1, tied to its low statements
    for rec in bank.lesson("trust").recommendations:
        item = next(r for r in recs if r.text == rec.text)
        assert item.priority == 1
        assert item.source == rec.source
        assert set(item.statements) == set(trust)
    assert s["disagree"] > bank.rules.statement_gap_at_most


def test_within_priority_lower_lesson_first(bank, answers_factory):
    cap = ids(bank, "capacity")
    trust = ids(bank, "trust")
    answers = {sid: "strongly-agree" for sid in trust}
    answers[trust[0]] = "disagree"  # trust lesson high
    answers[cap[0]] = "disagree"  # capacity lesson lower (others agree)
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert result.lessons["capacity"].score < result.lessons["trust"].score
    order = [r.lesson for r in result.recommendations]
    assert all(r.priority == 3 for r in result.recommendations)
    assert order.index("capacity") < order.index("trust")
    assert max(i for i, l in enumerate(order) if l == "capacity") < min(i for i, l in enumerate(order) if l == "trust")


def test_every_recommendation_has_a_seed_source(bank, answers_factory):
    result = assess(bank, [answers_factory(fill="strongly-disagree")])
    assert result.recommendations
    keys = {src.key for src in bank.sources}
    for r in result.recommendations:
        assert r.source in keys


def test_same_text_listed_once(bank, answers_factory):
    result = assess(bank, [answers_factory(fill="strongly-disagree")])
    keys = [(r.lesson, r.text) for r in result.recommendations]
    assert len(keys) == len(set(keys))


def test_board_questions_include_gap_lesson_question(bank, answers_factory):
    answers = {sid: "disagree" for sid in ids(bank, "sustainability")}
    result = assess(bank, [answers_factory(answers, fill="agree")])
    assert bank.lesson("sustainability").board_question in result.board_questions
    assert fill(bank.texts.board_no_gaps) not in result.board_questions
    for other in bank.lessons:
        if other.id != "sustainability":
            assert other.board_question not in result.board_questions


def test_board_question_for_not_assessed_lesson(bank, answers_factory):
    answers = {sid: "dont-know" for sid in ids(bank, "barriers")}
    result = assess(bank, [answers_factory(answers, fill="agree")])
    name = bank.lesson("barriers").in_sentence  # inside the sentence
    assert fill(bank.texts.board_not_assessed, lessons=name, dont_know=missing_answers(bank)) in result.board_questions
    assert fill(bank.texts.not_assessed, lessons=name, dont_know=missing_answers(bank)) in result.warnings


def test_board_questions_have_no_duplicates(bank, answers_factory):
    result = assess(bank, [answers_factory(fill="strongly-disagree")])
    assert len(result.board_questions) == len(set(result.board_questions))


# --------------------------------------------------------------------------
# fill()
# --------------------------------------------------------------------------


def test_fill_substitutes_names():
    assert fill("The $lesson is ${kind}ed", lesson="trust", kind="test") == "The trust is tested"


def test_fill_never_evaluates_format_fields():
    text = "{0.__class__} {lesson} {0} %(lesson)s $lesson"
    assert fill(text, lesson="trust") == "{0.__class__} {lesson} {0} %(lesson)s trust"


def test_fill_attribute_like_placeholders_are_not_evaluated():
    assert fill("$lesson.__class__", lesson="x") == "x.__class__"
    assert fill("${lesson.__class__}", lesson="x") == "${lesson.__class__}"


def test_fill_leaves_unknown_placeholders():
    assert fill("$missing and $$ and $", other=1) == "$missing and $ and $"


def test_fill_values_are_not_substituted_again():
    assert fill("$a", a="$b", b="B") == "$b"
    assert fill("$a", a="{0.__class__}") == "{0.__class__}"


def test_fill_collapses_whitespace():
    assert fill("  one\n two\t\tthree ") == "one two three"

"""Several respondents combined, and two assessments compared."""

from __future__ import annotations

import datetime as dt

import pytest

from partnercheck.advice import fill, quoted
from partnercheck.assess import assess
from partnercheck.compare import compare
from partnercheck.history import ScoreChange
from partnercheck.models import to_json


def scores(bank):
    return {o.value: o.score for o in bank.scale("agreement").options}


def points(bank):
    return {o.value: i for i, o in enumerate(o for o in bank.scale("agreement").options if o.score is not None)}


def ids(bank, lesson):
    return [s.id for s in bank.statements if s.lesson == lesson]


def statement(result, sid):
    return next(s for s in result.statements if s.id == sid)


# --------------------------------------------------------------------------
# combine
# --------------------------------------------------------------------------


def test_mean_and_spread_per_statement(bank, answers_factory):
    s, p = scores(bank), points(bank)
    sid = ids(bank, "trust")[0]
    values = ["strongly-agree", "neutral", "agree"]
    responses = [answers_factory({sid: v}, fill="agree") for v in values]
    result = assess(bank, responses)
    st = statement(result, sid)
    assert result.respondents == 3
    assert st.score == round(sum(s[v] for v in values) / 3, 1)
    assert st.spread == max(p[v] for v in values) - min(p[v] for v in values) == 2
    assert st.answered == 3
    assert st.value is None  # no single answer in a combined result


def test_dont_know_left_out_of_combined_mean(bank, answers_factory):
    s = scores(bank)
    sid = ids(bank, "capacity")[0]
    responses = [answers_factory({sid: v}, fill="agree") for v in ["agree", "dont-know", "disagree"]]
    st = statement(assess(bank, responses), sid)
    assert st.score == (s["agree"] + s["disagree"]) / 2
    assert st.answered == 2
    assert st.dont_know == 1


def test_divergence_at_two_points(bank, answers_factory):
    sid = ids(bank, "barriers")[1]
    assert bank.rules.divergence_points == 2
    responses = [answers_factory({sid: "agree"}, fill="agree"), answers_factory({sid: "disagree"}, fill="agree")]
    result = assess(bank, responses)
    div = [d for d in result.divergence if d.kind == "statement"]
    assert [d.question for d in div] == [sid]
    assert div[0].spread == 2
    assert div[0].counts == {"agree": 1, "disagree": 1}
    text = next(x.text for x in bank.statements if x.id == sid)
    assert fill(bank.texts.board_divergence, statement=quoted(bank.texts, text)) in result.board_questions


def test_no_divergence_at_one_point(bank, answers_factory):
    sid = ids(bank, "barriers")[1]
    responses = [answers_factory({sid: "agree"}, fill="agree"), answers_factory({sid: "neutral"}, fill="agree")]
    result = assess(bank, responses)
    assert statement(result, sid).spread == 1
    assert [d for d in result.divergence if d.kind == "statement"] == []


def test_no_divergence_for_single_respondent(bank, answers_factory):
    result = assess(bank, [answers_factory({"continuum.problem": "lead"}, fill="strongly-agree")])
    assert result.divergence == []


def test_continuum_divergence_on_the_problem(bank, answers_factory):
    problem_q = bank.continuum_questions[0]
    assert problem_q.about == "who defines the problem"
    responses = [
        answers_factory({problem_q.id: "lead"}, fill="agree"),
        answers_factory({problem_q.id: "together"}, fill="agree"),
    ]
    result = assess(bank, responses)
    div = [d for d in result.divergence if d.kind == "continuum"]
    assert [d.question for d in div] == [problem_q.id]
    assert div[0].counts == {"lead": 1, "together": 1}
    board = fill(bank.texts.board_divergence_problem)
    assert board in result.board_questions
    assert "do not yet share a view of the problem" in board
    # the problem question is the most pressing one
    assert result.board_questions[0] == board
    # a tie counts the lower-reaching answer; who decides is not answered,
    # so the answers leave a range open
    assert result.continuum.option is None
    assert result.continuum.allowed == [1, 2, 3]


def test_same_problem_answer_no_continuum_divergence(bank, answers_factory):
    responses = [answers_factory({"continuum.problem": "together"}, fill="agree") for _ in range(2)]
    result = assess(bank, responses)
    assert [d for d in result.divergence if d.kind == "continuum"] == []
    assert fill(bank.texts.board_divergence_problem) not in result.board_questions


def test_dont_know_is_not_continuum_divergence(bank, answers_factory):
    responses = [
        answers_factory({"continuum.problem": "together"}, fill="agree"),
        answers_factory({"continuum.problem": "dont-know"}, fill="agree"),
    ]
    result = assess(bank, responses)
    assert [d for d in result.divergence if d.kind == "continuum"] == []


def test_other_continuum_divergence_uses_general_board_question(bank, answers_factory):
    q = bank.continuum_questions[1]
    responses = [answers_factory({q.id: "lead-alone"}, fill="agree"), answers_factory({q.id: "together"}, fill="agree")]
    result = assess(bank, responses)
    assert fill(bank.texts.board_divergence_continuum, about=q.about) in result.board_questions
    assert fill(bank.texts.board_divergence_problem) not in result.board_questions


def test_continuum_majority_counts(bank, answers_factory):
    responses = [answers_factory({"continuum.problem": v}, fill="agree") for v in ["together", "together", "lead"]]
    result = assess(bank, responses)
    assert result.continuum.allowed == [4, 5]
    shown = next(a for a in result.continuum.answers if a.question == "continuum.problem")
    assert shown.counts == {"together": 2, "lead": 1}


NAMES = ["Zebedee Quillfeather", "Ottoline Marchbanks", "Peregrine Abernathy"]
ORGS = ["Northtown Constabulary Xq", "Northtown Council Xq", "Valley Health Trust Xq"]


def named_responses(answers_factory, orgs=ORGS):
    return [
        answers_factory(
            {"continuum.problem": v},
            fill=f,
            respondent=n,
            organisation=o,
            notes={"trust.conflict-raised": "Better since the away day."},
        )
        for n, o, v, f in zip(NAMES, orgs, ["lead", "together", "together"], ["agree", "disagree", "neutral"])
    ]


def test_respondent_names_never_in_combined_json(bank, answers_factory):
    result = assess(bank, named_responses(answers_factory))
    text = to_json(result)
    for name in NAMES:
        assert name not in text
        for part in name.split():
            assert part not in text
    for org in ORGS:
        assert org not in text  # every organisation is below min_group
    assert result.respondent is None
    assert result.organisation is None
    assert result.groups == []
    assert any("fewer than 3" in w for w in result.warnings)


def test_respondent_names_shown_when_asked(bank, answers_factory):
    result = assess(bank, named_responses(answers_factory), name_respondents=True)
    for name in NAMES:
        assert name in result.respondent
    for org in ORGS:
        assert org in result.organisation


def test_groups_only_at_min_group(bank, answers_factory):
    s = scores(bank)
    big = [answers_factory(fill="agree", organisation="Big Org") for _ in range(3)]
    small = [answers_factory(fill="disagree", organisation="Small Org") for _ in range(2)]
    result = assess(bank, big + small, min_group=3)
    assert [g.organisation for g in result.groups] == ["Big Org"]
    group = result.groups[0]
    assert group.respondents == 3
    assert group.score == s["agree"]
    assert all(v == s["agree"] for v in group.lessons.values())
    assert "Small Org" not in to_json(result)
    assert any("1 organisation(s)" in w for w in result.warnings)

    result2 = assess(bank, big + small, min_group=2)
    assert [g.organisation for g in result2.groups] == ["Big Org", "Small Org"]
    assert result2.groups[1].score == s["disagree"]


def test_lessons_low_and_high(bank, answers_factory):
    s = scores(bank)
    responses = [answers_factory(fill="agree"), answers_factory(fill="neutral"), answers_factory(fill="disagree")]
    result = assess(bank, responses)
    for lesson in result.lessons.values():
        assert lesson.low == s["disagree"]
        assert lesson.high == s["agree"]
        assert lesson.score == round((s["agree"] + s["neutral"] + s["disagree"]) / 3, 1)


def test_single_respondent_has_no_low_high(bank, answers_factory):
    result = assess(bank, [answers_factory(fill="agree")])
    assert all(l.low is None and l.high is None for l in result.lessons.values())


def test_combined_date_is_latest(bank, answers_factory):
    responses = [
        answers_factory(fill="agree", date=dt.date(2026, 1, 5)),
        answers_factory(fill="agree", date=dt.date(2026, 3, 1)),
        answers_factory(fill="agree"),
    ]
    assert assess(bank, responses).date == dt.date(2026, 3, 1)


def test_assess_needs_answers(bank):
    with pytest.raises(ValueError):
        assess(bank, [])


# --------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------


def build(bank, answers_factory, per_lesson, extra=None, **kw):
    answers = {s.id: per_lesson.get(s.lesson, "agree") for s in bank.statements}
    answers.update(extra or {})
    return assess(bank, [answers_factory(answers, **kw)])


def test_compare_lessons_and_gaps(bank, answers_factory):
    cap0 = ids(bank, "capacity")[0]
    bar1 = ids(bank, "barriers")[1]
    old = build(
        bank,
        answers_factory,
        {"trust": "disagree", "shared_interest": "neutral"},
        {cap0: "strongly-disagree", bar1: "strongly-disagree"},
        date=dt.date(2025, 1, 1),
    )
    new = build(
        bank,
        answers_factory,
        {"barriers": "disagree", "shared_interest": "strongly-agree"},
        {cap0: "strongly-disagree"},
        date=dt.date(2026, 1, 1),
    )
    c = compare(old, new)
    for lid, change in c.lessons.items():
        o, n = old.lessons[lid], new.lessons[lid]
        assert change.old == o.score and change.new == n.score
        assert change.change == round(n.score - o.score, 1)
        assert change.old_band == o.band and change.new_band == n.band
    assert c.lessons["trust"].band_move == "up"  # gap -> strength
    assert c.lessons["barriers"].band_move == "down"
    assert c.lessons["shared_interest"].band_move == "up"  # watch -> strength
    assert c.lessons["valued_enterprise"].band_move == "same"
    assert c.lessons["valued_enterprise"].change == 0

    closed = {(g.kind, g.lesson, g.statement) for g in c.gaps_closed}
    opened = {(g.kind, g.lesson, g.statement) for g in c.gaps_opened}
    remaining = {(g.kind, g.lesson, g.statement) for g in c.gaps_remaining}
    assert closed == {("lesson", "trust", None), ("statement", "barriers", bar1)}
    assert opened == {("lesson", "barriers", None)}
    assert remaining == {("statement", "capacity", cap0)}
    assert c.score == ScoreChange(old=old.score, new=new.score, change=round(new.score - old.score, 1))
    assert c.old_date == dt.date(2025, 1, 1) and c.new_date == dt.date(2026, 1, 1)
    assert c.warnings == []


def test_each_gap_of_a_statement_nothing_asks_any_more_is_listed_as_not_known_closed(bank, answers_factory):
    """Two statement gaps of an older round, on statements a later bank no
    longer asks (renamed to nothing), cannot be shown closed: the comparison
    names each of them, not one for the pair."""
    import dataclasses

    a, b = ids(bank, "trust")[:2]
    gone = {a: "trust.old-first", b: "trust.old-second"}
    old = build(bank, answers_factory, {}, {a: "strongly-disagree", b: "strongly-disagree"}, date=dt.date(2025, 1, 1))
    old = dataclasses.replace(
        old,
        statements=[dataclasses.replace(s, id=gone.get(s.id, s.id), text=f"Old {gone[s.id]}.") if s.id in gone else s
                    for s in old.statements],
        gaps=[dataclasses.replace(g, statement=gone.get(g.statement, g.statement)) for g in old.gaps],
    )
    assert {g.statement for g in old.gaps if g.kind == "statement"} == set(gone.values())
    later = dataclasses.replace(bank, renamed={**bank.renamed, **dict.fromkeys(gone.values())})
    new = build(bank, answers_factory, {}, date=dt.date(2026, 1, 1))
    c = compare(old, new, bank=later)
    said = " ".join(c.warnings)
    for old_id in gone.values():
        assert f"Old {old_id}" in said
    assert not c.gaps_closed


def test_compare_not_assessed_lesson_has_no_change(bank, answers_factory):
    old = build(bank, answers_factory, {"trust": "dont-know"})
    new = build(bank, answers_factory, {})
    c = compare(old, new)
    assert c.lessons["trust"].old is None
    assert c.lessons["trust"].change is None
    assert c.lessons["trust"].band_move == "n/a"


def test_compare_only_in_old_and_new(bank, answers_factory):
    a, b, d = ids(bank, "trust")[0], ids(bank, "capacity")[0], ids(bank, "barriers")[0]
    old = build(bank, answers_factory, {}, {a: None, b: "agree", d: "agree"})
    new = build(bank, answers_factory, {}, {a: "agree", b: "dont-know", d: "agree"})
    c = compare(old, new)
    assert c.only_in_old == [b]
    assert c.only_in_new == [a]


def test_compare_statements_changed(bank, answers_factory):
    s = scores(bank)
    a = ids(bank, "trust")[0]
    old = build(bank, answers_factory, {}, {a: "disagree"})
    new = build(bank, answers_factory, {}, {a: "strongly-agree"})
    c = compare(old, new)
    assert [x.id for x in c.statements_changed] == [a]
    assert c.statements_changed[0].change == s["strongly-agree"] - s["disagree"]


def test_compare_warns_on_reversed_dates_and_respondents(bank, answers_factory):
    old = build(bank, answers_factory, {}, date=dt.date(2026, 6, 1))
    new = assess(bank, [answers_factory(fill="agree", date=dt.date(2026, 1, 1)) for _ in range(2)])
    c = compare(old, new)
    assert any("dated after" in w for w in c.warnings)
    assert any("Different numbers of respondents (1 then 2)" in w for w in c.warnings)


def test_compare_continuum_moves(bank, answers_factory):
    old = build(bank, answers_factory, {}, {"continuum.problem": "lead", "continuum.solution": "lead-alone"})
    new = build(bank, answers_factory, {}, {"continuum.problem": "together", "continuum.solution": "together", "continuum.responsibility": "lead"})
    c = compare(old, new)
    assert c.continuum.old_option == 1
    assert c.continuum.new_option == 4


# --------------------------------------------------------------------------
# compare: readiness, warnings and closed gaps as a board reads them
# --------------------------------------------------------------------------

BEYOND = {"continuum.solution": "together", "continuum.problem": "together", "continuum.responsibility": "each-partner"}
AT_3 = {"continuum.solution": "together", "continuum.problem": "lead", "continuum.responsibility": "each-partner"}


def test_a_move_from_3_to_4_beyond_readiness_does_not_read_as_plain_progress(bank, answers_factory):
    from partnercheck.render import formats

    # a memory in the gap band: enough for option 3, not for 4 (no lesson may be a gap)
    old = build(bank, answers_factory, {"sustainability": "disagree"}, AT_3, date=dt.date(2025, 1, 1))
    new = build(bank, answers_factory, {"sustainability": "disagree"}, BEYOND, date=dt.date(2026, 1, 1))
    assert (old.continuum.option, new.continuum.option) == (3, 4)
    assert new.continuum.ready_here == "not ready" and new.warnings
    c = compare(old, new)
    # the newer assessment's own warnings are kept, and the move is named as a risk
    for w in new.warnings:
        assert w in c.warnings
    assert any("not progress to report" in w for w in c.warnings)
    assert (c.continuum.old_ready_here, c.continuum.new_ready_here) == ("ready", "not ready")
    text = " ".join(formats.render(c, bank, "markdown").text.split())
    assert f"| {bank.texts.carry_here} | {bank.texts.verdict_ready} | {bank.texts.verdict_not_ready} |" in text
    # the stale "Ready for" row is gone: readiness is a verdict, not a rung
    assert f"| {bank.texts.ready_for} |" not in text


def test_a_closed_lesson_gap_is_worded_as_closed(bank, answers_factory):
    from partnercheck.render import formats

    old = build(bank, answers_factory, {"sustainability": "disagree"}, date=dt.date(2025, 1, 1))
    new = build(bank, answers_factory, {"sustainability": "neutral"}, date=dt.date(2026, 1, 1))
    c = compare(old, new)
    assert [(g.kind, g.lesson) for g in c.gaps_closed] == [("lesson", "sustainability")]
    assert c.gaps_closed_words == ["25 → 50, out of the gap band."]
    text = " ".join(formats.render(c, bank, "terminal").text.split())
    assert "Sustainability and memory: 25 → 50, out of the gap band." in text
    assert "Scores 25, in the gap band" not in text


def test_a_gap_the_newer_round_cannot_see_is_not_called_closed(bank, answers_factory):
    old = build(bank, answers_factory, {"trust": "disagree"}, date=dt.date(2025, 1, 1))
    new = build(bank, answers_factory, {"trust": "dont-know"}, date=dt.date(2026, 1, 1))
    c = compare(old, new)
    assert not any(g.lesson == "trust" for g in c.gaps_closed)
    assert any("Trusted relationships was in the gap band" in w and "cannot be told" in w for w in c.warnings)


def test_a_statement_answered_in_one_round_only_is_named_by_its_words(bank, answers_factory):
    from partnercheck.render import formats

    a = ids(bank, "trust")[0]
    text = next(s.text for s in bank.statements if s.id == a).rstrip(".")
    old = build(bank, answers_factory, {}, {a: None})
    new = build(bank, answers_factory, {}, {a: "agree"})
    page = " ".join(formats.render(compare(old, new), bank, "markdown").text.split())
    assert f"\u201c{text}\u201d" in page and a not in page


def test_a_minority_gap_is_not_called_closed_when_the_whole_lesson_fell_into_the_gap_band(bank, answers_factory):
    """One partner scored a lesson in the gap band before; now every partner
    does.  A partnership manager must not read that as "no respondent now
    scores it in the gap band": it is worse, a lesson gap among the gaps
    opened, and nothing under gaps closed."""
    def round_(levels, date):
        return assess(bank, [answers_factory({}, fill=level, organisation=f"Org {i}", date=date) for i, level in enumerate(levels)])

    old = round_(["agree", "agree", "agree", "disagree"], dt.date(2025, 1, 1))
    new = round_(["disagree"] * 4, dt.date(2026, 1, 1))
    assert any(g.kind == "minority" for g in old.gaps)
    c = compare(old, new, bank=bank)
    assert not any(g.kind == "minority" for g in c.gaps_closed)
    assert {g.lesson for g in old.gaps if g.kind == "minority"} <= {g.lesson for g in c.gaps_opened if g.kind == "lesson"}

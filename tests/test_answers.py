"""Answers files: checking against the bank, templates, and writing them back."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnercheck.answers import answers_from_data, dump_answers, load_answers, template
from partnercheck.errors import InputError
from partnercheck.files import parse_yaml
from partnercheck.models import Answers

SOURCE = "answers.yaml"


def problems_of(data, bank):
    with pytest.raises(InputError) as info:
        answers_from_data(data, bank, SOURCE)
    assert info.value.source == SOURCE
    return {p.where: p.message for p in info.value.problems}


def good(bank, **extra):
    data = {"partnership": "Northtown", "answers": {"trust.conflict-raised": "agree"}}
    data.update(extra)
    return data


def test_good_answers_load(bank):
    a = answers_from_data(good(bank, notes={"trust.conflict-raised": "Better"}), bank, SOURCE)
    assert a.partnership == "Northtown"
    assert a.given() == {"trust.conflict-raised": "agree"}
    assert a.notes == {"trust.conflict-raised": "Better"}


def test_blank_answer_allowed(bank):
    a = answers_from_data(good(bank, answers={"trust.conflict-raised": None, "trust.new-people": "agree"}), bank, SOURCE)
    assert a.given() == {"trust.new-people": "agree"}


def test_unknown_question_id_with_did_you_mean(bank):
    problems = problems_of(good(bank, answers={"trust.conflict-raise": "agree"}), bank)
    msg = problems["answers.trust.conflict-raise"]
    assert "unknown question id" in msg
    assert "did you mean 'trust.conflict-raised'" in msg


def test_unknown_question_id_far_from_any(bank):
    problems = problems_of(good(bank, answers={"zzz": "agree"}), bank)
    assert "did you mean" not in problems["answers.zzz"]
    assert "unknown question id" in problems["answers.zzz"]


def test_value_not_an_option_lists_options(bank):
    problems = problems_of(good(bank, answers={"trust.conflict-raised": "agre"}), bank)
    msg = problems["answers.trust.conflict-raised"]
    assert "'agre' is not an option" in msg
    for o in bank.scale("agreement").options:
        assert o.value in msg


def test_continuum_value_not_an_option_lists_its_options(bank):
    q = bank.continuum_questions[0]
    problems = problems_of(good(bank, answers={q.id: "agree"}), bank)
    msg = problems[f"answers.{q.id}"]
    for o in q.options:
        assert o.value in msg


def test_many_slips_list_each_set_of_options_once(bank):
    # a file with a slip on every line would repeat the same list of options
    # on every line of the message: it is given once per set of options, and
    # each line still names the option it was meant to be
    q = bank.continuum_questions[0]
    slips = {"trust.conflict-raised": "agre", "trust.relationships-early": "disagre", "trust.new-people": "purple", q.id: "agree"}
    problems = problems_of(good(bank, answers=slips), bank)
    agreement = [o.value for o in bank.scale("agreement").options]
    with_list = [w for w, msg in problems.items() if all(v in msg for v in agreement)]
    assert with_list == ["answers.trust.conflict-raised"]
    assert problems["answers.trust.relationships-early"].endswith("did you mean 'disagree'?")
    assert "as listed above" in problems["answers.trust.new-people"]
    assert all(o.value in problems[f"answers.{q.id}"] for o in q.options)  # another set: listed too


def test_non_string_value(bank):
    problems = problems_of(good(bank, answers={"trust.conflict-raised": 3}), bank)
    assert any(w.startswith("answers.trust.conflict-raised") for w in problems)


def test_missing_partnership(bank):
    problems = problems_of({"answers": {"trust.conflict-raised": "agree"}}, bank)
    assert problems["partnership"] == "is required"


def test_blank_partnership(bank):
    problems = problems_of(good(bank, partnership="   "), bank)
    assert "partnership" in problems


def test_partnership_wrong_type(bank):
    problems = problems_of(good(bank, partnership=123), bank)
    assert "partnership" in problems


def test_answers_as_a_list(bank):
    problems = problems_of(good(bank, answers=["agree", "neutral"]), bank)
    assert "answers" in problems


def test_unknown_top_level_field(bank):
    problems = problems_of(good(bank, respondant="A. Officer"), bank)
    assert problems["respondant"] == "unknown field; did you mean 'respondent'?"


def test_note_for_unknown_question(bank):
    problems = problems_of(good(bank, notes={"trust.nope": "x"}), bank)
    assert "notes.trust.nope" in problems


def test_several_problems_at_once(bank):
    data = {
        "answers": {
            "trust.conflict-raise": "agree",
            "capacity.right-organisations": "maybe",
            "continuum.problem": "nobody",
        },
        "date": "not a date",
    }
    problems = problems_of(data, bank)
    assert "partnership" in problems
    assert "date" in problems
    assert "answers.trust.conflict-raise" in problems
    assert "answers.capacity.right-organisations" in problems
    assert "answers.continuum.problem" in problems
    assert len(problems) == 5


@pytest.mark.parametrize("data", [None, [], "text", 42, ["partnership", "x"]])
def test_not_a_mapping(bank, data):
    with pytest.raises(InputError):
        answers_from_data(data, bank, SOURCE)


def test_load_answers_file(tmp_path, bank):
    path = tmp_path / "a.yaml"
    path.write_text("partnership: Northtown\nanswers:\n  trust.conflict-raised: agree\n", encoding="utf-8")
    assert load_answers(path, bank).given() == {"trust.conflict-raised": "agree"}
    jpath = tmp_path / "a.json"
    jpath.write_text('{"partnership": "N", "answers": {"continuum.problem": "lead"}}', encoding="utf-8")
    assert load_answers(jpath, bank).given() == {"continuum.problem": "lead"}


# --------------------------------------------------------------------------
# template
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Northtown Community Safety Partnership", 'Say "hi": a # b', "Ünïcödé – ‘x’"])
def test_template_loads_and_has_every_question(bank, name):
    text = template(bank, partnership=name)
    data = parse_yaml(text, "template.yaml")
    assert set(data["answers"]) == {q.id for q in bank.questions()}
    assert all(v is None for v in data["answers"].values())
    # sent back unanswered, it is refused; as a draft to resume, it loads
    with pytest.raises(InputError, match="no question is answered"):
        answers_from_data(data, bank, "template.yaml")
    a = answers_from_data(data, bank, "template.yaml", draft=True)
    assert a.partnership == name
    assert a.given() == {}
    assert a.respondent is None
    # the day the template was made is not the day it is answered: left for the partner
    assert a.date is None


def test_template_without_partnership_asks_for_one(bank):
    data = parse_yaml(template(bank), "template.yaml")
    assert set(data["answers"]) == {q.id for q in bank.questions()}
    with pytest.raises(InputError) as info:
        answers_from_data(data, bank, "template.yaml")
    assert [p.where for p in info.value.problems] == ["partnership"]


def test_template_lists_each_questions_options(bank):
    text = template(bank, partnership="P")
    for q in bank.continuum_questions:
        block = text.split(f"  {q.id}:")[0].rsplit("\n\n", 1)[-1]
        for o in q.options:
            assert o.value in block


# --------------------------------------------------------------------------
# dump_answers round trip
# --------------------------------------------------------------------------

TRICKY_NOTES = [
    'He said "no": that\'s final',
    "key: value # not a comment",
    "line one\nline two\n\nline four",
    "- looks like a list",
    "{not: a mapping}",
    "café – naïve – 東京 – 😀",
    "  leading and trailing  ",
    "null",
    "yes",
    "123",
    "2026-01-01",
    "back\\slash and tab\there",
    "&anchor *alias !tag",
    "a\x7fb\x85c\u2028d",
]


def roundtrip(bank, answers):
    text = dump_answers(answers, bank)
    return answers_from_data(parse_yaml(text, "dump.yaml"), bank, "dump.yaml", draft=True)


@pytest.mark.parametrize("note", TRICKY_NOTES)
def test_dump_round_trips_notes(bank, answers_factory, note):
    a = answers_factory(
        {"trust.conflict-raised": "agree", "continuum.problem": "together"},
        notes={"trust.conflict-raised": note, "continuum.problem": "fine"},
    )
    back = roundtrip(bank, a)
    assert back.given() == a.given()
    assert back.notes == a.notes


def test_dump_round_trips_everything(bank, answers_factory):
    answers = {q.id: None for q in bank.questions()}
    for i, s in enumerate(bank.statements):
        answers[s.id] = ["agree", "dont-know", "strongly-disagree", None][i % 4]
    answers["continuum.solution"] = "lead-consults"
    answers["continuum.aspiration"] = "full-partnership"
    a = answers_factory(
        answers,
        partnership='The "Northtown": Partnership',
        respondent="Zoë O'Brien",
        organisation="Council: Adults & Children",
        date=dt.date(2026, 11, 1),
        notes={s.id: f"note {i}: \"quoted\"\nnext" for i, s in enumerate(bank.statements[:5])},
    )
    back = roundtrip(bank, a)
    assert back.given() == a.given()
    assert back.notes == a.notes
    assert back.partnership == a.partnership
    assert back.respondent == a.respondent
    assert back.organisation == a.organisation
    assert back.date == a.date


def test_dump_empty_answers(bank, answers_factory):
    a = answers_factory({})
    back = roundtrip(bank, a)
    assert back.given() == {}
    assert back.partnership == a.partnership


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(min_size=1).filter(lambda s: s.strip()), partnership=st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_dump_round_trips_any_text(bank, note, partnership):
    # made in code, answers are tidied by the code (the questionnaire strips what is typed)
    a = Answers(partnership=partnership.strip(), answers={"trust.conflict-raised": "agree"}, notes={"trust.conflict-raised": note})
    back = roundtrip(bank, a)
    assert back.notes == a.notes
    assert back.partnership == a.partnership


# --------------------------------------------------------------------------
# property: answers_from_data on arbitrary data
# --------------------------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@st.composite
def answer_dicts(draw, bank):
    qids = [q.id for q in bank.questions()]
    values = sorted({o.value for s in bank.scales for o in s.options} | {o.value for q in bank.continuum_questions for o in q.options})
    key = st.sampled_from(qids) | st.text(max_size=15) | st.integers() | st.none() | st.booleans()
    value = st.sampled_from(values) | json_values
    top_keys = st.sampled_from(["partnership", "respondent", "organisation", "date", "answers", "notes"]) | st.text(max_size=10) | st.integers()
    data = draw(st.dictionaries(top_keys, json_values, max_size=6))
    if draw(st.booleans()):
        data["answers"] = draw(st.dictionaries(key, value, max_size=8))
    if draw(st.booleans()):
        data["notes"] = draw(st.dictionaries(key, json_values, max_size=3))
    if draw(st.booleans()):
        data["partnership"] = draw(st.text(max_size=30) | json_values)
    return data


def test_answers_from_data_property(bank):
    @settings(max_examples=200, deadline=None)
    @given(answer_dicts(bank))
    def check(data):
        try:
            result = answers_from_data(data, bank, SOURCE)
        except InputError as exc:
            assert exc.problems or str(exc)
        else:
            assert isinstance(result, Answers)

    check()

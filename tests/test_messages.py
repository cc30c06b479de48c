"""Validation by pydantic, in partnercheck's words (messages.py), through real inputs.

Each pydantic error type the models can produce is driven by a real answers
file, bank or saved result, and must come out in the project's words with
the place it is at; the last test checks that these cases reach every type
messages.py words, and nothing it does not.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from conftest import ROOT, EXAMPLES
from partnercheck import messages
from partnercheck.answers import answers_from_data, options_listed
from partnercheck.bank import bank_from_data, trusted_bank
from partnercheck.errors import InputError
from partnercheck.history import Comparison
from partnercheck.models import Answers, Bank, Result, adapter, to_json, validate
from partnercheck.results import comparison_from_data, result_from_data

SRC = ROOT / "src" / "partnercheck"


# --------------------------------------------------------------------------
# Inputs: a change to a good answers file, bank or result
# --------------------------------------------------------------------------


def good_answers(_bank: Any = None) -> dict[str, Any]:
    return {"partnership": "Northtown", "answers": {"trust.conflict-raised": "agree"}}


def statement(data: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in data["statements"] if s["id"] == sid)


def setter(*path: Any, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for part in path[:-1]:
            # "#trust.new-people": the item of a list with that id
            data = next(s for s in data if s["id"] == part[1:]) if str(part).startswith("#") else data[part]
        data[path[-1]] = value

    return change


# (input kind, change, place, message, pydantic's error type)
CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str, str]] = [
    # answers files
    ("answers", lambda d: d.pop("partnership"), "partnership", "is required", "missing"),
    ("answers", setter("respondant", value="A. Officer"), "respondant", "unknown field; did you mean 'respondent'?", "unexpected_keyword_argument"),
    ("answers", setter("colour", value="red"), "colour", "unknown field", "unexpected_keyword_argument"),
    ("answers", setter(1, value="x"), "1", "unknown field (a field's name is text)", "invalid_key"),
    ("answers", setter("respondent", value=3), "respondent", "should be text", "string_type"),
    ("answers", setter("partnership", value=123), "partnership", "should be text", "string_type"),
    ("answers", setter("partnership", value="x" * 201), "partnership", "is too long: at most 200 characters", "string_too_long"),
    ("answers", setter("date", value="1 Nov"), "date", "should be a date written YYYY-MM-DD", "date_type"),
    ("answers", setter("date", value="2026-02-30"), "date", "should be a date written YYYY-MM-DD", "date_type"),
    ("answers", setter("date", value=20261101), "date", "should be a date written YYYY-MM-DD", "date_type"),
    ("answers", setter("date", value=dt.datetime(2026, 11, 1, 9, 30)), "date", "should be a date written YYYY-MM-DD", "date_type"),
    ("answers", setter("notes", value=["a note"]), "notes", "should be a mapping", "dict_type"),
    ("answers", setter("notes", value={"trust.conflict-raised": 5}), "notes.trust.conflict-raised", "should be text", "string_type"),
    ("answers", setter("partnership", value="   "), "partnership", "is empty: write the partnership's name", messages.OWN),
    ("answers", setter("partnership", value=None), "partnership", "is empty: write the partnership's name", messages.OWN),
    ("answers", setter("answers", value=["agree"]), "answers", "should be a mapping", messages.OWN),
    # question banks
    ("bank", setter("statements", "#trust.new-people", "text", value=""), "statements[trust.new-people].text", "is empty", "string_too_short"),
    ("bank", setter("statements", "#trust.new-people", "text", value=123), "statements[trust.new-people].text", "should be text", "string_type"),
    ("bank", setter("statements", "#trust.new-people", "colour", value="blue"), "statements[trust.new-people].colour", "unknown field", "unexpected_keyword_argument"),
    ("bank", setter("statements", "#trust.new-people", "lessn", value="trust"), "statements[trust.new-people].lessn", "unknown field; did you mean 'lesson'?", "unexpected_keyword_argument"),
    ("bank", setter("texts", "disclaimr", value="Not advice."), "texts.disclaimr", "unknown field; did you mean 'disclaimer'?", "extra_forbidden"),
    ("bank", lambda d: d["texts"].pop("disclaimer"), "texts.disclaimer", "is required", "missing"),
    ("bank", setter("texts", "disclaimer", value=7), "texts.disclaimer", "should be text", "string_type"),
    ("bank", lambda d: statement(d, "trust.new-people").pop("help"), "statements[trust.new-people].help", "is required", "missing"),
    ("bank", setter("scales", 0, "options", 3, "value", value="Agree"), "scales.0.options.3.value",
     "'Agree' is not a valid id: use lower-case letters, digits, '-' and '_' (^[a-z0-9][a-z0-9_-]*$)", "string_pattern_mismatch"),
    ("bank", lambda d: d["scales"][0].update(options=d["scales"][0]["options"][:1]), "scales.0.options", "should have at least 2 items", "too_short"),
    ("bank", setter("statements", "#trust.new-people", "recommendations", value=[]), "statements[trust.new-people].recommendations", "should have at least 1 item", "too_short"),
    ("bank", setter("statements", "#trust.new-people", "recommendations", value="do better"), "statements[trust.new-people].recommendations", "should be a list", "tuple_type"),
    ("bank", setter("statements", "#trust.new-people", "recommendations", value=["do better"]), "statements[trust.new-people].recommendations.0", "should be a mapping of fields", "dataclass_type"),
    ("bank", setter("rules", value="strict"), "rules", "should be a mapping of fields", "dataclass_type"),
    ("bank", setter("rules", "divergence_points", value="2"), "rules.divergence_points", "should be a whole number", "int_type"),
    ("bank", setter("rules", "divergence_points", value=2.5), "rules.divergence_points", "should be a whole number", "int_type"),
    ("bank", setter("rules", "divergence_points", value=True), "rules.divergence_points", "should be a whole number", "int_type"),
    ("bank", setter("rules", "divergence_points", value=0), "rules.divergence_points", "should be at least 1", "greater_than_equal"),
    ("bank", setter("rules", "max_missing_share", value="0.5"), "rules.max_missing_share", "should be a number", "float_type"),
    ("bank", setter("rules", "max_missing_share", value=True), "rules.max_missing_share", "should be a number", "float_type"),
    ("bank", setter("rules", "max_missing_share", value=-0.1), "rules.max_missing_share", "should be at least 0", "greater_than_equal"),
    ("bank", setter("rules", "max_missing_share", value=1.5), "rules.max_missing_share", "should be at most 1", "less_than_equal"),
    ("bank", setter("bands", 0, "min", value=float("nan")), "bands.0.min", "should be a number (not infinity or NaN)", "finite_number"),
    ("bank", setter("bands", 0, "min", value=101), "bands.0.min", "should be at most 100", "less_than_equal"),
    ("bank", setter("bands", 0, "id", value="amber"), "bands.0.id", "should be one of: strength, watch, gap", "literal_error"),
    ("bank", setter("readiness", 0, "no_gap", value=1), "readiness.0.no_gap", "should be true or false", "bool_type"),
    ("bank", setter("readiness", 0, "no_gap", value="yes"), "readiness.0.no_gap", "should be true or false", "bool_type"),
    ("bank", setter("continuum_questions", 0, "options", 0, "continuum", value=[1, 6]),
     "continuum_questions[continuum.problem].options.0.continuum.1", "should be at most 5", "less_than_equal"),
    ("bank", setter("continuum_questions", 0, "options", 0, "continuum", value=[0]),
     "continuum_questions[continuum.problem].options.0.continuum.0", "should be at least 1", "greater_than_equal"),
    ("bank", setter("continuum_questions", 0, "options", 0, "continuum", value=[True]),
     "continuum_questions[continuum.problem].options.0.continuum.0", "should be a whole number", "int_type"),
    ("bank", lambda d: d["scales"][0]["options"][1].update(value=d["scales"][0]["options"][0]["value"]),
     "scales.0.options", "option values must be unique within a scale", messages.OWN),
    ("bank", lambda d: [o.update(score=None) for o in d["scales"][0]["options"]], "scales.0.options", "at least one option must carry a score", messages.OWN),
    ("bank", lambda d: d["continuum_questions"][0]["options"][1].update(value=d["continuum_questions"][0]["options"][0]["value"]),
     "continuum_questions[continuum.problem].options", "option values must be unique", messages.OWN),
    ("bank", setter("statements", "#trust.new-people", "lesson", value="trustt"), "statements[trust.new-people].lesson",
     "unknown lesson 'trustt'; use one of shared_interest, valued_enterprise, capacity, trust, sustainability, barriers", messages.OWN),
    # saved results
    ("result", setter("warnings", value="careful"), "warnings", "should be a list", "list_type"),
    ("result", setter("lessons", value=[]), "lessons", "should be a mapping", "dict_type"),
    ("result", setter("continuum", "options", value={"one": "Expert alone"}), "continuum.options.one", "should be a whole number", "int_type"),
    ("result", setter("continuum", "options", value={"9": "Beyond"}), "continuum.options.9", "should be at most 5", "less_than_equal"),
    ("result", setter("score", value=154.4), "score", "should be at most 100", "less_than_equal"),
    ("result", setter("respondents", value="1"), "respondents", "should be a whole number", "int_type"),
    ("result", setter("lessons", "trust", "assessed", value="true"), "lessons.trust.assessed", "should be true or false", "bool_type"),
    ("result", setter("date", value="2026-11-31"), "date", "should be a date written YYYY-MM-DD", "date_type"),
    ("result", setter("gaps", 0, "lesson", value="trustt"), "gaps.0.lesson", "names the lesson 'trustt', which is not under 'lessons'", messages.OWN),
]


@pytest.fixture(scope="module")
def inputs(raw_bank, officer):
    return {"answers": good_answers(), "bank": raw_bank, "result": json.loads(to_json(officer))}


def load(kind: str, data: Any, bank: Any) -> Any:
    if kind == "answers":
        return answers_from_data(data, bank, "answers.yaml")
    if kind == "bank":
        return bank_from_data(data, "bank.yaml")
    return result_from_data(data, "result.json")


@pytest.mark.parametrize("kind, change, where, message, _type", CASES, ids=[f"{c[0]}-{c[4]}-{c[2]}" for c in CASES])
def test_each_problem_in_partnercheck_words(inputs, bank, kind, change, where, message, _type):
    data = copy.deepcopy(inputs[kind])
    change(data)
    with pytest.raises(InputError) as caught:
        load(kind, data, bank)
    found = {p.where: p.message for p in caught.value.problems}
    assert found == {where: message}


def test_the_cases_reach_every_error_type_that_is_worded(inputs):
    models = {"answers": Answers, "bank": Bank, "result": Result}
    seen = set()
    for kind, change, _where, _message, expected in CASES:
        data = copy.deepcopy(inputs[kind])
        change(data)
        with pytest.raises(ValidationError) as caught:
            adapter(models[kind]).validate_python(data)
        types = {e["type"] for e in caught.value.errors()}
        assert expected in types, (kind, _where, types)
        seen |= types
    assert seen == messages.WORDED | {messages.OWN}


# --------------------------------------------------------------------------
# Every problem at once, each at its place
# --------------------------------------------------------------------------


def test_every_problem_of_an_answers_file_at_once(bank):
    data = {
        "respondant": "A",
        "date": "1 Nov",
        "organisation": ["Council"],
        "answers": {"trust.conflict-raise": "agree", "capacity.right-organisations": "maybe", "continuum.problem": None},
        "notes": {"trust.nope": "x"},
    }
    with pytest.raises(InputError) as caught:
        answers_from_data(data, bank, "answers.yaml")
    found = {p.where: p.message for p in caught.value.problems}
    assert found == {
        "partnership": "is required",
        "respondant": "unknown field; did you mean 'respondent'?",
        "organisation": "should be text",
        "date": "should be a date written YYYY-MM-DD",
        "answers.trust.conflict-raise": "unknown question id; did you mean 'trust.conflict-raised'?",
        "answers.capacity.right-organisations": f"'maybe' is not an option; use a value or its label: {options_listed(bank, 'capacity.right-organisations')}",
        "notes.trust.nope": "note for an unknown question id",
    }


def test_the_answers_are_checked_once_against_the_bank(bank):
    # a value that is not text is one problem, said by the bank check (with the options)
    with pytest.raises(InputError) as caught:
        answers_from_data({"partnership": "N", "answers": {"trust.conflict-raised": 3}}, bank, "a.yaml")
    assert [str(p) for p in caught.value.problems] == [
        f"answers.trust.conflict-raised: 3 is not an option; use a value or its label: {options_listed(bank, 'trust.conflict-raised')}"
    ]


def test_messages_name_the_file(bank):
    with pytest.raises(InputError) as caught:
        answers_from_data({"partnership": "N", "respondant": "A"}, bank, "returned/police.yaml")
    assert str(caught.value) == "returned/police.yaml: respondant: unknown field; did you mean 'respondent'?"


def test_a_message_with_braces_is_kept_as_written(inputs):
    data = copy.deepcopy(inputs["result"])
    data["gaps"][0]["lesson"] = "{lesson}"
    with pytest.raises(InputError) as caught:
        result_from_data(data, "result.json")
    assert caught.value.problems[0].message == "names the lesson '{lesson}', which is not under 'lessons'"


# --------------------------------------------------------------------------
# Strict, yet JSON and YAML forms load
# --------------------------------------------------------------------------


def test_each_value_stripped_once_and_blank_optional_text_is_null(bank):
    a = answers_from_data({"partnership": "  Northtown  ", "respondent": "  ", "organisation": " Council ", "answers": {}}, bank, "a.yaml", draft=True)
    assert (a.partnership, a.respondent, a.organisation) == ("Northtown", None, "Council")


def test_yaml_dates_and_lists_load_into_dates_and_tuples(raw_bank, bank):
    a = answers_from_data({"partnership": "N", "date": dt.date(2026, 11, 1)}, bank, "a.yaml", draft=True)
    assert a.date == dt.date(2026, 11, 1)
    built = bank_from_data(copy.deepcopy(raw_bank), "bank.yaml")
    assert isinstance(built.statements, tuple) and isinstance(built.lessons[0].sources, tuple)
    assert isinstance(built.continuum_questions[0].options[0].continuum, tuple)


def test_a_result_survives_json_and_back(officer):
    text = to_json(officer)
    data = json.loads(text)
    # dates are written as ISO text, the continuum's option numbers as keys
    assert data["date"] == officer.date.isoformat()
    assert list(data["continuum"]["options"]) == ["1", "2", "3", "4", "5"]
    assert list(data)[:3] == ["schema_version", "kind", "partnership"]
    back = result_from_data(data, "result.json")
    assert back == officer and repr(back) == repr(officer)
    assert to_json(back) == text


@given(name=st.text(max_size=30))
def test_any_text_round_trips_through_json(officer, name):
    changed = replace(officer, partnership=name or "x", warnings=[name])
    assert validate(Result, json.loads(to_json(changed)), "r.json") == changed


def test_a_comparison_survives_json_and_back(officer, bank):
    from partnercheck.answers import load_answers
    from partnercheck.assess import assess
    from partnercheck.compare import compare

    later = assess(bank, [load_answers(EXAMPLES / "northtown-officer-2027q1.yaml", bank)])
    c = compare(officer, later)
    text = to_json(c)
    back = comparison_from_data(json.loads(text), "c.json")
    assert back == c and to_json(back) == text
    with pytest.raises(InputError, match="is not a partnercheck comparison"):
        comparison_from_data(json.loads(to_json(officer)), "r.json")


def test_the_shipped_bank_is_built_as_validation_would_build_it(raw_bank):
    # The shipped bank is trusted (package data) and built without pydantic;
    # repr tells 70 from 70.0 and a list from a tuple, which == does not.
    trusted = trusted_bank(copy.deepcopy(raw_bank))
    validated = bank_from_data(copy.deepcopy(raw_bank), "bank.yaml")
    assert trusted == validated
    assert repr(trusted) == repr(validated)


def test_a_bank_named_by_its_path_is_validated_even_the_shipped_one(monkeypatch):
    import partnercheck.bank as banks

    validated = []
    real = banks.bank_from_data
    monkeypatch.setattr(banks, "bank_from_data", lambda data, source: validated.append(source) or real(data, source))
    banks._load_bank_cached.cache_clear()
    try:
        assert banks.load_bank(banks.default_bank_path()) == banks.load_bank()
        assert validated == [str(banks.default_bank_path())]
    finally:
        banks._load_bank_cached.cache_clear()


def test_models_made_in_code_compare_and_hash_as_dataclasses_do(bank):
    a, b = bank.statements[0], replace(bank.statements[0])
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != bank.statements[1] and a != "text"
    assert repr(a).startswith("Statement(id='shared_interest.")
    with pytest.raises(TypeError, match="unhashable"):
        hash(Comparison.__new__(Comparison))


# --------------------------------------------------------------------------
# One "did you mean"
# --------------------------------------------------------------------------


def test_did_you_mean():
    assert messages.did_you_mean("respondant", ["partnership", "respondent"]) == "; did you mean 'respondent'?"
    assert messages.did_you_mean("zzz", ["respondent"], otherwise="; see the list") == "; see the list"
    assert messages.nearest("trust.conflict-raise", ["trust.conflict-raised", "trust.new-people"]) == "trust.conflict-raised"


def test_there_is_one_did_you_mean_helper():
    users = sorted(p.name for p in SRC.rglob("*.py") if "get_close_matches" in p.read_text(encoding="utf-8"))
    assert users == ["messages.py"]


def test_a_field_a_file_names_key_in_brackets_is_an_unknown_field(bank):
    # pydantic writes "[key]" in its own places; a file's own "[key]" is a field like any other
    from partnercheck.answers import answers_from_data
    from partnercheck.errors import InputError

    with pytest.raises(InputError) as info:
        answers_from_data({"partnership": "P", "[key]": None}, bank, "a.yaml")
    assert [str(p) for p in info.value.problems] == ["[key]: unknown field"]

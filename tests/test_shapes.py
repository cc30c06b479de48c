"""shapes.build and shapes.to_json: plain data into the models and back."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import dataclass, replace
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnercheck.models import Answers, Bank, Result, check, empty
from partnercheck.shapes import Invalid, build, to_json


@dataclass(frozen=True, kw_only=True)
class Inner:
    name: str = check(min_length=1)


@dataclass(frozen=True, kw_only=True)
class Sample:
    id: str = check(pattern=r"^[a-z]+$")
    count: int = 0
    share: float = check(0.5, ge=0, le=1)
    kind: Literal["a", "b"] = "a"
    when: dt.date | None = None
    flag: bool = False
    tags: tuple[str, ...] = check((), min_length=1, max_length=3)
    table: dict[int, str] = empty(dict)
    inner: Inner | None = None
    picks: tuple[int, ...] = check((), items_in=(1, 2, 3), items_message="picks must be 1 to 3")
    title: str | None = check(None, strip=True, max_length=5)


def problems(data: object, model: type = Sample) -> dict[str, str]:
    with pytest.raises(Invalid) as caught:
        build(model, data)
    return {p.where: p.message for p in caught.value.problems}


def test_builds_nested_models_and_converts_json_forms():
    s = build(Sample, {
        "id": "abc", "count": 3.0, "share": 1, "kind": "b", "when": "2026-11-01", "flag": True,
        "tags": ["x"], "table": {"1": "one"}, "inner": {"name": "n"}, "picks": [3, 1], "title": "  Hi  ",
    })
    assert s == Sample(
        id="abc", count=3, share=1.0, kind="b", when=dt.date(2026, 11, 1), flag=True,
        tags=("x",), table={1: "one"}, inner=Inner(name="n"), picks=(3, 1), title="Hi",
    )
    assert isinstance(s.share, float) and isinstance(s.count, int) and isinstance(s.tags, tuple)


def test_defaults_fill_what_is_left_out():
    assert build(Sample, {"id": "a"}) == Sample(id="a")


def test_every_problem_is_reported_with_its_place():
    found = problems({
        "count": "3", "share": 2, "kind": "c", "when": "1 Nov", "flag": 1, "tags": [],
        "table": {"x": "one"}, "inner": {"name": "", "colour": "red"}, "picks": [0, 2, 4], "title": 7,
        "extra": 1,
    })
    assert found == {
        "id": "is required",
        "count": "should be a whole number",
        "share": "should be at most 1",
        "kind": "should be one of: a, b",
        "when": "should be a date written YYYY-MM-DD",
        "flag": "should be true or false",
        "tags": "should have at least 1 item(s)",
        "table.x": "should be a whole number",
        "inner.name": "is empty",
        "inner.colour": "unknown field",  # nothing near enough to suggest
        "picks": "picks must be 1 to 3, not [0, 4]",
        "title": "should be text",
        "extra": "unknown field",
    }


def test_a_misspelt_field_gets_a_suggestion():
    assert problems({"id": "a", "tagz": ["x"]})["tagz"] == "unknown field; did you mean 'tags'?"
    assert problems({"partnership": "N", "respondant": "A"}, Answers)["respondant"] == "unknown field; did you mean 'respondent'?"


def test_text_checks():
    assert problems({"id": "ABC"})["id"].startswith("'ABC' is not a valid id")
    assert problems({"id": "a", "tags": ["1", "2", "3", "4"]})["tags"] == "is too long: at most 4 item(s)".replace("4", "3")
    assert problems({"id": "a", "title": "longer"})["title"] == "is too long: at most 5 character(s)"
    assert problems({"id": 5})["id"] == "should be text"


def test_blank_optional_text_becomes_null():
    assert build(Sample, {"id": "a", "title": "   "}).title is None


def test_a_bool_is_not_a_number_and_a_fraction_is_not_whole():
    assert problems({"id": "a", "count": True})["count"] == "should be a whole number"
    assert problems({"id": "a", "count": 2.5})["count"] == "should be a whole number"
    assert problems({"id": "a", "share": False})["share"] == "should be a number"


def test_impossible_date_is_refused_and_datetime_is_not_a_date():
    assert "when" in problems({"id": "a", "when": "2026-02-30"})
    assert "when" in problems({"id": "a", "when": dt.datetime(2026, 1, 1)})


def test_a_bad_item_is_reported_once_at_its_place():
    found = problems({"id": "a", "picks": ["x", 2], "table": {"1": 5}})
    assert found == {"picks.0": "should be a whole number", "table.1": "should be text"}


def test_wrong_containers():
    found = problems({"id": "a", "tags": "x", "table": [1], "inner": "n"})
    assert found == {"tags": "should be a list", "table": "should be a mapping", "inner": "should be a mapping of fields"}


def test_an_invariant_broken_in_post_init_is_reported_at_the_model(raw_bank):
    data = json.loads(json.dumps(raw_bank))
    data["scales"][0]["options"][1]["value"] = data["scales"][0]["options"][0]["value"]
    assert problems(data, Bank) == {"scales.0": "option values must be unique within a scale"}


def test_the_partnership_name_is_tidied_and_a_blank_one_explained():
    a = build(Answers, {"partnership": "  Northtown  ", "respondent": " ", "answers": {}})
    assert (a.partnership, a.respondent) == ("Northtown", None)
    for blank in ("   ", None):
        assert problems({"partnership": blank}, Answers) == {"partnership": "is empty: write the partnership's name"}
    # made in code, the same tidying holds
    assert Answers(partnership=" N ", organisation="  ").partnership == "N"
    assert Answers(partnership=" N ", organisation="  ").organisation is None


def test_a_result_survives_json_and_back(officer):
    text = to_json(officer)
    assert build(Result, json.loads(text)) == officer
    # dates are written as ISO text, the continuum's option numbers as keys
    data = json.loads(text)
    assert data["date"] == officer.date.isoformat()
    assert list(data["continuum"]["options"]) == ["1", "2", "3", "4", "5"]
    assert list(data)[:3] == ["schema_version", "kind", "partnership"]


@given(name=st.text(max_size=30))
def test_any_text_round_trips_through_json(officer, name):
    changed = replace(officer, partnership=name or "x", warnings=[name])
    assert build(Result, json.loads(to_json(changed))) == changed


def test_an_assessment_starts_without_pydantic(tmp_path):
    # The core is plain dataclasses: an assessment (load the bank and answers,
    # score, render JSON) must not import pydantic, which costs more at
    # start-up than everything else it does.
    code = (
        "import sys\n"
        "from partnercheck.bank import load_bank\n"
        "from partnercheck.answers import load_answers\n"
        "from partnercheck.assess import assess\n"
        "from partnercheck.render import json\n"
        "bank = load_bank()\n"
        "json.render(assess(bank, [load_answers('examples/northtown-officer.yaml', bank)]))\n"
        "print([m for m in sys.modules if m.split('.')[0] in ('pydantic', 'pydantic_core')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

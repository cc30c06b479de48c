"""The default bank, and custom banks with mistakes in them."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from conftest import SEEDS
from partnercheck.bank import bank_from_data, default_bank_path, load_bank, resolve_bank_path
from partnercheck.errors import InputError
from partnercheck.files import load_data
from partnercheck.models import LESSON_IDS



def test_default_bank_validates(raw_bank):
    bank = bank_from_data(copy.deepcopy(raw_bank), "bank.yaml")
    assert len(bank.statements) == len(raw_bank["statements"]) >= 30
    roles = sorted(q.role for q in bank.continuum_questions)
    assert roles == ["control", "problem", "responsibility", "solution"]
    assert bank.aspiration is not None


def test_six_lessons_with_five_statements_each(bank):
    assert sorted(l.id for l in bank.lessons) == sorted(LESSON_IDS)
    for lesson in LESSON_IDS:
        assert sum(1 for s in bank.statements if s.lesson == lesson) >= 5, lesson


def test_question_ids_unique(bank):
    qids = [q.id for q in bank.questions()]
    assert len(qids) == len(set(qids))


def test_every_source_is_a_listed_document(bank):
    """Statements and recommendations cite a source by its key; each source is
    described by title, author, year and kind, and traced to a seed file."""
    keys = {src.key for src in bank.sources}
    assert {src.file for src in bank.sources} == SEEDS
    for src in bank.sources:
        assert src.title and src.author and src.kind
    sources = []
    for s in bank.statements:
        sources.append(s.source)
        sources.extend(r.source for r in s.recommendations)
    for l in bank.lessons:
        sources.extend(l.sources)
        sources.extend(r.source for r in l.recommendations)
    for q in bank.continuum_questions:
        sources.append(q.source)
    sources.append(bank.aspiration.source)
    assert sources
    assert [x for x in sources if x not in keys] == []


def test_a_citation_of_an_unknown_source_is_named(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["statements"][0]["source"] = "000_0fcc16666bafa313.txt"
    _, _, problems = load_problems(tmp_path, data)
    where = f"statements[{data['statements'][0]['id']}].source"
    assert "not a key of 'sources'" in problems[where]


def test_renamed_ids_must_lead_to_a_question(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["renamed"]["old.id"] = "trust.no-such-question"
    _, _, problems = load_problems(tmp_path, data)
    assert "not a question of this bank" in problems["renamed.old.id"]


def test_answer_scale_scores(bank):
    scale = {o.value: o.score for o in bank.scale("agreement").options}
    assert scale == {
        "strongly-disagree": 0,
        "disagree": 25,
        "neutral": 50,
        "agree": 75,
        "strongly-agree": 100,
        "dont-know": None,
    }
    assert {b.id: b.min for b in bank.bands} == {"strength": 70, "watch": 45, "gap": 0}


def test_load_bank_from_folder(tmp_path, raw_bank):
    (tmp_path / "bank.yaml").write_text(yaml.safe_dump(raw_bank, allow_unicode=True), encoding="utf-8")
    assert resolve_bank_path(tmp_path) == tmp_path / "bank.yaml"
    bank = load_bank(tmp_path)
    assert len(bank.statements) == len(raw_bank["statements"])


def test_folder_without_bank(tmp_path):
    with pytest.raises(InputError):
        load_bank(tmp_path)


def test_missing_bank_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_bank(tmp_path / "nope.yaml")
    assert "no such file" in str(info.value)


# --------------------------------------------------------------------------
# Custom banks with mistakes
# --------------------------------------------------------------------------


def write_bank(tmp_path, data, name="bank-custom.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def statement_index(data, sid):
    return next(i for i, s in enumerate(data["statements"]) if s["id"] == sid)


def load_problems(tmp_path, data):
    path = write_bank(tmp_path, data)
    with pytest.raises(InputError) as info:
        load_bank(path)
    err = info.value
    assert err.source == str(path)
    assert str(path) in str(err)
    return path, err, {str(p.where): p.message for p in err.problems}


def test_unknown_lesson(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["statements"][statement_index(data, "trust.new-people")]["lesson"] = "trustt"
    _, err, problems = load_problems(tmp_path, data)
    assert "statements[trust.new-people].lesson" in problems
    assert "trustt" in problems["statements[trust.new-people].lesson"]


def test_unknown_scale(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["statements"][statement_index(data, "capacity.right-organisations")]["scale"] = "likert7"
    _, err, problems = load_problems(tmp_path, data)
    assert "statements[capacity.right-organisations].scale" in problems
    assert "likert7" in problems["statements[capacity.right-organisations].scale"]
    assert "agreement" in problems["statements[capacity.right-organisations].scale"]


def test_duplicate_id(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    i = statement_index(data, "trust.new-people")
    data["statements"][i + 1]["id"] = "trust.new-people"
    _, err, problems = load_problems(tmp_path, data)
    assert "statements[trust.new-people]" in problems
    assert "duplicate" in problems["statements[trust.new-people]"]


def test_missing_field(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    del data["statements"][statement_index(data, "trust.new-people")]["text"]
    _, err, problems = load_problems(tmp_path, data)
    assert problems.get("statements[trust.new-people].text") == "is required"


def test_wrong_type(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["statements"][statement_index(data, "barriers.practitioners-meet")]["text"] = 123
    _, err, problems = load_problems(tmp_path, data)
    assert "statements[barriers.practitioners-meet].text" in problems


def test_recommendations_wrong_type(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["statements"][statement_index(data, "barriers.practitioners-meet")]["recommendations"] = "do better"
    _, err, problems = load_problems(tmp_path, data)
    assert any(w.startswith("statements[barriers.practitioners-meet].recommendations") for w in problems)


def test_bad_continuum_option_number(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["continuum_questions"][0]["options"][0]["continuum"] = [1, 6]
    _, err, problems = load_problems(tmp_path, data)
    # the place of the very number, and what it should be
    assert problems == {"continuum_questions[continuum.problem].options.0.continuum.1": "should be at most 5"}


def test_unknown_field(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["statements"][0]["colour"] = "blue"
    sid = data["statements"][0]["id"]
    _, err, problems = load_problems(tmp_path, data)
    assert problems.get(f"statements[{sid}].colour") == "unknown field"


def test_shape_problems_all_at_once(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    del data["statements"][statement_index(data, "trust.new-people")]["text"]
    data["statements"][statement_index(data, "barriers.practitioners-meet")]["help"] = ["a", "list"]
    data["continuum_questions"][1]["options"][0]["continuum"] = [0]
    _, err, problems = load_problems(tmp_path, data)
    assert "statements[trust.new-people].text" in problems
    assert "statements[barriers.practitioners-meet].help" in problems
    assert any(w.startswith("continuum_questions[continuum.solution].options") for w in problems)
    assert len(err.problems) >= 3


def test_reference_problems_all_at_once(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["statements"][statement_index(data, "trust.new-people")]["lesson"] = "trustt"
    data["statements"][statement_index(data, "capacity.right-organisations")]["scale"] = "likert7"
    i = statement_index(data, "barriers.practitioners-meet")
    data["statements"][i - 1]["id"] = "barriers.practitioners-meet"
    _, err, problems = load_problems(tmp_path, data)
    assert "statements[trust.new-people].lesson" in problems
    assert "statements[capacity.right-organisations].scale" in problems
    assert "statements[barriers.practitioners-meet]" in problems
    assert len(err.problems) >= 3
    text = str(err)
    for where in problems:
        assert where in text


def test_wrong_lesson_set(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    data["lessons"] = [l for l in data["lessons"] if l["id"] != "barriers"]
    _, err, problems = load_problems(tmp_path, data)
    assert "lessons" in problems


def test_bands_must_rise(tmp_path, raw_bank):
    data = copy.deepcopy(raw_bank)
    for b in data["bands"]:
        if b["id"] == "watch":
            b["min"] = 80
    _, err, problems = load_problems(tmp_path, data)
    assert "bands" in problems


def test_bank_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_bank(path)


def test_shipped_bank_reads_the_same_with_the_guarded_loader():
    """The default bank is read with PyYAML's C loader for speed; the guarded
    loader (no anchors, tags or duplicate keys) must give exactly the same data."""
    from partnercheck.bank import _load_trusted
    from partnercheck.files import MAX_BANK_BYTES

    path = default_bank_path()
    assert load_data(path, limit=MAX_BANK_BYTES) == _load_trusted(str(path))


def test_the_parsed_copy_of_the_shipped_bank_is_used_only_while_it_matches(tmp_path):
    """bank.json (the shipped bank, already parsed) is read at start-up only
    when it was made from this very bank.yaml: an edited bank.yaml is never
    shadowed by an old copy."""
    import json

    from partnercheck.bank import _load_trusted, default_bank_path

    shipped = default_bank_path()
    copy_yaml = tmp_path / "bank.yaml"
    copy_yaml.write_bytes(shipped.read_bytes())
    parsed = json.loads((shipped.parent / "bank.json").read_text(encoding="utf-8"))
    parsed["bank"]["name"] = "from the parsed copy"
    (tmp_path / "bank.json").write_text(json.dumps(parsed), encoding="utf-8")
    assert _load_trusted(str(copy_yaml))["name"] == "from the parsed copy"
    copy_yaml.write_bytes(shipped.read_bytes().replace(b"name: partnercheck default bank", b"name: edited bank"))
    assert _load_trusted(str(copy_yaml))["name"] == "edited bank"

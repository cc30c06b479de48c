"""The published JSON Schemas (``partnercheck schema --for ...``) hold for what partnercheck writes and reads.

Every JSON sample in reports/ and the JSON output of every command is checked
against the schema of its shape, with the jsonschema package.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import EXAMPLES, REPORTS
from partnercheck.bank import default_bank_path
from partnercheck.cli import app
from partnercheck.files import MAX_BANK_BYTES, load_data

OFFICER = EXAMPLES / "northtown-officer.yaml"
LATER = EXAMPLES / "northtown-officer-2027q1.yaml"
COMBINE = sorted((EXAMPLES / "combine").glob("*.yaml"))
SHAPES = ("result", "comparison", "bank", "answers")


def run(*args: str | Path) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


@pytest.fixture(scope="module")
def schemas() -> dict[str, Draft202012Validator]:
    out = {}
    for shape in SHAPES:
        schema = json.loads(run("schema", "--for", shape))
        Draft202012Validator.check_schema(schema)
        out[shape] = Draft202012Validator(schema)
    return out


def errors(validator: Draft202012Validator, data: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def as_json(data: object) -> object:
    """What a file holds as JSON (YAML reads dates as dates)."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else v))


@pytest.mark.parametrize("shape", SHAPES)
def test_each_schema_is_published_with_its_draft_title_and_limits(shape):
    schema = json.loads(run("schema", "--for", shape))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == f"partnercheck {'question bank' if shape == 'bank' else 'answers file' if shape == 'answers' else shape}"
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert schema["description"]
    text = json.dumps(schema)
    assert '"description"' in text and ('"minimum"' in text or '"maxLength"' in text)


def test_the_result_schema_is_the_default():
    assert json.loads(run("schema")) == json.loads(run("schema", "--for", "result"))


def test_published_fields_have_descriptions(schemas):
    for shape in ("result", "comparison", "answers"):
        schema = schemas[shape].schema
        models = [schema, *schema.get("$defs", {}).values()]
        for model in models:
            for name, prop in model.get("properties", {}).items():
                described = "description" in prop or "$ref" in prop or name in ("kind", "band", "id")
                assert described, (shape, model.get("title"), name)


def test_limits_are_in_the_schema(schemas):
    answers = schemas["answers"].schema["properties"]
    assert answers["partnership"]["minLength"] == 1 and answers["partnership"]["maxLength"] == 200
    result = schemas["result"].schema
    assert result["properties"]["score"]["anyOf"][0] == {"maximum": 100.0, "minimum": 0.0, "type": "number"}
    bank = schemas["bank"].schema["$defs"]
    assert bank["ContinuumChoice"]["properties"]["continuum"]["items"] == {"maximum": 5, "minimum": 1, "type": "integer"}
    assert bank["ScaleOption"]["properties"]["value"]["pattern"] == "^[a-z0-9][a-z0-9_-]*$"


@pytest.mark.parametrize("path", sorted(REPORTS.glob("*.json")), ids=lambda p: p.name)
def test_every_json_sample_in_reports_holds_to_its_schema(schemas, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    shape = {"assessment": "result", "comparison": "comparison"}[data["kind"]]
    assert errors(schemas[shape], data) == []


@pytest.mark.parametrize(
    "args, shape",
    [
        (("assess", "--answers", OFFICER), "result"),
        (("combine", *COMBINE), "result"),
        (("compare", OFFICER, LATER), "comparison"),
        (("report", REPORTS / "northtown-officer.json"), "result"),
    ],
    ids=["assess", "combine", "compare", "report"],
)
def test_every_command_writes_json_that_holds_to_its_schema(schemas, args, shape):
    data = json.loads(run(*args, "--format", "json"))
    assert errors(schemas[shape], data) == []


def test_a_comparison_is_not_a_result(schemas):
    # Why a comparison failed "the" schema with 60 errors: it was checked
    # against the result's, the only one published.  It has its own.
    data = json.loads(run("compare", OFFICER, LATER, "--format", "json"))
    assert errors(schemas["comparison"], data) == []
    assert errors(schemas["result"], data)


def test_batch_json_reports_hold_to_the_result_schema(schemas, tmp_path):
    out = tmp_path / "out"
    run("batch", *COMBINE, OFFICER, "--out-dir", out, "--format", "json", "-q")
    reports = [p for p in out.glob("*.json") if p.name != "summary.json"]
    assert reports
    for path in reports:
        assert errors(schemas["result"], json.loads(path.read_text(encoding="utf-8"))) == [], path.name


def test_the_shipped_bank_and_the_examples_hold_to_their_schemas(schemas):
    bank = load_data(default_bank_path(), limit=MAX_BANK_BYTES)
    assert errors(schemas["bank"], as_json(bank)) == []
    for path in [OFFICER, LATER, *COMBINE]:
        assert errors(schemas["answers"], as_json(load_data(path))) == [], path.name


def test_the_schema_is_written_to_a_file(tmp_path):
    target = tmp_path / "comparison.schema.json"
    run("schema", "--for", "comparison", "-o", target)
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "partnercheck comparison"


def test_an_unknown_shape_is_refused():
    result = CliRunner().invoke(app, ["schema", "--for", "summary"])
    assert result.exit_code == 2


def test_a_quick_assess_never_declares_the_memory_models():
    # compare, actions and trend read their models from partnercheck.history,
    # which assess does not import (start-up)
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib, json\n"
        "sys.argv = ['partnercheck', 'assess', '--answers', sys.argv[1], '--format', 'json']\n"
        "from partnercheck.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "print(json.loads(out.getvalue())['kind'], 'partnercheck.history' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "northtown-officer.yaml")], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["assessment", "False"], done.stderr

"""The command line, driven in-process with Typer's CliRunner.

Expectations are computed from the example answer files and the default bank,
never copied from a previous run.  Typer vendors click >= 8.2, whose
CliRunner keeps standard error apart: ``result.stdout`` / ``result.stderr``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.main import get_command
from typer.testing import CliRunner

from conftest import ROOT, EXAMPLES
from partnercheck import __version__
from partnercheck.bank import load_bank
from partnercheck.cli import app
from partnercheck.models import LESSON_IDS

OFFICER = EXAMPLES / "northtown-officer.yaml"
OFFICER_LATER = EXAMPLES / "northtown-officer-2027q1.yaml"
COMBINE = sorted((EXAMPLES / "combine").glob("*.yaml"))
FORMATS = ("terminal", "markdown", "json")
ANSI = "\x1b["


def run(*args: str | Path, input: str | bytes | None = None, env: dict[str, str] | None = None):
    """Invoke the CLI; stdout and stderr come back separately."""
    return CliRunner().invoke(app, [str(a) for a in args], input=input, env=env)


def ok(*args: str | Path, **kw):
    result = run(*args, **kw)
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    return result


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapped terminal lines can be searched."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def default_bank():
    return load_bank()


@pytest.fixture(scope="module")
def officer_data():
    return yaml.safe_load(OFFICER.read_text(encoding="utf-8"))


def expected_lesson_scores(bank, answers: dict[str, str]) -> dict[str, float | None]:
    """Mean 0-100 score of each lesson's answered statements, from the bank's scale."""
    out: dict[str, float | None] = {}
    for lesson in bank.lessons:
        scores = []
        for st in bank.statements:
            if st.lesson != lesson.id or answers.get(st.id) is None:
                continue
            option = bank.scale(st.scale).option(answers[st.id])
            if option is not None and option.score is not None:
                scores.append(option.score)
        out[lesson.id] = sum(scores) / len(scores) if scores else None
    return out


def expected_band(bank, score: float) -> str:
    return max((b for b in bank.bands if score >= b.min), key=lambda b: b.min).id


# --version and --help ------------------------------------------------------


def test_version():
    result = ok("--version")
    assert result.stdout.strip() == f"partnercheck {__version__}"


def _command_paths(command, prefix=()):
    """Every command and sub-command of the app, as argument lists."""
    out = []
    for name, sub in getattr(command, "commands", {}).items():
        path = (*prefix, name)
        out.append(path)
        out.extend(_command_paths(sub, path))
    return out


COMMANDS = _command_paths(get_command(app))


def test_top_level_help_has_examples():
    result = ok("--help")
    assert "Examples:" in result.stdout
    assert "partnercheck assess" in result.stdout


def test_every_command_is_listed():
    names = {p[0] for p in COMMANDS}
    assert {"assess", "report", "combine", "compare", "template", "questions", "schema"} <= names
    assert {("questions", "list"), ("questions", "validate"), ("questions", "export")} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_each_command_help_has_examples(path):
    result = ok(*path, "--help")
    assert "Examples:" in result.stdout
    # the examples name the command itself
    assert "partnercheck " + " ".join(path) in result.stdout


# assess ----------------------------------------------------------------------


def test_assess_terminal(default_bank, officer_data):
    result = ok("assess", "--answers", OFFICER)
    out = result.stdout
    assert officer_data["partnership"] in out
    for lesson in default_bank.lessons:
        assert lesson.name in out
    assert flat(default_bank.texts.disclaimer) in flat(out)
    # each lesson's band word is shown beside it
    scores = expected_lesson_scores(default_bank, officer_data["answers"])
    label = {"strength": "Strength", "watch": "Watch", "gap": "Gap"}
    for lesson in default_bank.lessons:
        band = label[expected_band(default_bank, scores[lesson.id])]
        line = next(l for l in out.splitlines() if l.strip().startswith(lesson.name) and re.search(r"\d+ of \d+\s*$", l))
        assert band in line, line
        assert f"{scores[lesson.id]:.0f}" in line, line
    assert ANSI not in out
    assert result.stderr == ""


def test_assess_markdown(default_bank, officer_data):
    out = ok("assess", "--answers", OFFICER, "--format", "markdown").stdout
    lines = out.splitlines()
    assert lines[0].startswith("# Partnership assessment: ")
    assert officer_data["partnership"] in lines[0]
    for heading in ("## Summary", "## The top priorities", "## Lessons", "## The continuum", "## Gaps", "## Action plan",
                    "## Appendix: other recommendations, by lesson"):
        assert heading in lines
    # a GFM table: a header row, then a delimiter row of dashes
    delimiters = [i for i, l in enumerate(lines) if re.fullmatch(r"\|( :?-{3,}:? \|)+", l)]
    assert delimiters
    for i in delimiters:
        assert lines[i - 1].startswith("| ") and lines[i - 1].endswith(" |")
        assert lines[i - 1].count("|") == lines[i].count("|")
    for lesson in default_bank.lessons:
        assert any(l.startswith(f"| {lesson.name} |") for l in lines), lesson.name
    assert flat(default_bank.texts.disclaimer) in flat(out)


def test_assess_json(default_bank, officer_data):
    data = json.loads(ok("assess", "--answers", OFFICER, "--format", "json").stdout)
    assert data["partnership"] == officer_data["partnership"]
    assert isinstance(data["score"], (int, float))
    c = data["continuum"]
    assert c["option"] in range(1, 6)
    assert c["ready_for"] in range(1, 6)
    assert c["rationale"] and all(isinstance(line, str) for line in c["rationale"])
    expected = expected_lesson_scores(default_bank, officer_data["answers"])
    assert set(data["lessons"]) == set(LESSON_IDS)
    for lesson_id, lesson in data["lessons"].items():
        assert lesson["score"] == pytest.approx(expected[lesson_id], abs=0.05)
        assert lesson["band"] == expected_band(default_bank, expected[lesson_id])
    assert data["gaps"], "the officer's answers include two lessons in the gap band"
    gap_lessons = {g["lesson"] for g in data["gaps"]}
    assert gap_lessons <= set(LESSON_IDS)
    in_gap = {k for k, v in expected.items() if expected_band(default_bank, v) == "gap"}
    assert in_gap <= gap_lessons
    assert data["recommendations"]
    for rec in data["recommendations"]:
        assert rec["lesson"] in LESSON_IDS
        assert rec["text"].strip()
    assert isinstance(data["warnings"], list)


def test_output_file_writes_and_keeps_stdout_empty(tmp_path):
    target = tmp_path / "result.json"
    result = ok("assess", "--answers", OFFICER, "--format", "json", "-o", target)
    assert result.stdout == ""
    assert "Wrote" in result.stderr and str(target) in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["partnership"]


def test_output_file_markdown_equals_stdout(tmp_path):
    target = tmp_path / "board-pack.md"
    result = ok("assess", "--answers", OFFICER, "--format", "markdown", "--no-chart", "-o", target)
    assert result.stdout == ""
    assert "Wrote" in result.stderr
    screen = ok("assess", "--answers", OFFICER, "--format", "markdown").stdout
    assert target.read_text(encoding="utf-8") == screen
    assert not list(tmp_path.glob("*.svg"))


def test_output_dash_is_stdout():
    result = ok("assess", "--answers", OFFICER, "--format", "json", "-o", "-")
    assert json.loads(result.stdout)["respondents"] == 1
    assert "Wrote" not in result.stderr


def test_answers_from_stdin():
    text = OFFICER.read_text(encoding="utf-8")
    from_stdin = ok("assess", "--answers", "-", "--format", "json", input=text).stdout
    from_file = ok("assess", "--answers", OFFICER, "--format", "json").stdout
    assert json.loads(from_stdin) == json.loads(from_file)


def test_json_answers_from_stdin(officer_data):
    text = json.dumps(officer_data, default=str)
    data = json.loads(ok("assess", "--answers", "-", "--format", "json", input=text).stdout)
    assert data["partnership"] == officer_data["partnership"]


def test_bad_stdin_is_named_stdin():
    result = run("assess", "--answers", "-", input="partnership: [\n")
    assert result.exit_code == 2
    assert "<stdin>" in result.stderr


def test_report_renders_saved_result_like_assess(tmp_path):
    saved = tmp_path / "result.json"
    ok("assess", "--answers", OFFICER, "--format", "json", "-o", saved)
    for fmt in FORMATS:
        again = ok("report", saved, "--format", fmt).stdout
        direct = ok("assess", "--answers", OFFICER, "--format", fmt).stdout
        assert again == direct, fmt


def test_report_refuses_answers_file():
    result = run("report", OFFICER)
    assert result.exit_code == 2
    assert str(OFFICER) in result.stderr
    assert "is an answers file, not a saved result" in result.stderr


def test_assess_without_answers_and_without_terminal():
    result = run("assess")
    assert result.exit_code == 2
    assert "--answers" in result.stderr
    assert result.stdout == ""
    # even when something is piped in, nothing is asked
    result = run("assess", input="Northtown\n")
    assert result.exit_code == 2
    assert "--answers" in result.stderr


def test_answers_and_resume_together_refused(tmp_path):
    result = run("assess", "--answers", OFFICER, "--resume", OFFICER)
    assert result.exit_code == 2
    assert "--resume" in result.stderr


# template --------------------------------------------------------------------


def _export(*extra: str) -> dict:
    return json.loads(ok("questions", "export", "--format", "json", *extra).stdout)


def test_template_lists_every_question_and_fills_in(tmp_path):
    target = tmp_path / "answers.yaml"
    result = ok("template", "-o", target)
    assert result.stdout == ""
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    exported = _export()["questions"]
    ids = [q["id"] for q in exported]
    assert list(data["answers"]) == ids
    assert all(v is None for v in data["answers"].values())

    # an empty template is refused for want of a partnership name
    empty = run("assess", "--answers", target)
    assert empty.exit_code == 2 and "partnership" in empty.stderr

    # fill it in programmatically: the last scored option (or the first) of each
    data["partnership"] = "Filled In Partnership"
    chosen = {}
    for q in exported:
        scored = [o["value"] for o in q["options"] if o["score"] is not None] or [o["value"] for o in q["options"]]
        chosen[q["id"]] = scored[-1] if q["kind"] == "statement" else scored[0]
    data["answers"] = chosen
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = json.loads(ok("assess", "--answers", target, "--format", "json").stdout)
    assert result["partnership"] == "Filled In Partnership"
    assert {s["id"]: s["value"] for s in result["statements"]} == {
        q["id"]: chosen[q["id"]] for q in exported if q["kind"] == "statement"
    }
    # every statement at the top of the scale: no gaps, every lesson scores 100
    assert result["gaps"] == []
    assert all(l["score"] == 100 for l in result["lessons"].values())


def test_template_partnership_name_is_filled():
    text = ok("template", "--partnership", "Southtown: \"Safer\" Streets #1").stdout
    assert yaml.safe_load(text)["partnership"] == 'Southtown: "Safer" Streets #1'


# questions -------------------------------------------------------------------


def test_questions_list(default_bank):
    out = ok("questions", "list").stdout
    questions = default_bank.questions()
    assert f"{len(questions)} questions" in out.splitlines()[0]
    for q in questions:
        assert q.id in out
    for lesson in default_bank.lessons:
        assert lesson.name in out.splitlines()
    # grouped: each statement id comes after its lesson's heading
    lines = out.splitlines()
    for st in default_bank.statements:
        heading = lines.index(default_bank.lesson(st.lesson).name)
        row = next(i for i, l in enumerate(lines) if l.split()[:1] == [st.id])
        assert row > heading


def test_questions_validate_good_bank(default_bank):
    path = ROOT / "questions" / "bank.yaml"
    result = ok("questions", "validate", path)
    assert "valid" in result.stderr
    assert f"{len(default_bank.statements)} statements" in result.stderr
    assert f"{len(default_bank.continuum_questions)} continuum questions" in result.stderr


def _bad_bank(tmp_path: Path) -> Path:
    text = (ROOT / "questions" / "bank.yaml").read_text(encoding="utf-8")
    old = "  - id: trust.conflict-raised\n    lesson: trust\n"
    assert old in text
    bad = tmp_path / "bad-bank.yaml"
    bad.write_text(text.replace(old, "  - id: trust.conflict-raised\n    lesson: trusty\n"), encoding="utf-8")
    return bad


def test_questions_validate_bad_bank(tmp_path):
    bad = _bad_bank(tmp_path)
    result = run("questions", "validate", bad)
    assert result.exit_code == 2
    assert str(bad) in result.stderr
    assert "statements[trust.conflict-raised].lesson" in result.stderr
    assert "trusty" in result.stderr
    assert "Traceback" not in result.stderr


def test_questions_validate_missing_bank(tmp_path):
    result = run("questions", "validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr


def test_questions_export_json(default_bank):
    data = _export()
    assert data["bank"] == {"name": default_bank.name, "version": default_bank.version}
    questions = data["questions"]
    assert [q["id"] for q in questions] == [q.id for q in default_bank.questions()]
    kinds = {q["kind"] for q in questions}
    assert kinds == {"statement", "continuum", "aspiration"}
    for q in questions:
        assert {"id", "kind", "lesson", "source", "options"} <= set(q)
        assert q["source"]
        assert len(q["options"]) >= 2
        for o in q["options"]:
            assert {"value", "label", "score"} <= set(o)
        if q["kind"] == "statement":
            assert q["lesson"] in LESSON_IDS
            st = next(s for s in default_bank.statements if s.id == q["id"])
            assert [(o["value"], o["score"]) for o in q["options"]] == [
                (o.value, o.score) for o in default_bank.scale(st.scale).options
            ]
        else:
            assert q["lesson"] is None
            for o in q["options"]:
                assert "continuum" in o
                assert all(n in range(1, 6) for n in o["continuum"])
    continuum = [q for q in questions if q["kind"] == "continuum"]
    assert [q["id"] for q in continuum] == [q.id for q in default_bank.continuum_questions]


def test_questions_export_yaml_matches_json():
    as_yaml = yaml.safe_load(ok("questions", "export", "--format", "yaml").stdout)
    assert as_yaml == _export()


def test_questions_options_follow_custom_bank(tmp_path):
    bad = _bad_bank(tmp_path)
    result = run("questions", "list", "--questions", bad)
    assert result.exit_code == 2
    assert str(bad) in result.stderr


# schema ----------------------------------------------------------------------


def test_schema():
    schema = json.loads(ok("schema").stdout)
    assert schema["type"] == "object"
    props = schema["properties"]
    for key in ("score", "continuum", "lessons", "gaps", "recommendations", "warnings"):
        assert key in props
    # the schema describes what --format json writes
    data = json.loads(ok("assess", "--answers", OFFICER, "--format", "json").stdout)
    assert set(schema["required"]) <= set(data)
    assert set(data) <= set(props)


# combine ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def combine_people():
    names = []
    for path in COMBINE:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        names += [data["respondent"], data["organisation"]]
    assert all(names)
    return names


def test_combine_examples_exist():
    assert len(COMBINE) == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_combine_counts_respondents_and_names_nobody(fmt, combine_people):
    out = ok("combine", *COMBINE, "--format", fmt).stdout
    if fmt == "json":
        assert json.loads(out)["respondents"] == len(COMBINE)
    else:
        assert f"| Answered by | {len(COMBINE)} respondents combined |" in out if fmt == "markdown" else f"Answered by: {len(COMBINE)} respondents combined" in out
    for name in combine_people:
        assert name not in out, name


def test_combine_names_respondents_when_asked(combine_people):
    out = ok("combine", *COMBINE, "--format", "markdown", "--name-respondents").stdout
    for path in COMBINE:
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["respondent"] in out


def test_combine_divergence_in_json(default_bank):
    data = json.loads(ok("combine", *COMBINE, "--format", "json").stdout)
    ids = {q.id for q in default_bank.questions()}
    assert data["divergence"]
    for d in data["divergence"]:
        assert d["kind"] == "pattern" or d["question"] in ids
    # The voluntary sector's answers sit apart from the rest on most statements:
    # one finding (a pattern), so its statements are not listed one by one.
    assert [d["kind"] for d in data["divergence"]].count("pattern") == 1
    # recompute: the statements whose answers are at least divergence_points
    # apart among the other respondents
    loaded = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in COMBINE]
    responses = [d["answers"] for d in loaded if d.get("organisation") != "Northtown Voluntary Action"]
    assert len(responses) == len(loaded) - 1
    points = default_bank.rules.divergence_points
    expected = set()
    for st in default_bank.statements:
        if st.about == "own_organisation":
            continue  # each answer describes a different organisation: not disagreement
        positions = []
        options = default_bank.scale(st.scale).options
        scored = [o.value for o in options if o.score is not None]
        for r in responses:
            if r.get(st.id) in scored:
                positions.append(scored.index(r[st.id]))
        if positions and max(positions) - min(positions) >= points:
            expected.add(st.id)
    listed = {d["question"] for d in data["divergence"] if d["kind"] == "statement"}
    assert listed == expected


def test_combine_refuses_mixed_partnerships(tmp_path):
    other = tmp_path / "other.yaml"
    data = yaml.safe_load(COMBINE[0].read_text(encoding="utf-8"))
    data["partnership"] = "Southtown Health and Wellbeing Board"
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("combine", *COMBINE, other)
    assert result.exit_code == 2
    assert "--allow-mixed" in result.stderr
    assert "Southtown Health and Wellbeing Board" in result.stderr
    assert result.stdout == ""
    mixed = json.loads(ok("combine", *COMBINE, other, "--allow-mixed", "--format", "json").stdout)
    assert mixed["respondents"] == len(COMBINE) + 1


def test_combine_lists_every_bad_file(tmp_path):
    bad1, bad2 = tmp_path / "one.yaml", tmp_path / "two.yaml"
    bad1.write_text("partnership: X\nanswers:\n  trust.nope: agree\n", encoding="utf-8")
    bad2.write_text("partnership: [\n", encoding="utf-8")
    result = run("combine", *COMBINE, bad1, bad2)
    assert result.exit_code == 2
    assert str(bad1) in result.stderr and str(bad2) in result.stderr
    assert result.stdout == ""


# compare ---------------------------------------------------------------------


def _assess_json(path: Path) -> dict:
    return json.loads(ok("assess", "--answers", path, "--format", "json").stdout)


def test_compare_answer_files_lesson_change():
    old, new = _assess_json(OFFICER), _assess_json(OFFICER_LATER)
    data = json.loads(ok("compare", OFFICER, OFFICER_LATER, "--format", "json").stdout)
    assert data["kind"] == "comparison"
    assert set(data["lessons"]) == set(LESSON_IDS)
    moved = 0
    for lesson_id, change in data["lessons"].items():
        o, n = old["lessons"][lesson_id]["score"], new["lessons"][lesson_id]["score"]
        assert change["old"] == o and change["new"] == n
        assert change["change"] == pytest.approx(n - o, abs=1e-6)
        moved += change["change"] != 0
    assert moved, "the two example files differ in several lessons"
    assert data["score"]["change"] == pytest.approx(new["score"] - old["score"], abs=1e-6)


def test_compare_saved_results_equals_answer_files(tmp_path):
    a, b = tmp_path / "old.json", tmp_path / "new.json"
    ok("assess", "--answers", OFFICER, "--format", "json", "-o", a)
    ok("assess", "--answers", OFFICER_LATER, "--format", "json", "-o", b)
    for fmt in FORMATS:
        from_results = ok("compare", a, b, "--format", fmt).stdout
        from_answers = ok("compare", OFFICER, OFFICER_LATER, "--format", fmt).stdout
        assert from_results == from_answers, fmt


def test_compare_reversed_is_negated():
    forward = json.loads(ok("compare", OFFICER, OFFICER_LATER, "--format", "json").stdout)
    back = json.loads(ok("compare", OFFICER_LATER, OFFICER, "--format", "json").stdout)
    for lesson_id in LESSON_IDS:
        assert back["lessons"][lesson_id]["change"] == pytest.approx(-forward["lessons"][lesson_id]["change"])
    assert {g["statement"] for g in back["gaps_opened"]} == {g["statement"] for g in forward["gaps_closed"]}
    assert any("dated after" in w for w in back["warnings"])


def test_compare_refuses_different_partnerships(tmp_path):
    other = tmp_path / "other.yaml"
    data = yaml.safe_load(OFFICER_LATER.read_text(encoding="utf-8"))
    data["partnership"] = "Southtown Health and Wellbeing Board"
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("compare", OFFICER, other)
    assert result.exit_code == 2
    assert "--allow-mixed" in result.stderr
    ok("compare", OFFICER, other, "--allow-mixed")


# no colour off a terminal -------------------------------------------------------


@pytest.mark.parametrize("env", [None, {"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["pipe", "NO_COLOR", "dumb"])
@pytest.mark.parametrize(
    "args",
    [
        ("assess", "--answers", str(OFFICER)),
        ("combine", *map(str, COMBINE)),
        ("compare", str(OFFICER), str(OFFICER_LATER)),
        ("questions", "list"),
    ],
    ids=["assess", "combine", "compare", "questions-list"],
)
def test_no_ansi_escapes(args, env):
    result = ok(*args, env=env)
    assert result.stdout.strip()
    assert ANSI not in result.stdout
    assert ANSI not in result.stderr


def test_the_format_follows_the_output_file_name(tmp_path):
    for name, marker in (("board.html", "<!DOCTYPE html>"), ("board.md", "# "), ("board.json", '"kind": "assessment"')):
        out = tmp_path / name
        run = CliRunner().invoke(app, ["assess", "--answers", str(EXAMPLES / "northtown-officer.yaml"), "-o", str(out)])
        assert run.exit_code == 0, run.output
        assert marker in out.read_text(encoding="utf-8")[:400], name


def test_a_format_clash_or_unknown_extension_is_a_usage_error_and_writes_nothing(tmp_path):
    answers = str(EXAMPLES / "northtown-officer.yaml")
    clash = CliRunner().invoke(app, ["assess", "--answers", answers, "-f", "json", "-o", str(tmp_path / "board.md")])
    assert clash.exit_code == 2
    assert "--format json" in clash.output and "markdown" in clash.output
    unknown = CliRunner().invoke(app, ["assess", "--answers", answers, "-o", str(tmp_path / "board.odt")])
    assert unknown.exit_code == 2
    assert ".odt" in unknown.output
    assert list(tmp_path.iterdir()) == []


def test_report_renders_a_saved_comparison_and_names_an_answers_file(tmp_path):
    saved = tmp_path / "moved.json"
    run = CliRunner().invoke(app, ["compare", str(EXAMPLES / "northtown-officer.yaml"), str(EXAMPLES / "northtown-officer-2027q1.yaml"), "-o", str(saved)])
    assert run.exit_code == 0, run.output
    again = CliRunner().invoke(app, ["report", str(saved), "--format", "markdown"])
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("# What moved")
    wrong = CliRunner().invoke(app, ["report", str(EXAMPLES / "northtown-officer.yaml")])
    assert wrong.exit_code == 2
    assert "is an answers file" in wrong.output and "assess --answers" in wrong.output


def test_columns_sets_the_width_of_a_report_sent_to_a_pipe_or_a_file(tmp_path):
    env = {"COLUMNS": "80", "NO_COLOR": "1"}
    piped = CliRunner().invoke(app, ["assess", "--answers", str(EXAMPLES / "northtown-officer.yaml")], env=env)
    assert piped.exit_code == 0
    assert max(len(line) for line in piped.stdout.splitlines()) <= 80
    assert max(len(line) for line in piped.stdout.splitlines()) > 70  # the width is used, not a narrower one
    out = tmp_path / "report.txt"
    CliRunner().invoke(app, ["assess", "--answers", str(EXAMPLES / "northtown-officer.yaml"), "-o", str(out)], env=env)
    assert max(len(line) for line in out.read_text(encoding="utf-8").splitlines()) <= 80

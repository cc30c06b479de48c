"""Bad input on the command line: exit 2, the file named, never a traceback.

Also: text typed by users (partnership names, notes) is shown literally, never
interpreted as Rich markup, terminal escapes, Markdown or HTML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from partnercheck.cli import app
from partnercheck.files import MAX_ANSWERS_BYTES

OFFICER = ROOT / "examples" / "northtown-officer.yaml"
BANK = ROOT / "questions" / "bank.yaml"


def run(*args: str | Path, input: str | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def assert_refused(result, name: str) -> str:
    """Exit 2, the file named on stderr, nothing on stdout, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr, result.exception)
    assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    # a SystemExit from typer.Exit, not an unexpected exception
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.stderr


def officer() -> dict:
    return yaml.safe_load(OFFICER.read_text(encoding="utf-8"))


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# Each case: file name, content, a fragment the message must contain.
BAD_ANSWERS = {
    "syntax.yaml": ("partnership: X\nanswers: [\n", "YAML syntax error"),
    "syntax.json": ('{"partnership": "X",\n', "JSON syntax error"),
    "unknown-id.yaml": ("partnership: X\nanswers:\n  trust.no-such-thing: agree\n", "answers.trust.no-such-thing: unknown question id"),
    "near-id.yaml": ("partnership: X\nanswers:\n  trust.conflict-raise: agree\n", "did you mean 'trust.conflict-raised'"),
    "not-an-option.yaml": ("partnership: X\nanswers:\n  trust.conflict-raised: maybe\n", "'maybe' is not an option"),
    "continuum-not-an-option.yaml": ("partnership: X\nanswers:\n  continuum.problem: agree\n", "answers.continuum.problem: 'agree' is not an option"),
    "no-partnership.yaml": ("answers:\n  trust.conflict-raised: agree\n", "partnership: is required"),
    "blank-partnership.yaml": ('partnership: "   "\nanswers: {}\n', "partnership: is empty: write the partnership's name"),
    "wrong-types.yaml": ("partnership: [1, 2]\nanswers: 5\n", "answers: should be a mapping"),
    "bad-date.yaml": ("partnership: X\ndate: 31/12/2026\nanswers: {}\n", "date:"),
    "a-list.yaml": ("- partnership: X\n", "must be a mapping"),
    "a-string.yaml": ("just some words\n", "must be a mapping"),
    "alias-bomb.yaml": (
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
        "anchors or aliases",
    ),
    "duplicate-keys.yaml": ("partnership: X\npartnership: Y\nanswers: {}\n", "duplicate key 'partnership'"),
    "duplicate-answers.yaml": (
        "partnership: X\nanswers:\n  trust.conflict-raised: agree\n  trust.conflict-raised: disagree\n",
        "duplicate key 'trust.conflict-raised'",
    ),
    "duplicate-keys.json": ('{"partnership": "X", "partnership": "Y"}', "duplicate key 'partnership'"),
    "python-tag.yaml": ('partnership: !!python/object/apply:os.system ["echo pwned"]\n', "tag"),
    "custom-tag.yaml": ("partnership: !secret X\n", "tag"),
    "set-tag.yaml": ("partnership: X\nanswers: !!set {a, b}\n", "tag"),
    "deep.yaml": ("partnership: X\nanswers: " + "[" * 200 + "]" * 200 + "\n", "nested more than"),
    "deep.json": ('{"partnership": "X", "answers": ' + "[" * 5000 + "]" * 5000 + "}", "nested more than"),
    "two-documents.yaml": ("partnership: X\n---\npartnership: Y\n", "more than one YAML document"),
    "empty.yaml": ("", "is empty"),
    "blank.yaml": ("\n   \n\n", "is empty"),
    "binary.yaml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "latin-1.yaml": ("partnership: Café Partnership\n".encode("latin-1"), "not UTF-8"),
    "oversize.yaml": ("partnership: X\n# " + "x" * (MAX_ANSWERS_BYTES + 10) + "\n", "larger than"),
}


@pytest.mark.parametrize("name", list(BAD_ANSWERS))
def test_bad_answers_file(tmp_path, name):
    content, fragment = BAD_ANSWERS[name]
    path = write(tmp_path / name, content)
    stderr = assert_refused(run("assess", "--answers", path), str(path))
    # the message, not the file name ('binary.yaml', 'python-tag.yaml'), must say it
    assert fragment in stderr.replace(str(path), "<file>"), stderr


def test_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path / "evil.yaml", f'partnership: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert_refused(run("assess", "--answers", path), str(path))
    assert not marker.exists()


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path / "bom.yaml", b"\xef\xbb\xbf" + OFFICER.read_bytes())
    result = run("assess", "--answers", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["partnership"] == officer()["partnership"]


def test_missing_file(tmp_path):
    path = tmp_path / "no-such-answers.yaml"
    stderr = assert_refused(run("assess", "--answers", path), str(path))
    assert "no such file" in stderr


def test_directory(tmp_path):
    folder = tmp_path / "answers.yaml"
    folder.mkdir()
    stderr = assert_refused(run("assess", "--answers", folder), str(folder))
    assert "folder" in stderr


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.yaml", OFFICER.read_text(encoding="utf-8"))
    path.chmod(0)
    # root reads any file whatever its mode: refuse this one as the system would
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    try:
        stderr = assert_refused(run("assess", "--answers", path), str(path))
        assert "permission denied" in stderr
    finally:
        path.chmod(0o644)


def test_several_problems_listed_at_once(tmp_path):
    data = officer()
    del data["partnership"]
    data["colour"] = "blue"  # an unknown field
    data["answers"]["trust.no-such-thing"] = "agree"  # unknown id
    data["answers"]["capacity.right-organisations"] = "sometimes"  # not an option
    data["answers"]["continuum.problem"] = "nobody"  # not an option
    data["notes"]["barriers.nope"] = "a note on nothing"  # note for unknown id
    path = write(tmp_path / "several.yaml", yaml.safe_dump(data, sort_keys=False))
    stderr = assert_refused(run("assess", "--answers", path), str(path))
    expected = [
        "partnership: is required",
        "colour: unknown field",
        "answers.trust.no-such-thing: unknown question id",
        "answers.capacity.right-organisations: 'sometimes' is not an option",
        "answers.continuum.problem: 'nobody' is not an option",
        "notes.barriers.nope: note for an unknown question id",
    ]
    assert f"{len(expected)} problems" in stderr
    listed = [l.strip() for l in stderr.splitlines() if l.startswith("  ")]
    assert len(listed) == len(expected), listed
    for fragment in expected:
        assert sum(fragment in l for l in listed) == 1, fragment


def test_non_string_answer_reported_once(tmp_path):
    # once, not by both the field checks ('should be text') and the bank check
    path = write(tmp_path / "number.yaml", "partnership: X\nanswers:\n  capacity.right-organisations: 3\n")
    stderr = assert_refused(run("assess", "--answers", path), str(path))
    assert stderr.count("capacity.right-organisations") == 1, stderr


@pytest.mark.parametrize("command", ["combine", "compare"])
def test_bad_file_in_combine_and_compare(tmp_path, command):
    bad = write(tmp_path / "bad.yaml", "partnership: X\nanswers:\n  trust.conflict-raised: maybe\n")
    result = run(command, OFFICER, bad)
    stderr = assert_refused(result, str(bad))
    assert "'maybe' is not an option" in stderr


def test_report_of_a_bad_result(tmp_path):
    bad = write(tmp_path / "result.json", json.dumps({"kind": "assessment", "partnership": "X"}))
    stderr = assert_refused(run("report", bad), str(bad))
    assert "is required" in stderr


@pytest.mark.parametrize("field", ["gaps", "recommendations", "statements"])
def test_report_of_a_result_naming_an_unknown_lesson(tmp_path, field):
    saved = json.loads(run("assess", "--answers", OFFICER, "--format", "json").stdout)
    assert saved[field], field
    saved[field][0]["lesson"] = "nope"
    bad = write(tmp_path / "result.json", json.dumps(saved))
    for fmt in ("terminal", "markdown", "html"):
        stderr = assert_refused(run("report", bad, "--format", fmt), str(bad))
        assert f"{field}.0.lesson: names the lesson 'nope', which is not under 'lessons'" in stderr


# Bad banks ---------------------------------------------------------------------


def _bank_with(tmp_path: Path, old: str, new: str, name: str = "bad-bank.yaml") -> Path:
    text = BANK.read_text(encoding="utf-8")
    assert old in text, old
    return write(tmp_path / name, text.replace(old, new, 1))


def test_bank_with_unknown_lesson(tmp_path):
    bad = _bank_with(
        tmp_path,
        "  - id: trust.new-people\n    lesson: trust\n",
        "  - id: trust.new-people\n    lesson: trusting\n",
    )
    for args in (("assess", "--answers", OFFICER, "--questions", bad), ("questions", "validate", bad)):
        stderr = assert_refused(run(*args), str(bad))
        assert "trust.new-people" in stderr  # the question
        assert ".lesson" in stderr  # the field
        assert "unknown lesson 'trusting'" in stderr


def test_bank_with_several_problems(tmp_path):
    text = BANK.read_text(encoding="utf-8")
    text = text.replace("  - id: trust.new-people\n    lesson: trust\n", "  - id: trust.new-people\n    lesson: trusting\n", 1)
    text = text.replace("  - id: capacity.right-organisations\n    lesson: capacity\n", "  - id: capacity.right-organisations\n    lesson: capacity\n    scale: nine-point\n", 1)
    bad = write(tmp_path / "bank.yaml", text)
    stderr = assert_refused(run("questions", "validate", tmp_path), "bank.yaml")
    assert "2 problems" in stderr
    assert "statements[trust.new-people].lesson" in stderr
    assert "statements[capacity.right-organisations].scale: unknown scale 'nine-point'" in stderr
    assert str(bad) in stderr


def test_bank_missing_field_names_question(tmp_path):
    bad = _bank_with(
        tmp_path,
        "  - id: shared_interest.purpose-agreed\n    lesson: shared_interest\n    text: Partners agree on what this partnership is for.\n",
        "  - id: shared_interest.purpose-agreed\n    lesson: shared_interest\n",
    )
    stderr = assert_refused(run("questions", "validate", bad), str(bad))
    assert "statements[shared_interest.purpose-agreed].text: is required" in stderr


@pytest.mark.parametrize(
    "name, content, fragment",
    [
        ("syntax.yaml", "name: [\n", "YAML syntax error"),
        ("empty.yaml", "", "is empty"),
        ("list.yaml", "- 1\n- 2\n", "must be a YAML mapping"),
        ("alias.yaml", "name: &n x\nversion: *n\n", "anchors or aliases"),
    ],
)
def test_bad_bank_files(tmp_path, name, content, fragment):
    bad = write(tmp_path / name, content)
    stderr = assert_refused(run("assess", "--answers", OFFICER, "--questions", bad), str(bad))
    assert fragment in stderr


def test_missing_bank_and_folder_without_bank(tmp_path):
    stderr = assert_refused(run("questions", "list", "--questions", tmp_path / "none.yaml"), "none.yaml")
    assert "no such file" in stderr
    stderr = assert_refused(run("questions", "list", "--questions", tmp_path), str(tmp_path))
    assert "without a bank.yaml" in stderr


# User text is shown literally ------------------------------------------------------

EVIL_NAME = "Evil [bold red]X[/] \x1b[31mRED\x1b[0m | # <script>alert(1)</script>"
EVIL_NOTE = "note | with <b>html</b> ``` and \x1b]0;title\x07 osc [link=file:///etc]y[/link]"


@pytest.fixture
def evil_answers(tmp_path):
    data = officer()
    data["partnership"] = EVIL_NAME
    data["respondent"] = "[italic]Mallory[/italic]"
    data["notes"]["trust.conflict-raised"] = EVIL_NOTE
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")
    return path


def test_terminal_shows_markup_literally(evil_answers):
    result = run("assess", "--answers", evil_answers)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    assert "\x07" not in out
    title = out.splitlines()[0]
    assert "[bold red]X[/]" in title
    assert "RED" in title  # the escape sequence is gone, the text is kept
    assert "| # <script>alert(1)</script>" in title
    assert "[italic]Mallory[/italic]" in out


def test_markdown_escapes_user_text(evil_answers):
    result = run("assess", "--answers", evil_answers, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "<script>" not in out
    assert "<b>" not in out
    assert "```" not in out
    title = out.splitlines()[0]
    assert title.startswith("# Partnership assessment: ")
    assert r"\|" in title and re.search(r"(?<!\\)\|", title) is None
    assert r"\[bold red\]" in title
    # the note stays inside its table row: same number of unescaped pipes as the header
    row = next(l for l in out.splitlines() if "note" in l and "html" in l)
    header = next(l for l in out.splitlines() if l.startswith("| Statement | Answer | Score | Notes |"))
    unescaped = re.compile(r"(?<!\\)\|")
    assert len(unescaped.findall(row)) == len(unescaped.findall(header))


def test_json_keeps_user_text_exactly(evil_answers):
    result = run("assess", "--answers", evil_answers, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["partnership"] == EVIL_NAME
    notes = next(s["notes"] for s in data["statements"] if s["id"] == "trust.conflict-raised")
    assert notes == [EVIL_NOTE]


@pytest.mark.parametrize("header", ["partnership:", 'partnership: ""', "partnership: '   '"])
def test_blank_partnership_says_to_write_the_name(tmp_path, header):
    path = tmp_path / "blank.yaml"
    path.write_text(f"{header}\nanswers: {{trust.conflict-raised: agree}}\n")
    result = CliRunner().invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 2
    assert f"{path}: line 1, partnership: is empty: write the partnership's name" in result.stderr
    assert "Value error" not in result.stderr and "valid string" not in result.stderr


# --------------------------------------------------------------------------
# Option values Typer refuses: told in partnercheck's words
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("assess", "--answers", OFFICER, "--format", "pdff"), "'pdff' is not one of: terminal, markdown, json, html, docx, pdf; did you mean 'pdf'?"),
        (("batch", OFFICER, "--jobs", "0"), "'0' should be at least 1"),
        (("batch", OFFICER, "--jobs", "two"), "'two' is not a whole number"),
        (("schema", "--for", "results"), "did you mean 'result'?"),
        (("questions", "export", "--format", "yml"), "'yml' is not one of: json, yaml, form, csv; did you mean 'yaml'?"),
    ],
)
def test_a_bad_option_value_is_told_in_our_words(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.stderr
    # not pydantic's sentences
    assert "Input should be" not in result.stderr
    assert "Value error" not in result.stderr


@pytest.mark.parametrize(("command", "shown"), [("combine", "FILE..."), ("batch", "PATH..."), ("report", "RESULT.json")])
def test_help_shows_an_argument_as_written(command, shown):
    text = run(command, "--help").stdout
    usage = text.splitlines()[0]
    assert usage.endswith(f"[OPTIONS] {shown}")  # not "{FILE...}..."
    assert "<list[str]>" not in text and "<str>" not in text
    assert re.search(rf"^\s+{re.escape(shown)}\s+\S", text, re.M)

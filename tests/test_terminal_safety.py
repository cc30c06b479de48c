"""Text from files never takes over the terminal.

A partner's answers file (or a custom bank, or a file's name) may hold escape
sequences that clear the screen, retitle the window or hide what follows,
C1 controls that some terminals read as the start of one, a bell, a carriage
return that writes over a line, and bidirectional overrides that make text
display in another order than it reads.  None of them may reach the screen as
they are: reports leave them out (in Markdown and HTML too, where a reader
would not see them), messages show them as escapes so that the person can
find them in the file, and JSON writes them as ``\\u`` escapes that read back
as the same text.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from partnercheck.cli import app

# One of each kind, each with a word after it, so a test can see the word survive.
HOSTILE = {
    "escape sequence": "\x1b[2J\x1b[31mred",
    "window title (OSC)": "\x1b]0;owned\x07title",
    "C1 CSI": "\x9b31mcsi",
    "C1 next line": "\x85nel",
    "bell": "\x07bell",
    "carriage return": "\rover",
    "right-to-left override": "\u202erlo",
    "right-to-left isolate": "\u2067rli\u2069",
    "left-to-right embedding": "\u202alre\u202c",
}
# What may never reach a terminal: C0 controls but tab and newline, DEL, C1,
# the bidi overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def runner() -> CliRunner:
    return CliRunner()


def statement_ids(bank) -> list[str]:
    return [s.id for s in bank.statements]


def answers_file(tmp_path, bank, *, name="answers.json", **overrides) -> str:
    """An answers file every statement of which is answered 'agree' (as JSON,
    written with ASCII escapes, so the hostile text arrives exactly)."""
    data = {
        "partnership": "Northtown CSP",
        "respondent": "A. Officer",
        "organisation": "Northtown Council",
        "answers": {sid: "agree" for sid in statement_ids(bank)},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


# --------------------------------------------------------------------------
# Reports: the hostile text is removed, the words around it kept
# --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("field", ["partnership", "respondent", "organisation", "notes"])
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_reports_never_carry_control_or_bidi_characters(tmp_path, bank, kind, field, fmt):
    text = f"Before {HOSTILE[kind]} after"
    first = bank.statements[0].id
    value = {first: text} if field == "notes" else text
    path = answers_file(tmp_path, bank, **{field: value})
    result = runner().invoke(app, ["assess", "--answers", path, "--format", fmt, "--no-chart"])
    assert result.exit_code == 0, result.stderr
    assert not RAW.search(result.stdout), repr(RAW.search(result.stdout))
    # the words themselves are still shown
    assert "Before" in result.stdout and "after" in result.stdout


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_combined_report_with_notes_never_carries_them(tmp_path, bank, kind):
    first = bank.statements[0].id
    a = answers_file(tmp_path, bank, name="a.json", respondent="A", notes={first: f"Note {HOSTILE[kind]} end"})
    b = answers_file(tmp_path, bank, name="b.json", respondent=f"B {HOSTILE[kind]}",
                     answers={first: "disagree"})
    result = runner().invoke(app, ["combine", a, b, "--include-notes", "--name-respondents"])
    assert result.exit_code == 0, result.stderr
    assert "Note" in result.stdout
    assert not RAW.search(result.stdout)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_json_report_escapes_them_and_reads_back_the_same(tmp_path, bank, kind):
    name = f"Northtown {HOSTILE[kind]}"
    path = answers_file(tmp_path, bank, partnership=name)
    result = runner().invoke(app, ["assess", "--answers", path, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert not RAW.search(result.stdout)
    assert json.loads(result.stdout)["partnership"] == name  # the data is kept, only written inert


def test_batch_summary_table_and_messages(tmp_path, bank):
    folder = tmp_path / "in"
    folder.mkdir()
    answers_file(folder, bank, name="a.json", partnership="North \u202etown\x1b[2J")
    out = tmp_path / "out"
    result = runner().invoke(app, ["batch", str(folder), "--out-dir", str(out), "--fail-under", "101"])
    assert result.exit_code == 1  # below --fail-under: the partnership is named in a message
    assert not RAW.search(result.stdout) and not RAW.search(result.stderr)
    assert "North" in result.stderr


# --------------------------------------------------------------------------
# Messages: shown as escapes, so the person can find them in the file
# --------------------------------------------------------------------------


def escaped(text: str) -> str:
    """How a message shows ``text``: each control or bidi character as \\xNN or \\uNNNN."""
    return RAW.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def assert_inert(stderr: str) -> None:
    assert not RAW.search(stderr), repr(RAW.search(stderr))


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_unknown_question_id_is_shown_escaped(tmp_path, bank, kind):
    qid = f"trust.x{HOSTILE[kind]}"
    path = answers_file(tmp_path, bank, answers={qid: "agree"})
    result = runner().invoke(app, ["assess", "--answers", path])
    assert result.exit_code == 2
    assert_inert(result.stderr)
    assert "unknown question id" in result.stderr
    assert escaped(qid) in result.stderr  # findable: the place as it is in the file, made visible


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_bad_value_is_shown_escaped(tmp_path, bank, kind):
    first = bank.statements[0].id
    path = answers_file(tmp_path, bank, answers={first: f"agree{HOSTILE[kind]}"})
    result = runner().invoke(app, ["assess", "--answers", path])
    assert result.exit_code == 2
    assert_inert(result.stderr)
    assert "is not an option" in result.stderr


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_unknown_field_name_is_shown_escaped(tmp_path, bank, kind):
    field = f"colour{HOSTILE[kind]}"
    path = answers_file(tmp_path, bank, **{field: "x"})
    result = runner().invoke(app, ["assess", "--answers", path])
    assert result.exit_code == 2
    assert_inert(result.stderr)
    assert escaped(field) in result.stderr


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_note_for_an_unknown_question_is_shown_escaped(tmp_path, bank, kind):
    path = answers_file(tmp_path, bank, notes={f"trust.{HOSTILE[kind]}": "a note"})
    result = runner().invoke(app, ["assess", "--answers", path])
    assert result.exit_code == 2
    assert_inert(result.stderr)
    assert "note for an unknown question id" in result.stderr


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_file_names_are_shown_escaped(tmp_path, bank, kind):
    # a file that is not there, and a file that is there with a mistake in it
    missing = tmp_path / f"gone{HOSTILE[kind]}.yaml"
    result = runner().invoke(app, ["assess", "--answers", str(missing)])
    assert result.exit_code == 2
    assert_inert(result.stderr)
    assert escaped(str(missing)) in result.stderr and "no such file" in result.stderr

    name = f"bad{HOSTILE[kind]}.json"
    path = answers_file(tmp_path, bank, name=name, answers={bank.statements[0].id: "agre"})
    for args in (["assess", "--answers", path], ["combine", path, path + "x"], ["compare", path, path]):
        result = runner().invoke(app, args)
        assert result.exit_code == 2
        assert_inert(result.stderr)
        assert escaped(name) in result.stderr


def test_a_newline_in_a_key_does_not_start_a_line_of_its_own(tmp_path, bank):
    # a message is one line per problem: a key cannot forge a second one
    path = answers_file(tmp_path, bank, answers={"trust.x\npartnercheck: all good": "agree"})
    result = runner().invoke(app, ["assess", "--answers", path])
    assert result.exit_code == 2
    assert not any(line.startswith("partnercheck: all good") for line in result.stderr.splitlines())
    assert "\\x0a" in result.stderr


def test_written_file_name_is_shown_escaped(tmp_path, bank):
    path = answers_file(tmp_path, bank)
    target = tmp_path / "board\x1b[2J.md"
    result = runner().invoke(app, ["assess", "--answers", path, "-o", str(target), "--no-chart"])
    assert result.exit_code == 0, result.stderr
    assert target.exists()
    assert_inert(result.stderr)
    assert "board\\x1b[2J.md" in result.stderr


# --------------------------------------------------------------------------
# A custom bank's words: in `questions list`, in its errors, and in the questionnaire
# --------------------------------------------------------------------------


def hostile_bank(tmp_path, raw_bank, text: str, *, lesson: str | None = None):
    import yaml

    data = json.loads(json.dumps(raw_bank))
    data["statements"][0]["text"] = text
    if lesson is not None:
        data["statements"][1]["lesson"] = lesson
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_questions_list_of_a_hostile_bank(tmp_path, raw_bank, kind):
    path = hostile_bank(tmp_path, raw_bank, f"Partners agree {HOSTILE[kind]} on purpose.")
    result = runner().invoke(app, ["questions", "list", "--questions", str(path)])
    assert result.exit_code == 0, result.stderr
    assert not RAW.search(result.stdout)
    assert "Partners agree" in result.stdout


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_bank_errors_quote_its_words_escaped(tmp_path, raw_bank, kind):
    path = hostile_bank(tmp_path, raw_bank, "fine", lesson=f"trsut{HOSTILE[kind]}")
    result = runner().invoke(app, ["questions", "validate", str(path)])
    assert result.exit_code == 2
    assert_inert(result.stderr)
    assert "unknown lesson" in result.stderr


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_questionnaire_shows_a_hostile_bank_inert(bank, kind):
    from partnercheck.interview import description, question_message

    shown = question_message(f"Trust {HOSTILE[kind]}", f"We agree {HOSTILE[kind]} openly.", 1, 46, 80)
    assert not RAW.search(shown) and "We agree" in shown
    assert not RAW.search(description(f"Why {HOSTILE[kind]} it matters", 80))


# --------------------------------------------------------------------------
# The helper itself
# --------------------------------------------------------------------------


def test_visible_and_clean_cover_each_kind():
    from partnercheck.untrusted import clean, json_safe, visible

    for text in HOSTILE.values():
        assert not RAW.search(clean(text))
        assert not RAW.search(visible(text))
        assert not RAW.search(json_safe(json.dumps(text, ensure_ascii=False)))
        assert json.loads(json_safe(json.dumps(text, ensure_ascii=False))) == text
    assert visible("a\nb", newlines=True) == "a\nb"
    assert visible("a\nb") == "a\\x0ab"
    assert visible("\u202e") == "\\u202e"
    assert clean("Café \u202eok") == "Café ok"  # letters kept, only the override goes


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_template_of_a_hostile_bank_on_the_screen(tmp_path, raw_bank, kind):
    path = hostile_bank(tmp_path, raw_bank, f"Partners agree {HOSTILE[kind]} on purpose.")
    result = runner().invoke(app, ["template", "--questions", str(path), "-p", f"North{HOSTILE[kind]}"])
    assert result.exit_code == 0, result.stderr
    assert not RAW.search(result.stdout)
    assert "Partners agree" in result.stdout


def test_batch_table_reads_no_markup_from_a_folder_or_a_bank(tmp_path, bank, raw_bank):
    import yaml

    data = json.loads(json.dumps(raw_bank))
    for band in data["bands"]:
        band["label"] = f"[/]{band['label']} [bold]\x1b[2J"
    bank_path = tmp_path / "bank.yaml"
    bank_path.write_text(yaml.safe_dump(data, allow_unicode=False), encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    answers_file(folder, bank, name="a.json")
    out = tmp_path / "[red]out[/]"
    result = runner().invoke(app, ["batch", str(folder), "--out-dir", str(out), "--questions", str(bank_path)])
    assert result.exit_code == 0, result.stderr + str(result.exception)
    assert "[/]" in result.stdout and "[red]out[/]" in result.stdout  # shown as written, not read as markup
    assert not RAW.search(result.stdout)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_questions_export_of_a_hostile_bank_is_inert_and_reads_back(tmp_path, raw_bank, kind, fmt):
    import yaml

    text = f"Partners agree {HOSTILE[kind]} on purpose."
    path = hostile_bank(tmp_path, raw_bank, text)
    result = runner().invoke(app, ["questions", "export", "--questions", str(path), "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert not RAW.search(result.stdout)
    data = json.loads(result.stdout) if fmt == "json" else yaml.safe_load(result.stdout)
    assert data["questions"][0]["text"] == text  # the data kept, only written inert

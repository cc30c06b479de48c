"""What a new user tripped on: an 80-column terminal, a template filled in by
hand as its comments say, a slip in a value, shell completion, colour
conventions, standard input at a terminal, and the files a report brings
with it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from partnercheck import output
from partnercheck.answers import load_answers, template
from partnercheck.cli import app
from partnercheck.errors import InputError
from partnercheck.models import Answers, Statement

OFFICER = EXAMPLES / "northtown-officer.yaml"


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    return CliRunner().invoke(app, list(args), env=env, input=input)


# --------------------------------------------------------------------------
# Every statement readable in full at 80 columns
# --------------------------------------------------------------------------


class Shown:
    """questionary.select as the interview calls it, recording what it would draw."""

    drawn: list[tuple[str, list[str]]] = []

    def __init__(self, message, choices, **kwargs):
        self.value = choices[0].value
        descriptions = [c.description for c in choices if getattr(c, "description", None)]
        Shown.drawn.append((message, descriptions))

    def unsafe_ask(self):
        return self.value


def test_every_question_fits_80_columns_broken_between_words(bank, monkeypatch):
    from partnercheck import interview

    Shown.drawn = []
    monkeypatch.setattr(interview.questionary, "select", Shown)
    start = Answers(partnership="Northtown CSP", answers={})
    # prompt_toolkit's DummyOutput is a screen of 80 columns
    from prompt_toolkit.output import DummyOutput

    interview.interview(bank, start=start, io={"output": DummyOutput()})
    questions = bank.questions()
    assert len(Shown.drawn) == len(questions)
    assert any(len(q.text) > 78 for q in questions)  # the bank has statements longer than a line
    for q, (message, descriptions) in zip(questions, Shown.drawn):
        # questionary draws "? " before the message, and its instruction after the last line
        lines = ("? " + message + "(arrow keys, Enter)").splitlines()
        assert all(len(line) <= 80 for line in lines), lines
        # the statement is all there, in its words, none of them cut
        assert " ".join(q.text.split()) in " ".join(message.split())
        # and what is shown below the choices ("Why this matters" first): its
        # lines fit beside questionary's "  Description: "
        assert " ".join(descriptions[0].split()) == " ".join(q.help.split())
        for d in descriptions:
            first, *rest = d.splitlines()
            assert len("  Description: " + first) <= 80 and all(len(line) <= 80 for line in rest)


def test_why_this_matters_is_wrapped_too(bank, capsys):
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from partnercheck.interview import interview

    longest = max(bank.questions(), key=lambda q: len(q.help))
    index = bank.questions().index(longest)
    start = Answers(partnership="P", answers={q.id: "dont-know" for q in bank.statements[:index]
                                                if isinstance(q, Statement)})
    n = len(bank.scale(longest.scale).options) if isinstance(longest, Statement) else len(longest.options)
    with create_pipe_input() as pipe:
        pipe.send_text("\x1b[B" * n + "\r")  # "Why this matters", then end of input
        pipe.close()
        with pytest.raises(Exception):
            interview(bank, start=start, io={"input": pipe, "output": DummyOutput()})
    printed = capsys.readouterr().out
    assert " ".join(longest.help.split()) in " ".join(printed.split())
    assert all(len(line) <= 80 for line in printed.splitlines())


# --------------------------------------------------------------------------
# The template, filled in as its own comments say
# --------------------------------------------------------------------------


NOTE = "Agreed at the away day: see minute #4."


def follow_the_template(text: str, bank) -> str:
    """Do, to the letter, what the template's comments say."""
    lines = text.splitlines()
    # "answer each question by writing one of the values listed above it after the colon"
    first = bank.statements[0].id
    lines = [f"  {first}: agree" if line == f"  {first}:" else line for line in lines]
    # the note's example: "To use the example, delete its '# '; copy it for more notes."
    i = next(i for i, line in enumerate(lines) if "trust.conflict-raised:" in line and "Better since the away day." in line
             and line.lstrip().startswith("#") and i > lines.index("answers:"))
    lines[i] = lines[i].replace("# ", "", 1)
    # a note of one's own, as people write them: with a colon and a '#'
    lines.insert(i + 1, lines[i].replace("trust.conflict-raised", first).replace("Better since the away day.", NOTE))
    return "\n".join(lines) + "\n"


def test_the_template_followed_to_the_letter_loads_with_its_notes(bank, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(follow_the_template(template(bank, partnership="Northtown CSP"), bank))
    answers = load_answers(path, bank)
    assert answers.notes == {
        "trust.conflict-raised": "Better since the away day.",
        bank.statements[0].id: NOTE,
    }
    assert answers.given() == {bank.statements[0].id: "agree"}


def test_the_template_without_notes_loads(bank, tmp_path):
    path = tmp_path / "answers.yaml"
    text = template(bank, partnership="Northtown CSP").replace(f"  {bank.statements[0].id}:\n", f"  {bank.statements[0].id}: agree\n")
    path.write_text(text)
    assert load_answers(path, bank).notes == {}


def test_the_template_leaves_the_date_to_the_partner(bank, tmp_path):
    text = template(bank, partnership="Northtown CSP")
    date_line = next(line for line in text.splitlines() if line.startswith("date:"))
    assert not re.search(r"date:\s*\d", date_line)  # not the day the template was made
    # filled in, it is the day answered; left blank, the report says it was not given
    path = tmp_path / "a.yaml"
    answered = text.replace(f"  {bank.statements[0].id}:\n", f"  {bank.statements[0].id}: agree\n")
    path.write_text(answered)
    assert load_answers(path, bank).date is None
    report = run("assess", "--answers", str(path), env={"NO_COLOR": "1"})
    assert report.exit_code == 0, report.stderr
    assert re.search(rf"{bank.texts.date}\s*: {bank.texts.not_given}", report.stdout)
    path.write_text(answered.replace(date_line, "date: 2026-11-30"))
    assert str(load_answers(path, bank).date) == "2026-11-30"


# --------------------------------------------------------------------------
# Mistakes name their line
# --------------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_slip_in_a_value_and_an_unknown_id_name_their_lines(bank, tmp_path):
    first, second = bank.statements[0].id, bank.statements[5].id
    text = template(bank, partnership="Northtown CSP")
    text = text.replace(f"  {first}:\n", f"  {first}: agre\n")  # a typo in a value
    text = text.replace(f"  {second}:\n", f"  {second}: agree\n  trust.conflct-raised: agree\n")  # a typo in an id
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert f"line {line_of(text, first + ': agre')}, answers.{first}: 'agre' is not an option; did you mean 'agree'?" in result.stderr
    assert (f"line {line_of(text, 'trust.conflct-raised')}, answers.trust.conflct-raised: unknown question id; "
            "did you mean 'trust.conflict-raised'?") in result.stderr


def test_json_answers_name_their_lines_too(bank, tmp_path):
    data = {"partnership": "P", "answers": {bank.statements[0].id: "agree", bank.statements[1].id: "maybe"}}
    text = json.dumps(data, indent=2)
    path = tmp_path / "answers.json"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_answers(path, bank)
    (problem,) = info.value.problems
    assert problem.line == line_of(text, '"maybe"')
    assert str(problem).startswith(f"line {problem.line}, answers.{bank.statements[1].id}:")


def test_a_missing_header_field_names_no_line(bank, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(f"answers:\n  {bank.statements[0].id}: agree\n")
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert f"{path}: partnership: is required" in result.stderr


def test_a_bank_lists_problems_of_every_kind_at_once(tmp_path, raw_bank):
    import yaml

    data = json.loads(json.dumps(raw_bank))
    data["statements"][5]["text"] = 5  # the shape of a field
    data["statements"][3]["lesson"] = "trsut"  # a reference across the bank
    data["lessons"][0]["sources"] = ["nowhere"]  # a citation of no source
    data["rules"]["max_missing_share"] = 7  # a range
    path = tmp_path / "bank.yaml"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(text)
    result = run("questions", "validate", str(path))
    assert result.exit_code == 2
    err = result.stderr
    assert "4 problems" in err
    assert f"statements[{data['statements'][5]['id']}].text: should be text" in err
    assert f"statements[{data['statements'][3]['id']}].lesson: unknown lesson 'trsut'" in err
    assert "lessons.0.sources: cites 'nowhere'" in err
    assert "rules.max_missing_share: should be at most 1" in err
    # each with its line, in the order of the file
    lines = [int(m) for m in re.findall(r"^  line (\d+),", err, re.M)]
    assert len(lines) == 4 and lines == sorted(lines)


def test_a_broken_list_does_not_raise_false_problems(tmp_path, raw_bank):
    import yaml

    data = json.loads(json.dumps(raw_bank))
    data["bands"][0]["min"] = "high"  # one band invalid: not "must be exactly strength, watch and gap"
    data["statements"][0]["text"] = ""  # one statement invalid: its lesson still has statements
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = run("questions", "validate", str(path))
    assert result.exit_code == 2
    assert "2 problems" in result.stderr
    assert "must be exactly" not in result.stderr and "has no statements" not in result.stderr


# --------------------------------------------------------------------------
# Shell completion, without a slower start
# --------------------------------------------------------------------------


def test_completion_is_offered():
    result = run("--help")
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


def test_show_completion_prints_a_script():
    result = run("--show-completion", "bash")
    assert result.exit_code == 0
    assert "_PARTNERCHECK_COMPLETE" in result.stdout


def test_completion_completes_commands_and_formats():
    env = {**os.environ, "_PARTNERCHECK_COMPLETE": "complete_bash", "COMP_WORDS": "partnercheck ass", "COMP_CWORD": "1"}
    code = "import sys\nsys.argv = ['partnercheck']\nfrom partnercheck.cli import main\nmain()\n"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["assess"]
    env.update(COMP_WORDS="partnercheck assess --format ", COMP_CWORD="3")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert {"terminal", "markdown", "json", "html"} <= set(done.stdout.split())


def test_each_command_runs_as_with_every_command_built(monkeypatch, capsys):
    # The installed command builds only the command asked for (start-up);
    # what a person sees must not change, and the app keeps every command.
    from partnercheck.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    # named as the installed command is, not as pytest's "python -m pytest"
    monkeypatch.setattr(sys.modules["__main__"], "__package__", None)
    before = [c.name for c in app.registered_commands]
    assert len(before) > 10
    for name in ["assess", "combine", "trend", "questions", "asess"]:
        monkeypatch.setattr(sys, "argv", ["partnercheck", name, "--help"])
        with pytest.raises(SystemExit) as ended:
            main()
        out = capsys.readouterr()
        with pytest.raises(SystemExit) as whole:  # Typer's app, every command built
            app([name, "--help"], prog_name="partnercheck")
        expected = capsys.readouterr()
        assert ended.value.code == whole.value.code
        assert (out.out, out.err) == (expected.out, expected.err)
        assert name in out.out + out.err
        assert [c.name for c in app.registered_commands] == before
    # a command run for real, then the whole app again
    monkeypatch.setattr(sys, "argv", ["partnercheck", "assess", "--answers", str(EXAMPLES / "northtown-officer.yaml"), "--format", "json"])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "assessment"
    assert "combine" in run("--help", env={"COLUMNS": "80"}).output


def test_help_still_imports_nothing_heavy():
    code = textwrap.dedent("""
        import sys
        sys.argv = ['partnercheck', '--help']
        from partnercheck.cli import main
        try:
            main()
        except SystemExit:
            pass
        heavy = {'pydantic', 'rich', 'questionary', 'yaml', 'prompt_toolkit'}
        print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "[]"


# --------------------------------------------------------------------------
# Colour conventions
# --------------------------------------------------------------------------

ANSI = "\x1b["


def test_an_empty_no_color_does_not_turn_colour_off(monkeypatch):
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", "")
    assert output.use_colour()
    result = run("assess", "--answers", str(OFFICER), env={"NO_COLOR": "", "TERM": "xterm"})
    assert ANSI in result.stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert not output.use_colour()


def test_force_color_colours_a_pipe():
    result = run("assess", "--answers", str(OFFICER), env={"FORCE_COLOR": "1", "NO_COLOR": None})
    assert result.exit_code == 0
    assert ANSI in result.stdout
    # NO_COLOR, set, still wins; and an empty FORCE_COLOR forces nothing
    assert ANSI not in run("assess", "--answers", str(OFFICER), env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert ANSI not in run("assess", "--answers", str(OFFICER), env={"FORCE_COLOR": "", "NO_COLOR": None}).stdout


def test_force_color_never_colours_a_file(tmp_path):
    target = tmp_path / "board.txt"
    result = run("assess", "--answers", str(OFFICER), "-o", str(target), env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0
    assert ANSI not in target.read_text()


# --------------------------------------------------------------------------
# Standard input at a terminal; what was written
# --------------------------------------------------------------------------


def test_answers_from_a_terminal_say_how_to_end_them(monkeypatch, capsys):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    output.reading_stdin("the answers")
    said = capsys.readouterr().err
    assert "standard input" in said and "Ctrl-D" in said


def test_answers_from_a_pipe_say_nothing_about_it():
    result = run("assess", "--answers", "-", "--format", "json", input=OFFICER.read_text())
    assert result.exit_code == 0
    assert "Ctrl-D" not in result.stderr


def test_wrote_names_the_charts_beside_the_report(tmp_path):
    target = tmp_path / "board.md"
    result = run("assess", "--answers", str(OFFICER), "-o", str(target))
    assert result.exit_code == 0
    charts = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert charts  # Markdown brings its charts
    said = result.stderr.strip().splitlines()[-1]
    assert said.startswith(f"Wrote {target}")
    for name in charts:
        assert str(tmp_path / name) in said
    # without charts, only the report
    again = run("assess", "--answers", str(OFFICER), "-o", str(tmp_path / "plain.md"), "--no-chart")
    assert again.stderr.strip().splitlines()[-1] == f"Wrote {tmp_path / 'plain.md'}"


def test_a_list_item_that_wraps_stays_under_its_own_first_word():
    # at 80 columns many items take two lines: the second starts under the
    # first word, not under the bullet, so that where an item ends is plain
    result = run("assess", "--answers", str(OFFICER), env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    wrapped = 0
    for before, line in zip(lines, lines[1:]):
        if before.startswith(("  • ", "  ! ")) and line.strip() and not line.startswith(("  • ", "  ! ")) \
                and not line.startswith(" " * 4) and "─" not in line and "│" not in line:
            pytest.fail(f"continued under the bullet: {before!r} / {line!r}")
        wrapped += before.startswith("  • ") and line.startswith("    ") and bool(line.strip())
    assert wrapped  # the sample has items long enough to wrap at 80 columns


@pytest.mark.parametrize("args", [["--help"], ["questions", "--help"]])
def test_commands_are_described_in_full_at_80_columns(args):
    result = run(*args, env={"COLUMNS": "80"})
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:")[1].split("\n\n")[0].splitlines()
    assert len(commands) > 2
    for line in commands:
        assert not line.rstrip().endswith("..."), line  # not cut off
        assert len(line) <= 80


@pytest.mark.parametrize("columns", ["80", "60"])
def test_questions_list_fits_the_screen_broken_between_words(bank, columns):
    result = run("questions", "list", env={"COLUMNS": columns})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    flat = " ".join(result.stdout.split())
    for q in bank.questions():
        assert " ".join(q.text.split()) in flat  # every text whole, none cut inside a word


def test_a_colon_in_an_unquoted_note_says_to_quote_it(bank, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(f"partnership: P\nanswers:\n  {bank.statements[0].id}: agree\nnotes:\n"
                    f"  {bank.statements[0].id}: We don't talk about money: it's awkward.\n")
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert f"{path}: line 5" in result.stderr
    assert "double quotes" in result.stderr


def test_the_template_reads_in_an_80_column_editor(bank):
    text = template(bank, partnership="Northtown CSP")
    assert all(len(line) <= 79 for line in text.splitlines())
    flat = " ".join(text.replace("#", " ").split())
    for q in bank.questions():
        assert " ".join(q.text.split()) in flat and " ".join(q.help.split()) in flat


# ('Agree' and 'Dont-Know' are an option's label and value: read as that option; tests/test_forms.py)
@pytest.mark.parametrize("typed, meant", [("agre", "agree"), ("stronly-agree", "strongly-agree"), ("Dont-Knw", "dont-know")])
def test_a_slip_in_a_value_gets_the_option_it_was_meant_to_be(bank, tmp_path, typed, meant):
    path = tmp_path / "answers.yaml"
    path.write_text(f"partnership: P\nanswers:\n  {bank.statements[0].id}: {typed}\n")
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert f"line 3, answers.{bank.statements[0].id}: {typed!r} is not an option; did you mean {meant!r}?" in result.stderr


@pytest.mark.parametrize("typed, shown", [("yes", "'yes'"), ("no", "'no'"), ("true", "'true'"), ("2026-11-02", "'2026-11-02'")])
def test_a_value_yaml_reads_as_something_else_is_shown_as_written(bank, tmp_path, typed, shown):
    path = tmp_path / "answers.yaml"
    path.write_text(f"partnership: P\nanswers:\n  {bank.statements[0].id}: {typed}\n")
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert f"answers.{bank.statements[0].id}: {shown} is not an option" in result.stderr


@pytest.mark.parametrize("slip, hint", [
    ("partnership: P\nanswers:\n\ttrust.conflict-raised: agree\n", "spaces, not tabs"),
    ("partnership: P\nanswers:\n  trust.conflict-raised: agree\n trust.decisions-open: agree\n", "indentation"),
    ('partnership: "Northtown CSP\nanswers:\n  trust.conflict-raised: agree\n', "not closed"),
])
def test_a_syntax_slip_by_hand_says_what_to_do(tmp_path, slip, hint):
    path = tmp_path / "answers.yaml"
    path.write_text(slip)
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert "YAML syntax error" in result.stderr and "line " in result.stderr
    assert hint in result.stderr

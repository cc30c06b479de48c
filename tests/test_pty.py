"""`partnercheck assess` in a real pseudo-terminal, driven with pexpect.

Keys are only sent after the prompt that reads them is on the screen:
prompt_toolkit puts the terminal in raw mode before it draws, so a Ctrl-C sent
then reaches the questionnaire (and becomes a saved draft) rather than the
terminal driver.  Timeouts are generous and nothing asserts on time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from conftest import ROOT
from partnercheck.answers import load_answers  # noqa: E402
from partnercheck.bank import load_bank  # noqa: E402
from partnercheck.files import safe_filename  # noqa: E402
from partnercheck.models import Statement  # noqa: E402

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals need a POSIX system", allow_module_level=True)

OFFICER = ROOT / "examples" / "northtown-officer.yaml"
TIMEOUT = 20
DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"
PARTNERSHIP = "Northtown CSP"


@pytest.fixture(scope="module")
def default_bank():
    return load_bank()


def values(bank, q) -> list[str]:
    if isinstance(q, Statement):
        return [o.value for o in bank.scale(q.scale).options]
    return [o.value for o in q.options]


def spawn(tmp_path: Path, *args: str, colour: bool = False, **extra_env: str):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm", COLUMNS="100", LINES="40", PYTHONIOENCODING="utf-8")
    # pexpect is no terminal emulator: it never answers prompt_toolkit's cursor
    # position request, which would cost a one-second wait per question.
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    if not colour:
        env["NO_COLOR"] = "1"
    env.update(extra_env)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "partnercheck", *args],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, int(env["COLUMNS"])),
        timeout=TIMEOUT,
        encoding="utf-8",
        codec_errors="replace",
    )
    return child


def finish(child) -> tuple[int, str]:
    """Wait for the end; return the exit status and everything printed since the last expect."""
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    assert child.signalstatus is None, f"killed by signal {child.signalstatus}"
    return child.exitstatus, rest


def header(child, partnership: str = PARTNERSHIP) -> None:
    child.expect_exact("Partnership name:")
    child.send(partnership + ENTER)
    child.expect_exact("Your name")
    child.send("A. Officer" + ENTER)
    child.expect_exact("Your organisation")
    child.send(ENTER)


def prompt(child, index: int, total: int) -> None:
    child.expect_exact(f"[{index}/{total}]")


def test_interrupt_then_resume(tmp_path, default_bank):
    questions = default_bank.questions()
    total = len(questions)
    q1, q2, q3 = questions[:3]
    note = "Better since the away day"

    child = spawn(tmp_path, "assess")
    header(child)
    prompt(child, 1, total)
    child.send(DOWN * 3 + ENTER)
    prompt(child, 2, total)
    child.send(DOWN * (len(values(default_bank, q2)) + 1) + ENTER)  # Add a note
    child.expect_exact("Note (")
    child.send(note + ENTER)
    prompt(child, 2, total)  # back at the same question
    child.send(DOWN + ENTER)
    prompt(child, 3, total)
    child.send(DOWN * 4 + ENTER)
    prompt(child, 4, total)
    child.send(CTRL_C)
    status, rest = finish(child)

    assert status == 130
    draft = tmp_path / safe_filename(PARTNERSHIP, ".draft.yaml")
    assert draft.is_file()
    assert list(tmp_path.glob("*.draft.yaml")) == [draft]
    flat = " ".join(rest.split())
    assert f"partnercheck assess --resume {draft.name}" in flat
    assert "3 answers" in flat
    saved = load_answers(draft, default_bank)
    earlier = {
        q1.id: values(default_bank, q1)[3],
        q2.id: values(default_bank, q2)[1],
        q3.id: values(default_bank, q3)[4],
    }
    assert saved.answers == earlier
    assert saved.notes == {q2.id: note}
    assert saved.partnership == PARTNERSHIP
    assert saved.respondent == "A. Officer"

    # resume: the first three are not asked again
    child = spawn(tmp_path, "assess", "--resume", draft.name)
    for index in range(4, total + 1):
        prompt(child, index, total)
        child.send(ENTER)
    child.expect_exact("Save your answers to a file?")
    report = child.before
    child.send(ENTER)
    child.expect_exact("File name:")
    child.send(ENTER)
    status, rest = finish(child)
    assert status == 0, rest

    assert "[1/" not in report and "[3/" not in report
    assert f"Partnership assessment: {PARTNERSHIP}" in report
    for lesson in default_bank.lessons:
        assert lesson.name in report
    assert " ".join(default_bank.texts.disclaimer.split()) in " ".join(report.split())

    answers_file = tmp_path / safe_filename(PARTNERSHIP, "-answers.yaml")
    assert f"Saved your answers in {answers_file.name}" in rest
    final = load_answers(answers_file, default_bank)
    expected = {q.id: values(default_bank, q)[0] for q in questions}
    expected.update(earlier)
    assert final.answers == expected
    assert final.notes == {q2.id: note}
    assert final.respondent == "A. Officer"
    assert draft.is_file(), "the draft is kept until the user deletes it"
    assert "is kept" in rest


def test_interrupt_at_first_question_saves_nothing(tmp_path, default_bank):
    total = len(default_bank.questions())
    child = spawn(tmp_path, "assess")
    header(child)
    prompt(child, 1, total)
    child.send(CTRL_C)
    status, rest = finish(child)
    assert status == 130
    assert "nothing to save" in rest
    assert "--resume" not in rest
    assert list(tmp_path.iterdir()) == []


def test_interrupt_in_the_header_saves_nothing(tmp_path):
    child = spawn(tmp_path, "assess")
    child.expect_exact("Partnership name:")
    child.send("North" + CTRL_C)
    status, rest = finish(child)
    assert status == 130
    assert list(tmp_path.iterdir()) == []


def test_save_answers_option_saves_without_asking(tmp_path, default_bank):
    questions = default_bank.questions()
    total = len(questions)
    child = spawn(tmp_path, "assess", "--save-answers", "mine.yaml", "--format", "markdown")
    header(child)
    for index in range(1, total + 1):
        prompt(child, index, total)
        child.send(DOWN + ENTER)
    status, rest = finish(child)
    assert status == 0, rest
    assert "Save your answers to a file?" not in rest
    assert f"# Partnership assessment: {PARTNERSHIP}" in rest
    saved = load_answers(tmp_path / "mine.yaml", default_bank)
    assert saved.answers == {q.id: values(default_bank, q)[1] for q in questions}


def test_colour_only_on_a_terminal_without_no_color(tmp_path):
    child = spawn(tmp_path, "assess", "--answers", str(OFFICER), colour=True)
    status, coloured = finish(child)
    assert status == 0
    assert "\x1b[" in coloured  # a terminal gets colour...

    child = spawn(tmp_path, "assess", "--answers", str(OFFICER))  # NO_COLOR=1
    status, plain = finish(child)
    assert status == 0
    assert "\x1b[" not in plain  # ...unless NO_COLOR is set
    assert "Northtown Community Safety Partnership" in plain

    child = spawn(tmp_path, "assess", "--answers", str(OFFICER), colour=True, TERM="dumb")
    status, dumb = finish(child)
    assert status == 0
    assert "\x1b[" not in dumb


def _draft_missing_last(tmp_path: Path, bank) -> tuple[Path, dict[str, str]]:
    """A draft with every question answered but the last (so one prompt remains)."""
    from partnercheck.answers import dump_answers
    from partnercheck.models import Answers

    questions = bank.questions()
    given = {q.id: values(bank, q)[2] for q in questions[:-1]}
    draft = tmp_path / "nearly.draft.yaml"
    draft.write_text(dump_answers(Answers(partnership=PARTNERSHIP, answers=given), bank), encoding="utf-8")
    return draft, given


def _answer_last(child, bank) -> dict[str, str]:
    questions = bank.questions()
    prompt(child, len(questions), len(questions))
    child.send(DOWN + ENTER)
    return {questions[-1].id: values(bank, questions[-1])[1]}


def test_unwritable_save_path_is_asked_again(tmp_path, default_bank):
    draft, given = _draft_missing_last(tmp_path, default_bank)
    (tmp_path / "a-folder").mkdir()
    child = spawn(tmp_path, "assess", "--resume", draft.name)
    given.update(_answer_last(child, default_bank))
    child.expect_exact("Save your answers to a file?")
    child.send(ENTER)
    child.expect_exact("File name:")
    child.send("\x15a-folder" + ENTER)  # Ctrl-U, then the name of a folder
    child.expect_exact("cannot write")
    child.expect_exact("Save your answers to a file?")
    child.send(ENTER)
    child.expect_exact("File name:")
    child.send(ENTER)
    status, rest = finish(child)
    assert status == 0, rest
    saved = load_answers(tmp_path / safe_filename(PARTNERSHIP, "-answers.yaml"), default_bank)
    assert saved.answers == given


def test_unwritable_save_answers_option_falls_back_to_asking(tmp_path, default_bank):
    draft, given = _draft_missing_last(tmp_path, default_bank)
    (tmp_path / "a-folder").mkdir()
    child = spawn(tmp_path, "assess", "--resume", draft.name, "--save-answers", "a-folder")
    given.update(_answer_last(child, default_bank))
    child.expect_exact("cannot write")
    child.expect_exact("Save your answers to a file?")
    child.send(ENTER)
    child.expect_exact("File name:")
    child.send(ENTER)
    status, rest = finish(child)
    assert status == 0, rest
    saved = load_answers(tmp_path / safe_filename(PARTNERSHIP, "-answers.yaml"), default_bank)
    assert saved.answers == given


def test_unwritable_report_still_offers_to_save_the_answers(tmp_path, default_bank):
    draft, given = _draft_missing_last(tmp_path, default_bank)
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    child = spawn(tmp_path, "assess", "--resume", draft.name, "--format", "markdown", "--no-chart", "-o", "a-file/report.md")
    given.update(_answer_last(child, default_bank))
    child.expect_exact("cannot write")
    child.expect_exact("Save your answers to a file?")
    child.send(ENTER)
    child.expect_exact("File name:")
    child.send(ENTER)
    status, rest = finish(child)
    assert status == 2, "the report was not written"
    assert "Traceback" not in rest
    saved = load_answers(tmp_path / safe_filename(PARTNERSHIP, "-answers.yaml"), default_bank)
    assert saved.answers == given


def test_new_questionnaire_never_overwrites_an_older_draft(tmp_path, default_bank):
    older = tmp_path / safe_filename(PARTNERSHIP, ".draft.yaml")
    older.write_text("# an older draft, kept as it is\n", encoding="utf-8")
    total = len(default_bank.questions())
    child = spawn(tmp_path, "assess")
    header(child)
    prompt(child, 1, total)
    child.send(DOWN + ENTER)
    prompt(child, 2, total)
    child.send(CTRL_C)
    status, rest = finish(child)
    assert status == 130
    assert older.read_text(encoding="utf-8") == "# an older draft, kept as it is\n"
    new = [p for p in tmp_path.glob("*.draft*.yaml") if p != older]
    assert len(new) == 1
    assert f"partnercheck assess --resume {new[0].name}" in " ".join(rest.split())
    q1 = default_bank.questions()[0]
    assert load_answers(new[0], default_bank).answers == {q1.id: values(default_bank, q1)[1]}


def test_a_note_alone_is_saved_as_a_draft(tmp_path, default_bank):
    questions = default_bank.questions()
    child = spawn(tmp_path, "assess")
    header(child)
    prompt(child, 1, len(questions))
    child.send(DOWN * (len(values(default_bank, questions[0])) + 1) + ENTER)
    child.expect_exact("Note (")
    child.send("Ask the chair first" + ENTER)
    prompt(child, 1, len(questions))
    child.send(CTRL_C)
    status, rest = finish(child)
    assert status == 130
    draft = tmp_path / safe_filename(PARTNERSHIP, ".draft.yaml")
    saved = load_answers(draft, default_bank, draft=True)
    assert saved.answers == {}
    assert saved.notes == {questions[0].id: "Ask the chair first"}


def test_default_save_name_never_overwrites_earlier_answers(tmp_path, default_bank):
    draft, given = _draft_missing_last(tmp_path, default_bank)
    earlier = tmp_path / safe_filename(PARTNERSHIP, "-answers.yaml")
    earlier.write_text("# last quarter's answers\n", encoding="utf-8")
    child = spawn(tmp_path, "assess", "--resume", draft.name)
    given.update(_answer_last(child, default_bank))
    child.expect_exact("Save your answers to a file?")
    child.send(ENTER)
    child.expect_exact("File name:")
    child.send(ENTER)
    status, rest = finish(child)
    assert status == 0, rest
    assert earlier.read_text(encoding="utf-8") == "# last quarter's answers\n"
    second = earlier.with_name(f"{earlier.stem}-2{earlier.suffix}")
    assert f"Saved your answers in {second.name}" in rest
    assert load_answers(second, default_bank).answers == given


def test_second_ctrl_c_while_the_draft_is_saved_exits_at_once(tmp_path, default_bank):
    """After the first Ctrl-C, a second one during the draft's save leaves at
    once with 130: the save is atomic, so no half-written draft is left."""
    import subprocess
    import textwrap

    script = textwrap.dedent(
        """
        import os, signal, sys, time
        import partnercheck.files as files
        from partnercheck.bank import load_bank
        from partnercheck.models import Answers
        from partnercheck import session

        def slow_write(path, text, **kw):
            os.kill(os.getpid(), signal.SIGINT)   # the second Ctrl-C, mid-save
            time.sleep(30)                        # never reached if it exits at once
            raise SystemExit(99)

        session.write_atomic = slow_write
        bank = load_bank()
        answers = Answers(partnership="Second Press", answers={bank.statements[0].id: "agree"})
        session.save_draft(bank, answers, None)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=20)
    assert proc.returncode == 130, proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_answers_from_standard_input_at_a_terminal_say_how_to_end_them(tmp_path):
    # `--answers -` typed at a terminal: say it is waiting, and how to end (Ctrl-D)
    child = spawn(tmp_path, "assess", "--answers", "-", "--format", "json")
    child.expect_exact("Ctrl-D")
    for line in OFFICER.read_text().splitlines():
        child.sendline(line)
    child.sendeof()
    status, rest = finish(child)
    assert status == 0
    assert '"kind": "assessment"' in rest


def test_questions_fit_an_80_column_terminal(tmp_path, default_bank):
    # the longest statement arrives whole, broken between words (pexpect sees
    # the text prompt_toolkit draws; a line it had to fold would break a word)
    longest = max(default_bank.questions(), key=lambda q: len(q.text))
    index = default_bank.questions().index(longest)
    draft = tmp_path / "draft.yaml"
    given = "\n".join(f"  {q.id}: {values(default_bank, q)[0]}" for q in default_bank.questions()[:index])
    draft.write_text(f"partnership: {PARTNERSHIP}\nanswers:\n{given}\n")
    child = spawn(tmp_path, "assess", "--resume", str(draft), COLUMNS="80")
    child.expect_exact("(arrow keys, Enter)")
    shown = child.before
    child.send(CTRL_C)
    finish(child)
    import re

    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "\n", shown)
    words = longest.text.split()
    lines = [line.strip() for line in plain.splitlines() if line.strip()]
    # the statement's words, line by line, each line whole words of it
    i = next(n for n, line in enumerate(lines) if line.startswith(words[0]))
    got = " ".join(lines[i:i + 2]).split()[: len(words)]
    assert got == words


def test_an_empty_no_color_leaves_colour_on_at_a_terminal(tmp_path):
    # https://no-color.org: only a NO_COLOR with a value turns colour off
    child = spawn(tmp_path, "assess", "--answers", str(OFFICER), colour=True, NO_COLOR="")
    status, shown = finish(child)
    assert status == 0
    assert "\x1b[" in shown

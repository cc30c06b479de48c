"""The interactive questionnaire, driven through prompt_toolkit's pipe input.

All keys are written to the pipe up front and the pipe is then closed:
prompt_toolkit keeps unread keys as type-ahead for the next prompt, and a
test that sends too few keys ends in end-of-input (``Interrupted``) instead of
hanging.  Expected answers are computed from the order of choices in the bank.
"""

from __future__ import annotations

import datetime as dt

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from partnercheck.interview import Interrupted, interview, offer_save
from partnercheck.models import Answers, Statement

ENTER = "\r"
DOWN = "\x1b[B"
CTRL_C = "\x03"
CTRL_U = "\x15"  # delete the line typed so far (emacs key binding)
HEADER = "Northtown CSP\rA. Officer\rNorthtown Council\r"


def values(bank, q) -> list[str]:
    """The answer values of a question, in the order they are offered."""
    if isinstance(q, Statement):
        return [o.value for o in bank.scale(q.scale).options]
    return [o.value for o in q.options]


def choose(n: int) -> str:
    """Move the pointer down n places from the top (or default) and press Enter."""
    return DOWN * n + ENTER


def help_index(bank, q) -> int:
    return len(values(bank, q))  # the separator is skipped by the pointer


def note_index(bank, q) -> int:
    return len(values(bank, q)) + 1


def feed(keys: str, func, *args, **kwargs):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        return func(*args, io={"input": pipe, "output": DummyOutput()}, **kwargs)


def drive(bank, keys: str, start: Answers | None = None) -> Answers:
    return feed(keys, interview, bank, start=start)


def interrupted(bank, keys: str, start: Answers | None = None) -> Answers | None:
    with pytest.raises(Interrupted) as stop:
        drive(bank, keys, start)
    return stop.value.answers


def test_fixed_key_pattern(bank):
    questions = bank.questions()
    keys, expected = HEADER, {}
    for i, q in enumerate(questions):
        opts = values(bank, q)
        k = i % len(opts)
        keys += choose(k)
        expected[q.id] = opts[k]
    before = dt.date.today()
    answers = drive(bank, keys)
    assert answers.partnership == "Northtown CSP"
    assert answers.respondent == "A. Officer"
    assert answers.organisation == "Northtown Council"
    assert before <= answers.date <= dt.date.today()
    assert answers.answers == expected
    assert list(answers.answers) == [q.id for q in questions]
    assert answers.notes == {}


def test_optional_header_fields_can_be_skipped(bank):
    keys = "Northtown CSP\r\r   \r" + ENTER * len(bank.questions())
    answers = drive(bank, keys)
    assert answers.respondent is None
    assert answers.organisation is None
    assert answers.answers == {q.id: values(bank, q)[0] for q in bank.questions()}


def test_blank_partnership_name_is_asked_again(bank):
    keys = "\r   \r  Northtown CSP  \r\r\r" + ENTER * len(bank.questions())
    answers = drive(bank, keys)
    assert answers.partnership == "Northtown CSP"
    assert len(answers.given()) == len(bank.questions())


def test_dont_know_is_selectable_everywhere(bank):
    keys = HEADER
    for q in bank.questions():
        opts = values(bank, q)
        assert "dont-know" in opts, q.id
        keys += choose(opts.index("dont-know"))
    answers = drive(bank, keys)
    assert set(answers.answers.values()) == {"dont-know"}
    assert len(answers.answers) == len(bank.questions())


def test_add_a_note_returns_to_the_same_question(bank):
    q0, q1 = bank.questions()[:2]
    keys = HEADER + choose(note_index(bank, q0)) + "Better since the away day\r" + choose(3) + choose(1)
    keys += ENTER * (len(bank.questions()) - 2)
    answers = drive(bank, keys)
    assert answers.notes == {q0.id: "Better since the away day"}
    assert answers.answers[q0.id] == values(bank, q0)[3]
    assert answers.answers[q1.id] == values(bank, q1)[1]
    assert len(answers.given()) == len(bank.questions())


def test_edit_the_note(bank):
    q0 = bank.questions()[0]
    keys = HEADER + choose(note_index(bank, q0)) + "first\r"
    keys += choose(note_index(bank, q0)) + " and second\r"  # the old note is the default text
    keys += choose(note_index(bank, q0)) + CTRL_U + "replaced\r"
    keys += choose(2) + ENTER * (len(bank.questions()) - 1)
    answers = drive(bank, keys)
    assert answers.notes == {q0.id: "replaced"}
    assert answers.answers[q0.id] == values(bank, q0)[2]


def test_clearing_a_note_removes_it(bank):
    q0 = bank.questions()[0]
    keys = HEADER + choose(note_index(bank, q0)) + "a note\r"
    keys += choose(note_index(bank, q0)) + CTRL_U + ENTER  # emptied
    keys += choose(1) + ENTER * (len(bank.questions()) - 1)
    answers = drive(bank, keys)
    assert answers.notes == {}
    assert answers.answers[q0.id] == values(bank, q0)[1]


def test_why_this_matters_returns_to_the_same_question(bank, capsys):
    q0, q1 = bank.questions()[:2]
    keys = HEADER + choose(help_index(bank, q0)) + choose(4) + choose(2)
    keys += ENTER * (len(bank.questions()) - 2)
    answers = drive(bank, keys)
    assert " ".join(q0.help.split()) in " ".join(capsys.readouterr().out.split())
    assert answers.answers[q0.id] == values(bank, q0)[4]
    assert answers.answers[q1.id] == values(bank, q1)[2]
    assert len(answers.given()) == len(bank.questions())


def test_resume_skips_leading_answers_and_uses_earlier_answers_as_defaults(bank):
    questions = bank.questions()
    lead = questions[:5]
    later_statement = questions[10]
    later_continuum = bank.continuum_questions[1]
    given = {q.id: values(bank, q)[2] for q in lead}
    given[later_statement.id] = "dont-know"
    given[later_continuum.id] = values(bank, later_continuum)[-2]
    start = Answers(
        partnership="Northtown CSP",
        respondent="A. Officer",
        date=dt.date(2026, 11, 2),
        answers=given,
        notes={lead[0].id: "kept"},
    )
    # one Enter for every question not in the answered lead
    answers = drive(bank, ENTER * (len(questions) - len(lead)), start=start)
    assert answers.partnership == "Northtown CSP"
    assert answers.respondent == "A. Officer"
    assert answers.date == dt.date(2026, 11, 2)
    assert answers.notes == {lead[0].id: "kept"}
    expected = {q.id: values(bank, q)[0] for q in questions}
    expected.update(given)  # earlier answers are the defaults Enter keeps
    assert answers.answers == expected


def test_resume_can_change_an_earlier_later_answer(bank):
    questions = bank.questions()
    target = questions[3]
    start = Answers(partnership="Northtown CSP", answers={target.id: values(bank, target)[1]})
    # the pointer starts on the earlier answer: one down moves to the next option
    keys = ENTER * 3 + choose(1) + ENTER * (len(questions) - 4)
    answers = drive(bank, keys, start=start)
    assert answers.answers[target.id] == values(bank, target)[2]
    assert answers.answers[questions[0].id] == values(bank, questions[0])[0]


def test_resume_of_complete_answers_asks_nothing(bank):
    given = {q.id: values(bank, q)[1] for q in bank.questions()}
    start = Answers(partnership="Northtown CSP", answers=given)
    answers = drive(bank, "", start=start)  # no keys at all: nothing is asked
    assert answers.answers == given


def test_ctrl_c_midway_carries_the_answers_so_far(bank):
    questions = bank.questions()
    keys = HEADER + choose(note_index(bank, questions[0])) + "noted\r"
    keys += "".join(choose(i) for i in range(4)) + CTRL_C + ENTER * 50
    answers = interrupted(bank, keys)
    assert answers is not None
    assert answers.partnership == "Northtown CSP"
    assert answers.organisation == "Northtown Council"
    assert answers.answers == {q.id: values(bank, q)[i] for i, q in enumerate(questions[:4])}
    assert answers.notes == {questions[0].id: "noted"}


def test_ctrl_c_keeps_a_note_on_the_current_question(bank):
    questions = bank.questions()
    keys = HEADER + choose(0) + choose(note_index(bank, questions[1])) + "typed, not yet answered\r" + CTRL_C
    answers = interrupted(bank, keys)
    assert answers.answers == {questions[0].id: values(bank, questions[0])[0]}
    assert answers.notes == {questions[1].id: "typed, not yet answered"}


def test_ctrl_c_while_typing_a_note(bank):
    questions = bank.questions()
    keys = HEADER + choose(1) + choose(note_index(bank, questions[1])) + "half a no" + CTRL_C
    answers = interrupted(bank, keys)
    assert answers.answers == {questions[0].id: values(bank, questions[0])[1]}
    assert answers.notes == {}


def test_ctrl_c_in_the_header_carries_nothing(bank):
    assert interrupted(bank, "Northtown" + CTRL_C) is None


def test_ctrl_c_on_resume_keeps_the_draft_answers(bank):
    questions = bank.questions()
    given = {q.id: values(bank, q)[1] for q in questions[:3]}
    start = Answers(partnership="Northtown CSP", answers=given, notes={questions[0].id: "n"})
    answers = interrupted(bank, choose(2) + CTRL_C, start=start)
    assert answers.answers == {**given, questions[3].id: values(bank, questions[3])[2]}
    assert answers.notes == {questions[0].id: "n"}


def test_end_of_input_is_an_interruption(bank):
    answers = interrupted(bank, HEADER + choose(1) + choose(1))
    qs = bank.questions()
    assert answers.answers == {qs[0].id: values(bank, qs[0])[1], qs[1].id: values(bank, qs[1])[1]}


# offer_save ----------------------------------------------------------------------


def test_offer_save_accepts_the_default_path():
    assert feed(ENTER + ENTER, offer_save, "northtown-answers.yaml") == "northtown-answers.yaml"


def test_offer_save_other_path():
    assert feed("y" + CTRL_U + "  mine.yaml \r", offer_save, "northtown-answers.yaml") == "mine.yaml"


def test_offer_save_declined():
    assert feed("n", offer_save, "northtown-answers.yaml") is None


@pytest.mark.parametrize("keys", [CTRL_C, "", "y" + CTRL_C])
def test_offer_save_interrupted_saves_nothing(keys):
    assert feed(keys, offer_save, "northtown-answers.yaml") is None


def test_clearing_a_resumed_note_removes_it(bank):
    questions = bank.questions()
    target = questions[0]
    start = Answers(partnership="Northtown CSP", answers={}, notes={target.id: "old note", questions[1].id: "other"})
    keys = choose(note_index(bank, target)) + CTRL_U + ENTER + choose(1) + ENTER * (len(questions) - 1)
    answers = drive(bank, keys, start=start)
    assert answers.notes == {questions[1].id: "other"}
    assert answers.answers[target.id] == values(bank, target)[1]


def back_index(bank, q) -> int:
    return note_index(bank, q) + 1


def test_back_returns_to_the_previous_question_with_its_answer_as_default(bank):
    q0, q1, q2 = bank.questions()[:3]
    keys = HEADER + choose(2)  # q0: the third option
    keys += choose(back_index(bank, q1))  # q1: back to q0
    keys += choose(1)  # q0 again: the pointer starts on the earlier answer, one down
    keys += choose(1) + choose(back_index(bank, q2))  # q1 answered, then back from q2
    keys += ENTER  # q1 again: keep its answer (the default)
    keys += ENTER * (len(bank.questions()) - 2)
    answers = drive(bank, keys)
    assert answers.answers[q0.id] == values(bank, q0)[3]
    assert answers.answers[q1.id] == values(bank, q1)[1]
    assert answers.answers[q2.id] == values(bank, q2)[0]
    assert list(answers.answers) == [q.id for q in bank.questions()]


def test_back_is_offered_from_the_second_question_on(bank, monkeypatch):
    import partnercheck.interview as interview_module

    offered = []

    class Asked:
        def __init__(self, choices):
            self.choices = choices

        def unsafe_ask(self):
            offered.append([c.value for c in self.choices if hasattr(c, "value")])
            return self.choices[0].value

    monkeypatch.setattr(interview_module.questionary, "select", lambda message, choices, **kw: Asked(choices))
    start = Answers(partnership="N", answers={})
    interview(bank, start=start)
    assert len(offered) == len(bank.questions())
    assert interview_module.BACK not in offered[0]
    assert all(interview_module.BACK in o for o in offered[1:])


def test_back_after_resume_reaches_answers_given_before(bank):
    questions = bank.questions()
    start = Answers(partnership="N", answers={q.id: values(bank, q)[0] for q in questions[:5]})
    q4 = questions[4]
    keys = choose(back_index(bank, questions[5])) + choose(2)  # back to q4, change it
    keys += ENTER * (len(questions) - 5)
    answers = drive(bank, keys, start)
    assert answers.answers[q4.id] == values(bank, q4)[2]
    assert len(answers.given()) == len(questions)

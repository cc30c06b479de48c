"""The interactive questionnaire (the only module that imports questionary).

Questions come grouped by lesson with progress (``[7/34]``); "don't know" is
always offered; "Why this matters" shows the statement's help line and "Add a
note" records a note, both without leaving the question; "Back to the previous
question" returns to change an answer already given.  Earlier answers (from
``--resume``, or given before going back) are the defaults.

Interruption (Ctrl-C, or end of input) raises :class:`Interrupted` carrying
every answer given so far, so the caller can save a draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import questionary
from questionary import Choice, Separator

from .models import Answers, Bank, Statement
from .output import Stopped, stop_point
from .untrusted import clean

HELP = "__help__"
NOTE = "__note__"
BACK = "__back__"


class Interrupted(Exception):
    """The questionnaire stopped early; ``answers`` holds what was given, and
    ``signum`` the signal that stopped it (SIGTERM, SIGHUP), if one did."""

    def __init__(self, answers: Answers | None, signum: int | None = None):
        super().__init__("interrupted")
        self.answers = answers
        self.signum = signum


def _ended_by(question: questionary.Question) -> Callable[[int], None] | None:
    """What a stopping signal does while ``question`` waits: the prompt is
    told to end with :class:`Stopped`, from its own event loop, as Ctrl-C
    ends it; an answer given at that very moment stands (the signal then
    stops the questionnaire at the next question)."""
    app = getattr(question, "application", None)
    if app is None:  # not a prompt_toolkit application: the signal is raised where it comes
        return None

    def end(signum: int) -> None:
        def exit_now() -> None:
            if app.is_running and app.future is not None and not app.future.done():
                app.exit(exception=Stopped(signum))

        loop = app.loop
        if loop is None or loop.is_closed():
            raise Stopped(signum)  # not started, or over: no event loop to swallow it
        loop.call_soon_threadsafe(exit_now)

    return end


def _ask(question: questionary.Question) -> Any:
    try:
        # a signal stops the questionnaire only while it waits for the person
        with stop_point(_ended_by(question)):
            value = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError) as exc:  # Ctrl-C, the end of input, or a signal (Stopped)
        raise Interrupted(None, getattr(exc, "signum", None)) from None
    except OSError as exc:
        import errno

        if exc.errno != errno.EIO:
            raise
        # the terminal has gone (closed as the prompt was drawn): the end of
        # input, whose hang-up, if it came, the session says
        raise Interrupted(None, getattr(exc.__context__, "signum", None)) from None
    if value is None:  # questionary returns None when input ends
        raise Interrupted(None)
    return value


def screen_width(io: dict[str, Any]) -> int:
    """The width of the screen the questions are drawn on (80 when unknown)."""
    output = io.get("output")
    if output is not None:
        return output.get_size().columns
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def wrap(text: str, width: int, indent: str = "  ", first: str | None = None) -> str:
    """``text`` (cleaned of control characters) in lines that fit ``width``
    columns, broken between words, never inside one; each line after the
    first starts with ``indent`` (the first with ``first``, else ``indent``)."""
    import textwrap

    return textwrap.fill(
        clean(text), width=max(width - 1, 20), initial_indent=indent if first is None else first,
        subsequent_indent=indent, break_long_words=False, break_on_hyphens=False,
    )


def question_message(section: str, text: str, index: int, total: int, width: int) -> str:
    """The question as the prompt shows it after questionary's "? ": its
    place and lesson, then the statement, wrapped to the screen's width."""
    head = wrap(f"[{index}/{total}] {section}", width, indent="  ").lstrip(" ")
    return f"{head}\n{wrap(text, width)}\n "


# questionary shows a choice's description after this, on the line below the choices.
DESCRIPTION = "  Description: "


def description(text: str | None, width: int) -> str | None:
    """A choice's description wrapped to the screen, its lines under its first."""
    if not text:
        return None
    return wrap(text, width, indent=" " * len(DESCRIPTION)).lstrip(" ")


def _required(text: str) -> bool | str:
    return True if text.strip() else "Please type a name (it heads the report)."


def ask_header(start: Answers | None, io: dict[str, Any]) -> dict[str, Any]:
    if start is not None:
        return {
            "partnership": start.partnership,
            "respondent": start.respondent,
            "organisation": start.organisation,
            "date": start.date or dt.date.today(),
        }
    partnership = _ask(questionary.text("Partnership name:", validate=_required, **io)).strip()
    respondent = _ask(questionary.text("Your name (optional, Enter to skip):", **io)).strip() or None
    organisation = _ask(questionary.text("Your organisation (optional, Enter to skip):", **io)).strip() or None
    return {
        "partnership": partnership,
        "respondent": respondent,
        "organisation": organisation,
        "date": dt.date.today(),
    }


def interview(bank: Bank, *, start: Answers | None = None, io: dict[str, Any] | None = None) -> Answers:
    """Ask every question; return the answers.  ``io`` passes input/output to prompt_toolkit."""
    io = io or {}
    header = ask_header(start, io)
    answers: dict[str, str | None] = dict(start.answers) if start else {}
    notes: dict[str, str] = dict(start.notes) if start else {}

    def snapshot() -> Answers:
        return Answers(**header, answers=answers, notes=notes)

    questions = bank.questions()
    total = len(questions)
    # resumed: start at the first question not yet answered
    i = next((i for i, q in enumerate(questions) if answers.get(q.id) is None), total)
    try:
        while i < total:
            q = questions[i]
            # ask_one keeps ``notes`` up to date as soon as a note is typed (or
            # cleared), so a note survives Ctrl-C before the question is answered.
            value, _ = ask_one(bank, q, i + 1, total, answers.get(q.id), notes.get(q.id), io, notes=notes, back=i > 0)
            if value == BACK:
                i -= 1
                continue
            answers[q.id] = value
            i += 1
    except Interrupted as stop:
        raise Interrupted(snapshot(), stop.signum) from None
    except Stopped as stop:  # the terminal closed, or SIGTERM, between questions: the answers are kept too
        raise Interrupted(snapshot(), stop.signum) from None
    return snapshot()


def ask_one(
    bank: Bank,
    q: Any,
    index: int,
    total: int,
    previous: str | None,
    note: str | None,
    io: dict[str, Any],
    *,
    notes: dict[str, str] | None = None,
    back: bool = False,
) -> tuple[str, str | None]:
    """One question; returns (value, note), the value ``BACK`` when the
    person asks for the previous question (offered only when ``back``)."""
    if isinstance(q, Statement):
        section = bank.lesson(q.lesson).name
        options = [(o.value, clean(o.label)) for o in bank.scale(q.scale).options]
    else:
        section = "The continuum: " + q.about
        options = [(o.value, clean(o.label)) for o in q.options]
    while True:
        # measured at each question: the window may have been resized
        width = screen_width(io)
        message = question_message(section, q.text, index, total, width)
        choices: list[Any] = [Choice(label, value=value) for value, label in options]
        choices += [
            Separator(),
            Choice("Why this matters", value=HELP, description=description(q.help, width)),
            Choice("Edit the note" if note else "Add a note", value=NOTE, description=description(note, width)),
        ]
        if back:
            choices.append(Choice("Back to the previous question", value=BACK,
                                  description=description("Change an earlier answer; every answer given so far is kept.", width)))
        value = _ask(
            questionary.select(
                message,
                choices=choices,
                default=previous if previous in {v for v, _ in options} else None,
                instruction="(arrow keys, Enter)",
                **io,
            )
        )
        if value == HELP:
            print(wrap(q.help, width, indent="         ", first="    Why: "))
            continue
        if value == NOTE:
            note = _ask(questionary.text("Note (Enter to keep it empty):", default=note or "", **io)).strip() or None
            if notes is not None:
                if note:
                    notes[q.id] = note
                else:
                    notes.pop(q.id, None)
            continue
        return value, note


def offer_save(default_path: str, io: dict[str, Any] | None = None) -> str | None:
    """Ask whether to save the answers; return the chosen path or None."""
    io = io or {}
    try:
        if not questionary.confirm("Save your answers to a file?", default=True, **io).unsafe_ask():
            return None
        path = questionary.text("File name:", default=default_path, **io).unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        return None
    return path.strip() or None if path else None

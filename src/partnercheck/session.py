"""The questionnaire as a session at the terminal: ask, save a draft on Ctrl-C,
offer to save the answers at the end.

An edge beside :mod:`partnercheck.interview` (which asks the questions): this
module decides where drafts and answers go and never loses a quarter of an
hour's typing, not even when the report cannot be written.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import NoReturn

import typer

from .answers import dump_answers, load_answers
from .files import safe_filename, write_atomic
from .messages import counted
from .models import Answers, Bank
from .output import EXIT_INTERRUPTED, fail, say, say_quietly, stop_on_signals, why_not_written


def interactive(bank: Bank, resume: Path | None) -> Answers:
    """The questionnaire, from the start or from a draft; a draft is saved on Ctrl-C."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(
            "no terminal to ask questions on; give an answers file with --answers FILE "
            "(or --answers - to read standard input). "
            "'partnercheck template -o answers.yaml' writes one to fill in."
        )
    start = load_answers(resume, bank, draft=True) if resume is not None else None
    from .interview import Interrupted, interview

    # A closed terminal (SIGHUP) or SIGTERM saves the draft as Ctrl-C does.
    # It stops the questionnaire where it waits for the person; one that
    # comes as the answers are gathered or the draft saved is noted, never
    # cuts that short, and is the exit code.
    with stop_on_signals(at_prompt=True) as signals:
        assert signals is not None
        try:
            given = interview(bank, start=start)
        except Interrupted as stop:
            save_draft(bank, stop.answers, resume, stop.signum or signals.signum)
        if signals.signum is not None:  # came with the last answer
            save_draft(bank, given, resume, signals.signum)
    return given


def save_draft(bank: Bank, answers: Answers | None, resume: Path | None, signum: int | None = None) -> NoReturn:
    """Save what was answered so far and leave with 130 (Ctrl-C), or 128 +
    ``signum`` when a signal stopped the questionnaire.  The messages are said
    if the terminal is still there to say them on."""
    code = EXIT_INTERRUPTED if signum is None else 128 + signum
    # A second Ctrl-C while the draft is written leaves at once; the write is
    # atomic, so the draft is either complete or not there.
    if signum is None:
        signal.signal(signal.SIGINT, lambda *_: os._exit(code))
    # (after a signal, stop_on_signals has set the stopping signals aside
    # until the process ends: the draft is written whatever follows)
    if answers is None or not (answers.given() or answers.notes):
        say_quietly("\nStopped before any statement was answered; nothing to save.")
        raise typer.Exit(code)
    text = dump_answers(answers, bank)
    # A new questionnaire never overwrites an older draft of the same partnership.
    path = resume or unused(Path(safe_filename(answers.partnership, ".draft.yaml")))
    saved, failures = None, []
    import tempfile

    shared = Path(tempfile.gettempdir()).resolve()
    for candidate in draft_places(path):
        try:
            # in the temporary folder, which others can look in, for its owner's eyes only
            write_atomic(candidate, text, private=candidate.parent.resolve() == shared)
        except OSError as exc:
            failures.append(f"{candidate} ({why_not_written(candidate, exc)})")
            continue
        saved = candidate
        break
    if failures:
        say_quietly("\n" + "\n".join(f"partnercheck: could not save the draft to {f}" for f in failures))
    if saved is None:
        # Nowhere to write: the answers go to the screen, to be copied.
        say_quietly("partnercheck: your answers so far, to copy into a file and continue with "
                    "'partnercheck assess --resume FILE':\n")
        say_quietly(text)
        raise typer.Exit(code)
    n, m = len(answers.given()), len(answers.notes)
    noted = f" and {counted(m, 'note')}" if m else ""
    say_quietly(f"{'' if failures else chr(10)}Stopped. Your {counted(n, 'answer')}{noted} so far are saved in {saved}")
    import shlex

    say_quietly(f"Continue with:  partnercheck assess --resume {shlex.quote(str(saved))}")
    raise typer.Exit(code)


def draft_places(path: Path) -> list[Path]:
    """Where a draft may go, in order: ``path`` (the working folder, or the
    draft being resumed), then the same name in the home folder, then in the
    temporary folder, each a name not yet taken there."""
    import tempfile

    places = [path]
    for folder in (Path.home(), Path(tempfile.gettempdir())):
        try:
            if folder.resolve() != path.parent.resolve():
                places.append(unused(folder / path.name))
        except (OSError, RuntimeError):  # no home folder, or one that cannot be looked in
            continue
    return places


def unused(path: Path) -> Path:
    """``path``, or the first of ``name-2.ext``, ``name-3.ext``... not yet taken."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def offer_to_save(bank: Bank, given: Answers, resume: Path | None, save: Path | None) -> None:
    """Save the typed answers (to ``save``, or where the person says)."""
    path: str | None = str(save) if save is not None else None
    while True:
        if path is None:
            from .interview import offer_save

            # The default never names an existing file (last quarter's answers).
            path = offer_save(str(unused(Path(safe_filename(given.partnership, "-answers.yaml")))))
            if not path:
                return
        try:
            write_atomic(path, dump_answers(given, bank))
            break
        except OSError as exc:
            # Ask again (also after a bad --save-answers) rather than lose the answers.
            say(f"partnercheck: {path}: cannot write ({why_not_written(path, exc)}); choose another file name")
            path = None
    say(f"Saved your answers in {path}")
    if resume is not None and Path(path).resolve() != resume.resolve():
        say(f"The draft {resume} is kept; delete it when you no longer need it.")

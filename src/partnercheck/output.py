"""The edge to the person and the file system: messages, fatal errors, reports.

Every command speaks through here: messages go to standard error (:func:`say`,
:func:`fail`), user mistakes become a few lines and exit 2
(:func:`user_errors`), and a report is written to standard output or to a
file, atomically, with its attachments (charts) beside it (:func:`emit`).
Exit codes: 0 done; 1 the work ran but the result fails what was asked (or
some files in a batch were bad); 2 bad usage or bad input; 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def say(message: str) -> None:
    """A message for the person: always on standard error, with any control
    or bidi character from a file or a file name shown as an escape
    (``\\x1b``), never acted on by the terminal."""
    from .untrusted import visible

    sys.stderr.write(visible(message.rstrip("\n"), newlines=True) + "\n")


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    say(f"partnercheck: {message}")
    raise typer.Exit(code)


def cannot_write(path: object, exc: OSError) -> NoReturn:
    fail(f"{path}: cannot write ({exc.strerror or exc})")


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn input errors into a few lines on stderr and exit 2; Ctrl-C into 130."""
    from .errors import InputError

    try:
        yield
    except InputError as exc:
        say(f"partnercheck: {exc.describe()}")
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        say("partnercheck: interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def to_screen(output: str | None) -> bool:
    return output in (None, "-")


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def use_colour() -> bool:
    """Colour for the report on the screen: never when NO_COLOR is set to
    anything but nothing (https://no-color.org: an empty NO_COLOR is not
    set); always when FORCE_COLOR is (for a pager: ``| less -R``);
    otherwise on a terminal that is not TERM=dumb."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stdout_is_terminal() and os.environ.get("TERM") != "dumb"


def reading_stdin(what: str) -> None:
    """Say that ``what`` is read from the keyboard, and how to end it, when
    standard input is a terminal (a pipe or a file needs no word)."""
    if sys.stdin.isatty():
        say(f"Reading {what} from standard input.\n"
            "Type or paste; end with Ctrl-D on a line of its own (Windows: Ctrl-Z, Enter).")


def terminal_width(output: str | None) -> int:
    """The width a terminal report is drawn at, kept to 60-120: the screen's,
    or COLUMNS when set (for a pipe or a file too); 100 otherwise."""
    import shutil

    if (to_screen(output) and stdout_is_terminal()) or os.environ.get("COLUMNS", "").isdigit():
        return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))
    return 100


def emit(text: str | bytes, output: str | None, attachments: Mapping[str, str | bytes] | None = None) -> None:
    """Write a report to standard output, or to a file (atomically) with its
    attachments written beside it first, so that its links never dangle.
    A binary report (bytes: a Word document) goes to standard output only
    when that is not a terminal (``> board.docx``)."""
    from .files import write_atomic

    if to_screen(output):
        if isinstance(text, bytes):
            if stdout_is_terminal():
                fail(binary_to_terminal())
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
            return
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert output is not None
    folder = Path(output).parent
    for name, content in (attachments or {}).items():
        try:
            write_atomic(folder / name, content)
        except OSError as exc:
            cannot_write(folder / name, exc)
    try:
        write_atomic(output, text)
    except OSError as exc:
        cannot_write(output, exc)
    say(wrote(output, [str(folder / name) for name in attachments or {}]))


def wrote(output: str, beside: list[str]) -> str:
    """``Wrote board.md`` and, when it has them, the files written beside it."""
    if not beside:
        return f"Wrote {output}"
    named = beside[0] if len(beside) == 1 else ", ".join(beside[:-1]) + " and " + beside[-1]
    return f"Wrote {output}, with {named} beside it"


def binary_to_terminal(name: str = "docx", extension: str = ".docx") -> str:
    return (f"--format {name} writes a file, not text for the screen; "
            f"give -o board{extension} (or send standard output to a file: > board{extension})")


def choose_format(given: object, output: str | None, template: str | None = None):  # type: ignore[no-untyped-def]
    """The format to write: --format, else the one -o's extension names, else
    the terminal report.  A clash between the two, an extension that names
    no format, a binary format (Word) bound for the terminal, or a
    --template the format cannot use or read, is a usage error, said before
    any work is done."""
    from .render import formats

    try:
        chosen = formats.choose(given, output)  # type: ignore[arg-type]
    except formats.FormatClash as exc:
        fail(f"{exc.path}: --format {exc.given} but the file name says {exc.inferred}; change one of them")
    except formats.UnknownExtension as exc:
        known = ", ".join(e for f in formats.FORMATS.values() for e in f.extensions)
        fail(f"{exc.path}: no format writes '{exc.extension}' files; name it {known}, or give --format")
    if chosen.binary and to_screen(output) and stdout_is_terminal():
        fail(binary_to_terminal(chosen.name, chosen.extension))
    check_template(chosen, template)
    return chosen


def check_template(fmt, template: str | None) -> None:  # type: ignore[no-untyped-def]
    """--template only for a format that takes one, and only a file it can
    read (an InputError, exit 2, names the file and what is wrong)."""
    if template is None:
        return
    if not fmt.templated:
        fail(f"--template is for --format docx (a Word template), not --format {fmt.name}")
    from importlib import import_module

    import_module(f"partnercheck.render.{fmt.module}").check_template(template)


def show(source, bank, fmt, output: str | None, *, charts: bool = True, template: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Render a result or comparison in the chosen format and write it, with
    its charts beside it when it goes to a file."""
    from .render import formats

    options = formats.RenderOptions(
        charts=charts,
        colour=to_screen(output) and use_colour(),
        width=terminal_width(output),
        stem=None if to_screen(output) else formats.attachment_stem(output),  # type: ignore[arg-type]
        template=template,
    )
    rendered = formats.render(source, bank, fmt.name, options)
    emit(rendered.content, output, rendered.attachments)

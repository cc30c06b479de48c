"""The edge to the person and the file system: messages, fatal errors, reports.

Every command speaks through here: messages go to standard error (:func:`say`,
:func:`fail`), user mistakes become a few lines and exit 2
(:func:`user_errors`), and a report is written to standard output or to a
file, atomically, with its attachments (charts) beside it (:func:`emit`).
Exit codes: 0 done; 1 the work ran but the result fails what was asked (or
some files in a batch were bad); 2 bad usage or bad input; 130 interrupted
(Ctrl-C); 128 + the signal's number when a signal stopped a batch (143
SIGTERM, 129 SIGHUP).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Stopped(KeyboardInterrupt):
    """A signal asked the process to stop (SIGTERM, SIGHUP): raised where the
    process is, as Ctrl-C's KeyboardInterrupt is (and, being one, let through
    wherever that is: an event loop passes it on, where it would swallow
    other exceptions), so that it can end cleanly.  It exits with 128 + the
    signal's number (143, 129)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        import signal

        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"


class _Waiting:
    """A questionnaire's stopping signals, while :func:`stop_on_signals` runs
    with ``at_prompt``: the first signal that came (or None), and whether
    the questionnaire is waiting for the person (where a signal may stop it)."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.open = False
        self.end: Callable[[int], None] | None = None


_waiting: _Waiting | None = None


@contextmanager
def stop_on_signals(*, at_prompt: bool = False) -> Iterator[_Waiting | None]:
    """SIGTERM and SIGHUP raise :class:`Stopped` while the block runs, so
    that a long command can end its workers, remove its temporary files or
    save a draft instead of dying mid-write.  The handlers before are put
    back after the block, unless a signal came: then SIGTERM, SIGHUP and
    SIGINT are ignored (and blocked, where the system can) from that moment
    until the process ends.

    With ``at_prompt`` (the questionnaire), a signal raises only inside
    :func:`stop_point`, where the questionnaire waits for the person, or
    at the next one; anywhere else (gathering the answers, saving the
    draft) it is noted in what the block yields (``.signum``) and the work
    goes on, for the caller to end it."""
    import signal

    global _waiting
    stopped: list[int] = []
    waiting = _Waiting() if at_prompt else None

    def stop(signum: int, frame: object) -> None:
        # Stopping is under way: a second signal (a hang-up is often followed
        # by more) must not cut the clean-up short, nor kill the process as
        # it exits (Python puts its own handlers back to the default then).
        # Ignoring them is not enough: an event loop being left (asyncio's,
        # prompt_toolkit's) puts back the SIGINT handler it found, so a
        # SIGINT a moment later would stop the draft being saved, or kill
        # the process once it is; blocked, they wait until the process ends.
        _ignore(signal, ("SIGTERM", "SIGHUP", "SIGINT"))
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, _signals(signal, ("SIGTERM", "SIGHUP", "SIGINT")))
        stopped.append(signum)
        if waiting is not None:
            waiting.signum = waiting.signum or signum
            if not waiting.open:
                return  # said at the next question, or by the caller
            if waiting.end is not None:
                # the prompt ends itself: an exception raised wherever its
                # event loop happens to be could be swallowed there (a task,
                # a clean-up), leaving it waiting for a person who has gone
                waiting.end(signum)
                return
        raise Stopped(signum)

    before = {}
    for name in ("SIGTERM", "SIGHUP"):
        num = getattr(signal, name, None)
        if num is not None:
            try:
                before[num] = signal.signal(num, stop)
            except ValueError:  # not the main thread: leave the signals alone
                pass
    outer, _waiting = _waiting, waiting if waiting is not None else _waiting
    try:
        yield waiting
    finally:
        _waiting = outer
        if not stopped:
            for num, handler in before.items():
                signal.signal(num, handler)
        else:  # once stopped, the signals stay ignored until the process has ended
            _ignore(signal, ("SIGTERM", "SIGHUP", "SIGINT"))


@contextmanager
def stop_point(end: Callable[[int], None] | None = None) -> Iterator[None]:
    """Where a questionnaire waits for the person: a stopping signal noted
    before is raised here (:class:`Stopped`); one that comes meanwhile calls
    ``end(signum)`` (which makes the prompt end with :class:`Stopped`), or
    without ``end`` is raised at once.  Nothing happens outside
    ``stop_on_signals(at_prompt=True)``."""
    waiting = _waiting
    if waiting is None:
        yield
        return
    if waiting.signum is not None:
        raise Stopped(waiting.signum)
    waiting.open, waiting.end = True, end
    try:
        yield
    finally:
        waiting.open, waiting.end = False, None


def _signals(signal, names) -> set[int]:  # type: ignore[no-untyped-def]
    return {getattr(signal, name) for name in names if hasattr(signal, name)}


def _ignore(signal, names) -> None:  # type: ignore[no-untyped-def]
    for num in _signals(signal, names):
        try:
            signal.signal(num, signal.SIG_IGN)
        except ValueError:
            pass


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
    fail(f"{path}: cannot write ({why_not_written(path, exc)})")


def why_not_written(path: object, exc: OSError) -> str:
    """Why ``path`` could not be written: when a file stands where a folder
    of its path must be, that (not the system's 'File exists')."""
    return not_a_folder(Path(str(path)).parent) or str(exc.strerror or exc)


def not_a_folder(folder: str | os.PathLike[str]) -> str | None:
    """Why nothing can be written in ``folder`` when a file stands where it,
    or one of the folders it is in, must be a folder ('notes.md is a file,
    not a folder': ``-o notes.md/board.md``); None otherwise (a missing
    folder is made)."""
    for p in (Path(folder), *Path(folder).parents):
        if os.path.exists(p):
            return None if os.path.isdir(p) else f"{p} is a file, not a folder"
    return None


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn input errors into a few lines on stderr and exit 2; Ctrl-C into 130."""
    from .errors import InputError

    try:
        yield
    except InputError as exc:
        say(f"partnercheck: {exc.describe()}")
        raise typer.Exit(EXIT_USAGE) from None
    except Stopped as exc:  # before KeyboardInterrupt, which it is too
        say_quietly(f"partnercheck: stopped by {exc.name}")
        raise typer.Exit(exc.code) from None
    except KeyboardInterrupt:
        say_quietly("partnercheck: interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def say_quietly(message: str) -> None:
    """Say it if the terminal is still there (after a hang-up it may not be)."""
    try:
        say(message)
    except (OSError, ValueError):
        pass


def to_screen(output: str | None) -> bool:
    return output in (None, "-")


def to_regular_file(output: str | None) -> bool:
    """Whether ``-o`` names a file to be written (with charts beside it),
    not standard output, a descriptor (``/dev/stdout``, ``>(...)``), a pipe
    or a device, which are written in place and have nothing beside them."""
    import stat

    from .files import open_descriptor

    if to_screen(output) or open_descriptor(output) is not None:  # type: ignore[arg-type]
        return False
    try:
        return stat.S_ISREG(os.stat(output).st_mode)  # type: ignore[arg-type]
    except OSError:
        return True  # a new file


def writes_to_terminal(output: str | None) -> bool:
    """Whether a report written to ``output`` would land on a terminal
    (standard output, /dev/tty, a descriptor open on one)."""
    if to_screen(output):
        return stdout_is_terminal()
    from .files import open_descriptor

    fd = open_descriptor(output)  # type: ignore[arg-type]
    if fd is not None:
        return os.isatty(fd)
    # a terminal named by its path: looked at, not opened (opening some
    # devices does something)
    import stat

    try:
        if not stat.S_ISCHR(os.stat(output).st_mode):  # type: ignore[arg-type]
            return False
    except OSError:
        return False
    real = os.path.realpath(output)  # type: ignore[arg-type]
    return real in ("/dev/tty", "/dev/console") or real.startswith(("/dev/pts/", "/dev/tty"))


def refuse_overwriting(output: str | os.PathLike[str] | None, inputs: Mapping[str, object], what: str = "-o") -> None:
    """Refuse (exit 2, before any work) an output that is one of the
    command's own inputs: ``inputs`` maps how each was given (``--answers``)
    to its path or paths.  Real files are compared, so a link, a hard link
    or another spelling of the same file is caught; standard input, devices
    and pipes are not files a report could destroy."""
    if output is None or to_screen(str(output)):
        return
    target = Path(output)
    for given, paths in inputs.items():
        for path in paths if isinstance(paths, (list, tuple)) else [paths]:
            if path is None:
                continue
            if str(path) == "-":  # standard input redirected from the output's file (< a.json)
                if _stdin_is(target):
                    fail(f"{what} {output} is the file standard input reads ({given} -): writing there "
                         f"would destroy what this command reads; choose another name for {what}")
                continue
            if _same_file(target, Path(str(path))):
                fail(f"{what} {output} is the same file as {given} {path}: writing there would "
                     f"destroy what this command reads; choose another name for {what}")


def _stdin_is(target: Path) -> bool:
    import stat

    try:
        given = os.fstat(sys.stdin.fileno())
        return stat.S_ISREG(given.st_mode) and os.path.samestat(given, os.stat(target))
    except (OSError, ValueError, AttributeError):
        return False


def _same_file(a: Path, b: Path) -> bool:
    import stat

    try:
        if not stat.S_ISREG(os.stat(b).st_mode):
            return False
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they lead
        return os.path.realpath(a) == os.path.realpath(b)


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


def screen_width(output: str | None = None) -> int | None:
    """The screen's width when ``output`` goes to it, or COLUMNS when set
    (for a pipe or a file too); None otherwise."""
    import shutil

    if (to_screen(output) and stdout_is_terminal()) or os.environ.get("COLUMNS", "").isdigit():
        return shutil.get_terminal_size((100, 24)).columns
    return None


def terminal_width(output: str | None) -> int:
    """The width a terminal report is drawn at, kept to 60-120: the screen's,
    or COLUMNS when set (for a pipe or a file too); 100 otherwise."""
    width = screen_width(output)
    return 100 if width is None else max(60, min(width, 120))


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
    why = not_a_folder(folder)
    if why is not None:  # said of the report, not of the first chart written beside it
        fail(f"{output}: cannot write ({why}); name a file in a folder")
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
    if chosen.binary and writes_to_terminal(output):
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
    its charts beside it when it goes to a file (not to a pipe or device)."""
    from .render import formats

    options = formats.RenderOptions(
        charts=charts,
        colour=to_screen(output) and use_colour(),
        width=terminal_width(output),
        stem=formats.attachment_stem(output) if to_regular_file(output) else None,  # type: ignore[arg-type]
        template=template,
    )
    rendered = formats.render(source, bank, fmt.name, options)
    emit(rendered.content, output, rendered.attachments)


def repeated_response(again: str, first: str, why: str = "respondent", done: str = "counted") -> str:
    """Why a response is left out: it repeats an earlier one, and what says
    so (``why``, from :func:`partnercheck.combine.once_each`; ``combine``,
    ``batch``, and ``import`` with ``done="written"``)."""
    if again == first or (again != "-" and os.path.realpath(again) == os.path.realpath(first)):
        return f"{again} is named twice: {done} once (each respondent counts once)"
    if why == "file":
        same = f"is a copy of {first} (the same bytes)" if " row " not in again else \
            f"repeats {first} (a row of a copy of the same export)"
    elif why == "export":
        same = f"repeats {first}: the same answers, and the same response id or submission time in the export"
    else:
        same = f"has the same respondent, organisation and answers as {first}"
    return f"{again} {same}: {done} once (each respondent counts once)"


def alike_responses(alike: list[tuple[str, str]], done: str = "counted", listed: int = 10) -> list[str]:
    """A line for each response that answers exactly as an earlier one did,
    with nothing to say they are one (no respondent named, not a copy, no
    response id or time): both kept.  Past ``listed``, they are counted (a
    short form answered by many people gives many such pairs)."""
    lines = [f"{second} gives exactly the same answers as {first}, with no respondent named to tell them apart: "
             f"both {done}, as two people can answer alike; if it is one response sent twice, leave one out"
             for second, first in alike[:listed]]
    if len(alike) > listed:
        more = len(alike) - listed
        lines.append(f"and {more} more response{'s' if more > 1 else ''} that answer{'' if more > 1 else 's'} "
                     f"exactly as an earlier one does: all {done}")
    return lines


def spelt_alike(spellings: list[str], what: str = "partnership") -> str:
    """The warning for one partnership (or organisation) spelt several ways (the most used first)."""
    import unicodedata

    def shown(name: str) -> str:  # two spellings that look the same are told apart
        same = unicodedata.normalize("NFC", name) == name
        return repr(name) + ("" if same else " (its accents typed as separate characters)")

    return (
        f"one {what} spelt {len(spellings)} ways ("
        + "; ".join(shown(n) for n in spellings)
        + f"): taken as one, named {unicodedata.normalize('NFC', spellings[0])!r}; spell it the same way in every file"
    )

"""Errors meant for people: a file, places in it, and what is wrong there."""

from __future__ import annotations

from dataclasses import field

from .records import Record, record

from .untrusted import visible


@record(frozen=True)
class Problem(Record):
    """One thing wrong, at one place in a file (``where`` may be empty).

    ``loc`` is the place as keys and indexes (``("answers", "trust.x")``),
    from which the line of the file is found (``line``) when the file is
    text partnercheck parsed; neither takes part in comparing problems."""

    where: str
    message: str
    loc: tuple[str | int, ...] = field(default=(), compare=False)
    line: int | None = field(default=None, compare=False)

    def __str__(self) -> str:
        # the place and the message may quote the file (ids, values): shown
        # with its control and bidi characters made visible, on one line
        where = visible(self.where)
        if self.line is not None:
            where = f"line {self.line}, {where}" if where else f"line {self.line}"
        return f"{where}: {visible(self.message)}" if where else visible(self.message)


@record
class InputError(Record, Exception):
    """Bad input from a user: an answers file, a bank, a result.

    Carries every problem found, so a user can fix them all at once.
    """

    source: str
    problems: list[Problem] = field(default_factory=list)
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.describe())

    def describe(self) -> str:
        if len(self.problems) == 1:
            lines = [f"{visible(self.source)}: {self.problems[0]}"]
        else:
            lines = [f"{visible(self.source)}: {len(self.problems)} problems"]
            lines += [f"  {p}" for p in self.problems]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


def single(source: str, message: str, where: str = "", hint: str | None = None) -> InputError:
    return InputError(source, [Problem(where, message)], hint)


@record
class WrongKind(InputError):
    """A file of another kind than the command reads (a saved result given
    as answers, a bank given to ``report``...): ``kind`` says which."""

    kind: str = ""

"""Errors meant for people: a file, places in it, and what is wrong there."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at one place in a file (``where`` may be empty)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class InputError(Exception):
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
            lines = [f"{self.source}: {self.problems[0]}"]
        else:
            lines = [f"{self.source}: {len(self.problems)} problem(s)"]
            lines += [f"  {p}" for p in self.problems]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


def single(source: str, message: str, where: str = "", hint: str | None = None) -> InputError:
    return InputError(source, [Problem(where, message)], hint)


@dataclass
class WrongKind(InputError):
    """A file of another kind than the command reads (a saved result given
    as answers, a bank given to ``report``...): ``kind`` says which."""

    kind: str = ""

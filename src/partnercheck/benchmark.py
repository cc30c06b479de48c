"""A programme's partnerships compared, lesson by lesson.  Pure.

``benchmark(entries, bank, column=...)`` takes each partnership's latest
round (read from the store by the edge, :mod:`partnercheck.store`) and
returns the quartiles of each lesson, for the whole programme and for each
group of partnerships, and where each partnership stands among them.
Groups (and lessons) with fewer partnerships than the bank's
``rules.benchmark_min_group`` get no figures: quartiles of so few say little
and could point to one partnership.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .bands import banded
from .models import Bank

Quarter = Literal["top", "upper", "lower", "bottom"]


@dataclass(frozen=True)
class Entry:
    """One partnership's latest round."""

    partnership: str
    round_date: str
    group: str | None
    scores: dict[str, float | None]  # lesson id -> score (None: not assessed)


@dataclass(frozen=True)
class Quartiles:
    lesson: str
    scores: int  # how many partnerships have a score for it
    lower: float | None  # None: too few scores to show
    median: float | None
    upper: float | None


@dataclass(frozen=True)
class Standing:
    partnership: str
    round_date: str
    scores: dict[str, float | None]
    quarters: dict[str, Quarter | None]  # None: not assessed, or too few scores


@dataclass(frozen=True)
class Group:
    value: str | None  # None: the whole programme
    whole: bool
    partnerships: int
    quartiles: list[Quartiles]
    standings: list[Standing]


@dataclass(frozen=True)
class Benchmark:
    column: str | None
    min_group: int
    partnerships: int
    groups: list[Group]  # those shown: the whole programme first
    hidden: list[tuple[str | None, int]]  # (group value, partnerships) not shown, too few


def quartiles(scores: Sequence[float]) -> tuple[float, float, float]:
    """Lower quartile, median and upper quartile, by linear interpolation
    between the nearest scores (Excel's QUARTILE.INC, numpy's default)."""
    if len(scores) == 1:  # (statistics.quantiles needs two)
        return scores[0], scores[0], scores[0]
    q1, q2, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return round(q1, 2), round(q2, 2), round(q3, 2)


def quarter(score: float, q: Quartiles) -> Quarter:
    """Where a score stands, judged on the numbers the reader sees (as bands
    are): a score shown as 60 against an upper quartile shown as 60 is in
    the top quarter."""
    assert q.lower is not None and q.median is not None and q.upper is not None
    seen = banded(score)
    if seen >= banded(q.upper):
        return "top"
    if seen >= banded(q.median):
        return "upper"
    if seen >= banded(q.lower):
        return "lower"
    return "bottom"


def _group(value: str | None, entries: Sequence[Entry], lessons: Sequence[str], least: int, whole: bool) -> Group:
    figures = []
    for lesson in lessons:
        scores = sorted(s for e in entries if (s := e.scores.get(lesson)) is not None)
        if len(scores) >= least:
            figures.append(Quartiles(lesson, len(scores), *quartiles(scores)))
        else:
            figures.append(Quartiles(lesson, len(scores), None, None, None))
    standings = []
    for e in sorted(entries, key=lambda e: e.partnership):
        quarters: dict[str, Quarter | None] = {}
        for q in figures:
            score = e.scores.get(q.lesson)
            quarters[q.lesson] = None if score is None or q.median is None else quarter(score, q)
        standings.append(Standing(e.partnership, e.round_date, {l: e.scores.get(l) for l in lessons}, quarters))
    return Group(value, whole, len(entries), figures, standings)


def benchmark(entries: Sequence[Entry], bank: Bank, column: str | None = None) -> Benchmark:
    least = bank.rules.benchmark_min_group
    lessons = [l.id for l in bank.lessons]
    shown: list[Group] = []
    hidden: list[tuple[str | None, int]] = []
    if len(entries) >= least:
        shown.append(_group(None, entries, lessons, least, whole=True))
    if column is not None:
        by: dict[str | None, list[Entry]] = {}
        for e in entries:
            by.setdefault(e.group, []).append(e)
        # groups in order of their value, the partnerships with none last
        for value in sorted(by, key=lambda v: (v is None, v or "")):
            members = by[value]
            if len(members) >= least:
                shown.append(_group(value, members, lessons, least, whole=False))
            else:
                hidden.append((value, len(members)))
    return Benchmark(column, least, len(entries), shown, hidden)

"""Statement and lesson scores, and bands.  Pure functions.

A statement's score is the mean of the scores of those who answered it
(0-100); "don't know" and blanks are missing, never low.  A lesson's score is
the mean of its answered statements' scores; a lesson with more than
``rules.max_missing_share`` of its statements missing is not assessed.  The
overall score is the mean of the assessed lessons' scores, each lesson
weighing the same however many statements it has.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import bands
from .models import Answers, Bank, BandId, LessonResult, Statement, StatementResult


def band_for(bank: Bank, score: float | None) -> BandId | None:
    """The bank's band for a score (bands.py decides)."""
    return bands.band_for(score, bands.thresholds(bank))  # type: ignore[return-value]


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def score_statements(bank: Bank, responses: Sequence[Answers], *, notes: bool | None = None) -> list[StatementResult]:
    """One result per statement, aggregated over every respondent.  Notes are
    kept for one respondent; in a combined assessment only when asked for
    (``notes``), since a note can identify its author."""
    single = len(responses) == 1
    given = [r.answers for r in responses]
    keep_notes = single if notes is None else notes
    noted = [r.notes for r in responses if r.notes] if keep_notes else []
    out = []
    for st in bank.questions():
        if not isinstance(st, Statement):
            continue
        options = bank.scored_options(st.id)
        scores: list[float] = []
        points: list[int] = []
        dont_know = 0
        for answers in given:
            found = options.get(answers.get(st.id))  # type: ignore[arg-type]
            if found is None:
                continue
            if found[0] is None:
                dont_know += 1
            else:
                scores.append(found[0])
                points.append(found[1])  # type: ignore[arg-type]
        notes = [n[st.id].strip() for n in noted if n.get(st.id) and n[st.id].strip()]
        value = given[0].get(st.id) if single else None
        label = options[value][2] if value in options else None
        out.append(
            StatementResult(
                id=st.id,
                lesson=st.lesson,
                text=st.text,
                score=_mean(scores),
                value=value if label else None,
                label=label,
                answered=len(scores),
                dont_know=dont_know,
                spread=(max(points) - min(points)) if len(points) > 1 else None,
                notes=notes,
            )
        )
    return out


def score_lessons(bank: Bank, statements: Sequence[StatementResult]) -> dict[str, LessonResult]:
    out = {}
    for lesson in bank.lessons:
        mine = [s for s in statements if s.lesson == lesson.id]
        answered = [s.score for s in mine if s.score is not None]
        missing = len(mine) - len(answered)
        assessed = bool(mine) and missing <= bank.rules.max_missing_share * len(mine)
        score = _mean(answered) if assessed else None
        out[lesson.id] = LessonResult(
            id=lesson.id,
            name=lesson.name,
            score=score,
            band=band_for(bank, score),
            assessed=assessed,
            statements=len(mine),
            answered=len(answered),
            missing=missing,
        )
    return out


def lesson_ranges(bank: Bank, responses: Sequence[Answers]) -> dict[str, tuple[float, float]]:
    """Each lesson's lowest and highest score over individual respondents.

    The same rules as score_lessons (don't know is missing; a lesson with too
    much missing has no score), on plain numbers: this runs once per
    respondent, so it builds no models.
    """
    statements = [(q.id, q.lesson, bank.scored_options(q.id)) for q in bank.questions() if isinstance(q, Statement)]
    max_missing = bank.rules.max_missing_share
    per: dict[str, list[float]] = {}
    for r in responses:
        totals: dict[str, list[float]] = {}
        counts: dict[str, int] = {}
        for sid, lesson, options in statements:
            counts[lesson] = counts.get(lesson, 0) + 1
            found = options.get(r.answers.get(sid))  # type: ignore[arg-type]
            if found is not None and found[0] is not None:
                totals.setdefault(lesson, []).append(found[0])
        for lesson_id, n in counts.items():
            got = totals.get(lesson_id, [])
            if got and n - len(got) <= max_missing * n:
                per.setdefault(lesson_id, []).append(round(sum(got) / len(got), 1))
    return {k: (min(v), max(v)) for k, v in per.items()}


def overall_score(lessons: dict[str, LessonResult], min_share: float = 0.5) -> float | None:
    """The mean of the assessed lessons; none when fewer than ``min_share`` of
    the lessons are assessed (thin evidence makes no overall score)."""
    scores = [l.score for l in lessons.values() if l.score is not None]
    if not lessons or len(scores) < min_share * len(lessons):
        return None
    return _mean(scores)

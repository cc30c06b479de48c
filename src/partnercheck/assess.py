"""One assessment from one or more respondents' answers.  Pure.

This is the library's front door: ``assess(bank, [answers, ...])`` returns the
:class:`~partnercheck.models.Result` that every renderer reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from . import advice, combine
from .continuum import continuum_result
from .models import Answers, Bank, LessonResult, Result
from .scoring import band_for, lesson_ranges, overall_score, score_lessons, score_statements


def assess(
    bank: Bank,
    responses: Sequence[Answers],
    *,
    name_respondents: bool = False,
    min_group: int = 3,
    include_notes: bool = False,
) -> Result:
    if not responses:
        raise ValueError("assess needs at least one set of answers")
    first = responses[0]
    many = len(responses) > 1
    # A note can identify its author: a combined report leaves notes out unless asked.
    statements = score_statements(bank, responses, notes=not many or include_notes)
    lessons = score_lessons(bank, statements)
    if many:
        for lesson_id, (low, high) in lesson_ranges(bank, responses).items():
            lessons[lesson_id] = replace(lessons[lesson_id], low=low, high=high)
    score = overall_score(lessons, bank.rules.min_assessed_share)
    # One respondent apart from the rest on most statements: one finding, and
    # the lessons only they put in the gap band are part of it.
    outlier = combine.pattern(bank, responses) if many else None
    gaps = advice.find_gaps(bank, lessons, statements, by_pattern=_by_pattern(bank, responses, lessons, outlier))
    bottom = sum(1 for g in gaps if g.kind == "statement")
    continuum = continuum_result(bank, responses, lessons, bottom)
    divergence = combine.divergence(bank, responses, statements, outlier)
    warnings = advice.warnings_for(bank, lessons, continuum, score)
    if many:
        hidden = combine.hidden_groups(responses, min_group)
        if hidden:
            warnings.append(advice.fill(bank.texts.hidden_groups, count=hidden, min=min_group))
    recommendations = advice.recommend(bank, lessons, statements, continuum.blocking, advice.reach(continuum))
    dates = sorted(r.date for r in responses if r.date)
    if many:
        names = [r.respondent for r in responses if r.respondent]
        respondent = "; ".join(names) if name_respondents and names else None
        organisations = sorted({r.organisation for r in responses if r.organisation})
        organisation = "; ".join(organisations) if name_respondents and organisations else None
    else:
        respondent, organisation = first.respondent, first.organisation
    return Result(
        partnership=first.partnership,
        date=dates[-1] if dates else None,
        respondent=respondent,
        organisation=organisation,
        respondents=len(responses),
        bank=bank.info,
        bands={b.id: b.min for b in bank.bands},
        score=score,
        band=band_for(bank, score),
        lessons=lessons,
        statements=statements,
        continuum=continuum,
        gaps=gaps,
        recommendations=recommendations,
        priorities=advice.priorities(bank, lessons, statements, gaps, continuum, recommendations),
        organisations=len({r.organisation for r in responses if r.organisation}),
        board_questions=advice.board_questions(bank, lessons, continuum, divergence, gaps),
        divergence=divergence,
        groups=combine.groups(bank, responses, min_group) if many else [],
        warnings=warnings,
        disclaimer=" ".join(bank.texts.disclaimer.split()),
    )


def _by_pattern(
    bank: Bank, responses: Sequence[Answers], lessons: dict[str, LessonResult], outlier: tuple[int, str, int, int] | None
) -> set[str]:
    """The lessons that only the respondent below the rest on most statements
    (``outlier``) puts in the gap band: without them, no one does."""
    if outlier is None or outlier[1] != "below":
        return set()
    others = [r for i, r in enumerate(responses) if i != outlier[0]]
    lows = lesson_ranges(bank, others)
    return {
        lesson_id
        for lesson_id, lesson in lessons.items()
        if advice.is_minority_gap(bank, lesson) and band_for(bank, lows.get(lesson_id, (None, None))[0]) != "gap"
    }

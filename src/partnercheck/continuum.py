"""Placement on the continuum, readiness and aspiration.  Pure functions.

*Placement* (where the partnership is) comes from the continuum questions:
each answer lists the options it is consistent with, and the partnership is
placed at the option consistent with every answer.  When several options fit
(some questions unanswered) it is placed at the lowest of them; when none fits
(the answers contradict each other) at the option consistent with the most
answers, the lower on a tie, with a warning.  "Don't know" rules nothing out.
With several respondents, each question counts the answer most of them gave
(the lower-reaching answer on a tie).

*Readiness* (what it is ready for) is the highest option whose readiness rule,
and the rule of every option below it, the lesson scores meet.

*Aspiration* (where it aims to be) is the answer to the aspiration question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from . import bands
from .advice import joined
from .models import (
    Answers,
    Bank,
    ContinuumAnswer,
    ContinuumChoice,
    ContinuumQuestion,
    ContinuumResult,
    LessonResult,
)


def chosen(question: ContinuumQuestion, responses: Sequence[Answers]) -> tuple[ContinuumChoice | None, Counter[str]]:
    """The answer that counts for a question, and how everyone answered."""
    counts: Counter[str] = Counter()
    by_value = {o.value: o for o in question.options}
    for r in responses:
        value = r.answers.get(question.id)
        if value in by_value:
            counts[value] += 1
    ruling = [(n, by_value[v]) for v, n in counts.items() if by_value[v].continuum]
    if not ruling:
        return None, counts
    # most answers first; on a tie the answer reaching least far up
    ruling.sort(key=lambda item: (-item[0], max(item[1].continuum), min(item[1].continuum)))
    return ruling[0][1], counts


def _name(bank: Bank, option: int) -> str:
    return f"{option} {bank.option(option).name}"


def place(bank: Bank, responses: Sequence[Answers]) -> tuple[int | None, list[str], list[ContinuumAnswer], bool]:
    """Return (option, rationale, answers, contradiction)."""
    answers: list[ContinuumAnswer] = []
    ruling: list[tuple[ContinuumQuestion, ContinuumChoice]] = []
    for q in bank.continuum_questions:
        choice, counts = chosen(q, responses)
        fallback = None
        if choice is None and counts:  # only "don't know"
            fallback = next(o for o in q.options if o.value == counts.most_common(1)[0][0])
        shown = choice or fallback
        answers.append(
            ContinuumAnswer(
                question=q.id,
                about=q.about,
                value=shown.value if shown else None,
                label=shown.label if shown else None,
                continuum=list(choice.continuum) if choice else [],
                counts=dict(counts) if len(responses) > 1 else {},
            )
        )
        if choice is not None:
            ruling.append((q, choice))

    if not ruling:
        return None, ["Not placed: no answer says who holds power (all blank or don't know)."], answers, False

    fits = set(range(1, 6))
    for _, choice in ruling:
        fits &= set(choice.continuum)
    contradiction = not fits
    if fits:
        option = min(fits)
    else:
        support = Counter(o for _, c in ruling for o in c.continuum)
        option = sorted(support, key=lambda o: (-support[o], o))[0]

    rationale = [f"Placed at {_name(bank, option)}, from the answers on {_answers(ruling)}."]
    if len(fits) > 1:
        rationale.append(
            "The answers fit options "
            + ", ".join(str(o) for o in sorted(fits))
            + "; the lowest is taken until the unanswered questions narrow it."
        )
    # Options ruled out by the same answers share one line.
    ruled_out: dict[tuple[int, ...], list[int]] = {}
    for other in range(1, 6):
        if other == option or other in fits:
            continue
        against = tuple(i for i, (_, c) in enumerate(ruling) if other not in c.continuum)
        if against:
            ruled_out.setdefault(against, []).append(other)
    for against, others in ruled_out.items():
        names = joined([_name(bank, o) for o in others], "or")
        rationale.append(f"Not {names}, because of {_answers([ruling[i] for i in against])}.")
    return option, rationale, answers, contradiction


def _answers(ruling: Sequence[tuple[ContinuumQuestion, ContinuumChoice]]) -> str:
    return joined([f'{q.about} ("{c.label}")' for q, c in ruling])


def readiness(bank: Bank, lessons: dict[str, LessonResult]) -> tuple[int, list[str]]:
    """The highest option the lesson scores support, and why not higher."""
    rules = {r.option: r for r in bank.readiness}
    ready = 1
    why: list[str] = []
    for option in range(2, 6):
        rule = rules.get(option)
        unmet: list[str] = []
        if rule is not None:
            for lesson_id, band in rule.requires.items():
                lesson = lessons.get(lesson_id)
                if lesson is None or lesson.band is None:
                    unmet.append(f"{bank.lesson(lesson_id).name} is not assessed (needs {band} or better)")
                elif not bands.at_least(lesson.band, band):
                    unmet.append(f"{lesson.name} is in {lesson.band} (needs {band} or better)")
            if rule.no_gap:
                gaps = [l.name for l in lessons.values() if l.band == "gap"]
                if gaps:
                    unmet.append(f"{', '.join(gaps)} {'is' if len(gaps) == 1 else 'are'} in gap (needs no lesson in gap)")
                # a lesson with no score cannot show that it is not a gap
                unknown = [l.name for l in lessons.values() if l.band is None and l.id not in rule.requires]
                if unknown:
                    unmet.append(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not assessed (needs every lesson assessed and none in gap)")
        if unmet:
            why.append(f"Not yet ready for {_name(bank, option)}: {'; '.join(unmet)}.")
            if rule is not None:
                why.append(f"Why it matters: {rule.why}")
            break
        ready = option
    why.insert(0, f"Ready for {_name(bank, ready)}: the lesson scores meet its conditions and those below it.")
    return ready, why


def aspiration(bank: Bank, responses: Sequence[Answers]) -> tuple[int | None, ContinuumAnswer | None]:
    q = bank.aspiration
    if q is None:
        return None, None
    choice, counts = chosen(q, responses)
    answer = ContinuumAnswer(
        question=q.id,
        about=q.about,
        value=choice.value if choice else None,
        label=choice.label if choice else None,
        continuum=list(choice.continuum) if choice else [],
        counts=dict(counts) if len(responses) > 1 else {},
    )
    if choice is None:
        return None, answer
    return max(choice.continuum), answer


def continuum_result(bank: Bank, responses: Sequence[Answers], lessons: dict[str, LessonResult]) -> ContinuumResult:
    option, rationale, answers, contradiction = place(bank, responses)
    ready, ready_why = readiness(bank, lessons)
    aims, aims_answer = aspiration(bank, responses)
    if aims_answer is not None:
        answers.append(aims_answer)
    return ContinuumResult(
        option=option,
        option_name=bank.option(option).name if option else None,
        ready_for=ready,
        ready_for_name=bank.option(ready).name,
        aims_for=aims,
        aims_for_name=bank.option(aims).name if aims else None,
        rationale=rationale,
        readiness_rationale=ready_why,
        answers=answers,
        contradiction=contradiction,
        options={o.option: o.name for o in sorted(bank.continuum, key=lambda o: o.option)},
    )

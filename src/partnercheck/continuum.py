"""Placement on the continuum, readiness and aspiration.  Pure functions.

*Placement* (where the partnership is) walks a decision tree, not a vote
(DOMAIN.md): who decides the solution binds first, then who defined the
problem, then who carries the responsibility.  Each answer lists the options
it is consistent with and narrows the options the answers before it allow; an
answer that fits none of them is a *mismatch* (responsibility devolved without
the power to decide, say), named in a warning, and never outvotes the answers
that bind before it.  When the answers leave several options open, the
partnership is not placed at one: the range is reported with the question
whose answer would settle it.  "Don't know" rules nothing out.  With several
respondents, each question counts the answer most of them gave (the
lower-reaching answer on a tie).

*Readiness*: levels, not steps.  The lesson scores are checked against the
readiness rules of where the partnership is and of where it aims (when that is
higher); an option above both is never described as "not yet" reached.

*Aspiration* (where it aims to be) is the answer to the aspiration question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import field
from typing import Literal

from . import bands
from .advice import fill, joined, lesson_words, option_in_sentence, quoted, sentence
from .records import Record, record
from .scoring import band_for
from .models import (
    Answers,
    Bank,
    ContinuumAnswer,
    ContinuumChoice,
    ContinuumQuestion,
    ContinuumResult,
    LessonResult,
    Texts,
)

CONTINUUM_OPTIONS = (1, 2, 3, 4, 5)
# The decision tree reads who decides first, then who defined the problem,
# then who carries the responsibility.
TREE_ORDER = ("solution", "problem", "responsibility")


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


@record(frozen=True)
class Placement(Record):
    """Where the answers put the partnership, and how they got there."""

    option: int | None  # None until the answers settle on one option
    allowed: tuple[int, ...]  # the options the binding answers allow
    rationale: list[str]
    answers: list[ContinuumAnswer]
    # Answers that do not fit what the answers binding before them allow.
    mismatches: list[tuple[ContinuumQuestion, ContinuumChoice]] = field(default_factory=list)
    # The question whose answer would narrow ``allowed`` to one option.
    settled_by: ContinuumQuestion | None = None


def answered(q: ContinuumQuestion, responses: Sequence[Answers]) -> tuple[ContinuumChoice | None, ContinuumAnswer]:
    """The answer that counts for a continuum question, and the answer as the
    report shows it (only "don't know" given: shown, ruling nothing out)."""
    choice, counts = chosen(q, responses)
    shown = choice
    if choice is None and counts:
        shown = next(o for o in q.options if o.value == counts.most_common(1)[0][0])
    return choice, ContinuumAnswer(
        question=q.id,
        about=q.about,
        value=shown.value if shown else None,
        label=shown.label if shown else None,
        continuum=list(choice.continuum) if choice else [],
        counts=dict(counts) if len(responses) > 1 else {},
    )


def tree(bank: Bank) -> list[ContinuumQuestion]:
    """The continuum questions in the order they bind: who decides the solution,
    then who defined the problem, then who carries the responsibility
    (DOMAIN.md, "a decision tree, not a vote").  The question on sharing
    control is no part of the tree: it counts in readiness."""
    order = {role: i for i, role in enumerate(TREE_ORDER)}
    if not any(q.role for q in bank.continuum_questions):  # a bank without roles: its own order
        return list(bank.continuum_questions)
    return sorted((q for q in bank.continuum_questions if q.role in order), key=lambda q: order[q.role])


def place(bank: Bank, responses: Sequence[Answers]) -> Placement:
    """Walk the decision tree: each answer narrows the options the answers
    before it allow; an answer that does not fit them is a mismatch (named in
    a warning), never a vote against them."""
    texts = bank.texts
    answers: list[ContinuumAnswer] = []
    ruling: dict[str, ContinuumChoice] = {}
    for q in bank.continuum_questions:
        choice, answer = answered(q, responses)
        answers.append(answer)
        if choice is not None:
            ruling[q.id] = choice
    steps = tree(bank)
    ruling = {q.id: ruling[q.id] for q in steps if q.id in ruling}

    if not ruling:
        return Placement(None, CONTINUUM_OPTIONS, [fill(texts.placement_none)], answers)

    allowed = set(CONTINUUM_OPTIONS)
    rationale: list[str] = []
    mismatches: list[tuple[ContinuumQuestion, ContinuumChoice]] = []
    shown = {a.question: a for a in answers}
    for q in steps:
        choice = ruling.get(q.id)
        if choice is None:
            continue
        split = _split(texts, q, shown[q.id].counts)
        if split:
            rationale.append(sentence(fill(texts.placement_split, about=q.about, answers=split)))
        narrowed = allowed & set(choice.continuum)
        if not narrowed:
            mismatches.append((q, choice))
            rationale.append(sentence(fill(texts.placement_mismatch_step, about=q.about, answer=quoted(texts, choice.label))))
            continue
        allowed = narrowed
        rationale.append(sentence(fill(texts.placement_step, about=q.about, answer=quoted(texts, choice.label), options=options_text(bank, allowed))))

    settled_by = None
    if len(allowed) == 1:
        (option,) = allowed
        rationale.append(fill(texts.placement_placed, option=options_text(bank, {option})))
    else:
        option = None
        settled_by = next(
            (q for q in steps if q.id not in ruling and any(0 < len(allowed & set(o.continuum)) < len(allowed) for o in q.options)),
            None,
        )
        rationale.append(
            fill(texts.placement_range, options=options_text(bank, allowed), question=settled_by.about if settled_by else "")
            if settled_by
            else fill(texts.placement_range_unsettled, options=options_text(bank, allowed))
        )
    return Placement(option, tuple(sorted(allowed)), rationale, answers, mismatches, settled_by)


def _split(texts: Texts, q: ContinuumQuestion, counts: dict[str, int]) -> str:
    """The answers partners are split between, when the most given answer is
    tied with another ("lead-consults 2, together 2"); empty otherwise."""
    ruling = {o.value: o for o in q.options if o.continuum}
    given = sorted(((n, v) for v, n in counts.items() if v in ruling), reverse=True)
    if len(given) < 2 or given[0][0] != given[1][0]:
        return ""
    return "; ".join(f"{quoted(texts, ruling[v].label)} {n}" for n, v in given if n == given[0][0])


def options_text(bank: Bank, options: set[int] | Sequence[int]) -> str:
    """'option 2 Expert consults' or 'options 3 to 5' (the numbers run on)."""
    numbers = sorted(options)
    if len(numbers) == 1:
        return fill(bank.texts.one_option, option=option_in_sentence(bank.texts, numbers[0], bank.option(numbers[0]).name))
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return fill(bank.texts.option_span, low=numbers[0], high=numbers[-1])
    return fill(bank.texts.option_list, options=joined(bank.texts, [str(n) for n in numbers], either=True))


@record(frozen=True)
class Evidence(Record):
    """What readiness is judged on: lesson scores (with each lesson's lowest
    respondent), how many statements sit at the bottom of the scale, and the
    answer on sharing control."""

    lessons: dict[str, LessonResult]
    bottom_statements: int = 0
    control: ContinuumChoice | None = None


@record(frozen=True)
class Check(Record):
    """Whether the evidence can carry one option."""

    option: int
    verdict: Literal["ready", "not ready", "cannot be judged"]
    reasons: tuple[str, ...] = ()  # what is unmet, or what is unknown
    blocking: tuple[str, ...] = ()  # lesson ids that fall short


def check_option(bank: Bank, evidence: Evidence | dict[str, LessonResult], option: int) -> Check:
    """Can the partnership carry ``option``?  Its readiness rule and those of
    every option below it count; a lesson that is not assessed cannot show that
    it meets a rule, so the answer is then "cannot be judged", not "no"."""
    if not isinstance(evidence, Evidence):
        evidence = Evidence(evidence)
    lessons = evidence.lessons
    texts = bank.texts
    rules = {r.option: r for r in bank.readiness}
    failed: list[str] = []
    blocking: list[str] = []
    unknown: list[tuple[str, str]] = []
    for n in range(2, option + 1):
        rule = rules.get(n)
        if rule is None:
            continue
        for lesson_id, band in rule.requires.items():
            lesson = lessons.get(lesson_id)
            if lesson is None or lesson.band is None:
                unknown.append((lesson_id, bank.lesson(lesson_id).name))
            elif not bands.at_least(lesson.band, band):
                failed.append(fill(texts.readiness_needs, **lesson_words(bank, [(lesson.id, lesson.name)], "lesson"), band=bank.band(lesson.band).label.lower(), needed=bank.band(band).label.lower()))
                blocking.append(lesson_id)
            elif lesson_id in rule.lowest_respondent and lesson.low is not None:
                low_band = band_for(bank, lesson.low)
                if low_band is not None and not bands.at_least(low_band, band):
                    failed.append(fill(texts.readiness_lowest, **lesson_words(bank, [(lesson.id, lesson.name)], "lesson"), band=bank.band(low_band).label.lower(), needed=bank.band(band).label.lower()))
                    blocking.append(lesson_id)
        if rule.no_gap:
            gaps = [l for l in lessons.values() if l.band == "gap"]
            if gaps:
                failed.append(fill(texts.readiness_no_gap, **lesson_words(bank, [(l.id, l.name) for l in gaps])))
                blocking += [l.id for l in gaps]
            unknown += [(l.id, l.name) for l in lessons.values() if l.band is None]
        if rule.no_statement_gap and evidence.bottom_statements:
            failed.append(fill(texts.readiness_no_statement_gap, count=evidence.bottom_statements))
    control = evidence.control
    if control is not None and control.continuum and option not in control.continuum:
        failed.append(fill(texts.readiness_control, answer=quoted(texts, control.label)))
    failed = list(dict.fromkeys(failed))
    unknown = list(dict.fromkeys(unknown))
    blocking = list(dict.fromkeys(blocking))
    if failed:
        return Check(option, "not ready", tuple(failed), tuple(blocking))
    if unknown:
        return Check(option, "cannot be judged", (fill(texts.readiness_unknown_lessons, **lesson_words(bank, unknown)),))
    return Check(option, "ready")


def readiness(
    bank: Bank, evidence: Evidence | dict[str, LessonResult], option: int | None = None, aims: int | None = None
) -> tuple[int, list[str], Check | None, Check | None]:
    """Levels, not steps: can the partnership carry where it is, and where it aims?

    Returns the highest option the evidence supports (for scripts and
    comparisons), the rationale, and the checks for where it is and for its
    aim (the aim only when it is above where it is).  No option above both
    where it is and where it aims is ever named as "not yet" reached.
    """
    if not isinstance(evidence, Evidence):
        evidence = Evidence(evidence)
    texts = bank.texts
    rules = {r.option: r for r in bank.readiness}
    ready = 1
    for n in CONTINUUM_OPTIONS[1:]:
        if check_option(bank, evidence, n).verdict != "ready":
            break
        ready = n
    here = check_option(bank, evidence, option) if option is not None else None
    aim = check_option(bank, evidence, aims) if aims is not None and aims > (option or 0) else None
    why: list[str] = []
    for check, where in ((here, "here"), (aim, "aim")):
        if check is None:
            continue
        name = option_in_sentence(texts, check.option, bank.option(check.option).name)
        text = getattr(texts, f"readiness_{where}_{check.verdict.replace(' ', '_')}")
        why.append(fill(text, option=name, reasons="; ".join(check.reasons)))
        rule = rules.get(check.option)
        if check.verdict == "not ready" and rule is not None:
            why.append(fill(texts.readiness_why, why=rule.why))
    if here is None and aim is None:
        beyond = check_option(bank, evidence, ready + 1) if ready < CONTINUUM_OPTIONS[-1] else None
        if beyond is not None and beyond.verdict == "cannot be judged":
            why.append(fill(texts.readiness_cannot_be_judged, reasons="; ".join(beyond.reasons)))
        else:
            why.append(fill(texts.readiness_unplaced, option=option_in_sentence(texts, ready, bank.option(ready).name)))
    return ready, why, here, aim


def aspiration(bank: Bank, responses: Sequence[Answers]) -> tuple[int | None, ContinuumAnswer | None]:
    q = bank.aspiration
    if q is None:
        return None, None
    choice, answer = answered(q, responses)
    if choice is None:
        return None, answer
    return max(choice.continuum), answer


def control_answer(bank: Bank, responses: Sequence[Answers]) -> ContinuumChoice | None:
    """The answer on sharing control (no part of the tree), if the bank asks it."""
    q = next((q for q in bank.continuum_questions if q.role == "control"), None)
    return chosen(q, responses)[0] if q is not None else None


def continuum_result(
    bank: Bank, responses: Sequence[Answers], lessons: dict[str, LessonResult], bottom_statements: int = 0
) -> ContinuumResult:
    placed = place(bank, responses)
    aims, aims_answer = aspiration(bank, responses)
    control = control_answer(bank, responses)
    evidence = Evidence(lessons, bottom_statements, control)
    ready, ready_why, here, aim = readiness(bank, evidence, placed.option, aims)
    answers = placed.answers + ([aims_answer] if aims_answer is not None else [])
    option = placed.option
    blocking = list(dict.fromkeys((here.blocking if here else ()) + (aim.blocking if aim else ())))
    return ContinuumResult(
        option=option,
        option_name=bank.option(option).name if option else None,
        allowed=list(placed.allowed),
        settled_by=placed.settled_by.id if placed.settled_by else None,
        ready_for=ready,
        ready_for_name=bank.option(ready).name,
        ready_here=here.verdict if here else None,
        ready_for_aim=aim.verdict if aim else None,
        blocking=blocking,
        aims_for=aims,
        aims_for_name=bank.option(aims).name if aims else None,
        rationale=placed.rationale,
        readiness_rationale=ready_why,
        answers=answers,
        contradiction=bool(placed.mismatches),
        mismatches=[q.id for q, _ in placed.mismatches],
        options={o.option: o.name for o in sorted(bank.continuum, key=lambda o: o.option)},
    )

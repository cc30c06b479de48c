"""Gaps, recommendations, warnings and questions for the board.  Pure functions.

A *gap* is a lesson in the gap band, or a statement scored at or below
``rules.statement_gap_at_most`` (the bottom of the scale).  Recommendations
come from the bank: a lesson's own when it is a gap, a statement's when it is
scored at or below ``rules.recommend_at_most``.  They are ordered by priority:

1. raised by a gap (a gap lesson, or a statement at the bottom of the scale);
2. raised by a low statement in a gap lesson;
3. raised by a low statement elsewhere;

then by the lesson's score and the statement's score, lowest first.  The same
text raised twice is listed once, tied to every statement that raised it.
"""

from __future__ import annotations

from collections.abc import Sequence
from string import Template

from .models import (
    Bank,
    ContinuumResult,
    Divergence,
    Gap,
    LessonResult,
    RecommendationResult,
    StatementResult,
)


MAX_DIVERGENCE_QUESTIONS = 3


def fill(text: str, **values: object) -> str:
    """Fill ``$name`` placeholders; nothing else in bank text is evaluated."""
    return " ".join(Template(text).safe_substitute({k: str(v) for k, v in values.items()}).split())


def sentence(text: str) -> str:
    """Text that opens a sentence: its first letter a capital."""
    return text[:1].upper() + text[1:]


def find_gaps(bank: Bank, lessons: dict[str, LessonResult], statements: list[StatementResult]) -> list[Gap]:
    gaps: list[Gap] = []
    for lesson in sorted(lessons.values(), key=lambda l: (l.score is None, l.score or 0)):
        if lesson.band == "gap":
            gaps.append(
                Gap(
                    kind="lesson",
                    lesson=lesson.id,
                    score=lesson.score,
                    reason=f"{lesson.name} scores {lesson.score:.0f}, in the gap band "
                    f"(below {bank.band('watch').min:.0f}).",
                )
            )
    bottom = bank.rules.statement_gap_at_most
    for st in sorted(statements, key=lambda s: s.score if s.score is not None else 101):
        if st.score is not None and st.score <= bottom:
            how = f"answered {st.label}" if st.label else f"scored {st.score:.0f} on average"
            gaps.append(
                Gap(
                    kind="statement",
                    lesson=st.lesson,
                    statement=st.id,
                    score=st.score,
                    reason=f'"{st.text}" was {how}, the bottom of the scale.',
                )
            )
    return gaps


def recommend(
    bank: Bank,
    lessons: dict[str, LessonResult],
    statements: list[StatementResult],
) -> list[RecommendationResult]:
    bottom = bank.rules.statement_gap_at_most
    low = bank.rules.recommend_at_most
    by_id = {s.id: s for s in bank.statements}
    found: dict[tuple[str, str], dict] = {}

    def add(priority: int, lesson: str, text: str, source: str, statement: str | None, order: tuple) -> None:
        key = (lesson, text)
        item = found.get(key)
        if item is None:
            found[key] = item = {
                "priority": priority,
                "lesson": lesson,
                "text": text,
                "source": source,
                "statements": [],
                "order": order,
            }
        item["priority"] = min(item["priority"], priority)
        item["order"] = min(item["order"], order)
        if statement and statement not in item["statements"]:
            item["statements"].append(statement)

    for lesson in lessons.values():
        if lesson.band == "gap":
            mine = [s.id for s in statements if s.lesson == lesson.id and s.score is not None and s.score <= low]
            for rec in bank.lesson(lesson.id).recommendations:
                add(1, lesson.id, rec.text, rec.source, None, (lesson.score or 0, -1.0))
                for sid in mine:
                    add(1, lesson.id, rec.text, rec.source, sid, (lesson.score or 0, -1.0))
    for st in statements:
        if st.score is None or st.score > low:
            continue
        lesson = lessons[st.lesson]
        if st.score <= bottom:
            priority = 1
        elif lesson.band == "gap":
            priority = 2
        else:
            priority = 3
        lesson_score = lesson.score if lesson.score is not None else 100.0
        for rec in by_id[st.id].recommendations:
            add(priority, st.lesson, rec.text, rec.source, st.id, (lesson_score, st.score))

    ordered = sorted(found.values(), key=lambda i: (i["priority"], i["order"], i["lesson"]))
    return [
        RecommendationResult(
            priority=i["priority"],
            lesson=i["lesson"],
            text=i["text"],
            source=i["source"],
            statements=i["statements"],
        )
        for i in ordered
    ]


def warnings_for(bank: Bank, lessons: dict[str, LessonResult], continuum: ContinuumResult) -> list[str]:
    texts = bank.texts
    out = []
    ready = continuum.ready_for_name
    # An answer that does not fit the answers that bind before it: its own
    # words when the bank gives them (responsibility devolved without the
    # power to decide), otherwise the general sentence.
    given = {a.question: a for a in continuum.answers}
    questions = {q.id: q for q in bank.continuum_questions}
    where = (
        f"{continuum.option} {continuum.option_name}" if continuum.option is not None
        else joined([str(n) for n in continuum.allowed], "or")
    )
    for qid in continuum.mismatches:
        q, answer = questions.get(qid), given.get(qid)
        if q is None or answer is None:
            continue
        choice = next((o for o in q.options if o.value == answer.value), None)
        out.append(choice.mismatch if choice is not None and choice.mismatch else
                   fill(texts.placement_mismatch, about=q.about, answer=answer.label, option=where))
    if continuum.option is not None and continuum.option > continuum.ready_for:
        out.append(fill(texts.above_readiness, option=continuum.option_name, ready=ready))
    if continuum.aims_for is not None and continuum.aims_for > continuum.ready_for:
        out.append(fill(texts.aims_above_readiness, aims=continuum.aims_for_name, ready=ready))
    for lesson in lessons.values():
        if not lesson.assessed:
            out.append(fill(texts.not_assessed, lesson=lesson.name))
    return out


def board_questions(
    bank: Bank,
    lessons: dict[str, LessonResult],
    continuum: ContinuumResult,
    divergence: list[Divergence],
) -> list[str]:
    """What the meeting should discuss, most pressing first."""
    texts = bank.texts
    out: list[str] = []
    for d in divergence:
        if d.kind == "continuum" and d.question == _problem_question(bank):
            out.append(fill(texts.board_divergence_problem))
    if continuum.option is not None and continuum.option > continuum.ready_for:
        weak = [l.name for l in lessons.values() if l.band in ("gap", "watch")]
        out.append(
            fill(
                texts.board_above_readiness,
                ready=continuum.ready_for_name,
                option=continuum.option_name,
                lessons=joined(weak) or "the weaker lessons",
            )
        )
    for lesson in sorted(lessons.values(), key=lambda l: l.score or 0):
        if lesson.band == "gap":
            out.append(bank.lesson(lesson.id).board_question)
    for d in divergence:
        if d.kind == "continuum" and d.question != _problem_question(bank):
            out.append(fill(texts.board_divergence_continuum, about=d.text))
    # The widest disagreements only: a board can discuss a few, not twenty.
    statements = [d for d in divergence if d.kind == "statement"]
    for d in statements[:MAX_DIVERGENCE_QUESTIONS]:
        out.append(fill(texts.board_divergence, statement=d.text))
    for lesson in lessons.values():
        if not lesson.assessed:
            out.append(fill(texts.board_not_assessed, lesson=lesson.name))
    if continuum.option is not None and continuum.aims_for is not None and continuum.aims_for != continuum.option:
        out.append(fill(texts.aspiration_gap, option=continuum.option_name, aims=continuum.aims_for_name))
    if not any(l.band == "gap" for l in lessons.values()):
        out.append(fill(texts.board_no_gaps))
    seen: set[str] = set()
    return [q for q in out if not (q in seen or seen.add(q))]


def _problem_question(bank: Bank) -> str | None:
    """The continuum question about who defines the problem."""
    return next((q.id for q in bank.continuum_questions if q.role == "problem"), None)


def joined(items: Sequence[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or another joining word)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"

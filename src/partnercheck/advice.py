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

import re
from collections.abc import Collection, Sequence
from string import Template

from . import bands
from .bands import shown
from .scoring import band_for
from .models import (
    Bank,
    ContinuumResult,
    Divergence,
    Gap,
    LessonResult,
    Priority,
    Recommendation,
    RecommendationResult,
    StatementResult,
    Texts,
)


MAX_DIVERGENCE_QUESTIONS = 3



# Runs of white space (a folded YAML line's break among them) read as one
# space; the no-break spaces a bank sets on purpose (French « », "10 %") stay.
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def one_line(text: str) -> str:
    """Text on one line: white space collapsed, no-break spaces kept."""
    if "\u00a0" in text or "\u2007" in text or "\u202f" in text:
        return _SPACES.sub(" ", text).strip(" ")
    return " ".join(text.split())  # the usual case, and quicker (a batch fills thousands)


def fill(text: str, **values: object) -> str:
    """Fill ``$name`` placeholders; nothing else in bank text is evaluated."""
    return one_line(Template(text).safe_substitute({k: str(v) for k, v in values.items()}))


def quoted(texts: Texts, text: str | None) -> str:
    """A statement, an option or an answer quoted inside a sentence, in the
    bank's own quotation marks (its ``quoted`` text), without a closing full
    stop: one style of quotation in every report, set once by the bank."""
    said = one_line(text or "").rstrip(".")
    return fill(texts.quoted, statement=said) if said else ""


def option_in_sentence(texts: Texts, number: int, name: str | None) -> str:
    """An option of the continuum named inside a sentence: its number, and
    its name quoted as an answer is (3 “Power to decide solutions”), so no
    name's capital sits mid-sentence unmarked."""
    return f"{number} {quoted(texts, name)}" if name else str(number)


def missing_answers(bank: Bank) -> str:
    """The answers that count as missing ("Don't know"), each quoted, as a
    sentence names them."""
    labels = dict.fromkeys(o.label for scale in bank.scales for o in scale.options if o.score is None)
    return joined(bank.texts, [quoted(bank.texts, label) for label in labels], either=True)


def sentence(text: str) -> str:
    """Text that opens a sentence: its first letter a capital."""
    return text[:1].upper() + text[1:]


def in_sentence(bank: Bank, lesson_id: str, name: str | None = None) -> str:
    """A lesson's name inside a sentence, as the bank gives it
    (``name_in_sentence``: 'a shared interest').  ``name`` is the name a
    result recorded: kept as it is when the bank names the lesson otherwise
    (a result saved with another bank)."""
    try:
        lesson = bank.lesson(lesson_id)
    except KeyError:
        return name or lesson_id
    if name is not None and name != lesson.name:
        return name
    return lesson.in_sentence


def lesson_words(bank: Bank, lessons: Sequence[tuple[str, str]], key: str = "lessons", *, either: bool = False) -> dict[str, str]:
    """Lessons, as (id, name), for a bank sentence: ``$lessons`` as they read
    inside a sentence ('a shared interest and trusted relationships'), and
    ``$Lessons`` where a sentence opens with them (the first by its name:
    'A shared interest and trusted relationships').  ``key="lesson"`` for
    one lesson ($lesson, $Lesson).  Which form a sentence needs is the
    bank's to say, in its own language, not a rule about capitals here."""
    said = [in_sentence(bank, lesson_id, name) for lesson_id, name in lessons]
    opening = [name for _, name in lessons[:1]] + said[1:]
    return {key: joined(bank.texts, said, either=either), key[:1].upper() + key[1:]: joined(bank.texts, opening, either=either)}


def find_gaps(
    bank: Bank,
    lessons: dict[str, LessonResult],
    statements: list[StatementResult],
    by_pattern: Collection[str] = (),
) -> list[Gap]:
    """Lesson gaps, minority gaps (a lesson some respondent scores in the gap
    band although the combined score is not there: marked ``pattern`` for
    the lessons in ``by_pattern``, put there only by the one respondent who
    sits below the rest throughout), and statements at the bottom of the
    scale."""
    texts = bank.texts
    gaps: list[Gap] = []
    for lesson in sorted(lessons.values(), key=lambda l: (l.score is None, l.score or 0)):
        if lesson.band == "gap":
            gaps.append(
                Gap(
                    kind="lesson",
                    lesson=lesson.id,
                    score=lesson.score,
                    reason=fill(texts.gap_lesson_reason, **lesson_words(bank, [(lesson.id, lesson.name)], "lesson"), score=shown(lesson.score), band=bank.band("gap").label.lower()),
                )
            )
    for lesson in sorted(lessons.values(), key=lambda l: l.low if l.low is not None else 101):
        if is_minority_gap(bank, lesson):
            gaps.append(
                Gap(
                    kind="minority",
                    lesson=lesson.id,
                    score=lesson.low,
                    reason=fill(texts.minority_gap_reason, **lesson_words(bank, [(lesson.id, lesson.name)], "lesson"), low=shown(lesson.low), score=shown(lesson.score)),
                    pattern=lesson.id in by_pattern,
                )
            )
    for st in bottom_statements(bank, statements):
        how = fill(texts.answered_as, label=quoted(texts, st.label)) if st.label else fill(texts.scored_on_average, score=shown(st.score))
        gaps.append(
            Gap(
                kind="statement",
                lesson=st.lesson,
                statement=st.id,
                score=st.score,
                reason=fill(texts.gap_statement_reason, statement=quoted(texts, st.text), how=how),
            )
        )
    return gaps


def is_minority_gap(bank: Bank, lesson: LessonResult) -> bool:
    """Some respondent scores the lesson in the gap band; the combined score does not."""
    return lesson.band not in (None, "gap") and lesson.low is not None and band_for(bank, lesson.low) == "gap"


def bottom_statements(bank: Bank, statements: Sequence[StatementResult]) -> list[StatementResult]:
    """Statements answered at the bottom of the scale, lowest first."""
    bottom = bank.rules.statement_gap_at_most
    found = [st for st in statements if st.score is not None and st.score <= bottom]
    return sorted(found, key=lambda s: s.score or 0)


def recommend(
    bank: Bank,
    lessons: dict[str, LessonResult],
    statements: list[StatementResult],
    blocking: Sequence[str] = (),
    reach: int | None = None,
) -> list[RecommendationResult]:
    """Recommendations: a gap lesson's own (also a minority gap's), each low
    statement's, and the lessons that stand between the partnership and where
    it is or aims to be (``blocking``), even when they are only in "watch".

    ``reach`` is the highest option the partnership is at or aims for
    (:func:`reach`): a recommendation with a ``from_option`` above it is
    advice to share control that the partnership has not asked for (levels,
    not steps), and is left out."""
    bottom = bank.rules.statement_gap_at_most
    low = bank.rules.recommend_at_most
    by_id = {s.id: s for s in bank.statements}
    found: dict[tuple[str, str], dict] = {}

    def offered(recs: Sequence[Recommendation]) -> list[Recommendation]:
        return [rec for rec in recs if reach is None or rec.from_option is None or rec.from_option <= reach]

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
        if lesson.band == "gap" or is_minority_gap(bank, lesson) or lesson.id in blocking:
            mine = [s.id for s in statements if s.lesson == lesson.id and s.score is not None and s.score <= low]
            priority = 1 if lesson.band == "gap" or is_minority_gap(bank, lesson) else 2
            for rec in offered(bank.lesson(lesson.id).recommendations):
                add(priority, lesson.id, rec.text, rec.source, None, (lesson.score or 0, -1.0))
                for sid in mine:
                    add(priority, lesson.id, rec.text, rec.source, sid, (lesson.score or 0, -1.0))
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
        for rec in offered(by_id[st.id].recommendations):
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


def reach(continuum: ContinuumResult) -> int | None:
    """The highest option a partnership is at or aims for: where it is (the
    highest its answers allow, when they leave several open) or its aim,
    whichever is higher; None when neither is known."""
    here = continuum.option or (max(continuum.allowed) if continuum.allowed else None)
    known = [n for n in (here, continuum.aims_for) if n]
    return max(known) if known else None


def warnings_for(bank: Bank, lessons: dict[str, LessonResult], continuum: ContinuumResult, score: float | None = None) -> list[str]:
    texts = bank.texts
    out = []
    assessed = sum(1 for l in lessons.values() if l.assessed)
    if score is None and lessons:
        out.append(fill(texts.no_overall, assessed=assessed, total=len(lessons)))
    # An answer that does not fit the answers that bind before it: its own
    # words when the bank gives them (responsibility devolved without the
    # power to decide), otherwise the general sentence.
    given = {a.question: a for a in continuum.answers}
    questions = {q.id: q for q in bank.continuum_questions}
    where = (
        option_in_sentence(texts, continuum.option, continuum.option_name) if continuum.option is not None
        else joined(texts, [str(n) for n in continuum.allowed], either=True)
    )
    for qid in continuum.mismatches:
        q, answer = questions.get(qid), given.get(qid)
        if q is None or answer is None:
            continue
        choice = next((o for o in q.options if o.value == answer.value), None)
        out.append(choice.mismatch if choice is not None and choice.mismatch else
                   fill(texts.placement_mismatch, about=q.about, answer=quoted(texts, answer.label), option=where))
    names = {l.id: l.name for l in lessons.values()}
    blocking = lesson_words(bank, [(l, names[l]) for l in continuum.blocking if l in names])
    if continuum.ready_here == "not ready":
        out.append(fill(texts.above_readiness, option=quoted(texts, continuum.option_name), **blocking))
    elif continuum.ready_for_aim == "not ready":
        # Only an aim above where it is: levels, not steps.
        out.append(fill(texts.aims_above_readiness, aims=quoted(texts, continuum.aims_for_name), **blocking))
    # Thin evidence is one finding, not one warning per lesson.
    unassessed = [(l.id, l.name) for l in lessons.values() if not l.assessed]
    if unassessed:
        out.append(fill(texts.not_assessed, dont_know=missing_answers(bank), **lesson_words(bank, unassessed)))
    return out


def board_questions(
    bank: Bank,
    lessons: dict[str, LessonResult],
    continuum: ContinuumResult,
    divergence: list[Divergence],
    gaps: Sequence[Gap] = (),
) -> list[str]:
    """What the meeting should discuss, most pressing first: whether partners
    share a view of the problem and of who holds power; whether the
    partnership can carry where it is; the partner who is least happy; the
    gaps; what its aim would take; then disagreements and thin evidence."""
    texts = bank.texts
    names = {l.id: l.name for l in lessons.values()}
    problem = _problem_question(bank)
    out: list[str] = []
    if any(d.kind == "continuum" and d.question == problem for d in divergence):
        out.append(fill(texts.board_divergence_problem))
    # Answers on power that do not fit together: which is true?
    given = {a.question: a for a in continuum.answers}
    for qid in continuum.mismatches:
        q, answer = next((q for q in bank.continuum_questions if q.id == qid), None), given.get(qid)
        if q is not None and answer is not None:
            out.append(fill(texts.board_mismatch, about=q.about, answer=quoted(texts, answer.label)))
    if continuum.option is not None and continuum.option > continuum.ready_for:
        weak = [(l, names[l]) for l in continuum.blocking if l in names] or [
            (l.id, l.name) for l in lessons.values() if l.band is not None and not bands.at_least(l.band, "strength")]
        out.append(fill(texts.board_above_readiness, ready=quoted(texts, continuum.ready_for_name), option=quoted(texts, continuum.option_name), **lesson_words(bank, weak)))
    # The unhappy partner: without naming who.  The lessons that only the
    # respondent apart from the rest puts in the gap band are that one view,
    # asked about once (board_pattern), not once a lesson.
    for gap in gaps:
        if gap.kind == "minority" and not gap.pattern:
            out.append(fill(texts.board_minority, **lesson_words(bank, [(gap.lesson, names[gap.lesson])], "lesson")))
    if any(d.kind == "pattern" for d in divergence):
        out.append(fill(texts.board_pattern))
    for gap in gaps:
        if gap.kind == "lesson":
            out.append(bank.lesson(gap.lesson).board_question)
    option, aims = continuum.option, continuum.aims_for
    if option is not None and aims is not None and aims > option:
        changes = aim_changes(bank, continuum)
        if changes:
            out.append(fill(texts.board_aim, option=quoted(texts, continuum.option_name), aims=quoted(texts, continuum.aims_for_name), changes="; ".join(changes)))
    elif option is not None and aims is not None and aims < option:
        out.append(fill(texts.aspiration_gap, option=quoted(texts, continuum.option_name), aims=quoted(texts, continuum.aims_for_name)))
    # A statement at the very bottom of the scale belongs on the agenda.
    bottom = [g for g in gaps if g.kind == "statement" and g.statement]
    for gap in bottom[:MAX_DIVERGENCE_QUESTIONS]:
        out.append(fill(texts.board_statement_gap, statement=quoted(texts, _statement_text(bank, gap.statement))))
    roles = {q.id: q.role for q in bank.continuum_questions}
    for d in divergence:
        # (willingness to share control is an attitude: no answer is "right")
        if d.kind == "continuum" and d.question != problem and roles.get(d.question) != "control":
            out.append(fill(texts.board_divergence_continuum, about=d.text))
    # The widest disagreements only: a board can discuss a few, not twenty.
    statements = [d for d in divergence if d.kind == "statement"]
    for d in statements[:MAX_DIVERGENCE_QUESTIONS]:
        out.append(fill(texts.board_divergence, statement=quoted(texts, d.text)))
    # Too many "don't know": one finding about the partnership, not one per lesson.
    unassessed = [(l.id, l.name) for l in lessons.values() if not l.assessed]
    if unassessed:
        out.append(fill(texts.board_not_assessed, dont_know=missing_answers(bank), **lesson_words(bank, unassessed)))
    # Build on a strength only when there is one, and nothing is a gap.
    if not gaps and any(l.band == "strength" for l in lessons.values()):
        out.append(fill(texts.board_no_gaps))
    seen: set[str] = set()
    return [q for q in out if not (q in seen or seen.add(q))]


def aim_changes(bank: Bank, continuum: ContinuumResult) -> list[str]:
    """What would have to change for the partnership to work where it aims:
    each power answer that does not allow the aim, then the lessons in the way."""
    aims = continuum.aims_for
    if aims is None:
        return []
    texts = bank.texts
    given = {a.question: a for a in continuum.answers}
    out = []
    order = ("solution", "problem", "responsibility", "control")
    for q in sorted(bank.continuum_questions, key=lambda q: order.index(q.role) if q.role in order else len(order)):
        answer = given.get(q.id)
        if q.role is None or answer is None or not answer.continuum or aims in answer.continuum or q.id in continuum.mismatches:
            continue
        out.append(getattr(texts, f"change_{q.role}"))
    names = {l.id: l.name for l in bank.lessons}
    if continuum.blocking:
        out.append(fill(texts.change_lessons, **lesson_words(bank, [(l, names[l]) for l in continuum.blocking if l in names])))
    return [" ".join(c.split()) for c in out]


def _statement_text(bank: Bank, statement_id: str | None) -> str:
    return next((s.text for s in bank.statements if s.id == statement_id), statement_id or "")


def _problem_question(bank: Bank) -> str | None:
    """The continuum question about who defines the problem."""
    return next((q.id for q in bank.continuum_questions if q.role == "problem"), None)


def joined(texts: Texts, items: Sequence[str], *, either: bool = False) -> str:
    """'a', 'a and b', 'a, b and c' in the bank's words (``either``: 'a or b')."""
    if len(items) <= 1:
        return "".join(items)
    return fill(texts.list_or if either else texts.list_and, items=", ".join(items[:-1]), last=items[-1])


MAX_PRIORITIES = 3


def priorities(
    bank: Bank,
    lessons: dict[str, LessonResult],
    statements: Sequence[StatementResult],
    gaps: Sequence[Gap],
    continuum: ContinuumResult,
    recommendations: Sequence[RecommendationResult],
) -> list[Priority]:
    """The few lessons the board should act on first, most pressing first:
    lessons in the gap band (lowest first), lessons a respondent scores in the
    gap band, lessons that stand between the partnership and where it is or
    aims to be, then lessons with a statement at the very bottom of the scale.
    Each with why, the statements answered lowest and its first step."""
    texts = bank.texts
    target = continuum.option if continuum.ready_here == "not ready" else continuum.aims_for
    target_name = fill(texts.one_option, option=option_in_sentence(texts, target, continuum.options.get(target))) if target else ""
    order: list[tuple[str, str]] = []
    for g in gaps:
        lesson = lessons[g.lesson]
        if g.kind == "lesson":
            order.append((g.lesson, fill(texts.priority_why_gap, score=shown(lesson.score))))
    # The respondent apart from the rest is one priority (their lowest
    # lesson), however many lessons they put in the gap band.
    apart = next((g for g in gaps if g.kind == "minority" and g.pattern), None)
    for g in gaps:
        lesson = lessons[g.lesson]
        if g.kind == "minority" and not g.pattern:
            order.append((g.lesson, fill(texts.priority_why_minority, low=shown(lesson.low), score=shown(lesson.score))))
        elif g is apart:
            order.append((g.lesson, fill(texts.priority_why_pattern, low=shown(lesson.low), score=shown(lesson.score))))
    for lesson_id in continuum.blocking:
        order.append((lesson_id, fill(texts.priority_why_blocking, option=target_name)))
    for g in gaps:
        if g.kind == "statement":
            order.append((g.lesson, fill(texts.priority_why_statement)))
    low = bank.rules.recommend_at_most
    out: list[Priority] = []
    for lesson_id, why in order:
        if lesson_id in {p.lesson for p in out} or lesson_id not in lessons:
            continue
        first = next((r for r in recommendations if r.lesson == lesson_id), None)
        if first is None:
            continue
        mine = sorted((s for s in statements if s.lesson == lesson_id and s.score is not None and s.score <= low), key=lambda s: s.score or 0)
        out.append(Priority(lesson=lesson_id, why=why, statements=[s.id for s in mine[:3]], first_step=first.text, source=first.source))
        if len(out) == MAX_PRIORITIES:
            break
    return out

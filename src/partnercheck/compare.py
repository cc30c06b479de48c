"""Two assessments of one partnership over time.  Pure.

Per lesson the change and band move; gaps closed (each worded as closed:
"25 → 52, out of the gap band"), opened and remaining; the continuum moving,
with whether the lesson scores carry where it is before and after; the newer
assessment's own warnings (a move beyond what the scores carry is a risk, not
progress); statements whose score changed, and statements answered in one
assessment and not the other.  With an action plan, each action beside the
change in its lesson and statements (see :mod:`partnercheck.actions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from . import bands
from .advice import fill, lesson_words, option_in_sentence, quoted
from .bands import shown
from .history import Comparison, ContinuumChange, LessonChange, ScoreChange, StatementChange
from .models import BandId, Gap, Result

if TYPE_CHECKING:
    from .history import ActionPlan
    from .models import Bank


def _change(old: float | None, new: float | None) -> float | None:
    return round(new - old, 1) if old is not None and new is not None else None


def _move(old: BandId | None, new: BandId | None) -> str:
    return bands.move(old, new)


def _now(bank: Bank, sid: str) -> str:
    """The id a statement is lined up by: the statement that asks it now, or
    its own id when nothing does or it is now a continuum question."""
    return bank.lined_up_as(sid)


def _gap_key(g: Gap, bank: Bank) -> tuple[str, str, str | None]:
    return (g.kind, g.lesson, _now(bank, g.statement) if g.statement else None)


def compare(
    old: Result,
    new: Result,
    *,
    bank: Bank | None = None,
    plan: ActionPlan | None = None,
) -> Comparison:
    """What moved from ``old`` to ``new``, in the words of ``bank`` (the
    shipped bank when none is given).  Statements an older bank asked under
    another id are lined up by the bank's map of earlier ids (``renamed``);
    a statement nothing asks any more is listed as answered only before, and
    one the bank now asks as a continuum question is said not to compare,
    never dropped in silence.
    A gap of the older assessment is closed only when the newer one shows it
    out of the gap band; one the newer cannot see (not assessed, not answered)
    is listed as not known to be closed."""
    if bank is None:
        from .bank import load_bank

        bank = load_bank()
    t = bank.texts
    gap_word = bank.band("gap").label.lower()

    lessons = {}
    for lesson_id, n in new.lessons.items():
        o = old.lessons.get(lesson_id)
        lessons[lesson_id] = LessonChange(
            id=lesson_id,
            name=n.name,
            old=o.score if o else None,
            new=n.score,
            change=_change(o.score if o else None, n.score),
            old_band=o.band if o else None,
            new_band=n.band,
            band_move=_move(o.band if o else None, n.band),  # type: ignore[arg-type]
        )

    old_gaps = {_gap_key(g, bank): g for g in old.gaps}
    new_gaps = {_gap_key(g, bank): g for g in new.gaps}

    old_st = {_now(bank, s.id): s for s in old.statements}
    new_st = {_now(bank, s.id): s for s in new.statements}
    changed = []
    for sid, n in new_st.items():
        o = old_st.get(sid)
        if o is None or o.score is None or n.score is None:
            continue
        if o.score != n.score:
            changed.append(StatementChange(id=sid, lesson=n.lesson, text=n.text, old=o.score, new=n.score, change=_change(o.score, n.score)))
    changed.sort(key=lambda c: -abs(c.change or 0))
    answered_old = {sid for sid, s in old_st.items() if s.score is not None}
    answered_new = {sid for sid, s in new_st.items() if s.score is not None}
    # answered in one as a statement, asked in the other as a continuum question
    moved_out = [sid for sid in sorted(answered_old ^ answered_new) if bank.moved_out(sid)]
    answered_old -= set(moved_out)
    answered_new -= set(moved_out)

    # Gaps gone from the newer assessment: closed, each in words, or not
    # known to be closed when the newer assessment cannot show it.
    closed, closed_words, unclear = [], [], []
    for key, g in old_gaps.items():
        if key in new_gaps:
            continue
        if g.kind == "minority" and ("lesson", g.lesson, None) in new_gaps:
            # Not closed: the whole partnership now scores the lesson in the
            # gap band (a lesson gap, among the gaps opened).
            continue
        said = _closed(g, bank, new, new_st, t, gap_word)
        if said is None:
            unclear.append(g)
        else:
            closed.append(g)
            closed_words.append(said)

    warnings = []
    if old.bank != new.bank:
        warnings.append(fill(t.compare_banks, old=f"{old.bank.name} {old.bank.version}", new=f"{new.bank.name} {new.bank.version}"))
    if old.date and new.date and old.date > new.date:
        warnings.append(fill(t.compare_dates_reversed))
    if old.respondents != new.respondents:
        warnings.append(fill(t.compare_respondents, old=old.respondents, new=new.respondents))
    oc, nc = old.continuum, new.continuum
    if oc.option and nc.option and nc.option > oc.option and nc.ready_here == "not ready":
        # Moving along the continuum beyond what the scores carry is no progress to report plainly.
        warnings.append(fill(t.compare_moved_beyond, old=fill(t.one_option, option=option_in_sentence(t, oc.option, oc.option_name)),
                             new=fill(t.one_option, option=option_in_sentence(t, nc.option, nc.option_name))))
    # The lessons only the one respondent apart from the rest put in the gap
    # band are one view (DOMAIN.md): one warning naming them, where the first
    # would be.
    apart = [g for g in unclear if g.kind == "minority" and g.pattern]
    for g in unclear:
        if g.kind == "statement" and g.statement in moved_out:
            continue  # said once, below: it cannot be compared
        if g not in apart:
            warnings.append(_unclear(g, bank, new, old_st, gap_word))
        elif g is apart[0]:
            named = [(x.lesson, (new.lessons.get(x.lesson) or old.lessons.get(x.lesson) or x).name if x.lesson in new.lessons or x.lesson in old.lessons else x.lesson)
                     for x in apart]
            warnings.append(fill(t.gap_unclear_pattern, **lesson_words(bank, named), band=gap_word))
    for sid in moved_out:
        warnings.append(fill(t.statement_moved_out, statement=quoted(t, (old_st.get(sid) or new_st[sid]).text)))
    # The newer assessment's own warnings hold for the comparison too.
    warnings += [w for w in new.warnings if w not in warnings]

    comparison = Comparison(
        partnership=new.partnership,
        old_date=old.date,
        new_date=new.date,
        old_respondents=old.respondents,
        new_respondents=new.respondents,
        score=ScoreChange(old=old.score, new=new.score, change=_change(old.score, new.score)),
        lessons=lessons,
        continuum=ContinuumChange(
            old_option=oc.option,
            new_option=nc.option,
            old_ready_for=oc.ready_for,
            new_ready_for=nc.ready_for,
            old_aims_for=oc.aims_for,
            new_aims_for=nc.aims_for,
            old_ready_here=oc.ready_here,
            new_ready_here=nc.ready_here,
            old_ready_for_aim=oc.ready_for_aim,
            new_ready_for_aim=nc.ready_for_aim,
        ),
        options=nc.options or oc.options,
        bands=new.bands or old.bands,
        gaps_closed=closed,
        gaps_opened=[g for k, g in new_gaps.items() if k not in old_gaps],
        gaps_remaining=[g for k, g in new_gaps.items() if k in old_gaps],
        statements_changed=changed,
        only_in_old=sorted(answered_old - answered_new),
        only_in_new=sorted(answered_new - answered_old),
        warnings=warnings,
        disclaimer=new.disclaimer,
        gaps_closed_words=closed_words,
    )
    if plan is not None:
        from .actions import review

        comparison.actions = review(plan, old, new, bank)
    return comparison


def _closed(g: Gap, bank: Bank, new: Result, new_st: Mapping, t, gap_word: str) -> str | None:  # type: ignore[no-untyped-def]
    """A closed gap in words; None when the newer assessment cannot show it closed."""
    lesson = new.lessons.get(g.lesson)
    if g.kind == "lesson":
        if lesson is None or lesson.score is None or g.score is None:
            return None
        return fill(t.gap_closed_lesson, old=shown(g.score), new=shown(lesson.score), band=gap_word)
    if g.kind == "statement":
        st = new_st.get(_now(bank, g.statement or ""))
        if st is None or st.score is None:
            return None
        return fill(t.gap_closed_statement, statement=quoted(t, st.text), new=shown(st.score))
    # minority: only a combined assessment can show every respondent out of the gap band
    if lesson is None or lesson.low is None or new.respondents < 2:
        return None
    return fill(t.gap_closed_minority, low=shown(lesson.low), band=gap_word)


def _unclear(g: Gap, bank: Bank, new: Result, old_st: Mapping, gap_word: str) -> str:
    """A gap the newer assessment cannot show closed, in words."""
    t = bank.texts
    lesson = lesson_words(bank, [(g.lesson, new.lessons[g.lesson].name if g.lesson in new.lessons else g.lesson)], "lesson")
    if g.kind == "statement":
        sid = _now(bank, g.statement or "")
        st = old_st.get(sid)
        return fill(t.gap_unclear_statement, statement=quoted(t, st.text if st else sid))
    if g.kind == "minority":
        return fill(t.gap_unclear_minority, **lesson, band=gap_word)
    return fill(t.gap_unclear_lesson, **lesson, band=gap_word)

"""Two assessments of one partnership over time.  Pure.

Per lesson the change and band move; gaps closed, opened and remaining; the
continuum moving; statements whose score changed, and statements answered in
one assessment and not the other.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import bands
from .models import BandId, Comparison, ContinuumChange, Gap, LessonChange, Result, ScoreChange, StatementChange


def _change(old: float | None, new: float | None) -> float | None:
    return round(new - old, 1) if old is not None and new is not None else None


def _move(old: BandId | None, new: BandId | None) -> str:
    return bands.move(old, new)


def _gap_key(g: Gap, renamed: Mapping[str, str | None] = {}) -> tuple[str, str, str | None]:
    return (g.kind, g.lesson, renamed.get(g.statement, g.statement) if g.statement else None)


def compare(old: Result, new: Result, renamed: Mapping[str, str | None] = {}) -> Comparison:
    """What moved from ``old`` to ``new``.  ``renamed`` (the bank's map of
    earlier question ids) lines up statements an older bank asked under
    another id; a statement nothing asks any more is listed as answered only
    before, never dropped in silence."""
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

    old_gaps = {_gap_key(g, renamed): g for g in old.gaps}
    new_gaps = {_gap_key(g): g for g in new.gaps}

    old_st = {(renamed.get(s.id) or s.id): s for s in old.statements}
    new_st = {s.id: s for s in new.statements}
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

    warnings = []
    if old.bank != new.bank:
        warnings.append(
            f"The two assessments used different question banks ({old.bank.name} {old.bank.version}; "
            f"{new.bank.name} {new.bank.version}): compare lesson scores with care."
        )
    if old.date and new.date and old.date > new.date:
        warnings.append("The 'old' assessment is dated after the 'new' one: were the files given in the right order?")
    if old.respondents != new.respondents:
        warnings.append(
            f"Different numbers of respondents ({old.respondents} then {new.respondents}): some movement may "
            "come from who answered rather than from the partnership."
        )

    return Comparison(
        partnership=new.partnership,
        old_date=old.date,
        new_date=new.date,
        old_respondents=old.respondents,
        new_respondents=new.respondents,
        score=ScoreChange(old=old.score, new=new.score, change=_change(old.score, new.score)),
        lessons=lessons,
        continuum=ContinuumChange(
            old_option=old.continuum.option,
            new_option=new.continuum.option,
            old_ready_for=old.continuum.ready_for,
            new_ready_for=new.continuum.ready_for,
            old_aims_for=old.continuum.aims_for,
            new_aims_for=new.continuum.aims_for,
        ),
        options=new.continuum.options or old.continuum.options,
        bands=new.bands or old.bands,
        gaps_closed=[g for k, g in old_gaps.items() if k not in new_gaps],
        gaps_opened=[g for k, g in new_gaps.items() if k not in old_gaps],
        gaps_remaining=[g for k, g in new_gaps.items() if k in old_gaps],
        statements_changed=changed,
        only_in_old=sorted(answered_old - answered_new),
        only_in_new=sorted(answered_new - answered_old),
        warnings=warnings,
        disclaimer=new.disclaimer,
    )

"""Several respondents of one partnership: divergence and group breakdowns.

Pure functions.  Respondents are never named here: divergence is reported by
question, and breakdowns by organisation only for groups of at least
``min_group`` respondents, so that no one's answers can be picked out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .continuum import chosen
from .models import Answers, Bank, Divergence, GroupBreakdown, StatementResult
from .scoring import overall_score, score_lessons, score_statements


def divergence(bank: Bank, responses: Sequence[Answers], statements: Sequence[StatementResult]) -> list[Divergence]:
    """Statements where respondents are far apart; continuum questions they answer differently."""
    if len(responses) < 2:
        return []
    out: list[Divergence] = []
    points = bank.rules.divergence_points
    for st in sorted(statements, key=lambda s: -(s.spread or 0)):
        if st.spread is not None and st.spread >= points:
            counts: dict[str, int] = {}
            for r in responses:
                v = r.answers.get(st.id)
                if v is not None:
                    counts[v] = counts.get(v, 0) + 1
            out.append(
                Divergence(
                    question=st.id,
                    kind="statement",
                    text=st.text,
                    spread=st.spread,
                    counts=counts,
                    reason=f"answers are {st.spread} points apart on the scale",
                )
            )
    for q in bank.continuum_questions:
        _, counts = chosen(q, responses)
        ruling = {v: n for v, n in counts.items() if next(o for o in q.options if o.value == v).continuum}
        if len(ruling) > 1:
            labels = {o.value: o.label for o in q.options}
            out.append(
                Divergence(
                    question=q.id,
                    kind="continuum",
                    text=q.about,
                    counts=dict(counts),
                    reason="respondents differ on " + q.about + ": " + "; ".join(f"{labels[v]} ({n})" for v, n in sorted(ruling.items(), key=lambda i: -i[1])),
                )
            )
    return out


def groups(bank: Bank, responses: Sequence[Answers], min_group: int) -> list[GroupBreakdown]:
    """Scores by organisation, only for organisations with at least ``min_group`` respondents."""
    by_org: dict[str, list[Answers]] = defaultdict(list)
    for r in responses:
        if r.organisation:
            by_org[r.organisation].append(r)
    out = []
    for org in sorted(by_org):
        members = by_org[org]
        if len(members) < max(min_group, 1):
            continue
        lessons = score_lessons(bank, score_statements(bank, members))
        out.append(
            GroupBreakdown(
                organisation=org,
                respondents=len(members),
                score=overall_score(lessons),
                lessons={k: v.score for k, v in lessons.items()},
            )
        )
    return out


def hidden_groups(responses: Sequence[Answers], min_group: int) -> int:
    """How many organisations were too small to show."""
    counts: dict[str, int] = defaultdict(int)
    for r in responses:
        if r.organisation:
            counts[r.organisation] += 1
    return sum(1 for n in counts.values() if n < min_group)

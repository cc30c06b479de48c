"""The result as CommonMark with GFM tables, readable as plain text.

Everything that comes from a file (names, notes, and the bank's own words,
which a custom bank may change) goes through :func:`md`, so it cannot break a
table, open a code block, start a list or inject HTML.
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Result
from . import band_label, clean, people, score_text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


def md(text: str | None) -> str:
    """User or bank text as inert Markdown inline text, on one line."""
    return _SPECIAL.sub(r"\\\1", clean(text)).strip()


def bar(score: float | None, width: int = 10) -> str:
    if score is None:
        return "-" * width
    filled = round(score / 100 * width)
    return "#" * filled + "." * (width - filled)


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["l"] * len(header)
    rule = {"l": "---", "r": "---:", "c": ":---:"}
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule[a] for a in align) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def render(result: Result, *, charts: dict[str, str] | None = None, **_: Any) -> str:
    lessons = result.lessons
    c = result.continuum
    out: list[str] = [f"# Partnership assessment: {md(result.partnership)}", ""]

    facts = [
        ["Date", md(result.date.isoformat()) if result.date else "not given"],
        ["Answered by", md(people(result))],
        ["Respondents", str(result.respondents)],
        ["Overall score", f"{score_text(result.score)} / 100 ({band_label(result.band)})"],
        ["Where it is", f"{c.option} {md(c.option_name)}" if c.option else "not placed"],
        ["Ready for", f"{c.ready_for} {md(c.ready_for_name)}"],
        ["Aims for", f"{c.aims_for} {md(c.aims_for_name)}" if c.aims_for else "not asked or not answered"],
        ["Question bank", f"{md(result.bank.name)} {md(result.bank.version)}"],
    ]
    out += _table(["Item", "Value"], facts)
    out.append("")

    if result.warnings:
        out += ["## Warnings", ""]
        out += [f"- **Warning:** {md(w)}" for w in result.warnings]
        out.append("")

    if charts and "lessons" in charts:
        out += [f"![Lesson scores with the band thresholds]({charts['lessons']})", ""]

    out += ["## Lessons", ""]
    rows = []
    for lesson in lessons.values():
        rows.append(
            [
                md(lesson.name),
                score_text(lesson.score),
                f"`{bar(lesson.score)}`",
                band_label(lesson.band),
                f"{lesson.answered} of {lesson.statements}",
            ]
        )
    out += _table(["Lesson", "Score", "Bar", "Band", "Answered"], rows, ["l", "r", "l", "l", "r"])
    if result.bands:
        b = result.bands
        out += [
            "",
            f"Bands: Strength {b.get('strength', 0):.0f} and above; Watch {b.get('watch', 0):.0f} "
            f"to {b.get('strength', 0) - 1:.0f}; Gap below {b.get('watch', 0):.0f}.",
        ]
    out.append("")

    out += ["## The continuum", ""]
    if charts and "continuum" in charts:
        out += [f"![Where the partnership is on the continuum]({charts['continuum']})", ""]
    rows = []
    for number, name in sorted(c.options.items()):
        marks = [
            "**here**" if c.option == number else "",
            "**ready**" if c.ready_for == number else "",
            "**aim**" if c.aims_for == number else "",
        ]
        rows.append([str(number), md(name), *marks])
    out += _table(["Option", "Name", "Is here", "Ready for", "Aims for"], rows, ["r", "l", "c", "c", "c"])
    out.append("")
    out += [f"- {md(line)}" for line in c.rationale + c.readiness_rationale]
    out.append("")

    out += ["## Gaps", ""]
    if result.gaps:
        for gap in result.gaps:
            what = "Lesson" if gap.kind == "lesson" else "Statement"
            out.append(f"- **{what} gap, {md(lessons[gap.lesson].name)}:** {md(gap.reason)}")
    else:
        out.append("No lesson is in the gap band and no statement is at the bottom of the scale.")
    out.append("")

    out += ["## Recommendations", ""]
    if result.recommendations:
        for i, rec in enumerate(result.recommendations, 1):
            raised = ", ".join(f"`{s}`" for s in rec.statements) or "the lesson score"
            out.append(
                f"{i}. **{md(lessons[rec.lesson].name)}** (priority {rec.priority}): {md(rec.text)} "
                f"*Raised by {raised}; source: {md(rec.source)}.*"
            )
    else:
        out.append("No statement was answered low enough to raise a recommendation.")
    out.append("")

    out += ["## Questions for the board", ""]
    out += [f"{i}. {md(q)}" for i, q in enumerate(result.board_questions, 1)]
    out.append("")

    if result.divergence:
        out += ["## Where partners diverge", ""]
        rows = []
        for d in result.divergence:
            answers = ", ".join(f"{md(v)}: {n}" for v, n in sorted(d.counts.items()))
            rows.append([f"`{d.question}`", md(d.text), md(d.reason), answers])
        out += _table(["Question", "About", "Why it is listed", "Answers (count)"], rows)
        out.append("")

    if result.groups:
        out += ["## By organisation", ""]
        header = ["Organisation", "Respondents", "Overall"] + [md(l.name) for l in lessons.values()]
        rows = [
            [md(g.organisation), str(g.respondents), score_text(g.score)]
            + [score_text(g.lessons.get(k)) for k in lessons]
            for g in result.groups
        ]
        out += _table(header, rows, ["l"] + ["r"] * (len(header) - 1))
        out.append("")

    out += ["## Answers in detail", ""]
    many = result.respondents > 1
    for lesson in lessons.values():
        out += [f"### {md(lesson.name)}", ""]
        rows = []
        for st in (s for s in result.statements if s.lesson == lesson.id):
            if many:
                answer = f"{st.answered} answered, {st.dont_know} don't know"
                if st.spread is not None:
                    answer += f", spread {st.spread}"
            else:
                answer = md(st.label) or "not answered"
            notes = "; ".join(md(n) for n in st.notes)
            rows.append([md(st.text), answer, score_text(st.score), notes])
        out += _table(["Statement", "Answer", "Score", "Notes"], rows, ["l", "l", "r", "l"])
        out.append("")

    out += ["---", "", f"*{md(result.disclaimer)}*", ""]
    return "\n".join(out)

"""The result as CommonMark with GFM tables, readable as plain text.

Everything that comes from a file (names, notes, and the bank's own words,
which a custom bank may change) goes through :func:`md`, so it cannot break a
table, open a code block, start a list or inject HTML.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..models import Comparison, Result
from . import answer_text, band_label, change_text, clean, people, score_text

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")


@lru_cache(maxsize=4096)  # bank texts repeat in every report of a batch
def md(text: str | None) -> str:
    """User or bank text as inert Markdown inline text, on one line."""
    return _SPECIAL.sub(r"\\\1", clean(text)).strip()


def code(text: str) -> str:
    """A file name or id as a code span, when it is plain enough to be one."""
    return f"`{text}`" if re.fullmatch(r"[\w.-]+", text) else md(text)


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


def render(result: Result | Comparison, *, charts: dict[str, str] | None = None, **_: Any) -> str:
    if isinstance(result, Comparison):
        return render_comparison(result, charts=charts)
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
                f"*Raised by {raised}; source: {code(rec.source)}.*"
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
            notes = "; ".join(md(n) for n in st.notes)
            rows.append([md(st.text), md(answer_text(st, many)), score_text(st.score), notes])
        out += _table(["Statement", "Answer", "Score", "Notes"], rows, ["l", "l", "r", "l"])
        out.append("")

    out += ["---", "", f"*{md(result.disclaimer)}*", ""]
    return "\n".join(out)


def _opt(c: Comparison, number: int | None) -> str:
    return f"{number} {md(c.options.get(number, ''))}".strip() if number else "not placed"


def render_comparison(c: Comparison, *, charts: dict[str, str] | None = None) -> str:
    def when(d: Any) -> str:
        return d.isoformat() if d else "undated"

    out = [f"# What moved: {md(c.partnership)}", ""]
    out += _table(
        ["Item", "Before", "After", "Change"],
        [
            ["Date", when(c.old_date), when(c.new_date), ""],
            ["Respondents", str(c.old_respondents), str(c.new_respondents), ""],
            ["Overall score", score_text(c.score.old), score_text(c.score.new), change_text(c.score.old, c.score.new)],
            ["Where it is", _opt(c, c.continuum.old_option), _opt(c, c.continuum.new_option), ""],
            ["Ready for", _opt(c, c.continuum.old_ready_for), _opt(c, c.continuum.new_ready_for), ""],
            ["Aims for", _opt(c, c.continuum.old_aims_for), _opt(c, c.continuum.new_aims_for), ""],
        ],
        ["l", "l", "l", "r"],
    )
    out.append("")
    if c.warnings:
        out += ["## Warnings", ""] + [f"- **Warning:** {md(w)}" for w in c.warnings] + [""]
    if charts and "lessons" in charts:
        out += [f"![Lesson scores before and after]({charts['lessons']})", ""]
    out += ["## Lessons", ""]
    rows = [
        [md(l.name), score_text(l.old), score_text(l.new), change_text(l.old, l.new),
         f"{band_label(l.old_band)} to {band_label(l.new_band)}" if l.band_move != "same" else band_label(l.new_band),
         l.band_move]
        for l in c.lessons.values()
    ]
    out += _table(["Lesson", "Before", "After", "Change", "Band", "Move"], rows, ["l", "r", "r", "r", "l", "l"])
    out.append("")

    def gaps(title: str, items: list, empty: str) -> list[str]:
        lines = [f"## {title}", ""]
        if not items:
            return lines + [empty, ""]
        for g in items:
            what = "Lesson" if g.kind == "lesson" else "Statement"
            lines.append(f"- **{what}, {md(c.lessons[g.lesson].name if g.lesson in c.lessons else g.lesson)}:** {md(g.reason)}")
        return lines + [""]

    out += gaps("Gaps closed", c.gaps_closed, "None.")
    out += gaps("Gaps opened", c.gaps_opened, "None.")
    out += gaps("Gaps remaining", c.gaps_remaining, "None.")
    out += ["## Statements that moved most", ""]
    if c.statements_changed:
        rows = [[md(s.text), score_text(s.old), score_text(s.new), change_text(s.old, s.new)] for s in c.statements_changed[:10]]
        out += _table(["Statement", "Before", "After", "Change"], rows, ["l", "r", "r", "r"])
    else:
        out.append("No statement's score changed.")
    out.append("")
    if c.only_in_old or c.only_in_new:
        out += ["## Answered in one and not the other", ""]
        out += [f"- Only before: `{s}`" for s in c.only_in_old]
        out += [f"- Only after: `{s}`" for s in c.only_in_new]
        out.append("")
    out += ["---", "", f"*{md(c.disclaimer)}*", ""]
    return "\n".join(out)

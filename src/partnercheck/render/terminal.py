"""The result as a Rich report for the terminal.

User text is always put in ``Text`` objects (never parsed as markup) after
:func:`~partnercheck.render.clean` has removed control characters.  Bands are
shown as words beside their colours, so the report reads without colour.
"""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..models import Comparison, Result
from . import band_label, clean, people, score_text, shown_change

BAND_STYLE = {"strength": "green", "watch": "yellow", "gap": "red", None: "dim"}
BAR_WIDTH = 20


def t(text: str | None, style: str = "") -> Text:
    return Text(clean(text), style=style)


def bar(score: float | None, band: str | None, width: int = BAR_WIDTH) -> Text:
    if score is None:
        return Text("·" * width, style="dim")
    filled = round(score / 100 * width)
    out = Text("█" * filled, style=BAND_STYLE[band])
    out.append("░" * (width - filled), style="dim")
    return out


def band_text(band: str | None) -> Text:
    return Text(band_label(band), style=f"bold {BAND_STYLE[band]}")


def continuum_line(result: Result) -> Table:
    """The five options as a line, with where the partnership is, is ready for and aims."""
    c = result.continuum
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1), expand=True)
    table.add_column(width=10, no_wrap=True)
    for _ in c.options:
        table.add_column(ratio=1, justify="center")
    names = [Text(f"{n}\n{clean(name)}", style="bold") for n, name in sorted(c.options.items())]
    table.add_row(Text(""), *names)
    line = []
    for n in sorted(c.options):
        mark = "●" if n == c.option else "○"
        line.append(Text(f"──{mark}──", style="bold cyan" if n == c.option else "dim"))
    table.add_row(Text(""), *line)
    for label, value, style in (
        ("is here", c.option, "bold cyan"),
        ("ready for", c.ready_for, "bold green"),
        ("aims for", c.aims_for, "bold magenta"),
    ):
        cells = [Text("▲" if n == value else "", style=style) for n in sorted(c.options)]
        table.add_row(Text(label, style="dim"), *cells)
    return table


def spread_text(low: float | None, high: float | None) -> Text:
    """A lesson's range between respondents, lowest to highest."""
    if low is None or high is None:
        return Text("n/a", style="dim")
    return Text(f"{score_text(low)}-{score_text(high)}")


def lessons_table(result: Result, width: int | None = None) -> Table:
    """Score, bar and band word per lesson; the respondents' range when combined.

    Given the console ``width``, the bars shrink so that the lesson names keep
    to one line; on a very narrow screen they go, and the score and band word
    stay.
    """
    table = _lessons_table(result, BAR_WIDTH)
    if width is not None:
        needed = Console(width=1000, file=io.StringIO()).measure(table).maximum
        if needed > width:
            shrunk = BAR_WIDTH - (needed - width)
            table = _lessons_table(result, shrunk if shrunk >= 6 else 0)
    return table


def _lessons_table(result: Result, bar_width: int) -> Table:
    many = result.respondents > 1
    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column("Lesson", no_wrap=False, min_width=18)
    table.add_column("Score", justify="right")
    if bar_width:
        table.add_column("", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    if many:
        table.add_column("Range", justify="right", no_wrap=True)
    table.add_column("Answered", justify="right", no_wrap=True)
    for lesson in result.lessons.values():
        cells = [t(lesson.name), Text(score_text(lesson.score))]
        if bar_width:
            cells.append(bar(lesson.score, lesson.band, bar_width))
        cells.append(band_text(lesson.band))
        if many:
            cells.append(spread_text(lesson.low, lesson.high))
        cells.append(Text(f"{lesson.answered}/{lesson.statements}"))
        table.add_row(*cells)
    return table


def header(result: Result) -> RenderableType:
    title = Text("Partnership assessment: ", style="bold")
    title.append(clean(result.partnership), style="bold cyan")
    facts = Text()
    facts.append("Date: ", style="dim")
    facts.append(result.date.isoformat() if result.date else "not given")
    facts.append("   Answered by: ", style="dim")
    facts.append(people(result))
    facts.append("   Respondents: ", style="dim")
    facts.append(str(result.respondents))
    overall = Text("Overall: ", style="bold")
    overall.append(f"{score_text(result.score)}/100 ")
    overall.append_text(band_text(result.band))
    overall.append("  ")
    overall.append_text(bar(result.score, result.band))
    return Group(title, facts, overall)


def section(title: str) -> Rule:
    return Rule(Text(title, style="bold"), align="left", style="dim")


def renderables(result: Result, width: int | None = None) -> list[RenderableType]:
    lessons = result.lessons
    c = result.continuum
    parts: list[RenderableType] = [header(result), Text("")]

    for w in result.warnings:
        parts.append(Padding(Text.assemble(("! ", "bold yellow"), clean(w)), (0, 0, 0, 0)))
    if result.warnings:
        parts.append(Text(""))

    parts += [section("The continuum"), continuum_line(result)]
    for line in c.rationale + c.readiness_rationale:
        parts.append(Padding(Text.assemble(("• ", "dim"), clean(line)), (0, 0, 0, 2)))
    parts.append(Text(""))

    parts += [section("Lessons"), lessons_table(result, width)]
    if result.bands:
        b = result.bands
        parts.append(
            Text(
                f"Bands: Strength {b.get('strength', 0):.0f}+  Watch {b.get('watch', 0):.0f}-"
                f"{b.get('strength', 0) - 1:.0f}  Gap below {b.get('watch', 0):.0f}",
                style="dim",
            )
        )
    if result.respondents > 1:
        parts.append(Text("Range: the lowest and highest respondent's score for the lesson.", style="dim"))
    parts.append(Text(""))

    parts.append(section("Gaps"))
    if result.gaps:
        for gap in result.gaps:
            what = "Lesson gap" if gap.kind == "lesson" else "Statement gap"
            line = Text.assemble((f"{what}, ", "bold red"), (clean(lessons[gap.lesson].name), "bold"), ": ", clean(gap.reason))
            parts.append(Padding(line, (0, 0, 0, 2)))
    else:
        parts.append(Padding(Text("No lesson in the gap band and no statement at the bottom of the scale."), (0, 0, 0, 2)))
    parts.append(Text(""))

    parts.append(section("Recommendations"))
    if result.recommendations:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for i, rec in enumerate(result.recommendations, 1):
            line = Text.assemble(
                (f"[P{rec.priority}] ", "bold red" if rec.priority == 1 else "bold yellow"),
                (clean(lessons[rec.lesson].name), "bold"),
                ": ",
                clean(rec.text),
            )
            raised = ", ".join(rec.statements) or "the lesson score"
            detail = Text(f"raised by {raised}; source: {clean(rec.source)}", style="dim")
            grid.add_row(Text(f"{i}.", style="bold"), Group(line, detail))
        parts.append(Padding(grid, (0, 0, 0, 1)))
    else:
        parts.append(Padding(Text("No statement was answered low enough to raise a recommendation."), (0, 0, 0, 2)))
    parts.append(Text(""))

    if result.divergence:
        parts.append(section("Where partners diverge"))
        for d in result.divergence:
            parts.append(Padding(Text.assemble((clean(d.text), "bold"), " — ", clean(d.reason)), (0, 0, 0, 2)))
        parts.append(Text(""))

    if result.groups:
        parts.append(section("By organisation"))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        table.add_column("Organisation")
        table.add_column("n", justify="right")
        table.add_column("Overall", justify="right")
        for g in result.groups:
            table.add_row(t(g.organisation), str(g.respondents), score_text(g.score))
        parts += [table, Text("")]

    questions = Group(*(Text.assemble((f"{i}. ", "bold"), clean(q)) for i, q in enumerate(result.board_questions, 1)))
    parts.append(Panel(questions, title=Text("Questions for the board", style="bold"), title_align="left", border_style="cyan", box=box.ROUNDED))
    parts.append(Text(""))
    parts.append(Text(clean(result.disclaimer), style="italic"))
    return parts


def comparison_renderables(c: Comparison) -> list[RenderableType]:
    def opt(n: int | None) -> str:
        return f"{n} {clean(c.options.get(n, ''))}" if n else "not placed"

    def signed(v: float | None) -> Text:
        if v is None:
            return Text("n/a", style="dim")
        return Text(f"{v:+d}", style="green" if v > 0 else "red" if v < 0 else "")

    title = Text("What moved: ", style="bold")
    title.append(clean(c.partnership), style="bold cyan")
    when = Text(f"{c.old_date or 'undated'} ({c.old_respondents} respondent(s))  →  {c.new_date or 'undated'} ({c.new_respondents} respondent(s))", style="dim")
    overall = Text("Overall: ", style="bold")
    overall.append(f"{score_text(c.score.old)} → {score_text(c.score.new)}  ")
    overall.append_text(signed(shown_change(c.score.old, c.score.new)))
    parts: list[RenderableType] = [title, when, overall, Text("")]
    for w in c.warnings:
        parts.append(Text.assemble(("! ", "bold yellow"), clean(w)))
    parts.append(section("Continuum"))
    for label, a, b in (
        ("is here", "old_option", "new_option"),
        ("ready for", "old_ready_for", "new_ready_for"),
        ("aims for", "old_aims_for", "new_aims_for"),
    ):
        parts.append(Text(f"  {label:<10} {opt(getattr(c.continuum, a))}  →  {opt(getattr(c.continuum, b))}"))
    parts += [Text(""), section("Lessons")]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col, justify in (("Lesson", "left"), ("Before", "right"), ("After", "right"), ("Change", "right"), ("Band", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for l in c.lessons.values():
        band = band_text(l.new_band)
        if l.band_move in ("up", "down"):
            band = Text.assemble(band_text(l.old_band), " → ", band_text(l.new_band))
        table.add_row(t(l.name), score_text(l.old), score_text(l.new), signed(shown_change(l.old, l.new)), band)
    parts.append(table)
    for title_text, gaps in (("Gaps closed", c.gaps_closed), ("Gaps opened", c.gaps_opened), ("Gaps remaining", c.gaps_remaining)):
        parts.append(section(title_text))
        if not gaps:
            parts.append(Padding(Text("None."), (0, 0, 0, 2)))
        for g in gaps:
            parts.append(Padding(Text(clean(g.reason)), (0, 0, 0, 2)))
        parts.append(Text(""))
    if c.statements_changed:
        parts.append(section("Statements that moved most"))
        for s in c.statements_changed[:10]:
            parts.append(Padding(Text.assemble(signed(shown_change(s.old, s.new)), "  ", clean(s.text)), (0, 0, 0, 2)))
        parts.append(Text(""))
    if c.only_in_old or c.only_in_new:
        parts.append(section("Answered in one and not the other"))
        parts += [Padding(Text(f"only before: {s}"), (0, 0, 0, 2)) for s in c.only_in_old]
        parts += [Padding(Text(f"only after: {s}"), (0, 0, 0, 2)) for s in c.only_in_new]
        parts.append(Text(""))
    parts.append(Text(clean(c.disclaimer), style="italic"))
    return parts


def render(result: Result | Comparison, *, color: bool = False, width: int = 100, **_: Any) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    parts = comparison_renderables(result) if isinstance(result, Comparison) else renderables(result, width)
    for part in parts:
        console.print(part)
    return buffer.getvalue()

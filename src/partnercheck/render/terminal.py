"""The report view as a Rich report for the terminal.

Text is always put in ``Text`` objects (never parsed as markup); the view has
already removed control characters.  Bands are shown as words beside their
colours, so the report reads without colour.  Without colour, lines carry no
trailing spaces.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text

from .formats import Rendered, RenderOptions
from .report import Figure, Item, Items, Legend, Note, ReportView, Section, Span, Table

BAND_STYLE = {"strength": "green", "watch": "yellow", "gap": "red", "none": "dim", None: "dim"}
TAG_STYLE = {"gap": "bold red", "p1": "bold red", "p2": "bold yellow", "closed": "bold green", "opened": "bold red"}
BAR_WIDTH = 20
_JUSTIFY = {"left": "left", "right": "right", "center": "center"}


def text(spans: tuple[Span, ...], style: str = "") -> Text:
    out = Text(style=style)
    for s in spans:
        if s.band is not None:
            out.append(s.text, style=f"bold {BAND_STYLE.get(s.band, '')}")
        elif s.change is not None:
            out.append(s.text, style="green" if s.change > 0 else "red" if s.change < 0 else "")
        elif s.muted:
            out.append(s.text, style="dim")
        elif s.strong:
            out.append(s.text, style="bold")
        else:
            out.append(s.text)
    return out


def bar(score: float | None, band: str | None, width: int = BAR_WIDTH) -> Text:
    if score is None:
        return Text("·" * width, style="dim")
    filled = round(score / 100 * width)
    out = Text("█" * filled, style=BAND_STYLE.get(band, ""))
    out.append("░" * (width - filled), style="dim")
    return out


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(series: tuple[tuple[float | None, str | None], ...]) -> Text:
    """Scores across rounds on the 0-100 scale, one block each in its band's
    colour; a round not assessed is a dot."""
    out = Text()
    for score, band in series:
        if score is None:
            out.append("·", style="dim")
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, int(max(0.0, score) / 100 * len(SPARKS)))], style=BAND_STYLE.get(band, ""))
    return out


def heading(title: str) -> Rule:
    return Rule(Text(title, style="bold"), align="left", style="dim")


# --------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------


def table(t: Table, width: int | None = None) -> RenderableType:
    """A table; bars beside the columns that carry scores.

    Given the console ``width``, the bars shrink so that the first column
    keeps to one line; on a very narrow screen they go, and the numbers and
    words stay.
    """
    if t.kind == "continuum":
        return continuum_line(t)
    if width is not None and _too_narrow(t, width):
        drawn: RenderableType = stacked(t)
        return Group(Text(t.caption, style="bold"), drawn) if t.caption else drawn
    drawn = _table(t, BAR_WIDTH)
    if width is not None and any(c.bar for c in t.columns):
        needed = Console(width=1000, file=io.StringIO()).measure(drawn).maximum
        if needed > width:
            shrunk = BAR_WIDTH - (needed - width)
            drawn = _table(t, shrunk if shrunk >= 6 else 0)
    if t.caption:
        return Group(Text(t.caption, style="bold"), drawn)
    return drawn


# A column of prose gets at least this many characters, or the rows are stacked.
PROSE_WIDTH = 24


def _too_narrow(t: Table, width: int) -> bool:
    """Whether the table's columns of words would be squeezed below PROSE_WIDTH."""
    if any(c.bar for c in t.columns):
        return False  # the bars shrink instead
    need = 3 * (len(t.columns) - 1) + 2
    for i, col in enumerate(t.columns):
        widest = max([len(col.heading)] + [len(r.cells[i].text) for r in t.rows])
        need += min(widest, PROSE_WIDTH)
    return need > width


def stacked(t: Table) -> RenderableType:
    """Each row as a block: its first cell, then "heading: value" for the rest."""
    lines: list[RenderableType] = []
    for row in t.rows:
        first, *rest = row.cells
        lines.append(text(first.spans, style="bold"))
        for col, c in zip(t.columns[1:], rest):
            if c.spans:
                value = Text.assemble(sparkline(c.series), " ", text(c.spans)) if c.series else text(c.spans)
                lines.append(Padding(Text.assemble((f"{col.heading}: ", "dim"), value), (0, 0, 0, 2)))
    return Padding(Group(*lines), (0, 0, 0, 1))


def _table(t: Table, bar_width: int) -> RichTable:
    out = RichTable(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    for i, col in enumerate(t.columns):
        first = i == 0
        out.add_column(col.heading, justify=_JUSTIFY[col.align], no_wrap=not first and col.align != "left",  # type: ignore[arg-type]
                       min_width=18 if first else None, overflow="fold")
        if col.bar and bar_width:
            out.add_column("", no_wrap=True)
    for row in t.rows:
        cells: list[RenderableType] = []
        for col, c in zip(t.columns, row.cells):
            cells.append(Text.assemble(sparkline(c.series), " ", text(c.spans)) if c.series else text(c.spans))
            if col.bar and bar_width:
                cells.append(bar(c.score, c.band, bar_width))
        out.add_row(*cells)
    return out


def facts(t: Table) -> RenderableType:
    """The facts at the top: "label: value" lines, or a before-and-after table."""
    if len(t.columns) > 2:
        return _table(t, 0)
    lines = []
    for row in t.rows:
        label, value = row.cells
        line = text(label.spans, style="dim")
        line.append(": ", style="dim")
        line.append_text(text(value.spans))
        if row.key == "overall":
            line.append("  ")
            line.append_text(bar(value.score, value.band))
        lines.append(line)
    return Group(*lines)


def continuum_line(t: Table) -> RichTable:
    """The options as a line: each mark column a row of arrows, under its option."""
    rows = t.rows
    marks = t.columns[2:]
    out = RichTable(box=None, show_header=False, pad_edge=False, padding=(0, 1), expand=True)
    out.add_column(width=10, no_wrap=True)
    for _ in rows:
        out.add_column(ratio=1, justify="center")
    out.add_row(Text(""), *(Text(f"{r.cells[0].text}\n{r.cells[1].text}", style="bold") for r in rows))
    out.add_row(
        Text(""),
        *(Text(f"──{'●' if r.current else '○'}──", style="bold cyan" if r.current else "dim") for r in rows),
    )
    for i, (col, style) in enumerate(zip(marks, ("bold cyan", "bold magenta"))):
        cells = [Text("▲" if r.cells[2 + i].text else "", style=style) for r in rows]
        out.add_row(Text(col.heading, style="dim"), *cells)
    return out


# --------------------------------------------------------------------------
# Lists, notes, the legend
# --------------------------------------------------------------------------


def item(i: Item) -> Group | Text:
    line = Text()
    if i.tag:
        line.append(f"{i.tag}, " if i.lead else f"{i.tag}: ", style=TAG_STYLE.get(i.tag_kind, "bold"))
    if i.lead:
        line.append(i.lead, style="bold")
        line.append(": ")
    line.append_text(text(i.text))
    if i.detail:
        return Group(line, text(i.detail, style="dim"))
    return line


def items(block: Items, bullet: str = "• ", bullet_style: str = "dim") -> RenderableType:
    if block.numbered:
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for n, i in enumerate(block.items, 1):
            grid.add_row(Text(f"{n}.", style="bold"), item(i))
        return Padding(grid, (0, 0, 0, 1))
    # a grid, so that an item's second line starts under its first word, not
    # under the bullet: on a narrow terminal each item stays one block
    grid = RichTable.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    for i in block.items:
        grid.add_row(Text(bullet, style=bullet_style), item(i) if i.tag or i.lead else text(i.text))
    return Padding(grid, (0, 0, 0, 2))


def legend(block: Legend) -> RenderableType:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(style="dim")
    for n, entry in enumerate(block.entries):
        grid.add_row(block.intro if n == 0 else "", text(entry.spans))
    return grid


def section(s: Section, width: int) -> list[RenderableType]:
    parts: list[RenderableType] = []
    for block in s.blocks:
        if isinstance(block, Table):
            parts.append(table(block, width))
        elif isinstance(block, Items):
            parts.append(items(block, *(("! ", "bold yellow") if s.emphasis == "caution" else ())))
        elif isinstance(block, Legend):
            parts.append(legend(block))
        elif isinstance(block, Note):
            parts.append(text(block.spans, style="dim" if block.muted else ""))
        elif isinstance(block, Figure):
            continue  # the tables carry bars and the continuum line instead
    if not s.blocks:
        parts.append(Padding(Text(s.empty), (0, 0, 0, 2)))
    intro = [Text(s.intro, style="dim")] if s.intro else []
    if s.emphasis == "prominent":
        return [Panel(Group(*intro, *parts), title=Text(s.heading, style="bold"), title_align="left",
                      border_style="cyan", box=box.ROUNDED), Text("")]
    return [heading(s.heading), *intro, *parts, Text("")]


def renderables(view: ReportView, width: int = 100) -> list[RenderableType]:
    parts: list[RenderableType] = [text(view.title, style="bold")]
    if view.intro:
        parts.append(Text(view.intro, style="dim"))
    parts += [Text(""), facts(view.facts), Text("")]
    for s in view.sections:
        parts += section(s, width)
    parts.append(Text(view.disclaimer, style="italic"))
    return parts


def render(view: ReportView, options: RenderOptions) -> Rendered:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.colour,
        color_system="standard" if options.colour else None,
        no_color=not options.colour,
        highlight=False,
        emoji=False,
        markup=False,
        legacy_windows=False,
    )
    for part in renderables(view, options.width):
        console.print(part)
    out = buffer.getvalue()
    if not options.colour:
        out = "\n".join(line.rstrip() for line in out.splitlines()) + "\n"
    return Rendered(out)

"""A benchmark (:mod:`partnercheck.benchmark`) drawn for a reader: terminal,
Markdown, JSON or CSV.  Every word comes from the bank's texts; names from
the store are user text (cleaned, escaped).  Writes nothing.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from ..advice import fill, joined
from ..bands import Bands, shown
from ..benchmark import Benchmark, Group, Quarter
from ..models import Bank
from ..untrusted import json_safe
from . import clean

FORMATS = ("terminal", "markdown", "json", "csv")


@dataclass(frozen=True)
class Block:
    kind: str  # 'heading', 'text', 'table'
    text: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    level: int = 2
    numbers: tuple[int, ...] = ()  # columns of numbers, aligned right


def _n(score: float | None) -> str:
    return "" if score is None else str(shown(score))


def _quarter_words(bank: Bank) -> dict[Quarter, str]:
    t = bank.texts
    return {"top": t.benchmark_top, "upper": t.benchmark_upper, "lower": t.benchmark_lower, "bottom": t.benchmark_bottom}


def _short(b: Benchmark, g: Group, bank: Bank) -> str:
    t = bank.texts
    if g.whole:
        return t.benchmark_all
    value = t.benchmark_no_value if g.value is None else clean(g.value)
    return fill(t.benchmark_group_short, column=clean(b.column), value=value)


def _label(b: Benchmark, g: Group, bank: Bank) -> str:
    t = bank.texts
    if g.whole:
        return fill(t.benchmark_programme, count=g.partnerships)
    value = t.benchmark_no_value if g.value is None else clean(g.value)
    return fill(t.benchmark_group, column=clean(b.column), value=value, count=g.partnerships)


def view(b: Benchmark, bank: Bank) -> list[Block]:
    """The benchmark as blocks of words, once, for every text format."""
    t = bank.texts
    names = {l.id: l.name for l in bank.lessons}
    words = _quarter_words(bank)
    bands = Bands.of(bank)
    too_few = fill(t.benchmark_too_few, min=b.min_group)
    out = [Block("heading", t.benchmark_title, level=1), Block("text", " ".join(t.benchmark_intro.split()))]
    if not b.groups:
        out.append(Block("text", fill(t.benchmark_none, count=b.partnerships, min=b.min_group)))
    for g in b.groups:
        out.append(Block("heading", _label(b, g, bank)))
        out.append(Block("heading", fill(t.heading_benchmark_quartiles, group=_short(b, g, bank)), level=3))
        out.append(Block(
            "table",
            columns=(t.column_lesson, t.column_partnerships, t.column_lower_quartile, t.column_median, t.column_upper_quartile),
            rows=tuple(
                (names[q.lesson], str(q.scores), *((_n(q.lower), _n(q.median), _n(q.upper)) if q.median is not None else (too_few, "", "")))
                for q in g.quartiles
            ),
            numbers=(1, 2, 3, 4),
        ))
        out.append(Block("heading", fill(t.heading_benchmark_where, group=_short(b, g, bank)), level=3))
        # A table a lesson (one a partnership would not fit 80 columns), each
        # score with its band: a top-quarter score can still be in the gap band.
        for q in g.quartiles:
            rows = []
            for s in g.standings:
                score, where = s.scores.get(q.lesson), s.quarters.get(q.lesson)
                rows.append((
                    clean(s.partnership), clean(s.round_date),
                    _n(score) if score is not None else t.band_not_assessed,
                    clean(bands.label(bands.band_for(score))) if score is not None else "",
                    words[where] if where is not None else "",
                ))
            out.append(Block("heading", fill(t.heading_benchmark_lesson, lesson=names[q.lesson], group=_short(b, g, bank)), level=4))
            out.append(Block(
                "table",
                columns=(t.column_partnership, t.column_latest_round, t.column_score, t.column_band, t.column_quarter),
                rows=tuple(rows),
                numbers=(2,),
            ))
    if b.hidden:
        groups = [fill(t.benchmark_hidden_group, value=t.benchmark_no_value if v is None else clean(v), count=n) for v, n in b.hidden]
        out.append(Block("text", fill(t.benchmark_hidden, groups=joined(t, groups), min=b.min_group)))
    out.append(Block("heading", t.heading_benchmark_method))
    out.append(Block("text", fill(t.benchmark_method, min=b.min_group)))
    return out


def markdown(blocks: list[Block]) -> str:
    from .markdown import md

    lines: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            lines += ["#" * block.level + " " + md(block.text), ""]
        elif block.kind == "text":
            lines += [md(block.text), ""]
        else:
            lines.append("| " + " | ".join(md(c) for c in block.columns) + " |")
            lines.append("| " + " | ".join("---:" if i in block.numbers else "---" for i in range(len(block.columns))) + " |")
            lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def terminal(blocks: list[Block], *, colour: bool, width: int) -> str:
    from rich import box
    from rich.console import Console
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=not colour, force_terminal=colour, highlight=False)
    prose = min(width, 100)  # sentences at a readable width; tables as wide as they need
    previous = ""
    for block in blocks:
        if block.kind == "heading":
            if block.level == 1:
                console.print(Text(block.text, style="bold"), width=prose)
            elif block.level == 2:
                if previous != "text":  # a sentence already ends with a blank line
                    console.print()
                console.print(Rule(Text(block.text, style="bold"), align="left", style="dim"), width=prose)
            else:
                console.print(Text(block.text, style="bold"), width=prose)
        elif block.kind == "text":
            console.print(Text(block.text), width=prose)
            console.print()
        else:
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
            for i, c in enumerate(block.columns):
                # long names wrap, never cut short with an ellipsis
                table.add_column(Text(c), justify="right" if i in block.numbers else "left",
                                 overflow="fold", no_wrap=False)
            for row in block.rows:
                table.add_row(*(Text(c) for c in row))
            console.print(table)
        previous = block.kind
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def as_json(b: Benchmark, bank: Bank) -> str:
    """The figures for scripts: ids and numbers as stored, the method in words."""
    data = {
        "group_by": b.column,
        "min_group": b.min_group,
        "partnerships": b.partnerships,
        "groups": [
            {
                "group": None if g.whole else g.value,
                "whole_programme": g.whole,
                "partnerships": g.partnerships,
                "lessons": {
                    q.lesson: {"scores": q.scores, "lower_quartile": q.lower, "median": q.median, "upper_quartile": q.upper}
                    for q in g.quartiles
                },
                "standings": [
                    {"partnership": s.partnership, "round_date": s.round_date,
                     "lessons": {l: {"score": s.scores.get(l), "quarter": s.quarters.get(l)} for l in s.scores}}
                    for s in g.standings
                ],
            }
            for g in b.groups
        ],
        "not_shown": [{"group": v, "partnerships": n} for v, n in b.hidden],
        "method": fill(bank.texts.benchmark_method, min=b.min_group),
    }
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def as_csv(b: Benchmark, bank: Bank) -> str:
    """Tidy: one row per group, partnership and lesson, with the group's
    quartiles for that lesson; a byte-order mark for Excel, formulas guarded."""
    from ..files import csv_text
    from ..tables import BENCHMARK_HEADER

    rows = []
    for g in b.groups:
        figures = {q.lesson: q for q in g.quartiles}
        for s in g.standings:
            for lesson, score in s.scores.items():
                q = figures[lesson]
                rows.append([b.column if not g.whole else None, g.value, s.partnership, s.round_date, lesson, score,
                             s.quarters.get(lesson), g.partnerships, q.lower, q.median, q.upper])
    return csv_text(BENCHMARK_HEADER, rows, bom=True)


def render(b: Benchmark, bank: Bank, fmt: str, *, colour: bool = False, width: int = 100) -> str:
    if fmt == "json":
        return as_json(b, bank)
    if fmt == "csv":
        return as_csv(b, bank)
    blocks = view(b, bank)
    if fmt == "markdown":
        return markdown(blocks)
    return terminal(blocks, colour=colour, width=width)

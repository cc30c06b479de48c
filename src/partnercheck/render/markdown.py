"""The report view as CommonMark with GFM tables, readable as plain text.

Every piece of text goes through :func:`md`, so that nothing from a file (a
name, a note, the bank's own words) can break a table, open a code block,
start a list or inject HTML.  With charts and an attachment stem, the charts
are attachments (SVG files to write beside the report) and linked as images.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import clean
from .formats import Rendered, RenderOptions
from .report import Figure, Item, Items, Legend, Note, ReportView, Section, Span, Table, plain

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
_ALIGN = {"left": "---", "right": "---:", "center": ":---:"}


@lru_cache(maxsize=4096)  # bank texts repeat in every report of a batch
def md(text: str | None) -> str:
    """User or bank text as inert Markdown inline text, on one line."""
    return _SPECIAL.sub(r"\\\1", clean(text)).strip()


_CODE = re.compile(r"[\w.-]+")


@lru_cache(maxsize=1024)
def code(text: str) -> str:
    """An id or a file name as a code span, when it is plain enough to be one."""
    return f"`{text}`" if _CODE.fullmatch(text) else md(text)


@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """Text as inert Markdown, its spaces kept (md() trims its own)."""
    return _SPECIAL.sub(r"\\\1", clean(text))


def inline(spans: tuple[Span, ...]) -> str:
    if len(spans) == 1:  # most cells: one plain span
        s = spans[0]
        if not (s.code or s.strong):
            return _escaped(s.text).strip()
    out = []
    for s in spans:
        if s.code:
            out.append(code(s.text))
        elif s.strong and s.text.strip():
            out.append(f"**{md(s.text)}**")
        else:
            # keep the spaces between spans (md() trims its own)
            out.append(_escaped(s.text))
    return "".join(out).strip()


def table(t: Table) -> list[str]:
    # No text bar beside a score (a column with no heading, read out by a
    # screen reader as a row of #s): the score is in its cell and the chart
    # beside the report draws it.
    n = len(t.columns)
    header = [md(col.heading) for col in t.columns]
    align = [_ALIGN[col.align] for col in t.columns]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join([inline(c.spans) for c in row.cells[:n]]) + " |" for row in t.rows]
    out = [f"### {md(t.caption)}", ""] if t.caption else []
    return out + lines + [""]


def item(i: Item) -> str:
    lead = ", ".join(md(x) for x in (i.tag, i.lead) if x)
    text = inline(i.text)
    if lead:
        text = f"**{lead}:** {text}"
    if i.detail:
        text += f" *{inline(i.detail)}*"
    return text


def items(block: Items) -> list[str]:
    return [f"{n}. {item(i)}" if block.numbered else f"- {item(i)}" for n, i in enumerate(block.items, 1)] + [""]


def legend(block: Legend) -> list[str]:
    return [md(block.intro), ""] + [f"- {inline(e.spans)}" for e in block.entries] + [""]


def section(s: Section, links: dict[str, str]) -> list[str]:
    out = [f"## {md(s.heading)}", ""]
    if s.intro:
        out += [md(s.intro), ""]
    if not s.blocks:
        return out + [md(s.empty), ""]
    for block in s.blocks:
        if isinstance(block, Figure):
            if block.key in links:
                out += [f"![{md(block.caption)}]({links[block.key]})", ""]
        elif isinstance(block, Table):
            out += table(block)
        elif isinstance(block, Items):
            out += items(block)
        elif isinstance(block, Legend):
            out += legend(block)
        elif isinstance(block, Note):
            out += [inline(block.spans), ""]
    return out


def render(view: ReportView, options: RenderOptions) -> Rendered:
    attachments: dict[str, str] = {}
    links: dict[str, str] = {}
    if options.charts and options.stem is not None:
        from .charts import charts_for, file_name

        for key, svg in charts_for(view).items():
            links[key] = file_name(options.stem, key)
            attachments[links[key]] = svg
    out = [f"# {md(plain(view.title))}", ""]
    if view.intro:
        out += [md(view.intro), ""]
    out += table(view.facts)
    for s in view.sections:
        out += section(s, links)
    out += ["---", "", f"*{md(view.disclaimer)}*", ""]
    return Rendered("\n".join(out), attachments)

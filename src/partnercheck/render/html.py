"""The report view as one self-contained HTML page, for the board pack and for print.

One file and nothing else: the stylesheet is inline, the charts are inline
SVG (from :mod:`partnercheck.render.charts`), there is no script, and nothing is
loaded from the network (no web fonts, no images by URL).

It is read on a screen of any width, by a screen reader, and on paper:

- At 320 CSS px (a phone, or a page zoomed to 400 %) it reflows to one
  column with no sideways scrolling (WCAG 1.4.10): the summary stacks, and
  each table row becomes a card of "column: value" lines (the cells carry
  their column's heading as ``data-label``); long words and ids wrap.
- Every table header has words (a score's meter is drawn in the score's own
  cell); every chart is an image with a name (``role="img"``,
  ``aria-label``) and its content in words (``<desc>``).  A test runs
  axe-core's WCAG 2.2 A and AA rules on it in Chromium.
- A print stylesheet lays it out on A4 with no forced page break (a forced
  break leaves the page before it part empty): headings stay with what
  follows them and small blocks are not split.  The PDF format
  (:mod:`partnercheck.render.pdf`) prints this same page.

Every piece of text goes through :func:`h`: control characters removed, then
HTML-escaped.  Bands are always a word beside a colour, so the page reads in
black and white.  What the page says, and in what order, is the view's.
"""

from __future__ import annotations

import re
from html import escape

from . import clean
from .formats import Rendered, RenderOptions
from .report import Chart, Figure, Item, Items, Legend, Note, ReportView, Section, Span, Table, plain

STYLE = """
:root {
  --ink: #0b0c0c; --muted: #505a5f; --rule: #b1b4b6; --light: #f3f2f1;
  --blue: #1d70b8; --dark-blue: #003078; --green: #00703c; --amber: #f47738;
  --red: #d4351c; --yellow: #ffdd00; --purple: #4c2c92;
}
* { box-sizing: border-box; }
html { background: #fff; color: var(--ink); -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; font-family: Arial, "Helvetica Neue", Helvetica, sans-serif;
  font-size: 16px; line-height: 1.45; overflow-wrap: break-word;
}
.report { max-width: 980px; margin: 0 auto; padding: 0 32px 48px; }
.masthead { background: var(--ink); color: #fff; padding: 14px 32px; border-bottom: 8px solid var(--blue); }
.masthead p { margin: 0 auto; max-width: 916px; font-weight: bold; letter-spacing: .02em; }
.masthead .kind { font-weight: normal; color: #dcdcdc; }
p.what { font-size: 1.05rem; color: var(--muted); margin: 28px 0 6px; }
h1 { font-size: 2.1rem; line-height: 1.15; margin: 0 0 6px; }
h2 {
  font-size: 1.45rem; margin: 40px 0 12px; padding-top: 10px;
  border-top: 2px solid var(--ink);
}
h3 { font-size: 1.1rem; margin: 26px 0 8px; }
p, ul, ol { margin: 0 0 12px; }
.lede { color: var(--muted); margin-bottom: 20px; }

.summary {
  display: grid; grid-template-columns: 230px minmax(0, 1fr); gap: 0 28px;
  border: 1px solid var(--rule); border-left: 8px solid var(--blue);
  background: var(--light); padding: 18px 22px; margin: 18px 0 8px;
}
.overall { border-right: 1px solid var(--rule); padding-right: 20px; }
.overall .label { font-weight: bold; margin: 0; }
.overall .big { font-size: 3.2rem; font-weight: bold; line-height: 1.05; margin: 4px 0 8px; }
.overall .big small { font-size: 1.1rem; color: var(--muted); font-weight: normal; }
.summary dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 6px 18px; margin: 0; align-content: start; }
.summary dt { font-weight: bold; }
.summary dd { margin: 0; }

.band {
  display: inline-block; font-weight: bold; line-height: 1.3;
  border: 1px solid var(--ink); padding: 1px 8px 1px 5px; border-radius: 3px;
  background: #fff; white-space: nowrap; font-size: .95em;
}
.band::before {
  content: ""; display: inline-block; width: .8em; height: .8em; margin-right: 6px;
  vertical-align: -.05em; border: 1px solid var(--ink); background: var(--swatch, var(--rule));
}
.band-strength { --swatch: var(--green); }
.band-watch { --swatch: var(--amber); }
.band-gap { --swatch: var(--red); }
.band-none { --swatch: #fff; color: var(--muted); font-weight: normal; }

.warnings { border-left: 8px solid var(--yellow); background: #fffbe0; padding: 12px 18px; margin: 18px 0; }
.warnings h2 { border: 0; margin: 0 0 6px; padding: 0; font-size: 1.15rem; }
.warnings ul { margin: 0; padding-left: 20px; }

.board {
  background: #e8f1f8; border: 2px solid var(--blue); border-left-width: 10px;
  padding: 16px 24px 8px; margin: 28px 0;
}
.board h2 { border: 0; margin: 0 0 4px; padding: 0; color: var(--dark-blue); }
.board p.lede { color: var(--ink); }
.board ol { font-size: 1.1rem; padding-left: 28px; }
.board li { margin-bottom: 10px; padding-left: 4px; }

figure { margin: 12px 0 18px; }
figure svg { display: block; width: 100%; max-width: 860px; height: auto; }
figcaption { font-size: .9rem; color: var(--muted); margin-top: 4px; }

table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: .95rem; }
caption { text-align: left; font-weight: bold; padding-bottom: 6px; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px 7px 0; border-bottom: 1px solid var(--rule); }
thead th { border-bottom: 2px solid var(--ink); }
th.num, td.num { text-align: right; padding-right: 14px; }
td.num { white-space: nowrap; }
td.mark, th.mark { text-align: center; }
td.mark { font-weight: bold; }
table.fixed { table-layout: fixed; }
tr.current td { background: #e8f1f8; }
.meter {
  display: inline-block; width: 120px; height: 12px; border: 1px solid var(--ink);
  background: #fff; vertical-align: middle; margin-right: 10px;
}
.meter span { display: block; height: 100%; background: var(--swatch, var(--rule)); }
.note { font-size: .9rem; color: var(--muted); }
.legend p { margin: 0 0 4px; }
.legend ul { margin: 0 0 12px; padding-left: 20px; list-style: none; }
.legend li { margin-bottom: 4px; }
.tag {
  display: inline-block; font-size: .8rem; font-weight: bold; text-transform: uppercase;
  letter-spacing: .04em; padding: 1px 6px; margin-right: 6px; border: 1px solid currentColor;
}
.tag-gap, .tag-opened { color: var(--red); }
.tag-closed { color: var(--green); }
.tag-remaining { color: var(--ink); }
.tag-p1 { color: #fff; background: var(--red); border-color: var(--red); }
.tag-p2 { color: var(--ink); background: var(--amber); border-color: var(--amber); }
.tag-p3 { color: var(--ink); background: var(--light); border-color: var(--rule); }
ul.gaps, ol.recs { padding-left: 22px; }
ul.gaps li, ol.recs li { margin-bottom: 10px; }
.raised { display: block; font-size: .88rem; color: var(--muted); margin-top: 2px; }
code {
  font-family: "Courier New", Courier, monospace; font-size: .9em; background: var(--light);
  padding: 0 3px; overflow-wrap: anywhere;
}
.up { color: var(--green); font-weight: bold; }
.down { color: var(--red); font-weight: bold; }
.disclaimer {
  margin-top: 40px; padding: 14px 18px; border-top: 2px solid var(--ink);
  background: var(--light); font-style: italic;
}

/* A narrow screen (a phone, or a page zoomed to 400%): one column, and each
   table row a card of "column: value" lines, so nothing scrolls sideways
   (WCAG 1.4.10).  The column headings stay for screen readers. */
@media screen and (max-width: 40em) {
  .report { padding: 0 14px 32px; }
  .masthead { padding: 10px 14px; }
  p.what { margin-top: 20px; }
  h1 { font-size: 1.6rem; }
  h2 { font-size: 1.3rem; margin-top: 30px; }
  .summary { grid-template-columns: minmax(0, 1fr); padding: 14px; border-left-width: 6px; }
  .overall { border-right: 0; padding: 0 0 10px; margin-bottom: 12px; border-bottom: 1px solid var(--rule); }
  .summary dl { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .summary dd { margin-bottom: 8px; }
  .board { padding: 12px 14px 4px; border-left-width: 6px; }
  .board ol { font-size: 1rem; padding-left: 22px; }
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  table.fixed { table-layout: auto; }
  thead {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
    overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
  }
  tr { border-top: 2px solid var(--rule); padding: 6px 0; }
  tbody tr:first-child { border-top-color: var(--ink); }
  th, td, th.num, td.num, td.mark { display: flow-root; text-align: left; padding: 2px 0 2px 8.5em; border: 0; white-space: normal; }
  td[data-label]::before {
    content: attr(data-label); float: left; width: 8em; margin-left: -8.5em;
    font-weight: bold; color: var(--muted);
  }
  td:empty { display: none; }
  .meter { width: 64px; }
}

@page { size: A4; margin: 12mm 13mm 13mm; }
/* Print: no forced page breaks (a section starting a new page leaves the
   page before it part empty); headings and the sentence under them stay
   with what follows, and small blocks (a row, a list item, a chart, a
   panel) are never split. */
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; line-height: 1.25; }
  .report { max-width: none; padding: 0; }
  .masthead { padding: 4px 10px; border-bottom-width: 4px; }
  p.what { font-size: 10.5pt; margin: 8px 0 2px; }
  h1 { font-size: 19pt; margin: 0 0 4px; }
  h2 { font-size: 13.5pt; margin: 14px 0 5px; padding-top: 4px; }
  h3 { font-size: 10.5pt; margin: 10px 0 3px; }
  h2, h3, .lede { break-after: avoid; page-break-after: avoid; }
  p, ul, ol { margin-bottom: 6px; }
  ul, ol { padding-left: 18px; }
  .lede { margin-bottom: 6px; }
  .note { font-size: 9pt; }
  .summary { grid-template-columns: 140px minmax(0, 1fr); padding: 8px 12px; margin: 8px 0 4px; border-left-width: 6px; }
  .summary dl { gap: 2px 14px; }
  .overall { padding-right: 12px; }
  .overall .big { font-size: 26pt; }
  .board { padding: 8px 14px 2px; margin: 12px 0; border-left-width: 6px; }
  .board ol { font-size: 10pt; }
  .board li, ul.gaps li, ol.recs li { margin-bottom: 4px; }
  .raised { font-size: 8.5pt; margin-top: 0; }
  .warnings { padding: 6px 12px; margin: 10px 0; }
  .legend ul { margin-bottom: 6px; }
  .legend li { margin-bottom: 1px; }
  figure { margin: 4px 0 8px; }
  figure svg { width: 70%; max-width: none; }
  figcaption { font-size: 8.5pt; margin-top: 2px; }
  table { margin: 3px 0 6px; font-size: 8.5pt; line-height: 1.2; }
  th, td { padding: 2px 8px 2px 0; }
  th.num, td.num { padding-right: 10px; }
  .meter { width: 64px; height: 8px; margin-right: 6px; }
  .disclaimer { margin-top: 12px; padding: 6px 12px; }
  tr, li, figure, .summary, .board, .warnings, .legend, .disclaimer, dl {
    break-inside: avoid; page-break-inside: avoid;
  }
  thead { display: table-header-group; }
}
"""


def h(text: object) -> str:
    """User or bank text, made inert HTML on one line."""
    return escape(clean(None if text is None else str(text)))


def band_html(band: str, label: str) -> str:
    """A band as a colour swatch *and* its word."""
    return f'<span class="band band-{band}">{h(label)}</span>'


def signed(change: int, text: str) -> str:
    cls = "up" if change > 0 else "down" if change < 0 else ""
    text = h(text).replace("-", "−")
    return f'<span class="{cls}">{text}</span>' if cls else text


def inline(spans: tuple[Span, ...]) -> str:
    out = []
    for s in spans:
        if s.band is not None:
            out.append(band_html(s.band, s.text))
        elif s.change is not None:
            out.append(signed(s.change, s.text))
        elif s.code:
            out.append(f"<code>{h(s.text)}</code>")
        elif s.muted:
            out.append(f'<span class="note">{h(s.text)}</span>')
        elif s.strong:
            out.append(f"<strong>{h(s.text)}</strong>")
        else:
            out.append(h(s.text))
    return "".join(out).strip()


def meter(score: float | None, band: str | None) -> str:
    if score is None:
        return ""
    width = max(0.0, min(100.0, score))
    return (
        f'<span class="meter band-{band or "none"}" aria-hidden="true">'
        f'<span style="width:{width:.0f}%"></span></span>'
    )


def table(t: Table) -> str:
    """A table; in a column that carries scores, a meter beside each number
    (in its cell: no column without a heading); fixed column widths when the
    view gives them, so that tables of a kind line up.  Each cell carries its
    column's heading (``data-label``), shown beside it when a narrow screen
    lays the rows out as cards."""
    kinds = [col.align for col in t.columns]
    widths = [col.width for col in t.columns]
    fixed = all(w is not None for w in widths)
    align = {"right": ' class="num"', "center": ' class="mark"'}

    out = [f"<h3>{h(t.caption)}</h3>"] if t.caption else []
    out.append('<table class="fixed">' if fixed else "<table>")
    if fixed:
        out.append("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>")
    out.append("<thead><tr>" + "".join(f'<th scope="col"{align.get(k, "")}>{h(c.heading)}</th>' for c, k in zip(t.columns, kinds)) + "</tr></thead>")
    labels = [f' data-label="{h(c.heading)}"' if c.heading.strip() else "" for c in t.columns]
    out.append("<tbody>")
    for row in t.rows:
        cells = []
        for i, (col, c) in enumerate(zip(t.columns, row.cells)):
            value = inline(c.spans)
            if col.bar:
                value = meter(c.score, c.band) + value
            cells.append(f"<td{align.get(kinds[i], '')}{labels[i]}>{value}</td>")
        cls = ' class="current"' if row.current else ""
        out.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def item(i: Item) -> str:
    out = f'<span class="tag tag-{i.tag_kind or "gap"}">{h(i.tag)}</span>' if i.tag else ""
    if i.lead:
        out += f"<strong>{h(i.lead)}:</strong> "
    out += inline(i.text)
    if i.detail:
        out += f'<span class="raised">{inline(i.detail)}</span>'
    return f"<li>{out}</li>"


def items(block: Items) -> str:
    tagged = any(i.tag or i.lead for i in block.items)
    tag = "ol" if block.numbered else "ul"
    cls = (' class="recs"' if block.numbered else ' class="gaps"') if tagged else ""
    return "\n".join([f"<{tag}{cls}>", *(item(i) for i in block.items), f"</{tag}>"])


def legend(block: Legend) -> str:
    entries = "".join(f"<li>{inline(e.spans)}</li>" for e in block.entries)
    return f'<div class="note legend"><p>{h(block.intro)}</p><ul>{entries}</ul></div>'


_SVG_TITLE = re.compile(r"<title>.*?</title>", re.S)


def chart_svg(svg: str, chart: Chart | None, *, alt_in_title: bool = False) -> str:
    """A chart's SVG as an image with a name: ``role="img"`` and an
    ``aria-label`` (its title); the ``<desc>`` inside says its content in
    words.  ``alt_in_title``: the title carries the description too (a PDF's
    alternate text is the SVG's title, and should say what the chart shows)."""
    svg = svg.strip()
    if chart is None:
        return svg
    start = svg.index(">")
    tag = svg[:start]
    if 'role="img"' not in tag:
        tag += ' role="img"'
    if "aria-label=" not in tag:
        tag += f' aria-label="{h(chart.title)}"'
    svg = tag + svg[start:]
    if alt_in_title:
        alt = f"{chart.title}. {chart.desc}" if chart.desc else chart.title
        svg = _SVG_TITLE.sub(lambda _: f"<title>{h(alt)}</title>", svg, count=1)
    return svg


def figure(svg: str | None, caption: str) -> list[str]:
    if not svg:
        return []
    return ["<figure>", svg, f"<figcaption>{h(caption)}</figcaption>", "</figure>"]


def section(s: Section, svgs: dict[str, str]) -> list[str]:
    # ``s.page`` (the view's "a printed page may start here") forces no break:
    # a forced break leaves the page before it part empty.
    classes = {"prominent": "board", "caution": "warnings"}.get(s.emphasis, "")
    cls = f' class="{classes}"' if classes else ""
    out = [f'<section{cls} id="{h(s.id)}">', f"<h2>{h(s.heading)}</h2>"]
    if s.intro:
        out.append(f'<p class="lede">{h(s.intro)}</p>')
    for block in s.blocks:
        if isinstance(block, Figure):
            out += figure(svgs.get(block.key), block.caption)
        elif isinstance(block, Table):
            out.append(table(block))
        elif isinstance(block, Items):
            out.append(items(block))
        elif isinstance(block, Legend):
            out.append(legend(block))
        elif isinstance(block, Note):
            out.append(f'<p class="note">{inline(block.spans)}</p>' if block.muted else f"<p>{inline(block.spans)}</p>")
    if not s.blocks:
        out.append(f"<p>{h(s.empty)}</p>")
    out.append("</section>")
    return out


def summary(view: ReportView) -> list[str]:
    """The overall score large, beside the facts (a list, or a before-and-after table)."""
    line = view.headline
    out = [
        f'<section class="summary" aria-label="{h(line.label)}">',
        '<div class="overall">',
        f'<p class="label">{h(line.label)}</p>',
        f'<p class="big">{h(line.score)}<small> {h(line.out_of)}</small></p>',
    ]
    if line.band_label:
        out.append(f"<p>{band_html(line.band or 'none', line.band_label)}</p>")
    if line.note:
        out.append(f"<p>{inline(line.note)}</p>")
    out.append("</div>")
    if len(view.facts.columns) == 2:
        out.append("<dl>")
        out += [f"<dt>{inline(r.cells[0].spans)}</dt><dd>{inline(r.cells[1].spans)}</dd>" for r in view.facts.rows if r.key != "overall"]
        out.append("</dl>")
    else:
        out.append(table(view.facts))
    out.append("</section>")
    return out


def render(view: ReportView, options: RenderOptions) -> Rendered:
    return Rendered(page(view, options))


def page(view: ReportView, options: RenderOptions, *, alt_in_title: bool = False) -> str:
    """The whole page; ``alt_in_title`` for a PDF (see :func:`chart_svg`)."""
    svgs: dict[str, str] = {}
    if options.charts:
        from .charts import charts_for

        svgs = {key: chart_svg(svg, view.chart(key), alt_in_title=alt_in_title) for key, svg in charts_for(view).items()}
    body = [
        # What the report is, above its heading (not inside it: a heading of
        # two blocks is two headings in a tagged PDF).
        f'<p class="what">{h(view.what)}</p>',
        f"<h1>{h(view.subject)}</h1>",
        f'<p class="lede">{h(view.intro)}</p>' if view.intro else "",
        *summary(view),
    ]
    for s in view.sections:
        body += section(s, svgs)
    body.append(f'<footer class="disclaimer"><p>{h(view.disclaimer)}</p></footer>')
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{h(view.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(plain(view.title))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f'<header class="masthead"><p>{h(view.brand)} <span class="kind">· {h(view.what)}</span></p></header>',
        '<main class="report">',
        *(line for line in body if line),
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines)

"""The report view as one self-contained HTML page, for the board pack and for print.

One file and nothing else: the stylesheet is inline, the charts are inline
SVG (from :mod:`partnercheck.render.charts`), there is no script, and nothing is
loaded from the network (no web fonts, no images by URL).  A print
stylesheet lays it out on A4, starting a page where the view says a section
starts one.

Every piece of text goes through :func:`h`: control characters removed, then
HTML-escaped.  Bands are always a word beside a colour, so the page reads in
black and white.  What the page says, and in what order, is the view's.
"""

from __future__ import annotations

from html import escape

from . import clean
from .formats import Rendered, RenderOptions
from .report import Figure, Item, Items, Legend, Note, ReportView, Section, Span, Table, plain

STYLE = """
:root {
  --ink: #0b0c0c; --muted: #505a5f; --rule: #b1b4b6; --light: #f3f2f1;
  --blue: #1d70b8; --dark-blue: #003078; --green: #00703c; --amber: #f47738;
  --red: #d4351c; --yellow: #ffdd00; --purple: #4c2c92;
}
* { box-sizing: border-box; }
html { background: #fff; color: var(--ink); }
body {
  margin: 0; font-family: Arial, "Helvetica Neue", Helvetica, sans-serif;
  font-size: 16px; line-height: 1.45;
}
.report { max-width: 980px; margin: 0 auto; padding: 0 32px 48px; }
.masthead { background: var(--ink); color: #fff; padding: 14px 32px; border-bottom: 8px solid var(--blue); }
.masthead p { margin: 0 auto; max-width: 916px; font-weight: bold; letter-spacing: .02em; }
.masthead .kind { font-weight: normal; color: #dcdcdc; }
h1 { font-size: 2.1rem; line-height: 1.15; margin: 28px 0 6px; }
h1 .what { display: block; font-size: 1.05rem; color: var(--muted); font-weight: normal; margin-bottom: 6px; }
h2 {
  font-size: 1.45rem; margin: 40px 0 12px; padding-top: 10px;
  border-top: 2px solid var(--ink);
}
h3 { font-size: 1.1rem; margin: 26px 0 8px; }
p, ul, ol { margin: 0 0 12px; }
.lede { color: var(--muted); margin-bottom: 20px; }

.summary {
  display: grid; grid-template-columns: 230px 1fr; gap: 0 28px;
  border: 1px solid var(--rule); border-left: 8px solid var(--blue);
  background: var(--light); padding: 18px 22px; margin: 18px 0 8px;
}
.overall { border-right: 1px solid var(--rule); padding-right: 20px; }
.overall .label { font-weight: bold; margin: 0; }
.overall .big { font-size: 3.2rem; font-weight: bold; line-height: 1.05; margin: 4px 0 8px; }
.overall .big small { font-size: 1.1rem; color: var(--muted); font-weight: normal; }
.summary dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; align-content: start; }
.summary dt { font-weight: bold; }
.summary dd { margin: 0; }

.band {
  display: inline-flex; align-items: center; gap: 6px; font-weight: bold;
  border: 1px solid var(--ink); padding: 1px 8px 1px 5px; border-radius: 3px;
  background: #fff; white-space: nowrap; font-size: .95em;
}
.band::before {
  content: ""; display: inline-block; width: .8em; height: .8em;
  border: 1px solid var(--ink); background: var(--swatch, var(--rule));
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
table.fixed td { overflow-wrap: break-word; }
tr.current td { background: #e8f1f8; }
.meter {
  display: inline-block; width: 120px; height: 12px; border: 1px solid var(--ink);
  background: #fff; vertical-align: middle;
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
code { font-family: "Courier New", Courier, monospace; font-size: .9em; background: var(--light); padding: 0 3px; }
.up { color: var(--green); font-weight: bold; }
.down { color: var(--red); font-weight: bold; }
.disclaimer {
  margin-top: 40px; padding: 14px 18px; border-top: 2px solid var(--ink);
  background: var(--light); font-style: italic;
}

@page { size: A4; margin: 18mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10.5pt; }
  .report { max-width: none; padding: 0; }
  .masthead { padding: 6px 0 6px 10px; }
  h1 { margin-top: 12px; }
  h2 { margin-top: 22px; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .page { break-before: page; page-break-before: always; }
  table, tr, figure, .summary, .board, .warnings, li {
    break-inside: avoid; page-break-inside: avoid;
  }
  thead { display: table-header-group; }
  .summary { grid-template-columns: 190px 1fr; }
  .meter { width: 80px; }
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
    """A table; a meter beside each column that carries scores; fixed column
    widths when the view gives them, so that tables of a kind line up."""
    heads, kinds, widths = [], [], []
    for col in t.columns:
        heads.append(h(col.heading))
        kinds.append(col.align)
        widths.append(col.width)
        if col.bar:
            heads.append("")
            kinds.append("left")
            widths.append(None)
    fixed = all(w is not None for w in widths)

    def cell(tag: str, i: int, value: str) -> str:
        cls = {"right": ' class="num"', "center": ' class="mark"'}.get(kinds[i], "")
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{scope}{cls}>{value}</{tag}>"

    out = [f"<h3>{h(t.caption)}</h3>"] if t.caption else []
    out.append('<table class="fixed">' if fixed else "<table>")
    if fixed:
        out.append("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>")
    out.append("<thead><tr>" + "".join(cell("th", i, v) for i, v in enumerate(heads)) + "</tr></thead>")
    out.append("<tbody>")
    for row in t.rows:
        values = []
        for col, c in zip(t.columns, row.cells):
            values.append(inline(c.spans))
            if col.bar:
                values.append(meter(c.score, c.band))
        cls = ' class="current"' if row.current else ""
        out.append(f"<tr{cls}>" + "".join(cell("td", i, v) for i, v in enumerate(values)) + "</tr>")
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


def figure(svg: str | None, caption: str) -> list[str]:
    if not svg:
        return []
    return ["<figure>", svg.strip(), f"<figcaption>{h(caption)}</figcaption>", "</figure>"]


def section(s: Section, svgs: dict[str, str]) -> list[str]:
    classes = {"prominent": "board", "caution": "warnings"}.get(s.emphasis, "page" if s.page else "")
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
            out.append(f'<p class="note">{inline(block.spans)}</p>')
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
    svgs: dict[str, str] = {}
    if options.charts:
        from .charts import charts_for

        svgs = charts_for(view)
    body = [
        f'<h1><span class="what">{h(view.what)}</span>{h(view.subject)}</h1>',
        f'<p class="lede">{h(view.intro)}</p>' if view.intro else "",
        *summary(view),
    ]
    for s in view.sections:
        body += section(s, svgs)
    body.append(f'<footer class="disclaimer"><p>{h(view.disclaimer)}</p></footer>')
    page = [
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
    return Rendered("\n".join(page))

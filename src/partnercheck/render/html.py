"""The result as one self-contained HTML page, for the board pack and for print.

One file and nothing else: the stylesheet is inline, the charts are inline
SVG (from :mod:`partnercheck.render.charts`), there is no script, and nothing is
loaded from the network (no web fonts, no images by URL).  A print
stylesheet lays it out on A4 with page breaks between the major sections.

Everything that comes from a file (names, notes, and the bank's own words,
which a custom bank may change) goes through :func:`h`: control characters
removed, then HTML-escaped.  Bands are always a word beside a colour, so the
page reads in black and white.  The content follows the Markdown report; the
questions for the board come straight after the summary, because they are
what the board is asked to discuss.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape
from typing import Any

from ..models import Comparison, Result
from . import answer_text, band_label, clean, people, score_text, shown_change

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


def band_html(band: str | None) -> str:
    """A band as a colour swatch *and* its word."""
    return f'<span class="band band-{band or "none"}">{band_label(band)}</span>'


def meter(score: float | None, band: str | None) -> str:
    if score is None:
        return '<span class="note">not assessed</span>'
    width = max(0.0, min(100.0, score))
    return (
        f'<span class="meter band-{band or "none"}" aria-hidden="true">'
        f'<span style="width:{width:.0f}%"></span></span>'
    )


def table(
    header: list[str],
    rows: list[list[str]],
    *,
    num: Collection[int] = (),
    mark: Collection[int] = (),
    caption: str = "",
    classes: list[str] | None = None,
    widths: list[int] | None = None,
) -> str:
    """A table; header and cells are already-escaped HTML.

    ``num`` columns are right-aligned figures, ``mark`` columns centred marks;
    ``classes`` gives each body row a class (or ""); ``widths`` (percent) fix
    the columns, so that tables of the same kind line up down the page.
    """

    def cell(tag: str, i: int, value: str) -> str:
        cls = ' class="num"' if i in num else ' class="mark"' if i in mark else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{scope}{cls}>{value}</{tag}>"

    out = ['<table class="fixed">' if widths else "<table>"]
    if caption:
        out.append(f"<caption>{caption}</caption>")
    if widths:
        out.append("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>")
    out.append("<thead><tr>" + "".join(cell("th", i, v) for i, v in enumerate(header)) + "</tr></thead>")
    out.append("<tbody>")
    for r, row in enumerate(rows):
        cls = f' class="{classes[r]}"' if classes and classes[r] else ""
        out.append(f"<tr{cls}>" + "".join(cell("td", i, v) for i, v in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def page(title: str, kind: str, body: list[str]) -> str:
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            f'<header class="masthead"><p>partnercheck <span class="kind">· {kind}</span></p></header>',
            '<main class="report">',
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _charts(obj: Result | Comparison, wanted: bool) -> dict[str, str]:
    if not wanted:
        return {}
    from .charts import charts_for

    return charts_for(obj)


def figure(svg: str | None, caption: str) -> list[str]:
    if not svg:
        return []
    return ["<figure>", svg.strip(), f"<figcaption>{caption}</figcaption>", "</figure>"]


def bands_sentence(bands: dict[str, float]) -> str:
    if not bands:
        return ""
    s, w = bands.get("strength", 0), bands.get("watch", 0)
    return (
        f"Bands: {band_html('strength')} {s:.0f} and above; {band_html('watch')} {w:.0f} to {s - 1:.0f}; "
        f"{band_html('gap')} below {w:.0f}."
    )


# --------------------------------------------------------------------------
# One assessment
# --------------------------------------------------------------------------


def render(result: Result | Comparison, *, charts: bool = True, **_: Any) -> str:
    if isinstance(result, Comparison):
        return render_comparison(result, charts=charts)
    svgs = _charts(result, charts)
    lessons = result.lessons
    c = result.continuum
    many = result.respondents > 1
    name = h(result.partnership)

    def opt(number: int | None, option_name: str | None, missing: str) -> str:
        return f"<strong>{number}</strong> {h(option_name)}" if number else f'<span class="note">{missing}</span>'

    body = [
        f'<h1><span class="what">Partnership self-assessment</span>{name}</h1>',
        '<p class="lede">A report for the partnership board: scores against the six lessons of '
        "partnership working, where the partnership sits on the continuum, gaps, recommendations "
        "and questions for the board.</p>",
        '<section class="summary" aria-label="Summary">',
        '<div class="overall">',
        '<p class="label">Overall score</p>',
        f'<p class="big">{score_text(result.score)}<small> / 100</small></p>',
        f"<p>{band_html(result.band)}</p>",
        "</div>",
        "<dl>",
        f"<dt>Partnership</dt><dd>{name}</dd>",
        f"<dt>Date</dt><dd>{h(result.date.isoformat()) if result.date else 'not given'}</dd>",
        f"<dt>Answered by</dt><dd>{h(people(result))}</dd>",
        f"<dt>Respondents</dt><dd>{result.respondents}</dd>",
        f"<dt>Where it is</dt><dd>{opt(c.option, c.option_name, 'not placed')}</dd>",
        f"<dt>Ready for</dt><dd>{opt(c.ready_for, c.ready_for_name, 'not placed')}</dd>",
        f"<dt>Aims for</dt><dd>{opt(c.aims_for, c.aims_for_name, 'not asked or not answered')}</dd>",
        f"<dt>Question bank</dt><dd>{h(result.bank.name)} {h(result.bank.version)}</dd>",
        "</dl>",
        "</section>",
    ]

    if result.warnings:
        body += ['<section class="warnings" aria-label="Warnings">', "<h2>Warnings</h2>", "<ul>"]
        body += [f"<li><strong>Warning:</strong> {h(w)}</li>" for w in result.warnings]
        body += ["</ul>", "</section>"]

    body += [
        '<section class="board" id="questions-for-the-board">',
        "<h2>Questions for the board</h2>",
        '<p class="lede">What these answers ask the board to discuss.</p>',
        "<ol>",
        *(f"<li>{h(q)}</li>" for q in result.board_questions),
        "</ol>",
        "</section>",
    ]

    # Lessons -----------------------------------------------------------
    body += ['<section class="page" id="lessons">', "<h2>Lessons</h2>"]
    body += figure(
        svgs.get("lessons"),
        "Each lesson's score from 0 to 100, with the band thresholds"
        + (" and the range between respondents." if many else "."),
    )
    header = ["Lesson", "Score", "", "Band"] + (["Range"] if many else []) + ["Answered"]
    rows = []
    for lesson in lessons.values():
        row = [h(lesson.name), score_text(lesson.score), meter(lesson.score, lesson.band), band_html(lesson.band)]
        if many:
            row.append("n/a" if lesson.low is None or lesson.high is None else f"{score_text(lesson.low)}–{score_text(lesson.high)}")
        row.append(f"{lesson.answered} of {lesson.statements}")
        rows.append(row)
    num = {1, 4, 5} if many else {1, 4}
    body.append(table(header, rows, num=num))
    note = bands_sentence(result.bands)
    if many:
        note += " Range: the lowest and highest respondent's score for the lesson."
    if note:
        body.append(f'<p class="note">{note.strip()}</p>')
    body.append("</section>")

    # The continuum -------------------------------------------------------
    body += ['<section id="continuum">', "<h2>The continuum</h2>"]
    body += figure(
        svgs.get("continuum"),
        "The five options, from expert alone to full partnership: where the partnership is, "
        "what its lesson scores make it ready for, and what it aims for.",
    )
    rows, classes = [], []
    for number, option_name in sorted(c.options.items()):
        rows.append(
            [
                str(number),
                h(option_name),
                "is here" if c.option == number else "",
                "ready for" if c.ready_for == number else "",
                "aims for" if c.aims_for == number else "",
            ]
        )
        classes.append("current" if c.option == number else "")
    if rows:
        body.append(table(["Option", "Name", "Is here", "Ready for", "Aims for"], rows, mark={2, 3, 4}, classes=classes))
    lines = c.rationale + c.readiness_rationale
    if lines:
        body += ["<ul>", *(f"<li>{h(line)}</li>" for line in lines), "</ul>"]
    body.append("</section>")

    # Gaps and recommendations -------------------------------------------
    body += ['<section class="page" id="gaps">', "<h2>Gaps</h2>"]
    if result.gaps:
        body.append('<ul class="gaps">')
        for gap in result.gaps:
            what = "Lesson gap" if gap.kind == "lesson" else "Statement gap"
            lesson_name = lessons[gap.lesson].name
            body.append(f'<li><span class="tag tag-gap">{what}</span><strong>{h(lesson_name)}:</strong> {h(gap.reason)}</li>')
        body.append("</ul>")
    else:
        body.append("<p>No lesson is in the gap band and no statement is at the bottom of the scale.</p>")
    body.append("</section>")

    body += ['<section id="recommendations">', "<h2>Recommendations</h2>"]
    if result.recommendations:
        body.append('<ol class="recs">')
        for rec in result.recommendations:
            raised = ", ".join(f"<code>{h(s)}</code>" for s in rec.statements) or "the lesson score"
            lesson_name = lessons[rec.lesson].name
            p = min(max(rec.priority, 1), 3)
            body.append(
                f'<li><span class="tag tag-p{p}">Priority {rec.priority}</span><strong>{h(lesson_name)}:</strong> '
                f'{h(rec.text)}<span class="raised">Raised by {raised}; source: {h(rec.source)}.</span></li>'
            )
        body.append("</ol>")
    else:
        body.append("<p>No statement was answered low enough to raise a recommendation.</p>")
    body.append("</section>")

    # Combined: divergence and organisations -----------------------------
    if result.divergence or result.groups:
        body.append('<section class="page" id="partners">')
    if result.divergence:
        body.append("<h2>Where partners diverge</h2>")
        rows = []
        for d in result.divergence:
            answers = ", ".join(f"{h(v)}: {n}" for v, n in sorted(d.counts.items()))
            rows.append([f"<code>{h(d.question)}</code>", h(d.text), h(d.reason), answers])
        body.append(table(["Question", "About", "Why it is listed", "Answers (count)"], rows, widths=[22, 32, 26, 20]))
    if result.groups:
        body.append("<h2>By organisation</h2>")
        header = ["Organisation", "Respondents", "Overall"] + [h(l.name) for l in lessons.values()]
        rows = [
            [h(g.organisation), str(g.respondents), score_text(g.score)] + [score_text(g.lessons.get(k)) for k in lessons]
            for g in result.groups
        ]
        first = 22
        rest = (100 - first) / (len(header) - 1)
        widths = [first] + [int(rest)] * (len(header) - 1)
        body.append(table(header, rows, num=set(range(1, len(header))), widths=widths))
    if result.divergence or result.groups:
        body.append("</section>")

    # Answers in detail ---------------------------------------------------
    body += ['<section class="page" id="answers">', "<h2>Answers in detail</h2>"]
    for lesson in lessons.values():
        body.append(f"<h3>{h(lesson.name)}</h3>")
        rows = []
        for st in (s for s in result.statements if s.lesson == lesson.id):
            notes = "; ".join(h(n) for n in st.notes)
            rows.append([h(st.text), h(answer_text(st, many)), score_text(st.score), notes])
        body.append(table(["Statement", "Answer", "Score", "Notes"], rows, num={2}, widths=[50, 20, 8, 22]))
    body.append("</section>")

    body.append(f'<footer class="disclaimer"><p>{h(result.disclaimer)}</p></footer>')
    return page(f"Partnership assessment: {name}", "partnership self-assessment", body)


# --------------------------------------------------------------------------
# Two assessments compared
# --------------------------------------------------------------------------


def _signed(change: int | None) -> str:
    if change is None:
        return '<span class="note">n/a</span>'
    cls = "up" if change > 0 else "down" if change < 0 else ""
    text = f"{change:+d}".replace("-", "−")
    return f'<span class="{cls}">{text}</span>' if cls else text


def render_comparison(c: Comparison, *, charts: bool = True) -> str:
    svgs = _charts(c, charts)
    name = h(c.partnership)

    def when(d: Any) -> str:
        return d.isoformat() if d else "undated"

    def opt(number: int | None) -> str:
        return f"<strong>{number}</strong> {h(c.options.get(number, ''))}".strip() if number else '<span class="note">not placed</span>'

    def lesson_name(lesson_id: str) -> str:
        return h(c.lessons[lesson_id].name if lesson_id in c.lessons else lesson_id)

    body = [
        f'<h1><span class="what">What moved between two assessments</span>{name}</h1>',
        '<p class="lede">Before and after: what improved, what slipped, which gaps closed and which opened.</p>',
        '<section class="summary" aria-label="Summary">',
        '<div class="overall">',
        '<p class="label">Overall score</p>',
        f'<p class="big">{score_text(c.score.new)}<small> / 100</small></p>',
        f'<p>from {score_text(c.score.old)}: {_signed(shown_change(c.score.old, c.score.new))}</p>',
        "</div>",
        "<dl>",
        f"<dt>Partnership</dt><dd>{name}</dd>",
        f"<dt>Before</dt><dd>{when(c.old_date)}, {c.old_respondents} respondent{'s' if c.old_respondents != 1 else ''}</dd>",
        f"<dt>After</dt><dd>{when(c.new_date)}, {c.new_respondents} respondent{'s' if c.new_respondents != 1 else ''}</dd>",
        "</dl>",
        "</section>",
    ]
    body.append(
        table(
            ["", "Before", "After", "Change"],
            [
                ["Overall score", score_text(c.score.old), score_text(c.score.new), _signed(shown_change(c.score.old, c.score.new))],
                ["Where it is", opt(c.continuum.old_option), opt(c.continuum.new_option), ""],
                ["Ready for", opt(c.continuum.old_ready_for), opt(c.continuum.new_ready_for), ""],
                ["Aims for", opt(c.continuum.old_aims_for), opt(c.continuum.new_aims_for), ""],
            ],
            num={3},
        )
    )
    if c.warnings:
        body += ['<section class="warnings" aria-label="Warnings">', "<h2>Warnings</h2>", "<ul>"]
        body += [f"<li><strong>Warning:</strong> {h(w)}</li>" for w in c.warnings]
        body += ["</ul>", "</section>"]

    body += ['<section id="lessons">', "<h2>Lessons</h2>"]
    body += figure(svgs.get("lessons"), "Each lesson's score before (grey) and after (in its band's colour).")
    rows = []
    for l in c.lessons.values():
        if l.band_move in ("up", "down"):
            band = f"{band_html(l.old_band)} to {band_html(l.new_band)}"
        else:
            band = band_html(l.new_band)
        rows.append([h(l.name), score_text(l.old), score_text(l.new), _signed(shown_change(l.old, l.new)), band, h(l.band_move)])
    body.append(table(["Lesson", "Before", "After", "Change", "Band", "Move"], rows, num={1, 2, 3}))
    if c.bands:
        body.append(f'<p class="note">{bands_sentence(c.bands)}</p>')
    body.append("</section>")

    body.append('<section class="page" id="gaps">')
    for title, gaps in (("Gaps closed", c.gaps_closed), ("Gaps opened", c.gaps_opened), ("Gaps remaining", c.gaps_remaining)):
        tag = title.split()[-1]
        body.append(f"<h2>{title}</h2>")
        if not gaps:
            body.append("<p>None.</p>")
            continue
        body.append('<ul class="gaps">')
        for g in gaps:
            what = "Lesson" if g.kind == "lesson" else "Statement"
            body.append(f'<li><span class="tag tag-{tag}">{what}</span><strong>{lesson_name(g.lesson)}:</strong> {h(g.reason)}</li>')
        body.append("</ul>")
    body.append("</section>")

    body += ['<section id="statements">', "<h2>Statements that moved most</h2>"]
    if c.statements_changed:
        rows = [[h(s.text), score_text(s.old), score_text(s.new), _signed(shown_change(s.old, s.new))] for s in c.statements_changed[:10]]
        body.append(table(["Statement", "Before", "After", "Change"], rows, num={1, 2, 3}))
    else:
        body.append("<p>No statement's score changed.</p>")
    body.append("</section>")

    if c.only_in_old or c.only_in_new:
        body += ['<section id="one-not-other">', "<h2>Answered in one and not the other</h2>", "<ul>"]
        body += [f"<li>Only before: <code>{h(s)}</code></li>" for s in c.only_in_old]
        body += [f"<li>Only after: <code>{h(s)}</code></li>" for s in c.only_in_new]
        body += ["</ul>", "</section>"]

    body.append(f'<footer class="disclaimer"><p>{h(c.disclaimer)}</p></footer>')
    return page(f"What moved: {name}", "what moved", body)

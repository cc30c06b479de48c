"""Charts as hand-written SVG: lesson scores with their bands, and the continuum.

Standard library only, and imported only when a chart is drawn (the CLI never
imports it at start-up).  Every chart:

- is one self-contained ``<svg>`` element (no XML declaration, no ids, no
  scripts, no external references), so it can be written to a file beside a
  Markdown report or put inline in an HTML report, several to a page;
- has a ``<title>`` and a ``<desc>`` giving its content in words;
- names each band in words and prints each score beside its bar, so it reads
  in black and white;
- uses only the generic ``sans-serif`` font family;
- passes every piece of text (partnership, lesson and option names) through
  :func:`~partnercheck.render.clean` and XML escaping.

Charts are drawn from the report view (:mod:`partnercheck.render.report`),
which holds their data and every word of them: ``charts_for(view)`` gives
``{"lessons": svg, "continuum": svg}`` for an assessment, ``{"lessons":
svg}`` (before and after) for a comparison and ``{"trend": svg}`` (a line
per lesson across the rounds) for a trend.  Nothing here writes a file:
:func:`attachments` names the files for the edge to write beside a report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from . import clean
from .report import ChartRow, ContinuumChart, LessonsChart, ReportView, TrendChart, Zone

WIDTH = 720
FONT = "sans-serif"

# GOV.UK-like colours: each band's bar colour, its zone's tint, and the text.
INK = "#0b0c0c"
MUTED = "#505a5f"
BAND_FILL = {"strength": "#00703c", "watch": "#f47738", "gap": "#d4351c", None: "#b1b4b6"}
ZONE_FILL = {"strength": "#e3f1e9", "watch": "#fff4d6", "gap": "#fae1dd"}
BEFORE_FILL = "#b1b4b6"
# Each mark on the continuum: its colour and marker shape.
OPTION_MARKS = {
    "option": ("#1d70b8", "circle"),
    "ready_for": ("#00703c", "square"),
    "aims_for": ("#4c2c92", "triangle"),
}

# The lessons chart's columns: names on the left, the 0-100 scale, the words.
LABEL_X = 12
PLOT_X0 = 220
PLOT_X1 = 560
WORDS_X = 574
# Characters of a lesson name per line: fits the left column in wide fonts too.
NAME_CHARS = 26


# Characters XML 1.0 does not allow at all (control characters go in clean()).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def esc(text: object) -> str:
    """Text made safe for SVG: control characters removed, XML-escaped."""
    return _esc(str(text))


@lru_cache(maxsize=2048)  # names, labels and numbers repeat in every chart of a batch
def _esc(text: str) -> str:
    return (
        _NOT_XML.sub("", clean(text))
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


@lru_cache(maxsize=1024)  # the same coordinates in every chart
def _n(value: float) -> str:
    """A coordinate, short and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """Split text into at most ``lines`` lines of about ``width`` characters.

    What does not fit ends with an ellipsis; the whole text is still in the
    chart's description.
    """
    words = clean(text).split()
    out: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, width - 1)].rstrip() + "…"
    return [line if len(line) <= width else line[: width - 1] + "…" for line in out] or [""]


def _attrs(cls: str, extra: dict[str, str]) -> str:
    """Extra attributes (``stroke_width`` becomes ``stroke-width``) and a class."""
    out = f' class="{cls}"' if cls else ""
    return out + "".join(f' {k.replace("_", "-")}="{v}"' for k, v in extra.items())


class Svg:
    """A small SVG writer: elements are appended as already-escaped strings."""

    def __init__(self, width: int, height: int, title: str, desc: str) -> None:
        self.width, self.height = width, height
        self.parts: list[str] = [f"<title>{esc(title)}</title>", f"<desc>{esc(desc)}</desc>"]

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(self, x: float, y: float, text: str, *, size: int = 13, anchor: str = "start",
             weight: str = "normal", fill: str = INK, style: str = "") -> None:
        attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{size}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if weight != "normal":
            attrs += f' font-weight="{weight}"'
        if fill != INK:
            attrs += f' fill="{fill}"'
        if style:
            attrs += f' font-style="{style}"'
        self.add(f"<text {attrs}>{esc(text)}</text>")

    def lines_of_text(self, x: float, y: float, lines: Sequence[str], *, size: int = 13,
                      anchor: str = "start", weight: str = "normal", leading: float = 1.25) -> None:
        """Several lines, vertically centred on ``y``."""
        first = y - (len(lines) - 1) * size * leading / 2
        for i, line in enumerate(lines):
            self.text(x, first + i * size * leading, line, size=size, anchor=anchor, weight=weight)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, cls: str = "", **extra: str) -> None:
        attrs = _attrs(cls, extra)
        self.add(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}" fill="{fill}"{attrs}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = INK, width: float = 1,
             cls: str = "", **extra: str) -> None:
        attrs = _attrs(cls, extra)
        self.add(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" stroke-width="{_n(width)}"{attrs}/>'
        )

    def __str__(self) -> str:
        w, h = self.width, self.height
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'role="img" font-family="{FONT}" fill="{INK}">'
        )
        return "\n".join([head, *self.parts, "</svg>"]) + "\n"


# --------------------------------------------------------------------------
# Bands on a 0-100 scale
# --------------------------------------------------------------------------


def _x(score: float) -> float:
    return PLOT_X0 + (PLOT_X1 - PLOT_X0) * max(0.0, min(100.0, score)) / 100


def _scale(svg: Svg, zones: Sequence[Zone], top: float, bottom: float) -> None:
    """Band zones, threshold lines, band names above and the scale below."""
    for z in zones:
        svg.rect(_x(z.low), top, _x(z.high) - _x(z.low), bottom - top, ZONE_FILL[z.band])
        svg.text((_x(z.low) + _x(z.high)) / 2, top - 8, z.label, size=12, anchor="middle", weight="bold")
    svg.line(PLOT_X0, top, PLOT_X0, bottom, stroke=MUTED)
    svg.line(PLOT_X0, bottom, PLOT_X1, bottom, stroke=MUTED)
    ticks = {0.0, 100.0} | {z.low for z in zones}
    for z in zones:
        if z.low > 0:
            svg.line(_x(z.low), top - 2, _x(z.low), bottom, stroke=INK, width=1.2, cls=f"pc-threshold pc-{z.band}",
                     stroke_dasharray="5 3")
    for tick in sorted(ticks):
        svg.line(_x(tick), bottom, _x(tick), bottom + 5, stroke=MUTED)
        svg.text(_x(tick), bottom + 18, f"{tick:.0f}", size=11, anchor="middle", fill=MUTED)


# --------------------------------------------------------------------------
# Lessons: one assessment, or before and after
# --------------------------------------------------------------------------


def _whisker(svg: Svg, lo: float, hi: float, y: float, cap: float = 5, cls: str = "pc-range") -> None:
    """A low-high range, drawn as a line with end caps."""
    path = (
        f"M{_n(lo)} {_n(y - cap)} V{_n(y + cap)} M{_n(lo)} {_n(y)} H{_n(hi)} "
        f"M{_n(hi)} {_n(y - cap)} V{_n(y + cap)}"
    )
    svg.add(f'<path class="{cls}" d="{path}" fill="none" stroke="{INK}" stroke-width="1.6"/>')


def _frame(chart: LessonsChart, row: int, foot: int) -> tuple[Svg, list[tuple[float, ChartRow]], float]:
    """The chart, its heading, the band zones and scale: the SVG, each row's
    middle with its lesson (whose name :func:`_name` draws), and the scale's bottom."""
    top = 58
    bottom = top + row * len(chart.rows)
    svg = Svg(WIDTH, bottom + foot, chart.title, chart.desc)
    svg.text(LABEL_X, 22, chart.heading, size=15, weight="bold")
    _scale(svg, chart.zones, top, bottom)
    return svg, [(top + row * i + row / 2, lesson) for i, lesson in enumerate(chart.rows)], bottom


def _name(svg: Svg, mid: float, lesson: ChartRow) -> None:
    svg.lines_of_text(PLOT_X0 - 10, mid + 4, wrap(lesson.name, NAME_CHARS), anchor="end")


def lessons_chart(chart: LessonsChart) -> str:
    if chart.compared:
        return _before_after(chart)
    svg, mids, bottom = _frame(chart, 46, 64 if chart.ranged else 44)
    for mid, lesson in mids:
        _name(svg, mid, lesson)
        if lesson.score is None:
            svg.rect(PLOT_X0 + 1, mid - 9, PLOT_X1 - PLOT_X0 - 2, 18, "none", stroke=MUTED, stroke_dasharray="3 3")
            svg.text(WORDS_X, mid + 5, chart.missing, fill=MUTED, style="italic")
            continue
        ranged = lesson.low is not None and lesson.high is not None
        # Combined: a slimmer bar, with the respondents' range drawn beneath it.
        bar_top, bar_height = (mid - 13, 14) if ranged else (mid - 9, 18)
        svg.rect(PLOT_X0, bar_top, _x(lesson.score) - PLOT_X0, bar_height, BAND_FILL[lesson.band], cls="pc-bar",
                 stroke=INK, stroke_width="0.6")
        if ranged:
            _whisker(svg, _x(lesson.low), _x(lesson.high), mid + 9)  # type: ignore[arg-type]
            svg.text(WORDS_X, mid - 2, lesson.words, weight="bold")
            svg.text(WORDS_X, mid + 13, lesson.range, size=11, fill=MUTED)
        else:
            svg.text(WORDS_X, mid + 5, lesson.words, weight="bold")

    note_y = bottom + 38
    if chart.ranged:
        _whisker(svg, LABEL_X + 2, LABEL_X + 26, note_y - 4, cls="pc-key")
        svg.text(LABEL_X + 32, note_y, chart.range_key, size=11, fill=MUTED)
        note_y += 20
    svg.text(LABEL_X, note_y, chart.bands_line, size=11, fill=MUTED)
    return str(svg)


def _before_after(chart: LessonsChart) -> str:
    svg, mids, bottom = _frame(chart, 54, 64)
    for mid, l in mids:
        _name(svg, mid, l)
        for score, band, y, fill in ((l.old, l.old_band, mid - 14, BEFORE_FILL), (l.score, l.band, mid + 1, None)):
            if score is None:
                svg.text(PLOT_X0 + 6, y + 10, chart.missing, size=11, fill=MUTED, style="italic")
                continue
            svg.rect(PLOT_X0, y, _x(score) - PLOT_X0, 13, fill or BAND_FILL[band], cls="pc-bar pc-" + ("before" if fill else "after"),
                     stroke=INK, stroke_width="0.6")
        svg.text(WORDS_X, mid - 3, l.words, size=12, weight="bold")
        svg.text(WORDS_X, mid + 12, l.move, size=11)

    y = bottom + 38
    svg.rect(LABEL_X, y - 10, 22, 10, BEFORE_FILL, stroke=INK, stroke_width="0.6")
    svg.text(LABEL_X + 28, y, chart.before_key, size=11)
    for j, zone in enumerate(reversed(chart.zones)):
        svg.rect(LABEL_X + 170 + 9 * j, y - 10, 8, 10, BAND_FILL[zone.band], stroke=INK, stroke_width="0.6")
    svg.text(LABEL_X + 202, y, chart.after_key, size=11)
    svg.text(LABEL_X, y + 20, chart.bands_line, size=11, fill=MUTED)
    return str(svg)


# --------------------------------------------------------------------------
# The continuum
# --------------------------------------------------------------------------


def _marker(svg: Svg, shape: str, x: float, y: float, colour: str, cls: str) -> None:
    """A shape per mark (circle, square, triangle), so they differ without colour."""
    if shape == "circle":
        svg.add(f'<circle class="{cls}" cx="{_n(x)}" cy="{_n(y)}" r="8" fill="{colour}"/>')
    elif shape == "square":
        svg.rect(x - 7.5, y - 7.5, 15, 15, colour, cls=cls)
    else:
        svg.add(
            f'<path class="{cls}" d="M{_n(x)} {_n(y - 9)} L{_n(x + 9)} {_n(y + 7)} L{_n(x - 9)} {_n(y + 7)} Z" '
            f'fill="{colour}"/>'
        )


def continuum_chart(chart: ContinuumChart) -> str:
    numbers = [n for n, _ in chart.options]
    names = dict(chart.options)
    left, right = 110, WIDTH - 20
    step = (right - left) / len(numbers)
    xs = {n: left + step * (i + 0.5) for i, n in enumerate(numbers)}
    line_y = 62
    rows_y = [150 + 32 * i for i in range(len(chart.marks))]
    height = rows_y[-1] + 48

    svg = Svg(WIDTH, height, chart.title, chart.desc)
    svg.text(12, 22, chart.heading, size=15, weight="bold")

    here_colour = OPTION_MARKS["option"][0]
    svg.line(xs[numbers[0]], line_y, xs[numbers[-1]], line_y, stroke=MUTED, width=3)
    for n in numbers:
        here = n == chart.here
        fill = here_colour if here else "#ffffff"
        svg.add(f'<circle cx="{_n(xs[n])}" cy="{line_y}" r="15" fill="{fill}" stroke="{INK if not here else fill}" stroke-width="1.5"/>')
        svg.text(xs[n], line_y + 5, str(n), size=14, anchor="middle", weight="bold", fill="#ffffff" if here else INK)
        svg.lines_of_text(xs[n], line_y + 44, wrap(names[n], 16), size=12, anchor="middle", weight="bold" if here else "normal")
    for y in rows_y:
        svg.line(left, y + 16, right, y + 16, stroke="#e5e6e7")
    for n in numbers:
        svg.line(xs[n], line_y + 68, xs[n], rows_y[-1] + 16, stroke="#e5e6e7")

    for mark, y in zip(chart.marks, rows_y):
        colour, shape = OPTION_MARKS[mark.key]
        svg.text(12, y + 5, mark.label, weight="bold")
        value = mark.value
        if value is None or value not in xs:
            svg.text(left + 8, y + 5, mark.missing, fill=MUTED, style="italic")
            continue
        if mark.key == "aims_for" and chart.here in xs and chart.here != value:
            # The distance between where it is and where it aims.
            svg.line(xs[chart.here], y, xs[value], y, stroke=colour, width=2, stroke_dasharray="4 3")  # type: ignore[index]
        _marker(svg, shape, xs[value], y, colour, f"pc-mark pc-{mark.key.replace('_', '-')}")
        anchor = "end" if xs[value] > right - step else "start"
        offset = -14 if anchor == "end" else 14
        svg.text(xs[value] + offset, y + 5, mark.short, size=12, anchor=anchor, weight="bold", fill=colour)

    svg.text(12, height - 12, chart.note, size=11, fill=MUTED)
    return str(svg)


# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# A trend: each lesson's line across the rounds, against the bands
# --------------------------------------------------------------------------

TREND_X0 = 230
TREND_X1 = WIDTH - 90
TREND_ROW = 92
TREND_PAD = 14


def trend_chart(chart: TrendChart) -> str:
    """One row per lesson: its score in each round (oldest on the left) as a
    line over the band zones, each point labelled with its score; a round
    where the lesson was not assessed breaks the line."""
    top = 52
    rows = len(chart.lines)
    bottom = top + TREND_ROW * rows
    svg = Svg(WIDTH, bottom + 64, chart.title, chart.desc)
    svg.text(LABEL_X, 22, chart.heading, size=15, weight="bold")
    n = len(chart.rounds)
    step = (TREND_X1 - TREND_X0) / max(n - 1, 1)
    xs = [TREND_X0 + step * i if n > 1 else (TREND_X0 + TREND_X1) / 2 for i in range(n)]
    # The band names once, above the first row, at the right.
    for i, line in enumerate(chart.lines):
        y0 = top + TREND_ROW * i + TREND_PAD
        y1 = top + TREND_ROW * (i + 1) - TREND_PAD

        def y(score: float, y0: float = y0, y1: float = y1) -> float:
            return y1 - (y1 - y0) * max(0.0, min(100.0, score)) / 100

        for z in chart.zones:
            svg.rect(TREND_X0 - 10, y(z.high), TREND_X1 - TREND_X0 + 20, y(z.low) - y(z.high), ZONE_FILL[z.band])
            if i == 0:
                svg.text(TREND_X1 + 14, (y(z.low) + y(z.high)) / 2 + 4, z.label, size=10, fill=MUTED)
        for z in chart.zones:
            if z.low > 0:
                svg.line(TREND_X0 - 10, y(z.low), TREND_X1 + 10, y(z.low), stroke=INK, width=0.8,
                         cls=f"pc-threshold pc-{z.band}", stroke_dasharray="4 3")
        svg.lines_of_text(TREND_X0 - 24, (y0 + y1) / 2 + 4, wrap(line.name, NAME_CHARS), anchor="end")
        points = [(xs[j], y(score), score, band, words) for j, (score, band, words)
                  in enumerate(zip(line.scores, line.bands, line.words)) if score is not None]
        # the line, broken where a round was not assessed
        run: list[str] = []
        for j, score in enumerate(line.scores):
            if score is None:
                if len(run) > 1:
                    svg.add(f'<polyline class="pc-line" points="{" ".join(run)}" fill="none" stroke="{INK}" stroke-width="1.6"/>')
                run = []
                svg.text(xs[j], (y0 + y1) / 2 + 4, chart.missing, size=9, anchor="middle", fill=MUTED, style="italic")
                continue
            run.append(f"{_n(xs[j])},{_n(y(score))}")
        if len(run) > 1:
            svg.add(f'<polyline class="pc-line" points="{" ".join(run)}" fill="none" stroke="{INK}" stroke-width="1.6"/>')
        for x, py, score, band, words in points:
            svg.add(f'<circle class="pc-point pc-{band or "none"}" cx="{_n(x)}" cy="{_n(py)}" r="4.5" '
                    f'fill="{BAND_FILL.get(band, BAND_FILL[None])}" stroke="{INK}" stroke-width="0.8"/>')
            above = py - 8 if py - 8 > y0 else py + 16
            svg.text(x, above, words, size=11, anchor="middle", weight="bold")
        svg.line(TREND_X0 - 10, y1 + TREND_PAD / 2, TREND_X1 + 10, y1 + TREND_PAD / 2, stroke="#e5e6e7")
    # The rounds along the bottom: every date when they fit, else the first, the last and every other.
    every = 1 if n <= 6 else 2
    for j, label in enumerate(chart.rounds):
        svg.line(xs[j], bottom - TREND_PAD / 2, xs[j], bottom, stroke=MUTED)
        if j % every == 0 or j == n - 1:
            svg.text(xs[j], bottom + 14, label, size=10, anchor="middle", fill=MUTED)
    svg.text(LABEL_X, bottom + 44, chart.bands_line, size=11, fill=MUTED)
    return str(svg)


# --------------------------------------------------------------------------


def charts_for(view: ReportView) -> dict[str, str]:
    """Every chart of a report, drawn: key -> SVG."""
    out = {}
    for chart in view.charts:
        if isinstance(chart, ContinuumChart):
            out[chart.key] = continuum_chart(chart)
        elif isinstance(chart, TrendChart):
            out[chart.key] = trend_chart(chart)
        else:
            out[chart.key] = lessons_chart(chart)
    return out


def file_name(stem: str, key: str) -> str:
    """The file a chart is written to beside a report (``stem`` from formats.attachment_stem)."""
    return f"{stem}.{key}.svg"


def attachments(view: ReportView, stem: str) -> dict[str, str]:
    """The charts as files to write beside a report: file name -> SVG."""
    return {file_name(stem, key): svg for key, svg in charts_for(view).items()}

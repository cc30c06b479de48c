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

``charts_for(result)`` gives ``{"lessons": svg, "continuum": svg}`` for a
:class:`~partnercheck.models.Result` and ``{"lessons": svg}`` (before and
after) for a :class:`~partnercheck.models.Comparison`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..models import Comparison, Result
from . import band_label, change_text, clean, score_text

WIDTH = 720
FONT = "sans-serif"

# GOV.UK-like colours: each band's bar colour, its zone's tint, and the text.
INK = "#0b0c0c"
MUTED = "#505a5f"
BAND_FILL = {"strength": "#00703c", "watch": "#f47738", "gap": "#d4351c", None: "#b1b4b6"}
ZONE_FILL = {"strength": "#e3f1e9", "watch": "#fff4d6", "gap": "#fae1dd"}
BEFORE_FILL = "#b1b4b6"
OPTION_MARKS = {
    # row label, colour, marker shape
    "option": ("Is here", "#1d70b8", "circle"),
    "ready_for": ("Ready for", "#00703c", "square"),
    "aims_for": ("Aims for", "#4c2c92", "triangle"),
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
    return (
        _NOT_XML.sub("", clean(str(text)))
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


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


def _zones(bands: dict[str, float]) -> list[tuple[str, float, float]]:
    """(band id, from, to) for each band, lowest first."""
    ordered = sorted(((b, m) for b, m in bands.items() if b in ZONE_FILL), key=lambda bm: bm[1])
    if not ordered:
        return []
    out = []
    for i, (band, low) in enumerate(ordered):
        high = ordered[i + 1][1] if i + 1 < len(ordered) else 100.0
        out.append((band, max(0.0, low), min(100.0, high)))
    return out


def _scale(svg: Svg, bands: dict[str, float], top: float, bottom: float) -> None:
    """Band zones, threshold lines, band names above and the scale below."""
    zones = _zones(bands)
    for band, low, high in zones:
        svg.rect(_x(low), top, _x(high) - _x(low), bottom - top, ZONE_FILL[band])
        svg.text((_x(low) + _x(high)) / 2, top - 8, band_label(band), size=12, anchor="middle", weight="bold")
    svg.line(PLOT_X0, top, PLOT_X0, bottom, stroke=MUTED)
    svg.line(PLOT_X0, bottom, PLOT_X1, bottom, stroke=MUTED)
    ticks = {0.0, 100.0} | {low for _, low, _ in zones}
    for band, low, _ in zones:
        if low > 0:
            svg.line(_x(low), top - 2, _x(low), bottom, stroke=INK, width=1.2, cls=f"pc-threshold pc-{band}",
                     stroke_dasharray="5 3")
    for tick in sorted(ticks):
        svg.line(_x(tick), bottom, _x(tick), bottom + 5, stroke=MUTED)
        svg.text(_x(tick), bottom + 18, f"{tick:.0f}", size=11, anchor="middle", fill=MUTED)


def _band_rule(bands: dict[str, float]) -> str:
    zones = _zones(bands)
    parts = []
    for band, low, high in reversed(zones):
        if high >= 100:
            parts.append(f"{band_label(band)} {low:.0f} and above")
        elif low <= 0:
            parts.append(f"{band_label(band)} below {high:.0f}")
        else:
            parts.append(f"{band_label(band)} {low:.0f} to {high - 1:.0f}")
    return "; ".join(parts)


# --------------------------------------------------------------------------
# Lessons (one assessment)
# --------------------------------------------------------------------------


def _whisker(svg: Svg, lo: float, hi: float, y: float, cap: float = 5, cls: str = "pc-range") -> None:
    """A low-high range, drawn as a line with end caps."""
    path = (
        f"M{_n(lo)} {_n(y - cap)} V{_n(y + cap)} M{_n(lo)} {_n(y)} H{_n(hi)} "
        f"M{_n(hi)} {_n(y - cap)} V{_n(y + cap)}"
    )
    svg.add(f'<path class="{cls}" d="{path}" fill="none" stroke="{INK}" stroke-width="1.6"/>')


def lessons_chart(result: Result) -> str:
    lessons = list(result.lessons.values())
    many = result.respondents > 1 and any(l.low is not None and l.high is not None for l in lessons)
    row = 46
    top = 58
    bottom = top + row * len(lessons)
    height = bottom + (64 if many else 44)

    described = []
    for l in lessons:
        words = f"{clean(l.name)}: {score_text(l.score)}, {band_label(l.band)}"
        if many and l.low is not None and l.high is not None:
            words += f" (respondents from {score_text(l.low)} to {score_text(l.high)})"
        described.append(words)
    desc = "Each lesson's score from 0 to 100. " + "; ".join(described) + "."
    if result.bands:
        desc += " Bands: " + _band_rule(result.bands) + "."
    svg = Svg(WIDTH, height, f"Lesson scores: {result.partnership}", desc)
    svg.text(LABEL_X, 22, "Lesson scores, 0 to 100", size=15, weight="bold")
    _scale(svg, result.bands, top, bottom)

    for i, lesson in enumerate(lessons):
        mid = top + row * i + row / 2
        svg.lines_of_text(PLOT_X0 - 10, mid + 4, wrap(lesson.name, NAME_CHARS), anchor="end")
        if lesson.score is None:
            svg.rect(PLOT_X0 + 1, mid - 9, PLOT_X1 - PLOT_X0 - 2, 18, "none", stroke=MUTED, stroke_dasharray="3 3")
            svg.text(WORDS_X, mid + 5, "Not assessed", fill=MUTED, style="italic")
            continue
        ranged = many and lesson.low is not None and lesson.high is not None
        # Combined: a slimmer bar, with the respondents' range drawn beneath it.
        bar_top, bar_height = (mid - 13, 14) if ranged else (mid - 9, 18)
        svg.rect(PLOT_X0, bar_top, _x(lesson.score) - PLOT_X0, bar_height, BAND_FILL[lesson.band], cls="pc-bar",
                 stroke=INK, stroke_width="0.6")
        words = f"{score_text(lesson.score)}  {band_label(lesson.band)}"
        if ranged:
            _whisker(svg, _x(lesson.low), _x(lesson.high), mid + 9)  # type: ignore[arg-type]
            svg.text(WORDS_X, mid - 2, words, weight="bold")
            svg.text(WORDS_X, mid + 13, f"range {score_text(lesson.low)}–{score_text(lesson.high)}", size=11, fill=MUTED)
        else:
            svg.text(WORDS_X, mid + 5, words, weight="bold")

    note_y = bottom + 38
    if many:
        _whisker(svg, LABEL_X + 2, LABEL_X + 26, note_y - 4, cls="pc-key")
        svg.text(LABEL_X + 32, note_y, f"Range between the {result.respondents} respondents (lowest to highest score)",
                 size=11, fill=MUTED)
        note_y += 20
    if result.bands:
        svg.text(LABEL_X, note_y, "Bands: " + _band_rule(result.bands) + ".", size=11, fill=MUTED)
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


def continuum_chart(result: Result) -> str:
    c = result.continuum
    numbers = sorted(c.options) or [1, 2, 3, 4, 5]
    names = {n: c.options.get(n, str(n)) for n in numbers}
    left, right = 110, WIDTH - 20
    step = (right - left) / len(numbers)
    xs = {n: left + step * (i + 0.5) for i, n in enumerate(numbers)}
    line_y = 62
    rows_y = [150, 182, 214]
    height = 262

    def name(n: int | None) -> str:
        return f"{n} {clean(names.get(n, ''))}".strip() if n else "not placed"

    desc = (
        f"The five options from expert alone to full partnership. Is here: {name(c.option)}. "
        f"Ready for: {name(c.ready_for)}. Aims for: {name(c.aims_for) if c.aims_for else 'not asked or not answered'}."
    )
    svg = Svg(WIDTH, height, f"Where the partnership is on the continuum: {result.partnership}", desc)
    svg.text(12, 22, "The continuum: who holds the power", size=15, weight="bold")

    svg.line(xs[numbers[0]], line_y, xs[numbers[-1]], line_y, stroke=MUTED, width=3)
    for n in numbers:
        here = n == c.option
        fill = OPTION_MARKS["option"][1] if here else "#ffffff"
        svg.add(f'<circle cx="{_n(xs[n])}" cy="{line_y}" r="15" fill="{fill}" stroke="{INK if not here else fill}" stroke-width="1.5"/>')
        svg.text(xs[n], line_y + 5, str(n), size=14, anchor="middle", weight="bold", fill="#ffffff" if here else INK)
        svg.lines_of_text(xs[n], line_y + 44, wrap(names[n], 16), size=12, anchor="middle", weight="bold" if here else "normal")
    for y in rows_y:
        svg.line(left, y + 16, right, y + 16, stroke="#e5e6e7")
    for n in numbers:
        svg.line(xs[n], line_y + 68, xs[n], rows_y[-1] + 16, stroke="#e5e6e7")

    for (key, (label, colour, shape)), y in zip(OPTION_MARKS.items(), rows_y):
        svg.text(12, y + 5, label, weight="bold")
        value = getattr(c, key)
        if value is None or value not in xs:
            svg.text(left + 8, y + 5, "not placed" if key == "option" else "not asked or not answered", fill=MUTED, style="italic")
            continue
        if key == "aims_for" and c.option in xs and c.option != value:
            # The distance between where it is and where it aims.
            svg.line(xs[c.option], y, xs[value], y, stroke=colour, width=2, stroke_dasharray="4 3")
        _marker(svg, shape, xs[value], y, colour, f"pc-mark pc-{key.replace('_', '-')}")
        anchor = "end" if xs[value] > right - step else "start"
        offset = -14 if anchor == "end" else 14
        svg.text(xs[value] + offset, y + 5, label.lower(), size=12, anchor=anchor, weight="bold", fill=colour)

    svg.text(12, height - 12, "A continuum, not a ladder: each option is right for some problems.", size=11, fill=MUTED)
    return str(svg)


# --------------------------------------------------------------------------
# Before and after (a comparison)
# --------------------------------------------------------------------------


def comparison_chart(c: Comparison) -> str:
    lessons = list(c.lessons.values())
    row = 54
    top = 58
    bottom = top + row * len(lessons)
    height = bottom + 64

    def when(d: Any, fallback: str) -> str:
        return d.isoformat() if d else fallback

    before, after = when(c.old_date, "before"), when(c.new_date, "after")
    described = [
        f"{clean(l.name)}: {score_text(l.old)} ({band_label(l.old_band)}) to {score_text(l.new)} ({band_label(l.new_band)})"
        for l in lessons
    ]
    desc = f"Each lesson's score before ({before}) and after ({after}). " + "; ".join(described) + "."
    svg = Svg(WIDTH, height, f"Lesson scores before and after: {c.partnership}", desc)
    svg.text(LABEL_X, 22, "Lesson scores before and after, 0 to 100", size=15, weight="bold")
    bands = c.bands or {"strength": 70.0, "watch": 45.0, "gap": 0.0}
    _scale(svg, bands, top, bottom)

    for i, l in enumerate(lessons):
        mid = top + row * i + row / 2
        svg.lines_of_text(PLOT_X0 - 10, mid + 4, wrap(l.name, NAME_CHARS), anchor="end")
        for score, band, y, fill in ((l.old, l.old_band, mid - 14, BEFORE_FILL), (l.new, l.new_band, mid + 1, None)):
            if score is None:
                svg.text(PLOT_X0 + 6, y + 10, "not assessed", size=11, fill=MUTED, style="italic")
                continue
            svg.rect(PLOT_X0, y, _x(score) - PLOT_X0, 13, fill or BAND_FILL[band], cls="pc-bar pc-" + ("before" if fill else "after"),
                     stroke=INK, stroke_width="0.6")
        change = change_text(l.old, l.new)
        svg.text(WORDS_X, mid - 3, f"{score_text(l.old)} → {score_text(l.new)}  ({change})", size=12, weight="bold")
        move = band_label(l.new_band) if l.band_move in ("same", "n/a") else f"{band_label(l.old_band)} → {band_label(l.new_band)}"
        svg.text(WORDS_X, mid + 12, move, size=11)

    y = bottom + 38
    svg.rect(LABEL_X, y - 10, 22, 10, BEFORE_FILL, stroke=INK, stroke_width="0.6")
    svg.text(LABEL_X + 28, y, f"Before ({before})", size=11)
    for j, band in enumerate(("strength", "watch", "gap")):
        svg.rect(LABEL_X + 170 + 9 * j, y - 10, 8, 10, BAND_FILL[band], stroke=INK, stroke_width="0.6")
    svg.text(LABEL_X + 202, y, f"After ({after}), in its band's colour", size=11)
    svg.text(LABEL_X, y + 20, "Bands: " + _band_rule(bands) + ".", size=11, fill=MUTED)
    return str(svg)


# --------------------------------------------------------------------------


def charts_for(obj: Result | Comparison) -> dict[str, str]:
    """The charts for a result (lessons, continuum) or a comparison (lessons)."""
    if isinstance(obj, Comparison):
        return {"lessons": comparison_chart(obj)}
    return {"lessons": lessons_chart(obj), "continuum": continuum_chart(obj)}


def write_beside(obj: Any, report: Path, *, sync: bool = True) -> dict[str, str]:
    """Write the charts as SVG files beside a report (``<stem>.<key>.svg``).

    Returns {key: file name} for the report to link; the names are made from
    the report's name by ``safe_filename``, so they need no escaping.  Files are written
    atomically; an OSError is left to the caller.
    """
    from ..files import safe_filename, write_atomic

    # A name with spaces or brackets would break the Markdown image link.
    stem = safe_filename(report.stem, fallback="report")
    names = {}
    for key, svg in charts_for(obj).items():
        name = f"{stem}.{key}.svg"
        write_atomic(report.parent / name, svg, sync=sync)
        names[key] = name
    return names

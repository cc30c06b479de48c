"""The report view: what a report says and in what order, decided once.

:func:`build` turns a :class:`~partnercheck.models.Result` or a
:class:`~partnercheck.history.Comparison`, with the question bank whose words
it is told in, into a :class:`ReportView`: a title, the facts, then sections,
each with an id, a heading, its blocks of already-worded cells and the
sentence shown when it has nothing to show, and the data of its charts.
Every format (terminal, Markdown, HTML, the SVG charts) draws this view and
only adds its markup, so a heading, a sentence or the order of the sections
is changed here, or in the bank, and nowhere else.

Every word comes from the bank's ``texts`` (and its bands' labels and
meanings), so a bank in another language changes every word of the report.
Text from files (names, notes, the bank's own words) is cleaned of control
characters here; each format still escapes it for its own markup.

The view is plain frozen dataclasses (quick to import, nothing to validate),
built once per partnership and shared by the report and its charts.  Cells
carry *hints* a format may use or ignore: a band (for a colour), a score (for
a bar or meter), a change (up or down), code, strong, muted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from string import Template
from typing import TYPE_CHECKING, Any, Literal, Union

from .. import bands as band_rules
from ..bands import Bands, BandInfo, shown
from . import clean

if TYPE_CHECKING:
    from ..history import ActionReview, Comparison, Trend
    from ..models import Bank, Gap, Result, Texts

# How many statements "Statements that moved most" lists.
MOST_MOVED = 10
# How many questions the board is asked on the page; the rest go to the appendix.
MAX_BOARD_QUESTIONS = 5


# --------------------------------------------------------------------------
# The view
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of words, with hints: a band (``"none"`` for no band) to colour
    it by, a signed change (up or down), code (an id or a file name), strong,
    muted (a missing value)."""

    text: str
    band: str | None = None
    change: int | None = None
    code: bool = False
    strong: bool = False
    muted: bool = False


Spans = tuple[Span, ...]


def plain(spans: Iterable[Span]) -> str:
    return "".join(s.text for s in spans)


@dataclass(frozen=True)
class Cell:
    """A table cell: its words, and the score (0-100) and band a format may draw as a bar."""

    spans: Spans
    score: float | None = None
    band: str | None = None
    numeric: bool = False
    # Scores across rounds, (score, band) oldest first: a format may draw a sparkline.
    series: tuple[tuple[float | None, str | None], ...] = ()

    @property
    def text(self) -> str:
        return plain(self.spans)


@dataclass(frozen=True)
class Column:
    heading: str
    align: Literal["left", "right", "center"] = "left"
    # Cells carry a score: a format may draw a bar or meter beside them.
    bar: bool = False
    # A relative width (percent) for formats that fix column widths.
    width: int | None = None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    # What the row is ("overall" for the overall score), for formats that single it out.
    key: str = ""
    # The row to stand out (the option where the partnership is).
    current: bool = False


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    # A sub-heading over the table (a lesson in "Answers in detail").
    caption: str = ""
    # "continuum": the options, with the marks; a format may draw it as a line.
    kind: str = ""


@dataclass(frozen=True)
class Item:
    """A list item: a tag (``tag_kind`` hints its colour), a lead (a lesson's
    name), the text, and a detail line below it."""

    text: Spans
    tag: str = ""
    tag_kind: str = ""
    lead: str = ""
    detail: Spans = ()


@dataclass(frozen=True)
class Items:
    items: tuple[Item, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Note:
    """A sentence under a table (muted), or a paragraph of the report's own
    (``muted=False``: the summary)."""

    spans: Spans
    muted: bool = True


@dataclass(frozen=True)
class LegendEntry:
    band: str
    label: str
    range: str
    meaning: str
    spans: Spans  # the whole entry, as worded by the bank


@dataclass(frozen=True)
class Legend:
    """The bands, their thresholds and meanings."""

    intro: str
    entries: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class Figure:
    """Where a chart goes (``ReportView.chart(key)``), with its caption."""

    key: str
    caption: str


Block = Union[Table, Items, Note, Legend, Figure]


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    blocks: tuple[Block, ...]
    # Shown instead of the blocks when there are none.
    empty: str = ""
    # A sentence under the heading.
    intro: str = ""
    # "prominent" (the questions for the board), "caution" (warnings), or "".
    emphasis: str = ""
    # Printed formats start a new page here.
    page: bool = False


@dataclass(frozen=True)
class Headline:
    """The overall score, for formats that show it large."""

    label: str
    score: str
    out_of: str
    band: str | None
    band_label: str
    note: Spans = ()


# Charts: the data and every word of them, drawn by render/charts.py.


@dataclass(frozen=True)
class Zone:
    band: str
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class ChartRow:
    name: str
    score: float | None
    band: str | None
    words: str  # beside the bar
    low: float | None = None
    high: float | None = None
    range: str = ""
    # before and after (a comparison)
    old: float | None = None
    old_band: str | None = None
    move: str = ""


@dataclass(frozen=True)
class LessonsChart:
    key: str
    title: str
    heading: str
    desc: str
    caption: str
    rows: tuple[ChartRow, ...]
    zones: tuple[Zone, ...]
    bands_line: str
    missing: str
    ranged: bool = False
    range_key: str = ""
    # before and after (a comparison)
    compared: bool = False
    before_key: str = ""
    after_key: str = ""


@dataclass(frozen=True)
class Mark:
    key: str  # option, ready_for, aims_for
    label: str  # the row's label
    short: str  # beside the marker
    value: int | None
    missing: str


@dataclass(frozen=True)
class ContinuumChart:
    key: str
    title: str
    heading: str
    desc: str
    caption: str
    options: tuple[tuple[int, str], ...]
    here: int | None
    marks: tuple[Mark, ...]
    note: str


@dataclass(frozen=True)
class TrendLine:
    """One lesson's scores across the rounds."""

    name: str
    scores: tuple[float | None, ...]
    bands: tuple[str | None, ...]
    words: tuple[str, ...]  # each point's score as shown ("" when not assessed)


@dataclass(frozen=True)
class TrendChart:
    key: str
    title: str
    heading: str
    desc: str
    caption: str
    rounds: tuple[str, ...]  # each round's label (its date)
    lines: tuple[TrendLine, ...]
    zones: tuple[Zone, ...]
    bands_line: str
    missing: str


Chart = Union[LessonsChart, ContinuumChart, TrendChart]


@dataclass(frozen=True)
class ReportView:
    kind: Literal["assessment", "comparison", "trend"]
    language: str
    brand: str
    # What the report is ("Partnership assessment"), and of whom.
    what: str
    subject: str
    title: Spans
    intro: str
    facts: Table
    headline: Headline
    sections: tuple[Section, ...]
    charts: tuple[Chart, ...]
    disclaimer: str
    # The result or comparison itself, for formats that publish the data (JSON).
    source: Any = field(default=None, compare=False, repr=False)

    def chart(self, key: str) -> Chart | None:
        return next((c for c in self.charts if c.key == key), None)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


# --------------------------------------------------------------------------
# Words from templates
# --------------------------------------------------------------------------

_PLACEHOLDER = re.compile(Template.pattern.pattern, re.VERBOSE | re.IGNORECASE)
Value = Union[str, int, Span, Sequence[Span]]

# Bank texts and names repeat in every report of a batch: cleaned once.
_clean = lru_cache(maxsize=16384)(clean)


def _is_plain(s: Span) -> bool:
    return s.band is None and s.change is None and not (s.code or s.strong or s.muted)


@lru_cache(maxsize=1024)
def _parse(template: str) -> tuple[tuple[str, str | None], ...]:
    """A template as (text, placeholder name or None) pieces."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        out.append((template[pos : m.start()], None))
        pos = m.end()
        name = m.group("named") or m.group("braced")
        if m.group("escaped") is not None:
            out.append(("$", None))
        else:
            out.append((m.group(0), name))
    out.append((template[pos:], None))
    return tuple(out)


@lru_cache(maxsize=1024)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """:func:`_parse`'s pieces with their text already cleaned: a piece's text
    is what is shown when it is not a placeholder or its value is missing."""
    return tuple((_clean(text), name) for text, name in _parse(template))


def spans(template: str, **values: Value) -> Spans:
    """A bank template (``$name`` placeholders only) filled in, as spans.

    A value given as a :class:`Span` (or a sequence of them) keeps its hints;
    everything else is plain text.  Every piece is cleaned of control
    characters (line breaks become spaces); pieces left empty are dropped,
    and neighbouring plain pieces are one span.
    """
    for value in values.values():  # cached when every value is text or a whole number
        kind = type(value)
        if kind is not str and kind is not int:
            return _spans(template, values)
    return _spans_memo(template, tuple(values.items()))


@lru_cache(maxsize=2048)
def _spans_memo(template: str, key: tuple[tuple[str, Value], ...]) -> Spans:
    # The same template and values, in every report of a batch: filled in
    # once.  Only text and ints are cached: a bool or a float equals an int
    # as a key, yet is worded differently.
    return _spans(template, dict(key))


def _spans(template: str, values: dict[str, Value]) -> Spans:
    out: list[Span] = []
    run: list[str] = []  # plain text not yet made a span

    for text, name in _pieces(template):
        value = values.get(name) if name is not None else None  # type: ignore[arg-type]
        if value is None:
            if text:
                run.append(text)
            continue
        if isinstance(value, Span):
            value = (value,)
        elif isinstance(value, (str, int)):
            text = _clean(str(value))
            if text:
                run.append(text)
            continue
        for piece in value:
            text = _clean(piece.text)
            if not text:
                continue
            if _is_plain(piece):
                run.append(text)
                continue
            if run:
                out.append(Span("".join(run)))
                run = []
            out.append(piece if text == piece.text else Span(text, piece.band, piece.change, piece.code, piece.strong, piece.muted))
    if run:
        out.append(Span("".join(run)))
    return tuple(out)


def words(template: str, **values: Value) -> str:
    """:func:`spans` as plain text."""
    for value in values.values():  # cached as spans() is
        kind = type(value)
        if kind is not str and kind is not int:
            return _words(template, values)
    return _words_memo(template, tuple(values.items()))


@lru_cache(maxsize=2048)
def _words_memo(template: str, key: tuple[tuple[str, Value], ...]) -> str:
    return _words(template, dict(key))


def _words(template: str, values: dict[str, Value]) -> str:
    out: list[str] = []
    for text, name in _pieces(template):
        value = values.get(name) if name is not None else None  # type: ignore[arg-type]
        if value is None:
            out.append(text)
        elif isinstance(value, str):
            out.append(_clean(value))
        elif isinstance(value, Span):
            out.append(_clean(value.text))
        elif isinstance(value, int):
            out.append(_clean(str(value)))
        else:
            out.extend(_clean(piece.text) for piece in value)
    return "".join(out)


def joined(parts: Sequence[Spans], sep: str = ", ") -> Spans:
    out: list[Span] = []
    for i, part in enumerate(parts):
        if i:
            out.append(Span(sep))
        out.extend(part)
    return tuple(out)


def cell(value: str | Span | Spans, *, score: float | None = None, band: str | None = None, numeric: bool = False) -> Cell:
    if score is None and band is None and (numeric is True or numeric is False):
        kind = type(value)
        if kind is str:
            return _text_cell(value, numeric)
        if kind is Span:  # a score, a band, a number: one span
            text = _clean(value.text)  # type: ignore[union-attr]
            if text != value.text:  # type: ignore[union-attr]
                value = Span(text, value.band, value.change, value.code, value.strong, value.muted)  # type: ignore[union-attr]
            return Cell((value,), None, None, numeric)  # type: ignore[arg-type]
    if isinstance(value, str):
        value = (Span(value),) if value else ()
    elif isinstance(value, Span):
        value = (value,)
    cleaned = tuple(s if (text := _clean(s.text)) == s.text else Span(text, s.band, s.change, s.code, s.strong, s.muted) for s in value)
    return Cell(cleaned, score, band, numeric)


@lru_cache(maxsize=2048)
def _text_cell(value: str, numeric: bool) -> Cell:
    # Statements, labels and numbers repeat in every report of a batch.
    return Cell((Span(_clean(value)),) if value else (), None, None, numeric)


_OPTIONS: tuple[Any, dict[str, tuple[tuple[str, str], ...]]] | None = None


def _answer_options(bank: Bank) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each question's answers, (value, label) in the scale's order: worked
    out once for the bank a batch shares, not for every divergent statement."""
    global _OPTIONS
    if _OPTIONS is None or _OPTIONS[0] is not bank:
        options: dict[str, tuple[tuple[str, str], ...]] = {}
        for q in bank.questions():
            if q.id not in options:  # the first question of that id, as a search finds
                found = bank.scale(q.scale).options if hasattr(q, "scale") else q.options
                options[q.id] = tuple((o.value, o.label) for o in found)
        _OPTIONS = (bank, options)
    return _OPTIONS[1]


class _Words:
    """The bank's words for one report, with the small phrases built from them."""

    def __init__(self, texts: Texts, bands: Bands, sources: dict[str, str] | None = None, bank: Bank | None = None):
        self.t = texts
        self.bands = bands
        self.bank = bank
        # Source key -> how a reader sees it (title, author, year).
        self.sources = sources or {}

    def counts_in_order(self, question: str, counts: dict[str, int]) -> list[tuple[str, int]]:
        """How respondents answered, by the answer's label, in the scale's order."""
        options = _answer_options(self.bank).get(question, ()) if self.bank is not None else ()
        known = [(label, counts[value]) for value, label in options if value in counts]
        listed = {value for value, _ in options}
        rest = [(value, n) for value, n in sorted(counts.items()) if value not in listed]
        return known + rest

    def quoted(self, text: str) -> str:
        """A statement quoted in a sentence, in the bank's quotation marks, without its full stop."""
        return words(self.t.quoted, statement=text.rstrip("."))

    def source(self, key: str) -> Span:
        """A cited source by its title, never a key or a file name."""
        return Span(self.sources[key]) if key in self.sources else Span(key, code=True)

    def score(self, score: float | None) -> Span:
        return Span(self.t.not_available, muted=True) if score is None else Span(str(shown(score)))

    def change(self, old: float | None, new: float | None) -> Span:
        if old is None or new is None:
            return Span(self.t.not_available, muted=True)
        diff = shown(new) - shown(old)
        return Span(f"{diff:+d}", change=diff)

    def band(self, band: str | None) -> Span:
        return Span(_clean(self.bands.label(band)), band=band or "none")

    def option(self, number: int | None, name: str | None, missing: str) -> Spans:
        if not number:
            return (Span(missing, muted=True),)
        return spans(self.t.option_value, number=str(number), name=name or "")

    def where(self, c: Any) -> Spans:
        """Where the partnership is: its option, or the options its answers
        still allow (never the lowest of them as if it were settled)."""
        allowed = list(getattr(c, "allowed", []) or [])
        if not c.option and 1 < len(allowed) < len(c.options or range(5)):
            return spans(self.t.options_open, low=str(allowed[0]), high=str(allowed[-1]))
        return self.option(c.option, c.option_name, self.t.not_placed)

    def band_range(self, b: BandInfo) -> str:
        if b.below is None:
            return words(self.t.band_range_top, low=f"{b.low:.0f}")
        if b.low <= 0:
            return words(self.t.band_range_bottom, below=f"{b.below:.0f}")
        return words(self.t.band_range_middle, low=f"{b.low:.0f}", high=f"{b.below - 1:.0f}")

    def legend(self) -> Legend:
        entries = []
        for b in self.bands.bands:
            rng = self.band_range(b)
            entry = spans(self.t.band_entry, label=Span(_clean(b.label), band=b.id), range=rng, meaning=b.meaning)
            entries.append(LegendEntry(b.id, _clean(b.label), rng, _clean(b.meaning), entry))
        return Legend(_clean(self.t.bands_intro), tuple(entries))

    def bands_line(self) -> str:
        short = [words(self.t.band_short, label=b.label, range=self.band_range(b)) for b in self.bands.bands]
        return words(self.t.bands_line, bands="; ".join(short))

    def zones(self) -> tuple[Zone, ...]:
        return tuple(
            Zone(b.id, max(0.0, b.low), min(100.0, b.below if b.below is not None else 100.0), _clean(b.label))
            for b in self.bands.lowest_first()
        )

    def date(self, d: Any) -> str:
        return d.isoformat() if d else self.t.not_given

    def gap_item(self, g: Gap, lesson_name: str, tag_kind: str, said: str | None = None) -> Item:
        tag = {"lesson": self.t.gap_lesson, "minority": self.t.gap_minority}.get(g.kind, self.t.gap_statement)
        return Item(spans(said if said is not None else g.reason), tag=_clean(tag), tag_kind=tag_kind, lead=_clean(lesson_name))

    def verdict(self, readiness: str | None) -> Span:
        """Whether the scores carry an option, in a word or two."""
        if readiness is None:
            return Span(self.t.not_available, muted=True)
        return Span(_clean({"ready": self.t.verdict_ready, "not ready": self.t.verdict_not_ready}.get(readiness, self.t.verdict_cannot)))

    def section(self, id: str, heading: str, blocks: Iterable[Block | None], empty: str = "", **hints: Any) -> Section:
        return Section(id, _clean(heading), tuple(b for b in blocks if b is not None), _clean(empty), **hints)


# --------------------------------------------------------------------------
# Building the view
# --------------------------------------------------------------------------


def build(source: Result | Comparison | Trend, bank: Bank) -> ReportView:
    """The report view of an assessment or a comparison, in the bank's words.

    The thresholds are those the result recorded (a saved result keeps the
    bands it was scored with); labels, meanings and every other word are the
    bank's.
    """
    w = _Words(bank.texts, Bands.of(bank, source.bands or None), _source_names(bank), bank)
    if source.kind == "comparison":
        return _comparison(source, w)  # type: ignore[arg-type]
    if source.kind == "trend":
        return _trend(source, w)  # type: ignore[arg-type]
    return _assessment(source, w)  # type: ignore[arg-type]


def _view(w: _Words, source: Result | Comparison | Trend, kind: str, intro: str, facts: Table, headline: Headline,
          sections: Sequence[Section | None], charts: tuple[Chart, ...]) -> ReportView:
    what = _clean(kind)
    return ReportView(
        kind=source.kind,
        language=_clean(w.t.language),
        brand=_clean(w.t.brand),
        what=what,
        subject=_clean(source.partnership),
        title=spans(w.t.title, kind=what, partnership=Span(source.partnership, strong=True)),
        intro=_clean(intro),
        facts=facts,
        headline=headline,
        sections=tuple(x for x in sections if x is not None),
        charts=charts,
        disclaimer=_clean(source.disclaimer),
        source=source,
    )


def _first_page(r: Result, w: _Words) -> list[Section | None]:
    """What a board reads first: who answered, the picture in a few sentences,
    what is going well, the top priorities, and the question to discuss."""
    t = w.t
    c = r.continuum
    lessons = r.lessons
    names = {k: l.name for k, l in lessons.items()}

    if r.respondents == 1:
        who = words(t.who_single, who=_people(w, r))
    elif r.organisations == 1:
        who = words(t.who_combined_one_organisation, count=r.respondents)
    elif r.organisations:
        who = words(t.who_combined, count=r.respondents, organisations=r.organisations)
    else:
        who = words(t.who_combined_unknown, count=r.respondents)
    if r.groups:  # organisations large enough to name (the anonymity rule)
        who += " " + words(t.who_groups, organisations=_joined(w, [g.organisation for g in r.groups]))

    summary = [words(t.summary_score, score=w.score(r.score).text, band=w.band(r.band).text) if r.score is not None
               else _clean(t.summary_no_score)]
    if c.option:
        if c.aims_for == c.option:
            summary.append(words(t.summary_where_aimed, option=w.quoted(c.option_name or "")))
        elif c.aims_for and c.aims_for > c.option:
            summary.append(words(t.summary_where_aiming, option=w.quoted(c.option_name or ""), aims=w.quoted(c.aims_for_name or "")))
        else:
            summary.append(words(t.summary_where, option=w.quoted(c.option_name or "")))
        # Said only when it is not yes: a summary of three to five sentences.
        if c.ready_here != "ready":
            summary.append(_clean(t.summary_not_carried if c.ready_here == "not ready" else t.summary_carry_unknown))
    else:
        allowed = list(c.allowed) or sorted(c.options)
        summary.append(words(t.summary_unplaced, options=words(t.option_span, low=allowed[0], high=allowed[-1])))
    strong = [(l.id, l.name) for l in lessons.values() if l.band == "strength"]
    gaps = [(g.lesson, names[g.lesson]) for g in r.gaps if g.kind == "lesson"]
    if len(strong) == len(lessons) > 1:
        # not "strongest on" all six: that every lesson is one is the finding
        summary.append(_clean(t.summary_all_strengths))
    elif strong and gaps:
        summary.append(words(t.summary_strengths_gaps, **_lesson_words(w, strong, "strong"), **_lesson_words(w, gaps, "gaps")))
    elif strong:
        summary.append(words(t.summary_strengths, **_lesson_words(w, strong)))
    elif gaps:
        summary.append(words(t.summary_gaps, **_lesson_words(w, gaps)))
    # The partner apart from the rest: one finding, with the lessons only
    # they put in the gap band; other partners' low lessons after it.
    apart = [(g.lesson, names[g.lesson]) for g in r.gaps if g.kind == "minority" and g.pattern]
    minority = [(g.lesson, names[g.lesson]) for g in r.gaps if g.kind == "minority" and not g.pattern]
    if apart:
        summary.append(words(t.summary_pattern_gaps, **_lesson_words(w, apart)))
    elif any(d.kind == "pattern" for d in r.divergence):
        summary.append(_clean(t.summary_pattern))
    if minority:
        summary.append(words(t.summary_minority, **_lesson_words(w, minority)))

    best_min = w.bands.get("strength").low
    best = sorted((st for st in r.statements if st.score is not None and st.score >= best_min), key=lambda st: -(st.score or 0))
    # Each strength with its score ("a shared interest (82)"), as inside a
    # sentence; $Lessons, for a sentence that opens with the list, gives the
    # first by its name.
    strong_lessons = [l for l in lessons.values() if l.band == "strength"]
    said = [words(t.going_well_lesson, **_lesson_words(w, [(l.id, l.name)], "lesson"), score=w.score(l.score).text) for l in strong_lessons]
    opening = [words(t.going_well_lesson, lesson=l.name, Lesson=l.name, score=w.score(l.score).text) for l in strong_lessons[:1]]
    well = [Item(spans(t.going_well_lessons, lessons=_joined(w, said), Lessons=_joined(w, opening + said[1:])))] if said else []
    if best:  # one line, not the same opening twice
        quoted = "; ".join(w.quoted(st.text) for st in best[:2])
        well.append(Item(spans(t.going_well_statement, statements=quoted)))

    texts_of = {st.id: st.text for st in r.statements}
    priorities = [
        Item(
            spans(p.why),
            lead=_clean(names.get(p.lesson, p.lesson)),
            # (on the first page: two statements at most; the source is in the appendix)
            detail=spans(t.priority_detail, statements="; ".join(w.quoted(texts_of.get(sid, sid)) for sid in p.statements[:2]),
                         step=p.first_step)
            if p.statements else spans(t.priority_step_only, step=p.first_step),
        )
        for p in r.priorities
    ]
    first = r.board_questions[:1]
    return [
        w.section("summary", t.heading_summary, [Note(spans(who), muted=False), Note(spans(" ".join(summary)), muted=False)]),
        w.section("going_well", t.heading_going_well, [Items(tuple(well))] if well else [], t.going_well_empty),
        w.section("priorities", t.heading_priorities, [Items(tuple(priorities), numbered=True)] if priorities else [], t.priorities_empty),
        w.section("question", t.heading_question, [Note((Span(_clean(first[0]), strong=True),))] if first else [], t.board_empty,
                  emphasis="prominent"),
    ]


def _joined(w: _Words, items: Sequence[str]) -> str:
    # (the view imports no model library: advice, which does, only when used)
    from ..advice import joined as joined_in_words

    return joined_in_words(w.t, items)


def _lesson_words(w: _Words, lessons: Sequence[tuple[str, str]], key: str = "lessons") -> dict[str, str]:
    """Lessons, as (id, name), for a sentence: ``$lessons`` inside it, ``$Lessons`` opening it (advice.lesson_words)."""
    if w.bank is None:
        names = _joined(w, [name for _, name in lessons])
        return {key: names, key[:1].upper() + key[1:]: names}
    from ..advice import lesson_words

    return lesson_words(w.bank, lessons, key)


def _action_plan(r: Result, w: _Words) -> Section:
    """The priorities with empty columns for the board to fill in."""
    t = w.t
    names = {k: l.name for k, l in r.lessons.items()}
    columns = (
        Column(_clean(t.column_priority), width=18),
        Column(_clean(t.column_first_step), width=34),
        Column(_clean(t.column_lead), width=12),
        Column(_clean(t.column_due), width=10),
        Column(_clean(t.column_how_we_know), width=16),
        Column(_clean(t.column_status), width=10),
    )
    rows = tuple(
        Row((cell(names.get(p.lesson, p.lesson)), cell(p.first_step), cell(""), cell(""), cell(""), cell("")), p.lesson)
        for p in r.priorities
    )
    return w.section("action_plan", t.heading_action_plan, [Table(columns, rows)] if rows else [], t.priorities_empty,
                     intro=_clean(t.action_plan_intro), page=True)


def _method(r: Result, w: _Words) -> Section:
    """How to read the scores, and what they cannot say."""
    t = w.t
    items = []
    if w.bank is not None:
        scale = w.bank.scales[0]
        points = ", ".join(f"{w.quoted(o.label)} {o.score:.0f}" for o in scale.options if o.score is not None)
        missing = ", ".join(w.quoted(o.label) for o in scale.options if o.score is None)
        items.append(Item(spans(t.method_scale, points=points, missing=missing)))
    from ..advice import missing_answers

    items.append(Item(spans(t.method_missing, dont_know=missing_answers(w.bank) if w.bank is not None else "")))
    if r.respondents > 1:
        items.append(Item(spans(t.method_anonymity)))
    items.append(Item(spans(t.method_bank, name=r.bank.name, version=r.bank.version)))
    items.append(Item(spans(t.method_limits)))
    return w.section("method", t.heading_method, [Items(tuple(items)), w.legend()])


def _sources(w: _Words) -> Section | None:
    if w.bank is None or not w.bank.sources:
        return None
    t = w.t
    items = tuple(
        Item(spans(t.source_entry, name=w.source(src.key).text, kind=src.kind)) for src in w.bank.sources
    )
    return w.section("sources", t.heading_sources, [Items(items)])


def _people(w: _Words, r: Result) -> str:
    """Who answered, in words, without naming anyone in a combined report."""
    t = w.t
    if r.respondents == 1:
        who = r.respondent or t.one_respondent
        if r.organisation:
            who = words(t.respondent_of, respondent=who, organisation=r.organisation)
        return _clean(who)
    if r.respondent:
        return words(t.respondents_combined_named, count=r.respondents, names=r.respondent)
    return words(t.respondents_combined, count=r.respondents)


def _answer(w: _Words, st: Any, many: bool) -> str:
    """How a statement was answered, for "answers in detail"."""
    t = w.t
    if not many:
        return _clean(st.label) or _clean(t.not_answered)
    if st.spread is None:
        return words(t.answered_combined, answered=st.answered, dont_know=st.dont_know)
    return words(t.answered_combined_spread, answered=st.answered, dont_know=st.dont_know, spread=st.spread)


def _warnings(w: _Words, warnings: Sequence[str]) -> Section | None:
    if not warnings:
        return None
    items = Items(tuple(Item(spans(x)) for x in warnings))
    return w.section("warnings", w.t.heading_warnings, [items], emphasis="caution")


def _source_names(bank: Bank) -> dict[str, str]:
    out = {}
    for src in bank.sources:
        year = f", {src.year}" if src.year else ""
        out[src.key] = words(bank.texts.source_name, title=src.title, author=src.author, year=year)
    return out


def _assessment(r: Result, w: _Words) -> ReportView:
    t = w.t
    c = r.continuum
    lessons = r.lessons
    many = r.respondents > 1

    # Thin evidence: no "n/a / 100 (Not assessed)", but why there is no score.
    overall_value = spans(t.overall_value, score=w.score(r.score), band=w.band(r.band)) if r.score is not None else spans(t.overall_none)
    facts = Table(
        (Column(_clean(t.column_item)), Column(_clean(t.column_value))),
        (
            Row((cell(t.date), cell(w.date(r.date))), "date"),
            Row((cell(t.answered_by), cell(_people(w, r))), "answered_by"),
            Row((cell(t.overall_score), cell(overall_value, score=r.score, band=r.band)), "overall"),
            Row((cell(t.where_it_is), cell(w.where(c))), "where"),
            Row((cell(t.aims_for), cell(w.option(c.aims_for, c.aims_for_name, t.not_asked))), "aims_for"),
        ),
    )
    facts = Table(facts.columns, tuple(row for row in facts.rows if row is not None))
    headline = Headline(_clean(t.overall_score), w.score(r.score).text, _clean(t.out_of), r.band, w.band(r.band).text)

    board_now, board_later = r.board_questions[:MAX_BOARD_QUESTIONS], r.board_questions[MAX_BOARD_QUESTIONS:]
    sections: list[Section | None] = _first_page(r, w)

    # Lessons: score, band, range between respondents when combined, how many answered.
    columns = [Column(_clean(t.column_lesson)), Column(_clean(t.column_score), "right", bar=True), Column(_clean(t.column_band))]
    if many:
        columns.append(Column(_clean(t.column_range), "right"))
    columns.append(Column(_clean(t.column_answered), "right"))
    rows = []
    for lesson in lessons.values():
        cells = [
            cell(lesson.name),
            cell(w.score(lesson.score), score=lesson.score, band=lesson.band, numeric=True),
            cell(w.band(lesson.band)),
        ]
        if many:
            if lesson.low is None or lesson.high is None:
                cells.append(cell(Span(t.not_available, muted=True), numeric=True))
            else:
                cells.append(cell(words(t.range_value, low=shown(lesson.low), high=shown(lesson.high)), numeric=True))
        cells.append(cell(words(t.answered_of, answered=lesson.answered, statements=lesson.statements), numeric=True))
        rows.append(Row(tuple(cells), lesson.id))
    ranged = many and any(l.low is not None and l.high is not None for l in lessons.values())
    sections.append(
        w.section(
            "lessons", t.heading_lessons,
            [
                Figure("lessons", _clean(t.chart_lessons_caption_range if ranged else t.chart_lessons_caption)),
                Table(tuple(columns), tuple(rows)),
                w.legend(),
                Note(spans(t.range_note)) if many else None,
            ],
            t.lessons_empty, page=True,
        )
    )

    # The continuum: the options with the marks, then why.
    open_options = set(c.allowed) if not c.option and 1 < len(c.allowed) < len(c.options) else set()

    def here_mark(number: int) -> Spans | str:
        if c.option == number:
            return (Span(t.mark_here, strong=True),)
        return (Span(t.mark_possible),) if number in open_options else ""

    rows = [
        Row(
            (
                cell(str(number), numeric=True),
                cell(option_name),
                cell(here_mark(number)),
                cell(Span(t.mark_aims, strong=True) if c.aims_for == number else ""),
            ),
            str(number),
            current=c.option == number,
        )
        for number, option_name in sorted(c.options.items())
    ]
    table = Table(
        (
            Column(_clean(t.column_option), "right"),
            Column(_clean(t.column_name)),
            Column(_clean(t.is_here), "center"),
            Column(_clean(t.aims_for), "center"),
        ),
        tuple(rows),
        kind="continuum",
    )
    why = c.rationale + c.readiness_rationale
    sections.append(
        w.section(
            "continuum", t.heading_continuum,
            [
                Figure("continuum", _clean(t.chart_continuum_caption)),
                table if rows else None,
                Items(tuple(Item(spans(line)) for line in why)) if why else None,
            ],
            t.continuum_empty,
        )
    )

    sections.append(
        w.section(
            "gaps", t.heading_gaps,
            [Items(_gap_items(r.gaps, w, {l.id: (l.name, l.score) for l in r.lessons.values()}))] if r.gaps else [],
            # With lessons unassessed, finding no gap is not good news.
            t.gaps_empty if all(l.assessed for l in lessons.values()) else t.gaps_empty_thin, page=True,
        )
    )

    sections.append(_warnings(w, r.warnings))
    sections.append(_action_plan(r, w))
    sections.append(
        w.section(
            "board", t.heading_board,
            [Items(tuple(Item(spans(q)) for q in board_now), numbered=True)] if board_now else [],
            t.board_empty, intro=_clean(t.board_intro), emphasis="prominent",
        )
    )
    if board_later:
        sections.append(
            w.section("board_more", t.heading_board_more, [Items(tuple(Item(spans(q)) for q in board_later))], page=True)
        )

    # The appendix: every other recommendation, by lesson, each once.
    firsts = {(p.lesson, p.first_step) for p in r.priorities}
    recs = []
    for rec in sorted(r.recommendations, key=lambda rec: list(lessons).index(rec.lesson) if rec.lesson in lessons else 0):
        if (rec.lesson, rec.text) in firsts:
            continue
        minority = any(g.kind == "minority" and g.lesson == rec.lesson for g in r.gaps)
        by_lesson = t.raised_by_minority if minority and lessons[rec.lesson].band != "gap" else t.raised_by_lesson_score
        texts_of = {st.id: st.text for st in r.statements}
        raised_by = [texts_of.get(sid, sid) for sid in rec.statements]
        raised = words(t.raised_by_statements, count=len(raised_by)) if raised_by else by_lesson
        recs.append(
            Item(
                spans(rec.text),
                lead=_clean(lessons[rec.lesson].name),
                detail=spans(t.raised_by, statements=raised, source=w.source(rec.source)),
            )
        )
    sections.append(
        w.section("recommendations", t.heading_recommendations, [Items(tuple(recs))] if recs else [],
                  t.recommendations_empty, page=not board_later)
    )

    if r.divergence:
        rows = []
        for d in r.divergence:
            counts = ", ".join(words(t.answer_count, value=label, count=n) for label, n in w.counts_in_order(d.question, d.counts))
            rows.append(Row((cell(d.text), cell(d.reason), cell(counts)), d.question or d.kind))
        table = Table(
            (
                Column(_clean(t.column_about), width=42),
                Column(_clean(t.column_why_listed), width=30),
                Column(_clean(t.column_answer_counts), width=28),
            ),
            tuple(rows),
        )
        sections.append(w.section("divergence", t.heading_divergence, [table]))

    if r.groups:
        rest = (100 - 22) // (2 + len(lessons))
        columns = [Column(_clean(t.column_organisation), width=22), Column(_clean(t.respondents), "right", width=rest),
                   Column(_clean(t.column_overall), "right", width=rest)]
        columns += [Column(_clean(l.name), "right", width=rest) for l in lessons.values()]
        rows = [
            Row(
                (cell(g.organisation), cell(str(g.respondents), numeric=True), cell(w.score(g.score), numeric=True))
                + tuple(cell(w.score(g.lessons.get(k)), numeric=True) for k in lessons)
            )
            for g in r.groups
        ]
        # Statements about each respondent's own organisation: not disagreement,
        # so shown by organisation (only those large enough to show).
        own = [st for st in r.statements if any(st.id in g.statements for g in r.groups)]
        own_table = None
        if own:
            own_columns = (Column(_clean(t.column_statement), width=40),) + tuple(
                Column(_clean(g.organisation), "right", width=60 // len(r.groups)) for g in r.groups
            )
            own_rows = tuple(
                Row((cell(st.text),) + tuple(cell(w.score(g.statements.get(st.id)), numeric=True) for g in r.groups), st.id)
                for st in own
            )
            own_table = Table(own_columns, own_rows, caption=_clean(t.own_organisation_caption))
        sections.append(w.section("groups", t.heading_groups, [Table(tuple(columns), tuple(rows)), own_table]))

    tables = []
    for lesson in lessons.values():
        rows = [
            Row(
                (cell(st.text), cell(_answer(w, st, many)), cell(w.score(st.score), numeric=True), cell("; ".join(_clean(n) for n in st.notes))),
                st.id,
            )
            for st in r.statements
            if st.lesson == lesson.id
        ]
        tables.append(
            Table(
                (
                    Column(_clean(t.column_statement), width=50),
                    Column(_clean(t.column_answer), width=20),
                    Column(_clean(t.column_score), "right", width=8),
                    Column(_clean(t.column_notes), width=22),
                ),
                tuple(rows),
                caption=_clean(lesson.name),
            )
        )
    sections.append(w.section("answers", t.heading_answers, tables, t.answers_empty))
    sections.append(_method(r, w))
    sections.append(_sources(w))

    return _view(w, r, t.assessment_kind, t.assessment_intro, facts, headline, sections,
                 (_lessons_chart(r, w, ranged), _continuum_chart(r, w)))


def _gap_items(gaps: Sequence[Gap], w: _Words, lessons: dict[str, tuple[str, float | None]], tag_kind: str = "gap",
               said: Sequence[str] | None = None, *, closed: bool = False) -> tuple[Item, ...]:
    """The gaps, each once; the lessons that only the one respondent apart
    from the rest puts in the gap band are that one view (DOMAIN.md: one
    finding, not one per lesson), as on the first page: one entry, where
    the first of them would be, naming the lessons.  ``lessons``: each
    lesson's name and combined score (an assessment's, or a comparison's
    newer round); a minority gap's own score is the lowest respondent's.
    ``said``: each gap's own words, when given (a comparison's closed gaps);
    ``closed``: the gaps are closed ones, and that one view is worded as
    closed (the lowest score before, the combined score now)."""
    t = w.t
    apart = [g for g in gaps if g.kind == "minority" and g.pattern]
    reason, each_lesson = (t.gap_closed_pattern, t.gap_closed_pattern_lesson) if closed else (t.gap_pattern_reason, t.gap_pattern_lesson)

    def name(lesson_id: str) -> str:
        return lessons[lesson_id][0] if lesson_id in lessons else lesson_id

    out = []
    for i, g in enumerate(gaps):
        if g in apart:
            if g is apart[0]:
                each = [words(each_lesson, **_lesson_words(w, [(x.lesson, name(x.lesson))], "lesson"),
                              low=w.score(x.score).text, score=w.score(lessons.get(x.lesson, ("", None))[1]).text)
                        for x in apart]
                out.append(Item(spans(reason, lessons=_joined(w, each), band=_clean(w.bands.label("gap").lower())),
                                tag=_clean(t.gap_minority), tag_kind=tag_kind))
            continue
        out.append(w.gap_item(g, name(g.lesson), tag_kind, said[i] if said else None))
    return tuple(out)


def _aim_verdict(aim: str | None, aims_for: int | None, option: int | None, here: str | None) -> str | None:
    """Whether the scores carry where it aims: where it aims is where it is, the same verdict."""
    return here if aim is None and aims_for is not None and aims_for == option else aim


def _comparison(c: Comparison, w: _Words) -> ReportView:
    t = w.t

    def opt(number: int | None) -> Spans:
        return w.option(number, c.options.get(number, "") if number else None, t.not_placed)

    s, k = c.score, c.continuum
    blank = cell("")
    facts = Table(
        (Column(_clean(t.column_item)), Column(_clean(t.before)), Column(_clean(t.after)), Column(_clean(t.change), "right")),
        (
            Row((cell(t.date), cell(w.date(c.old_date)), cell(w.date(c.new_date)), blank), "date"),
            Row((cell(t.respondents), cell(str(c.old_respondents)), cell(str(c.new_respondents)), blank), "respondents"),
            Row(
                (cell(t.overall_score), cell(w.score(s.old)), cell(w.score(s.new)), cell(w.change(s.old, s.new), numeric=True)),
                "overall",
            ),
            Row((cell(t.where_it_is), cell(opt(k.old_option)), cell(opt(k.new_option)), blank), "where"),
            # Whether the scores carry it (the verdicts), not a rung "ready for".
            Row((cell(t.carry_here), cell(w.verdict(k.old_ready_here)), cell(w.verdict(k.new_ready_here)), blank), "ready_here"),
            Row((cell(t.aims_for), cell(opt(k.old_aims_for)), cell(opt(k.new_aims_for)), blank), "aims_for"),
            Row((cell(t.carry_aim), cell(w.verdict(_aim_verdict(k.old_ready_for_aim, k.old_aims_for, k.old_option, k.old_ready_here))),
                 cell(w.verdict(_aim_verdict(k.new_ready_for_aim, k.new_aims_for, k.new_option, k.new_ready_here))), blank), "ready_for_aim")
            if k.old_ready_for_aim or k.new_ready_for_aim else None,
        ),
    )
    facts = Table(facts.columns, tuple(row for row in facts.rows if row is not None))
    headline = Headline(
        _clean(t.overall_score), w.score(s.new).text, _clean(t.out_of), None, "",
        spans(t.overall_from, score=w.score(s.old), change=w.change(s.old, s.new)),
    )

    moves = {"up": t.move_up, "down": t.move_down, "same": t.move_same, "n/a": t.not_available}
    rows = []
    for l in c.lessons.values():
        if l.band_move in ("up", "down"):
            band = spans(t.band_change, old=w.band(l.old_band), new=w.band(l.new_band))
        else:
            band = (w.band(l.new_band),)
        rows.append(
            Row(
                (
                    cell(l.name),
                    cell(w.score(l.old), numeric=True),
                    cell(w.score(l.new), score=l.new, band=l.new_band, numeric=True),
                    cell(w.change(l.old, l.new), numeric=True),
                    cell(band),
                    cell(moves[l.band_move]),
                ),
                l.id,
            )
        )
    table = Table(
        (
            Column(_clean(t.column_lesson)),
            Column(_clean(t.before), "right"),
            Column(_clean(t.after), "right"),
            Column(_clean(t.change), "right"),
            Column(_clean(t.column_band)),
            Column(_clean(t.column_move)),
        ),
        tuple(rows),
    )

    def lesson_name(lesson_id: str) -> str:
        return c.lessons[lesson_id].name if lesson_id in c.lessons else lesson_id

    now = {l.id: (l.name, l.new) for l in c.lessons.values()}

    sections: list[Section | None] = [
        _warnings(w, c.warnings),
        w.section("lessons", t.heading_lessons,
                  [Figure("lessons", _clean(t.chart_compare_caption)), table, w.legend()], t.lessons_empty),
    ]
    if c.actions:
        sections.append(_actions_review(w, c.actions))
    for key, heading, empty, gaps, page in (
        ("closed", t.heading_gaps_closed, t.gaps_closed_empty, c.gaps_closed, True),
        ("opened", t.heading_gaps_opened, t.gaps_opened_empty, c.gaps_opened, False),
        ("remaining", t.heading_gaps_remaining, t.gaps_remaining_empty, c.gaps_remaining, False),
    ):
        # A closed gap is worded as closed ("25 → 52, out of the gap band"),
        # not with the reason it was a gap (a comparison saved before has no words).
        # The one partner apart from the rest is one entry in each, as in an
        # assessment: closed (worded as closed), opened and remaining alike.
        if not gaps:
            items = []
        elif key == "closed":
            said = c.gaps_closed_words if len(c.gaps_closed_words) == len(gaps) else None
            items = [Items(_gap_items(gaps, w, now, key, said, closed=True))]
        else:
            items = [Items(_gap_items(gaps, w, now, key))]
        sections.append(w.section(f"gaps-{key}", heading, items, empty, page=page))

    moved = c.statements_changed[:MOST_MOVED]
    rows = [
        Row((cell(x.text), cell(w.score(x.old), numeric=True), cell(w.score(x.new), numeric=True), cell(w.change(x.old, x.new), numeric=True)), x.id)
        for x in moved
    ]
    table = Table(
        (Column(_clean(t.column_statement)), Column(_clean(t.before), "right"), Column(_clean(t.after), "right"), Column(_clean(t.change), "right")),
        tuple(rows),
    )
    sections.append(w.section("statements", t.heading_statements_moved, [table] if rows else [], t.statements_moved_empty))

    if c.only_in_old or c.only_in_new:
        # A statement by its words where the bank knows it (readers never see
        # ids); an id only an earlier bank asked stays as written.
        known = {st.id: st.text for st in w.bank.statements} if w.bank is not None else {}

        def said(x: str) -> Span:
            return Span(w.quoted(known[x])) if x in known else Span(x, code=True)

        items = [Item(spans(t.only_before, statement=said(x))) for x in c.only_in_old]
        items += [Item(spans(t.only_after, statement=said(x))) for x in c.only_in_new]
        sections.append(w.section("one-not-other", t.heading_one_not_other, [Items(tuple(items))]))

    return _view(w, c, t.comparison_kind, t.comparison_intro, facts, headline, sections, (_compare_chart(c, w),))


# --------------------------------------------------------------------------
# The charts' data and words
# --------------------------------------------------------------------------


def _lessons_chart(r: Result, w: _Words, ranged: bool) -> LessonsChart:
    t = w.t
    rows, described = [], []
    for l in r.lessons.values():
        score, label = w.score(l.score).text, w.bands.label(l.band)
        has_range = ranged and l.low is not None and l.high is not None
        text = words(t.chart_lesson_desc, lesson=l.name, score=score, band=label)
        if has_range:
            text = words(t.chart_lesson_desc_range, lesson=l.name, score=score, band=label, low=shown(l.low), high=shown(l.high))  # type: ignore[arg-type]
        described.append(text)
        rows.append(
            ChartRow(
                name=_clean(l.name), score=l.score, band=l.band,
                words=words(t.chart_score_words, score=score, band=label),
                low=l.low if has_range else None, high=l.high if has_range else None,
                range=words(t.chart_range, low=shown(l.low), high=shown(l.high)) if has_range else "",  # type: ignore[arg-type]
            )
        )
    line = w.bands_line()
    desc = words(t.chart_lessons_desc, lessons="; ".join(described), bands=line)
    return LessonsChart(
        key="lessons",
        title=words(t.chart_lessons_title, partnership=r.partnership),
        heading=_clean(t.chart_lessons_heading),
        desc=desc,
        caption=_clean(t.chart_lessons_caption_range if ranged else t.chart_lessons_caption),
        rows=tuple(rows),
        zones=w.zones(),
        bands_line=line,
        missing=w.bands.label(None),
        ranged=ranged,
        range_key=words(t.chart_range_key, count=r.respondents) if ranged else "",
    )


def _continuum_chart(r: Result, w: _Words) -> ContinuumChart:
    t = w.t
    c = r.continuum
    numbers = sorted(c.options) or [1, 2, 3, 4, 5]
    options = tuple((n, _clean(c.options.get(n, str(n)))) for n in numbers)

    def named(n: int | None, missing: str) -> str:
        return plain(w.option(n, c.options.get(n, "") if n else None, missing))

    marks = (
        Mark("option", _clean(t.is_here), _clean(t.mark_here), c.option, plain(w.where(c))),
        Mark("aims_for", _clean(t.aims_for), _clean(t.mark_aims), c.aims_for, _clean(t.not_asked)),
    )
    desc = words(t.chart_continuum_desc, here=plain(w.where(c)), aims=named(c.aims_for, t.not_asked))
    return ContinuumChart(
        key="continuum",
        title=words(t.chart_continuum_title, partnership=r.partnership),
        heading=_clean(t.chart_continuum_heading),
        desc=desc,
        caption=_clean(t.chart_continuum_caption),
        options=options,
        here=c.option,
        marks=marks,
        note=_clean(t.chart_continuum_note),
    )


def _compare_chart(c: Comparison, w: _Words) -> LessonsChart:
    t = w.t
    before = c.old_date.isoformat() if c.old_date else t.chart_before
    after = c.new_date.isoformat() if c.new_date else t.chart_after
    rows, described = [], []
    for l in c.lessons.values():
        old, new = w.score(l.old).text, w.score(l.new).text
        old_label, new_label = w.bands.label(l.old_band), w.bands.label(l.new_band)
        described.append(words(t.chart_compare_lesson_desc, lesson=l.name, old=old, old_band=old_label, new=new, new_band=new_label))
        move = new_label if band_rules.move(l.old_band, l.new_band) in ("same", "n/a") else words(t.band_change, old=old_label, new=new_label)
        rows.append(
            ChartRow(
                name=_clean(l.name), score=l.new, band=l.new_band, old=l.old, old_band=l.old_band,
                words=words(t.chart_change_words, old=old, new=new, change=w.change(l.old, l.new).text),
                move=_clean(move),
            )
        )
    return LessonsChart(
        key="lessons",
        title=words(t.chart_compare_title, partnership=c.partnership),
        heading=_clean(t.chart_compare_heading),
        desc=words(t.chart_compare_desc, before=before, after=after, lessons="; ".join(described)),
        caption=_clean(t.chart_compare_caption),
        rows=tuple(rows),
        zones=w.zones(),
        bands_line=w.bands_line(),
        missing=w.bands.label(None),
        compared=True,
        before_key=words(t.chart_before_key, date=before),
        after_key=words(t.chart_after_key, date=after),
    )


# --------------------------------------------------------------------------
# The action plan beside what moved, and a trend over many rounds
# --------------------------------------------------------------------------


def _actions_review(w: _Words, reviews: Sequence[ActionReview]) -> Section:
    """Each action with its status beside how its lesson and statements moved,
    and what to look at (overdue; done and nothing moved)."""
    t = w.t
    status = {"open": t.status_open, "done": t.status_done, "dropped": t.status_dropped}
    rows = []
    for a in reviews:
        moved = [
            spans(t.statement_moved, statement=w.quoted(st.text), old=w.score(st.old), new=w.score(st.new))
            for st in a.statements
        ]
        look = " ".join(a.flags)
        rows.append(Row(
            (
                cell(spans(t.action_and_note, action=a.text, note=Span(a.note, muted=True)) if a.note else a.text),
                cell(a.lead or Span(t.not_given, muted=True)),
                cell(Span(w.date(a.due), muted=a.due is None)),
                cell(Span(_clean(status.get(a.status, a.status)), strong=a.status == "open" and a.overdue)),
                cell((Span(_clean(a.lesson_name), strong=True), Span(": "),
                      *spans(t.moved_value, old=w.score(a.old), new=w.score(a.new), change=w.change(a.old, a.new)))),
                cell(joined(moved, "; ")),
                cell(Span(look, strong=True) if look else ""),
            ),
            a.lesson,
        ))
    table = Table(
        (
            Column(_clean(t.column_action), width=26),
            Column(_clean(t.column_lead), width=10),
            Column(_clean(t.column_due), width=9),
            Column(_clean(t.column_status), width=7),
            Column(_clean(t.column_lesson_moved), width=14),
            Column(_clean(t.column_statements_moved), width=18),
            Column(_clean(t.column_look_at), width=16),
        ),
        tuple(rows),
    )
    return w.section("actions", t.heading_actions, [table], intro=_clean(t.actions_intro))


def _trend(tr: Trend, w: _Words) -> ReportView:
    t = w.t
    rounds = tr.rounds
    first, last = rounds[0], rounds[-1]
    dates = [w.date(r.date) for r in rounds]

    def opt(number: int | None, allowed: Sequence[int] = ()) -> Spans:
        if not number and 1 < len(allowed) < len(tr.options or range(5)):
            return spans(t.options_open, low=str(allowed[0]), high=str(allowed[-1]))
        return w.option(number, tr.options.get(number, "") if number else None, t.not_placed)

    facts = Table(
        (Column(_clean(t.column_item)), Column(_clean(t.column_value))),
        (
            Row((cell(t.rounds_label), cell(words(t.rounds_value, count=len(rounds), first=dates[0], last=dates[-1]))), "rounds"),
            Row((cell(t.overall_score), cell(spans(t.overall_value, score=w.score(last.score), band=w.band(last.band))
                                              if last.score is not None else spans(t.overall_none), score=last.score, band=last.band)), "overall"),
            Row((cell(t.where_it_is), cell(opt(last.option, last.allowed))), "where"),
            Row((cell(t.aims_for), cell(w.option(last.aims_for, tr.options.get(last.aims_for, "") if last.aims_for else None, t.not_asked))), "aims_for"),
        ),
    )
    headline = Headline(
        _clean(t.overall_score), w.score(last.score).text, _clean(t.out_of), last.band, w.band(last.band).text,
        spans(t.overall_from_first, score=w.score(first.score), date=dates[0], change=w.change(first.score, last.score))
        if len(rounds) > 1 else (),
    )

    tag = {"in_gap": "gap", "into_gap": "gap", "statement_bottom": "gap", "minority": "gap", "slipping": "opened", "statement_falling": "opened", "readiness": "gap",
           "out_of_gap": "closed", "rising": "closed"}
    findings = Items(tuple(Item(spans(f.text), tag_kind=tag.get(f.kind, "")) for f in tr.findings))
    sections: list[Section | None] = [
        w.section("findings", t.heading_findings, [findings] if tr.findings else [], t.findings_empty),
        _warnings(w, tr.warnings),
        _actions_review(w, tr.actions) if tr.actions else None,
    ]

    # Lessons: a column per round, and the change since the first.
    columns = [Column(_clean(t.column_lesson))] + [Column(d, "right") for d in dates] + [Column(_clean(t.column_since_first), "right")]
    rows = []
    for l in tr.lessons.values():
        cells = [cell(l.name)]
        cells += [cell(w.score(x), score=x, band=b, numeric=True) if x is None else
                  cell((Span(str(shown(x)), band=b or "none"),), score=x, band=b, numeric=True)
                  for x, b in zip(l.scores, l.bands)]
        # the trend says whether there is a change since the first round (l.change); it is
        # shown, as every change in a report, as the difference of the scores as shown
        first = next((x for x in l.scores if x is not None), None)
        since = Span(t.not_available, muted=True) if l.change is None else w.change(first, l.scores[-1])
        cells.append(Cell((since,), numeric=True, series=tuple(zip(l.scores, l.bands))))
        rows.append(Row(tuple(cells), l.id))
    sections.append(w.section(
        "lessons", t.heading_trend_lessons,
        [Figure("trend", _clean(t.chart_trend_caption)), Table(tuple(columns), tuple(rows)), w.legend()],
        t.lessons_empty, page=True,
    ))

    # The continuum: where it was, whether its scores carried it, where it aimed.
    rows = [
        Row(
            (
                cell(d),
                cell(opt(r.option, r.allowed)),
                cell(w.verdict(r.ready_here)),
                cell(w.option(r.aims_for, tr.options.get(r.aims_for, "") if r.aims_for else None, t.not_asked)),
                cell(w.verdict(_aim_verdict(r.ready_for_aim, r.aims_for, r.option, r.ready_here))),
            ),
            d,
        )
        for d, r in zip(dates, rounds)
    ]
    sections.append(w.section(
        "continuum", t.heading_trend_continuum,
        [Table((Column(_clean(t.date)), Column(_clean(t.where_it_is)), Column(_clean(t.carry_here)),
                Column(_clean(t.aims_for)), Column(_clean(t.carry_aim))), tuple(rows))],
        t.continuum_empty,
    ))

    # Statements that moved most between their first and latest answers.
    moved = []
    for st in tr.statements:
        answered = [x for x in st.scores if x is not None]
        if len(answered) >= 2 and st.scores[-1] is not None and shown(answered[0]) != shown(st.scores[-1]):
            moved.append((st, answered[0], st.scores[-1]))
    moved.sort(key=lambda m: -abs(shown(m[2]) - shown(m[1])))
    rows = [
        Row((cell(st.text), cell(w.score(old), numeric=True), cell(w.score(new), numeric=True), cell(w.change(old, new), numeric=True)), st.id)
        for st, old, new in moved[:MOST_MOVED]
    ]
    sections.append(w.section(
        "statements", t.heading_trend_statements,
        [Table((Column(_clean(t.column_statement)), Column(_clean(t.before), "right"), Column(_clean(t.after), "right"),
                Column(_clean(t.change), "right")), tuple(rows))] if rows else [],
        t.statements_moved_empty,
    ))
    sections.append(w.section(
        "not-compared", t.heading_not_compared,
        [Items(tuple(Item(spans(x)) for x in tr.not_compared))] if tr.not_compared else [], t.not_compared_empty,
    ))
    rows = [
        Row((cell(d), cell(str(r.respondents), numeric=True),
             cell(w.score(r.score), score=r.score, band=r.band, numeric=True), cell(w.band(r.band)),
             cell(words(t.bank_value, name=r.bank.name, version=r.bank.version))), d)
        for d, r in zip(dates, rounds)
    ]
    sections.append(w.section(
        "rounds", t.heading_rounds,
        [Table((Column(_clean(t.date)), Column(_clean(t.respondents), "right"), Column(_clean(t.overall_score), "right"),
                Column(_clean(t.column_band)), Column(_clean(t.column_bank))), tuple(rows))],
    ))
    return _view(w, tr, t.trend_kind, t.trend_intro, facts, headline, sections, (_trend_chart(tr, w, dates),))


def _trend_chart(tr: Trend, w: _Words, dates: Sequence[str]) -> TrendChart:
    t = w.t
    lines, described = [], []
    for l in tr.lessons.values():
        shown_scores = tuple(w.score(x).text if x is not None else "" for x in l.scores)
        said = ", ".join(f"{d} {x or w.bands.label(None)}" for d, x in zip(dates, shown_scores))
        described.append(words(t.chart_trend_lesson_desc, lesson=l.name, scores=said))
        lines.append(TrendLine(_clean(l.name), tuple(l.scores), tuple(l.bands), shown_scores))
    line = w.bands_line()
    return TrendChart(
        key="trend",
        title=words(t.chart_trend_title, partnership=tr.partnership),
        heading=_clean(t.chart_trend_heading),
        desc=words(t.chart_trend_desc, dates=", ".join(dates), lessons="; ".join(described), bands=line),
        caption=_clean(t.chart_trend_caption),
        rounds=tuple(dates),
        lines=tuple(lines),
        zones=w.zones(),
        bands_line=line,
        missing=w.bands.label(None),
    )

"""The domain as plain dataclasses: the question bank, answers, and the result.

Words follow DOMAIN.md: a *lesson* groups *statements*; an *option* is a place
on the five-option *continuum*; a *band* is strength / watch / gap; a *gap*
carries *recommendations*.  The result models are what every renderer reads
and what ``partnercheck schema`` publishes: their field names are a promise to
scripts, so change them only with a new ``schema_version``.

Plain dataclasses keep the core quick to import and quick to build (a batch
makes thousands of results).  What comes from a file (a bank, an answers file,
a saved result or comparison) is validated once by pydantic, through a
``TypeAdapter`` over these dataclasses built on first use (:func:`validate`).
Each field declares its limits (``Annotated[str, Field(min_length=1)]``) and
the published ones a description, so ``partnercheck schema`` shows them;
checks across fields are validators.  Numbers, true/false and dates are
strict (no "3" for 3, no 1 for true; pydantic never takes a number for text),
but a JSON result's dates ("2026-11-01") and its text keys for numbered dicts
(``{"1": "Expert alone"}``) load, and YAML lists fill tuples.
:mod:`partnercheck.messages` words pydantic's errors.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import weakref
from dataclasses import field
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainValidator,
    Strict,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    model_validator,
)

from .errors import InputError
from .messages import problems, refuse, refuse_all
from .records import Record, field_names, freeze, record

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")

LESSON_IDS = (
    "shared_interest",
    "valued_enterprise",
    "capacity",
    "trust",
    "sustainability",
    "barriers",
)
BAND_IDS = ("strength", "watch", "gap")
CONTINUUM_OPTIONS = (1, 2, 3, 4, 5)

RESULT_SCHEMA_VERSION = 1

QuestionKind = Literal["statement", "continuum", "aspiration"]
BandId = Literal["strength", "watch", "gap"]
Readiness = Literal["ready", "not ready", "cannot be judged"]


def empty(kind: type) -> Any:
    """A field that defaults to a new empty list or dict."""
    return field(default_factory=kind)


class _Data(Record):
    # pydantic's settings for every model: unknown fields are refused (and the
    # JSON Schema says so); infinity and NaN are no numbers a file should hold.
    __pydantic_config__ = {"extra": "forbid", "allow_inf_nan": False}


# A model of the question bank is read once, shared by every assessment, so
# never changed once built; a model of a result is built by the core.
_bank_model = record(frozen=True, kw_only=True)
_result_model = record(kw_only=True)
_ID = r"^[a-z0-9][a-z0-9_-]*$"
_QUESTION_ID = r"^[a-z0-9_]+\.[a-z0-9][a-z0-9-]*$"


def _iso_date(value: Any) -> Any:
    # A JSON result holds its dates as text (YAML reads them as dates already).
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass  # 2026-02-30 is refused as no date
    return value


def _number_key(value: Any) -> Any:
    # JSON's keys are text: a saved result's options are {"1": "Expert alone"}.
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value


def _named(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise refuse("is empty: write the partnership's name")
    return value


def _blank_is_null(value: str | None) -> str | None:
    return value or None


def _null_is_empty(value: Any) -> Any:
    # 'notes:' with nothing under it (as the template ends) is no notes
    return {} if value is None else value


def _mapping(value: Any) -> Any:
    # The answers themselves are checked against the bank (answers.check_answers).
    if not isinstance(value, dict):
        raise refuse("should be a mapping")
    return value


# Field types with the limits the JSON Schema publishes.
Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(min_length=1, pattern=_ID)]
QuestionId = Annotated[str, Field(min_length=1, pattern=_QUESTION_ID)]
Score = Annotated[StrictFloat, Field(ge=0, le=100)]
Change = Annotated[StrictFloat, Field(ge=-100, le=100)]
Count = Annotated[StrictInt, Field(ge=0)]
OptionNumber = Annotated[StrictInt, Field(ge=1, le=5)]
OptionKey = Annotated[OptionNumber, BeforeValidator(_number_key)]
Date = Annotated[dt.date, Strict(), BeforeValidator(_iso_date)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


# --------------------------------------------------------------------------
# The question bank
# --------------------------------------------------------------------------


@_bank_model
class Source(_Data):
    """A document the bank's statements and recommendations rest on."""

    key: Annotated[Id, Field(description="The short key a 'source' field cites, e.g. 'distillate'.")]
    title: Annotated[Text, Field(description="Its title, as reports name it.")]
    author: Annotated[Text, Field(description="Its author or the body that published it.")]
    year: Annotated[StrictInt | None, Field(ge=1900, le=2100, description="Its year; null when the document gives none.")] = None
    kind: Annotated[Text, Field(description="What it is: slides, a briefing, guidance, blog posts.")]
    file: Annotated[str | None, Field(description="Where the bank's maintainers found it; never shown to readers.")] = None


@_bank_model
class Recommendation(_Data):
    """A concrete next step, with the source document it rests on."""

    text: Annotated[Text, Field(description="The step, as the board reads it.")]
    source: Annotated[Text, Field(description="The key of the source document it rests on.")]
    from_option: Annotated[
        OptionNumber | None,
        Field(description=(
            "Advice to share control (levels, not steps): given only to a partnership that is at, or aims for, "
            "this option or one above it; never to one content where partners do not share control."
        )),
    ] = None


@_bank_model
class ScaleOption(_Data):
    """One answer on an answer scale."""

    value: Annotated[Id, Field(description="What an answers file writes, e.g. 'agree'.")]
    label: Annotated[Text, Field(description="What the respondent reads, e.g. 'Agree'.")]
    score: Annotated[Score | None, Field(description="0-100; null for an answer that counts as missing (don't know).")] = None


@_bank_model
class Scale(_Data):
    """An answer scale defined once and referenced by statements."""

    id: Annotated[Id, Field(description="The name a statement gives as its 'scale'.")]
    options: Annotated[tuple[ScaleOption, ...], Field(min_length=2, description="The answers, in the order they are offered.")]

    @model_validator(mode="after")
    def _distinct_and_scored(self) -> Scale:
        values = [o.value for o in self.options]
        if len(values) != len(set(values)):
            raise refuse_all("Scale", [(("options",), "option values must be unique within a scale")])
        if all(o.score is None for o in self.options):
            raise refuse_all("Scale", [(("options",), "at least one option must carry a score")])
        return self

    def option(self, value: str) -> ScaleOption | None:
        return next((o for o in self.options if o.value == value), None)


@_bank_model
class ContinuumChoice(_Data):
    """An answer to a continuum or aspiration question."""

    value: Annotated[Id, Field(description="What an answers file writes.")]
    label: Annotated[Text, Field(description="What the respondent reads.")]
    continuum: Annotated[
        tuple[OptionNumber, ...],
        Field(description="The continuum options (1-5) this answer is consistent with; empty for don't know, which rules nothing out."),
    ] = ()
    mismatch: Annotated[
        str | None,
        Field(description="Said in a warning when this answer does not fit the answers that bind before it in the decision tree."),
    ] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "continuum", tuple(sorted(set(self.continuum))))


@_bank_model
class Statement(_Data):
    """A statement the respondent agrees or disagrees with, in one lesson."""

    id: Annotated[QuestionId, Field(description="'lesson.name', e.g. 'trust.conflict-raised': what answers files use.")]
    lesson: Annotated[str, Field(description="The id of its lesson.")]
    text: Annotated[Text, Field(description="The statement as the respondent reads it.")]
    help: Annotated[Text, Field(description="Why it matters, shown on request.")]
    source: Annotated[Text, Field(description="The source document it rests on.")]
    scale: Annotated[str, Field(description="The id of its answer scale.")] = "agreement"
    recommendations: Annotated[
        tuple[Recommendation, ...],
        Field(min_length=1, description="Raised when it scores at or below rules.recommend_at_most."),
    ]
    about: Annotated[
        Literal["own_organisation"] | None,
        Field(description="'own_organisation': about the respondent's own organisation, so differing answers are not disagreement."),
    ] = None


@_bank_model
class ContinuumQuestion(_Data):
    """A question whose answer says which continuum options fit the partnership."""

    id: Annotated[QuestionId, Field(description="'continuum.name': what answers files use.")]
    text: Annotated[Text, Field(description="The question as the respondent reads it.")]
    help: Annotated[Text, Field(description="Why it matters, shown on request.")]
    source: Annotated[Text, Field(description="The source document it rests on.")]
    about: Annotated[Text, Field(description="What the question decides, used in the rationale ('who defines the problem').")]
    options: Annotated[tuple[ContinuumChoice, ...], Field(min_length=2, description="The answers to choose from.")]
    role: Annotated[
        Literal["solution", "problem", "responsibility", "control"] | None,
        Field(description=(
            "Its place in the decision tree: who decides the solution binds first, then who defined the problem, "
            "then who carries the responsibility; 'control' (willingness to share control) counts in readiness only."
        )),
    ] = None

    @model_validator(mode="after")
    def _distinct(self) -> ContinuumQuestion:
        values = [o.value for o in self.options]
        if len(values) != len(set(values)):
            raise refuse_all("ContinuumQuestion", [(("options",), "option values must be unique")])
        return self


@_bank_model
class Lesson(_Data):
    """One of the six lessons of partnership working."""

    id: Annotated[str, Field(description="One of the six lesson ids.")]
    name: Annotated[Text, Field(description="Its name in reports: in headings and tables, and where a sentence opens with it.")]
    name_in_sentence: Annotated[
        str | None,
        Field(min_length=1, description=(
            "Its name inside a sentence ('a shared interest', where 'name' is 'A shared interest'): "
            "a bank's texts give it as $lesson, and the name as $Lesson where a sentence opens with it. "
            "By default the name as written, which suits a language that keeps the capital."
        )),
    ] = None
    summary: Annotated[str, Field(description="What the lesson says, in a sentence or two.")]
    sources: Annotated[tuple[Text, ...], Field(min_length=1, description="The source documents it rests on.")]
    recommendations: Annotated[
        tuple[Recommendation, ...], Field(min_length=1, description="Raised when the whole lesson is in the gap band.")
    ]
    board_question: Annotated[Text, Field(description="Put to the board when the lesson is a gap.")]

    @property
    def in_sentence(self) -> str:
        """Its name inside a sentence (``name_in_sentence``, or its name)."""
        return self.name_in_sentence or self.name


@_bank_model
class Band(_Data):
    """A band of scores: strength, watch or gap."""

    id: BandId
    label: Annotated[Text, Field(description="Its name in reports.")]
    min: Annotated[Score, Field(description="A score at or above this (and below the next band up) is in this band.")]
    meaning: Annotated[str, Field(description="What a score in this band means.")]


@_bank_model
class ContinuumOption(_Data):
    """A place on the continuum, from 1 (expert alone) to 5 (full partnership)."""

    option: OptionNumber
    name: Annotated[Text, Field(description="Its name in reports, e.g. 'Expert alone'.")]
    who_defines: Annotated[str, Field(description="Who defines the problem at this option.")]
    who_decides: Annotated[str, Field(description="Who decides the solution at this option.")]
    summary: Annotated[str, Field(description="The option in a sentence.")]


@_bank_model
class ReadinessRule(_Data):
    """What the lesson scores must show before an option is supported."""

    option: OptionNumber
    requires: Annotated[
        dict[str, BandId], Field(description="Lesson id -> the lowest band that lesson may be in.")
    ] = empty(dict)
    no_gap: Annotated[StrictBool, Field(description="True when no lesson may be in the gap band.")] = False
    no_statement_gap: Annotated[
        StrictBool, Field(description="True when no statement may be answered at the bottom of the scale either.")
    ] = False
    lowest_respondent: Annotated[
        tuple[str, ...],
        Field(description="Lessons the lowest respondent must also meet (the band in 'requires'), not only the mean."),
    ] = ()
    why: Annotated[str, Field(description="Why the option needs this, shown when it is not met.")]


@_bank_model
class Rules(_Data):
    """Thresholds for scoring and advice; documented in the bank itself."""

    max_missing_share: Annotated[
        StrictFloat,
        Field(ge=0, le=1, description="A lesson with more than this share of its statements missing is not assessed."),
    ] = 0.5
    statement_gap_at_most: Annotated[
        Score, Field(description="A statement scoring at or below this is a gap on its own (bottom of the scale).")
    ] = 0
    recommend_at_most: Annotated[Score, Field(description="A statement scoring at or below this raises its recommendations.")] = 25
    divergence_points: Annotated[
        StrictInt, Field(ge=1, description="Respondents this many scale points apart diverge (combined assessments).")
    ] = 2
    min_assessed_share: Annotated[
        StrictFloat, Field(ge=0, le=1, description="Fewer than this share of the lessons assessed: no overall score.")
    ] = 0.5
    pattern_share: Annotated[
        StrictFloat,
        Field(ge=0, le=1, description="One respondent a scale point or more from the others, the same way, on this share of the statements they answered: one finding."),
    ] = 0.6
    pattern_min_statements: Annotated[
        StrictInt, Field(ge=1, description="...and on at least this many statements.")
    ] = 6
    pattern_distance: Annotated[
        StrictFloat, Field(ge=0, description="...and this many scale points from the others' median on average.")
    ] = 1.0
    trend_points: Annotated[
        Score,
        Field(description="Over several rounds: a lesson or statement that fell (or rose) rounds running is said to "
                          "slip (or rise) only when it moved at least this many points over them."),
    ] = 5.0
    benchmark_min_group: Annotated[
        StrictInt, Field(ge=1, description="partnercheck benchmark: no quartiles for fewer partnerships (or scores) than this.")
    ] = 5


def _texts_model(cls: type[T]) -> type[T]:
    """The report's sentences: some 370 required text fields.  Declared as a
    dataclass they took 6 ms to make at every start-up (a twentieth of a
    quick command), so this model is a frozen record whose fields are its
    annotations, all text, all required, set by keyword; pydantic reads it
    as the mapping of those keys (a TypedDict built on first validation)."""
    names = tuple(cls.__annotations__)
    allowed = frozenset(names)

    def __init__(self: Any, **texts: str) -> None:
        if texts.keys() != allowed:
            missing, unknown = sorted(allowed - texts.keys()), sorted(texts.keys() - allowed)
            raise TypeError(f"{cls.__name__}: missing {missing}, unknown {unknown}")
        self.__dict__.update(texts)

    def schema(cls: type, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema
        from typing_extensions import TypedDict  # pydantic's on Python < 3.12

        shape = TypedDict(cls.__name__, dict.fromkeys(names, str))  # type: ignore[misc]
        shape.__pydantic_config__ = cls.__pydantic_config__  # type: ignore[attr-defined]
        shape.__doc__ = cls.__doc__
        return core_schema.no_info_after_validator_function(lambda texts: cls(**texts), handler(shape))

    cls.__init__ = __init__  # type: ignore[misc]
    cls.__get_pydantic_core_schema__ = classmethod(schema)  # type: ignore[attr-defined]
    cls._field_names = names  # type: ignore[attr-defined]
    return freeze(cls)


@_texts_model
class Texts(_Data):
    """Fixed sentences of the report; ``$name`` placeholders only."""

    disclaimer: str
    above_readiness: str
    aims_above_readiness: str
    not_assessed: str
    aspiration_gap: str
    board_above_readiness: str
    board_not_assessed: str
    board_no_gaps: str
    board_divergence: str
    board_divergence_continuum: str
    board_divergence_problem: str
    # The report's words (render/report.py): headings, labels, empty sentences, charts.
    language: str
    brand: str
    title: str
    assessment_kind: str
    comparison_kind: str
    assessment_intro: str
    comparison_intro: str
    column_item: str
    column_value: str
    date: str
    answered_by: str
    respondents: str
    overall_score: str
    where_it_is: str
    is_here: str
    ready_for: str
    aims_for: str
    before: str
    after: str
    change: str
    overall_value: str
    out_of: str
    overall_from: str
    option_value: str
    one_respondent: str
    respondent_of: str
    respondents_combined: str
    respondents_combined_named: str
    not_given: str
    not_placed: str
    not_asked: str
    not_available: str
    band_not_assessed: str
    heading_warnings: str
    heading_board: str
    board_intro: str
    board_empty: str
    heading_lessons: str
    lessons_empty: str
    heading_continuum: str
    continuum_empty: str
    heading_gaps: str
    gaps_empty: str
    heading_recommendations: str
    recommendations_empty: str
    heading_divergence: str
    heading_groups: str
    heading_answers: str
    answers_empty: str
    heading_gaps_closed: str
    gaps_closed_empty: str
    heading_gaps_opened: str
    gaps_opened_empty: str
    heading_gaps_remaining: str
    gaps_remaining_empty: str
    heading_statements_moved: str
    statements_moved_empty: str
    heading_one_not_other: str
    only_before: str
    only_after: str
    column_lesson: str
    column_score: str
    column_band: str
    column_range: str
    column_answered: str
    answered_of: str
    range_value: str
    range_note: str
    column_option: str
    column_name: str
    mark_here: str
    mark_aims: str
    column_about: str
    column_why_listed: str
    column_answer_counts: str
    answer_count: str
    column_organisation: str
    column_overall: str
    column_statement: str
    column_answer: str
    column_notes: str
    not_answered: str
    answered_combined: str
    answered_combined_spread: str
    column_move: str
    move_up: str
    move_down: str
    move_same: str
    band_change: str
    gap_lesson: str
    gap_statement: str
    gap_minority: str
    gap_pattern_reason: str
    gap_pattern_lesson: str
    own_organisation_caption: str
    heading_summary: str
    heading_going_well: str
    heading_priorities: str
    heading_question: str
    heading_action_plan: str
    heading_board_more: str
    heading_method: str
    heading_sources: str
    who_single: str
    who_combined: str
    who_combined_one_organisation: str
    who_combined_unknown: str
    summary_score: str
    summary_no_score: str
    summary_where_aimed: str
    summary_where_aiming: str
    summary_where: str
    summary_not_carried: str
    summary_carry_unknown: str
    summary_unplaced: str
    summary_strengths: str
    summary_all_strengths: str
    summary_gaps: str
    summary_minority: str
    summary_pattern: str
    summary_pattern_gaps: str
    going_well_lesson: str
    going_well_lessons: str
    summary_strengths_gaps: str
    who_groups: str
    going_well_statement: str
    going_well_empty: str
    priority_detail: str
    priority_step_only: str
    priorities_empty: str
    list_and: str
    quoted: str
    list_or: str
    overall_none: str
    column_priority: str
    column_first_step: str
    column_lead: str
    column_due: str
    column_how_we_know: str
    column_status: str
    action_plan_intro: str
    method_scale: str
    method_missing: str
    method_anonymity: str
    method_bank: str
    method_limits: str
    source_entry: str
    raised_by_statements: str
    priority_why_gap: str
    priority_why_minority: str
    priority_why_pattern: str
    priority_why_blocking: str
    priority_why_statement: str
    raised_by_minority: str
    source_name: str
    gaps_empty_thin: str
    placement_split: str
    board_mismatch: str
    mark_possible: str
    options_open: str
    priority: str
    raised_by: str
    raised_by_lesson_score: str
    bands_intro: str
    band_entry: str
    band_short: str
    bands_line: str
    band_range_top: str
    band_range_middle: str
    band_range_bottom: str
    chart_lessons_title: str
    chart_lessons_heading: str
    chart_lessons_desc: str
    chart_lesson_desc: str
    chart_lesson_desc_range: str
    chart_lessons_caption: str
    chart_lessons_caption_range: str
    chart_score_words: str
    chart_range: str
    chart_range_key: str
    chart_continuum_title: str
    chart_continuum_heading: str
    chart_continuum_desc: str
    chart_continuum_caption: str
    chart_continuum_note: str
    chart_compare_title: str
    chart_compare_heading: str
    chart_compare_desc: str
    chart_compare_lesson_desc: str
    chart_compare_caption: str
    chart_change_words: str
    chart_before: str
    chart_after: str
    chart_before_key: str
    chart_after_key: str
    # questions export --format form|csv: what an officer pastes into a form builder
    form_title: str
    form_intro: str
    form_about: str
    form_organisation: str
    form_organisation_help: str
    form_partnership: str
    form_partnership_help: str
    form_continuum: str
    form_help: str
    form_choice: str
    form_text: str
    form_column_section: str
    form_column_id: str
    form_column_question: str
    form_column_type: str
    form_column_options: str
    form_column_help: str
    form_type_choice: str
    form_type_text: str
    workbook_title: str
    workbook_intro: str
    workbook_bank: str
    workbook_date: str
    workbook_column_answer: str
    workbook_column_help: str
    workbook_column_notes: str
    workbook_column_id: str
    workbook_not_an_answer_title: str
    workbook_not_an_answer: str
    workbook_choose: str
    workbook_sheet_answers: str
    workbook_sheet_options: str
    # Placing the partnership, readiness, gaps and findings (continuum.py, advice.py, combine.py).
    placement_step: str
    placement_mismatch_step: str
    placement_placed: str
    placement_range: str
    placement_range_unsettled: str
    placement_none: str
    placement_mismatch: str
    one_option: str
    option_span: str
    option_list: str
    readiness_here_ready: str
    readiness_here_not_ready: str
    readiness_here_cannot_be_judged: str
    readiness_aim_ready: str
    readiness_aim_not_ready: str
    readiness_aim_cannot_be_judged: str
    readiness_unplaced: str
    readiness_cannot_be_judged: str
    readiness_why: str
    readiness_needs: str
    readiness_no_gap: str
    readiness_unknown_lessons: str
    readiness_lowest: str
    readiness_no_statement_gap: str
    readiness_control: str
    no_overall: str
    gap_lesson_reason: str
    gap_statement_reason: str
    answered_as: str
    scored_on_average: str
    minority_gap_reason: str
    board_minority: str
    board_statement_gap: str
    board_aim: str
    change_solution: str
    change_problem: str
    change_responsibility: str
    change_control: str
    change_lessons: str
    hidden_groups: str
    divergence_reason: str
    divergence_continuum_reason: str
    pattern_text: str
    pattern_below: str
    pattern_above: str
    pattern_reason: str
    board_pattern: str
    # Comparing rounds, the action plan beside what moved, trends (compare.py, actions.py, trend.py).
    compare_banks: str
    compare_dates_reversed: str
    compare_respondents: str
    compare_moved_beyond: str
    gap_closed_lesson: str
    gap_closed_statement: str
    gap_closed_minority: str
    gap_unclear_lesson: str
    gap_unclear_statement: str
    gap_unclear_minority: str
    gap_closed_pattern: str
    gap_closed_pattern_lesson: str
    gap_unclear_pattern: str
    carry_here: str
    carry_aim: str
    verdict_ready: str
    verdict_not_ready: str
    verdict_cannot: str
    action_overdue: str
    action_unmoved: str
    action_unmoved_lesson: str
    action_cannot_tell: str
    action_no_round_since: str
    heading_actions: str
    actions_intro: str
    column_action: str
    action_and_note: str
    column_lesson_moved: str
    column_statements_moved: str
    column_look_at: str
    status_open: str
    status_done: str
    status_dropped: str
    moved_value: str
    statement_moved: str
    number_words: str
    trend_in_gap: str
    trend_into_gap: str
    trend_minority: str
    trend_minority_apart: str
    trend_slipping_into_gap: str
    trend_out_of_gap: str
    trend_out_of_gap_after: str
    trend_slipping: str
    trend_rising: str
    trend_statement_falling: str
    trend_statement_bottom: str
    trend_more_falling: str
    trend_not_carried: str
    trend_not_carried_now: str
    trend_moved: str
    trend_lesson_not_assessed: str
    trend_statement_not_asked: str
    trend_statement_gone: str
    trend_statement_unknown: str
    trend_banks: str
    trend_renamed: str
    statement_moved_out: str
    trend_respondents: str
    trend_kind: str
    trend_intro: str
    rounds_label: str
    rounds_value: str
    overall_from_first: str
    heading_findings: str
    findings_empty: str
    heading_trend_lessons: str
    heading_trend_continuum: str
    heading_trend_statements: str
    heading_not_compared: str
    not_compared_empty: str
    heading_rounds: str
    column_bank: str
    bank_value: str
    column_since_first: str
    chart_trend_title: str
    chart_trend_heading: str
    chart_trend_desc: str
    chart_trend_lesson_desc: str
    chart_trend_caption: str
    benchmark_title: str
    benchmark_intro: str
    benchmark_programme: str
    benchmark_group: str
    benchmark_no_value: str
    heading_benchmark_quartiles: str
    heading_benchmark_where: str
    benchmark_all: str
    benchmark_group_short: str
    heading_benchmark_method: str
    column_partnerships: str
    column_lower_quartile: str
    column_median: str
    column_upper_quartile: str
    column_partnership: str
    column_latest_round: str
    benchmark_top: str
    benchmark_upper: str
    benchmark_lower: str
    benchmark_bottom: str
    column_quarter: str
    heading_benchmark_lesson: str
    benchmark_too_few: str
    benchmark_hidden: str
    benchmark_hidden_group: str
    benchmark_none: str
    benchmark_method: str


@_bank_model
class BankInfo(_Data):
    """Which question bank an assessment used."""

    name: Annotated[str, Field(description="The bank's name.")]
    version: Annotated[str, Field(description="The bank's version.")]


_BANK_INDEX: dict[int, dict[str, Any]] = {}


@_bank_model
class Bank(_Data):
    """A whole question bank, as loaded from ``questions/``."""

    name: Annotated[Text, Field(description="The bank's name, recorded in every result.")]
    version: Annotated[Text, Field(description="Its version, recorded in every result.")]
    sources: Annotated[
        tuple[Source, ...], Field(description="The documents that 'source' fields cite by key (a bank may cite free text instead).")
    ] = ()
    scales: Annotated[tuple[Scale, ...], Field(min_length=1, description="Answer scales, referenced by statements.")]
    bands: Annotated[tuple[Band, ...], Field(description="strength, watch and gap, with their thresholds.")]
    rules: Rules = Rules()
    lessons: Annotated[tuple[Lesson, ...], Field(description="The six lessons.")]
    continuum: Annotated[tuple[ContinuumOption, ...], Field(description="The five options, 1 to 5.")]
    readiness: Annotated[tuple[ReadinessRule, ...], Field(description="What each option asks of the lesson scores.")]
    texts: Texts
    statements: Annotated[tuple[Statement, ...], Field(min_length=1, description="The statements, each in one lesson.")]
    continuum_questions: Annotated[
        tuple[ContinuumQuestion, ...], Field(description="The questions that place the partnership on the continuum.")
    ] = ()
    aspiration: Annotated[
        ContinuumQuestion | None, Field(description="The question of where the partnership aims to be.")
    ] = None
    renamed: Annotated[
        dict[str, str | None],
        Field(description=(
            "Question ids of earlier versions of the bank -> the id that asks the same now (null: nothing does), "
            "so that old answers files, drafts and saved results still load."
        )),
    ] = empty(dict)

    @model_validator(mode="after")
    def _references(self) -> Bank:
        """Checks across fields (see :func:`bank_references`)."""
        found = bank_references(self)
        if found:
            raise refuse_all("Bank", found)
        return self

    def source(self, key: str) -> Source | None:
        """The source a citation names (None for a bank that cites free text)."""
        return next((src for src in self.sources if src.key == key), None)

    @property
    def info(self) -> BankInfo:
        return BankInfo(name=self.name, version=self.version)

    def _lookup(self, name: str) -> Any:
        # Lookups built once per bank: a bank is read once and consulted
        # thousands of times (kept outside the model, which is frozen).
        found = _BANK_INDEX.get(id(self))
        if found is not None:
            return found[name]
        ix: dict[str, Any] = {}
        _BANK_INDEX[id(self)] = ix
        # forget the lookups when the bank goes (so its id can be reused)
        weakref.finalize(self, _BANK_INDEX.pop, id(self), None)
        ix["scales"] = {s.id: s for s in self.scales}
        ix["lessons"] = {l.id: l for l in self.lessons}
        ix["bands"] = {b.id: b for b in self.bands}
        ix["options"] = {o.option: o for o in self.continuum}
        questions: list[Statement | ContinuumQuestion] = []
        for lesson in self.lessons:
            questions.extend(s for s in self.statements if s.lesson == lesson.id)
        questions.extend(self.continuum_questions)
        if self.aspiration is not None:
            questions.append(self.aspiration)
        ix["questions"] = questions
        scored: dict[str, dict[str, tuple[float | None, int | None, str]]] = {}
        for st in self.statements:
            scale = ix["scales"].get(st.scale)
            if scale is None:
                continue
            position = 0
            table = scored[st.id] = {}
            for o in scale.options:
                table[o.value] = (o.score, position if o.score is not None else None, o.label)
                position += o.score is not None
        ix["scored"] = scored
        ix["statement_ids"] = frozenset(st.id for st in self.statements)
        ix["values"] = [
            (q.id, [o.value for o in (ix["scales"][q.scale].options if isinstance(q, Statement) and q.scale in ix["scales"] else getattr(q, "options", ()))])
            for q in questions
        ]
        ix["codes"] = {qid: {v: i for i, v in enumerate(values)} for qid, values in ix["values"]}
        return ix[name]

    def scale(self, scale_id: str) -> Scale:
        return self._lookup("scales")[scale_id]

    def lesson(self, lesson_id: str) -> Lesson:
        return self._lookup("lessons")[lesson_id]

    def band(self, band_id: str) -> Band:
        return self._lookup("bands")[band_id]

    def option(self, number: int) -> ContinuumOption:
        return self._lookup("options")[number]

    def questions(self) -> list[Statement | ContinuumQuestion]:
        """Every question in the order they are asked (statements by lesson, continuum, aspiration)."""
        return list(self._lookup("questions"))

    def scored_options(self, statement_id: str) -> dict[str, tuple[float | None, int | None, str]]:
        """value -> (score, position on the scale or None for don't know, label)."""
        return self._lookup("scored")[statement_id]

    def values(self) -> list[tuple[str, list[str]]]:
        """Each question's id and the values an answers file may give it, in order."""
        return self._lookup("values")

    def codes(self) -> dict[str, dict[str, int]]:
        """Each question's id -> {value: its place among the question's values}."""
        return self._lookup("codes")

    def current_id(self, qid: str) -> str | None:
        """The id this bank asks question ``qid`` by: ``qid`` itself, unless an
        earlier bank asked a question under ``qid`` (``renamed``): then the id
        that asks the same now, or None when nothing asks it any more."""
        return self.renamed.get(qid, qid)

    def moved_out(self, sid: str) -> bool:
        """Whether ``sid`` is a statement of an earlier bank that this bank
        asks as another kind of question (``renamed`` to a continuum
        question): its scores cannot be compared across rounds."""
        now = self.current_id(sid)
        return now is not None and now != sid and now not in self._lookup("statement_ids")

    def lined_up_as(self, sid: str) -> str:
        """The id a statement answered as ``sid`` (perhaps on an earlier bank)
        is lined up by across rounds: the id that asks it now when that is a
        statement of this bank, else ``sid`` itself (nothing asks it now, or
        it is :meth:`moved_out`)."""
        now = self.current_id(sid)
        return now if now is not None and now in self._lookup("statement_ids") else sid

    def kind(self, question: Statement | ContinuumQuestion) -> QuestionKind:
        if isinstance(question, Statement):
            return "statement"
        if self.aspiration is not None and question.id == self.aspiration.id:
            return "aspiration"
        return "continuum"


# --------------------------------------------------------------------------
# Answers: one respondent's file
# --------------------------------------------------------------------------


@_bank_model
class Answers(_Data):
    """One respondent's answers, as read from an answers file."""

    partnership: Annotated[
        Name, Field(min_length=1, description="The partnership's name; it heads the report."), BeforeValidator(_named)
    ]
    respondent: Annotated[
        Name | None,
        AfterValidator(_blank_is_null),
        Field(description="Who answered (optional; a combined report names no one unless asked to)."),
    ] = None
    organisation: Annotated[
        Name | None, AfterValidator(_blank_is_null), Field(description="The respondent's organisation (optional).")
    ] = None
    date: Annotated[Date | None, Field(description="When the answers were given (optional).")] = None
    answers: Annotated[
        dict[str, str | None],
        PlainValidator(_mapping, json_schema_input_type=dict[str, str | None]),
        Field(description="Question id -> the value of the chosen option, or its label in any case and spacing "
                          "('strongly-agree' or 'Strongly agree'); null (a blank in a template) is unanswered. "
                          "'partnercheck questions list' shows the ids and values."),
    ] = empty(dict)
    notes: Annotated[
        dict[str, str], BeforeValidator(_null_is_empty), Field(description="Question id -> a note kept with the answer (optional).")
    ] = empty(dict)

    def given(self) -> dict[str, str]:
        """The answers actually given (blanks left out)."""
        return {k: v for k, v in self.answers.items() if v is not None}


# --------------------------------------------------------------------------
# The result: what every renderer reads
# --------------------------------------------------------------------------


@_result_model
class StatementResult(_Data):
    """One statement's answers."""

    id: Annotated[str, Field(description="The statement's id, 'lesson.name'.")]
    lesson: Annotated[str, Field(description="The id of its lesson.")]
    text: Annotated[str, Field(description="The statement.")]
    score: Annotated[Score | None, Field(description="Mean score 0-100 over those who answered; null when nobody did.")]
    value: Annotated[str | None, Field(description="The answer given, for a single respondent (null when combined).")] = None
    label: Annotated[str | None, Field(description="That answer's label (null when combined).")] = None
    answered: Annotated[Count, Field(description="Respondents whose answer scores (don't know and blanks do not).")] = 0
    dont_know: Annotated[Count, Field(description="Respondents who answered don't know.")] = 0
    spread: Annotated[
        Count | None, Field(description="Highest minus lowest answer, in scale points (combined assessments).")
    ] = None
    notes: Annotated[list[str], Field(description="Notes typed by respondents (never attributed in a combined report).")] = empty(list)


@_result_model
class LessonResult(_Data):
    """One lesson's score and band."""

    id: Annotated[str, Field(description="The lesson's id.")]
    name: Annotated[str, Field(description="The lesson's name.")]
    score: Annotated[Score | None, Field(description="Mean of its answered statements, 0-100; null when not assessed.")]
    band: Annotated[BandId | None, Field(description="strength, watch or gap; null when not assessed.")]
    assessed: Annotated[StrictBool, Field(description="False when too many of its statements are missing.")]
    statements: Annotated[Count, Field(description="How many statements the lesson has.")]
    answered: Annotated[Count, Field(description="How many of them were answered.")]
    missing: Annotated[Count, Field(description="How many were not (blank or don't know).")]
    low: Annotated[Score | None, Field(description="The lowest respondent's score for the lesson (combined only).")] = None
    high: Annotated[Score | None, Field(description="The highest respondent's score for the lesson (combined only).")] = None


@_result_model
class ContinuumAnswer(_Data):
    """The answer that counts for one continuum question."""

    question: Annotated[str, Field(description="The question's id.")]
    about: Annotated[str, Field(description="What it decides ('who defines the problem').")]
    value: Annotated[str | None, Field(description="The answer that counts (the most given, when combined); null when none.")]
    label: Annotated[str | None, Field(description="That answer's label.")]
    continuum: Annotated[list[OptionNumber], Field(description="The continuum options that answer is consistent with.")]
    counts: Annotated[
        dict[str, Count], Field(description="How respondents answered, value -> count (combined assessments).")
    ] = empty(dict)


@_result_model
class ContinuumResult(_Data):
    """Where the partnership is on the continuum, what it is ready for, where it aims."""

    option: Annotated[
        OptionNumber | None,
        Field(description="Where it is placed, 1-5; null when the answers place it nowhere or leave several options open (see 'allowed')."),
    ]
    option_name: Annotated[str | None, Field(description="That option's name.")]
    allowed: Annotated[
        list[OptionNumber], Field(description="The options the answers allow: one when placed, several when answers are missing.")
    ] = empty(list)
    settled_by: Annotated[
        str | None, Field(description="The continuum question whose answer would settle where it is, when several options are open.")
    ] = None
    ready_for: Annotated[OptionNumber, Field(description="The highest option the lesson scores support.")]
    ready_for_name: Annotated[str, Field(description="That option's name.")]
    ready_here: Annotated[
        Readiness | None, Field(description="Whether the evidence can carry where it is; null when it is not placed.")
    ] = None
    ready_for_aim: Annotated[
        Readiness | None, Field(description="Whether the evidence can carry where it aims, when that is higher than where it is.")
    ] = None
    blocking: Annotated[
        list[str], Field(description="Lesson ids that stand between the partnership and where it is or aims to be.")
    ] = empty(list)
    aims_for: Annotated[OptionNumber | None, Field(description="Where it aims to be; null when not asked or not answered.")] = None
    aims_for_name: Annotated[str | None, Field(description="That option's name.")] = None
    rationale: Annotated[list[str], Field(description="Why it is placed there.")]
    readiness_rationale: Annotated[list[str], Field(description="Why it is ready for that option and not the next.")]
    answers: Annotated[list[ContinuumAnswer], Field(description="The answers to the continuum questions and the aspiration.")]
    contradiction: Annotated[
        StrictBool,
        Field(description="True when an answer does not fit the answers that bind before it in the decision tree (see 'mismatches')."),
    ] = False
    mismatches: Annotated[
        list[str], Field(description="The continuum questions whose answers do not fit the answers binding before them.")
    ] = empty(list)
    options: Annotated[
        dict[OptionKey, str], Field(description="The five options' names by number, so a saved result renders without the bank.")
    ] = empty(dict)


@_result_model
class Gap(_Data):
    """A lesson in the gap band, or a statement at the bottom of the scale."""

    kind: Annotated[
        Literal["lesson", "statement", "minority"],
        Field(description="'minority': a lesson some respondent scores in the gap band although the combined score is not there."),
    ]
    lesson: Annotated[str, Field(description="The lesson's id.")]
    statement: Annotated[str | None, Field(description="The statement's id (statement gaps only).")] = None
    score: Annotated[Score | None, Field(description="The lesson's or statement's score.")]
    reason: Annotated[str, Field(description="Why it is a gap.")]
    pattern: Annotated[
        bool,
        Field(description="A minority gap that only the one respondent whose answers sit below the others' on most "
                          "statements (the divergence of kind 'pattern') puts in the gap band: part of that one finding."),
    ] = False


@_result_model
class RecommendationResult(_Data):
    """A next step from the bank, raised by the answers."""

    priority: Annotated[
        StrictInt,
        Field(ge=1, description="1 first: raised by a gap; 2: a low statement in a gap lesson; 3: a low statement elsewhere."),
    ]
    lesson: Annotated[str, Field(description="The lesson's id.")]
    text: Annotated[str, Field(description="The step.")]
    source: Annotated[str, Field(description="The source document it rests on.")]
    statements: Annotated[list[str], Field(description="The ids of the statements that raised it.")]


@_result_model
class Priority(_Data):
    """One of the few things the board should act on first: a lesson, why it
    matters now, the statements that raised it and the first step."""

    lesson: Annotated[str, Field(description="The lesson's id.")]
    why: Annotated[str, Field(description="Why it is a priority, in a line.")]
    statements: Annotated[list[str], Field(description="The ids of the statements answered lowest in it.")]
    first_step: Annotated[str, Field(description="The first recommendation to act on.")]
    source: Annotated[str, Field(description="The source document the first step rests on.")]


@_result_model
class Divergence(_Data):
    """A question respondents answered far apart (combined assessments)."""

    question: Annotated[str, Field(description="The question's id.")]
    kind: Literal["statement", "continuum", "aspiration", "pattern"]
    text: Annotated[str, Field(description="The question.")]
    spread: Annotated[Count | None, Field(description="Highest minus lowest answer, in scale points (statements).")] = None
    counts: Annotated[dict[str, Count], Field(description="How respondents answered, value -> count.")] = empty(dict)
    reason: Annotated[str, Field(description="How far apart, in words.")]


@_result_model
class GroupBreakdown(_Data):
    """The scores of one organisation's respondents (combined assessments)."""

    organisation: Annotated[str, Field(description="The organisation.")]
    respondents: Annotated[Count, Field(description="How many of its people answered.")]
    score: Annotated[Score | None, Field(description="Their overall score.")]
    lessons: Annotated[dict[str, Score | None], Field(description="Lesson id -> their score for it.")]
    statements: Annotated[
        dict[str, Score | None], Field(description="Statements about the respondent's own organisation: statement id -> this group's score.")
    ] = empty(dict)


@_result_model
class Result(_Data):
    """One assessment: one respondent, or several combined."""

    schema_version: Annotated[StrictInt, Field(description="The version of this shape.")] = RESULT_SCHEMA_VERSION
    kind: Literal["assessment"] = "assessment"
    partnership: Annotated[str, Field(description="The partnership's name.")]
    date: Annotated[Date | None, Field(description="When the answers were given (the latest, when combined).")] = None
    respondent: Annotated[str | None, Field(description="Who answered (one respondent only).")] = None
    organisation: Annotated[str | None, Field(description="Their organisation (one respondent only).")] = None
    respondents: Annotated[Count, Field(description="How many respondents it rests on.")]
    organisations: Annotated[
        Count | None, Field(description="How many organisations they came from (as named in the answers files).")
    ] = None
    bank: Annotated[BankInfo, Field(description="The question bank used.")]
    bands: Annotated[
        dict[str, Score], Field(description="The lowest score of each band, e.g. {strength: 70, watch: 45, gap: 0}.")
    ] = empty(dict)
    score: Annotated[Score | None, Field(description="Overall score 0-100, the mean of the assessed lessons; null when none is.")]
    band: Annotated[BandId | None, Field(description="The overall score's band.")]
    lessons: Annotated[dict[str, LessonResult], Field(description="Lesson id -> its score and band.")]
    statements: Annotated[list[StatementResult], Field(description="Every statement, in the order asked.")]
    continuum: ContinuumResult
    gaps: Annotated[list[Gap], Field(description="Lessons in the gap band and statements at the bottom of the scale.")]
    recommendations: Annotated[list[RecommendationResult], Field(description="Next steps, by priority.")]
    priorities: Annotated[
        list[Priority], Field(description="The top priorities for the board (at most three), each with its first step.")
    ] = empty(list)
    board_questions: Annotated[list[str], Field(description="What the board should discuss.")]
    divergence: Annotated[
        list[Divergence], Field(description="Where respondents disagree (combined assessments).")
    ] = empty(list)
    groups: Annotated[
        list[GroupBreakdown], Field(description="Scores by organisation, for those with enough respondents (combined).")
    ] = empty(list)
    warnings: Annotated[list[str], Field(description="What a reader must know before trusting the result.")]
    disclaimer: Annotated[str, Field(description="An aid to a conversation, not a verdict.")]

    @model_validator(mode="after")
    def _lessons_known(self) -> Result:
        # The renderers look up the lesson that each statement, gap and
        # recommendation names among the result's lessons.
        found: list[tuple[tuple[str | int, ...], str]] = [
            ((name, i, "lesson"), f"names the lesson {item.lesson!r}, which is not under 'lessons'")
            for name in ("statements", "gaps", "recommendations")
            for i, item in enumerate(getattr(self, name))
            if item.lesson not in self.lessons
        ]
        if found:
            raise refuse_all("Result", found)
        return self


# The models of a partnership's memory (comparison, action plan, trend) are
# in partnercheck.history, declared only by the commands that use them.


# --------------------------------------------------------------------------
# In and out: validation, JSON Schema, JSON
# --------------------------------------------------------------------------

@cache
def adapter(model: type[T]) -> TypeAdapter[T]:
    """pydantic's validator for a model, built the first time it is needed.

    Built as Typer builds its own: without pydantic's plugins, which are for
    instrumenting an application's models, not a tool's private validators
    (looking for them reads every installed package's metadata: 10 ms)."""
    import os

    from pydantic import TypeAdapter

    before = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "1"
    try:
        return TypeAdapter(model)
    finally:
        if before is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = before


def bank_references(bank: Any, incomplete: frozenset[str] = frozenset()) -> list[tuple[tuple[str | int, ...], str]]:
    """Checks across a bank's fields: the six lessons, the three bands rising,
    the five options, question ids unique, every lesson, scale and source
    named exists.  ``bank`` is a Bank, or (so that these problems are listed
    beside those of its fields) the parts of a bank that are valid on their
    own: a check that needs the whole of a list is left out for a list in
    ``incomplete`` (one with an invalid item left out), where it would say
    what is not so.  An invalid item of a list is None there, so that
    places keep their indexes."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    lesson_ids = [l.id for l in bank.lessons if l is not None]
    if "lessons" not in incomplete and sorted(lesson_ids) != sorted(LESSON_IDS):
        found.append((("lessons",), f"must be exactly the six lessons {', '.join(LESSON_IDS)}; found {', '.join(lesson_ids) or 'none'}"))
    if "bands" in incomplete:
        pass
    elif sorted(b.id for b in bank.bands if b is not None) != sorted(BAND_IDS):
        found.append((("bands",), "must be exactly strength, watch and gap"))
    else:
        mins = {b.id: b.min for b in bank.bands if b is not None}
        if not (mins["strength"] > mins["watch"] > mins["gap"] == 0):
            found.append((("bands",), "thresholds must rise from gap (min 0) to watch to strength"))
    if "continuum" not in incomplete and sorted(o.option for o in bank.continuum if o is not None) != list(CONTINUUM_OPTIONS):
        found.append((("continuum",), "must list the five options 1 to 5, once each"))
    for i, rule in enumerate(bank.readiness):
        for lesson in rule.requires if rule is not None else ():
            if lesson not in LESSON_IDS:
                found.append((("readiness", i, "requires"), f"unknown lesson {lesson!r}"))
    scale_ids = {s.id for s in bank.scales if s is not None}
    seen: set[str] = set()
    questions: list[tuple[tuple[str | int, ...], Statement | ContinuumQuestion]] = [
        *((("statements", i), q) for i, q in enumerate(bank.statements) if q is not None),
        *((("continuum_questions", i), q) for i, q in enumerate(bank.continuum_questions) if q is not None),
        *([(("aspiration",), bank.aspiration)] if bank.aspiration else []),
    ]
    for where, q in questions:
        if q.id in seen:
            found.append((where, f"duplicate question id {q.id!r}"))
        seen.add(q.id)
        if isinstance(q, Statement):
            if q.lesson not in LESSON_IDS:
                found.append(((*where, "lesson"), f"unknown lesson {q.lesson!r}; use one of {', '.join(LESSON_IDS)}"))
            if q.scale not in scale_ids and "scales" not in incomplete:
                found.append(((*where, "scale"), f"unknown scale {q.scale!r}; defined scales: {', '.join(sorted(scale_ids))}"))
    if "statements" not in incomplete:
        for lesson in lesson_ids:
            if not any(s.lesson == lesson for s in bank.statements if s is not None):
                found.append((("statements",), f"lesson {lesson!r} has no statements"))
    if "sources" not in incomplete:
        found += _citations(bank, questions)
    every_question = not {"statements", "continuum_questions", "aspiration"} & incomplete
    for old, new in bank.renamed.items():
        if new is not None and new not in seen and every_question:
            found.append((("renamed", old), f"maps to {new!r}, which is not a question of this bank"))
        if old in seen:
            found.append((("renamed", old), "is still a question of this bank; an old id cannot also be a current one"))
    return found


def _citations(bank: Any, questions: list[tuple[tuple[str | int, ...], Statement | ContinuumQuestion]]) -> list[tuple[tuple[str | int, ...], str]]:
    """With a ``sources`` list, every citation names one of its keys."""
    if not bank.sources:
        return []
    keys = [src.key for src in bank.sources if src is not None]
    found: list[tuple[tuple[str | int, ...], str]] = [
        (("sources",), f"duplicate key {k!r}") for k in sorted({k for k in keys if keys.count(k) > 1})
    ]
    cited: list[tuple[tuple[str | int, ...], str]] = []
    for i, l in enumerate(bank.lessons):
        if l is None:
            continue
        cited += [(("lessons", i, "sources"), k) for k in l.sources]
        cited += [(("lessons", i, "recommendations"), r.source) for r in l.recommendations]
    for where, q in questions:
        cited.append(((*where, "source"), q.source))
        cited += [((*where, "recommendations"), r.source) for r in getattr(q, "recommendations", ())]
    known = set(keys)
    found += [
        (where, f"cites {key!r}, which is not a key of 'sources'; use one of {', '.join(sorted(known))}")
        for where, key in cited if key not in known
    ]
    return found


def validate(model: type[T], data: Any, source: str) -> T:
    """``data`` (as read from ``source``) as a ``model``, or InputError naming every problem."""
    from pydantic import ValidationError

    try:
        return adapter(model).validate_python(data)
    except ValidationError as exc:
        raise InputError(source, problems(exc, model)) from None


def to_json(obj: Any) -> str:
    """A model as indented JSON, fields in their declared order."""
    from .untrusted import json_safe

    # C1 controls and bidi characters as \u escapes: the same data, but inert
    # when the JSON is shown on a terminal or opened in an editor
    return json_safe(json.dumps(_plain(obj), indent=2, ensure_ascii=False, allow_nan=False)) + "\n"


def _plain(value: Any) -> Any:
    # dataclasses.asdict would do, but deep-copies every leaf: twice as slow
    # for a batch writing a thousand JSON reports.
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return {name: _plain(getattr(value, name)) for name in field_names(type(value))}

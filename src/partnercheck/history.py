"""The models of a partnership's memory: a comparison of two rounds, an
action plan and its review, a trend over many rounds.

Records like those of :mod:`partnercheck.models`, on which they build, kept
in a module of their own because only ``compare``, ``actions``, ``trend``,
``report`` and ``schema`` use them: a quick ``assess`` never declares them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StrictBool, StrictInt

from .models import (
    LESSON_IDS,
    RESULT_SCHEMA_VERSION,
    BandId,
    BankInfo,
    Change,
    Count,
    Date,
    Gap,
    Name,
    OptionKey,
    OptionNumber,
    QuestionId,
    Readiness,
    Score,
    Text,
    _Data,
    _named,
    _result_model,
    empty,
)


# --------------------------------------------------------------------------
# Comparison of two assessments over time
# --------------------------------------------------------------------------


@_result_model
class LessonChange(_Data):
    """One lesson's score and band, before and after."""

    id: Annotated[str, Field(description="The lesson's id.")]
    name: Annotated[str, Field(description="The lesson's name.")]
    old: Annotated[Score | None, Field(description="The older score; null when not assessed.")]
    new: Annotated[Score | None, Field(description="The newer score; null when not assessed.")]
    change: Annotated[Change | None, Field(description="New minus old; null when either was not assessed.")]
    old_band: Annotated[BandId | None, Field(description="The older band.")]
    new_band: Annotated[BandId | None, Field(description="The newer band.")]
    band_move: Annotated[
        Literal["up", "down", "same", "n/a"], Field(description="How the band moved; n/a when either was not assessed.")
    ]


@_result_model
class StatementChange(_Data):
    """A statement whose score moved."""

    id: Annotated[str, Field(description="The statement's id.")]
    lesson: Annotated[str, Field(description="The id of its lesson.")]
    text: Annotated[str, Field(description="The statement.")]
    old: Annotated[Score | None, Field(description="The older score.")]
    new: Annotated[Score | None, Field(description="The newer score.")]
    change: Annotated[Change | None, Field(description="New minus old.")]


@_result_model
class ScoreChange(_Data):
    """The overall score before and after."""

    old: Annotated[Score | None, Field(description="The older overall score; null when no lesson was assessed.")]
    new: Annotated[Score | None, Field(description="The newer overall score; null when no lesson was assessed.")]
    change: Annotated[Change | None, Field(description="New minus old; null when either is null.")]


@_result_model
class ContinuumChange(_Data):
    """Where the partnership was placed, was ready for and aimed for, before and after."""

    old_option: Annotated[OptionNumber | None, Field(description="Where it was placed.")]
    new_option: Annotated[OptionNumber | None, Field(description="Where it is placed now.")]
    old_ready_for: Annotated[OptionNumber, Field(description="What it was ready for.")]
    new_ready_for: Annotated[OptionNumber, Field(description="What it is ready for now.")]
    old_aims_for: Annotated[OptionNumber | None, Field(description="Where it aimed to be.")]
    new_aims_for: Annotated[OptionNumber | None, Field(description="Where it aims to be now.")]
    old_ready_here: Annotated[
        Readiness | None, Field(description="Whether the lesson scores could carry where it was; null when it was not placed.")
    ] = None
    new_ready_here: Annotated[
        Readiness | None, Field(description="Whether the lesson scores can carry where it is now; null when it is not placed.")
    ] = None
    old_ready_for_aim: Annotated[
        Readiness | None, Field(description="Whether they could carry where it aimed, when that was higher than where it was.")
    ] = None
    new_ready_for_aim: Annotated[
        Readiness | None, Field(description="Whether they can carry where it aims now, when that is higher than where it is.")
    ] = None


@_result_model
class Comparison(_Data):
    """What moved between two assessments of one partnership."""

    schema_version: Annotated[StrictInt, Field(description="The version of this shape.")] = RESULT_SCHEMA_VERSION
    kind: Literal["comparison"] = "comparison"
    partnership: Annotated[str, Field(description="The partnership's name (as the newer assessment gives it).")]
    old_date: Annotated[Date | None, Field(description="The date of the older assessment.")]
    new_date: Annotated[Date | None, Field(description="The date of the newer assessment.")]
    old_respondents: Annotated[Count, Field(description="How many respondents the older assessment rests on.")]
    new_respondents: Annotated[Count, Field(description="How many respondents the newer assessment rests on.")]
    score: ScoreChange
    lessons: Annotated[dict[str, LessonChange], Field(description="Lesson id -> how it moved.")]
    continuum: ContinuumChange
    options: Annotated[dict[OptionKey, str], Field(description="The five continuum options' names by number.")] = empty(dict)
    bands: Annotated[dict[str, Score], Field(description="The lowest score of each band.")] = empty(dict)
    gaps_closed: Annotated[list[Gap], Field(description="Gaps of the older assessment that are gone.")]
    gaps_opened: Annotated[list[Gap], Field(description="Gaps of the newer assessment that are new.")]
    gaps_remaining: Annotated[list[Gap], Field(description="Gaps in both.")]
    statements_changed: Annotated[list[StatementChange], Field(description="Statements whose score moved, largest move first.")]
    only_in_old: Annotated[list[str], Field(description="Statements answered only in the older assessment.")]
    only_in_new: Annotated[list[str], Field(description="Statements answered only in the newer assessment.")]
    warnings: Annotated[
        list[str],
        Field(description="What a reader must know before trusting the comparison, the newer assessment's own warnings included."),
    ]
    disclaimer: Annotated[str, Field(description="An aid to a conversation, not a verdict.")]
    gaps_closed_words: Annotated[
        list[str], Field(description="Each closed gap in words, in the order of 'gaps_closed' ('25 -> 52, out of the gap band').")
    ] = empty(list)
    actions: Annotated[
        list[ActionReview], Field(description="The action plan's actions beside what moved (compare --actions).")
    ] = empty(list)


# --------------------------------------------------------------------------
# The action plan: what the board agreed to do, carried forward
# --------------------------------------------------------------------------

ActionStatus = Literal["open", "done", "dropped"]
ACTION_STATUSES: tuple[str, ...] = ("open", "done", "dropped")
ACTION_PLAN_KIND = "action-plan"


def _blank_text(value: Any) -> Any:
    # A field the officer left empty in YAML (or a blank cell) is no value.
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def _status(value: Any) -> Any:
    # 'Done' typed in a spreadsheet is done; a blank status is open.
    if value is None or (isinstance(value, str) and not value.strip()):
        return "open"
    return value.strip().lower() if isinstance(value, str) else value


def _one_or_list(value: Any) -> Any:
    # One statement written without brackets, or none at all.
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


@_result_model
class Action(_Data):
    """One thing the board agreed to do, with its lead, due date and status."""

    lesson: Annotated[Literal[LESSON_IDS], Field(description="The id of the lesson it answers.")]  # type: ignore[valid-type]
    statements: Annotated[
        list[QuestionId],
        BeforeValidator(_one_or_list),
        Field(description="The ids of the statements it answers ('partnercheck questions list' shows them)."),
    ] = empty(list)
    text: Annotated[Text, BeforeValidator(_blank_text), Field(description="What will be done.")]
    lead: Annotated[Name | None, BeforeValidator(_blank_text), Field(description="Who leads it.")] = None
    due: Annotated[Date | None, BeforeValidator(_blank_text), Field(description="When it is due, YYYY-MM-DD.")] = None
    status: Annotated[
        ActionStatus, BeforeValidator(_status), Field(description="open, done or dropped (blank: open).")
    ] = "open"
    note: Annotated[str | None, BeforeValidator(_blank_text), Field(description="How we will know, or what happened.")] = None


@_result_model
class ActionPlan(_Data):
    """An action plan: started from an assessment's priorities, edited by the officer."""

    kind: Annotated[Literal["action-plan"], Field(description="Always 'action-plan'.")] = ACTION_PLAN_KIND
    partnership: Annotated[Name, Field(min_length=1, description="The partnership's name."), BeforeValidator(_named)]
    date: Annotated[
        Date | None, BeforeValidator(_blank_text), Field(description="The date of the assessment the plan was started from.")
    ] = None
    actions: Annotated[list[Action], Field(description="The actions, in the board's order.")] = empty(list)


@_result_model
class ActionStatementChange(_Data):
    """How one of an action's statements moved."""

    id: Annotated[str, Field(description="The statement's id.")]
    text: Annotated[str, Field(description="The statement (its id when the bank no longer asks it).")]
    old: Annotated[Score | None, Field(description="Its score when the plan was made (or in the older round).")]
    new: Annotated[Score | None, Field(description="Its score in the newest round.")]
    change: Annotated[Change | None, Field(description="New minus old; null when either was not answered.")]


@_result_model
class ActionReview(_Data):
    """An action beside what moved in its lesson and statements."""

    lesson: Annotated[str, Field(description="The lesson's id.")]
    lesson_name: Annotated[str, Field(description="The lesson's name.")]
    text: Annotated[str, Field(description="What was to be done.")]
    lead: Annotated[str | None, Field(description="Who leads it.")] = None
    due: Annotated[Date | None, Field(description="When it is due.")] = None
    status: Annotated[ActionStatus, Field(description="open, done or dropped.")]
    note: Annotated[str | None, Field(description="The officer's note.")] = None
    old: Annotated[Score | None, Field(description="The lesson's score when the plan was made (or in the older round).")]
    new: Annotated[Score | None, Field(description="The lesson's score in the newest round.")]
    change: Annotated[Change | None, Field(description="New minus old; null when either was not assessed.")]
    statements: Annotated[list[ActionStatementChange], Field(description="How each of its statements moved.")] = empty(list)
    overdue: Annotated[
        StrictBool, Field(description="True when due before the newest round's date and neither done nor dropped.")
    ] = False
    unmoved: Annotated[
        StrictBool, Field(description="True when marked done but none of its statements (or its lesson) rose.")
    ] = False
    flags: Annotated[list[str], Field(description="What the board should look at, in words.")] = empty(list)


# --------------------------------------------------------------------------
# A trend: one partnership over many rounds
# --------------------------------------------------------------------------


@_result_model
class TrendRound(_Data):
    """One round: one assessment of the partnership."""

    date: Annotated[Date, Field(description="When its answers were given (the latest, when combined).")]
    source: Annotated[str, Field(description="The file it was read from.")]
    respondents: Annotated[Count, Field(description="How many respondents it rests on.")]
    bank: Annotated[BankInfo, Field(description="The question bank it was answered on.")]
    score: Annotated[Score | None, Field(description="The overall score; null when too few lessons were assessed.")]
    band: Annotated[BandId | None, Field(description="The overall score's band.")]
    option: Annotated[OptionNumber | None, Field(description="Where it was placed on the continuum; null when not settled.")]
    allowed: Annotated[list[OptionNumber], Field(description="The options its answers allowed.")] = empty(list)
    ready_here: Annotated[Readiness | None, Field(description="Whether the lesson scores could carry where it was.")] = None
    ready_for: Annotated[OptionNumber, Field(description="The highest option the lesson scores supported.")]
    aims_for: Annotated[OptionNumber | None, Field(description="Where it aimed to be.")] = None
    ready_for_aim: Annotated[Readiness | None, Field(description="Whether they could carry where it aimed, when higher.")] = None
    warnings: Annotated[list[str], Field(description="That round's own warnings.")] = empty(list)


@_result_model
class LessonTrend(_Data):
    """One lesson across the rounds."""

    id: Annotated[str, Field(description="The lesson's id.")]
    name: Annotated[str, Field(description="The lesson's name.")]
    scores: Annotated[list[Score | None], Field(description="Its score in each round, oldest first; null when not assessed.")]
    bands: Annotated[list[BandId | None], Field(description="Its band in each round.")]
    change: Annotated[Change | None, Field(description="The newest score minus the first assessed one.")] = None


@_result_model
class StatementTrend(_Data):
    """One statement across the rounds (under the id the bank asks it by now)."""

    id: Annotated[str, Field(description="The statement's id now.")]
    lesson: Annotated[str, Field(description="The id of its lesson.")]
    text: Annotated[str, Field(description="The statement.")]
    scores: Annotated[
        list[Score | None], Field(description="Its score in each round, oldest first; null when not answered or not asked.")
    ]


@_result_model
class TrendFinding(_Data):
    """A finding across the rounds, worded for a board."""

    kind: Annotated[
        Literal["in_gap", "into_gap", "statement_bottom", "minority", "slipping", "rising", "out_of_gap", "statement_falling",
                "readiness", "continuum"],
        Field(description="What kind of finding it is."),
    ]
    lesson: Annotated[str | None, Field(description="The lesson's id, when it is about one.")] = None
    statement: Annotated[str | None, Field(description="The statement's id, when it is about one.")] = None
    rounds: Annotated[Count, Field(description="How many rounds it spans.")] = 0
    text: Annotated[str, Field(description="The finding, in words.")]


@_result_model
class Trend(_Data):
    """One partnership over any number of rounds, oldest first."""

    schema_version: Annotated[StrictInt, Field(description="The version of this shape.")] = RESULT_SCHEMA_VERSION
    kind: Literal["trend"] = "trend"
    partnership: Annotated[str, Field(description="The partnership's name (as the newest round gives it).")]
    rounds: Annotated[list[TrendRound], Field(min_length=1, description="The rounds, oldest first.")]
    lessons: Annotated[dict[str, LessonTrend], Field(description="Lesson id -> its scores across the rounds.")]
    statements: Annotated[list[StatementTrend], Field(description="Every statement across the rounds, in the bank's order.")]
    findings: Annotated[list[TrendFinding], Field(description="What a board should know about the rounds, most pressing first.")]
    not_compared: Annotated[
        list[str], Field(description="What could not be compared across the rounds, and why (never dropped in silence).")
    ] = empty(list)
    options: Annotated[dict[OptionKey, str], Field(description="The five continuum options' names by number.")] = empty(dict)
    bands: Annotated[dict[str, Score], Field(description="The lowest score of each band.")] = empty(dict)
    actions: Annotated[
        list[ActionReview], Field(description="The action plan's actions beside what moved (trend --actions).")
    ] = empty(list)
    warnings: Annotated[list[str], Field(description="What a reader must know before trusting the trend.")]
    disclaimer: Annotated[str, Field(description="An aid to a conversation, not a verdict.")]

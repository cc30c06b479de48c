"""The domain as plain dataclasses: the question bank, answers, and the result.

Words follow DOMAIN.md: a *lesson* groups *statements*; an *option* is a place
on the five-option *continuum*; a *band* is strength / watch / gap; a *gap*
carries *recommendations*.  The result models are what every renderer reads
and what ``partnercheck schema`` publishes: their field names are a promise to
scripts, so change them only with a new ``schema_version``.

Plain frozen dataclasses keep the core quick to import (pydantic's models
cost more at start-up than a whole assessment).  Input is checked by
:func:`partnercheck.shapes.build`, which reads each field's type and the
checks given with :func:`check`; ``partnercheck schema`` asks pydantic for the
JSON Schema of :class:`Result` only when it is run.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import MISSING, dataclass, field
from typing import Any, Literal

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


def check(default: Any = MISSING, **checks: Any) -> Any:
    """A field whose input is checked by shapes.build: ``min_length``,
    ``max_length``, ``pattern``, ``ge``, ``le``, ``items_in`` (with
    ``items_message``); ``strip`` trims text (blank becomes null where null is
    allowed); ``empty`` words the message for a blank value."""
    return field(default=default, metadata=checks)


def empty(kind: type) -> Any:
    """A field that defaults to a new empty list or dict."""
    return field(default_factory=kind)


class _Data:
    # Unknown fields are refused (shapes.build), and the JSON Schema says so.
    __pydantic_config__ = {"extra": "forbid"}


_bank_model = dataclass(frozen=True, kw_only=True)
_result_model = dataclass(kw_only=True)
_ID = r"^[a-z0-9][a-z0-9_-]*$"
_QUESTION_ID = r"^[a-z0-9_]+\.[a-z0-9][a-z0-9-]*$"


# --------------------------------------------------------------------------
# The question bank
# --------------------------------------------------------------------------


@_bank_model
class Source(_Data):
    """A document the bank's statements and recommendations rest on; cited by ``key``."""

    key: str = check(min_length=1, pattern=_ID)
    title: str = check(min_length=1)
    author: str = check(min_length=1)
    year: int | None = None
    kind: str = check(min_length=1)
    # Where the document came from, for the bank's maintainers; never shown.
    file: str | None = None


@_bank_model
class Recommendation(_Data):
    """A concrete next step, with the source (its key) it rests on."""

    text: str = check(min_length=1)
    source: str = check(min_length=1)


@_bank_model
class ScaleOption(_Data):
    value: str = check(min_length=1, pattern=_ID)
    label: str = check(min_length=1)
    score: float | None = check(default=None, ge=0, le=100)


@_bank_model
class Scale(_Data):
    """An answer scale defined once and referenced by statements."""

    id: str
    options: tuple[ScaleOption, ...] = check(min_length=2)

    def __post_init__(self) -> None:
        values = [o.value for o in self.options]
        if len(values) != len(set(values)):
            raise ValueError("option values must be unique within a scale")
        if all(o.score is None for o in self.options):
            raise ValueError("at least one option must carry a score")

    def option(self, value: str) -> ScaleOption | None:
        return next((o for o in self.options if o.value == value), None)


@_bank_model
class ContinuumChoice(_Data):
    """An answer to a continuum or aspiration question."""

    value: str = check(min_length=1, pattern=_ID)
    label: str = check(min_length=1)
    # The continuum options this answer is consistent with; empty for
    # "don't know", which rules nothing out.
    continuum: tuple[int, ...] = check((), items_in=CONTINUUM_OPTIONS, items_message="continuum options must be 1 to 5")
    # Said in a warning when this answer does not fit the answers that bind
    # before it in the decision tree (responsibility devolved without the
    # power to decide); a general sentence is used without it.
    mismatch: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "continuum", tuple(sorted(set(self.continuum))))


@_bank_model
class Statement(_Data):
    id: str = check(pattern=_QUESTION_ID)
    lesson: str
    text: str = check(min_length=1)
    help: str = check(min_length=1)
    source: str = check(min_length=1)
    scale: str = "agreement"
    recommendations: tuple[Recommendation, ...] = check(min_length=1)
    # "own_organisation": the statement is about the respondent's own
    # organisation, so differing answers describe different organisations
    # and are not disagreement.
    about: Literal["own_organisation"] | None = None


@_bank_model
class ContinuumQuestion(_Data):
    id: str = check(pattern=_QUESTION_ID)
    text: str = check(min_length=1)
    help: str = check(min_length=1)
    source: str = check(min_length=1)
    # What the question decides, used in the rationale ("who defines the problem").
    about: str = check(min_length=1)
    # Its place in the decision tree: who decides the solution binds first,
    # then who defined the problem, then who carries the responsibility.
    # "control" (willingness to share control) is no part of the tree: its
    # answer's options say which options the partnership can carry.
    role: Literal["solution", "problem", "responsibility", "control"] | None = None
    options: tuple[ContinuumChoice, ...] = check(min_length=2)


@_bank_model
class Lesson(_Data):
    id: str
    name: str
    summary: str
    sources: tuple[str, ...] = check(min_length=1)
    # Raised when the whole lesson is in the gap band.
    recommendations: tuple[Recommendation, ...] = check(min_length=1)
    board_question: str = check(min_length=1)


@_bank_model
class Band(_Data):
    id: BandId
    label: str
    # A score at or above ``min`` (and below the next band up) is in this band.
    min: float = check(ge=0, le=100)
    meaning: str


@_bank_model
class ContinuumOption(_Data):
    option: int
    name: str
    who_defines: str
    who_decides: str
    summary: str


@_bank_model
class ReadinessRule(_Data):
    """What the lesson scores must show before an option is supported."""

    option: int
    # lesson id -> the lowest band that lesson may be in
    requires: dict[str, BandId] = empty(dict)
    no_gap: bool = False
    # No statement answered at the bottom of the scale either.
    no_statement_gap: bool = False
    # Lessons the lowest respondent must also meet (``requires``'s band), not
    # only the mean: trust is only as strong as the partner who feels it least.
    lowest_respondent: tuple[str, ...] = ()
    why: str


@_bank_model
class Rules(_Data):
    """Thresholds for scoring and advice; documented in the bank itself."""

    # A lesson with more than this share of its statements missing is not assessed.
    max_missing_share: float = check(default=0.5, ge=0, le=1)
    # A statement scoring at or below this is a gap on its own (bottom of the scale).
    statement_gap_at_most: float = check(default=0, ge=0, le=100)
    # A statement scoring at or below this raises its recommendations.
    recommend_at_most: float = check(default=25, ge=0, le=100)
    # Respondents this many scale points apart diverge (combined assessments).
    divergence_points: int = check(default=2, ge=1)
    # Fewer than this share of the lessons assessed: no overall score.
    min_assessed_share: float = check(default=0.5, ge=0, le=1)
    # One respondent this many scale points from the median of the others, the
    # same way, on at least ``pattern_share`` of the statements they answered
    # (and at least ``pattern_min_statements``): one finding, not many.
    pattern_share: float = check(default=0.6, ge=0, le=1)
    pattern_min_statements: int = check(default=6, ge=1)


@_bank_model
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


@_bank_model
class BankInfo(_Data):
    name: str
    version: str


_BANK_INDEX: dict[int, dict[str, Any]] = {}


@_bank_model
class Bank(_Data):
    """A whole question bank, as loaded from ``questions/``."""

    name: str
    version: str
    # The documents cited by ``source`` fields (a bank may cite free text instead).
    sources: tuple[Source, ...] = ()
    scales: tuple[Scale, ...] = check(min_length=1)
    bands: tuple[Band, ...]
    rules: Rules = Rules()
    lessons: tuple[Lesson, ...]
    continuum: tuple[ContinuumOption, ...]
    readiness: tuple[ReadinessRule, ...]
    texts: Texts
    statements: tuple[Statement, ...] = check(min_length=1)
    continuum_questions: tuple[ContinuumQuestion, ...] = ()
    aspiration: ContinuumQuestion | None = None
    # Question ids of earlier versions of the bank -> the id that asks the
    # same now (null: nothing asks it any more), so that old answers files,
    # drafts and saved results still load.
    renamed: dict[str, str | None] = empty(dict)

    # Cross-references are checked in bank.validate_references, which can name
    # the question that is wrong; shapes.build checks shapes only.

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
        ix["values"] = [
            (q.id, [o.value for o in (ix["scales"][q.scale].options if isinstance(q, Statement) and q.scale in ix["scales"] else getattr(q, "options", ()))])
            for q in questions
        ]
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

    partnership: str = check(min_length=1, max_length=200, strip=True, empty="is empty: write the partnership's name")
    respondent: str | None = check(default=None, max_length=200, strip=True)
    organisation: str | None = check(default=None, max_length=200, strip=True)
    date: dt.date | None = None
    # question id -> option value; null (a blank in a template) is unanswered
    answers: dict[str, str | None] = empty(dict)
    notes: dict[str, str] = empty(dict)

    def __post_init__(self) -> None:
        # Tidied as shapes.build tidies a file, for answers made in code too.
        object.__setattr__(self, "partnership", self.partnership.strip())
        for name in ("respondent", "organisation"):
            value = getattr(self, name)
            object.__setattr__(self, name, value.strip() or None if value else None)

    def given(self) -> dict[str, str]:
        """The answers actually given (blanks left out)."""
        return {k: v for k, v in self.answers.items() if v is not None}


# --------------------------------------------------------------------------
# The result: what every renderer reads
# --------------------------------------------------------------------------


@_result_model
class StatementResult(_Data):
    id: str
    lesson: str
    text: str
    # Mean score 0-100 over those who answered; null when nobody did.
    score: float | None
    # The answer given, for a single respondent (null when combined).
    value: str | None = None
    label: str | None = None
    answered: int = 0
    dont_know: int = 0
    # Highest minus lowest answer, in scale points (combined assessments).
    spread: int | None = None
    # Notes typed by respondents (never attributed in a combined report).
    notes: list[str] = empty(list)


@_result_model
class LessonResult(_Data):
    id: str
    name: str
    score: float | None
    band: BandId | None
    assessed: bool
    statements: int
    answered: int
    missing: int
    # Lowest and highest respondent's score for the lesson (combined only).
    low: float | None = None
    high: float | None = None


@_result_model
class ContinuumAnswer(_Data):
    question: str
    about: str
    value: str | None
    label: str | None
    continuum: list[int]
    # How respondents answered, value -> count (combined assessments).
    counts: dict[str, int] = empty(dict)


@_result_model
class ContinuumResult(_Data):
    option: int | None
    option_name: str | None
    # The options the answers allow: one when placed, several when answers
    # are missing (then ``option`` is null and ``settled_by`` names the
    # question whose answer would settle it).
    allowed: list[int] = empty(list)
    settled_by: str | None = None
    ready_for: int
    ready_for_name: str
    # Can the lesson scores carry where it is, and where it aims (when higher)?
    ready_here: Readiness | None = None
    ready_for_aim: Readiness | None = None
    # Lessons that stand between the partnership and where it is or aims to be.
    blocking: list[str] = empty(list)
    aims_for: int | None = None
    aims_for_name: str | None = None
    rationale: list[str]
    readiness_rationale: list[str]
    answers: list[ContinuumAnswer]
    # True when an answer does not fit the answers binding before it;
    # ``mismatches`` names those questions.
    contradiction: bool = False
    mismatches: list[str] = empty(list)
    # The five options' names, so a saved result renders without the bank.
    options: dict[int, str] = empty(dict)


@_result_model
class Gap(_Data):
    # "minority": a lesson that at least one respondent scores in the gap
    # band although the combined score is not there.
    kind: Literal["lesson", "statement", "minority"]
    lesson: str
    statement: str | None = None
    score: float | None
    reason: str


@_result_model
class RecommendationResult(_Data):
    priority: int  # 1 first
    lesson: str
    text: str
    source: str
    statements: list[str]


@_result_model
class Divergence(_Data):
    question: str
    kind: Literal["statement", "continuum", "aspiration", "pattern"]
    text: str
    spread: int | None = None
    counts: dict[str, int] = empty(dict)
    reason: str


@_result_model
class GroupBreakdown(_Data):
    organisation: str
    respondents: int
    score: float | None
    lessons: dict[str, float | None]
    # Statements about the respondent's own organisation, this group's mean.
    statements: dict[str, float | None] = empty(dict)


@_result_model
class Result(_Data):
    """One assessment: one respondent, or several combined."""

    schema_version: int = RESULT_SCHEMA_VERSION
    kind: Literal["assessment"] = "assessment"
    partnership: str
    date: dt.date | None = None
    respondent: str | None = None
    organisation: str | None = None
    respondents: int
    bank: BankInfo
    # Lowest score of each band, e.g. {"strength": 70, "watch": 45, "gap": 0}.
    bands: dict[str, float] = empty(dict)
    score: float | None
    band: BandId | None
    lessons: dict[str, LessonResult]
    statements: list[StatementResult]
    continuum: ContinuumResult
    gaps: list[Gap]
    recommendations: list[RecommendationResult]
    board_questions: list[str]
    divergence: list[Divergence] = empty(list)
    groups: list[GroupBreakdown] = empty(list)
    warnings: list[str]
    disclaimer: str


# --------------------------------------------------------------------------
# Comparison of two assessments over time
# --------------------------------------------------------------------------


@_result_model
class LessonChange(_Data):
    id: str
    name: str
    old: float | None
    new: float | None
    # new minus old; null when either was not assessed
    change: float | None
    old_band: BandId | None
    new_band: BandId | None
    band_move: Literal["up", "down", "same", "n/a"]


@_result_model
class StatementChange(_Data):
    id: str
    lesson: str
    text: str
    old: float | None
    new: float | None
    change: float | None


@_result_model
class ScoreChange(_Data):
    """The overall score before and after."""

    old: float | None
    new: float | None
    # new minus old; null when either was not assessed
    change: float | None


@_result_model
class ContinuumChange(_Data):
    """Where the partnership was placed, was ready for and aimed for, before and after."""

    old_option: int | None
    new_option: int | None
    old_ready_for: int
    new_ready_for: int
    old_aims_for: int | None
    new_aims_for: int | None


@_result_model
class Comparison(_Data):
    """What moved between two assessments of one partnership."""

    schema_version: int = RESULT_SCHEMA_VERSION
    kind: Literal["comparison"] = "comparison"
    partnership: str
    old_date: dt.date | None
    new_date: dt.date | None
    old_respondents: int
    new_respondents: int
    score: ScoreChange
    lessons: dict[str, LessonChange]
    continuum: ContinuumChange
    options: dict[int, str] = empty(dict)
    bands: dict[str, float] = empty(dict)
    gaps_closed: list[Gap]
    gaps_opened: list[Gap]
    gaps_remaining: list[Gap]
    statements_changed: list[StatementChange]
    only_in_old: list[str]
    only_in_new: list[str]
    warnings: list[str]
    disclaimer: str

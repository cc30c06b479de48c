"""One partnership over any number of rounds.  Pure (it reads, writes nothing).

Rounds (saved results, or answers files assessed now) are put in date order
and lined up: each lesson's score and band across the rounds, where the
partnership was on the continuum and whether its scores carried it, each
statement across the rounds under the id the bank asks it by now (an older
bank's ids through the bank's ``renamed`` map), and findings worded for a
board: a lesson in the gap band for several rounds, a lesson slipping or
rising rounds running, statements that keep falling, scores that have not
carried where the partnership works.  What cannot be compared (a statement
no longer asked, or not asked in some rounds, or asked now as a continuum
question, a lesson not assessed in a round) is said in ``not_compared``,
never dropped in silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .advice import fill, joined, lesson_words, quoted
from .bands import shown
from .errors import InputError, Problem, WrongKind, single
from .history import LessonTrend, StatementTrend, Trend, TrendFinding, TrendRound
from .models import Result

if TYPE_CHECKING:
    from .history import ActionPlan
    from .models import Bank, Texts

# How many statements that keep falling a trend names (the worst first).
MAX_FALLING = 5
MAX_FALLING_PER_LESSON = 2
# what a rounds folder is searched for: saved results, answers files, and
# survey exports and answers workbooks (a .txt only when named)
SUFFIXES = (".json", ".yaml", ".yml", ".csv", ".tsv", ".xlsx")


# --------------------------------------------------------------------------
# Reading the rounds
# --------------------------------------------------------------------------


def collect(paths: Sequence[str]) -> list[str]:
    """The files to read: each path given, and the YAML and JSON files
    directly inside each folder given (in name order)."""
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            found = sorted(str(f) for f in p.iterdir()
                           if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith((".", "~$")))
            if not found:
                raise single(path, f"is a folder with no {', '.join(SUFFIXES)} file in it")
            out += found
        else:
            out.append(path)
    return out


def load_rounds(paths: Sequence[str], bank: Bank) -> tuple[list[tuple[str, Result]], list[str]]:
    """Each file as a round: a saved result as it is, an answers file assessed
    with ``bank`` (its problems with their lines), a survey export or answers
    workbook assessed with its respondents combined.  Files that are action
    plans (a folder may hold one), and saved trends or comparisons found in a
    folder, are set aside; the second list says so, and what an export's
    reader noted.  Every bad file is reported at once."""
    from .answers import answers_from_data, expect_kind, parse_or_say, wrong_kind
    from .assess import assess
    from .files import MAX_RESULT_BYTES, display_name, located, read_text
    from .importers import is_table, load_responses
    from .results import result_from_data

    rounds, notes, problems = [], [], []
    given = set(paths)
    for path in collect(paths):
        name = display_name(path)
        try:
            if path != "-" and is_table(path):  # one round of a survey tool's export, or a workbook
                try:
                    responses, said = load_responses(path, bank)
                except WrongKind as exc:
                    if exc.kind != "action-plan":
                        raise
                    notes.append(f"{name} is an action plan, not a round: left out (give it with --actions)")
                    continue
                notes += [f"{name}: {x}" for x in said]
                rounds.append((name, assess(bank, responses)))
                continue
            text = read_text(path, limit=MAX_RESULT_BYTES)
            wanted = "one round of a trend (a saved result or an answers file)"
            data = parse_or_say(text, name, wanted)
            kind = expect_kind(data, name, wanted, "action-plan", "trend", "comparison", "assessment", "answers")
            if kind == "action-plan":
                notes.append(f"{name} is an action plan, not a round: left out (give it with --actions)")
            elif kind in ("trend", "comparison"):
                if path in given:  # named as a round: refused, saying what it is
                    raise wrong_kind(name, kind, wanted)
                # found in a rounds folder ('trend rounds/ -o rounds/trend.json' keeps one there)
                notes.append(f"{name} is a saved {kind}, not a round: left out")
            elif kind == "assessment":
                rounds.append((name, result_from_data(data, name)))
            else:
                try:
                    rounds.append((name, assess(bank, [answers_from_data(data, bank, name)])))
                except InputError as exc:
                    raise located(exc, text) from None
        except InputError as exc:
            problems.append(exc)
    if problems:
        if len(problems) == 1:
            raise problems[0]
        raise InputError("trend", [Problem("", p.describe()) for p in problems])
    return rounds, notes


def in_order(rounds: Sequence[tuple[str, Result]], *, mixed: bool = False) -> list[tuple[str, Result]]:
    """The rounds oldest first.  Refused: a round without a date (it cannot be
    put in order), two rounds of the same date (one round given twice, or two
    halves of one round), and rounds of different partnerships (unless ``mixed``)."""
    problems = [
        Problem(name, "has no date, so it cannot be put in order with the other rounds: "
                      "add 'date: YYYY-MM-DD' to its answers and assess it again")
        for name, r in rounds if r.date is None
    ]
    if problems:
        raise InputError("trend", problems)
    by_date: dict[Any, list[str]] = {}
    for name, r in rounds:
        by_date.setdefault(r.date, []).append(name)
    for date, names in by_date.items():
        if len(names) > 1:
            raise single(
                " and ".join(names),
                f"are both dated {date.isoformat()}: a trend takes one assessment per round. Give each round once; "
                "for a round answered by several partners, combine them first "
                "('partnercheck combine FILE... --format json -o ROUND.json')",
            )
    names = {r.partnership for _, r in rounds}
    if len(names) > 1 and not mixed:
        listed = "; ".join(f"{name}: {r.partnership!r}" for name, r in rounds)
        raise single("trend", f"the rounds are of different partnerships ({listed}); "
                              "give the rounds of one partnership, or pass --allow-mixed if it was renamed")
    return sorted(rounds, key=lambda item: item[1].date)  # type: ignore[arg-type, return-value]


# --------------------------------------------------------------------------
# The trend
# --------------------------------------------------------------------------


def trend(rounds: Sequence[tuple[str, Result]], bank: Bank, *, plan: ActionPlan | None = None, mixed: bool = False) -> Trend:
    """The rounds (file name, result) as one trend, in the bank's words."""
    if not rounds:
        raise ValueError("a trend needs at least one round")
    ordered = in_order(rounds, mixed=mixed)
    results = [r for _, r in ordered]
    t = bank.texts
    dates = [r.date.isoformat() for r in results]  # type: ignore[union-attr]
    newest = results[-1]

    # Lessons: the six, in the newest round's order.
    lessons = {}
    not_compared: list[str] = []
    for lesson_id, latest in newest.lessons.items():
        scores = [r.lessons[lesson_id].score if lesson_id in r.lessons else None for r in results]
        bands = [r.lessons[lesson_id].band if lesson_id in r.lessons else None for r in results]
        assessed = [s for s in scores if s is not None]
        change = round(assessed[-1] - assessed[0], 1) if len(assessed) >= 2 and scores[-1] is not None else None
        lessons[lesson_id] = LessonTrend(id=lesson_id, name=latest.name, scores=scores, bands=bands, change=change)
        missing = [dates[i] for i, s in enumerate(scores) if s is None]
        if missing and len(results) > 1:
            not_compared.append(fill(t.trend_lesson_not_assessed, **lesson_words(bank, [(lesson_id, latest.name)], "lesson"), dates=joined(t, missing)))

    # Statements: each round's scores under the ids the bank asks them by now.
    current = {s.id: s for s in bank.statements}
    per_round: list[dict[str, float | None]] = []
    gone: dict[str, list[str]] = {}  # an old id nothing asks now -> the rounds that asked it
    unknown: dict[str, list[str]] = {}
    moved_out: dict[str, None] = {}  # an old statement asked now as a continuum question
    texts_of: dict[str, str] = {}
    renamed_rounds: list[str] = []
    for i, r in enumerate(results):
        scores: dict[str, float | None] = {}
        moved = False
        for st in r.statements:
            texts_of.setdefault(st.id, st.text)
            sid = bank.current_id(st.id)
            if sid is None:
                gone.setdefault(st.id, []).append(dates[i])
                continue
            if bank.moved_out(st.id):
                moved_out[st.id] = None
                continue
            if sid == st.id and sid not in current:
                unknown.setdefault(sid, []).append(dates[i])
                continue
            moved = moved or sid != st.id  # counted under the id that asks it now
            if sid not in scores or scores[sid] is None:
                scores[sid] = st.score
        if moved:
            renamed_rounds.append(dates[i])
        per_round.append(scores)
    statements = []
    for st in bank.statements:
        series = [scores.get(st.id) for scores in per_round]
        statements.append(StatementTrend(id=st.id, lesson=st.lesson, text=st.text, scores=series))
        absent = [dates[i] for i, scores in enumerate(per_round) if st.id not in scores]
        if absent and len(absent) < len(results):
            not_compared.append(fill(t.trend_statement_not_asked, statement=quoted(t, st.text), dates=joined(t, absent)))
    for sid, when in gone.items():
        not_compared.append(fill(t.trend_statement_gone, statement=quoted(t, texts_of.get(sid, sid)), dates=joined(t, when)))
    for sid, when in unknown.items():
        not_compared.append(fill(t.trend_statement_unknown, statement=quoted(t, texts_of.get(sid, sid)), dates=joined(t, when)))
    for sid in moved_out:
        not_compared.append(fill(t.statement_moved_out, statement=quoted(t, texts_of.get(sid, sid))))

    warnings = []
    banks = list(dict.fromkeys(f"{r.bank.name} {r.bank.version}" for r in results))
    if len(banks) > 1:
        warnings.append(fill(t.trend_banks, banks=joined(t, banks)))
    if renamed_rounds:
        warnings.append(fill(t.trend_renamed, dates=joined(t, renamed_rounds)))
    counts = [r.respondents for r in results]
    if len(set(counts)) > 1:
        warnings.append(fill(t.trend_respondents, counts=", ".join(map(str, counts))))
    # The newest round's own warnings hold now.
    warnings += [w for w in newest.warnings if w not in warnings]

    out = Trend(
        partnership=newest.partnership,
        rounds=[
            TrendRound(
                date=r.date, source=name, respondents=r.respondents, bank=r.bank, score=r.score, band=r.band,  # type: ignore[arg-type]
                option=r.continuum.option, allowed=list(r.continuum.allowed), ready_here=r.continuum.ready_here,
                ready_for=r.continuum.ready_for, aims_for=r.continuum.aims_for, ready_for_aim=r.continuum.ready_for_aim,
                warnings=list(r.warnings),
            )
            for name, r in ordered
        ],
        lessons=lessons,
        statements=statements,
        findings=findings(bank, results, lessons, statements),
        not_compared=not_compared,
        options=newest.continuum.options or {o.option: o.name for o in bank.continuum},
        bands=newest.bands,
        warnings=warnings,
        disclaimer=newest.disclaimer,
    )
    if plan is not None:
        from .actions import baseline, review

        out.actions = review(plan, baseline(plan, results), newest, bank)
    return out


def count_words(t: Texts, n: int) -> str:
    """A count in the bank's words ('three'), digits beyond them."""
    words = [w.strip() for w in t.number_words.split(",")]
    return words[n] if 0 <= n < len(words) and words[n] else str(n)


def _run(values: Sequence[Any], test: Any) -> int:
    """How many of the last values pass ``test``, running back from the newest."""
    n = 0
    for value in reversed(values):
        if not test(value):
            break
        n += 1
    return n


def _steps(scores: Sequence[float | None]) -> list[int | None]:
    """Each round's move from the one before (as shown), None when either is missing."""
    return [
        shown(b) - shown(a) if a is not None and b is not None else None  # type: ignore[misc]
        for a, b in zip(scores, scores[1:])
    ]


def _moved(scores: Sequence[float | None], run: int, points: float) -> bool:
    """Whether the last ``run`` rounds moved at least ``points`` (as shown) in all."""
    return abs(shown(scores[-1]) - shown(scores[-1 - run])) >= points  # type: ignore[arg-type]


def findings(bank: Bank, results: Sequence[Result], lessons: dict[str, LessonTrend],
             statements: Sequence[StatementTrend]) -> list[TrendFinding]:
    """What a board should know about the rounds, most pressing first."""
    t = bank.texts
    gap = bank.band("gap").label.lower()
    points = bank.rules.trend_points
    out: dict[str, list[TrendFinding]] = {k: [] for k in ("in_gap", "into_gap", "statement_bottom", "minority", "readiness", "slipping", "statement_falling", "out_of_gap", "rising", "continuum")}
    if len(results) < 2:
        return []
    apart: dict[int, list[tuple[str, str]]] = {}  # the unhappy partner's lessons, by rounds running
    for l in lessons.values():
        in_gap = _run(l.bands, lambda b: b == "gap")
        steps = _steps(l.scores)
        if in_gap >= 2:
            out["in_gap"].append(TrendFinding(kind="in_gap", lesson=l.id, rounds=in_gap,
                                              text=fill(t.trend_in_gap, **lesson_words(bank, [(l.id, l.name)], "lesson"), band=gap, count=count_words(t, in_gap))))
        falls = _run(steps, lambda d: d is not None and d < 0)
        into_gap = in_gap == 1 and l.bands[-2] is not None and l.bands[-2] != "gap"
        if into_gap and falls >= 2:
            # one finding, not two: slipped rounds running, and now into the gap band
            out["into_gap"].append(TrendFinding(kind="into_gap", lesson=l.id, rounds=falls,
                                                text=fill(t.trend_slipping_into_gap, **lesson_words(bank, [(l.id, l.name)], "lesson"), band=gap, count=count_words(t, falls),
                                                          old=shown(l.scores[-1 - falls]), new=shown(l.scores[-1]))))  # type: ignore[arg-type]
        elif into_gap:
            out["into_gap"].append(TrendFinding(kind="into_gap", lesson=l.id, rounds=1,
                                                text=fill(t.trend_into_gap, **lesson_words(bank, [(l.id, l.name)], "lesson"), band=gap,
                                                          old=shown(l.scores[-2]), new=shown(l.scores[-1]))))  # type: ignore[arg-type]
        if l.bands[-1] not in (None, "gap") and l.bands[-2] == "gap":
            was = _run(l.bands[:-1], lambda b: b == "gap")
            out["out_of_gap"].append(TrendFinding(kind="out_of_gap", lesson=l.id, rounds=was,
                                                  text=fill(t.trend_out_of_gap_after if was >= 2 else t.trend_out_of_gap, **lesson_words(bank, [(l.id, l.name)], "lesson"), band=gap, old=shown(l.scores[-2]),  # type: ignore[arg-type]
                                                            new=shown(l.scores[-1]), count=count_words(t, was))))  # type: ignore[arg-type]
        rises = _run(steps, lambda d: d is not None and d > 0)
        for kind, run, text in (("slipping", falls, t.trend_slipping), ("rising", rises, t.trend_rising)):
            if run >= 2 and not (kind == "slipping" and into_gap) and _moved(l.scores, run, points):
                first = l.scores[-1 - run]
                out[kind].append(TrendFinding(kind=kind, lesson=l.id, rounds=run,  # type: ignore[arg-type]
                                              text=fill(text, **lesson_words(bank, [(l.id, l.name)], "lesson"), count=count_words(t, run),
                                                        old=shown(first), new=shown(l.scores[-1]))))  # type: ignore[arg-type]
        # The unhappy partner: a lesson some respondent scores in the gap band,
        # round after round, although the combined score is not there.
        minority = _run(results, lambda r, lesson=l.id: any(g.kind == "minority" and g.lesson == lesson for g in r.gaps))
        if minority >= 2 and all(any(g.kind == "minority" and g.lesson == l.id and g.pattern for g in r.gaps) for r in results[-minority:]):
            # put there only by the one partner apart from the rest, each of
            # those rounds: one finding naming its lessons (below), not one a lesson
            apart.setdefault(minority, []).append((l.id, l.name))
        elif minority >= 2:
            out["minority"].append(TrendFinding(kind="minority", lesson=l.id, rounds=minority,
                                                text=fill(t.trend_minority, **lesson_words(bank, [(l.id, l.name)], "lesson"), band=gap, count=count_words(t, minority))))
    for run, named in apart.items():
        out["minority"].append(TrendFinding(kind="minority", lesson=named[0][0] if len(named) == 1 else None, rounds=run,
                                            text=fill(t.trend_minority_apart, **lesson_words(bank, named), band=gap, count=count_words(t, run))))
    falling = []
    # A statement newly answered at the very bottom of the scale is a gap in
    # itself: on the board's agenda, however it got there.
    bottom = bank.rules.statement_gap_at_most
    for st in statements:
        before, now = (st.scores[-2], st.scores[-1]) if len(st.scores) >= 2 else (None, None)
        if now is not None and before is not None and now <= bottom < before:
            out["statement_bottom"].append(TrendFinding(
                kind="statement_bottom", lesson=st.lesson, statement=st.id, rounds=1,
                text=fill(t.trend_statement_bottom, statement=quoted(t, st.text), old=shown(before), new=shown(now)),
            ))
    for st in statements:
        run = _run(_steps(st.scores), lambda d: d is not None and d < 0)
        if run >= 2 and _moved(st.scores, run, points):
            first, last = st.scores[-1 - run], st.scores[-1]
            falling.append((shown(last) - shown(first), st, run, first, last))  # type: ignore[arg-type]
    falling.sort(key=lambda f: (f[0], -f[2]))
    # the worst first, at most MAX_FALLING_PER_LESSON of a lesson, so that one
    # lesson's fall does not hide another's
    named, per_lesson = [], {}
    for f in falling:
        if len(named) < MAX_FALLING and per_lesson.get(f[1].lesson, 0) < MAX_FALLING_PER_LESSON:
            named.append(f)
            per_lesson[f[1].lesson] = per_lesson.get(f[1].lesson, 0) + 1
    for _, st, run, first, last in named:
        out["statement_falling"].append(TrendFinding(
            kind="statement_falling", lesson=st.lesson, statement=st.id, rounds=run,
            text=fill(t.trend_statement_falling, statement=quoted(t, st.text), count=count_words(t, run),
                      old=shown(first), new=shown(last)),  # type: ignore[arg-type]
        ))
    if len(falling) > len(named):
        out["statement_falling"].append(TrendFinding(
            kind="statement_falling", rounds=0, text=fill(t.trend_more_falling, count=len(falling) - len(named))))

    newest = results[-1].continuum
    not_carried = _run([r.continuum.ready_here for r in results], lambda v: v == "not ready")
    if not_carried >= 1 and newest.option_name:
        text = t.trend_not_carried if not_carried >= 2 else t.trend_not_carried_now
        out["readiness"].append(TrendFinding(kind="readiness", rounds=not_carried,
                                             text=fill(text, option=quoted(t, newest.option_name), count=count_words(t, not_carried))))
    first = results[0].continuum
    if first.option and newest.option and first.option != newest.option:
        out["continuum"].append(TrendFinding(kind="continuum", rounds=len(results),
                                             text=fill(t.trend_moved, old=quoted(t, first.option_name), new=quoted(t, newest.option_name),
                                                       date=results[0].date.isoformat())))  # type: ignore[union-attr]
    return [f for group in out.values() for f in group]

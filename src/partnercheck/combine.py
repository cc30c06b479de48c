"""Several respondents of one partnership: divergence and group breakdowns.

Pure functions.  Respondents are never named here: divergence is reported by
question, and breakdowns by organisation only for groups of at least
``min_group`` respondents, so that no one's answers can be picked out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar

from .advice import fill, quoted
from .continuum import chosen
from .models import Answers, Bank, Divergence, GroupBreakdown, StatementResult
from .scoring import overall_score, score_lessons, score_statements


def divergence(
    bank: Bank,
    responses: Sequence[Answers],
    statements: Sequence[StatementResult],
    outlier: tuple[int, str, int, int] | None | bool = True,
) -> list[Divergence]:
    """Statements where respondents are far apart, widest first; continuum
    questions they answer differently.

    Statements about each respondent's own organisation are left out (their
    answers describe different organisations).  When one respondent sits far
    from the rest on most statements, that is one finding (a *pattern*), and
    statements that diverge only because of that respondent are not listed
    again one by one.
    """
    if len(responses) < 2:
        return []
    texts = bank.texts
    out: list[Divergence] = []
    points = bank.rules.divergence_points
    own = {s.id for s in bank.statements if s.about == "own_organisation"}
    if outlier is True:  # not found by the caller: look for it
        outlier = pattern(bank, responses)
    others = [r for i, r in enumerate(responses) if outlier is None or i != outlier[0]]
    for st in sorted(statements, key=lambda s: -(s.spread or 0)):
        if st.id in own or st.spread is None or st.spread < points:
            continue
        if outlier is not None and _spread(bank, st.id, others) < points:
            continue  # far apart only because of the respondent in the pattern
        counts: dict[str, int] = {}
        for r in responses:
            v = r.answers.get(st.id)
            if v is not None:
                counts[v] = counts.get(v, 0) + 1
        out.append(
            Divergence(
                question=st.id,
                kind="statement",
                text=st.text,
                spread=st.spread,
                counts=counts,
                reason=fill(texts.divergence_reason, spread=st.spread),
            )
        )
    if outlier is not None:
        _, direction, count, total = outlier
        out.insert(
            0,
            Divergence(
                question="",
                kind="pattern",
                text=fill(texts.pattern_text),
                reason=fill(
                    texts.pattern_reason,
                    direction=getattr(texts, f"pattern_{direction}"),
                    count=count,
                    total=total,
                    points=points,
                ),
            ),
        )
    for q in bank.continuum_questions:
        _, counts = chosen(q, responses)
        ruling = {v: n for v, n in counts.items() if next(o for o in q.options if o.value == v).continuum}
        if len(ruling) > 1:
            labels = {o.value: o.label for o in q.options}
            answers = "; ".join(f"{quoted(texts, labels[v])} ({n})" for v, n in sorted(ruling.items(), key=lambda i: -i[1]))
            out.append(
                Divergence(
                    question=q.id,
                    kind="continuum",
                    text=q.about,
                    counts=dict(counts),
                    reason=fill(texts.divergence_continuum_reason, about=q.about, answers=answers),
                )
            )
    return out


def _points(bank: Bank, statement_id: str, r: Answers) -> int | None:
    found = bank.scored_options(statement_id).get(r.answers.get(statement_id))  # type: ignore[arg-type]
    return found[1] if found is not None else None


def _spread(bank: Bank, statement_id: str, responses: Sequence[Answers]) -> int:
    given = [p for p in (_points(bank, statement_id, r) for r in responses) if p is not None]
    return max(given) - min(given) if len(given) > 1 else 0


def _median_without(column: list[int], value: int) -> float:
    """The median of a sorted column with one ``value`` left out."""
    import bisect

    k = bisect.bisect_left(column, value)
    n = len(column) - 1

    def at(index: int) -> int:
        return column[index] if index < k else column[index + 1]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def pattern(bank: Bank, responses: Sequence[Answers]) -> tuple[int, str, int, int] | None:
    """One respondent apart from the rest, the same way, on most statements and
    by ``rules.pattern_distance`` scale points or more on average: (its index,
    "below" or "above", on how many statements, of how many)."""
    if len(responses) < 3:
        return None
    rules = bank.rules
    own = {s.id for s in bank.statements if s.about == "own_organisation"}
    ids = [s.id for s in bank.statements if s.id not in own]
    options = [bank.scored_options(sid) for sid in ids]
    table = [[(found[1] if (found := opts.get(r.answers.get(sid))) is not None else None)  # type: ignore[arg-type]
              for sid, opts in zip(ids, options)] for r in responses]
    # Each statement's answers sorted once: the others' median is read from
    # them with the respondent's own answer left out.
    columns = [sorted(p for row in table if (p := row[j]) is not None) for j in range(len(ids))]
    best: tuple[float, tuple[int, str, int, int]] | None = None
    for i, row in enumerate(table):
        below = above = total = 0
        distance = 0.0
        for j, mine in enumerate(row):
            column = columns[j]
            if mine is None or len(column) < 3:
                continue
            total += 1
            median = _median_without(column, mine)
            distance += mine - median
            below += mine - median <= -1
            above += mine - median >= 1
        if total < rules.pattern_min_statements:
            continue
        mean = distance / total
        count, direction = (below, "below") if mean < 0 else (above, "above")
        # On most statements the same way, and a scale point or more on average.
        if abs(mean) >= rules.pattern_distance and count >= max(rules.pattern_share * total, rules.pattern_min_statements):
            if best is None or abs(mean) > best[0]:
                best = (abs(mean), (i, direction, count, total))
    return best[1] if best else None


def groups(bank: Bank, responses: Sequence[Answers], min_group: int) -> list[GroupBreakdown]:
    """Scores by organisation, only for organisations with at least ``min_group`` respondents."""
    by_org: dict[str, list[Answers]] = defaultdict(list)
    for r in responses:
        if r.organisation:
            by_org[r.organisation].append(r)
    out = []
    for org in sorted(by_org):
        members = by_org[org]
        if len(members) < max(min_group, 1):
            continue
        statements = score_statements(bank, members)
        lessons = score_lessons(bank, statements)
        own = {s.id for s in bank.statements if s.about == "own_organisation"}
        out.append(
            GroupBreakdown(
                organisation=org,
                respondents=len(members),
                score=overall_score(lessons, bank.rules.min_assessed_share),
                lessons={k: v.score for k, v in lessons.items()},
                statements={s.id: s.score for s in statements if s.id in own},
            )
        )
    return out


def hidden_groups(responses: Sequence[Answers], min_group: int) -> int:
    """How many organisations were too small to show."""
    counts: dict[str, int] = defaultdict(int)
    for r in responses:
        if r.organisation:
            counts[r.organisation] += 1
    return sum(1 for n in counts.values() if n < min_group)


# --------------------------------------------------------------------------
# Each respondent once; one partnership under several spellings
# --------------------------------------------------------------------------

T = TypeVar("T")


class Labelled(NamedTuple):
    """A response and where it came from, as the readers of answers hand it
    to the core: its ``label`` (a file's name, or ``responses.csv row 4``),
    the file it was read from (None for standard input) and its row there
    (0: the whole file), and ``marks``: what the file itself says of which
    response this is (an export's response id and submission times, hashed;
    never shown)."""

    label: str
    answers: Answers
    file: str | None = None
    row: int = 0
    marks: tuple[str, ...] = ()


# Why a response was counted once: the evidence that it repeats an earlier one.
SAME_RESPONDENT, SAME_EXPORT_ROW, SAME_FILE = "respondent", "export", "file"


def partnership_key(name: str) -> str:
    """What a partnership's name means, whatever its spelling: Unicode NFC
    (an e-acute typed as one character or two), case folded, without white
    space or punctuation, "&" read as "and".  "Northtown CSP", "northtown
    c.s.p." and "Northtown-CSP" are one partnership, and so are "Health &
    Care" and "Health and Care"; "Health Care" is another (it lacks a word),
    and "Northtown" and "Southtown" are never one."""
    if name.isascii():  # the usual case, quickly (a batch keys every file's names)
        key = name.translate(_ASCII_DROP).lower()
        return key or name.lower().strip()
    import unicodedata

    # Unicode's canonical caseless match: case folded after NFD, then NFC
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())
    folded = folded.translate(_AMPERSANDS)
    key = "".join(ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith("P"))
    return key or folded.strip()


# "&" is a word, "and", not punctuation: "Health & Care" is "Health and
# Care", never "Health Care" (the full-width and small ampersands too).
_AMPERSANDS = {ord(c): "and" for c in "&\uff06\ufe60"}


def _ascii_drop() -> dict[int, str | None]:
    import unicodedata

    drop: dict[int, str | None] = {
        c: None for c in range(128) if chr(c).isspace() or unicodedata.category(chr(c)).startswith("P")
    }
    drop[ord("&")] = "and"
    return drop


_ASCII_DROP = _ascii_drop()


def respondent_key(a: Answers) -> tuple[object, ...]:
    """Who answered what: the partnership, the respondent and organisation
    (spelt any way) and every answer given.  Responses with the same key
    answer alike; they are one response only with evidence (see :func:`once_each`)."""
    return (
        partnership_key(a.partnership),
        partnership_key(a.respondent) if a.respondent else None,
        partnership_key(a.organisation) if a.organisation else None,
        tuple(sorted(a.given().items())),
    )


def evidence(file: str | None, row: int, marks: Sequence[str], digest: Callable[[str], str | None]) -> set[tuple[str, ...]]:
    """What says which response this is: the bytes of the file it came from
    (its ``digest``) with its row, and the marks its export gives it."""
    found = {(SAME_EXPORT_ROW, m) for m in marks}
    if file is not None and (d := digest(file)) is not None:
        found.add((SAME_FILE, d, str(row)))
    return found


def once_each(
    items: Sequence[T],
    *,
    key: Callable[[T], Hashable],
    named: Callable[[T], bool],
    evidence: Callable[[T], set[tuple[str, ...]]],
    label: Callable[[T], str],
) -> tuple[list[T], list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Each response counted once, and only with evidence that it is the same.

    Two items with the same ``key`` (partnership, respondent, organisation
    and answers) are one response when a respondent is ``named`` (the same
    name or id), or when they share some ``evidence`` (a copy of the same
    file, or the same response id or submission time in an export).
    Otherwise both are kept: two people can answer alike.  ``evidence`` is
    asked only of items whose key repeats an earlier one's (it may read a
    file).

    Returns the items kept, in order; (the repeat's label, the label of the
    one it repeats, why) for each left out, why being SAME_RESPONDENT,
    SAME_EXPORT_ROW or SAME_FILE; and (label, the earlier one's label) for
    each kept though it answers exactly as an earlier one did, for a note.
    """
    earlier: dict[Hashable, list[list[Any]]] = {}  # key -> [item, its evidence (None: not yet asked)]
    kept: list[T] = []
    repeated: list[tuple[str, str, str]] = []
    alike: list[tuple[str, str]] = []
    for item in items:
        k = key(item)
        group = earlier.get(k)
        if group is None:
            earlier[k] = [[item, None]]
            kept.append(item)
            continue
        if named(item):
            repeated.append((label(item), label(group[0][0]), SAME_RESPONDENT))
            continue
        mine = evidence(item)
        for entry in group:
            if entry[1] is None:
                entry[1] = evidence(entry[0])
            shared = mine & entry[1]
            if shared:
                entry[1] |= mine  # a third copy may share either's evidence
                why = SAME_FILE if any(e[0] == SAME_FILE for e in shared) else SAME_EXPORT_ROW
                repeated.append((label(item), label(entry[0]), why))
                break
        else:
            alike.append((label(item), label(group[0][0])))
            group.append([item, mine])
            kept.append(item)
    return kept, repeated, alike


def each_once(
    responses: Sequence[Labelled], digest: Callable[[str], str | None] = lambda file: None
) -> tuple[list[Labelled], list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Each respondent counted once (DOMAIN.md: "the same file or the same
    response given twice is one respondent"), as :func:`once_each` decides:
    a response is left out when it answers as an earlier one did and is
    the same response: the same named respondent, a copy of the same file
    (``digest`` gives a file's, from the edge that reads it), or the same
    response id or submission time in an export.  Returns the responses
    kept, in order; (repeat, the one it repeats, why) for each left out;
    and (response, the earlier one) for two that answer exactly alike with
    nothing to say they are one, both kept.  A respondent counted twice
    would weigh twice in every average and would make an organisation of
    two look large enough to show under the anonymity rule; two people
    counted once would lose one of them."""
    return once_each(
        [r if isinstance(r, Labelled) else Labelled(*r) for r in responses],
        key=lambda r: respondent_key(r.answers),
        named=lambda r: bool(r.answers.respondent),
        evidence=lambda r: evidence(r.file, r.row, r.marks, digest),
        label=lambda r: r.label,
    )


def spellings(names: Sequence[str]) -> dict[str, list[str]]:
    """Names grouped by what they mean (:func:`partnership_key`): key -> the
    distinct spellings, the most used first (on a tie, the first given)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for n in names:
        group = counts[partnership_key(n)]
        group[n] = group.get(n, 0) + 1
    # a dict keeps the order names were first given; sorted() is stable
    return {k: sorted(v, key=lambda n: -v[n]) for k, v in counts.items()}


def one_spelling(names: Sequence[str]) -> tuple[dict[str, str], list[list[str]]]:
    """Each name -> the spelling it is taken under (the most used of those
    that mean the same, in Unicode NFC), and the spellings of each name spelt
    more than one way (for a warning)."""
    import unicodedata

    groups = spellings(names)
    chosen = {n: unicodedata.normalize("NFC", group[0]) for group in groups.values() for n in group}
    return chosen, [group for group in groups.values() if len(group) > 1]


class Named(Protocol):
    """A response as :func:`named_alike` takes it: Answers, or batch's compact records."""

    @property
    def partnership(self) -> str: ...

    @property
    def organisation(self) -> str | None: ...


R = TypeVar("R", bound=Named)


def named_alike(responses: Sequence[R]) -> tuple[list[R], list[list[str]], list[list[str]]]:
    """Each response under one spelling of its partnership's name and of its
    organisation's (``police`` and ``Police`` are one organisation: counted
    apart, each would be a group smaller than it is, hidden under the
    anonymity rule or shown as two); and the spellings of each partnership,
    and of each organisation, spelt more than one way.  Responses are
    dataclasses (Answers, or batch's records), renamed with a copy."""
    from dataclasses import replace

    partnerships, spelt_partnerships = one_spelling([r.partnership for r in responses])
    organisations, spelt_organisations = one_spelling([r.organisation for r in responses if r.organisation])
    renamed = []
    for r in responses:
        p = partnerships[r.partnership]
        o = organisations[r.organisation] if r.organisation else None
        renamed.append(r if (p, o) == (r.partnership, r.organisation) else replace(r, partnership=p, organisation=o))
    return renamed, spelt_partnerships, spelt_organisations

"""The programme store: every assessment of a batch kept in one SQLite file.

An edge module (it writes a file), built on sqlite-utils, which is imported
only when a store is opened: ``partnercheck --help`` never loads it.

``batch --db programme.db`` opens the store in the main process before any
work is done (a file that is not a store is refused then), the workers turn
each result into plain rows (:func:`rows`, no database in a worker), and the
main process writes them as they arrive, the whole batch in one transaction:
a batch is stored whole or not at all, and a store being read (Datasette, a
query) is never seen half-written.

An assessment is known by its partnership, round date and bank version:
running the same batch again replaces each assessment's rows with the same
rows (its id is kept), so nothing changes; a new round adds rows.

The schema (:data:`TABLES`), its version (``PRAGMA user_version``) and the
file's mark as a partnercheck store (``PRAGMA application_id``) are defined
here once; the README documents each table and column and a test checks that
the two agree.  The example queries (:data:`QUERIES`) are run by the tests
and printed in the README from this one place.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import InputError, single
from .models import Bank, Result

# 'PCst': written in the file's header by PRAGMA application_id, so a store
# is told from any other SQLite database (see sqlite.org/fileformat.html).
APPLICATION_ID = 0x50437374
SCHEMA_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
CACHE_KIB = 65536

# --------------------------------------------------------------------------
# The schema, once
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: type
    about: str
    not_null: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str
    about: str
    columns: tuple[Column, ...]
    pk: str | tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    unique: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, kind: type, about: str, not_null: bool = False) -> Column:
    return Column(name, kind, about, not_null)


_ASSESSMENT = _c("assessment_id", int, "The assessment (`assessments.id`).", True)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "partnerships",
        "One row per partnership ever stored. Add your own columns (a region, a kind of partnership) "
        "to compare groups with `partnercheck benchmark --group COLUMN`; batch never changes them.",
        (_c("name", str, "The partnership's name, as its answers files give it.", True),),
        pk="name",
    ),
    TableSpec(
        "lessons",
        "The six lessons, in the words of the bank last used to write the store.",
        (
            _c("id", str, "The lesson's id, e.g. `trust`.", True),
            _c("name", str, "Its name in reports, e.g. Trusted relationships.", True),
            _c("position", int, "Its place in the bank's order (1 first).", True),
        ),
        pk="id",
    ),
    TableSpec(
        "statements",
        "Every statement of the banks used, in the words of the last one.",
        (
            _c("id", str, "The statement's id, e.g. `trust.conflict-raised`.", True),
            _c("lesson", str, "Its lesson (`lessons.id`).", True),
            _c("text", str, "The statement as respondents read it.", True),
            _c("position", int, "Its place in the bank's order (1 first).", True),
        ),
        pk="id",
        foreign_keys=(("lesson", "lessons", "id"),),
    ),
    TableSpec(
        "assessments",
        "One row per partnership and round: one assessment, from one respondent or several combined.",
        (
            _c("id", int, "The assessment's number in this store (kept when the same round is stored again).", True),
            _c("partnership", str, "The partnership (`partnerships.name`).", True),
            _c("round_date", str, "The round, as a date (YYYY-MM-DD): `batch --round`, else the latest date in its answers.", True),
            _c("bank_name", str, "The question bank's name.", True),
            _c("bank_version", str, "The question bank's version.", True),
            _c("respondents", int, "How many respondents it rests on.", True),
            _c("organisations", int, "How many organisations they came from (as named in the answers files)."),
            _c("score", float, "The overall score, 0-100; null when fewer than half of the lessons were assessed."),
            _c("band", str, "The overall score's band: `strength`, `watch` or `gap`; null with no score."),
            _c("placement", int, "Where it is on the continuum, option 1 to 5; null when the answers do not settle it."),
            _c("placement_low", int, "The lowest option its answers allow (equal to `placement` when settled)."),
            _c("placement_high", int, "The highest option its answers allow."),
            _c("ready_for", int, "Readiness: the highest option its lesson scores can carry, 1 to 5.", True),
            _c("ready_here", str, "Whether its lesson scores can carry where it is: `ready`, `not ready` or `cannot be judged`; null when it is not placed."),
            _c("aims_for", int, "Where it aims to be, option 1 to 5; null when not asked or not answered."),
            _c("ready_for_aim", str, "The same for where it aims: `ready`, `not ready` or `cannot be judged`; null when it aims no higher than where it is."),
            _c("warnings", int, "How many warnings its report gives.", True),
        ),
        pk="id",
        foreign_keys=(("partnership", "partnerships", "name"),),
        indexes=(("round_date",),),
        unique=("partnership", "round_date", "bank_version"),
    ),
    TableSpec(
        "lesson_scores",
        "Each assessment's six lessons.",
        (
            _ASSESSMENT,
            _c("lesson", str, "The lesson (`lessons.id`).", True),
            _c("score", float, "Its score, 0-100; null when not assessed."),
            _c("band", str, "`strength`, `watch` or `gap`; null when not assessed."),
            _c("assessed", int, "1 when assessed, 0 when too many of its statements were missing.", True),
            _c("answered", int, "How many of its statements were answered.", True),
            _c("missing", int, "How many were not (blank or don't know).", True),
            _c("low", float, "The lowest respondent's score for it (combined assessments only)."),
            _c("high", float, "The highest respondent's score for it (combined assessments only)."),
        ),
        pk=("assessment_id", "lesson"),
        foreign_keys=(("assessment_id", "assessments", "id"), ("lesson", "lessons", "id")),
        indexes=(("lesson", "band"),),
    ),
    TableSpec(
        "statement_scores",
        "Each assessment's statements.",
        (
            _ASSESSMENT,
            _c("statement", str, "The statement (`statements.id`).", True),
            _c("lesson", str, "Its lesson (`lessons.id`).", True),
            _c("mean", float, "The mean score, 0-100, over those who answered; null when nobody did."),
            _c("spread", int, "Highest minus lowest answer, in scale points (combined assessments only)."),
            _c("n", int, "How many respondents gave an answer that scores.", True),
            _c("dont_know", int, "How many answered don't know.", True),
        ),
        pk=("assessment_id", "statement"),
        foreign_keys=(("assessment_id", "assessments", "id"), ("statement", "statements", "id"), ("lesson", "lessons", "id")),
        indexes=(("statement",),),
    ),
    TableSpec(
        "gaps",
        "Each assessment's gaps: lessons in the gap band, statements at the bottom of the scale, minority gaps.",
        (
            _ASSESSMENT,
            _c("position", int, "Its place in the report's list of gaps (1 first).", True),
            _c("kind", str, "`lesson`, `statement` or `minority` (a lesson some respondent scores in the gap band although the combined score is not there).", True),
            _c("lesson", str, "The lesson (`lessons.id`).", True),
            _c("statement", str, "The statement (`statements.id`), for statement gaps; null otherwise."),
            _c("score", float, "The lesson's or statement's score."),
        ),
        pk=("assessment_id", "position"),
        foreign_keys=(("assessment_id", "assessments", "id"), ("lesson", "lessons", "id")),
        indexes=(("lesson", "kind"),),
    ),
    TableSpec(
        "recommendations",
        "Each assessment's recommendations, in the report's order.",
        (
            _ASSESSMENT,
            _c("position", int, "Its place in the report's order (1 first).", True),
            _c("priority", int, "1: raised by a gap; 2: a low statement in a gap lesson; 3: a low statement elsewhere.", True),
            _c("lesson", str, "The lesson (`lessons.id`).", True),
            _c("text", str, "The step, as the board reads it.", True),
            _c("source", str, "The key of the source document it rests on.", True),
            _c("statements", str, "The statements that raised it, a JSON list of ids (`json_each` reads it).", True),
        ),
        pk=("assessment_id", "position"),
        foreign_keys=(("assessment_id", "assessments", "id"), ("lesson", "lessons", "id")),
        indexes=(("lesson",),),
    ),
    TableSpec(
        "actions",
        "The report's priorities as proposed actions for the board (at most three per assessment), "
        "each open until the board says otherwise.",
        (
            _ASSESSMENT,
            _c("position", int, "Its place among the priorities (1 first).", True),
            _c("lesson", str, "The lesson it answers (`lessons.id`).", True),
            _c("statements", str, "The statements answered lowest in it, a JSON list of ids.", True),
            _c("text", str, "The action: the priority's first step.", True),
            _c("why", str, "Why it is a priority, in a line.", True),
            _c("status", str, "`open` when stored by batch.", True),
        ),
        pk=("assessment_id", "position"),
        foreign_keys=(("assessment_id", "assessments", "id"), ("lesson", "lessons", "id")),
        indexes=(("lesson", "status"),),
    ),
)
TABLE = {t.name: t for t in TABLES}
CHILDREN = ("lesson_scores", "statement_scores", "gaps", "recommendations", "actions")

# --------------------------------------------------------------------------
# The example queries, once (README, tests and Datasette read them here)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    sql: str


QUERIES: tuple[Query, ...] = (
    Query(
        "trust_in_gap",
        "Partnerships with trust in the gap band for two rounds or more",
        """\
select a.partnership,
       count(distinct a.round_date) as rounds_in_gap,
       min(a.round_date) as first_round,
       max(a.round_date) as last_round
from lesson_scores l
join assessments a on a.id = l.assessment_id
where l.lesson = 'trust' and l.band = 'gap'
group by a.partnership
having count(distinct a.round_date) >= 2
order by rounds_in_gap desc, a.partnership""",
    ),
    Query(
        "trust_in_gap_for_a_year",
        "Partnerships with trust in the gap band in every round of the last twelve months",
        """\
select a.partnership,
       count(*) as rounds,
       min(a.round_date) as first_round,
       max(a.round_date) as last_round
from lesson_scores l
join assessments a on a.id = l.assessment_id
where l.lesson = 'trust'
  and a.round_date > date((select max(round_date) from assessments), '-12 months')
group by a.partnership
having count(*) >= 2 and sum(l.band = 'gap') = count(*)
order by a.partnership""",
    ),
    Query(
        "lesson_most_in_gap",
        "The lesson most often in the gap band across the programme (first row)",
        """\
select l.lesson, n.name,
       count(*) as assessments_in_gap,
       count(distinct a.partnership) as partnerships
from lesson_scores l
join lessons n on n.id = l.lesson
join assessments a on a.id = l.assessment_id
where l.band = 'gap'
group by l.lesson
order by assessments_in_gap desc, partnerships desc, n.position""",
    ),
    Query(
        "placed_above_readiness",
        "Partnerships placed above what their lesson scores can carry (latest round)",
        """\
select a.partnership, a.round_date, a.placement, a.ready_for
from assessments a
where a.placement > a.ready_for
  and a.round_date = (select max(b.round_date) from assessments b
                      where b.partnership = a.partnership)
order by a.partnership""",
    ),
)

# --------------------------------------------------------------------------
# Rows: a result as plain tuples (run in the workers; no database here)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """One assessment, ready to store: the key and each table's rows, every
    row in its table's column order, without the assessment id."""

    partnership: str
    round_date: str
    bank_version: str
    assessment: tuple[Any, ...]
    children: tuple[tuple[tuple[Any, ...], ...], ...]  # in CHILDREN's order

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.partnership, self.round_date, self.bank_version)


def rows(result: Result, round_date: str) -> Rows:
    c = result.continuum
    allowed = sorted(c.allowed) if c.allowed else []
    assessment = (
        result.partnership, round_date, result.bank.name, result.bank.version, result.respondents,
        result.organisations, result.score, result.band, c.option,
        allowed[0] if allowed else c.option, allowed[-1] if allowed else c.option,
        c.ready_for, c.ready_here, c.aims_for, c.ready_for_aim, len(result.warnings),
    )
    lessons = tuple(
        (l.id, l.score, l.band, int(l.assessed), l.answered, l.missing, l.low, l.high)
        for l in result.lessons.values()
    )
    statements = tuple((s.id, s.lesson, s.score, s.spread, s.answered, s.dont_know) for s in result.statements)
    gaps = tuple((i, g.kind, g.lesson, g.statement, g.score) for i, g in enumerate(result.gaps, 1))
    recommendations = tuple(
        (i, r.priority, r.lesson, r.text, r.source, json.dumps(r.statements))
        for i, r in enumerate(result.recommendations, 1)
    )
    actions = tuple(
        (i, p.lesson, json.dumps(p.statements), p.first_step, p.why, "open")
        for i, p in enumerate(result.priorities, 1)
    )
    return Rows(result.partnership, round_date, result.bank.version, assessment,
                (lessons, statements, gaps, recommendations, actions))


# --------------------------------------------------------------------------
# Opening a store: refuse what is not one, create a new one
# --------------------------------------------------------------------------


def _refuse(path: Path, message: str, hint: str | None = None) -> InputError:
    return single(str(path), message, hint=hint)


_HINT = "give --db a new file name, or a store written by partnercheck batch --db"


def _check_file(path: Path) -> bool:
    """True when ``path`` holds a SQLite database; False when it is new (no
    file, or an empty one); refused when it is anything else."""
    if not path.exists():
        if not path.parent.is_dir():
            raise _refuse(path, f"no folder {str(path.parent)!r} to create the store in", "create the folder first")
        return False
    if path.is_dir():
        raise _refuse(path, "is a folder, not a store", _HINT)
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise _refuse(path, f"cannot be read ({exc.strerror or exc})") from None
    if not head:
        return False
    if head != SQLITE_HEADER:
        raise _refuse(path, "is not a SQLite database, so not a partnercheck store", _HINT)
    return True


@dataclass(frozen=True)
class Ids:
    """The id of each assessment of a batch, and which of them were stored before."""

    of: dict[tuple[str, str, str], int]
    stored: frozenset[int]
    # a batch's name -> the spelling the store already holds for it ("Northtown
    # CSP" stored, "northtown c.s.p." this round): one partnership across rounds
    spelt: dict[str, str] = field(default_factory=dict)


class StoreWriteError(OSError):
    """The store could not be written (the batch's transaction was rolled back)."""

    def __init__(self, message: str, path: Path):
        super().__init__(0, f"{message}; nothing of this batch was stored", str(path))


class Store:
    """An open store.  ``Store.open(path, bank)`` checks (or creates) it."""

    def __init__(self, db: Any, path: Path):
        self.db = db
        self.path = path

    # -- opening ---------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, bank: Bank | None = None, *, create: bool = True) -> Store:
        import sqlite_utils

        path = Path(path)
        existed = _check_file(path)
        if not existed and not create:
            raise _refuse(path, "no such store", "write one first: partnercheck batch ANSWERS... --db " + str(path))
        try:
            db = sqlite_utils.Database(path, execute_plugins=False)
            store = cls(db, path)
            store._check(create)
            if bank is not None:
                with db.atomic():
                    store._create()
                    store._bank(bank)
        except sqlite3.DatabaseError as exc:
            raise _refuse(path, f"cannot be used as a store ({exc})", _HINT) from None
        return store

    def _pragma(self, name: str) -> int:
        return int(self.db.execute(f"PRAGMA {name}").fetchone()[0])

    def _check(self, create: bool) -> None:
        app, version = self._pragma("application_id"), self._pragma("user_version")
        tables = self.db.table_names()
        if app != APPLICATION_ID:
            if tables:
                shown = ", ".join(tables[:6]) + (", ..." if len(tables) > 6 else "")
                raise _refuse(self.path, f"is a SQLite database but not a partnercheck store (it has the tables {shown})", _HINT)
            if not create:
                raise _refuse(self.path, "is an empty SQLite database, not a store yet",
                              "write one first: partnercheck batch ANSWERS... --db " + str(self.path))
            return  # a new store, or an empty SQLite file
        if version > SCHEMA_VERSION:
            raise _refuse(
                self.path,
                f"was written by a newer partnercheck (store version {version}; this one knows version {SCHEMA_VERSION})",
                "upgrade partnercheck (pip install --upgrade partnercheck), or give --db a new file name",
            )
        if version < SCHEMA_VERSION:
            raise _refuse(
                self.path,
                f"is a store of version {version}, which this partnercheck (version {SCHEMA_VERSION}) cannot update",
                "give --db a new file name, and store the rounds again from their answers files",
            )
        missing = [t.name for t in TABLES if t.name not in tables]
        if missing:
            raise _refuse(self.path, "is a partnercheck store with tables missing (" + ", ".join(missing) + ")", _HINT)

    def _create(self) -> None:
        """The tables and indexes, when the store is new (each only once)."""
        if self._pragma("application_id") == APPLICATION_ID:
            return
        for t in TABLES:
            self.db[t.name].create(
                {c.name: c.type for c in t.columns},
                pk=t.pk,
                foreign_keys=list(t.foreign_keys),
                not_null={c.name for c in t.columns if c.not_null},
            )
            if t.unique:
                self.db[t.name].create_index(list(t.unique), unique=True)
            for cols in t.indexes:
                self.db[t.name].create_index(list(cols))
        self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _bank(self, bank: Bank) -> None:
        """The lessons and statements, in the words of this bank."""
        self.db["lessons"].upsert_all(
            [("id", "name", "position"), *((l.id, l.name, i) for i, l in enumerate(bank.lessons, 1))], pk="id"
        )
        self.db["statements"].upsert_all(
            [("id", "lesson", "text", "position"),
             *((s.id, s.lesson, " ".join(s.text.split()), i) for i, s in enumerate(bank.statements, 1))],
            pk="id",
        )

    def close(self) -> None:
        self.db.close()

    # -- writing ---------------------------------------------------------

    def ids(self, keys: Iterable[tuple[str, str, str]]) -> Ids:
        """An id for each key: the stored assessment's, else a new one, new
        ids given in the keys' sorted order (so the same batch gives the same
        store however its workers finish)."""
        from .combine import partnership_key

        stored_names = {partnership_key(n): n for (n,) in self.db.execute("select name from partnerships order by name")}
        keys = list(keys)
        spelt: dict[str, str] = {}
        for name in {k[0] for k in keys}:
            same = stored_names.get(partnership_key(name))
            if same is not None and same != name:
                spelt[name] = same
        wanted = sorted({(spelt.get(p, p), r, v) for p, r, v in keys})
        known = set(wanted)
        found: dict[tuple[str, str, str], int] = {}
        for pid, p, r, v in self.db.execute("select id, partnership, round_date, bank_version from assessments"):
            if (p, r, v) in known:
                found[(p, r, v)] = pid
        stored = frozenset(found.values())
        top = self.db.execute("select coalesce(max(id), 0) from assessments").fetchone()[0]
        for key in wanted:
            if key not in found:
                top += 1
                found[key] = top
        return Ids(found, stored, spelt)

    @contextmanager
    def writing(self, ids: Ids, chunk: int = 250) -> Iterator[_Writer]:
        """One transaction for the whole batch: rows given to the writer are
        written ``chunk`` assessments at a time, and committed at the end (or
        rolled back, leaving the store as it was)."""
        writer = _Writer(self.db, ids, chunk)
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            # Room for a batch's pages in memory (up to 64 MiB, used only as
            # needed): SQLite's default 2 MiB would spill them to the file
            # mid-batch, which locks readers out (Datasette, a query) until
            # the commit; with room, readers see the store as it was until then.
            self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            with self.db.atomic():
                yield writer
                writer.flush()
        except sqlite3.Error as exc:
            raise StoreWriteError(str(exc), self.path) from None

    # -- reading ---------------------------------------------------------

    def columns(self, table: str) -> list[str]:
        return [c.name for c in self.db[table].columns]


_INSERT = {
    name: f"insert into [{name}] ({', '.join(f'[{c}]' for c in TABLE[name].names)}) "
    f"values ({', '.join('?' * len(TABLE[name].columns))})"
    for name in CHILDREN
}


class _Writer:
    def __init__(self, db: Any, ids: Ids, chunk: int):
        self.db = db
        self.ids = ids
        self.chunk = chunk
        self.pending: list[Rows] = []
        self.written = 0

    def add(self, item: Rows) -> None:
        same = self.ids.spelt.get(item.partnership)
        if same is not None:  # stored under the spelling the store already holds
            item = replace(item, partnership=same, assessment=(same, *item.assessment[1:]))
        self.pending.append(item)
        if len(self.pending) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        db, pending = self.db, self.pending
        self.pending = []
        ids = [self.ids.of[r.key] for r in pending]
        db["partnerships"].insert_all([("name",), *((r.partnership,) for r in pending)], ignore=True)
        db["assessments"].upsert_all(
            [TABLE["assessments"].names, *((i, *r.assessment) for i, r in zip(ids, pending))], pk="id"
        )
        # the rows of an assessment stored before are replaced
        again = [i for i in ids if i in self.ids.stored]
        if again:
            marks = ",".join("?" * len(again))
            for name in CHILDREN:
                db.execute(f"delete from [{name}] where assessment_id in ({marks})", again)
        # Most of a store's rows are these (about 80 per assessment): plain
        # executemany, which takes a third of the time of insert_all's
        # multi-row statements (it checks every value for JSON first).
        for k, name in enumerate(CHILDREN):
            db.conn.executemany(_INSERT[name], ((i, *row) for i, r in zip(ids, pending) for row in r.children[k]))
        self.written += len(pending)


def metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata for a store named ``database`` (the file's name
    without .db): each table and column described, lessons and statements
    labelled by name and text, and the example queries as canned queries."""
    return {
        "title": "partnercheck programme store",
        "description": "Every assessment that partnercheck batch --db stored: scores, gaps, recommendations and actions, by partnership and round.",
        "databases": {
            database: {
                "tables": {
                    t.name: {
                        "description": t.about,
                        "columns": {c.name: c.about for c in t.columns},
                        **({"label_column": "name"} if t.name == "lessons" else {}),
                        **({"label_column": "text"} if t.name == "statements" else {}),
                    }
                    for t in TABLES
                },
                "queries": {q.name: {"title": q.title, "sql": q.sql} for q in QUERIES},
            }
        },
    }


def scores(store: Store) -> list[tuple[Any, ...]]:
    """Every stored lesson score, one row per partnership, round, bank
    version and lesson (the columns of batch's scores.csv), in that order."""
    try:
        return [tuple(r) for r in store.db.execute(
            "select a.partnership, a.round_date, a.bank_version, l.lesson, n.name, l.score, l.band "
            "from lesson_scores l join assessments a on a.id = l.assessment_id join lessons n on n.id = l.lesson "
            "order by a.partnership, a.round_date, a.bank_version, n.position"
        )]
    except sqlite3.DatabaseError as exc:
        raise _refuse(store.path, f"cannot be read as a store ({exc})") from None


# --------------------------------------------------------------------------
# Reading: each partnership's latest round, for partnercheck benchmark
# --------------------------------------------------------------------------

# the assessments' columns a benchmark may be grouped by
GROUPABLE = ("bank_version", "band", "placement", "ready_for", "aims_for", "ready_here", "respondents", "organisations")


def group_columns(store: Store) -> list[str]:
    """What ``benchmark --group`` accepts: a column added to partnerships, or
    one of the assessments' (of the latest round)."""
    own = [c for c in store.columns("partnerships") if c != "name"]
    return own + [c for c in GROUPABLE if c not in own]


def latest(store: Store, column: str | None = None) -> list[Any]:
    """Each partnership's latest round (the latest round date; the last
    stored for two on one date) with its lesson scores, and its value of
    ``column`` (refused, with the columns there are, when unknown)."""
    from .messages import did_you_mean

    group = "null"
    if column is not None:
        choices = group_columns(store)
        if column not in choices:
            raise _refuse(
                store.path,
                f"no column {column!r} to group by{did_you_mean(column, choices)}",
                "--group takes one of: " + ", ".join(choices)
                + " (add your own to the partnerships table, e.g. a region)",
            )
        owner = "p" if column in store.columns("partnerships") else "a"
        group = f"{owner}.[{column}]"
    try:
        return _latest(store, group)
    except sqlite3.DatabaseError as exc:
        raise _refuse(store.path, f"cannot be read as a store ({exc})") from None


def _latest(store: Store, group: str) -> list[Any]:
    from .benchmark import Entry

    # each partnership's latest round (on a tie of dates, the one stored last)
    latest = """a.id = (select b.id from assessments b where b.partnership = a.partnership
                        order by b.round_date desc, b.id desc limit 1)"""
    sql = f"""
        select a.id, a.partnership, a.round_date, {group}
        from assessments a join partnerships p on p.name = a.partnership
        where {latest}
    """
    found = {i: (name, when, None if value is None else str(value)) for i, name, when, value in store.db.execute(sql)}
    scores: dict[int, dict[str, float | None]] = {i: {} for i in found}
    for i, lesson, score in store.db.execute(
        f"select assessment_id, lesson, score from lesson_scores where assessment_id in "
        f"(select a.id from assessments a where {latest})"
    ):
        scores[i][lesson] = score
    return [Entry(name, when, value, scores[i]) for i, (name, when, value) in sorted(found.items(), key=lambda kv: kv[1][0])]


def open_store(path: str | Path, bank: Bank | None = None, *, create: bool = True) -> Store:
    return Store.open(path, bank, create=create)

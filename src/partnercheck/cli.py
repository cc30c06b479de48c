"""The command line: options in, a library call, a renderer out.

Kept thin and quick to start: the library, pydantic, Rich renderers and
questionary are imported inside the commands that use them, never at the top.
Exit codes: 0 done; 1 the work ran but the result fails what was asked (or
some files in a batch were bad); 2 bad usage or bad input; 130 interrupted.
"""


import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperArgument, TyperGroup

from . import __version__
from .output import EXIT_INTERRUPTED, Stopped, cannot_write, choose_format, emit, fail, reading_stdin, refuse_overwriting, say, say_quietly, show, stop_on_signals, user_errors, writes_to_terminal
from .render.formats import FORMATS, BatchFormatName, FormatName

if TYPE_CHECKING:  # for annotations only: the models are imported by the commands that use them
    from .models import Answers, Bank



class _Commands(TyperGroup):
    """partnercheck's commands: an option value Typer refuses is told in our
    words ("'0' should be at least 1"), not pydantic's ("Input should be
    greater than or equal to 1"), with a near choice suggested."""

    def invoke(self, ctx):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except typer.BadParameter as exc:
            from .messages import option_error

            described = getattr(exc.param, "type_descriptor", None)
            words = option_error(exc.__cause__, getattr(described, "annotation", None))
            if words:
                exc.message = words
            raise

    def get_command(self, ctx, cmd_name):  # type: ignore[no-untyped-def]
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            if isinstance(param, TyperArgument):
                _as_written(param)
        return command


def _as_written(argument: TyperArgument) -> None:
    """An argument shown as its metavar, as written ("FILE..."): not followed
    by Typer's type ("<list[str]>"), and without the dots doubled in the
    usage line ("{FILE...}...")."""
    shown = argument.metavar or (argument.name or "").upper()
    argument.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
    argument._usage_display_name = lambda: shown if argument.required else f"[{shown}]"  # type: ignore[method-assign]


app = typer.Typer(
    cls=_Commands,
    name="partnercheck",
    help=(
        "See how a public-service partnership is really doing: score it against six "
        "lessons of good partnership working, place it on the continuum from "
        "'expert alone' to 'full partnership', and get gaps, recommendations and "
        "questions for the board.\n\n"
        "\b\nExamples:\n"
        "  partnercheck assess                    (the questionnaire)\n"
        "  partnercheck assess --answers examples/northtown-officer.yaml\n"
        "  partnercheck assess --answers answers.yaml --format markdown -o board-pack.md\n"
        "  partnercheck template -o answers.yaml  (a file to email to partners)\n"
        "  partnercheck combine council.yaml police.yaml health.yaml\n"
        "  partnercheck combine responses.xlsx    (a survey tool's export of responses)\n"
        "  partnercheck trend rounds/ --actions actions.yaml  (two years at a glance)\n\n"
        "Exit codes: 0 done; 1 the result fails what was asked (--fail-under) or some "
        "files in a batch were bad; 2 bad usage or bad input; 130 interrupted (Ctrl-C); "
        "143 or 129 a batch stopped by SIGTERM or SIGHUP."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
questions_app = typer.Typer(
    cls=_Commands,
    help="List, check and export question banks.",
    epilog=(  # the same layout as examples(), defined below
        "Examples:\n\n\b\n"
        "  partnercheck questions list\n"
        "  partnercheck questions validate my-bank.yaml\n"
        "  partnercheck questions export --format form -o form.txt"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(questions_app, name="questions")


class ExportFormat(str, Enum):
    json = "json"
    yaml = "yaml"
    form = "form"
    csv = "csv"


# questions export: the format -o's extension names
EXPORT_SUFFIXES = {".txt": ExportFormat.form, ".csv": ExportFormat.csv, ".json": ExportFormat.json,
                   ".yaml": ExportFormat.yaml, ".yml": ExportFormat.yaml}


# Shared options, defined once -------------------------------------------------

FormatOpt = Annotated[
    Optional[FormatName],
    typer.Option(
        "--format", "-f",
        help="; ".join(f"{f.name}: {f.help}" for f in FORMATS.values())
        + ". Default: from -o's extension (" + ", ".join(f.extension for f in FORMATS.values()) + "), else terminal.",
        show_default=False,
    ),
]
MixedOpt = Annotated[
    bool,
    typer.Option("--allow-mixed", help="Go ahead even when the files name different partnerships."),
]
NoChartOpt = Annotated[
    bool,
    typer.Option("--no-chart", help="Leave the charts out (Markdown: no SVG files written beside the report)."),
]
OutputOpt = Annotated[
    Optional[str],
    typer.Option("--output", "-o", metavar="FILE", help="Write to this file ('-' for standard output, the default)."),
]
TemplateOpt = Annotated[
    Optional[str],
    typer.Option(
        "--template", metavar="FILE.docx",
        help="Word only: your own template (.docx or .dotx); its styles (Title, Heading 1-3, "
        "List Bullet, List Number, a table style), page, headers and footers are used.",
        show_default=False,
    ),
]
PartnershipOpt = Annotated[
    Optional[str],
    typer.Option(
        "--partnership", "-p", metavar="NAME",
        help="For a survey export with no Partnership column: the partnership its responses are about.",
        show_default=False,
    ),
]
ActionsOpt = Annotated[
    Optional[str],
    typer.Option("--actions", metavar="PLAN", help="The action plan (.yaml or .xlsx, from 'partnercheck actions'): each action's status beside what moved.", show_default=False),
]
QuestionsOpt = Annotated[
    Optional[Path],
    typer.Option("--questions", metavar="BANK", help="A custom question bank (YAML file, or a folder holding bank.yaml).", show_default=False),
]


def examples(*commands: str) -> str:
    """An epilog of example commands, kept on their own lines in --help."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {c}" for c in commands)


@contextmanager
def _only_the_command_asked(first: list[str]) -> Iterator[None]:
    """Typer builds every command (its options, their types) before it runs
    one: with a command named first on the command line, only that command
    is built (4 ms of a quick command's start).  Anything else (--help,
    --version, a misspelt command, a group such as 'questions', shell
    completion, which passes its words in the environment) sees every command."""
    commands = app.registered_commands
    asked = [c for c in commands if first and c.name == first[0]]
    if not asked:
        yield
        return
    groups, app.registered_commands, app.registered_groups = app.registered_groups, asked, []
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"partnercheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """partnercheck: partnership self-assessment."""


# assess -------------------------------------------------------------------


@app.command(
    "assess",
    short_help='The questionnaire, or an answers file, then the report.',  # whole in the list of commands at 80 columns
    epilog=examples('partnercheck assess', 'partnercheck assess --answers answers.yaml', 'partnercheck assess --answers council.xlsx', 'partnercheck assess --answers answers.yaml --format markdown -o board-pack.md', 'cat answers.json | partnercheck assess --answers - --format json', 'partnercheck assess --resume northtown.draft.yaml')
)
def assess_command(
    answers: Annotated[
        Optional[str],
        typer.Option("--answers", "-a", metavar="FILE", help="Answers file (YAML or JSON; '-' for standard input), answers workbook (.xlsx) or a survey export with one response (.csv, .tsv, .txt, .xlsx): no questions asked."),
    ] = None,
    partnership: PartnershipOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    questions: QuestionsOpt = None,
    resume: Annotated[
        Optional[Path],
        typer.Option("--resume", metavar="DRAFT", help="Continue an interrupted questionnaire from its draft file."),
    ] = None,
    save: Annotated[
        Optional[Path],
        typer.Option("--save-answers", metavar="FILE", help="Save the interactive answers to this file without asking."),
    ] = None,
    no_chart: NoChartOpt = False,
    template: TemplateOpt = None,
) -> None:
    """Assess a partnership: answer the questionnaire, or read an answers file, and get the report."""
    with user_errors():
        from .assess import assess
        from .bank import load_bank

        bank = load_bank(questions)
        # A bad -o name, a Word file for the terminal or a bad --template is
        # said before any work (before the questionnaire too).
        chosen = choose_format(fmt, output, template)
        read = {"--answers": answers, "--resume": resume, "--questions": _bank_file(questions), "--template": template}
        refuse_overwriting(output, {**read, "--save-answers": save})
        refuse_overwriting(save, {k: v for k, v in read.items() if k != "--resume"}, what="--save-answers")
        if answers is not None:
            if resume is not None:
                fail("use either --answers or --resume, not both")
            from .importers import load_responses

            if answers == "-":
                reading_stdin("the answers (YAML or JSON)")
            read, notes = load_responses(answers, bank, partnership=partnership)
            for note in notes:
                say(f"partnercheck: {note}")
            if len(read) > 1:
                fail(f"{answers} holds {len(read)} responses; combine them into one assessment with "
                     f"'partnercheck combine {answers}'")
            given = read[0]
        else:
            from .session import interactive

            given = interactive(bank, resume)
        result = assess(bank, [given])
        try:
            show(result, bank, chosen, output, charts=not no_chart, template=template)
        finally:
            # Typed answers are offered for saving even when the report could
            # not be written, so a quarter of an hour's work is never lost.
            if answers is None:
                from .session import offer_to_save

                offer_to_save(bank, given, resume, save)


# report -------------------------------------------------------------------


@app.command(
    "report",
    short_help='Render a saved JSON result, comparison or trend again.',  # whole in the list of commands at 80 columns
    epilog=examples('partnercheck assess --answers answers.yaml --format json -o result.json', 'partnercheck report result.json --format markdown -o board-pack.md')
)
def report_command(
    result_file: Annotated[str, typer.Argument(metavar="RESULT.json", help="A result, comparison or trend saved with --format json ('-' for standard input).")],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    questions: QuestionsOpt = None,
    no_chart: NoChartOpt = False,
    template: TemplateOpt = None,
) -> None:
    """Render a saved JSON result, comparison or trend again, in any format (in the words of the default bank, or of --questions)."""
    with user_errors():
        from .bank import load_bank
        from .results import load_report

        chosen = choose_format(fmt, output, template)
        refuse_overwriting(output, {"the result": result_file, "--questions": _bank_file(questions), "--template": template})
        if result_file == "-":
            reading_stdin("the saved result (JSON)")
        result = load_report(result_file)
        show(result, load_bank(questions), chosen, output, charts=not no_chart, template=template)


# combine ------------------------------------------------------------------


@app.command(
    "combine",
    short_help="Several respondents' answers as one assessment.",  # whole in the list of commands at 80 columns
    epilog=examples('partnercheck combine council.yaml police.yaml health.yaml', "partnercheck combine responses.csv --partnership 'Northtown CSP'", 'partnercheck combine returned/*.xlsx', 'partnercheck combine answers/*.yaml --format markdown -o combined.md', 'partnercheck combine answers/*.yaml --min-group 5 --format json', 'partnercheck combine answers/*.yaml --include-notes -o combined.md')
)
def combine_command(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Answer files, answers workbooks or survey exports (.csv, .tsv, .txt, .xlsx: one respondent per row) of one partnership (each respondent counts once: a file given twice or copied, the same named respondent's answers again, or an export's response with the same id and times again, is left out, with a warning; two anonymous responses that only answer alike both count).")],
    fmt: FormatOpt = None,
    partnership: PartnershipOpt = None,
    output: OutputOpt = None,
    questions: QuestionsOpt = None,
    name_respondents: Annotated[
        bool, typer.Option("--name-respondents", help="Name respondents in the report (anonymous by default).")
    ] = False,
    include_notes: Annotated[
        bool, typer.Option("--include-notes", help="Show respondents' notes (left out by default: a note can identify its author).")
    ] = False,
    min_group: Annotated[
        int, typer.Option("--min-group", min=1, metavar="N", help="Show an organisation's breakdown only with at least this many respondents.")
    ] = 3,
    mixed: MixedOpt = False,
    no_chart: NoChartOpt = False,
    template: TemplateOpt = None,
) -> None:
    """Combine several respondents' answers into one assessment, showing where they diverge."""
    with user_errors():
        from .assess import assess
        from .bank import load_bank

        chosen = choose_format(fmt, output, template)
        refuse_overwriting(output, {"the answers file": files, "--questions": _bank_file(questions), "--template": template})
        bank = load_bank(questions)
        responses = _respondents(files, bank, mixed=mixed, partnership=partnership)
        result = assess(bank, responses, name_respondents=name_respondents, min_group=min_group, include_notes=include_notes)
        show(result, bank, chosen, output, charts=not no_chart, template=template)


def _respondents(files: list[str], bank: "Bank", *, mixed: bool, partnership: str | None = None) -> "list[Answers]":
    """The answers in ``files`` (answers files, workbooks, or survey exports
    of one respondent a row: ``partnership`` for an export with no
    Partnership column), each respondent once, each partnership and
    organisation under one spelling, saying what was left out or taken as
    one; every file's problems at once; different partnerships refused
    unless ``mixed``."""
    import os

    from .importers import labelled_responses
    from .combine import each_once, named_alike
    from .errors import InputError
    from .files import digest
    from .output import alike_responses, repeated_response, spelt_alike

    labelled, problems = [], []
    named: dict[str, str] = {}
    repeated: list[tuple[str, str]] = []
    for f in files:
        real = f if f == "-" else os.path.realpath(f)
        if real in named:  # a file named twice is read once (and its problems said once)
            repeated.append((f, named[real]))
            continue
        named[real] = f
        if f == "-":
            reading_stdin("one respondent's answers")
        try:
            read, notes = labelled_responses(f, bank, partnership=partnership)
            labelled += read
            for note in notes:
                say(f"partnercheck: {note}")
        except InputError as exc:
            problems.append(exc.describe())
    if problems:
        fail("\n".join(problems))
    kept, same, alike = each_once(labelled, digest)
    for again, first, *why in [*repeated, *same]:
        say(f"partnercheck: {repeated_response(again, first, *why)}")
    for line in alike_responses(alike):
        say(f"partnercheck: {line}")
    responses, partnerships, organisations = named_alike([r.answers for r in kept])
    names = sorted({r.partnership for r in responses})
    if len(names) > 1 and not mixed:
        fail(
            "these files name different partnerships ("
            + "; ".join(repr(n) for n in names)
            + "); combine one partnership at a time, or pass --allow-mixed"
        )
    for spellings in partnerships:
        say(f"partnercheck: {spelt_alike(spellings)}")
    for spellings in organisations:
        say(f"partnercheck: {spelt_alike(spellings, 'organisation')}")
    return responses


# compare ------------------------------------------------------------------


@app.command(
    "compare",
    short_help='Two assessments of one partnership: what moved.',  # whole in the list of commands at 80 columns
    epilog=examples(
        "partnercheck compare 2026-q3.json 2026-q4.json",
        "partnercheck compare old-answers.yaml new-answers.yaml --format markdown -o what-moved.md",
        "partnercheck compare old.json new.json --format json | jq '.lessons.trust.change'",
    )
)
def compare_command(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The earlier assessment: a JSON result or an answers file.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The later assessment: a JSON result or an answers file.")],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    questions: QuestionsOpt = None,
    plan: ActionsOpt = None,
    mixed: MixedOpt = False,
    no_chart: NoChartOpt = False,
    template: TemplateOpt = None,
) -> None:
    """Compare two assessments of one partnership: what improved, what slipped, which gaps closed or opened
    (and, with --actions, what happened to what the board agreed)."""
    with user_errors():
        from .bank import load_bank
        from .combine import partnership_key
        from .compare import compare
        from .results import load_assessment

        chosen = choose_format(fmt, output, template)
        refuse_overwriting(output, {"OLD": old, "NEW": new, "--questions": _bank_file(questions), "--template": template})
        before, after = load_assessment(old, questions), load_assessment(new, questions)
        # one partnership however its name is spelt (case, spacing, accents typed as one character or two)
        if partnership_key(before.partnership) != partnership_key(after.partnership) and not mixed:
            fail(
                f"{old} is about {before.partnership!r} but {new} is about {after.partnership!r}; "
                "compare one partnership, or pass --allow-mixed"
            )
        bank = load_bank(questions)
        actions = _load_plan(plan, bank, after.partnership, mixed)
        show(compare(before, after, bank=bank, plan=actions), bank, chosen, output, charts=not no_chart, template=template)


def _load_plan(path: Optional[str], bank, partnership: str, mixed: bool):  # type: ignore[no-untyped-def]
    """The action plan given with --actions (None without), about the same partnership."""
    if path is None:
        return None
    from .actions import load_plan

    plan = load_plan(path, bank)
    if plan.partnership != partnership and not mixed:
        fail(f"{path} is the action plan of {plan.partnership!r}, not of {partnership!r}; "
             "give that partnership's plan, or pass --allow-mixed")
    return plan


# trend --------------------------------------------------------------------


@app.command(
    "trend",
    short_help="One partnership over many rounds: lines, findings, actions.",  # whole in the list of commands at 80 columns
    epilog=examples(
        "partnercheck trend 2025-q4.json 2026-q2.json 2026-q4.json",
        "partnercheck trend rounds/ --format markdown -o two-years.md",
        "partnercheck trend rounds/ --actions actions.yaml -o board-paper.docx",
        "partnercheck trend rounds/ --format json | jq '.findings[].text'",
    ),
)
def trend_command(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="RESULT_OR_ANSWERS...", help="One file per round (a JSON result, an answers file, or a survey export or answers workbook whose respondents are combined), or folders of results and answers files; put in date order."),
    ],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    questions: QuestionsOpt = None,
    plan: ActionsOpt = None,
    mixed: MixedOpt = False,
    no_chart: NoChartOpt = False,
    template: TemplateOpt = None,
) -> None:
    """One partnership over any number of rounds: each lesson's line against the bands, the continuum
    across the rounds, and findings for the board (and, with --actions, what happened to what it agreed)."""
    with user_errors():
        from .bank import load_bank
        from .trend import load_rounds, trend

        chosen = choose_format(fmt, output, template)
        bank = load_bank(questions)
        rounds, notes = load_rounds(paths, bank)
        for note in notes:
            say(f"partnercheck: {note}")
        if not rounds:
            fail("no round to show: give the results or answers files of each round")
        newest = max(rounds, key=lambda item: (item[1].date is not None, item[1].date))[1]
        actions = _load_plan(plan, bank, newest.partnership, mixed)
        show(trend(rounds, bank, plan=actions, mixed=mixed), bank, chosen, output, charts=not no_chart, template=template)


# actions ------------------------------------------------------------------


class PlanFormat(str, Enum):
    yaml = "yaml"
    xlsx = "xlsx"


@app.command(
    "actions",
    short_help="Start an action plan from an assessment's priorities.",  # whole in the list of commands at 80 columns
    epilog=examples(
        "partnercheck actions 2026-q4.json -o actions.yaml",
        "partnercheck actions 2026-q4.json -o actions.xlsx        (Excel, the status a drop-down)",
        "partnercheck compare 2026-q4.json 2027-q2.json --actions actions.yaml",
    ),
)
def actions_command(
    result_file: Annotated[str, typer.Argument(metavar="RESULT", help="The assessment the board agreed its actions on: a JSON result (or an answers file).")],
    output: OutputOpt = None,
    fmt: Annotated[
        Optional[PlanFormat],
        typer.Option("--format", "-f", help="yaml: a file to edit, with comments on how; xlsx: an Excel workbook. "
                     "Default: from -o's extension (.yaml, .yml, .xlsx), else yaml.", show_default=False),
    ] = None,
    questions: QuestionsOpt = None,
) -> None:
    """Start an action plan from an assessment's priorities: one action each, with its lesson and statements,
    and a lead, due date, status (open, done, dropped) and note to fill in. Check it again after the next
    round with compare or trend --actions."""
    with user_errors():
        from .actions import dump_xlsx, dump_yaml, from_result
        from .bank import load_bank
        from .output import binary_to_terminal
        from .results import load_assessment

        suffix = Path(output).suffix.lower() if output and output != "-" else ""
        named = {".yaml": PlanFormat.yaml, ".yml": PlanFormat.yaml, ".xlsx": PlanFormat.xlsx}.get(suffix)
        if suffix and named is None:
            fail(f"{output}: an action plan is written as .yaml or .xlsx, not '{suffix}'")
        if fmt is not None and named is not None and fmt is not named:
            fail(f"{output}: --format {fmt.value} but the file name says {named.value}; change one of them")
        chosen = fmt or named or PlanFormat.yaml
        if chosen is PlanFormat.xlsx and writes_to_terminal(output):
            fail(binary_to_terminal("xlsx", ".xlsx"))
        bank = load_bank(questions)
        plan = from_result(load_assessment(result_file, questions))
        if not plan.actions:
            say("partnercheck: the assessment has no priorities: the plan has no action yet; add the board's own")
        emit(dump_xlsx(plan, bank) if chosen is PlanFormat.xlsx else dump_yaml(plan, bank), output)


# template -----------------------------------------------------------------


class TemplateFormat(str, Enum):
    yaml = "yaml"
    xlsx = "xlsx"


@app.command(
    "template",
    short_help='An answers file or workbook to email to partners.',  # whole in the list of commands at 80 columns
    epilog=examples(
        'partnercheck template -o answers.yaml',
        "partnercheck template --partnership 'Northtown CSP' -o northtown.yaml",
        "partnercheck template --format xlsx --partnership 'Northtown CSP' -o northtown.xlsx",
        'partnercheck combine returned/*.xlsx   (the workbooks partners send back)',
    ),
)
def template_command(
    output: OutputOpt = None,
    questions: QuestionsOpt = None,
    partnership: Annotated[Optional[str], typer.Option("--partnership", "-p", metavar="NAME", help="Fill in the partnership's name.")] = None,
    fmt: Annotated[
        Optional[TemplateFormat],
        typer.Option(
            "--format", "-f",
            help="yaml: an answers file to edit; xlsx: an Excel workbook with a drop-down list of answers for each "
            "question, for partners who do not edit YAML. Default: from -o's extension, else yaml.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace -o's file even if it holds answers.")] = False,
) -> None:
    """Write an answers file (or Excel workbook) to email to partners: every question, ready to fill in."""
    with user_errors():
        from .answers import holds_work
        from .bank import load_bank

        refuse_overwriting(output, {"--questions": _bank_file(questions)})
        if output not in (None, "-") and not force and holds_work(output):
            fail(f"{output} exists and may hold a partner's answers: a blank template would replace them. "
                 "Give another name, or --force to replace it")
        if fmt is None:
            fmt = TemplateFormat.xlsx if str(output or "").lower().endswith(".xlsx") else TemplateFormat.yaml
        if fmt is TemplateFormat.xlsx:
            if output is not None and not output.lower().endswith(".xlsx") and output != "-":
                fail(f"{output}: --format xlsx writes an Excel workbook; name it with .xlsx")
            from .importers.workbook import write_template

            if writes_to_terminal(output):
                fail("--format xlsx writes a file, not text for the screen; give -o answers.xlsx")
            emit(write_template(load_bank(questions), partnership=partnership), output)
            return
        from .answers import template

        emit(template(load_bank(questions), partnership=partnership), output)


# import -------------------------------------------------------------------


@app.command(
    "import",
    short_help="Survey exports as answers files, one per respondent.",  # whole in the list of commands at 80 columns
    epilog=examples(
        "partnercheck import responses.xlsx -o answers/",
        "partnercheck import survey.csv --partnership 'Northtown CSP' -o answers/",
        "partnercheck import returned/*.xlsx -o answers/ --overwrite",
        "partnercheck combine answers/*.yaml   (then, as with any answers files)",
    )
    + "\n\nEach row of an export becomes one answers file, named after the partnership, the export "
    "and the row (northtown-csp-responses-row-2.yaml). E-mail addresses, names and the survey tool's "
    "own columns are left out.",
)
def import_command(
    exports: Annotated[list[str], typer.Argument(metavar="EXPORT...", help="Survey exports (.csv, .tsv, .txt, .xlsx: one respondent per row) or answers workbooks.")],
    out_dir: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Folder for the answers files (made if missing).")] = Path("."),
    partnership: PartnershipOpt = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace answers files that already exist (refused by default, naming them).")] = False,
    questions: QuestionsOpt = None,
) -> None:
    """Turn survey exports into answers files (YAML), one per respondent, to keep, edit or compare."""
    with user_errors():
        from .bank import load_bank
        from .errors import InputError
        from .files import write_atomic
        from .importers import answers_files, is_table, read_table_file
        from .messages import counted
        from .output import not_a_folder

        why = not_a_folder(out_dir)
        if why is not None:  # said before any export is read
            fail(f"-o {out_dir}: cannot write ({why}); give a folder for the answers files (it is made if missing)")
        bank = load_bank(questions)
        problems: list[str] = []
        read = []
        for export in exports:
            if not is_table(export):
                problems.append(f"{export}: is not a survey export (.csv, .tsv, .txt or .xlsx); "
                                "answers files need no import")
                continue
            try:
                read.append((export, read_table_file(export, bank, partnership=partnership)))
            except InputError as exc:
                problems.append(exc.describe())
        notes = [note for _, imported in read for note in imported.notes]
        # Each respondent once: a response given twice (an export named
        # twice or copied, a row pasted in twice) becomes one answers file, not two.
        from .combine import each_once
        from .files import digest
        from .importers import labelled
        from .output import alike_responses, repeated_response

        kept, repeats, alike = each_once([labelled(export, export, r) for export, imported in read for r in imported.responses],
                                         digest)
        keep = {r.label for r in kept}
        for export, imported in read:
            imported.responses = [r for r in imported.responses if labelled(export, export, r).label in keep]
        notes += [repeated_response(again, first, why, done="written") for again, first, why in repeats]
        notes += alike_responses(alike, done="written")
        planned = answers_files(read, bank, out_dir)
        if problems:
            fail("\n".join(problems))
        existing = [t for t in planned if t.exists()]
        if existing and not overwrite:
            shown = "".join(f"\n  {t}" for t in existing[:10]) + ("\n  ..." if len(existing) > 10 else "")
            fail(f"{counted(len(existing), 'answers file')} already exist{'s' if len(existing) == 1 else ''}; give --overwrite to replace them, "
                 f"or -o another folder:{shown}")
        for note in notes:
            say(f"partnercheck: {note}")
        for target, text in planned.items():
            try:
                write_atomic(target, text)
            except OSError as exc:
                cannot_write(target, exc)
        replaced = f" ({len(existing)} replaced)" if existing else ""
        say(f"Wrote {counted(len(planned), 'answers file')} to {out_dir}{replaced}")


# questions ----------------------------------------------------------------


@questions_app.command("list", epilog=examples('partnercheck questions list --questions my-bank.yaml'))
def questions_list(questions: QuestionsOpt = None) -> None:
    """List every question with its id, lesson and text."""
    with user_errors():
        from .bank import load_bank

        import textwrap

        from .output import screen_width, terminal_width
        from .untrusted import clean

        bank = load_bank(questions)
        # a custom bank's words are someone else's text: no control characters on the screen
        lines = [clean(f"{bank.name} {bank.version}: {len(bank.questions())} questions"), ""]
        # On a screen (or with COLUMNS), each text wraps between words: beside
        # its id when there is room, else under it; a pipe gets one line each.
        width = None if screen_width() is None else terminal_width(None)
        current = None
        for q in bank.questions():
            kind = bank.kind(q)
            heading = bank.lesson(q.lesson).name if kind == "statement" else "Continuum"  # type: ignore[union-attr]
            if heading != current:
                if current is not None:
                    lines.append("")
                lines.append(clean(heading))
                current = heading
            line = clean(f"  {q.id:<40} {q.text}")
            if width is None or len(line) < width:
                lines.append(line)
            elif width >= 43 + 36:
                lines.append(textwrap.fill(line, width - 1, subsequent_indent=" " * 43, break_long_words=False, break_on_hyphens=False))
            else:
                lines.append(clean(f"  {q.id}"))
                lines.append(textwrap.fill(clean(q.text), width - 1, initial_indent=" " * 4, subsequent_indent=" " * 4, break_long_words=False, break_on_hyphens=False))
        sys.stdout.write("\n".join(lines) + "\n")


@questions_app.command("validate", short_help="Check a question bank: every problem, with its place.", epilog=examples('partnercheck questions validate my-bank.yaml'))
def questions_validate(
    path: Annotated[Path, typer.Argument(metavar="BANK", help="The bank to check (YAML file, or a folder holding bank.yaml).")],
) -> None:
    """Check a question bank: every problem is listed with its place; exit 2 if any."""
    with user_errors():
        from .bank import load_bank

        bank = load_bank(path)
        say(f"{path}: valid ({len(bank.statements)} statements, {len(bank.continuum_questions)} continuum questions)")


@questions_app.command(
    "export",
    short_help="Every question: for a form builder, or as JSON or YAML.",  # whole in the list of commands at 80 columns
    epilog=examples(
        "partnercheck questions export --format form -o form.txt   (to build a Microsoft, Google or SurveyMonkey form)",
        "partnercheck questions export --format csv -o form.csv    (the same as a table, for Excel)",
        "partnercheck questions export --format json -o questions.json",
    ),
)
def questions_export(
    fmt: Annotated[
        Optional[ExportFormat],
        typer.Option(
            "--format", "-f",
            help="form: the questions to copy into a form builder (each title with its [id] tag, its help, "
            "its options in order, by lesson); csv: the same as a table (UTF-8 for Excel); "
            "json or yaml: every question with its options, scores and continuum options, for other tools. "
            "Default: from -o's extension (.txt, .csv, .json, .yaml), else json.",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    questions: QuestionsOpt = None,
) -> None:
    """Export every question: for a form builder (form, csv) or for other tools (json, yaml)."""
    with user_errors():
        from .bank import export_questions, form_csv, form_text, load_bank

        suffix = Path(output).suffix.lower() if output and output != "-" else ""
        named = EXPORT_SUFFIXES.get(suffix)
        if fmt is None:
            fmt = named or ExportFormat.json
        elif named is not None and named is not fmt:
            ext = next(k for k, v in EXPORT_SUFFIXES.items() if v is fmt)
            fail(f"{output}: --format {fmt.value} does not write a {suffix} file; name it "
                 f"{Path(output).with_suffix(ext).name} (or leave out --format to write {named.value})")  # type: ignore[arg-type]
        refuse_overwriting(output, {"--questions": _bank_file(questions)})
        bank = load_bank(questions)
        if fmt is ExportFormat.form:
            emit(form_text(bank), output)
            return
        if fmt is ExportFormat.csv:
            emit(form_csv(bank), output)
            return
        data = export_questions(bank)
        if fmt is ExportFormat.json:
            import json

            from .untrusted import json_safe

            text = json_safe(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"
        else:
            import yaml

            from .untrusted import has_bidi

            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
            if has_bidi(text):  # PyYAML writes these as they are: escape all that is not ASCII instead
                text = yaml.safe_dump(data, sort_keys=False, allow_unicode=False)
        emit(text, output)


# schema -------------------------------------------------------------------


class SchemaFor(str, Enum):
    result = "result"
    comparison = "comparison"
    bank = "bank"
    answers = "answers"
    trend = "trend"
    actions = "actions"


@app.command(
    "schema",
    short_help='The JSON Schema of each file partnercheck reads or writes.',  # whole in the list of commands at 80 columns
    epilog=examples(
        "partnercheck schema -o result.schema.json",
        "partnercheck schema --for comparison -o comparison.schema.json",
        "partnercheck schema --for answers",
        "partnercheck schema --for trend -o trend.schema.json",
    ),
)
def schema_command(
    shape: Annotated[
        SchemaFor,
        typer.Option(
            "--for",
            help="result (what --format json writes), comparison (what compare --format json writes), "
            "trend (what trend --format json writes), bank (a question bank), answers (an answers file) "
            "or actions (an action plan).",
        ),
    ] = SchemaFor.result,
    output: OutputOpt = None,
) -> None:
    """Print the JSON Schema of a result, a comparison, a trend, a question bank, an answers file or an action plan."""
    import json

    from .results import json_schema

    emit(json.dumps(json_schema(shape.value), indent=2, ensure_ascii=False, allow_nan=False) + "\n", output)

# batch --------------------------------------------------------------------


def _a_score(value: Optional[float]) -> Optional[float]:
    """A score to judge by: a number (nan compares false with everything, so
    it would never fail anything; inf would fail everything)."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value:g} is not a score; give a number such as 50 (scores run from 0 to 100)")
    return value



@app.command(
    "batch",
    short_help='Many partnerships from answer files and folders: a report each.',  # whole in the list of commands at 80 columns
    epilog=examples(
        "partnercheck batch answers/ --out-dir reports/",
        "partnercheck batch q1/*.yaml --format json --out-dir out --fail-under 50",
        "find answers -name '*.yaml' | partnercheck batch - --jobs 4 -q",
        "partnercheck batch all-partnerships.csv --out-dir reports/   (an export with a Partnership column)",
        "partnercheck batch answers/2027-q1/ --db programme.db --round 2027-03-31",
    )
    + "\n\nExit codes: 0 every partnership written; 1 some files were bad (listed at the end, the rest"
    " still written), a score fell below --fail-under, or a partnership with no date could not be"
    " stored (--db without --round); 2 bad usage (nothing to read, bad bank, a --db file that is not"
    " a store, or a store that could not be written); 130 interrupted (Ctrl-C); 143 stopped by SIGTERM"
    " (kill, timeout); 129 stopped by SIGHUP (the terminal closed). A stopped batch ends its workers"
    " and leaves complete reports only, no temporary file, and a store as it was."
)
def batch_command(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Answer files, survey exports (.csv, .tsv, .txt, .xlsx), folders (searched recursively for *.yaml, *.yml, *.json, *.csv, *.tsv, *.xlsx) or '-' for a list of paths on standard input.")],
    out_dir: Annotated[Path, typer.Option("--out-dir", "-d", metavar="DIR", help="Folder for the reports and summary.csv / summary.json. It may be an input folder: no input is ever overwritten, and partnercheck's own outputs are never read as answers.")] = Path("partnercheck-reports"),
    fmt: Annotated[BatchFormatName, typer.Option("--format", "-f", help="Report format for each partnership: " + ", ".join(n for n, f in FORMATS.items() if f.batch) + ".")] = BatchFormatName.markdown,
    fail_under: Annotated[Optional[float], typer.Option("--fail-under", metavar="SCORE", callback=_a_score, help="Exit 1 when any partnership's overall score (0-100) is below this.", show_default=False)] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes (default: the number of CPUs).", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary table; problems are still reported.")] = False,
    questions: QuestionsOpt = None,
    no_chart: NoChartOpt = False,
    template: TemplateOpt = None,
    partnership: PartnershipOpt = None,
    db: Annotated[Optional[Path], typer.Option("--db", metavar="FILE.db", help="Also keep every assessment in this programme store (SQLite; created when new). Running the same batch again changes nothing; a new round adds rows.", show_default=False)] = None,
    round_: Annotated[Optional[datetime], typer.Option("--round", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="The round's date, for every partnership (default: the latest date in each partnership's answers).", show_default=False)] = None,
) -> None:
    """Assess many partnerships from a folder of answer files: files naming the same partnership are combined.

    Names that differ only in case, spacing, punctuation, '&' for 'and' or the way
    accents are typed are one partnership (with a warning); each respondent counts once.
    Writes a report per partnership, summary.csv, summary.json and scores.csv
    (one row per partnership and lesson) to --out-dir, and with --db keeps
    every assessment in a programme store for queries and `partnercheck benchmark`.
    """
    with user_errors():
        from . import batch as batching
        from .bank import load_bank
        from .output import check_template, not_a_folder

        check_template(FORMATS[fmt.value], template)
        why = not_a_folder(out_dir)
        if why is not None:  # said before any file is read
            fail(f"--out-dir {out_dir}: cannot write ({why}); give a folder (it is made if missing)")
        bank = load_bank(questions)
        bank_file = _bank_file(questions)
        if "-" in paths:
            reading_stdin("the answer files' paths (one a line)")
        store = None
        if db is not None:
            from .store import open_store

            store = open_store(db, bank)  # a file that is not a store is refused before any work
        files, missing = batching.collect(paths, sys.stdin if "-" in paths else None, skip=out_dir)
        if bank_file is not None:  # the bank given with --questions, found among the answers, is not one
            files = [f for f in files if os.path.realpath(f) != os.path.realpath(bank_file)]
        if not files:
            fail("no answer files found (looked for *.yaml, *.yml, *.json, *.csv, *.tsv and *.xlsx)"
                 + "".join(f"\n  {path}: {reason}" for path, reason in missing))
        progress, stop = batching.progress_bar(quiet)
        try:
            with stop_on_signals():
                outcome = batching.run(
                    bank, files, out_dir, fmt=fmt.value, charts=not no_chart, template=template,
                    jobs=jobs or batching.default_jobs(), progress=progress,
                    inputs=[p for p in (template, bank_file) if p is not None], partnership=partnership,
                    round_date=round_.date().isoformat() if round_ else None, store=store,
                )
        except OSError as exc:
            cannot_write(exc.filename or out_dir, exc)
        except KeyboardInterrupt as exc:  # Ctrl-C, or a signal (Stopped is one too)
            stop()
            how = f"stopped by {exc.name}" if isinstance(exc, Stopped) else "interrupted"
            say_quietly(f"partnercheck: {how}; the reports already written are complete, no temporary file "
                        "is left, and summary.csv, summary.json and scores.csv were not written"
                        + (f"; nothing of this batch was stored in {db}" if store is not None else ""))
            raise typer.Exit(exc.code if isinstance(exc, Stopped) else EXIT_INTERRUPTED) from None
        finally:
            stop()
            if store is not None:
                store.close()
        outcome.bad_files[:0] = missing
        code = batching.report_outcome(outcome, out_dir, fail_under=fail_under, quiet=quiet, bank_path=questions,
                                       db=None if db is None else str(db))
        if code:
            raise typer.Exit(code)


def _bank_file(questions: Optional[Path]) -> Optional[Path]:
    """The bank file --questions names (a folder holds bank.yaml)."""
    if questions is None:
        return None
    from .bank import resolve_bank_path

    return resolve_bank_path(questions)


# benchmark ----------------------------------------------------------------


class BenchmarkFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    csv = "csv"


_BENCHMARK_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".csv": "csv", ".txt": "terminal"}


@app.command(
    "benchmark",
    short_help="Partnerships compared lesson by lesson, from a store.",  # whole in the list of commands at 80 columns
    epilog=examples(
        "partnercheck batch answers/2027-q1/ --db programme.db",
        "partnercheck benchmark programme.db",
        "partnercheck benchmark programme.db --group region -o benchmark.md",
        "partnercheck benchmark programme.db --format csv -o benchmark.csv",
    )
    + "\n\nGroup by a column you add to the store's partnerships table (sqlite-utils add-column "
    "programme.db partnerships region, then fill it in), or by one of the assessments': "
    "placement, ready_for, aims_for, band, bank_version.",
)
def benchmark_command(
    db: Annotated[Path, typer.Argument(metavar="PROGRAMME.db", help="A store written by partnercheck batch --db.")],
    group: Annotated[Optional[str], typer.Option("--group", "-g", metavar="COLUMN", help="Also compare the partnerships within each group of this column.", show_default=False)] = None,
    fmt: Annotated[Optional[BenchmarkFormat], typer.Option("--format", "-f", help="terminal, markdown, json or csv. Default: from -o's extension (.md, .json, .csv, .txt), else terminal.", show_default=False)] = None,
    output: OutputOpt = None,
    questions: QuestionsOpt = None,
) -> None:
    """Per lesson, the programme's quartiles and where each partnership stands (its latest round); groups of fewer than five are not shown."""
    with user_errors():
        from .bank import load_bank
        from .benchmark import benchmark

        from .output import terminal_width, to_screen, use_colour
        from .render.benchmark import render
        from .store import latest, open_store

        chosen = fmt.value if fmt else None
        if output not in (None, "-"):
            inferred = _BENCHMARK_EXTENSIONS.get(Path(output).suffix.lower())
            if inferred is None and chosen is None:
                fail(f"{output}: no benchmark format writes '{Path(output).suffix}' files; name it .md, .json, .csv or .txt, or give --format")
            if chosen and inferred and chosen != inferred:
                fail(f"{output}: --format {chosen} but the file name says {inferred}; change one of them")
            chosen = chosen or inferred
        bank = load_bank(questions)
        store = open_store(db, create=False)
        try:
            entries = latest(store, group)
        finally:
            store.close()
        # the screen's width (or COLUMNS, for a pipe or file too), as reports are drawn
        width = terminal_width(output)
        text = render(benchmark(entries, bank, group), bank, chosen or "terminal",
                      colour=to_screen(output) and use_colour(), width=width)
        emit(text, output)


store_app = typer.Typer(
    help="The programme store that batch --db writes (a SQLite file).",
    epilog=(
        "Examples:\n\n\b\n"
        "  partnercheck batch answers/2027-q1/ --db programme.db\n"
        "  partnercheck store metadata programme.db -o metadata.json"
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(store_app, name="store")


@store_app.command(
    "scores",
    short_help="Every round's lesson scores as a CSV for a spreadsheet.",
    epilog=examples(
        "partnercheck store scores programme.db -o scores.csv",
    ),
)
def store_scores_command(
    db: Annotated[Path, typer.Argument(metavar="PROGRAMME.db", help="A store written by partnercheck batch --db.")],
    output: OutputOpt = None,
) -> None:
    """Every stored lesson score, one row per partnership, round and lesson (the columns of batch's scores.csv), with a byte-order mark so that Excel reads names as written."""
    with user_errors():
        from .files import csv_text
        from .store import open_store, scores
        from .tables import SCORES_HEADER

        store = open_store(db, create=False)
        try:
            rows = scores(store)
        finally:
            store.close()
        emit(csv_text(SCORES_HEADER, rows, bom=True), output)


@store_app.command(
    "metadata",
    short_help="Datasette metadata: tables described, queries ready to run.",
    epilog=examples(
        "partnercheck store metadata programme.db -o metadata.json",
        "datasette programme.db -m metadata.json",
    ),
)
def store_metadata_command(
    db: Annotated[Path, typer.Argument(metavar="PROGRAMME.db", help="The store, as you will give it to Datasette.")],
    output: OutputOpt = None,
) -> None:
    """Datasette metadata for a programme store: its tables and columns described, and the README's example queries ready to run."""
    import json

    from .store import metadata

    emit(json.dumps(metadata(db.stem), indent=2, ensure_ascii=False) + "\n", output)


def main() -> None:
    try:
        with _only_the_command_asked(sys.argv[1:2]):
            app()
    except KeyboardInterrupt:
        say("partnercheck: interrupted")
        sys.exit(EXIT_INTERRUPTED)

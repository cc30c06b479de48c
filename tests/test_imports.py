"""Reading survey exports and answers workbooks (issue: answers from where partners already are).

Every fixture is written here from the default bank: four respondents of one
partnership, answered differently (some questions left blank), laid out as
Microsoft Forms, Google Forms, SurveyMonkey and SmartSurvey export them, as a
plain spreadsheet, as Excel's "Unicode Text", and as the answers workbooks
``template --format xlsx`` makes.  What an officer expects: combining any of
them gives the same assessment as combining the same answers written as YAML
answers files, and no e-mail address or name read from an export reaches an
answers file or a report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import zipfile

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from partnercheck.answers import dump_answers, load_answers
from partnercheck.importers import load_responses
from partnercheck.bank import load_bank
from partnercheck.cli import app
from partnercheck.errors import InputError
from partnercheck.files import read_text
from partnercheck.models import Answers, Statement


PARTNERSHIP = "Northtown Community Safety Partnership"
ORGS = ("Northtown Council", "Northtown Police", "Café Société Trust", "Northtown Health")
# Who answered, as survey tools record it: must never reach an answers file or a report.
EMAILS = ("ann.archer@council.example", "bo.brown@police.example", "cy.cole@cafe.example", "di.dale@health.example")
WHEN = dt.datetime(2026, 11, 3, 9, 14, 10)  # when every respondent finished
NAMES = ("Zephyrine Quillfeather", "Bartholomew Okonkwo-Vance", "Ysolde Marchetti", "Ignatius Pembleton")


def run(*args, input=None):
    return CliRunner().invoke(app, [str(a) for a in args], input=input)


def ok(*args, **kw):
    result = run(*args, **kw)
    assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr, result.exception)
    return result


def refused(*args, **kw):
    result = run(*args, **kw)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return " ".join(result.stderr.split())


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def options(bank, q):
    return bank.scale(q.scale).options if isinstance(q, Statement) else q.options


@pytest.fixture(scope="module")
def respondents(bank):
    """Four respondents' answers: every option used somewhere, some questions blank."""
    rng = random.Random(12)
    out = []
    for n, org in enumerate(ORGS):
        given = {}
        for q in bank.questions():
            opts = options(bank, q)
            if rng.random() < 0.1:
                continue  # left blank
            given[q.id] = opts[(n + rng.randrange(len(opts))) % len(opts)].value
        out.append(Answers(partnership=PARTNERSHIP, organisation=org, answers=given, date=WHEN.date()))
    return out


def undated(respondents):
    return [Answers(partnership=r.partnership, organisation=r.organisation, answers=r.answers) for r in respondents]


def label(bank, qid, value):
    q = next(q for q in bank.questions() if q.id == qid)
    return next(o.label for o in options(bank, q) if o.value == value)


def combined_json(*paths, extra=()):
    result = ok("combine", *paths, "--format", "json", *extra)
    return json.loads(result.stdout), result.stderr


@pytest.fixture(scope="module")
def expected(tmp_path_factory, bank, respondents):
    """The assessment combined from the same answers as YAML answers files."""
    return yaml_assessment(tmp_path_factory.mktemp("yaml"), bank, respondents)


@pytest.fixture(scope="module")
def expected_undated(tmp_path_factory, bank, respondents):
    """The same, from answers files with no date (as from an export that gives none)."""
    return yaml_assessment(tmp_path_factory.mktemp("yaml"), bank, undated(respondents))


def yaml_assessment(folder, bank, respondents):
    paths = []
    for n, answers in enumerate(respondents):
        path = folder / f"r{n}.yaml"
        path.write_text(dump_answers(answers, bank), encoding="utf-8")
        paths.append(path)
    return combined_json(*paths)[0]


def shuffled(bank, seed):
    """The questions in another order: columns are matched by header, never by position."""
    qs = list(bank.questions())
    random.Random(seed).shuffle(qs)
    return qs


def tagged(q):
    """A question as `questions export --format form` titles it: its text, then its [id]."""
    return f"{q.text} [{q.id}]"


# --------------------------------------------------------------------------
# Layouts, written from the bank
# --------------------------------------------------------------------------


def microsoft_rows(bank, respondents, when=WHEN.isoformat(" ")):
    """Microsoft's Excel download: real date-times (or, saved as CSV, written year first)."""
    qs = shuffled(bank, 1)
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Partnership",
              "Organisation"] + [tagged(q) for q in qs]
    rows = [header]
    for n, r in enumerate(respondents):
        rows.append([str(n + 1), when, when, EMAILS[n], NAMES[n], "", r.partnership,
                     r.organisation] + [label(bank, q.id, r.answers[q.id]) if q.id in r.answers else "" for q in qs])
    return rows


def google_rows(bank, respondents):
    """Statements as one grid per lesson ('Lesson [Row]'), continuum questions single."""
    qs = shuffled(bank, 2)
    header = ["Timestamp", "Email address", "Partnership", "Organisation"]
    for q in qs:
        header.append(f"{bank.lesson(q.lesson).name} [{tagged(q)}]" if isinstance(q, Statement) else tagged(q))
    rows = [header]
    for n, r in enumerate(respondents):
        rows.append(["2026/11/03 9:14:10 am GMT", EMAILS[n], r.partnership, r.organisation]
                    + [label(bank, q.id, r.answers[q.id]) if q.id in r.answers else "" for q in qs])
    return rows


def surveymonkey_rows(bank, respondents):
    """Two header rows: a lesson's matrix titled once over its statements; 'Response' under single questions."""
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
            "Last Name", "Custom Data 1"]
    top, sub = meta + ["Partnership", "Organisation"], [""] * len(meta) + ["Open-Ended Response"] * 2
    order = []
    for lesson in bank.lessons:
        statements = [q for q in bank.questions() if isinstance(q, Statement) and q.lesson == lesson.id]
        for k, q in enumerate(statements):
            top.append(lesson.name if k == 0 else "")
            sub.append(tagged(q))
            order.append(q)
    for q in bank.questions():
        if not isinstance(q, Statement):
            top.append(tagged(q))
            sub.append("Response")
            order.append(q)
    rows = [top, sub]
    for n, r in enumerate(respondents):
        first, last = NAMES[n].split()
        rows.append([str(11400000000 + n), "4123", "11/03/2026 09:00:00 AM", "11/03/2026 09:14:10 AM",
                     "192.0.2.1", EMAILS[n], first, last, "", r.partnership, r.organisation]
                    + [label(bank, q.id, r.answers[q.id]) if q.id in r.answers else "" for q in order])
    return rows


def plain_rows(bank, respondents, *, by="id"):
    """A spreadsheet an officer made by hand: headed by ids (or by the questions' text only), values or labels."""
    qs = shuffled(bank, 3)
    rows = [["Partnership", "Organization", "Your name"] + [q.id if by == "id" else q.text for q in qs]]
    for n, r in enumerate(respondents):
        rows.append([r.partnership, r.organisation, NAMES[n]]
                    + [(r.answers.get(q.id) or "") if by == "id" else
                       (label(bank, q.id, r.answers[q.id]).upper() if q.id in r.answers else "") for q in qs])
    return rows


def write_csv(path, rows, *, delimiter=",", encoding="utf-8", prefix=""):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes((prefix + buffer.getvalue()).encode(encoding))
    return path


def write_xlsx(path, rows, title="Sheet1"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append([cell if cell != "" else None for cell in row])
    book.save(path)
    return path


def fill_workbooks(folder, bank, respondents, blanks=None):
    """The workbook template --format xlsx writes, filled in by each partner with labels from its lists."""
    paths = []
    for n, r in enumerate(respondents):
        blank = (blanks or folder) / f"blank-{n}.xlsx"
        ok("template", "--format", "xlsx", "--partnership", PARTNERSHIP, "-o", blank)
        book = openpyxl.load_workbook(blank)
        sheet = book["Answers"]
        heads = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in ("Question id", "Your answer") and not heads.get(cell.value):
                    heads[cell.value] = cell
                if cell.value == "Organisation":
                    sheet.cell(cell.row, cell.column + 1, r.organisation)
        id_col, answer_col = heads["Question id"].column, heads["Your answer"].column
        for row in range(heads["Question id"].row + 1, sheet.max_row + 1):
            qid = sheet.cell(row, id_col).value
            if qid in r.answers:
                sheet.cell(row, answer_col, label(bank, qid, r.answers[qid]))
        path = folder / f"returned-{n}.xlsx"
        book.save(path)
        paths.append(path)
    return paths


LAYOUTS = {
    "microsoft-forms.xlsx": lambda p, b, r: write_xlsx(p, microsoft_rows(b, r, when=WHEN)),
    "microsoft-forms.csv (UTF-8 with BOM)": lambda p, b, r: write_csv(p, microsoft_rows(b, r), encoding="utf-8-sig"),
    "google-forms.csv": lambda p, b, r: write_csv(p, google_rows(b, r)),
    "google-forms.xlsx": lambda p, b, r: write_xlsx(p, google_rows(b, r), "Form responses 1"),
    "surveymonkey.csv": lambda p, b, r: write_csv(p, surveymonkey_rows(b, r)),
    "surveymonkey.xlsx": lambda p, b, r: write_xlsx(p, surveymonkey_rows(b, r)),
    "plain-ids.csv (semicolons, Windows-1252)": lambda p, b, r: write_csv(p, plain_rows(b, r), delimiter=";", encoding="cp1252"),
    "plain-texts.txt (Excel Unicode Text: UTF-16, tabs)": lambda p, b, r: write_csv(p, plain_rows(b, r, by="text"), delimiter="\t", encoding="utf-16"),
    "plain-ids.tsv (tabs, sep= line)": lambda p, b, r: write_csv(p, plain_rows(b, r), delimiter="\t", prefix="sep=\t\r\n"),
}


def layout_path(tmp_path, name):
    stem, ext = name.split(" ")[0].rsplit(".", 1)
    return tmp_path / f"{stem}.{ext}"


# Layouts whose completion times are written year first give the answers' date;
# SurveyMonkey's (11/03/2026: March or November?) and a plain spreadsheet give none.
DATED = ("microsoft", "google")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_combines_to_the_same_assessment_as_yaml_files(tmp_path, bank, respondents, expected,
                                                                   expected_undated, layout):
    path = LAYOUTS[layout](layout_path(tmp_path, layout), bank, respondents)
    got, said = combined_json(path)
    assert got == (expected if layout.startswith(DATED) else expected_undated)
    if "1252" in layout:
        assert "Windows-1252" in said
    else:
        assert "Windows-1252" not in said


def test_returned_workbooks_combine_to_the_same_assessment_as_yaml_files(tmp_path, bank, respondents, expected_undated):
    got, _ = combined_json(*fill_workbooks(tmp_path, bank, respondents))
    assert got == expected_undated


def test_workbooks_and_yaml_files_mix(tmp_path, bank, respondents, expected_undated):
    books = fill_workbooks(tmp_path, bank, respondents[:2])
    yamls = []
    for n, r in enumerate(undated(respondents[2:])):
        yamls.append(tmp_path / f"y{n}.yaml")
        yamls[-1].write_text(dump_answers(r, bank), encoding="utf-8")
    assert combined_json(*books, *yamls)[0] == expected_undated


def test_assess_reads_a_returned_workbook_like_its_answers_file(tmp_path, bank, respondents):
    book = fill_workbooks(tmp_path, bank, respondents[:1])[0]
    yaml_file = tmp_path / "one.yaml"
    yaml_file.write_text(dump_answers(undated(respondents)[0], bank), encoding="utf-8")
    from_book = json.loads(ok("assess", "--answers", book, "--format", "json").stdout)
    from_yaml = json.loads(ok("assess", "--answers", yaml_file, "--format", "json").stdout)
    assert from_book == from_yaml
    assert load_responses(book, bank)[0][0].organisation == ORGS[0]
    # a note written beside an answer is kept with it
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Answers"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 6).value == "trust.conflict-raised")
    sheet.cell(row, 5, "Better since the away day.")
    workbook.save(book)
    assert load_responses(book, bank)[0][0].notes == {"trust.conflict-raised": "Better since the away day."}


def test_a_returned_workbook_gives_the_day_it_was_answered(tmp_path, bank, respondents):
    """The workbook asks for the date as the YAML template does: a round has a
    date (trend and the store need one); a date Excel keeps as a date cell
    reads as that day, and one that is not a date is named."""
    import datetime as dt

    book = fill_workbooks(tmp_path, bank, respondents[:1])[0]
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Answers"]
    row = next(r for r in range(1, 10) if str(sheet.cell(r, 1).value or "").startswith("Date"))
    sheet.cell(row, 2, dt.datetime(2027, 3, 31))
    workbook.save(book)
    assert load_responses(book, bank)[0][0].date == dt.date(2027, 3, 31)
    sheet.cell(row, 2, "last Tuesday")
    workbook.save(book)
    assert "'last Tuesday' is not a date" in refused("assess", "--answers", book)


def test_assess_with_an_export_of_several_responses_points_to_combine(tmp_path, bank, respondents):
    path = write_csv(tmp_path / "all.csv", google_rows(bank, respondents))
    said = refused("assess", "--answers", path)
    assert "4 responses" in said and "partnercheck combine" in said
    one = write_csv(tmp_path / "one.csv", google_rows(bank, respondents[:1]))
    yaml_file = tmp_path / "one.yaml"
    yaml_file.write_text(dump_answers(respondents[0], bank), encoding="utf-8")
    assert ok("assess", "--answers", one, "--format", "json").stdout == ok("assess", "--answers", yaml_file, "--format", "json").stdout


def test_no_email_or_name_reaches_a_report_or_an_answers_file(tmp_path, bank, respondents):
    exports = [LAYOUTS[name](layout_path(tmp_path, name), bank, respondents) for name in LAYOUTS
               if "1252" not in name and "UTF-16" not in name]
    outputs = []
    for export in exports:
        for fmt in ("markdown", "json", "html"):
            outputs.append(ok("combine", export, "--format", fmt, "--name-respondents").stdout)
        folder = tmp_path / f"imported-{export.stem}-{export.suffix[1:]}"
        ok("import", export, "-o", folder)
        outputs += [p.read_text(encoding="utf-8") for p in folder.iterdir()]
    text = "\n".join(outputs)
    for who in EMAILS + NAMES:
        assert who not in text
        for word in who.split():  # not even a first name (SurveyMonkey's First Name column)
            assert word not in text
    for domain in {e.split("@")[1] for e in EMAILS}:
        assert domain not in text


def test_a_survey_built_from_questions_export_reads_back_the_same(tmp_path, bank, respondents, expected):
    """Done when: a form built from 'questions export --format csv' (each question's title as written, its
    options' labels in order), its responses exported by Microsoft Forms, Google Forms (a grid per section)
    and SurveyMonkey (a matrix per section), combines to the same result as the YAML answers files."""
    form = list(csv.DictReader(io.StringIO(ok("questions", "export", "--format", "csv").stdout.lstrip("\ufeff"))))
    by_id = {row["Id"]: row for row in form}

    def cell(r, row):
        """What the form's respondent chose: an option's label, exactly as the form offers it."""
        if row["Id"] == "partnership":
            return r.partnership
        if row["Id"] == "organisation":
            return r.organisation
        value = r.answers.get(row["Id"])
        return "" if value is None else row["Options"].split(" | ")[[o.value for o in options(bank, question(bank, row["Id"]))].index(value)]

    def microsoft():
        rows = [["ID", "Start time", "Completion time", "Email", "Name"] + [row["Question"] for row in form]]
        for n, r in enumerate(respondents):
            rows.append([n + 1, WHEN, WHEN, EMAILS[n], NAMES[n]] + [cell(r, row) for row in form])
        return write_xlsx(tmp_path / "microsoft.xlsx", rows)

    def google():
        heads = [row["Question"] if row["Type"] == "Text" else f"{row['Section']} [{row['Question']}]" for row in form]
        rows = [["Timestamp", "Email address"] + heads]
        for n, r in enumerate(respondents):
            rows.append([WHEN.strftime("%Y/%m/%d %H:%M:%S"), EMAILS[n]] + [cell(r, row) for row in form])
        return write_csv(tmp_path / "google.csv", rows)

    def surveymonkey():
        top, sub, last = ["Respondent ID", "Email Address", "First Name", "Last Name"], ["", "", "", ""], None
        for row in form:
            if row["Type"] == "Text":
                top.append(row["Question"])
                sub.append("Open-Ended Response")
            else:
                top.append(row["Section"] if row["Section"] != last else "")
                sub.append(row["Question"])
            last = row["Section"]
        rows = [top, sub]
        for n, r in enumerate(respondents):
            first, family = NAMES[n].split(" ", 1)
            rows.append([str(n), EMAILS[n], first, family] + [cell(r, row) for row in form])
        return write_csv(tmp_path / "surveymonkey.csv", rows)

    assert {"partnership", "organisation"} <= set(by_id) and len(form) == len(bank.questions()) + 2
    for export in (microsoft(), google()):
        assert combined_json(export)[0] == expected
    undated_expected = yaml_assessment(tmp_path, bank, undated(respondents))
    assert combined_json(surveymonkey())[0] == undated_expected


def test_a_response_exported_twice_counts_once(tmp_path, bank, respondents, expected):
    rows = google_rows(bank, respondents)
    rows.append(list(rows[2]))  # the second respondent's response, pasted in again from a later download
    path = write_csv(tmp_path / "twice.csv", rows)
    got, said = combined_json(path)
    assert got == expected
    assert (f"{path} row 6 repeats {path} row 3: the same answers, and the same response id or submission time "
            "in the export: counted once") in " ".join(said.split())
    # batch says the same, and counts the respondent once
    said = ok("batch", path, "--out-dir", tmp_path / "out", "--format", "json", "-q", "--jobs", "1").stderr
    assert f"{path} row 6" in said and f"{path} row 3" in said
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["partnerships"]
    assert [s["respondents"] for s in summary] == [len(respondents)]


def question(bank, qid):
    return next(q for q in bank.questions() if q.id == qid)


# --------------------------------------------------------------------------
# Matching rules
# --------------------------------------------------------------------------


def read(bank, rows, **kw):
    from partnercheck.files import Table
    from partnercheck.importers import read_table_responses

    return read_table_responses(Table({"": rows}, []), bank, "export.csv", **kw)


def problems(bank, rows, **kw):
    with pytest.raises(InputError) as info:
        read(bank, rows, **kw)
    return [str(p) for p in info.value.problems]


def test_headers_fold_case_space_curly_quotes_and_dashes(bank):
    q = next(q for q in bank.questions() if "'" in q.text)  # a question with an apostrophe
    curly = "  " + q.text.upper().replace("'", "\u2019").replace(" ", "   ") + "  "
    dashed = next(q for q in bank.questions() if q.id != q.id.replace("-", ""))
    rows = [["Partnership", curly, f"Q7 [{dashed.id.replace('-', chr(0x2013)).upper()}]"],
            [PARTNERSHIP, "don\u2019t KNOW", options(bank, dashed)[0].label.lower()]]
    got = read(bank, rows).responses[0].answers.answers
    assert got == {q.id: "dont-know", dashed.id: options(bank, dashed)[0].value}


def test_a_question_renamed_in_the_bank_is_matched_by_its_earlier_id(bank):
    if not bank.renamed:
        pytest.skip("the bank renames no question")
    old, new = next((o, n) for o, n in bank.renamed.items() if n)
    q = next(q for q in bank.questions() if q.id == new)
    rows = [["Partnership", f"Something [{old}]"], [PARTNERSHIP, options(bank, q)[0].label]]
    assert read(bank, rows).responses[0].answers.answers == {new: options(bank, q)[0].value}


def test_google_grid_header_matches_on_its_row_text(bank):
    q = next(q for q in bank.questions() if isinstance(q, Statement))
    rows = [["Partnership", f"How is the partnership doing? [{q.text}]"], [PARTNERSHIP, "Agree"]]
    assert read(bank, rows).responses[0].answers.answers == {q.id: "agree"}


def test_microsoft_likert_header_matches_on_its_row_text(bank):
    q = next(q for q in bank.questions() if isinstance(q, Statement))
    rows = [["Partnership", f"How is the partnership doing?.{q.text}"], [PARTNERSHIP, "Strongly agree"]]
    assert read(bank, rows).responses[0].answers.answers == {q.id: "strongly-agree"}


def test_partnership_column_feeds_batch_with_several_partnerships(tmp_path, bank, respondents):
    rows = google_rows(bank, respondents)
    rows[1][2] = rows[2][2] = "Southport Partnership"
    export = write_csv(tmp_path / "all.csv", rows)
    out = tmp_path / "reports"
    result = ok("batch", export, "--out-dir", out, "--format", "json", "-q", "--jobs", "1")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))["partnerships"]
    assert {(s["partnership"], s["respondents"]) for s in summary} == {(PARTNERSHIP, 2), ("Southport Partnership", 2)}
    assert "Wrote 2 reports" in result.stderr


def test_batch_finds_exports_and_workbooks_in_a_folder_but_not_its_own_summary(tmp_path, bank, respondents):
    folder = tmp_path / "in"
    folder.mkdir()
    write_xlsx(folder / "forms.xlsx", microsoft_rows(bank, respondents[:2]))
    fill_workbooks(folder, bank, respondents[2:3], blanks=tmp_path)
    (folder / "r3.yaml").write_text(dump_answers(respondents[3], bank), encoding="utf-8")
    (folder / "~$forms.xlsx").write_bytes(b"lock file Excel leaves while a workbook is open")
    (folder / "notes.txt").write_text("minutes of the last meeting\n", encoding="utf-8")
    out = tmp_path / "out"
    ok("batch", folder, "--out-dir", out, "--format", "json", "-q", "--jobs", "1")
    # the summary.csv a batch wrote, kept with the answers, is not read as an export
    (folder / "summary.csv").write_bytes((out / "summary.csv").read_bytes())
    said = ok("batch", folder, "--out-dir", out, "--format", "json", "-q", "--jobs", "1").stderr
    assert "summary.csv: a batch summary" in said
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))["partnerships"]
    assert [(s["partnership"], s["respondents"]) for s in summary] == [(PARTNERSHIP, 4)]


def test_export_without_a_partnership_column_needs_the_option(tmp_path, bank, respondents, expected):
    rows = [[c for i, c in enumerate(row) if i != 2] for row in google_rows(bank, respondents)]
    path = write_csv(tmp_path / "no-partnership.csv", rows)
    said = refused("combine", path)
    assert "no Partnership column" in said and "--partnership NAME" in said
    got, _ = combined_json(path, extra=("--partnership", PARTNERSHIP))
    assert got == expected


def test_batch_gives_the_partnership_to_an_export_without_the_column(tmp_path, bank, respondents):
    rows = [[c for i, c in enumerate(row) if i != 2] for row in google_rows(bank, respondents)]
    export = write_csv(tmp_path / "no-partnership.csv", rows)
    out = tmp_path / "reports"
    result = run("batch", export, "--out-dir", out, "-q", "--jobs", "2")
    assert result.exit_code == 1 and "no Partnership column" in result.stderr
    ok("batch", export, "--out-dir", out, "-q", "--jobs", "2", "--format", "json", "--partnership", PARTNERSHIP)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))["partnerships"]
    assert [(s["partnership"], s["respondents"]) for s in summary] == [(PARTNERSHIP, 4)]


def test_incomplete_responses_are_skipped_and_counted(tmp_path, bank, respondents, expected):
    """SmartSurvey writes a Status column; Qualtrics a Finished one."""
    rows = microsoft_rows(bank, respondents)
    rows[0].insert(1, "Status")
    for row in rows[1:]:
        row.insert(1, "Completed")
    rows.append(list(rows[1]))
    rows[-1][1] = "Partial"
    rows[-1][8:] = ["Strongly disagree"] * len(rows[-1][8:])
    path = write_csv(tmp_path / "smartsurvey.csv", rows)
    got, said = combined_json(path)
    assert got == expected
    assert "left out 1 response marked incomplete" in said

    rows = microsoft_rows(bank, respondents)
    rows[0].append("Finished")
    for row in rows[1:]:
        row.append("True")
    rows.append(list(rows[1]))
    rows[-1][-1] = "False"
    got, said = combined_json(write_csv(tmp_path / "qualtrics.csv", rows))
    assert got == expected and "marked incomplete" in said


@pytest.mark.parametrize("partnership, organisation", [
    ("Partnership", "Organisation"),
    ("Partnership [partnership]", "Your organisation [organisation]"),
    ("Which partnership are you answering for?", "Which organization do you work for?"),
])
def test_partnership_and_organisation_columns_however_asked(bank, partnership, organisation):
    q = next(q for q in bank.questions() if q.text.startswith("In my organisation"))
    rows = [[organisation, "Organisation contact e-mail", tagged(q), partnership],
            ["Northtown Council", "someone@council.example", "Agree", PARTNERSHIP]]
    answers = read(bank, rows).responses[0].answers
    assert (answers.partnership, answers.organisation, answers.answers) == (PARTNERSHIP, "Northtown Council", {q.id: "agree"})


def test_blank_cells_are_unanswered_and_empty_rows_are_left_out(bank):
    qs = bank.questions()[:2]
    rows = [["Partnership", tagged(qs[0]), tagged(qs[1])], [PARTNERSHIP, "Agree", "  "], [PARTNERSHIP, "", ""], ["", "", ""]]
    imported = read(bank, rows)
    assert [r.answers.answers for r in imported.responses] == [{qs[0].id: "agree"}]
    assert any("left out 1 row that answers no question" in n for n in imported.notes)


# --------------------------------------------------------------------------
# Mistakes, named; every problem at once
# --------------------------------------------------------------------------


def test_every_mistake_in_the_header_is_named_at_once(bank):
    qs = [q for q in bank.questions() if isinstance(q, Statement)]
    typo = qs[0].text.replace("agree", "agre", 1)
    # F: a question's answers under a header that names no question (not comments: refused, not skipped)
    rows = [["Partnership", typo, tagged(qs[1]), qs[1].text, "", "Favourite colour"],
            [PARTNERSHIP, "Agree", "Agreee", "Agree", "orphan", "Agree"]]
    found = problems(bank, rows)
    assert len(found) == 5, found  # the header's four, and a cell's: all at once
    joined = "\n".join(found)
    assert "row 2, column C" in joined and "'Agreee' is not an option" in joined
    assert f"column B ({typo!r}): matches no question; did you mean {qs[0].text!r}?" in joined
    assert f"columns C and D: both are the question {qs[1].id!r}" in joined
    assert "column E: has answers but no header" in joined
    assert "column F ('Favourite colour'): matches no question" in joined


@pytest.mark.parametrize("role, first, second", [
    ("Partnership", "Partnership", "Partnership name"),
    ("Organisation", "Organisation", "Your organisation"),
])
def test_a_second_partnership_or_organisation_column_is_said_to_be_repeated(bank, role, first, second):
    """An export with two columns saying which partnership (or organisation)
    answered: the problem is the repeated column, named with both of its
    places, not a column that 'matches no question'."""
    q = next(q for q in bank.questions() if isinstance(q, Statement))
    rows = [[first, tagged(q), second], ["Northtown CSP", "Agree", "Northtown CSP"]]
    found = problems(bank, rows, partnership="Northtown CSP")
    assert found == [f"columns A and C: the {role} column is repeated ({first!r} and {second!r}): keep one"]


def test_a_cell_that_is_not_an_option_names_row_column_and_options(bank):
    qs = [q for q in bank.questions() if isinstance(q, Statement)][:2]
    rows = [["Partnership", tagged(qs[0]), tagged(qs[1])], [PARTNERSHIP, "Agree", "Agree"],
            [PARTNERSHIP, "Agreed", "Maybe"]]
    found = problems(bank, rows)
    labels = ", ".join(o.label for o in options(bank, qs[0]))
    assert found[0].startswith("row 3, column B (") and f"'Agreed' is not an option; use one of: {labels}" in found[0]
    assert found[1].startswith("row 3, column C (") and "'Maybe' is not an option" in found[1]


def test_an_unknown_id_tag_names_the_nearest_id(bank):
    q = bank.questions()[0]
    rows = [["Partnership", f"Question 1 [{q.id[:-1]}]"], [PARTNERSHIP, "Agree"]]
    assert f"did you mean {q.id!r}?" in problems(bank, rows)[0]


def test_mistakes_in_several_exports_are_all_said_with_exit_2(tmp_path, bank):
    q = bank.questions()[0]
    one = write_csv(tmp_path / "one.csv", [["Partnership", tagged(q)], [PARTNERSHIP, "Agreee"]])
    two = write_csv(tmp_path / "two.csv", [["Partnership", "Nonsense header"], [PARTNERSHIP, "Agree"]])
    said = refused("combine", one, two)
    assert "one.csv: row 2, column B" in said and "'Agreee' is not an option" in said
    assert "two.csv: column B ('Nonsense header'): matches no question" in said


@pytest.mark.parametrize("content, words", [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("Partnership\nNorthtown\n".encode(), "no column is headed by a question"),
])
def test_text_exports_that_cannot_be_used(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert words in refused("combine", path)


# --------------------------------------------------------------------------
# Comments columns: free text is not read, a misspelt question still is a mistake
# --------------------------------------------------------------------------

COMMENTS = ("Any other comments?", "Comments on trust", "Anything else you would like to tell the partnership?")
# What partners write in a comments box: it may name people, so it must reach no answers file or report.
SAID = ("The chair, Hermione Gallowglass, never lets the police speak.",
        "Too early to say; ask again after the merger.", "", "Agree with the others; see my e-mail.")


def with_comments(bank, respondents):
    """Microsoft Forms' export of a form with comments boxes among its questions."""
    rows = microsoft_rows(bank, respondents)
    for k, header in enumerate(COMMENTS):
        at = 10 + 7 * k
        rows[0].insert(at, header)
        for n, row in enumerate(rows[1:]):
            row.insert(at, SAID[(n + k) % len(SAID)])
    return rows


def test_comments_columns_are_skipped_with_a_note_naming_each(tmp_path, bank, respondents, expected):
    """An officer's form often ends (or each section ends) with a free-text
    box: the export still combines, to the same result as without those
    columns, and each column left out is named once."""
    path = write_csv(tmp_path / "with-comments.csv", with_comments(bank, respondents))
    got, said = combined_json(path)
    assert got == expected
    said = " ".join(said.split())
    for header in COMMENTS:
        assert said.count(f"{header!r}) not read: free text") == 1, said
    assert "column K ('Any other comments?') not read" in said


def test_comments_never_reach_an_answers_file_or_a_report(tmp_path, bank, respondents):
    path = write_csv(tmp_path / "with-comments.csv", with_comments(bank, respondents))
    outputs = [ok("combine", path, "--format", fmt, "--include-notes").stdout for fmt in ("markdown", "json", "html")]
    ok("import", path, "-o", tmp_path / "answers")
    outputs += [p.read_text(encoding="utf-8") for p in (tmp_path / "answers").iterdir()]
    text = "\n".join(outputs)
    for comment in filter(None, SAID):
        assert comment not in text
    assert "Gallowglass" not in text


def test_a_comments_column_no_one_filled_in_is_skipped_too(bank):
    q = bank.statements[0]
    imported = read(bank, [["Partnership", tagged(q), "Any other comments?"], [PARTNERSHIP, "Agree", ""]])
    assert [r.answers.answers for r in imported.responses] == [{q.id: "agree"}]
    assert any("column C ('Any other comments?') not read: free text" in note for note in imported.notes)


def test_a_misspelt_question_is_still_refused_however_its_cells_read(bank):
    """A header near a question's text or [id] is a slip in the form, not a
    comments box: refused with the suggestion, even when partners wrote free text under it."""
    q = bank.statements[0]
    typo = q.text.replace("agree", "agre", 1)
    found = problems(bank, [["Partnership", typo, f"Comments [{q.id[:-1]}]"],
                            [PARTNERSHIP, "No idea really, ask the chair", "We never discuss this"]])
    joined = "\n".join(found)
    assert f"column B ({typo!r}): matches no question; did you mean {q.text!r}?" in joined
    assert f"did you mean {q.id!r}?" in joined and "column C" in joined


def test_a_question_headed_wrongly_is_refused_not_taken_for_comments(bank):
    """Scale labels under a header no question matches are a question's
    answers that would be lost: refused, asking for the question's text or [id]."""
    q = bank.statements[0]
    rows = [["Partnership", tagged(q), "Q7"], [PARTNERSHIP, "Agree", "Agree"], [PARTNERSHIP, "Agree", "Strongly agree"],
            [PARTNERSHIP, "Agree", "not sure"]]
    [found] = problems(bank, rows)
    assert found.startswith("column C ('Q7'): matches no question; head it with a question's text or [id]")


def test_comments_about_the_partnership_are_not_taken_for_its_name(bank):
    """'Any comments on the partnership?' asks for comments: it is not the
    Partnership column, whether that column comes before or after it, or not at all."""
    q = bank.statements[0]
    for header in (["Any comments on the partnership?", "Partnership", tagged(q)],
                   ["Partnership", tagged(q), "Any comments on the partnership?"]):
        row = [PARTNERSHIP if h == "Partnership" else "Agree" if h == tagged(q) else "It works well." for h in header]
        [response] = read(bank, [header, row]).responses
        assert response.answers.partnership == PARTNERSHIP
    imported = read(bank, [["Any comments on the partnership?", tagged(q)], ["Too many meetings.", "Agree"]],
                    partnership="Northtown")
    assert imported.responses[0].answers.partnership == "Northtown"
    assert "not read: free text" in " ".join(imported.notes)


# --------------------------------------------------------------------------
# Safe reading of .xlsx
# --------------------------------------------------------------------------


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_xlsx_archive_bomb_is_refused_unread(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bytes({"xl/worksheets/sheet1.xml": b"\0" * (4 * 2**20)}))
    assert "unpacks" in refused("combine", path) and "refused unread" in refused("combine", path)


def test_xlsx_with_too_many_parts_is_refused(tmp_path):
    path = tmp_path / "many.xlsx"
    path.write_bytes(zip_bytes({f"x/{n}.xml": b"<a/>" for n in range(1001)}))
    assert "parts" in refused("combine", path)


def test_xlsx_with_an_entity_is_refused(tmp_path, bank, respondents):
    good = write_xlsx(tmp_path / "good.xlsx", microsoft_rows(bank, respondents))
    with zipfile.ZipFile(good) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>'
    members["xl/worksheets/sheet1.xml"] = (
        declaration + b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        + sheet.removeprefix(declaration))
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(zip_bytes(members))
    assert "DTD or an XML entity" in refused("combine", path)
    # the same part under a name that does not end in .xml, which the workbook's relations may point to
    members["xl/worksheets/s1"] = members.pop("xl/worksheets/sheet1.xml")
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(b"worksheets/sheet1.xml", b"worksheets/s1")
    path.write_bytes(zip_bytes(members))
    assert "DTD or an XML entity (xl/worksheets/s1)" in refused("combine", path)


@pytest.mark.parametrize("content, words", [
    (b"not a zip at all", "is not an Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old-style or password-protected"),
])
def test_a_file_that_is_not_a_workbook(tmp_path, content, words):
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    assert words in refused("combine", path)


def test_openpyxl_reads_with_defusedxml(tmp_path):
    """Behind partnercheck's own check, openpyxl refuses an entity itself, because defusedxml
    (a dependency) is installed: the second lock, tried without the first."""
    import openpyxl.xml
    from defusedxml import EntitiesForbidden

    assert openpyxl.xml.DEFUSEDXML
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.save(tmp_path / "b.xlsx")
    with zipfile.ZipFile(tmp_path / "b.xlsx") as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>'
    sheet = members["xl/worksheets/sheet1.xml"].removeprefix(declaration)
    members["xl/worksheets/sheet1.xml"] = declaration + b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet
    with pytest.raises(Exception) as info:
        openpyxl.load_workbook(io.BytesIO(zip_bytes(members)), read_only=True)
    chain, error = [], info.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, EntitiesForbidden) for e in chain)


def test_openpyxl_is_not_imported_to_start():
    import subprocess
    import sys

    code = "import sys\nimport partnercheck.cli\nprint(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'defusedxml')))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --------------------------------------------------------------------------
# Encodings (one decoder for answers files and exports)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_an_answers_file_saved_as_unicode_by_notepad_is_read(tmp_path, bank, respondents, encoding):
    text = dump_answers(respondents[2], bank)  # holds 'Café'
    path = tmp_path / "notepad.yaml"
    path.write_bytes(text.encode(encoding))
    assert load_answers(path, bank) == load_answers(_utf8(tmp_path, text), bank)


def _utf8(tmp_path, text):
    path = tmp_path / "utf8.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_windows_1252_answers_file_is_still_refused_with_advice(tmp_path):
    path = tmp_path / "latin.yaml"
    path.write_bytes("partnership: Café\n".encode("cp1252"))
    with pytest.raises(InputError) as info:
        read_text(path)
    assert "save it as UTF-8" in str(info.value)


def test_windows_1252_export_is_read_with_a_warning(tmp_path, bank):
    q = bank.questions()[0]
    path = write_csv(tmp_path / "w.csv", [["Partnership", "Organisation", tagged(q)], ["Café Partnership", "Société", "Agree"]],
                     encoding="cp1252")
    responses, notes = load_responses(path, bank)
    assert responses[0].partnership == "Café Partnership" and responses[0].organisation == "Société"
    assert any("Windows-1252" in n for n in notes)


# --------------------------------------------------------------------------
# partnercheck import
# --------------------------------------------------------------------------


def test_import_writes_one_answers_file_per_row_that_combine_reads_the_same(tmp_path, bank, respondents, expected_undated):
    export = write_csv(tmp_path / "Responses (Nov).csv", surveymonkey_rows(bank, respondents))
    out = tmp_path / "answers"
    said = ok("import", export, "-o", out).stderr
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [f"northtown-community-safety-partnership-responses-nov-row-{n}.yaml" for n in (3, 4, 5, 6)]
    assert "Wrote 4 answers files" in said
    assert [yaml.safe_load(f.read_text(encoding="utf-8"))["organisation"] for f in files] == list(ORGS)
    assert combined_json(*files)[0] == expected_undated


def test_import_never_overwrites_without_saying(tmp_path, bank, respondents):
    export = write_csv(tmp_path / "r.csv", google_rows(bank, respondents))
    out = tmp_path / "answers"
    ok("import", export, "-o", out)
    target = sorted(out.iterdir())[0]
    target.write_text("edited by hand\n", encoding="utf-8")
    said = refused("import", export, "-o", out)
    assert "already exist" in said and str(target) in said and "--overwrite" in said
    assert target.read_text(encoding="utf-8") == "edited by hand\n"
    said = ok("import", export, "-o", out, "--overwrite").stderr
    assert "4 replaced" in said and target.read_text(encoding="utf-8") != "edited by hand\n"


def test_import_names_files_safely(tmp_path, bank):
    q = bank.questions()[0]
    export = write_csv(tmp_path / "x.csv", [["Partnership", tagged(q)], ["../../etc/passwd", "Agree"], ["CON", "Agree"]])
    out = tmp_path / "answers"
    ok("import", export, "-o", out)
    assert sorted(p.name for p in out.iterdir()) == ["etc-passwd-x-row-2.yaml", "partnership-x-row-3.yaml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers", "x.csv"]


def test_import_refuses_what_is_not_an_export(tmp_path, bank, respondents):
    path = tmp_path / "a.yaml"
    path.write_text(dump_answers(respondents[0], bank), encoding="utf-8")
    assert "answers files need no import" in refused("import", path, "-o", tmp_path / "out")


# --------------------------------------------------------------------------
# template --format xlsx
# --------------------------------------------------------------------------


def test_template_workbook_has_a_drop_down_of_labels_for_every_question(tmp_path, bank):
    path = tmp_path / "northtown.xlsx"
    ok("template", "--partnership", PARTNERSHIP, "-o", path)  # the format from -o's extension
    book = openpyxl.load_workbook(path)
    sheet, lists = book["Answers"], book["Options"]
    assert lists.sheet_state == "hidden"
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert sheet.cell(cells["Partnership"].row, cells["Partnership"].column + 1).value == PARTNERSHIP
    assert "Organisation" in cells and "Notes (optional)" in cells and "Why it matters" in cells
    id_col, answer_col = cells["Question id"].column, cells["Your answer"].column
    rules = {str(cell): dv for dv in sheet.data_validations.dataValidation for cell in dv.sqref}
    seen = []
    for row in range(cells["Question id"].row + 1, sheet.max_row + 1):
        qid = sheet.cell(row, id_col).value
        q = next(q for q in bank.questions() if q.id == qid)
        assert sheet.cell(row, 2).value == q.text and sheet.cell(row, 4).value == q.help
        rule = rules[sheet.cell(row, answer_col).coordinate]
        assert rule.type == "list" and rule.showErrorMessage
        ref = rule.formula1.lstrip("=").split("!")[1].replace("$", "")
        listed = [c.value for row_cells in lists[ref] for c in row_cells]
        assert listed == [o.label for o in options(bank, q)]  # labels in order, commas and all
        seen.append(qid)
    assert seen == [q.id for q in bank.questions()]


def test_template_workbook_problems_are_named(tmp_path, bank):
    blank = tmp_path / "blank.xlsx"
    ok("template", "--format", "xlsx", "-o", blank)  # no partnership filled in
    said = refused("assess", "--answers", blank)
    assert "Partnership: is blank" in said and "--partnership NAME" in said
    assert "no question is answered" in refused("assess", "--answers", blank, "--partnership", PARTNERSHIP)
    book = openpyxl.load_workbook(blank)
    sheet = book["Answers"]
    first = next(r for r in range(1, 20) if sheet.cell(r, 6).value == "Question id") + 1
    sheet.cell(first, 3, "Sort of")
    sheet.cell(first + 1, 6, "trust.no-such-question")
    sheet.cell(first + 1, 2, "A question of the partner's own")
    book.save(blank)
    said = refused("assess", "--answers", blank)
    assert f"row {first}, column C: 'Sort of' is not an option" in said
    assert f"row {first + 1}: 'trust.no-such-question' is not a question id" in said
    assert "Partnership: is blank" in said


def test_template_xlsx_refuses_another_extension_and_the_terminal(tmp_path, monkeypatch):
    assert ".xlsx" in refused("template", "--format", "xlsx", "-o", tmp_path / "t.yaml")
    assert not (tmp_path / "t.yaml").exists()
    monkeypatch.setattr("partnercheck.output.stdout_is_terminal", lambda: True)
    said = refused("template", "--format", "xlsx")
    assert "writes a file, not text for the screen" in said and "-o answers.xlsx" in said


# --------------------------------------------------------------------------
# Properties: any input gives answers or a problem for people, never a crash
# --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_decode_to_text_or_a_problem(data):
    from partnercheck.files import decode_text

    try:
        text, _ = decode_text(data, "x.csv", legacy=True)
    except InputError:
        return
    assert isinstance(text, str) and "\x00" not in text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(',;\t"\n\r ab=sep[]')), max_size=200))
def test_any_text_reads_as_rows_or_a_problem(text):
    from partnercheck.files import _delimited_rows

    try:
        rows = _delimited_rows(text, "x.csv")
    except InputError:
        return
    assert all(isinstance(cell, str) for row in rows for cell in row)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_table_gives_valid_answers_or_named_problems(bank, data):
    """Headers and cells drawn from what exports hold (question texts and ids, labels, values, junk)."""
    qs = bank.questions()[:4]
    words = (["Partnership", "Organisation", "Email", "Status", "Response", "", "Partial", PARTNERSHIP, "x"]
             + [q.text for q in qs] + [tagged(q) for q in qs] + [q.id for q in qs]
             + [o.label for q in qs for o in options(bank, q)] + [o.value for q in qs for o in options(bank, q)])
    cell = st.one_of(st.sampled_from(words), st.text(max_size=8))
    rows = data.draw(st.lists(st.lists(cell, max_size=6), max_size=5))
    try:
        imported = read(bank, rows)
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        return
    allowed = dict(bank.values())
    for response in imported.responses:
        assert response.answers.answers
        assert all(value in allowed[qid] for qid, value in response.answers.answers.items())


def test_a_cell_is_matched_as_a_header_is_and_a_slip_gets_a_suggestion(tmp_path, bank):
    """A cell ending in a full stop names its option, as a header does; a
    slip ('Agreed') is told the option it was likely meant to be."""
    first, second = bank.statements[0].id, bank.statements[1].id
    path = write_csv(tmp_path / "export.csv", [["Partnership", first, second], [PARTNERSHIP, "Strongly  agree.", "Agree"]])
    [answers], _ = load_responses(path, bank)
    assert answers.answers[first] == "strongly-agree"
    write_csv(path, [["Partnership", first], [PARTNERSHIP, "Agreed"]])
    assert "did you mean 'Agree'?" in refused("assess", "--answers", path)


def test_import_writes_a_response_given_twice_once_and_says_so(tmp_path, bank):
    """Each respondent once: a response that appears twice (the same
    response id) is one answers file, with a line naming the row left out (a
    second file would count twice in combine)."""
    first = bank.statements[0].id
    rows = [["Response ID", "Partnership", "Organisation", first], ["R1", PARTNERSHIP, "Police", "Agree"],
            ["R1", PARTNERSHIP, "Police", "Agree"], ["R2", PARTNERSHIP, "Council", "Disagree"]]
    export = write_csv(tmp_path / "export.csv", rows)
    said = " ".join(ok("import", export, "-o", tmp_path / "out").stderr.split())
    assert len(list((tmp_path / "out").iterdir())) == 2
    assert "export.csv row 3 repeats" in said and "row 2: the same answers, and the same response id" in said
    assert "written once" in said and "Wrote 2 answers files" in said


def test_an_answers_file_and_an_export_match_a_cell_the_same_way(tmp_path, bank):
    """One matching of options for both: a label with a zero-width space or a
    final full stop names its option in an answers file as in an export."""
    first = bank.statements[0].id
    for given in ("Agree\u200b", "Strongly agree.", "AGREE"):
        path = tmp_path / "a.yaml"
        path.write_text(yaml.safe_dump({"partnership": PARTNERSHIP, "answers": {first: given}}, allow_unicode=True), encoding="utf-8")
        export = write_csv(tmp_path / "e.csv", [["Partnership", first], [PARTNERSHIP, given]])
        from_file = load_answers(path, bank).answers[first]
        [from_export], _ = load_responses(export, bank)
        assert from_file == from_export.answers[first] and from_file in ("agree", "strongly-agree")

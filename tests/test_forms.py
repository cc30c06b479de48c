"""Answers from where partners already are: the form an officer builds from
``questions export --format form|csv``, answers given as an option's label,
and YAML's yes/no words kept as the words a partner wrote."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from partnercheck.answers import answers_from_data, load_answers
from partnercheck.cli import app
from partnercheck.errors import InputError
from partnercheck.models import Statement

runner = CliRunner()


def export(*args: str) -> str:
    run = runner.invoke(app, ["questions", "export", *args])
    assert run.exit_code == 0, run.output
    return run.stdout


def options_of(bank, q) -> list:
    return list(bank.scale(q.scale).options if isinstance(q, Statement) else q.options)


def custom_bank(tmp_path: Path, raw_bank, change) -> Path:
    """A bank file written from the default bank's data, changed by ``change``."""
    data = copy.deepcopy(raw_bank)
    change(data)
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# questions export --format form
# --------------------------------------------------------------------------


def test_the_form_gives_each_question_as_its_text_and_id_tag_on_a_line_of_its_own(bank):
    """The importer reads a survey export's column by the question's text or
    its [id] tag: the title the officer copies must be exactly '<text> [<id>]'."""
    lines = export("--format", "form").splitlines()
    for q in bank.questions():
        assert f"{q.text} [{q.id}]" in lines, q.id


def test_the_form_lists_each_questions_options_by_label_in_order_with_its_help(bank):
    lines = export("--format", "form").splitlines()
    for q in bank.questions():
        at = lines.index(f"{q.text} [{q.id}]")
        block = []
        for line in lines[at + 1:]:
            if not line.startswith(" "):
                break
            block.append(line.strip())
        labels = [o.label for o in options_of(bank, q)]
        # every label, in the bank's order, and nothing else among the options
        assert [b for b in block if b in labels] == labels, q.id
        assert any(q.help in b for b in block), q.id


def test_the_form_groups_statements_by_lesson_and_the_continuum_questions_apart(bank):
    """One section of the form per lesson, in the bank's order, then the
    continuum questions in their own section, headed in the bank's words."""
    lines = export("--format", "form").splitlines()
    headings = [lines[i] for i in range(len(lines) - 1) if lines[i + 1] and set(lines[i + 1]) == {"="}]
    lessons = [l.name for l in bank.lessons]
    assert headings == [bank.texts.form_about, *lessons, bank.texts.form_continuum]
    # each question sits under its own lesson's heading
    for q in bank.questions():
        at = lines.index(f"{q.text} [{q.id}]")
        above = [h for h in headings if lines.index(h) < at][-1]
        expected = bank.lesson(q.lesson).name if isinstance(q, Statement) else bank.texts.form_continuum
        assert above == expected, q.id


def test_the_form_asks_for_the_organisation_under_the_heading_the_importer_reads(bank):
    """A column headed Organisation gives each row's organisation (needed for
    the breakdown by organisation); the respondent's name is never asked."""
    lines = export("--format", "form").splitlines()
    assert bank.texts.form_organisation in lines
    assert not any("respondent" in line.lower() and "[" in line for line in lines)


def test_the_words_of_the_form_come_from_the_bank(tmp_path, raw_bank):
    def change(data):
        data["texts"]["form_continuum"] = "Wer entscheidet"
        data["texts"]["form_about"] = "Über Sie"
        data["lessons"][0]["name"] = "Ein gemeinsames Interesse"

    path = custom_bank(tmp_path, raw_bank, change)
    text = export("--format", "form", "--questions", str(path))
    for words in ("Wer entscheidet", "Über Sie", "Ein gemeinsames Interesse"):
        assert words + "\n" + "=" * len(words) in text


@pytest.mark.parametrize("name, looks_like", [
    ("form.txt", "Questions for a form"), ("form.csv", "\ufeff"), ("questions.json", "{"), ("questions.yaml", "bank:"),
])
def test_the_format_follows_the_files_name(tmp_path, name, looks_like):
    """`questions export -o form.csv` writes the CSV an officer opens in Excel, not JSON."""
    target = tmp_path / name
    run = runner.invoke(app, ["questions", "export", "-o", str(target)])
    assert run.exit_code == 0, run.output
    assert target.read_text(encoding="utf-8").startswith(looks_like)


def test_a_format_that_contradicts_the_files_name_is_refused(tmp_path):
    target = tmp_path / "form.csv"
    run = runner.invoke(app, ["questions", "export", "--format", "json", "-o", str(target)])
    assert run.exit_code == 2
    assert "form.json" in run.stderr and not target.exists()


def test_the_form_is_written_to_a_file_with_o(tmp_path, bank):
    target = tmp_path / "form.txt"
    run = runner.invoke(app, ["questions", "export", "--format", "form", "-o", str(target)])
    assert run.exit_code == 0, run.output
    assert f"{bank.statements[0].text} [{bank.statements[0].id}]" in target.read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# questions export --format csv
# --------------------------------------------------------------------------


def read_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "a byte-order mark first, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_one_row_per_question_with_the_same_titles_and_options_as_the_form(bank):
    rows = read_csv(export("--format", "csv"))
    header, body = rows[0], rows[1:]
    t = bank.texts
    assert header == [t.form_column_section, t.form_column_id, t.form_column_question,
                      t.form_column_type, t.form_column_options, t.form_column_help]
    by_id = {r[1]: r for r in body}
    assert len(by_id) == len(body)
    for q in bank.questions():
        section, _, title, kind, options, help_ = by_id[q.id]
        assert title == f"{q.text} [{q.id}]"
        assert options.split(" | ") == [o.label for o in options_of(bank, q)]
        assert kind == t.form_type_choice
        assert help_ == q.help
        assert section == (bank.lesson(q.lesson).name if isinstance(q, Statement) else t.form_continuum)
    assert by_id["organisation"][2] == t.form_organisation and by_id["organisation"][3] == t.form_type_text


def test_the_csv_keeps_non_english_text_for_excel(tmp_path, raw_bank):
    def change(data):
        data["statements"][0]["text"] = "Les partenaires s’accordent sur le but — café, 東京."

    path = custom_bank(tmp_path, raw_bank, change)
    target = tmp_path / "form.csv"
    run = runner.invoke(app, ["questions", "export", "--format", "csv", "--questions", str(path), "-o", str(target)])
    assert run.exit_code == 0, run.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Les partenaires s’accordent sur le but — café, 東京." in raw.decode("utf-8-sig")


def test_the_csv_cannot_carry_a_formula_into_a_spreadsheet(tmp_path, raw_bank):
    """A custom bank's text that starts like a formula reaches Excel as text."""
    def change(data):
        data["statements"][0]["help"] = '=HYPERLINK("http://evil.example","click")'
        data["lessons"][0]["name"] = "+SUM(A1:A9)"

    path = custom_bank(tmp_path, raw_bank, change)
    rows = read_csv(export("--format", "csv", "--questions", str(path)))
    cells = [c for r in rows for c in r]
    assert not any(c[:1] in ("=", "+", "-", "@") for c in cells)
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells


def test_json_and_yaml_exports_still_give_every_question_with_values_and_scores(bank):
    data = json.loads(export("--format", "json"))
    assert [q["id"] for q in data["questions"]] == [q.id for q in bank.questions()]
    assert yaml.safe_load(export("--format", "yaml")) == data


def test_export_help_says_how_to_build_a_form():
    run = runner.invoke(app, ["questions", "export", "--help"])
    assert run.exit_code == 0
    assert "--format form" in run.stdout and "--format csv" in run.stdout


# --------------------------------------------------------------------------
# Answers given as labels
# --------------------------------------------------------------------------


def test_an_answer_may_be_the_options_label_in_any_case_and_spacing(bank):
    """A partner writes what the form showed them: 'Strongly agree', 'Agree',
    'Don’t know' (a curly apostrophe, as Word types it)."""
    continuum = bank.continuum_questions[0]
    label = continuum.options[-2]
    data = {
        "partnership": "Northtown",
        "answers": {
            "trust.conflict-raised": "Strongly agree",
            "trust.new-people": "  strongly   AGREE ",
            "trust.decisions-transparent": "Agree",
            "trust.open-reporting": "Don’t know",
            "trust.full-information": "Neither agree nor disagree",
            "trust.evidence-apart": "Strongly-Disagree",
            continuum.id: label.label.upper(),
        },
    }
    got = answers_from_data(data, bank, "a.yaml").answers
    assert got == {
        "trust.conflict-raised": "strongly-agree",
        "trust.new-people": "strongly-agree",
        "trust.decisions-transparent": "agree",
        "trust.open-reporting": "dont-know",
        "trust.full-information": "neutral",
        "trust.evidence-apart": "strongly-disagree",
        continuum.id: label.value,
    }


def test_labels_and_values_give_the_same_assessment(tmp_path, bank):
    from partnercheck.assess import assess

    by_value = {q.id: options_of(bank, q)[i % 5].value for i, q in enumerate(bank.questions())}
    by_label = {q.id: options_of(bank, q)[i % 5].label for i, q in enumerate(bank.questions())}
    a = tmp_path / "values.yaml"
    b = tmp_path / "labels.yaml"
    a.write_text(yaml.safe_dump({"partnership": "N", "answers": by_value}), encoding="utf-8")
    b.write_text(yaml.safe_dump({"partnership": "N", "answers": by_label}, allow_unicode=True), encoding="utf-8")
    assert assess(bank, [load_answers(b, bank)]) == assess(bank, [load_answers(a, bank)])


def test_a_bad_answer_is_told_the_labels_as_well_as_the_values(bank):
    with pytest.raises(InputError) as caught:
        answers_from_data({"partnership": "N", "answers": {"trust.conflict-raised": "Mostly"}}, bank, "a.yaml")
    message = str(caught.value.problems[0])
    assert "'Mostly' is not an option" in message
    for o in bank.scale("agreement").options:
        assert o.value in message
    assert "Neither agree nor disagree" in message and "Don't know" in message


def test_a_word_that_is_neither_a_value_nor_a_label_is_still_refused(bank):
    with pytest.raises(InputError):
        answers_from_data({"partnership": "N", "answers": {"trust.conflict-raised": "agreed"}}, bank, "a.yaml")


# --------------------------------------------------------------------------
# YAML's yes and no
# --------------------------------------------------------------------------


def test_yes_and_no_stay_words_where_a_partner_writes_text(tmp_path, bank):
    """A note of No, a respondent called Yes, an organisation called On:
    YAML 1.1 would read them as true and false; a partner means the word."""
    path = tmp_path / "a.yaml"
    path.write_text(
        "partnership: Northtown\nrespondent: Yes\norganisation: On\n"
        "answers:\n  trust.conflict-raised: agree\nnotes:\n  trust.conflict-raised: No\n",
        encoding="utf-8",
    )
    got = load_answers(path, bank)
    assert (got.respondent, got.organisation, got.notes) == ("Yes", "On", {"trust.conflict-raised": "No"})


def test_an_answer_of_yes_is_the_option_yes(tmp_path, raw_bank):
    """A bank whose options are yes and no: the answer `yes` is that option."""
    def change(data):
        data["scales"].append({"id": "yes-no", "options": [
            {"value": "no", "label": "No", "score": 0}, {"value": "yes", "label": "Yes", "score": 100},
        ]})
        data["statements"][0]["scale"] = "yes-no"

    bank_path = custom_bank(tmp_path, raw_bank, change)
    first = raw_bank["statements"][0]["id"]
    second = raw_bank["statements"][1]["id"]
    answers = tmp_path / "a.yaml"
    answers.write_text(f"partnership: N\nanswers:\n  {first}: yes\n  {second}: agree\n", encoding="utf-8")
    run = runner.invoke(app, ["assess", "--answers", str(answers), "--questions", str(bank_path), "--format", "json"])
    assert run.exit_code == 0, run.output
    statement = next(s for s in json.loads(run.stdout)["statements"] if s["id"] == first)
    assert statement["score"] == 100


def test_true_and_false_are_still_true_and_false(tmp_path):
    from partnercheck.files import parse_yaml

    assert parse_yaml("a: true\nb: False\nc: yes\nd: off\ne: 'true'\n", "x.yaml") == {
        "a": True, "b": False, "c": "yes", "d": "off", "e": "true",
    }


# --------------------------------------------------------------------------
# The round trip: a form built from the export, its responses read back
# --------------------------------------------------------------------------


def test_a_survey_built_from_the_form_reads_back_as_the_same_assessment(tmp_path, bank):
    """The officer builds a form from `questions export --format csv`, partners
    answer, the tool exports one row per respondent headed by the form's
    titles (Microsoft Forms' columns first), cells holding the labels shown.
    combine on that export gives what combine gives on the same answers
    written as answers files, and a response that appears twice (the same
    response id and times: two downloads pasted together) counts once."""
    rows = read_csv(export("--format", "csv"))[1:]
    ids = [r[1] for r in rows]
    titles = [r[2] for r in rows]
    options = {r[1]: r[4].split(" | ") for r in rows}
    people = [("Council", 1), ("Police", 2), ("Police", 3)]
    header = ["ID", "Start time", "Completion time", "Email", "Name", *titles]
    table, files = [], []
    for n, (org, shift) in enumerate(people, 1):
        cells, given = [], {}
        for qid in ids:
            if qid == "organisation":
                cells.append(org)
            elif qid == "partnership":
                cells.append("Northtown CSP")
            else:
                labels = options[qid]
                choice = (shift + len(qid)) % (len(labels) - 1)  # never "Don't know"
                cells.append(labels[choice])
                given[qid] = options_of(bank, next(q for q in bank.questions() if q.id == qid))[choice].value
        table.append([str(n), "2026-11-02 09:00:00", "2026-11-02 09:20:00", f"p{n}@example.org", f"Person {n}", *cells])
        files.append(tmp_path / f"{n}.yaml")
        files[-1].write_text(yaml.safe_dump({"partnership": "Northtown CSP", "organisation": org, "answers": given}), encoding="utf-8")
    table.append(list(table[1]))  # the second person's response, pasted in again from a later download
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *table])
    export_file = tmp_path / "responses.csv"
    export_file.write_text(buffer.getvalue(), encoding="utf-8")

    from_export = runner.invoke(app, ["combine", str(export_file), "--format", "json"])
    from_files = runner.invoke(app, ["combine", *map(str, files), "--format", "json"])
    assert from_export.exit_code == 0, from_export.output
    assert from_files.exit_code == 0, from_files.output
    a, b = json.loads(from_export.stdout), json.loads(from_files.stdout)
    assert a["respondents"] == b["respondents"] == 3
    for key in ("score", "lessons", "statements", "continuum", "gaps"):
        assert a[key] == b[key], key
    assert "responses.csv row 5" in from_export.stderr and "counted once" in from_export.stderr
    assert "example.org" not in from_export.stdout and "Person" not in from_export.stdout

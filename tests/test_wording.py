"""How the report reads to a partnership manager: the words a board member
sees, as a practitioner would write them (DOMAIN.md; every word from the
bank).  Each test states what a reader expects, not the code's current
output."""

from __future__ import annotations

import copy

from partnercheck.assess import assess

FULL = {"continuum.problem": "together", "continuum.solution": "together", "continuum.responsibility": "partnership"}


def one_partner_apart(answers_factory):
    """Three partners content; the fourth disagrees with nearly everything."""
    responses = [answers_factory(dict(FULL), fill="agree", organisation=f"Org {i}") for i in range(3)]
    responses.append(answers_factory(dict(FULL), fill="disagree", organisation="Org 3"))
    return responses


def sentences_of(view):
    """Every sentence a board member reads in the report's prose: the summary,
    the gaps, the warnings, the continuum's reasons, the questions for the
    board (not headings, table cells or the lesson that leads an item)."""
    out = []
    for section in view.sections:
        for block in section.blocks:
            for item in getattr(block, "items", ()):
                out.append("".join(s.text for s in item.text))
            if hasattr(block, "spans") and not block.muted:
                out.append("".join(s.text for s in block.spans))
    return out


# --------------------------------------------------------------------------
# A lesson's name inside a sentence
# --------------------------------------------------------------------------


def test_a_lesson_named_inside_a_sentence_has_no_capital_letter(bank, answers_factory):
    """'One partner ... puts trusted relationships in the gap band', not 'puts
    Trusted relationships': mid-sentence, the lesson reads as the bank's
    name_in_sentence; its capital stays for headings, tables and the lesson
    that leads a list item, and for a sentence that opens with it."""
    from partnercheck.render.report import build

    responses = one_partner_apart(answers_factory)
    # a second partner low on trust: a minority gap of its own beside the pattern
    low_trust = {s.id: "strongly-disagree" for s in bank.statements if s.lesson == "trust"}
    responses.append(answers_factory({**FULL, **low_trust}, fill="agree", organisation="Org 4"))
    result = assess(bank, responses)
    view = build(result, bank)
    prose = sentences_of(view)
    assert prose
    checked = 0
    for lesson in bank.lessons:
        assert lesson.in_sentence != lesson.name  # the shipped bank gives both forms
        for text in prose:
            start = text.find(lesson.name)
            while start != -1:
                before = text[:start].rstrip()
                # only where a sentence opens
                assert not before or before.endswith((".", "?", "!")), text
                start = text.find(lesson.name, start + 1)
            checked += lesson.in_sentence in text
    assert checked >= 3  # lessons are named inside sentences, and read as such
    summary = " ".join("".join(s.text for s in b.spans) for b in view.section("summary").blocks)
    assert bank.lesson("trust").in_sentence in summary
    # a table of lessons and a gap's lead keep the name as a heading has it
    lessons_table = next(b for b in view.section("lessons").blocks if hasattr(b, "rows"))
    assert bank.lesson("trust").name in [row.cells[0].text for row in lessons_table.rows]
    gap_leads = [item.lead for block in view.section("gaps").blocks for item in block.items]
    assert bank.lesson("trust").name in gap_leads


def test_a_sentence_that_opens_with_a_lesson_starts_with_its_capital(bank, answers_factory):
    """A trend finding opens with the lesson: 'Trusted relationships has been
    in the gap band for two rounds.'"""
    import datetime as dt

    from partnercheck.trend import trend

    low_trust = {s.id: "strongly-disagree" for s in bank.statements if s.lesson == "trust"}
    rounds = [
        (f"round-{i}", assess(bank, [answers_factory(low_trust, fill="agree", date=dt.date(2026, 1 + 6 * i, 1))]))
        for i in range(2)
    ]
    findings = trend(rounds, bank).findings
    in_gap = next(f for f in findings if f.kind == "in_gap" and f.lesson == "trust")
    assert in_gap.text.startswith(bank.lesson("trust").name + " ")


def test_a_bank_without_a_name_in_sentence_keeps_its_names_as_written(raw_bank, answers_factory):
    """No rule about capitals is built in: a bank in a language that keeps the
    capital (German: 'Vertrauen') and gives no name_in_sentence reads its
    names as written inside a sentence too."""
    from partnercheck.bank import bank_from_data
    from partnercheck.render.report import build

    data = copy.deepcopy(raw_bank)
    for lesson in data["lessons"]:
        lesson.pop("name_in_sentence", None)
        if lesson["id"] == "trust":
            lesson["name"] = "Vertrauen"
    german = bank_from_data(data, "bank.yaml")
    responses = one_partner_apart(answers_factory)
    view = build(assess(german, responses), german)
    summary = " ".join("".join(s.text for s in b.spans) for b in view.section("summary").blocks)
    assert "Vertrauen" in summary
    assert "vertrauen" not in summary


# --------------------------------------------------------------------------
# The partner apart from the rest, in the gaps
# --------------------------------------------------------------------------


def test_the_gaps_list_the_partner_apart_from_the_rest_once_in_every_format(bank, answers_factory):
    """DOMAIN.md: one respondent far from the rest is one finding, not one per
    lesson.  The first page says so once; the Gaps section must agree: one
    entry naming the lessons that partner alone puts in the gap band, in
    the terminal, Markdown, HTML and Word alike."""
    import io

    import docx

    from partnercheck.render import formats
    from partnercheck.render.report import build

    result = assess(bank, one_partner_apart(answers_factory))
    apart = [g for g in result.gaps if g.kind == "minority" and g.pattern]
    assert len(apart) >= 3 and all(g.kind != "minority" or g.pattern for g in result.gaps)
    items = [i for b in build(result, bank).section("gaps").blocks for i in b.items]
    minority = [i for i in items if i.tag == bank.texts.gap_minority]
    assert len(minority) == 1
    said = "".join(s.text for s in minority[0].text)
    for g in apart:
        assert bank.lesson(g.lesson).in_sentence in said
    label = bank.texts.gap_minority
    for name in ("terminal", "markdown", "html"):
        text = formats.render(result, bank, name).text
        assert text.count(label) == 1, name
    document = docx.Document(io.BytesIO(formats.render(result, bank, "docx").data))
    paragraphs = [p.text for p in document.paragraphs]
    assert sum(label.upper() in p for p in paragraphs) == 1


def test_a_lesson_another_partner_also_puts_in_the_gap_band_keeps_its_own_entry(bank, answers_factory):
    """Trust low for a second partner as well is not the one view alone: it
    stays its own minority gap beside the pattern's one entry."""
    from partnercheck.render.report import build

    responses = one_partner_apart(answers_factory)
    low_trust = {s.id: "strongly-disagree" for s in bank.statements if s.lesson == "trust"}
    responses.append(answers_factory({**FULL, **low_trust}, fill="agree", organisation="Org 4"))
    result = assess(bank, responses)
    items = [i for b in build(result, bank).section("gaps").blocks for i in b.items if i.tag == bank.texts.gap_minority]
    assert len(items) == 2
    assert [i.lead for i in items].count(bank.lesson("trust").name) == 1


# --------------------------------------------------------------------------
# Every lesson a strength
# --------------------------------------------------------------------------


def summary_of(bank, result):
    from partnercheck.render.report import build

    return " ".join("".join(s.text for s in b.spans) for b in build(result, bank).section("summary").blocks)


def test_when_every_lesson_is_a_strength_the_summary_says_so_rather_than_listing_six(bank, answers_factory):
    """'Strongest on' six lessons out of six says nothing: a partnership
    manager writes that every lesson is a strength."""
    result = assess(bank, [answers_factory(dict(FULL), fill="strongly-agree")])
    assert all(l.band == "strength" for l in result.lessons.values())
    summary = summary_of(bank, result)
    assert bank.texts.summary_all_strengths in summary
    opening = bank.texts.summary_strengths.split("$")[0]
    assert opening not in summary
    assert not any(lesson.in_sentence in summary or lesson.name in summary for lesson in bank.lessons)


def test_when_some_lessons_are_strengths_the_summary_names_them(bank, answers_factory):
    trust_low = {s.id: "neutral" for s in bank.statements if s.lesson == "trust"}
    result = assess(bank, [answers_factory({**FULL, **trust_low}, fill="strongly-agree")])
    summary = summary_of(bank, result)
    assert bank.texts.summary_all_strengths not in summary
    assert bank.lesson("capacity").in_sentence in summary
    assert bank.lesson("trust").in_sentence not in summary


# --------------------------------------------------------------------------
# Every word from the bank: the answers workbook, quotation marks
# --------------------------------------------------------------------------

FRENCH = {
    "workbook_title": "Classeur de réponses",
    "workbook_intro": "Choisissez une réponse dans la liste de la cellule « $answer », puis renvoyez le classeur.",
    "workbook_bank": "Questionnaire : $bank $version",
    "workbook_date": "Date de réponse (AAAA-MM-JJ)",
    "workbook_column_answer": "Votre réponse",
    "workbook_column_help": "Pourquoi c'est important",
    "workbook_column_notes": "Remarques (facultatif)",
    "workbook_column_id": "Identifiant",
    "workbook_not_an_answer_title": "Réponse inconnue",
    "workbook_not_an_answer": "Choisissez une réponse de la liste, ou laissez la cellule vide.",
    "workbook_choose": "Choisissez dans la liste.",
    "workbook_sheet_answers": "Réponses",
    "workbook_sheet_options": "Choix: [cachés]",  # characters Excel refuses in a sheet's name
    "form_partnership": "Partenariat",
    "form_organisation": "Organisme",
    "form_continuum": "Où se situe le partenariat",
    "column_lesson": "Leçon",
    "form_column_question": "Question posée",
}


def test_the_answers_workbook_is_worded_by_the_bank_and_read_back_by_its_words(tmp_path, raw_bank, bank):
    """A partner who receives the Excel workbook reads only the bank's words
    (a bank in French gives a French workbook: title, instructions, labels,
    column headings, Excel's messages, sheet names), and the returned
    workbook is read back by those words."""
    import openpyxl
    import yaml
    from typer.testing import CliRunner

    from partnercheck.cli import app

    data = copy.deepcopy(raw_bank)
    data["texts"].update(FRENCH)
    custom = tmp_path / "banque.yaml"
    custom.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    blank = tmp_path / "vide.xlsx"
    run = CliRunner().invoke(app, ["template", "--questions", str(custom), "--partnership", "Nordville", "-o", str(blank)])
    assert run.exit_code == 0, run.output

    book = openpyxl.load_workbook(blank)
    assert [s.title for s in book.worksheets] == ["Réponses", "Choix cachés"]
    sheet = book["Réponses"]
    seen = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    for dv in sheet.data_validations.dataValidation:
        seen += [dv.errorTitle, dv.error, dv.promptTitle, dv.prompt]
    english = {" ".join(getattr(bank.texts, key).split()) for key in FRENCH}
    for text in seen:
        assert text not in english, text
        assert not any(words in text for words in ("Your answer", "Question bank", "Choose", "Write your")), text
    assert "Classeur de réponses" in seen and "Questionnaire : partnercheck default bank 2.0" in seen
    assert "Choisissez une réponse dans la liste de la cellule « Votre réponse », puis renvoyez le classeur." in seen

    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    sheet.cell(cells["Organisme"].row, cells["Organisme"].column + 1, "Mairie")
    sheet.cell(cells["Date de réponse (AAAA-MM-JJ)"].row, cells["Organisme"].column + 1, "2026-11-20")
    id_col, answer_col = cells["Identifiant"].column, cells["Votre réponse"].column
    notes_col = cells["Remarques (facultatif)"].column
    answered = {}
    for row in range(cells["Identifiant"].row + 1, sheet.max_row + 1):
        qid = sheet.cell(row, id_col).value
        st = next((s for s in bank.statements if s.id == qid), None)
        if st is not None:
            sheet.cell(row, answer_col, bank.scale(st.scale).options[3].label)
            answered[qid] = bank.scale(st.scale).options[3].value
    sheet.cell(cells["Identifiant"].row + 1, notes_col, "Une remarque")
    returned = tmp_path / "rendu.xlsx"
    book.save(returned)

    run = CliRunner().invoke(app, ["assess", "--questions", str(custom), "--answers", str(returned), "--format", "json"])
    assert run.exit_code == 0, run.output
    import json

    result = json.loads(run.stdout)
    assert result["partnership"] == "Nordville" and result["organisation"] == "Mairie" and result["date"] == "2026-11-20"
    scored = {s["id"] for s in result["statements"] if s["score"] is not None}
    assert scored == set(answered)
    assert any(s["notes"] == ["Une remarque"] for s in result["statements"])


def test_statements_are_quoted_in_the_banks_quotation_marks(raw_bank, officer):
    """Quotation marks are punctuation of a language: « » in French, „ “ in
    German.  The first page quotes the best-answered and lowest statements
    in the bank's marks, none of its own."""
    from partnercheck.bank import bank_from_data
    from partnercheck.render.report import build

    data = copy.deepcopy(raw_bank)
    data["texts"]["quoted"] = "«\u00a0$statement\u00a0»"
    french = bank_from_data(data, "bank.yaml")
    view = build(officer, french)
    first_page = " ".join(
        "".join(s.text for s in (*i.text, *i.detail))
        for sid in ("going_well", "priorities") for b in view.section(sid).blocks for i in b.items
    )
    assert "«\u00a0" in first_page and "\u00a0»" in first_page
    assert "\u201c" not in first_page and "\u201d" not in first_page


# --------------------------------------------------------------------------
# Quotation marks: the bank's, once, for every quotation in a sentence
# --------------------------------------------------------------------------

FRENCH_MARKS = "«\u00a0$statement\u00a0»"
STRAIGHT_OR_ENGLISH = ('"', "\u201c", "\u201d")


def prose_of(view):
    """Every sentence of a report's prose: list items with their detail
    lines, and paragraphs (not headings or table cells)."""
    out = []
    for section in view.sections:
        for block in section.blocks:
            for item in getattr(block, "items", ()):
                out.append("".join(s.text for s in (*item.text, *item.detail)))
            if hasattr(block, "spans"):
                out.append("".join(s.text for s in block.spans))
    return [s for s in out if s]


def marked_bank(raw_bank, marks=FRENCH_MARKS):
    from partnercheck.bank import bank_from_data

    data = copy.deepcopy(raw_bank)
    data["texts"]["quoted"] = marks
    return bank_from_data(data, "bank.yaml")


def test_every_quotation_in_a_one_respondent_report_takes_the_banks_marks(raw_bank, answers_factory):
    """A French bank sets « » once: the options the partnership is at and
    aims for, the answers that placed it, the statements at the bottom of
    the scale and the answer that counts as missing are all quoted in those
    marks, and no sentence keeps English or straight quotation marks."""
    from partnercheck.render.report import build

    french = marked_bank(raw_bank)
    low = next(s for s in french.statements if s.lesson == "trust")
    unknown = {s.id: "dont-know" for s in french.statements if s.lesson == "barriers"}
    answers = {"continuum.problem": "lead", "continuum.solution": "together", "continuum.responsibility": "each-partner",
               "continuum.aspiration": "full-partnership", low.id: "strongly-disagree", **unknown}
    result = assess(french, [answers_factory(answers, fill="agree")])
    prose = prose_of(build(result, french))
    for sentence in prose:
        assert not any(mark in sentence for mark in STRAIGHT_OR_ENGLISH), sentence
    said = " ".join(prose)
    q = lambda text: f"«\u00a0{text.rstrip('.')}\u00a0»"  # noqa: E731
    assert q(result.continuum.option_name) in said
    assert q("The partners decide together") in said
    assert q(low.text) in said
    assert q("Don't know") in said
    assert q(french.option(5).name) in said


def test_every_quotation_in_a_combined_report_and_a_comparison_takes_the_banks_marks(raw_bank, answers_factory):
    """Partners split on who decides, and far apart on a statement: the
    answers and the statement they split on are quoted in the bank's marks;
    so are the statements and options of a comparison of two rounds."""
    from partnercheck.compare import compare
    from partnercheck.render.report import build

    french = marked_bank(raw_bank)
    apart = next(s for s in french.statements if s.lesson == "capacity")
    one = answers_factory({**FULL, "continuum.solution": "lead-consults", apart.id: "strongly-agree"}, fill="agree", organisation="A")
    two = answers_factory({**FULL, apart.id: "strongly-disagree"}, fill="agree", organisation="B")
    combined = assess(french, [one, two])
    q = lambda text: f"«\u00a0{text.rstrip('.')}\u00a0»"  # noqa: E731
    prose = prose_of(build(combined, french))
    said = " ".join(prose)
    assert q("The partners decide together") in said and q("The lead organisation, after seeking partners' views and information") in said
    assert q(apart.text) in said
    for sentence in prose:
        assert not any(mark in sentence for mark in STRAIGHT_OR_ENGLISH), sentence

    before = assess(french, [answers_factory({**FULL, "continuum.solution": "lead-consults", apart.id: "strongly-disagree"}, fill="agree")])
    after = assess(french, [answers_factory({**FULL, apart.id: "agree"}, fill="disagree")])
    prose = prose_of(build(compare(before, after, bank=french), french))
    said = " ".join(prose)
    assert q(apart.text) in said
    for sentence in prose:
        assert not any(mark in sentence for mark in STRAIGHT_OR_ENGLISH), sentence


# --------------------------------------------------------------------------
# An answer or an option named inside a sentence
# --------------------------------------------------------------------------


def unmarked(sentence, names):
    """The names (answer labels, option names) a sentence gives inside it
    (after a word, a comma or a bracket: not 'Agree' opening a step) without
    the bank's opening mark before them."""
    import re

    return [n for n in names for m in re.finditer(rf"(?:(?<=[a-z] )|(?<=, )|(?<=\()|(?<=\d )){re.escape(n)}\b", sentence)]


def test_an_answer_or_option_named_in_a_sentence_is_quoted_not_left_with_its_capital(raw_bank, answers_factory):
    """'was answered Strongly disagree' reads as a slip: inside a sentence a
    partnership manager expects the answer marked off as the answer it is
    ('was answered “Strongly disagree”'), and so an option ('placed at
    option 3 “Power to decide solutions”').  In every sentence of a
    one-respondent report, a combined one and a comparison, each answer
    label and option name stands in the bank's quotation marks; the tables
    keep the labels as they are."""
    from partnercheck.compare import compare
    from partnercheck.render.report import build

    french = marked_bank(raw_bank)
    labels = {o.label for scale in french.scales for o in scale.options}
    labels |= {o.label for q in french.continuum_questions for o in q.options}
    names = labels | {o.name for o in french.continuum}
    low = next(s for s in french.statements if s.lesson == "trust")
    one = answers_factory({"continuum.problem": "lead", "continuum.solution": "together", "continuum.responsibility": "each-partner",
                           "continuum.aspiration": "full-partnership", low.id: "strongly-disagree"}, fill="agree", organisation="A")
    single = assess(french, [one])
    gap = next(g for g in single.gaps if g.statement == low.id)
    assert "«\u00a0Strongly disagree\u00a0»" in gap.reason
    other = answers_factory({**FULL, "continuum.solution": "lead-consults"}, fill="disagree", organisation="B")
    combined = assess(french, [one, other])
    later = assess(french, [answers_factory({**FULL, low.id: "agree"}, fill="agree")])
    views = [build(single, french), build(combined, french), build(compare(single, later, bank=french), french)]
    for view in views:
        for sentence in prose_of(view):
            assert not unmarked(sentence, names), sentence
    continuum_table = [c.spans[0].text for s in views[0].sections if s.id == "continuum"
                       for b in s.blocks for r in getattr(b, "rows", ()) for c in r.cells if c.spans]
    assert french.option(3).name in continuum_table  # a table keeps the name as it is


# --------------------------------------------------------------------------
# The partner apart from the rest, in a comparison
# --------------------------------------------------------------------------


def test_a_comparison_lists_the_partner_apart_from_the_rest_once_in_gaps_opened_and_remaining(bank, answers_factory):
    """What moved between two rounds speaks of the same finding as each
    round's report: one partner who sees the partnership very differently
    is one entry among the gaps opened (when they were content before) and
    the gaps remaining (when they still are apart), naming the lessons that
    partner alone puts in the gap band, not one minority gap per lesson."""
    from partnercheck.compare import compare
    from partnercheck.render import formats
    from partnercheck.render.report import build

    content = assess(bank, [answers_factory(dict(FULL), fill="agree", organisation=f"Org {i}") for i in range(4)])
    apart = assess(bank, one_partner_apart(answers_factory))
    lessons = [g.lesson for g in apart.gaps if g.kind == "minority" and g.pattern]
    assert len(lessons) >= 3
    label = bank.texts.gap_minority
    for old, key in ((content, "gaps-opened"), (apart, "gaps-remaining")):
        comparison = compare(old, apart, bank=bank)
        view = build(comparison, bank)
        items = [i for b in view.section(key).blocks for i in b.items if i.tag == label]
        assert len(items) == 1, key
        said = "".join(s.text for s in items[0].text)
        for lesson in lessons:
            assert bank.lesson(lesson).in_sentence in said
        for name in ("terminal", "markdown", "html"):
            assert formats.render(comparison, bank, name).text.count(label) == 1, (key, name)


def test_a_comparison_gives_the_partner_apart_from_the_rest_once_when_their_gaps_closed_or_cannot_be_told(bank, answers_factory):
    """When the one partner who saw the partnership very differently comes
    round, a partnership manager reads one entry under "Gaps closed" naming
    every lesson that partner alone had put in the gap band, not one closed
    minority gap per lesson; and when the newer round cannot show it (one
    respondent answered), one warning names those lessons.  Scripts still
    get every gap in the JSON."""
    import json

    from partnercheck.compare import compare
    from partnercheck.render import formats
    from partnercheck.render.report import build

    apart = assess(bank, one_partner_apart(answers_factory))
    lessons = [g.lesson for g in apart.gaps if g.kind == "minority" and g.pattern]
    assert len(lessons) >= 3
    label = bank.texts.gap_minority

    content = assess(bank, [answers_factory(dict(FULL), fill="agree", organisation=f"Org {i}") for i in range(4)])
    comparison = compare(apart, content, bank=bank)
    assert sorted(g.lesson for g in comparison.gaps_closed if g.kind == "minority") == sorted(lessons)
    items = [i for b in build(comparison, bank).section("gaps-closed").blocks for i in b.items if i.tag == label]
    assert len(items) == 1
    said = "".join(s.text for s in items[0].text)
    for lesson in lessons:
        assert bank.lesson(lesson).in_sentence in said
    for name in ("terminal", "markdown", "html"):
        assert formats.render(comparison, bank, name).text.count(label) == 1, name
    listed = json.loads(formats.render(comparison, bank, "json").text)["gaps_closed"]
    assert sorted(g["lesson"] for g in listed if g["kind"] == "minority") == sorted(lessons)

    alone = assess(bank, [answers_factory(dict(FULL), fill="agree", organisation="Org 0")])
    comparison = compare(apart, alone, bank=bank)
    about = [w for w in comparison.warnings if all(bank.lesson(lesson).in_sentence in w for lesson in lessons)]
    assert len(about) == 1
    per_lesson = bank.texts.gap_unclear_minority.split("$")[0].strip()
    assert not any(w.startswith(per_lesson) for w in comparison.warnings)

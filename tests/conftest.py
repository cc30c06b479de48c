"""Shared fixtures: the default bank and a helper to build Answers."""

from __future__ import annotations

import pytest

from pathlib import Path

from partnercheck.answers import load_answers
from partnercheck.assess import assess
from partnercheck.bank import default_bank_path, load_bank
from partnercheck.files import MAX_BANK_BYTES, load_data
from partnercheck.models import Answers

PARTNERSHIP = "Northtown Community Safety Partnership"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REPORTS = ROOT / "reports"
# The source documents the bank cites (listed in the bank's notes; the
# documents themselves are not part of the repository and never read).
SEEDS = frozenset({
    "000_0fcc16666bafa313.txt",
    "001_c169cf1ca0e02226.txt",
    "002_6eab7091bb3afb35.txt",
    "003_7bbcd569a921dec8.txt",
    "004_4364166663e71ca3.txt",
})


@pytest.fixture(scope="session")
def bank():
    """The default question bank (questions/bank.yaml)."""
    return load_bank()


@pytest.fixture(scope="session")
def raw_bank():
    """The default bank as plain data, before it is built into a Bank."""
    return load_data(default_bank_path(), limit=MAX_BANK_BYTES)


@pytest.fixture(scope="session")
def officer(bank):
    """The result of the shipped example: one officer's answers."""
    return assess(bank, [load_answers(EXAMPLES / "northtown-officer.yaml", bank)])


@pytest.fixture
def answers_factory(bank):
    """Build an Answers object.

    ``make(answers=None, *, fill=None, partnership=..., notes=None, **fields)``:
    ``fill`` gives every statement of the bank that value first; ``answers``
    (question id -> value) is applied on top; other fields (respondent,
    organisation, date) pass through to Answers.
    """

    def make(answers=None, *, fill=None, partnership=PARTNERSHIP, notes=None, **fields):
        data = {}
        if fill is not None:
            data = {s.id: fill for s in bank.statements}
        data.update(answers or {})
        return Answers(partnership=partnership, answers=data, notes=notes or {}, **fields)

    return make

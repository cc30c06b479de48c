"""Shared fixtures: the default bank and a helper to build Answers."""

from __future__ import annotations

import pytest

from partnercheck.bank import load_bank
from partnercheck.models import Answers

PARTNERSHIP = "Northtown Community Safety Partnership"


@pytest.fixture(scope="session")
def bank():
    """The default question bank (questions/bank.yaml)."""
    return load_bank()


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

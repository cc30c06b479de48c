"""The bands: strength, watch and gap.  The one place that knows about them.

Their order and rank, which score falls in which band, how two bands compare
(a lesson moving up, down or staying), and their words: the labels and
meanings, like the thresholds, come from the question bank, never from code.
Scoring, comparison, advice, readiness, the report view and the charts all
ask here.

Standard library only and nothing imported from the rest of partnercheck at
run time, so that any module may use it without slowing start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from .records import Record, record

if TYPE_CHECKING:
    from .models import Bank

# Best first.  The bank must define exactly these (bank.validate_references).
ORDER = ("strength", "watch", "gap")
_RANK = {band: len(ORDER) - 1 - i for i, band in enumerate(ORDER)}  # gap 0 ... strength 2

Move = Literal["up", "down", "same", "n/a"]

# The domain rule "a score is banded by the number the reader sees": when
# true, a score is rounded as it is shown (69.5 shows as 70, so it is a
# strength) before its band is decided.  This is the one place to set it.
BAND_THE_SHOWN_SCORE = True


def shown(score: float) -> int:
    """A score as the reader sees it: a whole number, halves rounded up (away from zero)."""
    return int(score + 0.5) if score >= 0 else -int(-score + 0.5)


def banded(score: float) -> float:
    """The number a score's band is decided on (see BAND_THE_SHOWN_SCORE)."""
    return shown(score) if BAND_THE_SHOWN_SCORE else score


def rank(band: str) -> int:
    """0 for the lowest band (gap), up to 2 for the highest (strength)."""
    return _RANK[band]


def at_least(band: str | None, needed: str) -> bool:
    """Whether ``band`` is ``needed`` or better (no band is never enough)."""
    return band is not None and _RANK[band] >= _RANK[needed]


def move(old: str | None, new: str | None) -> Move:
    """How a band moved between two assessments; "n/a" when either is missing."""
    if old is None or new is None:
        return "n/a"
    diff = _RANK[new] - _RANK[old]
    return "up" if diff > 0 else "down" if diff < 0 else "same"


def thresholds(bank: Bank) -> dict[str, float]:
    """Each band's lowest score, as the bank sets it (and a result records it)."""
    return {b.id: b.min for b in bank.bands}


def band_for(score: float | None, mins: Mapping[str, float]) -> str | None:
    """The band a score is in: the highest band whose lowest score it reaches."""
    if score is None:
        return None
    value = banded(score)
    for band in sorted(mins, key=lambda b: mins[b], reverse=True):
        if value >= mins[band]:
            return band
    return ORDER[-1]


@record(frozen=True)
class BandInfo(Record):
    id: str
    label: str
    meaning: str
    # lowest score in the band, and the score it stays below (None: up to 100)
    low: float
    below: float | None


@record(frozen=True)
class Bands(Record):
    """The bands as a report shows them: labels and meanings from a bank,
    thresholds from a bank or from a saved result."""

    bands: tuple[BandInfo, ...]  # best first
    # The label of a score without a band (a lesson not assessed).
    none_label: str

    @classmethod
    def of(cls, bank: Bank, mins: Mapping[str, float] | None = None) -> Bands:
        """The bank's bands; ``mins`` (a result's recorded thresholds) overrides its thresholds."""
        given = {b.id: b for b in bank.bands}
        lows = dict(mins) if mins else thresholds(bank)
        ordered = sorted((b for b in ORDER if b in given), key=lambda b: lows.get(b, given[b].min), reverse=True)
        out, above = [], None
        for band in ordered:
            low = lows.get(band, given[band].min)
            out.append(BandInfo(band, given[band].label, given[band].meaning, low, above))
            above = low
        return cls(tuple(out), bank.texts.band_not_assessed)

    def get(self, band: str) -> BandInfo:
        return next(b for b in self.bands if b.id == band)

    def label(self, band: str | None) -> str:
        return self.none_label if band is None else self.get(band).label

    def mins(self) -> dict[str, float]:
        return {b.id: b.low for b in self.bands}

    def band_for(self, score: float | None) -> str | None:
        return band_for(score, self.mins())

    def lowest_first(self) -> tuple[BandInfo, ...]:
        return tuple(reversed(self.bands))

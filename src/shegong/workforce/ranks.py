"""SM-12: the rank ladder (职级体系) — entry conditions and promotion rules as dated data with a clause.

The data is ``data/ranks.yaml``: one ladder per policy document, applying inside the document's
jurisdiction, with dated sets of conditions. :func:`rank_refusals` says why a practitioner may not
hold a rank on a date (empty: may hold it); the service ``practitioner_set_rank`` refuses on it.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

from shegong.common.periods import add_years

from .models import CERTIFICATE_RANK, RANK_ORDER, AssessmentGrade, CertificateLevel, Rank

DATA = Path(__file__).with_name("data") / "ranks.yaml"
GRADE_ORDER = {
    AssessmentGrade.UNQUALIFIED: 0,
    AssessmentGrade.BASICALLY_QUALIFIED: 1,
    AssessmentGrade.QUALIFIED: 2,
    AssessmentGrade.EXCELLENT: 3,
}

NEEDS_CERTIFICATE = _("The rank “%(rank)s” needs at least the certificate “%(level)s”.")
NEEDS_PRACTICE = _("The rank “%(rank)s” needs %(years)s years of practice; the practitioner has %(held)s.")
NEEDS_YEARS_IN_RANK = _(
    "Promotion to “%(rank)s” needs %(years)s years in the rank “%(below)s” (held since %(since)s)."
)
NEEDS_RANK_BELOW = _("Promotion to “%(rank)s” needs the rank “%(below)s” first.")
NEEDS_GRADE = _("The rank “%(rank)s” needs a latest yearly assessment of at least “%(grade)s”.")


@dataclass(frozen=True)
class RankCondition:
    rank: str
    certificate: str | None
    years_practice: int
    promotion_years: int
    min_grade: str | None

    @property
    def label(self) -> str:
        return str(Rank(self.rank).label)

    @property
    def certificate_label(self) -> str:
        return str(CertificateLevel(self.certificate).label) if self.certificate else ""

    @property
    def grade_label(self) -> str:
        return str(AssessmentGrade(self.min_grade).label) if self.min_grade else ""


@dataclass(frozen=True)
class Ladder:
    document: str
    clause: str
    sample: bool
    effective_from: datetime.date
    conditions: dict[str, RankCondition]

    def ordered(self) -> list[RankCondition]:
        return sorted(self.conditions.values(), key=lambda c: RANK_ORDER[c.rank])


@functools.cache
def _load() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["ladders"]


def ladder_for(division_code: str, on: datetime.date) -> Ladder | None:
    """The ladder whose document covers ``division_code`` and is in force on ``on``, with its latest values."""
    from shegong.policy.library import load_library

    library = load_library()
    for entry in _load():
        document = library.document(entry["document"])
        if not document.covers(division_code) or not document.status_on(on).in_force:
            continue
        dated = sorted((day, ranks) for day, ranks in entry["values"].items() if day <= on)
        if not dated:
            continue
        day, ranks = dated[-1]
        return Ladder(
            document=document.slug,
            clause=entry["clause"],
            sample=bool(entry.get("sample")),
            effective_from=day,
            conditions={code: RankCondition(rank=code, **values) for code, values in ranks.items()},
        )
    return None


def rank_refusals(
    *,
    ladder: Ladder,
    rank: str,
    on: datetime.date,
    top_certificate: str | None,
    first_post_on: datetime.date | None,
    current_rank: str = "",
    current_rank_since: datetime.date | None = None,
    latest_grade: str | None = None,
) -> list[str]:
    """Why a practitioner may not hold ``rank`` on ``on`` under ``ladder`` (empty list: allowed)."""
    condition = ladder.conditions[rank]
    label = condition.label
    problems = []
    if condition.certificate and (
        top_certificate is None or CERTIFICATE_RANK[top_certificate] < CERTIFICATE_RANK[condition.certificate]
    ):
        problems.append(NEEDS_CERTIFICATE % {"rank": label, "level": condition.certificate_label})
    held = 0
    if first_post_on is not None:
        while add_years(first_post_on, held + 1) <= on:
            held += 1
    if held < condition.years_practice:
        problems.append(NEEDS_PRACTICE % {"rank": label, "years": condition.years_practice, "held": held})
    if condition.promotion_years:
        below = Rank.values[RANK_ORDER[rank] - 2]
        below_label = Rank(below).label
        if not current_rank or RANK_ORDER[current_rank] < RANK_ORDER[below]:
            problems.append(NEEDS_RANK_BELOW % {"rank": label, "below": below_label})
        elif current_rank == below and (
            current_rank_since is None or add_years(current_rank_since, condition.promotion_years) > on
        ):
            problems.append(
                NEEDS_YEARS_IN_RANK
                % {
                    "rank": label,
                    "years": condition.promotion_years,
                    "below": below_label,
                    "since": current_rank_since.isoformat() if current_rank_since else "-",
                }
            )
    if condition.min_grade and (
        latest_grade is None or GRADE_ORDER[latest_grade] < GRADE_ORDER[condition.min_grade]
    ):
        problems.append(NEEDS_GRADE % {"rank": label, "grade": condition.grade_label})
    return [str(p) for p in problems]

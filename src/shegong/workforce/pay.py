"""The salary guide in force (薪酬指导价, SZ-06a): contract C1 for the other apps.

A guide belongs to a city (4-digit division code); a division below the city uses its city's guide.
The guide in force on a date is the one with the latest ``effective_from`` on or before it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .models import SalaryGuide, SalaryGuideRow


def city_code(division_code: str) -> str | None:
    """The city of a division code (``"440304"`` → ``"4403"``); None above the city level."""
    return division_code[:4] if len(division_code or "") >= 4 else None


def salary_guide_in_force(*, division_code: str, on: datetime.date) -> SalaryGuide | None:
    """SZ-06a: the salary guide of the city of ``division_code`` in force on ``on`` (one query)."""
    city = city_code(division_code)
    if city is None:
        return None
    return (
        SalaryGuide.objects.filter(division_id=city, effective_from__lte=on)
        .order_by("-effective_from", "-id")
        .first()
    )


def _rows_in_force(division_code: str, on: datetime.date):
    city = city_code(division_code)
    if city is None:
        return SalaryGuideRow.objects.none()
    latest = (
        SalaryGuide.objects.filter(division_id=city, effective_from__lte=on)
        .order_by("-effective_from", "-id")
        .values("pk")[:1]
    )
    return SalaryGuideRow.objects.filter(guide_id__in=latest)


def guide_monthly_pay(*, division_code: str, on: datetime.date, rank: str, domain: str) -> Decimal | None:
    """SZ-06a: the guide's monthly pay for ``rank`` in ``domain`` on ``on``; None without a guide or row."""
    return (
        _rows_in_force(division_code, on)
        .filter(rank=rank, domain=domain)
        .values_list("monthly_pay", flat=True)
        .first()
    )


def guide_pay_table(*, division_code: str, on: datetime.date) -> dict[tuple[str, str], Decimal]:
    """SZ-06a: the whole guide in force as ``{(rank, domain): monthly pay}`` (one query; empty without one)."""
    return {
        (rank, domain): pay
        for rank, domain, pay in _rows_in_force(division_code, on).values_list(
            "rank", "domain", "monthly_pay"
        )
    }


@dataclass(frozen=True)
class GuideTable:
    """One guide with its cells, for rules that compare many pay records at once."""

    guide: SalaryGuide
    pay: dict[tuple[str, str], Decimal]


def guide_tables(*, city_codes: Iterable[str]) -> dict[str, list[GuideTable]]:
    """Every guide of ``city_codes`` with its cells, newest first per city (two queries)."""
    guides = list(
        SalaryGuide.objects.filter(division_id__in=set(city_codes)).order_by("-effective_from", "-id")
    )
    cells: dict[int, dict[tuple[str, str], Decimal]] = {guide.pk: {} for guide in guides}
    rows = SalaryGuideRow.objects.filter(guide_id__in=list(cells)).values_list(
        "guide_id", "rank", "domain", "monthly_pay"
    )
    for guide_id, rank, domain, pay in rows:
        cells[guide_id][(rank, domain)] = pay
    tables: dict[str, list[GuideTable]] = {}
    for guide in guides:
        tables.setdefault(guide.division_id, []).append(GuideTable(guide=guide, pay=cells[guide.pk]))
    return tables


def table_on(tables: dict[str, list[GuideTable]], division_code: str, on: datetime.date) -> GuideTable | None:
    """The table in force on ``on`` for the city of ``division_code``, from :func:`guide_tables`."""
    for table in tables.get(city_code(division_code) or "", []):
        if table.guide.effective_from <= on:
            return table
    return None

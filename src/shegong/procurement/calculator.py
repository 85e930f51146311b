"""The budget calculator: the minimum compliant budget of a Shenzhen project, figure by figure.

Given posts, professional posts, the service domain, the purchaser's division and a date, it reads the
dated parameters the budget rules read (package fee floor with the high-risk floor and a district's
own floor, labour share, supervision funding, professional post share) and returns the smallest
budget those rules accept, with the clause behind each figure. Fed back as a budget it yields no
finding; one yuan less yields one (tested).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shegong.policy.engine import money
from shegong.policy.explain import Listing, ratio_label
from shegong.policy.library import load_library
from shegong.policy.scanning import clause_label

from .domains import HIGH_RISK_DOMAINS
from .rules import SHENZHEN

OUTSIDE_SHENZHEN = _("The budget standards of %(document)s apply only to divisions in %(place)s.")
NO_STANDARD_ON = _("No budget standard applies on this date: %(reason)s")
POSTS_POSITIVE = _("Enter at least one post.")
PROFESSIONAL_EXCEEDS = _("Professional posts cannot exceed the number of posts.")
MONTHS_RANGE = _("Months must be between 1 and 12.")
RANKS_DO_NOT_ADD_UP = _("The posts by rank add up to %(sum)s, not %(posts)s.")
NO_GUIDE_PAY = _("The salary guide in force has no pay for %(ranks)s in this domain.")

GUIDE_CLAUSE = "(六)"  # SZ-06a: 附件2 薪酬指导价
YUAN = Decimal("1")


@dataclass(frozen=True)
class _Post:
    rank: str
    count: int


CENT = Decimal("0.01")


@dataclass(frozen=True)
class Figure:
    """One figure of the breakdown and where it comes from."""

    label: str
    amount: Decimal | int
    working: str
    clause: str
    clause_text: str
    source: str = ""  # a district's own standard, when it applies
    is_money: bool = True


@dataclass
class BudgetEstimate:
    posts: int
    professional_posts: int
    domain: str
    division_code: str
    on: datetime.date
    months: int
    person_years: Decimal
    supervised_worker_months: int
    total: Decimal
    labour_min: Decimal
    supervision_min: Decimal
    other_lines_max: Decimal
    professional_posts_min: int
    document_title: str
    figures: list[Figure] = field(default_factory=list)
    guide_labour: Decimal = Decimal("0")
    ranks: dict = field(default_factory=dict)

    @property
    def professional_posts_short(self) -> int:
        return max(0, self.professional_posts_min - self.professional_posts)

    def budget_lines(self) -> dict:
        """The minimum budget as ProjectBudget fields: labour and supervision at their minimum, the rest
        of the total under activities."""
        return {
            "labour_cost": self.labour_min,
            "supervision_cost": self.supervision_min,
            "activity_cost": self.other_lines_max,
            "management_cost": Decimal("0"),
            "insurance_tax_cost": Decimal("0"),
            "training_cost": Decimal("0"),
            "person_years": self.person_years,
            "supervised_worker_months": self.supervised_worker_months,
        }


def _value(document, key: str, on: datetime.date, division_code: str):
    found = document.parameters[key].value_on(on, division_code)
    if not found:
        raise ValidationError({"on": [NO_STANDARD_ON % {"reason": found.message}]})
    return found


def _ceil(value: Decimal, quantum: Decimal) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_CEILING)


def budget_minimum(
    *,
    posts: int,
    professional_posts: int,
    domain: str,
    division_code: str,
    on: datetime.date,
    months: int = 12,
    ranks: dict[str, int] | None = None,
) -> BudgetEstimate:
    """Return the minimum compliant budget for ``months`` of ``posts`` posts bought on ``on``.

    With ``ranks`` (posts by rank), labour must also cover the posts at the salary guide in force
    (SZ-06a, contract C1: ``workforce.pay.guide_pay_table``).
    """
    errors = {}
    ranks = {rank: n for rank, n in (ranks or {}).items() if n}
    if ranks and sum(ranks.values()) != posts:
        errors["posts"] = [RANKS_DO_NOT_ADD_UP % {"sum": sum(ranks.values()), "posts": posts}]
    if posts < 1:
        errors["posts"] = [POSTS_POSITIVE]
    if professional_posts > posts:
        errors["professional_posts"] = [PROFESSIONAL_EXCEEDS]
    if not 1 <= months <= 12:
        errors["months"] = [MONTHS_RANGE]
    library = load_library()
    document = library.document(SHENZHEN)
    if not document.covers(division_code):
        errors["division"] = [
            OUTSIDE_SHENZHEN % {"document": document.title, "place": document.jurisdiction_name}
        ]
    if errors:
        raise ValidationError(errors)

    high_risk = domain in HIGH_RISK_DOMAINS
    floor_key = "package_fee_floor_high_risk" if high_risk else "package_fee_floor"
    floor = _value(document, floor_key, on, division_code)
    labour_share = _value(document, "labour_cost_share_min", on, division_code)
    rate = _value(document, "supervision_fee_per_worker_month", on, division_code)
    professional_share = _value(document, "professional_post_share_min", on, division_code)

    person_years = (Decimal(posts) * months / 12).quantize(CENT, rounding=ROUND_HALF_UP)
    worker_months = posts * months
    share = Decimal(str(labour_share.value))
    floor_total = _ceil(Decimal(str(floor.value)) * person_years, YUAN)
    supervision = Decimal(str(rate.value)) * worker_months
    # Supervision is one of the lines that together may not exceed 1 − labour share of the total.
    supervision_total = _ceil(supervision / (1 - share), YUAN)
    guide_total, guide_lines, guide_clause = Decimal(0), [], None
    if ranks:
        from shegong.workforce.models import Rank
        from shegong.workforce.pay import guide_pay_table

        from .rules import guide_labour

        table = guide_pay_table(division_code=division_code, on=on)
        posts_by_rank = [_Post(rank, count) for rank, count in ranks.items()]
        if table:
            guide_total, guide_lines, missing = guide_labour(posts_by_rank, table, domain, Decimal(months))
            if missing:
                labels = dict(Rank.choices)
                raise ValidationError(
                    {"posts": [NO_GUIDE_PAY % {"ranks": "、".join(str(labels[r]) for r in missing)}]}
                )
            guide_clause = document.clause(GUIDE_CLAUSE)
    # Labour must cover the guide and supervision is paid on top: the total holds both.
    total = max(floor_total, supervision_total, _ceil(guide_total + supervision, YUAN))
    labour = max(_ceil(share * total, CENT), guide_total)
    professional_min = math.ceil(Decimal(str(professional_share.value)) * posts)

    def text(value):
        return document.full_text(value.clause) if value.clause else ""

    def label(value):
        return clause_label(value.clause, get_language() or "zh-hans") if value.clause else ""

    figures = [
        Figure(
            label=_("Package fee floor for high-risk domains") if high_risk else _("Package fee floor"),
            amount=floor_total,
            working=_("%(floor)s yuan per person-year × %(years)s person-years")
            % {"floor": money(floor.value), "years": person_years},
            clause=label(floor),
            clause_text=text(floor),
            source=floor.source or "",
        ),
        Figure(
            label=_("Supervision funding"),
            amount=supervision,
            working=_("%(rate)s yuan × %(months)s supervised worker-months (%(posts)s posts × %(n)s months)")
            % {"rate": money(rate.value), "months": worker_months, "posts": posts, "n": months},
            clause=label(rate),
            clause_text=text(rate),
        ),
        Figure(
            label=_("Minimum total"),
            amount=total,
            working=(
                _("the package fee floor")
                if total == floor_total
                else _("labour at the salary guide plus supervision funding")
                if guide_total and total == _ceil(guide_total + supervision, YUAN)
                else _("supervision funding may be at most %(share)s of the total")
                % {"share": ratio_label(1 - share)}
            ),
            clause=label(floor),
            clause_text=text(floor),
        ),
        Figure(
            label=_("Labour cost, at least"),
            amount=labour,
            working=_("%(share)s of %(total)s yuan") % {"share": ratio_label(share), "total": money(total)},
            clause=label(labour_share),
            clause_text=text(labour_share),
        ),
        Figure(
            label=_("Professional social-work posts, at least"),
            amount=professional_min,
            working=_("%(share)s of %(posts)s posts, rounded up")
            % {"share": ratio_label(Decimal(str(professional_share.value))), "posts": posts},
            clause=label(professional_share),
            clause_text=text(professional_share),
            is_money=False,
        ),
    ]
    if guide_lines:
        from shegong.workforce.models import Rank

        labels = dict(Rank.choices)
        figures.insert(
            3,
            Figure(
                label=_("Posts at the salary guide"),
                amount=guide_total,
                working=Listing(
                    (
                        _("%(rank)s × %(count)s × %(pay)s yuan × %(months)s months")
                        % {"rank": labels[rank], "count": n, "pay": money(pay), "months": months}
                        for rank, n, pay, _amount in guide_lines
                    ),
                    items=True,
                ),
                clause=clause_label(guide_clause.id, get_language() or "zh-hans"),
                clause_text=document.full_text(guide_clause.id),
            ),
        )
    return BudgetEstimate(
        posts=posts,
        professional_posts=professional_posts,
        domain=domain,
        division_code=division_code,
        on=on,
        months=months,
        person_years=person_years,
        supervised_worker_months=worker_months,
        total=total,
        labour_min=labour,
        supervision_min=supervision,
        other_lines_max=total - labour - supervision,
        professional_posts_min=professional_min,
        document_title=document.title,
        figures=figures,
        guide_labour=guide_total,
        ranks=ranks,
    )

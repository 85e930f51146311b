"""Reads of the practitioner registry, scoped to the viewer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language

from shegong.accounts.scoping import scope_queryset
from shegong.common.encryption import keyed_hash
from shegong.geo.models import subtree_q
from shegong.policy.engine import get_rule

from .identity import looks_like_id_number, search_key
from .models import CERTIFICATE_RANK, Certificate, ComplaintStep, Disclosure, Practitioner, Sanction
from .rules import YEARLY_TRAINING_RULES, hours_in_year


def top_certificate_level() -> Subquery:
    """The highest certificate level of the outer practitioner (senior > intermediate > assistant)."""
    rank = Case(
        *[When(level=level, then=Value(n)) for level, n in CERTIFICATE_RANK.items()],
        output_field=IntegerField(),
    )
    certificates = Certificate.objects.filter(practitioner=OuterRef("pk")).annotate(rank=rank)
    return Subquery(certificates.order_by("-rank", "-issued_on").values("level")[:1])


def practitioner_list(
    *,
    viewer,
    q: str = "",
    within: str = "",
    organization: int | str | None = None,
    certificate_level: str = "",
    filing_state: str = "",
    year: int | None = None,
    findings: str = "",
    rule: str = "",
) -> QuerySet[Practitioner]:
    """Practitioners the viewer may see, filtered, with their top certificate and this year's hours.

    ``q`` finds a name (张三), its pinyin (``zhangsan``) or initials (``zs``), or — when it is
    shaped like a resident ID number — that exact number through its keyed hash. ``findings="open"``
    keeps practitioners with an open finding (of ``rule`` when given), ``"none"`` those without.
    """
    today = timezone.localdate()
    as_of = today if year is None or year == today.year else datetime.date(year, 12, 31)
    # Lists, exports and the API show the stored masked number: never decrypt the full one here.
    qs = scope_queryset(
        Practitioner.objects.select_related("division", "employer").defer("id_number"), viewer=viewer
    )
    qs = qs.annotate(top_level=top_certificate_level(), hours_this_year=hours_in_year(as_of))
    q = (q or "").strip()
    if q:
        if looks_like_id_number(q):
            qs = qs.filter(id_number_hash=keyed_hash(q))
        else:
            key = search_key(q)
            match = Q(name__icontains=q)
            if key and key.isascii():
                match |= Q(name_pinyin__startswith=key) | Q(name_initials__startswith=key)
            qs = qs.filter(match)
    if within:
        qs = qs.filter(subtree_q("division", within))
    if organization:
        qs = qs.filter(employer_id=organization)
    if certificate_level:
        qs = qs.filter(
            Exists(Certificate.objects.filter(practitioner=OuterRef("pk"), level=certificate_level))
        )
    if filing_state:
        qs = qs.filter(filing_state=filing_state)
    if findings in {"open", "none"} or rule:
        has_finding = Exists(open_findings_query(rule))
        qs = qs.filter(~has_finding if findings == "none" else has_finding)
    return qs


def open_findings_query(rule: str = "") -> QuerySet:
    """Open ledger findings of the outer practitioner (of ``rule`` when given)."""
    from shegong.policy.models import Finding, FindingState

    findings = Finding.objects.filter(
        subject_type=PRACTITIONER_TYPE,
        subject_id=Cast(OuterRef("pk"), output_field=CharField()),
        state=FindingState.OPEN,
    )
    return findings.filter(rule_id=rule) if rule else findings


PRACTITIONER_TYPE = "workforce.practitioner"


def practitioner_rules() -> list:
    """The registered rules whose subjects are practitioners, by SPEC ID."""
    from shegong.policy.engine import registered_rules

    return [rule for rule in registered_rules() if rule.subject_model == "workforce.Practitioner"]


@dataclass(frozen=True)
class LiveCheck:
    """The practitioner rules evaluated for one practitioner as of a date (not the ledger)."""

    as_of: datetime.date
    rows: list
    rules_in_force: list[str]
    rules_not_in_force: list[str]


def live_findings(practitioner: Practitioner, *, as_of: datetime.date | None = None) -> LiveCheck:
    """Every practitioner rule evaluated as of ``as_of`` (today) for this one practitioner.

    The rows are ``FindingRow`` objects with both explanations; a few queries per rule, for one subject.
    """
    from shegong.policy.engine import evaluate_rule
    from shegong.policy.scanning import rows_for

    as_of = as_of or timezone.localdate()
    one = Practitioner.objects.filter(pk=practitioner.pk)
    rows, in_force, not_in_force = [], [], []
    for rule in practitioner_rules():
        result = evaluate_rule(rule, as_of=as_of, subjects=one)
        (in_force if result.in_force else not_in_force).append(rule.spec_id)
        rows.extend(rows_for(result))
    return LiveCheck(as_of=as_of, rows=rows, rules_in_force=in_force, rules_not_in_force=not_in_force)


def practitioner_get(*, viewer, pk) -> Practitioner:
    """One practitioner, or Practitioner.DoesNotExist when outside the viewer's scope."""
    return scope_queryset(Practitioner.objects.select_related("division", "employer"), viewer=viewer).get(
        pk=pk
    )


def practitioner_records(practitioner: Practitioner) -> dict:
    """The records of one practitioner: certificates, posts, training, filing history, yearly assessments
    and the credit file (complaints with their steps, violations, decisions with their disclosure)."""
    return {
        "certificates": list(practitioner.certificates.all()),
        "employments": list(practitioner.employments.select_related("organization")),
        "training_records": list(practitioner.training_records.all()),
        "transitions": list(
            practitioner.transitions.select_related("actor").order_by("-effective_on", "-id")
        ),
        "assessments": list(
            practitioner.assessments.select_related("employer_signed_by", "served_unit_signed_by")
        ),
        "complaints": list(
            practitioner.complaints.select_related("received_by").prefetch_related(
                Prefetch("steps", queryset=ComplaintStep.objects.select_related("actor"))
            )
        ),
        "violations": list(practitioner.violations.select_related("complaint")),
        "decisions": list(practitioner.decisions.select_related("violation", "disclosure")),
        "pay_records": list(practitioner.pay_records.select_related("employer")),
        "insurance_records": list(practitioner.insurance_records.select_related("employer")),
        "subsidies": list(practitioner.subsidies.all()),
        "awards": list(practitioner.awards.all()),
        "exam_fees": list(practitioner.exam_fees.select_related("reimbursed_by")),
    }


@dataclass(frozen=True)
class PublishedSanction:
    """A disciplinary sanction as the public sees it: no ID number, phone or other private data."""

    name: str
    division_code: str
    division_name: str
    sanction: str
    sanction_label: str
    decided_on: datetime.date
    published_on: datetime.date
    public_text: str


def published_sanctions(*, within: str = "", as_of: datetime.date | None = None) -> list[PublishedSanction]:
    """Sanctions published on or before ``as_of`` (today), newest first; one query, public data only."""
    as_of = as_of or timezone.localdate()
    qs = Disclosure.objects.filter(published_on__lte=as_of)
    if within:
        qs = qs.filter(subtree_q("decision__practitioner__division", within))
    rows = qs.order_by("-published_on", "-id").values_list(
        "decision__practitioner__name",
        "decision__practitioner__division_id",
        "decision__practitioner__division__name",
        "decision__sanction",
        "decision__decided_on",
        "published_on",
        "public_text",
    )
    return [
        PublishedSanction(
            name=name,
            division_code=code,
            division_name=division_name,
            sanction=sanction,
            sanction_label=str(Sanction(sanction).label),
            decided_on=decided_on,
            published_on=published_on,
            public_text=text,
        )
        for name, code, division_name, sanction, decided_on, published_on, text in rows
    ]


@dataclass(frozen=True)
class TrainingProgress:
    """Hours of the year against the yearly requirement of the practitioner's jurisdiction."""

    spec_id: str
    year: int
    hours: Decimal
    threshold: int | None  # None: the requirement is not in force on the date
    document_title: str
    clause: str
    status_message: str = ""

    @property
    def percent(self) -> int:
        if not self.threshold:
            return 0
        return min(100, int(self.hours * 100 / self.threshold))

    @property
    def missing(self) -> Decimal:
        return max(Decimal(0), Decimal(self.threshold or 0) - self.hours)

    @property
    def met(self) -> bool:
        return self.threshold is not None and self.hours >= self.threshold


def training_progress(
    practitioner: Practitioner, *, as_of: datetime.date | None = None
) -> TrainingProgress | None:
    """Progress of ``practitioner`` in the year of ``as_of`` against the rule of their jurisdiction."""
    from shegong.policy.library import load_library

    as_of = as_of or timezone.localdate()
    library = load_library()
    for spec_id in YEARLY_TRAINING_RULES:
        rule = get_rule(spec_id)
        document = library.document(rule.document)
        if not document.covers(practitioner.division_id) or not rule.applies_to(practitioner):
            continue
        hours = (
            Practitioner.objects.filter(pk=practitioner.pk)
            .annotate(hours=hours_in_year(as_of, rule.counted_kinds))
            .values_list("hours", flat=True)
            .get()
        )
        value = library.parameter(rule.document, rule.hours_parameter).value_on(
            as_of, practitioner.division_id
        )
        return TrainingProgress(
            spec_id=spec_id,
            year=as_of.year,
            hours=Decimal(hours).quantize(Decimal("0.1")),
            threshold=value.value if value else None,
            document_title=document.title_en if (get_language() or "").startswith("en") else document.title,
            clause=rule.clause,
            status_message="" if value else str(document.status_on(as_of).message),
        )
    return None


# Complaint queue (SZ-09b) ---------------------------------------------------------------------------


def complaint_queue(*, viewer, state: str = "open", within: str = "") -> QuerySet:
    """Complaints about practitioners the viewer may see: open ones by due date first, with their steps.

    ``state``: ``open`` (being handled), ``overdue`` (open and past the due date), ``closed`` or ``all``.
    """
    from .models import Complaint, ComplaintOutcome

    qs = scope_queryset(
        Complaint.objects.select_related("practitioner", "practitioner__division", "received_by"),
        viewer=viewer,
    ).prefetch_related(Prefetch("steps", queryset=ComplaintStep.objects.select_related("actor")))
    today = timezone.localdate()
    qs = qs.annotate(
        is_overdue=Case(
            When(outcome=ComplaintOutcome.PENDING, due_on__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    if within:
        qs = qs.filter(subtree_q("practitioner__division", within))
    if state == "open":
        qs = qs.filter(outcome=ComplaintOutcome.PENDING)
    elif state == "overdue":
        qs = qs.filter(outcome=ComplaintOutcome.PENDING, due_on__lt=today)
    elif state == "closed":
        qs = qs.exclude(outcome=ComplaintOutcome.PENDING)
    return qs.order_by("due_on", "id") if state in {"open", "overdue"} else qs.order_by("-received_on", "-id")


# Salary guides (SZ-06a) ----------------------------------------------------------------------------


def salary_guide_list(*, viewer, within: str = "") -> QuerySet:
    """Salary guides (public reference data) with their number of cells, newest first per city."""
    from django.db.models import Count

    from .models import SalaryGuide

    qs = scope_queryset(SalaryGuide.objects.select_related("division", "recorded_by"), viewer=viewer)
    if within:
        qs = qs.filter(subtree_q("division", within))
    return qs.annotate(cells=Count("rows")).order_by("division_id", "-effective_from", "-id")


def salary_guide_get(*, viewer, pk):
    """One salary guide, or SalaryGuide.DoesNotExist."""
    from .models import SalaryGuide

    return scope_queryset(SalaryGuide.objects.select_related("division"), viewer=viewer).get(pk=pk)


def salary_guide_table(guide) -> dict[tuple[str, str], Decimal]:
    """The cells of one guide as ``{(rank, domain): pay}`` (one query)."""
    return {(r, d): p for r, d, p in guide.rows.values_list("rank", "domain", "monthly_pay")}


def own_practitioner(*, user) -> Practitioner | None:
    """The practitioner file linked to ``user``'s account, if any."""
    return (
        Practitioner.objects.select_related("division", "employer").filter(user_id=user.pk).first()
        if user.is_authenticated
        else None
    )


def guide_age_findings(guides) -> dict[int, object]:
    """SZ-06c: today's overdue-revision finding of each listed guide, by guide id (one rule run)."""
    ids = [guide.pk for guide in guides]
    if not ids:
        return {}
    from shegong.policy.engine import evaluate_rule
    from shegong.policy.scanning import rows_for

    from .models import SalaryGuide

    result = evaluate_rule(
        get_rule("SZ-06c"), as_of=timezone.localdate(), subjects=SalaryGuide.objects.filter(pk__in=ids)
    )
    return {int(row.subject_id): row for row in rows_for(result)}

"""Reads for dashboards and reports: policy targets against the data, findings and coverage.

Other apps are read through their selectors; where a figure needs a query they do not offer, it is
written here over their models, set-based (one query per figure, never per row), and scoped through
:func:`shegong.accounts.scoping.scope_queryset`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import Division, DivisionLevel, subtree_q
from shegong.policy.coverage import implements
from shegong.policy.selectors import finding_counts_by_rule
from shegong.stations import selectors as stations_selectors
from shegong.stations.models import ServicePoint, Station, StationKind
from shegong.workforce.models import (
    Certificate,
    CertificateLevel,
    FilingState,
    FilingTransition,
    Practitioner,
)

SANMING = "3504"
JINAN = "3701"
HUIZHOU = "4413"

# Filing states that count as "on the register" for the workforce targets: filed, or filed and
# suspended (a suspension is a disciplinary state, the person stays a registered professional).
REGISTERED_STATES = (FilingState.FILED, FilingState.SUSPENDED)


@dataclass(frozen=True)
class TargetFigure:
    """One policy target: the figure computed from the data as of a date beside the plan's figure."""

    spec_id: str
    label: str
    actual: int
    goal: int
    deadline: datetime.date
    document_title: str
    clause: str
    url: str  # the list behind ``actual``
    note: str = ""

    @property
    def met(self) -> bool:
        return self.actual >= self.goal

    @property
    def percent(self) -> int:
        return min(100, self.actual * 100 // self.goal) if self.goal else 100


def _title(document) -> str:
    return document.title_en if (get_language() or "").startswith("en") else document.title


def _registered_on(as_of: datetime.date) -> Subquery:
    """The filing state of the outer practitioner on ``as_of``, from the filing history."""
    history = FilingTransition.objects.filter(practitioner=OuterRef("pk"), effective_on__lte=as_of)
    return Subquery(history.order_by("-effective_on", "-id").values("to_state")[:1])


def _holds(level: str, as_of: datetime.date) -> Exists:
    return Exists(Certificate.objects.filter(practitioner=OuterRef("pk"), level=level, issued_on__lte=as_of))


def workforce_counts(*, viewer, within: str, as_of: datetime.date) -> dict[str, int]:
    """Registered practitioners of ``within`` on ``as_of``, and those holding an intermediate / senior
    certificate issued by that day; one query."""
    qs = (
        scope_queryset(Practitioner.objects.filter(subtree_q("division", within)), viewer=viewer)
        .annotate(state_on=_registered_on(as_of))
        .filter(state_on__in=REGISTERED_STATES)
    )
    return qs.aggregate(
        professionals=Count("pk"),
        intermediate=Count("pk", filter=_holds(CertificateLevel.INTERMEDIATE, as_of)),
        senior=Count("pk", filter=_holds(CertificateLevel.SENIOR, as_of)),
    )


def _list_url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{reverse(name)}?{query}" if query else reverse(name)


@implements("SM-01", kind="target")
def sanming_workforce_targets(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """SM-01: 1,000 professionals (150 intermediate) by 2015; 5,000 (500 intermediate, 20 senior) by 2020.

    Professionals are practitioners of Sanming on the register on ``as_of`` (filed or suspended, from
    the filing history); intermediate and senior are those of them holding a certificate of that level
    issued on or before ``as_of``. The plan's figures and deadlines come from the policy parameters.
    """
    from shegong.policy.library import load_library

    library = load_library()
    document = library.document("SM")
    counts = workforce_counts(viewer=viewer, within=SANMING, as_of=as_of)
    goals = (
        (
            "professionals_target_2015",
            "professionals",
            "target_2015_deadline",
            "",
            _("Social work professionals"),
        ),
        (
            "intermediate_target_2015",
            "intermediate",
            "target_2015_deadline",
            CertificateLevel.INTERMEDIATE,
            _("Intermediate social work professionals"),
        ),
        (
            "professionals_target_2020",
            "professionals",
            "target_2020_deadline",
            "",
            _("Social work professionals"),
        ),
        (
            "intermediate_target_2020",
            "intermediate",
            "target_2020_deadline",
            CertificateLevel.INTERMEDIATE,
            _("Intermediate social work professionals"),
        ),
        (
            "senior_target_2020",
            "senior",
            "target_2020_deadline",
            CertificateLevel.SENIOR,
            _("Senior social work professionals"),
        ),
    )
    figures = []
    for key, count, deadline_key, level, label in goals:
        goal = library.parameter("SM", key).value_on(as_of, division_code=SANMING)
        deadline = library.parameter("SM", deadline_key).value_on(as_of, division_code=SANMING)
        if not goal or not deadline:
            continue
        figures.append(
            TargetFigure(
                spec_id="SM-01",
                label=label,
                actual=counts[count],
                goal=goal.value,
                deadline=deadline.value,
                document_title=_title(document),
                clause=goal.clause,
                url=_list_url(
                    "workforce:practitioner-list", within=SANMING, level=level, state=FilingState.FILED
                ),
            )
        )
    return figures


def station_counts(*, viewer, within: str, as_of: datetime.date) -> dict[str, int]:
    """Towns and villages of ``within`` (division data) and those covered on ``as_of``: towns with a
    town station opened by that day, villages served by a point opened by that day; four queries."""
    stations = scope_queryset(
        Station.objects.filter(kind=StationKind.TOWN_STATION, opened_on__lte=as_of), viewer=viewer
    ).filter(subtree_q("division", within))
    divisions = Division.objects.filter(subtree_q("code", within))
    links = ServicePoint.villages.through.objects.filter(
        subtree_q("division", within),
        servicepoint__station__in=stations,
        servicepoint__opened_on__lte=as_of,
    )
    return {
        "towns": divisions.filter(level=DivisionLevel.TOWN).count(),
        "towns_with_station": stations.values("division_id").distinct().count(),
        "villages": divisions.filter(level=DivisionLevel.VILLAGE).count(),
        "villages_served": links.values("division_id").distinct().count(),
    }


def _plan_note(planned: int, counted: int) -> str:
    return _("The plan counts %(planned)s; the division data counts %(counted)s.") % {
        "planned": planned,
        "counted": counted,
    }


@implements("JN-01", kind="target")
def jinan_station_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """JN-01: a station in every street and town of Jinan within 2021 (the plan counts 161).

    The goal is the number of towns in the loaded division data; the plan's 161 is shown beside it.
    """
    from shegong.policy.library import load_library

    library = load_library()
    planned = library.parameter("JN", "station_target").value_on(as_of, division_code=JINAN)
    deadline = library.parameter("JN", "station_coverage_deadline").value_on(as_of, division_code=JINAN)
    if not planned or not deadline:
        return []
    counts = station_counts(viewer=viewer, within=JINAN, as_of=as_of)
    return [
        TargetFigure(
            spec_id="JN-01",
            label=_("Streets and towns of Jinan with a station"),
            actual=counts["towns_with_station"],
            goal=counts["towns"],
            deadline=deadline.value,
            document_title=_title(library.document("JN")),
            clause=planned.clause,
            url=reverse("stations:coverage-division", args=[JINAN]),
            note=_plan_note(planned.value, counts["towns"]),
        )
    ]


@implements("HZ-01", kind="target")
def huizhou_station_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """HZ-01: stations in all 72 Huizhou towns by the end of 2021, points serving every village by end 2022."""
    from shegong.policy.library import load_library

    library = load_library()
    planned = library.parameter("HZ", "town_station_target").value_on(as_of, division_code=HUIZHOU)
    towns_due = library.parameter("HZ", "station_target_deadline").value_on(as_of, division_code=HUIZHOU)
    villages_due = library.parameter("HZ", "service_point_coverage_deadline").value_on(
        as_of, division_code=HUIZHOU
    )
    if not planned or not towns_due or not villages_due:
        return []
    counts = station_counts(viewer=viewer, within=HUIZHOU, as_of=as_of)
    title = _title(library.document("HZ"))
    url = reverse("stations:coverage-division", args=[HUIZHOU])
    return [
        TargetFigure(
            spec_id="HZ-01",
            label=_("Towns of Huizhou with a station"),
            actual=counts["towns_with_station"],
            goal=counts["towns"],
            deadline=towns_due.value,
            document_title=title,
            clause=planned.clause,
            url=url,
            note=_plan_note(planned.value, counts["towns"]),
        ),
        TargetFigure(
            spec_id="HZ-01",
            label=_("Villages of Huizhou served by a service point"),
            actual=counts["villages_served"],
            goal=counts["villages"],
            deadline=villages_due.value,
            document_title=title,
            clause=villages_due.clause,
            url=url,
        ),
    ]


def _sees_whole(viewer, city: str) -> bool:
    if viewer.is_system_admin:
        return True
    return bool(viewer.division_id) and city.startswith(viewer.division_id)


def dashboard_targets(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """The targets of every city the viewer sees whole (a city officer: their city; an admin: all)."""
    figures = []
    if _sees_whole(viewer, SANMING):
        figures += sanming_workforce_targets(viewer=viewer, as_of=as_of)
    if _sees_whole(viewer, JINAN):
        figures += jinan_station_target(viewer=viewer, as_of=as_of)
    if _sees_whole(viewer, HUIZHOU):
        figures += huizhou_station_target(viewer=viewer, as_of=as_of)
    return figures


@dataclass(frozen=True)
class RuleCount:
    rule_id: str
    count: int
    url: str


def findings_by_rule(*, viewer, state: str = "open") -> list[RuleCount]:
    """Findings per rule in the viewer's scope, each linking to the filtered findings list; one query."""
    counts = finding_counts_by_rule(viewer=viewer, state=state)
    return [
        RuleCount(rule_id=rule, count=n, url=_list_url("policy:finding-list", rule=rule, state=state))
        for rule, n in sorted(counts.items())
    ]


@dataclass
class Dashboard:
    division: Division | None
    as_of: datetime.date
    targets: list[TargetFigure] = field(default_factory=list)
    findings: list[RuleCount] = field(default_factory=list)
    coverage: stations_selectors.Coverage | None = None

    @property
    def findings_total(self) -> int:
        return sum(row.count for row in self.findings)


def dashboard(*, viewer, as_of: datetime.date) -> Dashboard:
    """Everything the dashboard shows for the viewer's level: a bounded number of queries."""
    division = viewer.division if viewer.division_id else None
    coverage = None
    if division is not None and division.level in (DivisionLevel.CITY, DivisionLevel.DISTRICT):
        coverage = stations_selectors.coverage_for(viewer=viewer, code=division.code)
    return Dashboard(
        division=division,
        as_of=as_of,
        targets=dashboard_targets(viewer=viewer, as_of=as_of),
        findings=findings_by_rule(viewer=viewer),
        coverage=coverage,
    )


# PDF reports ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingWithClause:
    finding: object
    explanation: str
    document_title: str
    clause_text: str


def organization_compliance(*, viewer, pk) -> dict:
    """An organisation's open findings, each with the full text of the clause it breaks.

    Raises ``Organization.DoesNotExist`` when the organisation is outside the viewer's scope; two
    queries (the organisation, its findings), clause text from the policy library in memory.
    """
    from shegong.organizations.selectors import organization_get
    from shegong.policy.library import load_library
    from shegong.policy.selectors import finding_list

    organization = organization_get(viewer=viewer, pk=pk)
    library = load_library()
    findings = finding_list(viewer=viewer, organization=organization.pk, state="open").order_by(
        "rule_id", "subject_repr"
    )
    items = []
    for finding in findings:
        try:
            document = library.document(finding.document)
            clause_text = document.full_text(finding.clause)
            title = _title(document)
        except KeyError:  # a finding of a document or clause no longer in the library
            clause_text, title = "", finding.document
        items.append(
            FindingWithClause(
                finding=finding,
                explanation=finding.explanation,
                document_title=title,
                clause_text=clause_text,
            )
        )
    return {"organization": organization, "findings": items}


def practitioner_credit_file(*, viewer, pk) -> dict:
    """A practitioner's credit file: registry data, certificates, assessments, complaints, discipline.

    Raises ``Practitioner.DoesNotExist`` when the practitioner is outside the viewer's scope.
    """
    from shegong.workforce.selectors import practitioner_get, practitioner_records

    practitioner = practitioner_get(viewer=viewer, pk=pk)
    return {"practitioner": practitioner, "records": practitioner_records(practitioner)}

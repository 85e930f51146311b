"""Purchased projects API: scoped list and detail, register and edit, budgets with the rules' verdict,
the project's compliance check, and the budget calculator."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from shegong.accounts.models import OFFICER_ROLES
from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import Division, subtree_q
from shegong.organizations.models import Organization

from . import calculator, selectors, services
from .domains import ClientGroup, ServiceDomain, ServiceType
from .models import (
    EvaluationGrade,
    Payment,
    PerformanceReview,
    Programme,
    Project,
    ProjectBudget,
    PurchaserKind,
    RenewalReward,
)

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class ProjectOutput(serializers.ModelSerializer):
    purchaser_division = serializers.CharField(source="purchaser_division_id", read_only=True)
    purchaser_division_name = serializers.CharField(source="purchaser_division.name", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None)
    domain_label = serializers.CharField(source="get_domain_display", read_only=True)

    class Meta:
        model = Project
        fields = [
            "id", "name", "programme", "purchaser_division", "purchaser_division_name", "purchaser_kind",
            "purchaser_name", "provider", "provider_name", "domain", "domain_label", "service_types",
            "client_groups", "needs_survey_summary", "headcount", "professional_posts", "post_ranks",
            "service_standards", "performance_indicators", "starts_on", "ends_on", "contract_signed_on",
            "created_at", "updated_at",
        ]  # fmt: skip


class ProjectInput(serializers.Serializer):
    name = serializers.CharField(label=_("project name"), max_length=200)
    programme = serializers.ChoiceField(
        label=_("programme"), choices=Programme.choices, default=Programme.GENERAL
    )
    purchaser_division = serializers.SlugRelatedField(
        label=_("purchaser's division"), slug_field="code", queryset=Division.objects.all()
    )
    purchaser_kind = serializers.ChoiceField(
        label=_("purchaser type"), choices=PurchaserKind.choices, default=PurchaserKind.CIVIL_AFFAIRS
    )
    purchaser_name = serializers.CharField(
        label=_("purchaser"), max_length=200, required=False, allow_blank=True
    )
    provider = serializers.PrimaryKeyRelatedField(
        label=_("provider"), queryset=Organization.objects.all(), required=False, allow_null=True
    )
    domain = serializers.ChoiceField(label=_("service domain"), choices=ServiceDomain.choices)
    service_types = serializers.ListField(
        label=_("service types"), child=serializers.ChoiceField(choices=ServiceType.choices), required=False
    )
    client_groups = serializers.ListField(
        label=_("client groups"), child=serializers.ChoiceField(choices=ClientGroup.choices), required=False
    )
    needs_survey_summary = serializers.CharField(
        label=_("needs survey summary"), required=False, allow_blank=True
    )
    headcount = serializers.IntegerField(label=_("posts"), min_value=0)
    professional_posts = serializers.IntegerField(label=_("professional social-work posts"), min_value=0)
    post_ranks = serializers.CharField(label=_("post ranks"), required=False, allow_blank=True)
    service_standards = serializers.CharField(label=_("service standards"), required=False, allow_blank=True)
    performance_indicators = serializers.CharField(
        label=_("performance indicators"), required=False, allow_blank=True
    )
    starts_on = serializers.DateField(label=_("starts on"))
    ends_on = serializers.DateField(label=_("ends on"))
    contract_signed_on = serializers.DateField(label=_("contract signed on"), required=False, allow_null=True)


class BudgetOutput(serializers.ModelSerializer):
    total = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = ProjectBudget
        fields = [
            "id", "year", "labour_cost", "supervision_cost", "activity_cost", "management_cost",
            "insurance_tax_cost", "training_cost", "total", "person_years", "supervised_worker_months",
        ]  # fmt: skip


class BudgetInput(serializers.Serializer):
    year = serializers.IntegerField(label=_("year"), min_value=1990, max_value=2100)
    labour_cost = serializers.DecimalField(label=_("labour cost"), **MONEY)
    supervision_cost = serializers.DecimalField(label=_("supervision"), **MONEY)
    activity_cost = serializers.DecimalField(label=_("activities"), **MONEY)
    management_cost = serializers.DecimalField(label=_("management"), **MONEY)
    insurance_tax_cost = serializers.DecimalField(label=_("insurance and tax"), **MONEY)
    training_cost = serializers.DecimalField(label=_("training"), **MONEY)
    person_years = serializers.DecimalField(
        label=_("person-years"), max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )
    supervised_worker_months = serializers.IntegerField(label=_("supervised worker-months"), min_value=0)


class CalculatorInput(serializers.Serializer):
    posts = serializers.IntegerField(label=_("posts"), min_value=1, max_value=10000)
    professional_posts = serializers.IntegerField(label=_("professional social-work posts"), min_value=0)
    domain = serializers.ChoiceField(label=_("service domain"), choices=ServiceDomain.choices)
    division = serializers.CharField(label=_("purchaser's division"), max_length=12)
    on = serializers.DateField(label=_("date"))
    months = serializers.IntegerField(label=_("months"), min_value=1, max_value=12, default=12)


def compliance_data(report: selectors.ComplianceReport) -> dict:
    return {
        "breaches": [asdict(breach) for breach in report.breaches],
        "not_applied": [asdict(note) for note in report.not_applied],
        "rules_applied": report.rules_applied,
    }


def _call(operation):
    """Run a service; its Django ValidationError becomes a 400 naming the field."""
    try:
        return operation()
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None


def can_manage(user) -> bool:
    return user.is_system_admin or user.role in OFFICER_ROLES


class CanManageProjects(permissions.BasePermission):
    message = _("Your role may not change purchased projects.")

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or can_manage(request.user)


class ProjectFilter(filters.FilterSet):
    domain = filters.ChoiceFilter(choices=ServiceDomain.choices, label=_("service domain"))
    programme = filters.ChoiceFilter(choices=Programme.choices, label=_("programme"))
    within = filters.CharFilter(method="filter_within", label=_("within division"))

    class Meta:
        model = Project
        fields = ["domain", "programme"]

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q("purchaser_division", value))


class ProjectViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Purchased projects in the viewer's scope (out of scope answers 404)."""

    serializer_class = ProjectOutput
    filterset_class = ProjectFilter
    permission_classes = [permissions.IsAuthenticated, CanManageProjects]
    ordering_fields = ["name", "starts_on", "created_at"]

    def get_queryset(self):
        return selectors.project_list(viewer=self.request.user)

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return ProjectInput
        if self.action == "budgets":
            return BudgetInput if self.request.method == "POST" else BudgetOutput
        return ProjectOutput

    def create(self, request, *args, **kwargs):
        data = self._valid(ProjectInput, request.data)
        project = _call(lambda: services.project_create(actor=request.user, **data))
        return self._respond(project, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        project = self.get_object()
        data = self._valid(ProjectInput, request.data, partial=kwargs.get("partial", False))
        project = _call(lambda: services.project_update(actor=request.user, project=project, **data))
        return self._respond(project)

    @action(detail=True, methods=["get", "post"])
    def budgets(self, request, pk=None):
        """GET: the project's budgets. POST: enter or replace a year's budget; the answer carries the
        budget rules' verdict on it."""
        project = self.get_object()
        if request.method == "GET":
            return Response(BudgetOutput(selectors.project_budgets(project=project), many=True).data)
        data = self._valid(BudgetInput, request.data)
        budget = _call(lambda: services.project_budget_submit(actor=request.user, project=project, **data))
        report = selectors.budget_check(budget=budget)
        return Response(
            {"budget": BudgetOutput(budget).data, "check": compliance_data(report)},
            status=status.HTTP_201_CREATED,
        )

    @action(detail=True, methods=["get"])
    def compliance(self, request, pk=None):
        """Every rule about the project, its budgets and contracts, each judged on its own date."""
        project = self.get_object()
        return Response(compliance_data(selectors.project_compliance(project=project)))

    @staticmethod
    def _valid(serializer_class, data, partial=False):
        serializer = serializer_class(data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _respond(self, project, code=status.HTTP_200_OK):
        project = selectors.project_get(viewer=self.request.user, pk=project.pk)
        return Response(ProjectOutput(project).data, status=code)


class BudgetCalculatorView(APIView):
    """The minimum compliant budget of a Shenzhen project, with the clause behind each figure."""

    serializer_class = CalculatorInput

    def get_serializer_class(self):
        return CalculatorInput

    def get(self, request):
        serializer = CalculatorInput(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        estimate = _call(
            lambda: calculator.budget_minimum(
                posts=data["posts"],
                professional_posts=data["professional_posts"],
                domain=data["domain"],
                division_code=data["division"],
                on=data["on"],
                months=data["months"],
            )
        )
        return Response(
            {
                "total": str(estimate.total),
                "person_years": str(estimate.person_years),
                "supervised_worker_months": estimate.supervised_worker_months,
                "labour_min": str(estimate.labour_min),
                "supervision_min": str(estimate.supervision_min),
                "other_lines_max": str(estimate.other_lines_max),
                "professional_posts_min": estimate.professional_posts_min,
                "budget_lines": {k: str(v) for k, v in estimate.budget_lines().items()},
                "figures": [
                    {
                        "label": str(f.label),
                        "amount": str(f.amount),
                        "working": str(f.working),
                        "clause": f.clause,
                        "clause_text": f.clause_text,
                        "source": f.source,
                    }
                    for f in estimate.figures
                ],
            }
        )


# Payments (SZ-15c), contract evaluations (SZ-14b), renewal rewards (SZ-13e) ----------------------


class PaymentOutput(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "project",
            "paid_on",
            "payee",
            "amount",
            "category",
            "category_label",
            "method",
            "method_label",
            "voucher",
        ]


class PerformanceReviewOutput(serializers.ModelSerializer):
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)

    class Meta:
        model = PerformanceReview
        fields = [
            "id",
            "project",
            "year",
            "reviewed_on",
            "grade",
            "grade_label",
            "score",
            "findings",
            "reviewer",
        ]


class PerformanceReviewInput(serializers.Serializer):
    project = serializers.IntegerField(label=_("project"))
    year = serializers.IntegerField(label=_("year"))
    reviewed_on = serializers.DateField(label=_("evaluated on"))
    grade = serializers.ChoiceField(label=_("grade"), choices=EvaluationGrade.choices)
    score = serializers.DecimalField(
        label=_("score"), max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    findings = serializers.CharField(label=_("performance findings"), required=False, allow_blank=True)
    reviewer = serializers.CharField(
        label=_("evaluated by"), max_length=200, required=False, allow_blank=True
    )


class RenewalRewardOutput(serializers.ModelSerializer):
    basis_label = serializers.CharField(source="get_basis_display", read_only=True)

    class Meta:
        model = RenewalReward
        fields = ["id", "project", "basis", "basis_label", "evaluation", "review", "granted_on", "note"]


class _ByProject(filters.FilterSet):
    project = filters.NumberFilter(field_name="project_id", label=_("project"))


class PaymentFilter(_ByProject):
    class Meta:
        model = Payment
        fields = ["project", "method", "category"]


class PerformanceReviewFilter(_ByProject):
    class Meta:
        model = PerformanceReview
        fields = ["project", "year", "grade"]


class RenewalRewardFilter(_ByProject):
    class Meta:
        model = RenewalReward
        fields = ["project"]


class PaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Payment ledger lines of the projects in the viewer's scope (SZ-15c); imported from Excel."""

    serializer_class = PaymentOutput
    filterset_class = PaymentFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return scope_queryset(Payment.objects.order_by("-paid_on", "-pk"), viewer=self.request.user)


class PerformanceReviewViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Purchasers' contract evaluations (SZ-14b); one a year per project."""

    serializer_class = PerformanceReviewOutput
    filterset_class = PerformanceReviewFilter
    permission_classes = [permissions.IsAuthenticated, CanManageProjects]

    def get_queryset(self):
        return scope_queryset(
            PerformanceReview.objects.order_by("-reviewed_on", "-pk"), viewer=self.request.user
        )

    def get_serializer_class(self):
        return PerformanceReviewInput if self.action == "create" else PerformanceReviewOutput

    def create(self, request, *args, **kwargs):
        serializer = PerformanceReviewInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            project = selectors.project_get(viewer=request.user, pk=data.pop("project"))
        except Project.DoesNotExist:
            raise ValidationError({"project": [_("Not found, or outside your jurisdiction.")]}) from None
        review = _call(
            lambda: services.performance_review_record(actor=request.user, project=project, **data)
        )
        return Response(PerformanceReviewOutput(review).data, status=status.HTTP_201_CREATED)


class RenewalRewardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Contract-renewal rewards earned by excellent results (SZ-13e)."""

    serializer_class = RenewalRewardOutput
    filterset_class = RenewalRewardFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return scope_queryset(RenewalReward.objects.order_by("-granted_on", "-pk"), viewer=self.request.user)

"""Policy API: documents (public, read-only) and the findings ledger (scoped, read-only)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from shegong.geo.models import subtree_q

from . import selectors
from .library import load_library
from .models import Finding, FindingSeverity, FindingState


class FindingOutput(serializers.ModelSerializer):
    explanation = serializers.CharField(read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)

    class Meta:
        model = Finding
        fields = [
            "id",
            "rule_id",
            "rule_version",
            "document",
            "clause",
            "severity",
            "subject_type",
            "subject_id",
            "subject_repr",
            "division",
            "division_name",
            "organization",
            "as_of",
            "measured",
            "threshold",
            "parameters",
            "inputs",
            "explanation",
            "explanation_zh",
            "explanation_en",
            "state",
            "first_seen",
            "last_seen",
            "resolved_on",
            "waived_at",
            "waive_reason",
        ]


class FindingFilter(filters.FilterSet):
    rule = filters.CharFilter(field_name="rule_id", label=_("Rule"))
    document = filters.CharFilter(label=_("Policy document"))
    within = filters.CharFilter(method="filter_within", label=_("Division code"))
    organization = filters.NumberFilter(field_name="organization_id", label=_("Organisation ID"))
    severity = filters.ChoiceFilter(choices=FindingSeverity.choices, label=_("Severity"))
    state = filters.ChoiceFilter(choices=FindingState.choices, label=_("State"))

    class Meta:
        model = Finding
        fields = ["rule", "document", "severity", "state"]

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q("division", value))


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Findings in the viewer's scope."""

    serializer_class = FindingOutput
    filterset_class = FindingFilter

    def get_queryset(self):
        return selectors.finding_list(viewer=self.request.user)


def _document_data(document, on, *, with_clauses=False):
    status = document.status_on(on)
    data = {
        "slug": document.slug,
        "prefix": document.prefix,
        "title": document.title,
        "title_en": document.title_en,
        "issuer": document.issuer,
        "document_number": document.document_number,
        "jurisdiction": document.jurisdiction,
        "in_force_from": document.in_force_from,
        "valid_until": document.valid_until,
        "status": str(status.state),
        "status_message": str(status.message),
    }
    if with_clauses:
        data["clauses"] = [
            {"id": c.id, "label": c.label, "parent": c.parent, "heading": c.heading, "text": c.text}
            for c in document.clauses.values()
        ]
        data["parameters"] = [
            {
                "key": p.key,
                "description": p.description,
                "unit": p.unit,
                "values": [
                    {"from": v.start, "until": v.end, "value": v.value, "clause": v.clause} for v in p.values
                ],
            }
            for p in document.parameters.values()
        ]
    return data


class PolicyDocumentOutput(serializers.Serializer):
    """A policy document with its status on the requested date (clauses and parameters in detail)."""

    slug = serializers.CharField()
    prefix = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    issuer = serializers.CharField(allow_null=True)
    document_number = serializers.CharField(allow_null=True)
    jurisdiction = serializers.CharField()
    in_force_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=["in_force", "lapsed", "not_yet_in_force"])
    status_message = serializers.CharField()
    clauses = serializers.ListField(child=serializers.DictField(), required=False)
    parameters = serializers.ListField(child=serializers.DictField(), required=False)


ON_PARAMETER = OpenApiParameter("on", OpenApiTypes.DATE, description="YYYY-MM-DD; default today")


@extend_schema_view(
    list=extend_schema(parameters=[ON_PARAMETER], responses=PolicyDocumentOutput(many=True)),
    retrieve=extend_schema(parameters=[ON_PARAMETER], responses=PolicyDocumentOutput),
)
class PolicyDocumentViewSet(viewsets.ViewSet):
    """The policy documents with their status on ``?on=YYYY-MM-DD`` (public)."""

    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    lookup_value_regex = "[a-z0-9-]+"

    def _on(self, request):
        value = request.query_params.get("on")
        if not value:
            return timezone.localdate()
        try:
            import datetime

            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError({"on": [_("Enter a date as YYYY-MM-DD.")]}) from None

    def list(self, request):
        on = self._on(request)
        return Response([_document_data(d, on) for d in load_library().documents.values()])

    def retrieve(self, request, slug=None):
        try:
            document = load_library().document(slug)
        except KeyError:
            raise NotFound() from None
        return Response(_document_data(document, self._on(request), with_clauses=True))

"""Organisations API: list/detail for everyone in scope; register and edit for officers."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.geo.models import Division

from . import selectors, services
from .models import ExchangeRegion, Organization, OrganizationKind, SupervisionKind, SupervisionRecord


class OrganizationOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    division_code = serializers.CharField(source="division_id", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "uscc",
            "kind",
            "kind_label",
            "division_code",
            "division_name",
            "address",
            "legal_representative",
            "phone",
            "registration_authority",
            "supervisory_unit",
            "registered_on",
            "public_interest",
            "revoked_on",
            "created_at",
            "updated_at",
        ]


class OrganizationInput(serializers.Serializer):
    name = serializers.CharField(label=_("name"), max_length=200)
    uscc = serializers.CharField(label=_("unified social credit code"), max_length=30)
    kind = serializers.ChoiceField(label=_("type"), choices=OrganizationKind.choices)
    division = serializers.SlugRelatedField(
        label=_("registered in"), slug_field="code", queryset=Division.objects.all()
    )
    address = serializers.CharField(label=_("address"), max_length=300, required=False, allow_blank=True)
    legal_representative = serializers.CharField(
        label=_("legal representative"), max_length=100, required=False, allow_blank=True
    )
    phone = serializers.CharField(label=_("phone"), max_length=30, required=False, allow_blank=True)
    registration_authority = serializers.CharField(
        label=_("registration authority"), max_length=200, required=False, allow_blank=True
    )
    supervisory_unit = serializers.CharField(
        label=_("business supervisory unit"), max_length=200, required=False, allow_blank=True
    )
    registered_on = serializers.DateField(label=_("registered on"), required=False, allow_null=True)
    public_interest = serializers.BooleanField(label=_("public-interest organisation"), required=False)


class OrganizationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=OrganizationKind.choices, label=_("type"))
    within = filters.CharFilter(method="filter_within", label=_("within division"))
    q = filters.CharFilter(method="filter_q", label=_("search"))

    class Meta:
        model = Organization
        fields = ["kind"]

    def filter_within(self, queryset, name, value):
        from shegong.geo.models import subtree_q

        return queryset.filter(subtree_q("division", value))

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(name__icontains=value) | Q(uscc__iexact=value.strip()))


class CanWriteOrganizations(permissions.BasePermission):
    message = _("Your role may not change organisations.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        return user.is_system_admin or user.role in OFFICER_ROLES or user.role == Role.ORG_ADMIN

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if user.is_system_admin or user.role in OFFICER_ROLES:
            return True
        return user.role == Role.ORG_ADMIN and user.organization_id == obj.pk


class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations in the viewer's scope (out of scope answers 404)."""

    serializer_class = OrganizationOutput
    filterset_class = OrganizationFilter
    permission_classes = [permissions.IsAuthenticated, CanWriteOrganizations]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):
        return selectors.organization_list(viewer=self.request.user)

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return OrganizationInput
        return OrganizationOutput

    def create(self, request, *args, **kwargs):
        if request.user.role == Role.ORG_ADMIN and not request.user.is_system_admin:
            self.permission_denied(request, message=CanWriteOrganizations.message)
        data = self._valid(request.data)
        organization = self._call(lambda: services.organization_register(actor=request.user, **data))
        return self._respond(organization, status=201)

    def update(self, request, *args, **kwargs):
        organization = self.get_object()
        data = self._valid(request.data, partial=kwargs.get("partial", False))
        organization = self._call(
            lambda: services.organization_update(actor=request.user, organization=organization, **data)
        )
        return self._respond(organization)

    def _valid(self, data, partial=False):
        serializer = OrganizationInput(data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _call(self, operation):
        try:
            return operation()
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None

    def _respond(self, organization, status=200):
        from rest_framework.response import Response

        organization = selectors.organization_list(viewer=self.request.user).get(pk=organization.pk)
        return Response(OrganizationOutput(organization).data, status=status)


# Supervision records (SZ-15b) under the department duties (SZ-10) -------------------------------


class SupervisionRecordOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = SupervisionRecord
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "kind_label",
            "occurred_on",
            "summary",
            "details",
            "reference",
            "region",
            "recorder_role",
            "published_on",
            "created_at",
        ]


class SupervisionRecordInput(serializers.Serializer):
    organization = serializers.IntegerField(label=_("organisation"))
    kind = serializers.ChoiceField(label=_("kind"), choices=SupervisionKind.choices)
    occurred_on = serializers.DateField(label=_("date"))
    summary = serializers.CharField(label=_("summary of the matter"), max_length=300)
    details = serializers.CharField(label=_("details"), required=False, allow_blank=True)
    reference = serializers.CharField(
        label=_("document number"), max_length=100, required=False, allow_blank=True
    )
    region = serializers.ChoiceField(
        label=_("region of the exchange"), choices=ExchangeRegion.choices, required=False, allow_blank=True
    )


class SupervisionRecordFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=SupervisionKind.choices, label=_("kind"))

    class Meta:
        model = SupervisionRecord
        fields = ["kind", "organization"]


class SupervisionRecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Supervision records in the viewer's scope; a department records only the kinds of its duty (SZ-10)."""

    serializer_class = SupervisionRecordOutput
    filterset_class = SupervisionRecordFilter
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.supervision_record_list(viewer=self.request.user)

    def get_serializer_class(self):
        return SupervisionRecordInput if self.action == "create" else SupervisionRecordOutput

    def create(self, request, *args, **kwargs):
        from rest_framework.response import Response

        serializer = SupervisionRecordInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            organization = selectors.organization_get(viewer=request.user, pk=data.pop("organization"))
        except Organization.DoesNotExist:
            raise ValidationError({"organization": [_("Not found, or outside your jurisdiction.")]}) from None
        try:
            record = services.supervision_record(actor=request.user, organization=organization, **data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
        return Response(SupervisionRecordOutput(record).data, status=201)

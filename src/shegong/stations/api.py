"""Stations and service points API: scoped lists and details; officers register and edit stations."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shegong.accounts.models import OFFICER_ROLES
from shegong.geo.models import Division, subtree_q
from shegong.organizations.models import Organization

from . import selectors, services
from .models import ServicePoint, Station, StationKind


class StationOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    division_code = serializers.CharField(source="division_id", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, default=None)
    staff_on_post = serializers.IntegerField(source="staff_count", read_only=True)
    service_points = serializers.IntegerField(source="point_count", read_only=True)

    class Meta:
        model = Station
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "division_code",
            "division_name",
            "address",
            "opening_hours",
            "services",
            "provider",
            "provider_name",
            "service_contract_signed_on",
            "opened_on",
            "staff_on_post",
            "service_points",
            "created_at",
            "updated_at",
        ]


class StationInput(serializers.Serializer):
    name = serializers.CharField(label=_("name"), max_length=200)
    kind = serializers.ChoiceField(
        label=_("type"), choices=StationKind.choices, default=StationKind.TOWN_STATION
    )
    division = serializers.SlugRelatedField(
        label=_("division"), slug_field="code", queryset=Division.objects.all()
    )
    address = serializers.CharField(label=_("address"), max_length=300, required=False, allow_blank=True)
    opening_hours = serializers.CharField(
        label=_("opening hours"), max_length=200, required=False, allow_blank=True
    )
    services = serializers.CharField(label=_("services offered"), required=False, allow_blank=True)
    provider = serializers.PrimaryKeyRelatedField(
        label=_("provider"), queryset=Organization.objects.all(), required=False, allow_null=True
    )
    service_contract_signed_on = serializers.DateField(
        label=_("service contract signed on"), required=False, allow_null=True
    )
    opened_on = serializers.DateField(label=_("opened on"))


class StationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=StationKind.choices, label=_("type"))
    within = filters.CharFilter(method="filter_within", label=_("within division"))

    class Meta:
        model = Station
        fields = ["kind"]

    def filter_within(self, queryset, name, value):
        return queryset.filter(subtree_q("division", value))


class CanWriteStations(permissions.BasePermission):
    message = _("Your role may not change stations.")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return request.user.is_system_admin or request.user.role in OFFICER_ROLES


class StationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Stations in the viewer's scope (out of scope answers 404)."""

    serializer_class = StationOutput
    filterset_class = StationFilter
    permission_classes = [permissions.IsAuthenticated, CanWriteStations]

    def get_queryset(self):
        return selectors.station_list(viewer=self.request.user)

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return StationInput
        return StationOutput

    def create(self, request, *args, **kwargs):
        data = self._valid(request.data)
        station = self._call(lambda: services.station_register(actor=request.user, **data))
        return self._respond(station, status=201)

    def update(self, request, *args, **kwargs):
        station = self.get_object()
        data = self._valid(request.data, partial=kwargs.get("partial", False))
        station = self._call(lambda: services.station_update(actor=request.user, station=station, **data))
        return self._respond(station)

    def _valid(self, data, partial=False):
        serializer = StationInput(data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _call(self, operation):
        try:
            return operation()
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None

    def _respond(self, station, status=200):
        station = selectors.station_get(viewer=self.request.user, pk=station.pk)
        return Response(StationOutput(station).data, status=status)


class ServicePointOutput(serializers.ModelSerializer):
    station_name = serializers.CharField(source="station.name", read_only=True)
    division_code = serializers.CharField(source="station.division_id", read_only=True)
    villages = serializers.SerializerMethodField()

    class Meta:
        model = ServicePoint
        fields = [
            "id",
            "station",
            "station_name",
            "division_code",
            "name",
            "address",
            "villages",
            "equipment",
            "opened_on",
        ]

    def get_villages(self, point) -> list[dict]:
        return [{"code": v.code, "name": v.name} for v in point.villages.all()]


class ServicePointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Service points of the stations in the viewer's scope."""

    serializer_class = ServicePointOutput
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.service_point_list(viewer=self.request.user)

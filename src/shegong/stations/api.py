"""Stations and service points API: scoped lists and details; officers register and edit stations."""

import datetime

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
from .models import (
    PilotLevel,
    PilotSite,
    ServicePoint,
    Station,
    StationKind,
    Submission,
    SubmissionKind,
    SupervisionAssignment,
    SupervisionVisit,
    TrainingBase,
)


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


# Submissions, supervision, training bases and pilot sites ------------------------------------------


class _CreateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A scoped list and detail; ``create`` validates the input and calls one service."""

    permission_classes = [permissions.IsAuthenticated, CanWriteStations]
    input_class: type[serializers.Serializer]

    def get_serializer_class(self):
        return self.input_class if self.action == "create" else self.serializer_class

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "viewer": self.request.user}

    def perform(self, data):  # pragma: no cover - every subclass implements it
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.input_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            saved = self.perform(dict(serializer.validated_data))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
        return Response(self.serializer_class(self.get_queryset().get(pk=saved.pk)).data, status=201)


class ScopedStationField(serializers.PrimaryKeyRelatedField):
    """A station the viewer may see (others do not exist for the viewer)."""

    def get_queryset(self):
        return selectors.station_list(viewer=self.context["viewer"])


class SubmissionOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    division_code = serializers.CharField(source="division_id", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True, default=None)
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "kind",
            "kind_label",
            "division_code",
            "station",
            "station_name",
            "period",
            "due_on",
            "submitted_on",
            "is_late",
            "text",
            "contents",
        ]


class SubmissionInput(serializers.Serializer):
    kind = serializers.ChoiceField(label=_("type"), choices=SubmissionKind.choices)
    division = serializers.SlugRelatedField(
        label=_("division"),
        slug_field="code",
        queryset=Division.objects.all(),
        required=False,
        allow_null=True,
    )
    station = ScopedStationField(label=_("station"), required=False, allow_null=True)
    period = serializers.CharField(label=_("period"), max_length=7)
    submitted_on = serializers.DateField(label=_("submitted on"))
    text = serializers.CharField(label=_("text"), required=False, allow_blank=True)
    contents = serializers.ListField(
        label=_("contents"), child=serializers.CharField(), required=False, default=list
    )


class SubmissionViewSet(_CreateViewSet):
    """Plans, reports and evaluations filed in the viewer's scope (JN-09, JN-13, JN-15, HZ-04, HZ-09)."""

    serializer_class = SubmissionOutput
    input_class = SubmissionInput

    def get_queryset(self):
        return selectors.submission_scoped_list(viewer=self.request.user)

    def perform(self, data):
        return services.submission_file(actor=self.request.user, **data)


class AssignmentOutput(serializers.ModelSerializer):
    supervisor_name = serializers.CharField(source="supervisor.practitioner.name", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)
    service_point_name = serializers.CharField(source="service_point.name", read_only=True, default=None)

    class Meta:
        model = SupervisionAssignment
        fields = [
            "id",
            "supervisor",
            "supervisor_name",
            "station",
            "station_name",
            "service_point",
            "service_point_name",
            "assigned_on",
            "ended_on",
        ]


class ScopedSupervisorField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.supervisor_list(viewer=self.context["viewer"], as_of=datetime.date.max)


class ScopedPointField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return selectors.service_point_list(viewer=self.context["viewer"])


class AssignmentInput(serializers.Serializer):
    supervisor = ScopedSupervisorField(label=_("supervisor"))
    station = ScopedStationField(label=_("station"))
    service_point = ScopedPointField(label=_("service point"), required=False, allow_null=True)
    assigned_on = serializers.DateField(label=_("assigned on"))


class SupervisionAssignmentViewSet(_CreateViewSet):
    """Stations and points supervisors are responsible for (HZ-05); the 7th is refused."""

    serializer_class = AssignmentOutput
    input_class = AssignmentInput

    def get_queryset(self):
        return selectors.supervision_assignment_list(viewer=self.request.user)

    def perform(self, data):
        return services.supervision_assign(actor=self.request.user, **data)


class VisitOutput(serializers.ModelSerializer):
    supervisor_name = serializers.CharField(source="supervisor.practitioner.name", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)

    class Meta:
        model = SupervisionVisit
        fields = [
            "id",
            "supervisor",
            "supervisor_name",
            "station",
            "station_name",
            "service_point",
            "visited_on",
            "hours",
            "content",
        ]


class VisitInput(serializers.Serializer):
    supervisor = ScopedSupervisorField(label=_("supervisor"))
    station = ScopedStationField(label=_("station"))
    service_point = ScopedPointField(label=_("service point"), required=False, allow_null=True)
    visited_on = serializers.DateField(label=_("visited on"))
    hours = serializers.DecimalField(label=_("hours"), max_digits=4, decimal_places=1)
    content = serializers.CharField(label=_("content of the visit"))


class SupervisionVisitViewSet(_CreateViewSet):
    """Supervision visits (HZ-05): date, hours and content."""

    serializer_class = VisitOutput
    input_class = VisitInput

    def get_queryset(self):
        return selectors.supervision_visit_list(viewer=self.request.user)

    def perform(self, data):
        return services.supervision_visit_log(actor=self.request.user, **data)


class TrainingBaseOutput(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division_id", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)

    class Meta:
        model = TrainingBase
        fields = ["id", "division_code", "division_name", "name", "host", "designated_on", "closed_on"]


class TrainingBaseInput(serializers.Serializer):
    division = serializers.SlugRelatedField(
        label=_("county"), slug_field="code", queryset=Division.objects.all()
    )
    name = serializers.CharField(label=_("name"), max_length=200)
    host = serializers.CharField(
        label=_("host institution"), max_length=200, required=False, allow_blank=True
    )
    designated_on = serializers.DateField(label=_("designated on"))


class TrainingBaseViewSet(_CreateViewSet):
    """Training bases of the counties in the viewer's scope (SM-02)."""

    serializer_class = TrainingBaseOutput
    input_class = TrainingBaseInput

    def get_queryset(self):
        return selectors.training_base_list(viewer=self.request.user)

    def perform(self, data):
        return services.training_base_designate(actor=self.request.user, **data)


class PilotSiteOutput(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    division_code = serializers.CharField(source="division_id", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)

    class Meta:
        model = PilotSite
        fields = [
            "id",
            "level",
            "level_label",
            "division_code",
            "division_name",
            "name",
            "designated_on",
            "description",
        ]


class PilotSiteInput(serializers.Serializer):
    level = serializers.ChoiceField(label=_("level"), choices=PilotLevel.choices)
    division = serializers.SlugRelatedField(
        label=_("division"), slug_field="code", queryset=Division.objects.all()
    )
    name = serializers.CharField(label=_("name"), max_length=200)
    designated_on = serializers.DateField(label=_("designated on"))
    description = serializers.CharField(label=_("description"), required=False, allow_blank=True)


class PilotSiteViewSet(_CreateViewSet):
    """Pilot sites of workforce building in the viewer's scope (SM-13)."""

    serializer_class = PilotSiteOutput
    input_class = PilotSiteInput

    def get_queryset(self):
        return selectors.pilot_site_list(viewer=self.request.user)

    def perform(self, data):
        return services.pilot_site_designate(actor=self.request.user, **data)

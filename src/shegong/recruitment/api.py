"""Recruitment API: postings, applications through the pipeline, volunteers; scoped like the pages.

Also the public job board (no login): published postings with their public fields only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from shegong.geo.models import Division
from shegong.procurement.domains import ServiceDomain
from shegong.procurement.models import Project
from shegong.stations.models import Station
from shegong.workforce.models import Practitioner, Rank

from . import selectors, services
from .models import Application, ApplicationSource, Posting, Stage, Volunteer


def _call(operation):
    try:
        return operation()
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None


class PublicPostingOutput(serializers.ModelSerializer):
    rank_label = serializers.CharField(source="get_rank_display", read_only=True)
    domain_label = serializers.CharField(source="get_domain_display", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    division_code = serializers.CharField(source="division_id", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "title",
            "rank",
            "rank_label",
            "domain",
            "domain_label",
            "employer_name",
            "division_code",
            "division_name",
            "openings",
            "requirements",
            "pay_min",
            "pay_max",
            "guide_monthly_pay",
            "unified",
            "opens_on",
            "closes_on",
            "published_on",
        ]


class PostingOutput(PublicPostingOutput):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    candidates = serializers.IntegerField(read_only=True, default=None)

    class Meta(PublicPostingOutput.Meta):
        fields = [
            *PublicPostingOutput.Meta.fields,
            "state",
            "state_label",
            "project",
            "station",
            "employer",
            "candidates",
        ]


class PostingInput(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(
        label=_("purchased project"), queryset=Project.objects.all(), required=False, allow_null=True
    )
    station = serializers.PrimaryKeyRelatedField(
        label=_("station"), queryset=Station.objects.all(), required=False, allow_null=True
    )
    title = serializers.CharField(label=_("post"), max_length=100)
    rank = serializers.ChoiceField(label=_("rank"), choices=Rank.choices)
    domain = serializers.ChoiceField(label=_("service domain"), choices=ServiceDomain.choices)
    openings = serializers.IntegerField(label=_("openings"), min_value=1, max_value=500, default=1)
    requirements = serializers.CharField(label=_("requirements"))
    pay_min = serializers.DecimalField(
        label=_("monthly pay from (yuan)"), max_digits=9, decimal_places=2, min_value=0
    )
    pay_max = serializers.DecimalField(
        label=_("monthly pay up to (yuan)"), max_digits=9, decimal_places=2, min_value=0
    )
    opens_on = serializers.DateField(label=_("applications open on"))
    closes_on = serializers.DateField(label=_("applications close on"))
    unified = serializers.BooleanField(
        label=_("unified recruitment"), required=False, allow_null=True, default=None
    )


class PostingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """SZ-05: postings in the viewer's scope; officers and employers create and publish them."""

    serializer_class = PostingOutput
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.posting_list(viewer=self.request.user)

    def get_serializer_class(self):
        return PostingInput if self.action == "create" else PostingOutput

    def create(self, request, *args, **kwargs):
        serializer = PostingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        posting = _call(lambda: services.posting_create(actor=request.user, **serializer.validated_data))
        return Response(PostingOutput(posting).data, status=201)

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        posting = self.get_object()
        _call(lambda: services.posting_publish(actor=request.user, posting=posting))
        return Response(PostingOutput(posting).data)


class PublicPostingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The public job board: published postings still taking applications; no login, no personal data."""

    serializer_class = PublicPostingOutput
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    def get_queryset(self):
        return selectors.public_posting_list()


class ApplicationOutput(serializers.ModelSerializer):
    practitioner_name = serializers.CharField(source="practitioner.name", read_only=True)
    posting_title = serializers.CharField(source="posting.title", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "posting",
            "posting_title",
            "practitioner",
            "practitioner_name",
            "source",
            "applied_on",
            "accepted_on",
            "stage",
            "stage_label",
            "written_score",
            "interview_score",
            "medical_passed",
            "notice_starts_on",
            "notice_ends_on",
            "notice_clause",
            "hired_on",
        ]


class ApplicationInput(serializers.Serializer):
    posting = serializers.PrimaryKeyRelatedField(label=_("job posting"), queryset=Posting.objects.all())
    practitioner = serializers.PrimaryKeyRelatedField(
        label=_("practitioner"), queryset=Practitioner.objects.all()
    )
    applied_on = serializers.DateField(label=_("applied on"))
    source = serializers.ChoiceField(
        label=_("source"), choices=ApplicationSource.choices, default=ApplicationSource.APPLIED
    )


class AdvanceInput(serializers.Serializer):
    to_stage = serializers.ChoiceField(label=_("stage"), choices=Stage.choices)
    taken_on = serializers.DateField(label=_("date"))
    score = serializers.DecimalField(
        label=_("score"), max_digits=5, decimal_places=1, required=False, allow_null=True
    )
    medical_passed = serializers.BooleanField(
        label=_("passed the medical examination"), required=False, allow_null=True, default=None
    )
    note = serializers.CharField(
        label=_("note"), max_length=500, required=False, allow_blank=True, default=""
    )


class HireInput(serializers.Serializer):
    hired_on = serializers.DateField(label=_("hired on"))


class ApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """HZ-11 / SM-12: candidates of the postings in scope, moved through the pipeline and hired."""

    serializer_class = ApplicationOutput
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.application_list(viewer=self.request.user)

    def get_serializer_class(self):
        return {"create": ApplicationInput, "advance": AdvanceInput, "hire": HireInput}.get(
            self.action, ApplicationOutput
        )

    def create(self, request, *args, **kwargs):
        serializer = ApplicationInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        posting = selectors.posting_list(viewer=request.user).filter(pk=data["posting"].pk).first()
        if posting is None:
            raise ValidationError({"posting": [str(services.NOT_ALLOWED)]})
        application = _call(
            lambda: services.application_add(
                actor=request.user,
                posting=posting,
                practitioner=data["practitioner"],
                applied_on=data["applied_on"],
                source=data["source"],
            )
        )
        return Response(ApplicationOutput(application).data, status=201)

    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        application = self.get_object()
        serializer = AdvanceInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        _call(
            lambda: services.application_advance(
                actor=request.user, application=application, **serializer.validated_data
            )
        )
        return Response(ApplicationOutput(application).data)

    @action(detail=True, methods=["post"])
    def hire(self, request, pk=None):
        application = self.get_object()
        serializer = HireInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        _call(
            lambda: services.application_hire(
                actor=request.user, application=application, **serializer.validated_data
            )
        )
        return Response(ApplicationOutput(application).data)


class VolunteerOutput(serializers.ModelSerializer):
    division_code = serializers.CharField(source="division_id", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    activity_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = Volunteer
        fields = ["id", "name", "division_code", "division_name", "registered_on", "skills", "activity_count"]


class VolunteerInput(serializers.Serializer):
    name = serializers.CharField(label=_("name"), max_length=50)
    division = serializers.SlugRelatedField(
        label=_("division"), slug_field="code", queryset=Division.objects.all()
    )
    registered_on = serializers.DateField(label=_("registered on"), default=timezone.localdate)
    phone = serializers.CharField(
        label=_("phone"), max_length=30, required=False, allow_blank=True, default=""
    )
    skills = serializers.CharField(
        label=_("skills"), max_length=500, required=False, allow_blank=True, default=""
    )


class VolunteerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """SM-14: volunteers of the viewer's jurisdiction (no phone numbers in the output)."""

    serializer_class = VolunteerOutput
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.volunteer_list(viewer=self.request.user)

    def get_serializer_class(self):
        return VolunteerInput if self.action == "create" else VolunteerOutput

    def create(self, request, *args, **kwargs):
        serializer = VolunteerInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        volunteer = _call(
            lambda: services.volunteer_register(actor=request.user, **serializer.validated_data)
        )
        return Response(VolunteerOutput(volunteer).data, status=201)

"""Practitioner API: the registry read in scope, and the same writes as the pages through the services."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import Division
from shegong.organizations.models import Organization
from shegong.procurement.domains import ServiceDomain

from . import pay_services, selectors, services
from .models import (
    Assessment,
    Certificate,
    CertificateLevel,
    Complaint,
    ComplaintStep,
    DisciplinaryDecision,
    EducationLevel,
    Employment,
    FilingState,
    FilingTransition,
    PayRecord,
    Practitioner,
    Rank,
    SalaryGuide,
    SalaryGuideRow,
    TrainingKind,
    TrainingRecord,
    ViolationRecord,
)


class PractitionerOutput(serializers.ModelSerializer):
    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    division_code = serializers.CharField(source="division_id", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True, default=None)
    filing_state_label = serializers.CharField(source="get_filing_state_display", read_only=True)
    top_certificate_level = serializers.CharField(source="top_level", read_only=True, default=None)
    training_hours_this_year = serializers.DecimalField(
        source="hours_this_year", max_digits=9, decimal_places=1, read_only=True, default=None
    )

    class Meta:
        model = Practitioner
        fields = [
            "id",
            "name",
            "name_pinyin",
            "id_number",
            "gender",
            "birth_date",
            "phone",
            "education_level",
            "major",
            "major_is_social_work",
            "community_worker",
            "division_code",
            "division_name",
            "employer",
            "employer_name",
            "filing_state",
            "filing_state_label",
            "filed_on",
            "top_certificate_level",
            "training_hours_this_year",
            "created_at",
            "updated_at",
        ]


class PractitionerInput(serializers.Serializer):
    name = serializers.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    id_number = serializers.CharField(label=_("Resident ID number"), max_length=30)
    division = serializers.SlugRelatedField(
        label=_("Filed in"), slug_field="code", queryset=Division.objects.all()
    )
    employer = serializers.PrimaryKeyRelatedField(
        label=_("Current employer"), queryset=Organization.objects.all(), required=False, allow_null=True
    )
    phone = serializers.CharField(label=_("Phone"), max_length=30, required=False, allow_blank=True)
    education_level = serializers.ChoiceField(
        label=_("Education level"), choices=EducationLevel.choices, required=False, allow_blank=True
    )
    major = serializers.CharField(label=_("Major"), max_length=100, required=False, allow_blank=True)
    major_is_social_work = serializers.BooleanField(label=_("Social work or a related major"), required=False)
    community_worker = serializers.BooleanField(label=_("Works in a community"), required=False)


class CertificateSerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(label=_("Level"), choices=CertificateLevel.choices)
    number = serializers.CharField(label=_("Certificate number"), max_length=50)
    issued_on = serializers.DateField(label=_("Issued on"))
    issuer = serializers.CharField(label=_("Issued by"), max_length=100, required=False, allow_blank=True)

    class Meta:
        model = Certificate
        fields = ["id", "level", "number", "issued_on", "issuer"]


class TrainingRecordSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    hours = serializers.DecimalField(label=_("Hours"), max_digits=6, decimal_places=1)
    held_on = serializers.DateField(label=_("Date"))
    provider = serializers.CharField(label=_("Provider"), max_length=200, required=False, allow_blank=True)
    topic = serializers.CharField(label=_("Topic"), max_length=200, required=False, allow_blank=True)

    class Meta:
        model = TrainingRecord
        fields = ["id", "kind", "hours", "held_on", "provider", "topic"]


class EmploymentSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(
        label=_("Organisation"), queryset=Organization.objects.all()
    )
    post = serializers.CharField(label=_("Post"), max_length=100)
    is_professional_post = serializers.BooleanField(
        label=_("Professional social-work post"), required=False, default=True
    )
    contract_signed_on = serializers.DateField(
        label=_("Purchase contract signed on"), required=False, allow_null=True
    )
    starts_on = serializers.DateField(label=_("Starts on"))
    ends_on = serializers.DateField(label=_("Ends on"), required=False, allow_null=True)

    class Meta:
        model = Employment
        fields = [
            "id",
            "organization",
            "post",
            "is_professional_post",
            "contract_signed_on",
            "starts_on",
            "ends_on",
        ]


class TransitionSerializer(serializers.ModelSerializer):
    to_state = serializers.ChoiceField(label=_("New filing state"), choices=FilingState.choices)
    reason = serializers.CharField(label=_("Reason"), max_length=500, required=False, allow_blank=True)
    effective_on = serializers.DateField(label=_("Effective on"), required=False, allow_null=True)
    actor = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = FilingTransition
        fields = ["id", "from_state", "to_state", "effective_on", "reason", "actor", "at"]
        read_only_fields = ["from_state", "at"]


class AssessmentOutput(serializers.ModelSerializer):
    grade_label = serializers.CharField(source="get_grade_display", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "year",
            "grade",
            "grade_label",
            "served_unit",
            "comment",
            "employer_signed_on",
            "served_unit_signed_on",
            "final_on",
        ]


class ComplaintStepOutput(serializers.ModelSerializer):
    class Meta:
        model = ComplaintStep
        fields = ["id", "taken_on", "description"]


class ComplaintOutput(serializers.ModelSerializer):
    steps = ComplaintStepOutput(many=True, read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "source",
            "received_on",
            "summary",
            "time_limit_days",
            "due_on",
            "overdue",
            "outcome",
            "outcome_note",
            "closed_on",
            "steps",
        ]

    def get_overdue(self, complaint) -> bool:
        from django.utils import timezone

        return complaint.outcome == "pending" and complaint.due_on < timezone.localdate()


class ViolationOutput(serializers.ModelSerializer):
    class Meta:
        model = ViolationRecord
        fields = ["id", "found_on", "description", "complaint"]


class DecisionOutput(serializers.ModelSerializer):
    published_on = serializers.DateField(source="disclosure.published_on", read_only=True, default=None)

    class Meta:
        model = DisciplinaryDecision
        fields = [
            "id",
            "sanction",
            "votes_for",
            "votes_against",
            "decided_on",
            "reason",
            "violation",
            "published_on",
        ]


class PayRecordSerializer(serializers.ModelSerializer):
    month = serializers.DateField(label=_("Month"), help_text=_("The first day of the month paid."))
    employer = serializers.PrimaryKeyRelatedField(label=_("Employer"), queryset=Organization.objects.all())
    rank = serializers.ChoiceField(label=_("Rank"), choices=Rank.choices)
    domain = serializers.ChoiceField(label=_("Service domain"), choices=ServiceDomain.choices)
    gross_pay = serializers.DecimalField(label=_("Gross monthly pay (yuan)"), max_digits=9, decimal_places=2)

    class Meta:
        model = PayRecord
        fields = ["id", "month", "employer", "rank", "domain", "gross_pay"]


class SalaryGuideRowOutput(serializers.ModelSerializer):
    class Meta:
        model = SalaryGuideRow
        fields = ["rank", "domain", "monthly_pay"]


class SalaryGuideOutput(serializers.ModelSerializer):
    city_code = serializers.CharField(source="division_id", read_only=True)
    city_name = serializers.CharField(source="division.name", read_only=True)
    rows = SalaryGuideRowOutput(many=True, read_only=True)

    class Meta:
        model = SalaryGuide
        fields = ["id", "city_code", "city_name", "title", "effective_from", "is_sample", "source", "rows"]


def _call(operation):
    """Run a service; its Chinese field errors become a 400, a refusal a 403."""
    try:
        return operation()
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from None


class PractitionerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Practitioners in the viewer's scope (out of scope answers 404); ID numbers are masked.

    Filters: ``q`` (name, pinyin, initials or an exact ID number), ``within`` (division code),
    ``organization``, ``certificate_level``, ``filing_state``.
    """

    serializer_class = PractitionerOutput
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        return selectors.practitioner_list(
            viewer=self.request.user,
            q=params.get("q", ""),
            within=params.get("within", "") if params.get("within", "").isdigit() else "",
            organization=params.get("organization") if (params.get("organization") or "").isdigit() else None,
            certificate_level=params.get("certificate_level", "")
            if params.get("certificate_level", "") in CertificateLevel.values
            else "",
            filing_state=params.get("filing_state", "")
            if params.get("filing_state", "") in FilingState.values
            else "",
        )

    def get_serializer_class(self):
        return {
            "create": PractitionerInput,
            "certificates": CertificateSerializer,
            "training_records": TrainingRecordSerializer,
            "employments": EmploymentSerializer,
            "transition": TransitionSerializer,
            "assessments": AssessmentOutput,
            "pay_records": PayRecordSerializer,
        }.get(self.action, PractitionerOutput)

    def create(self, request, *args, **kwargs):
        data = self._valid(PractitionerInput, request.data)
        practitioner = _call(lambda: services.practitioner_apply(actor=request.user, **data))
        return Response(PractitionerOutput(self.get_queryset().get(pk=practitioner.pk)).data, status=201)

    def _valid(self, serializer_class, data):
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _records(self, request, *, serializer_class, related, add):
        practitioner = self.get_object()
        if request.method == "POST":
            data = self._valid(serializer_class, request.data)
            record = _call(lambda: add(actor=request.user, practitioner=practitioner, **data))
            return Response(serializer_class(record).data, status=201)
        return Response(serializer_class(getattr(practitioner, related).all(), many=True).data)

    @action(detail=True, methods=["get", "post"])
    def certificates(self, request, pk=None):
        """The practitioner's certificates; POST adds one."""
        return self._records(
            request,
            serializer_class=CertificateSerializer,
            related="certificates",
            add=services.certificate_add,
        )

    @action(detail=True, methods=["get", "post"], url_path="training-records", url_name="training-records")
    def training_records(self, request, pk=None):
        """The practitioner's training ledger; POST adds hours."""
        return self._records(
            request,
            serializer_class=TrainingRecordSerializer,
            related="training_records",
            add=services.training_record_add,
        )

    @action(detail=True, methods=["get", "post"])
    def employments(self, request, pk=None):
        """The practitioner's posts; POST adds one."""
        return self._records(
            request, serializer_class=EmploymentSerializer, related="employments", add=services.employment_add
        )

    @action(detail=True, methods=["get", "post"])
    def transition(self, request, pk=None):
        """The filing history; POST moves the filing state (officers, with a reason when going back)."""
        practitioner = self.get_object()
        if request.method == "POST":
            data = self._valid(TransitionSerializer, request.data)
            _call(
                lambda: services.practitioner_transition(
                    actor=request.user, practitioner=practitioner, **data
                )
            )
            practitioner = self.get_queryset().get(pk=practitioner.pk)
            return Response(PractitionerOutput(practitioner).data)
        steps = practitioner.transitions.select_related("actor").order_by("effective_on", "id")
        return Response(TransitionSerializer(steps, many=True).data)

    @action(detail=True, methods=["get"])
    def assessments(self, request, pk=None):
        """The practitioner's yearly assessments (SM-07), newest first."""
        practitioner = self.get_object()
        return Response(AssessmentOutput(practitioner.assessments.all(), many=True).data)

    @action(detail=True, methods=["get"], url_path="credit-file", url_name="credit-file")
    def credit_file(self, request, pk=None):
        """The credit file (SZ-09): complaints with their steps, violations, decisions and disclosures."""
        records = selectors.practitioner_records(self.get_object())
        return Response(
            {
                "complaints": ComplaintOutput(records["complaints"], many=True).data,
                "violations": ViolationOutput(records["violations"], many=True).data,
                "decisions": DecisionOutput(records["decisions"], many=True).data,
            }
        )

    @action(detail=True, methods=["get", "post"], url_path="pay-records", url_name="pay-records")
    def pay_records(self, request, pk=None):
        """The practitioner's monthly pay (SZ-06d); POST records a month."""
        return self._records(
            request,
            serializer_class=PayRecordSerializer,
            related="pay_records",
            add=pay_services.pay_record_add,
        )


class SalaryGuideViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Salary guides (SZ-06a) with every cell; ``city`` filters by city code, ``on`` (a date) keeps the
    guide in force that day for each city."""

    serializer_class = SalaryGuideOutput
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        qs = scope_queryset(
            SalaryGuide.objects.select_related("division").prefetch_related("rows"), viewer=self.request.user
        ).order_by("division_id", "-effective_from", "id")
        city = self.request.query_params.get("city", "")
        if city.isdigit():
            qs = qs.filter(division_id=city)
        return qs

"""Case management API: scoped lists and details (ID numbers masked, never decrypted); referrals,
consents and visits are written through the services, which check consent and the six steps.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from . import selectors, services
from .models import Case, Consent, Household, Member, RecipientKind, Referral, SharedData, Visit


class CaseWorkers(permissions.BasePermission):
    """Officers and social workers; nobody else reads client files."""

    def has_permission(self, request, view):
        return services.can_use_case_files(request.user)


class MemberOutput(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "name", "relation", "id_number_masked", "birth_date"]


class HouseholdOutput(serializers.ModelSerializer):
    division_name = serializers.CharField(source="division.name", read_only=True)
    has_minor = serializers.BooleanField(read_only=True)
    members = MemberOutput(many=True, read_only=True)

    class Meta:
        model = Household
        fields = [
            "id",
            "division",
            "division_name",
            "address",
            "categories",
            "family_structure",
            "material_needs",
            "emotional_needs",
            "social_needs",
            "assigned_worker",
            "station",
            "has_minor",
            "members",
            "created_at",
            "updated_at",
        ]


class CaseOutput(serializers.ModelSerializer):
    step_label = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "household",
            "client",
            "title",
            "service_type",
            "domain",
            "step",
            "step_label",
            "opened_on",
            "closed_on",
            "next_visit_due",
            "created_at",
            "updated_at",
        ]


class HouseholdViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HouseholdOutput
    permission_classes = [permissions.IsAuthenticated, CaseWorkers]

    def get_queryset(self):
        # A list page is cut first; its rows get the minor flag afterwards (issue 11).
        paged = self.action == "list" and self.paginator is not None
        return selectors.household_api_list(viewer=self.request.user, with_minor_flag=not paged)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else selectors.household_page_counts(list(page))


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseOutput
    permission_classes = [permissions.IsAuthenticated, CaseWorkers]

    def get_queryset(self):
        return selectors.case_queryset(viewer=self.request.user).order_by("-opened_on", "-id")


def _call(operation):
    """Run a service; turn its refusals into the API's Chinese error bodies (400 / 403)."""
    try:
        return operation()
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from None
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from None


def _case_in_scope(viewer, pk) -> Case:
    try:
        return selectors.case_queryset(viewer=viewer).select_related("household", "client").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


class ReferralOutput(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "recipient_kind",
            "recipient",
            "need",
            "shared_data",
            "consent",
            "status",
            "status_label",
            "sent_on",
            "answered_on",
            "rejection_reason",
            "closed_on",
            "outcome",
            "created_at",
            "updated_at",
        ]


class ReferralInput(serializers.Serializer):
    case = serializers.IntegerField()
    recipient_kind = serializers.ChoiceField(choices=RecipientKind.choices)
    recipient = serializers.CharField(max_length=200)
    need = serializers.CharField()
    shared_data = serializers.ListField(
        child=serializers.ChoiceField(choices=SharedData.choices), required=False
    )
    sent_on = serializers.DateField(required=False)


class ReferralAnswerInput(serializers.Serializer):
    accepted = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True)
    answered_on = serializers.DateField(required=False)


class ReferralCloseInput(serializers.Serializer):
    outcome = serializers.CharField()
    closed_on = serializers.DateField(required=False)


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Referrals of the cases in the viewer's scope (HZ-14 step 4); sending data needs consent."""

    serializer_class = ReferralOutput
    permission_classes = [permissions.IsAuthenticated, CaseWorkers]

    def get_queryset(self):
        return selectors.referral_queryset(viewer=self.request.user).order_by("-sent_on", "-id")

    def get_serializer_class(self):
        return {"create": ReferralInput, "answer": ReferralAnswerInput, "close": ReferralCloseInput}.get(
            self.action, ReferralOutput
        )

    def _valid(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request, *args, **kwargs):
        data = self._valid(ReferralInput)
        case = _case_in_scope(request.user, data.pop("case"))
        referral = _call(lambda: services.referral_send(actor=request.user, case=case, **data))
        return Response(ReferralOutput(referral).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        referral, data = self.get_object(), self._valid(ReferralAnswerInput)
        referral = _call(lambda: services.referral_answer(actor=request.user, referral=referral, **data))
        return Response(ReferralOutput(referral).data)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        referral, data = self.get_object(), self._valid(ReferralCloseInput)
        referral = _call(lambda: services.referral_close(actor=request.user, referral=referral, **data))
        return Response(ReferralOutput(referral).data)


class ConsentOutput(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = [
            "id",
            "member",
            "data",
            "recipient",
            "given_on",
            "valid_until",
            "withdrawn_on",
            "created_at",
        ]


class ConsentInput(serializers.Serializer):
    member = serializers.IntegerField()
    data = serializers.ListField(child=serializers.ChoiceField(choices=SharedData.choices))
    recipient = serializers.CharField(max_length=200)
    given_on = serializers.DateField(required=False)
    valid_until = serializers.DateField()


class ConsentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Consents of the clients of the households in the viewer's scope."""

    serializer_class = ConsentOutput
    permission_classes = [permissions.IsAuthenticated, CaseWorkers]

    def get_queryset(self):
        households = selectors.household_queryset(viewer=self.request.user).values("pk")
        return Consent.objects.filter(member__household__in=households).order_by("-given_on", "-id")

    def get_serializer_class(self):
        return ConsentInput if self.action == "create" else ConsentOutput

    def create(self, request, *args, **kwargs):
        serializer = ConsentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        households = selectors.household_queryset(viewer=request.user).values("pk")
        member = (
            Member.objects.defer(*selectors.ENCRYPTED_MEMBER_FIELDS)
            .select_related("household")
            .filter(household__in=households, pk=data.pop("member"))
            .first()
        )
        if member is None:
            raise Http404
        consent = _call(lambda: services.consent_record(actor=request.user, member=member, **data))
        return Response(ConsentOutput(consent).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        consent = _call(lambda: services.consent_withdraw(actor=request.user, consent=self.get_object()))
        return Response(ConsentOutput(consent).data)


class VisitOutput(serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = ["id", "case", "visited_on", "worker", "created_at"]  # notes stay encrypted, never listed


class VisitInput(serializers.Serializer):
    case = serializers.IntegerField()
    visited_on = serializers.DateField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Home visits of the cases in the viewer's scope; logging one moves the next visit due."""

    serializer_class = VisitOutput
    permission_classes = [permissions.IsAuthenticated, CaseWorkers]

    def get_queryset(self):
        cases = selectors.case_queryset(viewer=self.request.user).values("pk")
        return Visit.objects.filter(case__in=cases).defer("notes").order_by("-visited_on", "-id")

    def get_serializer_class(self):
        return VisitInput if self.action == "create" else VisitOutput

    def create(self, request, *args, **kwargs):
        serializer = VisitInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = _case_in_scope(request.user, data.pop("case"))
        visit = _call(lambda: services.visit_log(actor=request.user, case=case, **data))
        return Response(VisitOutput(visit).data, status=status.HTTP_201_CREATED)

"""Case management API: read-only, scoped lists and details; ID numbers are masked, never decrypted."""

from rest_framework import mixins, permissions, serializers, viewsets

from . import selectors, services
from .models import Case, Household, Member


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
        return selectors.household_api_list(viewer=self.request.user)


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseOutput
    permission_classes = [permissions.IsAuthenticated, CaseWorkers]

    def get_queryset(self):
        return selectors.case_queryset(viewer=self.request.user).order_by("-opened_on", "-id")

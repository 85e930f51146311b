"""API: tokens, the signed-in user, accounts and the audit log (read only)."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from shegong.common.models import AuditEntry
from shegong.geo.models import subtree_q

from . import selectors, services
from .backends import is_refused_demo_account
from .forms import DEMO_ACCOUNT_REFUSED, INVALID_LOGIN
from .lockout import locked_message
from .models import Role, User


class AccountLocked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "account_locked"


class TokenInputSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("username"), max_length=150)
    password = serializers.CharField(
        label=_("password"), trim_whitespace=False, style={"input_type": "password"}
    )


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField(label=_("API token"))


class TokenObtainView(GenericAPIView):
    """Exchange a username and password for an API token (``Authorization: Token …``).

    Wrong passwords count towards the account lock exactly as on the sign-in page.
    """

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    serializer_class = TokenInputSerializer

    @extend_schema(request=TokenInputSerializer, responses={200: TokenOutputSerializer})
    def post(self, request):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Axes marks the Django request, which its middleware then reads: pass that one, not DRF's.
        django_request = request._request
        username = data.validated_data["username"]
        user = authenticate(
            request=django_request, username=username, password=data.validated_data["password"]
        )
        if user is None:
            if getattr(django_request, "axes_locked_out", False):
                raise AccountLocked(locked_message())
            message = DEMO_ACCOUNT_REFUSED if is_refused_demo_account(username) else INVALID_LOGIN
            raise serializers.ValidationError({"non_field_errors": [message]})
        # A sign-in like the page's: resets the failure count, sets last_login, writes the audit entry.
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenOutputSerializer({"token": token.key}).data)


class DivisionRefSerializer(serializers.Serializer):
    code = serializers.CharField(label=_("division code"))
    name = serializers.CharField(label=_("name"))


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("ID"))
    name = serializers.CharField(label=_("name"))


class UserOutputSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", label=_("role name"))
    division = DivisionRefSerializer(allow_null=True)
    organization = OrganizationRefSerializer(allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "role",
            "role_label",
            "division",
            "organization",
            "is_active",
        ]
        read_only_fields = fields


class MeView(GenericAPIView):
    """The signed-in user: name, role, jurisdiction and organisation."""

    serializer_class = UserOutputSerializer

    def get(self, request):
        user = User.objects.select_related("division", "organization").get(pk=request.user.pk)
        return Response(self.get_serializer(user).data)


class MayListUsers(permissions.BasePermission):
    def has_permission(self, request, view):
        return services.can_read_users(request.user)


class UserFilter(filters.FilterSet):
    role = filters.ChoiceFilter(label=_("role"), choices=Role.choices)
    division = filters.CharFilter(label=_("within division"), method="filter_division")

    class Meta:
        model = User
        fields = ["role", "division"]

    def filter_division(self, queryset, name, value):
        return queryset.filter(subtree_q("division", value.strip())) if value.strip() else queryset


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Accounts within the caller's reach; filter by ``role`` and ``division`` (subtree)."""

    serializer_class = UserOutputSerializer
    permission_classes = [MayListUsers]
    filterset_class = UserFilter
    ordering_fields = ["username", "full_name", "role", "date_joined"]

    def get_queryset(self):
        return selectors.user_list(viewer=self.request.user)


class IsAuditAdmin(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_audit_admin)


class AuditEntryFilter(filters.FilterSet):
    actor = filters.CharFilter(label=_("actor username"), field_name="actor_username", lookup_expr="iexact")
    action = filters.ChoiceFilter(label=_("action"), choices=AuditEntry.Action.choices)
    object_type = filters.CharFilter(label=_("object type"))
    object_id = filters.CharFilter(label=_("object ID"))
    date_from = filters.DateFilter(label=_("from"), method="filter_date_from")
    date_to = filters.DateFilter(label=_("to"), method="filter_date_to")

    class Meta:
        model = AuditEntry
        fields = ["actor", "action", "object_type", "object_id"]

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(at__gte=selectors.day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(at__lt=selectors.day_after(value))


class AuditEntryOutputSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(source="get_action_display", label=_("action name"))

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "actor_username",
            "action",
            "action_label",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "reason",
            "ip_address",
            "path",
        ]
        read_only_fields = fields


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit log for audit administrators; it cannot be changed through any API."""

    serializer_class = AuditEntryOutputSerializer
    permission_classes = [IsAuditAdmin]
    filterset_class = AuditEntryFilter
    ordering_fields = ["at", "id"]

    def get_queryset(self):
        return selectors.audit_entry_list(viewer=self.request.user)

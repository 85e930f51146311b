"""The one function that decides what a user may see: every list, detail, export and API uses it."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q, QuerySet

from shegong.accounts.models import Role
from shegong.common.scoping import Scope
from shegong.geo.models import subtree_q


def scope_of(model: type[Model]) -> Scope:
    """Return the model's declared scope; a model without one is a programming error."""
    spec = getattr(model, "jurisdiction_scope", None)
    if not isinstance(spec, Scope):
        raise ImproperlyConfigured(f"{model.__name__} declares no jurisdiction_scope")
    return spec


AUDIT_LOG = "common.auditentry"
ACCOUNTS = "accounts.user"


def scope_q(model: type[Model], viewer) -> Q | None:
    """Return the filter a viewer's reach puts on ``model``; ``None`` means no restriction.

    Separation of duties comes first (docs/security.md): only the audit administrator reads the audit
    log, and reads nothing else but public reference data; the security administrator reads every
    account and nothing else; the system administrator reads everything but the audit log.

    A social worker sees only the rows assigned to them when the model declares a ``worker`` path.
    Then organisation: a user of an organisation sees that organisation's rows. Otherwise a user
    with a jurisdiction sees rows whose division is that division or below it. A user with neither
    reach sees nothing.
    """
    spec = scope_of(model)
    nothing = Q(pk__in=[])
    if viewer is None or not getattr(viewer, "is_authenticated", False) or not viewer.is_active:
        return nothing
    label = model._meta.label_lower
    if viewer.role == Role.AUDIT_ADMIN:
        return None if label == AUDIT_LOG or spec.public else nothing
    if viewer.role == Role.SECURITY_ADMIN:
        return None if label == ACCOUNTS or spec.public else nothing
    if label == AUDIT_LOG:
        return nothing
    if viewer.is_system_admin:
        return None
    if spec.admin_only:
        return nothing
    if spec.public:
        return None
    if spec.worker and viewer.role == Role.SOCIAL_WORKER:
        return Q(**{spec.worker: viewer.pk})
    if viewer.organization_id and spec.organization:
        return Q(**{spec.organization: viewer.organization_id})
    if viewer.division_id and spec.division:
        return subtree_q(spec.division, viewer.division_id)
    return nothing


def scope_queryset(queryset: QuerySet, *, viewer) -> QuerySet:
    """Return ``queryset`` restricted to what ``viewer`` may see."""
    q = scope_q(queryset.model, viewer)
    return queryset if q is None else queryset.filter(q)


def public_queryset(queryset: QuerySet) -> QuerySet:
    """Return ``queryset`` for anonymous readers: only public reference data, otherwise nothing."""
    return queryset if scope_of(queryset.model).public else queryset.none()

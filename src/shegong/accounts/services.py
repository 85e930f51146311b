"""Writes on user accounts: every change goes through here, is validated and is audited."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from shegong.common.audit import audit_write, snapshot
from shegong.geo.models import DivisionLevel

from .models import ADMIN_ROLES, JURISDICTION_ROLES, OFFICER_ROLES, ORGANIZATION_ROLES, Role, User

NOT_ALLOWED_TO_MANAGE_USERS = _(
    "Only security administrators, system administrators and civil-affairs officers may manage accounts."
)
ADMIN_ROLES_ONLY_BY_SECURITY_ADMIN = _(
    "Only a security administrator may create or change system, security and audit administrators."
)
NOT_SECURITY_ADMIN = _("Only security administrators may unlock accounts or reset two-factor sign-in.")
DIVISION_REQUIRED = _("This role needs a jurisdiction.")
DIVISION_LEVEL_MISMATCH = _(
    "The jurisdiction of a %(role)s must be a %(level)s; %(division)s is a %(actual)s."
)
ORGANIZATION_REQUIRED = _("This role needs an organisation.")
DIVISION_OUTSIDE_JURISDICTION = _("The division is outside your jurisdiction.")
ORGANIZATION_OUTSIDE_JURISDICTION = _("The organisation is outside your jurisdiction.")
ACCOUNT_OUTSIDE_JURISDICTION = _("This account is outside your jurisdiction.")
CANNOT_DEACTIVATE_SELF = _("You cannot deactivate your own account.")
ALREADY_INACTIVE = _("This account is already deactivated.")
PASSWORD_MISMATCH = _("The two passwords do not match.")

USER_FIELDS = ("full_name", "phone", "email", "role", "division", "organization")


def can_read_users(viewer) -> bool:
    """Return whether ``viewer`` may open account lists (officers, organisation, system, security admins)."""
    return bool(
        viewer
        and viewer.is_authenticated
        and (
            viewer.is_system_admin
            or viewer.role in OFFICER_ROLES
            or viewer.role in {Role.ORG_ADMIN, Role.SECURITY_ADMIN}
        )
    )


def can_manage_users(actor) -> bool:
    """Return whether ``actor`` may create and change accounts (security and system admins, officers)."""
    return bool(
        actor
        and actor.is_authenticated
        and (actor.is_system_admin or actor.is_security_admin or actor.role in OFFICER_ROLES)
    )


def can_manage_admins(actor) -> bool:
    """Return whether ``actor`` may give or change administrator roles (security administrators)."""
    return bool(actor and actor.is_authenticated and actor.is_security_admin)


def is_everywhere(actor) -> bool:
    """Return whether ``actor`` manages accounts without a jurisdiction (system or security admin)."""
    return bool(actor.is_system_admin or actor.is_security_admin)


def _within(code: str | None, reach: str | None) -> bool:
    return bool(code and reach and code.startswith(reach))


def _check_actor(actor) -> None:
    if not can_manage_users(actor):
        raise PermissionDenied(NOT_ALLOWED_TO_MANAGE_USERS)


def _is_admin_account(user: User) -> bool:
    return bool(user.is_superuser or user.role in ADMIN_ROLES)


def _check_target(actor, user: User) -> None:
    """Only a security admin changes administrators; an officer only accounts of their jurisdiction."""
    if _is_admin_account(user) and not can_manage_admins(actor):
        raise PermissionDenied(ADMIN_ROLES_ONLY_BY_SECURITY_ADMIN)
    if is_everywhere(actor):
        return
    if not _within(user.division_id, actor.division_id):
        raise PermissionDenied(ACCOUNT_OUTSIDE_JURISDICTION)


def _check_placement(actor, *, role: str, division, organization) -> None:
    """Check that role, jurisdiction and organisation agree, and that the actor may place them there."""
    errors: dict[str, list] = {}
    if role in ADMIN_ROLES and not can_manage_admins(actor):
        errors.setdefault("role", []).append(ADMIN_ROLES_ONLY_BY_SECURITY_ADMIN)
    if role in JURISDICTION_ROLES:
        level = JURISDICTION_ROLES[role]
        if division is None:
            errors.setdefault("division", []).append(DIVISION_REQUIRED)
        elif level and division.level != level:
            errors.setdefault("division", []).append(
                DIVISION_LEVEL_MISMATCH
                % {
                    "role": Role(role).label,
                    "level": DivisionLevel(level).label,
                    "division": f"{division.name}（{division.code}）",
                    "actual": DivisionLevel(division.level).label,
                }
            )
    if role in ORGANIZATION_ROLES and organization is None:
        errors.setdefault("organization", []).append(ORGANIZATION_REQUIRED)
    if not is_everywhere(actor):
        # The account must stay visible to the officer who made it: inside their jurisdiction.
        if division is None and "division" not in errors:
            errors.setdefault("division", []).append(DIVISION_OUTSIDE_JURISDICTION)
        elif division is not None and not _within(division.code, actor.division_id):
            errors.setdefault("division", []).append(DIVISION_OUTSIDE_JURISDICTION)
        if organization is not None and not _within(organization.division_id, actor.division_id):
            errors.setdefault("organization", []).append(ORGANIZATION_OUTSIDE_JURISDICTION)
    if errors:
        raise ValidationError(errors)


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None


def _validate(actor, user: User, *, password: str | None = None) -> None:
    """Collect every problem of the account at once, each keyed to its field."""
    errors: dict[str, list] = {}

    def add(exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))

    try:
        _check_placement(actor, role=user.role, division=user.division, organization=user.organization)
    except ValidationError as exc:
        add(exc)
    if password is not None:
        try:
            _check_password(password, user)
        except ValidationError as exc:
            add(exc)
    try:
        # The placement check above covers the table's constraints with clearer messages.
        user.full_clean(exclude=["password"], validate_constraints=False)
    except ValidationError as exc:
        add(exc)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    division=None,
    organization=None,
) -> User:
    """Create an account with one role, placed in a jurisdiction and/or an organisation."""
    _check_actor(actor)
    if organization is not None and division is None:
        division = organization.division
    user = User(
        username=username,
        full_name=full_name,
        phone=phone,
        email=email,
        role=role,
        division=division,
        organization=organization,
        must_change_password=force_password_change(),
    )
    _validate(actor, user, password=password)
    user.set_password(password)
    user.save()
    audit_write(actor=actor, instance=user, before=None)
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    """Change an account's name, contact, role, jurisdiction or organisation."""
    _check_actor(actor)
    _check_target(actor, user)
    before = snapshot(user)
    for name, value in fields.items():
        if name not in USER_FIELDS:
            raise TypeError(f"user_update() cannot change {name!r}")
        setattr(user, name, value)
    _validate(actor, user)
    user.save()
    audit_write(actor=actor, instance=user, before=before)
    return user


def force_password_change() -> bool:
    """Return whether a password given by someone else must be changed at first sign-in (production)."""
    return bool(getattr(settings, "SHEGONG_FORCE_PASSWORD_CHANGE", False))


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    """Set a new password (the user's own change, or a reset by an administrator or officer).

    A password set by someone else must be changed at the next sign-in when the setting asks for it.
    """
    own = actor.pk == user.pk
    if not own:
        _check_actor(actor)
        _check_target(actor, user)
    _check_password(password, user)
    before = snapshot(user)
    user.set_password(password)
    user.must_change_password = not own and force_password_change()
    user.save(update_fields=["password", "must_change_password"])
    audit_write(actor=actor, instance=user, before=before, reason="password changed")
    return user


def _check_security_admin(actor, user: User) -> None:
    if not can_manage_admins(actor):
        raise PermissionDenied(NOT_SECURITY_ADMIN)
    if user.pk == actor.pk:
        raise PermissionDenied(NOT_SECURITY_ADMIN)


@transaction.atomic
def user_unlock(*, actor, user: User) -> User:
    """Lift the lock django-axes put on an account after too many wrong passwords."""
    from axes.utils import reset

    _check_security_admin(actor, user)
    reset(username=user.username)
    audit_write(actor=actor, instance=user, before=snapshot(user), reason="account unlocked")
    return user


@transaction.atomic
def user_reset_two_factor(*, actor, user: User) -> User:
    """Remove the account's authenticator devices: it sets up a new one at its next sign-in."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _check_security_admin(actor, user)
    TOTPDevice.objects.filter(user=user).delete()
    audit_write(actor=actor, instance=user, before=snapshot(user), reason="two-factor sign-in reset")
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User, reason: str = "") -> User:
    """Deactivate an account: it can no longer sign in, its sessions and API token stop working."""
    _check_actor(actor)
    _check_target(actor, user)
    if user.pk == actor.pk:
        raise ValidationError(CANNOT_DEACTIVATE_SELF, code="deactivate_self")
    if not user.is_active:
        raise ValidationError(ALREADY_INACTIVE, code="already_inactive")
    before = snapshot(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    Token.objects.filter(user=user).delete()
    audit_write(actor=actor, instance=user, before=before, reason=reason or "deactivated")
    return user

"""Users with one role each, scoped to a jurisdiction (division) or an organisation."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.common.scoping import Scope


class Role(models.TextChoices):
    CITY_OFFICER = "city_officer", _("City civil-affairs officer")
    DISTRICT_OFFICER = "district_officer", _("District civil-affairs officer")
    TOWN_OFFICER = "town_officer", _("Town civil-affairs officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    REVIEW_COMMITTEE = "review_committee", _("Review-committee member")
    DISCIPLINE_COMMITTEE = "discipline_committee", _("Discipline-committee member")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    EVALUATOR = "evaluator", _("Third-party evaluator")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    # Separation of duties of a level-3 system (GB/T 22239-2019): security and audit administrators.
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")
    # Departments with a part in supervising social organisations (SZ-10).
    SUPERVISORY_UNIT = "supervisory_unit", _("Business supervisory unit officer")
    TAX_OFFICER = "tax_officer", _("Tax officer")
    AUDIT_OFFICER = "audit_officer", _("Audit-office officer")
    DISCIPLINE_INSPECTOR = "discipline_inspector", _("Discipline-inspection officer")
    POLICE_OFFICER = "police_officer", _("Public-security officer")
    COURT_OFFICER = "court_officer", _("Court officer")


# Roles whose reach is a division of the tree, and the level that division must be at.
JURISDICTION_ROLES = {
    Role.CITY_OFFICER: "city",
    Role.DISTRICT_OFFICER: "district",
    Role.TOWN_OFFICER: "town",
    Role.FINANCE_OFFICER: None,
    Role.REVIEW_COMMITTEE: None,
    Role.DISCIPLINE_COMMITTEE: None,
    Role.EVALUATOR: None,
    Role.SUPERVISORY_UNIT: None,
    Role.TAX_OFFICER: None,
    Role.AUDIT_OFFICER: None,
    Role.DISCIPLINE_INSPECTOR: None,
    Role.POLICE_OFFICER: None,
    Role.COURT_OFFICER: None,
}
# Departments of SZ-10: what each may record is decided in organizations (department duties).
DEPARTMENT_ROLES = {
    Role.SUPERVISORY_UNIT,
    Role.TAX_OFFICER,
    Role.AUDIT_OFFICER,
    Role.DISCIPLINE_INSPECTOR,
    Role.POLICE_OFFICER,
    Role.COURT_OFFICER,
}
ORGANIZATION_ROLES = {Role.ORG_ADMIN}
OFFICER_ROLES = {Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.TOWN_OFFICER}
# Separation of duties (docs/security.md): only a security administrator gives or changes these roles.
ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
# Roles that must confirm a sign-in with a one-time code when SHEGONG_REQUIRE_2FA is on.
TWO_FACTOR_ROLES = OFFICER_ROLES | ADMIN_ROLES | {Role.FINANCE_OFFICER}


class User(AbstractUser):
    """A person who signs in. The public needs no account."""

    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, db_index=True)
    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The division this account acts for; it sees this division and everything below it."),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    is_demo = models.BooleanField(
        _("demo account"), default=False, help_text=_("Demo passwords work only when SHEGONG_ENV=dev.")
    )

    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when an administrator gives the password; the user must choose a new one first."),
    )

    jurisdiction_scope = Scope(division="division", organization="organization")

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=list(JURISDICTION_ROLES)) | models.Q(division__isnull=False),
                name="user_jurisdiction_role_has_division",
                violation_error_message=_("This role needs a jurisdiction."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=list(ORGANIZATION_ROLES)) | models.Q(organization__isnull=False),
                name="user_organization_role_has_organization",
                violation_error_message=_("This role needs an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_system_admin(self) -> bool:
        return self.is_superuser or self.role == Role.SYSTEM_ADMIN

    @property
    def is_security_admin(self) -> bool:
        return self.role == Role.SECURITY_ADMIN

    @property
    def is_audit_admin(self) -> bool:
        return self.role == Role.AUDIT_ADMIN

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES

    @property
    def needs_two_factor(self) -> bool:
        """Return whether this account confirms sign-ins with a one-time code (officers, administrators)."""
        return self.is_superuser or self.role in TWO_FACTOR_ROLES

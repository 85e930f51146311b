from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "shegong.workforce"
    label = "workforce"
    verbose_name = _("Practitioners")

    def ready(self) -> None:
        from shegong.accounts.models import OFFICER_ROLES, Role
        from shegong.accounts.navigation import register_nav

        register_nav(
            _("Practitioners"),
            "workforce:practitioner-list",
            roles=set(OFFICER_ROLES) | {Role.SYSTEM_ADMIN, Role.ORG_ADMIN},
            description=_("Filing, certificates, employment and training hours of social workers."),
            order=30,
        )
        register_nav(
            _("Complaint queue"),
            "workforce:complaint-queue",
            roles=set(OFFICER_ROLES) | {Role.SYSTEM_ADMIN, Role.DISCIPLINE_COMMITTEE},
            description=_("Complaints about practitioners: handling steps, time limits, overdue ones first."),
            order=31,
        )
        register_nav(
            _("Salary guides"),
            "workforce:salary-guide-list",
            roles=set(OFFICER_ROLES) | {Role.SYSTEM_ADMIN, Role.ORG_ADMIN, Role.FINANCE_OFFICER},
            description=_("Monthly pay by rank and service domain, dated per city (SZ-06a)."),
            order=32,
        )
        register_nav(
            _("My practitioner file"),
            "workforce:my-file",
            roles={Role.SOCIAL_WORKER, Role.SUPERVISOR},
            description=_("Your own filing, certificates, training hours of the year and records."),
            order=33,
        )

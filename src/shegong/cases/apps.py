from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "shegong.cases"
    label = "cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        from shegong.accounts.models import OFFICER_ROLES, Role
        from shegong.accounts.navigation import register_nav

        register_nav(
            _("Household files"),
            "cases:household-list",
            roles=set(OFFICER_ROLES) | {Role.SOCIAL_WORKER},
            description=_("Files of vulnerable households: members, categories and needs, kept private."),
            order=50,
        )
        register_nav(
            _("My caseload"),
            "cases:caseload",
            roles={Role.SOCIAL_WORKER},
            description=_("Your households and cases, their steps and the visits that are due or overdue."),
            order=51,
        )
        register_nav(
            _("Referrals"),
            "cases:referral-list",
            roles=set(OFFICER_ROLES) | {Role.SOCIAL_WORKER},
            description=_("Clients referred to departments, organisations and volunteers, and the outcomes."),
            order=52,
        )
        register_nav(
            _("Service window log"),
            "cases:walk-in-list",
            roles=set(OFFICER_ROLES) | {Role.SOCIAL_WORKER},
            description=_(
                "Walk-in requests at the station windows: who received them, what is missing, the clock."
            ),
            order=53,
        )

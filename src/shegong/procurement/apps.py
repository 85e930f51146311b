from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "shegong.procurement"
    label = "procurement"
    verbose_name = _("Purchased projects")

    def ready(self):
        from shegong.accounts.models import OFFICER_ROLES, Role
        from shegong.accounts.navigation import register_nav

        register_nav(
            _("Projects"),
            "procurement:project-list",
            roles={
                *OFFICER_ROLES,
                Role.FINANCE_OFFICER,
                Role.REVIEW_COMMITTEE,
                Role.EVALUATOR,
                Role.ORG_ADMIN,
            },
            description=_(
                "Government-purchased projects, their budgets and contracts, checked against the policies."
            ),
            order=30,
        )

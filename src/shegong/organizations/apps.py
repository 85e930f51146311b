from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "shegong.organizations"
    label = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from shegong.accounts.models import DEPARTMENT_ROLES, OFFICER_ROLES, Role
        from shegong.accounts.navigation import register_nav

        # SZ-10: the departments reach the supervision records they keep.
        register_nav(
            _("Supervision records"),
            "organizations:supervision-list",
            roles={*OFFICER_ROLES, *DEPARTMENT_ROLES, Role.FINANCE_OFFICER, Role.DISCIPLINE_COMMITTEE},
            description=_(
                "Interviews, prior reports, exchange filings, bad conduct, penalties and discipline of "
                "organisations, recorded by the department in charge (SZ-15b, SZ-10)."
            ),
            order=22,
        )

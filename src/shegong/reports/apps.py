from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "shegong.reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from shegong.accounts.models import OFFICER_ROLES
        from shegong.accounts.navigation import register_nav

        register_nav(
            _("Dashboard"),
            "reports:dashboard",
            roles=set(OFFICER_ROLES),
            description=_("Policy targets against the data, findings by rule and station coverage."),
            order=85,
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "shegong.reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from shegong.accounts.models import OFFICER_ROLES, Role
        from shegong.accounts.navigation import register_nav

        register_nav(
            _("Dashboard"),
            "reports:dashboard",
            # Officers see their city, district or town; station staff their stations; an organisation's
            # administrator the organisation (reports.selectors.dashboard_level).
            roles={*OFFICER_ROLES, Role.ORG_ADMIN, Role.SOCIAL_WORKER, Role.SUPERVISOR},
            description=_("Policy targets against the data, findings by rule and station coverage."),
            order=85,
        )
        register_nav(
            _("Export centre"),
            "reports:export-center",
            roles={*OFFICER_ROLES, Role.ORG_ADMIN, Role.SYSTEM_ADMIN},
            description=_("Every list to Excel; large exports run in the background."),
            order=86,
        )
        register_nav(
            _("Background jobs"),
            "reports:job-list",
            roles={*OFFICER_ROLES, Role.ORG_ADMIN, Role.SYSTEM_ADMIN},
            description=_("Scans, exports and report packages running in the background, with their files."),
            order=87,
        )

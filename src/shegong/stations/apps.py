from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "shegong.stations"
    label = "stations"
    verbose_name = _("Station network")

    def ready(self) -> None:
        from shegong.accounts.models import OFFICER_ROLES, Role
        from shegong.accounts.navigation import register_nav

        register_nav(
            _("Stations"),
            "stations:station-list",
            roles=set(OFFICER_ROLES) | {Role.ORG_ADMIN},
            description=_(
                "Stations in every town, their service points and staff, and coverage of the division data."
            ),
            order=40,
        )
        register_nav(
            _("Deadlines"),
            "stations:deadline-calendar",
            roles=set(OFFICER_ROLES) | {Role.ORG_ADMIN},
            description=_("Plans and reports due in your jurisdiction, late and missing filings marked."),
            order=41,
        )
        register_nav(
            _("Supervision"),
            "stations:supervision",
            roles=set(OFFICER_ROLES) | {Role.SUPERVISOR},
            description=_("Supervisors, their stations and points, monthly visits and inspection samples."),
            order=42,
        )
        register_nav(
            _("Training bases and pilot sites"),
            "stations:designation-list",
            roles=set(OFFICER_ROLES),
            description=_("Social work training bases of each county and pilot sites of workforce building."),
            order=43,
        )

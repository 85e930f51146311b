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

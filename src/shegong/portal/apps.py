from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "shegong.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from shegong.accounts.models import OFFICER_ROLES
        from shegong.accounts.navigation import register_nav

        # The public side of the platform, for everyone including visitors without an account.
        register_nav(_("Public services"), "portal:home", public=True, order=5)
        register_nav(
            _("Complaints about organisations and stations"),
            "portal:complaint-queue",
            roles=set(OFFICER_ROLES),
            description=_(
                "Complaints from the public and by telephone or letter, with steps and time limits."
            ),
            order=85,
        )

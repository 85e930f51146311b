from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "shegong.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from shegong.accounts.navigation import register_nav

        # The public side of the platform, for everyone including visitors without an account.
        register_nav(_("Public services"), "portal:home", public=True, order=5)

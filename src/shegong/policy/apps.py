from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "shegong.policy"
    label = "policy"
    verbose_name = _("Policy and rules")

    def ready(self) -> None:
        from shegong.policy import checks  # noqa: F401  (registers the policy data check)

        # Each app's rules.py registers its rules with the engine (shegong.policy.engine).
        autodiscover_modules("rules")

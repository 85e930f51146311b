from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "shegong.policy"
    label = "policy"
    verbose_name = _("Policy and rules")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "shegong.recruitment"
    label = "recruitment"
    verbose_name = _("Recruitment and volunteers")

    def ready(self) -> None:
        from shegong.accounts.models import OFFICER_ROLES, Role
        from shegong.accounts.navigation import register_nav

        register_nav(
            _("Recruitment"),
            "recruitment:posting-list",
            roles={*OFFICER_ROLES, Role.ORG_ADMIN},
            description=_("Job postings, unified recruitment, the talent pool and volunteers."),
            order=75,
        )

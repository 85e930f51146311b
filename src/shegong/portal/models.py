"""Complaints sent through the public portal (公众投诉), each with a tracking number for the complainant.

A complaint about a practitioner is also taken into the practitioner's credit file
(``workforce.Complaint``, SZ-09b); ``complaint`` links the two.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope


class ComplaintSubject(models.TextChoices):
    PRACTITIONER = "practitioner", _("A social worker")
    ORGANIZATION = "organization", _("An organisation")
    STATION = "station", _("A station")


class IntakeChannel(models.TextChoices):
    PORTAL = "portal", _("Public portal")
    PHONE = "phone", _("Telephone")
    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit in person")


class ComplaintStatus(models.TextChoices):
    PENDING = "pending", _("Being handled")
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    DISMISSED = "dismissed", _("Dismissed")


class PortalComplaint(BaseModel):
    """A complaint from a member of the public (SZ-16b); no personal data of the complainant.

    Complaints about organisations and stations are handled here by the officers of ``division`` (the
    station's or the organisation's division): steps, a time limit and an outcome.
    """

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True, editable=False)
    subject = models.CharField(_("complaint about"), max_length=20, choices=ComplaintSubject.choices)
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    practitioner_name = models.CharField(_("social worker's name"), max_length=50, blank=True)
    summary = models.CharField(_("what happened"), max_length=2000)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(
        _("received through"), max_length=20, choices=IntakeChannel.choices, default=IntakeChannel.PORTAL
    )
    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("jurisdiction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The division of the station or organisation: its officers handle the complaint."),
    )
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (days)"), null=True, blank=True)
    time_limit_clause = models.CharField(_("time limit source"), max_length=100, blank=True)
    due_on = models.DateField(pgettext_lazy("complaint", "due on"), null=True, blank=True)
    status = models.CharField(
        _("outcome"), max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.PENDING
    )
    outcome_note = models.CharField(_("outcome note"), max_length=2000, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    complaint = models.OneToOneField(
        "workforce.Complaint",
        verbose_name=_("credit file complaint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("portal complaint")
        verbose_name_plural = _("portal complaints")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(subject="practitioner", station__isnull=False)
                    | models.Q(subject="station", station__isnull=False)
                    | models.Q(subject="organization", organization__isnull=False)
                ),
                name="portal_complaint_has_its_subject",
            )
        ]

    def __str__(self) -> str:
        return self.tracking_number


class PortalComplaintStep(models.Model):
    """One handling step of a complaint about an organisation or a station."""

    complaint = models.ForeignKey(
        PortalComplaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="steps"
    )
    taken_on = models.DateField(_("date"))
    description = models.CharField(_("step"), max_length=1000)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["complaint", "taken_on", "id"]
        verbose_name = _("handling step")
        verbose_name_plural = _("handling steps")

    def __str__(self) -> str:
        return f"{self.taken_on} {self.description[:30]}"

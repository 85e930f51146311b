"""Complaints sent through the public portal (公众投诉), each with a tracking number for the complainant.

A complaint about a practitioner is also taken into the practitioner's credit file
(``workforce.Complaint``, SZ-09b); ``complaint`` links the two.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.common.models import BaseModel


class ComplaintSubject(models.TextChoices):
    PRACTITIONER = "practitioner", _("A social worker")
    ORGANIZATION = "organization", _("An organisation")
    STATION = "station", _("A station")


class PortalComplaint(BaseModel):
    """A complaint from a member of the public; no login, no personal data of the complainant."""

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
    complaint = models.OneToOneField(
        "workforce.Complaint",
        verbose_name=_("credit file complaint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
